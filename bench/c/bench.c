/*
 * Times ik_get_integration_key through the C library (the release
 * libintegration_keys.so), one call at a time and with threads sharing one
 * client, against the sandbox that bench/run.sh started. The connection
 * settings come from the BENCH_* environment variables; the measurements
 * are asked for on standard input, one command a line, and each is
 * answered with one JSON line on standard output (the protocol of
 * bench/driver.py, described in bench/README.md).
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "integration_keys.h"

static const char *url, *key_id, *secret, *app_id, *integration_id, *target_key;
static ik_client *client;

static void die(const char *what) {
    fprintf(stderr, "bench.c: %s\n", what);
    exit(1);
}

static const char *env(const char *name) {
    const char *value = getenv(name);
    if (value == NULL || *value == '\0') {
        fprintf(stderr, "bench.c: %s is not set\n", name);
        exit(1);
    }
    return value;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One call, checked: the key that came back is the one asked for. */
static void get_one(void) {
    ik_key *key = NULL;
    ik_error *error = NULL;
    ik_result rc = ik_get_integration_key(client, app_id, integration_id, target_key, &key, &error);
    if (rc != IK_OK) {
        fprintf(stderr, "bench.c: call failed: %s: %s\n", ik_result_name(rc), ik_error_message(error));
        exit(1);
    }
    if (strcmp(ik_key_id(key), target_key) != 0) die("got another key than asked for");
    ik_key_free(key);
}

static atomic_long next_call;
static long total_calls;

static void *worker(void *unused) {
    (void)unused;
    while (atomic_fetch_add(&next_call, 1) < total_calls) get_one();
    return NULL;
}

/* Makes `total` calls with `in_flight` threads; returns the seconds taken. */
static double concurrent(long total, long in_flight) {
    pthread_t threads[256];
    if (in_flight < 1 || in_flight > 256) die("BENCH_IN_FLIGHT must be 1 to 256");
    atomic_store(&next_call, 0);
    total_calls = total;
    double started = now();
    for (long i = 0; i < in_flight; i++)
        if (pthread_create(&threads[i], NULL, worker, NULL) != 0) die("pthread_create failed");
    for (long i = 0; i < in_flight; i++) pthread_join(threads[i], NULL);
    return now() - started;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A field of /proc/self/status, such as "VmRSS:", in MB. */
static double status_mb(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double mb = -1;
    if (f == NULL) return mb;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, strlen(field)) == 0) mb = atof(line + strlen(field)) / 1024.0;
    fclose(f);
    return mb;
}

/* CPU seconds (user + system) and context switches of this process so far. */
static void usage(double *cpu, double *switches) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
    *switches = (double)(ru.ru_nvcsw + ru.ru_nivcsw);
}

/* One call after the other: the seconds taken, median and 99th percentile. */
static void sequential(long total, double *seconds, double *p50, double *p99) {
    double *latencies = malloc(sizeof(double) * (size_t)(total > 0 ? total : 1));
    if (latencies == NULL) die("out of memory");
    double started = now();
    for (long i = 0; i < total; i++) {
        double call = now();
        get_one();
        latencies[i] = (now() - call) * 1e6;
    }
    *seconds = now() - started;
    qsort(latencies, (size_t)total, sizeof(double), by_value);
    long p99_index = (long)((double)total * 0.99);
    *p50 = total > 0 ? latencies[total / 2] : 0;
    *p99 = total > 0 ? latencies[p99_index < total ? p99_index : total - 1] : 0;
    free(latencies);
}

int main(void) {
    url = env("BENCH_URL");
    key_id = env("BENCH_KEY_ID");
    secret = env("BENCH_SECRET");
    app_id = env("BENCH_APP_ID");
    integration_id = env("BENCH_INTEGRATION_ID");
    target_key = env("BENCH_TARGET_KEY");

    ik_client_options *options = NULL;
    if (ik_client_options_new(&options, NULL) != IK_OK || ik_client_options_set_base_url(options, url, NULL) != IK_OK ||
        ik_client_options_set_key_id(options, key_id, NULL) != IK_OK ||
        ik_client_options_set_secret(options, secret, NULL) != IK_OK || ik_client_new(options, &client, NULL) != IK_OK)
        die("could not make the client");
    ik_client_options_free(options);

    char line[256], command[32];
    while (fgets(line, sizeof line, stdin) != NULL) {
        long a = 0, b = 0;
        if (sscanf(line, "%31s %ld %ld", command, &a, &b) < 1) die("empty command");
        if (strcmp(command, "info") == 0) {
            printf("{\"front_end\":\"C\",\"client\":\"libintegration_keys.so\",\"version\":\"%s\"}\n",
                   ik_version());
        } else if (strcmp(command, "warmup") == 0) {
            double seconds, p50, p99;
            sequential(a, &seconds, &p50, &p99);
            concurrent(a > b ? a : b, b);
            printf("{}\n");
        } else if (strcmp(command, "seq") == 0) {
            double seconds, p50, p99;
            sequential(a, &seconds, &p50, &p99);
            printf("{\"seconds\":%.6f,\"p50_us\":%.2f,\"p99_us\":%.2f}\n", seconds, p50, p99);
        } else if (strcmp(command, "conc") == 0) {
            double cpu0, cpu1, switches0, switches1;
            usage(&cpu0, &switches0);
            double seconds = concurrent(a, b);
            usage(&cpu1, &switches1);
            printf("{\"seconds\":%.6f,\"cpu_seconds\":%.6f,\"context_switches\":%.0f}\n", seconds, cpu1 - cpu0,
                   switches1 - switches0);
        } else if (strcmp(command, "mem") == 0) {
            concurrent(a, b);
            printf("{\"rss_mb\":%.1f,\"peak_rss_mb\":%.1f}\n", status_mb("VmRSS:"), status_mb("VmHWM:"));
        } else {
            die("unknown command");
        }
        fflush(stdout);
    }
    ik_client_free(client);
    return 0;
}
