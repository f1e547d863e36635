/*
 * env.c - errors and notes from the core go wherever the caller pointed them,
 * and the property query its fetches use.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
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

const char *pv_env_key_propq(const PV_ENV *env, const EVP_PKEY *key, char *buf,
                             size_t len)
{
    const OSSL_PROVIDER *prov = key != NULL ? EVP_PKEY_get0_provider(key) : NULL;
    const char *name = prov != NULL ? OSSL_PROVIDER_get0_name(prov) : NULL;
    int n;

    if (name == NULL || strcmp(name, "popverify") == 0 || strchr(name, '"') != NULL)
        return env->propq;
    n = snprintf(buf, len, "?provider=\"%s\"", name);
    return n > 0 && (size_t)n < len ? buf : env->propq;
}
