/*
 * doctor.c - "popverify doctor": check whatever the user has, in the order
 * the platform depends on it (CA certificate, key, code, proof), and hand
 * back the findings and a one-line verdict.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "popverify.h"
#include "checks.h"
#include "doctor.h"
#include "doctor_check.h"
#include "pop.h"

/* The profile's kind against the proof given: say it, then check the proof. */
static void pv_doctor_kind(PV_DOCTOR *d)
{
    const PV_REQUEST *r = d->req;
    PV_KIND given = r->vcert != NULL ? PV_KIND_VCERT : PV_KIND_SIGNATURE;
    PV_FINDING *f;

    if (d->profile == NULL || (r->vcert == NULL && r->signature == NULL) ||
        d->profile->kind == given)
        return;
    f = pv_find(d, "PROOF_WRONG_KIND", PV_SEV_ERROR,
                "%s proves possession with a %s, but a %s was given", pv_platform(d),
                d->profile->kind == PV_KIND_VCERT ? "verification certificate"
                                                  : "signed code",
                given == PV_KIND_VCERT ? "verification certificate" : "signature");
    pv_find_evidence(f, "profile %s", d->profile->name);
    if (d->profile->kind == PV_KIND_VCERT)
        pv_fix_vcert(d, f->fix, sizeof(f->fix));
    else
        pv_fix_sign(d, f->fix, sizeof(f->fix));
}

/* The platform's own verdict; a refusal nothing above explains is still said. */
static void pv_doctor_sig_platform(PV_DOCTOR *d)
{
    const PV_PROFILE *p = d->profile != NULL && d->profile->kind == PV_KIND_SIGNATURE
                              ? d->profile
                              : pv_profile_find("generic-signature");
    PV_VERDICT v;
    PV_FINDING *f;

    if (p == NULL ||
        !pv_pop_verify(&d->quiet, p, d->ca, &d->code, d->req->signature,
                       d->req->signature_len, &v) ||
        v.valid || pv_found_errors(d, "SIG_") > 0)
        return;
    f = pv_find(d, "SIG_REJECTED", PV_SEV_ERROR, "%s", v.reason);
    pv_find_evidence(f, "the platform's check of %s", d->req->signature_source);
    pv_fix_sign(d, f->fix, sizeof(f->fix));
}

static void pv_doctor_sig(PV_DOCTOR *d)
{
    pv_doctor_sigtext(d);
    if (d->ca == NULL || !d->have_code) {
        pv_note(d->env, "not checked: what the signature was made over (give %s)",
                d->ca == NULL ? "--ca-cert" : "a usable --code or --code-file");
        return;
    }
    if (d->sig != NULL)
        pv_doctor_signature(d);
    pv_doctor_sig_platform(d);
}

static void pv_doctor_describe(const PV_DOCTOR *d, PV_RESULT *res)
{
    if (d->have_code)
        res->code = d->code;
    if (d->ca == NULL)
        return;
    pv_cert_subject(d->ca, res->ca_subject, sizeof(res->ca_subject));
    if (X509_get0_pubkey(d->ca) != NULL)
        pv_key_describe(X509_get0_pubkey(d->ca), res->key_desc, sizeof(res->key_desc));
    pv_fingerprint(&d->quiet, d->ca, "SHA1", res->ca_sha1, sizeof(res->ca_sha1));
    pv_fingerprint(&d->quiet, d->ca, "SHA256", res->ca_sha256, sizeof(res->ca_sha256));
}

/* One field: TAB and line ends would break the line format. */
static size_t pv_put_field(char *out, const char *s, char sep)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        out[n++] = *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s;
    out[n++] = sep;
    return n;
}

static int pv_doctor_findings(const PV_DOCTOR *d, PV_RESULT *res)
{
    size_t i, used = 0,
              max = d->count * (sizeof(PV_FINDING) + PV_PLATFORM_SAYS_MAX + 16) + 1;
    char *out = OPENSSL_malloc(max), says[PV_PLATFORM_SAYS_MAX];

    if (out == NULL) {
        pv_raise(d->env, POPVERIFY_R_INTERNAL, "out of memory writing the findings");
        return 0;
    }
    for (i = 0; i < d->count; i++) {
        const PV_FINDING *f = &d->finding[i];

        pv_platform_says(d, f->id, says, sizeof(says));
        used += pv_put_field(out + used, f->id, '\t');
        used += pv_put_field(out + used,
                             f->severity == PV_SEV_ERROR ? "error" : "warning", '\t');
        used += pv_put_field(out + used, f->what, '\t');
        used += pv_put_field(out + used, f->evidence, '\t');
        used += pv_put_field(out + used, f->fix, '\t');
        used += pv_put_field(out + used, says, '\n');
    }
    out[used] = '\0';
    res->output = (unsigned char *)out;
    res->output_len = used;
    return 1;
}

static void pv_checked(const PV_REQUEST *r, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s%s%s%s%s", r->ca_cert != NULL ? ", CA certificate" : "",
             r->ca_key != NULL ? ", CA key" : "", r->code != NULL ? ", code" : "",
             r->signature != NULL ? ", signature" : "",
             r->vcert != NULL ? ", verification certificate" : "",
             r->platform_error != NULL ? ", the platform's message" : "");
}

/* What the platform checks that no input let doctor check: the inputs to give. */
static void pv_unchecked(const PV_DOCTOR *d, char *out, size_t outlen)
{
    const PV_REQUEST *r = d->req;
    int vc = r->vcert != NULL || (r->signature == NULL && d->profile != NULL &&
                                  d->profile->kind == PV_KIND_VCERT);
    const char *proof = vc ? "--vcert (the verification certificate)"
                           : "--signature-file (the signature you upload)";

    snprintf(out, outlen, "%s%s%s%s",
             d->profile == NULL ? ", --profile (the platform: its rules for the code "
                                  "and the CA key)"
                                : "",
             d->ca == NULL ? ", --ca-cert (the CA certificate you uploaded)" : "",
             r->code == NULL ? ", --code or --code-file (the code the platform shows)"
                             : "",
             r->signature == NULL && r->vcert == NULL ? ", " : "");
    if (r->signature == NULL && r->vcert == NULL)
        snprintf(out + strlen(out), outlen - strlen(out), "%s", proof);
}

static void pv_doctor_verdict(const PV_DOCTOR *d, PV_RESULT *res)
{
    size_t errors = pv_found_errors(d, ""), warnings = d->count - errors, i, used;
    const char *who = pv_platform(d);
    char checked[128], missing[400], *r = res->verdict.reason;
    size_t rlen = sizeof(res->verdict.reason);

    pv_checked(d->req, checked, sizeof(checked));
    pv_unchecked(d, missing, sizeof(missing));
    res->verdict.complete = missing[0] == '\0';
    res->verdict.valid = errors == 0 && res->verdict.complete;
    if (errors == 0 && !res->verdict.complete) {
        snprintf(r, rlen,
                 "incomplete: not everything %s checks could be checked; give %s. "
                 "Nothing found so far makes it refuse (checked: %s%s)",
                 who, missing + 2, checked + 2,
                 warnings == 0  ? ""
                 : warnings > 1 ? "; with warnings"
                                : "; with a warning");
        return;
    }
    if (errors == 0 && warnings == 0) {
        snprintf(r, rlen, "accepted: no problem found (checked for %s: %s)", who,
                 checked + 2);
        return;
    }
    if (errors == 0) {
        snprintf(r, rlen,
                 "accepted, with %zu warning%s: nothing that makes %s refuse it "
                 "(checked: %s)",
                 warnings, warnings > 1 ? "s" : "", who, checked + 2);
        return;
    }
    used = (size_t)snprintf(r, rlen,
                            "rejected: %zu problem%s that make%s %s refuse it:", errors,
                            errors > 1 ? "s" : "", errors > 1 ? "" : "s", who);
    for (i = 0; i < d->count && used < rlen; i++)
        if (d->finding[i].severity == PV_SEV_ERROR)
            used += (size_t)snprintf(r + used, rlen - used, " %s", d->finding[i].id);
}

static int pv_doctor_inputs(const PV_ENV *env, PV_REQUEST *r)
{
    if (r->code_source == NULL)
        r->code_source = "--code";
    if (r->signature_source == NULL)
        r->signature_source = "--signature";
    if (r->ca_cert != NULL || r->ca_key != NULL || r->code != NULL ||
        r->signature != NULL || r->vcert != NULL || r->platform_error != NULL) {
        if (r->signature == NULL || r->vcert == NULL)
            return 1;
        pv_raise(env, POPVERIFY_R_USAGE,
                 "give a signature or a verification certificate to diagnose, not both");
        return 0;
    }
    pv_raise(env, POPVERIFY_R_USAGE,
             "nothing to diagnose: give the CA certificate, key, code, signature or "
             "verification certificate you have, or the platform's error message");
    return 0;
}

static int pv_doctor_run(PV_DOCTOR *d, PV_RESULT *res)
{
    /* Both loaded first: the fixes name the key once it is known to fit. */
    if ((d->req->ca_cert != NULL && !pv_doctor_ca_load(d)) ||
        (d->req->ca_key != NULL && !pv_doctor_key(d)))
        return 0;
    if (d->req->platform_error != NULL)
        pv_doctor_platform_error(d);
    pv_doctor_kind(d);
    if (d->ca != NULL)
        pv_doctor_ca(d);
    if (d->key != NULL)
        pv_doctor_key_report(d);
    if (d->req->code != NULL)
        pv_doctor_code(d);
    if (d->req->signature != NULL)
        pv_doctor_sig(d);
    if (d->req->vcert != NULL && !pv_doctor_vcert(d))
        return 0;
    pv_doctor_platform_facts(d);
    pv_doctor_describe(d, res);
    pv_doctor_verdict(d, res);
    return pv_doctor_findings(d, res);
}

int pv_run_doctor(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    PV_REQUEST r = *req;
    PV_DOCTOR *d;
    int ok;

    if (!pv_doctor_inputs(env, &r))
        return 0;
    if ((d = OPENSSL_zalloc(sizeof(*d))) == NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory");
        return 0;
    }
    d->env = env;
    d->quiet = *env;
    d->quiet.note = NULL;
    d->req = &r;
    d->profile = r.profile;
    ok = pv_doctor_run(d, res);
    OPENSSL_free(d->sig);
    EVP_PKEY_free(d->key);
    sk_X509_pop_free(d->ca_file, X509_free);
    OPENSSL_free(d);
    return ok;
}
