/*
 * doctor_vcert_issuer.c - the verification certificate must be issued and
 * signed by the uploaded CA itself. The usual mistakes: signed by the root
 * while the intermediate was uploaded (Azure IH400053), or the reverse, or
 * by a CA of the same name made again with a new key.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "doctor_check.h"

static int pv_der_equal(const X509_NAME *a, const X509_NAME *b)
{
    const unsigned char *da, *db;
    size_t la, lb;

    return X509_NAME_get0_der(a, &da, &la) && X509_NAME_get0_der(b, &db, &lb) &&
           la == lb && memcmp(da, db, la) == 0;
}

static int pv_signed_by(X509 *vc, X509 *cert)
{
    EVP_PKEY *pub = X509_get0_pubkey(cert);
    int ok;

    ERR_set_mark();
    ok = pub != NULL && X509_verify(vc, pub) == 1;
    ERR_pop_to_mark();
    return ok;
}

/* The i-th other certificate the user gave: the CA file's but the CA, then
 * those after the verification certificate in its own file. */
static X509 *pv_other(const PV_DOCTOR *d, STACK_OF(X509) * extra, int i, int *in_ca)
{
    int n = sk_X509_num(d->ca_file) - 1, number;

    *in_ca = i < n;
    return i < n ? pv_ca_other(d, i, &number) : sk_X509_value(extra, i - n + 1);
}

/* A certificate of the CA file or the vcert file whose key signed vc. */
static int pv_find_signer(const PV_DOCTOR *d, X509 *vc, STACK_OF(X509) * extra, char *who,
                          size_t wholen)
{
    char subject[256];
    int i;

    if (d->key != NULL && !d->key_matches) {
        ERR_set_mark();
        i = X509_verify(vc, d->key) == 1;
        ERR_pop_to_mark();
        if (i) {
            snprintf(who, wholen,
                     "; it verifies with --ca-key %s, which is not the CA "
                     "certificate's key",
                     d->req->ca_key);
            return 1;
        }
    }
    for (i = 0; i < sk_X509_num(d->ca_file) + sk_X509_num(extra) - 2; i++) {
        int in_ca;
        X509 *c = pv_other(d, extra, i, &in_ca);

        if (c == NULL || !pv_signed_by(vc, c))
            continue;
        pv_cert_subject(c, subject, sizeof(subject));
        snprintf(who, wholen, "; it verifies with the key of %s (certificate %s of %s)",
                 subject, in_ca ? "in" : "after it in",
                 in_ca ? d->req->ca_cert : "--vcert");
        return 1;
    }
    who[0] = '\0';
    return 0;
}

static void pv_bad_signature(PV_DOCTOR *d, X509 *vc, STACK_OF(X509) * extra)
{
    char who[512], subject[256];
    PV_FINDING *f;

    pv_find_signer(d, vc, extra, who, sizeof(who));
    pv_cert_subject(d->ca, subject, sizeof(subject));
    f = pv_find(d, "VCERT_BAD_SIGNATURE", PV_SEV_ERROR,
                "the verification certificate names the CA as its issuer, but was signed "
                "by another key (a CA of the same name made again?)");
    pv_find_evidence(f, "its signature does not verify with the public key of %s%s",
                     subject, who);
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

/* Another CA of the files, issued by the uploaded one, named as vc's issuer. */
static X509 *pv_child_issuer(const PV_DOCTOR *d, X509 *vc, STACK_OF(X509) * extra)
{
    const X509_NAME *iss = X509_get_issuer_name(vc);
    int i, in_ca;

    for (i = 0; i < sk_X509_num(d->ca_file) + sk_X509_num(extra) - 2; i++) {
        X509 *c = pv_other(d, extra, i, &in_ca);

        if (c != NULL && X509_NAME_cmp(X509_get_subject_name(c), iss) == 0 &&
            X509_NAME_cmp(X509_get_issuer_name(c), X509_get_subject_name(d->ca)) == 0)
            return c;
    }
    return NULL;
}

static void pv_wrong_issuer(PV_DOCTOR *d, X509 *vc, STACK_OF(X509) * extra)
{
    char issuer[256], subject[256], parent[256];
    int by_parent =
        !pv_cert_self_issued(d->ca) &&
        X509_NAME_cmp(X509_get_issuer_name(vc), X509_get_issuer_name(d->ca)) == 0;
    X509 *child = by_parent ? NULL : pv_child_issuer(d, vc, extra);
    PV_FINDING *f;

    pv_cert_issuer(vc, issuer, sizeof(issuer));
    pv_cert_subject(d->ca, subject, sizeof(subject));
    pv_cert_issuer(d->ca, parent, sizeof(parent));
    if (pv_cert_self_issued(vc))
        f = pv_find(
            d, "VCERT_SELF_SIGNED", PV_SEV_ERROR,
            "the verification certificate is self-signed (openssl req -x509?); it "
            "must be issued and signed by the uploaded CA");
    else if (by_parent)
        f = pv_find(
            d, "VCERT_SIGNED_BY_PARENT", PV_SEV_ERROR,
            "the verification certificate was issued by the CA above the uploaded "
            "one (the root?); it must be signed by the uploaded CA (the "
            "intermediate?) itself");
    else if (child != NULL)
        f = pv_find(
            d, "VCERT_SIGNED_BY_CHILD", PV_SEV_ERROR,
            "the verification certificate was issued by a CA below the uploaded "
            "one (an intermediate?); it must be signed by the uploaded CA itself");
    else
        f = pv_find(d, "VCERT_WRONG_ISSUER", PV_SEV_ERROR,
                    "the verification certificate was issued by another CA than the "
                    "uploaded one");
    pv_find_evidence(f, "its issuer is %s; the uploaded CA is %s%s%s", issuer, subject,
                     by_parent ? ", issued by " : "", by_parent ? parent : "");
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

void pv_doctor_vcert_issuer(PV_DOCTOR *d, X509 *vc, STACK_OF(X509) * extra)
{
    const X509_NAME *iss = X509_get_issuer_name(vc), *ca = X509_get_subject_name(d->ca);
    char issuer[256], subject[256];
    PV_FINDING *f;

    if (X509_NAME_cmp(iss, ca) != 0) {
        pv_wrong_issuer(d, vc, extra);
        return;
    }
    if (!pv_der_equal(iss, ca)) {
        pv_cert_issuer(vc, issuer, sizeof(issuer));
        pv_cert_subject(d->ca, subject, sizeof(subject));
        f = pv_find(d, "VCERT_ISSUER_ENCODING", PV_SEV_ERROR,
                    "the verification certificate's issuer names the CA with other bytes "
                    "(string types or spacing); platforms compare them byte for byte");
        pv_find_evidence(f, "issuer %s and CA subject %s match only when normalised",
                         issuer, subject);
        pv_fix_vcert(d, f->fix, sizeof(f->fix));
    }
    if (!pv_signed_by(vc, d->ca))
        pv_bad_signature(d, vc, extra);
}
