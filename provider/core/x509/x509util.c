/*
 * x509util.c - serials, validity, extensions, signing and encoding shared by
 * the verification certificate and the CA certificates.
 */
#include <string.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include "popverify.h"
#include "keyalg.h"
#include "profile.h"
#include "x509util.h"

#define PV_SERIAL_BYTES 16

int pv_set_random_serial(const PV_ENV *env, X509 *cert)
{
    unsigned char raw[PV_SERIAL_BYTES];
    BIGNUM *bn = NULL;
    int ok;

    if (RAND_bytes_ex(env->libctx, raw, sizeof(raw), 0) <= 0)
        return 0;
    raw[0] = (raw[0] & 0x7F) | 0x40; /* positive, and never shorter */
    ok = (bn = BN_bin2bn(raw, sizeof(raw), NULL)) != NULL &&
         BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
    BN_free(bn);
    return ok;
}

int pv_set_validity(X509 *cert, int days, const ASN1_TIME *floor, const ASN1_TIME *cap)
{
    ASN1_TIME *end = ASN1_TIME_adj(NULL, time(NULL), days, 0);
    int ok = 0;

    if (end == NULL ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -PV_BACKDATE_SECONDS) == NULL)
        goto done;
    if (floor != NULL && ASN1_TIME_compare(X509_get0_notBefore(cert), floor) < 0 &&
        !X509_set1_notBefore(cert, floor))
        goto done;
    if (cap != NULL && ASN1_TIME_compare(end, cap) > 0)
        ok = X509_set1_notAfter(cert, cap);
    else
        ok = X509_set1_notAfter(cert, end);
done:
    ASN1_TIME_free(end);
    return ok;
}

int pv_add_ext(X509 *cert, X509 *ca, int nid, const char *value)
{
    X509V3_CTX v3;
    X509_EXTENSION *ext;
    int ok;

    X509V3_set_ctx(&v3, ca, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    ok = ext != NULL && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

int pv_apply_extensions(const PV_ENV *env, X509 *cert, X509 *ca, const PV_EXTENSIONS *ext)
{
    size_t i;

    for (i = 0; i < ext->count; i++) {
        int nid = OBJ_txt2nid(ext->item[i].name);
        if (nid == NID_undef || !pv_add_ext(cert, ca, nid, ext->item[i].value)) {
            pv_raise(
                env, POPVERIFY_R_CRYPTO,
                "the profile's extension %s = %s cannot be added to this certificate "
                "(an authorityKeyIdentifier needs an issuer with a subjectKeyIdentifier)",
                ext->item[i].name, ext->item[i].value);
            return 0;
        }
    }
    return 1;
}

int pv_sign_cert(const PV_ENV *env, X509 *cert, EVP_PKEY *key, const char *digest)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char propq[PV_PROPQ_MAX];
    int ok = md != NULL &&
             EVP_DigestSignInit_ex(md, NULL, pv_key_digest(key, digest), env->libctx,
                                   pv_env_key_propq(env, key, propq, sizeof(propq)), key,
                                   NULL) > 0 &&
             X509_sign_ctx(cert, md) > 0;

    EVP_MD_CTX_free(md);
    return ok;
}

int pv_cert_encode(X509 *cert, int der, unsigned char **out, size_t *outlen)
{
    BIO *mem = BIO_new(BIO_s_mem());
    char *data;
    long len;
    int ok =
        mem != NULL && (der ? i2d_X509_bio(mem, cert) : PEM_write_bio_X509(mem, cert));

    *out = NULL;
    if (ok && (len = BIO_get_mem_data(mem, &data)) > 0 &&
        (*out = OPENSSL_memdup(data, (size_t)len)) != NULL)
        *outlen = (size_t)len;
    BIO_free(mem);
    return *out != NULL;
}
