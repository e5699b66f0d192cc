/*
 * A client made before fork() works in the child and still works in the
 * parent. Run natively, not under valgrind: the child deliberately never
 * frees the parent's connection pool (its background thread does not exist
 * in the child, so freeing it would hang), which valgrind would report as
 * lost memory in the child.
 */
#include "test_util.h"

#include <sys/wait.h>

#define APP "app_fork"
#define INTEGRATION "int_fork"

/* A client made before fork() works in the child (the core gives the child
   its own connection pool) and still works in the parent afterwards. */
static void test_fork(void)
{
    ik_client *client = sandbox_client(NULL, 0, 0);
    ik_key_list *list = NULL;
    int status = -1;
    pid_t pid;

    CHECK(ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL) == IK_OK, "list before fork");
    ik_key_list_free(list);
    list = NULL;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        ik_result r = ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL);
        _exit(r == IK_OK ? 0 : 10 + (int)r);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork and wait");
    t_check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a client made before fork() works in the child",
            "child status %d", status);
    CHECK(ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL) == IK_OK, "list in the parent after fork");
    ik_key_list_free(list);
    ik_client_free(client);
}

int main(void)
{
    test_fork();
    return t_finish();
}
