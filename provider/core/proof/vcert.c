/*
 * vcert.c - the verification certificate: subject exactly CN=<code>, issuer
 * copied from the CA, short-lived, signed by the CA key, and checked the way
 * Azure and AWS check it before anyone sees it.
 */
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "vcert.h"
#include "certgen.h"

/*
 * The platform never sees this key's private half; any fresh key of a type
 * the profile takes will do: P-256, or RSA where the profile takes only RSA.
 */
static EVP_PKEY *pv_vcert_throwaway(const PV_ENV *env, const PV_PROFILE *profile)
{
    size_t bits = profile->min_rsa_bits > 2048 ? (size_t)profile->min_rsa_bits : 2048;

    if (profile->key_types == PV_KEY_RSA)
        return EVP_PKEY_Q_keygen(env->libctx, env->propq, "RSA", bits);
    return EVP_PKEY_Q_keygen(env->libctx, env->propq, "EC", "P-256");
}

static X509 *pv_vcert_build(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key,
                            X509 *ca, const PV_CODE *code, int days)
{
    X509_NAME *name = X509_NAME_new();
    EVP_PKEY *throwaway = pv_vcert_throwaway(env, profile);
    PV_ISSUE req = {.profile = profile,
                    .role = PV_ROLE_VCERT,
                    .subject = name,
                    .subject_key = throwaway,
                    .issuer = ca,
                    .issuer_key = key,
                    .days = days};
    X509 *cert = NULL;

    if (name == NULL || throwaway == NULL ||
        !X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                    (const unsigned char *)code->text, (int)code->len, -1,
                                    0))
        pv_raise(env, POPVERIFY_R_CRYPTO, "building the verification certificate failed");
    else
        cert = pv_issue_cert(env, &req);
    X509_NAME_free(name);
    EVP_PKEY_free(throwaway);
    return cert;
}

/* A validity cut at the CA's end is said, with the day it ends. */
static void pv_vcert_note_cap(const PV_ENV *env, X509 *cert, X509 *ca, int days)
{
    struct tm end;
    char when[32] = "the same day";

    if (ASN1_TIME_compare(X509_get0_notAfter(cert), X509_get0_notAfter(ca)) != 0)
        return;
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &end))
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &end);
    pv_note(env,
            "validity capped: %d days would end after the CA certificate, so the "
            "verification certificate ends when the CA does, %s (a certificate never "
            "outlives its issuer)",
            days, when);
}

X509 *pv_vcert_create(const PV_ENV *env, const PV_PROFILE *profile, EVP_PKEY *key,
                      X509 *ca, const PV_CODE *code, int days)
{
    X509 *cert;
    PV_VERDICT check;

    if (days <= 0)
        days = profile->days[PV_ROLE_VCERT];
    if ((cert = pv_vcert_build(env, profile, key, ca, code, days)) == NULL)
        return NULL;
    if (!pv_vcert_verify(env, profile, ca, code, cert, &check))
        goto fail;
    if (!check.valid) {
        pv_raise(env, POPVERIFY_R_SELF_CHECK,
                 "the new verification certificate failed its own check, nothing was "
                 "written: %s",
                 check.reason);
        goto fail;
    }
    pv_vcert_note_cap(env, cert, ca, days);
    return cert;
fail:
    X509_free(cert);
    return NULL;
}

static int pv_name_der_equal(const X509_NAME *a, const X509_NAME *b)
{
    const unsigned char *da, *db;
    size_t la, lb;

    return X509_NAME_get0_der(a, &da, &la) && X509_NAME_get0_der(b, &db, &lb) &&
           la == lb && memcmp(da, db, la) == 0;
}

/* The subject is exactly one CN whose bytes are the code. */
static int pv_cn_is_code(X509 *vcert, const PV_CODE *code, PV_VERDICT *v)
{
    const X509_NAME *name = X509_get_subject_name(vcert);
    const X509_NAME_ENTRY *e =
        X509_NAME_entry_count(name) == 1 ? X509_NAME_get_entry(name, 0) : NULL;
    const ASN1_STRING *cn = e != NULL ? X509_NAME_ENTRY_get_data(e) : NULL;
    char subject[256];

    if (cn != NULL && OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) == NID_commonName &&
        (size_t)ASN1_STRING_length(cn) == code->len &&
        memcmp(ASN1_STRING_get0_data(cn), code->text, code->len) == 0)
        return 1;
    X509_NAME_oneline(name, subject, sizeof(subject));
    pv_verdict_fail(
        v,
        "the verification certificate's subject is %s, but it must be exactly "
        "CN=%s (the current verification code)",
        subject, code->text);
    return 0;
}

static int pv_issued_by(X509 *vcert, X509 *ca, PV_VERDICT *v)
{
    char issuer[256], subject[256];

    if (pv_name_der_equal(X509_get_issuer_name(vcert), X509_get_subject_name(ca)))
        return 1;
    X509_NAME_oneline(X509_get_issuer_name(vcert), issuer, sizeof(issuer));
    X509_NAME_oneline(X509_get_subject_name(ca), subject, sizeof(subject));
    pv_verdict_fail(
        v,
        "the verification certificate was issued by %s, not by the CA %s: sign "
        "it with the key of the certificate you uploaded (root or intermediate)",
        issuer, subject);
    return 0;
}

static int pv_currently_valid(X509 *vcert, PV_VERDICT *v)
{
    if (X509_cmp_current_time(X509_get0_notBefore(vcert)) > 0) {
        pv_verdict_fail(v, "the verification certificate is not valid yet (check the "
                           "clock of the machine that made it)");
        return 0;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(vcert)) < 0) {
        pv_verdict_fail(v, "the verification certificate has expired; make a new one");
        return 0;
    }
    return 1;
}

int pv_vcert_verify(const PV_ENV *env, const PV_PROFILE *profile, X509 *ca,
                    const PV_CODE *code, X509 *vcert, PV_VERDICT *v)
{
    EVP_PKEY *pub = X509_get0_pubkey(ca);

    (void)profile;
    memset(v, 0, sizeof(*v));
    if (pub == NULL) {
        pv_raise(env, POPVERIFY_R_LOAD, "the CA certificate's public key cannot be read");
        return 0;
    }
    ERR_set_mark();
    if (pv_cn_is_code(vcert, code, v) && pv_issued_by(vcert, ca, v)) {
        if (X509_verify(vcert, pub) != 1)
            pv_verdict_fail(v, "the verification certificate's signature does not verify "
                               "with the CA's public key: it was signed by another key");
        else if (pv_currently_valid(vcert, v))
            v->valid = 1;
    }
    ERR_pop_to_mark();
    return 1;
}
