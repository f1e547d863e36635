/*
 * key_policy.h - the one verdict on a key, per profile: which algorithms,
 * the RSA size and public exponent, named EC curves only. sign, vcert,
 * verify, ca, device (issuer and CSR keys), doctor and lint all ask here,
 * so one key gets one verdict everywhere.
 */
#ifndef PV_KEY_POLICY_H
#define PV_KEY_POLICY_H

#include <stddef.h>
#include <openssl/evp.h>
#include "env.h"
#include "profile.h"

/* The EC curves a profile takes when its ec_curves field is not set. */
#define PV_EC_CURVES_DEFAULT "P-256 P-384 P-521"

/*
 * An algorithm popverify signs and issues with. key_types names these
 * (config word), PV_KEY_* is the bit; a new algorithm is one line in the
 * table in key_policy.c plus its bit in profile.h.
 */
typedef struct pv_key_alg_st {
    const char *type; /* as EVP_PKEY_is_a knows it: "RSA", "ED25519" */
    const char *word; /* in key_types and messages: "rsa", "ed25519" */
    unsigned bit;     /* PV_KEY_* */
} PV_KEY_ALG;

size_t pv_key_alg_count(void);
const PV_KEY_ALG *pv_key_alg_at(size_t i);
/* By key_types word; NULL when popverify has no such algorithm. */
const PV_KEY_ALG *pv_key_alg_by_word(const char *word);
/* The key's algorithm; NULL when popverify has none for it (DSA, RSA-PSS). */
const PV_KEY_ALG *pv_key_alg_of(const EVP_PKEY *key);
/* "rsa ec ed25519": the words of the bits set, space-separated. */
void pv_key_types_text(unsigned types, char *out, size_t outlen);

/*
 * One rule of the policy. A rule that is a profile field (key_types,
 * min_rsa_bits, ec_curves) takes its source from the profile
 * (profile_source.c); the others carry their own.
 */
typedef struct pv_key_rule_st {
    const char *code;   /* stable, as lint reports it: "PV_KEY_RSA_EXPONENT" */
    const char *source; /* a fixed rule's document and section; NULL: field's */
    int field;          /* the PV_FIELD behind the rule, -1 for a fixed rule */
} PV_KEY_RULE;

#define PV_KEY_SOURCE_DEFAULT "popverify default"

typedef struct pv_key_verdict_st {
    const PV_KEY_RULE *rule;    /* NULL: the key is accepted */
    const char *source;         /* document and section, or PV_KEY_SOURCE_DEFAULT */
    char desc[64];              /* "RSA 2048", "EC secp256k1", "DSA" */
    char why[320];              /* what is wrong, without the key's name */
    char relax[PV_MSG_MAX / 2]; /* "; ... how to relax it" for a default, or "" */
} PV_KEY_VERDICT;

/* 1 when profile takes key; else 0 and v says which rule refused it. */
int pv_key_policy_check(const PV_PROFILE *profile, const EVP_PKEY *key,
                        PV_KEY_VERDICT *v);

/*
 * The same, raised as POPVERIFY_R_KEY_REJECTED naming what ("CA key
 * ca.key", "the device key"): "WHAT (DESC) is refused by profile P: WHY
 * (SOURCE); FIX". Returns 1 when accepted.
 */
int pv_key_policy_enforce(const PV_ENV *env, const PV_PROFILE *profile,
                          const EVP_PKEY *key, const char *what);

/* The named curve's short name ("P-256") is in the profile's ec_curves. */
int pv_key_policy_curve_ok(const PV_PROFILE *profile, const char *curve);

/* A curve name as ec_curves and --key-type take it, checked; 0 if unknown. */
int pv_key_curve_known(const char *name);

#endif
