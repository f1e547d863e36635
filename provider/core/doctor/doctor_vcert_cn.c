/*
 * doctor_vcert_cn.c - the verification certificate's subject must be exactly
 * CN=<code>. When it is not, say how it differs: case, white space,
 * typographic characters, cut short, more than the code, or another code.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include "doctor_check.h"

/* The first CN as UTF-8, OPENSSL_malloc'd; NULL when there is none. */
static unsigned char *pv_cn(X509 *vc, size_t *len, int *more)
{
    const X509_NAME *name = X509_get_subject_name(vc);
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    unsigned char *utf8 = NULL;
    int n;

    *more = X509_NAME_entry_count(name) > 1;
    if (i < 0)
        return NULL;
    n = ASN1_STRING_to_UTF8(&utf8,
                            X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    *len = n > 0 ? (size_t)n : 0;
    return n >= 0 ? utf8 : NULL;
}

static size_t pv_trim(const unsigned char *s, size_t len, size_t *start)
{
    size_t b = 0, e = len;

    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
        b++;
    while (e > b &&
           (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
        e--;
    *start = b;
    return e - b;
}

static int pv_ascii_only_equal(const unsigned char *s, size_t len, const PV_CODE *c)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        if (s[i] >= 0x80)
            continue;
        if (o >= c->len || s[i] != (unsigned char)c->text[o++])
            return 0;
    }
    return o == c->len && o < len;
}

static int pv_hex_only(const unsigned char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') ||
              ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
            return 0;
    return len > 0;
}

/* The id of how cn differs from the code. */
static const char *pv_cn_diff(const PV_DOCTOR *d, const unsigned char *cn, size_t len)
{
    const PV_CODE *c = &d->code;
    size_t start, tlen = pv_trim(cn, len, &start);

    if (tlen == c->len && memcmp(cn + start, c->text, c->len) == 0)
        return "VCERT_CN_WHITESPACE";
    if (pv_ascii_only_equal(cn, len, c))
        return "VCERT_CN_NON_ASCII";
    if (len == c->len && OPENSSL_strncasecmp((const char *)cn, c->text, len) == 0)
        return "VCERT_CN_CASE";
    if (len < c->len && memcmp(cn, c->text, len) == 0)
        return "VCERT_CN_TRUNCATED";
    if (len > c->len && memcmp(cn, c->text, c->len) == 0)
        return "VCERT_CN_EXTRA";
    if (len == c->len && (d->profile == NULL || d->profile->charset != PV_CHARSET_HEX ||
                          pv_hex_only(cn, len)))
        return "VCERT_CN_STALE";
    return "VCERT_CN_MISMATCH";
}

static const char *pv_cn_what(const char *id)
{
    static const char *const whats[][2] = {
        {"VCERT_CN_WHITESPACE", "has white space or a line end around the code"},
        {"VCERT_CN_NON_ASCII", "has non-ASCII characters around or in the code (smart "
                               "quotes pasted into -subj?)"},
        {"VCERT_CN_CASE",
         "is the code in another case; the platform compares it exactly"},
        {"VCERT_CN_TRUNCATED", "is the code cut short"},
        {"VCERT_CN_EXTRA", "is the code with more characters after it"},
        {"VCERT_CN_STALE",
         "is another code of the same kind: an older code? A new one is "
         "issued each time you ask, and only the latest counts"},
        {"VCERT_CN_MISMATCH", "is not the verification code"}};
    size_t i;

    for (i = 0; i < sizeof(whats) / sizeof(whats[0]); i++)
        if (strcmp(whats[i][0], id) == 0)
            return whats[i][1];
    return "differs from the code";
}

static size_t pv_first_diff(const unsigned char *a, size_t alen, const char *b,
                            size_t blen)
{
    size_t i;

    for (i = 0; i < alen && i < blen && a[i] == (unsigned char)b[i]; i++)
        continue;
    return i;
}

static void pv_cn_mismatch(PV_DOCTOR *d, const unsigned char *cn, size_t len)
{
    const char *id = pv_cn_diff(d, cn, len);
    char shown[200], code[200];
    PV_FINDING *f;

    pv_show_bytes(cn, len, shown, sizeof(shown));
    pv_show_bytes((const unsigned char *)d->code.text, d->code.len, code, sizeof(code));
    f = pv_find(d, id, PV_SEV_ERROR, "the verification certificate's CN %s",
                pv_cn_what(id));
    pv_find_evidence(f,
                     "CN %s (%zu characters), code %s (%zu characters), first "
                     "difference at offset %zu",
                     shown, len, code, d->code.len,
                     pv_first_diff(cn, len, d->code.text, d->code.len));
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

void pv_doctor_vcert_cn(PV_DOCTOR *d, X509 *vc)
{
    size_t len = 0;
    int more = 0;
    unsigned char *cn = pv_cn(vc, &len, &more);
    char subject[256];
    PV_FINDING *f;

    pv_cert_subject(vc, subject, sizeof(subject));
    if (cn == NULL) {
        f = pv_find(
            d, "VCERT_NO_CN", PV_SEV_ERROR,
            "the verification certificate's subject has no CN; it must be CN=<code>");
        pv_find_evidence(f, "subject %s", subject);
        pv_fix_vcert(d, f->fix, sizeof(f->fix));
        return;
    }
    if (!d->have_code)
        pv_note(d->env, "not checked: the verification certificate's CN against the code "
                        "(give --code or --code-file)");
    else if (len != d->code.len || memcmp(cn, d->code.text, len) != 0)
        pv_cn_mismatch(d, cn, len);
    OPENSSL_free(cn);
    if (!more)
        return;
    f = pv_find(d, "VCERT_SUBJECT_EXTRA", PV_SEV_ERROR,
                "the verification certificate's subject has more than the CN; it must be "
                "exactly CN=<code>");
    pv_find_evidence(f, "subject %s", subject);
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}
