/*
 * Soak: 100,000 calls (argv[1] changes it: a multiple of 10,000, at least
 * 30,000) through one ik_client shared by four threads, against the
 * sandbox; memory must stay flat. Most calls get or list four keys that
 * stay in place; every twentieth call starts a create + delete pair in the
 * thread's own integration, which so never holds more than one key (the
 * sandbox allows ten).
 *
 * The process's resident set size (from /proc/self/statm) is sampled every
 * 10,000 calls and printed with the time taken. The check is on RSS growth
 * from the 20,000-call sample (after warm-up) to the last one, which must
 * stay under MAX_GROWTH_MB; time is printed, not checked. Runs natively:
 * under valgrind the numbers would mean nothing.
 */
#include "test_util.h"

#include <pthread.h>
#include <time.h>

#define THREADS 4
#define EVERY 10000
#define BASELINE 20000
#define MAX_SAMPLES 1000
#define MAX_GROWTH_MB 20.0
#define STABLE_KEYS 4
#define APP "app_soak"
#define STABLE "int_soak"

struct sample {
    long calls;
    double seconds;
    double rss_mb;
};

/* Shared between the threads, under lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static long issued;
static long done;
static long counts[4]; /* get, list, create, delete */
static struct sample samples[MAX_SAMPLES];
static int nsamples;
static struct timespec started;

static const ik_client *client;
static char *stable_ids[STABLE_KEYS];

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The resident set size in MiB, or -1. */
static double rss_mb(void)
{
    long pages_total = 0;
    long pages_resident = -1;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL) {
        return -1;
    }
    if (fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) {
        pages_resident = -1;
    }
    fclose(f);
    return pages_resident < 0 ? -1 : (double)pages_resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Counts one finished call of the given kind; samples every EVERY calls. */
static void finished(int kind)
{
    pthread_mutex_lock(&lock);
    done++;
    counts[kind]++;
    if (done % EVERY == 0 && nsamples < MAX_SAMPLES) {
        samples[nsamples].calls = done;
        samples[nsamples].seconds = seconds_since(&started);
        samples[nsamples].rss_mb = rss_mb();
        nsamples++;
    }
    pthread_mutex_unlock(&lock);
}

struct job {
    int slot;
    int failures;
    char first_error[256];
};

static void failure(struct job *job, const char *what, ik_error *error)
{
    if (job->failures++ == 0) {
        snprintf(job->first_error, sizeof job->first_error, "%s: %s", what,
                 error != NULL ? ik_error_message(error) : "wrong answer");
    }
}

static void *work(void *arg)
{
    struct job *job = (struct job *)arg;
    char own[32];
    snprintf(own, sizeof own, "int_soak_%d", job->slot);
    for (;;) {
        long n;
        int pair;
        ik_error *error = NULL;
        pthread_mutex_lock(&lock);
        n = issued;
        pair = n % 20 == 0 && total - n >= 2;
        if (n < total) {
            issued += pair ? 2 : 1;
        }
        pthread_mutex_unlock(&lock);
        if (n >= total) {
            break;
        }
        if (pair) {
            ik_key *key = NULL;
            char name[32];
            snprintf(name, sizeof name, "soak %ld", n);
            if (ik_create_integration_key(client, APP, own, name, &key, &error) != IK_OK
                || ik_key_secret(key) == NULL) {
                failure(job, "create", error);
            }
            finished(2);
            ik_error_free(error);
            error = NULL;
            if (key != NULL
                && ik_delete_integration_key(client, APP, own, ik_key_id(key), &error) != IK_OK) {
                failure(job, "delete", error);
            }
            finished(3);
            ik_key_free(key);
        } else if (n % 2 == 0) {
            ik_key *key = NULL;
            const char *want = stable_ids[(n / 2) % STABLE_KEYS];
            if (ik_get_integration_key(client, APP, STABLE, want, &key, &error) != IK_OK
                || strcmp(ik_key_id(key), want) != 0) {
                failure(job, "get", error);
            }
            finished(0);
            ik_key_free(key);
        } else {
            ik_key_list *list = NULL;
            if (ik_list_integration_keys(client, APP, STABLE, &list, &error) != IK_OK
                || ik_key_list_count(list) != STABLE_KEYS) {
                failure(job, "list", error);
            }
            finished(1);
            ik_key_list_free(list);
        }
        ik_error_free(error);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    ik_client *shared;
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    int started_threads = 0;
    int failures = 0;
    int leftovers = 0;
    double seconds;
    double growth = 0;
    const struct sample *base = NULL;
    const struct sample *last = NULL;
    int i;

    total = argc > 1 ? atol(argv[1]) : 100000;
    if (total < BASELINE + EVERY || total % EVERY != 0 || total / EVERY > MAX_SAMPLES) {
        fprintf(stderr, "the number of calls must be a multiple of %d, at least %d\n", EVERY, BASELINE + EVERY);
        return 2;
    }
    shared = sandbox_client(NULL, 0, 0);
    client = shared;
    sandbox_reset();
    for (i = 0; i < STABLE_KEYS; i++) {
        ik_key *key = NULL;
        char name[32];
        snprintf(name, sizeof name, "stable %d", i);
        if (ik_create_integration_key(client, APP, STABLE, name, &key, NULL) != IK_OK) {
            fprintf(stderr, "could not create the stable keys\n");
            return 2;
        }
        stable_ids[i] = strdup(ik_key_id(key));
        ik_key_free(key);
    }

    clock_gettime(CLOCK_MONOTONIC, &started);
    for (i = 0; i < THREADS; i++) {
        jobs[i].slot = i;
        jobs[i].failures = 0;
        jobs[i].first_error[0] = '\0';
        if (pthread_create(&threads[i], NULL, work, &jobs[i]) == 0) {
            started_threads++;
        }
    }
    for (i = 0; i < started_threads; i++) {
        pthread_join(threads[i], NULL);
        failures += jobs[i].failures;
        if (jobs[i].failures > 0) {
            printf("# thread %d: %d failures, the first: %s\n", i, jobs[i].failures, jobs[i].first_error);
        }
    }
    seconds = seconds_since(&started);

    printf("# soak: %ld calls (%ld get, %ld list, %ld create, %ld delete), %d threads, one client, "
           "in %.1f s (%.0f calls/s)\n",
           done, counts[0], counts[1], counts[2], counts[3], THREADS, seconds, (double)done / seconds);
    printf("# soak:    calls   seconds   RSS MiB\n");
    for (i = 0; i < nsamples; i++) {
        printf("# soak: %8ld %9.1f %9.1f\n", samples[i].calls, samples[i].seconds, samples[i].rss_mb);
        if (samples[i].calls == BASELINE) {
            base = &samples[i];
        }
    }
    if (nsamples > 0) {
        last = &samples[nsamples - 1];
    }
    if (base != NULL && last != NULL) {
        growth = last->rss_mb - base->rss_mb;
        printf("# soak: RSS growth from %d to %ld calls: %.2f MiB (limit %.0f MiB)\n", BASELINE, last->calls,
               growth, MAX_GROWTH_MB);
    }

    CHECK(started_threads == THREADS, "four threads started");
    t_check(failures == 0, "every call of the soak succeeded", "%d calls failed", failures);
    t_check(done == total && nsamples == (int)(total / EVERY), "every call was counted and sampled",
            "%ld calls done, %d samples", done, nsamples);
    CHECK(counts[2] == counts[3] && counts[2] > 0 && counts[0] > 0 && counts[1] > 0,
          "the soak made gets, lists and create + delete pairs");
    for (i = 0; i < THREADS; i++) {
        ik_key_list *list = NULL;
        char own[32];
        snprintf(own, sizeof own, "int_soak_%d", i);
        if (ik_list_integration_keys(client, APP, own, &list, NULL) != IK_OK || ik_key_list_count(list) != 0) {
            leftovers++;
        }
        ik_key_list_free(list);
    }
    CHECK(leftovers == 0, "every key the soak created was deleted");
    t_check(base != NULL && last != NULL && base->rss_mb > 0 && growth < MAX_GROWTH_MB,
            "RSS stays flat from 20,000 calls to the end", "grew by %.1f MiB", growth);

    for (i = 0; i < STABLE_KEYS; i++) {
        free(stable_ids[i]);
    }
    ik_client_free(shared);
    return t_finish();
}
