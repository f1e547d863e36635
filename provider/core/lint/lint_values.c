/*
 * lint_values.c - values the ASN.1 types let through but X.509 does not: a
 * NUL inside the CN (a name that reads as another to C code), a CN over the
 * 64 characters of ub-common-name (RFC 5280 appendix A), a PrintableString
 * holding characters outside its alphabet (X.680 41.4), a negative path
 * length (RFC 5280 4.2.1.9: 0 or more), a subjectAltName that does not
 * decode.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include "lint_check.h"

#define PV_CN_UB 64 /* ub-common-name */

static const ASN1_STRING *pv_lint_cn_value(X509 *cert)
{
    X509_NAME *name = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);

    return i < 0 ? NULL : X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
}

/* Characters, not bytes: UTF-8 lead bytes, BMP and Universal code units. */
static long pv_lint_chars(const ASN1_STRING *s)
{
    const unsigned char *p = ASN1_STRING_get0_data(s);
    int len = ASN1_STRING_length(s), i;
    long n = 0;

    if (ASN1_STRING_type(s) == V_ASN1_BMPSTRING)
        return len / 2;
    if (ASN1_STRING_type(s) == V_ASN1_UNIVERSALSTRING)
        return len / 4;
    for (i = 0; i < len; i++)
        n += ASN1_STRING_type(s) != V_ASN1_UTF8STRING || (p[i] & 0xC0) != 0x80;
    return n;
}

static void pv_lint_cn_bytes(PV_LINT *l)
{
    const ASN1_STRING *cn = pv_lint_cn_value(l->cert);
    const unsigned char *nul;
    long chars;

    if (cn == NULL)
        return;
    nul = memchr(ASN1_STRING_get0_data(cn), 0, (size_t)ASN1_STRING_length(cn));
    if (nul != NULL)
        pv_lint_find(l, "PV_CN_NUL", PV_LINT_ERROR,
                     "the CN holds a NUL byte at offset %ld; software that reads it as "
                     "a C string sees another name than the platform: reissue with a "
                     "CN of printable characters",
                     (long)(nul - ASN1_STRING_get0_data(cn)));
    if ((chars = pv_lint_chars(cn)) > PV_CN_UB)
        pv_lint_find(l, "PV_CN_TOO_LONG", PV_LINT_ERROR,
                     "the CN has %ld characters; RFC 5280 (ub-common-name) allows %d: "
                     "reissue with a CN of at most %d",
                     chars, PV_CN_UB, PV_CN_UB);
}

/* X.680 PrintableString: A-Z a-z 0-9 space ' ( ) + , - . / : = ? */
static int pv_lint_printable_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr(" '()+,-./:=?", c) != NULL);
}

static void pv_lint_printable(PV_LINT *l)
{
    X509_NAME *name = X509_get_subject_name(l->cert);
    const ASN1_STRING *s;
    const unsigned char *p;
    int i, j;

    for (i = 0; i < X509_NAME_entry_count(name); i++) {
        s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
        if (ASN1_STRING_type(s) != V_ASN1_PRINTABLESTRING)
            continue;
        p = ASN1_STRING_get0_data(s);
        for (j = 0; j < ASN1_STRING_length(s) && pv_lint_printable_char(p[j]); j++)
            ;
        if (j == ASN1_STRING_length(s))
            continue;
        pv_lint_find(l, "PV_DN_PRINTABLE_INVALID", PV_LINT_ERROR,
                     "the subject's %s is a PrintableString holding 0x%02x at offset %d, "
                     "which PrintableString does not allow: reissue it as a UTF8String "
                     "(openssl req -utf8, string_mask = utf8only)",
                     OBJ_nid2sn(OBJ_obj2nid(
                         X509_NAME_ENTRY_get_object(X509_NAME_get_entry(name, i)))),
                     p[j], j);
        return;
    }
}

static void pv_lint_pathlen(PV_LINT *l)
{
    BASIC_CONSTRAINTS *bc;

    ERR_set_mark();
    bc = X509_get_ext_d2i(l->cert, NID_basic_constraints, NULL, NULL);
    ERR_pop_to_mark();
    if (bc != NULL && bc->pathlen != NULL &&
        ASN1_STRING_type(bc->pathlen) == V_ASN1_NEG_INTEGER)
        pv_lint_find(l, "PV_CA_PATHLEN_NEGATIVE", PV_LINT_ERROR,
                     "basicConstraints has a negative pathLenConstraint; RFC 5280 "
                     "4.2.1.9 allows 0 or more, and verifiers read it differently: "
                     "reissue with pathlen:0 or none");
    BASIC_CONSTRAINTS_free(bc);
}

static void pv_lint_san(PV_LINT *l)
{
    GENERAL_NAMES *san;

    if (X509_get_ext_by_NID(l->cert, NID_subject_alt_name, -1) < 0)
        return;
    ERR_set_mark();
    san = X509_get_ext_d2i(l->cert, NID_subject_alt_name, NULL, NULL);
    ERR_pop_to_mark();
    if (san != NULL) {
        GENERAL_NAMES_free(san);
        return;
    }
    pv_lint_find(l, "PV_SAN_UNDECODABLE", PV_LINT_ERROR,
                 "the subjectAltName extension does not decode (not valid DER for "
                 "GeneralNames), so no verifier can read it: reissue the certificate");
}

void pv_lint_values(PV_LINT *l)
{
    pv_lint_cn_bytes(l);
    pv_lint_printable(l);
    pv_lint_pathlen(l);
    pv_lint_san(l);
}
