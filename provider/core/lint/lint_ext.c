/*
 * lint_ext.c - the extension list as a whole: each extension once, no
 * critical extension a verifier cannot understand, no Netscape leftovers,
 * keyUsage critical as RFC 5280 4.2.1.3 asks.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include "lint_check.h"

#define PV_NETSCAPE_ARC "2.16.840.1.113730."

static void pv_lint_ext_name(X509_EXTENSION *ext, char *out, size_t outlen)
{
    const ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);
    int nid = OBJ_obj2nid(obj);

    if (nid != NID_undef)
        snprintf(out, outlen, "%s", OBJ_nid2sn(nid));
    else if (OBJ_obj2txt(out, (int)outlen, obj, 1) <= 0)
        snprintf(out, outlen, "?");
}

static void pv_lint_netscape(PV_LINT *l)
{
    X509_EXTENSION *ext;
    char oid[128], name[128];
    int i;

    for (i = 0; i < X509_get_ext_count(l->cert); i++) {
        ext = X509_get_ext(l->cert, i);
        if (OBJ_obj2txt(oid, sizeof(oid), X509_EXTENSION_get_object(ext), 1) <= 0 ||
            strncmp(oid, PV_NETSCAPE_ARC, strlen(PV_NETSCAPE_ARC)) != 0)
            continue;
        pv_lint_ext_name(ext, name, sizeof(name));
        pv_lint_find(l, "PV_EXT_NETSCAPE", PV_LINT_WARNING,
                     "the certificate carries the Netscape extension %s, which nothing "
                     "current uses (some verifiers restrict the certificate by it): "
                     "reissue without it (remove ns* lines from the extension section)",
                     name);
    }
}

/* Key identifiers have their own criticality checks (lint_keyid.c). */
static int pv_lint_has_own_check(X509_EXTENSION *ext)
{
    int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));

    return nid == NID_subject_key_identifier || nid == NID_authority_key_identifier;
}

static void pv_lint_unknown_critical(PV_LINT *l)
{
    X509_EXTENSION *ext;
    char name[128];
    int i;

    for (i = 0; i < X509_get_ext_count(l->cert); i++) {
        ext = X509_get_ext(l->cert, i);
        if (!X509_EXTENSION_get_critical(ext) || X509_supported_extension(ext) ||
            pv_lint_has_own_check(ext))
            continue;
        pv_lint_ext_name(ext, name, sizeof(name));
        pv_lint_find(l, "PV_EXT_UNKNOWN_CRITICAL", PV_LINT_ERROR,
                     "the critical extension %s is not one OpenSSL and most verifiers "
                     "process, so they must reject the certificate: reissue with it "
                     "non-critical or without it",
                     name);
    }
}

static int pv_lint_seen_before(X509 *cert, int i)
{
    const ASN1_OBJECT *obj = X509_EXTENSION_get_object(X509_get_ext(cert, i));
    int j;

    for (j = 0; j < i; j++)
        if (OBJ_cmp(obj, X509_EXTENSION_get_object(X509_get_ext(cert, j))) == 0)
            return 1;
    return 0;
}

static void pv_lint_duplicates(PV_LINT *l)
{
    char name[128];
    int i;

    for (i = 1; i < X509_get_ext_count(l->cert); i++) {
        if (!pv_lint_seen_before(l->cert, i))
            continue;
        pv_lint_ext_name(X509_get_ext(l->cert, i), name, sizeof(name));
        pv_lint_find(l, "PV_EXT_DUPLICATE", PV_LINT_ERROR,
                     "the extension %s appears more than once; RFC 5280 forbids that and "
                     "OpenSSL rejects the certificate: reissue with each extension once",
                     name);
        return; /* one is enough to say the certificate must be reissued */
    }
}

static void pv_lint_ku_critical(PV_LINT *l)
{
    int crit;
    ASN1_BIT_STRING *ku = pv_lint_ext(l->cert, NID_key_usage, &crit);

    if (ku != NULL && !crit)
        pv_lint_find(l, "PV_KU_NOT_CRITICAL", PV_LINT_WARNING,
                     "keyUsage is not critical; RFC 5280 asks for it critical so every "
                     "verifier enforces it: reissue with keyUsage = critical, ...");
    ASN1_BIT_STRING_free(ku);
}

void pv_lint_extensions(PV_LINT *l)
{
    pv_lint_netscape(l);
    pv_lint_unknown_critical(l);
    pv_lint_duplicates(l);
    pv_lint_ku_critical(l);
}
