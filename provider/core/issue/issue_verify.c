/*
 * issue_verify.c - a certificate is handed out only when it verifies as a
 * chain to its issuer the way relying parties check it: X509_verify_cert
 * with the issuer as trust anchor and strict RFC 5280 rules, so a profile's
 * extension mistake (no keyCertSign on a CA, a missing key identifier)
 * stops here instead of at the platform.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "issue_steps.h"

static void pv_verify_failed(const PV_ENV *env, X509_STORE_CTX *ctx, PV_ROLE role)
{
    int err = X509_STORE_CTX_get_error(ctx);
    int depth = X509_STORE_CTX_get_error_depth(ctx);

    pv_raise(env, POPVERIFY_R_SELF_CHECK,
             "the new %s certificate does not verify as a chain to its issuer: %s (in "
             "the %s); nothing was handed out - check the profile's %s_extensions and "
             "the issuing CA",
             pv_role_name(role), X509_verify_cert_error_string(err),
             depth == 0 ? "new certificate" : "issuer", pv_role_name(role));
}

/* A CA must be able to issue; a device certificate must not be able to. */
static int pv_verify_role(const PV_ENV *env, X509 *cert, PV_ROLE role)
{
    int is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
    int can_sign = (X509_get_key_usage(cert) & KU_KEY_CERT_SIGN) != 0;

    if (role == PV_ROLE_DEVICE && is_ca) {
        pv_raise(env, POPVERIFY_R_SELF_CHECK,
                 "the profile's device_extensions make the device certificate a CA; "
                 "nothing was handed out - use basicConstraints = critical, CA:FALSE");
        return 0;
    }
    if (role != PV_ROLE_DEVICE && (!is_ca || !can_sign)) {
        pv_raise(env, POPVERIFY_R_SELF_CHECK,
                 "the profile's %s_extensions make a certificate that cannot issue "
                 "certificates (%s); nothing was handed out - use basicConstraints = "
                 "critical, CA:TRUE and keyUsage = critical, keyCertSign, cRLSign",
                 pv_role_name(role), is_ca ? "no keyCertSign" : "not CA:TRUE");
        return 0;
    }
    return 1;
}

int pv_verify_issued(const PV_ENV *env, X509 *cert, X509 *issuer, PV_ROLE role)
{
    /* The issuer as the one trusted certificate: no store, no lock shared
     * with the other threads issuing under the same CA. */
    STACK_OF(X509) *anchors = sk_X509_new_null();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new_ex(env->libctx, env->propq);
    unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_X509_STRICT;
    int ok = 0;

    if (anchors == NULL || ctx == NULL ||
        !sk_X509_push(anchors, issuer != NULL ? issuer : cert) ||
        !X509_STORE_CTX_init(ctx, NULL, cert, NULL))
        goto oom;
    X509_STORE_CTX_set0_trusted_stack(ctx, anchors);
    /*
     * The issuer is the anchor wherever it sits. A new root's own signature is
     * the one to check; an issuer's was checked when it was loaded.
     */
    if (issuer == NULL)
        flags |= X509_V_FLAG_CHECK_SS_SIGNATURE;
    X509_STORE_CTX_set_flags(ctx, flags);
    ERR_set_mark();
    ok = X509_verify_cert(ctx) == 1;
    ERR_pop_to_mark();
    if (!ok)
        pv_verify_failed(env, ctx, role);
    ok = ok && pv_verify_role(env, cert, role);
    goto done;
oom:
    pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory checking the new certificate");
done:
    X509_STORE_CTX_free(ctx);
    sk_X509_free(anchors);
    return ok;
}
