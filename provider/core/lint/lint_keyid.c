/*
 * lint_keyid.c - subject and authority key identifiers (RFC 5280 4.2.1.1
 * and 4.2.1.2): how verifiers find the issuer of a certificate.
 */
#include <openssl/x509v3.h>
#include "lint_check.h"

static void pv_lint_ski_present(PV_LINT *l)
{
    int crit;
    ASN1_OCTET_STRING *ski = pv_lint_ext(l->cert, NID_subject_key_identifier, &crit);

    if (ski == NULL && pv_lint_is_ca_role(l))
        pv_lint_find(l, "PV_CA_NO_SKI", PV_LINT_ERROR,
                     "the %s certificate has no subjectKeyIdentifier; RFC 5280 requires "
                     "it in CA certificates and the certificates it issues point at it: "
                     "reissue with subjectKeyIdentifier = hash",
                     pv_role_name(l->role));
    else if (ski == NULL)
        pv_lint_find(
            l, "PV_LEAF_NO_SKI", PV_LINT_WARNING,
            "the %s certificate has no subjectKeyIdentifier (RFC 5280: should be "
            "present): reissue with subjectKeyIdentifier = hash",
            pv_role_name(l->role));
    ASN1_OCTET_STRING_free(ski);
}

static void pv_lint_keyid_critical(PV_LINT *l)
{
    int ski_crit, aki_crit;
    ASN1_OCTET_STRING *ski = pv_lint_ext(l->cert, NID_subject_key_identifier, &ski_crit);
    AUTHORITY_KEYID *aki = pv_lint_ext(l->cert, NID_authority_key_identifier, &aki_crit);

    if (ski != NULL && ski_crit)
        pv_lint_find(l, "PV_SKI_CRITICAL", PV_LINT_ERROR,
                     "subjectKeyIdentifier is marked critical; RFC 5280 requires it "
                     "non-critical: reissue with subjectKeyIdentifier = hash");
    if (aki != NULL && aki_crit)
        pv_lint_find(l, "PV_AKI_CRITICAL", PV_LINT_ERROR,
                     "authorityKeyIdentifier is marked critical; RFC 5280 requires it "
                     "non-critical: reissue with authorityKeyIdentifier = keyid");
    ASN1_OCTET_STRING_free(ski);
    AUTHORITY_KEYID_free(aki);
}

/* Issued by another CA: the AKI with a key id says which key signed it. */
static void pv_lint_aki_issued(PV_LINT *l)
{
    int crit;
    AUTHORITY_KEYID *aki = pv_lint_ext(l->cert, NID_authority_key_identifier, &crit);

    if (l->self_issued)
        goto done;
    if (aki == NULL)
        pv_lint_find(
            l, "PV_AKI_MISSING", PV_LINT_ERROR,
            "the certificate has no authorityKeyIdentifier; RFC 5280 requires it "
            "so verifiers find the issuing key: reissue with "
            "authorityKeyIdentifier = keyid");
    else if (aki->keyid == NULL)
        pv_lint_find(l, "PV_AKI_NO_KEYID", PV_LINT_ERROR,
                     "authorityKeyIdentifier has no key identifier, only issuer and "
                     "serial; RFC 5280 requires the keyIdentifier: reissue with "
                     "authorityKeyIdentifier = keyid");
done:
    AUTHORITY_KEYID_free(aki);
}

static void pv_lint_root_aki(PV_LINT *l)
{
    int crit;
    AUTHORITY_KEYID *aki = pv_lint_ext(l->cert, NID_authority_key_identifier, &crit);
    ASN1_OCTET_STRING *ski = pv_lint_ext(l->cert, NID_subject_key_identifier, &crit);

    if (l->role != PV_ROLE_ROOT || !l->self_issued)
        goto done;
    if (aki == NULL && pv_lint_profile_line(l, NID_authority_key_identifier) != NULL)
        pv_lint_find(l, "PV_ROOT_NO_AKI", PV_LINT_WARNING,
                     "the root has no authorityKeyIdentifier; RFC 5280 allows that for a "
                     "self-signed root, but the profile's roots carry one: reissue with "
                     "authorityKeyIdentifier = keyid:always");
    else if (aki->keyid != NULL && ski != NULL && ASN1_OCTET_STRING_cmp(aki->keyid, ski))
        pv_lint_find(l, "PV_ROOT_AKI_NOT_SKI", PV_LINT_ERROR,
                     "the root's authorityKeyIdentifier differs from its own "
                     "subjectKeyIdentifier, so verifiers do not see it as self-signed "
                     "and the chain fails: reissue with authorityKeyIdentifier = "
                     "keyid:always");
done:
    AUTHORITY_KEYID_free(aki);
    ASN1_OCTET_STRING_free(ski);
}

void pv_lint_keyid(PV_LINT *l)
{
    pv_lint_ski_present(l);
    pv_lint_keyid_critical(l);
    pv_lint_aki_issued(l);
    pv_lint_root_aki(l);
}
