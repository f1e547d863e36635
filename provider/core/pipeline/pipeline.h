/*
 * pipeline.h - the one path every entry point takes: inputs, canonical
 * code, load and check the CA, sign or issue, self-check, encode.
 */
#ifndef PV_PIPELINE_H
#define PV_PIPELINE_H

#include <openssl/core.h>
#include <openssl/x509.h>
#include "env.h"
#include "profile.h"
#include "request.h"

/*
 * A CA key loaded and checked against its certificate and the profile,
 * ready to sign any number of codes (the store's key object holds one).
 */
typedef struct pv_signer_st {
    PV_PROFILE profile; /* a copy: a URI may choose another encoding */
    EVP_PKEY *key;
    X509 *ca;
    char *key_source;
} PV_SIGNER;

PV_SIGNER *pv_signer_load(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);
/* The profile's signature over a canonical code (pv_code_read), self-checked. */
int pv_signer_sign(const PV_ENV *env, const PV_SIGNER *signer, const PV_CODE *code,
                   PV_RESULT *res);
/* An upper bound of what pv_signer_sign returns. */
size_t pv_signer_max_output(const PV_SIGNER *signer);
void pv_signer_free(PV_SIGNER *signer);

int pv_run_sign(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);
int pv_run_vcert(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);
/* 1 when checked (res->verdict says valid or why not), 0 on error. */
int pv_run_verify(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);
/*
 * A root, intermediate or device certificate (output PEM, key_pem PKCS#8
 * when a new key was made); see issue_request.h.
 */
int pv_run_issue(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);

#endif
