/*
 * lint_ca.c - what makes a CA certificate a CA (RFC 5280 4.2.1.3 and
 * 4.2.1.9): basicConstraints CA:TRUE and critical, key usage that allows
 * signing certificates and CRLs, a path length only where cA is set.
 */
#include <openssl/x509v3.h>
#include "lint_check.h"

#define PV_KU_BIT_KEY_CERT_SIGN 5
#define PV_KU_BIT_CRL_SIGN 6

static const char *pv_lint_ca_fix(const PV_LINT *l)
{
    return l->role == PV_ROLE_ROOT ? "reissue the root with basicConstraints = critical, "
                                     "CA:TRUE (openssl req -x509 -addext ...)"
                                   : "reissue the intermediate with basicConstraints = "
                                     "critical, CA:TRUE, pathlen:0";
}

/* Who refuses it: the platform where it documents so (Cumulocity), else RFC 5280. */
static const char *pv_lint_ca_platform(const PV_LINT *l)
{
    return l->profile->require_ca &&
                   pv_profile_source(l->profile, PV_F_REQUIRE_CA) != NULL
               ? l->profile->platform
               : "RFC 5280 (4.2.1.9)";
}

static void pv_lint_ca_flag(PV_LINT *l)
{
    int crit;
    BASIC_CONSTRAINTS *bc = pv_lint_ext(l->cert, NID_basic_constraints, &crit);

    if (!pv_lint_is_ca_role(l) || (bc != NULL && bc->ca))
        goto done;
    if (bc == NULL)
        pv_lint_find(l, "PV_CA_NO_BASIC_CONSTRAINTS", PV_LINT_ERROR,
                     "a %s certificate without basicConstraints is not a CA; %s refuses "
                     "it: %s",
                     pv_role_name(l->role), pv_lint_ca_platform(l), pv_lint_ca_fix(l));
    else
        pv_lint_find(l, "PV_CA_FLAG_FALSE", PV_LINT_ERROR,
                     "the %s certificate says CA:FALSE, so it cannot issue certificates "
                     "and %s refuses it: %s",
                     pv_role_name(l->role), pv_lint_ca_platform(l), pv_lint_ca_fix(l));
done:
    BASIC_CONSTRAINTS_free(bc);
}

static void pv_lint_ca_critical(PV_LINT *l)
{
    int crit;
    BASIC_CONSTRAINTS *bc = pv_lint_ext(l->cert, NID_basic_constraints, &crit);

    if (pv_lint_is_ca_role(l) && bc != NULL && bc->ca && !crit)
        pv_lint_find(l, "PV_CA_NOT_CRITICAL", PV_LINT_ERROR,
                     "basicConstraints of a CA must be critical (RFC 5280 4.2.1.9); "
                     "strict verifiers reject the chain: %s",
                     pv_lint_ca_fix(l));
    BASIC_CONSTRAINTS_free(bc);
}

static void pv_lint_pathlen_without_ca(PV_LINT *l)
{
    int crit;
    BASIC_CONSTRAINTS *bc = pv_lint_ext(l->cert, NID_basic_constraints, &crit);

    if (bc != NULL && !bc->ca && bc->pathlen != NULL)
        pv_lint_find(l, "PV_PATHLEN_WITHOUT_CA", PV_LINT_ERROR,
                     "basicConstraints has a path length but CA:FALSE; RFC 5280 allows "
                     "pathlen only in CA certificates: reissue without pathlen "
                     "(basicConstraints = critical, CA:FALSE)");
    BASIC_CONSTRAINTS_free(bc);
}

static void pv_lint_ca_key_usage(PV_LINT *l)
{
    int crit;
    ASN1_BIT_STRING *ku = pv_lint_ext(l->cert, NID_key_usage, &crit);

    if (!pv_lint_is_ca_role(l))
        goto done;
    if (ku == NULL)
        pv_lint_find(l, "PV_CA_NO_KEY_USAGE", PV_LINT_ERROR,
                     "the %s certificate has no keyUsage; RFC 5280 requires it in CA "
                     "certificates: reissue with keyUsage = critical, keyCertSign, "
                     "cRLSign",
                     pv_role_name(l->role));
    else if (!ASN1_BIT_STRING_get_bit(ku, PV_KU_BIT_KEY_CERT_SIGN))
        pv_lint_find(l, "PV_CA_NO_KEYCERTSIGN", PV_LINT_ERROR,
                     "keyUsage lacks keyCertSign, so certificates this %s signs are "
                     "rejected: reissue with keyUsage = critical, keyCertSign, cRLSign",
                     pv_role_name(l->role));
    else if (!ASN1_BIT_STRING_get_bit(ku, PV_KU_BIT_CRL_SIGN))
        pv_lint_find(l, "PV_CA_NO_CRLSIGN", PV_LINT_WARNING,
                     "keyUsage lacks cRLSign, so this %s cannot sign revocation lists: "
                     "reissue with keyUsage = critical, keyCertSign, cRLSign",
                     pv_role_name(l->role));
done:
    ASN1_BIT_STRING_free(ku);
}

static void pv_lint_root_self_issued(PV_LINT *l)
{
    if (l->role != PV_ROLE_ROOT || l->self_issued)
        return;
    pv_lint_find(l, "PV_ROOT_NOT_SELF_SIGNED", PV_LINT_ERROR,
                 "checked as a root, but its issuer differs from its subject: it is an "
                 "intermediate; lint it with --role intermediate, or upload its root "
                 "where the platform wants the root");
}

void pv_lint_ca(PV_LINT *l)
{
    pv_lint_root_self_issued(l);
    pv_lint_ca_flag(l);
    pv_lint_ca_critical(l);
    pv_lint_pathlen_without_ca(l);
    pv_lint_ca_key_usage(l);
}
