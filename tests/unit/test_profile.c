/*
 * test_profile.c - the eight built-in profiles and what each platform expects.
 */
#include <string.h>
#include <popverify.h>
#include "fixture.h"
#include "profile.h"
#include "profiles.h"
#include "suites.h"

static const char *const builtin[] = {"cumulocity",        "azure-dps",    "azure-iothub",
                                      "aws-iot",           "huawei-iotda", "alibaba-iot",
                                      "generic-signature", "generic-vcert"};
#define PV_NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

static const PV_PROFILE *find(const char *name)
{
    const PV_PROFILE *p = pv_profile_find(name);

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->name, name);
    CU_ASSERT(p->description != NULL && p->description[0] != '\0');
    CU_ASSERT(p->platform != NULL && p->platform[0] != '\0');
    return p;
}

static void test_all_builtins(void)
{
    size_t i;

    CU_ASSERT_EQUAL_FATAL(pv_profile_builtin_count(), PV_NBUILTIN);
    for (i = 0; i < PV_NBUILTIN; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(pv_profile_builtin_at(i));
        CU_ASSERT_STRING_EQUAL(pv_profile_builtin_at(i)->name, builtin[i]);
        CU_ASSERT_PTR_EQUAL(pv_profile_find(builtin[i]), pv_profile_builtin_at(i));
    }
}

static void test_unknown(void)
{
    CU_ASSERT_PTR_NULL(pv_profile_find("no-such-platform"));
    CU_ASSERT_PTR_NULL(pv_profile_find(""));
    CU_ASSERT_PTR_NULL(pv_profile_find("cumulocity "));
    CU_ASSERT_PTR_NULL(pv_profile_find("aws"));
}

static int is_sha256(const char *digest)
{
    return digest != NULL && (fx_has(digest, "SHA256") || fx_has(digest, "SHA2-256"));
}

static void test_cumulocity(void)
{
    const PV_PROFILE *p = find("cumulocity");

    CU_ASSERT_EQUAL(p->kind, PV_KIND_SIGNATURE);
    CU_ASSERT(is_sha256(p->digest));
    CU_ASSERT_EQUAL(p->encoding, PV_ENC_BASE64);
    CU_ASSERT_EQUAL(p->key_types, PV_KEY_RSA | PV_KEY_EC | PV_KEY_ED25519);
    CU_ASSERT_EQUAL(p->min_rsa_bits, 2048);
    CU_ASSERT(p->require_ca);
}

static void check_hex_vcert(const char *name, PV_CHARSET charset, size_t min, size_t max)
{
    const PV_PROFILE *p = find(name);

    CU_ASSERT_EQUAL(p->kind, PV_KIND_VCERT);
    CU_ASSERT(is_sha256(p->digest));
    CU_ASSERT_EQUAL(p->charset, charset);
    CU_ASSERT_EQUAL(p->code_min, min);
    CU_ASSERT_EQUAL(p->code_max, max);
    CU_ASSERT_EQUAL(p->key_types, PV_KEY_RSA | PV_KEY_EC);
    CU_ASSERT_EQUAL(p->min_rsa_bits, 2048);
    CU_ASSERT(p->days[PV_ROLE_VCERT] > 0);
}

static void test_azure_aws(void)
{
    check_hex_vcert("azure-dps", PV_CHARSET_HEX, 40, 48);
    check_hex_vcert("azure-iothub", PV_CHARSET_HEX, 40, 48);
    check_hex_vcert("aws-iot", PV_CHARSET_HEX_0X, 64, 64);
}

static void test_huawei_alibaba(void)
{
    const PV_PROFILE *h = find("huawei-iotda"), *a = find("alibaba-iot");

    CU_ASSERT_EQUAL(h->kind, PV_KIND_VCERT);
    CU_ASSERT_EQUAL(h->charset, PV_CHARSET_PRINTABLE);
    CU_ASSERT_EQUAL(h->code_max, 64);
    CU_ASSERT_EQUAL(h->key_types, PV_KEY_RSA | PV_KEY_EC);
    CU_ASSERT_EQUAL(a->kind, PV_KIND_VCERT);
    CU_ASSERT_EQUAL(a->charset, PV_CHARSET_PRINTABLE);
    CU_ASSERT_EQUAL(a->key_types, PV_KEY_RSA); /* "signed by using the RSA algorithm" */
    CU_ASSERT_EQUAL(a->id_min, 4);
    CU_ASSERT_EQUAL(a->id_max, 32);
}

static void test_generic(void)
{
    const PV_PROFILE *s = find("generic-signature");
    const PV_PROFILE *v = find("generic-vcert");

    CU_ASSERT_EQUAL(s->kind, PV_KIND_SIGNATURE);
    CU_ASSERT_EQUAL(s->encoding, PV_ENC_BASE64);
    CU_ASSERT_EQUAL(s->charset, PV_CHARSET_PRINTABLE);
    CU_ASSERT_EQUAL(s->code_max, 512);
    CU_ASSERT_EQUAL(s->key_types, PV_KEY_ANY);
    CU_ASSERT(is_sha256(s->digest));
    CU_ASSERT_EQUAL(v->kind, PV_KIND_VCERT);
    CU_ASSERT_EQUAL(v->charset, PV_CHARSET_PRINTABLE);
    CU_ASSERT_EQUAL(v->code_max, 64);
    CU_ASSERT_EQUAL(v->key_types, PV_KEY_ANY);
    CU_ASSERT(v->days[PV_ROLE_VCERT] > 0);
}

static void test_names(void)
{
    char buf[256], tiny[16];

    CU_ASSERT_EQUAL_FATAL(pv_profiles_names(NULL, buf, sizeof(buf)), 1);
    CU_ASSERT_STRING_EQUAL(buf, "cumulocity azure-dps azure-iothub aws-iot huawei-iotda "
                                "alibaba-iot generic-signature generic-vcert");
    CU_ASSERT_EQUAL(pv_profiles_names(NULL, tiny, sizeof(tiny)), 0);
}

static void test_describe(void)
{
    char buf[16384], tiny[8];
    size_t i;

    CU_ASSERT_EQUAL_FATAL(pv_profile_describe(find("cumulocity"), buf, sizeof(buf)), 1);
    FX_ASSERT_HAS(buf, "style: signature");
    FX_ASSERT_HAS(buf, "digest: ");
    FX_ASSERT_HAS(buf, "256");
    FX_ASSERT_HAS(buf, "Cumulocity");
    CU_ASSERT_EQUAL_FATAL(pv_profile_describe(find("aws-iot"), buf, sizeof(buf)), 1);
    FX_ASSERT_HAS(buf, "style: vcert");
    FX_ASSERT_HAS(buf, "64");
    FX_ASSERT_HAS(buf, "AWS");
    for (i = 0; i < PV_NBUILTIN; i++) {
        CU_ASSERT_EQUAL(pv_profile_describe(pv_profile_builtin_at(i), buf, sizeof(buf)),
                        1);
        FX_ASSERT_HAS(buf, ": ");
        CU_ASSERT_PTR_NOT_NULL(strchr(buf, '\n'));
    }
    /* every field of a built-in says its source or that it is popverify's default */
    CU_ASSERT_EQUAL_FATAL(pv_profile_describe(find("azure-dps"), buf, sizeof(buf)), 1);
    FX_ASSERT_HAS(buf, "id_chars: A-Za-z0-9-._:  (built-in; source: Azure DPS docs, "
                       "articles/iot-dps/concepts-service.md, Registration ID)");
    FX_ASSERT_HAS(buf, "max_chain: 10  (built-in; popverify default)");
    FX_ASSERT_HAS(buf, "id_last_chars: A-Za-z0-9-  (built-in; source: ");
    CU_ASSERT_EQUAL_FATAL(pv_profile_describe(find("cumulocity"), buf, sizeof(buf)), 1);
    FX_ASSERT_HAS(buf, "id_last_chars: any  (built-in; popverify default)");
    CU_ASSERT_EQUAL(pv_profile_describe(find("cumulocity"), tiny, sizeof(tiny)), 0);
}

static void test_lookup(void)
{
    fx_reset();
    CU_ASSERT_PTR_EQUAL(pv_profile_lookup(fx_env(), "aws-iot"),
                        pv_profile_find("aws-iot"));
    CU_ASSERT_EQUAL(fx_errors(), 0);
    /* An unknown name is an error that lists the names that exist. */
    CU_ASSERT_PTR_NULL(pv_profile_lookup(fx_env(), "azure"));
    FX_ASSERT_ERROR(POPVERIFY_R_UNKNOWN_PROFILE);
    FX_ASSERT_MSG_HAS("'azure'");
    FX_ASSERT_MSG_HAS("azure-dps azure-iothub");
    fx_reset();
    CU_ASSERT_PTR_NULL(pv_profile_lookup(fx_env(), NULL));
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    FX_ASSERT_MSG_HAS("cumulocity");
}

int fx_suite_profile(void)
{
    static const FX_TEST tests[] = {{"eight built-ins in order", test_all_builtins},
                                    {"unknown names", test_unknown},
                                    {"cumulocity", test_cumulocity},
                                    {"azure-dps, azure-iothub, aws-iot", test_azure_aws},
                                    {"huawei-iotda, alibaba-iot", test_huawei_alibaba},
                                    {"generic-signature, generic-vcert", test_generic},
                                    {"pv_profile_names", test_names},
                                    {"pv_profile_describe", test_describe},
                                    {"pv_profile_lookup", test_lookup},
                                    {NULL, NULL}};

    return fx_register("profile", NULL, NULL, tests);
}
