/*
 * issue_output.c - what an issue hands back: the certificate, and for a
 * chain the issuer next, then whatever else the CA file holds (its own
 * chain), in the order a TLS client sends them.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include "popverify.h"
#include "checks.h"
#include "issue_steps.h"

static int pv_chain_write(BIO *out, X509 *cert, const PV_ISSUER *iss)
{
    int i;

    if (!PEM_write_bio_X509(out, cert) || !PEM_write_bio_X509(out, iss->cert))
        return 0;
    for (i = 0; i < sk_X509_num(iss->file); i++) {
        X509 *other = sk_X509_value(iss->file, i);

        if (X509_cmp(other, iss->cert) != 0 && !PEM_write_bio_X509(out, other))
            return 0;
    }
    return 1;
}

int pv_issue_encode(const PV_ENV *env, const PV_REQUEST *req, X509 *cert,
                    const PV_ISSUER *iss, PV_RESULT *res)
{
    BIO *out = BIO_new(BIO_s_mem());
    char *data;
    long len = 0;
    int ok;

    if (req->chain)
        ok = out != NULL && pv_chain_write(out, cert, iss);
    else
        ok = out != NULL &&
             (req->der ? i2d_X509_bio(out, cert) : PEM_write_bio_X509(out, cert));
    if (ok && (len = BIO_get_mem_data(out, &data)) > 0 &&
        (res->output = OPENSSL_memdup(data, (size_t)len)) != NULL)
        res->output_len = (size_t)len;
    BIO_free(out);
    if (res->output == NULL)
        pv_raise(env, POPVERIFY_R_CRYPTO, "encoding the new %s certificate failed",
                 pv_role_name(req->role));
    return res->output != NULL;
}

/* ASN1_TIME as 2027-01-31T12:00:00Z. */
static int pv_time_iso(const ASN1_TIME *t, char *out, size_t outlen)
{
    struct tm tm;

    if (!ASN1_TIME_to_tm(t, &tm))
        return 0;
    return strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

int pv_describe_issued(const PV_ENV *env, X509 *cert, PV_RESULT *res)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
    int ok =
        hex != NULL && strlen(hex) < sizeof(res->serial) &&
        pv_time_iso(X509_get0_notAfter(cert), res->not_after, sizeof(res->not_after));

    if (ok)
        memcpy(res->serial, hex, strlen(hex) + 1);
    OPENSSL_free(hex);
    BN_free(bn);
    if (!ok) {
        pv_raise(env, POPVERIFY_R_CRYPTO, "cannot describe the certificate");
        return 0;
    }
    return pv_fingerprint(env, cert, "SHA256", res->cert_sha256,
                          sizeof(res->cert_sha256));
}
