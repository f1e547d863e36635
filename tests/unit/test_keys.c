/*
 * test_keys.c - new keys (pv_keygen), subjects (pv_parse_subject) and root
 * CAs (pv_issue_root), each checked field by field with plain libcrypto.
 */
#include <string.h>
#include <time.h>
#include <popverify.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/x509v3.h>
#include "fixture.h"
#include "certgen.h"
#include "suites.h"

typedef struct {
    const char *type;
    const char *alg; /* EVP_PKEY_is_a name */
    int bits;
    const char *group; /* EC curve, NIST name */
} KEY_CASE;

static const KEY_CASE cases[] = {
    {"rsa:2048", "RSA", 2048, NULL},  {"rsa:4096", "RSA", 4096, NULL},
    {"ec:P-256", "EC", 256, "P-256"}, {"ec:P-384", "EC", 384, "P-384"},
    {"ec:P-521", "EC", 521, "P-521"}, {"ed25519", "ED25519", 256, NULL},
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Every key type once per process; rsa:4096 is the slow one. */
static int keys_init(void)
{
    size_t i;

    for (i = 0; i < NCASES; i++)
        if (fx_key(cases[i].type) == NULL)
            return 1;
    return 0;
}

static void check_key(const KEY_CASE *c, EVP_PKEY *key)
{
    char group[64] = "";

    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    CU_ASSERT(EVP_PKEY_is_a(key, c->alg));
    CU_ASSERT_EQUAL(EVP_PKEY_get_bits(key), c->bits);
    if (c->group != NULL) {
        CU_ASSERT(EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                                 sizeof(group), NULL));
        CU_ASSERT_EQUAL(OBJ_txt2nid(group), EC_curve_nist2nid(c->group));
    }
}

static void test_keygen_types(void)
{
    size_t i;

    for (i = 0; i < NCASES; i++)
        check_key(&cases[i], fx_key(cases[i].type));
}

static void test_keygen_aliases(void)
{
    const KEY_CASE ec = {"ec", "EC", 256, "P-256"};
    EVP_PKEY *key;

    fx_reset();
    key = pv_keygen(fx_env(), "ec");
    check_key(&ec, key);
    EVP_PKEY_free(key);
}

static void test_keygen_bad(void)
{
    const char *bad[] = {
        "", "dsa:2048", "rsa:abc", "rsa:", "ec:P-999", "ec:secp9", "x448", "rsa:2048x"};
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EVP_PKEY *key;

        fx_reset();
        key = pv_keygen(fx_env(), bad[i]);
        CU_ASSERT_PTR_NULL(key);
        EVP_PKEY_free(key);
        /* One error, the one that says what to write instead. */
        FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
        CU_ASSERT_EQUAL(fx_errors(), 1);
        FX_ASSERT_MSG_HAS(bad[i]);
        /* ... and names what is accepted instead. */
        CU_ASSERT(fx_has(fx_msg(), "P-256") || fx_has(fx_msg(), "2048"));
    }
}

static void test_keygen_rsa_too_small(void)
{
    EVP_PKEY *key;

    fx_reset();
    key = pv_keygen(fx_env(), "rsa:1024");
    CU_ASSERT_PTR_NULL(key);
    EVP_PKEY_free(key);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    CU_ASSERT_EQUAL(fx_errors(), 1);
    FX_ASSERT_MSG_HAS("2048");
}

/* The name's entries as "SN=value" joined by '/'. */
static void name_text(const X509_NAME *name, char *out, size_t outlen)
{
    int i;
    size_t used = 0;

    out[0] = '\0';
    for (i = 0; i < X509_NAME_entry_count(name); i++) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
        const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
        int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));

        used += (size_t)snprintf(out + used, outlen - used, "/%s=%.*s", OBJ_nid2sn(nid),
                                 ASN1_STRING_length(v),
                                 (const char *)ASN1_STRING_get0_data(v));
        if (used >= outlen)
            return;
    }
}

static void expect_subject(const char *in, const char *want)
{
    X509_NAME *name;
    char text[512];

    fx_reset();
    name = pv_parse_subject(fx_env(), in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    name_text(name, text, sizeof(text));
    CU_ASSERT_STRING_EQUAL(text, want);
    X509_NAME_free(name);
}

static void test_subject_good(void)
{
    expect_subject("/O=Demo/CN=Demo Root", "/O=Demo/CN=Demo Root");
    expect_subject("/C=DE/ST=Bavaria/L=Munich/O=Acme GmbH/OU=IoT/CN=Acme Root CA",
                   "/C=DE/ST=Bavaria/L=Munich/O=Acme GmbH/OU=IoT/CN=Acme Root CA");
    expect_subject("/CN=x", "/CN=x");
    /* As openssl -subj: a backslash escapes a slash inside a value. */
    expect_subject("/O=Sales\\/Marketing/CN=Root", "/O=Sales/Marketing/CN=Root");
    expect_subject("/O=Gr\xC3\xBC\xC3\x9F"
                   "e AG/CN=\xC3\x9C"
                   "ber Root",
                   "/O=Gr\xC3\xBC\xC3\x9F"
                   "e AG/CN=\xC3\x9C"
                   "ber Root");
}

static void test_subject_utf8_type(void)
{
    X509_NAME *name;
    const ASN1_STRING *v;

    fx_reset();
    name = pv_parse_subject(fx_env(), "/CN=Caf\xC3\xA9");
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    v = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, 0));
    CU_ASSERT_EQUAL(ASN1_STRING_type(v), V_ASN1_UTF8STRING);
    CU_ASSERT_EQUAL(ASN1_STRING_length(v), 5);
    X509_NAME_free(name);
}

static void expect_subject_bad(const char *in)
{
    X509_NAME *name;

    fx_reset();
    name = pv_parse_subject(fx_env(), in);
    CU_ASSERT_PTR_NULL(name);
    X509_NAME_free(name);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    CU_ASSERT_EQUAL(fx_errors(), 1);
    /* The message quotes the subject as given. */
    FX_ASSERT_MSG_HAS(in);
}

static void test_subject_bad(void)
{
    expect_subject_bad("");
    expect_subject_bad("CN=No Slash");
    expect_subject_bad("/");
    expect_subject_bad("/CN");
    expect_subject_bad("/NOTANATTR=foo");
    FX_ASSERT_MSG_HAS("NOTANATTR");
    expect_subject_bad("/O=Demo/=x");
    /* Not UTF-8: a Latin-1 byte. */
    expect_subject_bad("/CN=Caf\xE9");
}

static void test_issue_root_fields(void)
{
    X509 *ca = fx_ca("ec:P-256");
    EVP_PKEY *key = fx_key("ec:P-256");
    const ASN1_OCTET_STRING *ski;
    const ASN1_OCTET_STRING *akid;
    char text[256];
    int crit = -1;
    BASIC_CONSTRAINTS *bc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
    name_text(X509_get_subject_name(ca), text, sizeof(text));
    CU_ASSERT_STRING_EQUAL(text, "/O=popverify unit/CN=Unit Root ec:P-256");
    CU_ASSERT_EQUAL(X509_NAME_cmp(X509_get_subject_name(ca), X509_get_issuer_name(ca)),
                    0);
    CU_ASSERT_EQUAL(X509_get_version(ca), 2);
    CU_ASSERT_EQUAL(X509_verify(ca, key), 1);
    CU_ASSERT_EQUAL(EVP_PKEY_eq(X509_get0_pubkey(ca), key), 1);
    bc = X509_get_ext_d2i(ca, NID_basic_constraints, &crit, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bc);
    CU_ASSERT(bc->ca);
    CU_ASSERT_EQUAL(crit, 1);
    BASIC_CONSTRAINTS_free(bc);
    CU_ASSERT(X509_get_extension_flags(ca) & EXFLAG_CA);
    CU_ASSERT_EQUAL(X509_get_key_usage(ca) & (KU_KEY_CERT_SIGN | KU_CRL_SIGN),
                    KU_KEY_CERT_SIGN | KU_CRL_SIGN);
    ski = X509_get0_subject_key_id(ca);
    akid = X509_get0_authority_key_id(ca);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ski);
    CU_ASSERT_PTR_NOT_NULL_FATAL(akid);
    CU_ASSERT_EQUAL(ASN1_OCTET_STRING_cmp(ski, akid), 0);
    CU_ASSERT_EQUAL(X509_check_issued(ca, ca), X509_V_OK);
}

static void test_issue_root_validity(void)
{
    EVP_PKEY *key = fx_key("ec:P-256");
    X509 *ca;
    time_t now = time(NULL);
    int days = -1, secs = -1;

    fx_reset();
    ca = pv_issue_root(fx_env(), key, "/CN=Ten Days", 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
    CU_ASSERT(X509_cmp_time(X509_get0_notBefore(ca), &now) <= 0);
    CU_ASSERT(ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(ca)));
    /* 10 days from now, give or take the test's own run time. */
    CU_ASSERT(days == 10 || (days == 9 && secs > 86400 - 120));
    X509_free(ca);
}

static void test_issue_root_every_key(void)
{
    size_t i;

    for (i = 0; i < NCASES; i++) {
        X509 *ca = fx_ca(cases[i].type);

        CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
        CU_ASSERT_EQUAL(X509_verify(ca, X509_get0_pubkey(ca)), 1);
        CU_ASSERT(X509_get_extension_flags(ca) & EXFLAG_CA);
        CU_ASSERT(ASN1_INTEGER_get(X509_get0_serialNumber(ca)) != 0);
    }
}

static void test_issue_root_bad_subject(void)
{
    X509 *ca;

    fx_reset();
    ca = pv_issue_root(fx_env(), fx_key("ec:P-256"), "CN=oops", 10);
    CU_ASSERT_PTR_NULL(ca);
    X509_free(ca);
    CU_ASSERT(fx_errors() >= 1);
}

int fx_suite_keys(void)
{
    static const FX_TEST tests[] = {
        {"pv_keygen: every key type", test_keygen_types},
        {"pv_keygen: aliases", test_keygen_aliases},
        {"pv_keygen: bad types named", test_keygen_bad},
        {"pv_keygen: rsa:1024 refused", test_keygen_rsa_too_small},
        {"pv_parse_subject: good DNs", test_subject_good},
        {"pv_parse_subject: UTF8String", test_subject_utf8_type},
        {"pv_parse_subject: bad DNs", test_subject_bad},
        {"pv_issue_root: fields", test_issue_root_fields},
        {"pv_issue_root: validity", test_issue_root_validity},
        {"pv_issue_root: every key type", test_issue_root_every_key},
        {"pv_issue_root: bad subject", test_issue_root_bad_subject},
        {NULL, NULL}};

    return fx_register("keys", keys_init, NULL, tests);
}
