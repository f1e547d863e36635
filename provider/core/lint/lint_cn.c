/*
 * lint_cn.c - the CN as the platform reads it: a device id made of the
 * profile's id characters (id_chars, id_last_chars, id_min, id_max), or a
 * verification code of the profile's shape (code_charset, code_min,
 * code_max) and nothing else in the subject.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include "device_id.h"
#include "lint_check.h"

#define PV_SHOW_MAX 160

static int pv_lint_is_hex(const char *s)
{
    for (; *s != '\0'; s++)
        if (!isxdigit((unsigned char)*s))
            return 0;
    return 1;
}

static int pv_lint_is_printable(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* The code alphabet of the profile: hex, hex after an optional 0x, or printable. */
static int pv_lint_code_shape(const PV_PROFILE *profile, const char *cn)
{
    if (profile->charset == PV_CHARSET_HEX_0X && strncmp(cn, "0x", 2) == 0 && cn[2])
        return pv_lint_is_hex(cn + 2);
    return profile->charset == PV_CHARSET_PRINTABLE ? pv_lint_is_printable(cn)
                                                    : pv_lint_is_hex(cn);
}

int pv_lint_cn_is_code(const PV_PROFILE *profile, const char *cn)
{
    size_t len = strlen(cn);
    int shape = pv_lint_code_shape(profile, cn);

    return profile->kind == PV_KIND_VCERT && shape && len >= profile->code_min &&
           len <= profile->code_max;
}

/*
 * MQTT 3.1 allowed client ids of 1 to 23 characters; 3.1.1 servers must take
 * those and may take longer ones, so a 3.1 client or an older broker may
 * refuse a device id of 24 or more used as the client id.
 */
static void pv_lint_mqtt31(PV_LINT *l, const char *shown, size_t len)
{
    if (len < 24)
        return;
    pv_lint_find(l, "PV_DEVICE_ID_MQTT31", PV_LINT_WARNING,
                 "the device id (CN) '%s' is %zu characters; where it is the MQTT client "
                 "id, MQTT 3.1 allows 1 to 23 and some brokers refuse longer ids: keep "
                 "ids at 23 or fewer if the devices connect with MQTT 3.1",
                 shown, len);
}

static void pv_lint_device_id(PV_LINT *l, const char *cn)
{
    const PV_PROFILE *p = l->profile;
    size_t at, len = strlen(cn);
    char shown[PV_SHOW_MAX], what[16], note[PV_MSG_MAX / 2];
    PV_FIELD rule;

    pv_lint_show(cn, shown, sizeof(shown));
    pv_lint_mqtt31(l, shown, len);
    if (len < p->id_min || len > p->id_max) {
        pv_profile_default_note(p, len < p->id_min ? PV_F_ID_MIN : PV_F_ID_MAX, "N", note,
                                sizeof(note));
        pv_lint_find(
            l, "PV_DEVICE_ID_LENGTH", PV_LINT_ERROR,
            "the device id (CN) '%s' is %zu character%s; profile %s allows %zu to "
            "%zu (id_min, id_max): issue the device with an id of that length%s",
            shown, len, PV_PLURAL(len), p->name, p->id_min, p->id_max, note);
    }
    if (!pv_device_id_offence(p, cn, &at, &rule))
        return;
    if ((unsigned char)cn[at] >= 0x20 && (unsigned char)cn[at] < 0x7f)
        snprintf(what, sizeof(what), "'%c'", cn[at]);
    else
        snprintf(what, sizeof(what), "byte 0x%02X", (unsigned char)cn[at]);
    pv_profile_default_note(p, rule, "CHARACTERS", note, sizeof(note));
    pv_lint_find(l, "PV_DEVICE_ID_CHARS", PV_LINT_ERROR,
                 "the device id (CN) '%s' has %s at offset %zu, which profile %s does "
                 "not allow%s (%s '%s'): issue the device with an id made of those "
                 "characters%s",
                 shown, what, at, p->name,
                 rule == PV_F_ID_LAST_CHARS ? " as the last character" : "",
                 pv_profile_field_name(rule),
                 rule == PV_F_ID_LAST_CHARS ? p->id_last_chars : p->id_chars, note);
}

static void pv_lint_vcert_code(PV_LINT *l, const char *cn)
{
    const PV_PROFILE *p = l->profile;
    size_t len = strlen(cn);
    int hex = p->charset != PV_CHARSET_PRINTABLE;
    char shown[PV_SHOW_MAX];

    pv_lint_show(cn, shown, sizeof(shown));
    if (len < p->code_min || len > p->code_max)
        pv_lint_find(
            l, "PV_VCERT_CN_LENGTH", PV_LINT_ERROR,
            "the CN '%s' is %zu character%s, but %s verification codes are %zu to "
            "%zu: copy the whole current code from the platform and make the "
            "verification certificate again",
            shown, len, PV_PLURAL(len), p->platform, p->code_min, p->code_max);
    if (!pv_lint_code_shape(p, cn))
        pv_lint_find(l, "PV_VCERT_CN_CHARSET", PV_LINT_ERROR,
                     "the CN '%s' is not a verification code as %s issues them (%s): "
                     "copy the code exactly as the platform shows it and make the "
                     "verification certificate again",
                     shown, p->platform,
                     p->charset == PV_CHARSET_HEX_0X
                         ? "hexadecimal digits after an optional 0x"
                     : hex ? "hexadecimal digits only"
                           : "printable ASCII only");
}

static void pv_lint_vcert_subject(PV_LINT *l)
{
    if (X509_NAME_entry_count(X509_get_subject_name(l->cert)) <= 1)
        return;
    pv_lint_find(l, "PV_VCERT_SUBJECT_EXTRA", PV_LINT_ERROR,
                 "the verification certificate's subject has more than the CN; it must "
                 "be exactly CN=<code>: make it again with popverify vcert");
}

void pv_lint_cn_rules(PV_LINT *l)
{
    char *cn;

    if (l->role != PV_ROLE_DEVICE && l->role != PV_ROLE_VCERT)
        return;
    if (l->role == PV_ROLE_VCERT)
        pv_lint_vcert_subject(l);
    if ((cn = pv_lint_cn(l->cert)) == NULL) {
        pv_lint_find(l, "PV_CN_MISSING", PV_LINT_ERROR,
                     "the %s certificate has no CN; the platform reads the %s from it: "
                     "reissue with subject CN=<%s>",
                     pv_role_name(l->role),
                     l->role == PV_ROLE_DEVICE ? "device id" : "verification code",
                     l->role == PV_ROLE_DEVICE ? "device id" : "code");
        return;
    }
    if (l->role == PV_ROLE_DEVICE)
        pv_lint_device_id(l, cn);
    else
        pv_lint_vcert_code(l, cn);
    OPENSSL_free(cn);
}
