/*
 * issue_inputs.c - each role takes its own inputs: a root is self-signed
 * from a subject, an intermediate needs its issuer, a device certificate
 * names a device id and takes a new key or a CSR. An input the role cannot
 * use is an error, not silently ignored.
 */
#include "popverify.h"
#include "issue_steps.h"

static int pv_check_root_inputs(const PV_ENV *env, const PV_REQUEST *req)
{
    if (req->ca_cert != NULL || req->ca_key != NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "a root CA is self-signed and takes no issuer (ca-cert, ca-key); drop "
                 "them, or use role intermediate to issue under that CA");
        return 0;
    }
    if (req->chain) {
        pv_raise(env, POPVERIFY_R_USAGE, "a root CA has no chain to append; drop chain");
        return 0;
    }
    return 1;
}

/* What an intermediate and a device certificate share: profile and issuer. */
static int pv_check_issued_inputs(const PV_ENV *env, const PV_REQUEST *req)
{
    const char *role = pv_role_name(req->role);

    if (req->profile == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "no profile was given; an %s certificate follows a profile's rules "
                 "(extensions, validity, key types)",
                 role);
        return 0;
    }
    if (req->ca_cert == NULL || req->ca_key == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "an %s certificate needs its issuer: give the issuing CA's certificate "
                 "and private key (ca-cert and ca-key)",
                 role);
        return 0;
    }
    return 1;
}

static int pv_check_ca_inputs(const PV_ENV *env, const PV_REQUEST *req)
{
    if (req->subject == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "no subject was given for the %s CA; give one such as "
                 "/O=Acme/CN=Acme Root",
                 pv_role_name(req->role));
        return 0;
    }
    if (req->id != NULL || req->csr != NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "a device id and a CSR are for device certificates; drop them for a "
                 "%s CA",
                 pv_role_name(req->role));
        return 0;
    }
    return 1;
}

static int pv_check_device_inputs(const PV_ENV *env, const PV_REQUEST *req)
{
    if (req->subject != NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "a device certificate's subject is CN=<device id>; give the device id "
                 "instead of a subject");
        return 0;
    }
    if (req->csr != NULL && (req->key_type != NULL || req->key_pass != NULL)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "with a CSR the device keeps its own key: drop the key type and the new "
                 "key's passphrase, or drop the CSR to make a new key");
        return 0;
    }
    return 1;
}

int pv_issue_check_inputs(const PV_ENV *env, const PV_REQUEST *req)
{
    int ok;

    if (req->role == PV_ROLE_VCERT || req->role >= PV_ROLE_COUNT) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "issue makes root, intermediate and device certificates; a "
                 "verification certificate comes from vcert");
        return 0;
    }
    if (req->chain && req->der) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "a certificate chain is written as PEM; drop the DER format or the "
                 "chain");
        return 0;
    }
    if (req->role == PV_ROLE_ROOT)
        ok = pv_check_root_inputs(env, req) && pv_check_ca_inputs(env, req);
    else if (req->role == PV_ROLE_INTERMEDIATE)
        ok = pv_check_issued_inputs(env, req) && pv_check_ca_inputs(env, req);
    else
        ok = pv_check_issued_inputs(env, req) && pv_check_device_inputs(env, req);
    return ok;
}
