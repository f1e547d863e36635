/*
 * x509util.h - the pieces every certificate popverify issues is made of.
 */
#ifndef PV_X509UTIL_H
#define PV_X509UTIL_H

#include <openssl/x509.h>
#include "env.h"

#define PV_BACKDATE_SECONDS (5 * 60) /* clock skew between us and the platform */

/* A positive serial with 126 bits of randomness, always 16 bytes long. */
int pv_set_random_serial(const PV_ENV *env, X509 *cert);

/*
 * notBefore a few minutes ago but never before floor; notAfter days on, never
 * past cap. floor and cap are the issuer's validity, NULL for a root.
 */
int pv_set_validity(X509 *cert, int days, const ASN1_TIME *floor, const ASN1_TIME *cap);

/* One extension in openssl.cnf syntax, issuer context from ca (cert if self-signed). */
int pv_add_ext(X509 *cert, X509 *ca, int nid, const char *value);

/* Every line of a profile's extension set, issuer context from ca. */
struct pv_extensions_st;
int pv_apply_extensions(const PV_ENV *env, X509 *cert, X509 *ca,
                        const struct pv_extensions_st *ext);

/* Sign with key and digest (ignored for pure keys: Ed25519, ML-DSA); the
 * signature algorithm id comes from the key's signature implementation. */
int pv_sign_cert(const PV_ENV *env, X509 *cert, EVP_PKEY *key, const char *digest);

/* PEM text or DER bytes, OPENSSL_malloc'd. */
int pv_cert_encode(X509 *cert, int der, unsigned char **out, size_t *outlen);

#endif
