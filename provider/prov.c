/*
 * prov.c - the provider itself: initialisation, its parameters, the
 * operations it answers and the reason strings of its errors.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <stdio.h>
#include "popverify.h"
#include "config.h"
#include "dispatch.h"
#include "key.h"
#include "profiles.h"
#include "prov.h"
#include "provctx.h"

#ifndef POPVERIFY_BUILT_WITH_OPENSSL
#define POPVERIFY_BUILT_WITH_OPENSSL "3"
#endif
#define POPVERIFY_BUILDINFO                                                              \
    "popverify " POPVERIFY_VERSION_STR " built with "                                    \
    "OpenSSL " POPVERIFY_BUILT_WITH_OPENSSL

static const OSSL_ITEM pv_reason_strings[] = {
    {POPVERIFY_R_USAGE, "missing or contradictory input"},
    {POPVERIFY_R_UNKNOWN_PROFILE, "unknown profile"},
    {POPVERIFY_R_BAD_CODE, "bad verification code"},
    {POPVERIFY_R_LOAD, "cannot load input"},
    {POPVERIFY_R_PASSPHRASE, "passphrase"},
    {POPVERIFY_R_KEY_MISMATCH, "CA key does not match certificate"},
    {POPVERIFY_R_NOT_A_CA, "not a usable CA certificate"},
    {POPVERIFY_R_KEY_REJECTED, "key type refused by the platform"},
    {POPVERIFY_R_CRYPTO, "cryptographic operation failed"},
    {POPVERIFY_R_SELF_CHECK, "output failed its self-check"},
    {POPVERIFY_R_INTERNAL, "internal error"},
    {POPVERIFY_R_BAD_ID, "device id refused by the profile"},
    {0, NULL}};

static const OSSL_PARAM *pv_gettable_params(void *provctx)
{
    static const OSSL_PARAM gettable[] = {
        OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_NAME, NULL, 0),
        OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_VERSION, NULL, 0),
        OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_BUILDINFO, NULL, 0),
        OSSL_PARAM_int(OSSL_PROV_PARAM_STATUS, NULL), OSSL_PARAM_END};

    (void)provctx;
    return gettable;
}

static int pv_get_params(void *provctx, OSSL_PARAM params[])
{
    OSSL_PARAM *p;

    (void)provctx;
    if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_NAME)) != NULL &&
        !OSSL_PARAM_set_utf8_ptr(p, "popverify: proof of possession for IoT CAs"))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_VERSION)) != NULL &&
        !OSSL_PARAM_set_utf8_ptr(p, POPVERIFY_VERSION_STR))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_BUILDINFO)) != NULL &&
        !OSSL_PARAM_set_utf8_ptr(p, POPVERIFY_BUILDINFO))
        return 0;
    if ((p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_STATUS)) != NULL &&
        !OSSL_PARAM_set_int(p, 1))
        return 0;
    return 1;
}

static const OSSL_ALGORITHM pv_keymgmt_algorithms[] = {
    {PV_KEY_TYPE, "provider=popverify", pv_keymgmt_functions,
     "a CA key bound to a popverify profile"},
    {NULL, NULL, NULL, NULL}};

static const OSSL_ALGORITHM pv_signature_algorithms[] = {
    {PV_KEY_TYPE, "provider=popverify", pv_signature_functions,
     "proof-of-possession signature over a verification code"},
    {NULL, NULL, NULL, NULL}};

static const OSSL_ALGORITHM pv_store_algorithms[] = {
    {"popverify", "provider=popverify", pv_store_functions,
     "popverify://PROFILE?cert=...&key=...[&code=...]"},
    {NULL, NULL, NULL, NULL}};

static const OSSL_ALGORITHM pv_encoder_algorithms[] = {
    {PV_KEY_TYPE, "provider=popverify,output=text", pv_encoder_text_functions,
     "what a POPVERIFY key stands for, as text"},
    {NULL, NULL, NULL, NULL}};

static const OSSL_ALGORITHM *pv_query_operation(void *provctx, int operation_id,
                                                int *no_cache)
{
    (void)provctx;
    *no_cache = 0;
    switch (operation_id) {
    case POPVERIFY_OP:
        return pv_op_algorithms;
    case OSSL_OP_KEYMGMT:
        return pv_keymgmt_algorithms;
    case OSSL_OP_SIGNATURE:
        return pv_signature_algorithms;
    case OSSL_OP_STORE:
        return pv_store_algorithms;
    case OSSL_OP_ENCODER:
        return pv_encoder_algorithms;
    }
    return NULL;
}

static void pv_unquery_operation(void *provctx, int operation_id,
                                 const OSSL_ALGORITHM *algs)
{
    /* Tables are static; the core may also call this with NULL. */
    (void)provctx;
    (void)operation_id;
    (void)algs;
}

static const OSSL_ITEM *pv_get_reason_strings(void *provctx)
{
    (void)provctx;
    return pv_reason_strings;
}

static void pv_teardown(void *provctx)
{
    PV_PROVCTX *pctx = provctx;

    pv_profiles_free(pctx->profiles);
    OSSL_LIB_CTX_free(pctx->libctx);
    OPENSSL_free(pctx);
}

static const OSSL_DISPATCH pv_provider_dispatch[] = {
    {OSSL_FUNC_PROVIDER_TEARDOWN, (void (*)(void))pv_teardown},
    {OSSL_FUNC_PROVIDER_GETTABLE_PARAMS, (void (*)(void))pv_gettable_params},
    {OSSL_FUNC_PROVIDER_GET_PARAMS, (void (*)(void))pv_get_params},
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))pv_query_operation},
    {OSSL_FUNC_PROVIDER_UNQUERY_OPERATION, (void (*)(void))pv_unquery_operation},
    {OSSL_FUNC_PROVIDER_GET_REASON_STRINGS, (void (*)(void))pv_get_reason_strings},
    {0, NULL}};

static OSSL_FUNC_core_get_params_fn *pv_take_core_functions(PV_PROVCTX *pctx,
                                                            const OSSL_DISPATCH *in)
{
    OSSL_FUNC_core_get_params_fn *get_params = NULL;

    for (; in->function_id != 0; in++) {
        switch (in->function_id) {
        case OSSL_FUNC_CORE_GET_PARAMS:
            get_params = OSSL_FUNC_core_get_params(in);
            break;
        case OSSL_FUNC_CORE_NEW_ERROR:
            pctx->new_error = OSSL_FUNC_core_new_error(in);
            break;
        case OSSL_FUNC_CORE_SET_ERROR_DEBUG:
            pctx->set_error_debug = OSSL_FUNC_core_set_error_debug(in);
            break;
        case OSSL_FUNC_CORE_VSET_ERROR:
            pctx->vset_error = OSSL_FUNC_core_vset_error(in);
            break;
        }
    }
    return get_params;
}

int pv_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                     const OSSL_DISPATCH **out, void **provctx)
{
    PV_PROVCTX *pctx = OPENSSL_zalloc(sizeof(*pctx));

    if (pctx == NULL)
        return 0;
    pctx->handle = handle;
    if ((pctx->profiles = pv_profiles_new()) == NULL ||
        !pv_config_load(pctx, pv_take_core_functions(pctx, in)) ||
        (pctx->libctx = OSSL_LIB_CTX_new_child(handle, in)) == NULL) {
        pv_teardown(pctx);
        return 0;
    }
    *out = pv_provider_dispatch;
    *provctx = pctx;
    return 1;
}
