/*
 * op_signer.c - load_signer and dupctx of the popverify operation: an
 * application loads the issuing CA once into a context (profile, CA
 * certificate, CA key: decrypted, matched and checked once), duplicates that
 * context for each of its threads, and every issue on any of them makes one
 * device certificate through the shared CA, with the same checks and
 * self-check as a single issue.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "op.h"
#include "profiles.h"

int pv_op_load_signer(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_OP_CTX *ctx = vctx;
    PV_ENV env;
    PV_REQUEST req;
    const PV_PROFILE *profile;

    pv_op_begin(ctx, &env);
    pv_ca_signer_free(ctx->signer);
    ctx->signer = NULL;
    if (ctx->role != NULL && strcmp(ctx->role, "device") != 0) {
        pv_raise(&env, POPVERIFY_R_USAGE,
                 "a signer issues device certificates; drop role %s, or issue that "
                 "role without load_signer",
                 ctx->role);
        return 0;
    }
    if ((profile = pv_profile_lookup(&env, ctx->profile)) == NULL)
        return 0;
    pv_op_request(ctx, profile, cb, cbarg, &req);
    req.role = PV_ROLE_DEVICE;
    if ((ctx->signer = pv_ca_signer_load(&env, &req)) == NULL)
        return 0;
    ctx->resolved = profile;
    pv_ca_signer_describe(ctx->signer, &ctx->res);
    return 1;
}

int pv_op_signer_issue(PV_OP_CTX *ctx)
{
    PV_ENV env;
    PV_REQUEST req;

    pv_op_begin(ctx, &env);
    if (ctx->role != NULL && strcmp(ctx->role, "device") != 0) {
        pv_raise(&env, POPVERIFY_R_USAGE,
                 "this context holds a loaded signer, which issues device certificates "
                 "only; issue role %s from a context without one",
                 ctx->role);
        return 0;
    }
    pv_op_request(ctx, NULL, NULL, NULL, &req);
    if (pv_ca_signer_issue(&env, ctx->signer, &req, &ctx->res))
        return 1;
    pv_result_clear(&ctx->res);
    return 0;
}

int pv_op_signer_check(PV_OP_CTX *ctx)
{
    PV_ENV env;
    PV_REQUEST req;

    pv_op_begin(ctx, &env);
    if (ctx->id == NULL || ctx->cert == NULL ||
        (ctx->csr == NULL) == (ctx->device_key == NULL)) {
        pv_raise(&env, POPVERIFY_R_USAGE,
                 "checking a device against the signer needs its id, cert and either "
                 "device-key or csr");
        return 0;
    }
    pv_op_request(ctx, NULL, NULL, NULL, &req);
    if (pv_ca_signer_check_device(&env, ctx->signer, &req, &ctx->res))
        return 1;
    pv_result_clear(&ctx->res);
    return 0;
}

static int pv_op_copy_octets(unsigned char **dst, const unsigned char *src, size_t len)
{
    if (src == NULL)
        return 1;
    return (*dst = OPENSSL_memdup(src, len > 0 ? len : 1)) != NULL;
}

/* Every input copied; the signer shared; no outputs (they belong to an action). */
void *pv_op_dupctx(void *vctx)
{
    PV_OP_CTX *src = vctx, *dst = pv_op_newctx(src->provctx);
    char **from[PV_OP_STRINGS], **to[PV_OP_STRINGS];
    size_t i, n;

    if (dst == NULL)
        return NULL;
    n = pv_op_strings(src, from);
    pv_op_strings(dst, to);
    for (i = 0; i < n; i++)
        if (*from[i] != NULL && (*to[i] = OPENSSL_strdup(*from[i])) == NULL)
            goto fail;
    dst->days = src->days;
    dst->chain = src->chain;
    dst->code_len = src->code_len;
    dst->signature_len = src->signature_len;
    dst->key_pass_len = src->key_pass_len;
    if (!pv_op_copy_octets(&dst->code, src->code, src->code_len) ||
        !pv_op_copy_octets(&dst->signature, src->signature, src->signature_len) ||
        !pv_op_copy_octets(&dst->key_pass, src->key_pass, src->key_pass_len))
        goto fail;
    if (src->signer != NULL && !pv_ca_signer_up_ref(src->signer))
        goto fail;
    dst->signer = src->signer;
    return dst;
fail:
    pv_op_freectx(dst);
    return NULL;
}
