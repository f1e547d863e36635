/*
 * encoder.c - `openssl pkey -text -in popverify://...` says what the key is:
 * the profile, the CA key behind it and the CA certificate it proves. Only
 * the text form exists: a POPVERIFY key is a reference, never key material.
 */
#include <openssl/bio.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include "checks.h"
#include "dispatch.h"
#include "key.h"

static void *pv_enc_newctx(void *provctx)
{
    return provctx;
}

static void pv_enc_freectx(void *ctx)
{
    (void)ctx;
}

static int pv_enc_does_selection(void *provctx, int selection)
{
    (void)provctx;
    return (selection & OSSL_KEYMGMT_SELECT_KEYPAIR) != 0;
}

static int pv_enc_write(BIO *out, const PV_SIGNER *signer)
{
    char key[64], subject[256];
    const PV_PROFILE *p = &signer->profile;

    pv_key_describe(signer->key, key, sizeof(key));
    X509_NAME_oneline(X509_get_subject_name(signer->ca), subject, sizeof(subject));
    return BIO_printf(out,
                      "popverify signing key, profile %s (%s)\n"
                      "  signs:          the verification code, %s, %s\n"
                      "  CA key:         %s (%s)\n"
                      "  CA certificate: %s\n",
                      p->name, p->platform, p->digest,
                      p->encoding == PV_ENC_RAW ? "raw bytes" : "base64 on one line", key,
                      signer->key_source, subject) > 0;
}

static int pv_enc_encode(void *ctx, OSSL_CORE_BIO *cout, const void *obj_raw,
                         const OSSL_PARAM obj_abstract[], int selection,
                         OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_PROVCTX *provctx = ctx;
    const PV_KEY *key = obj_raw;
    BIO *out;
    int ok;

    (void)obj_abstract;
    (void)selection;
    (void)cb;
    (void)cbarg;
    if (key == NULL || key->signer == NULL ||
        (out = BIO_new_from_core_bio(provctx->libctx, cout)) == NULL)
        return 0;
    ok = pv_enc_write(out, key->signer);
    BIO_free(out);
    return ok;
}

const OSSL_DISPATCH pv_encoder_text_functions[] = {
    {OSSL_FUNC_ENCODER_NEWCTX, (void (*)(void))pv_enc_newctx},
    {OSSL_FUNC_ENCODER_FREECTX, (void (*)(void))pv_enc_freectx},
    {OSSL_FUNC_ENCODER_DOES_SELECTION, (void (*)(void))pv_enc_does_selection},
    {OSSL_FUNC_ENCODER_ENCODE, (void (*)(void))pv_enc_encode},
    {0, NULL}};
