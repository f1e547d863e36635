/*
 * profile.c - the built-in profiles: what each platform asks for and checks.
 * docs/platforms.md names the source of each rule.
 */
#include <stdio.h>
#include <string.h>
#include "popverify.h"
#include "env.h"
#include "profile.h"

static const PV_PROFILE pv_builtin_profiles[] = {
    {"cumulocity", "Cumulocity",
     "signed verification code for a trusted certificate (proofOfPossession"
     "SignedVerificationCode)",
     PV_KIND_SIGNATURE, "SHA256", PV_ENC_BASE64, PV_CHARSET_PRINTABLE, 1, 512, 0,
     PV_KEY_ANY, 2048, 1},
    {"azure-dps", "Azure IoT Hub Device Provisioning Service",
     "verification certificate for a DPS CA certificate (CN = verification code)",
     PV_KIND_VCERT, "SHA256", PV_ENC_BASE64, PV_CHARSET_HEX, 40, 48, 30,
     PV_KEY_RSA | PV_KEY_EC, 2048, 1},
    {"azure-iothub", "Azure IoT Hub",
     "verification certificate for an IoT Hub CA certificate (CN = verification code)",
     PV_KIND_VCERT, "SHA256", PV_ENC_BASE64, PV_CHARSET_HEX, 40, 48, 30,
     PV_KEY_RSA | PV_KEY_EC, 2048, 1},
    {"aws-iot", "AWS IoT Core",
     "verification certificate for registering a CA in DEFAULT mode (CN = "
     "registration code)",
     PV_KIND_VCERT, "SHA256", PV_ENC_BASE64, PV_CHARSET_HEX, 64, 64, 30,
     PV_KEY_RSA | PV_KEY_EC, 2048, 1},
    {"generic-signature", "generic", "base64 SHA-256 signature over any printable code",
     PV_KIND_SIGNATURE, "SHA256", PV_ENC_BASE64, PV_CHARSET_PRINTABLE, 1, 512, 0,
     PV_KEY_ANY, 2048, 0},
    {"generic-vcert", "generic", "verification certificate with CN = any printable code",
     PV_KIND_VCERT, "SHA256", PV_ENC_BASE64, PV_CHARSET_PRINTABLE, 1, 64, 30, PV_KEY_ANY,
     2048, 0},
};

#define PV_BUILTIN_COUNT (sizeof(pv_builtin_profiles) / sizeof(pv_builtin_profiles[0]))

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

const PV_PROFILE *pv_profile_lookup(const PV_ENV *env, const char *name)
{
    const PV_PROFILE *profile = pv_profile_find(name);
    char names[256];

    if (profile != NULL)
        return profile;
    if (!pv_profile_names(names, sizeof(names)))
        names[0] = '\0';
    if (name == NULL)
        pv_raise(env, POPVERIFY_R_USAGE, "no profile was given; known profiles: %s",
                 names);
    else
        pv_raise(env, POPVERIFY_R_UNKNOWN_PROFILE,
                 "unknown profile '%s'; known profiles: %s", name, names);
    return NULL;
}

int pv_profile_names(char *buf, size_t buflen)
{
    size_t i, used = 0;

    if (buflen == 0)
        return 0;
    buf[0] = '\0';
    for (i = 0; i < PV_BUILTIN_COUNT; i++) {
        int n = snprintf(buf + used, buflen - used, "%s%s", i ? " " : "",
                         pv_builtin_profiles[i].name);
        if (n < 0 || (size_t)n >= buflen - used)
            return 0;
        used += (size_t)n;
    }
    return 1;
}

static void pv_key_types_text(unsigned types, int min_rsa, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s%s", types & PV_KEY_RSA ? "RSA" : "",
             types & PV_KEY_EC ? " EC" : "", types & PV_KEY_ED25519 ? " Ed25519" : "");
    if (types & PV_KEY_RSA) {
        size_t used = strlen(out);
        snprintf(out + used, outlen - used, " (RSA at least %d bits)", min_rsa);
    }
}

int pv_profile_describe(const PV_PROFILE *p, char *buf, size_t buflen)
{
    char keys[96], days[32] = "";
    int n;

    pv_key_types_text(p->key_types, p->min_rsa_bits, keys, sizeof(keys));
    if (p->kind == PV_KIND_VCERT)
        snprintf(days, sizeof(days), "vcert_days: %d\n", p->vcert_days);
    n = snprintf(buf, buflen,
                 "name: %s\nplatform: %s\ndescription: %s\nkind: %s\ndigest: %s\n"
                 "%s%s%scode: %s, %zu to %zu characters\nkey_types: %s\n"
                 "require_ca: %s\n",
                 p->name, p->platform, p->description,
                 p->kind == PV_KIND_SIGNATURE ? "signature" : "vcert", p->digest,
                 p->kind == PV_KIND_SIGNATURE ? "encoding: " : "",
                 p->kind == PV_KIND_SIGNATURE
                     ? (p->encoding == PV_ENC_BASE64 ? "base64\n" : "raw\n")
                     : "",
                 days, p->charset == PV_CHARSET_HEX ? "hexadecimal" : "printable ASCII",
                 p->code_min, p->code_max, keys + (keys[0] == ' '),
                 p->require_ca ? "yes" : "no");
    return n >= 0 && (size_t)n < buflen;
}
