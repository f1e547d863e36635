/*
 * doctor_platform_msg.c - the messages platforms answer a refused proof with,
 * each tied to the findings that explain it and to where the text comes
 * from. Doctor prints them beside a finding, so a user who searches for the
 * platform's words finds the finding; --platform-error maps a pasted
 * message to the checks to run. One line per message: add new ones to the
 * table (and to docs/doctor.md's "Platform messages", which a test keeps in
 * step): platform, code, text, what identifies it, source, findings, inputs.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "doctor_check.h"

/* Finding lists: ids separated by spaces; "SIG_*" stands for every SIG_ id. */
#define PV_PE_VCERT_ISSUER                                                               \
    "VCERT_SIGNED_BY_PARENT VCERT_SIGNED_BY_CHILD VCERT_WRONG_ISSUER VCERT_SELF_SIGNED " \
    "VCERT_ISSUER_ENCODING VCERT_BAD_SIGNATURE KEY_MATCHES_OTHER_CERT KEY_MISMATCH"
#define PV_PE_SIGNATURE "SIG_* KEY_MISMATCH KEY_MATCHES_OTHER_CERT"

static const PV_PLATFORM_ERROR pv_platform_errors[] = {
    {"Azure IoT Hub", "IH400053",
     "Issuer certificate ... cannot be found in the certificate chain",
     "IH400053|cannot be found in the certificate chain",
     "Azure IoT Hub's answer to the certificate verify call (POST "
     ".../certificates/{name}/verify), as users report it",
     PV_PE_VCERT_ISSUER,
     "--profile azure-iothub --ca-cert (the certificate uploaded) --code --vcert"},
    {"Cumulocity", NULL,
     "Cannot verify signature for certificate with fingerprint: ... and tenant id: ...",
     "Cannot verify signature for certificate with fingerprint",
     "Cumulocity's answer to POST "
     "/tenant/tenants/{tenant}/trusted-certificates-pop/{fingerprint}/pop; "
     "community.cumulocity.com/t/proof-of-possession-fails-for-trusted-certificate/14165",
     PV_PE_SIGNATURE,
     "--profile cumulocity --ca-cert (the certificate uploaded) --code-file "
     "--signature-file"},
    {"Azure IoT Hub", "IH412001", "Invalid ETag supplied ... errorcode: IH412001",
     "IH412001|Invalid ETag supplied",
     "the Azure CLI's answer to az iot hub certificate verify (and az iot dps ...; "
     "Azure/azure-cli issue "
     "13098)",
     "VCERT_CN_STALE VCERT_CN_MISMATCH",
     "--profile azure-iothub --code (the latest generate-verification-code's, verified "
     "with its ETag) --vcert"},
    {"AWS IoT Core", "RegistrationCodeValidationException",
     "The registration code is invalid.",
     "RegistrationCodeValidationException|registration code is invalid",
     "AWS IoT API Reference, RegisterCACertificate, Errors", "VCERT_CN_* CODE_*",
     "--profile aws-iot --code (get-registration-code's, in the Region you register "
     "in) --vcert"},
    {"AWS IoT Core", "ResourceAlreadyExistsException", "The resource already exists.",
     "ResourceAlreadyExistsException|resource already exists",
     "AWS IoT API Reference, RegisterCACertificate, Errors; AWS IoT Core Developer "
     "Guide, Manage your CA certificates: in DEFAULT mode a CA certificate can be "
     "registered by only one account in a Region",
     "",
     "no input: the CA is registered in DEFAULT mode in this Region already (by this or "
     "another account); register it from that account, or in SNI_ONLY mode "
     "(--certificate-mode SNI_ONLY), which needs no verification certificate"},
};

const PV_PLATFORM_ERROR *pv_platform_error(size_t i)
{
    return i < sizeof(pv_platform_errors) / sizeof(pv_platform_errors[0])
               ? &pv_platform_errors[i]
               : NULL;
}

/* id is in the space-separated list (where "SIG_*" matches every SIG_ id). */
static int pv_in_list(const char *list, const char *id)
{
    size_t n, idlen = strlen(id);

    for (; *list != '\0'; list += n + (list[n] == ' ')) {
        n = strcspn(list, " ");
        if (n > 0 && list[n - 1] == '*' && strncmp(list, id, n - 1) == 0)
            return 1;
        if (n == idlen && strncmp(list, id, n) == 0)
            return 1;
    }
    return 0;
}

/* The profile's platform reports this message (any platform with no profile). */
static int pv_for_platform(const PV_DOCTOR *d, const PV_PLATFORM_ERROR *e)
{
    const char *p = d->profile != NULL ? d->profile->platform : NULL;

    if (p == NULL || *p == '\0' || strcmp(p, "generic") == 0)
        return 1;
    return strncmp(p, e->platform, strlen(e->platform)) == 0;
}

void pv_platform_says(const PV_DOCTOR *d, const char *id, char *out, size_t outlen)
{
    const PV_PLATFORM_ERROR *e;
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; (e = pv_platform_error(i)) != NULL && used < outlen; i++) {
        if (!pv_in_list(e->findings, id) || !pv_for_platform(d, e))
            continue;
        used += (size_t)snprintf(
            out + used, outlen - used, "%s%s reports this as %s%s\"%s\" (source: %s)",
            used > 0 ? "; " : "", e->platform, e->code != NULL ? e->code : "",
            e->code != NULL ? " " : "", e->text, e->source);
    }
}

/* One of match's "|"-separated texts occurs in hay, ignoring case. */
static int pv_contains(const char *hay, const char *match)
{
    const char *h;
    size_t n;

    for (; *match != '\0'; match += n + (match[n] == '|')) {
        n = strcspn(match, "|");
        for (h = hay; n > 0 && *h != '\0'; h++)
            if (OPENSSL_strncasecmp(h, match, n) == 0)
                return 1;
    }
    return 0;
}

void pv_doctor_platform_error(PV_DOCTOR *d)
{
    const char *text = d->req->platform_error;
    const PV_PLATFORM_ERROR *e;
    size_t i, found = 0;

    for (i = 0; (e = pv_platform_error(i)) != NULL; i++) {
        if (!pv_contains(text, e->match))
            continue;
        found++;
        if (e->findings[0] == '\0') /* a fact of the platform, not of the inputs */
            pv_note(d->env,
                    "--platform-error: matches %s %s%s\"%s\" (source: %s); no finding "
                    "explains it: %s",
                    e->platform, e->code != NULL ? e->code : "",
                    e->code != NULL ? " " : "", e->text, e->source, e->give);
        else
            pv_note(d->env,
                    "--platform-error: matches %s %s%s\"%s\" (source: %s); the findings "
                    "that explain it: %s; to tell them apart, run doctor with %s",
                    e->platform, e->code != NULL ? e->code : "",
                    e->code != NULL ? " " : "", e->text, e->source, e->findings, e->give);
    }
    for (i = 0; found == 0 && (e = pv_platform_error(i)) != NULL; i++)
        pv_note(d->env,
                "--platform-error: not a message popverify knows; it knows %s%s%s\"%s\"",
                e->platform, e->code != NULL ? " " : "", e->code != NULL ? e->code : "",
                e->text);
    if (found == 0)
        pv_note(d->env,
                "--platform-error: run doctor with every file you have: --profile, "
                "--ca-cert, --ca-key, the code and the proof");
}
