/*
 * verdict.h - the answer of a platform-style check.
 */
#ifndef PV_VERDICT_H
#define PV_VERDICT_H

#include "env.h"

typedef struct pv_verdict_st {
    int valid;
    int complete;            /* doctor: every check the platform makes was made */
    char reason[PV_MSG_MAX]; /* why not, when !valid */
} PV_VERDICT;

void pv_verdict_fail(PV_VERDICT *v, const char *fmt, ...) PV_PRINTF(2, 3);

#endif
