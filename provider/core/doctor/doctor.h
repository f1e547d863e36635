/*
 * doctor.h - "popverify doctor": why would the platform refuse what the user
 * has? Each problem is a finding with a stable id (docs/doctor.md), what is
 * wrong, the evidence, and the command that fixes it. Whatever subset of the
 * inputs is given gets checked; unreadable inputs are errors, as elsewhere.
 */
#ifndef PV_DOCTOR_H
#define PV_DOCTOR_H

#include <openssl/x509.h>
#include "env.h"
#include "request.h"
#include "profile.h"

/*
 * The diagnosis as the popverify operation hands it out: res->output holds
 * the findings (NUL-terminated, one per line, fields separated by TAB: id,
 * severity, what, evidence, fix), res->verdict.valid is 1 when the platform
 * would accept what was given and res->verdict.reason is the one-line
 * verdict. Returns 0 when an input could not be read (error raised).
 */
int pv_run_doctor(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);

#endif
