/*
 * The C interface against a running sandbox: every operation, every error
 * kind with its fields, and NULL and invalid UTF-8 arguments for every
 * function. Run by run.sh under valgrind.
 *
 * IK_ERROR_INTERNAL (a panic caught at the boundary) cannot be caused from
 * C; the Rust unit test plumbing::tests::guard_turns_a_panic_into_internal
 * covers it.
 */
#include "test_util.h"

#define APP "app_c"
#define INTEGRATION "int_c"

static const char BAD_UTF8[] = "\xff\xfe";

/* A pointer value that is not NULL, to see that outputs are reset. */
#define DIRTY(type) ((type)(void *)&t_passed)

/* Checks an IK_ERROR_INVALID_ARGUMENT result and its error, then frees it. */
static void check_invalid(const char *name, ik_result result, ik_error *error, const char *needle)
{
    const char *message = ik_error_message(error);
    t_check(result == IK_ERROR_INVALID_ARGUMENT && error != NULL
                && ik_error_kind(error) == IK_ERROR_INVALID_ARGUMENT
                && message != NULL && strstr(message, needle) != NULL
                && ik_error_status(error) == 0 && ik_error_code(error) == NULL
                && ik_error_request_id(error) == NULL,
            name, "result %d (%s), message %s, expected it to mention %s", (int)result,
            ik_result_name((int)result), message != NULL ? message : "(null)", needle);
    ik_error_free(error);
}

/* Makes the call first, then checks its result and the error it left in err. */
#define expect_invalid(name, call, err, needle)        \
    do {                                               \
        ik_result result_ = (call);                    \
        check_invalid((name), result_, (err), needle); \
    } while (0)

/* Checks a server error of the given kind and status, then frees it. */
static void expect_server_error(const char *name, ik_result result, ik_error *error,
                                ik_result kind, int status, const char *code)
{
    const char *got_code = ik_error_code(error);
    const char *request_id = ik_error_request_id(error);
    t_check(result == kind && ik_error_kind(error) == kind && ik_error_status(error) == status
                && got_code != NULL && strcmp(got_code, code) == 0
                && ik_error_title(error) != NULL
                && request_id != NULL && strncmp(request_id, "req_", 4) == 0
                && ik_error_message(error) != NULL,
            name, "result %s, status %d, code %s, request id %s, message %s",
            ik_result_name((int)result), ik_error_status(error),
            got_code != NULL ? got_code : "(null)", request_id != NULL ? request_id : "(null)",
            ik_error_message(error) != NULL ? ik_error_message(error) : "(null)");
    ik_error_free(error);
}

/* Checks a failure without an HTTP answer, then frees it. */
static void expect_transport_error(const char *name, ik_result result, ik_error *error, ik_result kind)
{
    t_check(result == kind && ik_error_kind(error) == kind && ik_error_status(error) == 0
                && ik_error_code(error) == NULL && ik_error_retry_after(error) < 0
                && ik_error_message(error) != NULL,
            name, "result %s, status %d, message %s", ik_result_name((int)result),
            ik_error_status(error),
            ik_error_message(error) != NULL ? ik_error_message(error) : "(null)");
    ik_error_free(error);
}

static void test_version(void)
{
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", IK_VERSION_MAJOR, IK_VERSION_MINOR, IK_VERSION_PATCH);
    CHECK(strcmp(expected, IK_VERSION) == 0, "version macros agree");
    CHECK(strcmp(ik_version(), IK_VERSION) == 0, "ik_version matches IK_VERSION");
}

static void test_result_names(void)
{
    static const char *names[] = {"ok", "invalid_argument", "authentication", "permission_denied",
                                  "not_found", "conflict", "rate_limited", "bad_request", "server",
                                  "timeout", "connection", "decode", "internal"};
    int i;
    int ok = 1;
    for (i = 0; i <= 12; i++) {
        ok = ok && strcmp(ik_result_name(i), names[i]) == 0;
    }
    CHECK(ok, "ik_result_name names every code");
    CHECK(IK_OK == 0 && IK_ERROR_INVALID_ARGUMENT == 1 && IK_ERROR_DECODE == 11 && IK_ERROR_INTERNAL == 12,
          "ik_result values");
    CHECK(strcmp(ik_result_name(13), "unknown") == 0 && strcmp(ik_result_name(-1), "unknown") == 0,
          "ik_result_name of an unknown code");
}

static void test_operations(void)
{
    ik_client *client = sandbox_client(NULL, -1, 0);
    ik_key *created = NULL;
    ik_key *got = NULL;
    ik_key_list *list = NULL;
    ik_error *error = DIRTY(ik_error *);
    char *json = NULL;
    char *log = NULL;
    size_t i;
    int found = 0;
    ik_result r;

    sandbox_reset();
    r = ik_create_integration_key(client, APP, INTEGRATION, "My C key", &created, &error);
    CHECK(r == IK_OK && error == NULL && created != NULL, "create succeeds and clears error_out");
    CHECK(strncmp(ik_key_id(created), "int_", 4) == 0, "created key has an id");
    CHECK(strcmp(ik_key_display_name(created), "My C key") == 0, "created key has its display name");
    CHECK(ik_key_secret(created) != NULL && strlen(ik_key_secret(created)) > 20, "created key has a secret");

    r = ik_key_to_json(created, &json, NULL);
    CHECK(r == IK_OK && json != NULL && strstr(json, "\"id\":\"int_") != NULL
              && strstr(json, "\"displayName\":\"My C key\"") != NULL
              && strstr(json, ik_key_secret(created)) != NULL,
          "ik_key_to_json writes id, displayName and secret");
    ik_string_free(json);

    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL);
    CHECK(r == IK_OK && ik_key_list_count(list) == 1, "list finds the key");
    for (i = 0; i < ik_key_list_count(list); i++) {
        const ik_key *k = ik_key_list_get(list, i);
        found = found || strcmp(ik_key_id(k), ik_key_id(created)) == 0;
    }
    CHECK(found, "listed key has the created id");
    CHECK(ik_key_list_get(list, ik_key_list_count(list)) == NULL, "ik_key_list_get out of range is NULL");
    ik_key_list_free(list);

    r = ik_get_integration_key(client, APP, INTEGRATION, ik_key_id(created), &got, NULL);
    CHECK(r == IK_OK && strcmp(ik_key_id(got), ik_key_id(created)) == 0, "get finds the key");
    ik_key_free(got);

    r = ik_delete_integration_key(client, APP, INTEGRATION, ik_key_id(created), &error);
    CHECK(r == IK_OK && error == NULL, "delete succeeds");
    r = ik_get_integration_key(client, APP, INTEGRATION, ik_key_id(created), &got, &error);
    expect_server_error("get after delete is not_found (404)", r, error, IK_ERROR_NOT_FOUND, 404, "not_found");
    CHECK(got == NULL, "key_out is NULL after a failure");
    r = ik_delete_integration_key(client, APP, INTEGRATION, ik_key_id(created), &error);
    expect_server_error("second delete is not_found (404)", r, error, IK_ERROR_NOT_FOUND, 404, "not_found");
    ik_key_free(created);

    /* Ids are percent-encoded by the core: a slash stays inside its segment. */
    r = ik_list_integration_keys(client, "a/b", INTEGRATION, &list, NULL);
    CHECK(r == IK_OK && ik_key_list_count(list) == 0, "list of an app id with a slash");
    ik_key_list_free(list);
    CHECK(sandbox_http("GET", "/__sandbox/requests", NULL, &log) == 200
              && strstr(log, "/v2/apps/a%2Fb/integrations/int_c/keys") != NULL,
          "app id with a slash is sent percent-encoded");
    free(log);

    /* Passing NULL for error_out is allowed. */
    r = ik_get_integration_key(client, APP, INTEGRATION, "int_missing", &got, NULL);
    CHECK(r == IK_ERROR_NOT_FOUND && got == NULL, "error_out may be NULL");
    ik_client_free(client);
}

static void test_auth_modes(void)
{
    char *token = NULL;
    ik_client_options *options = NULL;
    ik_client *client = NULL;
    ik_key_list *list = NULL;
    ik_error *error = NULL;
    ik_result r;

    r = ik_sign_jwt(sandbox_key_id(), sandbox_secret(), "app", 0, &token, &error);
    CHECK(r == IK_OK && error == NULL && token != NULL && count_of(token, ".") == 2, "ik_sign_jwt makes a JWT");
    CHECK(ik_client_options_new(&options, NULL) == IK_OK
              && ik_client_options_set_base_url(options, sandbox_url(), NULL) == IK_OK
              && ik_client_options_set_token(options, token, NULL) == IK_OK
              && ik_client_options_set_user_agent(options, "c-tests/1", NULL) == IK_OK
              && ik_client_new(options, &client, &error) == IK_OK,
          "client with a signed token");
    ik_string_free(token);
    ik_client_options_free(options);
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    CHECK(r == IK_OK, "the signed token is accepted");
    ik_key_list_free(list);
    ik_error_free(error);
    ik_client_free(client);

    r = ik_sign_jwt(sandbox_key_id(), sandbox_secret(), "app", 60, &token, NULL);
    CHECK(r == IK_OK && token != NULL, "ik_sign_jwt with an expiry");
    ik_string_free(token);

    /* auth "jwt": the client signs a token for each request. */
    options = NULL;
    client = NULL;
    CHECK(ik_client_options_new(&options, NULL) == IK_OK
              && ik_client_options_set_base_url(options, sandbox_url(), NULL) == IK_OK
              && ik_client_options_set_key_id(options, sandbox_key_id(), NULL) == IK_OK
              && ik_client_options_set_secret(options, sandbox_secret(), NULL) == IK_OK
              && ik_client_options_set_auth(options, "JWT", NULL) == IK_OK
              && ik_client_options_set_connect_timeout(options, 5.0, NULL) == IK_OK
              && ik_client_options_set_allow_insecure_http(options, false, NULL) == IK_OK
              && ik_client_new(options, &client, NULL) == IK_OK,
          "client with auth jwt");
    ik_client_options_free(options);
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL);
    CHECK(r == IK_OK, "auth jwt is accepted");
    ik_key_list_free(list);
    ik_client_free(client);
}

static void test_from_env(void)
{
    ik_client *client = NULL;
    ik_client_options *options = NULL;
    ik_key_list *list = NULL;
    ik_error *error = NULL;
    ik_result r;

    setenv("INTEGRATION_KEYS_BASE_URL", sandbox_url(), 1);
    setenv("INTEGRATION_KEYS_KEY_ID", sandbox_key_id(), 1);
    setenv("INTEGRATION_KEYS_SECRET", sandbox_secret(), 1);
    setenv("INTEGRATION_KEYS_MAX_RETRIES", "1", 1);
    r = ik_client_new_from_env(&client, &error);
    CHECK(r == IK_OK && client != NULL, "ik_client_new_from_env");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, NULL);
    CHECK(r == IK_OK, "client from the environment works");
    ik_key_list_free(list);
    ik_client_free(client);

    /* Options from the environment, then a setter overrides the secret. */
    r = ik_client_options_new_from_env(&options, NULL);
    CHECK(r == IK_OK && ik_client_options_set_secret(options, "wrong", NULL) == IK_OK
              && ik_client_new(options, &client, NULL) == IK_OK,
          "ik_client_options_new_from_env and a setter");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    expect_server_error("a setter overrides the environment (401)", r, error, IK_ERROR_AUTHENTICATION,
                        401, "unauthorized");
    ik_client_free(client);
    ik_client_options_free(options);

    setenv("INTEGRATION_KEYS_TIMEOUT", "soon", 1);
    r = ik_client_new_from_env(&client, &error);
    expect_invalid("a bad variable is reported by ik_client_new_from_env", r, error, "TIMEOUT");
    CHECK(client == NULL, "client_out is NULL after a failure");
    unsetenv("INTEGRATION_KEYS_TIMEOUT");
    unsetenv("INTEGRATION_KEYS_BASE_URL");
    unsetenv("INTEGRATION_KEYS_KEY_ID");
    unsetenv("INTEGRATION_KEYS_SECRET");
    unsetenv("INTEGRATION_KEYS_MAX_RETRIES");
}

static void test_error_kinds(void)
{
    ik_client *client = sandbox_client(NULL, 0, 0);
    ik_client *wrong = sandbox_client("not-the-secret", 0, 0);
    ik_client *slow = sandbox_client(NULL, 0, 0.5);
    ik_client *closed = NULL;
    ik_client_options *options = NULL;
    ik_key *key = NULL;
    ik_key_list *list = NULL;
    ik_error *error = NULL;
    char *token = DIRTY(char *);
    ik_result r;
    int i;

    sandbox_reset();
    r = ik_create_integration_key(wrong, APP, INTEGRATION, "k", &key, &error);
    expect_server_error("wrong secret is authentication (401)", r, error, IK_ERROR_AUTHENTICATION, 401,
                        "unauthorized");

    sandbox_fault("{\"status\":403,\"code\":\"forbidden\",\"title\":\"Not allowed\"}");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    CHECK(ik_error_title(error) != NULL && strcmp(ik_error_title(error), "Not allowed") == 0,
          "the error title comes from the body");
    expect_server_error("403 is permission_denied", r, error, IK_ERROR_PERMISSION_DENIED, 403, "forbidden");

    sandbox_fault("{\"status\":409,\"code\":\"conflict\",\"title\":\"Conflict\"}");
    r = ik_create_integration_key(client, APP, INTEGRATION, "k", &key, &error);
    expect_server_error("409 is conflict", r, error, IK_ERROR_CONFLICT, 409, "conflict");

    sandbox_fault("{\"status\":500,\"code\":\"internal_error\",\"title\":\"Boom\"}");
    r = ik_get_integration_key(client, APP, INTEGRATION, "int_x", &key, &error);
    expect_server_error("500 is server", r, error, IK_ERROR_SERVER, 500, "internal_error");

    r = ik_get_integration_key(client, APP, INTEGRATION, "int_000000000000000000000000", &key, &error);
    expect_server_error("unknown key is not_found (404)", r, error, IK_ERROR_NOT_FOUND, 404, "not_found");

    sandbox_fault("{\"status\":429,\"code\":\"too_many_requests\",\"title\":\"Slow down\",\"retry_after\":\"7\"}");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    CHECK(ik_error_retry_after(error) == 7.0, "429 carries retry_after");
    expect_server_error("429 is rate_limited", r, error, IK_ERROR_RATE_LIMITED, 429, "too_many_requests");

    for (i = 0; i < 10; i++) {
        r = ik_create_integration_key(client, APP, "int_full", "k", &key, NULL);
        ik_key_free(key);
        if (r != IK_OK) {
            break;
        }
    }
    CHECK(i == 10, "ten keys can be created");
    r = ik_create_integration_key(client, APP, "int_full", "k", &key, &error);
    CHECK(ik_error_retry_after(error) < 0, "retry_after is -1 without a 429");
    expect_server_error("11th key is bad_request (400)", r, error, IK_ERROR_BAD_REQUEST, 400, "bad_request");

    sandbox_fault("{\"delay_ms\":1500}");
    r = ik_create_integration_key(slow, APP, INTEGRATION, "k", &key, &error);
    expect_transport_error("a slow answer is timeout", r, error, IK_ERROR_TIMEOUT);

    CHECK(ik_client_options_new(&options, NULL) == IK_OK
              && ik_client_options_set_base_url(options, "http://127.0.0.1:1", NULL) == IK_OK
              && ik_client_options_set_key_id(options, "app_x", NULL) == IK_OK
              && ik_client_options_set_secret(options, "s", NULL) == IK_OK
              && ik_client_options_set_max_retries(options, 0, NULL) == IK_OK
              && ik_client_new(options, &closed, NULL) == IK_OK,
          "client for a closed port");
    ik_client_options_free(options);
    r = ik_list_integration_keys(closed, APP, INTEGRATION, &list, &error);
    expect_transport_error("a closed port is connection", r, error, IK_ERROR_CONNECTION);
    ik_client_free(closed);

    sandbox_fault("{\"action\":\"malformed\"}");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    t_check(r == IK_ERROR_DECODE && ik_error_kind(error) == IK_ERROR_DECODE && ik_error_status(error) == 0,
            "truncated JSON is decode", "result %s", ik_result_name((int)r));
    ik_error_free(error);

    sandbox_fault("{\"action\":\"oversized\"}");
    r = ik_list_integration_keys(client, APP, INTEGRATION, &list, &error);
    t_check(r == IK_ERROR_DECODE, "an oversized body is decode", "result %s", ik_result_name((int)r));
    ik_error_free(error);

    /* Checks made by the core before anything is sent. */
    r = ik_create_integration_key(client, "", INTEGRATION, "k", &key, &error);
    expect_invalid("an empty app id is invalid_argument", r, error, "app_id");
    r = ik_create_integration_key(client, APP, INTEGRATION,
                                  "0123456789012345678901234567890123456789012345678901234567890123456789"
                                  "0123456789012345678901234567890123456789",
                                  &key, &error);
    expect_invalid("a 110-character display name is invalid_argument", r, error, "display_name");
    r = ik_sign_jwt("", "secret", "app", 0, &token, &error);
    expect_invalid("ik_sign_jwt with an empty key id", r, error, "key_id");
    CHECK(token == NULL, "token_out is NULL after a failure");

    ik_client_free(client);
    ik_client_free(wrong);
    ik_client_free(slow);
}

/* Makes a client from options changed by set; returns the result of ik_client_new. */
static void expect_bad_setting(const char *name, int which, const char *needle)
{
    ik_client_options *options = NULL;
    ik_client *client = DIRTY(ik_client *);
    ik_error *error = NULL;
    ik_result r;
    ik_client_options_new(&options, NULL);
    ik_client_options_set_key_id(options, "app_x", NULL);
    ik_client_options_set_secret(options, "s", NULL);
    switch (which) {
    case 0: ik_client_options_set_base_url(options, "ftp://example.com", NULL); break;
    case 1: ik_client_options_set_base_url(options, "http://example.com", NULL); break;
    case 2: ik_client_options_set_subdomain(options, "not a label", NULL); break;
    case 3: ik_client_options_set_timeout(options, -1.0, NULL); break;
    case 4: ik_client_options_set_connect_timeout(options, 0.0, NULL); break;
    case 5: ik_client_options_set_max_retries(options, 11, NULL); break;
    case 6: ik_client_options_set_auth(options, "digest", NULL); break;
    case 7: ik_client_options_set_token(options, "t", NULL); break;
    default: ik_client_options_set_user_agent(options, "bad\nagent", NULL); break;
    }
    r = ik_client_new(options, &client, &error);
    expect_invalid(name, r, error, needle);
    CHECK(client == NULL, "client_out is NULL after a bad setting");
    ik_client_options_free(options);
}

static void test_settings(void)
{
    ik_client_options *options = NULL;
    ik_client *client = NULL;
    expect_bad_setting("base_url must be https", 0, "base_url");
    expect_bad_setting("plain http needs loopback", 1, "http");
    expect_bad_setting("subdomain must be a DNS label", 2, "subdomain");
    expect_bad_setting("timeout must be positive", 3, "timeout");
    expect_bad_setting("connect_timeout must be positive", 4, "connect_timeout");
    expect_bad_setting("max_retries at most 10", 5, "max_retries");
    expect_bad_setting("auth must be basic or jwt", 6, "digest");
    expect_bad_setting("token and key id conflict", 7, "token");
    expect_bad_setting("user_agent without control characters", 8, "user_agent");

    CHECK(ik_client_options_new(&options, NULL) == IK_OK
              && ik_client_options_set_subdomain(options, "acme", NULL) == IK_OK
              && ik_client_options_set_key_id(options, "app_x", NULL) == IK_OK
              && ik_client_options_set_secret(options, "s", NULL) == IK_OK
              && ik_client_options_set_allow_insecure_http(options, true, NULL) == IK_OK
              && ik_client_new(options, &client, NULL) == IK_OK,
          "a subdomain client can be made (nothing is sent)");
    ik_client_free(client);
    ik_client_options_free(options);

    /* Setters only store: the last value of a setting is the one checked. */
    options = NULL;
    client = NULL;
    CHECK(ik_client_options_new(&options, NULL) == IK_OK
              && ik_client_options_set_base_url(options, "http://example.com", NULL) == IK_OK
              && ik_client_options_set_base_url(options, sandbox_url(), NULL) == IK_OK
              && ik_client_options_set_key_id(options, "app_x", NULL) == IK_OK
              && ik_client_options_set_secret(options, "s", NULL) == IK_OK
              && ik_client_options_set_auth(options, "digest", NULL) == IK_OK
              && ik_client_options_set_auth(options, "basic", NULL) == IK_OK
              && ik_client_options_set_max_retries(options, 11, NULL) == IK_OK
              && ik_client_options_set_max_retries(options, 10, NULL) == IK_OK
              && ik_client_options_set_timeout(options, 0.0, NULL) == IK_OK
              && ik_client_options_set_timeout(options, 5.0, NULL) == IK_OK
              && ik_client_new(options, &client, NULL) == IK_OK,
          "a bad value replaced by a good one is not reported");
    ik_client_free(client);
    ik_client_options_free(options);
}

/* NULL and invalid UTF-8 for every argument of every function. */
static void test_bad_arguments(void)
{
    ik_client *client = sandbox_client(NULL, 0, 0);
    ik_client_options *options = NULL;
    ik_client *client_out = DIRTY(ik_client *);
    ik_key *key = DIRTY(ik_key *);
    ik_key_list *list = DIRTY(ik_key_list *);
    char *text = DIRTY(char *);
    ik_error *error = NULL;
    const char *s = sandbox_secret();
    const char *k = sandbox_key_id();

    ik_client_options_new(&options, NULL);

    expect_invalid("ik_client_options_new(NULL)", ik_client_options_new(NULL, &error), error, "options_out");
    expect_invalid("ik_client_options_new_from_env(NULL)", ik_client_options_new_from_env(NULL, &error), error,
                   "options_out");

#define SETTER_CASES(fn, arg)                                                                     \
    expect_invalid(#fn "(NULL options)", fn(NULL, "x", &error), error, "options");               \
    expect_invalid(#fn "(NULL " arg ")", fn(options, NULL, &error), error, arg);                 \
    expect_invalid(#fn "(bad UTF-8 " arg ")", fn(options, BAD_UTF8, &error), error, "UTF-8");
    SETTER_CASES(ik_client_options_set_subdomain, "subdomain")
    SETTER_CASES(ik_client_options_set_base_url, "base_url")
    SETTER_CASES(ik_client_options_set_key_id, "key_id")
    SETTER_CASES(ik_client_options_set_secret, "secret")
    SETTER_CASES(ik_client_options_set_auth, "auth")
    SETTER_CASES(ik_client_options_set_token, "token")
    SETTER_CASES(ik_client_options_set_user_agent, "user_agent")
#undef SETTER_CASES
    expect_invalid("ik_client_options_set_timeout(NULL)", ik_client_options_set_timeout(NULL, 1.0, &error),
                   error, "options");
    expect_invalid("ik_client_options_set_connect_timeout(NULL)",
                   ik_client_options_set_connect_timeout(NULL, 1.0, &error), error, "options");
    expect_invalid("ik_client_options_set_max_retries(NULL)", ik_client_options_set_max_retries(NULL, 1, &error),
                   error, "options");
    expect_invalid("ik_client_options_set_allow_insecure_http(NULL)",
                   ik_client_options_set_allow_insecure_http(NULL, true, &error), error, "options");
    CHECK(ik_client_options_set_timeout(NULL, 1.0, NULL) == IK_ERROR_INVALID_ARGUMENT,
          "a NULL options with a NULL error_out");

    expect_invalid("ik_client_new(NULL options)", ik_client_new(NULL, &client_out, &error), error, "options");
    CHECK(client_out == NULL, "ik_client_new resets client_out");
    expect_invalid("ik_client_new(NULL client_out)", ik_client_new(options, NULL, &error), error, "client_out");
    expect_invalid("ik_client_new_from_env(NULL)", ik_client_new_from_env(NULL, &error), error, "client_out");

    expect_invalid("create(NULL client)", ik_create_integration_key(NULL, APP, INTEGRATION, "n", &key, &error),
                   error, "client");
    CHECK(key == NULL, "create resets key_out");
    expect_invalid("create(NULL app_id)", ik_create_integration_key(client, NULL, INTEGRATION, "n", &key, &error),
                   error, "app_id");
    expect_invalid("create(bad app_id)", ik_create_integration_key(client, BAD_UTF8, INTEGRATION, "n", &key, &error),
                   error, "UTF-8");
    expect_invalid("create(NULL integration_id)", ik_create_integration_key(client, APP, NULL, "n", &key, &error),
                   error, "integration_id");
    expect_invalid("create(bad integration_id)", ik_create_integration_key(client, APP, BAD_UTF8, "n", &key, &error),
                   error, "UTF-8");
    expect_invalid("create(NULL display_name)", ik_create_integration_key(client, APP, INTEGRATION, NULL, &key, &error),
                   error, "display_name");
    expect_invalid("create(bad display_name)",
                   ik_create_integration_key(client, APP, INTEGRATION, BAD_UTF8, &key, &error), error, "UTF-8");
    expect_invalid("create(NULL key_out)", ik_create_integration_key(client, APP, INTEGRATION, "n", NULL, &error),
                   error, "key_out");

    expect_invalid("list(NULL client)", ik_list_integration_keys(NULL, APP, INTEGRATION, &list, &error), error,
                   "client");
    CHECK(list == NULL, "list resets list_out");
    expect_invalid("list(NULL app_id)", ik_list_integration_keys(client, NULL, INTEGRATION, &list, &error), error,
                   "app_id");
    expect_invalid("list(bad app_id)", ik_list_integration_keys(client, BAD_UTF8, INTEGRATION, &list, &error), error,
                   "UTF-8");
    expect_invalid("list(NULL integration_id)", ik_list_integration_keys(client, APP, NULL, &list, &error), error,
                   "integration_id");
    expect_invalid("list(bad integration_id)", ik_list_integration_keys(client, APP, BAD_UTF8, &list, &error), error,
                   "UTF-8");
    expect_invalid("list(NULL list_out)", ik_list_integration_keys(client, APP, INTEGRATION, NULL, &error), error,
                   "list_out");

    key = DIRTY(ik_key *);
    expect_invalid("get(NULL client)", ik_get_integration_key(NULL, APP, INTEGRATION, "k", &key, &error), error,
                   "client");
    CHECK(key == NULL, "get resets key_out");
    expect_invalid("get(NULL app_id)", ik_get_integration_key(client, NULL, INTEGRATION, "k", &key, &error), error,
                   "app_id");
    expect_invalid("get(bad app_id)", ik_get_integration_key(client, BAD_UTF8, INTEGRATION, "k", &key, &error), error,
                   "UTF-8");
    expect_invalid("get(NULL integration_id)", ik_get_integration_key(client, APP, NULL, "k", &key, &error), error,
                   "integration_id");
    expect_invalid("get(bad integration_id)", ik_get_integration_key(client, APP, BAD_UTF8, "k", &key, &error), error,
                   "UTF-8");
    expect_invalid("get(NULL key_id)", ik_get_integration_key(client, APP, INTEGRATION, NULL, &key, &error), error,
                   "key_id");
    expect_invalid("get(bad key_id)", ik_get_integration_key(client, APP, INTEGRATION, BAD_UTF8, &key, &error), error,
                   "UTF-8");
    expect_invalid("get(NULL key_out)", ik_get_integration_key(client, APP, INTEGRATION, "k", NULL, &error), error,
                   "key_out");

    expect_invalid("delete(NULL client)", ik_delete_integration_key(NULL, APP, INTEGRATION, "k", &error), error,
                   "client");
    expect_invalid("delete(NULL app_id)", ik_delete_integration_key(client, NULL, INTEGRATION, "k", &error), error,
                   "app_id");
    expect_invalid("delete(bad app_id)", ik_delete_integration_key(client, BAD_UTF8, INTEGRATION, "k", &error), error,
                   "UTF-8");
    expect_invalid("delete(NULL integration_id)", ik_delete_integration_key(client, APP, NULL, "k", &error), error,
                   "integration_id");
    expect_invalid("delete(bad integration_id)", ik_delete_integration_key(client, APP, BAD_UTF8, "k", &error), error,
                   "UTF-8");
    expect_invalid("delete(NULL key_id)", ik_delete_integration_key(client, APP, INTEGRATION, NULL, &error), error,
                   "key_id");
    expect_invalid("delete(bad key_id)", ik_delete_integration_key(client, APP, INTEGRATION, BAD_UTF8, &error), error,
                   "UTF-8");

    expect_invalid("ik_sign_jwt(NULL key_id)", ik_sign_jwt(NULL, s, "app", 0, &text, &error), error, "key_id");
    CHECK(text == NULL, "ik_sign_jwt resets token_out");
    expect_invalid("ik_sign_jwt(bad key_id)", ik_sign_jwt(BAD_UTF8, s, "app", 0, &text, &error), error, "UTF-8");
    expect_invalid("ik_sign_jwt(NULL secret)", ik_sign_jwt(k, NULL, "app", 0, &text, &error), error, "secret");
    expect_invalid("ik_sign_jwt(bad secret)", ik_sign_jwt(k, BAD_UTF8, "app", 0, &text, &error), error, "UTF-8");
    expect_invalid("ik_sign_jwt(NULL scope)", ik_sign_jwt(k, s, NULL, 0, &text, &error), error, "scope");
    expect_invalid("ik_sign_jwt(bad scope)", ik_sign_jwt(k, s, BAD_UTF8, 0, &text, &error), error, "UTF-8");
    expect_invalid("ik_sign_jwt(NULL token_out)", ik_sign_jwt(k, s, "app", 0, NULL, &error), error, "token_out");

    text = DIRTY(char *);
    expect_invalid("ik_key_to_json(NULL key)", ik_key_to_json(NULL, &text, &error), error, "key");
    CHECK(text == NULL, "ik_key_to_json resets json_out");

    CHECK(ik_key_id(NULL) == NULL && ik_key_display_name(NULL) == NULL && ik_key_secret(NULL) == NULL,
          "key getters of NULL are NULL");
    CHECK(ik_key_list_count(NULL) == 0 && ik_key_list_get(NULL, 0) == NULL, "list functions of NULL");
    CHECK(ik_error_kind(NULL) == IK_ERROR_INVALID_ARGUMENT && ik_error_message(NULL) == NULL
              && ik_error_status(NULL) == 0 && ik_error_code(NULL) == NULL && ik_error_title(NULL) == NULL
              && ik_error_request_id(NULL) == NULL && ik_error_retry_after(NULL) < 0,
          "error getters of NULL");
    ik_client_options_free(NULL);
    ik_client_free(NULL);
    ik_key_free(NULL);
    ik_key_list_free(NULL);
    ik_error_free(NULL);
    ik_string_free(NULL);
    CHECK(1, "every _free accepts NULL");

    ik_client_options_free(options);
    ik_client_free(client);
}

int main(void)
{
    test_version();
    test_result_names();
    test_operations();
    test_auth_modes();
    test_from_env();
    test_error_kinds();
    test_settings();
    test_bad_arguments();
    return t_finish();
}
