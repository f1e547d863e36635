/*
 * env.c - errors and notes from the core go wherever the caller pointed them.
 */
#include <stdio.h>
#include "env.h"

void pv_raise(const PV_ENV *env, int reason, const char *fmt, ...)
{
    char msg[PV_MSG_MAX];
    va_list ap;

    if (env == NULL || env->raise == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    env->raise(env->raise_arg, reason, msg);
}

void pv_note(const PV_ENV *env, const char *fmt, ...)
{
    char msg[PV_MSG_MAX];
    va_list ap;

    if (env == NULL || env->note == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    env->note(env->note_arg, msg);
}
