/*
 * issue_request.c - one path for every certificate a provisioning CA
 * issues: inputs checked for the role, the device id against the profile
 * before anything is generated or loaded, the issuer loaded and checked,
 * the subject's key made or taken from a CSR, the certificate issued by
 * pv_issue_cert, verified as a chain, then encoded with its new key.
 */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "popverify.h"
#include "checks.h"
#include "device_id.h"
#include "certgen.h"
#include "issue_request.h"
#include "issue_steps.h"
#include "describe.h"

#define PV_DEFAULT_KEY_TYPE "ec:P-256" /* every platform takes it */
#define PV_THROWAWAY_DAYS 30           /* a root with no profile: demo and tests */

typedef struct pv_issue_job_st {
    PV_PROFILE profile;      /* the request's, with the key identifier defaults */
    const PV_ISSUER *issuer; /* NULL for a root */
    X509_NAME *subject;
    EVP_PKEY *key; /* the new certificate's */
    int new_key;   /* made here, so it goes out as key_pem */
    X509 *cert;
} PV_ISSUE_JOB;

static const char *const pv_key_what[PV_ROLE_COUNT] = {
    "the root CA key", "the intermediate CA key", "the device key", "the key"};

/* CN=<device id> for a device (its id checked first), else the subject. */
static int pv_issue_subject(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job)
{
    if (req->role != PV_ROLE_DEVICE)
        return (job->subject = pv_parse_subject(env, req->subject)) != NULL;
    if (!pv_check_device_id(env, req->profile, req->id))
        return 0;
    job->subject = X509_NAME_new();
    if (job->subject != NULL &&
        X509_NAME_add_entry_by_NID(job->subject, NID_commonName, MBSTRING_UTF8,
                                   (const unsigned char *)req->id, -1, -1, 0))
        return 1;
    pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory building the device subject");
    return 0;
}

static const char *pv_issue_key_type(const PV_REQUEST *req)
{
    return req->key_type != NULL ? req->key_type : PV_DEFAULT_KEY_TYPE;
}

/* The profile, or the built-in rules (the same extension sets for every platform). */
static int pv_issue_profile(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job)
{
    (void)env;
    job->profile = req->profile != NULL ? *req->profile : *pv_profile_builtin_at(0);
    return 1;
}

static int pv_issue_key(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job)
{
    const char *what = pv_key_what[req->role];

    if (req->csr != NULL)
        job->key = pv_csr_key(env, req->csr, job->subject);
    else if ((job->key = pv_keygen(env, pv_issue_key_type(req))) != NULL)
        job->new_key = 1;
    return job->key != NULL && (req->profile == NULL ||
                                pv_check_subject_key(env, req->profile, job->key, what));
}

static int pv_issue_sign(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job)
{
    X509 *issuer = job->issuer != NULL ? job->issuer->cert : NULL;
    PV_ISSUE spec = {.profile = &job->profile,
                     .role = req->role,
                     .subject = job->subject,
                     .subject_key = job->key,
                     .issuer = issuer,
                     .issuer_key = issuer != NULL ? job->issuer->key : job->key,
                     .days = req->days,
                     .chain_check_follows = 1};

    if (req->days <= 0 && req->profile == NULL)
        spec.days = PV_THROWAWAY_DAYS;
    if ((job->cert = pv_issue_cert(env, &spec)) == NULL)
        return 0;
    if (issuer != NULL &&
        ASN1_TIME_compare(X509_get0_notAfter(job->cert), X509_get0_notAfter(issuer)) == 0)
        pv_note(env,
                "the %s certificate ends when its issuer %s does: a certificate never "
                "outlives its issuer",
                pv_role_name(req->role), req->ca_cert);
    return 1;
}

/* Describe the CA the result is about, and the new certificate's key. */
static int pv_issue_describe(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job,
                             PV_RESULT *res)
{
    if (req->role == PV_ROLE_DEVICE) {
        const PV_RESULT *ca = &job->issuer->desc;

        memcpy(res->ca_sha1, ca->ca_sha1, sizeof(res->ca_sha1));
        memcpy(res->ca_sha256, ca->ca_sha256, sizeof(res->ca_sha256));
        memcpy(res->ca_subject, ca->ca_subject, sizeof(res->ca_subject));
    } else if (!pv_describe_ca(env, job->cert, res)) {
        return 0;
    }
    if (!pv_describe_issued(env, job->cert, res))
        return 0;
    pv_key_describe(job->key, res->key_desc, sizeof(res->key_desc));
    return 1;
}

static int pv_issue_key_out(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job,
                            PV_RESULT *res)
{
    if (!job->new_key)
        return 1;
    return pv_key_encode(env, job->key, req->key_pass, req->key_pass_len, &res->key_pem,
                         &res->key_pem_len);
}

static void pv_issue_job_clear(PV_ISSUE_JOB *job)
{
    X509_NAME_free(job->subject);
    EVP_PKEY_free(job->key);
    X509_free(job->cert);
}

/* What needs neither the issuer nor any crypto: the subject (and the device
 * id in it) and the key type, so a refusal comes before anything is loaded. */
static int pv_issue_prepare(const PV_ENV *env, const PV_REQUEST *req, PV_ISSUE_JOB *job)
{
    return pv_issue_subject(env, req, job) &&
           (req->csr != NULL ||
            pv_check_key_type(env, req->profile, pv_issue_key_type(req),
                              pv_key_what[req->role])) &&
           pv_issue_profile(env, req, job);
}

/* The key, the certificate, its one self-check, the outputs. */
static int pv_issue_finish(const PV_ENV *env, const PV_REQUEST *req,
                           const PV_ISSUER *issuer, PV_ISSUE_JOB *job, PV_RESULT *res)
{
    job->issuer = issuer;
    return pv_issue_key(env, req, job) && pv_issue_sign(env, req, job) &&
           pv_verify_issued(env, job->cert, issuer != NULL ? issuer->cert : NULL,
                            req->role) &&
           pv_issue_describe(env, req, job, res) &&
           pv_issue_encode(env, req, job->cert, issuer, res) &&
           pv_issue_key_out(env, req, job, res);
}

int pv_issue_request(const PV_ENV *env, const PV_REQUEST *req, PV_RESULT *res)
{
    PV_ISSUE_JOB job;
    PV_ISSUER issuer;
    int ok;

    memset(&issuer, 0, sizeof(issuer));
    memset(&job, 0, sizeof(job));
    ok = pv_issue_check_inputs(env, req) && pv_issue_prepare(env, req, &job) &&
         (req->role == PV_ROLE_ROOT || pv_issuer_load(env, req, &issuer)) &&
         pv_issue_finish(env, req, req->role == PV_ROLE_ROOT ? NULL : &issuer, &job, res);
    pv_issue_job_clear(&job);
    pv_issuer_clear(&issuer);
    return ok;
}

int pv_issue_under(const PV_ENV *env, const PV_REQUEST *req, const PV_ISSUER *issuer,
                   PV_RESULT *res)
{
    PV_ISSUE_JOB job;
    int ok;

    memset(&job, 0, sizeof(job));
    ok = pv_issue_check_inputs(env, req) && pv_issue_prepare(env, req, &job) &&
         pv_issue_finish(env, req, issuer, &job, res);

    pv_issue_job_clear(&job);
    return ok;
}
