/*
 * cmd_doctor.c - "popverify doctor": why the platform refuses a proof, from
 * the files the user has. The provider diagnoses; this prints the verdict
 * and each finding (id, what, evidence, fix), as text or one JSON object.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/params.h>
#include "commands.h"
#include "json.h"
#include "options.h"
#include "output.h"
#include "passin.h"

static const char doctor_usage[] =
    "usage: popverify doctor [--ca-cert CERT] [--ca-key KEY [--passin SRC]] [--profile "
    "P]\n"
    "                        [--code CODE | --code-file FILE]\n"
    "                        [--signature B64 | --signature-file FILE | --vcert FILE]\n"
    "                        [--platform-error TEXT] [--json]\n"
    "\n"
    "Explain why a platform refuses a proof of possession, from the files you have.\n"
    "Give any of the inputs: doctor checks what it gets - the CA certificate, whether\n"
    "the key belongs to it, the code as typed or saved, the signature text and what\n"
    "it was made over, the verification certificate. It prints a one-line verdict,\n"
    "then each finding: its id, what is wrong, the evidence, the command that fixes\n"
    "it, and the platform's error message it explains. The ids are listed in\n"
    "doctor.md, installed with the documentation (see FILES in popverify(1)).\n"
    "\n"
    "  --ca-cert CERT         the CA certificate uploaded to the platform\n"
    "  --ca-key KEY           its private key (path or OSSL_STORE URI)\n"
    "  --passin SRC           key passphrase: pass:TEXT, env:VAR, file:PATH, fd:N, "
    "stdin\n"
    "  --profile P            the platform's profile; without it doctor cannot check\n"
    "                         the code's length and characters\n"
    "  --code CODE            the verification code\n"
    "  --code-file FILE       the file holding the code, exactly as it is\n"
    "  --signature B64        the signature text as pasted\n"
    "  --signature-file FILE  the file holding the signature text\n"
    "  --vcert FILE           the verification certificate\n"
    "  --platform-error TEXT  the message the platform answered with, as pasted:\n"
    "                         doctor names the findings that explain it and the\n"
    "                         inputs that tell them apart\n"
    "  --json                 print one JSON object with the verdict and findings\n"
    "\n"
    "Exit status and verdict:\n"
    "  0  accepted    every check the platform makes was made (the profile, the CA\n"
    "                 certificate, the code and the proof) and none refuses it\n"
    "  1  rejected    at least one finding makes the platform refuse it\n"
    "  2  usage error: no input, an unknown option or profile\n"
    "  3  an input cannot be read (missing file, not a certificate or key,\n"
    "                 wrong or missing passphrase)\n"
    "  4  incomplete  nothing found refuses it, but an input the platform's checks\n"
    "                 need is missing: the verdict names the options to give\n";

static const struct option doctor_opts[] = {
    PV_LONGOPT_HELP,      PV_LONGOPT_CA_CERT,   PV_LONGOPT_CA_KEY,
    PV_LONGOPT_PASSIN,    PV_LONGOPT_PROFILE,   PV_LONGOPT_CODE,
    PV_LONGOPT_CODE_FILE, PV_LONGOPT_SIGNATURE, PV_LONGOPT_SIGNATURE_FILE,
    PV_LONGOPT_VCERT,     PV_LONGOPT_JSON,      PV_LONGOPT_PLATFORM_ERROR,
    PV_LONGOPT_END};

static int check_opts(const PV_OPTS *o)
{
    int status;

    if (pv_opts_no_args(o) != PV_EXIT_OK)
        return PV_EXIT_USAGE;
    if ((status = pv_opts_code_choice(o, 0)) != PV_EXIT_OK ||
        (status = pv_opts_proof_choice(o, 0)) != PV_EXIT_OK)
        return status;
    if (o->ca_cert == NULL && o->ca_key == NULL && o->code == NULL &&
        o->code_file == NULL && o->signature == NULL && o->signature_file == NULL &&
        o->vcert == NULL && o->platform_error == NULL) {
        pv_error(
            "doctor: nothing to check; give the CA certificate, key, code, signature "
            "or verification certificate you have, or --platform-error with the "
            "platform's message (see 'popverify doctor --help')");
        return PV_EXIT_USAGE;
    }
    if (o->passin != NULL && o->ca_key == NULL) {
        pv_error("doctor: --passin is for the --ca-key; give --ca-key too");
        return PV_EXIT_USAGE;
    }
    return pv_opts_one_stdin(o);
}

static int read_inputs(const PV_OPTS *o, PV_INPUT *code, PV_INPUT *sig)
{
    int status = PV_EXIT_OK;

    if (o->code != NULL || o->code_file != NULL)
        status = pv_read_input(o->code, "--code", o->code_file, "--code-file", code);
    if (status == PV_EXIT_OK && (o->signature != NULL || o->signature_file != NULL))
        status = pv_read_input(o->signature, "--signature", o->signature_file,
                               "--signature-file", sig);
    return status;
}

static OSSL_PARAM *add_utf8(OSSL_PARAM *p, const char *name, const char *value)
{
    if (value != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(name, (char *)value, 0);
    return p;
}

static OSSL_PARAM *add_input(OSSL_PARAM *p, const char *name, const char *source_name,
                             const PV_INPUT *in)
{
    if (in->data == NULL)
        return p;
    *p++ = OSSL_PARAM_construct_octet_string(name, in->data, in->len);
    return add_utf8(p, source_name, in->source);
}

/* The diagnosis in a context, or NULL with the error reported. */
static void *run(PV_SESSION *s, const PV_OPTS *o, const PV_INPUT *code,
                 const PV_INPUT *sig, PV_PASSIN *pass, int *status)
{
    OSSL_PARAM in[14], *p = in;
    void *ctx;

    p = add_utf8(p, POPVERIFY_PARAM_CA_CERT, o->ca_cert);
    p = add_utf8(p, POPVERIFY_PARAM_CA_KEY, o->ca_key);
    p = add_utf8(p, POPVERIFY_PARAM_PROFILE, o->profile);
    p = add_utf8(p, POPVERIFY_PARAM_VCERT, o->vcert);
    p = add_utf8(p, POPVERIFY_PARAM_PLATFORM_ERROR, o->platform_error);
    p = add_input(p, POPVERIFY_PARAM_CODE, POPVERIFY_PARAM_CODE_SOURCE, code);
    p = add_input(p, POPVERIFY_PARAM_SIGNATURE, POPVERIFY_PARAM_SIGNATURE_SOURCE, sig);
    *p = OSSL_PARAM_construct_end();
    if (s->api.doctor == NULL) {
        pv_error("doctor: this popverify provider has no doctor; update popverify");
        *status = PV_EXIT_ERROR;
        return NULL;
    }
    if ((ctx = pv_session_ctx(s, in)) != NULL &&
        s->api.doctor(ctx, pv_passin_cb, pass) == 1)
        return ctx;
    pv_session_free(s, ctx);
    *status = pv_report_error();
    return NULL;
}

/* One finding line: id, severity, what, evidence, fix, the platform's message. */
#define FIELDS 6
typedef struct finding_st {
    const char *field[FIELDS];
    int len[FIELDS];
} FINDING;

static const char *const field_names[FIELDS] = {"code",     "severity", "what",
                                                "evidence", "fix",      "platform"};

/* The finding at *text, advancing past it; 0 at the end. */
static int next_finding(const char **text, FINDING *f)
{
    const char *p = *text;
    int i;

    if (p == NULL || *p == '\0')
        return 0;
    for (i = 0; i < FIELDS; i++) {
        size_t n = strcspn(p, i < FIELDS - 1 ? "\t\n" : "\n");

        f->field[i] = p;
        f->len[i] = (int)n;
        p += n;
        if (*p == '\t' || *p == '\n')
            p++;
    }
    *text = p;
    return 1;
}

static void print_text(const char *verdict, const char *findings, const char *notes)
{
    FINDING f;
    const char *end;
    int n = 0;

    printf("%s\n", verdict);
    while (next_finding(&findings, &f)) {
        n++;
        printf("\n%.*s (%.*s)\n", f.len[0], f.field[0], f.len[1], f.field[1]);
        printf("  what:     %.*s\n", f.len[2], f.field[2]);
        if (f.len[3] > 0)
            printf("  evidence: %.*s\n", f.len[3], f.field[3]);
        printf("  fix:      %.*s\n", f.len[4], f.field[4]);
        if (f.len[5] > 0)
            printf("  platform: %.*s\n", f.len[5], f.field[5]);
    }
    if (n > 0 && notes != NULL && *notes != '\0')
        putchar('\n');
    for (; notes != NULL && *notes != '\0'; notes = *end != '\0' ? end + 1 : end) {
        end = notes + strcspn(notes, "\n");
        if (end > notes)
            printf("note: %.*s\n", (int)(end - notes), notes);
    }
}

static void json_findings(PV_JSON *j, const char *findings)
{
    FINDING f;
    int i, n = 0;

    fputs(j->members++ > 0 ? ",\"findings\":[" : "\"findings\":[", j->fp);
    while (next_finding(&findings, &f)) {
        fputs(n++ > 0 ? ",{" : "{", j->fp);
        for (i = 0; i < FIELDS; i++) {
            if (i > 0)
                fputc(',', j->fp);
            pv_json_quote(j->fp, field_names[i], strlen(field_names[i]));
            fputc(':', j->fp);
            pv_json_quote(j->fp, f.field[i], (size_t)f.len[i]);
        }
        fputc('}', j->fp);
    }
    fputc(']', j->fp);
}

static int print_json(const PV_OPTS *o, const PV_INFO *info, int complete,
                      const char *verdict, const char *findings)
{
    PV_JSON j;

    pv_json_open(&j, stdout);
    pv_json_bool(&j, "accepted", info->valid == 1);
    pv_json_bool(&j, "complete", complete);
    pv_json_str(&j, "verdict", verdict);
    pv_json_str(&j, "profile", o->profile);
    json_findings(&j, findings);
    pv_json_lines(&j, "notes", info->notes);
    pv_json_str(&j, "code",
                info->canonical_code != NULL && *info->canonical_code != '\0'
                    ? info->canonical_code
                    : NULL);
    pv_json_str(&j, "ca_subject",
                info->ca_subject != NULL && *info->ca_subject != '\0' ? info->ca_subject
                                                                      : NULL);
    pv_json_str(&j, "ca_sha1",
                info->ca_sha1 != NULL && *info->ca_sha1 != '\0' ? info->ca_sha1 : NULL);
    pv_json_str(&j, "ca_sha256",
                info->ca_sha256 != NULL && *info->ca_sha256 != '\0' ? info->ca_sha256
                                                                    : NULL);
    return pv_json_close(&j);
}

/* Nothing was refused, but not everything could be checked. */
static int verdict_incomplete(const char *verdict)
{
    return strncmp(verdict, "incomplete:", 11) == 0;
}

static int emit(PV_SESSION *s, void *ctx, const PV_OPTS *o)
{
    const char *verdict = pv_get_utf8(s, ctx, POPVERIFY_PARAM_VERDICT);
    const char *findings = pv_get_utf8(s, ctx, POPVERIFY_PARAM_FINDINGS);
    PV_INFO info;
    int status, complete = 0;

    pv_session_info(s, ctx, &info);
    if (!pv_get_int(s, ctx, POPVERIFY_PARAM_COMPLETE, &complete))
        complete = 0;
    if (verdict == NULL || *verdict == '\0' || (info.valid != 0 && info.valid != 1)) {
        pv_error("doctor: the provider gave no verdict");
        return PV_EXIT_ERROR;
    }
    if (o->json) {
        status = print_json(o, &info, complete, verdict, findings);
    } else {
        print_text(verdict, findings, info.notes);
        status = pv_flush_stdout();
    }
    if (status != PV_EXIT_OK)
        return status;
    if (info.valid)
        return PV_EXIT_OK;
    return verdict_incomplete(verdict) ? PV_EXIT_INCOMPLETE : PV_EXIT_INVALID;
}

int pv_cmd_doctor(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_INPUT code = {0}, sig = {0};
    PV_PASSIN pass = {0};
    void *ctx = NULL;
    int status = pv_opts_parse(&o, "doctor", argc, argv, doctor_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return fputs(doctor_usage, stdout) < 0 ? PV_EXIT_ERROR : pv_flush_stdout();
    if ((status = check_opts(&o)) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o.passin, o.ca_key)) != PV_EXIT_OK ||
        (status = read_inputs(&o, &code, &sig)) != PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &code, &sig, &pass, &status)) != NULL)
        status = emit(s, ctx, &o);
done:
    pv_session_free(s, ctx);
    pv_input_free(&code);
    pv_input_free(&sig);
    pv_passin_clear(&pass);
    return status;
}
