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
    PV_FIELD field = len < profile->id_min ? PV_F_ID_MIN : PV_F_ID_MAX;
    char hint[32], note[PV_MSG_MAX / 2];

    if (len >= profile->id_min && len <= profile->id_max)
        return 1;
    snprintf(hint, sizeof(hint), "%zu", len);
    pv_profile_default_note(profile, field, hint, note, sizeof(note));
    pv_raise(env, POPVERIFY_R_BAD_ID,
             "device id '%.80s%s' is %zu character%s long; profile %s takes %zu to "
             "%zu (the platform's limit for a device id)%s",
             id, len > 80 ? "..." : "", len, PV_PLURAL(len), profile->name,
             profile->id_min, profile->id_max, note);
    return 0;
}

int pv_device_id_offence(const PV_PROFILE *profile, const char *id, size_t *at,
                         PV_FIELD *rule)
{
    size_t i, len = strlen(id);

    for (i = 0; i < len; i++) {
        if (!pv_id_char_allowed(profile->id_chars, (unsigned char)id[i])) {
            *at = i;
            *rule = PV_F_ID_CHARS;
            return 1;
        }
    }
    if (len > 0 && profile->id_last_chars != NULL && profile->id_last_chars[0] != '\0' &&
        !pv_id_char_allowed(profile->id_last_chars, (unsigned char)id[len - 1])) {
        *at = len - 1;
        *rule = PV_F_ID_LAST_CHARS;
        return 1;
    }
    return 0;
}

int pv_check_device_id(const PV_ENV *env, const PV_PROFILE *profile, const char *id)
{
    char shown[16], note[PV_MSG_MAX / 2], hint[160];
    size_t at, len;
    PV_FIELD rule;

    if (id == NULL || *id == '\0') {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "no device id was given; a device certificate's CN is its device id");
        return 0;
    }
    len = strlen(id);
    if (!pv_check_id_length(env, profile, id, len))
        return 0;
    if (!pv_device_id_offence(profile, id, &at, &rule))
        return 1;
    pv_show_char((unsigned char)id[at], shown, sizeof(shown));
    /* the set as it is with this character in front, where it stands for itself */
    snprintf(hint, sizeof(hint), "%.1s%.150s",
             id[at] > 0x20 && id[at] < 0x7F ? id + at : "",
             rule == PV_F_ID_LAST_CHARS ? profile->id_last_chars : profile->id_chars);
    pv_profile_default_note(profile, rule, hint, note, sizeof(note));
    if (rule == PV_F_ID_LAST_CHARS)
        pv_raise(env, POPVERIFY_R_BAD_ID,
                 "device id '%.80s' ends in %s, which profile %s does not allow as the "
                 "last character (allowed last characters: %s, where x-y is a range); "
                 "choose an id that ends otherwise%s",
                 id, shown, profile->name, profile->id_last_chars, note);
    else
        pv_raise(env, POPVERIFY_R_BAD_ID,
                 "device id '%.80s': %s at offset %zu is not allowed by profile %s "
                 "(allowed characters: %s, where x-y is a range); choose an id "
                 "without it%s",
                 id, shown, at, profile->name, profile->id_chars, note);
    return 0;
}
