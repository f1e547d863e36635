/*
 * doctor_sigtext.c - from the signature text the user has to the signature
 * bytes, saying each way the text differs from one line of padded standard
 * base64: line breaks, URL-safe alphabet, stray characters, hex, binary,
 * missing padding, cut short. The bytes recovered go on to the meaning
 * checks, so one run says both "re-encode it" and "it was signed wrong".
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "checks.h"
#include "b64.h"
#include "doctor_check.h"

/* A text fix: the input as the user has it, through filter. */
static void pv_text_fix(const PV_DOCTOR *d, PV_FINDING *f, const char *filter)
{
    char input[PV_FIX_MAX];

    pv_fix_input(d->req->signature_source, d->req->signature, d->req->signature_len,
                 input, sizeof(input));
    pv_find_fix(f, "%s %s", input, filter);
}

static void pv_key_text(const PV_DOCTOR *d, char *out, size_t outlen)
{
    EVP_PKEY *pub = d->ca != NULL ? X509_get0_pubkey(d->ca) : NULL;

    if (pub == NULL) {
        snprintf(out, outlen, "the CA key");
        return;
    }
    pv_key_describe(pub, out, outlen);
}

/* The recovered bytes become d->sig unless they are too short to be any
 * key's signature; a whole signature of another key is said as such later. */
static void pv_sig_take(PV_DOCTOR *d, unsigned char *raw, size_t len)
{
    char key[64], fix[PV_FIX_MAX];
    int fits;
    PV_FINDING *f;

    if (raw == NULL)
        return;
    fits = pv_sig_fits(d, raw, len);
    if (fits != 1 && pv_sig_shape(raw, len, d->sig_shape, sizeof(d->sig_shape)))
        fits = 2;
    if (fits != 0) {
        d->sig = raw;
        d->siglen = len;
        return;
    }
    OPENSSL_free(raw);
    pv_key_text(d, key, sizeof(key));
    f = pv_find(d, "SIG_TRUNCATED", PV_SEV_ERROR,
                "%s is cut short: too few bytes for a signature of this CA's key",
                d->req->signature_source);
    pv_find_evidence(
        f, "it decodes to %zu bytes, too few for a signature of the CA's %s key%s", len,
        key,
        EVP_PKEY_is_a(X509_get0_pubkey(d->ca), "RSA") ? " (one byte per "
                                                        "modulus byte)"
                                                      : "");
    pv_fix_sign(d, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
}

static int pv_binary(const unsigned char *in, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if ((in[i] < 0x20 && in[i] != '\n' && in[i] != '\r' && in[i] != '\t') ||
            in[i] >= 0x7F)
            return 1;
    return 0;
}

static void pv_sig_binary(PV_DOCTOR *d)
{
    PV_FINDING *f = pv_find(d, "SIG_BINARY", PV_SEV_ERROR,
                            "%s holds raw signature bytes, not base64 text",
                            d->req->signature_source);

    pv_text_fix(d, f, "openssl base64 -A");

    pv_find_evidence(f, "%zu bytes, some not printable: %02X %02X %02X ...",
                     d->req->signature_len, d->req->signature[0],
                     d->req->signature_len > 1 ? d->req->signature[1] : 0,
                     d->req->signature_len > 2 ? d->req->signature[2] : 0);
    pv_sig_take(d, OPENSSL_memdup(d->req->signature, d->req->signature_len),
                d->req->signature_len);
}

/* Line ends: only at the end (a file written with echo), or inside (wrapped). */
static void pv_sig_lines(PV_DOCTOR *d, unsigned char *w, size_t *n, int report)
{
    size_t i, o = 0, end = *n, breaks = 0, first = 0;
    PV_FINDING *f;

    while (end > 0 && (w[end - 1] == '\n' || w[end - 1] == '\r'))
        end--;
    for (i = 0; i < *n; i++) {
        if (w[i] == '\n' || w[i] == '\r') {
            if (i < end && breaks++ == 0)
                first = i;
            continue;
        }
        w[o++] = w[i];
    }
    if (o == *n || !report) {
        *n = o;
        return;
    }
    if (breaks > 0) {
        f = pv_find(
            d, "SIG_WRAPPED_BASE64", PV_SEV_ERROR,
            "%s is base64 wrapped over several lines; the platform wants one line",
            d->req->signature_source);
        pv_find_evidence(f, "first line break at offset %zu, %zu line breaks inside",
                         first, breaks);
    } else {
        f = pv_find(d, "SIG_TRAILING_NEWLINE", PV_SEV_ERROR,
                    "%s ends with a line end; the platform decodes the text strictly and "
                    "refuses it",
                    d->req->signature_source);
        pv_find_evidence(f, "%zu line-end bytes after the base64", *n - o);
    }
    pv_text_fix(d, f, "tr -d '\\r\\n'");
    *n = o;
}

static int pv_is_hex_digit(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int pv_hex_value(unsigned char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Where the hex of `openssl dgst -hex` output ("...(file)= 3a4f...") starts. */
static size_t pv_hex_offset(const unsigned char *w, size_t n)
{
    size_t i;

    for (i = n; i >= 2; i--)
        if (w[i - 2] == '=' && w[i - 1] == ' ')
            return i;
    return 0;
}

static unsigned char *pv_unhex(const unsigned char *w, size_t n, int *upper)
{
    unsigned char *raw = OPENSSL_malloc(n / 2 + 1);
    size_t i;

    *upper = 0;
    for (i = 0; raw != NULL && i < n; i++) {
        if (!pv_is_hex_digit(w[i])) {
            OPENSSL_free(raw);
            return NULL;
        }
        *upper |= w[i] >= 'A' && w[i] <= 'F';
        if (i % 2 == 1)
            raw[i / 2] =
                (unsigned char)(pv_hex_value(w[i - 1]) << 4 | pv_hex_value(w[i]));
    }
    return raw;
}

/* Would the same text, read as base64, give a signature of the right size? */
static int pv_b64_fits(const PV_DOCTOR *d, const unsigned char *w, size_t n)
{
    unsigned char *raw = NULL;
    size_t rawlen = 0;
    char why[128];
    int fits =
        pv_b64_decode_strict((const char *)w, n, &raw, &rawlen, why, sizeof(why)) &&
        pv_sig_fits(d, raw, rawlen) == 1;

    OPENSSL_free(raw);
    return fits;
}

static int pv_sig_hex(PV_DOCTOR *d, const unsigned char *w, size_t n, int prefixed)
{
    size_t off = pv_hex_offset(w, n), hn = n - off;
    int upper = 0, hex;
    unsigned char *raw;
    PV_FINDING *f;

    if ((prefixed && off == 0) || hn < 16 || hn % 2 != 0 ||
        (raw = pv_unhex(w + off, hn, &upper)) == NULL)
        return 0;
    if (d->ca != NULL)
        hex = off > 0 || (pv_sig_complete(d, raw, hn / 2) && !pv_b64_fits(d, w, n));
    else
        hex = off > 0 || (!upper && hn >= 64);
    if (!hex) {
        OPENSSL_free(raw);
        return 0;
    }
    f = pv_find(d, "SIG_HEX", PV_SEV_ERROR,
                "%s is hex (openssl dgst -hex or xxd output), not base64",
                d->req->signature_source);
    pv_find_evidence(f, "%zu hex digits%s", hn,
                     off > 0 ? " after an openssl dgst \"...= \" prefix" : "");
    pv_text_fix(d, f,
                off > 0 ? "sed 's/.*= //' | xxd -r -p | openssl base64 -A"
                        : "xxd -r -p | openssl base64 -A");
    pv_sig_take(d, raw, hn / 2);
    return 1;
}

static int pv_b64_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
}

/* c as tr(1) reads it inside a set. */
static size_t pv_tr_char(unsigned char c, char *out, size_t outlen)
{
    if (c == '\\')
        return (size_t)snprintf(out, outlen, "\\\\");
    if (c < 0x20 || c >= 0x7F)
        return (size_t)snprintf(out, outlen, "\\%03o", c);
    return (size_t)snprintf(out, outlen, "%c", c);
}

static void pv_sig_stray(PV_DOCTOR *d, unsigned char *w, size_t *n, int report)
{
    unsigned char seen[256] = {0};
    char set[128] = "", qset[160], shown[96], filter[200];
    size_t i, o = 0, first = 0, used = 0, dropped = 0;
    unsigned char firstc = 0;
    PV_FINDING *f;

    for (i = 0; i < *n; i++) {
        if (pv_b64_char(w[i])) {
            w[o++] = w[i];
            continue;
        }
        if (dropped++ == 0) {
            first = i;
            firstc = w[i];
        }
        if (!seen[w[i]]++ && used + 5 < sizeof(set))
            used += pv_tr_char(w[i], set + used, sizeof(set) - used);
    }
    if (dropped == 0 || !report) {
        *n = o;
        return;
    }
    pv_show_bytes(&firstc, 1, shown, sizeof(shown));
    f = pv_find(d, "SIG_STRAY_CHARACTERS", PV_SEV_ERROR,
                "%s has characters that are not base64 (quotes, spaces, a BOM, JSON "
                "escapes ...)",
                d->req->signature_source);
    pv_find_evidence(f, "%zu such characters, the first %s at offset %zu", dropped, shown,
                     first);
    pv_shq(set, qset, sizeof(qset));
    snprintf(filter, sizeof(filter), "tr -d %s", qset);
    pv_text_fix(d, f, filter);
    *n = o;
}

static void pv_sig_urlsafe(PV_DOCTOR *d, unsigned char *w, size_t n)
{
    size_t i, count = 0, first = 0;
    PV_FINDING *f;

    for (i = 0; i < n; i++) {
        if (w[i] != '-' && w[i] != '_')
            continue;
        if (count++ == 0)
            first = i;
        w[i] = w[i] == '-' ? '+' : '/';
    }
    if (count == 0)
        return;
    f = pv_find(d, "SIG_URLSAFE_BASE64", PV_SEV_ERROR,
                "%s uses the URL-safe base64 alphabet (- and _); the platform wants the "
                "standard one (+ and /)",
                d->req->signature_source);
    pv_find_evidence(f, "%zu URL-safe characters, the first at offset %zu", count, first);
    pv_text_fix(d, f, "tr -- '-_' '+/'");
}

/* Missing padding is added (and said when that makes a whole signature). */
static void pv_sig_decode(PV_DOCTOR *d, unsigned char *w, size_t n)
{
    size_t pad = n % 4 == 0 ? 0 : 4 - n % 4, rawlen = 0;
    unsigned char *raw = NULL;
    char why[PV_MSG_MAX / 2], filter[64];
    PV_FINDING *f;

    if (pad == 3) {
        f = pv_find(d, "SIG_TRUNCATED", PV_SEV_ERROR,
                    "%s is cut short: %zu base64 characters cannot end a text",
                    d->req->signature_source, n);
        pv_find_evidence(f, "%zu characters is one more than a multiple of 4", n);
        pv_fix_sign(d, f->fix, sizeof(f->fix));
        return;
    }
    memset(w + n, '=', pad);
    if (!pv_b64_decode_strict((const char *)w, n + pad, &raw, &rawlen, why,
                              sizeof(why))) {
        f = pv_find(d, "SIG_NOT_BASE64", PV_SEV_ERROR, "%s is not a base64 signature",
                    d->req->signature_source);
        pv_find_evidence(f, "after the repairs above it still %s", why);
        pv_fix_sign(d, f->fix, sizeof(f->fix));
        return;
    }
    if (pad > 0 && pv_sig_complete(d, raw, rawlen)) {
        f = pv_find(d, "SIG_MISSING_PADDING", PV_SEV_ERROR,
                    "%s lacks the base64 padding (=) at the end",
                    d->req->signature_source);
        pv_find_evidence(f, "%zu characters, not a multiple of 4; %zu '=' make it whole",
                         n, pad);
        snprintf(filter, sizeof(filter), "sed 's/$/%.*s/'", (int)pad, "==");
        pv_text_fix(d, f, filter);
    }
    pv_sig_take(d, raw, rawlen);
}

/* Hex is read as it is: its line ends and spaces are not worth a word. */
static int pv_sig_is_hex(PV_DOCTOR *d, const unsigned char *in, size_t len)
{
    unsigned char *w = OPENSSL_memdup(in, len);
    size_t n = len;
    int hex = 0;

    if (w == NULL)
        return 0;
    pv_sig_lines(d, w, &n, 0);
    if (!(hex = pv_sig_hex(d, w, n, 1))) {
        pv_sig_stray(d, w, &n, 0);
        hex = pv_sig_hex(d, w, n, 0);
    }
    OPENSSL_free(w);
    return hex;
}

void pv_doctor_sigtext(PV_DOCTOR *d)
{
    const unsigned char *in = d->req->signature;
    size_t len = d->req->signature_len, n = len;
    size_t bom = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    unsigned char *w;
    PV_FINDING *f;

    if (len == 0) {
        f = pv_find(d, "SIG_EMPTY", PV_SEV_ERROR, "%s is empty",
                    d->req->signature_source);
        pv_fix_sign(d, f->fix, sizeof(f->fix));
        return;
    }
    if (pv_binary(in + bom, len - bom)) {
        pv_sig_binary(d);
        return;
    }
    if (pv_sig_is_hex(d, in, len) || (w = OPENSSL_malloc(len + 4)) == NULL)
        return;
    memcpy(w, in, len);
    pv_sig_lines(d, w, &n, 1);
    pv_sig_stray(d, w, &n, 1);
    pv_sig_urlsafe(d, w, n);
    pv_sig_decode(d, w, n);
    OPENSSL_free(w);
}
