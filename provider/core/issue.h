/*
 * issue.h - new keys and CA certificates.
 */
#ifndef PV_ISSUE_H
#define PV_ISSUE_H

#include <openssl/x509.h>
#include "env.h"

/* "rsa:3072", "ec:P-256", "ed25519" ("rsa" alone is 3072, "ec" is P-256). */
EVP_PKEY *pv_keygen(const PV_ENV *env, const char *key_type);

/* "/O=Acme/CN=Acme Root" (openssl -subj form, UTF-8 values). */
X509_NAME *pv_parse_subject(const PV_ENV *env, const char *subject);

/* Self-signed root CA: CA:TRUE critical, keyCertSign+cRLSign, SKI, AKI. */
X509 *pv_issue_root(const PV_ENV *env, EVP_PKEY *key, const char *subject, int days);

/* PKCS#8 PEM, encrypted with AES-256-CBC when pass is not NULL. */
int pv_key_encode(const PV_ENV *env, EVP_PKEY *key, const unsigned char *pass,
                  size_t passlen, unsigned char **out, size_t *outlen);

#endif
