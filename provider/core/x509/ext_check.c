/*
 * ext_check.c - X509_get_ext_d2i returns NULL for an extension that is
 * missing, one that does not decode and one given twice alike; this tells
 * them apart before a check reads NULL as "no extension".
 */
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "ext_check.h"

int pv_ext_decodes(const PV_ENV *env, X509 *cert, int nid, const char *source)
{
    int crit = -1, first = X509_get_ext_by_NID(cert, nid, -1);
    void *value;

    if (first < 0)
        return 1;
    if (X509_get_ext_by_NID(cert, nid, first) >= 0) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "%s carries the %s extension twice (RFC 5280 4.2 allows one); reissue "
                 "it with one",
                 source, OBJ_nid2sn(nid));
        return 0;
    }
    ERR_set_mark();
    value = X509_get_ext_d2i(cert, nid, &crit, NULL);
    ERR_pop_to_mark();
    if (value != NULL) {
        X509V3_EXT_METHOD const *m = X509V3_EXT_get_nid(nid);

        if (m != NULL && m->it != NULL)
            ASN1_item_free(value, ASN1_ITEM_ptr(m->it));
        return 1;
    }
    pv_raise(env, POPVERIFY_R_NOT_A_CA,
             "%s has a %s extension that does not decode (its value is not valid DER "
             "for %s), so no platform can read it; reissue the certificate",
             source, OBJ_nid2sn(nid), OBJ_nid2sn(nid));
    return 0;
}

int pv_ca_exts_decode(const PV_ENV *env, X509 *cert, const char *source)
{
    return pv_ext_decodes(env, cert, NID_basic_constraints, source) &&
           pv_ext_decodes(env, cert, NID_key_usage, source);
}
