/*
 * keyalg.c - a key's signing style, asked by name of the key's own keymgmt
 * (ML-DSA exists from OpenSSL 3.5 on).
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include "keyalg.h"

static const char *const pv_mldsa_names[] = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"};

static int pv_key_is_mldsa(const EVP_PKEY *key)
{
    size_t i;

    for (i = 0; i < sizeof(pv_mldsa_names) / sizeof(pv_mldsa_names[0]); i++)
        if (EVP_PKEY_is_a(key, pv_mldsa_names[i]))
            return 1;
    return 0;
}

int pv_key_signs_pure(const EVP_PKEY *key)
{
    return EVP_PKEY_is_a(key, "ED25519") || EVP_PKEY_is_a(key, "ED448") ||
           pv_key_is_mldsa(key);
}

const char *pv_key_digest(const EVP_PKEY *key, const char *digest)
{
    return pv_key_signs_pure(key) ? NULL : digest;
}

int pv_have_mldsa(const PV_ENV *env)
{
    EVP_KEYMGMT *km;

    ERR_set_mark(); /* a failed fetch leaves an error behind */
    km = EVP_KEYMGMT_fetch(env->libctx, "ML-DSA-65", env->propq);
    ERR_pop_to_mark();
    EVP_KEYMGMT_free(km);
    return km != NULL;
}
