/*
 * test_pipeline.c - sign, vcert and verify from files as a user has them:
 * PEM, DER, encrypted keys, bundles, and every bad input named in the error.
 */
#include <string.h>
#include <popverify.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include "b64.h"
#include "fixture.h"
#include "pipeline.h"
#include "suites.h"

#define PASS "correct horse battery"
#define CODE "Pipeline-Code-0042"
#define HEX64 "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

typedef struct {
    char ca_pem[512], ca_der[512], key_pem[512], key_der[512], key_enc[512],
        key_enc_der[512];
    char other_pem[512], other_key[512], bundle[512], device[512], nobc[512], junk[512],
        missing[512], ed_pem[512], ed_key[512], rsa_pem[512], rsa_key[512];
} FILES;

static FILES f;

typedef struct {
    const char *pass; /* NULL: the user gave none */
    int calls;
} PASS_ARG;

static int pass_cb(char *pass, size_t pass_size, size_t *pass_len,
                   const OSSL_PARAM params[], void *arg)
{
    PASS_ARG *pa = arg;
    size_t n;

    (void)params;
    pa->calls++;
    if (pa->pass == NULL || (n = strlen(pa->pass)) > pass_size)
        return 0;
    memcpy(pass, pa->pass, n);
    *pass_len = n;
    return 1;
}

static int write_bundle(void)
{
    BIO *b = BIO_new_file(f.bundle, "wb");
    int ok;

    /* Another CA first, then the key's: "#2" picks the key's. */
    ok = b != NULL && PEM_write_bio_X509(b, fx_ca("ec:P-256#other")) &&
         PEM_write_bio_X509(b, fx_ca("ec:P-256"));
    BIO_free(b);
    return ok;
}

static int write_plain_certs(void)
{
    X509 *device = fx_plain_cert(fx_key("ec:P-256"), "Device 1", FX_BC_CA_FALSE, 30);
    X509 *nobc = fx_plain_cert(fx_key("ec:P-256"), "No Constraints", FX_BC_NONE, 30);
    int ok = device != NULL && nobc != NULL &&
             fx_write_cert("device.pem", device, 0, f.device, sizeof(f.device)) &&
             fx_write_cert("nobc.pem", nobc, 0, f.nobc, sizeof(f.nobc));

    X509_free(device);
    X509_free(nobc);
    return ok;
}

static int pipeline_init(void)
{
    EVP_PKEY *key = fx_key("ec:P-256");
    X509 *ca = fx_ca("ec:P-256");

    fx_path(f.bundle, sizeof(f.bundle), "bundle.pem");
    fx_path(f.missing, sizeof(f.missing), "no-such-file.pem");
    return !(
        ca != NULL && fx_ca("ec:P-256#other") != NULL && fx_ca("ed25519") != NULL &&
        fx_ca("rsa:2048") != NULL &&
        fx_write_cert("ca.pem", ca, 0, f.ca_pem, sizeof(f.ca_pem)) &&
        fx_write_cert("ca.der", ca, 1, f.ca_der, sizeof(f.ca_der)) &&
        fx_write_key("ca.key", key, NULL, 0, f.key_pem, sizeof(f.key_pem)) &&
        fx_write_key("ca-key.der", key, NULL, 1, f.key_der, sizeof(f.key_der)) &&
        fx_write_key("ca-enc.key", key, PASS, 0, f.key_enc, sizeof(f.key_enc)) &&
        fx_write_key("ca-enc.p8", key, PASS, 1, f.key_enc_der, sizeof(f.key_enc_der)) &&
        fx_write_cert("other.pem", fx_ca("ec:P-256#other"), 0, f.other_pem,
                      sizeof(f.other_pem)) &&
        fx_write_key("other.key", fx_key("ec:P-256#other"), NULL, 0, f.other_key,
                     sizeof(f.other_key)) &&
        fx_write_cert("ed.pem", fx_ca("ed25519"), 0, f.ed_pem, sizeof(f.ed_pem)) &&
        fx_write_key("ed.key", fx_key("ed25519"), NULL, 0, f.ed_key, sizeof(f.ed_key)) &&
        fx_write_cert("rsa.pem", fx_ca("rsa:2048"), 0, f.rsa_pem, sizeof(f.rsa_pem)) &&
        fx_write_key("rsa.key", fx_key("rsa:2048"), NULL, 0, f.rsa_key,
                     sizeof(f.rsa_key)) &&
        fx_write("junk.txt", "hello, world\n", 13, f.junk, sizeof(f.junk)) &&
        write_bundle() && write_plain_certs());
}

static PV_REQUEST request(const char *profile, const char *cert, const char *key,
                          const char *code, PASS_ARG *pa)
{
    PV_REQUEST req;

    memset(&req, 0, sizeof(req));
    req.profile = pv_profile_find(profile);
    req.ca_cert = cert;
    req.ca_key = key;
    req.code = (const unsigned char *)code;
    req.code_len = strlen(code);
    req.code_source = "--code";
    req.pass_cb = pass_cb;
    req.pass_arg = pa;
    return req;
}

/* Run sign; on success check the output independently against cert. */
static int run_sign(PV_REQUEST *req, X509 *cert, PV_RESULT *res)
{
    unsigned char *sig = NULL;
    size_t siglen = 0;
    char why[128];
    int ok;

    fx_reset();
    memset(res, 0, sizeof(*res));
    ok = pv_run_sign(fx_env(), req, res);
    if (ok != 1 || cert == NULL)
        return ok;
    CU_ASSERT_PTR_NOT_NULL_FATAL(res->output);
    CU_ASSERT_PTR_NULL(memchr(res->output, '\n', res->output_len));
    CU_ASSERT_EQUAL(pv_b64_decode_strict((const char *)res->output, res->output_len, &sig,
                                         &siglen, why, sizeof(why)),
                    1);
    CU_ASSERT(fx_evp_verify(cert, "SHA256", (const unsigned char *)res->code.text,
                            res->code.len, sig, siglen));
    OPENSSL_free(sig);
    return ok;
}

static void test_sign_pem(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_pem, CODE, &pa);
    PV_RESULT res;
    char fp[112];

    CU_ASSERT_EQUAL_FATAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    CU_ASSERT_EQUAL(pa.calls, 0);
    CU_ASSERT_STRING_EQUAL(res.code.text, CODE);
    CU_ASSERT_STRING_EQUAL(res.key_desc, "EC P-256");
    fx_fingerprint(fx_ca("ec:P-256"), "SHA1", fp, sizeof(fp));
    CU_ASSERT_STRING_EQUAL(res.ca_sha1, fp);
    fx_fingerprint(fx_ca("ec:P-256"), "SHA256", fp, sizeof(fp));
    CU_ASSERT_STRING_EQUAL(res.ca_sha256, fp);
    FX_ASSERT_HAS(res.ca_subject, "Unit Root ec:P-256");
    pv_result_clear(&res);
    CU_ASSERT_PTR_NULL(res.output);
}

static void test_sign_der(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_der, f.key_der, CODE, &pa);
    PV_RESULT res;

    CU_ASSERT_EQUAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    pv_result_clear(&res);
}

static void test_sign_rsa(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.rsa_pem, f.rsa_key, CODE, &pa);
    PV_RESULT res;

    CU_ASSERT_EQUAL(run_sign(&req, fx_ca("rsa:2048"), &res), 1);
    CU_ASSERT_STRING_EQUAL(res.key_desc, "RSA 2048");
    pv_result_clear(&res);
}

static void test_encrypted_key(void)
{
    PASS_ARG pa = {PASS, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_enc, CODE, &pa);
    PV_RESULT res;

    CU_ASSERT_EQUAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    CU_ASSERT(pa.calls >= 1);
    pv_result_clear(&res);
    pa.calls = 0;
    req.ca_key = f.key_enc_der;
    CU_ASSERT_EQUAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    CU_ASSERT(pa.calls >= 1);
    pv_result_clear(&res);
}

/* The request fails with reason; the message names what. */
static void expect_sign_error(PV_REQUEST *req, int reason, const char *what)
{
    PV_RESULT res;

    CU_ASSERT_EQUAL(run_sign(req, NULL, &res), 0);
    CU_ASSERT_PTR_NULL(res.output);
    FX_ASSERT_ERROR(reason);
    /* One error: the caller shows the last one, so it must be the useful one. */
    CU_ASSERT_EQUAL(fx_errors(), 1);
    if (what != NULL)
        FX_ASSERT_MSG_HAS(what);
    pv_result_clear(&res);
}

static void test_wrong_passphrase(void)
{
    PASS_ARG pa = {"incorrect horse", 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_enc, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_PASSPHRASE, f.key_enc);
    FX_ASSERT_MSG_HAS("wrong passphrase");
    FX_ASSERT_LACKS(fx_msg(), "incorrect horse");
}

static void test_no_passphrase(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_enc, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_PASSPHRASE, f.key_enc);
    FX_ASSERT_MSG_HAS("encrypted");
    CU_ASSERT(pa.calls >= 1);
    req.pass_cb = NULL;
    req.pass_arg = NULL;
    expect_sign_error(&req, POPVERIFY_R_PASSPHRASE, f.key_enc);
    FX_ASSERT_MSG_HAS("encrypted");
}

static void test_missing_files(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.missing, f.key_pem, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_LOAD, f.missing);
    FX_ASSERT_MSG_HAS("CA certificate");
    req.ca_cert = f.ca_pem;
    req.ca_key = f.missing;
    expect_sign_error(&req, POPVERIFY_R_LOAD, f.missing);
    FX_ASSERT_MSG_HAS("CA key");
}

static void test_not_a_certificate(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.junk, f.key_pem, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_LOAD, f.junk);
    FX_ASSERT_MSG_HAS("not a certificate");
    /* The key file given as the certificate. */
    req.ca_cert = f.key_pem;
    expect_sign_error(&req, POPVERIFY_R_LOAD, f.key_pem);
    FX_ASSERT_MSG_HAS("not a certificate");
}

static void test_not_a_key(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.junk, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_LOAD, f.junk);
    FX_ASSERT_MSG_HAS("not a private key");
    /* The certificate given as the key. */
    req.ca_key = f.ca_pem;
    expect_sign_error(&req, POPVERIFY_R_LOAD, f.ca_pem);
    FX_ASSERT_MSG_HAS("not a private key");
}

static void test_key_of_other_ca(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.other_key, CODE, &pa);
    char fp[112];

    expect_sign_error(&req, POPVERIFY_R_KEY_MISMATCH, f.other_key);
    FX_ASSERT_MSG_HAS(f.ca_pem);
    fx_fingerprint(fx_ca("ec:P-256"), "SHA1", fp, sizeof(fp));
    FX_ASSERT_MSG_HAS(fp);
    fx_fingerprint(fx_ca("ec:P-256"), "SHA256", fp, sizeof(fp));
    FX_ASSERT_MSG_HAS(fp);
}

static void test_not_a_ca(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.device, f.key_pem, CODE, &pa);

    expect_sign_error(&req, POPVERIFY_R_NOT_A_CA, f.device);
    FX_ASSERT_MSG_HAS("CA:FALSE");
    req.ca_cert = f.nobc;
    expect_sign_error(&req, POPVERIFY_R_NOT_A_CA, f.nobc);
    FX_ASSERT_MSG_HAS("basicConstraints");
}

static void test_bundle(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.bundle, f.key_pem, CODE, &pa);
    PV_RESULT res;
    char fp[112], picked[520];

    /* The platform takes the first certificate; the key is #2's: refused, naming
     * both and the suffix that picks #2. */
    expect_sign_error(&req, POPVERIFY_R_KEY_MISMATCH, f.bundle);
    FX_ASSERT_MSG_HAS("#2");
    FX_ASSERT_MSG_HAS("#1");
    FX_ASSERT_MSG_HAS("Unit Root ec:P-256");
    snprintf(picked, sizeof(picked), "%s#2", f.bundle);
    req.ca_cert = picked;
    CU_ASSERT_EQUAL_FATAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    /* The note says the file had several and which one was used. */
    CU_ASSERT_EQUAL(fx_notes(), 1);
    FX_ASSERT_HAS(fx_note_log(), picked);
    FX_ASSERT_HAS(fx_note_log(), "#2 of 2");
    FX_ASSERT_HAS(fx_note_log(), "Unit Root ec:P-256");
    fx_fingerprint(fx_ca("ec:P-256"), "SHA1", fp, sizeof(fp));
    CU_ASSERT_STRING_EQUAL(res.ca_sha1, fp);
    pv_result_clear(&res);
}

static void test_code_adjusted(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_pem, CODE "\r\n", &pa);
    PV_RESULT res;

    req.code_source = "code.txt";
    CU_ASSERT_EQUAL_FATAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    CU_ASSERT_STRING_EQUAL(res.code.text, CODE);
    FX_ASSERT_HAS(fx_note_log(), "code.txt");
    pv_result_clear(&res);
}

static void test_bad_code(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_pem, "AB\xE2\x80\x9C", &pa);

    req.code_source = "code.txt";
    expect_sign_error(&req, POPVERIFY_R_BAD_CODE, "code.txt");
    FX_ASSERT_OFFSET(fx_msg(), 2);
    req = request("aws-iot", f.ca_pem, f.key_pem, "not-hex", &pa);
    fx_reset();
    {
        PV_RESULT res;

        memset(&res, 0, sizeof(res));
        CU_ASSERT_EQUAL(pv_run_vcert(fx_env(), &req, &res), 0);
        FX_ASSERT_ERROR(POPVERIFY_R_BAD_CODE);
        FX_ASSERT_MSG_HAS("--code");
        pv_result_clear(&res);
    }
}

static void test_wrong_kind(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("aws-iot", f.ca_pem, f.key_pem, HEX64, &pa);
    PV_RESULT res;

    /* A vcert profile cannot sign, and the reverse. */
    CU_ASSERT_EQUAL(run_sign(&req, NULL, &res), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    FX_ASSERT_MSG_HAS("aws-iot");
    FX_ASSERT_MSG_HAS("use vcert");
    pv_result_clear(&res);
    req = request("cumulocity", f.ca_pem, f.key_pem, CODE, &pa);
    fx_reset();
    memset(&res, 0, sizeof(res));
    CU_ASSERT_EQUAL(pv_run_vcert(fx_env(), &req, &res), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    FX_ASSERT_MSG_HAS("cumulocity");
    FX_ASSERT_MSG_HAS("use sign");
    pv_result_clear(&res);
}

static void test_unknown_profile_at_caller(void)
{
    /* The caller resolves names; a NULL profile is refused, not followed. */
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("no-such-platform", f.ca_pem, f.key_pem, CODE, &pa);
    PV_RESULT res;

    CU_ASSERT_PTR_NULL(req.profile);
    CU_ASSERT_EQUAL(run_sign(&req, NULL, &res), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    pv_result_clear(&res);
    fx_reset();
    memset(&res, 0, sizeof(res));
    CU_ASSERT_EQUAL(pv_run_vcert(fx_env(), &req, &res), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    pv_result_clear(&res);
}

static X509 *run_vcert(PV_REQUEST *req, int der, PV_RESULT *res)
{
    const unsigned char *p;
    BIO *b;
    X509 *vc = NULL;

    fx_reset();
    memset(res, 0, sizeof(*res));
    req->der = der;
    if (pv_run_vcert(fx_env(), req, res) != 1)
        return NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(res->output);
    if (der) {
        p = res->output;
        vc = d2i_X509(NULL, &p, (long)res->output_len);
        CU_ASSERT_PTR_EQUAL(p, res->output + res->output_len);
    } else {
        CU_ASSERT(res->output_len > 27 &&
                  memcmp(res->output, "-----BEGIN CERTIFICATE-----", 27) == 0);
        b = BIO_new_mem_buf(res->output, (int)res->output_len);
        vc = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
    }
    return vc;
}

static void check_vcert(X509 *vc, const char *code)
{
    char cn[128] = "";

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    X509_NAME_get_text_by_NID(X509_get_subject_name(vc), NID_commonName, cn, sizeof(cn));
    CU_ASSERT_STRING_EQUAL(cn, code);
    CU_ASSERT_EQUAL(X509_verify(vc, X509_get0_pubkey(fx_ca("ec:P-256"))), 1);
}

static void test_vcert_pem_der(void)
{
    PASS_ARG pa = {PASS, 0};
    PV_REQUEST req = request("aws-iot", f.ca_pem, f.key_enc, HEX64 "\n", &pa);
    PV_RESULT res;
    X509 *vc;

    vc = run_vcert(&req, 0, &res);
    check_vcert(vc, HEX64);
    CU_ASSERT_STRING_EQUAL(res.code.text, HEX64);
    CU_ASSERT(fx_notes() >= 1);
    X509_free(vc);
    pv_result_clear(&res);
    vc = run_vcert(&req, 1, &res);
    check_vcert(vc, HEX64);
    X509_free(vc);
    pv_result_clear(&res);
}

static void test_vcert_days(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("azure-dps", f.ca_der, f.key_der,
                             "0123456789ABCDEF0123456789ABCDEF01234567", &pa);
    PV_RESULT res;
    X509 *vc;
    int days = -1, secs = -1;

    req.days = 3;
    vc = run_vcert(&req, 0, &res);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT(ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(vc)));
    CU_ASSERT(days == 3 || (days == 2 && secs > 86400 - 120));
    X509_free(vc);
    pv_result_clear(&res);
}

static void test_vcert_key_rejected(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("aws-iot", f.ed_pem, f.ed_key, HEX64, &pa);
    PV_RESULT res;

    CU_ASSERT_PTR_NULL(run_vcert(&req, 0, &res));
    FX_ASSERT_ERROR(POPVERIFY_R_KEY_REJECTED);
    FX_ASSERT_MSG_HAS("Ed25519");
    pv_result_clear(&res);
}

/* Run verify: -1 error, else the verdict. */
static int run_verify(PV_REQUEST *req, PV_RESULT *res)
{
    fx_reset();
    memset(res, 0, sizeof(*res));
    if (pv_run_verify(fx_env(), req, res) != 1)
        return -1;
    return res->verdict.valid;
}

static void test_verify_signature(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("cumulocity", f.ca_pem, f.key_pem, CODE, &pa);
    PV_RESULT res, chk;
    unsigned char *sig;

    CU_ASSERT_EQUAL_FATAL(run_sign(&req, fx_ca("ec:P-256"), &res), 1);
    sig = res.output;
    req.ca_key = NULL;
    req.signature = sig;
    req.signature_len = res.output_len;
    req.signature_source = "sig.b64";
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 1);
    pv_result_clear(&chk);
    /* Another CA file: invalid, with a reason. */
    req.ca_cert = f.other_pem;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 0);
    CU_ASSERT(chk.verdict.reason[0] != '\0');
    pv_result_clear(&chk);
    /* The code with one byte changed. */
    req.ca_cert = f.ca_der;
    req.code = (const unsigned char *)"Pipeline-Code-0043";
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 0);
    pv_result_clear(&chk);
    pv_result_clear(&res);
}

static void test_verify_vcert(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("aws-iot", f.ca_pem, f.key_pem, HEX64, &pa);
    PV_RESULT res, chk;
    char path[512];
    X509 *vc = run_vcert(&req, 0, &res);

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT_FATAL(
        fx_write("vcert.pem", res.output, res.output_len, path, sizeof(path)));
    req.ca_key = NULL;
    req.vcert = path;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 1);
    pv_result_clear(&chk);
    req.ca_cert = f.other_pem;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 0);
    pv_result_clear(&chk);
    req.ca_cert = f.ca_pem;
    req.code = (const unsigned char
                    *)"1f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    CU_ASSERT_EQUAL(run_verify(&req, &chk), 0);
    pv_result_clear(&chk);
    X509_free(vc);
    pv_result_clear(&res);
}

static void test_verify_errors(void)
{
    PASS_ARG pa = {NULL, 0};
    PV_REQUEST req = request("aws-iot", f.missing, NULL, HEX64, &pa);
    PV_RESULT chk;

    req.vcert = f.ca_pem;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), -1);
    FX_ASSERT_ERROR(POPVERIFY_R_LOAD);
    FX_ASSERT_MSG_HAS(f.missing);
    pv_result_clear(&chk);
    req.ca_cert = f.ca_pem;
    req.vcert = f.missing;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), -1);
    FX_ASSERT_ERROR(POPVERIFY_R_LOAD);
    FX_ASSERT_MSG_HAS(f.missing);
    pv_result_clear(&chk);
    req.vcert = f.junk;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), -1);
    FX_ASSERT_ERROR(POPVERIFY_R_LOAD);
    FX_ASSERT_MSG_HAS(f.junk);
    FX_ASSERT_MSG_HAS("not a certificate");
    /* The fix named is for this input, not for the CA certificate. */
    FX_ASSERT_LACKS(fx_msg(), "CA certificate");
    pv_result_clear(&chk);
    /* Both a signature and a vcert, or neither: a usage error. */
    req.signature = (const unsigned char *)"Zm9v";
    req.signature_len = 4;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), -1);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    pv_result_clear(&chk);
    req.signature = NULL;
    req.vcert = NULL;
    CU_ASSERT_EQUAL(run_verify(&req, &chk), -1);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    pv_result_clear(&chk);
}

static void test_signer_many_codes(void)
{
    PASS_ARG pa = {PASS, 0};
    char picked[520] = "";
    PV_REQUEST req = request("cumulocity", picked, f.key_enc, CODE, &pa);
    const char *codes[] = {"first-code", "second code", CODE};
    PV_SIGNER *signer;
    PV_RESULT res;
    PV_CODE code;
    size_t i;

    /* One loaded CA key signs any number of codes (the store keeps one). */
    snprintf(picked, sizeof(picked), "%s#2", f.bundle);
    fx_reset();
    memset(&res, 0, sizeof(res));
    signer = pv_signer_load(fx_env(), &req, &res);
    CU_ASSERT_PTR_NOT_NULL_FATAL(signer);
    CU_ASSERT_EQUAL(pa.calls, 1);
    CU_ASSERT_EQUAL(X509_cmp(signer->ca, fx_ca("ec:P-256")), 0);
    for (i = 0; i < 3; i++) {
        unsigned char *sig = NULL;
        size_t siglen = 0;
        char why[64];

        CU_ASSERT_FATAL(pv_code_read(fx_env(), &signer->profile,
                                     (const unsigned char *)codes[i], strlen(codes[i]),
                                     "--code", &code));
        CU_ASSERT_EQUAL_FATAL(pv_signer_sign(fx_env(), signer, &code, &res), 1);
        CU_ASSERT(res.output_len <= pv_signer_max_output(signer));
        CU_ASSERT(pv_b64_decode_strict((const char *)res.output, res.output_len, &sig,
                                       &siglen, why, sizeof(why)));
        CU_ASSERT(fx_evp_verify(fx_ca("ec:P-256"), "SHA256",
                                (const unsigned char *)codes[i], strlen(codes[i]), sig,
                                siglen));
        OPENSSL_free(sig);
        pv_result_clear(&res);
    }
    pv_signer_free(signer);
}

int fx_suite_pipeline(void)
{
    static const FX_TEST tests[] = {
        {"sign: PEM cert and key", test_sign_pem},
        {"sign: DER cert and key", test_sign_der},
        {"sign: RSA", test_sign_rsa},
        {"sign: encrypted PKCS#8, PEM and DER", test_encrypted_key},
        {"wrong passphrase", test_wrong_passphrase},
        {"no passphrase", test_no_passphrase},
        {"missing files", test_missing_files},
        {"not a certificate", test_not_a_certificate},
        {"not a key", test_not_a_key},
        {"key of another CA", test_key_of_other_ca},
        {"certificate not a CA", test_not_a_ca},
        {"several certificates in the CA file", test_bundle},
        {"code adjusted and noted", test_code_adjusted},
        {"bad code", test_bad_code},
        {"profile of the other kind", test_wrong_kind},
        {"unknown profile at the caller", test_unknown_profile_at_caller},
        {"vcert: PEM and DER", test_vcert_pem_der},
        {"vcert: days", test_vcert_days},
        {"vcert: key type refused", test_vcert_key_rejected},
        {"verify: signature", test_verify_signature},
        {"verify: vcert", test_verify_vcert},
        {"verify: unreadable inputs", test_verify_errors},
        {"signer: one key, many codes", test_signer_many_codes},
        {NULL, NULL}};

    return fx_register("pipeline", pipeline_init, NULL, tests);
}
