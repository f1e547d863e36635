/*
 * lint_util.c - reading a certificate the way the checks need it: one
 * extension instance at a time (duplicates must not hide the first), the
 * CN as text, and values shown safely in one-line messages.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "lint_check.h"

void *pv_lint_ext(X509 *cert, int nid, int *crit)
{
    int idx = X509_get_ext_by_NID(cert, nid, -1);
    X509_EXTENSION *ext = idx >= 0 ? X509_get_ext(cert, idx) : NULL;
    void *value;

    *crit = 0;
    if (ext == NULL)
        return NULL;
    *crit = X509_EXTENSION_get_critical(ext);
    ERR_set_mark();
    value = X509V3_EXT_d2i(ext);
    ERR_pop_to_mark();
    return value;
}

int pv_lint_cert_is_ca(X509 *cert)
{
    int crit;
    BASIC_CONSTRAINTS *bc = pv_lint_ext(cert, NID_basic_constraints, &crit);
    int ca = bc != NULL && bc->ca;

    BASIC_CONSTRAINTS_free(bc);
    return ca;
}

int pv_lint_has_client_auth(X509 *cert)
{
    int crit, i, found = 0;
    EXTENDED_KEY_USAGE *eku = pv_lint_ext(cert, NID_ext_key_usage, &crit);

    for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
        found |= OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i)) == NID_client_auth;
    EXTENDED_KEY_USAGE_free(eku);
    return found;
}

char *pv_lint_cn(X509 *cert)
{
    const X509_NAME *name = X509_get_subject_name(cert);
    int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    unsigned char *utf8 = NULL;

    if (idx < 0 || ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
                                                  X509_NAME_get_entry(name, idx))) < 0)
        return NULL;
    return (char *)utf8;
}

void pv_lint_show(const char *s, char *out, size_t outlen)
{
    size_t used = 0;
    unsigned char c;

    /* Each step leaves room for one \xNN, "..." and the NUL (outlen >= 8). */
    for (; *s != '\0' && used + 8 <= outlen; s++) {
        c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[used++] = (char)c;
        else
            used += (size_t)snprintf(out + used, outlen - used, "\\x%02X", c);
    }
    out[used] = '\0';
    if (*s != '\0')
        strcpy(out + used, "...");
}

void pv_lint_ext_text(X509_EXTENSION *ext, char *out, size_t outlen)
{
    BIO *mem = BIO_new(BIO_s_mem());
    char *data, *p, *q, c;
    long len = 0;

    snprintf(out, outlen, "?");
    ERR_set_mark();
    if (mem != NULL && X509V3_EXT_print(mem, ext, 0, 0) > 0 &&
        (len = BIO_get_mem_data(mem, &data)) > 0)
        snprintf(out, outlen, "%.*s", (int)len, data);
    ERR_pop_to_mark();
    BIO_free(mem);
    /* Lists print one item per line; a message is one printable line. */
    for (p = q = out; *p != '\0'; p++) {
        c = ((unsigned char)*p < 0x20 || *p == 0x7f) ? ' ' : *p;
        if (c != ' ' || (q > out && q[-1] != ' '))
            *q++ = c;
    }
    while (q > out && q[-1] == ' ')
        q--;
    *q = '\0';
}
