/*
 * The shared cases of tests/cases/ (see its README.md) through the C
 * library: the same cases, with the same checks, as every other front end.
 * C is the front end named "c", the only one whose runner also runs the
 * cases marked "only": ["c"] (NULL pointers, bytes that are not UTF-8).
 *
 * Usage: test_cases CASES_DIR, with the sandbox named by IK_SANDBOX_URL,
 * IK_SANDBOX_KEY_ID and IK_SANDBOX_SECRET (run.sh sets them).
 *
 * For each case: the sandbox is reset; the setup calls are made with the
 * sandbox's credentials; the faults are queued in order; the call is made
 * with a client of the sandbox's settings changed by the case's "client";
 * its outcome, in the shared shape, must match "expect" (every member named
 * must be there with the same value); the API requests the call made (the
 * growth of the sandbox's request log) must match "requests" (exact counts
 * by method, a method not named must not appear) and "paths" (in order).
 *
 * Prints "ok NAME" or "FAIL NAME: ..." per case, "skip NAME" for a case
 * meant for other front ends, then "N passed, M failed"; exits non-zero on
 * any failure or when fewer than MIN_CASES cases ran.
 */
#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>

#include "test_json.h"

#define FRONT_END "c"
#define MIN_CASES 30
#define CLOSED_URL "http://127.0.0.1:1"
#define MAX_ARGS 8

/* One argument of a call: a malloc'ed NUL-terminated string, or NULL. */
typedef struct {
    char *text;
} arg;

/* --- Outcomes in the shared shape ----------------------------------------- */

static j_value *key_outcome(const ik_key *key)
{
    j_value *v = j_object();
    j_set(v, "id", j_string(ik_key_id(key)));
    j_set(v, "display_name", j_string(ik_key_display_name(key)));
    j_set(v, "has_secret", j_bool(ik_key_secret(key) != NULL));
    return v;
}

static j_value *list_outcome(const ik_key_list *list)
{
    j_value *v = j_object();
    j_value *names = j_array();
    size_t i;
    size_t n = ik_key_list_count(list);
    for (i = 0; i < n; i++) {
        j_push(names, j_string(ik_key_display_name(ik_key_list_get(list, i))));
    }
    j_set(v, "count", j_number((double)n));
    j_set(v, "display_names", names);
    return v;
}

static j_value *ok_outcome(j_value *value)
{
    j_value *v = j_object();
    j_set(v, "ok", value);
    return v;
}

/* {"error": {kind, status, code, retry_after}}: status and code only when
   the server answered, retry_after in whole seconds when there is one.
   Frees error. */
static j_value *error_outcome(ik_result result, ik_error *error)
{
    j_value *e = j_object();
    j_value *v = j_object();
    j_set(e, "kind", j_string(ik_result_name((int)result)));
    if (error == NULL || ik_error_kind(error) != result) {
        /* Never expected: shows up as a mismatch in the outcome. */
        j_set(e, "error_kind_disagrees", j_bool(1));
    }
    if (ik_error_status(error) != 0) {
        j_set(e, "status", j_number(ik_error_status(error)));
    }
    if (ik_error_code(error) != NULL) {
        j_set(e, "code", j_string(ik_error_code(error)));
    }
    if (ik_error_retry_after(error) >= 0) {
        j_set(e, "retry_after", j_number(floor(ik_error_retry_after(error))));
    }
    ik_error_free(error);
    j_set(v, "error", e);
    return v;
}

/* --- Sandbox control ------------------------------------------------------ */

/* GET /__sandbox/requests as a tree (the "requests" array), or NULL. */
static j_value *request_log(j_buf *why)
{
    char *body = NULL;
    char error[160];
    j_value *tree;
    const j_value *requests;
    j_value *copy;
    int status = sandbox_http("GET", "/__sandbox/requests", NULL, &body);
    if (status != 200 || body == NULL) {
        j_printf(why, "reading the request log answered %d", status);
        free(body);
        return NULL;
    }
    tree = j_parse(body, strlen(body), error, sizeof error);
    free(body);
    requests = j_get(tree, "requests");
    if (requests == NULL || requests->type != J_ARRAY) {
        j_printf(why, "the request log is not {\"requests\": [...]} (%s)", tree == NULL ? error : "no array");
        j_free(tree);
        return NULL;
    }
    copy = j_copy(requests);
    j_free(tree);
    return copy;
}

/* --- Arguments ------------------------------------------------------------ */

/* Replaces {"ref": "setup.N.field"} with a copy of what it names, in a copy
   of value. Returns NULL (with a reason in why) for a bad reference. */
static j_value *resolve(const j_value *value, const j_value *setup, j_buf *why)
{
    size_t i;
    j_value *copy;
    if (value->type == J_OBJECT && value->count == 1 && strcmp(value->keys[0], "ref") == 0) {
        const char *ref = j_str(value->items[0]);
        char *end = NULL;
        unsigned long n;
        const j_value *field;
        if (ref == NULL || strncmp(ref, "setup.", 6) != 0) {
            j_puts(why, "a ref must be \"setup.N.field\"");
            return NULL;
        }
        n = strtoul(ref + 6, &end, 10);
        if (end == ref + 6 || *end != '.' || n >= setup->count) {
            j_printf(why, "the ref %s names no setup step", ref);
            return NULL;
        }
        field = j_get(setup->items[n], end + 1);
        if (field == NULL) {
            j_printf(why, "the ref %s names no field of the setup step", ref);
            return NULL;
        }
        return j_copy(field);
    }
    if (value->type == J_OBJECT || value->type == J_ARRAY) {
        copy = value->type == J_OBJECT ? j_object() : j_array();
        for (i = 0; i < value->count; i++) {
            j_value *item = resolve(value->items[i], setup, why);
            if (item == NULL) {
                j_free(copy);
                return NULL;
            }
            if (value->type == J_OBJECT) {
                j_set(copy, value->keys[i], item);
            } else {
                j_push(copy, item);
            }
        }
        return copy;
    }
    return j_copy(value);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Turns one argument of a case into C: a string, null (NULL),
   {"repeat": s, "times": n}, {"bytes": "hex"} or a ref to a string.
   Returns 0 (with a reason in why) when the value cannot be an argument. */
static int make_arg(const j_value *value, const j_value *setup, arg *out, j_buf *why)
{
    const j_value *repeat = j_get(value, "repeat");
    const j_value *bytes = j_get(value, "bytes");
    out->text = NULL;
    if (value->type == J_NULL) {
        return 1;
    }
    if (value->type == J_STRING) {
        out->text = j_strndup(value->string, value->length);
        return 1;
    }
    if (repeat != NULL) {
        const j_value *times = j_get(value, "times");
        size_t n;
        size_t i;
        if (repeat->type != J_STRING || times == NULL || times->type != J_NUMBER || times->number < 0
            || times->number > 1e6 || times->number != floor(times->number)) {
            j_puts(why, "repeat needs a string and a whole number of times");
            return 0;
        }
        n = (size_t)times->number;
        out->text = (char *)j_alloc(repeat->length * n + 1);
        for (i = 0; i < n; i++) {
            memcpy(out->text + i * repeat->length, repeat->string, repeat->length);
        }
        out->text[repeat->length * n] = '\0';
        return 1;
    }
    if (bytes != NULL) {
        size_t i;
        if (bytes->type != J_STRING || bytes->length % 2 != 0) {
            j_puts(why, "bytes needs an even number of hex digits");
            return 0;
        }
        out->text = (char *)j_alloc(bytes->length / 2 + 1);
        for (i = 0; i < bytes->length / 2; i++) {
            int high = hex_digit(bytes->string[2 * i]);
            int low = hex_digit(bytes->string[2 * i + 1]);
            if (high < 0 || low < 0 || (high == 0 && low == 0)) {
                j_puts(why, "bytes needs hex digits and no NUL byte");
                free(out->text);
                out->text = NULL;
                return 0;
            }
            out->text[i] = (char)(high * 16 + low);
        }
        out->text[bytes->length / 2] = '\0';
        return 1;
    }
    {
        j_value *resolved = resolve(value, setup, why);
        int ok = resolved != NULL && resolved->type == J_STRING;
        if (ok) {
            out->text = j_strndup(resolved->string, resolved->length);
        } else if (resolved != NULL) {
            char *text = j_to_string(value);
            j_printf(why, "cannot use %s as an argument", text);
            free(text);
        }
        j_free(resolved);
        return ok;
    }
}

/* --- Calls ---------------------------------------------------------------- */

/* The client settings of a case, over the sandbox's. */
typedef struct {
    const char *base_url;
    const char *secret;
    const char *auth;
    double timeout;      /* <= 0: not set */
    long max_retries;    /* < 0: not set */
} settings;

/* Reads a case's "client"; 0 (with a reason in why) for an unknown or
   malformed setting. */
static int read_settings(const j_value *client, settings *s, j_buf *why)
{
    size_t i;
    s->base_url = sandbox_url();
    s->secret = sandbox_secret();
    s->auth = NULL;
    s->timeout = 0;
    s->max_retries = -1;
    if (client == NULL) {
        return 1;
    }
    if (client->type != J_OBJECT) {
        j_puts(why, "client must be an object");
        return 0;
    }
    for (i = 0; i < client->count; i++) {
        const char *name = client->keys[i];
        const j_value *v = client->items[i];
        if (strcmp(name, "base_url") == 0 && j_str(v) != NULL && strcmp(j_str(v), "closed") == 0) {
            s->base_url = CLOSED_URL;
        } else if (strcmp(name, "secret") == 0 && j_str(v) != NULL) {
            s->secret = j_str(v);
        } else if (strcmp(name, "auth") == 0 && j_str(v) != NULL) {
            s->auth = j_str(v);
        } else if (strcmp(name, "timeout") == 0 && v->type == J_NUMBER && v->number > 0) {
            s->timeout = v->number;
        } else if (strcmp(name, "max_retries") == 0 && v->type == J_NUMBER && v->number >= 0
                   && v->number <= 1000 && v->number == floor(v->number)) {
            s->max_retries = (long)v->number;
        } else {
            char *text = j_to_string(v);
            j_printf(why, "unknown or malformed client setting %s: %s", name, text);
            free(text);
            return 0;
        }
    }
    return 1;
}

/* Makes a client from s; on failure returns the error outcome in *outcome. */
static ik_client *make_client(const settings *s, j_value **outcome)
{
    ik_client_options *options = NULL;
    ik_client *client = NULL;
    ik_error *error = NULL;
    ik_result r = ik_client_options_new(&options, &error);
    if (r == IK_OK) {
        r = ik_client_options_set_base_url(options, s->base_url, &error);
    }
    if (r == IK_OK) {
        r = ik_client_options_set_key_id(options, sandbox_key_id(), &error);
    }
    if (r == IK_OK) {
        r = ik_client_options_set_secret(options, s->secret, &error);
    }
    if (r == IK_OK && s->auth != NULL) {
        r = ik_client_options_set_auth(options, s->auth, &error);
    }
    if (r == IK_OK && s->timeout > 0) {
        r = ik_client_options_set_timeout(options, s->timeout, &error);
    }
    if (r == IK_OK && s->max_retries >= 0) {
        r = ik_client_options_set_max_retries(options, (uint32_t)s->max_retries, &error);
    }
    if (r == IK_OK) {
        r = ik_client_new(options, &client, &error);
    }
    ik_client_options_free(options);
    if (r != IK_OK) {
        *outcome = error_outcome(r, error);
        return NULL;
    }
    return client;
}

/* Makes op with args through client (or without one, for sign_jwt); returns
   the outcome in the shared shape, or NULL (with a reason in why) for a
   case the runner cannot express. */
static j_value *call(const ik_client *client, const char *op, const arg *args, size_t nargs,
                     const j_value *expires_in, j_buf *why)
{
    ik_error *error = NULL;
    ik_result r;
    size_t want = strcmp(op, "list_integration_keys") == 0 ? 2 : strcmp(op, "sign_jwt") == 0 ? 4 : 3;
    if (nargs != want) {
        j_printf(why, "%s takes %lu arguments, not %lu", op, (unsigned long)want, (unsigned long)nargs);
        return NULL;
    }
    if (strcmp(op, "sign_jwt") == 0) {
        char *token = NULL;
        uint64_t seconds = 0;
        if (expires_in->type == J_NUMBER && expires_in->number >= 1 && expires_in->number <= 1e12
            && expires_in->number == floor(expires_in->number)) {
            seconds = (uint64_t)expires_in->number;
        } else if (expires_in->type != J_NULL) {
            j_puts(why, "expires_in must be null or a positive whole number");
            return NULL;
        }
        r = ik_sign_jwt(args[0].text, args[1].text, args[2].text, seconds, &token, &error);
        if (r != IK_OK) {
            return error_outcome(r, error);
        }
        {
            j_value *v = j_object();
            j_set(v, "token", j_string(token));
            ik_string_free(token);
            return ok_outcome(v);
        }
    }
    if (client == NULL) {
        j_puts(why, "no client");
        return NULL;
    }
    if (strcmp(op, "create_integration_key") == 0 || strcmp(op, "get_integration_key") == 0) {
        ik_key *key = NULL;
        j_value *v;
        r = op[0] == 'c'
            ? ik_create_integration_key(client, args[0].text, args[1].text, args[2].text, &key, &error)
            : ik_get_integration_key(client, args[0].text, args[1].text, args[2].text, &key, &error);
        if (r != IK_OK) {
            return error_outcome(r, error);
        }
        v = key_outcome(key);
        ik_key_free(key);
        return ok_outcome(v);
    }
    if (strcmp(op, "list_integration_keys") == 0) {
        ik_key_list *list = NULL;
        j_value *v;
        r = ik_list_integration_keys(client, args[0].text, args[1].text, &list, &error);
        if (r != IK_OK) {
            return error_outcome(r, error);
        }
        v = list_outcome(list);
        ik_key_list_free(list);
        return ok_outcome(v);
    }
    if (strcmp(op, "delete_integration_key") == 0) {
        r = ik_delete_integration_key(client, args[0].text, args[1].text, args[2].text, &error);
        if (r != IK_OK) {
            return error_outcome(r, error);
        }
        return ok_outcome(j_object());
    }
    j_printf(why, "unknown op %s", op);
    return NULL;
}

/* --- Comparing requests --------------------------------------------------- */

/* The requests made since index `from` of the log, counted by method. */
static j_value *count_methods(const j_value *log, size_t from)
{
    j_value *seen = j_object();
    size_t i;
    for (i = from; i < log->count; i++) {
        const char *method = j_str(j_get(log->items[i], "method"));
        size_t k;
        int found = 0;
        if (method == NULL) {
            method = "(none)";
        }
        for (k = 0; k < seen->count; k++) {
            if (strcmp(seen->keys[k], method) == 0) {
                seen->items[k]->number += 1;
                found = 1;
                break;
            }
        }
        if (!found) {
            j_set(seen, method, j_number(1));
        }
    }
    return seen;
}

/* Whether the counts seen are the counts expected: equal for every method
   expected, and no method seen that is not expected (a count of 0 expected
   is the same as not naming the method). */
static int counts_agree(const j_value *expected, const j_value *seen)
{
    size_t i;
    for (i = 0; i < expected->count; i++) {
        const j_value *want = expected->items[i];
        const j_value *got = j_get(seen, expected->keys[i]);
        double n = got == NULL ? 0 : got->number;
        if (want->type != J_NUMBER || want->number != n) {
            return 0;
        }
    }
    for (i = 0; i < seen->count; i++) {
        if (j_get(expected, seen->keys[i]) == NULL) {
            return 0;
        }
    }
    return 1;
}

/* --- One case ------------------------------------------------------------- */

static void free_args(arg *args, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(args[i].text);
        args[i].text = NULL;
    }
}

/* Reads a call's "args" into args; 0 (with a reason in why) on failure. */
static int make_args(const j_value *call_spec, const j_value *setup, arg *args, size_t *nargs, j_buf *why)
{
    const j_value *list = j_get(call_spec, "args");
    const char *op = j_str(j_get(call_spec, "op"));
    size_t i;
    *nargs = 0;
    if (op == NULL || list == NULL || list->type != J_ARRAY || list->count > MAX_ARGS) {
        j_puts(why, "a call needs \"op\" and \"args\"");
        return 0;
    }
    for (i = 0; i < list->count; i++) {
        /* sign_jwt's fourth argument is a number (or null), read by call(). */
        if (strcmp(op, "sign_jwt") == 0 && i == 3) {
            args[i].text = NULL;
        } else if (!make_arg(list->items[i], setup, &args[i], why)) {
            free_args(args, i);
            return 0;
        }
        *nargs = i + 1;
    }
    return 1;
}

/* Runs one case; returns 1 when it passed, 0 with a reason in why. */
static int run_case(const j_value *c, const ik_client *setup_client, j_buf *why)
{
    const j_value *steps = j_get(c, "setup");
    const j_value *faults = j_get(c, "faults");
    const j_value *call_spec = j_get(c, "call");
    const j_value *expect_raw = j_get(c, "expect");
    const j_value *requests = j_get(c, "requests");
    const j_value *paths = j_get(c, "paths");
    j_value *setup = j_array();
    j_value *before = NULL;
    j_value *after = NULL;
    j_value *outcome = NULL;
    j_value *expect = NULL;
    ik_client *client = NULL;
    settings s;
    arg args[MAX_ARGS];
    size_t nargs = 0;
    size_t i;
    int status;
    int passed = 0;

    if (call_spec == NULL || expect_raw == NULL || j_str(j_get(call_spec, "op")) == NULL) {
        j_puts(why, "a case needs \"call\" with \"op\", and \"expect\"");
        goto done;
    }
    status = sandbox_http("POST", "/__sandbox/reset", "{}", NULL);
    if (status != 200) {
        j_printf(why, "resetting the sandbox answered %d", status);
        goto done;
    }

    /* Setup: creates with the sandbox's own credentials. */
    for (i = 0; steps != NULL && i < steps->count; i++) {
        const j_value *step = steps->items[i];
        const char *op = j_str(j_get(step, "op"));
        j_value *result;
        if (op == NULL || strcmp(op, "create_integration_key") != 0) {
            j_puts(why, "a setup step must be create_integration_key");
            goto done;
        }
        if (!make_args(step, setup, args, &nargs, why)) {
            goto done;
        }
        result = call(setup_client, op, args, nargs, NULL, why);
        free_args(args, nargs);
        nargs = 0;
        if (result == NULL) {
            goto done;
        }
        if (j_get(result, "ok") == NULL) {
            char *text = j_to_string(result);
            j_printf(why, "setup step %lu failed: %s", (unsigned long)i, text);
            free(text);
            j_free(result);
            goto done;
        }
        j_push(setup, j_copy(j_get(result, "ok")));
        j_free(result);
    }

    for (i = 0; faults != NULL && i < faults->count; i++) {
        char *body = j_to_string(faults->items[i]);
        status = sandbox_http("POST", "/__sandbox/faults", body, NULL);
        if (status != 200) {
            j_printf(why, "queuing the fault %s answered %d", body, status);
            free(body);
            goto done;
        }
        free(body);
    }

    if (!read_settings(j_get(c, "client"), &s, why) || !make_args(call_spec, setup, args, &nargs, why)) {
        goto done;
    }
    expect = resolve(expect_raw, setup, why);
    if (expect == NULL) {
        goto done;
    }

    /* The call, between two readings of the request log. */
    before = request_log(why);
    if (before == NULL) {
        goto done;
    }
    {
        const char *op = j_str(j_get(call_spec, "op"));
        const j_value *list = j_get(call_spec, "args");
        if (strcmp(op, "sign_jwt") == 0) {
            outcome = call(NULL, op, args, nargs, nargs == 4 ? list->items[3] : NULL, why);
        } else {
            client = make_client(&s, &outcome);
            if (client != NULL) {
                outcome = call(client, op, args, nargs, NULL, why);
            }
        }
    }
    after = request_log(why);
    if (outcome == NULL || after == NULL) {
        goto done;
    }
    if (after->count < before->count) {
        j_puts(why, "the request log shrank during the call");
        goto done;
    }

    if (!j_matches(expect, outcome)) {
        char *e = j_to_string(expect);
        char *o = j_to_string(outcome);
        j_printf(why, "expected %s, got %s", e, o);
        free(e);
        free(o);
        goto done;
    }
    if (requests != NULL) {
        j_value *seen = count_methods(after, before->count);
        int agree = requests->type == J_OBJECT && counts_agree(requests, seen);
        if (!agree) {
            char *e = j_to_string(requests);
            char *o = j_to_string(seen);
            j_printf(why, "expected requests %s, got %s", e, o);
            free(e);
            free(o);
        }
        j_free(seen);
        if (!agree) {
            goto done;
        }
    }
    if (paths != NULL) {
        j_value *seen = j_array();
        int agree;
        for (i = before->count; i < after->count; i++) {
            const j_value *path = j_get(after->items[i], "path");
            j_push(seen, path != NULL ? j_copy(path) : j_null());
        }
        agree = j_equal(paths, seen);
        if (!agree) {
            char *e = j_to_string(paths);
            char *o = j_to_string(seen);
            j_printf(why, "expected paths %s, got %s", e, o);
            free(e);
            free(o);
        }
        j_free(seen);
        if (!agree) {
            goto done;
        }
    }
    passed = 1;

done:
    free_args(args, nargs);
    ik_client_free(client);
    j_free(setup);
    j_free(before);
    j_free(after);
    j_free(outcome);
    j_free(expect);
    return passed;
}

/* --- Files ---------------------------------------------------------------- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of dir, sorted; *count_out receives how many. */
static char **case_files(const char *dir, size_t *count_out)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char **names = NULL;
    size_t count = 0;
    size_t capacity = 0;
    *count_out = 0;
    if (d == NULL) {
        return NULL;
    }
    while ((entry = readdir(d)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n <= 5 || strcmp(entry->d_name + n - 5, ".json") != 0) {
            continue;
        }
        if (count == capacity) {
            capacity = capacity == 0 ? 64 : capacity * 2;
            names = (char **)j_grow(names, capacity * sizeof *names);
        }
        names[count] = (char *)j_alloc(strlen(dir) + n + 2);
        sprintf(names[count], "%s/%s", dir, entry->d_name);
        count++;
    }
    closedir(d);
    if (count > 0) {
        qsort(names, count, sizeof *names, compare_names);
    }
    *count_out = count;
    return names;
}

/* The whole file as a malloc'ed string; NULL when it cannot be read. */
static char *read_file(const char *path, size_t *length_out)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t length = 0;
    size_t capacity = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        size_t n;
        if (capacity - length < 4096) {
            capacity = capacity * 2 + 8192;
            text = (char *)j_grow(text, capacity);
        }
        n = fread(text + length, 1, capacity - length - 1, f);
        length += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f)) {
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    text[length] = '\0';
    *length_out = length;
    return text;
}

/* Whether the case's "only" (absent: every front end) names this one. */
static int meant_for_c(const j_value *c)
{
    const j_value *only = j_get(c, "only");
    size_t i;
    if (only == NULL || only->type != J_ARRAY) {
        return 1;
    }
    for (i = 0; i < only->count; i++) {
        const char *name = j_str(only->items[i]);
        if (name != NULL && strcmp(name, FRONT_END) == 0) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    char **files;
    ik_client *setup_client;
    size_t i;
    int passed = 0;
    int failed = 0;
    int skipped = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CASES_DIR\n", argv[0]);
        return 2;
    }
    files = case_files(argv[1], &count);
    if (count < MIN_CASES) {
        printf("FAIL cases: only %lu case files in %s (at least %d expected)\n", (unsigned long)count,
               argv[1], MIN_CASES);
        for (i = 0; i < count; i++) {
            free(files[i]);
        }
        free(files);
        return 1;
    }
    setup_client = sandbox_client(NULL, -1, 0);

    for (i = 0; i < count; i++) {
        size_t length = 0;
        char *text = read_file(files[i], &length);
        char error[160] = "could not read the file";
        j_value *c = text == NULL ? NULL : j_parse(text, length, error, sizeof error);
        const char *slash = strrchr(files[i], '/');
        const char *name = j_str(j_get(c, "name"));
        j_buf why = {NULL, 0, 0};
        if (name == NULL) {
            name = slash != NULL ? slash + 1 : files[i];
        }
        if (c == NULL || c->type != J_OBJECT) {
            printf("FAIL %s: not a JSON object: %s\n", name, error);
            failed++;
        } else if (!meant_for_c(c)) {
            printf("skip %s (only for other front ends)\n", name);
            skipped++;
        } else if (run_case(c, setup_client, &why)) {
            printf("ok %s\n", name);
            passed++;
        } else {
            printf("FAIL %s: %s\n", name, why.data != NULL ? why.data : "(no reason)");
            failed++;
        }
        fflush(stdout);
        free(why.data);
        j_free(c);
        free(text);
        free(files[i]);
    }
    free(files);
    ik_client_free(setup_client);

    if (skipped > 0) {
        printf("# %d skipped (only for other front ends)\n", skipped);
    }
    if (passed + failed < MIN_CASES) {
        printf("FAIL at least %d cases ran: only %d did\n", MIN_CASES, passed + failed);
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
