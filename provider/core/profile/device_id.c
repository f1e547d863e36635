/*
 * device_id.c - a device id is the CN the platform matches (MQTT client id,
 * registration id, thing name): refused before anything is generated when
 * the profile's platform would refuse it.
 */
#include <stdio.h>
#include <string.h>
#include "popverify.h"
#include "device_id.h"

int pv_id_char_allowed(const char *chars, unsigned char c)
{
    const unsigned char *p = (const unsigned char *)chars;

    while (*p != '\0') {
        if (p[1] == '-' && p[2] != '\0') {
            if (c >= p[0] && c <= p[2])
                return 1;
            p += 3;
            continue;
        }
        if (c == *p)
            return 1;
        p++;
    }
    return 0;
}

/* 'x' for printable ASCII, \xNN for anything else. */
static void pv_show_char(unsigned char c, char *out, size_t outlen)
{
    if (c >= 0x20 && c < 0x7F)
        snprintf(out, outlen, "'%c'", c);
    else
        snprintf(out, outlen, "byte \\x%02X", c);
}

static int pv_check_id_length(const PV_ENV *env, const PV_PROFILE *profile,
                              const char *id, size_t len)
{
    if (len >= profile->id_min && len <= profile->id_max)
        return 1;
    pv_raise(env, POPVERIFY_R_BAD_ID,
             "device id '%.80s%s' is %zu characters long; profile %s takes %zu to %zu "
             "(the platform's limit for a device id)",
             id, len > 80 ? "..." : "", len, profile->name, profile->id_min,
             profile->id_max);
    return 0;
}

int pv_check_device_id(const PV_ENV *env, const PV_PROFILE *profile, const char *id)
{
    char shown[16];
    size_t i, len;

    if (id == NULL || *id == '\0') {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "no device id was given; a device certificate's CN is its device id");
        return 0;
    }
    len = strlen(id);
    if (!pv_check_id_length(env, profile, id, len))
        return 0;
    for (i = 0; i < len; i++) {
        if (pv_id_char_allowed(profile->id_chars, (unsigned char)id[i]))
            continue;
        pv_show_char((unsigned char)id[i], shown, sizeof(shown));
        pv_raise(env, POPVERIFY_R_BAD_ID,
                 "device id '%.80s': %s at offset %zu is not allowed by profile %s "
                 "(allowed characters: %s, where x-y is a range); choose an id "
                 "without it",
                 id, shown, i, profile->name, profile->id_chars);
        return 0;
    }
    return 1;
}
