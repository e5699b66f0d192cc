/*
 * Eight threads share one ik_client and make the given number of calls in
 * total (1000 by default; argv[1] changes it): lists and gets, each thread
 * checking every answer. Afterwards the sandbox's request log must hold
 * exactly one request per call.
 */
#include "test_util.h"

#include <pthread.h>

#define THREADS 8

struct job {
    const ik_client *client;
    const char *key_id;
    int calls;
    int failures;
};

static void *work(void *arg)
{
    struct job *job = (struct job *)arg;
    int i;
    for (i = 0; i < job->calls; i++) {
        ik_error *error = NULL;
        ik_result r;
        if (i % 2 == 0) {
            ik_key_list *list = NULL;
            r = ik_list_integration_keys(job->client, "app_threads", "int_threads", &list, &error);
            if (r != IK_OK || ik_key_list_count(list) != 1
                || strcmp(ik_key_id(ik_key_list_get(list, 0)), job->key_id) != 0) {
                job->failures++;
            }
            ik_key_list_free(list);
        } else {
            ik_key *key = NULL;
            r = ik_get_integration_key(job->client, "app_threads", "int_threads", job->key_id, &key, &error);
            if (r != IK_OK || strcmp(ik_key_id(key), job->key_id) != 0) {
                job->failures++;
            }
            ik_key_free(key);
        }
        if (error != NULL) {
            fprintf(stderr, "call %d failed: %s\n", i, ik_error_message(error));
            ik_error_free(error);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int total = argc > 1 ? atoi(argv[1]) : 1000;
    ik_client *client = sandbox_client(NULL, 0, 0);
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    ik_key *key = NULL;
    char *log = NULL;
    char expected[32];
    int failures = 0;
    int started = 0;
    int done = 0;
    int i;

    sandbox_reset();
    CHECK(ik_create_integration_key(client, "app_threads", "int_threads", "shared", &key, NULL) == IK_OK,
          "create the key the threads read");
    for (i = 0; i < THREADS; i++) {
        jobs[i].client = client;
        jobs[i].key_id = ik_key_id(key);
        jobs[i].calls = total / THREADS + (i < total % THREADS ? 1 : 0);
        jobs[i].failures = 0;
        if (pthread_create(&threads[i], NULL, work, &jobs[i]) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
        failures += jobs[i].failures;
        done += jobs[i].calls;
    }
    CHECK(started == THREADS, "eight threads started");
    t_check(failures == 0 && done == total, "every call of every thread succeeded",
            "%d of %d calls failed", failures, done);
    CHECK(sandbox_http("GET", "/__sandbox/requests", NULL, &log) == 200, "read the request log");
    snprintf(expected, sizeof expected, "%d", total + 1);
    t_check(log != NULL && count_of(log, "\"method\"") == (size_t)total + 1,
            "the sandbox received one request per call", "expected %s requests, got %lu", expected,
            (unsigned long)(log == NULL ? 0 : count_of(log, "\"method\"")));
    free(log);
    ik_key_free(key);
    ik_client_free(client);
    return t_finish();
}
