/*
 * lint_key.c - the certified public key, judged by the key policy every
 * command asks (key_policy.h): the algorithm, RSA size and exponent, a
 * named curve the profile takes. Each rule is reported under its code.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "key_policy.h"
#include "lint_check.h"

/* The policy's rule codes as lint reports them, with their severity. */
static const struct {
    const char *code;
    PV_LINT_SEVERITY severity;
    const char *fix;
} pv_lint_key_codes[] = {
    {"PV_KEY_TYPE_REFUSED", PV_LINT_ERROR,
     "issue the certificate for a key of a type the "
     "profile takes"},
    {"PV_KEY_RSA_SMALL", PV_LINT_ERROR,
     "make a new key (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072) and "
     "issue the certificate for it"},
    {"PV_KEY_RSA_EXPONENT", PV_LINT_ERROR,
     "make a new key with the default exponent 65537 and issue the certificate for it"},
    {"PV_KEY_EC_EXPLICIT", PV_LINT_ERROR,
     "make a new key on a named curve (openssl genpkey -algorithm EC -pkeyopt "
     "ec_paramgen_curve:P-256) and issue the certificate for it"},
    {"PV_KEY_EC_CURVE", PV_LINT_ERROR,
     "make a new key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256) "
     "and "
     "issue the certificate for it"},
};

void pv_lint_key(PV_LINT *l)
{
    PV_KEY_VERDICT v;
    EVP_PKEY *pub;
    size_t i;

    ERR_set_mark();
    pub = X509_get0_pubkey(l->cert);
    ERR_pop_to_mark();
    if (pv_key_policy_check(l->profile, pub, &v))
        return;
    for (i = 0; i < sizeof(pv_lint_key_codes) / sizeof(pv_lint_key_codes[0]); i++)
        if (strcmp(pv_lint_key_codes[i].code, v.rule->code) == 0)
            break;
    if (i == sizeof(pv_lint_key_codes) / sizeof(pv_lint_key_codes[0]))
        i = 0;
    pv_lint_find(l, pv_lint_key_codes[i].code, pv_lint_key_codes[i].severity,
                 "the key is %s, which profile %s (%s) refuses: %s (source: %s): %s%s",
                 v.desc, l->profile->name, l->profile->platform, v.why, v.source,
                 pv_lint_key_codes[i].fix, v.relax);
}
