/*
 * lint_validity.c - the validity period: current, no longer than the
 * profile gives the role, and encoded as RFC 5280 4.1.2.5 requires
 * (UTCTime through 2049, GeneralizedTime from 2050, always in Z).
 */
#include <string.h>
#include <time.h>
#include <openssl/asn1.h>
#include <openssl/x509.h>
#include "lint_check.h"

#define PV_VALIDITY_SLACK_DAYS 1 /* issuers backdate notBefore a little */

static void pv_lint_expired(PV_LINT *l)
{
    if (X509_cmp_current_time(X509_get0_notAfter(l->cert)) > 0)
        return;
    pv_lint_find(l, "PV_EXPIRED", PV_LINT_ERROR,
                 "the certificate has expired; platforms refuse it: issue a new %s "
                 "certificate",
                 pv_role_name(l->role));
}

static void pv_lint_not_yet_valid(PV_LINT *l)
{
    if (X509_cmp_current_time(X509_get0_notBefore(l->cert)) < 0)
        return;
    pv_lint_find(l, "PV_NOT_YET_VALID", PV_LINT_ERROR,
                 "the certificate is not valid yet (notBefore is in the future); check "
                 "the clock of the machine that issued it and issue it again");
}

static void pv_lint_too_long(PV_LINT *l)
{
    int days = 0, secs = 0, max = l->profile->days[l->role];

    /* diff gives whole days plus the seconds of the last one */
    if (max <= 0 || !ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(l->cert),
                                    X509_get0_notAfter(l->cert)))
        return;
    if (days < max + PV_VALIDITY_SLACK_DAYS ||
        (days == max + PV_VALIDITY_SLACK_DAYS && secs <= 0))
        return;
    pv_lint_find(l, "PV_VALIDITY_TOO_LONG", PV_LINT_WARNING,
                 "the certificate is valid for %d days, longer than the %d days profile "
                 "%s gives %s certificates (%s_days): reissue with --days %d, or raise "
                 "%s_days in the profile",
                 days, max, l->profile->name, pv_role_name(l->role),
                 pv_role_name(l->role), max, pv_role_name(l->role));
}

/* 1 when t is encoded as RFC 5280 requires. */
static int pv_lint_time_encoding_ok(const ASN1_TIME *t)
{
    struct tm tm;
    int len = ASN1_STRING_length(t);
    const unsigned char *s = ASN1_STRING_get0_data(t);

    if (len < 1 || s[len - 1] != 'Z' || !ASN1_TIME_to_tm(t, &tm))
        return 0;
    if (ASN1_STRING_type(t) == V_ASN1_UTCTIME)
        return len == 13;
    /* GeneralizedTime only from 2050 on: tm_year counts from 1900. */
    return ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME && len == 15 &&
           tm.tm_year + 1900 >= 2050;
}

static void pv_lint_time_encoding(PV_LINT *l)
{
    const ASN1_TIME *nb = X509_get0_notBefore(l->cert), *na = X509_get0_notAfter(l->cert);
    int bad_nb = !pv_lint_time_encoding_ok(nb), bad_na = !pv_lint_time_encoding_ok(na);

    if (!bad_nb && !bad_na)
        return;
    pv_lint_find(
        l, "PV_TIME_ENCODING", PV_LINT_ERROR,
        "%s%s%s is encoded against RFC 5280 (UTCTime YYMMDDHHMMSSZ through 2049, "
        "GeneralizedTime YYYYMMDDHHMMSSZ from 2050); strict parsers refuse it: "
        "reissue with a tool that encodes dates per RFC 5280 (openssl, popverify)",
        bad_nb ? "notBefore" : "", bad_nb && bad_na ? " and " : "",
        bad_na ? "notAfter" : "");
}

void pv_lint_validity(PV_LINT *l)
{
    pv_lint_expired(l);
    pv_lint_not_yet_valid(l);
    pv_lint_too_long(l);
    pv_lint_time_encoding(l);
}
