/*
 * certgen.h - new keys and CA certificates.
 */
#ifndef PV_CERTGEN_H
#define PV_CERTGEN_H

#include <openssl/x509.h>
#include "env.h"
#include "profile.h"

/* "rsa:3072", "ec:P-256", "ed25519", "ml-dsa-65" ("rsa" alone is 3072, "ec" is
 * P-256; ML-DSA needs OpenSSL 3.5). */
EVP_PKEY *pv_keygen(const PV_ENV *env, const char *key_type);

/* "/O=Acme/CN=Acme Root" (openssl -subj form, UTF-8 values). */
X509_NAME *pv_parse_subject(const PV_ENV *env, const char *subject);

/* What a new certificate is: the profile's rules for role, a subject and key. */
typedef struct pv_issue_st {
    const PV_PROFILE *profile; /* NULL: the built-in extension sets and SHA-256 */
    PV_ROLE role;
    const X509_NAME *subject;
    EVP_PKEY *subject_key; /* its public half goes into the certificate */
    X509 *issuer;          /* NULL: self-signed by subject_key */
    EVP_PKEY *issuer_key;
    int days; /* 0: the profile's days for the role */
    /* 1: the caller verifies the certificate as a chain (pv_verify_issued),
     * which checks its signature: pv_issue_cert then does not check it twice. */
    int chain_check_follows;
} PV_ISSUE;

/*
 * Random positive serial, notBefore backdated, notAfter never past the
 * issuer's, issuer name copied byte for byte, the role's extensions only,
 * signed and verified with the issuer's public key before it is returned
 * (or by the caller's chain check, see chain_check_follows).
 */
X509 *pv_issue_cert(const PV_ENV *env, const PV_ISSUE *req);

/* Self-signed root CA with the built-in root extensions. */
X509 *pv_issue_root(const PV_ENV *env, EVP_PKEY *key, const char *subject, int days);

/* PKCS#8 PEM, encrypted with AES-256-CBC when pass is not NULL. */
int pv_key_encode(const PV_ENV *env, EVP_PKEY *key, const unsigned char *pass,
                  size_t passlen, unsigned char **out, size_t *outlen);

#endif
