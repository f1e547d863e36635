/*
 * fuzz_load.c - a file given as a certificate, a CA certificate, a CSR or
 * a private key (any bytes; an encrypted key gets the passphrase "fuzz").
 * Whatever loads must be usable: a key has a type popverify can describe,
 * a CA bundle yields the certificate the key picks.
 */
#include <string.h>
#include <openssl/evp.h>
#include "checks.h"
#include "fuzz.h"
#include "issue_steps.h"
#include "load.h"

static int fz_pass(char *pass, size_t pass_size, size_t *pass_len,
                   const OSSL_PARAM params[], void *arg)
{
    (void)params;
    (void)arg;
    if (pass_size < 4)
        return 0;
    memcpy(pass, "fuzz", 4);
    *pass_len = 4;
    return 1;
}

static void fz_key(const char *path)
{
    EVP_PKEY *key = pv_load_private_key(fz_env(), path, fz_pass, NULL);
    char desc[64];

    if (key == NULL)
        return;
    pv_key_describe(key, desc, sizeof(desc));
    fz_check(desc[0] != '\0', "a loaded key popverify cannot describe");
    pv_check_key(fz_env(), key, path, pv_profile_find("cumulocity"));
    EVP_PKEY_free(key);
}

static void fz_certs(const char *path)
{
    STACK_OF(X509) *certs = pv_load_certs(fz_env(), path, "certificate");
    X509 *cert;

    if (certs == NULL)
        return;
    fz_check(sk_X509_num(certs) > 0, "an empty certificate list");
    sk_X509_pop_free(certs, X509_free);
    if ((cert = pv_load_ca_cert(fz_env(), path, fz_ca("ec")->key, "ec.key")) != NULL) {
        pv_check_ca_cert(fz_env(), cert, path, pv_profile_find("aws-iot"));
        X509_free(cert);
    }
}

static void fz_csr(const char *path)
{
    X509_NAME *subject = X509_NAME_new();
    EVP_PKEY *key;

    fz_check(subject != NULL &&
                 X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                            (const unsigned char *)"device-1", -1, -1, 0),
             "out of memory");
    if ((key = pv_csr_key(fz_env(), path, subject)) != NULL)
        EVP_PKEY_free(key);
    X509_NAME_free(subject);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_file(data, size);

    fz_certs(path);
    fz_csr(path);
    fz_key(path);
    return 0;
}
