/*
 * lint_cn.c - the CN as the platform reads it: a device id made of the
 * profile's id characters (id_chars, id_min, id_max), or a verification
 * code of the profile's shape (code_charset, code_min, code_max) and
 * nothing else in the subject.
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

int pv_lint_cn_is_code(const PV_PROFILE *profile, const char *cn)
{
    size_t len = strlen(cn);
    int shape = profile->charset == PV_CHARSET_HEX ? pv_lint_is_hex(cn)
                                                   : pv_lint_is_printable(cn);

    return profile->kind == PV_KIND_VCERT && shape && len >= profile->code_min &&
           len <= profile->code_max;
}

static void pv_lint_device_id(PV_LINT *l, const char *cn)
{
    const PV_PROFILE *p = l->profile;
    size_t i, len = strlen(cn);
    char shown[PV_SHOW_MAX];

    pv_lint_show(cn, shown, sizeof(shown));
    if (len < p->id_min || len > p->id_max)
        pv_lint_find(
            l, "PV_DEVICE_ID_LENGTH", PV_LINT_ERROR,
            "the device id (CN) '%s' is %zu characters; profile %s allows %zu to "
            "%zu (id_min, id_max): issue the device with an id of that length",
            shown, len, p->name, p->id_min, p->id_max);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)cn[i];
        char what[16];

        if (pv_id_char_allowed(p->id_chars, c))
            continue;
        if (c >= 0x20 && c < 0x7f)
            snprintf(what, sizeof(what), "'%c'", c);
        else
            snprintf(what, sizeof(what), "byte 0x%02X", c);
        pv_lint_find(
            l, "PV_DEVICE_ID_CHARS", PV_LINT_ERROR,
            "the device id (CN) '%s' has %s at offset %zu, which profile %s does "
            "not allow (id_chars '%s'): issue the device with an id made of "
            "those characters",
            shown, what, i, p->name, p->id_chars);
        return;
    }
}

static void pv_lint_vcert_code(PV_LINT *l, const char *cn)
{
    const PV_PROFILE *p = l->profile;
    size_t len = strlen(cn);
    int hex = p->charset == PV_CHARSET_HEX;
    char shown[PV_SHOW_MAX];

    pv_lint_show(cn, shown, sizeof(shown));
    if (len < p->code_min || len > p->code_max)
        pv_lint_find(
            l, "PV_VCERT_CN_LENGTH", PV_LINT_ERROR,
            "the CN '%s' is %zu characters, but %s verification codes are %zu to "
            "%zu: copy the whole current code from the platform and make the "
            "verification certificate again",
            shown, len, p->platform, p->code_min, p->code_max);
    if (hex ? !pv_lint_is_hex(cn) : !pv_lint_is_printable(cn))
        pv_lint_find(l, "PV_VCERT_CN_CHARSET", PV_LINT_ERROR,
                     "the CN '%s' is not a verification code as %s issues them (%s): "
                     "copy the code exactly as the platform shows it and make the "
                     "verification certificate again",
                     shown, p->platform,
                     hex ? "hexadecimal digits only" : "printable ASCII only");
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
