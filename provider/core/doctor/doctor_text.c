/*
 * doctor_text.c - evidence shows the bytes the user has, escaped so that a
 * line end or a smart quote is visible; commands quote what the shell would
 * otherwise split.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "doctor_check.h"

/* One byte as it appears between double quotes; returns its length. */
static size_t pv_show_byte(unsigned char c, char out[5])
{
    static const char esc[] = "\n\r\t\"\\";
    static const char sym[] = "nrt\"\\";
    const char *p = c != 0 ? strchr(esc, c) : NULL;

    if (p != NULL)
        return (size_t)snprintf(out, 5, "\\%c", sym[p - esc]);
    if (c < 0x20 || c >= 0x7F)
        return (size_t)snprintf(out, 5, "\\x%02X", c);
    out[0] = (char)c;
    out[1] = '\0';
    return 1;
}

void pv_show_bytes(const unsigned char *in, size_t len, char *out, size_t outlen)
{
    size_t used = 1, i;
    char one[5];

    if (outlen < 8) {
        if (outlen > 0)
            out[0] = '\0';
        return;
    }
    out[0] = '"';
    for (i = 0; i < len; i++) {
        size_t n = pv_show_byte(in[i], one);

        if (used + n + 5 > outlen) {
            memcpy(out + used, "...", 3);
            used += 3;
            break;
        }
        memcpy(out + used, one, n);
        used += n;
    }
    out[used++] = '"';
    out[used] = '\0';
}

static int pv_shell_safe(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,"
                   "./-",
                   *s) == NULL)
            return 0;
    return 1;
}

void pv_shq(const char *in, char *out, size_t outlen)
{
    size_t used = 0;

    if (pv_shell_safe(in)) {
        snprintf(out, outlen, "%s", in);
        return;
    }
    if (outlen < 3) {
        if (outlen > 0)
            out[0] = '\0';
        return;
    }
    out[used++] = '\'';
    for (; *in != '\0' && used + 6 < outlen; in++) {
        if (*in == '\'') {
            memcpy(out + used, "'\\''", 4);
            used += 4;
        } else {
            out[used++] = *in;
        }
    }
    out[used++] = '\'';
    out[used] = '\0';
}

void pv_hex(const unsigned char *in, size_t len, char *out, size_t outlen)
{
    size_t i;

    if (outlen == 0)
        return;
    out[0] = '\0';
    for (i = 0; i < len && 2 * i + 2 < outlen; i++)
        snprintf(out + 2 * i, outlen - 2 * i, "%02x", in[i]);
}

int pv_spki_sha256(const PV_DOCTOR *d, EVP_PKEY *key, char *out, size_t outlen)
{
    unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
    size_t mdlen = 0;
    int len = i2d_PUBKEY(key, &der);
    int ok = len > 0 && EVP_Q_digest(d->env->libctx, "SHA256", d->env->propq, der,
                                     (size_t)len, md, &mdlen);

    OPENSSL_free(der);
    if (ok)
        pv_hex(md, mdlen, out, outlen);
    else
        snprintf(out, outlen, "(unavailable)");
    return ok;
}

const char *pv_platform(const PV_DOCTOR *d)
{
    const char *p = d->profile != NULL ? d->profile->platform : NULL;

    return p != NULL && *p != '\0' && strcmp(p, "generic") != 0 ? p : "the platform";
}

void pv_cert_subject(X509 *cert, char *out, size_t outlen)
{
    X509_NAME_oneline(X509_get_subject_name(cert), out, (int)outlen);
}

void pv_cert_issuer(X509 *cert, char *out, size_t outlen)
{
    X509_NAME_oneline(X509_get_issuer_name(cert), out, (int)outlen);
}

static void pv_capture_raise(void *arg, int reason, const char *msg)
{
    PV_CAPTURE *cap = arg;

    if (cap->reason != 0)
        return; /* the first error is the one that says why */
    cap->reason = reason;
    snprintf(cap->msg, sizeof(cap->msg), "%s", msg);
}

void pv_capture_env(const PV_DOCTOR *d, PV_ENV *env, PV_CAPTURE *cap)
{
    memset(cap, 0, sizeof(*cap));
    *env = d->quiet;
    env->raise = pv_capture_raise;
    env->raise_arg = cap;
}

void pv_time_text(const ASN1_TIME *t, char *out, size_t outlen)
{
    BIO *mem = BIO_new(BIO_s_mem());
    char *data;
    long len;

    snprintf(out, outlen, "?");
    if (mem != NULL && ASN1_TIME_print(mem, t) &&
        (len = BIO_get_mem_data(mem, &data)) > 0)
        snprintf(out, outlen, "%.*s", (int)len, data);
    BIO_free(mem);
}
