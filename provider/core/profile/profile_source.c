/*
 * profile_source.c - the public source of each built-in rule: the platform's
 * document and section, or its API reference entry. A field with no entry
 * here is popverify's own default, and a refusal by it says so and how to
 * relax it. docs/platforms.md lists the same sources.
 */
#include <stdio.h>
#include <string.h>
#include "profile.h"

typedef struct pv_source_st {
    const char *profile;
    PV_FIELD field;
    const char *source;
} PV_SOURCE;

#define PV_CN64 "RFC 5280 Appendix A, ub-common-name: a CN holds at most 64 characters"
#define PV_C8Y_DEVCERT                                                                   \
    "Cumulocity docs, Device integration > Device certificates: uploaded certificates "  \
    "are X.509 v3 with BasicConstraints:[CA:true]"
#define PV_C8Y_HINT                                                                      \
    "Cumulocity UI, Trusted certificates > Proof of possession: openssl dgst -sha256 "   \
    "-sign KEY CODE_FILE | openssl base64 -A"
#define PV_DPS_REGID                                                                     \
    "Azure DPS docs, articles/iot-dps/concepts-service.md, Registration ID"
#define PV_AWS_CODE "AWS IoT API Reference, GetRegistrationCode, registrationCode"
#define PV_AWS_CERTS                                                                     \
    "AWS IoT Core Developer Guide, X.509 client certificates (x509-client-certs.html)"
#define PV_HW_VERIFY                                                                     \
    "Huawei Cloud IoTDA API Reference, Verify a Device CA Certificate "                  \
    "(CheckCertificate)"
#define PV_ALI_CA "Alibaba Cloud IoT Platform docs, Manage CA certificates"

static const PV_SOURCE pv_sources[] = {
    {"cumulocity", PV_F_STYLE,
     "Cumulocity REST API, Trusted certificates: POST /tenant/tenants/{tenantId}/"
     "trusted-certificates-pop/{fingerprint}/pop "
     "(proofOfPossessionSignedVerificationCode)"},
    {"cumulocity", PV_F_DIGEST, PV_C8Y_HINT},
    {"cumulocity", PV_F_ENCODING, PV_C8Y_HINT},
    {"cumulocity", PV_F_ROOT_EXTENSIONS, PV_C8Y_DEVCERT},
    {"cumulocity", PV_F_INTERMEDIATE_EXTENSIONS,
     "Cumulocity docs, Device certificates, Introduction to X.509 certificates: every "
     "certificate that signs another contains CA:TRUE"},
    {"cumulocity", PV_F_REQUIRE_CA, PV_C8Y_DEVCERT},
    {"cumulocity", PV_F_ID_CHARS,
     "Cumulocity docs, Device certificates: the common name should not contain ':' "
     "(MQTT ClientId)"},
    {"cumulocity", PV_F_ID_MAX, PV_CN64},

    {"azure-dps", PV_F_STYLE,
     "Azure DPS REST API, Dps Certificate: Generate Verification Code, Verify "
     "Certificate"},
    {"azure-dps", PV_F_ID_CHARS, PV_DPS_REGID},
    {"azure-dps", PV_F_ID_LAST_CHARS, PV_DPS_REGID},
    {"azure-dps", PV_F_ID_MAX,
     PV_DPS_REGID " (up to 128, but 64 as the CN of an X.509 certificate)"},

    {"azure-iothub", PV_F_STYLE,
     "Azure IoT Hub REST API, Certificates: Generate Verification Code, Verify; "
     "articles/iot-hub/reference-x509-certificates.md"},
    {"azure-iothub", PV_F_ID_CHARS,
     "Azure IoT Hub docs, articles/iot-hub/iot-hub-devguide-identity-registry.md, Device "
     "identity properties (deviceId)"},
    {"azure-iothub", PV_F_ID_MAX, PV_CN64 " (a deviceId may have up to 128)"},

    {"aws-iot", PV_F_STYLE,
     "AWS IoT API Reference, RegisterCACertificate (verificationCertificate, "
     "certificateMode DEFAULT)"},
    {"aws-iot", PV_F_CODE_CHARSET, PV_AWS_CODE ": Pattern (0x)?[a-fA-F0-9]+"},
    {"aws-iot", PV_F_CODE_MIN, PV_AWS_CODE ": Fixed length of 64"},
    {"aws-iot", PV_F_CODE_MAX, PV_AWS_CODE ": Fixed length of 64"},
    {"aws-iot", PV_F_KEY_TYPES,
     PV_AWS_CERTS
     ": signing algorithms SHA256/384/512WITHRSA, ECDSA-WITH-SHA256/384/512"},
    {"aws-iot", PV_F_MIN_RSA_BITS, PV_AWS_CERTS ": RSA keys of at least 2048 bits"},
    {"aws-iot", PV_F_ID_CHARS,
     "AWS IoT API Reference, CreateThing, thingName: Pattern "
     "[a-zA-Z0-9:_-]+"},
    {"aws-iot", PV_F_ID_MAX, PV_CN64 " (a thingName may have up to 128)"},

    {"huawei-iotda", PV_F_STYLE,
     PV_HW_VERIFY ": POST /v5/iot/{project_id}/certificates/{certificate_id}/"
                  "action?action_id=verify, body verify_content"},
    {"huawei-iotda", PV_F_CODE_MAX,
     "Huawei IoTDP API Reference, Generate a CA certificate verification code: "
     "verify_code up to 256; " PV_CN64},
    {"huawei-iotda", PV_F_ID_CHARS,
     "Huawei Cloud IoTDA API Reference, Create a Device (AddDevice), node_id: letters, "
     "digits, _ and -"},
    {"huawei-iotda", PV_F_ID_MAX,
     "Huawei Cloud IoTDA API Reference, Create a Device (AddDevice), node_id: up to 64"},

    {"alibaba-iot", PV_F_STYLE,
     PV_ALI_CA ": Register a CA certificate (upload a validation certificate made with "
               "the CA's private key, CN = registration code)"},
    {"alibaba-iot", PV_F_KEY_TYPES,
     PV_ALI_CA ", Limits: private CA certificates support only device certificates that "
               "are signed by using the RSA algorithm"},
    {"alibaba-iot", PV_F_ID_CHARS,
     "Alibaba Cloud IoT Platform API Reference, RegisterDevice, DeviceName: letters, "
     "digits, - _ @ . :"},
    {"alibaba-iot", PV_F_ID_MIN,
     "Alibaba Cloud IoT Platform API Reference, RegisterDevice, DeviceName: 4 to 32"},
    {"alibaba-iot", PV_F_ID_MAX,
     "Alibaba Cloud IoT Platform API Reference, RegisterDevice, DeviceName: 4 to 32"},

    {"generic-vcert", PV_F_CODE_MAX, PV_CN64},
    {"generic-signature", PV_F_ID_MAX, PV_CN64},
    {"generic-vcert", PV_F_ID_MAX, PV_CN64},
};

#define PV_SOURCE_COUNT (sizeof(pv_sources) / sizeof(pv_sources[0]))

const PV_PROFILE *pv_profile_builtin_origin(const PV_PROFILE *p, PV_FIELD f)
{
    if (f >= PV_F_COUNT || p->from_config[f])
        return NULL;
    return pv_profile_find(p->origin[f] != NULL ? p->origin[f] : p->name);
}

const char *pv_profile_source(const PV_PROFILE *p, PV_FIELD f)
{
    const PV_PROFILE *builtin = pv_profile_builtin_origin(p, f);
    size_t i;

    for (i = 0; builtin != NULL && i < PV_SOURCE_COUNT; i++)
        if (pv_sources[i].field == f && strcmp(pv_sources[i].profile, builtin->name) == 0)
            return pv_sources[i].source;
    return NULL;
}

int pv_profile_is_default(const PV_PROFILE *p, PV_FIELD f)
{
    return pv_profile_builtin_origin(p, f) != NULL && pv_profile_source(p, f) == NULL;
}

void pv_profile_default_note(const PV_PROFILE *p, PV_FIELD f, const char *hint, char *out,
                             size_t outlen)
{
    const PV_PROFILE *builtin = pv_profile_builtin_origin(p, f);
    const char *field = pv_profile_field_name(f);

    out[0] = '\0';
    if (builtin == NULL || pv_profile_source(p, f) != NULL)
        return;
    if (builtin == p) /* the built-in profile itself */
        snprintf(out, outlen,
                 "; %s is popverify's default for %s, not a published %s rule: to relax "
                 "it, define a profile in your config with base = %s and %s = %s",
                 field, p->name, p->platform, p->name, field, hint);
    else
        snprintf(out, outlen,
                 "; %s (inherited from %s) is popverify's default, not a published %s "
                 "rule: to relax it, set %s = %s in profile %s",
                 field, builtin->name, builtin->platform, field, hint, p->name);
}
