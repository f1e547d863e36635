/*
 * cmd_vcert.c - "popverify vcert": the verification certificate (CN = code)
 * to upload to the platform.
 */
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <openssl/params.h>
#include "commands.h"
#include "options.h"
#include "outplan.h"
#include "output.h"
#include "passin.h"

static const char vcert_usage[] =
    "usage: popverify vcert --profile P --ca-cert CERT --ca-key KEY [--passin SRC]\n"
    "                       (--code CODE | --code-file FILE) [--out FILE]\n"
    "                       [--outform PEM|DER] [--days N]\n"
    "\n"
    "Issue the verification certificate the platform asks for: subject CN = the\n"
    "code, issued and signed by the CA being proven. It is checked against CERT\n"
    "before it is written.\n"
    "\n"
    "  --profile P       platform profile, e.g. azure-dps, azure-iothub, aws-iot\n"
    "  --ca-cert CERT    the CA certificate uploaded to the platform (path or URI)\n"
    "  --ca-key KEY      its private key (path or OSSL_STORE URI, e.g. pkcs11:...)\n"
    "  --passin SRC      key passphrase: pass:TEXT, env:VAR, file:PATH, fd:N, stdin;\n"
    "                    without it popverify prompts when stdin is a terminal\n"
    "  --code CODE       the verification code as shown by the platform\n"
    "  --code-file FILE  read the code from FILE ('-' for stdin)\n"
    "  --out FILE        write the certificate to FILE instead of stdout\n"
    "  --outform F       PEM (default) or DER\n"
    "  --days N          validity in days (default: the profile's; never past the CA)\n"
    "\n"
    "Exit status:\n"
    "  0  the certificate was printed, or written to --out\n"
    "  2  usage error: an unknown, missing or contradictory option, an unknown\n"
    "     profile\n"
    "  3  any other error: unreadable input, wrong passphrase, a key that does\n"
    "     not belong to CERT, a CA or key the platform refuses, a code of the\n"
    "     wrong shape; nothing is written\n";

static const struct option vcert_opts[] = {
    PV_LONGOPT_HELP,    PV_LONGOPT_PROFILE, PV_LONGOPT_CA_CERT,   PV_LONGOPT_CA_KEY,
    PV_LONGOPT_PASSIN,  PV_LONGOPT_CODE,    PV_LONGOPT_CODE_FILE, PV_LONGOPT_OUT,
    PV_LONGOPT_OUTFORM, PV_LONGOPT_DAYS,    PV_LONGOPT_END};

static int check_outform(const PV_OPTS *o, const char **format)
{
    *format = "PEM";
    if (o->outform == NULL || strcasecmp(o->outform, "PEM") == 0)
        return PV_EXIT_OK;
    if (strcasecmp(o->outform, "DER") != 0) {
        pv_error("vcert: --outform '%s' is not PEM or DER", o->outform);
        return PV_EXIT_USAGE;
    }
    *format = "DER";
    if (o->out == NULL && isatty(STDOUT_FILENO)) {
        pv_error("vcert: DER is binary; give --out FILE or redirect stdout");
        return PV_EXIT_USAGE;
    }
    return PV_EXIT_OK;
}

static int check_opts(const PV_OPTS *o, const char **format, int *days)
{
    int status;

    if ((status = pv_opts_require_signer(o)) != PV_EXIT_OK ||
        (status = pv_opts_require_code(o)) != PV_EXIT_OK ||
        (status = pv_opts_days(o, days)) != PV_EXIT_OK)
        return status;
    return check_outform(o, format);
}

static void *run(PV_SESSION *s, const PV_OPTS *o, const PV_INPUT *code, PV_PASSIN *pass,
                 const char *format, int days)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)o->ca_cert, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)o->ca_key, 0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code->data, code->len),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE,
                                         (char *)code->source, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_FORMAT, (char *)format, 0),
        OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, &days),
        OSSL_PARAM_construct_end()};

    /* Without --days the profile's default applies. */
    if (days == 0)
        in[6] = OSSL_PARAM_construct_end();
    return pv_session_run(s, PV_ACT_VCERT, in, pv_passin_cb, pass);
}

static int emit(const PV_OPTS *o, const PV_INFO *info, PV_PLAN *plan)
{
    int status;

    if (info->output == NULL) {
        pv_error("vcert: the provider returned no certificate");
        return PV_EXIT_ERROR;
    }
    pv_print_notes(info->notes);
    if (o->out == NULL)
        return pv_write_stdout(info->output, info->output_len, 0);
    if ((status = pv_plan_stage(plan, 0, info->output, info->output_len)) == PV_EXIT_OK &&
        (status = pv_plan_commit(plan)) == PV_EXIT_OK)
        fprintf(stderr, "popverify: wrote %s\n", o->out);
    return status;
}

int pv_cmd_vcert(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_INPUT code = {0};
    PV_PASSIN pass = {0};
    PV_INFO info;
    const char *format = "PEM";
    PV_PLAN *plan = NULL;
    void *ctx = NULL;
    int days = 0, status = pv_opts_parse(&o, "vcert", argc, argv, vcert_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(vcert_usage);
    if ((status = check_opts(&o, &format, &days)) != PV_EXIT_OK ||
        (status = pv_plan_simple(&plan, &o, "vcert")) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o.passin, o.ca_key)) != PV_EXIT_OK ||
        (status = pv_read_input(o.code, "--code", o.code_file, "--code-file", &code)) !=
            PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &code, &pass, format, days)) == NULL) {
        status = pv_report_error();
        goto done;
    }
    pv_session_info(s, ctx, &info);
    status = emit(&o, &info, plan);
done:
    pv_plan_free(plan);
    pv_session_free(s, ctx);
    pv_input_free(&code);
    pv_passin_clear(&pass);
    return status;
}
