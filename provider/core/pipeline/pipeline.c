/*
 * pipeline.c - every entry point (the popverify operation, the store, the
 * signature) runs through here: canonical code, CA certificate and key loaded
 * and checked, sign or issue, self-check, encode. Nothing leaves unless the
 * self-check passed.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "checks.h"
#include "describe.h"
#include "certgen.h"
#include "issue_request.h"
#include "load.h"
#include "pipeline.h"
#include "pop.h"
#include "vcert.h"
#include "x509util.h"

static int pv_want_kind(const PV_ENV *env, const PV_PROFILE *profile, PV_KIND kind)
{
    if (profile == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE, "no profile was given");
        return 0;
    }
    if (profile->kind == kind)
        return 1;
    pv_raise(env, POPVERIFY_R_USAGE,
             "profile %s proves possession with a %s, not a %s; use %s with it",
             profile->name,
             profile->kind == PV_KIND_VCERT ? "verification certificate" : "signature",
             kind == PV_KIND_VCERT ? "verification certificate" : "signature",
             profile->kind == PV_KIND_VCERT ? "vcert" : "sign");
    return 0;
}

void pv_signer_free(PV_SIGNER *signer)
{
    if (signer == NULL)
        return;
    EVP_PKEY_free(signer->key);
    X509_free(signer->ca);
    OPENSSL_free(signer->key_source);
    OPENSSL_free(signer);
}

/* The CA as the platform sees it, and the key that must belong to it. */
PV_SIGNER *pv_signer_load(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    PV_SIGNER *s;

    if (req->profile == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE, "no profile was given");
        return NULL;
    }
    if ((s = OPENSSL_zalloc(sizeof(*s))) == NULL ||
        (s->key_source = OPENSSL_strdup(req->ca_key != NULL ? req->ca_key : "")) ==
            NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory loading the CA");
        pv_signer_free(s);
        return NULL;
    }
    s->profile = *req->profile;
    if ((s->key = pv_load_private_key(env, req->ca_key, req->pass_cb, req->pass_arg)) ==
            NULL ||
        (s->ca = pv_load_ca_cert(env, req->ca_cert, s->key, req->ca_key)) == NULL ||
        !pv_describe_ca(env, s->ca, res) ||
        !pv_check_ca_cert(env, s->ca, req->ca_cert, req->profile) ||
        !pv_check_key_matches(env, s->key, s->ca, req->ca_key, req->ca_cert) ||
        !pv_check_key(env, s->key, req->ca_key, req->profile)) {
        pv_signer_free(s);
        return NULL;
    }
    return s;
}

int pv_signer_sign(const PV_ENV *env, const PV_SIGNER *signer, const PV_CODE *code,
                   PV_RESULT *res)
{
    if (code != &res->code)
        res->code = *code;
    return pv_want_kind(env, &signer->profile, PV_KIND_SIGNATURE) &&
           pv_describe_ca(env, signer->ca, res) &&
           pv_pop_sign(env, &signer->profile, signer->key, signer->ca, &res->code,
                       &res->output, &res->output_len);
}

size_t pv_signer_max_output(const PV_SIGNER *signer)
{
    size_t raw = (size_t)EVP_PKEY_get_size(signer->key);

    return signer->profile.encoding == PV_ENC_RAW ? raw : 4 * ((raw + 2) / 3) + 1;
}

int pv_run_sign(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    PV_SIGNER *signer = NULL;
    int ok;

    ok = pv_want_kind(env, req->profile, PV_KIND_SIGNATURE) &&
         pv_code_read(env, req->profile, req->code, req->code_len, req->code_source,
                      &res->code) &&
         (signer = pv_signer_load(env, req, res)) != NULL &&
         pv_signer_sign(env, signer, &res->code, res);
    pv_signer_free(signer);
    return ok;
}

int pv_run_vcert(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    PV_SIGNER *signer = NULL;
    X509 *vcert = NULL;
    int ok;

    ok = pv_want_kind(env, req->profile, PV_KIND_VCERT) &&
         pv_code_read(env, req->profile, req->code, req->code_len, req->code_source,
                      &res->code) &&
         (signer = pv_signer_load(env, req, res)) != NULL &&
         (vcert = pv_vcert_create(env, req->profile, signer->key, signer->ca, &res->code,
                                  req->days)) != NULL;
    if (ok && !(ok = pv_cert_encode(vcert, req->der, &res->output, &res->output_len)))
        pv_raise(env, POPVERIFY_R_CRYPTO,
                 "encoding the verification certificate failed (out of memory?)");
    pv_signer_free(signer);
    X509_free(vcert);
    return ok;
}

static int pv_verify_vcert(const PV_ENV *env, const PV_REQUEST *req, X509 *ca,
                           PV_RESULT *res)
{
    X509 *vcert = pv_load_cert(env, req->vcert, "verification certificate");
    int ok = vcert != NULL &&
             pv_vcert_verify(env, req->profile, ca, &res->code, vcert, &res->verdict);

    X509_free(vcert);
    return ok;
}

int pv_run_verify(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    X509 *ca = NULL;
    PV_KIND kind = req->vcert != NULL ? PV_KIND_VCERT : PV_KIND_SIGNATURE;
    int ok;

    if ((req->vcert == NULL) == (req->signature == NULL)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "give either a signature or a verification certificate to verify");
        return 0;
    }
    ok = pv_want_kind(env, req->profile, kind) &&
         pv_code_read(env, req->profile, req->code, req->code_len, req->code_source,
                      &res->code) &&
         (ca = pv_load_ca_cert(env, req->ca_cert, NULL, NULL)) != NULL &&
         pv_describe_ca(env, ca, res) &&
         pv_check_ca_cert(env, ca, req->ca_cert, req->profile) &&
         pv_check_key(env, X509_get0_pubkey(ca), req->ca_cert, req->profile);
    if (ok && kind == PV_KIND_VCERT)
        ok = pv_verify_vcert(env, req, ca, res);
    else if (ok)
        ok = pv_pop_verify(env, req->profile, ca, &res->code, req->signature,
                           req->signature_len, &res->verdict);
    X509_free(ca);
    return ok;
}

int pv_run_issue(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    return pv_issue_request(env, req, res);
}
