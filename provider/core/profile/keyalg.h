/*
 * keyalg.h - how a key signs: the message itself (pure) or a digest of it;
 * and whether the OpenSSL in use has ML-DSA. (Which algorithms a profile
 * takes is key_policy.h's.)
 */
#ifndef PV_KEYALG_H
#define PV_KEYALG_H

#include <openssl/evp.h>
#include "env.h"

/* Ed25519, Ed448 and ML-DSA sign the message itself (pure): no digest. */
int pv_key_signs_pure(const EVP_PKEY *key);

/* The digest to sign or verify with: NULL for a pure key, else digest. */
const char *pv_key_digest(const EVP_PKEY *key, const char *digest);

/* Whether the OpenSSL in use has ML-DSA (3.5 and later), asked of env's
 * library context, not of a version number. */
int pv_have_mldsa(const PV_ENV *env);

#endif
