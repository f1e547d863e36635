/*
 * device_batch.c - "popverify device --batch FILE --out-dir DIR": the
 * options of a batch checked, the CA loaded once through the popverify
 * operation's signer, then every row issued by batch_run.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/params.h>
#include "batch.h"
#include "device_batch.h"
#include "passin.h"

/* What a batch takes the place of: one device's options. */
static int check_single_opts(const PV_OPTS *o)
{
    const char *names[] = {"--id", "--csr", "--out", "--key-out"};
    const char *values[] = {o->id, o->csr, o->out, o->key_out};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (values[i] == NULL)
            continue;
        pv_error("device: %s is for one device; with --batch each row names its device "
                 "(ID or ID,CSR_PATH) and the files go to --out-dir",
                 names[i]);
        return PV_EXIT_USAGE;
    }
    return PV_EXIT_OK;
}

static int parse_jobs(const PV_OPTS *o, int *jobs)
{
    char *end = NULL;
    long n;

    if (o->jobs == NULL) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        *jobs = n < 1 ? 1 : n > PV_BATCH_JOBS_MAX ? PV_BATCH_JOBS_MAX : (int)n;
        return PV_EXIT_OK;
    }
    errno = 0;
    n = strtol(o->jobs, &end, 10);
    if (errno != 0 || end == o->jobs || *end != '\0' || n < 1 || n > PV_BATCH_JOBS_MAX) {
        pv_error("device: -j '%s' is not a number of threads from 1 to %d", o->jobs,
                 PV_BATCH_JOBS_MAX);
        return PV_EXIT_USAGE;
    }
    *jobs = (int)n;
    return PV_EXIT_OK;
}

static int check_batch_opts(const PV_OPTS *o, PV_BATCH_OPTS *b)
{
    int status;

    if ((status = pv_opts_require_signer(o)) != PV_EXIT_OK ||
        (status = check_single_opts(o)) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->out_dir, "--out-dir")) != PV_EXIT_OK ||
        (status = parse_jobs(o, &b->jobs)) != PV_EXIT_OK)
        return status;
    if (strcmp(o->batch, "-") == 0 && o->passout != NULL &&
        strcmp(o->passout, "stdin") == 0) {
        pv_error("device: --batch - and --passout stdin both read standard input; give "
                 "the passphrase another way (env:VAR, file:PATH, fd:N)");
        return PV_EXIT_USAGE;
    }
    b->batch = o->batch;
    b->out_dir = o->out_dir;
    b->key_type = o->key_type;
    b->force = o->force;
    return PV_EXIT_OK;
}

/* DIR, made when it is not there (not its parents). */
static int out_dir_ready(const char *dir)
{
    struct stat st;

    if (mkdir(dir, 0755) == 0 ||
        (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return PV_EXIT_OK;
    pv_error("device: --out-dir '%s' cannot be used as the output directory (%s); give "
             "a directory, or a new name in an existing one",
             dir, errno == EEXIST ? "it is not a directory" : strerror(errno));
    return PV_EXIT_ERROR;
}

/* The operation context holding the loaded CA. */
static void *load_signer(PV_SESSION *s, const PV_OPTS *o, int *days, int *chain,
                         PV_PASSIN *pass)
{
    OSSL_PARAM in[6], *p = in;
    void *ctx;

    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0);
    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)o->ca_cert, 0);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)o->ca_key, 0);
    *p++ = OSSL_PARAM_construct_int(POPVERIFY_PARAM_CHAIN, chain);
    if (*days > 0)
        *p++ = OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, days);
    *p = OSSL_PARAM_construct_end();
    if ((ctx = pv_session_ctx(s, in)) == NULL)
        return NULL;
    if (s->api.load_signer(ctx, pv_passin_cb, pass) != 1) {
        pv_session_free(s, ctx);
        return NULL;
    }
    return ctx;
}

int pv_device_batch(PV_SESSION *s, PV_OPTS *o)
{
    PV_BATCH_OPTS b;
    PV_PASSIN pass = {0}, passout = {0};
    void *ctx = NULL;
    int days = 0, status;

    memset(&b, 0, sizeof(b));
    if (s->api.load_signer == NULL || s->api.dupctx == NULL) {
        pv_error("device: this popverify provider cannot load a signer for --batch");
        return PV_EXIT_ERROR;
    }
    if ((status = check_batch_opts(o, &b)) != PV_EXIT_OK ||
        (status = pv_opts_days(o, &days)) != PV_EXIT_OK ||
        (status = out_dir_ready(o->out_dir)) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o->passin, o->ca_key)) != PV_EXIT_OK ||
        (status = pv_passout_init(&passout, o->passout)) != PV_EXIT_OK)
        goto done;
    if ((ctx = load_signer(s, o, &days, &o->chain, &pass)) == NULL) {
        status = pv_report_error();
        goto done;
    }
    pv_passin_clear(&pass);
    if (passout.have) {
        b.key_pass = (const unsigned char *)passout.pass;
        b.key_pass_len = passout.len;
    }
    status = pv_batch_run(s, ctx, &b);
done:
    pv_session_free(s, ctx);
    pv_passin_clear(&pass);
    pv_passin_clear(&passout);
    return status;
}
