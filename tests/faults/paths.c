/*
 * paths.c - the paths the allocation-failure test runs: the core's sign,
 * vcert, issue and doctor as the pipeline serves every entry point, and the
 * same through the provider's popverify operation (op_paths.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/pem.h>
#include <popverify.h>
#include "doctor.h"
#include "faults.h"
#include "certgen.h"
#include "pipeline.h"
#include "profiles.h"

#define FT_CODE "Fault-Code-42"
#define FT_HEX40 "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"

typedef struct {
    char dir[256], ca[512], key[512];
    unsigned char *sig; /* the signature of FT_CODE, base64 */
    size_t siglen;
} FT_FIXTURES;

static FT_FIXTURES ft;

void ft_log_message(FT_LOG *log, const char *msg, int is_error)
{
    if (msg == NULL || *msg == '\0' || strchr(msg, '\n') != NULL)
        log->bad_message = 1;
    if (!is_error)
        return;
    log->errors++;
    snprintf(log->msg, sizeof(log->msg), "%s", msg != NULL ? msg : "");
}

static void ft_on_raise(void *arg, int reason, const char *msg)
{
    FT_LOG *log = arg;

    if (reason <= 0)
        log->bad_message = 1;
    ft_log_message(log, msg, 1);
}

static void ft_on_note(void *arg, const char *msg)
{
    ft_log_message(arg, msg, 0);
}

static PV_ENV ft_env(FT_LOG *log)
{
    PV_ENV env = {NULL, NULL, NULL, ft_on_raise, log, ft_on_note, log};

    return env;
}

static int ft_no_pass(char *pass, size_t size, size_t *len, const OSSL_PARAM params[],
                      void *arg)
{
    (void)pass;
    (void)size;
    (void)len;
    (void)params;
    (void)arg;
    return 0;
}

static PV_REQUEST ft_request(const char *profile, const char *code)
{
    PV_REQUEST r;

    memset(&r, 0, sizeof(r));
    r.profile = pv_profile_find(profile);
    r.ca_cert = ft.ca;
    r.ca_key = ft.key;
    r.code = (const unsigned char *)code;
    r.code_len = code != NULL ? strlen(code) : 0;
    r.code_source = "--code";
    r.pass_cb = ft_no_pass;
    return r;
}

typedef int(ft_run_fn)(const PV_ENV *, const PV_REQUEST *, PV_RESULT *);

static int ft_core(FT_LOG *log, ft_run_fn *run, const PV_REQUEST *req)
{
    PV_ENV env = ft_env(log);
    PV_RESULT res;
    int ok;

    memset(&res, 0, sizeof(res));
    ok = run(&env, req, &res) && res.output != NULL;
    pv_result_clear(&res);
    return ok;
}

static int ft_sign(FT_LOG *log)
{
    PV_REQUEST r = ft_request("cumulocity", FT_CODE);

    return ft_core(log, pv_run_sign, &r);
}

static int ft_vcert(FT_LOG *log)
{
    PV_REQUEST r = ft_request("azure-iothub", FT_HEX40);

    return ft_core(log, pv_run_vcert, &r);
}

static int ft_issue_root(FT_LOG *log)
{
    PV_REQUEST r = ft_request("cumulocity", NULL);

    r.ca_cert = r.ca_key = NULL;
    r.role = PV_ROLE_ROOT;
    r.key_type = "ec:P-256";
    r.subject = "/O=popverify faults/CN=Fault Root";
    return ft_core(log, pv_run_issue, &r);
}

static int ft_issue_device(FT_LOG *log)
{
    PV_REQUEST r = ft_request("cumulocity", NULL);

    r.role = PV_ROLE_DEVICE;
    r.key_type = "ec:P-256";
    r.id = "device-0001";
    r.chain = 1;
    return ft_core(log, pv_run_issue, &r);
}

/* A code with a CRLF and a signature over it without: findings, and the fix. */
static int ft_doctor(FT_LOG *log)
{
    PV_REQUEST r = ft_request("cumulocity", FT_CODE "\r\n");

    r.signature = ft.sig;
    r.signature_len = ft.siglen;
    r.signature_source = "--signature";
    return ft_core(log, pv_run_doctor, &r);
}

static const FT_PATH ft_paths[] = {
    {"sign", ft_sign},
    {"vcert", ft_vcert},
    {"issue-root", ft_issue_root},
    {"issue-device", ft_issue_device},
    {"doctor", ft_doctor},
    {"op-sign", ft_op_sign},
    {"op-vcert", ft_op_vcert},
    {"op-issue", ft_op_issue},
    {"op-doctor", ft_op_doctor},
};

const FT_PATH *ft_path(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(ft_paths) / sizeof(ft_paths[0]); i++)
        if (strcmp(ft_paths[i].name, name) == 0)
            return &ft_paths[i];
    return NULL;
}

const char *ft_path_names(void)
{
    return "sign, vcert, issue-root, issue-device, doctor, op-sign, op-vcert, op-issue, "
           "op-doctor";
}

const char *ft_fixture_ca(void)
{
    return ft.ca;
}

const char *ft_fixture_key(void)
{
    return ft.key;
}

const unsigned char *ft_fixture_sig(size_t *len)
{
    *len = ft.siglen;
    return ft.sig;
}

static int ft_write(const char *path, X509 *cert, EVP_PKEY *key)
{
    BIO *b = BIO_new_file(path, "wb");
    int ok = b != NULL &&
             (cert != NULL ? PEM_write_bio_X509(b, cert)
                           : PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL));

    BIO_free(b);
    return ok;
}

/* The CA files, and the signature of FT_CODE that the doctor is given. */
int ft_fixtures_make(void)
{
    FT_LOG log = {0};
    PV_ENV env = ft_env(&log);
    const char *base = getenv("TMPDIR");
    EVP_PKEY *key;
    X509 *ca;
    PV_REQUEST r;
    PV_RESULT res;
    int ok;

    snprintf(ft.dir, sizeof(ft.dir), "%s/pv-faults-XXXXXX",
             base != NULL && *base != '\0' ? base : "/tmp");
    if (mkdtemp(ft.dir) == NULL)
        return 0;
    snprintf(ft.ca, sizeof(ft.ca), "%s/ca.pem", ft.dir);
    snprintf(ft.key, sizeof(ft.key), "%s/ca.key", ft.dir);
    key = pv_keygen(&env, "ec:P-256");
    ca = key != NULL ? pv_issue_root(&env, key, "/O=popverify faults/CN=Fault CA", 365)
                     : NULL;
    ok = ca != NULL && ft_write(ft.ca, ca, NULL) && ft_write(ft.key, NULL, key);
    X509_free(ca);
    EVP_PKEY_free(key);
    r = ft_request("cumulocity", FT_CODE);
    memset(&res, 0, sizeof(res));
    if (ok && (ok = pv_run_sign(&env, &r, &res)) != 0) {
        ft.sig = res.output;
        ft.siglen = res.output_len;
        res.output = NULL;
    }
    pv_result_clear(&res);
    if (!ok)
        fprintf(stderr, "fixtures: %s\n", log.msg);
    return ok && ft_op_load();
}

void ft_fixtures_free(void)
{
    ft_op_unload();
    OPENSSL_free(ft.sig);
    unlink(ft.ca);
    unlink(ft.key);
    rmdir(ft.dir);
}
