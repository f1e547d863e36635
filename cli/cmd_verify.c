/*
 * cmd_verify.c - "popverify verify": check a signature or verification
 * certificate the way the platform will.
 */
#include <string.h>
#include <openssl/params.h>
#include "commands.h"
#include "json.h"
#include "options.h"
#include "output.h"

static const char verify_usage[] =
    "usage: popverify verify --ca-cert CERT (--code CODE | --code-file FILE)\n"
    "                        (--signature B64 | --signature-file FILE | --vcert FILE)\n"
    "                        [--profile P] [--json]\n"
    "\n"
    "Check a proof of possession as the platform does and say why it fails.\n"
    "Prints 'valid: ...' or 'invalid: <reason>'.\n"
    "\n"
    "  --ca-cert CERT         the CA certificate uploaded to the platform\n"
    "  --code CODE            the verification code\n"
    "  --code-file FILE       read the code from FILE ('-' for stdin)\n"
    "  --signature B64        the signature text as pasted\n"
    "  --signature-file FILE  read the signature text from FILE ('-' for stdin)\n"
    "  --vcert FILE           a verification certificate (path or URI)\n"
    "  --profile P            the platform's profile (default: generic-signature or\n"
    "                         generic-vcert)\n"
    "  --json                 print one JSON object with the verdict and details\n"
    "\n"
    "Exit status:\n"
    "  0  valid: the platform accepts this proof\n"
    "  1  invalid: the line after 'invalid:' says why\n"
    "  2  usage error: an unknown, missing or contradictory option, an unknown\n"
    "     profile\n"
    "  3  the proof could not be checked: unreadable input, a code of the wrong\n"
    "     shape, a CA certificate the platform refuses\n";

static const struct option verify_opts[] = {
    PV_LONGOPT_HELP,      PV_LONGOPT_CA_CERT,   PV_LONGOPT_CODE,
    PV_LONGOPT_CODE_FILE, PV_LONGOPT_SIGNATURE, PV_LONGOPT_SIGNATURE_FILE,
    PV_LONGOPT_VCERT,     PV_LONGOPT_PROFILE,   PV_LONGOPT_JSON,
    PV_LONGOPT_END};

static int check_opts(const PV_OPTS *o)
{
    int status;

    if (pv_opts_no_args(o) != PV_EXIT_OK)
        return PV_EXIT_USAGE;
    if ((status = pv_opts_require(o, o->ca_cert, "--ca-cert")) != PV_EXIT_OK ||
        (status = pv_opts_code_choice(o, 1)) != PV_EXIT_OK ||
        (status = pv_opts_proof_choice(o, 1)) != PV_EXIT_OK)
        return status;
    return pv_opts_one_stdin(o);
}

/* The profile the verdict is about: the one given or the generic default. */
static const char *profile_of(const PV_OPTS *o)
{
    if (o->profile != NULL)
        return o->profile;
    return o->vcert != NULL ? "generic-vcert" : "generic-signature";
}

static void *run(PV_SESSION *s, const PV_OPTS *o, const PV_INPUT *code,
                 const PV_INPUT *sig)
{
    OSSL_PARAM in[8];
    OSSL_PARAM *p = in;

    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)o->ca_cert, 0);
    *p++ = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code->data, code->len);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE,
                                            (char *)code->source, 0);
    if (o->profile != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE,
                                                (char *)o->profile, 0);
    if (o->vcert != NULL) {
        *p++ =
            OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_VCERT, (char *)o->vcert, 0);
    } else {
        *p++ = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_SIGNATURE, sig->data,
                                                 sig->len);
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_SIGNATURE_SOURCE,
                                                (char *)sig->source, 0);
    }
    *p = OSSL_PARAM_construct_end();
    return pv_session_run(s, PV_ACT_VERIFY, in, NULL, NULL);
}

static int print_json(const PV_OPTS *o, const PV_INFO *info, const char *kind)
{
    PV_JSON j;

    pv_json_open(&j, stdout);
    pv_json_bool(&j, "valid", info->valid == 1);
    pv_json_str(&j, "reason",
                info->valid == 1 || info->reason == NULL || *info->reason == '\0'
                    ? NULL
                    : info->reason);
    pv_json_str(&j, "profile", profile_of(o));
    pv_json_str(&j, "kind", kind);
    pv_json_str(&j, "code", info->canonical_code);
    pv_json_str(&j, "ca_subject", info->ca_subject);
    pv_json_str(&j, "ca_sha1", info->ca_sha1);
    pv_json_str(&j, "ca_sha256", info->ca_sha256);
    pv_json_lines(&j, "notes", info->notes);
    return pv_json_close(&j);
}

static int emit(const PV_OPTS *o, const PV_INFO *info)
{
    const char *kind = info->kind != NULL ? info->kind
                       : o->vcert != NULL ? "vcert"
                                          : "signature";
    int status;

    if (info->valid != 0 && info->valid != 1) {
        pv_error("verify: the provider gave no verdict");
        return PV_EXIT_ERROR;
    }
    if (o->json) {
        status = print_json(o, info, kind);
    } else {
        pv_print_notes(info->notes);
        if (info->valid)
            printf("valid: %s %s for %s\n", profile_of(o), kind,
                   info->ca_subject != NULL ? info->ca_subject : o->ca_cert);
        else
            printf("invalid: %s\n",
                   info->reason != NULL ? info->reason : "no reason given");
        status = pv_flush_stdout();
    }
    if (status != PV_EXIT_OK)
        return status;
    return info->valid ? PV_EXIT_OK : PV_EXIT_INVALID;
}

static int read_inputs(const PV_OPTS *o, PV_INPUT *code, PV_INPUT *sig)
{
    int status = pv_read_input(o->code, "--code", o->code_file, "--code-file", code);

    if (status != PV_EXIT_OK || o->vcert != NULL)
        return status;
    return pv_read_input(o->signature, "--signature", o->signature_file,
                         "--signature-file", sig);
}

int pv_cmd_verify(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_INPUT code = {0}, sig = {0};
    PV_INFO info;
    void *ctx = NULL;
    int status = pv_opts_parse(&o, "verify", argc, argv, verify_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(verify_usage);
    if ((status = check_opts(&o)) != PV_EXIT_OK ||
        (status = read_inputs(&o, &code, &sig)) != PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &code, &sig)) == NULL) {
        status = pv_report_error();
        goto done;
    }
    pv_session_info(s, ctx, &info);
    status = emit(&o, &info);
done:
    pv_session_free(s, ctx);
    pv_input_free(&code);
    pv_input_free(&sig);
    return status;
}
