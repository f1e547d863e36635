/*
 * doctor_code_content.c - a code input that is not a code: a PEM or JSON
 * file, several lines, control characters, or typographic characters pasted
 * from a document. Where the intended code can still be seen (the JSON
 * field, the text without smart quotes), the later checks use it.
 */
#include <stdio.h>
#include <string.h>
#include "doctor_check.h"

static const unsigned char *pv_search(const unsigned char *in, size_t len, const char *s)
{
    size_t n = strlen(s), i;

    for (i = 0; i + n <= len; i++)
        if (memcmp(in + i, s, n) == 0)
            return in + i;
    return NULL;
}

static int pv_content_pem(PV_DOCTOR *d, const unsigned char *in, size_t len)
{
    const unsigned char *p = pv_search(in, len, "-----BEGIN ");
    size_t n = 0;
    char fix[PV_FIX_MAX];
    PV_FINDING *f;

    if (p == NULL)
        return 0;
    while (p + n < in + len && n < 64 && p[n] != '\n' && p[n] != '\r')
        n++;
    f = pv_find(d, "CODE_IS_PEM", PV_SEV_ERROR,
                "%s holds a PEM object (a certificate or key?), not the verification "
                "code",
                d->req->code_source);
    pv_find_evidence(f, "it contains \"%.*s\"", (int)n, (const char *)p);
    pv_fix_code(d, "VERIFICATION_CODE", 0, fix, sizeof(fix));
    pv_find_fix(f, "%s  # the code the platform shows", fix);
    return 1;
}

/* The value of "key": "value" in JSON text; its length, or 0. */
static size_t pv_json_field(const unsigned char *in, size_t len, const char *key,
                            const unsigned char **val)
{
    char quoted[64];
    const unsigned char *p, *end = in + len;
    size_t n = 0;

    snprintf(quoted, sizeof(quoted), "\"%s\"", key);
    if ((p = pv_search(in, len, quoted)) == NULL)
        return 0;
    p += strlen(quoted);
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ':'))
        p++;
    if (p >= end || *p++ != '"')
        return 0;
    while (p + n < end && p[n] != '"' && p[n] != '\\' && n < PV_CODE_MAX)
        n++;
    if (p + n >= end || p[n] != '"' || n == 0)
        return 0;
    *val = p;
    return n;
}

static int pv_content_json(PV_DOCTOR *d, const unsigned char *in, size_t len)
{
    static const char *const keys[] = {"proofOfPossessionUnsignedVerificationCode",
                                       "verificationCode", "registrationCode"};
    const unsigned char *val = NULL;
    size_t i = 0, n = 0;
    char code[PV_CODE_MAX + 1], fix[PV_FIX_MAX], shown[160];
    PV_FINDING *f;

    while (i < len && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n'))
        i++;
    if (i == len || (in[i] != '{' && in[i] != '['))
        return 0;
    for (i = 0; i < 3 && n == 0; i++)
        n = pv_json_field(in, len, keys[i], &val);
    f = pv_find(
        d, "CODE_IS_JSON", PV_SEV_ERROR,
        "%s holds JSON (a platform's API answer?), not just the verification code",
        d->req->code_source);
    if (n == 0) {
        pv_show_bytes(in, len, shown, sizeof(shown));
        pv_find_evidence(f, "it starts %s", shown);
        pv_fix_code(d, "VERIFICATION_CODE", 0, fix, sizeof(fix));
        pv_find_fix(f, "%s  # the code the platform shows", fix);
        return 1;
    }
    memcpy(code, val, n);
    code[n] = '\0';
    pv_find_evidence(f, "it holds \"%s\": \"%s\"", keys[i - 1], code);
    pv_fix_code(d, code, 0, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
    pv_doctor_use_code(d, code, n, "the code found in the JSON");
    return 1;
}

/* Length of the UTF-8 sequence at p and its code point, or 0 if invalid. */
static size_t pv_utf8(const unsigned char *p, size_t n, unsigned long *cp)
{
    size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0, i;

    if (len == 0 || len > n || p[0] > 0xF4)
        return 0;
    *cp = p[0] & (0x7F >> len);
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        *cp = *cp << 6 | (p[i] & 0x3F);
    }
    return len;
}

/* 'q' a typographic quote, '-' a dash, ' ' an odd space, 0 anything else. */
static char pv_typographic(unsigned long cp)
{
    if ((cp >= 0x2018 && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2039 ||
        cp == 0x203A)
        return 'q';
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return '-';
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x2060 ||
        cp == 0xFEFF)
        return ' ';
    return 0;
}

/* The text without typographic characters (dashes as '-'); 0 if other bytes stay. */
static size_t pv_deprettify(const unsigned char *in, size_t len, char *out, int *quotes)
{
    size_t i = 0, o = 0, n;
    unsigned long cp;
    char kind;

    *quotes = 1;
    while (i < len) {
        if (in[i] >= 0x20 && in[i] < 0x7F) {
            out[o++] = (char)in[i++];
            continue;
        }
        if ((n = pv_utf8(in + i, len - i, &cp)) == 0 || (kind = pv_typographic(cp)) == 0)
            return 0;
        *quotes &= kind == 'q';
        if (kind == '-')
            out[o++] = '-';
        i += n;
    }
    out[o] = '\0';
    return o;
}

static void pv_first_odd(const unsigned char *in, size_t len, size_t base, char *out,
                         size_t outlen)
{
    size_t i, n;
    unsigned long cp;

    for (i = 0; i < len && in[i] >= 0x20 && in[i] < 0x7F; i++)
        continue;
    if (i == len)
        snprintf(out, outlen, "nothing");
    else if (in[i] >= 0x80 && (n = pv_utf8(in + i, len - i, &cp)) > 0)
        snprintf(out, outlen, "U+%04lX%s at offset %zu (%zu bytes in UTF-8)", cp,
                 pv_typographic(cp) == 'q' ? " (a typographic quote)" : "", base + i, n);
    else
        snprintf(out, outlen, "byte 0x%02X at offset %zu", in[i], base + i);
}

static int pv_content_odd(PV_DOCTOR *d, const unsigned char *in, size_t len, size_t base)
{
    char clean[PV_CODE_MAX * 4 + 1], first[96], shown[200], fix[PV_FIX_MAX];
    int quotes = 0;
    size_t n = len <= PV_CODE_MAX * 4 ? pv_deprettify(in, len, clean, &quotes) : 0;
    PV_FINDING *f;

    quotes &= n > 0;
    pv_first_odd(in, len, base, first, sizeof(first));
    pv_show_bytes(in, len, shown, sizeof(shown));
    f = pv_find(d, quotes ? "CODE_SMART_QUOTES" : "CODE_NON_ASCII", PV_SEV_ERROR,
                "%s has %s; platform codes are plain ASCII (pasted from a document or "
                "chat?)",
                d->req->code_source,
                quotes ? "typographic quotes" : "characters outside ASCII");
    pv_find_evidence(f, "%s in %s", first, shown);
    if (n == 0) {
        pv_fix_code(d, "VERIFICATION_CODE", 1, fix, sizeof(fix));
        pv_find_fix(f, "%s  # type or copy the code again as plain text", fix);
        return 1;
    }
    pv_fix_code(d, clean, 1, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
    pv_doctor_use_code(d, clean, n, "without the typographic characters");
    return 1;
}

static int pv_content_control(PV_DOCTOR *d, const unsigned char *in, size_t len,
                              size_t base)
{
    char shown[200];
    size_t i;
    PV_FINDING *f;

    for (i = 0; i < len && (in[i] >= 0x20 || in[i] == '\n' || in[i] == '\r'); i++)
        continue;
    if (i == len)
        return 0;
    pv_show_bytes(in, len, shown, sizeof(shown));
    f = pv_find(d, "CODE_CONTROL_CHAR", PV_SEV_ERROR,
                "%s has a control character inside the code (%s)", d->req->code_source,
                in[i] == 0 ? "a NUL byte" : "not printable");
    pv_find_evidence(f, "byte 0x%02X at offset %zu in %s", in[i], base + i, shown);
    pv_find_fix(f,
                "printf '%%s' 'VERIFICATION_CODE' > code.txt  # the code as plain text");
    return 1;
}

/* The non-blank lines of in: how many, and whether they are all the same. */
static size_t pv_lines(const unsigned char *in, size_t len, size_t *first, size_t *flen,
                       int *same)
{
    size_t i = 0, n = 0;

    *same = 1;
    while (i < len) {
        size_t s = i, e;

        while (i < len && in[i] != '\n' && in[i] != '\r')
            i++;
        e = i;
        while (i < len && (in[i] == '\n' || in[i] == '\r'))
            i++;
        while (s < e && (in[s] == ' ' || in[s] == '\t'))
            s++;
        while (e > s && (in[e - 1] == ' ' || in[e - 1] == '\t'))
            e--;
        if (e == s)
            continue;
        if (n++ == 0) {
            *first = s;
            *flen = e - s;
        } else if (e - s != *flen || memcmp(in + s, in + *first, *flen) != 0) {
            *same = 0;
        }
    }
    return n;
}

static int pv_content_lines(PV_DOCTOR *d, const unsigned char *in, size_t len)
{
    size_t first = 0, flen = 0, n;
    int same;
    char shown[200], fix[PV_FIX_MAX], line[PV_CODE_MAX + 1];
    PV_FINDING *f;

    if (memchr(in, '\n', len) == NULL && memchr(in, '\r', len) == NULL)
        return 0;
    n = pv_lines(in, len, &first, &flen, &same);
    pv_show_bytes(in, len, shown, sizeof(shown));
    snprintf(line, sizeof(line), "%.*s", (int)flen, (const char *)in + first);
    f = pv_find(d, n > 1 && same ? "CODE_PASTED_TWICE" : "CODE_MULTILINE", PV_SEV_ERROR,
                n > 1 && same ? "%s holds the same code on %zu lines (pasted twice?)"
                              : "%s holds %zu lines of text; a code is one line",
                d->req->code_source, n);
    pv_find_evidence(f, "%s", shown);
    if (n > 1 && !same) {
        pv_find_fix(f, "printf '%%s' 'VERIFICATION_CODE' > code.txt  # only the code");
        return 1;
    }
    pv_fix_code(d, line, 1, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
    pv_doctor_use_code(d, line, strlen(line), "its one line");
    return 1;
}

int pv_doctor_code_content(PV_DOCTOR *d, const unsigned char *in, size_t len)
{
    size_t start, end, i;

    if (pv_content_pem(d, in, len) || pv_content_json(d, in, len))
        return 1;
    pv_code_bounds(in, len, &start, &end);
    if (pv_content_control(d, in + start, end - start, start))
        return 1;
    for (i = start; i < end && in[i] < 0x80; i++)
        continue;
    if (i < end)
        return pv_content_odd(d, in + start, end - start, start);
    return pv_content_lines(d, in + start, end - start);
}
