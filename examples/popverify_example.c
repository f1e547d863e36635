/*
 * popverify_example.c - an application that uses popverify through OpenSSL
 * only: it loads the provider module, makes a root CA, signs a verification
 * code (Cumulocity style), checks the signature, and issues a verification
 * certificate (Azure style) for the same CA; then loads that CA once as a
 * signer and issues device certificates from two threads through it.
 *
 * Usage: popverify_example [--module-dir DIR] [--out-dir DIR]
 *
 * --module-dir (or $POPVERIFY_MODULE_DIR) is where popverify.so lives; without
 * either, OpenSSL's own modules directory is searched. --out-dir receives
 * rootCA.pem, rootCA.key (encrypted), rootCA.pass, code.txt, signature.b64,
 * vcert_code.txt, vcert.pem, device-0.pem and device-1.pem; without it they
 * go to a temporary directory
 * that is removed at the end.
 *
 * Build: cc popverify_example.c -I include $(pkg-config --cflags --libs libcrypto)
 * -pthread
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <popverify.h>

#define EX_PATH_MAX 1024
#define EX_THREADS 2
#define EX_DEVICES_PER_THREAD 3

/* Written to the output directory; removed at the end of a temporary one. */
static const char *const ex_files[] = {"rootCA.pem", "rootCA.key",    "rootCA.pass",
                                       "code.txt",   "signature.b64", "vcert_code.txt",
                                       "vcert.pem",  "device-0.pem",  "device-1.pem"};

typedef struct {
    POPVERIFY_API api;
    OSSL_PROVIDER *deflt, *pv;
    char outdir[EX_PATH_MAX];
    int temp_outdir;
    char ca_pem[EX_PATH_MAX], ca_key[EX_PATH_MAX];
    char pass[33]; /* random passphrase of the new CA key */
} EXAMPLE;

/* Print and clear the error queue: popverify's message names input and fix. */
static void ex_errors(const char *what)
{
    unsigned long e;
    const char *data = NULL;
    int flags = 0;

    fprintf(stderr, "popverify_example: %s failed\n", what);
    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        const char *lib = ERR_lib_error_string(e);

        const char *reason = ERR_reason_error_string(e);

        if ((flags & ERR_TXT_STRING) && data != NULL && *data != '\0')
            reason = data;
        fprintf(stderr, "  [%s] %s\n", lib != NULL ? lib : "?",
                reason != NULL ? reason : "(no text)");
    }
}

/* The passphrase of the CA key, asked for only when the key is encrypted. */
static int ex_pass_cb(char *pass, size_t pass_size, size_t *pass_len,
                      const OSSL_PARAM params[], void *arg)
{
    const EXAMPLE *ex = arg;
    size_t n = strlen(ex->pass);

    (void)params;
    if (n > pass_size)
        return 0;
    memcpy(pass, ex->pass, n);
    *pass_len = n;
    return 1;
}

/* outdir/name; 0 when it does not fit. */
static int ex_path(const EXAMPLE *ex, const char *name, char *path)
{
    int n = snprintf(path, EX_PATH_MAX, "%s/%s", ex->outdir, name);

    if (n < 0 || n >= EX_PATH_MAX) {
        fprintf(stderr, "popverify_example: output directory path too long\n");
        return 0;
    }
    return 1;
}

static int ex_write(const EXAMPLE *ex, const char *name, const void *data, size_t len,
                    int secret, char *path)
{
    char buf[EX_PATH_MAX];
    int fd;
    FILE *f;
    int ok;

    if (path == NULL)
        path = buf;
    if (!ex_path(ex, name, path))
        return 0;
    /* Secrets are never written over an existing file and stay private. */
    fd = secret ? open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)
                : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || (f = fdopen(fd, "wb")) == NULL) {
        perror(path);
        if (fd >= 0)
            close(fd);
        return 0;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        perror(path);
    return ok;
}

/* One output parameter: a pointer into the operation context, or NULL. */
static const void *ex_get(const EXAMPLE *ex, void *ctx, const char *name, size_t *len)
{
    void *val = NULL;
    OSSL_PARAM p[2];

    p[0] = OSSL_PARAM_construct_octet_ptr(name, &val, 0);
    p[1] = OSSL_PARAM_construct_end();
    if (!ex->api.get_ctx_params(ctx, p) || val == NULL)
        return NULL;
    if (len != NULL)
        *len = p[0].return_size;
    return val;
}

static const char *ex_get_text(const EXAMPLE *ex, void *ctx, const char *name)
{
    char *val = NULL;
    OSSL_PARAM p[2];

    p[0] = OSSL_PARAM_construct_utf8_ptr(name, &val, 0);
    p[1] = OSSL_PARAM_construct_end();
    if (!ex->api.get_ctx_params(ctx, p) || val == NULL)
        return "";
    return val;
}

/* Print each line of the notes the provider made ("removed trailing LF"). */
static void ex_print_notes(const EXAMPLE *ex, void *ctx)
{
    const char *notes = ex_get_text(ex, ctx, POPVERIFY_PARAM_NOTES);

    while (*notes != '\0') {
        size_t n = strcspn(notes, "\n");

        if (n > 0)
            printf("        note: %.*s\n", (int)n, notes);
        notes += n + (notes[n] == '\n');
    }
}

/* A fresh operation context; earlier, harmless errors are dropped first. */
static void *ex_newctx(const EXAMPLE *ex)
{
    ERR_clear_error();
    return ex->api.newctx(ex->api.provctx);
}

static int ex_random_hex(char *out, size_t nhex, int upper)
{
    unsigned char raw[64];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t i;

    if (nhex / 2 > sizeof(raw) || RAND_bytes(raw, (int)(nhex / 2)) != 1)
        return 0;
    for (i = 0; i < nhex; i++)
        out[i] = digits[(raw[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
    out[nhex] = '\0';
    OPENSSL_cleanse(raw, sizeof(raw));
    return 1;
}

static int ex_load(EXAMPLE *ex, const char *moddir)
{
    if (moddir != NULL && !OSSL_PROVIDER_set_default_search_path(NULL, moddir))
        return 0;
    /* popverify uses the default provider's algorithms: load both. */
    ex->deflt = OSSL_PROVIDER_load(NULL, "default");
    ex->pv = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME);
    if (ex->deflt == NULL || ex->pv == NULL) {
        ex_errors("loading the popverify provider (set --module-dir)");
        return 0;
    }
    if (!popverify_api_init(&ex->api, ex->pv)) {
        ex_errors("finding the popverify operation");
        return 0;
    }
    printf("loaded: popverify provider from %s\n",
           moddir != NULL ? moddir : "OpenSSL's modules directory");
    return 1;
}

/* A new root CA; its key is encrypted with a random passphrase. */
static int ex_issue(EXAMPLE *ex)
{
    char role[] = "root", type[] = "ec:P-256";
    char subject[] = "/O=popverify example/CN=Example Root CA";
    int days = 30, ok = 0;
    void *ctx = ex_newctx(ex);
    const void *cert, *key;
    size_t certlen = 0, keylen = 0;
    OSSL_PARAM in[6];

    if (ctx == NULL || !ex_random_hex(ex->pass, 32, 0))
        goto done;
    in[0] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, role, 0);
    in[1] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE, type, 0);
    in[2] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_SUBJECT, subject, 0);
    in[3] = OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, &days);
    in[4] = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_KEY_PASS, ex->pass,
                                              strlen(ex->pass));
    in[5] = OSSL_PARAM_construct_end();
    if (!ex->api.set_ctx_params(ctx, in) || !ex->api.issue(ctx, ex_pass_cb, ex))
        goto done;
    if ((cert = ex_get(ex, ctx, POPVERIFY_PARAM_OUTPUT, &certlen)) == NULL ||
        (key = ex_get(ex, ctx, POPVERIFY_PARAM_KEY_OUT, &keylen)) == NULL)
        goto done;
    ok = ex_write(ex, "rootCA.pem", cert, certlen, 0, ex->ca_pem) &&
         ex_write(ex, "rootCA.key", key, keylen, 1, ex->ca_key) &&
         ex_write(ex, "rootCA.pass", ex->pass, strlen(ex->pass), 1, NULL);
    if (ok)
        printf("issue:  %s, %s, key encrypted (passphrase in rootCA.pass)\n", subject,
               type);
done:
    if (!ok)
        ex_errors("issue");
    ex->api.freectx(ctx);
    return ok;
}

/* Inputs every sign/vcert/verify request shares. */
static void ex_common_params(EXAMPLE *ex, OSSL_PARAM *p, char *profile, const char *code,
                             size_t codelen, char *source)
{
    p[0] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, profile, 0);
    p[1] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, ex->ca_pem, 0);
    p[2] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, ex->ca_key, 0);
    p[3] = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, (void *)code, codelen);
    p[4] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE, source, 0);
    p[5] = OSSL_PARAM_construct_end();
}

/* Verify a signature text or a vcert file; 1 valid, 0 invalid, -1 error. */
static int ex_verify(EXAMPLE *ex, char *profile, const char *code, const char *sig,
                     size_t siglen, char *vcert)
{
    void *ctx = ex_newctx(ex);
    char source[] = "example";
    int valid = -1;
    OSSL_PARAM in[7], out[2];

    if (ctx == NULL)
        goto done;
    ex_common_params(ex, in, profile, code, strlen(code), source);
    /* verify needs no key: replace ca-key by the signature or vcert. */
    in[2] = vcert != NULL
                ? OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_VCERT, vcert, 0)
                : OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_SIGNATURE,
                                                    (void *)sig, siglen);
    out[0] = OSSL_PARAM_construct_int(POPVERIFY_PARAM_VALID, &valid);
    out[1] = OSSL_PARAM_construct_end();
    if (!ex->api.set_ctx_params(ctx, in) || !ex->api.verify(ctx) ||
        !ex->api.get_ctx_params(ctx, out)) {
        valid = -1;
        goto done;
    }
    printf("verify: %s%s\n", valid == 1 ? "valid" : "invalid: ",
           valid == 1 ? "" : ex_get_text(ex, ctx, POPVERIFY_PARAM_REASON));
done:
    if (valid < 0)
        ex_errors("verify");
    ex->api.freectx(ctx);
    return valid;
}

/* A Cumulocity proof: the code as a user's file has it, trailing LF and all. */
static int ex_sign(EXAMPLE *ex)
{
    char profile[] = "cumulocity", source[] = "example code";
    const char code[] = "Cumulocity-Example-Code-42\n";
    void *ctx = ex_newctx(ex);
    const char *sig, *canon;
    size_t siglen = 0;
    int ok = 0;
    OSSL_PARAM in[6];

    if (ctx == NULL)
        goto done;
    ex_common_params(ex, in, profile, code, strlen(code), source);
    if (!ex->api.set_ctx_params(ctx, in) || !ex->api.sign(ctx, ex_pass_cb, ex) ||
        (sig = ex_get(ex, ctx, POPVERIFY_PARAM_OUTPUT, &siglen)) == NULL)
        goto done;
    canon = ex_get_text(ex, ctx, POPVERIFY_PARAM_CANONICAL_CODE);
    printf("sign:   %s, code \"%s\", key %s, CA SHA-256 %s\n", profile, canon,
           ex_get_text(ex, ctx, POPVERIFY_PARAM_KEY_DESC),
           ex_get_text(ex, ctx, POPVERIFY_PARAM_CA_SHA256));
    ex_print_notes(ex, ctx);
    printf("        signature to upload: %.*s\n", (int)siglen, sig);
    ok = ex_write(ex, "code.txt", canon, strlen(canon), 0, NULL) &&
         ex_write(ex, "signature.b64", sig, siglen, 0, NULL) &&
         ex_verify(ex, profile, canon, sig, siglen, NULL) == 1;
done:
    if (!ok)
        ex_errors("sign");
    ex->api.freectx(ctx);
    return ok;
}

/* A signature of another code must come out invalid. */
static int ex_sign_negative(EXAMPLE *ex)
{
    char profile[] = "cumulocity", path[EX_PATH_MAX];
    char sig[1024];
    FILE *f;
    size_t n;

    if (!ex_path(ex, "signature.b64", path) || (f = fopen(path, "rb")) == NULL)
        return 0;
    n = fread(sig, 1, sizeof(sig), f);
    fclose(f);
    printf("        the same signature for another code:\n");
    return ex_verify(ex, profile, "Cumulocity-Example-Code-43", sig, n, NULL) == 0;
}

/* An Azure proof: a certificate whose CN is the code, issued by the CA. */
static int ex_vcert(EXAMPLE *ex)
{
    char profile[] = "azure-dps", source[] = "example code", format[] = "PEM";
    char code[41], path[EX_PATH_MAX];
    void *ctx = ex_newctx(ex);
    const void *cert;
    size_t certlen = 0;
    int days = 7, ok = 0;
    OSSL_PARAM in[8];

    if (ctx == NULL || !ex_random_hex(code, 40, 1))
        goto done;
    ex_common_params(ex, in, profile, code, strlen(code), source);
    in[5] = OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, &days);
    in[6] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_FORMAT, format, 0);
    in[7] = OSSL_PARAM_construct_end();
    if (!ex->api.set_ctx_params(ctx, in) || !ex->api.vcert(ctx, ex_pass_cb, ex) ||
        (cert = ex_get(ex, ctx, POPVERIFY_PARAM_OUTPUT, &certlen)) == NULL)
        goto done;
    printf("vcert:  %s, CN=%s, %d days -> vcert.pem\n", profile, code, days);
    ok = ex_write(ex, "vcert.pem", cert, certlen, 0, path) &&
         ex_write(ex, "vcert_code.txt", code, strlen(code), 0, NULL) &&
         ex_verify(ex, profile, code, NULL, 0, path) == 1;
done:
    if (!ok)
        ex_errors("vcert");
    ex->api.freectx(ctx);
    return ok;
}

/* One thread of a fleet: its own context, sharing the loaded CA. */
typedef struct {
    EXAMPLE *ex;
    void *ctx;
    int index, ok;
} EX_WORKER;

static void *ex_fleet_worker(void *arg)
{
    EX_WORKER *w = arg;
    char id[32], name[32];
    const void *cert = NULL;
    size_t certlen = 0;
    int n;

    for (n = 0; n < EX_DEVICES_PER_THREAD; n++) {
        OSSL_PARAM in[2];

        snprintf(id, sizeof(id), "fleet-%d-%03d", w->index, n);
        in[0] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ID, id, 0);
        in[1] = OSSL_PARAM_construct_end();
        /* No callback: the CA key was opened once, by load_signer. */
        if (!w->ex->api.set_ctx_params(w->ctx, in) ||
            !w->ex->api.issue(w->ctx, NULL, NULL) ||
            (cert = ex_get(w->ex, w->ctx, POPVERIFY_PARAM_OUTPUT, &certlen)) == NULL)
            return NULL; /* errors stay on this thread's queue */
    }
    snprintf(name, sizeof(name), "device-%d.pem", w->index);
    w->ok = ex_write(w->ex, name, cert, certlen, 0, NULL);
    return NULL;
}

/* A fleet: the CA loaded once into a signer, then devices from two threads. */
static int ex_fleet(EXAMPLE *ex)
{
    char profile[] = "cumulocity";
    void *ctx = ex_newctx(ex);
    EX_WORKER w[EX_THREADS];
    pthread_t t[EX_THREADS];
    OSSL_PARAM in[4];
    int i, started = 0, ok = ctx != NULL && ex->api.load_signer != NULL;

    in[0] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, profile, 0);
    in[1] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, ex->ca_pem, 0);
    in[2] = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, ex->ca_key, 0);
    in[3] = OSSL_PARAM_construct_end();
    ok =
        ok && ex->api.set_ctx_params(ctx, in) && ex->api.load_signer(ctx, ex_pass_cb, ex);
    memset(w, 0, sizeof(w));
    for (i = 0; ok && i < EX_THREADS; i++) {
        w[i].ex = ex;
        w[i].index = i;
        ok = (w[i].ctx = ex->api.dupctx(ctx)) != NULL &&
             pthread_create(&t[i], NULL, ex_fleet_worker, &w[i]) == 0;
        started += ok;
    }
    for (i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < EX_THREADS; i++) {
        ok = ok && w[i].ok;
        ex->api.freectx(w[i].ctx);
    }
    if (ok)
        printf("fleet:  CA loaded once, %d devices issued from %d threads (%s)\n",
               EX_THREADS * EX_DEVICES_PER_THREAD, EX_THREADS,
               ex_get_text(ex, ctx, POPVERIFY_PARAM_CA_SUBJECT));
    else
        ex_errors("fleet (a thread's own errors are on its queue)");
    ex->api.freectx(ctx);
    return ok;
}

static int ex_args(int argc, char **argv, const char **moddir, const char **outdir)
{
    int i;

    *moddir = getenv("POPVERIFY_MODULE_DIR");
    *outdir = NULL;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--module-dir") == 0 && i + 1 < argc) {
            *moddir = argv[++i];
        } else if (strcmp(argv[i], "--out-dir") == 0 && i + 1 < argc) {
            *outdir = argv[++i];
        } else {
            fprintf(stderr, "usage: popverify_example [--module-dir DIR] "
                            "[--out-dir DIR]\n");
            return 0;
        }
    }
    if (*moddir != NULL && **moddir == '\0')
        *moddir = NULL;
    return 1;
}

static int ex_outdir(EXAMPLE *ex, const char *outdir)
{
    const char *tmp = getenv("TMPDIR");

    if (outdir != NULL) {
        snprintf(ex->outdir, sizeof(ex->outdir), "%s", outdir);
        return 1;
    }
    snprintf(ex->outdir, sizeof(ex->outdir), "%s/popverify-example-XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(ex->outdir) == NULL) {
        perror(ex->outdir);
        return 0;
    }
    ex->temp_outdir = 1;
    return 1;
}

static void ex_cleanup(EXAMPLE *ex)
{
    char path[EX_PATH_MAX];
    size_t i;

    OPENSSL_cleanse(ex->pass, sizeof(ex->pass));
    popverify_api_cleanup(&ex->api);
    OSSL_PROVIDER_unload(ex->pv);
    OSSL_PROVIDER_unload(ex->deflt);
    if (!ex->temp_outdir)
        return;
    for (i = 0; i < sizeof(ex_files) / sizeof(ex_files[0]); i++) {
        if (ex_path(ex, ex_files[i], path))
            unlink(path);
    }
    rmdir(ex->outdir);
}

int main(int argc, char **argv)
{
    EXAMPLE ex;
    const char *moddir, *outdir;
    int ok;

    memset(&ex, 0, sizeof(ex));
    if (!ex_args(argc, argv, &moddir, &outdir))
        return 2;
    ok = ex_outdir(&ex, outdir) && ex_load(&ex, moddir) && ex_issue(&ex) &&
         ex_sign(&ex) && ex_sign_negative(&ex) && ex_vcert(&ex) && ex_fleet(&ex);
    printf("%s\n", ok ? "example: all steps succeeded" : "example: FAILED");
    ex_cleanup(&ex);
    return ok ? 0 : 1;
}
