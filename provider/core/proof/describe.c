/*
 * describe.c - the CA's subject, key and fingerprints, as every result
 * reports them.
 */
#include "checks.h"
#include "describe.h"

int pv_describe_ca(const PV_ENV *env, X509 *ca, PV_RESULT *res)
{
    X509_NAME_oneline(X509_get_subject_name(ca), res->ca_subject,
                      sizeof(res->ca_subject));
    pv_key_describe(X509_get0_pubkey(ca), res->key_desc, sizeof(res->key_desc));
    return pv_fingerprint(env, ca, "SHA1", res->ca_sha1, sizeof(res->ca_sha1)) &&
           pv_fingerprint(env, ca, "SHA256", res->ca_sha256, sizeof(res->ca_sha256));
}
