/*
 * threads.c - several threads sign many codes at once, half through the
 * popverify operation and half through a popverify:// key with plain EVP;
 * every signature is checked with the CA's public key by libcrypto itself.
 *
 * usage: threads MODULE_DIR CA_CERT CA_KEY
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/store.h>
#include "popverify.h"

#define THREADS 4
#define ROUNDS 25

static POPVERIFY_API api;
static const char *ca_cert, *ca_key;
static EVP_PKEY *ca_pub;

static int check(const char *code, const unsigned char *b64, size_t b64len)
{
    unsigned char sig[1024];
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int siglen = EVP_DecodeBlock(sig, b64, (int)b64len), ok;

    /* EVP_DecodeBlock counts padding as zero bytes; trim them. */
    siglen -=
        (b64len > 0 && b64[b64len - 1] == '=') + (b64len > 1 && b64[b64len - 2] == '=');
    ok = md != NULL && siglen > 0 &&
         EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, "provider=default", ca_pub,
                                 NULL) == 1 &&
         EVP_DigestVerify(md, sig, (size_t)siglen, (const unsigned char *)code,
                          strlen(code)) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

static int sign_with_operation(const char *code)
{
    void *ctx = api.newctx(api.provctx);
    unsigned char *out = NULL;
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "generic-signature", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ca_cert, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ca_key, 0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, (char *)code,
                                          strlen(code)),
        OSSL_PARAM_construct_end()};
    OSSL_PARAM res[] = {
        OSSL_PARAM_construct_octet_ptr(POPVERIFY_PARAM_OUTPUT, (void **)&out, 0),
        OSSL_PARAM_construct_end()};
    int ok = ctx != NULL && api.set_ctx_params(ctx, in) && api.sign(ctx, NULL, NULL) &&
             api.get_ctx_params(ctx, res) && check(code, out, res[0].return_size);

    api.freectx(ctx);
    return ok;
}

static EVP_PKEY *load_store_key(void)
{
    char uri[1024];
    OSSL_STORE_CTX *store;
    OSSL_STORE_INFO *info;
    EVP_PKEY *key = NULL;

    snprintf(uri, sizeof(uri), "popverify://generic-signature?cert=%s&key=%s", ca_cert,
             ca_key);
    if ((store = OSSL_STORE_open(uri, NULL, NULL, NULL, NULL)) == NULL)
        return NULL;
    while (key == NULL && !OSSL_STORE_eof(store) &&
           (info = OSSL_STORE_load(store)) != NULL) {
        key = OSSL_STORE_INFO_get1_PKEY(info);
        OSSL_STORE_INFO_free(info);
    }
    OSSL_STORE_close(store);
    return key;
}

static int sign_with_evp(EVP_PKEY *key, const char *code)
{
    unsigned char out[1024];
    size_t outlen = sizeof(out);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok =
        md != NULL && EVP_DigestSignInit_ex(md, NULL, NULL, NULL, NULL, key, NULL) == 1 &&
        EVP_DigestSign(md, out, &outlen, (const unsigned char *)code, strlen(code)) ==
            1 &&
        check(code, out, outlen);

    EVP_MD_CTX_free(md);
    return ok;
}

static void *worker(void *arg)
{
    long id = (long)arg, failures = 0;
    EVP_PKEY *key = load_store_key();
    char code[64];
    int i;

    if (key == NULL)
        return (void *)(long)ROUNDS;
    for (i = 0; i < ROUNDS; i++) {
        snprintf(code, sizeof(code), "thread-%ld-code-%d", id, i);
        if (!(i % 2 ? sign_with_evp(key, code) : sign_with_operation(code)))
            failures++;
    }
    EVP_PKEY_free(key);
    return (void *)failures;
}

static EVP_PKEY *read_public_key(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *cert = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    EVP_PKEY *pub = cert != NULL ? X509_get_pubkey(cert) : NULL;

    if (f != NULL)
        fclose(f);
    X509_free(cert);
    return pub;
}

int main(int argc, char **argv)
{
    pthread_t t[THREADS];
    OSSL_PROVIDER *dflt, *pv;
    long i, failures = 0;

    if (argc != 4) {
        fprintf(stderr, "usage: threads MODULE_DIR CA_CERT CA_KEY\n");
        return 2;
    }
    ca_cert = argv[2];
    ca_key = argv[3];
    OSSL_PROVIDER_set_default_search_path(NULL, argv[1]);
    dflt = OSSL_PROVIDER_load(NULL, "default");
    pv = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME);
    if (dflt == NULL || pv == NULL || !popverify_api_init(&api, pv) ||
        (ca_pub = read_public_key(ca_cert)) == NULL) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    for (i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        failures += (long)r;
    }
    printf("%d passed, %ld failed\n", THREADS * ROUNDS - (int)failures, failures);
    EVP_PKEY_free(ca_pub);
    popverify_api_cleanup(&api);
    OSSL_PROVIDER_unload(pv);
    OSSL_PROVIDER_unload(dflt);
    return failures != 0;
}
