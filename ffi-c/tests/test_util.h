/*
 * Shared helpers of the C tests: a pass/fail counter and a tiny HTTP/1.1
 * client (plain POSIX sockets) for the sandbox's control endpoints.
 *
 * Every check prints "PASS <name>" or "FAIL <name>: <detail>"; run.sh counts
 * those lines. The sandbox is named by the environment variables
 * IK_SANDBOX_URL ("http://127.0.0.1:PORT"), IK_SANDBOX_KEY_ID and
 * IK_SANDBOX_SECRET, which run.sh sets.
 */
#ifndef IK_TEST_UTIL_H
#define IK_TEST_UTIL_H

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "integration_keys.h"

static int t_passed = 0;
static int t_failed = 0;

/* Records one check. */
static inline void t_check(int ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        t_passed++;
        printf("PASS %s\n", name);
    } else {
        va_list ap;
        t_failed++;
        printf("FAIL %s: ", name);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
    fflush(stdout);
}

#define CHECK(cond, name) t_check((cond) ? 1 : 0, (name), "%s", #cond)

/* Prints the totals and returns the process exit status. */
static inline int t_finish(void)
{
    printf("# %d checks passed, %d failed\n", t_passed, t_failed);
    return t_failed == 0 ? 0 : 1;
}

static inline const char *t_env(const char *name)
{
    const char *value = getenv(name);
    if (value == NULL || value[0] == '\0') {
        fprintf(stderr, "the environment variable %s is not set\n", name);
        exit(2);
    }
    return value;
}

static inline const char *sandbox_url(void) { return t_env("IK_SANDBOX_URL"); }
static inline const char *sandbox_key_id(void) { return t_env("IK_SANDBOX_KEY_ID"); }
static inline const char *sandbox_secret(void) { return t_env("IK_SANDBOX_SECRET"); }

static inline int sandbox_port(void)
{
    const char *url = sandbox_url();
    const char *colon = strrchr(url, ':');
    return colon == NULL ? 0 : atoi(colon + 1);
}

/*
 * Sends one request to the sandbox and returns the HTTP status (or -1).
 * The response body is returned in a malloc'ed string the caller frees
 * (when body_out is not NULL).
 */
static inline int sandbox_http(const char *method, const char *path, const char *body, char **body_out)
{
    struct sockaddr_in addr;
    char head[512];
    char *response = NULL;
    size_t len = 0;
    size_t cap = 0;
    int status = -1;
    int fd;
    size_t body_len = body == NULL ? 0 : strlen(body);

    if (body_out != NULL) {
        *body_out = NULL;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)sandbox_port());
    if (inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr) != 1) {
        return -1;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    snprintf(head, sizeof head,
             "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nContent-Length: %lu\r\n\r\n",
             method, path, (unsigned long)body_len);
    if (write(fd, head, strlen(head)) < 0 || (body_len > 0 && write(fd, body, body_len) < 0)) {
        close(fd);
        return -1;
    }
    for (;;) {
        ssize_t n;
        if (cap - len < 4096) {
            char *bigger;
            cap = cap * 2 + 8192;
            bigger = (char *)realloc(response, cap);
            if (bigger == NULL) {
                break;
            }
            response = bigger;
        }
        n = read(fd, response + len, cap - len - 1);
        if (n <= 0) {
            break;
        }
        len += (size_t)n;
    }
    close(fd);
    if (response == NULL) {
        return -1;
    }
    response[len] = '\0';
    if (sscanf(response, "HTTP/1.%*d %d", &status) != 1) {
        status = -1;
    }
    if (body_out != NULL) {
        char *start = strstr(response, "\r\n\r\n");
        *body_out = strdup(start == NULL ? "" : start + 4);
    }
    free(response);
    return status;
}

/* Queues a fault (a JSON object) for the next API request(s). */
static inline void sandbox_fault(const char *json)
{
    int status = sandbox_http("POST", "/__sandbox/faults", json, NULL);
    if (status != 200) {
        fprintf(stderr, "queuing the fault %s answered %d\n", json, status);
        exit(2);
    }
}

/* Forgets every key, fault and logged request. */
static inline void sandbox_reset(void)
{
    int status = sandbox_http("POST", "/__sandbox/reset", "{}", NULL);
    if (status != 200) {
        fprintf(stderr, "resetting the sandbox answered %d\n", status);
        exit(2);
    }
}

/* How many times needle occurs in haystack. */
static inline size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    const char *at = haystack;
    while ((at = strstr(at, needle)) != NULL) {
        n++;
        at += strlen(needle);
    }
    return n;
}

/*
 * A client for the sandbox with its credentials, or with the given secret
 * when secret is not NULL; max_retries < 0 keeps the default, timeout <= 0
 * too. Exits on failure.
 */
static inline ik_client *sandbox_client(const char *secret, int max_retries, double timeout)
{
    ik_client_options *options = NULL;
    ik_client *client = NULL;
    ik_error *error = NULL;
    int ok = ik_client_options_new(&options, NULL) == IK_OK
        && ik_client_options_set_base_url(options, sandbox_url(), NULL) == IK_OK
        && ik_client_options_set_key_id(options, sandbox_key_id(), NULL) == IK_OK
        && ik_client_options_set_secret(options, secret != NULL ? secret : sandbox_secret(), NULL) == IK_OK
        && (max_retries < 0 || ik_client_options_set_max_retries(options, (uint32_t)max_retries, NULL) == IK_OK)
        && (timeout <= 0 || ik_client_options_set_timeout(options, timeout, NULL) == IK_OK)
        && ik_client_new(options, &client, &error) == IK_OK;
    ik_client_options_free(options);
    if (!ok) {
        fprintf(stderr, "could not make a sandbox client: %s\n", ik_error_message(error));
        ik_error_free(error);
        exit(2);
    }
    return client;
}

#endif
