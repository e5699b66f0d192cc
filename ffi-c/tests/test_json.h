/*
 * A small JSON reader and writer for the C tests (C99, no library): parses
 * RFC 8259 text into a tree of j_value nodes, builds trees, compares them
 * and writes them back as JSON. Used by test_cases.c to read the shared
 * cases and the sandbox's answers, and to post faults.
 *
 * The parser is strict: one value, optionally surrounded by whitespace;
 * no trailing commas, comments, leading zeros, or raw control characters in
 * strings; \u escapes (surrogate pairs included) become UTF-8; nesting is
 * limited to J_MAX_DEPTH. Strings keep their length, so a \u0000 inside one
 * survives. An allocation failure aborts: these are tests.
 */
#ifndef IK_TEST_JSON_H
#define IK_TEST_JSON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define J_MAX_DEPTH 64

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } j_type;

typedef struct j_value {
    j_type type;
    int boolean;            /* J_BOOL */
    double number;          /* J_NUMBER */
    char *string;           /* J_STRING: NUL-terminated copy */
    size_t length;          /* J_STRING: bytes, without the terminator */
    struct j_value **items; /* J_ARRAY elements, J_OBJECT member values */
    char **keys;            /* J_OBJECT member names, NUL-terminated */
    size_t count;           /* J_ARRAY, J_OBJECT */
    size_t capacity;
} j_value;

static inline void *j_alloc(size_t size)
{
    void *p = calloc(1, size == 0 ? 1 : size);
    if (p == NULL) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return p;
}

static inline void *j_grow(void *p, size_t size)
{
    void *q = realloc(p, size == 0 ? 1 : size);
    if (q == NULL) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return q;
}

static inline char *j_strndup(const char *s, size_t n)
{
    char *copy = (char *)j_alloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

/* --- Building ------------------------------------------------------------ */

static inline j_value *j_new(j_type type)
{
    j_value *v = (j_value *)j_alloc(sizeof *v);
    v->type = type;
    return v;
}

static inline j_value *j_null(void) { return j_new(J_NULL); }

static inline j_value *j_bool(int b)
{
    j_value *v = j_new(J_BOOL);
    v->boolean = b != 0;
    return v;
}

static inline j_value *j_number(double d)
{
    j_value *v = j_new(J_NUMBER);
    v->number = d;
    return v;
}

static inline j_value *j_string_n(const char *s, size_t n)
{
    j_value *v = j_new(J_STRING);
    v->string = j_strndup(s, n);
    v->length = n;
    return v;
}

static inline j_value *j_string(const char *s) { return j_string_n(s, strlen(s)); }

static inline j_value *j_array(void) { return j_new(J_ARRAY); }

static inline j_value *j_object(void) { return j_new(J_OBJECT); }

static inline void j_reserve(j_value *v)
{
    if (v->count == v->capacity) {
        v->capacity = v->capacity == 0 ? 4 : v->capacity * 2;
        v->items = (j_value **)j_grow(v->items, v->capacity * sizeof *v->items);
        if (v->type == J_OBJECT) {
            v->keys = (char **)j_grow(v->keys, v->capacity * sizeof *v->keys);
        }
    }
}

/* Appends item to the array v, which takes ownership of it. */
static inline void j_push(j_value *v, j_value *item)
{
    j_reserve(v);
    v->items[v->count++] = item;
}

/* Appends the member key: item to the object v, which takes ownership of
   item (key is copied). */
static inline void j_set(j_value *v, const char *key, j_value *item)
{
    j_reserve(v);
    v->keys[v->count] = j_strndup(key, strlen(key));
    v->items[v->count++] = item;
}

static inline void j_free(j_value *v)
{
    size_t i;
    if (v == NULL) {
        return;
    }
    for (i = 0; i < v->count; i++) {
        j_free(v->items[i]);
        if (v->keys != NULL) {
            free(v->keys[i]);
        }
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

static inline j_value *j_copy(const j_value *v)
{
    j_value *c = j_new(v->type);
    size_t i;
    c->boolean = v->boolean;
    c->number = v->number;
    if (v->type == J_STRING) {
        c->string = j_strndup(v->string, v->length);
        c->length = v->length;
    }
    for (i = 0; i < v->count; i++) {
        if (v->type == J_OBJECT) {
            j_set(c, v->keys[i], j_copy(v->items[i]));
        } else {
            j_push(c, j_copy(v->items[i]));
        }
    }
    return c;
}

/* --- Reading ------------------------------------------------------------- */

/* The first member named key of the object v; NULL when v is not an object
   or has no such member. */
static inline const j_value *j_get(const j_value *v, const char *key)
{
    size_t i;
    if (v == NULL || v->type != J_OBJECT) {
        return NULL;
    }
    for (i = 0; i < v->count; i++) {
        if (strcmp(v->keys[i], key) == 0) {
            return v->items[i];
        }
    }
    return NULL;
}

/* The string v holds, or NULL when v is not a string. */
static inline const char *j_str(const j_value *v)
{
    return v != NULL && v->type == J_STRING ? v->string : NULL;
}

/* --- Parsing ------------------------------------------------------------- */

typedef struct {
    const char *text;
    size_t length;
    size_t at;
    char error[160];
} j_parser;

static inline void j_fail(j_parser *p, const char *what)
{
    if (p->error[0] == '\0') {
        snprintf(p->error, sizeof p->error, "%s at byte %lu", what, (unsigned long)p->at);
    }
}

static inline void j_skip_space(j_parser *p)
{
    while (p->at < p->length) {
        char c = p->text[p->at];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        p->at++;
    }
}

static inline int j_peek(const j_parser *p)
{
    return p->at < p->length ? (unsigned char)p->text[p->at] : -1;
}

static inline int j_literal(j_parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->length - p->at < n || memcmp(p->text + p->at, word, n) != 0) {
        j_fail(p, "unknown literal");
        return 0;
    }
    p->at += n;
    return 1;
}

static inline int j_is_digit(int c) { return c >= '0' && c <= '9'; }

static inline j_value *j_parse_number(j_parser *p)
{
    size_t start = p->at;
    char buffer[64];
    char *end = NULL;
    double d;
    if (j_peek(p) == '-') {
        p->at++;
    }
    if (j_peek(p) == '0') {
        p->at++;
    } else if (j_is_digit(j_peek(p))) {
        while (j_is_digit(j_peek(p))) {
            p->at++;
        }
    } else {
        j_fail(p, "a number needs a digit");
        return NULL;
    }
    if (j_peek(p) == '.') {
        p->at++;
        if (!j_is_digit(j_peek(p))) {
            j_fail(p, "a fraction needs a digit");
            return NULL;
        }
        while (j_is_digit(j_peek(p))) {
            p->at++;
        }
    }
    if (j_peek(p) == 'e' || j_peek(p) == 'E') {
        p->at++;
        if (j_peek(p) == '+' || j_peek(p) == '-') {
            p->at++;
        }
        if (!j_is_digit(j_peek(p))) {
            j_fail(p, "an exponent needs a digit");
            return NULL;
        }
        while (j_is_digit(j_peek(p))) {
            p->at++;
        }
    }
    if (p->at - start >= sizeof buffer) {
        j_fail(p, "number too long");
        return NULL;
    }
    memcpy(buffer, p->text + start, p->at - start);
    buffer[p->at - start] = '\0';
    d = strtod(buffer, &end);
    if (end != buffer + (p->at - start)) {
        j_fail(p, "bad number");
        return NULL;
    }
    return j_number(d);
}

/* Reads the 4 hex digits of a \u escape. */
static inline int j_hex4(j_parser *p, unsigned long *out)
{
    unsigned long value = 0;
    int i;
    if (p->length - p->at < 4) {
        j_fail(p, "short \\u escape");
        return 0;
    }
    for (i = 0; i < 4; i++) {
        char c = p->text[p->at++];
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= (unsigned long)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= (unsigned long)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= (unsigned long)(c - 'A' + 10);
        } else {
            p->at--;
            j_fail(p, "bad hex digit in \\u escape");
            return 0;
        }
    }
    *out = value;
    return 1;
}

/* Appends the UTF-8 encoding of the code point cp to out (room for 4). */
static inline size_t j_utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parses a string starting at its opening quote into a malloc'ed,
   NUL-terminated buffer; *length_out receives its length. */
static inline char *j_parse_chars(j_parser *p, size_t *length_out)
{
    /* The decoded text is never longer than the encoded one. */
    size_t start = ++p->at;
    size_t end = start;
    char *out;
    size_t n = 0;
    while (end < p->length && p->text[end] != '"') {
        end += p->text[end] == '\\' ? 2 : 1;
    }
    out = (char *)j_alloc(end - start + 1);
    for (;;) {
        int c = j_peek(p);
        if (c < 0) {
            j_fail(p, "unterminated string");
            free(out);
            return NULL;
        }
        if (c == '"') {
            p->at++;
            break;
        }
        if (c < 0x20) {
            j_fail(p, "raw control character in a string");
            free(out);
            return NULL;
        }
        p->at++;
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        c = j_peek(p);
        p->at++;
        switch (c) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned long cp;
            if (!j_hex4(p, &cp)) {
                free(out);
                return NULL;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                j_fail(p, "lone low surrogate");
                free(out);
                return NULL;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long low;
                if (p->length - p->at < 2 || p->text[p->at] != '\\' || p->text[p->at + 1] != 'u') {
                    j_fail(p, "high surrogate without a low one");
                    free(out);
                    return NULL;
                }
                p->at += 2;
                if (!j_hex4(p, &low)) {
                    free(out);
                    return NULL;
                }
                if (low < 0xDC00 || low > 0xDFFF) {
                    j_fail(p, "high surrogate without a low one");
                    free(out);
                    return NULL;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            /* A \u escape takes 6 bytes (12 for a pair) and encodes in at most 3
               (4), so the buffer is large enough. */
            n += j_utf8(cp, out + n);
            break;
        }
        default:
            p->at--;
            j_fail(p, "bad escape");
            free(out);
            return NULL;
        }
    }
    out[n] = '\0';
    *length_out = n;
    return out;
}

static inline j_value *j_parse_value(j_parser *p, int depth);

static inline j_value *j_parse_array(j_parser *p, int depth)
{
    j_value *v = j_array();
    p->at++; /* [ */
    j_skip_space(p);
    if (j_peek(p) == ']') {
        p->at++;
        return v;
    }
    for (;;) {
        j_value *item = j_parse_value(p, depth + 1);
        if (item == NULL) {
            j_free(v);
            return NULL;
        }
        j_push(v, item);
        j_skip_space(p);
        if (j_peek(p) == ',') {
            p->at++;
            continue;
        }
        if (j_peek(p) == ']') {
            p->at++;
            return v;
        }
        j_fail(p, "expected ',' or ']'");
        j_free(v);
        return NULL;
    }
}

static inline j_value *j_parse_object(j_parser *p, int depth)
{
    j_value *v = j_object();
    p->at++; /* { */
    j_skip_space(p);
    if (j_peek(p) == '}') {
        p->at++;
        return v;
    }
    for (;;) {
        char *key;
        size_t key_length;
        j_value *item;
        j_skip_space(p);
        if (j_peek(p) != '"') {
            j_fail(p, "expected a member name");
            j_free(v);
            return NULL;
        }
        key = j_parse_chars(p, &key_length);
        if (key == NULL) {
            j_free(v);
            return NULL;
        }
        j_skip_space(p);
        if (j_peek(p) != ':') {
            j_fail(p, "expected ':'");
            free(key);
            j_free(v);
            return NULL;
        }
        p->at++;
        item = j_parse_value(p, depth + 1);
        if (item == NULL) {
            free(key);
            j_free(v);
            return NULL;
        }
        j_reserve(v);
        v->keys[v->count] = key;
        v->items[v->count++] = item;
        j_skip_space(p);
        if (j_peek(p) == ',') {
            p->at++;
            continue;
        }
        if (j_peek(p) == '}') {
            p->at++;
            return v;
        }
        j_fail(p, "expected ',' or '}'");
        j_free(v);
        return NULL;
    }
}

static inline j_value *j_parse_value(j_parser *p, int depth)
{
    int c;
    if (depth > J_MAX_DEPTH) {
        j_fail(p, "nested too deeply");
        return NULL;
    }
    j_skip_space(p);
    c = j_peek(p);
    switch (c) {
    case '{': return j_parse_object(p, depth);
    case '[': return j_parse_array(p, depth);
    case '"': {
        size_t length = 0;
        char *s = j_parse_chars(p, &length);
        j_value *v;
        if (s == NULL) {
            return NULL;
        }
        v = j_new(J_STRING);
        v->string = s;
        v->length = length;
        return v;
    }
    case 't': return j_literal(p, "true") ? j_bool(1) : NULL;
    case 'f': return j_literal(p, "false") ? j_bool(0) : NULL;
    case 'n': return j_literal(p, "null") ? j_null() : NULL;
    default:
        if (c == '-' || j_is_digit(c)) {
            return j_parse_number(p);
        }
        j_fail(p, c < 0 ? "unexpected end of text" : "unexpected character");
        return NULL;
    }
}

/* Parses length bytes of text. Returns the tree (free it with j_free) or
   NULL, with a message in error (of error_size bytes). */
static inline j_value *j_parse(const char *text, size_t length, char *error, size_t error_size)
{
    j_parser p;
    j_value *v;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.length = length;
    v = j_parse_value(&p, 0);
    if (v != NULL) {
        j_skip_space(&p);
        if (p.at != p.length) {
            j_fail(&p, "text after the value");
            j_free(v);
            v = NULL;
        }
    }
    if (v == NULL && error != NULL && error_size > 0) {
        snprintf(error, error_size, "%s", p.error);
    }
    return v;
}

/* --- Comparing ----------------------------------------------------------- */

/* Whether a and b are the same JSON value; object member order does not
   matter. */
static inline int j_equal(const j_value *a, const j_value *b)
{
    size_t i;
    if (a->type != b->type) {
        return 0;
    }
    switch (a->type) {
    case J_NULL: return 1;
    case J_BOOL: return a->boolean == b->boolean;
    case J_NUMBER: return a->number == b->number;
    case J_STRING: return a->length == b->length && memcmp(a->string, b->string, a->length) == 0;
    case J_ARRAY:
        if (a->count != b->count) {
            return 0;
        }
        for (i = 0; i < a->count; i++) {
            if (!j_equal(a->items[i], b->items[i])) {
                return 0;
            }
        }
        return 1;
    case J_OBJECT:
        if (a->count != b->count) {
            return 0;
        }
        for (i = 0; i < a->count; i++) {
            const j_value *other = j_get(b, a->keys[i]);
            if (other == NULL || !j_equal(a->items[i], other)) {
                return 0;
            }
        }
        return 1;
    }
    return 0;
}

/* Whether every member expect names (recursively, for objects) has the same
   value in got; any other value must be equal as a whole. */
static inline int j_matches(const j_value *expect, const j_value *got)
{
    size_t i;
    if (expect->type != J_OBJECT) {
        return j_equal(expect, got);
    }
    if (got->type != J_OBJECT) {
        return 0;
    }
    for (i = 0; i < expect->count; i++) {
        const j_value *member = j_get(got, expect->keys[i]);
        if (member == NULL || !j_matches(expect->items[i], member)) {
            return 0;
        }
    }
    return 1;
}

/* --- Writing ------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} j_buf;

static inline void j_put(j_buf *b, const char *s, size_t n)
{
    if (b->capacity - b->length < n + 1) {
        size_t want = b->length + n + 1;
        b->capacity = b->capacity * 2 > want ? b->capacity * 2 : want + 64;
        b->data = (char *)j_grow(b->data, b->capacity);
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

static inline void j_puts(j_buf *b, const char *s) { j_put(b, s, strlen(s)); }

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void j_printf(j_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof small) {
        j_put(b, small, (size_t)n);
    } else {
        char *big = (char *)j_alloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        j_put(b, big, (size_t)n);
        free(big);
    }
}

static inline void j_write_string(j_buf *b, const char *s, size_t n)
{
    size_t i;
    j_put(b, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': j_puts(b, "\\\""); break;
        case '\\': j_puts(b, "\\\\"); break;
        case '\n': j_puts(b, "\\n"); break;
        case '\r': j_puts(b, "\\r"); break;
        case '\t': j_puts(b, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                j_printf(b, "\\u%04x", (unsigned)c);
            } else {
                j_put(b, (const char *)&s[i], 1);
            }
        }
    }
    j_put(b, "\"", 1);
}

/* Appends v as compact JSON to b. */
static inline void j_write(j_buf *b, const j_value *v)
{
    size_t i;
    switch (v->type) {
    case J_NULL: j_puts(b, "null"); break;
    case J_BOOL: j_puts(b, v->boolean ? "true" : "false"); break;
    case J_NUMBER:
        if (v->number > -1e15 && v->number < 1e15 && v->number == (double)(long long)v->number) {
            j_printf(b, "%lld", (long long)v->number);
        } else {
            j_printf(b, "%.17g", v->number);
        }
        break;
    case J_STRING: j_write_string(b, v->string, v->length); break;
    case J_ARRAY:
        j_put(b, "[", 1);
        for (i = 0; i < v->count; i++) {
            if (i > 0) {
                j_put(b, ",", 1);
            }
            j_write(b, v->items[i]);
        }
        j_put(b, "]", 1);
        break;
    case J_OBJECT:
        j_put(b, "{", 1);
        for (i = 0; i < v->count; i++) {
            if (i > 0) {
                j_put(b, ",", 1);
            }
            j_write_string(b, v->keys[i], strlen(v->keys[i]));
            j_put(b, ":", 1);
            j_write(b, v->items[i]);
        }
        j_put(b, "}", 1);
        break;
    }
}

/* v as a malloc'ed JSON string the caller frees. */
static inline char *j_to_string(const j_value *v)
{
    j_buf b = {NULL, 0, 0};
    j_write(&b, v);
    return b.data;
}

#endif
