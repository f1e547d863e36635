/*
 * prov.h - the provider's entry point, for popverify.so and for applications
 * (the CLI, tests) that register popverify as a built-in provider.
 */
#ifndef PV_PROV_H
#define PV_PROV_H

#include <openssl/core.h>

/* popverify.so exports it as OSSL_provider_init. */
OSSL_provider_init_fn pv_provider_init;

#endif
