/*
 * lint.h - "popverify lint": one certificate checked against a profile and
 * RFC 5280. Each check is one small function; each finding carries a stable
 * code (docs/lint.md), a severity and a message that says the fix.
 */
#ifndef PV_LINT_H
#define PV_LINT_H

#include <openssl/x509.h>
#include "env.h"
#include "pipeline.h"
#include "profile.h"

/*
 * Lint the certificate at uri (path or OSSL_STORE URI) for role ("root",
 * "intermediate", "device", "vcert"; NULL or "" infers it). On success
 * res->output holds the findings, NUL-terminated, one per line as
 * "CODE\tseverity\tmessage" (severity: error, warning, info);
 * res->verdict.valid is 1 when no finding is an error and
 * res->verdict.reason counts them; *role_out is the role checked.
 * Returns 0 when the certificate cannot be read or the role is unknown.
 */
int pv_run_lint(const PV_ENV *env, const PV_PROFILE *profile, const char *uri,
                const char *role, PV_RESULT *res, PV_ROLE *role_out);

/* ---- shared by the lint_*.c files ---- */

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

/* lint.c: record a finding; fmt is the message, one line ending in the fix. */
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
