/*
 * popverify_bench.c - how fast popverify answers, and in how much memory.
 * For each CA key type it issues a throwaway CA through the popverify
 * operation, then times N signatures and N verification certificates, each a
 * complete request as the CLI makes it (CA key and certificate loaded from
 * files, checked, signed, self-checked). Prints one line per case and the
 * peak resident memory of the process.
 *
 * usage: popverify_bench MODULE_DIR [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <openssl/err.h>
#include "popverify.h"

static POPVERIFY_API api;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && fwrite(data, 1, len, f) == len;

    if (f != NULL)
        ok = fclose(f) == 0 && ok;
    return ok;
}

/* A root CA of key_type written to dir/ca.pem and dir/ca.key. */
static int make_ca(const char *dir, const char *key_type, char *cert, char *key,
                   size_t len)
{
    void *ctx = api.newctx(api.provctx);
    unsigned char *pem = NULL, *kpem = NULL;
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, "root", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE, (char *)key_type, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_SUBJECT, "/CN=Bench Root", 0),
        OSSL_PARAM_construct_end()};
    OSSL_PARAM out[] = {
        OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_OUTPUT, (void **)&pem, 0),
        OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_KEY_OUT, (void **)&kpem, 0),
        OSSL_PARAM_construct_end()};
    int ok;

    snprintf(cert, len, "%s/%s.pem", dir, key_type);
    snprintf(key, len, "%s/%s.key", dir, key_type);
    ok = api.set_ctx_params(ctx, in) && api.issue(ctx, NULL, NULL) &&
         api.get_ctx_params(ctx, out) && write_file(cert, pem, out[0].return_size) &&
         write_file(key, kpem, out[1].return_size);
    api.freectx(ctx);
    return ok;
}

typedef int(action_fn)(void *ctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);

/* n requests of one kind; returns requests per second, or -1 on failure. */
static double run(action_fn *action, const char *profile, const char *code,
                  const char *cert, const char *key, int n)
{
    double start = now();
    int i;

    for (i = 0; i < n; i++) {
        void *ctx = api.newctx(api.provctx);
        OSSL_PARAM in[] = {
            OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)profile, 0),
            OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)cert, 0),
            OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)key, 0),
            OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, (char *)code,
                                              strlen(code)),
            OSSL_PARAM_construct_end()};
        int ok = ctx != NULL && api.set_ctx_params(ctx, in) && action(ctx, NULL, NULL);

        api.freectx(ctx);
        if (!ok) {
            ERR_print_errors_fp(stderr);
            return -1;
        }
    }
    return n / (now() - start);
}

static int bench_key_type(const char *dir, const char *key_type, int n)
{
    char cert[512], key[512];
    const char *hex64 =
        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    double sig, vc;

    if (!make_ca(dir, key_type, cert, key, sizeof(cert)))
        return 0;
    sig = run(api.sign, "generic-signature", "bench-code-0123456789", cert, key, n);
    vc = run(api.vcert, "generic-vcert", hex64, cert, key, n);
    if (sig < 0 || vc < 0)
        return 0;
    printf("%-10s  sign %8.1f/s  vcert %8.1f/s\n", key_type, sig, vc);
    return 1;
}

int main(int argc, char **argv)
{
    static const char *const key_types[] = {"ec:P-256", "ec:P-384", "rsa:2048",
                                            "rsa:3072", "ed25519"};
    char dir[] = "/tmp/popverify-bench-XXXXXX";
    OSSL_PROVIDER *dflt, *pv;
    struct rusage ru;
    int n = argc > 2 ? atoi(argv[2]) : 200, ok = 1;
    size_t i;

    if (argc < 2 || n <= 0) {
        fprintf(stderr, "usage: popverify_bench MODULE_DIR [N]\n");
        return 2;
    }
    OSSL_PROVIDER_set_default_search_path(NULL, argv[1]);
    dflt = OSSL_PROVIDER_load(NULL, "default");
    pv = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME);
    if (dflt == NULL || pv == NULL || !popverify_api_init(&api, pv) ||
        mkdtemp(dir) == NULL) {
        ERR_print_errors_fp(stderr);
        return 3;
    }
    printf(
        "%d requests per case, each a complete request (load, check, sign, self-check)\n",
        n);
    for (i = 0; ok && i < sizeof(key_types) / sizeof(key_types[0]); i++)
        ok = bench_key_type(dir, key_types[i], n);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %ld KiB\n", ru.ru_maxrss);
    for (i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++) {
        char path[600];
        snprintf(path, sizeof(path), "%s/%s.pem", dir, key_types[i]);
        unlink(path);
        snprintf(path, sizeof(path), "%s/%s.key", dir, key_types[i]);
        unlink(path);
    }
    rmdir(dir);
    popverify_api_cleanup(&api);
    OSSL_PROVIDER_unload(pv);
    OSSL_PROVIDER_unload(dflt);
    return ok ? 0 : 3;
}
