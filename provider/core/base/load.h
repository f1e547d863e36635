/*
 * load.h - certificates and keys through OSSL_STORE in the caller's library
 * context, so any provider's keys (file, pkcs11, tpm2) work the same.
 */
#ifndef PV_LOAD_H
#define PV_LOAD_H

#include <openssl/core.h>
#include <openssl/x509.h>
#include "env.h"

/*
 * The CA certificate at uri. A file holding several certificates is
 * accepted with a note: the one whose public key matches key is used (or the
 * first when key is NULL).
 */
X509 *pv_load_ca_cert(const PV_ENV *env, const char *uri, EVP_PKEY *key);

/* Every certificate at uri, in file order; an error when there is none. */
STACK_OF(X509) * pv_load_certs(const PV_ENV *env, const char *uri, const char *role);

/* Exactly one certificate (the first, with a note if there are more). */
X509 *pv_load_cert(const PV_ENV *env, const char *uri, const char *role);

/* A private key; cb is asked for a passphrase when the key is encrypted. */
EVP_PKEY *pv_load_private_key(const PV_ENV *env, const char *uri,
                              OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);

#endif
