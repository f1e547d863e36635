/*
 * doctor_signature.c - what the signature was made over and how: found by
 * trying the usual mistakes with the CA certificate's key, then other keys
 * the user has (a mismatched --ca-key, other certificates of the CA file).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "checks.h"
#include "doctor_check.h"
#include "keyalg.h"

static const char *pv_sig_digest(const PV_DOCTOR *d)
{
    return d->profile != NULL && d->profile->kind == PV_KIND_SIGNATURE
               ? d->profile->digest
               : "SHA256";
}

/* "using SHA1 and PSS padding over the code with a line end" */
static void pv_match_text(const PV_MATCH *m, const PV_VARIANT *v, char *out,
                          size_t outlen)
{
    snprintf(out, outlen, "%s%s%s%s over %s", m->scheme.digest != NULL ? "with " : "",
             m->scheme.digest != NULL ? m->scheme.digest : "",
             m->scheme.pss ? ", PSS padding" : "", m->scheme.raw_ecdsa ? ", as r||s" : "",
             v[m->variant].desc);
}

static void pv_meaning_finding(PV_DOCTOR *d, const char *id, const char *what,
                               const char *evidence)
{
    PV_FINDING *f = pv_find(d, id, PV_SEV_ERROR, "%s", what);

    pv_find_evidence(f, "%s", evidence);
    pv_fix_sign(d, f->fix, sizeof(f->fix));
}

/* One finding for each way the match differs from what the platform checks. */
static void pv_explain_match(PV_DOCTOR *d, const PV_VARIANT *v, const PV_MATCH *m)
{
    const char *want = pv_sig_digest(d);
    int input = v[m->variant].len == d->req->code_len &&
                memcmp(v[m->variant].bytes, d->req->code, d->req->code_len) == 0;
    char how[400], evidence[PV_MSG_MAX], what[PV_MSG_MAX / 2];

    pv_match_text(m, v, how, sizeof(how));
    snprintf(evidence, sizeof(evidence),
             "it verifies with the CA certificate's key %.300s; the platform verifies "
             "over the code \"%.200s\" (%zu bytes)%s%s",
             how, d->code.text, d->code.len, m->scheme.digest != NULL ? " with " : "",
             m->scheme.digest != NULL ? want : "");
    if (m->variant != 0 && input)
        snprintf(what, sizeof(what),
                 "the signature was made over %s as it is, not over the code: the file "
                 "was signed instead of the code",
                 d->req->code_source);
    else if (m->variant != 0)
        snprintf(what, sizeof(what), "the signature was made over %s, not over the code",
                 v[m->variant].desc);
    if (m->variant != 0)
        pv_meaning_finding(d, "SIG_OVER_VARIANT", what, evidence);
    if (m->scheme.digest != NULL && OPENSSL_strcasecmp(m->scheme.digest, want) != 0) {
        snprintf(what, sizeof(what),
                 "the signature was made with %s; the platform verifies it with %s",
                 m->scheme.digest, want);
        pv_meaning_finding(d, "SIG_OTHER_DIGEST", what, evidence);
    }
    if (m->scheme.pss)
        pv_meaning_finding(d, "SIG_PSS",
                           "the signature uses RSA-PSS padding; the platform verifies "
                           "PKCS#1 v1.5",
                           evidence);
    if (m->scheme.raw_ecdsa)
        pv_meaning_finding(d, "SIG_RAW_ECDSA",
                           "the ECDSA signature is raw r||s; the platform wants it DER "
                           "encoded (X9.62), as openssl dgst -sign makes it",
                           evidence);
}

/* Other keys the user has, to name the one that did sign. */
static int pv_other_signer(PV_DOCTOR *d, const PV_VARIANT *v, size_t n_variants,
                           char *who, size_t wholen)
{
    PV_MATCH m;
    char subject[256];
    X509 *c;
    int i, n;

    if (d->key != NULL && !d->key_matches &&
        pv_doctor_search(d, d->key, v, n_variants, &m)) {
        snprintf(who, wholen,
                 "it verifies with --ca-key %s, which is not the certificate's key",
                 d->req->ca_key);
        return 1;
    }
    for (i = 0; (c = pv_ca_other(d, i, &n)) != NULL; i++) {
        if (X509_get0_pubkey(c) == NULL ||
            !pv_doctor_search(d, X509_get0_pubkey(c), v, n_variants, &m))
            continue;
        pv_cert_subject(c, subject, sizeof(subject));
        snprintf(who, wholen,
                 "it verifies with the key of certificate #%d of %s (%s), not #%d", n,
                 d->req->ca_cert, subject, d->ca_pick + 1);
        return 1;
    }
    return 0;
}

static void pv_no_match(PV_DOCTOR *d, size_t n)
{
    EVP_PKEY *pub = X509_get0_pubkey(d->ca);
    char desc[64];
    PV_FINDING *f;

    pv_key_describe(pub, desc, sizeof(desc));
    f = pv_find(
        d, "SIG_NO_MATCH", PV_SEV_ERROR,
        "the signature fits neither the code nor any usual variant of it with the "
        "CA certificate's %s key: it was made by another key, or over another "
        "(older?) code",
        desc);
    pv_find_evidence(f,
                     "tried %zu variants of the code (as given, line ends, BOM, case, "
                     "spaces, quotes)%s",
                     n,
                     pv_key_signs_pure(pub)
                         ? ""
                         : " with SHA-256, SHA-1, SHA-384, SHA-512 and SHA-224");
    pv_fix_sign(d, f->fix, sizeof(f->fix));
}

void pv_doctor_signature(PV_DOCTOR *d)
{
    PV_VARIANT v[PV_VARIANT_MAX];
    size_t n = pv_doctor_variants(d, v, PV_VARIANT_MAX);
    EVP_PKEY *pub = X509_get0_pubkey(d->ca);
    char who[512];
    PV_MATCH m;
    PV_FINDING *f;

    if (pub == NULL)
        return;
    if (d->sig_shape[0] != '\0') { /* not the length of the CA key's signatures */
        pv_doctor_other_key(d, pv_other_signer(d, v, n, who, sizeof(who)) ? who : NULL);
        return;
    }
    if (pv_doctor_search(d, pub, v, n, &m)) {
        pv_explain_match(d, v, &m);
        return;
    }
    if (pv_other_signer(d, v, n, who, sizeof(who))) {
        f = pv_find(d, "SIG_WRONG_KEY", PV_SEV_ERROR,
                    "the signature was made with another key than the CA certificate's");
        pv_find_evidence(f, "%s", who);
        pv_fix_sign(d, f->fix, sizeof(f->fix));
        return;
    }
    if (EVP_PKEY_is_a(pub, "RSA") && pv_doctor_rsa_explain(d, v, n))
        return;
    pv_no_match(d, n);
}
