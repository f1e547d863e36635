/*
 * batch_device.c - one device of a batch, on one thread: its files checked
 * (left alone when an earlier run completed them), its certificate issued
 * through the loaded signer, key then certificate written. Every failure
 * stays with its row.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include "batch.h"

int pv_worker_init(PV_WORKER *w, PV_SESSION *s, void *signer_ctx,
                   const PV_BATCH_OPTS *opts, int slot)
{
    OSSL_PARAM in[3], *p = in;

    memset(w, 0, sizeof(*w));
    w->s = s;
    w->opts = opts;
    w->slot = slot;
    if (opts->key_type != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE,
                                                (char *)opts->key_type, 0);
    if (opts->key_pass != NULL)
        *p++ = OSSL_PARAM_construct_octet_string(
            POPVERIFY_PARAM_KEY_PASS, (void *)opts->key_pass, opts->key_pass_len);
    *p = OSSL_PARAM_construct_end();
    if ((w->keygen_ctx = s->api.dupctx(signer_ctx)) == NULL ||
        (w->csr_ctx = s->api.dupctx(signer_ctx)) == NULL ||
        !s->api.set_ctx_params(w->keygen_ctx, in)) {
        pv_worker_clear(w);
        return 0;
    }
    return 1;
}

void pv_worker_clear(PV_WORKER *w)
{
    pv_session_free(w->s, w->keygen_ctx);
    pv_session_free(w->s, w->csr_ctx);
    w->keygen_ctx = w->csr_ctx = NULL;
}

static void fail(PV_DEV_RESULT *res, const char *msg)
{
    res->status = PV_DEV_ERROR;
    snprintf(res->error, sizeof(res->error), "%s", msg);
}

static void fail_queue(PV_DEV_RESULT *res)
{
    int reason;

    res->status = PV_DEV_ERROR;
    pv_take_error(res->error, sizeof(res->error), &reason);
}

/* DIR/ID.pem and DIR/ID.key, for an id that can be a file name there;
 * *cert_exists says whether an earlier run left a certificate. */
static int device_paths(const PV_WORKER *w, const PV_ROW *row, PV_DEV_RESULT *res,
                        int *cert_exists)
{
    const char *dir = w->opts->out_dir;

    if (strchr(row->id, '/') != NULL || row->id[0] == '.') {
        snprintf(res->error, sizeof(res->error),
                 "line %lu: device id '%s' cannot be a file name in %s (it holds '/' or "
                 "starts with '.')",
                 row->line, row->id, dir);
        return 0;
    }
    if (snprintf(res->cert_path, sizeof(res->cert_path), "%s/%s.pem", dir, row->id) >=
            (int)sizeof(res->cert_path) ||
        (row->csr == NULL && snprintf(res->key_path, sizeof(res->key_path), "%s/%s.key",
                                      dir, row->id) >= (int)sizeof(res->key_path))) {
        snprintf(res->error, sizeof(res->error), "line %lu: the file names are too long",
                 row->line);
        return 0;
    }
    return pv_batch_target_ok(res->cert_path, cert_exists, res->error,
                              sizeof(res->error)) &&
           (row->csr != NULL ||
            pv_batch_target_ok(res->key_path, NULL, res->error, sizeof(res->error)));
}

/* The device's inputs on its context: id, files, CSR. */
static int set_device(const PV_WORKER *w, void *ctx, const PV_ROW *row,
                      PV_DEV_RESULT *res)
{
    OSSL_PARAM in[4], *p = in;

    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ID, (char *)row->id, 0);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CERT, res->cert_path, 0);
    if (row->csr != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CSR, (char *)row->csr, 0);
    else
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_DEVICE_KEY, res->key_path,
                                                0);
    *p = OSSL_PARAM_construct_end();
    return w->s->api.set_ctx_params(ctx, in);
}

typedef struct pv_dev_out_st {
    const unsigned char *cert, *key;
    size_t cert_len, key_len;
    int valid;
} PV_DEV_OUT;

/* What the last action handed back, the description copied into res. */
static int take_outputs(const PV_WORKER *w, void *ctx, PV_DEV_RESULT *res,
                        PV_DEV_OUT *out)
{
    char *serial = NULL, *sha256 = NULL, *not_after = NULL;
    void *cert = NULL, *key = NULL;
    OSSL_PARAM p[] = {
        OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_OUTPUT, &cert, 0),
        OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_KEY_OUT, &key, 0),
        OSSL_PARAM_construct_utf8_ptr(POPVERIFY_PARAM_SERIAL, &serial, 0),
        OSSL_PARAM_construct_utf8_ptr(POPVERIFY_PARAM_SHA256, &sha256, 0),
        OSSL_PARAM_construct_utf8_ptr(POPVERIFY_PARAM_NOT_AFTER, &not_after, 0),
        OSSL_PARAM_construct_int(POPVERIFY_PARAM_VALID, &out->valid),
        OSSL_PARAM_construct_end()};

    if (!w->s->api.get_ctx_params(ctx, p))
        return 0;
    out->cert = cert;
    out->cert_len = p[0].return_size;
    out->key = key;
    out->key_len = p[1].return_size;
    snprintf(res->serial, sizeof(res->serial), "%s", serial != NULL ? serial : "");
    snprintf(res->sha256, sizeof(res->sha256), "%s", sha256 != NULL ? sha256 : "");
    snprintf(res->not_after, sizeof(res->not_after), "%s",
             not_after != NULL ? not_after : "");
    return 1;
}

/* Key first: a certificate on disk always has its key beside it. */
static int write_device(const PV_WORKER *w, const PV_ROW *row, PV_DEV_RESULT *res,
                        const PV_DEV_OUT *out)
{
    if (out->cert == NULL || out->cert_len == 0 ||
        (row->csr == NULL && (out->key == NULL || out->key_len == 0))) {
        fail(res, "the provider returned no certificate or key");
        return 0;
    }
    if (row->csr == NULL &&
        !pv_batch_write(w->slot, res->key_path, out->key, out->key_len, 1, res->error,
                        sizeof(res->error)))
        return 0;
    return pv_batch_write(w->slot, res->cert_path, out->cert, out->cert_len, 0,
                          res->error, sizeof(res->error));
}

void pv_dev_refused(const PV_ROW *row, PV_DEV_RESULT *res)
{
    memset(res, 0, sizeof(*res));
    fail(res, row->error);
}

void pv_worker_run(PV_WORKER *w, const PV_ROW *row, PV_DEV_RESULT *res)
{
    void *ctx = row->csr != NULL ? w->csr_ctx : w->keygen_ctx;
    PV_DEV_OUT out;
    int cert_exists = 0;

    if (row->error[0] != '\0') {
        pv_dev_refused(row, res);
        return;
    }
    memset(res, 0, sizeof(*res));
    res->status = PV_DEV_ERROR;
    if (!device_paths(w, row, res, &cert_exists))
        return;
    if (!set_device(w, ctx, row, res))
        goto queue;
    /* Without a certificate there is nothing an earlier run completed. */
    if (!w->opts->force && cert_exists) {
        if (!w->s->api.verify(ctx) || !take_outputs(w, ctx, res, &out))
            goto queue;
        if (out.valid) {
            res->status = PV_DEV_SKIPPED;
            return;
        }
    }
    if (!w->s->api.issue(ctx, NULL, NULL) || !take_outputs(w, ctx, res, &out))
        goto queue;
    if (write_device(w, row, res, &out))
        res->status = PV_DEV_ISSUED;
    return;
queue:
    fail_queue(res);
}
