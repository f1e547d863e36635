/*
 * doctor_rsa.c - an RSA signature can be opened with the public key: a
 * PKCS#1 block proves this key signed (and shows the digest it signed), a
 * well-formed PSS block (RFC 8017 9.1.2, all but the final hash comparison)
 * shows PSS padding, and anything else was made by another key.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "checks.h"
#include "doctor_check.h"

#define PV_RSA_MAX 2048 /* bytes: up to RSA 16384 */

/* The raw public operation: s^e mod n. */
static int pv_rsa_open(const PV_DOCTOR *d, EVP_PKEY *pub, unsigned char *em,
                       size_t *emlen)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(d->env->libctx, pub, d->env->propq);
    int ok;

    *emlen = PV_RSA_MAX;
    ERR_set_mark();
    ok = ctx != NULL && EVP_PKEY_verify_recover_init(ctx) > 0 &&
         EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0 &&
         EVP_PKEY_verify_recover(ctx, em, emlen, d->sig, d->siglen) > 0;
    ERR_pop_to_mark();
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

/* MGF1 (RFC 8017 B.2.1): Hash(seed || counter) blocks, masklen bytes in all. */
static int pv_mgf1(unsigned char *mask, size_t masklen, const unsigned char *seed,
                   size_t seedlen, const EVP_MD *md)
{
    unsigned char block[EVP_MAX_MD_SIZE], in[EVP_MAX_MD_SIZE + 4];
    size_t done = 0, hlen = (size_t)EVP_MD_get_size(md);
    uint32_t counter;

    if (seedlen > EVP_MAX_MD_SIZE)
        return 0;
    memcpy(in, seed, seedlen);
    for (counter = 0; done < masklen; counter++) {
        size_t take = masklen - done < hlen ? masklen - done : hlen;
        in[seedlen] = (unsigned char)(counter >> 24);
        in[seedlen + 1] = (unsigned char)(counter >> 16);
        in[seedlen + 2] = (unsigned char)(counter >> 8);
        in[seedlen + 3] = (unsigned char)counter;
        if (!EVP_Digest(in, seedlen + 4, block, NULL, md, NULL))
            return 0;
        memcpy(mask + done, block, take);
        done += take;
    }
    return 1;
}

/*
 * EM = maskedDB || H || 0xBC (emlen bytes): DB = maskedDB xor MGF1(H) must be
 * 00..00 01 salt, with the unused top bits clear.
 */
static int pv_pss_db_ok(const PV_DOCTOR *d, const unsigned char *em, size_t emlen,
                        unsigned topbits, const char *mdname)
{
    EVP_MD *md = EVP_MD_fetch(d->env->libctx, mdname, d->env->propq);
    size_t hlen = md != NULL ? (size_t)EVP_MD_get_size(md) : 0, dblen, i;
    unsigned char db[PV_RSA_MAX];
    int ok = 0;

    if (md == NULL || emlen < hlen + 2 || (em[0] >> (8 - topbits)) != 0)
        goto done;
    dblen = emlen - hlen - 1;
    if (!pv_mgf1(db, dblen, em + dblen, hlen, md))
        goto done;
    for (i = 0; i < dblen; i++)
        db[i] ^= em[i];
    db[0] &= (unsigned char)(0xFF >> topbits);
    for (i = 0; i < dblen && db[i] == 0x00; i++)
        ;
    ok = i < dblen && db[i] == 0x01;
done:
    EVP_MD_free(md);
    return ok;
}

/* An EMSA-PSS block for one of the usual digests (MGF1 with the same one). */
static int pv_pss_block(const PV_DOCTOR *d, EVP_PKEY *pub, const unsigned char *em,
                        size_t k)
{
    static const char *const digests[] = {"SHA256", "SHA384", "SHA512", "SHA1"};
    size_t embits = (size_t)EVP_PKEY_get_bits(pub) - 1, emlen = (embits + 7) / 8, i;
    unsigned topbits = (unsigned)(8 * emlen - embits);

    if (k == 0 || emlen > k || em[k - 1] != 0xBC || (emlen < k && em[0] != 0x00))
        return 0;
    for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
        if (pv_pss_db_ok(d, em + (k - emlen), emlen, topbits, digests[i]))
            return 1;
    return 0;
}

/* EMSA-PKCS1-v1_5: 00 01 FF..FF 00 T; returns T's offset or 0. */
static size_t pv_pkcs1_payload(const unsigned char *em, size_t len)
{
    size_t i = 2;

    if (len < 11 || em[0] != 0x00 || em[1] != 0x01)
        return 0;
    while (i < len && em[i] == 0xFF)
        i++;
    return i >= 10 && i < len && em[i] == 0x00 ? i + 1 : 0;
}

static void pv_rsa_finding(PV_DOCTOR *d, const char *id, const char *what,
                           const char *evidence)
{
    PV_FINDING *f = pv_find(d, id, PV_SEV_ERROR, "%s", what);

    pv_find_evidence(f, "%s", evidence);
    pv_fix_sign(d, f->fix, sizeof(f->fix));
}

/* A DigestInfo: this key signed some bytes' digest, just not the code's. */
static int pv_rsa_digest_info(PV_DOCTOR *d, const unsigned char *t, size_t tlen)
{
    const unsigned char *p = t;
    X509_SIG *di;
    const X509_ALGOR *alg = NULL;
    const ASN1_OCTET_STRING *dig = NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    size_t mdlen = 0;
    char name[32], got[140], want[140], ev[PV_MSG_MAX];

    ERR_set_mark();
    di = d2i_X509_SIG(NULL, &p, (long)tlen);
    ERR_pop_to_mark();
    if (di == NULL || p != t + tlen) {
        X509_SIG_free(di);
        return 0;
    }
    X509_SIG_get0(di, &alg, &dig);
    snprintf(name, sizeof(name), "%s", OBJ_nid2sn(OBJ_obj2nid(alg->algorithm)));
    pv_hex(ASN1_STRING_get0_data(dig), (size_t)ASN1_STRING_length(dig), got, sizeof(got));
    X509_SIG_free(di);
    if (!EVP_Q_digest(d->env->libctx, name, d->env->propq, d->code.text, d->code.len, md,
                      &mdlen))
        snprintf(want, sizeof(want), "(cannot compute it)");
    else
        pv_hex(md, mdlen, want, sizeof(want));
    snprintf(
        ev, sizeof(ev),
        "with the CA certificate's key it opens to a PKCS#1 v1.5 block holding the %s "
        "digest %s; the %s of the code is %s",
        name, got, name, want);
    pv_rsa_finding(d, "SIG_OTHER_MESSAGE",
                   "the signature was made with the CA's key, but over other bytes than "
                   "the code or any usual variant of it: an older code, or another file",
                   ev);
    return 1;
}

/* PKCS#1 padding around the bytes themselves: signed without a digest. */
static void pv_rsa_no_digest(PV_DOCTOR *d, const unsigned char *t, size_t tlen,
                             const PV_VARIANT *v, size_t n)
{
    char shown[200], ev[PV_MSG_MAX];
    size_t i;

    for (i = 0; i < n && !(v[i].len == tlen && memcmp(v[i].bytes, t, tlen) == 0); i++)
        continue;
    pv_show_bytes(t, tlen, shown, sizeof(shown));
    snprintf(ev, sizeof(ev),
             "with the CA certificate's key it opens to a PKCS#1 v1.5 "
             "block holding %s%s%s, with no DigestInfo",
             shown, i < n ? ": " : "", i < n ? v[i].desc : "");
    pv_rsa_finding(d, "SIG_NO_DIGEST",
                   "the signature was made over the bytes themselves, without a digest "
                   "(openssl pkeyutl -sign without -rawin/-digest?)",
                   ev);
}

int pv_doctor_rsa_explain(PV_DOCTOR *d, const PV_VARIANT *v, size_t n)
{
    EVP_PKEY *pub = X509_get0_pubkey(d->ca);
    unsigned char em[PV_RSA_MAX];
    size_t emlen = 0, t;
    char desc[64], ev[PV_MSG_MAX];
    int opened = pv_rsa_open(d, pub, em, &emlen);

    pv_key_describe(pub, desc, sizeof(desc));
    if (opened && (t = pv_pkcs1_payload(em, emlen)) > 0) {
        if (!pv_rsa_digest_info(d, em + t, emlen - t))
            pv_rsa_no_digest(d, em + t, emlen - t, v, n);
        return 1;
    }
    if (opened && emlen == (size_t)EVP_PKEY_get_size(pub) &&
        pv_pss_block(d, pub, em, emlen)) {
        pv_rsa_finding(d, "SIG_PSS",
                       "the signature uses RSA-PSS padding and fits no usual variant of "
                       "the code; the platform verifies PKCS#1 v1.5",
                       "with the CA certificate's key it opens to a well-formed RSA-PSS "
                       "block (trailer 0xBC, 00..01 before the salt)");
        return 1;
    }
    snprintf(ev, sizeof(ev),
             "the %zu-byte signature opens with the CA certificate's %s key to neither a "
             "PKCS#1 v1.5 nor a PSS block%s",
             d->siglen, desc,
             d->siglen != (size_t)EVP_PKEY_get_size(pub)
                 ? " (and its length does not fit "
                   "that key)"
                 : "");
    pv_rsa_finding(d, "SIG_WRONG_KEY",
                   "the signature was made with another key than the CA certificate's",
                   ev);
    return 1;
}
