/*
 * cmd_sign.c - "popverify sign": the signed verification code to paste into
 * the platform.
 */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "commands.h"
#include "json.h"
#include "options.h"
#include "outplan.h"
#include "output.h"
#include "passin.h"

static const char sign_usage[] =
    "usage: popverify sign --profile P --ca-cert CERT --ca-key KEY [--passin SRC]\n"
    "                      (--code CODE | --code-file FILE) [--out FILE] [--json]\n"
    "\n"
    "Sign the platform's verification code with the CA key and print the text to\n"
    "paste (base64, one line). The signature is checked against CERT before it\n"
    "is printed or written.\n"
    "\n"
    "  --profile P       platform profile (see 'popverify profiles'), e.g. cumulocity\n"
    "  --ca-cert CERT    the CA certificate uploaded to the platform (path or URI)\n"
    "  --ca-key KEY      its private key (path or OSSL_STORE URI, e.g. pkcs11:...)\n"
    "  --passin SRC      key passphrase: pass:TEXT, env:VAR, file:PATH, fd:N, stdin;\n"
    "                    without it popverify prompts when stdin is a terminal\n"
    "  --code CODE       the verification code as shown by the platform\n"
    "  --code-file FILE  read the code from FILE ('-' for stdin); a trailing\n"
    "                    newline, CR or BOM is removed with a note\n"
    "  --out FILE        write the signature to FILE (no trailing newline)\n"
    "  --json            print one JSON object with the signature and details\n"
    "\n"
    "Exit status:\n"
    "  0  the signature was printed, or written to --out\n"
    "  2  usage error: an unknown, missing or contradictory option, an unknown\n"
    "     profile\n"
    "  3  any other error: unreadable input, wrong passphrase, a key that does\n"
    "     not belong to CERT, a CA or key the platform refuses, a code of the\n"
    "     wrong shape; nothing is written\n";

static const struct option sign_opts[] = {
    PV_LONGOPT_HELP,   PV_LONGOPT_PROFILE, PV_LONGOPT_CA_CERT,   PV_LONGOPT_CA_KEY,
    PV_LONGOPT_PASSIN, PV_LONGOPT_CODE,    PV_LONGOPT_CODE_FILE, PV_LONGOPT_OUT,
    PV_LONGOPT_JSON,   PV_LONGOPT_END};

static int check_opts(const PV_OPTS *o)
{
    int status = pv_opts_require_signer(o);

    return status != PV_EXIT_OK ? status : pv_opts_require_code(o);
}

static int printable(const unsigned char *p, size_t len)
{
    for (; len > 0; p++, len--)
        if (*p < 0x20 || *p > 0x7e)
            return 0;
    return 1;
}

/* A raw-encoded signature goes into JSON as base64 so the JSON stays text. */
static void json_signature(PV_JSON *j, const PV_INFO *info)
{
    unsigned char *b64;

    if (printable(info->output, info->output_len)) {
        pv_json_strn(j, "signature", (const char *)info->output, info->output_len);
        return;
    }
    b64 = OPENSSL_malloc(4 * ((info->output_len + 2) / 3) + 1);
    if (b64 != NULL)
        EVP_EncodeBlock(b64, info->output, (int)info->output_len);
    pv_json_str(j, "signature", (const char *)b64);
    pv_json_str(j, "signature_encoding", "base64 of the raw signature");
    OPENSSL_free(b64);
}

static int print_json(const PV_OPTS *o, const PV_INFO *info)
{
    PV_JSON j;

    pv_json_open(&j, stdout);
    pv_json_str(&j, "profile", o->profile);
    pv_json_str(&j, "kind", info->kind != NULL ? info->kind : "signature");
    json_signature(&j, info);
    pv_json_str(&j, "code", info->canonical_code);
    pv_json_lines(&j, "notes", info->notes);
    pv_json_str(&j, "key", info->key_desc);
    pv_json_str(&j, "ca_subject", info->ca_subject);
    pv_json_str(&j, "ca_sha1", info->ca_sha1);
    pv_json_str(&j, "ca_sha256", info->ca_sha256);
    if (o->out != NULL)
        pv_json_str(&j, "out", o->out);
    return pv_json_close(&j);
}

static int emit(const PV_OPTS *o, const PV_INFO *info, PV_PLAN *plan)
{
    int status;

    if (info->output == NULL) {
        pv_error("sign: the provider returned no signature");
        return PV_EXIT_ERROR;
    }
    if (!o->json)
        pv_print_notes(info->notes);
    if (o->out != NULL) {
        if ((status = pv_plan_stage(plan, 0, info->output, info->output_len)) !=
                PV_EXIT_OK ||
            (status = pv_plan_commit(plan)) != PV_EXIT_OK)
            return status;
        if (!o->json)
            fprintf(stderr, "popverify: wrote %s\n", o->out);
    }
    if (o->json)
        return print_json(o, info);
    if (o->out != NULL)
        return PV_EXIT_OK;
    /* Binary (raw-encoded) output is not line text: no newline added. */
    return pv_write_stdout(info->output, info->output_len,
                           printable(info->output, info->output_len));
}

static void *run(PV_SESSION *s, const PV_OPTS *o, const PV_INPUT *code, PV_PASSIN *pass)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)o->ca_cert, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)o->ca_key, 0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code->data, code->len),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE,
                                         (char *)code->source, 0),
        OSSL_PARAM_construct_end()};

    return pv_session_run(s, PV_ACT_SIGN, in, pv_passin_cb, pass);
}

int pv_cmd_sign(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_INPUT code = {0};
    PV_PASSIN pass = {0};
    PV_INFO info;
    PV_PLAN *plan = NULL;
    void *ctx = NULL;
    int status = pv_opts_parse(&o, "sign", argc, argv, sign_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(sign_usage);
    if ((status = check_opts(&o)) != PV_EXIT_OK ||
        (status = pv_plan_simple(&plan, &o, "sign")) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o.passin, o.ca_key)) != PV_EXIT_OK ||
        (status = pv_read_input(o.code, "--code", o.code_file, "--code-file", &code)) !=
            PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &code, &pass)) == NULL) {
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
