/*
 * profiles.c - the set of profiles of one provider instance.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "profiles.h"

typedef struct pv_named_text_st {
    const char *name;
    const char *text;
} PV_NAMED_TEXT;

struct pv_profiles_st {
    PV_PROFILE configured[PV_MAX_CONFIGURED];
    size_t count;
    PV_NAMED_TEXT broken[PV_MAX_CONFIGURED];
    size_t nbroken;
    PV_NAMED_TEXT sections[PV_MAX_CONFIGURED];
    size_t nsections;
    const char *list_error; /* "profiles =" could not be taken whole */
    char **strings;         /* everything the profiles point at */
    size_t nstrings, capstrings;
};

PV_PROFILES *pv_profiles_new(void)
{
    return OPENSSL_zalloc(sizeof(PV_PROFILES));
}

void pv_profiles_free(PV_PROFILES *set)
{
    size_t i;

    if (set == NULL)
        return;
    for (i = 0; i < set->nstrings; i++)
        OPENSSL_free(set->strings[i]);
    OPENSSL_free(set->strings);
    OPENSSL_free(set);
}

const char *pv_profiles_keep(PV_PROFILES *set, const char *s)
{
    char *copy;

    if (set->nstrings == set->capstrings) {
        size_t cap = set->capstrings ? 2 * set->capstrings : 64;
        char **grown = OPENSSL_realloc(set->strings, cap * sizeof(*grown));
        if (grown == NULL)
            return NULL;
        set->strings = grown;
        set->capstrings = cap;
    }
    if ((copy = OPENSSL_strdup(s)) == NULL)
        return NULL;
    set->strings[set->nstrings++] = copy;
    return copy;
}

int pv_profiles_add(PV_PROFILES *set, const PV_PROFILE *profile)
{
    if (set->count == PV_MAX_CONFIGURED)
        return 0;
    set->configured[set->count++] = *profile;
    return 1;
}

static const char *pv_named_find(const PV_NAMED_TEXT *items, size_t n, const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < n; i++)
        if (strcmp(items[i].name, name) == 0)
            return items[i].text;
    return NULL;
}

static int pv_named_add(PV_PROFILES *set, PV_NAMED_TEXT *items, size_t *n,
                        const char *name, const char *text)
{
    if (*n == PV_MAX_CONFIGURED)
        return 1; /* more than the set holds: the listing already refused them */
    items[*n].name = pv_profiles_keep(set, name);
    items[*n].text = pv_profiles_keep(set, text);
    if (items[*n].name == NULL || items[*n].text == NULL)
        return 0;
    (*n)++;
    return 1;
}

int pv_profiles_set_section(PV_PROFILES *set, const char *profile, const char *section)
{
    return pv_named_add(set, set->sections, &set->nsections, profile, section);
}

const char *pv_profiles_section(const PV_PROFILES *set, const char *profile)
{
    return set != NULL ? pv_named_find(set->sections, set->nsections, profile) : NULL;
}

int pv_profiles_reject(PV_PROFILES *set, const char *profile, const char *msg)
{
    size_t i;

    for (i = 0; i < set->count; i++) {
        if (strcmp(set->configured[i].name, profile) == 0) {
            set->configured[i] = set->configured[--set->count];
            break;
        }
    }
    if (pv_named_find(set->broken, set->nbroken, profile) != NULL)
        return 1; /* the first error is the one to fix first */
    return pv_named_add(set, set->broken, &set->nbroken, profile, msg);
}

size_t pv_profiles_count(const PV_PROFILES *set)
{
    return pv_profile_builtin_count() + (set != NULL ? set->count : 0);
}

const PV_PROFILE *pv_profiles_at(const PV_PROFILES *set, size_t i)
{
    size_t builtins = pv_profile_builtin_count();

    if (i < builtins)
        return pv_profile_builtin_at(i);
    return set != NULL && i - builtins < set->count ? &set->configured[i - builtins]
                                                    : NULL;
}

const PV_PROFILE *pv_profiles_find(const PV_PROFILES *set, const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < pv_profiles_count(set); i++)
        if (strcmp(pv_profiles_at(set, i)->name, name) == 0)
            return pv_profiles_at(set, i);
    return NULL;
}

int pv_profiles_set_list_error(PV_PROFILES *set, const char *msg)
{
    if (set->list_error == NULL)
        set->list_error = pv_profiles_keep(set, msg);
    return set->list_error != NULL;
}

const char *pv_profiles_error(const PV_PROFILES *set, const char *name)
{
    return set != NULL ? pv_named_find(set->broken, set->nbroken, name) : NULL;
}

int pv_profiles_names(const PV_PROFILES *set, char *buf, size_t buflen)
{
    size_t i, used = 0;

    if (buflen == 0)
        return 0;
    buf[0] = '\0';
    for (i = 0; i < pv_profiles_count(set); i++) {
        int n = snprintf(buf + used, buflen - used, "%s%s", i ? " " : "",
                         pv_profiles_at(set, i)->name);
        if (n < 0 || (size_t)n >= buflen - used)
            return 0;
        used += (size_t)n;
    }
    return 1;
}

const PV_PROFILE *pv_profile_lookup(const PV_ENV *env, const char *name)
{
    const PV_PROFILE *profile = pv_profiles_find(env->profiles, name);
    const char *broken = pv_profiles_error(env->profiles, name);
    char names[1024];

    /* A list cut short loads no configured profile: none is silently missing. */
    if (env->profiles != NULL && env->profiles->list_error != NULL && name != NULL &&
        pv_profile_find(name) == NULL) {
        pv_raise(env, POPVERIFY_R_UNKNOWN_PROFILE, "%s", env->profiles->list_error);
        return NULL;
    }
    /* First: a config that redefines a built-in must hear why it is not used. */
    if (broken != NULL) {
        pv_raise(env, POPVERIFY_R_UNKNOWN_PROFILE, "%s", broken);
        return NULL;
    }
    if (profile != NULL)
        return profile;
    if (!pv_profiles_names(env->profiles, names, sizeof(names)))
        names[0] = '\0';
    if (name == NULL)
        pv_raise(env, POPVERIFY_R_USAGE, "no profile was given; known profiles: %s",
                 names);
    else
        pv_raise(env, POPVERIFY_R_UNKNOWN_PROFILE,
                 "unknown profile '%s'; known profiles: %s", name, names);
    return NULL;
}
