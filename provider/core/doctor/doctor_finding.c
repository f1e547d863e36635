/*
 * doctor_finding.c - the doctor's findings: a stable id, a severity, and
 * three one-line texts. A full list drops the rest rather than failing.
 */
#include <stdio.h>
#include <string.h>
#include "doctor_check.h"

static void pv_vfmt(char *out, size_t outlen, const char *fmt, va_list ap)
    PV_PRINTF(3, 0);

static void pv_vfmt(char *out, size_t outlen, const char *fmt, va_list ap)
{
    vsnprintf(out, outlen, fmt, ap);
}

PV_FINDING *pv_find(PV_DOCTOR *d, const char *id, PV_SEVERITY sev, const char *fmt, ...)
{
    PV_FINDING *f =
        d->count < PV_DOCTOR_MAX_FINDINGS ? &d->finding[d->count++] : &d->spill;
    va_list ap;

    memset(f, 0, sizeof(*f));
    f->id = id;
    f->severity = sev;
    va_start(ap, fmt);
    pv_vfmt(f->what, sizeof(f->what), fmt, ap);
    va_end(ap);
    return f;
}

void pv_find_evidence(PV_FINDING *f, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pv_vfmt(f->evidence, sizeof(f->evidence), fmt, ap);
    va_end(ap);
}

void pv_find_fix(PV_FINDING *f, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pv_vfmt(f->fix, sizeof(f->fix), fmt, ap);
    va_end(ap);
}

int pv_found(const PV_DOCTOR *d, const char *id)
{
    size_t i;

    for (i = 0; i < d->count; i++)
        if (strcmp(d->finding[i].id, id) == 0)
            return 1;
    return 0;
}

size_t pv_found_errors(const PV_DOCTOR *d, const char *prefix)
{
    size_t i, n = 0;

    for (i = 0; i < d->count; i++)
        if (d->finding[i].severity == PV_SEV_ERROR &&
            strncmp(d->finding[i].id, prefix, strlen(prefix)) == 0)
            n++;
    return n;
}
