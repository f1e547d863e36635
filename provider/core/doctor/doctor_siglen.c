/*
 * doctor_siglen.c - what a signature's length (and, for ECDSA, its DER
 * numbers) says about the key that made it. A signature of the CA's key has
 * one length (RSA: the modulus; Ed25519: 64 bytes) or, for ECDSA, numbers no
 * larger than the curve. Bytes that are a complete signature of another key
 * - RSA 1024 to 8192 bits, ECDSA on another curve, Ed25519 - were made by
 * that other key, not cut short; only a length that fits no key is a cut.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "checks.h"
#include "doctor_check.h"
#include "key_policy.h"

/* The curve sizes ECDSA signatures are told apart by (bits of the order). */
static const int pv_curve_bits[] = {224, 256, 384, 521};

/* The larger of r and s in bits when sig is exactly one DER ECDSA-Sig-Value. */
static int pv_der_ecdsa_bits(const unsigned char *sig, size_t len)
{
    const unsigned char *p = sig;
    const BIGNUM *r = NULL, *s = NULL;
    ECDSA_SIG *es;
    int bits = 0;

    ERR_set_mark();
    es = d2i_ECDSA_SIG(NULL, &p, (long)len);
    ERR_pop_to_mark();
    if (es != NULL && p == sig + len) {
        ECDSA_SIG_get0(es, &r, &s);
        bits = BN_num_bits(r) > BN_num_bits(s) ? BN_num_bits(r) : BN_num_bits(s);
    }
    ECDSA_SIG_free(es);
    return bits;
}

/* The smallest usual curve whose numbers can be this large; 0 past P-521. */
static int pv_curve_for(int bits)
{
    size_t i;

    for (i = 0; i < sizeof(pv_curve_bits) / sizeof(pv_curve_bits[0]); i++)
        if (bits <= pv_curve_bits[i])
            return pv_curve_bits[i];
    return 0;
}

static int pv_ec_sig_fits(EVP_PKEY *pub, const unsigned char *sig, size_t len)
{
    int order = EVP_PKEY_get_bits(pub), bits;
    size_t n = (size_t)(order + 7) / 8;

    if (len == 2 * n)
        return 1; /* r||s */
    if ((bits = pv_der_ecdsa_bits(sig, len)) > 0)
        return bits <= order && pv_curve_for(bits) == pv_curve_for(order) ? 1 : 2;
    return len < (size_t)EVP_PKEY_get_size(pub) ? 0 : 2;
}

int pv_sig_fits(const PV_DOCTOR *d, const unsigned char *sig, size_t len)
{
    EVP_PKEY *pub = d->ca != NULL ? X509_get0_pubkey(d->ca) : NULL;
    size_t want;

    if (pub == NULL)
        return 1;
    if (EVP_PKEY_is_a(pub, "EC"))
        return pv_ec_sig_fits(pub, sig, len);
    if (EVP_PKEY_is_a(pub, "RSA"))
        want = (size_t)EVP_PKEY_get_size(pub);
    else if (EVP_PKEY_is_a(pub, "ED25519"))
        want = 64;
    else if (EVP_PKEY_is_a(pub, "ED448"))
        want = 114;
    else if (pv_key_alg_of(pub) != NULL && (pv_key_alg_of(pub)->bit & PV_KEY_MLDSA))
        want = (size_t)EVP_PKEY_get_size(pub); /* one fixed length per parameter set */
    else
        return 1;
    return len == want ? 1 : len < want ? 0 : 2;
}

int pv_sig_shape(const unsigned char *sig, size_t len, char *out, size_t outlen)
{
    int curve = pv_curve_for(pv_der_ecdsa_bits(sig, len));

    if (curve > 0 && pv_der_ecdsa_bits(sig, len) > 0)
        snprintf(out, outlen,
                 "an ECDSA signature (DER) of a key on a %d-bit curve (P-%d%s)", curve,
                 curve, curve == 256 ? " or secp256k1" : "");
    else if (len == 64)
        snprintf(out, outlen, "an Ed25519 signature, or an ECDSA P-256 one as r||s");
    else if (len == 56 || len == 96 || len == 132)
        snprintf(out, outlen, "an ECDSA P-%d signature as r||s",
                 len == 56   ? 224
                 : len == 96 ? 384
                             : 521);
    else if (len == 114)
        snprintf(out, outlen, "an Ed448 signature");
    else if (len >= 128 && len <= 1024 && len % 32 == 0)
        snprintf(out, outlen, "an RSA signature of a %zu-bit key", len * 8);
    else
        out[0] = '\0';
    return out[0] != '\0';
}

int pv_sig_complete(const PV_DOCTOR *d, const unsigned char *sig, size_t len)
{
    char shape[128];

    return pv_sig_fits(d, sig, len) == 1 || pv_sig_shape(sig, len, shape, sizeof(shape));
}

/* The length of the CA key's signatures, for the evidence. */
static void pv_ca_sig_length(EVP_PKEY *pub, char *out, size_t outlen)
{
    size_t n = (size_t)(EVP_PKEY_get_bits(pub) + 7) / 8;

    if (EVP_PKEY_is_a(pub, "EC"))
        snprintf(
            out, outlen,
            "DER with numbers of at most %d bits (up to %d bytes), or %zu bytes as r||s",
            EVP_PKEY_get_bits(pub), EVP_PKEY_get_size(pub), 2 * n);
    else if (EVP_PKEY_is_a(pub, "RSA"))
        snprintf(out, outlen, "%d bytes (%d base64 characters)", EVP_PKEY_get_size(pub),
                 4 * ((EVP_PKEY_get_size(pub) + 2) / 3));
    else
        snprintf(out, outlen, "%d bytes", EVP_PKEY_is_a(pub, "ED448") ? 114 : 64);
}

void pv_doctor_other_key(PV_DOCTOR *d, const char *who)
{
    EVP_PKEY *pub = X509_get0_pubkey(d->ca);
    char desc[64], theirs[160], got[200];
    int bits;
    PV_FINDING *f;

    pv_key_describe(pub, desc, sizeof(desc));
    pv_ca_sig_length(pub, theirs, sizeof(theirs));
    f = pv_find(d, "SIG_WRONG_KEY", PV_SEV_ERROR,
                "the signature was made with another key than the CA certificate's: it "
                "is %s, whole, not cut short",
                d->sig_shape);
    bits = pv_der_ecdsa_bits(d->sig, d->siglen);
    if (bits > 0)
        snprintf(got, sizeof(got),
                 "DER whose larger number has %d bits, as on a %d-bit curve", bits,
                 pv_curve_for(bits));
    else
        snprintf(got, sizeof(got), "the length of %s", d->sig_shape);
    pv_find_evidence(f,
                     "it decodes to %zu bytes (%zu base64 characters), %s; signatures of "
                     "the CA certificate's %s key are %s; %s",
                     d->siglen, 4 * ((d->siglen + 2) / 3), got, desc, theirs,
                     who != NULL ? who
                                 : "none of the keys given makes it verify (give the key "
                                   "that signed as --ca-key to confirm which)");
    pv_fix_sign(d, f->fix, sizeof(f->fix));
}
