/*
 * doctor_variant.c - what people sign instead of the code: the file with its
 * line end, the code with a BOM, in another case, in quotes. A signature
 * that verifies over one of these says exactly which mistake was made.
 */
#include <stdio.h>
#include <string.h>
#include "doctor_check.h"

typedef struct pv_rule_st {
    const char *desc;
    const char *pre, *post;
    size_t prelen, postlen;
    int map; /* 0 as is, 1 lower case, 2 upper case */
} PV_RULE;

static const PV_RULE pv_rules[] = {
    {"the code", "", "", 0, 0, 0},
    {"the code with a line end (LF) after it, as echo writes it", "", "\n", 0, 1, 0},
    {"the code with a Windows line end (CRLF) after it", "", "\r\n", 0, 2, 0},
    {"a UTF-8 byte order mark and the code", "\xEF\xBB\xBF", "", 3, 0, 0},
    {"a UTF-8 byte order mark, the code and a CRLF", "\xEF\xBB\xBF", "\r\n", 3, 2, 0},
    {"the code in lower case", "", "", 0, 0, 1},
    {"the code in upper case", "", "", 0, 0, 2},
    {"the code with a space after it", "", " ", 0, 1, 0},
    {"the code with a space before it", " ", "", 1, 0, 0},
    {"the code in double quotes", "\"", "\"", 1, 1, 0},
    {"the code with a NUL byte after it (a C string's end)", "", "\0", 0, 1, 0},
};

static unsigned char pv_map(char c, int map)
{
    if (map == 1 && c >= 'A' && c <= 'Z')
        return (unsigned char)(c - 'A' + 'a');
    if (map == 2 && c >= 'a' && c <= 'z')
        return (unsigned char)(c - 'a' + 'A');
    return (unsigned char)c;
}

static int pv_seen(const PV_VARIANT *v, size_t n, const PV_VARIANT *x)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i].len == x->len && memcmp(v[i].bytes, x->bytes, x->len) == 0)
            return 1;
    return 0;
}

static void pv_variant_rule(const PV_CODE *c, const PV_RULE *r, PV_VARIANT *v, size_t *n)
{
    PV_VARIANT *x = &v[*n];
    size_t i;

    memcpy(x->bytes, r->pre, r->prelen);
    for (i = 0; i < c->len; i++)
        x->bytes[r->prelen + i] = pv_map(c->text[i], r->map);
    memcpy(x->bytes + r->prelen + c->len, r->post, r->postlen);
    x->len = r->prelen + c->len + r->postlen;
    snprintf(x->desc, sizeof(x->desc), "%s", r->desc);
    if (!pv_seen(v, *n, x))
        (*n)++;
}

/* The input exactly as given, when that is not the code itself. */
static void pv_variant_input(const PV_DOCTOR *d, PV_VARIANT *v, size_t *n)
{
    const PV_REQUEST *r = d->req;
    PV_VARIANT *x = &v[*n];
    char shown[120];

    if (r->code == NULL || r->code_len > sizeof(x->bytes))
        return;
    memcpy(x->bytes, r->code, r->code_len);
    x->len = r->code_len;
    pv_show_bytes(r->code, r->code_len, shown, sizeof(shown));
    snprintf(x->desc, sizeof(x->desc), "%s exactly as it is, %s (%zu bytes)",
             strncmp(r->code_source, "--", 2) == 0 ? "the --code text" : r->code_source,
             shown, r->code_len);
    if (!pv_seen(v, *n, x))
        (*n)++;
}

size_t pv_doctor_variants(const PV_DOCTOR *d, PV_VARIANT *v, size_t max)
{
    size_t n = 0, i;

    for (i = 0; i < sizeof(pv_rules) / sizeof(pv_rules[0]) && n < max; i++) {
        if (i == 1)
            pv_variant_input(d, v, &n);
        if (n < max)
            pv_variant_rule(&d->code, &pv_rules[i], v, &n);
    }
    return n;
}
