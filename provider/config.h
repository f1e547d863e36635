/*
 * config.h - the provider's openssl.cnf section, read once at load.
 */
#ifndef PV_CONFIG_H
#define PV_CONFIG_H

#include <openssl/core_dispatch.h>
#include "provctx.h"

/* Profiles from the provider's config section. */
int pv_config_load(PV_PROVCTX *pctx, OSSL_FUNC_core_get_params_fn *get_params);

#endif
