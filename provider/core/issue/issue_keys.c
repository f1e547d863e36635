/*
 * issue_keys.c - a new certificate's key must be one the profile's platform
 * takes. A key type is checked before it is generated (an RSA key takes
 * seconds, and nothing is made that would be refused); a CSR's key after it
 * is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "popverify.h"
#include "checks.h"
#include "key_policy.h"
#include "issue_steps.h"

/* "rsa (2048 bits or more), ec, ed25519, ml-dsa-65" */
static void pv_allowed_text(const PV_PROFILE *p, char *out, size_t outlen)
{
    size_t i, used = 0;
    const PV_KEY_ALG *alg;

    out[0] = '\0';
    for (i = 0; (alg = pv_key_alg_at(i)) != NULL && used < outlen; i++) {
        if ((p->key_types & alg->bit) == 0)
            continue;
        used += (size_t)snprintf(out + used, outlen - used, "%s%s", used ? ", " : "",
                                 alg->word);
        if (alg->bit == PV_KEY_RSA && used < outlen)
            used += (size_t)snprintf(out + used, outlen - used, " (%d bits or more)",
                                     p->min_rsa_bits);
    }
}

/* The PV_KEY_* a key-type string names (0: none; pv_keygen says why). */
static unsigned pv_key_type_family(const char *key_type, long *bits)
{
    const PV_KEY_ALG *alg;

    *bits = 0;
    if (strncmp(key_type, "rsa", 3) == 0 && (key_type[3] == '\0' || key_type[3] == ':')) {
        *bits = key_type[3] == ':' ? strtol(key_type + 4, NULL, 10) : 3072;
        return PV_KEY_RSA;
    }
    if (strncmp(key_type, "ec", 2) == 0 && (key_type[2] == '\0' || key_type[2] == ':'))
        return PV_KEY_EC;
    alg = pv_key_alg_by_word(key_type); /* ed25519, ml-dsa-44, ml-dsa-65, ml-dsa-87 */
    return alg != NULL && alg->bit != PV_KEY_RSA && alg->bit != PV_KEY_EC ? alg->bit : 0;
}

/* key names the key in a whole phrase: "key type ed25519 for the device key". */
static int pv_key_refused(const PV_ENV *env, const PV_PROFILE *profile, const char *key,
                          const char *fix)
{
    char allowed[160];

    pv_allowed_text(profile, allowed, sizeof(allowed));
    pv_raise(env, POPVERIFY_R_KEY_REJECTED,
             "%s is refused by profile %s: %s takes %s keys; %s", key, profile->name,
             profile->platform, allowed, fix);
    return 0;
}

/* "choose another key type, e.g. X" with an X the profile takes. */
static void pv_suggest_key_type(const PV_PROFILE *p, char *out, size_t outlen)
{
    if (p->key_types & PV_KEY_EC)
        snprintf(out, outlen, "choose another key type, e.g. ec:P-256");
    else if (p->key_types & PV_KEY_RSA)
        snprintf(out, outlen, "choose another key type, e.g. rsa:%d",
                 p->min_rsa_bits > 3072 ? p->min_rsa_bits : 3072);
    else
        snprintf(out, outlen, "choose another key type, e.g. ed25519");
}

int pv_check_key_type(const PV_ENV *env, const PV_PROFILE *profile, const char *key_type,
                      const char *what)
{
    char key[160], fix[64];
    long bits;
    unsigned family = pv_key_type_family(key_type, &bits);

    if (profile == NULL || family == 0)
        return 1;
    snprintf(key, sizeof(key), "key type %s for %s", key_type, what);
    if ((family & profile->key_types) == 0 ||
        (family == PV_KEY_RSA && bits > 0 && bits < profile->min_rsa_bits)) {
        pv_suggest_key_type(profile, fix, sizeof(fix));
        return pv_key_refused(env, profile, key, fix);
    }
    return 1;
}

int pv_check_subject_key(const PV_ENV *env, const PV_PROFILE *profile,
                         const EVP_PKEY *key, const char *what)
{
    return pv_key_policy_enforce(env, profile, key, what);
}
