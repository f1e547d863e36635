/*
 * issue_signer.c - an issuing CA loaded once for many device certificates.
 * Loading does everything a single device issue does before its first
 * device-specific step (profile, CA file, key decrypted and matched, the CA
 * checked as one that may issue); each device then takes the very path of a
 * single issue (pv_issue_under): id and key checked, key made or read from
 * its CSR, certificate signed, verified as a chain, encoded. Nothing in the
 * signer changes after loading, so threads share it without locks.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "issue_request.h"
#include "issue_signer.h"
#include "issue_steps.h"

struct pv_ca_signer_st {
    PV_PROFILE profile; /* a copy: it outlives the request */
    PV_ISSUER issuer;
    char *ca_cert, *ca_key; /* what messages call them */
    int refs;
    CRYPTO_RWLOCK *lock;
};

PV_CA_SIGNER *pv_ca_signer_load(const PV_ENV *env, const PV_REQUEST *req)
{
    PV_CA_SIGNER *s;
    PV_REQUEST load = *req;

    load.role = PV_ROLE_DEVICE;
    if (req->profile == NULL || req->ca_cert == NULL || req->ca_key == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "a signer needs a profile and the issuing CA's certificate and private "
                 "key (profile, ca-cert and ca-key)");
        return NULL;
    }
    if ((s = OPENSSL_zalloc(sizeof(*s))) == NULL)
        goto oom;
    s->refs = 1;
    if ((s->lock = CRYPTO_THREAD_lock_new()) == NULL ||
        (s->ca_cert = OPENSSL_strdup(req->ca_cert)) == NULL ||
        (s->ca_key = OPENSSL_strdup(req->ca_key)) == NULL)
        goto oom;
    s->profile = *req->profile;
    load.profile = &s->profile;
    if (!pv_issuer_load(env, &load, &s->issuer))
        goto fail;
    return s;
oom:
    pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory loading the signer");
fail:
    pv_ca_signer_free(s);
    return NULL;
}

int pv_ca_signer_issue(const PV_ENV *env, const PV_CA_SIGNER *signer,
                       const PV_REQUEST *req, PV_RESULT *res)
{
    PV_REQUEST dev = *req;

    dev.profile = &signer->profile;
    dev.ca_cert = signer->ca_cert;
    dev.ca_key = signer->ca_key;
    dev.role = PV_ROLE_DEVICE;
    dev.pass_cb = NULL; /* nothing more is loaded that could ask */
    dev.pass_arg = NULL;
    return pv_issue_under(env, &dev, &signer->issuer, res);
}

void pv_ca_signer_describe(const PV_CA_SIGNER *signer, PV_RESULT *res)
{
    const PV_RESULT *ca = &signer->issuer.desc;

    memcpy(res->ca_sha1, ca->ca_sha1, sizeof(res->ca_sha1));
    memcpy(res->ca_sha256, ca->ca_sha256, sizeof(res->ca_sha256));
    memcpy(res->ca_subject, ca->ca_subject, sizeof(res->ca_subject));
    memcpy(res->key_desc, ca->key_desc, sizeof(res->key_desc));
}

X509 *pv_ca_signer_cert(const PV_CA_SIGNER *signer)
{
    return signer->issuer.cert;
}

int pv_ca_signer_up_ref(PV_CA_SIGNER *signer)
{
    int refs;

    return CRYPTO_atomic_add(&signer->refs, 1, &refs, signer->lock) && refs > 1;
}

void pv_ca_signer_free(PV_CA_SIGNER *signer)
{
    int refs = 0;

    if (signer == NULL)
        return;
    if (signer->lock != NULL &&
        (!CRYPTO_atomic_add(&signer->refs, -1, &refs, signer->lock) || refs > 0))
        return;
    pv_issuer_clear(&signer->issuer);
    OPENSSL_free(signer->ca_cert);
    OPENSSL_free(signer->ca_key);
    CRYPTO_THREAD_lock_free(signer->lock);
    OPENSSL_free(signer);
}
