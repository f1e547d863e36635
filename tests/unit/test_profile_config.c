/*
 * test_profile_config.c - profiles read from config values: inheritance,
 * overrides and origins, extension sections, and every way a profile can
 * fail to load (with the field named in the message).
 */
#include <string.h>
#include <CUnit/CUnit.h>
#include <popverify.h>
#include "fixture.h"
#include "profiles.h"
#include "suites.h"

/* A config as the core hands it over: dotted names and their values. */
typedef struct {
    const char *name;
    const char *value;
} FX_CONF;

static const char *conf_get(void *arg, const char *name)
{
    const FX_CONF *c;

    for (c = arg; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c->value;
    return NULL;
}

static PV_PROFILES *load(const FX_CONF *conf)
{
    PV_PROFILES *set = pv_profiles_new();

    CU_ASSERT_PTR_NOT_NULL_FATAL(set);
    CU_ASSERT_EQUAL(pv_profiles_configure(set, conf_get, (void *)conf), 1);
    return set;
}

static const FX_CONF acme[] = {
    {"profiles", "acme_c8y acme_child"},
    {"acme_c8y.base", "cumulocity"},
    {"acme_c8y.device_days", "90"},
    {"acme_c8y.device_extensions.basicConstraints", "critical, CA:FALSE"},
    {"acme_c8y.device_extensions.keyUsage", "critical, digitalSignature"},
    {"acme_c8y.device_extensions.extendedKeyUsage", "clientAuth"},
    {"acme_c8y.ca_cert", "/etc/acme/root.pem"},
    {"acme_child.base", "acme_c8y"},
    {"acme_child.vcert_days", "7"},
    {"acme_child.digest", "sha-384"},
    {"acme_child.key_types", "rsa, ec"},
    {"acme_child.min_rsa_bits", "3072"},
    {NULL, NULL}};

static void test_inherit_and_override(void)
{
    PV_PROFILES *set = load(acme);
    const PV_PROFILE *c8y = pv_profile_find("cumulocity");
    const PV_PROFILE *p = pv_profiles_find(set, "acme_c8y");
    const PV_PROFILE *child = pv_profiles_find(set, "acme_child");

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(child);
    CU_ASSERT_EQUAL(pv_profiles_count(set), pv_profile_builtin_count() + 2);
    /* overridden */
    CU_ASSERT_EQUAL(p->days[PV_ROLE_DEVICE], 90);
    /* the three lines, plus the key identifiers openssl x509 -req would add */
    CU_ASSERT_EQUAL(p->extensions[PV_ROLE_DEVICE].count, 5);
    CU_ASSERT_STRING_EQUAL(p->extensions[PV_ROLE_DEVICE].item[3].name,
                           "subjectKeyIdentifier");
    CU_ASSERT_STRING_EQUAL(p->extensions[PV_ROLE_DEVICE].item[4].value, "keyid, issuer");
    CU_ASSERT_STRING_EQUAL(p->ca_cert, "/etc/acme/root.pem");
    /* inherited from the built-in */
    CU_ASSERT_EQUAL(p->kind, c8y->kind);
    CU_ASSERT_EQUAL(p->days[PV_ROLE_ROOT], c8y->days[PV_ROLE_ROOT]);
    CU_ASSERT_EQUAL(p->extensions[PV_ROLE_ROOT].count,
                    c8y->extensions[PV_ROLE_ROOT].count);
    CU_ASSERT_STRING_EQUAL(p->base, "cumulocity");
    /* two levels: the child's own values, its parent's, the built-in's */
    CU_ASSERT_EQUAL(child->days[PV_ROLE_VCERT], 7);
    CU_ASSERT_EQUAL(child->days[PV_ROLE_DEVICE], 90);
    CU_ASSERT_STRING_EQUAL(child->digest, "SHA384");
    CU_ASSERT_EQUAL(child->key_types, PV_KEY_RSA | PV_KEY_EC);
    CU_ASSERT_EQUAL(child->min_rsa_bits, 3072);
    CU_ASSERT_EQUAL(child->code_max, c8y->code_max);
    pv_profiles_free(set);
}

static void test_origins(void)
{
    PV_PROFILES *set = load(acme);
    const PV_PROFILE *child = pv_profiles_find(set, "acme_child");
    char buf[16384];

    CU_ASSERT_PTR_NOT_NULL_FATAL(child);
    CU_ASSERT_EQUAL_FATAL(pv_profile_describe(child, buf, sizeof(buf)), 1);
    FX_ASSERT_HAS(buf, "vcert_days: 7  (config)");
    FX_ASSERT_HAS(buf, "device_days: 90  (config of acme_c8y, via base)");
    FX_ASSERT_HAS(buf,
                  "root_days: 3650  (built-in cumulocity, via base; popverify default)");
    FX_ASSERT_HAS(buf,
                  "require_ca: yes  (built-in cumulocity, via base; source: Cumulocity");
    FX_ASSERT_HAS(buf, "base: acme_c8y");
    pv_profiles_free(set);
}

static void test_lookup_through_env(void)
{
    PV_PROFILES *set = load(acme);
    PV_ENV env = *fx_env();

    env.profiles = set;
    fx_reset();
    CU_ASSERT_PTR_NOT_NULL(pv_profile_lookup(&env, "acme_child"));
    CU_ASSERT_PTR_NOT_NULL(pv_profile_lookup(&env, "aws-iot"));
    CU_ASSERT_PTR_NULL(pv_profile_lookup(&env, "acme"));
    FX_ASSERT_ERROR(POPVERIFY_R_UNKNOWN_PROFILE);
    FX_ASSERT_MSG_HAS("acme_child");
    pv_profiles_free(set);
}

/* profile "bad" fails to load, its error naming what; "good" still loads. */
static void expect_broken(const FX_CONF *conf, const char *needle)
{
    PV_PROFILES *set = load(conf);
    const char *why = pv_profiles_error(set, "bad");
    PV_ENV env = *fx_env();

    CU_ASSERT_PTR_NULL(pv_profiles_find(set, "bad"));
    CU_ASSERT_PTR_NOT_NULL(pv_profiles_find(set, "good"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(why);
    FX_ASSERT_HAS(why, "profile bad");
    FX_ASSERT_HAS(why, needle);
    env.profiles = set;
    fx_reset();
    CU_ASSERT_PTR_NULL(pv_profile_lookup(&env, "bad"));
    FX_ASSERT_ERROR(POPVERIFY_R_UNKNOWN_PROFILE);
    FX_ASSERT_MSG_HAS(needle);
    pv_profiles_free(set);
}

#define BAD(field, value, needle)                                                        \
    do {                                                                                 \
        const FX_CONF conf[] = {{"profiles", "good bad"},                                \
                                {"good.base", "aws-iot"},                                \
                                {"bad.base", "aws-iot"},                                 \
                                {"bad." field, value},                                   \
                                {NULL, NULL}};                                           \
        expect_broken(conf, needle);                                                     \
    } while (0)

static void test_bad_values(void)
{
    BAD("device_days", "ninety", "device_days = 'ninety'");
    BAD("device_days", "0", "from 1 to 36500");
    BAD("style", "certificate", "use signature or vcert");
    BAD("digest", "sha1", "refuse SHA-1");
    BAD("encoding", "hex", "use base64 or raw");
    BAD("code_charset", "alnum", "use hex, hex-0x or printable");
    BAD("key_types", "rsa dsa", "key_types = 'rsa dsa'");
    BAD("require_ca", "maybe", "use yes or no");
    BAD("min_rsa_bits", "1024", "from 2048");
    BAD("code_max", "100", "at most 64 characters"); /* a vcert profile's CN */
    BAD("code_min", "70", "larger than code_max");
    BAD("device_extensions", "missing_sect", "names no section");
    BAD("device_extensions.keyUsage", "critical, dance", "keyUsage = 'critical, dance'");
    BAD("device_extensions.nsComment", "hello", "Netscape extension");
    BAD("device_extensions.certificatePolicies", "2.23.140.1.2.1", "policy sections");
}

static void test_bad_structure(void)
{
    const FX_CONF no_base[] = {{"profiles", "good bad"},
                               {"good.base", "aws-iot"},
                               {"bad.device_days", "5"},
                               {NULL, NULL}};
    const FX_CONF unknown_base[] = {{"profiles", "good bad"},
                                    {"good.base", "aws-iot"},
                                    {"bad.base", "awsiot"},
                                    {NULL, NULL}};
    const FX_CONF builtin_name[] = {
        {"profiles", "good cumulocity"}, {"good.base", "aws-iot"}, {NULL, NULL}};
    const FX_CONF loop[] = {{"profiles", "good bad other"},
                            {"good.base", "aws-iot"},
                            {"bad.base", "other"},
                            {"other.base", "bad"},
                            {NULL, NULL}};
    PV_PROFILES *set;
    PV_ENV env = *fx_env();

    expect_broken(no_base, "has no base");
    expect_broken(unknown_base, "base = awsiot is not a known profile");
    expect_broken(loop, "loop");
    set = load(builtin_name);
    FX_ASSERT_HAS(pv_profiles_error(set, "cumulocity"), "built-in profile's");
    /* the built-in itself is untouched */
    CU_ASSERT_PTR_EQUAL(pv_profiles_find(set, "cumulocity"),
                        pv_profile_find("cumulocity"));
    /* but naming it says why the config's own is not used, not silently the built-in */
    env.profiles = set;
    fx_reset();
    CU_ASSERT_PTR_NULL(pv_profile_lookup(&env, "cumulocity"));
    FX_ASSERT_ERROR(POPVERIFY_R_UNKNOWN_PROFILE);
    FX_ASSERT_MSG_HAS("built-in profile's");
    pv_profiles_free(set);
}

static void test_reject_and_sections(void)
{
    PV_PROFILES *set = load(acme);

    CU_ASSERT_EQUAL(pv_profiles_set_section(set, "acme_c8y", "acme_c8y_sect"), 1);
    CU_ASSERT_STRING_EQUAL(pv_profiles_section(set, "acme_c8y"), "acme_c8y_sect");
    CU_ASSERT_EQUAL(pv_profiles_reject(set, "acme_c8y", "unknown field 'devce_days'"), 1);
    CU_ASSERT_PTR_NULL(pv_profiles_find(set, "acme_c8y"));
    FX_ASSERT_HAS(pv_profiles_error(set, "acme_c8y"), "devce_days");
    CU_ASSERT_EQUAL(pv_profiles_count(set), pv_profile_builtin_count() + 1);
    pv_profiles_free(set);
}

static void test_no_profiles_listed(void)
{
    const FX_CONF none[] = {{"acme.base", "cumulocity"}, {NULL, NULL}};
    PV_PROFILES *set = load(none);
    char names[1024];

    CU_ASSERT_EQUAL(pv_profiles_count(set), pv_profile_builtin_count());
    CU_ASSERT_EQUAL(pv_profiles_names(set, names, sizeof(names)), 1);
    FX_ASSERT_LACKS(names, "acme");
    pv_profiles_free(set);
}

int fx_suite_profile_config(void)
{
    static const FX_TEST tests[] = {
        {"inherit and override", test_inherit_and_override},
        {"origins in the description", test_origins},
        {"lookup through the environment", test_lookup_through_env},
        {"bad values name the field", test_bad_values},
        {"no base, unknown base, built-in name, loop", test_bad_structure},
        {"rejected profiles and sections", test_reject_and_sections},
        {"no profiles listed", test_no_profiles_listed},
        {NULL, NULL}};

    return fx_register("profile_config", NULL, NULL, tests);
}
