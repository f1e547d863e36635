/*
 * doctor_cert.c - the CA certificate as the platform sees it: the first
 * certificate of the file, which must be a CA, valid now, with a key and
 * signature algorithm the platform accepts.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "checks.h"
#include "key_policy.h"
#include "doctor_check.h"
#include "load.h"

int pv_cert_is_ca(X509 *cert)
{
    BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
    int ca = bc != NULL && bc->ca;

    BASIC_CONSTRAINTS_free(bc);
    return ca;
}

int pv_cert_self_issued(X509 *cert)
{
    return X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
}

int pv_cert_weak_digest(X509 *cert, char *name, size_t namelen)
{
    int mdnid = NID_undef;

    if (!X509_get_signature_info(cert, &mdnid, NULL, NULL, NULL) ||
        (mdnid != NID_sha1 && mdnid != NID_md5 && mdnid != NID_md4 && mdnid != NID_md2))
        return 0;
    snprintf(name, namelen, "%s", OBJ_nid2sn(mdnid));
    return 1;
}

static const char *pv_bc_state(X509 *cert)
{
    BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
    int present = X509_get_ext_by_NID(cert, NID_basic_constraints, -1) >= 0;
    const char *state = bc != NULL ? (bc->ca ? "basicConstraints CA:TRUE"
                                             : "basicConstraints says CA:FALSE")
                        : present  ? "its basicConstraints extension does not decode "
                                     "(not valid DER), so no platform can read it"
                                   : "it has no basicConstraints extension";

    BASIC_CONSTRAINTS_free(bc);
    return state;
}

/* The CA is not self-issued: its issuer renews it from a request. */
static void pv_fix_renew(const PV_DOCTOR *d, const char *what, char *out, size_t outlen)
{
    char q[512];

    pv_shq(d->req->ca_cert, q, sizeof(q));
    snprintf(out, outlen,
             "openssl x509 -x509toreq -in %s -signkey CA_KEY -out renew.csr  # and have "
             "the issuing CA sign renew.csr%s",
             q, what);
}

static void pv_ca_several(PV_DOCTOR *d)
{
    int n = sk_X509_num(d->ca_file);
    char subject[256], fix[PV_FIX_MAX];
    PV_FINDING *f;

    if (n < 2)
        return;
    pv_cert_subject(d->ca, subject, sizeof(subject));
    f = pv_find(d, "CERT_SEVERAL", PV_SEV_WARNING,
                "%s holds %d certificates; a platform takes only one, the first of what "
                "is uploaded",
                d->req->ca_cert, n);
    pv_find_evidence(f, "certificate #%d is %s; the other checks are about that one%s",
                     d->ca_pick + 1, subject,
                     d->ca_pick == 0 ? " (give FILE#N for another)"
                                     : ", as the #N suffix asks");
    pv_fix_extract(d, d->ca_pick + 1, fix, sizeof(fix));
    pv_find_fix(f, "%s  # and upload ca-only.pem", fix);
}

/* The certificate of the issuer, when the file holds it too. */
static int pv_issuer_index(const PV_DOCTOR *d)
{
    X509 *c;
    int i, n;

    for (i = 0; (c = pv_ca_other(d, i, &n)) != NULL; i++)
        if (X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(d->ca)) == 0)
            return n;
    return 0;
}

static void pv_ca_device(PV_DOCTOR *d)
{
    char subject[256], issuer[256], fix[PV_FIX_MAX], q[300];
    int n = pv_issuer_index(d);
    PV_FINDING *f;

    pv_cert_subject(d->ca, subject, sizeof(subject));
    pv_cert_issuer(d->ca, issuer, sizeof(issuer));
    f = pv_find(d, "CERT_IS_DEVICE", PV_SEV_ERROR,
                "%s is not a CA certificate but one issued by a CA (a device or "
                "verification certificate?); the platform wants the CA certificate",
                d->req->ca_cert);
    pv_find_evidence(f, "subject %s, issuer %s; %s", subject, issuer, pv_bc_state(d->ca));
    pv_shq(issuer, q, sizeof(q));
    if (n > 0)
        pv_fix_extract(d, n, fix, sizeof(fix));
    else
        snprintf(fix, sizeof(fix),
                 "openssl x509 -in CA_CERT -noout -subject  # give --ca-cert the "
                 "certificate whose subject is %s",
                 q);
    pv_find_fix(f, "%s", fix);
}

static void pv_ca_not_ca(PV_DOCTOR *d)
{
    int strict = d->profile == NULL || d->profile->require_ca;
    /* Cumulocity publishes the rule; for the other profiles it is popverify's */
    int published = d->profile != NULL && pv_profile_source(d->profile, PV_F_REQUIRE_CA);
    char fix[PV_FIX_MAX], why[160];
    PV_FINDING *f;

    if (!strict)
        snprintf(why, sizeof(why), "most platforms refuse such a CA");
    else if (published)
        snprintf(why, sizeof(why), "%s documents that it refuses such a CA",
                 pv_platform(d));
    else
        snprintf(why, sizeof(why),
                 "the profile requires one (popverify's default; "
                 "Cumulocity documents that it refuses such a CA)");
    f = pv_find(d, "CERT_NOT_CA", strict ? PV_SEV_ERROR : PV_SEV_WARNING,
                "%s is not marked as a CA; %s", d->req->ca_cert, why);
    pv_find_evidence(f, "%s", pv_bc_state(d->ca));
    pv_fix_reissue(d, NULL, fix, sizeof(fix));
    pv_find_fix(f, "%s  # same key, new certificate: upload it again", fix);
}

static void pv_ca_validity(PV_DOCTOR *d)
{
    const ASN1_TIME *nb = X509_get0_notBefore(d->ca), *na = X509_get0_notAfter(d->ca);
    int early = X509_cmp_current_time(nb) > 0, late = X509_cmp_current_time(na) < 0;
    char when[64], fix[PV_FIX_MAX];
    PV_FINDING *f;

    if (!early && !late)
        return;
    pv_time_text(early ? nb : na, when, sizeof(when));
    f = pv_find(
        d, early ? "CERT_NOT_YET_VALID" : "CERT_EXPIRED", PV_SEV_ERROR,
        early ? "CA certificate %s is not valid yet (a wrong clock where it was made?)"
              : "CA certificate %s has expired; the platform refuses it",
        d->req->ca_cert);
    pv_find_evidence(f, "%s %s", early ? "notBefore" : "notAfter", when);
    if (pv_cert_self_issued(d->ca))
        pv_fix_reissue(d, NULL, fix, sizeof(fix));
    else
        pv_fix_renew(d, "", fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
}

/* The key policy's verdict (key_policy.h), as sign and vcert would give it. */
static void pv_ca_key_strength(PV_DOCTOR *d)
{
    EVP_PKEY *pub = X509_get0_pubkey(d->ca);
    char fix[PV_FIX_MAX];
    PV_KEY_VERDICT v;
    PV_CAPTURE cap;
    PV_ENV env;
    PV_FINDING *f;
    int weak;

    if (pub == NULL || d->profile == NULL || pv_key_policy_check(d->profile, pub, &v))
        return;
    pv_capture_env(d, &env, &cap);
    pv_check_key(&env, pub, d->req->ca_cert, d->profile);
    weak = strcmp(v.rule->code, "PV_KEY_RSA_SMALL") == 0;
    if (weak)
        f = pv_find(d, "CERT_RSA_WEAK", PV_SEV_ERROR,
                    "the CA key is %s; the platform requires RSA of at least %d bits",
                    v.desc, d->profile->min_rsa_bits);
    else
        f = pv_find(d, "CERT_KEY_REJECTED", PV_SEV_ERROR,
                    "the CA key is %s, which %s does not accept", v.desc, pv_platform(d));
    pv_find_evidence(f, "%s", cap.msg);
    pv_fix_reissue(d, "ca-new.key", fix, sizeof(fix));
    if (weak)
        pv_find_fix(f,
                    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "
                    "ca-new.key && %s",
                    fix);
    else
        pv_find_fix(f,
                    "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "
                    "ca-new.key && %s",
                    fix);
}

static void pv_ca_digest(PV_DOCTOR *d)
{
    char md[32], fix[PV_FIX_MAX];
    PV_FINDING *f;

    if (!pv_cert_weak_digest(d->ca, md, sizeof(md)))
        return;
    f = pv_find(d, "CERT_SHA1_SIGNED", PV_SEV_ERROR,
                "CA certificate %s is signed with %s; platforms refuse such certificates",
                d->req->ca_cert, md);
    pv_find_evidence(f, "signature algorithm %s",
                     OBJ_nid2ln(X509_get_signature_nid(d->ca)));
    if (pv_cert_self_issued(d->ca))
        pv_fix_reissue(d, NULL, fix, sizeof(fix));
    else
        pv_fix_renew(d, " with SHA-256", fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
}

int pv_doctor_ca_load(PV_DOCTOR *d)
{
    d->ca_file = pv_load_pick(d->env, d->req->ca_cert, "CA certificate", &d->ca_pick);
    if (d->ca_file == NULL)
        return 0;
    d->ca = sk_X509_value(d->ca_file, d->ca_pick);
    return 1;
}

X509 *pv_ca_other(const PV_DOCTOR *d, int i, int *number)
{
    int at = i < d->ca_pick ? i : i + 1;

    *number = at + 1;
    return i >= 0 && at < sk_X509_num(d->ca_file) ? sk_X509_value(d->ca_file, at) : NULL;
}

void pv_doctor_ca(PV_DOCTOR *d)
{
    pv_ca_several(d);
    if (!pv_cert_is_ca(d->ca) && !pv_cert_self_issued(d->ca))
        pv_ca_device(d);
    else if (!pv_cert_is_ca(d->ca))
        pv_ca_not_ca(d);
    pv_ca_validity(d);
    pv_ca_key_strength(d);
    pv_ca_digest(d);
}
