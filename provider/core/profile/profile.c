/*
 * profile.c - the built-in profiles: what each platform asks for and checks.
 * docs/platforms.md names the source of each rule.
 */
#include <stdio.h>
#include <string.h>
#include "profile.h"

#define PV_EXT_ROOT                                                                      \
    {                                                                                    \
        {{"basicConstraints", "critical, CA:TRUE"},                                      \
         {"keyUsage", "critical, keyCertSign, cRLSign"},                                 \
         {"subjectKeyIdentifier", "hash"},                                               \
         {"authorityKeyIdentifier", "keyid:always"}},                                    \
            4                                                                            \
    }
#define PV_EXT_INTERMEDIATE                                                              \
    {                                                                                    \
        {{"basicConstraints", "critical, CA:TRUE, pathlen:0"},                           \
         {"keyUsage", "critical, keyCertSign, cRLSign"},                                 \
         {"subjectKeyIdentifier", "hash"},                                               \
         {"authorityKeyIdentifier", "keyid:always"}},                                    \
            4                                                                            \
    }
#define PV_EXT_DEVICE                                                                    \
    {                                                                                    \
        {{"basicConstraints", "critical, CA:FALSE"},                                     \
         {"keyUsage", "critical, digitalSignature"},                                     \
         {"extendedKeyUsage", "clientAuth"},                                             \
         {"subjectKeyIdentifier", "hash"},                                               \
         {"authorityKeyIdentifier", "keyid"}},                                           \
            5                                                                            \
    }
#define PV_EXT_VCERT                                                                     \
    {                                                                                    \
        {{"basicConstraints", "critical, CA:FALSE"},                                     \
         {"keyUsage", "critical, digitalSignature"},                                     \
         {"subjectKeyIdentifier", "hash"},                                               \
         {"authorityKeyIdentifier", "keyid"}},                                           \
            4                                                                            \
    }
#define PV_EXT_ALL                                                                       \
    {                                                                                    \
        PV_EXT_ROOT, PV_EXT_INTERMEDIATE, PV_EXT_DEVICE, PV_EXT_VCERT                    \
    }
#define PV_DAYS                                                                          \
    {                                                                                    \
        3650, 1825, 365, 30                                                              \
    }
/* What the verification-certificate platforms share: the code in the CN, RSA/EC CAs. */
#define PV_VCERT_BASE(set, min, max)                                                     \
    .kind = PV_KIND_VCERT, .digest = "SHA256", .charset = (set), .code_min = (min),      \
    .code_max = (max), .days = PV_DAYS, .extensions = PV_EXT_ALL, .min_rsa_bits = 2048,  \
    .require_ca = 1
#define PV_VCERT_PLATFORM(set, min, max)                                                 \
    PV_VCERT_BASE(set, min, max), .key_types = PV_KEY_RSA | PV_KEY_EC, .id_min = 1,      \
                                  .id_max = 64

static const PV_PROFILE pv_builtin_profiles[] = {
    {.name = "cumulocity",
     .platform = "Cumulocity",
     .description = "signed verification code for a trusted certificate "
                    "(proofOfPossessionSignedVerificationCode)",
     .kind = PV_KIND_SIGNATURE,
     .digest = "SHA256",
     .encoding = PV_ENC_BASE64,
     .charset = PV_CHARSET_PRINTABLE,
     .code_min = 1,
     .code_max = 512,
     .days = PV_DAYS,
     .extensions = PV_EXT_ALL,
     .key_types = PV_KEY_CLASSIC,
     .min_rsa_bits = 2048,
     .require_ca = 1,
     .id_chars = "!-9;-~", /* the MQTT client id, which must not contain ':' */
     .id_min = 1,
     .id_max = 64,
     .max_chain = 10},
    {.name = "azure-dps",
     .platform = "Azure IoT Hub Device Provisioning Service",
     .description =
         "verification certificate for a DPS CA certificate (CN = verification "
         "code)",
     PV_VCERT_PLATFORM(PV_CHARSET_HEX, 40, 48),
     /* registration id: case-insensitive alphanumerics and - . _ :, ending in one or - */
     .id_chars = "A-Za-z0-9-._:",
     .id_last_chars = "A-Za-z0-9-",
     .max_chain = 10},
    {.name = "azure-iothub",
     .platform = "Azure IoT Hub",
     .description = "verification certificate for an IoT Hub CA certificate (CN = "
                    "verification code)",
     PV_VCERT_PLATFORM(PV_CHARSET_HEX, 40, 48),
     .id_chars = "A-Za-z0-9-.%_*?!(),:=@$'", /* device id characters */
     .max_chain = 10},
    {.name = "aws-iot",
     .platform = "AWS IoT Core",
     .description = "verification certificate for registering a CA in DEFAULT mode (CN = "
                    "registration code)",
     PV_VCERT_PLATFORM(PV_CHARSET_HEX_0X, 64, 64), /* (0x)?[a-fA-F0-9]+, 64 long */
     .id_chars = "A-Za-z0-9:_-",                   /* thing name characters */
     .max_chain = 5},
    {.name = "huawei-iotda",
     .platform = "Huawei Cloud IoTDA",
     .description = "verification certificate for an IoTDA device CA certificate (CN = "
                    "verify_code)",
     /* verify_code: up to 256 characters by the API, a UUID in its example; a CN holds 64
      */
     PV_VCERT_PLATFORM(PV_CHARSET_PRINTABLE, 1, 64),
     .id_chars = "A-Za-z0-9_-", /* node_id characters */
     .max_chain = 10},
    {.name = "alibaba-iot",
     .platform = "Alibaba Cloud IoT Platform",
     .description = "verification certificate for a private CA certificate (CN = "
                    "registration code)",
     PV_VCERT_BASE(PV_CHARSET_PRINTABLE, 1, 64),
     .key_types = PV_KEY_RSA, /* private CAs: device certificates signed with RSA only */
     .id_chars = "A-Za-z0-9-_@.:", /* DeviceName characters, 4 to 32 of them */
     .id_min = 4,
     .id_max = 32,
     .max_chain = 10},
    {.name = "generic-signature",
     .platform = "generic",
     .description = "base64 SHA-256 signature over any printable code",
     .kind = PV_KIND_SIGNATURE,
     .digest = "SHA256",
     .encoding = PV_ENC_BASE64,
     .charset = PV_CHARSET_PRINTABLE,
     .code_min = 1,
     .code_max = 512,
     .days = PV_DAYS,
     .extensions = PV_EXT_ALL,
     .key_types = PV_KEY_ANY,
     .min_rsa_bits = 2048,
     .id_chars = "!-~",
     .id_min = 1,
     .id_max = 64,
     .max_chain = 10},
    {.name = "generic-vcert",
     .platform = "generic",
     .description = "verification certificate with CN = any printable code",
     .kind = PV_KIND_VCERT,
     .digest = "SHA256",
     .charset = PV_CHARSET_PRINTABLE,
     .code_min = 1,
     .code_max = 64,
     .days = PV_DAYS,
     .extensions = PV_EXT_ALL,
     .key_types = PV_KEY_ANY,
     .min_rsa_bits = 2048,
     .id_chars = "!-~",
     .id_min = 1,
     .id_max = 64,
     .max_chain = 10},
};

#define PV_BUILTIN_COUNT (sizeof(pv_builtin_profiles) / sizeof(pv_builtin_profiles[0]))

static const char *const pv_field_names[PV_F_COUNT] = {"style",
                                                       "platform",
                                                       "description",
                                                       "digest",
                                                       "encoding",
                                                       "code_charset",
                                                       "code_min",
                                                       "code_max",
                                                       "root_days",
                                                       "intermediate_days",
                                                       "device_days",
                                                       "vcert_days",
                                                       "root_extensions",
                                                       "intermediate_extensions",
                                                       "device_extensions",
                                                       "vcert_extensions",
                                                       "key_types",
                                                       "min_rsa_bits",
                                                       "ec_curves",
                                                       "require_ca",
                                                       "id_chars",
                                                       "id_last_chars",
                                                       "id_min",
                                                       "id_max",
                                                       "max_chain",
                                                       "ca_cert",
                                                       "ca_key"};

static const char *const pv_role_names[PV_ROLE_COUNT] = {"root", "intermediate", "device",
                                                         "vcert"};

size_t pv_profile_builtin_count(void)
{
    return PV_BUILTIN_COUNT;
}

const PV_PROFILE *pv_profile_builtin_at(size_t i)
{
    return i < PV_BUILTIN_COUNT ? &pv_builtin_profiles[i] : NULL;
}

const PV_PROFILE *pv_profile_find(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < PV_BUILTIN_COUNT; i++)
        if (strcmp(pv_builtin_profiles[i].name, name) == 0)
            return &pv_builtin_profiles[i];
    return NULL;
}

const char *pv_profile_field_name(PV_FIELD field)
{
    return field < PV_F_COUNT ? pv_field_names[field] : NULL;
}

int pv_profile_field_by_name(const char *name)
{
    int i;

    for (i = 0; name != NULL && i < PV_F_COUNT; i++)
        if (strcmp(pv_field_names[i], name) == 0)
            return i;
    return -1;
}

const char *pv_role_name(PV_ROLE role)
{
    return role < PV_ROLE_COUNT ? pv_role_names[role] : "?";
}
