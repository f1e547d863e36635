/*
 * test_issue_op.c - issuance through the popverify operation as an
 * application calls it (popverify.h, the provider registered as a
 * built-in): root, intermediate and device by role, a device from a CSR
 * with its chain, and the errors an application finds on the queue. Every
 * output is checked with plain libcrypto.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/x509_vfy.h>
#include "popverify.h"
#include "prov.h"

#define PASS "op test passphrase"
#define PATH_MAX_LEN 128

static POPVERIFY_API api;
static OSSL_PROVIDER *deflt, *prov;
static char dir[] = "/tmp/pv-issue-op-XXXXXX";
static char root_pem[PATH_MAX_LEN], root_key[PATH_MAX_LEN];
static char inter_pem[PATH_MAX_LEN], inter_key[PATH_MAX_LEN], csr_path[PATH_MAX_LEN];

/* Inputs, built one at a time. */
typedef struct {
    OSSL_PARAM p[16];
    size_t n;
    int chain;
} INPUTS;

static void put(INPUTS *in, const char *key, const char *value)
{
    in->p[in->n++] = OSSL_PARAM_construct_utf8_string(key, (char *)value, 0);
    in->p[in->n] = OSSL_PARAM_construct_end();
}

static void put_octets(INPUTS *in, const char *key, const char *value)
{
    in->p[in->n++] = OSSL_PARAM_construct_octet_string(key, (void *)value, strlen(value));
    in->p[in->n] = OSSL_PARAM_construct_end();
}

static int pass_cb(char *buf, size_t size, size_t *len, const OSSL_PARAM params[],
                   void *arg)
{
    (void)params;
    (void)arg;
    if (size < strlen(PASS))
        return 0;
    memcpy(buf, PASS, strlen(PASS));
    *len = strlen(PASS);
    return 1;
}

/* The ctx after a successful issue; NULL with the error left on the queue. */
static void *issue(INPUTS *in, OSSL_PASSPHRASE_CALLBACK *cb)
{
    void *ctx = api.newctx(api.provctx);

    if (ctx != NULL && api.set_ctx_params(ctx, in->p) && api.issue(ctx, cb, NULL))
        return ctx;
    api.freectx(ctx);
    return NULL;
}

static int get_octets(void *ctx, const char *name, const char **data, size_t *len)
{
    void *p = NULL;
    OSSL_PARAM out[] = {OSSL_PARAM_octet_ptr(name, &p, 0), OSSL_PARAM_END};

    *data = NULL;
    *len = 0;
    if (!api.get_ctx_params(ctx, out) || p == NULL)
        return 0;
    *data = p;
    *len = out[0].return_size;
    return 1;
}

static int save(void *ctx, const char *name, const char *path)
{
    const char *data;
    size_t len;
    FILE *f;
    int ok;

    if (!get_octets(ctx, name, &data, &len) || (f = fopen(path, "wb")) == NULL)
        return 0;
    ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* The certificates of the output, in order. */
static STACK_OF(X509) * certs_of(void *ctx)
{
    const char *data;
    size_t len;
    STACK_OF(X509) *sk = sk_X509_new_null();
    BIO *bio = NULL;
    X509 *x;

    if (sk != NULL && get_octets(ctx, POPVERIFY_PARAM_OUTPUT, &data, &len))
        bio = BIO_new_mem_buf(data, (int)len);
    while (bio != NULL && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
        if (!sk_X509_push(sk, x))
            X509_free(x);
    BIO_free(bio);
    ERR_clear_error(); /* the end of the PEM stream */
    return sk;
}

static X509 *load_pem(const char *path)
{
    FILE *f = fopen(path, "rb");
    X509 *x = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;

    if (f != NULL)
        fclose(f);
    return x;
}

/* leaf verifies strictly to the root file (through intermediate, if any). */
static int chain_ok(X509 *leaf, X509 *intermediate)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx = X509_STORE_CTX_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509 *root = load_pem(root_pem);
    int ok = store != NULL && vctx != NULL && untrusted != NULL && root != NULL &&
             X509_STORE_add_cert(store, root) &&
             (intermediate == NULL || sk_X509_push(untrusted, intermediate)) &&
             X509_STORE_CTX_init(vctx, store, leaf, untrusted);

    if (ok) {
        X509_STORE_CTX_set_flags(vctx, X509_V_FLAG_X509_STRICT);
        ok = X509_verify_cert(vctx) == 1;
    }
    X509_free(root);
    sk_X509_free(untrusted);
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    return ok;
}

/* The reason of the last popverify error and its data; the queue is cleared. */
static int take_reason(char *msg, size_t msglen)
{
    unsigned long e;
    const char *data = NULL, *lib;
    int flags = 0, reason = 0;

    msg[0] = '\0';
    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        lib = ERR_lib_error_string(e);
        if (lib != NULL && strcmp(lib, POPVERIFY_PROVIDER_NAME) == 0) {
            reason = ERR_GET_REASON(e);
            snprintf(msg, msglen, "%s", (flags & ERR_TXT_STRING) ? data : "");
        }
    }
    return reason;
}

/* notAfter is days from now, to the second it was issued in. */
static int ends_in_days(X509 *cert, int days)
{
    int d = 0, secs = 0;

    if (!ASN1_TIME_diff(&d, &secs, NULL, X509_get0_notAfter(cert)))
        return 0;
    return d == days ? secs == 0 : d == days - 1 && secs > 86300;
}

/* A certificate never outlives its issuer: here, the root. */
static int ends_with_root(X509 *cert)
{
    X509 *root = load_pem(root_pem);
    int same = root != NULL &&
               ASN1_TIME_compare(X509_get0_notAfter(cert), X509_get0_notAfter(root)) == 0;

    X509_free(root);
    return same;
}

static void test_root_without_profile(void)
{
    INPUTS in = {.n = 0};
    void *ctx;
    STACK_OF(X509) * sk;

    put(&in, POPVERIFY_PARAM_ROLE, "root");
    put(&in, POPVERIFY_PARAM_SUBJECT, "/O=popverify op test/CN=Op Root");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx = issue(&in, NULL));
    sk = certs_of(ctx);
    CU_ASSERT_EQUAL(sk_X509_num(sk), 1);
    /* No profile: the 30-day throwaway CA applications have always had. */
    CU_ASSERT(sk_X509_num(sk) == 1 && ends_in_days(sk_X509_value(sk, 0), 30));
    CU_ASSERT(save(ctx, POPVERIFY_PARAM_OUTPUT, root_pem));
    CU_ASSERT(save(ctx, POPVERIFY_PARAM_KEY_OUT, root_key));
    sk_X509_pop_free(sk, X509_free);
    api.freectx(ctx);
}

static void test_intermediate(void)
{
    INPUTS in = {.n = 0};
    const char *key;
    size_t len;
    void *ctx;
    STACK_OF(X509) * sk;

    put(&in, POPVERIFY_PARAM_ROLE, "intermediate");
    put(&in, POPVERIFY_PARAM_PROFILE, "cumulocity");
    put(&in, POPVERIFY_PARAM_SUBJECT, "/O=popverify op test/CN=Op Issuing");
    put(&in, POPVERIFY_PARAM_KEY_TYPE, "ed25519");
    put(&in, POPVERIFY_PARAM_CA_CERT, root_pem);
    put(&in, POPVERIFY_PARAM_CA_KEY, root_key);
    put_octets(&in, POPVERIFY_PARAM_KEY_PASS, PASS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx = issue(&in, NULL));
    sk = certs_of(ctx);
    CU_ASSERT(sk_X509_num(sk) == 1 && chain_ok(sk_X509_value(sk, 0), NULL));
    /* The profile's 1825 days, cut to the 30-day root's end. */
    CU_ASSERT(sk_X509_num(sk) == 1 && ends_with_root(sk_X509_value(sk, 0)));
    CU_ASSERT(get_octets(ctx, POPVERIFY_PARAM_KEY_OUT, &key, &len) &&
              strncmp(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37) == 0);
    CU_ASSERT(save(ctx, POPVERIFY_PARAM_OUTPUT, inter_pem));
    CU_ASSERT(save(ctx, POPVERIFY_PARAM_KEY_OUT, inter_key));
    sk_X509_pop_free(sk, X509_free);
    api.freectx(ctx);
}

static void device_inputs(INPUTS *in, const char *id)
{
    put(in, POPVERIFY_PARAM_ROLE, "device");
    put(in, POPVERIFY_PARAM_PROFILE, "cumulocity");
    put(in, POPVERIFY_PARAM_ID, id);
    put(in, POPVERIFY_PARAM_CA_CERT, inter_pem);
    put(in, POPVERIFY_PARAM_CA_KEY, inter_key);
}

static void test_device_new_key(void)
{
    INPUTS in = {.n = 0};
    char msg[1024];
    const char *pem;
    size_t len;
    void *ctx;
    STACK_OF(X509) * sk;
    X509 *inter = load_pem(inter_pem);
    EVP_PKEY *key = NULL;
    BIO *bio;

    device_inputs(&in, "op-device-1");
    /* The intermediate's key is encrypted: no callback, no certificate. */
    CU_ASSERT_PTR_NULL(issue(&in, NULL));
    CU_ASSERT_EQUAL(take_reason(msg, sizeof(msg)), POPVERIFY_R_PASSPHRASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx = issue(&in, pass_cb));
    sk = certs_of(ctx);
    CU_ASSERT(sk_X509_num(sk) == 1 && chain_ok(sk_X509_value(sk, 0), inter));
    CU_ASSERT(get_octets(ctx, POPVERIFY_PARAM_KEY_OUT, &pem, &len));
    bio = BIO_new_mem_buf(pem, (int)len);
    key = bio != NULL ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    CU_ASSERT(key != NULL && sk_X509_num(sk) == 1 &&
              X509_check_private_key(sk_X509_value(sk, 0), key) == 1);
    CU_ASSERT(sk_X509_num(sk) == 1 && ends_with_root(sk_X509_value(sk, 0)));
    EVP_PKEY_free(key);
    BIO_free(bio);
    X509_free(inter);
    sk_X509_pop_free(sk, X509_free);
    api.freectx(ctx);
}

/* A CSR for a fresh P-384 key, subject CN=asked, written to csr_path. */
static EVP_PKEY *write_csr(void)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    X509_REQ *req = X509_REQ_new();
    FILE *f = fopen(csr_path, "wb");
    int ok =
        key != NULL && req != NULL && f != NULL && X509_REQ_set_pubkey(req, key) &&
        X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_ASC,
                                   (const unsigned char *)"asked", -1, -1, 0) &&
        X509_REQ_sign(req, key, EVP_sha256()) > 0 && PEM_write_X509_REQ(f, req);

    if (f != NULL)
        fclose(f);
    X509_REQ_free(req);
    if (!ok) {
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
}

static void test_device_csr_chain(void)
{
    INPUTS in = {.n = 0};
    const char *pem;
    size_t len;
    int chain = 1;
    void *ctx;
    STACK_OF(X509) * sk;
    X509 *inter = load_pem(inter_pem);
    EVP_PKEY *key = write_csr();

    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    device_inputs(&in, "op-device-2");
    put(&in, POPVERIFY_PARAM_CSR, csr_path);
    in.p[in.n++] = OSSL_PARAM_construct_int(POPVERIFY_PARAM_CHAIN, &chain);
    in.p[in.n] = OSSL_PARAM_construct_end();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx = issue(&in, pass_cb));
    sk = certs_of(ctx);
    CU_ASSERT_EQUAL(sk_X509_num(sk), 2);
    CU_ASSERT(sk_X509_num(sk) == 2 && X509_cmp(sk_X509_value(sk, 1), inter) == 0);
    CU_ASSERT(sk_X509_num(sk) == 2 && chain_ok(sk_X509_value(sk, 0), inter));
    CU_ASSERT(sk_X509_num(sk) == 2 &&
              EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(sk, 0)), key) == 1);
    /* The device keeps its key: nothing comes back as key-out. */
    CU_ASSERT_FALSE(get_octets(ctx, POPVERIFY_PARAM_KEY_OUT, &pem, &len) && len > 0);
    EVP_PKEY_free(key);
    X509_free(inter);
    sk_X509_pop_free(sk, X509_free);
    api.freectx(ctx);
}

/* role and id as given; the reason the queue holds after the issue failed. */
static int refused(const char *role, const char *profile, const char *id, char *msg,
                   size_t msglen)
{
    INPUTS in = {.n = 0};
    void *ctx;

    put(&in, POPVERIFY_PARAM_ROLE, role);
    if (profile != NULL)
        put(&in, POPVERIFY_PARAM_PROFILE, profile);
    put(&in, POPVERIFY_PARAM_ID, id);
    put(&in, POPVERIFY_PARAM_CA_CERT, inter_pem);
    put(&in, POPVERIFY_PARAM_CA_KEY, inter_key);
    if ((ctx = issue(&in, pass_cb)) != NULL) {
        api.freectx(ctx);
        return -1;
    }
    return take_reason(msg, msglen);
}

static void test_errors(void)
{
    char msg[1024];

    CU_ASSERT_EQUAL(refused("device", "cumulocity", "op:dev", msg, sizeof(msg)),
                    POPVERIFY_R_BAD_ID);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "':' at offset 2"));
    CU_ASSERT_EQUAL(refused("device", NULL, "op-dev", msg, sizeof(msg)),
                    POPVERIFY_R_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no profile was given"));
    CU_ASSERT_EQUAL(refused("server", "cumulocity", "op-dev", msg, sizeof(msg)),
                    POPVERIFY_R_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "use root, intermediate or device"));
    CU_ASSERT_EQUAL(refused("vcert", "cumulocity", "op-dev", msg, sizeof(msg)),
                    POPVERIFY_R_USAGE);
    CU_ASSERT_EQUAL(refused("intermediate", "cumulocity", "op-dev", msg, sizeof(msg)),
                    POPVERIFY_R_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no subject"));
}

static int setup(void)
{
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(root_pem, sizeof(root_pem), "%s/root.pem", dir);
    snprintf(root_key, sizeof(root_key), "%s/root.key", dir);
    snprintf(inter_pem, sizeof(inter_pem), "%s/inter.pem", dir);
    snprintf(inter_key, sizeof(inter_key), "%s/inter.key", dir);
    snprintf(csr_path, sizeof(csr_path), "%s/device.csr", dir);
    if (!OSSL_PROVIDER_add_builtin(NULL, POPVERIFY_PROVIDER_NAME, pv_provider_init) ||
        (deflt = OSSL_PROVIDER_load(NULL, "default")) == NULL ||
        (prov = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME)) == NULL ||
        !popverify_api_init(&api, prov))
        return 1;
    return 0;
}

static int teardown(void)
{
    const char *files[] = {root_pem, root_key, inter_pem, inter_key, csr_path};
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        remove(files[i]);
    remove(dir);
    popverify_api_cleanup(&api);
    OSSL_PROVIDER_unload(prov);
    OSSL_PROVIDER_unload(deflt);
    return 0;
}

int main(void)
{
    CU_pSuite suite;
    int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite("issue_op", setup, teardown);
    if (suite == NULL ||
        !CU_add_test(suite, "root without a profile", test_root_without_profile) ||
        !CU_add_test(suite, "intermediate, encrypted key", test_intermediate) ||
        !CU_add_test(suite, "device with a new key", test_device_new_key) ||
        !CU_add_test(suite, "device from a CSR, with chain", test_device_csr_chain) ||
        !CU_add_test(suite, "errors on the queue", test_errors)) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)(CU_get_number_of_failures() + CU_get_number_of_suites_failed());
    CU_cleanup_registry();
    return failed == 0 ? 0 : 1;
}
