/*
 * pop.h - the signed verification code (Cumulocity style).
 */
#ifndef PV_POP_H
#define PV_POP_H

#include <openssl/x509.h>
#include "code.h"
#include "env.h"
#include "profile.h"
#include "verdict.h"

/*
 * Sign the canonical code with key and encode it as the profile says; the
 * encoded result is verified with ca's public key before it is returned.
 * *out is OPENSSL_malloc'd; for base64 it is one line with no newline.
 */
int pv_pop_sign(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key, X509 *ca,
                const PV_CODE *code, unsigned char **out, size_t *outlen);

/*
 * Check an encoded signature the way the platform does. Returns 1 when the
 * check ran (answer in v), 0 on an error that stopped it.
 */
int pv_pop_verify(const PV_ENV *env, const PV_PROFILE *profile, X509 *ca,
                  const PV_CODE *code, const unsigned char *sig, size_t siglen,
                  PV_VERDICT *v);

#endif
