/*
 * doctor_scheme.c - how people sign instead of the profile's way: another
 * digest, RSA-PSS instead of PKCS#1 v1.5, ECDSA as r||s (JOSE, HSMs)
 * instead of DER. Each is tried over each variant of the code.
 */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "doctor_check.h"
#include "keyalg.h"

/* r||s as the DER ECDSA-Sig-Value the verifier wants. */
static unsigned char *pv_ecdsa_der(const unsigned char *sig, size_t len, size_t *derlen)
{
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
    BIGNUM *t = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
    unsigned char *der = NULL;
    int n = -1;

    if (s != NULL && r != NULL && t != NULL && ECDSA_SIG_set0(s, r, t)) {
        r = t = NULL; /* owned by s now */
        n = i2d_ECDSA_SIG(s, &der);
    }
    BN_free(r);
    BN_free(t);
    ECDSA_SIG_free(s);
    *derlen = n > 0 ? (size_t)n : 0;
    return n > 0 ? der : NULL;
}

static int pv_verify_bytes(const PV_DOCTOR *d, EVP_PKEY *pub, const PV_SCHEME *s,
                           const unsigned char *sig, size_t siglen,
                           const unsigned char *msg, size_t len)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    OSSL_PARAM params[3] = {OSSL_PARAM_END, OSSL_PARAM_END, OSSL_PARAM_END};
    int ok;

    if (s->pss) {
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
                                                     (char *)"pss", 0);
        params[1] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN,
                                                     (char *)"auto", 0);
    }
    ERR_set_mark();
    ok = md != NULL &&
         EVP_DigestVerifyInit_ex(md, NULL, s->digest, d->env->libctx, d->env->propq, pub,
                                 params) > 0 &&
         EVP_DigestVerify(md, sig, siglen, msg, len) == 1;
    ERR_pop_to_mark();
    EVP_MD_CTX_free(md);
    return ok;
}

int pv_verify_scheme(const PV_DOCTOR *d, EVP_PKEY *pub, const PV_SCHEME *s,
                     const unsigned char *msg, size_t len)
{
    unsigned char *der;
    size_t derlen = 0;
    int ok;

    if (!s->raw_ecdsa)
        return pv_verify_bytes(d, pub, s, d->sig, d->siglen, msg, len);
    if ((der = pv_ecdsa_der(d->sig, d->siglen, &derlen)) == NULL)
        return 0;
    ok = pv_verify_bytes(d, pub, s, der, derlen, msg, len);
    OPENSSL_free(der);
    return ok;
}

/* An EC signature of exactly 2n bytes that is not DER is r||s. */
static int pv_raw_ecdsa(const PV_DOCTOR *d, EVP_PKEY *pub)
{
    size_t n = (size_t)(EVP_PKEY_get_bits(pub) + 7) / 8;
    const unsigned char *p = d->sig;
    ECDSA_SIG *s;

    if (d->siglen != 2 * n)
        return 0;
    ERR_set_mark();
    s = d2i_ECDSA_SIG(NULL, &p, (long)d->siglen);
    ERR_pop_to_mark();
    ECDSA_SIG_free(s);
    return s == NULL || p != d->sig + d->siglen;
}

/* The profile's way first, then the others. */
static size_t pv_schemes(const PV_DOCTOR *d, EVP_PKEY *pub, PV_SCHEME *out)
{
    const char *digests[] = {"SHA256", "SHA1", "SHA384", "SHA512", "SHA224"};
    const char *first = d->profile != NULL && d->profile->kind == PV_KIND_SIGNATURE
                            ? d->profile->digest
                            : "SHA256";
    int rsa = EVP_PKEY_is_a(pub, "RSA"),
        raw = EVP_PKEY_is_a(pub, "EC") && pv_raw_ecdsa(d, pub);
    size_t n = 0, i;
    int pss;

    if (pv_key_signs_pure(pub)) {
        out[n++] = (PV_SCHEME){NULL, 0, 0};
        return n;
    }
    for (pss = 0; pss <= rsa; pss++) {
        out[n++] = (PV_SCHEME){first, pss, raw};
        for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
            if (OPENSSL_strcasecmp(digests[i], first) != 0)
                out[n++] = (PV_SCHEME){digests[i], pss, raw};
    }
    return n;
}

int pv_doctor_search(const PV_DOCTOR *d, EVP_PKEY *pub, const PV_VARIANT *v, size_t n,
                     PV_MATCH *m)
{
    PV_SCHEME schemes[16];
    size_t ns = pv_schemes(d, pub, schemes), i, j;

    for (i = 0; i < ns; i++) {
        for (j = 0; j < n; j++) {
            if (pv_verify_scheme(d, pub, &schemes[i], v[j].bytes, v[j].len)) {
                m->variant = j;
                m->scheme = schemes[i];
                return 1;
            }
        }
    }
    return 0;
}
