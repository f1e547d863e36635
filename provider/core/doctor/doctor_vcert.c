/*
 * doctor_vcert.c - the verification certificate: its CN, its issuer and
 * signature, its validity, and finally the platform's own check, so the
 * doctor never says "accepted" where `popverify verify` says invalid.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/x509.h>
#include "doctor_check.h"
#include "load.h"
#include "vcert.h"

static int pv_vcert_is_ca(PV_DOCTOR *d, X509 *vc)
{
    PV_FINDING *f;

    if (d->ca == NULL || X509_cmp(vc, d->ca) != 0)
        return 0;
    f = pv_find(d, "VCERT_IS_THE_CA", PV_SEV_ERROR,
                "--vcert is the CA certificate itself, not a verification certificate");
    pv_find_evidence(f, "%s and %s hold the same certificate", d->req->vcert,
                     d->req->ca_cert);
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
    return 1;
}

static void pv_vcert_validity(PV_DOCTOR *d, X509 *vc)
{
    const ASN1_TIME *nb = X509_get0_notBefore(vc), *na = X509_get0_notAfter(vc);
    int early = X509_cmp_current_time(nb) > 0, late = X509_cmp_current_time(na) < 0;
    char when[64];
    PV_FINDING *f;

    if (!early && !late)
        return;
    pv_time_text(early ? nb : na, when, sizeof(when));
    f = pv_find(d, early ? "VCERT_NOT_YET_VALID" : "VCERT_EXPIRED", PV_SEV_ERROR,
                early ? "the verification certificate is not valid yet (a wrong clock "
                        "where it was made?)"
                      : "the verification certificate has expired");
    pv_find_evidence(f, "%s %s", early ? "notBefore" : "notAfter", when);
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

static void pv_vcert_digest(PV_DOCTOR *d, X509 *vc)
{
    char md[32];
    PV_FINDING *f;

    if (!pv_cert_weak_digest(vc, md, sizeof(md)))
        return;
    f = pv_find(d, "VCERT_SHA1_SIGNED", PV_SEV_WARNING,
                "the verification certificate is signed with %s; platforms are dropping "
                "it, sign with SHA-256",
                md);
    pv_find_evidence(f, "signature algorithm %s", OBJ_nid2ln(X509_get_signature_nid(vc)));
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

/* The platform's own verdict; a refusal nothing above explains is still said. */
static void pv_vcert_platform(PV_DOCTOR *d, X509 *vc)
{
    const PV_PROFILE *p = d->profile != NULL && d->profile->kind == PV_KIND_VCERT
                              ? d->profile
                              : pv_profile_find("generic-vcert");
    PV_VERDICT v;
    PV_FINDING *f;

    if (p == NULL || !pv_vcert_verify(&d->quiet, p, d->ca, &d->code, vc, &v) || v.valid ||
        pv_found_errors(d, "VCERT_") > 0)
        return;
    f = pv_find(d, "VCERT_REJECTED", PV_SEV_ERROR, "%s", v.reason);
    pv_find_evidence(f, "the platform's check of %s", d->req->vcert);
    pv_fix_vcert(d, f->fix, sizeof(f->fix));
}

int pv_doctor_vcert(PV_DOCTOR *d)
{
    STACK_OF(X509) *file =
        pv_load_certs(d->env, d->req->vcert, "verification certificate");
    X509 *vc;

    if (file == NULL)
        return 0;
    vc = sk_X509_value(file, 0);
    if (!pv_vcert_is_ca(d, vc)) {
        pv_doctor_vcert_cn(d, vc);
        if (d->ca != NULL)
            pv_doctor_vcert_issuer(d, vc, file);
        else
            pv_note(d->env, "not checked: who issued the verification certificate (give "
                            "--ca-cert)");
        pv_vcert_validity(d, vc);
        pv_vcert_digest(d, vc);
        if (d->ca != NULL && d->have_code)
            pv_vcert_platform(d, vc);
    }
    sk_X509_pop_free(file, X509_free);
    return 1;
}
