/*
 * checks.c - what a platform checks of the CA before it looks at a proof,
 * checked here first so the user hears it from us, with the fix.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "checks.h"
#include "ext_check.h"
#include "key_policy.h"

static void pv_hex_colon(const unsigned char *md, unsigned int len, char *out,
                         size_t outlen)
{
    unsigned int i;
    size_t used = 0;

    out[0] = '\0';
    for (i = 0; i < len && used + 3 < outlen; i++)
        used +=
            (size_t)snprintf(out + used, outlen - used, "%s%02X", i ? ":" : "", md[i]);
}

int pv_fingerprint(const PV_ENV *env, X509 *cert, const char *mdname, char *out,
                   size_t outlen)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD *type = EVP_MD_fetch(env->libctx, mdname, env->propq);
    int ok = type != NULL && X509_digest(cert, type, md, &len);

    EVP_MD_free(type);
    if (!ok) {
        pv_raise(env, POPVERIFY_R_CRYPTO, "cannot compute the %s fingerprint", mdname);
        return 0;
    }
    pv_hex_colon(md, len, out, outlen);
    return 1;
}

void pv_key_describe(const EVP_PKEY *key, char *out, size_t outlen)
{
    char group[64] = "";

    if (EVP_PKEY_is_a(key, "RSA"))
        snprintf(out, outlen, "RSA %d", EVP_PKEY_get_bits(key));
    else if (EVP_PKEY_is_a(key, "EC") &&
             EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                            sizeof(group), NULL))
        snprintf(out, outlen, "EC %s",
                 strcmp(group, "prime256v1") == 0  ? "P-256"
                 : strcmp(group, "secp384r1") == 0 ? "P-384"
                 : strcmp(group, "secp521r1") == 0 ? "P-521"
                                                   : group);
    else if (EVP_PKEY_is_a(key, "ED25519"))
        snprintf(out, outlen, "Ed25519");
    else
        snprintf(out, outlen, "%s", EVP_PKEY_get0_type_name(key));
}

int pv_check_ca_cert(const PV_ENV *env, X509 *cert, const char *source,
                     const PV_PROFILE *profile)
{
    BASIC_CONSTRAINTS *bc;
    int is_ca, had_bc;
    char note[PV_MSG_MAX / 2], what[PV_MSG_MAX / 2];

    snprintf(what, sizeof(what), "CA certificate %s", source);
    if (!pv_ca_exts_decode(env, cert, what))
        return 0;
    bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
    is_ca = bc != NULL && bc->ca;
    had_bc = bc != NULL;
    BASIC_CONSTRAINTS_free(bc);
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
        pv_raise(env, POPVERIFY_R_NOT_A_CA,
                 "CA certificate %s has expired; %s refuses it - renew the CA first",
                 source, profile->platform);
        return 0;
    }
    if (is_ca)
        return 1;
    if (!profile->require_ca) {
        pv_note(env,
                "CA certificate %s has no basicConstraints CA:TRUE; most platforms "
                "refuse such a CA",
                source);
        return 1;
    }
    pv_profile_default_note(profile, PV_F_REQUIRE_CA, "no", note, sizeof(note));
    pv_raise(env, POPVERIFY_R_NOT_A_CA,
             "CA certificate %s is not a CA (%s): %s %s it; issue the CA with "
             "basicConstraints = critical, CA:TRUE%s",
             source, had_bc ? "CA:FALSE" : "no basicConstraints extension",
             profile->platform, note[0] ? "may refuse" : "refuses", note);
    return 0;
}

int pv_check_key(const PV_ENV *env, const EVP_PKEY *key, const char *source,
                 const PV_PROFILE *profile)
{
    char what[512];

    snprintf(what, sizeof(what), "CA key %s", source);
    return pv_key_policy_enforce(env, profile, key, what);
}

int pv_check_key_matches(const PV_ENV *env, EVP_PKEY *key, X509 *cert,
                         const char *key_source, const char *cert_source)
{
    char sha1[64], sha256[112];
    int eq;

    ERR_set_mark();
    eq = EVP_PKEY_eq(X509_get0_pubkey(cert), key);
    ERR_pop_to_mark();
    if (eq == 1)
        return 1;
    if (!pv_fingerprint(env, cert, "SHA1", sha1, sizeof(sha1)) ||
        !pv_fingerprint(env, cert, "SHA256", sha256, sizeof(sha256)))
        return 0;
    pv_raise(env, POPVERIFY_R_KEY_MISMATCH,
             "CA key %s does not match certificate %s (certificate SHA-1 fingerprint %s, "
             "SHA-256 %s): use the private key this certificate was issued for",
             key_source, cert_source, sha1, sha256);
    return 0;
}
