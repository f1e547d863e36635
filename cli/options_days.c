/*
 * options_days.c - --days: a positive number of days whose end a
 * certificate can hold.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include "options.h"
#include "session.h"

/* Whole days from now to 9999-12-31T23:59:59Z (GeneralizedTime's last). */
static long pv_days_max(void)
{
    const long long last = 253402300799LL;

    return (long)((last - (long long)time(NULL)) / 86400);
}

int pv_opts_days(const PV_OPTS *o, int *days)
{
    char *end = NULL;
    long v;

    *days = 0;
    if (o->days == NULL)
        return PV_EXIT_OK;
    errno = 0;
    v = strtol(o->days, &end, 10);
    if (errno != 0 || end == o->days || *end != '\0' || v < 1 || v > INT_MAX) {
        pv_error("%s: --days '%s' is not a positive number of days", o->cmd, o->days);
        return PV_EXIT_USAGE;
    }
    if (v > pv_days_max()) {
        pv_error("%s: --days %ld ends after 9999-12-31, the last day a certificate can "
                 "hold (RFC 5280 4.1.2.5); give at most %ld",
                 o->cmd, v, pv_days_max());
        return PV_EXIT_USAGE;
    }
    *days = (int)v;
    return PV_EXIT_OK;
}
