/*
 * device_id.h - the device id a device certificate carries as its CN,
 * checked against the profile's rules (id_chars, id_min, id_max).
 */
#ifndef PV_DEVICE_ID_H
#define PV_DEVICE_ID_H

#include "env.h"
#include "profile.h"

/*
 * c is in chars, a set written as in the profile: single characters and
 * ranges like a-z; a '-' first or last stands for itself.
 */
int pv_id_char_allowed(const char *chars, unsigned char c);

/*
 * The first character of id its profile refuses: 1 with its offset and the
 * rule (PV_F_ID_CHARS, or PV_F_ID_LAST_CHARS for the last character); 0 if none.
 */
int pv_device_id_offence(const PV_PROFILE *profile, const char *id, size_t *at,
                         PV_FIELD *rule);

/*
 * id follows the profile's rules. The error names the first offending
 * character and its offset, or the length, and the allowed set.
 */
int pv_check_device_id(const PV_ENV *env, const PV_PROFILE *profile, const char *id);

#endif
