/*
 * session.c - load the provider as a built-in, run its operation, and turn
 * the error queue into one line on stderr plus an exit status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include "prov.h"
#include "session.h"

int pv_session_open(PV_SESSION *s)
{
    memset(s, 0, sizeof(*s));
    if (!OSSL_PROVIDER_add_builtin(NULL, POPVERIFY_PROVIDER_NAME, pv_provider_init))
        goto fail;
    /* popverify relies on default for the algorithms it does not carry. */
    s->deflt = OSSL_PROVIDER_load(NULL, "default");
    if (s->deflt == NULL)
        goto fail;
    s->prov = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME);
    if (s->prov == NULL || !popverify_api_init(&s->api, s->prov))
        goto fail;
    return 1;
fail:
    pv_report_error();
    pv_session_close(s);
    return 0;
}

void pv_session_close(PV_SESSION *s)
{
    popverify_api_cleanup(&s->api);
    if (s->prov != NULL)
        OSSL_PROVIDER_unload(s->prov);
    if (s->deflt != NULL)
        OSSL_PROVIDER_unload(s->deflt);
    memset(s, 0, sizeof(*s));
}

void *pv_session_ctx(PV_SESSION *s, const OSSL_PARAM in[])
{
    void *ctx = s->api.newctx(s->api.provctx);

    if (ctx == NULL)
        return NULL;
    if (in != NULL && !s->api.set_ctx_params(ctx, in)) {
        s->api.freectx(ctx);
        return NULL;
    }
    return ctx;
}

static int run_action(PV_SESSION *s, PV_ACTION act, void *ctx,
                      OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    switch (act) {
    case PV_ACT_SIGN:
        return s->api.sign(ctx, cb, cbarg);
    case PV_ACT_VCERT:
        return s->api.vcert(ctx, cb, cbarg);
    case PV_ACT_VERIFY:
        return s->api.verify(ctx);
    case PV_ACT_ISSUE:
        return s->api.issue(ctx, cb, cbarg);
    }
    return 0;
}

void *pv_session_run(PV_SESSION *s, PV_ACTION act, const OSSL_PARAM in[],
                     OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    void *ctx = pv_session_ctx(s, in);

    if (ctx == NULL)
        return NULL;
    if (run_action(s, act, ctx, cb, cbarg) != 1) {
        s->api.freectx(ctx);
        return NULL;
    }
    return ctx;
}

void pv_session_free(PV_SESSION *s, void *ctx)
{
    if (ctx != NULL)
        s->api.freectx(ctx);
}

/* One optional output; a failure to get it is not an error of the command. */
static int get_one(PV_SESSION *s, void *ctx, OSSL_PARAM params[2])
{
    int ok;

    ERR_set_mark();
    ok = s->api.get_ctx_params(ctx, params) && OSSL_PARAM_modified(params);
    ERR_pop_to_mark();
    return ok;
}

const char *pv_get_utf8(PV_SESSION *s, void *ctx, const char *name)
{
    char *val = NULL;
    OSSL_PARAM p[2] = {OSSL_PARAM_construct_utf8_ptr(name, &val, 0),
                       OSSL_PARAM_construct_end()};

    return get_one(s, ctx, p) ? val : NULL;
}

int pv_get_octets(PV_SESSION *s, void *ctx, const char *name, const unsigned char **data,
                  size_t *len)
{
    void *val = NULL;
    OSSL_PARAM p[2] = {OSSL_PARAM_construct_octet_ptr(name, &val, 0),
                       OSSL_PARAM_construct_end()};

    *data = NULL;
    *len = 0;
    if (!get_one(s, ctx, p) || val == NULL)
        return 0;
    *data = val;
    *len = p[0].return_size;
    return 1;
}

int pv_get_int(PV_SESSION *s, void *ctx, const char *name, int *val)
{
    OSSL_PARAM p[2] = {OSSL_PARAM_construct_int(name, val), OSSL_PARAM_construct_end()};

    return get_one(s, ctx, p);
}

void pv_session_info(PV_SESSION *s, void *ctx, PV_INFO *info)
{
    memset(info, 0, sizeof(*info));
    pv_get_octets(s, ctx, POPVERIFY_PARAM_OUTPUT, &info->output, &info->output_len);
    info->canonical_code = pv_get_utf8(s, ctx, POPVERIFY_PARAM_CANONICAL_CODE);
    info->notes = pv_get_utf8(s, ctx, POPVERIFY_PARAM_NOTES);
    info->kind = pv_get_utf8(s, ctx, POPVERIFY_PARAM_KIND);
    if (info->kind != NULL && *info->kind == '\0')
        info->kind = NULL; /* no profile resolved: the caller knows better */
    info->key_desc = pv_get_utf8(s, ctx, POPVERIFY_PARAM_KEY_DESC);
    info->ca_sha1 = pv_get_utf8(s, ctx, POPVERIFY_PARAM_CA_SHA1);
    info->ca_sha256 = pv_get_utf8(s, ctx, POPVERIFY_PARAM_CA_SHA256);
    info->ca_subject = pv_get_utf8(s, ctx, POPVERIFY_PARAM_CA_SUBJECT);
    info->reason = pv_get_utf8(s, ctx, POPVERIFY_PARAM_REASON);
    if (!pv_get_int(s, ctx, POPVERIFY_PARAM_VALID, &info->valid))
        info->valid = -1;
}

static int is_popverify(unsigned long e)
{
    const char *lib = ERR_lib_error_string(e);

    return lib != NULL && strcmp(lib, POPVERIFY_PROVIDER_NAME) == 0;
}

/* Reason string, plus the error data when there is some. */
static void describe(unsigned long e, const char *data, int flags, char *msg,
                     size_t msglen)
{
    const char *why = ERR_reason_error_string(e);
    int has_data = (flags & ERR_TXT_STRING) && data != NULL && *data != '\0';

    if (why == NULL) {
        ERR_error_string_n(e, msg, msglen);
        return;
    }
    snprintf(msg, msglen, "%s%s%s", why, has_data ? ": " : "", has_data ? data : "");
}

/* Messages go out as exactly one line. */
static void one_line(char *msg)
{
    for (; *msg != '\0'; msg++)
        if ((unsigned char)*msg < 0x20 || *msg == 0x7f)
            *msg = ' ';
}

static void keep_popverify(unsigned long e, const char *data, int flags, char *msg,
                           size_t msglen)
{
    if ((flags & ERR_TXT_STRING) && data != NULL && *data != '\0')
        snprintf(msg, msglen, "%s", data);
    else
        describe(e, NULL, 0, msg, msglen);
}

/* A failed crypto operation: what libcrypto or the key's provider said. */
static void add_cause(char *msg, size_t msglen, const char *cause)
{
    size_t len = strlen(msg);

    if (*cause != '\0' && len < msglen)
        snprintf(msg + len, msglen - len, "; OpenSSL: %s", cause);
}

int pv_take_error(char *msg, size_t msglen, int *reason)
{
    unsigned long e, pv = 0;
    const char *data = NULL;
    char cause[256] = "";
    int flags = 0;

    snprintf(msg, msglen, "the operation failed without saying why");
    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        if (is_popverify(e)) {
            pv = e;
            keep_popverify(e, data, flags, msg, msglen);
        } else if (pv == 0) {
            describe(e, data, flags, msg, msglen);
            describe(e, data, flags, cause, sizeof(cause));
        }
    }
    if (pv != 0 && ERR_GET_REASON(pv) == POPVERIFY_R_CRYPTO)
        add_cause(msg, msglen, cause);
    one_line(msg);
    *reason = pv != 0 ? ERR_GET_REASON(pv) : 0;
    if (*reason == POPVERIFY_R_USAGE || *reason == POPVERIFY_R_UNKNOWN_PROFILE)
        return PV_EXIT_USAGE;
    return PV_EXIT_ERROR;
}

int pv_report_error(void)
{
    char msg[1024];
    int reason;
    int status = pv_take_error(msg, sizeof(msg), &reason);

    pv_error("%s", msg);
    return status;
}

void pv_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("popverify: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void pv_print_notes(const char *notes)
{
    const char *end;

    while (notes != NULL && *notes != '\0') {
        end = strchr(notes, '\n');
        if (end == NULL)
            end = notes + strlen(notes);
        if (end > notes)
            fprintf(stderr, "popverify: note: %.*s\n", (int)(end - notes), notes);
        notes = *end == '\n' ? end + 1 : end;
    }
}
