/*
 * issue_resume.c - a batch that was stopped is run again: a device whose
 * files are already complete (its certificate issued by this CA for this
 * id, its key the certificate's key) is left alone; one that was stopped
 * half-way (no certificate yet, or a key of a later attempt) is issued
 * again; files that are not this CA's device are never replaced unasked.
 */
#include <errno.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "issue_signer.h"
#include "issue_steps.h"

/* The first certificate of path; NULL and *absent when there is no file. */
static X509 *pv_resume_cert(const PV_ENV *env, const char *path, int *absent)
{
    BIO *in = BIO_new_file(path, "rb");
    X509 *cert = NULL;

    *absent = in == NULL && errno == ENOENT;
    if (in != NULL)
        cert = PEM_read_bio_X509(in, NULL, NULL, NULL);
    BIO_free(in);
    if (cert == NULL && !*absent)
        pv_raise(env, POPVERIFY_R_LOAD,
                 "%s exists but is not a readable PEM certificate; move it away, or "
                 "give --force to issue the device again",
                 path);
    return cert;
}

/* Issued by the signer's CA (name and signature) for CN=id. */
static int pv_resume_ours(const PV_ENV *env, X509 *cert, X509 *ca, const PV_REQUEST *req)
{
    char cn[256];
    int ok, len;

    ERR_set_mark();
    ok = X509_check_issued(ca, cert) == X509_V_OK &&
         X509_verify(cert, X509_get0_pubkey(ca)) == 1;
    ERR_pop_to_mark();
    len = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                                    sizeof(cn));
    if (!ok || len < 0 || strcmp(cn, req->id) != 0) {
        pv_raise(env, POPVERIFY_R_KEY_MISMATCH,
                 "%s exists but is not %s's certificate from this CA (%s); move it "
                 "away, or give --force to replace it",
                 req->cert, req->id, !ok ? "another issuer" : "another device id");
        return 0;
    }
    return 1;
}

static int pv_resume_pass(char *buf, int size, int rwflag, void *u)
{
    const PV_REQUEST *req = u;

    (void)rwflag;
    if (req->key_pass == NULL || req->key_pass_len > (size_t)size)
        return -1;
    memcpy(buf, req->key_pass, req->key_pass_len);
    return (int)req->key_pass_len;
}

/* The device's key file; NULL and *absent when there is none. */
static EVP_PKEY *pv_resume_key(const PV_ENV *env, const PV_REQUEST *req, int *absent)
{
    BIO *in = BIO_new_file(req->device_key, "rb");
    EVP_PKEY *key = NULL;

    *absent = in == NULL && errno == ENOENT;
    if (in != NULL)
        key = PEM_read_bio_PrivateKey_ex(in, NULL, pv_resume_pass, (void *)req,
                                         env->libctx, env->propq);
    BIO_free(in);
    if (key == NULL && !*absent)
        pv_raise(env, POPVERIFY_R_PASSPHRASE,
                 "%s exists but cannot be read%s; give the passphrase it was written "
                 "with, or --force to issue the device again",
                 req->device_key,
                 req->key_pass != NULL ? " with the --passout given" : "");
    return key;
}

/* The key the certificate should hold: the key file's or the CSR's. */
static EVP_PKEY *pv_resume_subject_key(const PV_ENV *env, const PV_REQUEST *req,
                                       X509 *cert, int *absent)
{
    *absent = 0;
    if (req->csr != NULL)
        return pv_csr_key(env, req->csr, X509_get_subject_name(cert));
    return pv_resume_key(env, req, absent);
}

int pv_ca_signer_check_device(const PV_ENV *env, const PV_CA_SIGNER *signer,
                              const PV_REQUEST *req, PV_RESULT *res)
{
    X509 *cert;
    EVP_PKEY *key = NULL;
    int absent, ok = 0, eq;

    res->verdict.valid = 0;
    if ((cert = pv_resume_cert(env, req->cert, &absent)) == NULL) {
        if (absent)
            pv_verdict_fail(&res->verdict, "%s is not there yet", req->cert);
        return absent;
    }
    if (!pv_resume_ours(env, cert, pv_ca_signer_cert(signer), req))
        goto done;
    if ((key = pv_resume_subject_key(env, req, cert, &absent)) == NULL) {
        if ((ok = absent))
            pv_verdict_fail(&res->verdict, "%s is not there", req->device_key);
        goto done;
    }
    ERR_set_mark();
    eq = EVP_PKEY_eq(key, X509_get0_pubkey(cert)) == 1;
    ERR_pop_to_mark();
    if (!eq) {
        pv_verdict_fail(&res->verdict, "%s does not hold the key of %s",
                        req->csr != NULL ? req->csr : req->device_key, req->cert);
        ok = 1;
        goto done;
    }
    pv_ca_signer_describe(signer, res);
    res->verdict.valid = ok = pv_describe_issued(env, cert, res);
done:
    EVP_PKEY_free(key);
    X509_free(cert);
    return ok;
}
