/*
 * test_vcert.c - the verification certificate, every field checked with
 * plain libcrypto, and pv_vcert_verify's answers.
 */
#include <string.h>
#include <time.h>
#include <popverify.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include "fixture.h"
#include "suites.h"
#include "vcert.h"

static const char AZURE[] = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718";
static const char AWS[] =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
static const char GENERIC[] = "device-fleet-7 proof";

static int vcert_init(void)
{
    const char *types[] = {"rsa:2048", "rsa:4096", "ec:P-256",      "ec:P-384",
                           "ec:P-521", "ed25519",  "ec:P-256#other"};
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (fx_ca(types[i]) == NULL)
            return 1;
    return 0;
}

static void make_code(const char *text, PV_CODE *code)
{
    fx_reset();
    CU_ASSERT_FATAL(pv_code_canonicalize(fx_env(), (const unsigned char *)text,
                                         strlen(text), "--code", code) == 1);
}

static X509 *create(const char *profile, const char *type, const char *text, int days)
{
    PV_CODE code;
    X509 *vc;

    make_code(text, &code);
    vc = pv_vcert_create(fx_env(), pv_profile_find(profile), fx_key(type), fx_ca(type),
                         &code, days);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    return vc;
}

static void check_subject(X509 *vc, const char *text)
{
    const X509_NAME *name = X509_get_subject_name(vc);
    const X509_NAME_ENTRY *e;
    const ASN1_STRING *v;

    CU_ASSERT_EQUAL_FATAL(X509_NAME_entry_count(name), 1);
    e = X509_NAME_get_entry(name, 0);
    CU_ASSERT_EQUAL(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)), NID_commonName);
    v = X509_NAME_ENTRY_get_data(e);
    CU_ASSERT_EQUAL(ASN1_STRING_length(v), (int)strlen(text));
    CU_ASSERT(memcmp(ASN1_STRING_get0_data(v), text, strlen(text)) == 0);
}

static void check_issuer_der(X509 *vc, X509 *ca)
{
    unsigned char *a = NULL, *b = NULL;
    int alen = i2d_X509_NAME(X509_get_issuer_name(vc), &a);
    int blen = i2d_X509_NAME(X509_get_subject_name(ca), &b);

    CU_ASSERT(alen > 0 && alen == blen && memcmp(a, b, (size_t)alen) == 0);
    OPENSSL_free(a);
    OPENSSL_free(b);
}

static void check_serial(X509 *vc)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(vc), NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(bn);
    CU_ASSERT(!BN_is_negative(bn) && !BN_is_zero(bn));
    /* At least 64 bits, at most the 20 octets RFC 5280 allows. */
    CU_ASSERT(BN_num_bits(bn) >= 64);
    CU_ASSERT(BN_num_bits(bn) <= 159);
    BN_free(bn);
}

/* notBefore a little in the past, notAfter within days from now. */
static void check_validity(X509 *vc, X509 *ca, int days)
{
    time_t now = time(NULL), soon = now + (time_t)days * 86400;
    time_t skew = now - 24 * 3600, low = soon - 3600;

    CU_ASSERT(X509_cmp_time(X509_get0_notBefore(vc), &now) < 0);
    CU_ASSERT(X509_cmp_time(X509_get0_notBefore(vc), &skew) > 0);
    CU_ASSERT(X509_cmp_time(X509_get0_notAfter(vc), &soon) <= 0);
    CU_ASSERT(X509_cmp_time(X509_get0_notAfter(vc), &low) > 0);
    CU_ASSERT(ASN1_TIME_compare(X509_get0_notAfter(vc), X509_get0_notAfter(ca)) <= 0);
}

static void check_extensions(X509 *vc, X509 *ca)
{
    int crit = -1;
    BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(vc, NID_basic_constraints, &crit, NULL);
    const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(vc);

    CU_ASSERT_PTR_NOT_NULL_FATAL(bc);
    CU_ASSERT_FALSE(bc->ca);
    BASIC_CONSTRAINTS_free(bc);
    CU_ASSERT_FALSE(X509_get_extension_flags(vc) & EXFLAG_CA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(akid);
    CU_ASSERT_PTR_NOT_NULL_FATAL(X509_get0_subject_key_id(ca));
    CU_ASSERT_EQUAL(ASN1_OCTET_STRING_cmp(akid, X509_get0_subject_key_id(ca)), 0);
}

/* The signature's digest is the profile's (none for Ed25519). */
static void check_digest(X509 *vc, const PV_PROFILE *p, EVP_PKEY *key)
{
    int mdnid = NID_undef, pknid = NID_undef;
    EVP_MD *md;

    CU_ASSERT_FATAL(OBJ_find_sigid_algs(X509_get_signature_nid(vc), &mdnid, &pknid));
    if (EVP_PKEY_is_a(key, "ED25519")) {
        CU_ASSERT_EQUAL(mdnid, NID_undef);
        return;
    }
    md = EVP_MD_fetch(NULL, p->digest, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(md);
    CU_ASSERT_EQUAL(mdnid, EVP_MD_get_type(md));
    EVP_MD_free(md);
}

static void check_all(const char *profile, const char *type, const char *text, int days)
{
    const PV_PROFILE *p = pv_profile_find(profile);
    X509 *ca = fx_ca(type);
    X509 *vc = create(profile, type, text, days);

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT_EQUAL(X509_get_version(vc), 2);
    check_subject(vc, text);
    check_issuer_der(vc, ca);
    CU_ASSERT_EQUAL(X509_verify(vc, X509_get0_pubkey(ca)), 1);
    CU_ASSERT_EQUAL(X509_check_issued(ca, vc), X509_V_OK);
    check_serial(vc);
    check_validity(vc, ca, days > 0 ? days : p->days[PV_ROLE_VCERT]);
    check_extensions(vc, ca);
    check_digest(vc, p, fx_key(type));
    X509_free(vc);
}

static void test_azure_fields(void)
{
    check_all("azure-dps", "rsa:2048", AZURE, 0);
    check_all("azure-iothub", "ec:P-256", AZURE, 0);
    check_all("azure-dps", "ec:P-384", AZURE, 7);
}

static void test_aws_fields(void)
{
    check_all("aws-iot", "rsa:4096", AWS, 0);
    check_all("aws-iot", "ec:P-521", AWS, 1);
}

static void test_generic_fields(void)
{
    check_all("generic-vcert", "ed25519", GENERIC, 0);
    check_all("generic-vcert", "ec:P-256", GENERIC, 30);
}

static void test_serials_differ(void)
{
    X509 *a = create("aws-iot", "ec:P-256", AWS, 0);
    X509 *b = create("aws-iot", "ec:P-256", AWS, 0);

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_NOT_EQUAL(
        ASN1_INTEGER_cmp(X509_get0_serialNumber(a), X509_get0_serialNumber(b)), 0);
    X509_free(a);
    X509_free(b);
}

static void test_never_past_ca(void)
{
    EVP_PKEY *key = fx_key("ec:P-256");
    X509 *ca, *vc;
    PV_CODE code;

    /* A CA that ends in two days; the vcert asks for thirty. */
    ca = fx_plain_cert(key, "Short Lived Root", FX_BC_CA_TRUE, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
    make_code(AZURE, &code);
    vc = pv_vcert_create(fx_env(), pv_profile_find("azure-dps"), key, ca, &code, 30);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT(ASN1_TIME_compare(X509_get0_notAfter(vc), X509_get0_notAfter(ca)) <= 0);
    CU_ASSERT_EQUAL(X509_verify(vc, key), 1);
    X509_free(vc);
    X509_free(ca);
}

static int verify(const char *profile, X509 *ca, const char *text, X509 *vc,
                  PV_VERDICT *v)
{
    PV_CODE code;

    make_code(text, &code);
    memset(v, 0, sizeof(*v));
    if (!pv_vcert_verify(fx_env(), pv_profile_find(profile), ca, &code, vc, v))
        return -1;
    return v->valid;
}

static void test_verify_valid(void)
{
    X509 *vc = create("azure-dps", "rsa:2048", AZURE, 0);
    PV_VERDICT v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT_EQUAL(verify("azure-dps", fx_ca("rsa:2048"), AZURE, vc, &v), 1);
    X509_free(vc);
}

static void test_verify_wrong_code(void)
{
    X509 *vc = create("azure-dps", "ec:P-256", AZURE, 0);
    PV_VERDICT v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    CU_ASSERT_EQUAL(verify("azure-dps", fx_ca("ec:P-256"),
                           "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60719", vc, &v),
                    0);
    CU_ASSERT(v.reason[0] != '\0');
    /* Case matters: the CN must be exactly the code. */
    CU_ASSERT_EQUAL(verify("azure-dps", fx_ca("ec:P-256"),
                           "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718", vc, &v),
                    0);
    X509_free(vc);
}

static void test_verify_other_ca(void)
{
    X509 *vc = create("aws-iot", "ec:P-256", AWS, 0);
    PV_VERDICT v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    /* Same subject, another key: the signature decides. */
    CU_ASSERT_EQUAL(verify("aws-iot", fx_ca("ec:P-256#other"), AWS, vc, &v), 0);
    CU_ASSERT(v.reason[0] != '\0');
    CU_ASSERT_EQUAL(verify("aws-iot", fx_ca("rsa:2048"), AWS, vc, &v), 0);
    CU_ASSERT(v.reason[0] != '\0');
    X509_free(vc);
}

static void test_verify_expired(void)
{
    X509 *vc = create("aws-iot", "ec:P-256", AWS, 0);
    PV_VERDICT v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(vc);
    /* Move the validity into the past and re-sign with the CA key. */
    CU_ASSERT_PTR_NOT_NULL(X509_gmtime_adj(X509_getm_notBefore(vc), -10 * 86400));
    CU_ASSERT_PTR_NOT_NULL(X509_gmtime_adj(X509_getm_notAfter(vc), -86400));
    CU_ASSERT(X509_sign(vc, fx_key("ec:P-256"), EVP_sha256()) > 0);
    CU_ASSERT_EQUAL(X509_verify(vc, X509_get0_pubkey(fx_ca("ec:P-256"))), 1);
    CU_ASSERT_EQUAL(verify("aws-iot", fx_ca("ec:P-256"), AWS, vc, &v), 0);
    FX_ASSERT_HAS(v.reason, "expired");
    X509_free(vc);
}

static void test_create_refuses_key_of_other_ca(void)
{
    PV_CODE code;
    X509 *vc;

    make_code(AWS, &code);
    vc = pv_vcert_create(fx_env(), pv_profile_find("aws-iot"), fx_key("ec:P-256"),
                         fx_ca("ec:P-256#other"), &code, 0);
    CU_ASSERT_PTR_NULL(vc);
    X509_free(vc);
    CU_ASSERT(fx_reason() == POPVERIFY_R_SELF_CHECK ||
              fx_reason() == POPVERIFY_R_KEY_MISMATCH);
}

int fx_suite_vcert(void)
{
    static const FX_TEST tests[] = {
        {"azure: every field", test_azure_fields},
        {"aws-iot: every field", test_aws_fields},
        {"generic-vcert: every field", test_generic_fields},
        {"random serials differ", test_serials_differ},
        {"never past the CA's notAfter", test_never_past_ca},
        {"verify: valid", test_verify_valid},
        {"verify: wrong code", test_verify_wrong_code},
        {"verify: other CA", test_verify_other_ca},
        {"verify: expired", test_verify_expired},
        {"create: key of another CA refused", test_create_refuses_key_of_other_ca},
        {NULL, NULL}};

    return fx_register("vcert", vcert_init, NULL, tests);
}
