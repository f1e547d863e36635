/*
 * request.h - what a caller asks of the core and what it gets back: the one
 * request and result shape every entry point fills, whatever the job.
 */
#ifndef PV_REQUEST_H
#define PV_REQUEST_H

#include <openssl/core.h>
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
    PV_ROLE role;               /* issue: root (the default), intermediate or device */
    const char *id;             /* issue, device: the device id, its CN */
    const char *csr;            /* issue, device: a CSR (path) instead of a new key */
    const char *cert;           /* check_device: an existing device certificate */
    const char *device_key;     /* check_device: its key file (new-key devices) */
    const char *platform_error; /* doctor: a message the platform answered with */
    int chain; /* issue: append the ca_cert file's certificates to output */
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
    char ca_subject[4096]; /* whole, as X509_NAME_oneline writes it */
    /* issue: the new certificate (and check_device: the existing one) */
    char serial[48];       /* upper-case hex */
    char cert_sha256[112]; /* as ca_sha256 */
    char not_after[24];    /* 2027-01-31T12:00:00Z */
} PV_RESULT;

void pv_result_clear(PV_RESULT *res);

#endif
