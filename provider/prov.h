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

typedef struct pv_provctx_st {
    const OSSL_CORE_HANDLE *handle;
    struct pv_profiles_st *profiles; /* built-in and configured */
    OSSL_LIB_CTX *libctx;            /* child of the application's library context */
    OSSL_FUNC_core_new_error_fn *new_error;
    OSSL_FUNC_core_set_error_debug_fn *set_error_debug;
    OSSL_FUNC_core_vset_error_fn *vset_error;
} PV_PROVCTX;

/* The provider's entry point; popverify.so exports it as OSSL_provider_init. */
OSSL_provider_init_fn pv_provider_init;

/* An environment for one operation: the child context, errors to the core. */
void pv_provctx_env(PV_PROVCTX *pctx, PV_ENV *env);

/* Profiles from the provider's config section (config.c). */
int pv_config_load(PV_PROVCTX *pctx, OSSL_FUNC_core_get_params_fn *get_params);

/* The custom operation's algorithm table (op.c). */
extern const OSSL_ALGORITHM pv_op_algorithms[];

#endif
