/*
 * prov.h - the provider context and what the glue files share.
 */
#ifndef PV_PROV_H
#define PV_PROV_H

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include "env.h"

/* What popverify asks of other providers inside its child library context. */
#define PV_PROPQ "provider!=popverify"

/* Per built-in profile, what the provider's config section names. */
#define PV_MAX_PROFILES 16
typedef struct pv_profile_config_st {
    char *ca_cert;
    char *ca_key;
} PV_PROFILE_CONFIG;

typedef struct pv_provctx_st {
    const OSSL_CORE_HANDLE *handle;
    PV_PROFILE_CONFIG config[PV_MAX_PROFILES];
    OSSL_LIB_CTX *libctx; /* child of the application's library context */
    OSSL_FUNC_core_new_error_fn *new_error;
    OSSL_FUNC_core_set_error_debug_fn *set_error_debug;
    OSSL_FUNC_core_vset_error_fn *vset_error;
} PV_PROVCTX;

/* The provider's entry point; popverify.so exports it as OSSL_provider_init. */
OSSL_provider_init_fn pv_provider_init;

/* An environment for one operation: the child context, errors to the core. */
void pv_provctx_env(PV_PROVCTX *pctx, PV_ENV *env);

/* The profile's configured ca_cert or ca_key (field), or NULL. */
const char *pv_provctx_default(const PV_PROVCTX *pctx, const char *profile,
                               const char *field);

/* The custom operation's algorithm table (op.c). */
extern const OSSL_ALGORITHM pv_op_algorithms[];

#endif
