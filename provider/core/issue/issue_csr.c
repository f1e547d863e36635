/*
 * issue_csr.c - a device that made its own key sends a CSR. Only its public
 * key is taken, and only after the CSR's own signature proves the sender
 * holds that key. Its subject becomes CN=<device id> and its requested
 * extensions give way to the profile's; both are said in a note.
 */
#include <errno.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "issue_steps.h"

#define PV_CSR_MAX (256 * 1024)

/* The file's bytes, in a memory BIO. */
static BIO *pv_csr_slurp(const PV_ENV *env, const char *path)
{
    BIO *in = BIO_new_file(path, "rb"), *mem = BIO_new(BIO_s_mem());
    char buf[4096];
    int n, total = 0;

    if (in == NULL || mem == NULL) {
        pv_raise(env, POPVERIFY_R_LOAD, "CSR %s: cannot read it (%s); check the path",
                 path, strerror(errno));
        goto fail;
    }
    while ((n = BIO_read(in, buf, sizeof(buf))) > 0 && total <= PV_CSR_MAX) {
        total += n;
        if (BIO_write(mem, buf, n) != n)
            goto fail;
    }
    BIO_free(in);
    return mem;
fail:
    BIO_free(in);
    BIO_free(mem);
    return NULL;
}

/* PEM first, then DER; NULL when it is neither. */
static X509_REQ *pv_csr_decode(const PV_ENV *env, BIO *mem)
{
    X509_REQ *req = X509_REQ_new_ex(env->libctx, env->propq);
    const unsigned char *der;
    char *data;
    long len = BIO_get_mem_data(mem, &data);
    BIO *pem = BIO_new_mem_buf(data, (int)len);

    if (req != NULL && pem != NULL &&
        PEM_read_bio_X509_REQ(pem, &req, NULL, NULL) != NULL) {
        BIO_free(pem);
        return req;
    }
    BIO_free(pem);
    X509_REQ_free(req); /* a failed decode may already have freed it */
    if ((req = X509_REQ_new_ex(env->libctx, env->propq)) == NULL)
        return NULL;
    der = (const unsigned char *)data;
    if (d2i_X509_REQ(&req, &der, len) != NULL && der == (const unsigned char *)data + len)
        return req;
    X509_REQ_free(req);
    return NULL;
}

static X509_REQ *pv_csr_load(const PV_ENV *env, const char *path)
{
    BIO *mem = pv_csr_slurp(env, path);
    X509_REQ *req;

    if (mem == NULL)
        return NULL;
    ERR_set_mark();
    req = pv_csr_decode(env, mem);
    ERR_pop_to_mark(); /* the format that did not fit leaves noise */
    BIO_free(mem);
    if (req == NULL)
        pv_raise(env, POPVERIFY_R_LOAD,
                 "CSR %s: not a certificate signing request (no PEM or DER CSR found in "
                 "it); give the device's CSR, e.g. from openssl req -new",
                 path);
    return req;
}

/* The CSR's public key (decoded with the CSR, in our library context), its
 * signature checked. */
static EVP_PKEY *pv_csr_checked_key(const PV_ENV *env, X509_REQ *req, const char *path)
{
    EVP_PKEY *key = X509_REQ_get_pubkey(req);

    if (key == NULL) {
        pv_raise(env, POPVERIFY_R_LOAD,
                 "CSR %s: its public key cannot be read (an unsupported key type?)",
                 path);
        return NULL;
    }
    if (X509_REQ_verify_ex(req, key, env->libctx, env->propq) != 1) {
        pv_raise(env, POPVERIFY_R_LOAD,
                 "CSR %s: its signature does not verify with its own public key, so it "
                 "does not prove the device holds the key; make a new CSR with the "
                 "device's key",
                 path);
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
}

/* Say what the certificate does not take over from the CSR. */
static void pv_csr_notes(const PV_ENV *env, X509_REQ *req, const char *path,
                         const X509_NAME *subject)
{
    STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
    char asked[256], given[256];

    if (X509_NAME_cmp(X509_REQ_get_subject_name(req), subject) != 0) {
        X509_NAME_oneline(X509_REQ_get_subject_name(req), asked, sizeof(asked));
        X509_NAME_oneline(subject, given, sizeof(given));
        pv_note(env, "CSR %s: its subject %s is replaced by %s (the device id)", path,
                asked[0] != '\0' ? asked : "(empty)", given);
    }
    if (sk_X509_EXTENSION_num(exts) > 0)
        pv_note(env,
                "CSR %s: its %d requested extension(s) are not copied; the profile's "
                "device extensions apply",
                path, sk_X509_EXTENSION_num(exts));
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
}

EVP_PKEY *pv_csr_key(const PV_ENV *env, const char *path, const X509_NAME *subject)
{
    X509_REQ *req = pv_csr_load(env, path);
    EVP_PKEY *key = req != NULL ? pv_csr_checked_key(env, req, path) : NULL;

    if (key != NULL)
        pv_csr_notes(env, req, path, subject);
    X509_REQ_free(req);
    return key;
}
