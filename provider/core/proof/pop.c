/*
 * pop.c - the signed verification code: a signature over the code's exact
 * bytes with the profile's digest (RSA PKCS#1 v1.5, ECDSA DER, Ed25519
 * pure), handed over as one line of padded standard base64.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "popverify.h"
#include "b64.h"
#include "key_policy.h"
#include "keyalg.h"
#include "pop.h"

/* Ed25519 and ML-DSA sign the message itself; the others hash with the
 * profile digest. */
static const char *pv_pop_digest(const PV_PROFILE *profile, const EVP_PKEY *key)
{
    return pv_key_digest(key, profile->digest);
}

static int pv_pop_raw_sign(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key,
                           const PV_CODE *code, unsigned char **sig, size_t *siglen)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char propq[PV_PROPQ_MAX];
    size_t max = 0;
    int ok = 0;

    *sig = NULL;
    /* A length past the buffer is a failure too: 3.0's ECDSA reports success
     * with one when encoding the signature runs out of memory. */
    if (md == NULL ||
        EVP_DigestSignInit_ex(md, NULL, pv_pop_digest(profile, key), env->libctx,
                              pv_env_key_propq(env, key, propq, sizeof(propq)), key,
                              NULL) <= 0 ||
        EVP_DigestSign(md, NULL, &max, (const unsigned char *)code->text, code->len) <=
            0 ||
        (*sig = OPENSSL_malloc(max)) == NULL || (*siglen = max) == 0 ||
        EVP_DigestSign(md, *sig, siglen, (const unsigned char *)code->text, code->len) <=
            0 ||
        *siglen > max) {
        pv_raise(env, POPVERIFY_R_CRYPTO, "signing the code with the CA key failed");
        goto done;
    }
    ok = 1;
done:
    if (!ok) {
        OPENSSL_free(*sig);
        *sig = NULL;
    }
    EVP_MD_CTX_free(md);
    return ok;
}

static int pv_pop_encode(const PV_ENV *env, const PV_PROFILE *profile, unsigned char *sig,
                         size_t siglen, unsigned char **out, size_t *outlen)
{
    if (profile->encoding == PV_ENC_RAW) {
        *out = sig;
        *outlen = siglen;
        return 1;
    }
    *out = (unsigned char *)pv_b64_encode(sig, siglen, outlen);
    OPENSSL_free(sig);
    if (*out == NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory encoding the signature");
        return 0;
    }
    return 1;
}

int pv_pop_sign(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key, X509 *ca,
                const PV_CODE *code, unsigned char **out, size_t *outlen)
{
    unsigned char *sig;
    size_t siglen;
    PV_VERDICT check;

    *out = NULL;
    if (!pv_pop_raw_sign(env, profile, key, code, &sig, &siglen) ||
        !pv_pop_encode(env, profile, sig, siglen, out, outlen))
        return 0;
    if (!pv_pop_verify(env, profile, ca, code, *out, *outlen, &check))
        goto fail;
    if (!check.valid) {
        pv_raise(env, POPVERIFY_R_SELF_CHECK,
                 "the new signature failed its own check, nothing was written: %s",
                 check.reason);
        goto fail;
    }
    return 1;
fail:
    OPENSSL_free(*out);
    *out = NULL;
    return 0;
}

/* The signature bytes from the text the user has, or why there are none. */
static int pv_pop_decode(const PV_PROFILE *profile, const unsigned char *text, size_t len,
                         unsigned char **sig, size_t *siglen, PV_VERDICT *v)
{
    char why[PV_MSG_MAX / 2];

    if (profile->encoding == PV_ENC_RAW) {
        if ((*sig = OPENSSL_memdup(text, len)) == NULL)
            return 0;
        *siglen = len;
        return 1;
    }
    if (!pv_b64_decode_strict((const char *)text, len, sig, siglen, why, sizeof(why))) {
        pv_verdict_fail(v, "the signature text is not what %s decodes: it %s",
                        profile->platform, why);
        return 0;
    }
    return 1;
}

/* An RSA signature is exactly as long as the modulus, Ed25519 and ML-DSA ones
 * have one fixed length each; a wrong length says a lot. */
static int pv_pop_length_fits(const EVP_PKEY *pub, size_t siglen, PV_VERDICT *v)
{
    const PV_KEY_ALG *alg = pv_key_alg_of(pub);
    unsigned family = alg != NULL ? alg->bit : 0;
    size_t want;

    if ((family & (PV_KEY_RSA | PV_KEY_ED25519 | PV_KEY_MLDSA)) == 0)
        return 1;
    want = family == PV_KEY_ED25519 ? 64 : (size_t)EVP_PKEY_get_size(pub);
    if (siglen == want)
        return 1;
    pv_verdict_fail(v,
                    "the signature is %zu bytes but this CA's key makes %zu-byte "
                    "signatures: it was cut short, or made by another key",
                    siglen, want);
    return 0;
}

static int pv_pop_check(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *pub,
                        const PV_CODE *code, const unsigned char *sig, size_t siglen,
                        PV_VERDICT *v)
{
    const char *digest = pv_pop_digest(profile, pub);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int rv;

    if (md == NULL || EVP_DigestVerifyInit_ex(md, NULL, digest, env->libctx, env->propq,
                                              pub, NULL) <= 0) {
        EVP_MD_CTX_free(md);
        pv_raise(env, POPVERIFY_R_CRYPTO, "cannot set up verification with the CA key");
        return 0;
    }
    rv = EVP_DigestVerify(md, sig, siglen, (const unsigned char *)code->text, code->len);
    EVP_MD_CTX_free(md);
    if (rv == 1)
        v->valid = 1;
    else
        pv_verdict_fail(
            v,
            "the signature does not verify with the CA certificate's key over "
            "the code \"%s\"%s%s: it was made by another key, over other bytes "
            "(a file with a line end?) or with another digest",
            code->text, digest != NULL ? " with " : "", digest != NULL ? digest : "");
    return 1;
}

int pv_pop_verify(const PV_ENV *env, const PV_PROFILE *profile, X509 *ca,
                  const PV_CODE *code, const unsigned char *text, size_t textlen,
                  PV_VERDICT *v)
{
    EVP_PKEY *pub = X509_get0_pubkey(ca);
    unsigned char *sig = NULL;
    size_t siglen = 0;
    int ok = 1;

    memset(v, 0, sizeof(*v));
    if (pub == NULL) {
        pv_raise(env, POPVERIFY_R_LOAD, "the CA certificate's public key cannot be read");
        return 0;
    }
    ERR_set_mark();
    if (pv_pop_decode(profile, text, textlen, &sig, &siglen, v) &&
        pv_pop_length_fits(pub, siglen, v))
        ok = pv_pop_check(env, profile, pub, code, sig, siglen, v);
    OPENSSL_free(sig);
    if (ok)
        ERR_pop_to_mark(); /* a refused signature is an answer, not an error */
    else
        ERR_clear_last_mark();
    return ok;
}
