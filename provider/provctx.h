/*
 * provctx.h - the provider context: everything popverify keeps hangs off it,
 * and every glue file reaches the core through pv_provctx_env.
 */
#ifndef PV_PROVCTX_H
#define PV_PROVCTX_H

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

/* An environment for one operation: the child context, errors to the core. */
void pv_provctx_env(PV_PROVCTX *pctx, PV_ENV *env);

#endif
