/*
 * doctor_check.h - what the doctor checks share: the state of one diagnosis,
 * how a finding is recorded, the text and fix helpers, and the check groups
 * that doctor.c runs.
 */
#ifndef PV_DOCTOR_CHECK_H
#define PV_DOCTOR_CHECK_H

#include <openssl/x509.h>
#include "code.h"
#include "env.h"
#include "profile.h"
#include "request.h"

#define PV_DOCTOR_MAX_FINDINGS 24
#define PV_FIX_MAX 1600 /* a command may carry a whole base64 signature */

typedef enum { PV_SEV_ERROR, PV_SEV_WARNING } PV_SEVERITY;

typedef struct pv_finding_st {
    const char *id; /* stable: CODE_TRAILING_LF, SIG_OVER_VARIANT, ... */
    PV_SEVERITY severity;
    char what[PV_MSG_MAX / 2];
    char evidence[PV_MSG_MAX];
    char fix[PV_FIX_MAX];
} PV_FINDING;

typedef struct pv_doctor_st {
    const PV_ENV *env; /* errors that stop the diagnosis */
    PV_ENV quiet;      /* the same, without notes: reused checks note what we find */
    const PV_REQUEST *req;
    const PV_PROFILE *profile; /* as given; NULL when none */
    STACK_OF(X509) * ca_file;  /* every certificate in --ca-cert */
    X509 *ca;                  /* the one the platform takes: the first, or "#N" */
    int ca_pick;               /* its index in ca_file (from 0) */
    EVP_PKEY *key;             /* --ca-key */
    int key_matches;           /* key belongs to ca */
    int have_code;             /* code holds the code the checks compare with */
    PV_CODE code;
    unsigned char *sig; /* signature bytes recovered from the text */
    size_t siglen;
    char sig_shape[128]; /* the other key's signature they are, when not the CA's */
    PV_FINDING finding[PV_DOCTOR_MAX_FINDINGS];
    size_t count;
    PV_FINDING spill; /* findings past the array land here, unreported */
} PV_DOCTOR;

/* doctor_finding.c: record findings. what/evidence/fix are printf formats. */
PV_FINDING *pv_find(PV_DOCTOR *d, const char *id, PV_SEVERITY sev, const char *fmt, ...)
    PV_PRINTF(4, 5);
void pv_find_evidence(PV_FINDING *f, const char *fmt, ...) PV_PRINTF(2, 3);
void pv_find_fix(PV_FINDING *f, const char *fmt, ...) PV_PRINTF(2, 3);
int pv_found(const PV_DOCTOR *d, const char *id);
/* Errors whose id starts with prefix ("SIG_"), or all errors for "". */
size_t pv_found_errors(const PV_DOCTOR *d, const char *prefix);

/* doctor_text.c: showing bytes and paths safely. */
/* "abc\n" with C escapes for anything outside printable ASCII; cut with "...". */
void pv_show_bytes(const unsigned char *in, size_t len, char *out, size_t outlen);
/* in, quoted for a POSIX shell when it needs it. */
void pv_shq(const char *in, char *out, size_t outlen);
/* Lower-case hex, no separators (as `openssl sha256` prints). */
void pv_hex(const unsigned char *in, size_t len, char *out, size_t outlen);
/* SHA-256 of the DER SubjectPublicKeyInfo, hex. */
int pv_spki_sha256(const PV_DOCTOR *d, EVP_PKEY *key, char *out, size_t outlen);
/* "/O=Acme/CN=Root" of a certificate's subject or issuer. */
void pv_cert_subject(X509 *cert, char *out, size_t outlen);
void pv_cert_issuer(X509 *cert, char *out, size_t outlen);
/* Who checks: the profile's platform, or "the platform" when none is named. */
const char *pv_platform(const PV_DOCTOR *d);
/* "Jan  1 00:00:00 2030 GMT" */
void pv_time_text(const ASN1_TIME *t, char *out, size_t outlen);

/* An env whose errors are kept here instead of being raised. */
typedef struct pv_capture_st {
    int reason;
    char msg[PV_MSG_MAX];
} PV_CAPTURE;
void pv_capture_env(const PV_DOCTOR *d, PV_ENV *env, PV_CAPTURE *cap);

/* doctor_fix.c: the commands fixes name; inputs the user did not give are
 * placeholders in capitals (CA_KEY). */
const char *pv_fix_profile(const PV_DOCTOR *d, PV_KIND kind);
void pv_fix_sign(const PV_DOCTOR *d, char *out, size_t outlen);
void pv_fix_vcert(const PV_DOCTOR *d, char *out, size_t outlen);
/* Write exactly code to the code file (or code.txt) or pass it as --code. */
void pv_fix_code(const PV_DOCTOR *d, const char *code, int same_file, char *out,
                 size_t outlen);
/* Where a fresh code comes from on the profile's platform. */
void pv_fix_new_code(const PV_DOCTOR *d, char *out, size_t outlen);

/* doctor_platform.c: the platform's own behaviour that explains a finding. */
const char *pv_platform_fact(const PV_PROFILE *profile, const char *finding);
/* Add the platform's fact to the fix of each finding it explains. */
void pv_doctor_platform_facts(PV_DOCTOR *d);
/* The input named source through a filter: "< F" or "printf '%s' TEXT |". */
void pv_fix_input(const char *source, const unsigned char *text, size_t len, char *out,
                  size_t outlen);
/* A new self-signed CA certificate for newkey (NULL: the CA key). */
void pv_fix_reissue(const PV_DOCTOR *d, const char *newkey, char *out, size_t outlen);
/* Certificate n (1-based) of the CA file on its own. */
void pv_fix_extract(const PV_DOCTOR *d, int n, char *out, size_t outlen);

int pv_doctor_ca_load(PV_DOCTOR *d);
/* The i-th (from 0) certificate of the CA file other than the CA; *number is its
 * place in the file (from 1). NULL past the end. */
X509 *pv_ca_other(const PV_DOCTOR *d, int i, int *number);
void pv_doctor_ca(PV_DOCTOR *d);
int pv_cert_is_ca(X509 *cert);
int pv_cert_self_issued(X509 *cert);
int pv_cert_weak_digest(X509 *cert, char *name, size_t namelen);

/* doctor_key.c: --ca-key against the certificate (loaded, then reported). */
int pv_doctor_key(PV_DOCTOR *d);
void pv_doctor_key_report(PV_DOCTOR *d);

/* doctor_code.c, doctor_code_content.c: the code as given. */
void pv_doctor_code(PV_DOCTOR *d);
/* A PEM, JSON, control characters or non-ASCII: 1 when found (and reported). */
int pv_doctor_code_content(PV_DOCTOR *d, const unsigned char *in, size_t len);
/* doctor_code_use.c: where the code is in its input: after a BOM and blanks,
 * before line ends. */
void pv_code_bounds(const unsigned char *in, size_t len, size_t *start, size_t *end);
/* Make s the code later checks compare with, saying where it came from. */
void pv_doctor_use_code(PV_DOCTOR *d, const char *s, size_t len, const char *how);

/* doctor_sigtext.c: the signature text down to signature bytes. */
void pv_doctor_sigtext(PV_DOCTOR *d);
/* Could len bytes be a signature of the CA's key? 1 yes / 0 short / 2 long. */
int pv_sig_fits(const PV_DOCTOR *d, const unsigned char *sig, size_t len);

/* doctor_platform_msg.c: the messages platforms answer with, and the findings
 * that explain each. */
typedef struct pv_platform_error_st {
    const char *platform; /* the profiles' platform name it is from (a prefix) */
    const char *code;     /* the platform's error code, or NULL */
    const char *text;     /* the message, "..." for its variable parts */
    const char *match;    /* what identifies it in a pasted message, any case */
    const char *source;   /* where the text is documented or reported */
    const char *findings; /* the findings that explain it ("SIG_*": every SIG_ id) */
    const char *give;     /* the doctor inputs that tell those findings apart */
} PV_PLATFORM_ERROR;

#define PV_PLATFORM_SAYS_MAX 1024
/* The table, entry i; NULL past the end. */
const PV_PLATFORM_ERROR *pv_platform_error(size_t i);
/* "Azure IoT Hub reports this as IH400053 "..." (source: ...)" for finding id,
 * from the profile's platform (every platform without one); "" when none. */
void pv_platform_says(const PV_DOCTOR *d, const char *id, char *out, size_t outlen);
/* --platform-error: notes naming the messages it matches and the checks to run. */
void pv_doctor_platform_error(PV_DOCTOR *d);

/* doctor_siglen.c: what a signature's length says about its key. */
/* "an RSA signature of a 2048-bit key" ... when the bytes are a whole signature of
 * some key (RSA 1024 to 8192, ECDSA, Ed25519, Ed448); 0 and "" when of none. */
int pv_sig_shape(const unsigned char *sig, size_t len, char *out, size_t outlen);
/* A whole signature: of the CA's key, or of another. */
int pv_sig_complete(const PV_DOCTOR *d, const unsigned char *sig, size_t len);
/* SIG_WRONG_KEY from d->sig_shape; who names the key that verifies it, or NULL. */
void pv_doctor_other_key(PV_DOCTOR *d, const char *who);

/* doctor_variant.c: the bytes people sign instead of the code, and how. */
#define PV_VARIANT_MAX 14
typedef struct pv_variant_st {
    char desc[200];
    unsigned char bytes[PV_CODE_MAX + 8];
    size_t len;
} PV_VARIANT;

typedef struct pv_scheme_st {
    const char *digest; /* NULL for Ed25519 */
    int pss;            /* RSA-PSS instead of PKCS#1 v1.5 */
    int raw_ecdsa;      /* ECDSA r||s instead of DER */
} PV_SCHEME;

typedef struct pv_match_st {
    size_t variant;
    PV_SCHEME scheme;
} PV_MATCH;

size_t pv_doctor_variants(const PV_DOCTOR *d, PV_VARIANT *v, size_t max);
/* The first variant and scheme under which pub verifies the signature. */
int pv_doctor_search(const PV_DOCTOR *d, EVP_PKEY *pub, const PV_VARIANT *v, size_t n,
                     PV_MATCH *m);
int pv_verify_scheme(const PV_DOCTOR *d, EVP_PKEY *pub, const PV_SCHEME *s,
                     const unsigned char *msg, size_t len);

/* doctor_signature.c, doctor_rsa.c: what the signature was made over, and how. */
void pv_doctor_signature(PV_DOCTOR *d);
/* RSA only: what the signature opens to with pub, reported. 1 when it said. */
int pv_doctor_rsa_explain(PV_DOCTOR *d, const PV_VARIANT *v, size_t n);

/* doctor_vcert.c, doctor_vcert_cn.c, doctor_vcert_issuer.c */
int pv_doctor_vcert(PV_DOCTOR *d);
void pv_doctor_vcert_cn(PV_DOCTOR *d, X509 *vcert);
void pv_doctor_vcert_issuer(PV_DOCTOR *d, X509 *vcert, STACK_OF(X509) * extra);

#endif
