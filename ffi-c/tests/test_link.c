/*
 * The smallest real program, built by run.sh with nothing but
 * `pkg-config --cflags --libs integration_keys` (shared) or
 * `pkg-config --static --cflags --libs integration_keys` (static) against
 * an installed copy. It signs a token and lists keys through a client made
 * from the INTEGRATION_KEYS_* environment variables.
 */
#include <stdio.h>
#include <string.h>

#include <integration_keys.h>

int main(void)
{
    char *token = NULL;
    ik_client *client = NULL;
    ik_key_list *list = NULL;
    ik_error *error = NULL;
    ik_result r;

    if (strcmp(ik_version(), IK_VERSION) != 0) {
        fprintf(stderr, "header %s, library %s\n", IK_VERSION, ik_version());
        return 1;
    }
    r = ik_sign_jwt("app_1", "secret", "app", 60, &token, NULL);
    if (r != IK_OK) {
        fprintf(stderr, "ik_sign_jwt: %s\n", ik_result_name((int)r));
        return 1;
    }
    ik_string_free(token);
    r = ik_client_new_from_env(&client, &error);
    if (r == IK_OK) {
        r = ik_list_integration_keys(client, "app_link", "int_link", &list, &error);
    }
    if (r != IK_OK) {
        fprintf(stderr, "%s: %s\n", ik_result_name((int)r), ik_error_message(error));
        ik_error_free(error);
        ik_client_free(client);
        return 1;
    }
    printf("linked integration_keys %s; %lu keys\n", ik_version(), (unsigned long)ik_key_list_count(list));
    ik_key_list_free(list);
    ik_client_free(client);
    return 0;
}
