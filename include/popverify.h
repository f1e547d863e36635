/*
 * popverify.h - the public interface of the popverify OpenSSL 3 provider.
 *
 * Applications reach popverify through a custom provider operation: load the
 * provider ("popverify", plus "default"), then call popverify_api_init() to
 * obtain the operation's functions. Everything below is plain C and depends
 * only on libcrypto's public headers.
 *
 *   POPVERIFY_API api;
 *   OSSL_PROVIDER *prov = OSSL_PROVIDER_load(NULL, POPVERIFY_PROVIDER_NAME);
 *   if (popverify_api_init(&api, prov)) {
 *       void *ctx = api.newctx(api.provctx);
 *       OSSL_PARAM in[] = {
 *           OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, "cumulocity", 0),
 *           OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, "rootCA.pem", 0),
 *           OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, "rootCA.key", 0),
 *           OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code, code_len),
 *           OSSL_PARAM_construct_end()};
 *       if (api.set_ctx_params(ctx, in) && api.sign(ctx, pass_cb, pass_arg))
 *           ... read POPVERIFY_PARAM_OUTPUT with api.get_ctx_params() ...
 *       api.freectx(ctx);
 *       popverify_api_cleanup(&api);
 *   }
 *
 * Strings are passed with their length: OSSL_PARAM_construct_utf8_string(k, v, 0)
 * measures v, while the OSSL_PARAM_utf8_string(k, v, 0) initialiser means "".
 * Outputs can be requested as OSSL_PARAM_octet_ptr/utf8_ptr: they point into
 * the ctx and stay valid until the next action or freectx.
 *
 * Failures are reported on the OpenSSL error queue with library "popverify"
 * and one of the POPVERIFY_R_* reasons; the error data is a one-line message
 * that names the input and the fix.
 */
#ifndef POPVERIFY_H
#define POPVERIFY_H

#include <string.h>
#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#define POPVERIFY_PROVIDER_NAME "popverify"
#define POPVERIFY_VERSION_STR "0.1.0"

/*
 * The custom operation id. OpenSSL's own operations use 1..22 and the core
 * never asks for anything else, so popverify takes 7701.
 */
#define POPVERIFY_OP 7701
#define POPVERIFY_OP_ALGORITHM "POPVERIFY"

/* Function ids in the operation's dispatch table. */
#define POPVERIFY_FN_NEWCTX 1
#define POPVERIFY_FN_FREECTX 2
#define POPVERIFY_FN_SET_CTX_PARAMS 3
#define POPVERIFY_FN_GET_CTX_PARAMS 4
#define POPVERIFY_FN_SIGN 5   /* PoP signature over the code */
#define POPVERIFY_FN_VCERT 6  /* verification certificate for the code */
#define POPVERIFY_FN_VERIFY 7 /* check a signature or verification certificate */
#define POPVERIFY_FN_ISSUE 8  /* root, intermediate or device certificate */
/*
 * doctor: what the platform would refuse in whatever inputs are set, and the
 * fix. Returns 1 when diagnosed (valid is 1 when the platform would accept
 * them; verdict and findings say why), 0 when an input cannot be read.
 */
#define POPVERIFY_FN_DOCTOR 9
/*
 * lint: the certificate "cert" against the profile and RFC 5280, as role
 * (inferred when not set). Returns 1 when checked (findings lists what was
 * found, valid is 1 when none is an error), 0 when it cannot be read.
 */
#define POPVERIFY_FN_LINT 10
/*
 * Issuing many device certificates (a factory line, a fleet migration):
 *
 * load_signer (popverify_action_fn): load the issuing CA once into ctx, from
 * the inputs profile, ca-cert and ca-key (the passphrase callback is asked
 * here and never again). The CA is checked as a single device issue checks
 * it: the key decrypted and matched to its certificate in the CA file, the CA
 * allowed to issue, its key and the profile agreeing. Returns 1 when loaded;
 * ca-subject, ca-sha1, ca-sha256 and key-desc then describe the CA. Setting
 * profile, ca-cert or ca-key again drops the signer.
 *
 * On a ctx with a loaded signer, issue makes one device certificate through
 * it (role, if set, must be "device"): id, and csr or key-type / key-pass,
 * days and chain are read per call, and each certificate gets every check
 * and the self-check of a single issue (id and key against the profile, the
 * chain verified under strict X.509 rules before anything is returned).
 * The callback given to issue is not used.
 *
 * dupctx (popverify_dupctx_fn): a new ctx with ctx's inputs and sharing its
 * loaded signer, for another thread. The signer is read-only and shared by
 * reference; each ctx (and its outputs) must be used by one thread at a time.
 * Free every ctx with freectx; the CA goes with the last one.
 *
 *   api.set_ctx_params(ctx, profile + ca-cert + ca-key);
 *   api.load_signer(ctx, pass_cb, pass_arg);
 *   per thread: tctx = api.dupctx(ctx);
 *       per device: set id (and csr), api.issue(tctx, NULL, NULL), read
 *       output and key-out with api.get_ctx_params(tctx)
 *       api.freectx(tctx);
 */
#define POPVERIFY_FN_LOAD_SIGNER 11
#define POPVERIFY_FN_DUPCTX 12

/*
 * Parameters.
 * Inputs (set_ctx_params):
 */
#define POPVERIFY_PARAM_PROFILE "profile"         /* utf8: profile name */
#define POPVERIFY_PARAM_CODE "code"               /* octet: code bytes as given */
#define POPVERIFY_PARAM_CODE_SOURCE "code-source" /* utf8: name for messages */
#define POPVERIFY_PARAM_CA_CERT "ca-cert"         /* utf8: path or OSSL_STORE URI */
#define POPVERIFY_PARAM_CA_KEY "ca-key"           /* utf8: path or OSSL_STORE URI */
#define POPVERIFY_PARAM_DAYS "days"               /* int: vcert/issue validity */
#define POPVERIFY_PARAM_SIGNATURE "signature"     /* octet: signature text to verify */
#define POPVERIFY_PARAM_SIGNATURE_SOURCE "signature-source" /* utf8 */
#define POPVERIFY_PARAM_VCERT "vcert"       /* utf8: path or URI to verify */
#define POPVERIFY_PARAM_FORMAT "format"     /* utf8: "PEM" or "DER" (vcert) */
#define POPVERIFY_PARAM_ROLE "role"         /* utf8: root, intermediate, device */
#define POPVERIFY_PARAM_KEY_TYPE "key-type" /* utf8: rsa:2048, ec:P-256, ed25519 */
#define POPVERIFY_PARAM_SUBJECT "subject"   /* utf8: /O=Acme/CN=Acme Root */
#define POPVERIFY_PARAM_KEY_PASS "key-pass" /* octet: passphrase for new key */
/*
 * issue: role "root" needs subject (profile optional: without one a 30-day CA
 * with the built-in extensions); "intermediate" needs profile, subject,
 * ca-cert and ca-key (the issuer); "device" needs profile, ca-cert, ca-key,
 * id, and either csr or a new key (key-type, default ec:P-256). A new key
 * comes back as key-out; none with csr. For root and intermediate the ca-*
 * outputs describe the new CA, for device the issuer.
 */
#define POPVERIFY_PARAM_ID "id"       /* utf8: device id, the device certificate's CN */
#define POPVERIFY_PARAM_CSR "csr"     /* utf8: path of a PEM or DER CSR (device) */
#define POPVERIFY_PARAM_CHAIN "chain" /* int: 1 = output also holds the ca-cert file */
#define POPVERIFY_PARAM_CERT "cert"   /* utf8: path or URI of the certificate to lint */
/* doctor: a message the platform answered with; the notes say what explains it */
#define POPVERIFY_PARAM_PLATFORM_ERROR "platform-error" /* utf8 */
/*
 * verify on a ctx with a loaded signer: do a device's files from an earlier
 * run fit the signer (to resume a batch)? Inputs id, cert (the device
 * certificate file) and device-key (its key file, decrypted with key-pass)
 * or csr. Returns 1 when checked: valid 1 when the certificate was issued by
 * the signer's CA for CN=id and holds that key (serial, sha256 and
 * not-after then describe it); valid 0 with a reason when the device is
 * incomplete (no certificate yet, a key of a later attempt) and is to be
 * issued again. Returns 0 with an error when the files are not the
 * signer's to replace (another CA or id, unreadable, a key that cannot be
 * decrypted).
 */
#define POPVERIFY_PARAM_DEVICE_KEY "device-key" /* utf8: path of a device's key file */
/*
 * Outputs (get_ctx_params):
 */
#define POPVERIFY_PARAM_OUTPUT "output"   /* octet: signature text, vcert, cert */
#define POPVERIFY_PARAM_KEY_OUT "key-out" /* octet: PKCS#8 PEM of a new key */
#define POPVERIFY_PARAM_CANONICAL_CODE "canonical-code" /* utf8 */
#define POPVERIFY_PARAM_NOTES "notes"         /* utf8: what was adjusted, one per line */
#define POPVERIFY_PARAM_VALID "valid"         /* int: verify verdict, 1 or 0 */
#define POPVERIFY_PARAM_REASON "reason"       /* utf8: why verify said invalid */
#define POPVERIFY_PARAM_KIND "kind"           /* utf8: "signature" or "vcert" */
#define POPVERIFY_PARAM_KEY_DESC "key-desc"   /* utf8: e.g. "EC P-256" */
#define POPVERIFY_PARAM_CA_SHA1 "ca-sha1"     /* utf8: CA fingerprint */
#define POPVERIFY_PARAM_CA_SHA256 "ca-sha256" /* utf8: CA fingerprint */
#define POPVERIFY_PARAM_CA_SUBJECT "ca-subject" /* utf8: one-line DN */
/* issue: the new certificate's serial (upper-case hex), SHA-256 fingerprint
 * (as ca-sha256) and notAfter (2027-01-31T12:00:00Z) */
#define POPVERIFY_PARAM_SERIAL "serial"
#define POPVERIFY_PARAM_SHA256 "sha256"
#define POPVERIFY_PARAM_NOT_AFTER "not-after"
#define POPVERIFY_PARAM_PROFILES "profiles"         /* utf8: all names, space separated */
#define POPVERIFY_PARAM_PROFILE_INFO "profile-info" /* utf8: "key: value" lines */
/* doctor: one finding per line, TAB-separated: id, severity, what, evidence, fix,
 * and the platform's message for it ("" when none is known) */
/* lint: one finding per line, TAB-separated: code, severity, message; "role" is the
 * role checked */
#define POPVERIFY_PARAM_FINDINGS "findings" /* utf8 */
#define POPVERIFY_PARAM_VERDICT "verdict"   /* utf8: doctor, one line */
/* doctor: 1 when every check the platform makes could be made ("valid" is 1 only
 * then); 0 when an input was missing (the verdict says which to give). */
#define POPVERIFY_PARAM_COMPLETE "complete" /* int */

/* Reason codes on the error queue. */
#define POPVERIFY_R_USAGE 1 /* missing or contradictory input */
#define POPVERIFY_R_UNKNOWN_PROFILE 2
#define POPVERIFY_R_BAD_CODE 3
#define POPVERIFY_R_LOAD 4 /* unreadable or not a cert/key */
#define POPVERIFY_R_PASSPHRASE 5
#define POPVERIFY_R_KEY_MISMATCH 6
#define POPVERIFY_R_NOT_A_CA 7
#define POPVERIFY_R_KEY_REJECTED 8 /* key type or size the profile refuses */
#define POPVERIFY_R_CRYPTO 9       /* signing or encoding failed */
#define POPVERIFY_R_SELF_CHECK 10  /* output failed its own verification */
#define POPVERIFY_R_INTERNAL 11
#define POPVERIFY_R_BAD_ID 12 /* device id the profile refuses */

/* The operation's functions, as the dispatch table carries them. */
typedef void *(popverify_newctx_fn)(void *provctx);
typedef void(popverify_freectx_fn)(void *ctx);
typedef int(popverify_set_ctx_params_fn)(void *ctx, const OSSL_PARAM params[]);
typedef int(popverify_get_ctx_params_fn)(void *ctx, OSSL_PARAM params[]);
typedef int(popverify_action_fn)(void *ctx, OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);
/* verify: 1 checked (read POPVERIFY_PARAM_VALID), 0 error. */
typedef int(popverify_verify_fn)(void *ctx);
/* dupctx: a copy of ctx's inputs sharing its loaded signer; NULL on error. */
typedef void *(popverify_dupctx_fn)(void *ctx);

typedef struct popverify_api_st {
    const OSSL_PROVIDER *prov;
    const OSSL_ALGORITHM *algs;
    int no_cache;
    void *provctx;
    popverify_newctx_fn *newctx;
    popverify_freectx_fn *freectx;
    popverify_set_ctx_params_fn *set_ctx_params;
    popverify_get_ctx_params_fn *get_ctx_params;
    popverify_action_fn *sign;
    popverify_action_fn *vcert;
    popverify_verify_fn *verify;
    popverify_action_fn *issue;
    popverify_action_fn *doctor;      /* optional: NULL from a provider without it */
    popverify_verify_fn *lint;        /* optional, as doctor */
    popverify_action_fn *load_signer; /* optional, as doctor */
    popverify_dupctx_fn *dupctx;      /* optional, as doctor */
} POPVERIFY_API;

/* Fill api from a loaded popverify provider. Returns 1 when complete. */
static inline int popverify_api_init(POPVERIFY_API *api, const OSSL_PROVIDER *prov)
{
    const OSSL_DISPATCH *fn;

    memset(api, 0, sizeof(*api));
    if (prov == NULL)
        return 0;
    api->algs = OSSL_PROVIDER_query_operation(prov, POPVERIFY_OP, &api->no_cache);
    if (api->algs == NULL || api->algs[0].algorithm_names == NULL)
        return 0;
    api->prov = prov;
    api->provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
    for (fn = api->algs[0].implementation; fn->function_id != 0; fn++) {
        switch (fn->function_id) {
        case POPVERIFY_FN_NEWCTX:
            api->newctx = (popverify_newctx_fn *)fn->function;
            break;
        case POPVERIFY_FN_FREECTX:
            api->freectx = (popverify_freectx_fn *)fn->function;
            break;
        case POPVERIFY_FN_SET_CTX_PARAMS:
            api->set_ctx_params = (popverify_set_ctx_params_fn *)fn->function;
            break;
        case POPVERIFY_FN_GET_CTX_PARAMS:
            api->get_ctx_params = (popverify_get_ctx_params_fn *)fn->function;
            break;
        case POPVERIFY_FN_SIGN:
            api->sign = (popverify_action_fn *)fn->function;
            break;
        case POPVERIFY_FN_VCERT:
            api->vcert = (popverify_action_fn *)fn->function;
            break;
        case POPVERIFY_FN_VERIFY:
            api->verify = (popverify_verify_fn *)fn->function;
            break;
        case POPVERIFY_FN_ISSUE:
            api->issue = (popverify_action_fn *)fn->function;
            break;
        case POPVERIFY_FN_DOCTOR:
            api->doctor = (popverify_action_fn *)fn->function;
            break;
        case POPVERIFY_FN_LINT:
            api->lint = (popverify_verify_fn *)fn->function;
            break;
        case POPVERIFY_FN_LOAD_SIGNER:
            api->load_signer = (popverify_action_fn *)fn->function;
            break;
        case POPVERIFY_FN_DUPCTX:
            api->dupctx = (popverify_dupctx_fn *)fn->function;
            break;
        }
    }
    return api->newctx != NULL && api->freectx != NULL && api->set_ctx_params != NULL &&
           api->get_ctx_params != NULL && api->sign != NULL && api->vcert != NULL &&
           api->verify != NULL && api->issue != NULL;
}

static inline void popverify_api_cleanup(POPVERIFY_API *api)
{
    if (api->prov != NULL && api->algs != NULL)
        OSSL_PROVIDER_unquery_operation(api->prov, POPVERIFY_OP, api->algs);
    memset(api, 0, sizeof(*api));
}

#endif /* POPVERIFY_H */
