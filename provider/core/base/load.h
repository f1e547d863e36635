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
 * The CA certificate at uri as the platform takes it: the first certificate
 * of the file, or certificate N with a "#N" suffix (chain.pem#2), which a
 * note names when the file holds several. When key is given and belongs to
 * another certificate of the file than that one, it is refused, naming both
 * certificates and how to pick (key_source names the key).
 */
X509 *pv_load_ca_cert(const PV_ENV *env, const char *uri, EVP_PKEY *key,
                      const char *key_source);

/* Every certificate at uri, in file order; an error when there is none. */
STACK_OF(X509) * pv_load_certs(const PV_ENV *env, const char *uri, const char *role);

/* The same, with a "#N" suffix read: *pick is the certificate it names (from 0),
 * 0 without a suffix; a suffix past the end is an error. */
STACK_OF(X509) *
    pv_load_pick(const PV_ENV *env, const char *uri, const char *role, int *pick);

/* The file of uri without its "#N" suffix (OPENSSL_malloc'd; NULL on no memory). */
char *pv_pick_path(const char *uri);

/* 0 (raised, naming both and how to pick) when key belongs to another
 * certificate of certs than pick; 1 when it matches pick, or none. */
int pv_pick_key_check(const PV_ENV *env, STACK_OF(X509) * certs, int pick,
                      const char *uri, EVP_PKEY *key, const char *key_source);

/* One certificate: the first of the file or the one "#N" names (a note says
 * which when the file holds several). */
X509 *pv_load_cert(const PV_ENV *env, const char *uri, const char *role);

/* A private key; cb is asked for a passphrase when the key is encrypted. */
EVP_PKEY *pv_load_private_key(const PV_ENV *env, const char *uri,
                              OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);

#endif
