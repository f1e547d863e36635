/*
 * provctx.c - one operation's environment from the provider context: the
 * child library context, the profiles, and errors raised to the core.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include "provctx.h"

static void pv_core_error(PV_PROVCTX *pctx, int reason, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pctx->vset_error(pctx->handle, (uint32_t)reason, fmt, ap);
    va_end(ap);
}

static void pv_prov_raise(void *arg, int reason, const char *msg)
{
    PV_PROVCTX *pctx = arg;

    if (pctx->new_error == NULL || pctx->vset_error == NULL)
        return;
    pctx->new_error(pctx->handle);
    if (pctx->set_error_debug != NULL)
        pctx->set_error_debug(pctx->handle, "popverify", 0, NULL);
    pv_core_error(pctx, reason, "%s", msg);
}

void pv_provctx_env(PV_PROVCTX *pctx, PV_ENV *env)
{
    memset(env, 0, sizeof(*env));
    env->libctx = pctx->libctx;
    env->propq = PV_PROPQ;
    env->profiles = pctx->profiles;
    env->raise = pv_prov_raise;
    env->raise_arg = pctx;
}
