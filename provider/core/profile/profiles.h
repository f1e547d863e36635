/*
 * profiles.h - the profiles one provider instance knows: the built-ins and
 * those its openssl.cnf section defines. A configured profile that fails to
 * load is kept with its error, so using it says what is wrong.
 */
#ifndef PV_PROFILES_H
#define PV_PROFILES_H

#include "env.h"
#include "profile.h"

#define PV_MAX_CONFIGURED 32

typedef struct pv_profiles_st PV_PROFILES;

/* The value of a dotted config name ("acme.device_days"), or NULL. */
typedef const char *(pv_config_get_fn)(void *arg, const char *name);

PV_PROFILES *pv_profiles_new(void);
void pv_profiles_free(PV_PROFILES *set);

/*
 * Read "profiles = a b" and each listed profile. Returns 0 only when out of
 * memory; a bad profile is recorded as broken.
 */
int pv_profiles_configure(PV_PROFILES *set, pv_config_get_fn *get, void *arg);

/* The config section a profile was defined in, for messages. */
int pv_profiles_set_section(PV_PROFILES *set, const char *profile, const char *section);
const char *pv_profiles_section(const PV_PROFILES *set, const char *profile);

/* Mark a profile broken with msg (e.g. an unknown field found in its section). */
int pv_profiles_reject(PV_PROFILES *set, const char *profile, const char *msg);
/* The profiles list itself is wrong: every configured profile says msg. */
int pv_profiles_set_list_error(PV_PROFILES *set, const char *msg);

/* All usable profiles, built-ins first. */
size_t pv_profiles_count(const PV_PROFILES *set);
const PV_PROFILE *pv_profiles_at(const PV_PROFILES *set, size_t i);
/* set may be NULL (built-ins only). */
const PV_PROFILE *pv_profiles_find(const PV_PROFILES *set, const char *name);
/* Why a configured profile could not be loaded, or NULL. */
const char *pv_profiles_error(const PV_PROFILES *set, const char *name);
/* Names of usable profiles, space separated; 0 if buf is short. */
int pv_profiles_names(const PV_PROFILES *set, char *buf, size_t buflen);

/* Find in env->profiles; unknown or broken is an error that says why. */
const PV_PROFILE *pv_profile_lookup(const PV_ENV *env, const char *name);

/* Add the key identifiers openssl would to a role's set; "none" removes one. */
int pv_profile_keyid_defaults(const PV_ENV *env, PV_EXTENSIONS *ext, PV_ROLE role);

/* Internal to the set: keep a copy of s for the set's lifetime. */
const char *pv_profiles_keep(PV_PROFILES *set, const char *s);
int pv_profiles_add(PV_PROFILES *set, const PV_PROFILE *profile);

#endif
