/*
 * lint_cert.c - the certificate's frame: version and serial number
 * (RFC 5280 4.1.2.1 and 4.1.2.2).
 */
#include <openssl/asn1.h>
#include <openssl/x509.h>
#include "lint_check.h"

#define PV_SERIAL_MAX_OCTETS 20
#define PV_SERIAL_MIN_OCTETS 8 /* 64 bits, what random serials need */

static void pv_lint_version(PV_LINT *l)
{
    long v = X509_get_version(l->cert);

    if (v == X509_VERSION_3)
        return;
    pv_lint_find(l, "PV_VERSION_NOT_V3", PV_LINT_ERROR,
                 "the certificate is version %ld; without version 3 it carries no "
                 "extensions, so no CA flag or key usage: reissue it as v3 with the "
                 "profile's extensions (-extfile/-extensions)",
                 v + 1);
}

/* DER content octets of the serial, as RFC 5280 counts them. */
static int pv_lint_serial_octets(const ASN1_INTEGER *serial)
{
    int len = i2d_ASN1_INTEGER(serial, NULL);

    /* tag, length (short or 0x81 NN), content */
    return len < 2 ? 0 : len - (len - 2 > 127 ? 3 : 2);
}

static int pv_lint_is_positive(const ASN1_INTEGER *serial)
{
    const unsigned char *p = ASN1_STRING_get0_data(serial);
    int i, n = ASN1_STRING_length(serial);

    if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
        return 0;
    for (i = 0; i < n; i++)
        if (p[i] != 0)
            return 1;
    return 0;
}

static void pv_lint_serial_positive(PV_LINT *l)
{
    if (pv_lint_is_positive(X509_get0_serialNumber(l->cert)))
        return;
    pv_lint_find(l, "PV_SERIAL_NOT_POSITIVE", PV_LINT_ERROR,
                 "the serial number is zero or negative; RFC 5280 requires a positive "
                 "serial and strict parsers reject others: reissue with a random "
                 "positive serial (openssl x509 -req -CAcreateserial, or popverify)");
}

static void pv_lint_serial_length(PV_LINT *l)
{
    int octets = pv_lint_serial_octets(X509_get0_serialNumber(l->cert));

    if (octets <= PV_SERIAL_MAX_OCTETS)
        return;
    pv_lint_find(l, "PV_SERIAL_TOO_LONG", PV_LINT_ERROR,
                 "the serial number is %d octets long; RFC 5280 allows at most 20 and "
                 "longer ones are refused: reissue with a serial of 16 random octets",
                 octets);
}

static void pv_lint_serial_entropy(PV_LINT *l)
{
    const ASN1_INTEGER *serial = X509_get0_serialNumber(l->cert);
    const unsigned char *p = ASN1_STRING_get0_data(serial);
    int n = ASN1_STRING_length(serial);

    if (!pv_lint_is_positive(serial))
        return; /* reported above */
    while (n > 0 && *p == 0) {
        p++;
        n--;
    }
    if (n >= PV_SERIAL_MIN_OCTETS)
        return;
    pv_lint_find(l, "PV_SERIAL_LOW_ENTROPY", PV_LINT_WARNING,
                 "the serial number has only %d octets; a serial should hold at least "
                 "64 random bits so no two certificates of the CA collide: reissue with "
                 "a random serial (not -set_serial with a counter)",
                 n);
}

void pv_lint_cert(PV_LINT *l)
{
    pv_lint_version(l);
    pv_lint_serial_positive(l);
    pv_lint_serial_length(l);
    pv_lint_serial_entropy(l);
}
