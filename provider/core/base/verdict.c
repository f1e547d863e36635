/*
 * verdict.c - recording why a proof would be refused.
 */
#include <stdio.h>
#include "verdict.h"

void pv_verdict_fail(PV_VERDICT *v, const char *fmt, ...)
{
    va_list ap;

    v->valid = 0;
    va_start(ap, fmt);
    vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
    va_end(ap);
}
