/*
 * dispatch.h - the dispatch tables of every operation popverify implements,
 * one glue file each, which prov.c hands to the core.
 */
#ifndef PV_DISPATCH_H
#define PV_DISPATCH_H

#include <openssl/core.h>

extern const OSSL_DISPATCH pv_keymgmt_functions[];      /* keymgmt.c */
extern const OSSL_DISPATCH pv_signature_functions[];    /* signature.c */
extern const OSSL_DISPATCH pv_store_functions[];        /* store.c */
extern const OSSL_DISPATCH pv_encoder_text_functions[]; /* encoder.c */
extern const OSSL_ALGORITHM pv_op_algorithms[];         /* op.c: the custom operation */

#endif
