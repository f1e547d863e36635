/*
 * keymgmt.c - key management of the POPVERIFY key type. Keys come only from
 * the popverify: store (by reference); this answers what apps ask of them.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "dispatch.h"
#include "key.h"

PV_KEY *pv_key_new(PV_PROVCTX *provctx, PV_SIGNER *signer)
{
    PV_KEY *key = OPENSSL_zalloc(sizeof(*key));

    if (key != NULL) {
        key->provctx = provctx;
        key->signer = signer;
    }
    return key;
}

void pv_key_free(PV_KEY *key)
{
    if (key == NULL)
        return;
    pv_signer_free(key->signer);
    OPENSSL_free(key);
}

static void *pv_km_new(void *provctx)
{
    return pv_key_new(provctx, NULL);
}

static void pv_km_free(void *keydata)
{
    pv_key_free(keydata);
}

/* The store hands over its key object; from here on libcrypto owns it. */
static void *pv_km_load(const void *reference, size_t reference_sz)
{
    PV_KEY *key = NULL;

    if (reference == NULL || reference_sz != sizeof(key))
        return NULL;
    memcpy(&key, reference, sizeof(key));
    memset((void *)reference, 0, sizeof(key));
    return key;
}

static int pv_km_has(const void *keydata, int selection)
{
    const PV_KEY *key = keydata;

    /* A loaded signer has both halves: the CA key and the CA certificate. */
    if (key == NULL)
        return 0;
    if ((selection & OSSL_KEYMGMT_SELECT_KEYPAIR) != 0)
        return key->signer != NULL;
    return 1;
}

static int pv_km_get_params(void *keydata, OSSL_PARAM params[])
{
    const PV_KEY *key = keydata;
    const EVP_PKEY *ca_key = key->signer != NULL ? key->signer->key : NULL;
    OSSL_PARAM *p;

    if (ca_key == NULL)
        return 1;
    if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_BITS)) != NULL &&
        !OSSL_PARAM_set_int(p, EVP_PKEY_get_bits(ca_key)))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_SECURITY_BITS)) != NULL &&
        !OSSL_PARAM_set_int(p, EVP_PKEY_get_security_bits(ca_key)))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_MAX_SIZE)) != NULL &&
        !OSSL_PARAM_set_int(p, (int)pv_signer_max_output(key->signer)))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_DEFAULT_DIGEST)) != NULL &&
        !OSSL_PARAM_set_utf8_string(p, key->signer->profile.digest))
        return 0;
    return 1;
}

static const OSSL_PARAM *pv_km_gettable_params(void *provctx)
{
    static const OSSL_PARAM gettable[] = {
        OSSL_PARAM_int(OSSL_PKEY_PARAM_BITS, NULL),
        OSSL_PARAM_int(OSSL_PKEY_PARAM_SECURITY_BITS, NULL),
        OSSL_PARAM_int(OSSL_PKEY_PARAM_MAX_SIZE, NULL),
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_DEFAULT_DIGEST, NULL, 0), OSSL_PARAM_END};

    (void)provctx;
    return gettable;
}

static const char *pv_km_query_operation_name(int operation_id)
{
    (void)operation_id;
    return PV_KEY_TYPE;
}

const OSSL_DISPATCH pv_keymgmt_functions[] = {
    {OSSL_FUNC_KEYMGMT_NEW, (void (*)(void))pv_km_new},
    {OSSL_FUNC_KEYMGMT_FREE, (void (*)(void))pv_km_free},
    {OSSL_FUNC_KEYMGMT_LOAD, (void (*)(void))pv_km_load},
    {OSSL_FUNC_KEYMGMT_HAS, (void (*)(void))pv_km_has},
    {OSSL_FUNC_KEYMGMT_GET_PARAMS, (void (*)(void))pv_km_get_params},
    {OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, (void (*)(void))pv_km_gettable_params},
    {OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME, (void (*)(void))pv_km_query_operation_name},
    {0, NULL}};
