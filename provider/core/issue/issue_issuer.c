/*
 * issue_issuer.c - the CA that signs an intermediate or device certificate:
 * its key, the certificate in the CA file that key belongs to (the file may
 * hold its chain, which a device chain then carries), and whether it may
 * issue at all: CA:TRUE, keyCertSign, not expired, a path length that
 * leaves room for the new certificate, a key the profile accepts.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "ext_check.h"
#include "checks.h"
#include "describe.h"
#include "issue_steps.h"
#include "load.h"

/* The certificate of the file the platform takes (the first, or "#N"); the key
 * must belong to it. */
static X509 *pv_issuer_pick(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUER *iss,
                            int pick)
{
    X509 *cert = sk_X509_value(iss->file, pick);

    if (!pv_pick_key_check(env, iss->file, pick, req->ca_cert, iss->key, req->ca_key) ||
        !pv_check_key_matches(env, iss->key, cert, req->ca_key, req->ca_cert))
        return NULL;
    return cert;
}

static int pv_issuer_is_ca(const PV_ENV *env, X509 *cert, const char *source)
{
    BASIC_CONSTRAINTS *bc;
    char what[PV_MSG_MAX / 2];
    int is_ca;

    snprintf(what, sizeof(what), "CA certificate %s", source);
    if (!pv_ca_exts_decode(env, cert, what))
        return 0;
    bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
    is_ca = bc != NULL && bc->ca;
    BASIC_CONSTRAINTS_free(bc);
    if (!is_ca) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s is not a CA (%s), so what it signs does not verify; "
                 "give the certificate of a CA issued with basicConstraints = critical, "
                 "CA:TRUE",
                 source, bc == NULL ? "no basicConstraints extension" : "CA:FALSE");
        return 0;
    }
    if ((X509_get_key_usage(cert) & KU_KEY_CERT_SIGN) == 0) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s has a keyUsage without keyCertSign, so it may not "
                 "sign certificates; reissue it with keyUsage = critical, keyCertSign, "
                 "cRLSign",
                 source);
        return 0;
    }
    return 1;
}

/* The issuer may sign a certificate of role now. */
static int pv_issuer_may_issue(const PV_ENV *env, X509 *cert, const char *source,
                               PV_ROLE role)
{
    if (!pv_issuer_is_ca(env, cert, source))
        return 0;
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s has expired; what it signs would not verify - renew "
                 "the CA first",
                 source);
        return 0;
    }
    if (role == PV_ROLE_INTERMEDIATE && X509_get_pathlen(cert) == 0) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s has pathlen:0: certificates issued by an "
                 "intermediate under it would not verify; issue the intermediate from "
                 "the root (or a CA with a larger path length)",
                 source);
        return 0;
    }
    return 1;
}

/*
 * A self-signed CA is the trust anchor of what it issues, and anchors' own
 * signatures are not part of a chain check: it is checked here, once.
 */
static int pv_issuer_self_signature(const PV_ENV *env, X509 *cert, const char *source)
{
    int ok;

    if (X509_check_issued(cert, cert) != X509_V_OK)
        return 1;
    ERR_set_mark();
    ok = X509_verify(cert, X509_get0_pubkey(cert)) == 1;
    ERR_pop_to_mark();
    if (!ok)
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s is self-signed but its own signature does not "
                 "verify (the file is damaged); give the CA certificate as it was issued",
                 source);
    return ok;
}

/* Described once for every certificate issued under it. */
static int pv_issuer_prepare(const PV_ENV *env, PV_ISSUER *iss)
{
    /* Extension flags cached now, so that readers never compute them at once. */
    X509_check_purpose(iss->cert, -1, 0);
    return pv_describe_ca(env, iss->cert, &iss->desc);
}

int pv_issuer_load(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUER *iss)
{
    int pick = 0;

    memset(iss, 0, sizeof(*iss));
    if ((iss->key = pv_load_private_key(env, req->ca_key, req->pass_cb, req->pass_arg)) ==
            NULL ||
        (iss->file = pv_load_pick(env, req->ca_cert, "CA certificate", &pick)) == NULL ||
        (iss->cert = pv_issuer_pick(env, req, iss, pick)) == NULL ||
        !pv_issuer_may_issue(env, iss->cert, req->ca_cert, req->role) ||
        !pv_check_key(env, iss->key, req->ca_key, req->profile) ||
        !pv_issuer_self_signature(env, iss->cert, req->ca_cert) ||
        !pv_issuer_prepare(env, iss)) {
        pv_issuer_clear(iss);
        return 0;
    }
    return 1;
}

void pv_issuer_clear(PV_ISSUER *iss)
{
    EVP_PKEY_free(iss->key);
    sk_X509_pop_free(iss->file, X509_free);
    memset(iss, 0, sizeof(*iss));
}
