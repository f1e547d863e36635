/*
 * keyfile.c - writing what an issue hands back: the key (no-clobber unless
 * --force, so a key is never lost to a typo) and the certificate, both
 * staged before either is put in place, so a failure leaves neither a new
 * key without its certificate nor a replaced one.
 */
#include <stdio.h>
#include <string.h>
#include "keyfile.h"
#include "options.h"
#include "session.h"

int pv_issued_precheck(const char *cmd, PV_ISSUED *out, const PV_OPTS *o)
{
    unsigned key_flags = PV_OUT_SECRET | (out->force ? 0 : PV_OUT_NO_CLOBBER);

    out->key_idx = out->cert_idx = -1;
    if ((out->plan = pv_plan_new(cmd)) == NULL)
        return PV_EXIT_ERROR;
    if ((out->key_path != NULL &&
         (out->key_idx =
              pv_plan_output(out->plan, "--key-out", out->key_path, key_flags)) < 0) ||
        (out->cert_idx = pv_plan_output(out->plan, "--out", out->cert_path, 0)) < 0 ||
        !pv_plan_inputs_from_opts(out->plan, o))
        return PV_EXIT_ERROR;
    return pv_plan_check(out->plan);
}

int pv_issued_write(PV_ISSUED *out)
{
    int status;

    if (out->key_path != NULL &&
        (status = pv_plan_stage(out->plan, out->key_idx, out->key, out->key_len)) !=
            PV_EXIT_OK)
        return status;
    if ((status = pv_plan_stage(out->plan, out->cert_idx, out->cert, out->cert_len)) !=
        PV_EXIT_OK)
        return status;
    return pv_plan_commit(out->plan);
}

void pv_issued_free(PV_ISSUED *out)
{
    pv_plan_free(out->plan);
    out->plan = NULL;
}

/* For a CA its name and fingerprint (what the platform shows); else its issuer. */
static void pv_issued_say(const PV_ISSUED *out, const PV_INFO *info, const char *what,
                          int encrypted)
{
    int is_ca = strstr(what, "CA") != NULL;

    if (out->key_path != NULL)
        fprintf(stderr, "popverify: wrote %s (new %s private key, mode 0600%s)\n",
                out->key_path, info->key_desc != NULL ? info->key_desc : "",
                encrypted ? ", encrypted" : "");
    fprintf(stderr, "popverify: wrote %s (%s %s%s%s%s)\n", out->cert_path, what,
            is_ca ? "" : "issued by ", info->ca_subject != NULL ? info->ca_subject : "",
            is_ca ? ", SHA-256 fingerprint " : "",
            is_ca && info->ca_sha256 != NULL ? info->ca_sha256 : "");
}

int pv_issued_finish(struct pv_session_st *s, void *ctx, PV_ISSUED *out, const char *what,
                     int encrypted)
{
    PV_INFO info;
    int status;

    pv_session_info(s, ctx, &info);
    out->cert = info.output;
    out->cert_len = info.output_len;
    if (out->key_path != NULL)
        pv_get_octets(s, ctx, POPVERIFY_PARAM_KEY_OUT, &out->key, &out->key_len);
    if (out->cert == NULL || (out->key_path != NULL && out->key == NULL)) {
        pv_error("the provider returned no %s", out->cert == NULL ? what : "private key");
        return PV_EXIT_ERROR;
    }
    pv_print_notes(info.notes);
    if ((status = pv_issued_write(out)) == PV_EXIT_OK)
        pv_issued_say(out, &info, what, encrypted);
    return status;
}
