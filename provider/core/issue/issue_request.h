/*
 * issue_request.h - what a provisioning CA issues: a root, an intermediate
 * under an issuer, or a device certificate for a device id (new key or
 * CSR). The profile rules each one; nothing is returned unless the new
 * certificate verifies as a chain to its issuer under strict X.509 rules.
 */
#ifndef PV_ISSUE_REQUEST_H
#define PV_ISSUE_REQUEST_H

#include <openssl/x509.h>
#include "env.h"
#include "request.h"
#include "profile.h"

/* The whole request: inputs checked, issued, verified, encoded into res. */
int pv_issue_request(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);

/* The same for a device or intermediate under an issuer already loaded. */
struct pv_issuer_st;
int pv_issue_under(const PV_ENV *env, const PV_REQUEST *req,
                   const struct pv_issuer_st *issuer, PV_RESULT *res);

#endif
