/*
 * pipeline.h - the one path every entry point takes: inputs, canonical
 * code, load and check the CA, sign or issue, self-check, encode.
 */
#ifndef PV_PIPELINE_H
#define PV_PIPELINE_H

#include <openssl/core.h>
#include <openssl/x509.h>
#include "code.h"
#include "env.h"
#include "profile.h"
#include "verdict.h"

typedef struct pv_request_st {
    const PV_PROFILE *profile;
    const char *ca_cert;       /* path or URI */
    const char *ca_key;        /* path or URI; sign and vcert */
    const unsigned char *code; /* as given */
    size_t code_len;
    const char *code_source;        /* for messages */
    int days;                       /* vcert; 0 = profile default */
    int der;                        /* vcert output as DER instead of PEM */
    const unsigned char *signature; /* verify: encoded as the profile says */
    size_t signature_len;
    const char *signature_source;
    const char *vcert;             /* verify: path or URI */
    const char *key_type;          /* issue */
    const char *subject;           /* issue */
    const unsigned char *key_pass; /* issue: encrypts the new key; may be NULL */
    size_t key_pass_len;
    PV_ROLE role;    /* issue: root (the default), intermediate or device */
    const char *id;  /* issue, device: the device id, its CN */
    const char *csr; /* issue, device: a CSR (path) instead of a new key */
    int chain;       /* issue: append the ca_cert file's certificates to output */
    OSSL_PASSPHRASE_CALLBACK *pass_cb;
    void *pass_arg;
} PV_REQUEST;

typedef struct pv_result_st {
    unsigned char *output; /* OPENSSL_malloc'd: signature text or certificate */
    size_t output_len;
    unsigned char *key_pem; /* issue: the new private key (secret, cleansed) */
    size_t key_pem_len;
    PV_CODE code;
    PV_VERDICT verdict; /* verify */
    char key_desc[64];
    char ca_sha1[64];
    char ca_sha256[112];
    char ca_subject[256];
} PV_RESULT;

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
void pv_result_clear(PV_RESULT *res);

/* res->ca_subject, key_desc and fingerprints from ca. */
int pv_describe_ca(const PV_ENV *env, X509 *ca, PV_RESULT *res);

#endif
