/*
 * lint_key.c - the certified public key: a type and size the profile's
 * platform accepts, a named curve platforms know, the usual RSA exponent.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "checks.h"
#include "lint_check.h"

static EVP_PKEY *pv_lint_pubkey(const PV_LINT *l)
{
    EVP_PKEY *pub;

    ERR_set_mark();
    pub = X509_get0_pubkey(l->cert);
    ERR_pop_to_mark();
    return pub;
}

static unsigned pv_lint_type_of(const EVP_PKEY *pub)
{
    if (pub == NULL)
        return 0;
    return EVP_PKEY_is_a(pub, "RSA")       ? PV_KEY_RSA
           : EVP_PKEY_is_a(pub, "EC")      ? PV_KEY_EC
           : EVP_PKEY_is_a(pub, "ED25519") ? PV_KEY_ED25519
                                           : 0;
}

static void pv_lint_accepted_text(unsigned types, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s%s", types & PV_KEY_RSA ? "RSA, " : "",
             types & PV_KEY_EC ? "EC P-256/P-384/P-521, " : "",
             types & PV_KEY_ED25519 ? "Ed25519, " : "");
    if (strlen(out) >= 2)
        out[strlen(out) - 2] = '\0';
}

static void pv_lint_key_type(PV_LINT *l)
{
    EVP_PKEY *pub = pv_lint_pubkey(l);
    char desc[64] = "unreadable", accepted[64], note[PV_MSG_MAX / 2];

    if ((pv_lint_type_of(pub) & l->profile->key_types) != 0)
        return;
    if (pub != NULL)
        pv_key_describe(pub, desc, sizeof(desc));
    pv_lint_accepted_text(l->profile->key_types, accepted, sizeof(accepted));
    pv_profile_default_note(l->profile, PV_F_KEY_TYPES, "rsa ec ed25519", note,
                            sizeof(note));
    pv_lint_find(l, "PV_KEY_TYPE_REFUSED", PV_LINT_ERROR,
                 "the key is %s, which profile %s (%s) does not accept: issue the "
                 "certificate for a new %s key%s",
                 desc, l->profile->name, l->profile->platform, accepted, note);
}

static void pv_lint_rsa_size(PV_LINT *l)
{
    EVP_PKEY *pub = pv_lint_pubkey(l);
    char hint[16], note[PV_MSG_MAX / 2];
    int bits;

    if (pv_lint_type_of(pub) != PV_KEY_RSA ||
        (bits = EVP_PKEY_get_bits(pub)) >= l->profile->min_rsa_bits)
        return;
    snprintf(hint, sizeof(hint), "%d", bits);
    pv_profile_default_note(l->profile, PV_F_MIN_RSA_BITS, hint, note, sizeof(note));
    pv_lint_find(
        l, "PV_KEY_RSA_SMALL", PV_LINT_ERROR,
        "the key is RSA %d; profile %s requires at least %d bits (min_rsa_bits): "
        "make a new key (openssl genpkey -algorithm RSA -pkeyopt "
        "rsa_keygen_bits:3072) and issue the certificate for it%s",
        bits, l->profile->name, l->profile->min_rsa_bits, note);
}

static void pv_lint_ec_curve(PV_LINT *l)
{
    EVP_PKEY *pub = pv_lint_pubkey(l);
    char group[64] = "";

    if (pv_lint_type_of(pub) != PV_KEY_EC)
        return;
    if (!EVP_PKEY_get_utf8_string_param(pub, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                        sizeof(group), NULL))
        snprintf(group, sizeof(group), "explicit parameters");
    if (strcmp(group, "prime256v1") == 0 || strcmp(group, "secp384r1") == 0 ||
        strcmp(group, "secp521r1") == 0)
        return;
    pv_lint_find(l, "PV_KEY_EC_CURVE", PV_LINT_ERROR,
                 "the key is on the curve %s; popverify takes P-256, P-384 and P-521 "
                 "only, its default (no platform publishes a list of curves; TLS stacks "
                 "take these three): make a new key (openssl genpkey -algorithm EC "
                 "-pkeyopt ec_paramgen_curve:P-256) and issue the certificate for it",
                 group);
}

static void pv_lint_rsa_exponent(PV_LINT *l)
{
    EVP_PKEY *pub = pv_lint_pubkey(l);
    BIGNUM *e = NULL;
    char *dec = NULL;

    if (pv_lint_type_of(pub) != PV_KEY_RSA ||
        !EVP_PKEY_get_bn_param(pub, OSSL_PKEY_PARAM_RSA_E, &e) || BN_is_word(e, 65537))
        goto done;
    dec = BN_bn2dec(e);
    pv_lint_find(l, "PV_KEY_RSA_EXPONENT", PV_LINT_WARNING,
                 "the RSA public exponent is %s, not 65537; device and TLS stacks may "
                 "refuse other exponents (popverify's default warning: no platform "
                 "publishes an exponent rule): make a new key with the default exponent",
                 dec != NULL ? dec : "unusual");
done:
    OPENSSL_free(dec);
    BN_free(e);
}

void pv_lint_key(PV_LINT *l)
{
    pv_lint_key_type(l);
    pv_lint_rsa_size(l);
    pv_lint_ec_curve(l);
    pv_lint_rsa_exponent(l);
}
