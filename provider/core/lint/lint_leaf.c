/*
 * lint_leaf.c - device and verification certificates: not a CA, and for a
 * device what a TLS client certificate needs (digitalSignature, clientAuth).
 */
#include <openssl/x509v3.h>
#include "lint_check.h"

#define PV_KU_BIT_DIGITAL_SIGNATURE 0
#define PV_KU_BIT_KEY_CERT_SIGN 5
#define PV_KU_BIT_CRL_SIGN 6

static int pv_lint_is_leaf_role(const PV_LINT *l)
{
    return l->role == PV_ROLE_DEVICE || l->role == PV_ROLE_VCERT;
}

static void pv_lint_leaf_not_ca(PV_LINT *l)
{
    if (!pv_lint_is_leaf_role(l) || !pv_lint_cert_is_ca(l->cert))
        return;
    pv_lint_find(l, "PV_LEAF_IS_CA", PV_LINT_ERROR,
                 "a %s certificate with CA:TRUE can issue certificates of its own: "
                 "reissue it with basicConstraints = critical, CA:FALSE",
                 pv_role_name(l->role));
}

static void pv_lint_leaf_cert_sign(PV_LINT *l)
{
    int crit;
    ASN1_BIT_STRING *ku = pv_lint_ext(l->cert, NID_key_usage, &crit);

    if (pv_lint_is_leaf_role(l) && ku != NULL &&
        (ASN1_BIT_STRING_get_bit(ku, PV_KU_BIT_KEY_CERT_SIGN) ||
         ASN1_BIT_STRING_get_bit(ku, PV_KU_BIT_CRL_SIGN)))
        pv_lint_find(l, "PV_LEAF_KEYCERTSIGN", PV_LINT_ERROR,
                     "keyUsage of a %s certificate allows keyCertSign or cRLSign, which "
                     "RFC 5280 reserves for CAs: reissue with keyUsage = critical, "
                     "digitalSignature",
                     pv_role_name(l->role));
    ASN1_BIT_STRING_free(ku);
}

static void pv_lint_device_key_usage(PV_LINT *l)
{
    int crit;
    ASN1_BIT_STRING *ku = pv_lint_ext(l->cert, NID_key_usage, &crit);

    if (l->role != PV_ROLE_DEVICE)
        goto done;
    if (ku == NULL)
        pv_lint_find(l, "PV_DEVICE_NO_KEY_USAGE", PV_LINT_WARNING,
                     "the device certificate has no keyUsage, so its key may be used for "
                     "anything: reissue with keyUsage = critical, digitalSignature");
    else if (!ASN1_BIT_STRING_get_bit(ku, PV_KU_BIT_DIGITAL_SIGNATURE))
        pv_lint_find(l, "PV_DEVICE_NO_DIGITALSIGNATURE", PV_LINT_ERROR,
                     "keyUsage lacks digitalSignature, which a TLS client certificate "
                     "needs; the platform's TLS handshake fails: reissue with keyUsage = "
                     "critical, digitalSignature");
done:
    ASN1_BIT_STRING_free(ku);
}

static void pv_lint_device_eku(PV_LINT *l)
{
    int crit;
    EXTENDED_KEY_USAGE *eku = pv_lint_ext(l->cert, NID_ext_key_usage, &crit);

    if (l->role != PV_ROLE_DEVICE)
        goto done;
    if (eku == NULL)
        pv_lint_find(l, "PV_DEVICE_NO_EKU", PV_LINT_WARNING,
                     "the device certificate has no extendedKeyUsage; some brokers "
                     "insist on clientAuth: reissue with extendedKeyUsage = clientAuth");
    else if (!pv_lint_has_client_auth(l->cert))
        pv_lint_find(
            l, "PV_DEVICE_NO_CLIENTAUTH", PV_LINT_ERROR,
            "extendedKeyUsage lacks clientAuth, so TLS servers refuse the device "
            "certificate as a client certificate: reissue with "
            "extendedKeyUsage = clientAuth");
done:
    EXTENDED_KEY_USAGE_free(eku);
}

void pv_lint_leaf(PV_LINT *l)
{
    pv_lint_leaf_not_ca(l);
    pv_lint_leaf_cert_sign(l);
    pv_lint_device_key_usage(l);
    pv_lint_device_eku(l);
}
