/*
 * lint_check.h - what the lint checks share: the state of one run, the way a
 * finding is recorded, the helpers, and the check groups that lint.c runs.
 */
#ifndef PV_LINT_CHECK_H
#define PV_LINT_CHECK_H

#include <openssl/x509.h>
#include "env.h"
#include "profile.h"

typedef enum { PV_LINT_ERROR, PV_LINT_WARNING, PV_LINT_INFO } PV_LINT_SEVERITY;

#define PV_LINT_MAX 48

typedef struct pv_lint_finding_st {
    const char *code; /* PV_CA_NOT_CRITICAL, ... */
    PV_LINT_SEVERITY severity;
    char message[PV_MSG_MAX];
} PV_LINT_FINDING;

typedef struct pv_lint_st {
    const PV_ENV *env;
    const PV_PROFILE *profile;
    X509 *cert;
    PV_ROLE role;
    int self_issued; /* subject and issuer are the same name */
    PV_LINT_FINDING finding[PV_LINT_MAX];
    size_t count;          /* findings past PV_LINT_MAX are counted, not kept */
    size_t by_severity[3]; /* every finding, kept or not */
} PV_LINT;

/* lint_finding.c: record a finding; fmt is the message, one line ending in the fix. */
void pv_lint_find(PV_LINT *l, const char *code, PV_LINT_SEVERITY sev, const char *fmt,
                  ...) PV_PRINTF(4, 5);
/* The role is root or intermediate. */
int pv_lint_is_ca_role(const PV_LINT *l);

/* lint_util.c */
/* The first instance of an extension, decoded (free it with its type's _free),
 * its critical flag in *crit; NULL when absent or undecodable. */
void *pv_lint_ext(X509 *cert, int nid, int *crit);
/* basicConstraints with cA TRUE. */
int pv_lint_cert_is_ca(X509 *cert);
/* extendedKeyUsage names clientAuth: the certificate is a TLS client's. */
int pv_lint_has_client_auth(X509 *cert);
/* The first CN of the subject as UTF-8 (OPENSSL_free it), NULL if none. */
char *pv_lint_cn(X509 *cert);
/* s with anything outside printable ASCII as \xNN, cut with "..." to fit. */
void pv_lint_show(const char *s, char *out, size_t outlen);
/* An extension's value as `openssl x509 -text` prints it, on one line. */
void pv_lint_ext_text(X509_EXTENSION *ext, char *out, size_t outlen);

/* The check groups, run in this order; each calls its checks one by one. */
void pv_lint_cert(PV_LINT *l);        /* lint_cert.c: version, serial */
void pv_lint_signature(PV_LINT *l);   /* lint_sig.c */
void pv_lint_key(PV_LINT *l);         /* lint_key.c */
void pv_lint_values(PV_LINT *l);      /* lint_values.c: NUL, lengths, alphabets */
void pv_lint_ca(PV_LINT *l);          /* lint_ca.c: CA flag, key usage, path length */
void pv_lint_leaf(PV_LINT *l);        /* lint_leaf.c: device and vcert */
void pv_lint_keyid(PV_LINT *l);       /* lint_keyid.c: SKI and AKI */
void pv_lint_extensions(PV_LINT *l);  /* lint_ext.c: Netscape, critical, duplicates */
void pv_lint_profile_ext(PV_LINT *l); /* lint_profile.c: the profile's extensions */
void pv_lint_validity(PV_LINT *l);    /* lint_validity.c */
void pv_lint_names(PV_LINT *l);       /* lint_names.c: DN encoding */
void pv_lint_cn_rules(PV_LINT *l);    /* lint_cn.c: device id and vcert code */

/* lint_profile.c: the profile's extension line for nid in the role's set, or NULL. */
const PV_EXT *pv_lint_profile_line(const PV_LINT *l, int nid);

/* lint_cn.c: the CN is a code of the (vcert) profile's shape (role inference). */
int pv_lint_cn_is_code(const PV_PROFILE *profile, const char *cn);

#endif
