/*
 * load.c - certificates and keys through OSSL_STORE, in the caller's library
 * context, so a path, a file: URI and a pkcs11:/handle: URI of any loaded
 * provider all work the same. Failures say which input and what was found.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
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

    if (uri == NULL || *uri == '\0') {
        pv_raise(env, POPVERIFY_R_USAGE, "no %s was given", role);
        return NULL;
    }
    if (pv_is_path(uri) && access(uri, R_OK) != 0) {
        pv_raise(env, POPVERIFY_R_LOAD, "%s %s: cannot read it (%s); check the path",
                 role, uri, strerror(errno));
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
    if ((certs = sk_X509_new_null()) == NULL)
        goto done;
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

static int pv_pick_cert(STACK_OF(X509) * certs, EVP_PKEY *key)
{
    int i, found = 0;

    ERR_set_mark();
    for (i = 0; key != NULL && i < sk_X509_num(certs); i++) {
        if (EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(certs, i)), key) == 1) {
            found = i;
            break;
        }
    }
    ERR_pop_to_mark();
    return found;
}

X509 *pv_load_ca_cert(const PV_ENV *env, const char *uri, EVP_PKEY *key)
{
    STACK_OF(X509) *certs = pv_load_certs(env, uri, "CA certificate");
    X509 *cert;
    char subject[256];
    int n, pick;

    if (certs == NULL)
        return NULL;
    n = sk_X509_num(certs);
    pick = pv_pick_cert(certs, key);
    cert = sk_X509_value(certs, pick);
    if (n > 1) {
        pv_subject_text(cert, subject, sizeof(subject));
        pv_note(
            env,
            "CA certificate %s holds %d certificates; using #%d (%s)%s - the platform "
            "wants that single CA certificate uploaded, not the whole file",
            uri, n, pick + 1, subject,
            key != NULL && pick > 0 ? ", the one that matches the CA key" : "");
    }
    X509_up_ref(cert);
    sk_X509_pop_free(certs, X509_free);
    return cert;
}

X509 *pv_load_cert(const PV_ENV *env, const char *uri, const char *role)
{
    STACK_OF(X509) *certs = pv_load_certs(env, uri, role);
    X509 *cert;

    if (certs == NULL)
        return NULL;
    if (sk_X509_num(certs) > 1)
        pv_note(env, "%s %s holds %d certificates; using the first", role, uri,
                sk_X509_num(certs));
    cert = sk_X509_value(certs, 0);
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
