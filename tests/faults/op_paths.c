/*
 * op_paths.c - sign, vcert, issue and doctor through the popverify
 * operation, as an application calls it: the provider glue (parameters,
 * the context, errors raised to the core) between the caller and the core.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/provider.h>
#include <popverify.h>
#include "faults.h"
#include "prov.h"

#define FT_CODE "Fault-Code-42"
#define FT_HEX40 "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"

typedef struct {
    OSSL_PROVIDER *deflt, *prov;
    POPVERIFY_API api;
} FT_OP;

static FT_OP ft_op;

int ft_op_load(void)
{
    if (!OSSL_PROVIDER_add_builtin(NULL, POPVERIFY_PROVIDER_NAME, pv_provider_init) ||
        (ft_op.deflt = OSSL_PROVIDER_load(NULL, "default")) == NULL ||
        (ft_op.prov = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME)) == NULL)
        return 0;
    return popverify_api_init(&ft_op.api, ft_op.prov);
}

void ft_op_unload(void)
{
    popverify_api_cleanup(&ft_op.api);
    OSSL_PROVIDER_unload(ft_op.prov);
    OSSL_PROVIDER_unload(ft_op.deflt);
}

/* The error the operation left on the queue: there must be one, with a line. */
static void ft_op_error(FT_LOG *log)
{
    const char *data = NULL;
    int flags = 0;
    unsigned long e = ERR_peek_last_error_data(&data, &flags);

    if (e == 0)
        return;
    /* Out of memory inside the error queue itself loses the text: the code stays. */
    ft_log_message(log,
                   (flags & ERR_TXT_STRING) && data != NULL && *data != '\0'
                       ? data
                       : "(error without text)",
                   1);
}

typedef int(ft_action_fn)(void *ctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);

static int ft_op_run(FT_LOG *log, const OSSL_PARAM *in, ft_action_fn *action)
{
    const POPVERIFY_API *api = &ft_op.api;
    unsigned char *out = NULL;
    size_t outlen = 0;
    OSSL_PARAM get[2];
    void *ctx = api->newctx(api->provctx);
    int ok;

    get[0] = OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_OUTPUT, (void **)&out, 0);
    get[1] = OSSL_PARAM_construct_end();
    ok = ctx != NULL && api->set_ctx_params(ctx, in) && action(ctx, NULL, NULL) &&
         api->get_ctx_params(ctx, get) && out != NULL;
    (void)outlen;
    if (!ok)
        ft_op_error(log);
    api->freectx(ctx);
    return ok;
}

int ft_op_sign(FT_LOG *log)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "cumulocity", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ft_fixture_ca(),
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ft_fixture_key(),
                                         0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, FT_CODE,
                                          sizeof(FT_CODE) - 1),
        OSSL_PARAM_construct_end()};

    return ft_op_run(log, in, ft_op.api.sign);
}

int ft_op_vcert(FT_LOG *log)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "azure-iothub", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ft_fixture_ca(),
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ft_fixture_key(),
                                         0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, FT_HEX40,
                                          sizeof(FT_HEX40) - 1),
        OSSL_PARAM_construct_end()};

    return ft_op_run(log, in, ft_op.api.vcert);
}

int ft_op_issue(FT_LOG *log)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "cumulocity", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, "device", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ft_fixture_ca(),
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ft_fixture_key(),
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ID, "device-0001", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE, "ec:P-256", 0),
        OSSL_PARAM_construct_end()};

    return ft_op_run(log, in, ft_op.api.issue);
}

int ft_op_doctor(FT_LOG *log)
{
    size_t siglen;
    const unsigned char *sig = ft_fixture_sig(&siglen);
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "cumulocity", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ft_fixture_ca(),
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ft_fixture_key(),
                                         0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, FT_CODE "\r\n",
                                          sizeof(FT_CODE) + 1),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_SIGNATURE, (void *)sig, siglen),
        OSSL_PARAM_construct_end()};

    return ft_op.api.doctor != NULL && ft_op_run(log, in, ft_op.api.doctor);
}
