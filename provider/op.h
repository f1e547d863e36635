/*
 * op.h - the context of the "popverify" operation, shared by op.c (inputs,
 * actions, outputs) and op_signer.c (a CA loaded once, contexts duplicated
 * for threads).
 */
#ifndef PV_OP_H
#define PV_OP_H

#include <openssl/core.h>
#include "issue_signer.h"
#include "pipeline.h"
#include "provctx.h"

#define PV_NOTES_MAX 4096
#define PV_OP_STRINGS 15

typedef struct pv_op_ctx_st {
    PV_PROVCTX *provctx;
    char *profile, *ca_cert, *ca_key, *vcert, *format, *role, *key_type, *subject;
    char *code_source, *signature_source;
    unsigned char *code, *signature, *key_pass;
    size_t code_len, signature_len, key_pass_len;
    char *id, *csr;   /* issue, device */
    char *device_key; /* verify with a signer: the device's key file */
    int days, chain;
    const PV_PROFILE *resolved; /* profile of the last action */
    int doctor;                 /* the last action was doctor: output holds findings */
    char *cert;                 /* lint: the certificate */
    char *platform_error;       /* doctor: the platform's message */
    const char *linted_role;    /* lint: the role checked; output holds findings */
    PV_CA_SIGNER *signer;       /* load_signer: the CA every issue goes through */
    PV_RESULT res;
    char notes[PV_NOTES_MAX];
    char text[16384]; /* scratch for profile listings */
} PV_OP_CTX;

/* op.c */
void *pv_op_newctx(void *provctx);
void pv_op_freectx(void *vctx);
/* The addresses of every string input, for freeing and copying. */
size_t pv_op_strings(PV_OP_CTX *ctx, char **strs[PV_OP_STRINGS]);
/* An action's environment (notes kept in ctx) and its request from the inputs. */
void pv_op_begin(PV_OP_CTX *ctx, PV_ENV *env);
void pv_op_request(const PV_OP_CTX *ctx, const PV_PROFILE *profile,
                   OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg, PV_REQUEST *req);

/* op_signer.c */
int pv_op_load_signer(void *vctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);
void *pv_op_dupctx(void *vctx);
/* issue on a ctx with a loaded signer: a device certificate through it. */
int pv_op_signer_issue(PV_OP_CTX *ctx);
/* verify on a ctx with a loaded signer: do a device's files fit it. */
int pv_op_signer_check(PV_OP_CTX *ctx);

#endif
