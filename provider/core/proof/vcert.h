/*
 * vcert.h - the verification certificate (Azure, AWS style): CN = code,
 * issued by the CA being proven.
 */
#ifndef PV_VCERT_H
#define PV_VCERT_H

#include <openssl/x509.h>
#include "code.h"
#include "env.h"
#include "profile.h"
#include "verdict.h"

/*
 * Issue a verification certificate for code, signed by key on behalf of ca,
 * valid for days (0: the profile's default), never past ca's notAfter. It is
 * checked with pv_vcert_verify before it is returned.
 */
X509 *pv_vcert_create(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key,
                      X509 *ca, const PV_CODE *code, int days);

/* Check the way the platform does. 1 when checked (answer in v), 0 on error. */
int pv_vcert_verify(const PV_ENV *env, const PV_PROFILE *profile, X509 *ca,
                    const PV_CODE *code, X509 *vcert, PV_VERDICT *v);

#endif
