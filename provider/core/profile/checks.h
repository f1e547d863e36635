/*
 * checks.h - what the platforms check of a CA before they look at a proof.
 */
#ifndef PV_CHECKS_H
#define PV_CHECKS_H

#include <openssl/x509.h>
#include "env.h"
#include "profile.h"

/* Colon-separated upper-case hex of the certificate's DER digest. */
int pv_fingerprint(const PV_ENV *env, X509 *cert, const char *mdname, char *out,
                   size_t outlen);

/* "RSA 3072", "EC P-256", "Ed25519". */
void pv_key_describe(const EVP_PKEY *key, char *out, size_t outlen);

/* The certificate is a CA as the profile requires (basicConstraints CA:TRUE). */
int pv_check_ca_cert(const PV_ENV *env, X509 *cert, const char *source,
                     const PV_PROFILE *profile);

/* Key type and size the profile accepts. */
int pv_check_key(const PV_ENV *env, const EVP_PKEY *key, const char *source,
                 const PV_PROFILE *profile);

/* The private key belongs to the certificate; the error shows fingerprints. */
int pv_check_key_matches(const PV_ENV *env, EVP_PKEY *key, X509 *cert,
                         const char *key_source, const char *cert_source);

#endif
