/*
 * doctor_fix.c - the commands a fix names, built from the user's own paths
 * and code so they can be run as printed. Inputs the user did not give stay
 * placeholders in capitals (CA_KEY, HUB).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "doctor_check.h"
#include "load.h"

const char *pv_fix_profile(const PV_DOCTOR *d, PV_KIND kind)
{
    if (d->profile != NULL && d->profile->kind == kind)
        return d->profile->name;
    return kind == PV_KIND_SIGNATURE ? "generic-signature" : "generic-vcert";
}

/* --ca-cert C --ca-key K --code 'X', as far as they are known. */
static void pv_fix_common(const PV_DOCTOR *d, char *out, size_t outlen)
{
    char cert[256] = "CA_CERT", key[256] = "CA_KEY", code[1000];

    if (d->req->ca_cert != NULL)
        pv_shq(d->req->ca_cert, cert, sizeof(cert));
    if (d->req->ca_key != NULL && d->key_matches)
        pv_shq(d->req->ca_key, key, sizeof(key));
    if (d->have_code)
        pv_shq(d->code.text, code, sizeof(code));
    snprintf(out, outlen, "--ca-cert %s --ca-key %s --code %s", cert, key,
             d->have_code ? code : "VERIFICATION_CODE");
}

void pv_fix_sign(const PV_DOCTOR *d, char *out, size_t outlen)
{
    char common[PV_FIX_MAX];

    pv_fix_common(d, common, sizeof(common));
    snprintf(out, outlen, "popverify sign --profile %s %s --out signature.txt",
             pv_fix_profile(d, PV_KIND_SIGNATURE), common);
}

void pv_fix_vcert(const PV_DOCTOR *d, char *out, size_t outlen)
{
    char common[PV_FIX_MAX];

    pv_fix_common(d, common, sizeof(common));
    snprintf(out, outlen, "popverify vcert --profile %s %s --out vcert.pem",
             pv_fix_profile(d, PV_KIND_VCERT), common);
}

/* Named by an option ("--code") rather than a file. */
static int pv_is_option(const char *source)
{
    return source == NULL || strncmp(source, "--", 2) == 0;
}

void pv_fix_code(const PV_DOCTOR *d, const char *code, int same_file, char *out,
                 size_t outlen)
{
    const char *source = d->req->code_source;
    char q[PV_CODE_MAX * 4 + 8], file[512];

    pv_shq(code, q, sizeof(q));
    if (pv_is_option(source)) {
        snprintf(out, outlen, "--code %s", q);
        return;
    }
    if (!same_file || strcmp(source, "standard input") == 0)
        source = "code.txt";
    pv_shq(source, file, sizeof(file));
    snprintf(out, outlen, "printf '%%s' %s > %s", q, file);
}

void pv_fix_new_code(const PV_DOCTOR *d, char *out, size_t outlen)
{
    const char *name = d->profile != NULL ? d->profile->name : "";

    if (strcmp(name, "aws-iot") == 0)
        snprintf(out, outlen,
                 "aws iot get-registration-code --query registrationCode --output text");
    else if (strcmp(name, "azure-iothub") == 0)
        snprintf(out, outlen,
                 "az iot hub certificate generate-verification-code --hub-name HUB "
                 "--name CERT_NAME --etag ETAG --query '[properties.verificationCode, "
                 "etag]' --output tsv  # verify with the etag this returns");
    else if (strcmp(name, "azure-dps") == 0)
        snprintf(out, outlen,
                 "az iot dps certificate generate-verification-code --dps-name DPS "
                 "--resource-group GROUP --certificate-name CERT_NAME --etag ETAG "
                 "--query '[properties.verificationCode, etag]' --output tsv  # verify "
                 "with the etag this returns");
    else if (strcmp(name, "cumulocity") == 0)
        snprintf(out, outlen,
                 "curl -X POST -u USER https://TENANT_DOMAIN/tenant/tenants/TENANT_ID/"
                 "trusted-certificates-pop/FINGERPRINT/verification-code  # the new "
                 "proofOfPossessionUnsignedVerificationCode");
    else if (strcmp(name, "huawei-iotda") == 0)
        snprintf(out, outlen,
                 "copy the CA certificate's current verify_code from IoTDA (a code is "
                 "valid for one day)");
    else if (strcmp(name, "alibaba-iot") == 0)
        snprintf(out, outlen,
                 "copy the registration code from the console's Register CA Certificate "
                 "dialog");
    else
        snprintf(out, outlen, "copy the code again from the platform, as plain text");
}

void pv_fix_input(const char *source, const unsigned char *text, size_t len, char *out,
                  size_t outlen)
{
    char copy[PV_FIX_MAX / 2], q[PV_FIX_MAX];

    if (!pv_is_option(source) && strcmp(source, "standard input") != 0) {
        pv_shq(source, q, sizeof(q));
        snprintf(out, outlen, "cat %s |", q);
    } else if (len < sizeof(copy) && memchr(text, '\0', len) == NULL) {
        memcpy(copy, text, len);
        copy[len] = '\0';
        pv_shq(copy, q, sizeof(q));
        snprintf(out, outlen, "printf '%%s' %s |", q);
    } else { /* too long to repeat in a command */
        snprintf(out, outlen, "cat SIGNATURE_FILE |");
    }
}

void pv_fix_reissue(const PV_DOCTOR *d, const char *newkey, char *out, size_t outlen)
{
    char key[512] = "CA_KEY", subject[512], qsubject[600];

    if (newkey != NULL)
        snprintf(key, sizeof(key), "%s", newkey);
    else if (d->req->ca_key != NULL && d->key_matches)
        pv_shq(d->req->ca_key, key, sizeof(key));
    pv_cert_subject(d->ca, subject, sizeof(subject));
    pv_shq(subject, qsubject, sizeof(qsubject));
    snprintf(out, outlen,
             "openssl req -x509 -new -key %s -subj %s -days 3650 -addext "
             "'basicConstraints=critical,CA:TRUE' -addext "
             "'keyUsage=critical,keyCertSign,cRLSign' -out ca-new.pem",
             key, qsubject);
}

void pv_fix_extract(const PV_DOCTOR *d, int n, char *out, size_t outlen)
{
    char file[512], *path = pv_pick_path(d->req->ca_cert);

    pv_shq(path != NULL ? path : d->req->ca_cert, file, sizeof(file));
    OPENSSL_free(path);
    if (n == 1)
        snprintf(out, outlen, "openssl x509 -in %s -out ca-only.pem", file);
    else
        snprintf(out, outlen,
                 "awk '/-----BEGIN CERTIFICATE-----/{n++} n==%d' %s > ca-only.pem", n,
                 file);
}
