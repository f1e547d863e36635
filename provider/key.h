/*
 * key.h - the POPVERIFY key type: a CA key loaded and checked for a profile,
 * handed from the store to libcrypto by reference and used by the signature.
 */
#ifndef PV_KEY_H
#define PV_KEY_H

#include "pipeline.h"
#include "provctx.h"

#define PV_KEY_TYPE "POPVERIFY"

typedef struct pv_key_st {
    PV_PROVCTX *provctx;
    PV_SIGNER *signer; /* NULL for a key made by keymgmt new: it can do nothing */
} PV_KEY;

PV_KEY *pv_key_new(PV_PROVCTX *provctx, PV_SIGNER *signer);
void pv_key_free(PV_KEY *key);

#endif
