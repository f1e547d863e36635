/*
 * signature.c - signing with a POPVERIFY key: whatever `openssl dgst -sign`
 * or `pkeyutl -sign [-rawin]` feeds in is read as the verification code, and
 * what comes out is the profile's encoded, self-checked PoP signature.
 */
#include <ctype.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "popverify.h"
#include "dispatch.h"
#include "key.h"

/* A code file with generous white space still fits; anything larger is not a code. */
#define PV_SIG_INPUT_MAX 4096

typedef struct pv_sig_ctx_st {
    PV_PROVCTX *provctx;
    PV_KEY *key; /* owned by the EVP_PKEY the caller keeps alive */
    unsigned char input[PV_SIG_INPUT_MAX];
    size_t input_len;
    int too_long;
} PV_SIG_CTX;

static void *pv_sig_newctx(void *provctx, const char *propq)
{
    PV_SIG_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));

    (void)propq;
    if (ctx != NULL)
        ctx->provctx = provctx;
    return ctx;
}

static void pv_sig_freectx(void *vctx)
{
    OPENSSL_free(vctx);
}

static void *pv_sig_dupctx(void *vctx)
{
    return OPENSSL_memdup(vctx, sizeof(PV_SIG_CTX));
}

static int pv_sig_digest_fits(PV_SIG_CTX *ctx, const char *mdname);

/* pkeyutl -pkeyopt digest:NAME: only the profile's digest is accepted. */
static int pv_sig_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
    PV_SIG_CTX *ctx = vctx;
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_DIGEST);
    char mdname[64], *name = mdname;

    if (p == NULL)
        return 1;
    return OSSL_PARAM_get_utf8_string(p, &name, sizeof(mdname)) &&
           pv_sig_digest_fits(ctx, mdname);
}

static int pv_sig_init(void *vctx, void *keydata, const OSSL_PARAM params[])
{
    PV_SIG_CTX *ctx = vctx;
    PV_KEY *key = keydata;
    PV_ENV env;

    if (key == NULL) /* a re-init keeps the key it had */
        key = ctx->key;
    if (key == NULL || key->signer == NULL) {
        pv_provctx_env(ctx->provctx, &env);
        pv_raise(&env, POPVERIFY_R_USAGE,
                 "a POPVERIFY key comes only from a popverify:// URI");
        return 0;
    }
    ctx->key = key;
    ctx->input_len = 0;
    ctx->too_long = 0;
    return pv_sig_set_ctx_params(ctx, params);
}

/* The digest the application names must be the one the platform uses. */
static int pv_sig_digest_fits(PV_SIG_CTX *ctx, const char *mdname)
{
    const PV_PROFILE *profile = &ctx->key->signer->profile;
    EVP_MD *md;
    PV_ENV env;
    char option[32];
    size_t i;
    int fits;

    if (mdname == NULL || *mdname == '\0')
        return 1;
    pv_provctx_env(ctx->provctx, &env);
    md = EVP_MD_fetch(env.libctx, mdname, env.propq);
    fits = md != NULL && EVP_MD_is_a(md, profile->digest);
    EVP_MD_free(md);
    if (fits)
        return 1;
    for (i = 0; i + 1 < sizeof(option) && profile->digest[i] != '\0'; i++)
        option[i] = (char)tolower((unsigned char)profile->digest[i]);
    option[i] = '\0';
    pv_raise(&env, POPVERIFY_R_USAGE,
             "profile %s signs with %s, not %s; use -%s or leave the digest out",
             profile->name, profile->digest, mdname, option);
    return fits;
}

static int pv_sig_digest_init(void *vctx, const char *mdname, void *keydata,
                              const OSSL_PARAM params[])
{
    return pv_sig_init(vctx, keydata, params) && pv_sig_digest_fits(vctx, mdname);
}

static int pv_sig_update(void *vctx, const unsigned char *data, size_t len)
{
    PV_SIG_CTX *ctx = vctx;

    if (len > sizeof(ctx->input) - ctx->input_len) {
        ctx->too_long = 1;
        return 1; /* said at final, where the whole input is known */
    }
    memcpy(ctx->input + ctx->input_len, data, len);
    ctx->input_len += len;
    return 1;
}

static int pv_sig_produce(PV_SIG_CTX *ctx, unsigned char *sig, size_t *siglen,
                          size_t sigsize, const unsigned char *in, size_t inlen)
{
    PV_ENV env;
    PV_CODE code;
    PV_RESULT res;
    int ok;

    if (sig == NULL) {
        *siglen = pv_signer_max_output(ctx->key->signer);
        return 1;
    }
    memset(&res, 0, sizeof(res));
    pv_provctx_env(ctx->provctx, &env);
    if (ctx->too_long) {
        pv_raise(&env, POPVERIFY_R_BAD_CODE,
                 "the signed input is longer than %d bytes, which no verification code "
                 "is; sign the file that holds only the code",
                 PV_SIG_INPUT_MAX);
        return 0;
    }
    ok = pv_code_read(&env, &ctx->key->signer->profile, in, inlen, "signed input",
                      &code) &&
         pv_signer_sign(&env, ctx->key->signer, &code, &res);
    if (ok && res.output_len > sigsize) {
        pv_raise(&env, POPVERIFY_R_INTERNAL, "signature buffer too small");
        ok = 0;
    }
    if (ok) {
        memcpy(sig, res.output, res.output_len);
        *siglen = res.output_len;
    }
    pv_result_clear(&res);
    return ok;
}

static int pv_sig_final(void *vctx, unsigned char *sig, size_t *siglen, size_t sigsize)
{
    PV_SIG_CTX *ctx = vctx;

    return pv_sig_produce(ctx, sig, siglen, sigsize, ctx->input, ctx->input_len);
}

static int pv_sig_oneshot(void *vctx, unsigned char *sig, size_t *siglen, size_t sigsize,
                          const unsigned char *tbs, size_t tbslen)
{
    PV_SIG_CTX *ctx = vctx;

    if (tbslen > PV_SIG_INPUT_MAX)
        ctx->too_long = 1;
    return pv_sig_produce(ctx, sig, siglen, sigsize, tbs, tbslen);
}

static const OSSL_PARAM *pv_sig_settable_ctx_params(void *vctx, void *provctx)
{
    static const OSSL_PARAM settable[] = {
        OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, NULL, 0), OSSL_PARAM_END};

    (void)vctx;
    (void)provctx;
    return settable;
}

const OSSL_DISPATCH pv_signature_functions[] = {
    {OSSL_FUNC_SIGNATURE_NEWCTX, (void (*)(void))pv_sig_newctx},
    {OSSL_FUNC_SIGNATURE_FREECTX, (void (*)(void))pv_sig_freectx},
    {OSSL_FUNC_SIGNATURE_DUPCTX, (void (*)(void))pv_sig_dupctx},
    {OSSL_FUNC_SIGNATURE_SIGN_INIT, (void (*)(void))pv_sig_init},
    {OSSL_FUNC_SIGNATURE_SIGN, (void (*)(void))pv_sig_oneshot},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT, (void (*)(void))pv_sig_digest_init},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, (void (*)(void))pv_sig_update},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, (void (*)(void))pv_sig_final},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN, (void (*)(void))pv_sig_oneshot},
    {OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, (void (*)(void))pv_sig_set_ctx_params},
    {OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS, (void (*)(void))pv_sig_settable_ctx_params},
    {0, NULL}};
