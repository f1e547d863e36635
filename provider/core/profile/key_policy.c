/*
 * key_policy.c - the rules a key must pass for a profile, each with its
 * source, checked in one order: an algorithm the profile takes, then the
 * algorithm's own rules (RSA size and exponent, EC named curve and list).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include "popverify.h"
#include "checks.h"
#include "key_policy.h"

/* The order of the bits: PV_KEY_RSA, PV_KEY_EC, PV_KEY_ED25519, ... */
static const PV_KEY_ALG pv_key_algs[] = {
    {"RSA", "rsa", PV_KEY_RSA},
    {"EC", "ec", PV_KEY_EC},
    {"ED25519", "ed25519", PV_KEY_ED25519},
    {"ML-DSA-44", "ml-dsa-44", PV_KEY_MLDSA44}, /* OpenSSL 3.5 and later */
    {"ML-DSA-65", "ml-dsa-65", PV_KEY_MLDSA65},
    {"ML-DSA-87", "ml-dsa-87", PV_KEY_MLDSA87},
};
#define PV_KEY_ALG_COUNT (sizeof(pv_key_algs) / sizeof(pv_key_algs[0]))

static const PV_KEY_RULE pv_rule_algorithm = {"PV_KEY_TYPE_REFUSED", NULL,
                                              PV_F_KEY_TYPES};
static const PV_KEY_RULE pv_rule_unsupported = {"PV_KEY_TYPE_REFUSED",
                                                PV_KEY_SOURCE_DEFAULT, -1};
static const PV_KEY_RULE pv_rule_rsa_size = {"PV_KEY_RSA_SMALL", NULL, PV_F_MIN_RSA_BITS};
static const PV_KEY_RULE pv_rule_rsa_exponent = {
    "PV_KEY_RSA_EXPONENT", "FIPS 186-5 appendix A.1.1 (e odd, 2^16 < e < 2^256)", -1};
static const PV_KEY_RULE pv_rule_ec_explicit = {
    "PV_KEY_EC_EXPLICIT", "RFC 5480 section 2.1.1 (specifiedCurve MUST NOT be used)", -1};
static const PV_KEY_RULE pv_rule_ec_curve = {"PV_KEY_EC_CURVE", NULL, PV_F_EC_CURVES};

size_t pv_key_alg_count(void)
{
    return PV_KEY_ALG_COUNT;
}

const PV_KEY_ALG *pv_key_alg_at(size_t i)
{
    return i < PV_KEY_ALG_COUNT ? &pv_key_algs[i] : NULL;
}

const PV_KEY_ALG *pv_key_alg_by_word(const char *word)
{
    size_t i;

    for (i = 0; i < PV_KEY_ALG_COUNT; i++)
        if (strcmp(pv_key_algs[i].word, word) == 0)
            return &pv_key_algs[i];
    return NULL;
}

void pv_key_types_text(unsigned types, char *out, size_t outlen)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < PV_KEY_ALG_COUNT && used < outlen; i++)
        if (types & pv_key_algs[i].bit)
            used += (size_t)snprintf(out + used, outlen - used, "%s%s", used ? " " : "",
                                     pv_key_algs[i].word);
}

const PV_KEY_ALG *pv_key_alg_of(const EVP_PKEY *key)
{
    size_t i;

    /* RSA-PSS keys answer is_a("RSA-PSS") only, so they fall through. */
    for (i = 0; i < PV_KEY_ALG_COUNT; i++)
        if (EVP_PKEY_is_a(key, pv_key_algs[i].type))
            return &pv_key_algs[i];
    return NULL;
}

/* NIST names ("P-256") and OpenSSL's ("prime256v1", "secp256r1") alike. */
static int pv_curve_nid(const char *name)
{
    int nid = EC_curve_nist2nid(name);

    if (nid == NID_undef)
        nid = OBJ_sn2nid(name);
    if (nid == NID_undef)
        nid = OBJ_ln2nid(name);
    if (nid == NID_undef && strcmp(name, "secp256r1") == 0)
        nid = NID_X9_62_prime256v1;
    return nid;
}

int pv_key_curve_known(const char *name)
{
    int nid = pv_curve_nid(name);
    EC_GROUP *g = nid != NID_undef ? EC_GROUP_new_by_curve_name(nid) : NULL;

    EC_GROUP_free(g);
    return g != NULL;
}

int pv_key_policy_curve_ok(const PV_PROFILE *profile, const char *curve)
{
    const char *list =
        profile->ec_curves != NULL ? profile->ec_curves : PV_EC_CURVES_DEFAULT;
    int want = pv_curve_nid(curve);
    char word[64];
    size_t n;

    for (; want != NID_undef && *list != '\0'; list += n + (list[n] != '\0')) {
        n = strcspn(list, " ,\t");
        if (n == 0 || n >= sizeof(word))
            continue;
        memcpy(word, list, n);
        word[n] = '\0';
        if (pv_curve_nid(word) == want)
            return 1;
    }
    return 0;
}

static int pv_refuse(PV_KEY_VERDICT *v, const PV_KEY_RULE *rule, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int pv_refuse(PV_KEY_VERDICT *v, const PV_KEY_RULE *rule, const char *fmt, ...)
{
    va_list ap;

    v->rule = rule;
    va_start(ap, fmt);
    vsnprintf(v->why, sizeof(v->why), fmt, ap);
    va_end(ap);
    return 0;
}

static int pv_check_rsa(const PV_PROFILE *p, const EVP_PKEY *key, PV_KEY_VERDICT *v)
{
    BIGNUM *e = NULL;
    char *dec = NULL;
    int bits = EVP_PKEY_get_bits(key), ok;

    if (bits < p->min_rsa_bits)
        return pv_refuse(v, &pv_rule_rsa_size,
                         "RSA keys must have at least %d bits (min_rsa_bits)",
                         p->min_rsa_bits);
    if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e))
        return pv_refuse(v, &pv_rule_rsa_exponent, "its public exponent cannot be read");
    ok = BN_is_odd(e) && BN_num_bits(e) > 16;
    if (!ok) {
        dec = BN_bn2dec(e);
        pv_refuse(v, &pv_rule_rsa_exponent,
                  "its public exponent is %s; it must be odd and at least 65537%s",
                  dec != NULL ? dec : "not usable",
                  BN_is_one(e) ? " (with e = 1 a signature is the padded digest itself, "
                                 "which anyone can forge)"
                               : "");
    }
    OPENSSL_free(dec);
    BN_free(e);
    return ok;
}

/* Parameters written out in the key, even when they match a named curve. */
static int pv_ec_explicit(const EVP_PKEY *key, char *group, size_t grouplen)
{
    char enc[32] = "";

    if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, grouplen,
                                        NULL))
        return 1;
    return EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, enc,
                                          sizeof(enc), NULL) &&
           strcmp(enc, OSSL_PKEY_EC_ENCODING_EXPLICIT) == 0;
}

static int pv_check_ec(const PV_PROFILE *p, const EVP_PKEY *key, PV_KEY_VERDICT *v)
{
    char group[64] = "";

    if (pv_ec_explicit(key, group, sizeof(group)))
        return pv_refuse(v, &pv_rule_ec_explicit,
                         "its curve is given as explicit parameters, not by name; "
                         "make the key on a named curve (openssl genpkey -algorithm EC "
                         "-pkeyopt ec_paramgen_curve:P-256)");
    if (pv_key_policy_curve_ok(p, group))
        return 1;
    return pv_refuse(v, &pv_rule_ec_curve, "the curves it takes are %s",
                     p->ec_curves != NULL ? p->ec_curves : PV_EC_CURVES_DEFAULT);
}

static int pv_key_judge(const PV_PROFILE *profile, const EVP_PKEY *key, PV_KEY_VERDICT *v)
{
    const PV_KEY_ALG *alg;
    char takes[96];

    if (key == NULL) {
        snprintf(v->desc, sizeof(v->desc), "unreadable");
        return pv_refuse(v, &pv_rule_unsupported, "the key cannot be read");
    }
    pv_key_describe(key, v->desc, sizeof(v->desc));
    if ((alg = pv_key_alg_of(key)) == NULL) {
        pv_key_types_text(~0u, takes, sizeof(takes));
        return pv_refuse(v, &pv_rule_unsupported,
                         "popverify signs and issues with %s keys only, for every "
                         "profile",
                         takes);
    }
    pv_key_types_text(profile->key_types, takes, sizeof(takes));
    if ((alg->bit & profile->key_types) == 0)
        return pv_refuse(v, &pv_rule_algorithm,
                         "the key types it takes are %s (key_types)%s", takes,
                         alg->bit & PV_KEY_MLDSA ? "; ML-DSA CA keys work with the "
                                                   "generic-signature and generic-vcert "
                                                   "profiles"
                                                 : "");
    if (alg->bit == PV_KEY_RSA)
        return pv_check_rsa(profile, key, v);
    if (alg->bit == PV_KEY_EC)
        return pv_check_ec(profile, key, v);
    return 1;
}

/* The value that would take the key, for the relax note of a default. */
static int pv_key_hint(const PV_PROFILE *p, const EVP_PKEY *key, const PV_KEY_RULE *rule,
                       char *hint, size_t hintlen)
{
    const PV_KEY_ALG *alg = pv_key_alg_of(key);
    char group[64] = "";

    if (rule == &pv_rule_algorithm) {
        pv_key_types_text(p->key_types | alg->bit, hint, hintlen);
        return 1;
    }
    if (rule == &pv_rule_rsa_size) {
        snprintf(hint, hintlen, "%d", EVP_PKEY_get_bits(key));
        return EVP_PKEY_get_bits(key) >= 2048; /* the least min_rsa_bits takes */
    }
    EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                   NULL);
    snprintf(hint, hintlen, "%s %s",
             p->ec_curves != NULL ? p->ec_curves : PV_EC_CURVES_DEFAULT, group);
    return 1;
}

/* Where the refusing rule comes from, and how to relax it when it is ours. */
static void pv_key_source(const PV_PROFILE *profile, const EVP_PKEY *key,
                          PV_KEY_VERDICT *v)
{
    char hint[128];

    v->source = v->rule->source;
    if (v->rule->field < 0)
        return;
    v->source = pv_profile_source(profile, (PV_FIELD)v->rule->field);
    if (v->source != NULL)
        return;
    v->source = PV_KEY_SOURCE_DEFAULT;
    if (pv_key_hint(profile, key, v->rule, hint, sizeof(hint)))
        pv_profile_default_note(profile, (PV_FIELD)v->rule->field, hint, v->relax,
                                sizeof(v->relax));
    else
        snprintf(v->relax, sizeof(v->relax),
                 "; popverify never takes RSA keys below 2048 bits");
}

int pv_key_policy_check(const PV_PROFILE *profile, const EVP_PKEY *key, PV_KEY_VERDICT *v)
{
    memset(v, 0, sizeof(*v));
    if (pv_key_judge(profile, key, v))
        return 1;
    pv_key_source(profile, key, v);
    return 0;
}

int pv_key_policy_enforce(const PV_ENV *env, const PV_PROFILE *profile,
                          const EVP_PKEY *key, const char *what)
{
    PV_KEY_VERDICT v;

    if (pv_key_policy_check(profile, key, &v))
        return 1;
    pv_raise(env, POPVERIFY_R_KEY_REJECTED,
             "%s (%s) is refused by profile %s (%s): %s [%s; source: %s]%s", what, v.desc,
             profile->name, profile->platform, v.why, v.rule->code, v.source, v.relax);
    return 0;
}
