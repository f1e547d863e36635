/*
 * test_checks.c - what the platforms check of a CA before the proof:
 * fingerprints, key/certificate match, CA:TRUE, key type and size.
 */
#include <string.h>
#include <popverify.h>
#include <openssl/evp.h>
#include "checks.h"
#include "fixture.h"
#include "suites.h"

static EVP_PKEY *rsa1024;

static int checks_init(void)
{
    /* Made here, not with pv_keygen: popverify refuses to make such keys. */
    rsa1024 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    return rsa1024 == NULL || fx_ca("ec:P-256") == NULL ||
           fx_ca("ec:P-256#other") == NULL || fx_ca("rsa:2048") == NULL ||
           fx_ca("ed25519") == NULL;
}

static int checks_cleanup(void)
{
    EVP_PKEY_free(rsa1024);
    rsa1024 = NULL;
    return 0;
}

static void test_fingerprint(void)
{
    char got[112], want[112];

    fx_reset();
    CU_ASSERT_EQUAL_FATAL(
        pv_fingerprint(fx_env(), fx_ca("rsa:2048"), "SHA1", got, sizeof(got)), 1);
    fx_fingerprint(fx_ca("rsa:2048"), "SHA1", want, sizeof(want));
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(strlen(got), 20 * 3 - 1);
    CU_ASSERT_EQUAL_FATAL(
        pv_fingerprint(fx_env(), fx_ca("rsa:2048"), "SHA256", got, sizeof(got)), 1);
    fx_fingerprint(fx_ca("rsa:2048"), "SHA256", want, sizeof(want));
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(strlen(got), 32 * 3 - 1);
    /* Too short a buffer is never overrun. */
    memset(got, 'x', sizeof(got));
    pv_fingerprint(fx_env(), fx_ca("rsa:2048"), "SHA256", got, 20);
    CU_ASSERT(memchr(got, '\0', 20) != NULL);
    CU_ASSERT_EQUAL(got[20], 'x');
}

static void test_key_describe(void)
{
    char buf[64];

    pv_key_describe(fx_key("rsa:2048"), buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "RSA 2048");
    pv_key_describe(fx_key("ec:P-256"), buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "EC P-256");
    pv_key_describe(fx_key("ed25519"), buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "Ed25519");
    pv_key_describe(rsa1024, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "RSA 1024");
}

static void test_key_matches(void)
{
    fx_reset();
    CU_ASSERT_EQUAL(pv_check_key_matches(fx_env(), fx_key("ec:P-256"), fx_ca("ec:P-256"),
                                         "ca.key", "ca.pem"),
                    1);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    CU_ASSERT_EQUAL(pv_check_key_matches(fx_env(), fx_key("ed25519"), fx_ca("ed25519"),
                                         "ca.key", "ca.pem"),
                    1);
}

static void test_key_mismatch(void)
{
    X509 *ca = fx_ca("ec:P-256#other");
    char sha1[64], sha256[112];

    fx_reset();
    CU_ASSERT_EQUAL(pv_check_key_matches(fx_env(), fx_key("ec:P-256"), ca,
                                         "keys/rootCA.key", "certs/rootCA.pem"),
                    0);
    FX_ASSERT_ERROR(POPVERIFY_R_KEY_MISMATCH);
    FX_ASSERT_MSG_HAS("keys/rootCA.key");
    FX_ASSERT_MSG_HAS("certs/rootCA.pem");
    /* The fingerprints the platform shows for the uploaded certificate. */
    fx_fingerprint(ca, "SHA1", sha1, sizeof(sha1));
    fx_fingerprint(ca, "SHA256", sha256, sizeof(sha256));
    FX_ASSERT_MSG_HAS(sha1);
    FX_ASSERT_MSG_HAS(sha256);
}

static void test_key_mismatch_other_type(void)
{
    fx_reset();
    CU_ASSERT_EQUAL(pv_check_key_matches(fx_env(), fx_key("rsa:2048"), fx_ca("ec:P-256"),
                                         "rsa.key", "ec.pem"),
                    0);
    FX_ASSERT_ERROR(POPVERIFY_R_KEY_MISMATCH);
}

static void test_ca_cert_ok(void)
{
    fx_reset();
    CU_ASSERT_EQUAL(pv_check_ca_cert(fx_env(), fx_ca("ec:P-256"), "ca.pem",
                                     pv_profile_find("cumulocity")),
                    1);
    CU_ASSERT_EQUAL(pv_check_ca_cert(fx_env(), fx_ca("rsa:2048"), "ca.pem",
                                     pv_profile_find("aws-iot")),
                    1);
    CU_ASSERT_EQUAL(fx_errors(), 0);
}

static void expect_not_a_ca(FX_BC bc)
{
    X509 *cert = fx_plain_cert(fx_key("ec:P-256"), "Not A CA", bc, 30);

    CU_ASSERT_PTR_NOT_NULL_FATAL(cert);
    fx_reset();
    CU_ASSERT_EQUAL(
        pv_check_ca_cert(fx_env(), cert, "device.pem", pv_profile_find("cumulocity")), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_NOT_A_CA);
    FX_ASSERT_MSG_HAS("device.pem");
    FX_ASSERT_MSG_HAS("CA:TRUE");
    X509_free(cert);
}

static void test_no_basic_constraints(void)
{
    expect_not_a_ca(FX_BC_NONE);
}

static void test_ca_false(void)
{
    expect_not_a_ca(FX_BC_CA_FALSE);
}

static void test_plain_ca_true_ok(void)
{
    X509 *cert = fx_plain_cert(fx_key("ec:P-256"), "Plain CA", FX_BC_CA_TRUE, 30);

    CU_ASSERT_PTR_NOT_NULL_FATAL(cert);
    fx_reset();
    CU_ASSERT_EQUAL(
        pv_check_ca_cert(fx_env(), cert, "plain.pem", pv_profile_find("cumulocity")), 1);
    X509_free(cert);
}

static void expect_key(const char *profile, const EVP_PKEY *key, int ok)
{
    fx_reset();
    CU_ASSERT_EQUAL(pv_check_key(fx_env(), key, "rootCA.key", pv_profile_find(profile)),
                    ok);
    if (!ok) {
        FX_ASSERT_ERROR(POPVERIFY_R_KEY_REJECTED);
        FX_ASSERT_MSG_HAS("rootCA.key");
    }
}

static void test_rsa1024_refused(void)
{
    const char *names[] = {"cumulocity", "azure-dps", "azure-iothub", "aws-iot"};
    size_t i;

    for (i = 0; i < 4; i++) {
        expect_key(names[i], rsa1024, 0);
        FX_ASSERT_MSG_HAS("1024");
        FX_ASSERT_MSG_HAS("2048");
    }
}

static void test_ed25519_by_profile(void)
{
    expect_key("aws-iot", fx_key("ed25519"), 0);
    FX_ASSERT_MSG_HAS("Ed25519");
    expect_key("azure-dps", fx_key("ed25519"), 0);
    expect_key("azure-iothub", fx_key("ed25519"), 0);
    expect_key("cumulocity", fx_key("ed25519"), 1);
    expect_key("generic-signature", fx_key("ed25519"), 1);
    expect_key("generic-vcert", fx_key("ed25519"), 1);
}

static void test_keys_accepted(void)
{
    const char *names[] = {"cumulocity", "azure-dps",         "azure-iothub",
                           "aws-iot",    "generic-signature", "generic-vcert"};
    size_t i;

    for (i = 0; i < 6; i++) {
        expect_key(names[i], fx_key("rsa:2048"), 1);
        expect_key(names[i], fx_key("ec:P-256"), 1);
    }
}

int fx_suite_checks(void)
{
    static const FX_TEST tests[] = {
        {"pv_fingerprint SHA-1, SHA-256", test_fingerprint},
        {"pv_key_describe", test_key_describe},
        {"key matches its CA", test_key_matches},
        {"key mismatch shows fingerprints", test_key_mismatch},
        {"key mismatch, other key type", test_key_mismatch_other_type},
        {"CA:TRUE accepted", test_ca_cert_ok},
        {"no basicConstraints refused", test_no_basic_constraints},
        {"CA:FALSE refused", test_ca_false},
        {"plain CA:TRUE accepted", test_plain_ca_true_ok},
        {"RSA-1024 refused", test_rsa1024_refused},
        {"Ed25519 by profile", test_ed25519_by_profile},
        {"RSA-2048 and P-256 accepted", test_keys_accepted},
        {NULL, NULL}};

    return fx_register("checks", checks_init, checks_cleanup, tests);
}
