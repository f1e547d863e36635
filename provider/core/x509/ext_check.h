/*
 * ext_check.h - a CA certificate's extension that is there but does not
 * decode, or is there twice, is named as such, never taken for missing.
 */
#ifndef PV_EXT_CHECK_H
#define PV_EXT_CHECK_H

#include <openssl/x509.h>
#include "env.h"

/*
 * 1 when extension nid of cert is absent or decodes, once. Else 0, with
 * POPVERIFY_R_NOT_A_CA raised naming source ("CA certificate ca.pem").
 */
int pv_ext_decodes(const PV_ENV *env, X509 *cert, int nid, const char *source);

/* basicConstraints and keyUsage, as every CA check needs them. */
int pv_ca_exts_decode(const PV_ENV *env, X509 *cert, const char *source);

#endif
