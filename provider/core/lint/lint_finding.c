/*
 * lint_finding.c - how a check records what it found: one finding, one line,
 * counted by severity even past what is kept.
 */
#include <stdarg.h>
#include <stdio.h>
#include "lint_check.h"

void pv_lint_find(PV_LINT *l, const char *code, PV_LINT_SEVERITY sev, const char *fmt,
                  ...)
{
    PV_LINT_FINDING *f;
    va_list ap;
    char *p;

    l->by_severity[sev]++;
    if (l->count++ >= PV_LINT_MAX)
        return;
    f = &l->finding[l->count - 1];
    f->code = code;
    f->severity = sev;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof(f->message), fmt, ap);
    va_end(ap);
    /* The output is one finding per line, fields separated by TAB. */
    for (p = f->message; *p != '\0'; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
}

int pv_lint_is_ca_role(const PV_LINT *l)
{
    return l->role == PV_ROLE_ROOT || l->role == PV_ROLE_INTERMEDIATE;
}
