/*
 * profile_reader.c - values looked up by their dotted config names, and the
 * one-line reason a profile is refused, naming its section.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "profile_reader.h"

const char *pv_reader_get(PV_READER *r, const char *profile, const char *field,
                          const char *sub)
{
    char name[PV_NAME_MAX * 3];

    if (sub != NULL)
        snprintf(name, sizeof(name), "%s.%s.%s", profile, field, sub);
    else
        snprintf(name, sizeof(name), "%s.%s", profile, field);
    return r->get(r->arg, name);
}

/* "profile acme ([acme_sect]): ..." - the message the profile keeps. */
int pv_reader_fail(PV_READER *r, const char *profile, const char *fmt, ...)
{
    const char *section = pv_profiles_section(r->set, profile);
    size_t used;
    va_list ap;

    if (section != NULL)
        snprintf(r->error, sizeof(r->error),
                 "profile %s (section [%s]) cannot be loaded: ", profile, section);
    else
        snprintf(r->error, sizeof(r->error), "profile %s cannot be loaded: ", profile);
    used = strlen(r->error);
    va_start(ap, fmt);
    vsnprintf(r->error + used, sizeof(r->error) - used, fmt, ap);
    va_end(ap);
    return 0;
}
