/*
 * store.c - the popverify:// store. For the stock openssl CLI a URI is the
 * way in: without code= it yields a POPVERIFY signing key (by reference),
 * with code= the verification certificate (DER), both made by the pipeline.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/core_object.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/store.h>
#include "popverify.h"
#include "dispatch.h"
#include "key.h"
#include "profiles.h"
#include "uri.h"

typedef struct pv_store_ctx_st {
    PV_PROVCTX *provctx;
    PV_URI uri;
    int expect; /* OSSL_STORE_INFO_* the application wants, 0 for any */
    int eof;
    PV_KEY *key; /* until libcrypto's keymgmt load takes it */
} PV_STORE_CTX;

static void *pv_store_open(void *provctx, const char *uri)
{
    PV_STORE_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));
    PV_ENV env;

    if (ctx == NULL)
        return NULL;
    ctx->provctx = provctx;
    pv_provctx_env(provctx, &env);
    if (!pv_uri_parse(&env, uri, &ctx->uri)) {
        OPENSSL_free(ctx);
        return NULL;
    }
    return ctx;
}

static int pv_store_close(void *vctx)
{
    PV_STORE_CTX *ctx = vctx;

    if (ctx == NULL)
        return 1;
    pv_key_free(ctx->key);
    pv_uri_clear(&ctx->uri);
    OPENSSL_free(ctx);
    return 1;
}

static const OSSL_PARAM *pv_store_settable_ctx_params(void *provctx)
{
    static const OSSL_PARAM settable[] = {
        OSSL_PARAM_int(OSSL_STORE_PARAM_EXPECT, NULL),
        OSSL_PARAM_utf8_string(OSSL_STORE_PARAM_PROPERTIES, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_STORE_PARAM_INPUT_TYPE, NULL, 0), OSSL_PARAM_END};

    (void)provctx;
    return settable;
}

/* Applications send expect, properties and input-type; only expect matters here. */
static int pv_store_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
    PV_STORE_CTX *ctx = vctx;
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_STORE_PARAM_EXPECT);

    return p == NULL || OSSL_PARAM_get_int(p, &ctx->expect);
}

static int pv_store_eof(void *vctx)
{
    return ((PV_STORE_CTX *)vctx)->eof;
}

static void pv_store_request(PV_STORE_CTX *ctx, const PV_PROFILE *profile,
                             OSSL_PASSPHRASE_CALLBACK *pw_cb, void *pw_cbarg,
                             PV_REQUEST *req)
{
    memset(req, 0, sizeof(*req));
    req->profile = profile;
    req->ca_cert = ctx->uri.cert != NULL ? ctx->uri.cert : profile->ca_cert;
    req->ca_key = ctx->uri.key != NULL ? ctx->uri.key : profile->ca_key;
    req->code = ctx->uri.code;
    req->code_len = ctx->uri.code_len;
    req->code_source = "code= in the popverify URI";
    req->der = 1;
    req->pass_cb = pw_cb;
    req->pass_arg = pw_cbarg;
}

/* What the URI names and what the application asked for must agree. */
static int pv_store_fits(const PV_ENV *env, const PV_STORE_CTX *ctx,
                         const PV_PROFILE *profile)
{
    int vcert = profile->kind == PV_KIND_VCERT;

    if (vcert && ctx->uri.code == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "profile %s makes a verification certificate: add &code=CODE to the URI "
                 "and read it with openssl x509 -in",
                 profile->name);
        return 0;
    }
    if (!vcert && ctx->uri.code != NULL) {
        pv_raise(
            env, POPVERIFY_R_USAGE,
            "profile %s makes a signature: drop code= from the URI and sign the code "
            "file with openssl dgst -sign or pkeyutl -sign",
            profile->name);
        return 0;
    }
    if (ctx->expect != 0 &&
        ctx->expect != (vcert ? OSSL_STORE_INFO_CERT : OSSL_STORE_INFO_PKEY)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "the popverify URI names a %s, which this command cannot use here",
                 vcert ? "verification certificate" : "signing key");
        return 0;
    }
    return 1;
}

static int pv_store_give_cert(const PV_ENV *env, const PV_REQUEST *req,
                              OSSL_CALLBACK *object_cb, void *object_cbarg)
{
    PV_RESULT res;
    int type = OSSL_OBJECT_CERT, ok;
    OSSL_PARAM params[3];

    memset(&res, 0, sizeof(res));
    if (!pv_run_vcert(env, req, &res))
        return 0;
    params[0] = OSSL_PARAM_construct_int(OSSL_OBJECT_PARAM_TYPE, &type);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_OBJECT_PARAM_DATA, res.output,
                                                  res.output_len);
    params[2] = OSSL_PARAM_construct_end();
    ok = object_cb(params, object_cbarg);
    pv_result_clear(&res);
    return ok;
}

static int pv_store_give_key(const PV_ENV *env, PV_STORE_CTX *ctx, const PV_REQUEST *req,
                             OSSL_CALLBACK *object_cb, void *object_cbarg)
{
    PV_RESULT res;
    PV_SIGNER *signer;
    int type = OSSL_OBJECT_PKEY;
    OSSL_PARAM params[4];

    memset(&res, 0, sizeof(res));
    if ((signer = pv_signer_load(env, req, &res)) == NULL)
        return 0;
    if (ctx->uri.encoding != NULL)
        signer->profile.encoding =
            strcmp(ctx->uri.encoding, "raw") == 0 ? PV_ENC_RAW : PV_ENC_BASE64;
    if ((ctx->key = pv_key_new(ctx->provctx, signer)) == NULL) {
        pv_signer_free(signer);
        return 0;
    }
    params[0] = OSSL_PARAM_construct_int(OSSL_OBJECT_PARAM_TYPE, &type);
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_OBJECT_PARAM_DATA_TYPE,
                                                 (char *)PV_KEY_TYPE, 0);
    params[2] = OSSL_PARAM_construct_octet_string(OSSL_OBJECT_PARAM_REFERENCE, &ctx->key,
                                                  sizeof(ctx->key));
    params[3] = OSSL_PARAM_construct_end();
    return object_cb(params, object_cbarg);
}

static int pv_store_load(void *vctx, OSSL_CALLBACK *object_cb, void *object_cbarg,
                         OSSL_PASSPHRASE_CALLBACK *pw_cb, void *pw_cbarg)
{
    PV_STORE_CTX *ctx = vctx;
    const PV_PROFILE *profile;
    PV_REQUEST req;
    PV_ENV env;

    ctx->eof = 1; /* one object per URI, whatever happens */
    pv_provctx_env(ctx->provctx, &env);
    if ((profile = pv_profile_lookup(&env, ctx->uri.profile)) == NULL ||
        !pv_store_fits(&env, ctx, profile))
        return 0;
    pv_store_request(ctx, profile, pw_cb, pw_cbarg, &req);
    if (profile->kind == PV_KIND_VCERT)
        return pv_store_give_cert(&env, &req, object_cb, object_cbarg);
    return pv_store_give_key(&env, ctx, &req, object_cb, object_cbarg);
}

const OSSL_DISPATCH pv_store_functions[] = {
    {OSSL_FUNC_STORE_OPEN, (void (*)(void))pv_store_open},
    {OSSL_FUNC_STORE_SETTABLE_CTX_PARAMS, (void (*)(void))pv_store_settable_ctx_params},
    {OSSL_FUNC_STORE_SET_CTX_PARAMS, (void (*)(void))pv_store_set_ctx_params},
    {OSSL_FUNC_STORE_LOAD, (void (*)(void))pv_store_load},
    {OSSL_FUNC_STORE_EOF, (void (*)(void))pv_store_eof},
    {OSSL_FUNC_STORE_CLOSE, (void (*)(void))pv_store_close},
    {0, NULL}};
