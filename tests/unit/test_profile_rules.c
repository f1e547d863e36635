/*
 * test_profile_rules.c - the built-in rules as the platforms publish them:
 * Azure DPS registration ids, every field with a source or marked as
 * popverify's default, and refusals by a default saying how to relax them.
 */
#include <string.h>
#include <popverify.h>
#include "device_id.h"
#include "fixture.h"
#include "profile.h"
#include "suites.h"

static int id_ok(const char *profile, const char *id)
{
    const PV_PROFILE *p = pv_profile_find(profile);

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    fx_reset();
    return pv_check_device_id(fx_env(), p, id);
}

static void expect_id_bad(const char *profile, const char *id, const char *needle)
{
    CU_ASSERT_EQUAL(id_ok(profile, id), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_BAD_ID);
    FX_ASSERT_MSG_HAS(needle);
}

/* concepts-service.md, Registration ID: case-insensitive alphanumerics and - . _ : */
static void test_dps_registration_ids(void)
{
    static const char *const good[] = {"Sensor_01", "plant.7", "line:3", "device-01",
                                       "UPPER",     "a",       "ends-"};
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        CU_ASSERT_EQUAL(id_ok("azure-dps", good[i]), 1);
    /* the last character must be alphanumeric or '-' */
    expect_id_bad("azure-dps", "plant.", "last character");
    expect_id_bad("azure-dps", "Sensor_", "last character");
    expect_id_bad("azure-dps", "line:", "last character");
    expect_id_bad("azure-dps", "a b", "offset 1");
    expect_id_bad("azure-dps", "a#b", "offset 1");
    /* up to 128 for DPS, but the CN holds 64 */
    {
        char id[66];
        memset(id, 'a', 65);
        id[65] = '\0';
        expect_id_bad("azure-dps", id, "65 characters");
        id[64] = '\0';
        CU_ASSERT_EQUAL(id_ok("azure-dps", id), 1);
    }
    /* a published rule's refusal is not called popverify's default */
    CU_ASSERT_EQUAL(id_ok("azure-dps", "plant."), 0);
    CU_ASSERT_PTR_NULL(strstr(fx_msg(), "popverify's default"));
}

static void test_new_platform_ids(void)
{
    CU_ASSERT_EQUAL(id_ok("huawei-iotda", "node_01-a"), 1);
    expect_id_bad("huawei-iotda", "node.01", "offset 4");
    CU_ASSERT_EQUAL(id_ok("alibaba-iot", "dev@site.1:a"), 1);
    expect_id_bad("alibaba-iot", "abc", "4 to 32");
    expect_id_bad("alibaba-iot", "dev#1", "offset 3");
}

/* Every field of every built-in: a source, or popverify's default - never neither. */
static void test_sources(void)
{
    size_t i;
    int f, sourced = 0;

    for (i = 0; i < pv_profile_builtin_count(); i++) {
        const PV_PROFILE *p = pv_profile_builtin_at(i);
        for (f = 0; f < PV_F_COUNT; f++) {
            const char *src = pv_profile_source(p, (PV_FIELD)f);
            CU_ASSERT_EQUAL(src == NULL, pv_profile_is_default(p, (PV_FIELD)f));
            CU_ASSERT_PTR_EQUAL(pv_profile_builtin_origin(p, (PV_FIELD)f), p);
            if (src != NULL) {
                CU_ASSERT(strlen(src) > 10);
                CU_ASSERT_PTR_NULL(strstr(src, "  ")); /* "  (" ends a value */
                sourced++;
            }
        }
    }
    CU_ASSERT(sourced >= 30);
    CU_ASSERT_PTR_NOT_NULL(pv_profile_source(pv_profile_find("aws-iot"), PV_F_CODE_MAX));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(pv_profile_source(pv_profile_find("aws-iot"), PV_F_CODE_CHARSET),
               "(0x)?[a-fA-F0-9]+"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(pv_profile_source(pv_profile_find("alibaba-iot"), PV_F_KEY_TYPES), "RSA"));
    CU_ASSERT(pv_profile_is_default(pv_profile_find("azure-iothub"), PV_F_KEY_TYPES));
    CU_ASSERT(pv_profile_is_default(pv_profile_find("azure-iothub"), PV_F_MAX_CHAIN));
    CU_ASSERT(pv_profile_is_default(pv_profile_find("cumulocity"), PV_F_MIN_RSA_BITS));
}

static void test_default_note(void)
{
    const PV_PROFILE *hub = pv_profile_find("azure-iothub");
    PV_PROFILE child = *hub;
    char note[512];

    pv_profile_default_note(hub, PV_F_KEY_TYPES, "rsa ec ed25519", note, sizeof(note));
    FX_ASSERT_HAS(note, "popverify's default for azure-iothub");
    FX_ASSERT_HAS(note, "not a published Azure IoT Hub rule");
    FX_ASSERT_HAS(note, "base = azure-iothub and key_types = rsa ec ed25519");
    pv_profile_default_note(hub, PV_F_ID_CHARS, "x", note, sizeof(note));
    CU_ASSERT_STRING_EQUAL(note, ""); /* the identity registry publishes it */
    /* a config profile that inherits the default is told to change itself */
    child.name = "acme";
    child.origin[PV_F_KEY_TYPES] = "azure-iothub";
    pv_profile_default_note(&child, PV_F_KEY_TYPES, "rsa", note, sizeof(note));
    FX_ASSERT_HAS(note, "inherited from azure-iothub");
    FX_ASSERT_HAS(note, "in profile acme");
    child.from_config[PV_F_KEY_TYPES] = 1; /* the config's own value: its own rule */
    pv_profile_default_note(&child, PV_F_KEY_TYPES, "rsa", note, sizeof(note));
    CU_ASSERT_STRING_EQUAL(note, "");
    CU_ASSERT_PTR_NULL(pv_profile_source(&child, PV_F_KEY_TYPES));
}

int fx_suite_profile_rules(void)
{
    static const FX_TEST tests[] = {
        {"azure-dps registration ids", test_dps_registration_ids},
        {"huawei-iotda and alibaba-iot ids", test_new_platform_ids},
        {"a source or popverify default for every field", test_sources},
        {"the note of a popverify default", test_default_note},
        {NULL, NULL}};

    return fx_register("profile_rules", NULL, NULL, tests);
}
