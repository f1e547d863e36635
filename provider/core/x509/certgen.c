/*
 * certgen.c - new keys and root CA certificates (the throwaway CAs of the demo
 * and the tests; the roles of a provisioning CA build on the same pieces).
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/encoder.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "certgen.h"
#include "keyalg.h"
#include "x509util.h"

#define PV_SUBJECT_MAX 1024

/* What a key-type string asks for: RSA bits, an EC curve, Ed25519 or ML-DSA. */
typedef struct pv_keyspec_st {
    const char *algorithm;
    const char *curve;
    size_t bits;
} PV_KEYSPEC;

static int pv_keyspec_rsa(const PV_ENV *env, const char *bits_text, PV_KEYSPEC *spec)
{
    char *end = NULL;
    long bits = bits_text != NULL ? strtol(bits_text, &end, 10) : 3072;

    if (bits_text != NULL &&
        (*bits_text == '\0' || *end != '\0' || bits < 2048 || bits > 8192)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "key type rsa:%s: RSA keys are 2048 to 8192 bits (platforms refuse "
                 "smaller ones); use e.g. rsa:3072",
                 bits_text);
        return 0;
    }
    spec->algorithm = "RSA";
    spec->bits = (size_t)bits;
    return 1;
}

static int pv_keyspec_ec(const PV_ENV *env, const char *curve, PV_KEYSPEC *spec)
{
    if (curve == NULL)
        curve = "P-256";
    if (strcmp(curve, "P-256") != 0 && strcmp(curve, "P-384") != 0 &&
        strcmp(curve, "P-521") != 0) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "key type ec:%s: the platforms accept the curves P-256, P-384 and P-521",
                 curve);
        return 0;
    }
    spec->algorithm = "EC";
    spec->curve = curve;
    return 1;
}

/* ml-dsa-44, ml-dsa-65, ml-dsa-87: OpenSSL's ML-DSA-44, -65, -87. */
static int pv_keyspec_mldsa(const char *key_type, PV_KEYSPEC *spec)
{
    static const char *const names[][2] = {{"ml-dsa-44", "ML-DSA-44"},
                                           {"ml-dsa-65", "ML-DSA-65"},
                                           {"ml-dsa-87", "ML-DSA-87"}};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(key_type, names[i][0]) == 0) {
            spec->algorithm = names[i][1];
            return 1;
        }
    return 0;
}

/* ML-DSA is in OpenSSL 3.5 and later: asked of the library, not its version. */
static int pv_keyspec_have_mldsa(const PV_ENV *env, const char *key_type)
{
    if (pv_have_mldsa(env))
        return 1;
    pv_raise(env, POPVERIFY_R_KEY_REJECTED,
             "key type %s: the OpenSSL in use (%s) has no ML-DSA; ML-DSA needs OpenSSL "
             "3.5 or later - use ec:P-256 or ed25519 here",
             key_type, OpenSSL_version(OPENSSL_VERSION));
    return 0;
}

static int pv_keyspec_parse(const PV_ENV *env, const char *key_type, PV_KEYSPEC *spec)
{
    const char *colon = key_type != NULL ? strchr(key_type, ':') : NULL;
    size_t n = colon != NULL ? (size_t)(colon - key_type)
               : key_type    ? strlen(key_type)
                             : 0;
    const char *arg = colon != NULL ? colon + 1 : NULL;

    memset(spec, 0, sizeof(*spec));
    if (n == 3 && strncmp(key_type, "rsa", 3) == 0)
        return pv_keyspec_rsa(env, arg, spec);
    if (n == 2 && strncmp(key_type, "ec", 2) == 0)
        return pv_keyspec_ec(env, arg, spec);
    if (n == 7 && strncmp(key_type, "ed25519", 7) == 0 && arg == NULL) {
        spec->algorithm = "ED25519";
        return 1;
    }
    if (arg == NULL && pv_keyspec_mldsa(key_type, spec))
        return pv_keyspec_have_mldsa(env, key_type);
    pv_raise(env, POPVERIFY_R_USAGE,
             "unknown key type '%s'; use rsa:2048..8192, ec:P-256, ec:P-384, ec:P-521, "
             "ed25519 or ml-dsa-44, ml-dsa-65, ml-dsa-87",
             key_type != NULL ? key_type : "");
    return 0;
}

EVP_PKEY *pv_keygen(const PV_ENV *env, const char *key_type)
{
    PV_KEYSPEC spec;
    EVP_PKEY *key;

    if (!pv_keyspec_parse(env, key_type, &spec))
        return NULL;
    if (spec.curve != NULL)
        key = EVP_PKEY_Q_keygen(env->libctx, env->propq, "EC", spec.curve);
    else if (spec.bits != 0)
        key = EVP_PKEY_Q_keygen(env->libctx, env->propq, "RSA", spec.bits);
    else
        key = EVP_PKEY_Q_keygen(env->libctx, env->propq, spec.algorithm);
    if (key == NULL)
        pv_raise(env, POPVERIFY_R_CRYPTO, "generating a %s key failed", key_type);
    return key;
}

/* Split "/A=x/B=y" at unescaped slashes; backslash escapes the next byte. */
static int pv_add_subject_part(const PV_ENV *env, X509_NAME *name, char *part,
                               const char *subject)
{
    char *eq = strchr(part, '=');

    if (eq == NULL || eq == part) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "subject '%s': '%s' is not TYPE=value; write it as /O=Acme/CN=Acme Root",
                 subject, part);
        return 0;
    }
    *eq = '\0';
    if (!X509_NAME_add_entry_by_txt(name, part, MBSTRING_UTF8,
                                    (const unsigned char *)eq + 1, -1, -1, 0)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "subject '%s': '%s' is not an attribute type (or its value is empty); "
                 "use e.g. C, O, OU, CN",
                 subject, part);
        return 0;
    }
    return 1;
}

X509_NAME *pv_parse_subject(const PV_ENV *env, const char *subject)
{
    char buf[PV_SUBJECT_MAX], *out = buf;
    const char *p;
    X509_NAME *name;

    if (subject == NULL || subject[0] != '/' || strlen(subject) >= sizeof(buf)) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "subject '%s' must start with '/', e.g. /O=Acme/CN=Acme Root",
                 subject != NULL ? subject : "");
        return NULL;
    }
    if ((name = X509_NAME_new()) == NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory reading subject '%s'",
                 subject);
        return NULL;
    }
    for (p = subject + 1;; p++) {
        if (*p == '\\' && p[1] != '\0') {
            *out++ = *++p;
            continue;
        }
        if (*p != '/' && *p != '\0') {
            *out++ = *p;
            continue;
        }
        *out = '\0';
        if (!pv_add_subject_part(env, name, buf, subject))
            goto fail;
        if (*p == '\0')
            return name;
        out = buf;
    }
fail:
    X509_NAME_free(name);
    return NULL;
}

static const PV_EXTENSIONS *pv_issue_extensions(const PV_ISSUE *req)
{
    /* Every built-in profile shares the same extension sets. */
    const PV_PROFILE *p = req->profile != NULL ? req->profile : pv_profile_builtin_at(0);

    return &p->extensions[req->role];
}

static int pv_issue_days(const PV_ISSUE *req)
{
    const PV_PROFILE *p = req->profile != NULL ? req->profile : pv_profile_builtin_at(0);

    return req->days > 0 ? req->days : p->days[req->role];
}

static X509 *pv_issue_build(const PV_ENV *env, const PV_ISSUE *req)
{
    X509 *cert = X509_new_ex(env->libctx, env->propq);
    X509 *issuer = req->issuer != NULL ? req->issuer : cert;
    const char *digest = req->profile != NULL ? req->profile->digest : "SHA256";
    int ok;

    ok = cert != NULL && X509_set_version(cert, X509_VERSION_3) &&
         pv_set_random_serial(env, cert) &&
         pv_set_validity(cert, pv_issue_days(req),
                         req->issuer != NULL ? X509_get0_notBefore(req->issuer) : NULL,
                         req->issuer != NULL ? X509_get0_notAfter(req->issuer) : NULL) &&
         X509_set_subject_name(cert, req->subject) &&
         X509_set_issuer_name(cert, req->issuer != NULL
                                        ? X509_get_subject_name(req->issuer)
                                        : req->subject) &&
         X509_set_pubkey(cert, req->subject_key);
    if (!ok) {
        pv_raise(env, POPVERIFY_R_CRYPTO, "building the %s certificate failed",
                 pv_role_name(req->role));
        goto fail;
    }
    if (!pv_apply_extensions(env, cert, issuer, pv_issue_extensions(req)))
        goto fail;
    if (!pv_sign_cert(env, cert, req->issuer_key, digest)) {
        pv_raise(env, POPVERIFY_R_CRYPTO,
                 "signing the %s certificate with the CA key failed",
                 pv_role_name(req->role));
        goto fail;
    }
    return cert;
fail:
    X509_free(cert);
    return NULL;
}

X509 *pv_issue_cert(const PV_ENV *env, const PV_ISSUE *req)
{
    X509 *cert = pv_issue_build(env, req);
    EVP_PKEY *pub =
        req->issuer != NULL ? X509_get0_pubkey(req->issuer) : req->subject_key;

    if (cert != NULL && !req->chain_check_follows && X509_verify(cert, pub) != 1) {
        pv_raise(env, POPVERIFY_R_SELF_CHECK,
                 "the new %s certificate does not verify with the issuer's public key; "
                 "nothing was written",
                 pv_role_name(req->role));
        X509_free(cert);
        return NULL;
    }
    return cert;
}

X509 *pv_issue_root(const PV_ENV *env, EVP_PKEY *key, const char *subject, int days)
{
    X509_NAME *name = pv_parse_subject(env, subject);
    PV_ISSUE req = {.role = PV_ROLE_ROOT,
                    .subject = name,
                    .subject_key = key,
                    .issuer_key = key,
                    .days = days};
    X509 *cert = name != NULL ? pv_issue_cert(env, &req) : NULL;

    X509_NAME_free(name);
    return cert;
}

int pv_key_encode(const PV_ENV *env, EVP_PKEY *key, const unsigned char *pass,
                  size_t passlen, unsigned char **out, size_t *outlen)
{
    OSSL_ENCODER_CTX *enc = OSSL_ENCODER_CTX_new_for_pkey(
        key, OSSL_KEYMGMT_SELECT_KEYPAIR, "PEM", "PrivateKeyInfo", env->propq);
    int ok = enc != NULL && OSSL_ENCODER_CTX_get_num_encoders(enc) > 0;

    *out = NULL;
    if (ok && pass != NULL)
        ok = OSSL_ENCODER_CTX_set_cipher(enc, "AES-256-CBC", env->propq) &&
             OSSL_ENCODER_CTX_set_passphrase(enc, pass, passlen);
    ok = ok && OSSL_ENCODER_to_data(enc, out, outlen);
    OSSL_ENCODER_CTX_free(enc);
    if (!ok)
        pv_raise(env, POPVERIFY_R_CRYPTO, "encoding the new private key failed");
    return ok;
}
