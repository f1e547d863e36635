/*
 * doctor_key.c - does --ca-key belong to the certificate the platform has?
 * A regenerated CA or a device key in its place is the most common reason
 * a correct-looking proof is refused.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "popverify.h"
#include "checks.h"
#include "doctor_check.h"
#include "load.h"

/* The certificate of the CA file (1-based) the key belongs to, or 0. */
static int pv_key_owner(const PV_DOCTOR *d)
{
    X509 *c;
    int i, n, found = 0;

    ERR_set_mark();
    for (i = 0; (c = pv_ca_other(d, i, &n)) != NULL && !found; i++)
        if (EVP_PKEY_eq(X509_get0_pubkey(c), d->key) == 1)
            found = n;
    ERR_pop_to_mark();
    return found;
}

static void pv_key_evidence(const PV_DOCTOR *d, PV_FINDING *f)
{
    char sha1[64] = "?", cert_spki[80], key_spki[80], subject[256], desc[64];

    pv_fingerprint(&d->quiet, d->ca, "SHA1", sha1, sizeof(sha1));
    pv_spki_sha256(d, X509_get0_pubkey(d->ca), cert_spki, sizeof(cert_spki));
    pv_spki_sha256(d, d->key, key_spki, sizeof(key_spki));
    pv_cert_subject(d->ca, subject, sizeof(subject));
    pv_key_describe(d->key, desc, sizeof(desc));
    pv_find_evidence(f,
                     "certificate %s (SHA-1 fingerprint %s) has public key SHA-256 %s; "
                     "--ca-key %s is %s with public key SHA-256 %s",
                     subject, sha1, cert_spki, d->req->ca_key, desc, key_spki);
}

static void pv_key_mismatch(PV_DOCTOR *d)
{
    char cert[512], key[512], fix[PV_FIX_MAX], *path;
    int owner = pv_key_owner(d);
    PV_FINDING *f;

    if (owner > 0) {
        path = pv_pick_path(d->req->ca_cert);
        f = pv_find(d, "KEY_MATCHES_OTHER_CERT", PV_SEV_ERROR,
                    "--ca-key %s belongs to certificate #%d of %s, not to #%d, the one "
                    "the platform takes (the first of what is uploaded); popverify sign "
                    "and vcert refuse it too (give --ca-cert %s#%d to use #%d)",
                    d->req->ca_key, owner, d->req->ca_cert, d->ca_pick + 1,
                    path != NULL ? path : d->req->ca_cert, owner, owner);
        OPENSSL_free(path);
        pv_key_evidence(d, f);
        pv_fix_extract(d, owner, fix, sizeof(fix));
        pv_find_fix(f, "%s  # upload that certificate on its own", fix);
        return;
    }
    f = pv_find(d, "KEY_MISMATCH", PV_SEV_ERROR,
                "--ca-key %s does not belong to CA certificate %s: anything signed with "
                "it fails (a regenerated CA, or a device key?)",
                d->req->ca_key, d->req->ca_cert);
    pv_key_evidence(d, f);
    pv_shq(d->req->ca_cert, cert, sizeof(cert));
    pv_shq(d->req->ca_key, key, sizeof(key));
    snprintf(fix, sizeof(fix),
             "openssl x509 -in %s -noout -pubkey | openssl pkey -pubin -outform DER | "
             "openssl sha256; openssl pkey -in %s -pubout -outform DER | openssl sha256  "
             "# find the key whose hash matches the certificate's",
             cert, key);
    pv_find_fix(f, "%s", fix);
}

int pv_doctor_key(PV_DOCTOR *d)
{
    PV_CAPTURE cap;
    PV_ENV env;

    d->key =
        pv_load_private_key(&d->quiet, d->req->ca_key, d->req->pass_cb, d->req->pass_arg);
    if (d->key == NULL)
        return 0;
    pv_capture_env(d, &env, &cap);
    d->key_matches =
        d->ca != NULL &&
        pv_check_key_matches(&env, d->key, d->ca, d->req->ca_key, d->req->ca_cert);
    return 1;
}

void pv_doctor_key_report(PV_DOCTOR *d)
{
    if (d->ca == NULL)
        pv_note(d->env, "not checked: whether --ca-key belongs to the CA certificate "
                        "(give --ca-cert)");
    else if (!d->key_matches)
        pv_key_mismatch(d);
}
