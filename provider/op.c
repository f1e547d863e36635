/*
 * op.c - the "popverify" operation for applications: parameters in, one of
 * sign / vcert / verify / issue / doctor / lint through the core, parameters
 * out.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include "popverify.h"
#include "doctor.h"
#include "lint.h"
#include "pipeline.h"
#include "profiles.h"
#include "dispatch.h"
#include "op.h"
#include "provctx.h"

void *pv_op_newctx(void *provctx)
{
    PV_OP_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));
    PV_ENV env;

    if (ctx == NULL) {
        pv_provctx_env(provctx, &env);
        pv_raise(&env, POPVERIFY_R_INTERNAL, "out of memory for a popverify context");
        return NULL;
    }
    ctx->provctx = provctx;
    return ctx;
}

size_t pv_op_strings(PV_OP_CTX *ctx, char **strs[PV_OP_STRINGS])
{
    char **all[PV_OP_STRINGS] = {&ctx->profile,
                                 &ctx->ca_cert,
                                 &ctx->ca_key,
                                 &ctx->vcert,
                                 &ctx->format,
                                 &ctx->role,
                                 &ctx->key_type,
                                 &ctx->subject,
                                 &ctx->code_source,
                                 &ctx->signature_source,
                                 &ctx->id,
                                 &ctx->csr,
                                 &ctx->cert,
                                 &ctx->device_key,
                                 &ctx->platform_error};

    memcpy(strs, all, sizeof(all));
    return PV_OP_STRINGS;
}

static void pv_op_free_strings(PV_OP_CTX *ctx)
{
    char **strs[PV_OP_STRINGS];
    size_t i, n = pv_op_strings(ctx, strs);

    for (i = 0; i < n; i++)
        OPENSSL_free(*strs[i]);
}

void pv_op_freectx(void *vctx)
{
    PV_OP_CTX *ctx = vctx;

    if (ctx == NULL)
        return;
    pv_op_free_strings(ctx);
    OPENSSL_free(ctx->code);
    OPENSSL_free(ctx->signature);
    OPENSSL_clear_free(ctx->key_pass, ctx->key_pass_len);
    pv_result_clear(&ctx->res);
    pv_ca_signer_free(ctx->signer);
    OPENSSL_free(ctx);
}

static int pv_take_utf8(const OSSL_PARAM params[], const char *name, char **dst)
{
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, name);

    if (p == NULL)
        return 1;
    OPENSSL_free(*dst);
    *dst = NULL;
    return OSSL_PARAM_get_utf8_string(p, dst, 0);
}

static int pv_take_octets(const OSSL_PARAM params[], const char *name,
                          unsigned char **dst, size_t *len, int secret)
{
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, name);

    if (p == NULL)
        return 1;
    if (secret)
        OPENSSL_clear_free(*dst, *len);
    else
        OPENSSL_free(*dst);
    *dst = NULL;
    *len = 0;
    /* An empty code must reach the core, which says what is wrong with it. */
    if (p->data_size == 0)
        return (*dst = OPENSSL_zalloc(1)) != NULL;
    return OSSL_PARAM_get_octet_string(p, (void **)dst, 0, len);
}

/* The inputs only issue takes: device id, CSR, chain. */
static int pv_take_issue_params(PV_OP_CTX *ctx, const OSSL_PARAM params[])
{
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, POPVERIFY_PARAM_CHAIN);

    if (p != NULL && !OSSL_PARAM_get_int(p, &ctx->chain))
        return 0;
    return pv_take_utf8(params, POPVERIFY_PARAM_ID, &ctx->id) &&
           pv_take_utf8(params, POPVERIFY_PARAM_CSR, &ctx->csr) &&
           pv_take_utf8(params, POPVERIFY_PARAM_DEVICE_KEY, &ctx->device_key);
}

static int pv_op_take_params(PV_OP_CTX *ctx, const OSSL_PARAM params[])
{
    const OSSL_PARAM *p;

    /* A loaded signer stands for these three: new ones mean a new signer. */
    if (OSSL_PARAM_locate_const(params, POPVERIFY_PARAM_PROFILE) != NULL ||
        OSSL_PARAM_locate_const(params, POPVERIFY_PARAM_CA_CERT) != NULL ||
        OSSL_PARAM_locate_const(params, POPVERIFY_PARAM_CA_KEY) != NULL) {
        pv_ca_signer_free(ctx->signer);
        ctx->signer = NULL;
    }
    if ((p = OSSL_PARAM_locate_const(params, POPVERIFY_PARAM_DAYS)) != NULL &&
        !OSSL_PARAM_get_int(p, &ctx->days))
        return 0;
    return pv_take_utf8(params, POPVERIFY_PARAM_PROFILE, &ctx->profile) &&
           pv_take_utf8(params, POPVERIFY_PARAM_CA_CERT, &ctx->ca_cert) &&
           pv_take_utf8(params, POPVERIFY_PARAM_CA_KEY, &ctx->ca_key) &&
           pv_take_utf8(params, POPVERIFY_PARAM_VCERT, &ctx->vcert) &&
           pv_take_utf8(params, POPVERIFY_PARAM_FORMAT, &ctx->format) &&
           pv_take_utf8(params, POPVERIFY_PARAM_ROLE, &ctx->role) &&
           pv_take_utf8(params, POPVERIFY_PARAM_KEY_TYPE, &ctx->key_type) &&
           pv_take_utf8(params, POPVERIFY_PARAM_SUBJECT, &ctx->subject) &&
           pv_take_utf8(params, POPVERIFY_PARAM_CODE_SOURCE, &ctx->code_source) &&
           pv_take_utf8(params, POPVERIFY_PARAM_SIGNATURE_SOURCE,
                        &ctx->signature_source) &&
           pv_take_octets(params, POPVERIFY_PARAM_CODE, &ctx->code, &ctx->code_len, 0) &&
           pv_take_octets(params, POPVERIFY_PARAM_SIGNATURE, &ctx->signature,
                          &ctx->signature_len, 0) &&
           pv_take_octets(params, POPVERIFY_PARAM_KEY_PASS, &ctx->key_pass,
                          &ctx->key_pass_len, 1) &&
           pv_take_issue_params(ctx, params) &&
           pv_take_utf8(params, POPVERIFY_PARAM_CERT, &ctx->cert) &&
           pv_take_utf8(params, POPVERIFY_PARAM_PLATFORM_ERROR, &ctx->platform_error);
}

static int pv_op_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
    PV_OP_CTX *ctx = vctx;
    PV_ENV env;

    if (pv_op_take_params(ctx, params))
        return 1;
    pv_provctx_env(ctx->provctx, &env);
    pv_raise(&env, POPVERIFY_R_USAGE,
             "a popverify parameter could not be read: give each one with the type "
             "popverify.h names for it (or memory ran out)");
    return 0;
}

static void pv_op_note(void *arg, const char *msg)
{
    PV_OP_CTX *ctx = arg;
    size_t used = strlen(ctx->notes);

    /* Notes past the buffer are dropped: they are advice, never the result. */
    snprintf(ctx->notes + used, sizeof(ctx->notes) - used, "%s\n", msg);
}

/* The environment of one action: the provider's, with notes kept here. */
void pv_op_begin(PV_OP_CTX *ctx, PV_ENV *env)
{
    pv_provctx_env(ctx->provctx, env);
    env->note = pv_op_note;
    env->note_arg = ctx;
    pv_result_clear(&ctx->res);
    ctx->notes[0] = '\0';
    ctx->resolved = NULL;
    ctx->doctor = 0;
    ctx->linted_role = NULL;
}

static const PV_PROFILE *pv_op_profile(PV_OP_CTX *ctx, const PV_ENV *env,
                                       const char *fallback)
{
    return ctx->resolved =
               pv_profile_lookup(env, ctx->profile != NULL ? ctx->profile : fallback);
}

void pv_op_request(const PV_OP_CTX *ctx, const PV_PROFILE *profile,
                   OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg, PV_REQUEST *req)
{
    memset(req, 0, sizeof(*req));
    req->profile = profile;
    req->ca_cert = ctx->ca_cert;
    req->ca_key = ctx->ca_key;
    req->code = ctx->code;
    req->code_len = ctx->code_len;
    req->code_source = ctx->code_source;
    req->days = ctx->days;
    req->der = ctx->format != NULL && OPENSSL_strcasecmp(ctx->format, "DER") == 0;
    req->signature = ctx->signature;
    req->signature_len = ctx->signature_len;
    req->signature_source = ctx->signature_source;
    req->vcert = ctx->vcert;
    req->key_type = ctx->key_type;
    req->subject = ctx->subject;
    req->key_pass = ctx->key_pass;
    req->key_pass_len = ctx->key_pass_len;
    req->id = ctx->id;
    req->csr = ctx->csr;
    req->platform_error = ctx->platform_error;
    req->chain = ctx->chain;
    req->cert = ctx->cert;
    req->device_key = ctx->device_key;
    req->pass_cb = cb;
    req->pass_arg = cbarg;
}

typedef int(pv_run_fn)(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res);

static int pv_op_run(PV_OP_CTX *ctx, const char *fallback, pv_run_fn *run,
                     OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_ENV env;
    PV_REQUEST req;
    const PV_PROFILE *profile;

    pv_op_begin(ctx, &env);
    if ((profile = pv_op_profile(ctx, &env, fallback)) == NULL)
        return 0;
    pv_op_request(ctx, profile, cb, cbarg, &req);
    if (run(&env, &req, &ctx->res))
        return 1;
    pv_result_clear(&ctx->res);
    return 0;
}

static int pv_op_sign(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    return pv_op_run(vctx, NULL, pv_run_sign, cb, cbarg);
}

static int pv_op_vcert(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    return pv_op_run(vctx, NULL, pv_run_vcert, cb, cbarg);
}

static int pv_op_verify(void *vctx)
{
    PV_OP_CTX *ctx = vctx;

    if (ctx->signer != NULL)
        return pv_op_signer_check(ctx);
    return pv_op_run(ctx, ctx->vcert != NULL ? "generic-vcert" : "generic-signature",
                     pv_run_verify, NULL, NULL);
}

/* "root" (also when none is given), "intermediate" or "device". */
static int pv_op_role(const PV_ENV *env, const char *name, PV_ROLE *role)
{
    for (*role = PV_ROLE_ROOT; *role <= PV_ROLE_DEVICE; (*role)++)
        if (name == NULL || strcmp(name, pv_role_name(*role)) == 0)
            return 1;
    pv_raise(env, POPVERIFY_R_USAGE,
             "role '%s' cannot be issued; use root, intermediate or device", name);
    return 0;
}

static int pv_op_issue(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_OP_CTX *ctx = vctx;
    PV_ENV env;
    PV_REQUEST req;
    const PV_PROFILE *profile = NULL;
    PV_ROLE role;

    if (ctx->signer != NULL)
        return pv_op_signer_issue(ctx);
    pv_op_begin(ctx, &env);
    if (!pv_op_role(&env, ctx->role, &role))
        return 0;
    /* A root may go without a profile: a throwaway CA with the built-in rules. */
    if (ctx->profile != NULL && (profile = pv_op_profile(ctx, &env, NULL)) == NULL)
        return 0;
    pv_op_request(ctx, profile, cb, cbarg, &req);
    req.role = role;
    if (pv_run_issue(&env, &req, &ctx->res))
        return 1;
    pv_result_clear(&ctx->res);
    return 0;
}

/* Every input is optional, the profile too: doctor checks what it is given. */
static int pv_op_doctor(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_OP_CTX *ctx = vctx;
    PV_ENV env;
    PV_REQUEST req;
    const PV_PROFILE *profile = NULL;

    pv_op_begin(ctx, &env);
    ctx->doctor = 1;
    if (ctx->profile != NULL && (profile = pv_op_profile(ctx, &env, NULL)) == NULL)
        return 0;
    pv_op_request(ctx, profile, cb, cbarg, &req);
    if (pv_run_doctor(&env, &req, &ctx->res))
        return 1;
    pv_result_clear(&ctx->res);
    return 0;
}

/* The certificate against the profile (required: lint is about a platform). */
static int pv_op_lint(void *vctx)
{
    PV_OP_CTX *ctx = vctx;
    PV_ENV env;
    const PV_PROFILE *profile;
    PV_ROLE role;

    pv_op_begin(ctx, &env);
    if ((profile = pv_op_profile(ctx, &env, NULL)) == NULL)
        return 0;
    if (pv_run_lint(&env, profile, ctx->cert, ctx->role, &ctx->res, &role)) {
        ctx->linted_role = pv_role_name(role);
        return 1;
    }
    pv_result_clear(&ctx->res);
    return 0;
}

/* Octets into a buffer or as a pointer into the ctx, whichever was asked. */
static int pv_give_octets(OSSL_PARAM *p, const void *data, size_t len)
{
    if (p->data_type == OSSL_PARAM_OCTET_PTR)
        return OSSL_PARAM_set_octet_ptr(p, data, len);
    return OSSL_PARAM_set_octet_string(p, data, len);
}

static int pv_give_text(OSSL_PARAM *p, const char *text)
{
    if (p->data_type == OSSL_PARAM_UTF8_PTR)
        return OSSL_PARAM_set_utf8_ptr(p, text);
    return OSSL_PARAM_set_utf8_string(p, text);
}

static const char *pv_op_kind(const PV_OP_CTX *ctx)
{
    if (ctx->resolved == NULL)
        return "";
    return ctx->resolved->kind == PV_KIND_VCERT ? "vcert" : "signature";
}

/* The profile's description; an unknown or broken profile raises why. */
static const char *pv_op_profile_info(PV_OP_CTX *ctx)
{
    const PV_PROFILE *profile;
    PV_ENV env;

    pv_provctx_env(ctx->provctx, &env);
    if ((profile = pv_profile_lookup(&env, ctx->profile)) == NULL ||
        !pv_profile_describe(profile, ctx->text, sizeof(ctx->text)))
        return NULL;
    return ctx->text;
}

static const char *pv_op_text(PV_OP_CTX *ctx, const char *name)
{
    const PV_RESULT *r = &ctx->res;

    if (strcmp(name, POPVERIFY_PARAM_CANONICAL_CODE) == 0)
        return r->code.text;
    if (strcmp(name, POPVERIFY_PARAM_NOTES) == 0)
        return ctx->notes;
    if (strcmp(name, POPVERIFY_PARAM_REASON) == 0)
        return r->verdict.reason;
    if (strcmp(name, POPVERIFY_PARAM_KIND) == 0)
        return pv_op_kind(ctx);
    if (ctx->linted_role != NULL && strcmp(name, POPVERIFY_PARAM_FINDINGS) == 0)
        return (const char *)r->output;
    if (ctx->linted_role != NULL && strcmp(name, POPVERIFY_PARAM_ROLE) == 0)
        return ctx->linted_role;
    if (strcmp(name, POPVERIFY_PARAM_VERDICT) == 0)
        return ctx->doctor ? r->verdict.reason : "";
    if (strcmp(name, POPVERIFY_PARAM_FINDINGS) == 0)
        return ctx->doctor && r->output != NULL ? (const char *)r->output : "";
    if (strcmp(name, POPVERIFY_PARAM_KEY_DESC) == 0)
        return r->key_desc;
    if (strcmp(name, POPVERIFY_PARAM_CA_SHA1) == 0)
        return r->ca_sha1;
    if (strcmp(name, POPVERIFY_PARAM_CA_SHA256) == 0)
        return r->ca_sha256;
    if (strcmp(name, POPVERIFY_PARAM_CA_SUBJECT) == 0)
        return r->ca_subject;
    if (strcmp(name, POPVERIFY_PARAM_SERIAL) == 0)
        return r->serial;
    if (strcmp(name, POPVERIFY_PARAM_SHA256) == 0)
        return r->cert_sha256;
    if (strcmp(name, POPVERIFY_PARAM_NOT_AFTER) == 0)
        return r->not_after;
    if (strcmp(name, POPVERIFY_PARAM_PROFILES) == 0)
        return pv_profiles_names(ctx->provctx->profiles, ctx->text, sizeof(ctx->text))
                   ? ctx->text
                   : NULL;
    return NULL;
}

static int pv_op_get_ctx_params(void *vctx, OSSL_PARAM params[])
{
    PV_OP_CTX *ctx = vctx;
    OSSL_PARAM *p;
    const char *text;

    for (p = params; p != NULL && p->key != NULL; p++) {
        if (strcmp(p->key, POPVERIFY_PARAM_OUTPUT) == 0) {
            if (!pv_give_octets(p, ctx->res.output, ctx->res.output_len))
                return 0;
        } else if (strcmp(p->key, POPVERIFY_PARAM_KEY_OUT) == 0) {
            if (!pv_give_octets(p, ctx->res.key_pem, ctx->res.key_pem_len))
                return 0;
        } else if (strcmp(p->key, POPVERIFY_PARAM_PROFILE_INFO) == 0) {
            if ((text = pv_op_profile_info(ctx)) == NULL || !pv_give_text(p, text))
                return 0;
        } else if (strcmp(p->key, POPVERIFY_PARAM_VALID) == 0) {
            if (!OSSL_PARAM_set_int(p, ctx->res.verdict.valid))
                return 0;
        } else if (strcmp(p->key, POPVERIFY_PARAM_COMPLETE) == 0) {
            if (!OSSL_PARAM_set_int(p, ctx->res.verdict.complete))
                return 0;
        } else if ((text = pv_op_text(ctx, p->key)) != NULL) {
            if (!pv_give_text(p, text))
                return 0;
        }
    }
    return 1;
}

static const OSSL_DISPATCH pv_op_functions[] = {
    {POPVERIFY_FN_NEWCTX, (void (*)(void))pv_op_newctx},
    {POPVERIFY_FN_FREECTX, (void (*)(void))pv_op_freectx},
    {POPVERIFY_FN_SET_CTX_PARAMS, (void (*)(void))pv_op_set_ctx_params},
    {POPVERIFY_FN_GET_CTX_PARAMS, (void (*)(void))pv_op_get_ctx_params},
    {POPVERIFY_FN_SIGN, (void (*)(void))pv_op_sign},
    {POPVERIFY_FN_VCERT, (void (*)(void))pv_op_vcert},
    {POPVERIFY_FN_VERIFY, (void (*)(void))pv_op_verify},
    {POPVERIFY_FN_ISSUE, (void (*)(void))pv_op_issue},
    {POPVERIFY_FN_DOCTOR, (void (*)(void))pv_op_doctor},
    {POPVERIFY_FN_LINT, (void (*)(void))pv_op_lint},
    {POPVERIFY_FN_LOAD_SIGNER, (void (*)(void))pv_op_load_signer},
    {POPVERIFY_FN_DUPCTX, (void (*)(void))pv_op_dupctx},
    {0, NULL}};

const OSSL_ALGORITHM pv_op_algorithms[] = {{POPVERIFY_OP_ALGORITHM, "provider=popverify",
                                            pv_op_functions,
                                            "proof of possession of an IoT CA key"},
                                           {NULL, NULL, NULL, NULL}};
