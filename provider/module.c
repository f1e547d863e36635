/*
 * module.c - the entry point of popverify.so, the only symbol it exports.
 */
#include "prov.h"

__attribute__((visibility("default"))) int
OSSL_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                   const OSSL_DISPATCH **out, void **provctx)
{
    return pv_provider_init(handle, in, out, provctx);
}
