/*
 * issue_steps.h - the steps of an issue request, one file each, below
 * issue_request.c which runs them in order.
 */
#ifndef PV_ISSUE_STEPS_H
#define PV_ISSUE_STEPS_H

#include <openssl/x509.h>
#include "env.h"
#include "profile.h"
#include "request.h"

/* issue_inputs.c: the inputs the role needs and nothing it cannot use. */
int pv_issue_check_inputs(const PV_ENV *env, const PV_REQUEST *req);

/* The issuing CA: its key, the certificate of the CA file that key belongs
 * to, and every certificate of that file (for a chain). */
typedef struct pv_issuer_st {
    EVP_PKEY *key;
    X509 *cert;
    STACK_OF(X509) * file;
    PV_RESULT desc; /* cert described once: subject, fingerprints */
} PV_ISSUER;

/*
 * issue_issuer.c: loaded, matched and checked as a CA that may issue role
 * (a self-signed CA's own signature included, once). Read-only afterwards:
 * threads may issue under one PV_ISSUER at the same time.
 */
int pv_issuer_load(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUER *iss);
void pv_issuer_clear(PV_ISSUER *iss);

/* issue_keys.c: the key type the profile takes, checked before generating,
 * and a key that exists (from a CSR) checked the same way. what names the
 * key in messages ("device key"). */
int pv_check_key_type(const PV_ENV *env, const PV_PROFILE *profile, const char *key_type,
                      const char *what);
int pv_check_subject_key(const PV_ENV *env, const PV_PROFILE *profile,
                         const EVP_PKEY *key, const char *what);

/* issue_csr.c: the public key of the CSR at path, whose own signature was
 * checked; notes what of the CSR is not taken over into a cert for subject. */
EVP_PKEY *pv_csr_key(const PV_ENV *env, const char *path, const X509_NAME *subject);

/*
 * issue_verify.c: the issued certificate checked as a chain to its issuer
 * (NULL: cert is a new root). This is the certificate's self-check: its
 * signature is verified once, here.
 */
int pv_verify_issued(const PV_ENV *env, X509 *cert, X509 *issuer, PV_ROLE role);

/* issue_output.c: the certificate (PEM or DER), followed for a chain by the
 * issuer and the other certificates of the CA file, as res->output. */
int pv_issue_encode(const PV_ENV *env, const PV_REQUEST *req, X509 *cert,
                    const PV_ISSUER *iss, PV_RESULT *res);
/* issue_output.c: res->serial, cert_sha256 and not_after of cert. */
int pv_describe_issued(const PV_ENV *env, X509 *cert, PV_RESULT *res);

#endif
