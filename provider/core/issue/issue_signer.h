/*
 * issue_signer.h - an issuing CA loaded and checked once (profile, CA file,
 * key), then any number of device certificates through it, from any number
 * of threads at once: the signer is read-only after pv_ca_signer_load, and
 * each pv_ca_signer_issue makes the same checks and the same self-check as a
 * single pv_issue_request. req there gives what differs per device (id, csr,
 * key_type, key_pass, days, chain, der); the profile, issuer and role are
 * the signer's. Reference counted: every up_ref needs a free.
 */
#ifndef PV_ISSUE_SIGNER_H
#define PV_ISSUE_SIGNER_H

#include <openssl/x509.h>
#include "env.h"
#include "request.h"

typedef struct pv_ca_signer_st PV_CA_SIGNER;

/* issue_signer.c */
PV_CA_SIGNER *pv_ca_signer_load(const PV_ENV *env, const PV_REQUEST *req);
int pv_ca_signer_issue(const PV_ENV *env, const PV_CA_SIGNER *signer,
                       const PV_REQUEST *req, PV_RESULT *res);
/* The issuing CA's subject, fingerprints and key into res (ca_*, key_desc). */
void pv_ca_signer_describe(const PV_CA_SIGNER *signer, PV_RESULT *res);
X509 *pv_ca_signer_cert(const PV_CA_SIGNER *signer);
int pv_ca_signer_up_ref(PV_CA_SIGNER *signer);
void pv_ca_signer_free(PV_CA_SIGNER *signer);

/*
 * issue_resume.c: whether a device's files from an earlier run fit the
 * signer, so a batch can leave them alone. req gives id, and cert (the
 * certificate file), device_key and key_pass (its key, new-key devices) or csr.
 * Returns 1 when checked: res->verdict.valid is 1 when the certificate was
 * issued by the signer's CA for that id and the key (or the CSR's) is its
 * key, with res describing the certificate; 0 (reason says why) when the
 * device is incomplete and is to be issued again. Returns 0 with an error
 * raised when the files are not the signer's to replace: a certificate of
 * another CA or id, unreadable, or a key that cannot be decrypted.
 */
int pv_ca_signer_check_device(const PV_ENV *env, const PV_CA_SIGNER *signer,
                              const PV_REQUEST *req, PV_RESULT *res);

#endif
