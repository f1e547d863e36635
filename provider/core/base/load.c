/*
 * load.c - certificates and keys through OSSL_STORE, in the caller's library
 * context, so a path, a file: URI and a pkcs11:/handle: URI of any loaded
 * provider all work the same. Failures say which input and what was found.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include "popverify.h"
#include "load.h"

/* Bookkeeping for the passphrase: was it asked for, and was one given? */
typedef struct pv_pass_st {
    OSSL_PASSPHRASE_CALLBACK *cb;
    void *arg;
    const char *source;
    int asked;
    int given;
} PV_PASS;

static int pv_pass_read(char *buf, int size, int rwflag, void *u)
{
    PV_PASS *pass = u;
    size_t len = 0;
    OSSL_PARAM params[] = {
        OSSL_PARAM_utf8_string(OSSL_PASSPHRASE_PARAM_INFO, (char *)pass->source, 0),
        OSSL_PARAM_END};

    (void)rwflag;
    pass->asked = 1;
    if (pass->cb == NULL || size <= 0 ||
        !pass->cb(buf, (size_t)size, &len, params, pass->arg))
        return -1;
    pass->given = 1;
    return (int)len;
}

/* A bare path rather than a "scheme:..." URI. */
static int pv_is_path(const char *uri)
{
    const char *p = uri;

    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 1;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
        p++;
    return *p != ':' || p - uri < 2;
}

static OSSL_STORE_CTX *pv_store_open(const PV_ENV *env, const char *uri, const char *role,
                                     int expect, UI_METHOD *ui, void *ui_data)
{
    OSSL_STORE_CTX *store;
    struct stat st;

    if (uri == NULL || *uri == '\0') {
        pv_raise(env, POPVERIFY_R_USAGE, "no %s was given", role);
        return NULL;
    }
    if (pv_is_path(uri) && access(uri, R_OK) != 0) {
        pv_raise(env, POPVERIFY_R_LOAD, "%s %s: cannot read it (%s); check the path",
                 role, uri, strerror(errno));
        return NULL;
    }
    if (pv_is_path(uri) && stat(uri, &st) == 0 && S_ISDIR(st.st_mode)) {
        pv_raise(env, POPVERIFY_R_LOAD, "%s %s: it is a directory; give the %s file",
                 role, uri, role);
        return NULL;
    }
    store =
        OSSL_STORE_open_ex(uri, env->libctx, env->propq, ui, ui_data, NULL, NULL, NULL);
    if (store == NULL) {
        pv_raise(env, POPVERIFY_R_LOAD,
                 "%s %s: cannot open it (no loader for this URI - is its provider "
                 "loaded?)",
                 role, uri);
        return NULL;
    }
    OSSL_STORE_expect(store, expect);
    return store;
}

/* The next object, or NULL at the end or when the loader reports an error. */
static OSSL_STORE_INFO *pv_store_next(OSSL_STORE_CTX *store)
{
    while (!OSSL_STORE_eof(store)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(store);

        if (info != NULL)
            return info;
        if (OSSL_STORE_error(store))
            return NULL;
    }
    return NULL;
}

/* All certificates at uri, in order. */
STACK_OF(X509) * pv_load_certs(const PV_ENV *env, const char *uri, const char *role)
{
    OSSL_STORE_CTX *store =
        pv_store_open(env, uri, role, OSSL_STORE_INFO_CERT, NULL, NULL);
    STACK_OF(X509) * certs;
    OSSL_STORE_INFO *info;

    if (store == NULL)
        return NULL;
    if ((certs = sk_X509_new_null()) == NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory loading %s %s", role, uri);
        goto done;
    }
    ERR_set_mark();
    for (info = pv_store_next(store); info != NULL; info = pv_store_next(store)) {
        X509 *cert = OSSL_STORE_INFO_get1_CERT(info);

        OSSL_STORE_INFO_free(info);
        if (cert != NULL && !sk_X509_push(certs, cert))
            X509_free(cert);
    }
    if (sk_X509_num(certs) == 0) {
        ERR_clear_last_mark();
        if (pv_is_path(uri))
            pv_raise(env, POPVERIFY_R_LOAD,
                     "%s %s: not a certificate (no PEM or DER certificate found in it); "
                     "give the %s file",
                     role, uri, role);
        else
            pv_raise(env, POPVERIFY_R_LOAD,
                     "%s %s: no certificate at this URI; check the object it names and "
                     "that its provider is loaded",
                     role, uri);
        sk_X509_free(certs);
        certs = NULL;
    } else {
        ERR_pop_to_mark(); /* decoders that did not fit leave noise */
    }
done:
    OSSL_STORE_close(store);
    return certs;
}

static void pv_subject_text(X509 *cert, char *out, size_t outlen)
{
    X509_NAME_oneline(X509_get_subject_name(cert), out, (int)outlen);
}

/*
 * "FILE#N" picks certificate N (from 1) of FILE, unless a file of that very
 * name exists. Returns N, 0 without a suffix; *path is the file (allocated).
 */
static int pv_split_pick(const char *uri, char **path)
{
    const char *hash = strrchr(uri, '#'), *p;
    int n = 0;

    *path = NULL;
    if (hash != NULL && hash[1] != '\0' && strlen(hash + 1) <= 3 && hash > uri &&
        !(pv_is_path(uri) && access(uri, F_OK) == 0)) {
        for (p = hash + 1; *p >= '0' && *p <= '9'; p++)
            n = n * 10 + (*p - '0');
        if (*p != '\0')
            n = 0;
        else if (n == 0)
            n = -1; /* "#0": numbered from 1 */
    }
    *path = n != 0 ? OPENSSL_strndup(uri, (size_t)(hash - uri)) : OPENSSL_strdup(uri);
    return *path == NULL ? -2 : n;
}

char *pv_pick_path(const char *uri)
{
    char *path = NULL;

    pv_split_pick(uri, &path);
    return path;
}

STACK_OF(X509) *
    pv_load_pick(const PV_ENV *env, const char *uri, const char *role, int *pick)
{
    char *path = NULL;
    int n = pv_split_pick(uri, &path);
    STACK_OF(X509) *certs = NULL;

    *pick = 0;
    if (n == -2)
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory loading %s %s", role, uri);
    else if (n == -1)
        pv_raise(env, POPVERIFY_R_USAGE,
                 "%s %s: certificates in a file are numbered from 1; give %s#1 for the "
                 "first",
                 role, uri, path);
    else if ((certs = pv_load_certs(env, path, role)) != NULL && n > sk_X509_num(certs)) {
        pv_raise(env, POPVERIFY_R_LOAD,
                 "%s %s: %s holds only %d certificate%s; give a number from 1 to %d "
                 "after the #, or leave the suffix out for the first",
                 role, uri, path, sk_X509_num(certs), sk_X509_num(certs) > 1 ? "s" : "",
                 sk_X509_num(certs));
        sk_X509_pop_free(certs, X509_free);
        certs = NULL;
    }
    if (certs != NULL && n > 0)
        *pick = n - 1;
    OPENSSL_free(path);
    return certs;
}

/* The certificate of the file that key belongs to, other than pick; -1: none. */
static int pv_key_owner(STACK_OF(X509) * certs, int pick, EVP_PKEY *key)
{
    int i, found = -1;

    ERR_set_mark();
    for (i = 0; key != NULL && i < sk_X509_num(certs) && found < 0; i++)
        if (i != pick && EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(certs, i)), key) == 1)
            found = i;
    ERR_pop_to_mark();
    return found;
}

int pv_pick_key_check(const PV_ENV *env, STACK_OF(X509) * certs, int pick,
                      const char *uri, EVP_PKEY *key, const char *key_source)
{
    char used[256], owner[256], *path = NULL;
    int other, eq;

    ERR_set_mark();
    eq = key == NULL ||
         EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(certs, pick)), key) == 1;
    ERR_pop_to_mark();
    if (eq || (other = pv_key_owner(certs, pick, key)) < 0)
        return 1; /* it matches, or it matches none: the usual mismatch error */
    pv_split_pick(uri, &path);
    pv_subject_text(sk_X509_value(certs, pick), used, sizeof(used));
    pv_subject_text(sk_X509_value(certs, other), owner, sizeof(owner));
    pv_raise(env, POPVERIFY_R_KEY_MISMATCH,
             "CA key %s belongs to certificate #%d of %s (%s), not to #%d (%s), the one "
             "popverify uses because the platform takes the first certificate of what "
             "is uploaded; give --ca-cert %s#%d to use #%d (and upload that certificate "
             "alone), or the key of #%d",
             key_source != NULL ? key_source : "", other + 1, path != NULL ? path : uri,
             owner, pick + 1, used, path != NULL ? path : uri, other + 1, other + 1,
             pick + 1);
    OPENSSL_free(path);
    return 0;
}

X509 *pv_load_ca_cert(const PV_ENV *env, const char *uri, EVP_PKEY *key,
                      const char *key_source)
{
    int pick, n;
    STACK_OF(X509) *certs = pv_load_pick(env, uri, "CA certificate", &pick);
    X509 *cert = NULL;
    char subject[256];

    if (certs == NULL)
        return NULL;
    n = sk_X509_num(certs);
    if (pv_pick_key_check(env, certs, pick, uri, key, key_source)) {
        cert = sk_X509_value(certs, pick);
        pv_subject_text(cert, subject, sizeof(subject));
        if (pick > 0)
            pv_note(env,
                    "CA certificate %s: using certificate #%d of %d (%s); upload that "
                    "certificate on its own, the platform takes the first of a file",
                    uri, pick + 1, n, subject);
        else if (n > 1)
            pv_note(env,
                    "CA certificate %s holds %d certificates; using #1 (%s), as the "
                    "platform takes the first of what is uploaded (give %s#N for "
                    "another)",
                    uri, n, subject, uri);
        X509_up_ref(cert);
    }
    sk_X509_pop_free(certs, X509_free);
    return cert;
}

X509 *pv_load_cert(const PV_ENV *env, const char *uri, const char *role)
{
    int pick;
    STACK_OF(X509) *certs = pv_load_pick(env, uri, role, &pick);
    char subject[256];
    X509 *cert;

    if (certs == NULL)
        return NULL;
    cert = sk_X509_value(certs, pick);
    pv_subject_text(cert, subject, sizeof(subject));
    if (pick > 0)
        pv_note(env, "%s %s: using certificate #%d of %d (%s)", role, uri, pick + 1,
                sk_X509_num(certs), subject);
    else if (sk_X509_num(certs) > 1)
        pv_note(env,
                "%s %s holds %d certificates; using the first (%s); give %s#N for "
                "another",
                role, uri, sk_X509_num(certs), subject, uri);
    X509_up_ref(cert);
    sk_X509_pop_free(certs, X509_free);
    return cert;
}

static EVP_PKEY *pv_first_key(OSSL_STORE_CTX *store)
{
    EVP_PKEY *key = NULL;
    OSSL_STORE_INFO *info;

    while (key == NULL && (info = pv_store_next(store)) != NULL) {
        key = OSSL_STORE_INFO_get1_PKEY(info);
        OSSL_STORE_INFO_free(info);
    }
    return key;
}

static void pv_key_load_failed(const PV_ENV *env, const char *uri, const PV_PASS *pass)
{
    if (pass->asked && !pass->given)
        pv_raise(env, POPVERIFY_R_PASSPHRASE,
                 "CA key %s is encrypted and no passphrase was given; pass it with "
                 "-passin/--passin (pass:, env:, file:, fd:, stdin)",
                 uri);
    else if (pass->given)
        pv_raise(env, POPVERIFY_R_PASSPHRASE,
                 "CA key %s: wrong passphrase (the key could not be decrypted); check "
                 "the passphrase source",
                 uri);
    else if (!pv_is_path(uri))
        pv_raise(env, POPVERIFY_R_LOAD,
                 "CA key %s: no private key at this URI; check the object it names and "
                 "that its provider is loaded",
                 uri);
    else
        pv_raise(env, POPVERIFY_R_LOAD,
                 "CA key %s: not a private key (no PEM or DER private key found in it); "
                 "give the CA's private key",
                 uri);
}

EVP_PKEY *pv_load_private_key(const PV_ENV *env, const char *uri,
                              OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg)
{
    PV_PASS pass = {cb, cbarg, uri, 0, 0};
    UI_METHOD *ui = UI_UTIL_wrap_read_pem_callback(pv_pass_read, 0);
    OSSL_STORE_CTX *store = NULL;
    EVP_PKEY *key = NULL;

    if (ui == NULL) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory loading CA key %s", uri);
        return NULL;
    }
    store = pv_store_open(env, uri, "CA key", OSSL_STORE_INFO_PKEY, ui, &pass);
    if (store == NULL)
        goto done;
    ERR_set_mark();
    key = pv_first_key(store);
    if (key == NULL) {
        ERR_clear_last_mark();
        pv_key_load_failed(env, uri, &pass);
    } else {
        ERR_pop_to_mark();
    }
done:
    OSSL_STORE_close(store);
    UI_destroy_method(ui);
    return key;
}
