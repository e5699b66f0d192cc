/*
 * The JSON reader of the C tests (test_json.h), which test_cases.c trusts
 * to read the shared cases: what it accepts, what it refuses, what strings
 * and numbers come out, and the comparisons the cases runner relies on.
 * Needs no sandbox; run.sh runs it under valgrind.
 */
#include "test_util.h"

#include "test_json.h"

/* Parses text; NULL when it is refused. */
static j_value *parse(const char *text)
{
    char error[160];
    return j_parse(text, strlen(text), error, sizeof error);
}

/* Whether text parses and writes back as expected. */
static int round_trips(const char *text, const char *expected)
{
    j_value *v = parse(text);
    char *written = v == NULL ? NULL : j_to_string(v);
    int ok = written != NULL && strcmp(written, expected) == 0;
    if (!ok) {
        printf("# %s wrote %s, expected %s\n", text, written != NULL ? written : "(refused)", expected);
    }
    free(written);
    j_free(v);
    return ok;
}

static int refused(const char *text)
{
    j_value *v = parse(text);
    int ok = v == NULL;
    if (!ok) {
        printf("# accepted %s\n", text);
    }
    j_free(v);
    return ok;
}

static void test_accepts(void)
{
    CHECK(round_trips(" {\"a\" : [1, 2.5, -0, 1e3, -1.5E-2], \"b\": {}, \"c\": []}\n",
                      "{\"a\":[1,2.5,0,1000,-0.014999999999999999],\"b\":{},\"c\":[]}"),
          "objects, arrays and numbers");
    CHECK(round_trips("[true,false,null]", "[true,false,null]"), "literals");
    CHECK(round_trips("\"x\"", "\"x\""), "a bare string");
    CHECK(round_trips("12345678901234", "12345678901234"), "a large whole number");
    CHECK(round_trips("[[[[[[[[[[1]]]]]]]]]]", "[[[[[[[[[[1]]]]]]]]]]"), "nesting");
}

static void test_refuses(void)
{
    static const char *bad[] = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5",
        "-", "1e", "+1", "tru", "nul", "\"open", "\"a\\x\"", "\"\\u12\"", "\"\\uZZZZ\"",
        "\"tab\there\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "[1] [2]", "{} x",
        "'single'", "NaN", "[-]"};
    size_t i;
    int ok = 1;
    char deep[J_MAX_DEPTH + 8];
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ok = refused(bad[i]) && ok;
    }
    CHECK(ok, "malformed text is refused");
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    CHECK(refused(deep), "nesting deeper than J_MAX_DEPTH is refused");
}

static void test_strings(void)
{
    j_value *v = parse("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\\ud83d\\ude00\", \"\\u0000x\", \"caf\xc3\xa9\"]");
    int ok = v != NULL && v->type == J_ARRAY && v->count == 4;
    CHECK(ok, "an array of strings parses");
    if (ok) {
        CHECK(strcmp(v->items[0]->string, "a\"b\\c/d\b\f\n\r\t") == 0, "simple escapes");
        CHECK(strcmp(v->items[1]->string, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") == 0,
              "\\u escapes and a surrogate pair become UTF-8");
        CHECK(v->items[2]->length == 2 && v->items[2]->string[0] == '\0' && v->items[2]->string[1] == 'x',
              "\\u0000 is kept, with the length");
        CHECK(strcmp(v->items[3]->string, "caf\xc3\xa9") == 0, "raw UTF-8 is kept");
    }
    j_free(v);
    CHECK(round_trips("\"bell\\u0007 \\n \\\" \\\\\"", "\"bell\\u0007 \\n \\\" \\\\\""),
          "control characters, quotes and backslashes are escaped when written");
}

static void test_access(void)
{
    j_value *v = parse("{\"name\":\"x\",\"n\":3,\"name\":\"second\"}");
    CHECK(v != NULL && strcmp(j_str(j_get(v, "name")), "x") == 0, "j_get finds the first member of a name");
    CHECK(j_get(v, "missing") == NULL && j_str(j_get(v, "n")) == NULL, "j_get and j_str of what is not there");
    CHECK(j_get(NULL, "name") == NULL && j_str(NULL) == NULL, "j_get and j_str accept NULL");
    j_free(v);
}

/* Whether expect (JSON) matches got (JSON) as test_cases.c compares them. */
static int matches(const char *expect, const char *got)
{
    j_value *e = parse(expect);
    j_value *g = parse(got);
    int result = e != NULL && g != NULL ? j_matches(e, g) : -1;
    j_free(e);
    j_free(g);
    return result;
}

static void test_matching(void)
{
    CHECK(matches("{\"ok\":{\"count\":0}}", "{\"ok\":{\"count\":0,\"display_names\":[]}}") == 1,
          "a member not named is not checked");
    CHECK(matches("{\"ok\":{}}", "{\"ok\":{}}") == 1, "an empty expectation matches an empty outcome");
    CHECK(matches("{\"ok\":{}}", "{\"error\":{\"kind\":\"server\"}}") == 0, "ok does not match an error");
    CHECK(matches("{\"error\":{\"status\":0}}", "{\"error\":{\"kind\":\"timeout\"}}") == 0,
          "a member named must be there");
    CHECK(matches("{\"a\":3}", "{\"a\":3.0}") == 1 && matches("{\"a\":3}", "{\"a\":\"3\"}") == 0,
          "numbers compare by value, not with strings");
    CHECK(matches("{\"a\":[\"x\",\"y\"]}", "{\"a\":[\"y\",\"x\"]}") == 0
              && matches("{\"a\":[\"x\"]}", "{\"a\":[\"x\",\"y\"]}") == 0,
          "arrays must be equal, in order");
    CHECK(matches("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1,\"c\":2}}") == 1, "nested objects are matched as subsets");
    CHECK(matches("{\"a\":null}", "{\"a\":false}") == 0, "null is not false");
}

int main(void)
{
    test_accepts();
    test_refuses();
    test_strings();
    test_access();
    test_matching();
    return t_finish();
}
