/*
 * profile_config.c - profiles from openssl.cnf: "profiles = a b", each
 * profile a section whose fields override those of its base. Values arrive
 * as dotted names ("a.device_days"); extension sections one level deeper
 * ("a.device_extensions.keyUsage"), exactly as openssl req reads them.
 */
#include <stdio.h>
#include <string.h>
#include "profile_reader.h"

static int pv_is_listed(const PV_READER *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->nlisted; i++)
        if (strcmp(r->listed[i], name) == 0)
            return 1;
    return 0;
}

static int pv_resolve(PV_READER *r, const char *name, int depth);

static int pv_in_chain(const PV_READER *r, const char *name, int depth)
{
    int i;

    for (i = 0; i <= depth; i++)
        if (strcmp(r->resolving[i], name) == 0)
            return 1;
    return 0;
}

/* The profile name inherits from, loaded first; NULL with r->error when it cannot be. */
static const PV_PROFILE *pv_base_of(PV_READER *r, const char *name, const char *base,
                                    int depth)
{
    const PV_PROFILE *found = pv_profiles_find(r->set, base);

    if (found != NULL)
        return found;
    if (!pv_is_listed(r, base)) {
        pv_reader_fail(
            r, name,
            "base = %s is not a known profile; use a built-in one or one listed "
            "in profiles =",
            base);
        return NULL;
    }
    if (depth + 1 >= PV_MAX_DEPTH || pv_in_chain(r, base, depth)) {
        pv_reader_fail(
            r, name, "base = %s makes profiles inherit from each other in a loop", base);
        return NULL;
    }
    if (!pv_resolve(r, base, depth + 1)) {
        char why[PV_MSG_MAX];
        const char *known = pv_profiles_error(r->set, base);
        snprintf(why, sizeof(why), "%s", known != NULL ? known : r->error);
        pv_reader_fail(r, name, "its base %s cannot be loaded (%s)", base, why);
        return NULL;
    }
    return pv_profiles_find(r->set, base);
}

static void pv_inherit(PV_PROFILE *p, const PV_PROFILE *base, const char *name,
                       const char *base_name)
{
    int f;

    *p = *base;
    for (f = 0; f < PV_F_COUNT; f++)
        if (p->origin[f] == NULL)
            p->origin[f] = base->name;
    p->name = name;
    p->base = base_name;
}

static int pv_resolve(PV_READER *r, const char *name, int depth)
{
    const char *base = pv_reader_get(r, name, "base", NULL);
    const PV_PROFILE *from;
    PV_PROFILE p;

    if (pv_profiles_find(r->set, name) != NULL)
        return 1;
    if (pv_profiles_error(r->set, name) != NULL)
        return 0;
    r->resolving[depth] = name;
    if (base == NULL)
        return pv_reader_fail(
            r, name,
            "it has no base; add base = one of the built-in profiles, e.g. "
            "base = cumulocity");
    if ((from = pv_base_of(r, name, base, depth)) == NULL)
        return 0;
    pv_inherit(&p, from, pv_profiles_keep(r->set, name), pv_profiles_keep(r->set, base));
    if (p.name == NULL || p.base == NULL)
        return pv_reader_fail(r, name, "out of memory");
    return pv_reader_fields(r, &p) && pv_profiles_add(r->set, &p);
}

/*
 * A name over PV_NAME_MAX or more names than the set holds: the set's list
 * error, and no configured profile is loaded. 1 within the limits, 0 refused,
 * -1 out of memory.
 */
static int pv_list_limits(PV_READER *r, const char *list)
{
    char msg[PV_MSG_MAX];
    size_t n, count = 0;

    for (; *list != '\0'; list += n + (list[n] != '\0')) {
        if ((n = strcspn(list, " ,\t")) == 0)
            continue;
        if (n >= PV_NAME_MAX) {
            snprintf(msg, sizeof(msg),
                     "profiles = lists the name '%.40s...' of %zu characters; popverify "
                     "takes profile names of up to %d, so no configured profile is "
                     "loaded: shorten it",
                     list, n, PV_NAME_MAX - 1);
            return pv_profiles_set_list_error(r->set, msg) ? 0 : -1;
        }
        count++;
    }
    if (count <= PV_MAX_CONFIGURED)
        return 1;
    snprintf(msg, sizeof(msg),
             "profiles = lists %zu names; popverify takes at most %d, so no configured "
             "profile is loaded: list %d or fewer",
             count, PV_MAX_CONFIGURED, PV_MAX_CONFIGURED);
    return pv_profiles_set_list_error(r->set, msg) ? 0 : -1;
}

/* Split "a b, c" into r->listed, refusing built-in names. */
static void pv_read_list(PV_READER *r, const char *list)
{
    char name[PV_NAME_MAX];

    while (*list != '\0') {
        size_t n = strcspn(list, " ,\t");
        if (n > 0 && n < sizeof(name) && r->nlisted < PV_MAX_CONFIGURED) {
            memcpy(name, list, n);
            name[n] = '\0';
            if ((r->listed[r->nlisted] = pv_profiles_keep(r->set, name)) != NULL)
                r->nlisted++;
        }
        list += n + (list[n] != '\0');
    }
}

int pv_profiles_configure(PV_PROFILES *set, pv_config_get_fn *get, void *arg)
{
    PV_READER r = {.set = set, .get = get, .arg = arg};
    const char *list = get(arg, "profiles");
    size_t i;
    int limits;

    if (list == NULL)
        return 1;
    if ((limits = pv_list_limits(&r, list)) <= 0)
        return limits == 0;
    pv_read_list(&r, list);
    for (i = 0; i < r.nlisted; i++) {
        r.error[0] = '\0';
        if (pv_profile_find(r.listed[i]) != NULL)
            pv_reader_fail(
                &r, r.listed[i],
                "the name is a built-in profile's; choose another name and set "
                "base = %s",
                r.listed[i]);
        else if (pv_resolve(&r, r.listed[i], 0))
            continue;
        if (!pv_profiles_reject(set, r.listed[i], r.error))
            return 0;
    }
    return 1;
}
