/*
 * lint.h - "popverify lint": one certificate checked against a profile and
 * RFC 5280. Each check is one small function; each finding carries a stable
 * code (docs/lint.md), a severity and a message that says the fix.
 */
#ifndef PV_LINT_H
#define PV_LINT_H

#include <openssl/x509.h>
#include "env.h"
#include "request.h"
#include "profile.h"

/*
 * Lint the certificate at uri (path or OSSL_STORE URI) for role ("root",
 * "intermediate", "device", "vcert"; NULL or "" infers it). On success
 * res->output holds the findings, NUL-terminated, one per line as
 * "CODE\tseverity\tmessage" (severity: error, warning, info);
 * res->verdict.valid is 1 when no finding is an error and
 * res->verdict.reason counts them; *role_out is the role checked.
 * Returns 0 when the certificate cannot be read or the role is unknown.
 */
int pv_run_lint(const PV_ENV *env, const PV_PROFILE *profile, const char *uri,
                const char *role, PV_RESULT *res, PV_ROLE *role_out);

#endif
