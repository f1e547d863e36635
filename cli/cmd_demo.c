/*
 * cmd_demo.c - "popverify demo": for each key type a throwaway root CA, and
 * for every profile that takes it a code file, the proof and its check, all
 * through the same operation a user's commands go through.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include "commands.h"
#include "options.h"
#include "output.h"
#include "passin.h"
#include "demo.h"

static const char demo_usage[] =
    "usage: popverify demo [--keep DIR]\n"
    "\n"
    "For each key type (rsa:2048, ec:P-256, ec:P-384, ec:P-521, ed25519) issue a\n"
    "throwaway root CA with an encrypted key, then for every profile that accepts\n"
    "the key write a verification code file (with a trailing newline, as editors\n"
    "leave it), make the proof from the files as a user would, and verify it.\n"
    "Prints one row per key and profile; exits 0 when every proof verified and\n"
    "1 when one did not.\n"
    "\n"
    "  --keep DIR   work in DIR (created if needed) and keep it, with each CA\n"
    "               key's passphrase in rootCA.pass beside it (--passin\n"
    "               file:DIR/ec-P-256/rootCA.pass); by default a temporary\n"
    "               directory under $TMPDIR or /tmp is removed\n"
    "\n"
    "Exit status:\n"
    "  0  every proof verified\n"
    "  1  a proof did not verify, or a CA could not be made: its row says why\n"
    "  2  usage error: an unknown option\n"
    "  3  DIR cannot be used (not empty, cannot be created), or no profile\n"
    "     could be listed\n";

static const char *const demo_keys[] = {"rsa:2048", "ec:P-256", "ec:P-384", "ec:P-521",
                                        "ed25519"};

static void row(const char *key, const char *profile, const char *kind,
                const char *output, const char *result)
{
    printf("%-9s %-18s %-10s %-44s %s\n", key, profile, kind, output, result);
    fflush(stdout);
}

/* A kept key is of use only with its passphrase: rootCA.pass, beside it. */
static int save_passphrase(PV_DEMO *d, const PV_DEMO_CA *ca)
{
    char path[PV_PATH_MAX];

    if (!d->keep)
        return 1;
    return pv_demo_join(path, ca->dir, "rootCA.pass") &&
           pv_demo_write(d, path, d->pass.pass, d->pass.len, PV_MODE_SECRET);
}

static int save_ca(PV_DEMO *d, PV_DEMO_CA *ca, void *ctx, char *why, size_t whylen)
{
    const unsigned char *cert, *key;
    size_t cert_len, key_len;
    const char *desc = pv_get_utf8(d->s, ctx, POPVERIFY_PARAM_KEY_DESC);

    snprintf(d->key_desc, sizeof(d->key_desc), "%s",
             desc != NULL && *desc != '\0' ? desc : ca->key_type);
    if (!pv_get_octets(d->s, ctx, POPVERIFY_PARAM_OUTPUT, &cert, &cert_len) ||
        !pv_get_octets(d->s, ctx, POPVERIFY_PARAM_KEY_OUT, &key, &key_len)) {
        snprintf(why, whylen, "the provider returned no CA certificate or key");
        return 0;
    }
    if (!pv_demo_join(ca->key, ca->dir, "rootCA.key") ||
        !pv_demo_join(ca->cert, ca->dir, "rootCA.pem") ||
        !pv_demo_write(d, ca->key, key, key_len, PV_MODE_SECRET) ||
        !pv_demo_write(d, ca->cert, cert, cert_len, PV_MODE_PUBLIC) ||
        !save_passphrase(d, ca)) {
        snprintf(why, whylen, "could not write the CA files (see above)");
        return 0;
    }
    return 1;
}

static void *run_issue(PV_DEMO *d, const PV_DEMO_CA *ca, const char *subject)
{
    int days = 30;
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, "root", 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE, (char *)ca->key_type,
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_SUBJECT, (char *)subject, 0),
        OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, &days),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_KEY_PASS, d->pass.pass,
                                          d->pass.len),
        OSSL_PARAM_construct_end()};

    return pv_session_run(d->s, PV_ACT_ISSUE, in, pv_passin_cb, &d->pass);
}

/* A root CA for the key type, its key encrypted with a random passphrase. */
static int issue_ca(PV_DEMO *d, PV_DEMO_CA *ca, char *why, size_t whylen)
{
    char subject[128];
    int reason, ok;
    void *ctx;

    if (!pv_demo_new_passphrase(d)) {
        snprintf(why, whylen, "no random bytes for the passphrase");
        return 0;
    }
    snprintf(subject, sizeof(subject), "/O=popverify demo/CN=popverify demo root %s",
             ca->key_type);
    if ((ctx = run_issue(d, ca, subject)) == NULL) {
        pv_take_error(why, whylen, &reason);
        return 0;
    }
    ok = save_ca(d, ca, ctx, why, whylen);
    pv_session_free(d->s, ctx);
    return ok;
}

/* One profile's run under one CA: the files and what came of them. */
typedef struct pv_demo_job_st {
    const char *profile;
    char kind[32];
    int vcert;
    char dir[PV_PATH_MAX];
    char code[PV_PATH_MAX]; /* verification_code.txt */
    char out[PV_PATH_MAX];  /* signature.txt or verification_cert.pem */
    char why[PV_RESULT_MAX];
} PV_DEMO_JOB;

static void keep_note(PV_DEMO *d, void *ctx)
{
    const char *notes = pv_get_utf8(d->s, ctx, POPVERIFY_PARAM_NOTES);

    if (d->note[0] == '\0' && notes != NULL)
        snprintf(d->note, sizeof(d->note), "%.*s", (int)strcspn(notes, "\n"), notes);
}

static void *run_proof(PV_DEMO *d, const PV_DEMO_CA *ca, const PV_DEMO_JOB *job,
                       const PV_INPUT *code)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)job->profile,
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ca->cert, 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)ca->key, 0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code->data, code->len),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE,
                                         (char *)pv_demo_relative(d, job->code), 0),
        OSSL_PARAM_construct_end()};

    return pv_session_run(d->s, job->vcert ? PV_ACT_VCERT : PV_ACT_SIGN, in, pv_passin_cb,
                          &d->pass);
}

/* 1 made and written, 0 the profile refuses this key, -1 failed. */
static int prove(PV_DEMO *d, const PV_DEMO_CA *ca, PV_DEMO_JOB *job)
{
    PV_INPUT code = {0};
    const unsigned char *out;
    size_t outlen;
    void *ctx = NULL;
    int reason, status = -1;

    snprintf(job->why, sizeof(job->why), "could not read or write a file (see above)");
    if (pv_read_file(job->code, "--code-file", &code) != PV_EXIT_OK)
        return -1;
    if ((ctx = run_proof(d, ca, job, &code)) == NULL) {
        pv_take_error(job->why, sizeof(job->why), &reason);
        status = reason == POPVERIFY_R_KEY_REJECTED ? 0 : -1;
        goto done;
    }
    keep_note(d, ctx);
    if (!pv_get_octets(d->s, ctx, POPVERIFY_PARAM_OUTPUT, &out, &outlen))
        snprintf(job->why, sizeof(job->why), "the provider returned no output");
    else if (pv_demo_write(d, job->out, out, outlen, PV_MODE_PUBLIC))
        status = 1;
done:
    pv_session_free(d->s, ctx);
    pv_input_free(&code);
    return status;
}

static void *run_check(PV_DEMO *d, const PV_DEMO_CA *ca, const PV_DEMO_JOB *job,
                       const PV_INPUT *code, const PV_INPUT *sig)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)job->profile,
                                         0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)ca->cert, 0),
        OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_CODE, code->data, code->len),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CODE_SOURCE,
                                         (char *)pv_demo_relative(d, job->code), 0),
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_VCERT, (char *)job->out, 0),
        OSSL_PARAM_construct_end(),
        OSSL_PARAM_construct_end()};

    if (!job->vcert) {
        in[4] = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_SIGNATURE, sig->data,
                                                  sig->len);
        in[5] = OSSL_PARAM_construct_utf8_string(
            POPVERIFY_PARAM_SIGNATURE_SOURCE, (char *)pv_demo_relative(d, job->out), 0);
    }
    return pv_session_run(d->s, PV_ACT_VERIFY, in, NULL, NULL);
}

/* Verify the written proof from the files, as "popverify verify" would. */
static int check(PV_DEMO *d, const PV_DEMO_CA *ca, PV_DEMO_JOB *job)
{
    PV_INPUT code = {0}, sig = {0};
    const char *reason;
    void *ctx = NULL;
    int valid = -1, r;

    if (pv_read_file(job->code, "--code-file", &code) != PV_EXIT_OK ||
        (!job->vcert && pv_read_file(job->out, "--signature-file", &sig) != PV_EXIT_OK))
        goto done;
    if ((ctx = run_check(d, ca, job, &code, &sig)) == NULL) {
        pv_take_error(job->why, sizeof(job->why), &r);
        goto done;
    }
    if (!pv_get_int(d->s, ctx, POPVERIFY_PARAM_VALID, &valid) || valid != 1) {
        reason = pv_get_utf8(d->s, ctx, POPVERIFY_PARAM_REASON);
        snprintf(job->why, sizeof(job->why), "%s", reason != NULL ? reason : "invalid");
    }
done:
    pv_session_free(d->s, ctx);
    pv_input_free(&code);
    pv_input_free(&sig);
    return valid == 1;
}

static void finish(PV_DEMO *d, const PV_DEMO_CA *ca, const PV_DEMO_JOB *job, int status)
{
    char result[PV_RESULT_MAX + 64];
    const char *shown = status > 0 ? pv_demo_relative(d, job->out) : "-";

    if (status > 0) {
        d->ok++;
        snprintf(result, sizeof(result), "ok");
    } else if (status == 0) {
        d->skipped++;
        snprintf(result, sizeof(result), "skipped (platform does not accept %s)",
                 d->key_desc);
    } else {
        d->failed++;
        snprintf(result, sizeof(result), "FAILED: %s", job->why);
    }
    row(ca->key_type, job->profile, job->kind, shown, result);
}

static int prepare(PV_DEMO *d, const PV_DEMO_CA *ca, PV_DEMO_JOB *job)
{
    char info[PV_INFO_MAX];

    snprintf(job->why, sizeof(job->why), "could not write the code file (see above)");
    if (!pv_profile_info(d->s, job->profile, info, sizeof(info))) {
        snprintf(job->why, sizeof(job->why), "the provider does not describe it");
        return 0;
    }
    pv_profile_field(info, "style", job->kind, sizeof(job->kind));
    job->vcert = strcmp(job->kind, "vcert") == 0;
    return pv_demo_join(job->dir, ca->dir, job->profile) &&
           pv_demo_make_dir(d, job->dir) &&
           pv_demo_join(job->code, job->dir, "verification_code.txt") &&
           pv_demo_join(job->out, job->dir,
                        job->vcert ? "verification_cert.pem" : "signature.txt") &&
           pv_demo_write_code(d, info, job->code);
}

static void run_profile(PV_DEMO *d, const PV_DEMO_CA *ca, const char *profile)
{
    PV_DEMO_JOB job;
    int status = -1;

    memset(&job, 0, sizeof(job));
    job.profile = profile;
    strcpy(job.kind, "?");
    if (prepare(d, ca, &job)) {
        status = prove(d, ca, &job);
        if (status > 0 && !check(d, ca, &job))
            status = -1;
    }
    finish(d, ca, &job, status);
}

static void run_key(PV_DEMO *d, const char *key_type)
{
    PV_DEMO_CA ca;
    char sub[32], why[PV_RESULT_MAX] = "could not create the directory (see above)";
    char names[sizeof(d->profiles)], *name, *save = NULL, *p;
    char result[PV_RESULT_MAX + 16];

    memset(&ca, 0, sizeof(ca));
    ca.key_type = key_type;
    snprintf(sub, sizeof(sub), "%s", key_type);
    for (p = sub; *p != '\0'; p++)
        if (*p == ':') /* "ec:P-256" -> "ec-P-256" */
            *p = '-';
    if (!pv_demo_join(ca.dir, d->root, sub) || !pv_demo_make_dir(d, ca.dir) ||
        !issue_ca(d, &ca, why, sizeof(why))) {
        d->failed++;
        snprintf(result, sizeof(result), "FAILED: %s", why);
        row(key_type, "-", "root CA", "-", result);
        pv_passin_clear(&d->pass);
        return;
    }
    strcpy(names, d->profiles);
    for (name = strtok_r(names, " ", &save); name != NULL;
         name = strtok_r(NULL, " ", &save))
        run_profile(d, &ca, name);
    pv_passin_clear(&d->pass);
}

static void summary(const PV_DEMO *d)
{
    printf("\n%d verified, %d skipped, %d failed. Files %s %s\n", d->ok, d->skipped,
           d->failed, d->keep ? "kept in" : "removed from", d->root);
    if (d->keep)
        printf("Each CA key (rootCA.key) is encrypted; its passphrase is in rootCA.pass "
               "beside it: --passin file:%s/ec-P-256/rootCA.pass\n",
               d->root);
    if (d->note[0] != '\0')
        printf("Every verification_code.txt ends with a newline; popverify said: %s\n",
               d->note);
}

int pv_cmd_demo(PV_SESSION *s, int argc, char **argv)
{
    static const struct option opts[] = {PV_LONGOPT_HELP, PV_LONGOPT_KEEP,
                                         PV_LONGOPT_END};
    PV_OPTS o;
    PV_DEMO d;
    size_t i;
    int status = pv_opts_parse(&o, "demo", argc, argv, opts);

    if (status != PV_EXIT_OK || o.help)
        return status != PV_EXIT_OK ? status : pv_usage(demo_usage);
    if (pv_opts_no_args(&o) != PV_EXIT_OK)
        return PV_EXIT_USAGE;
    memset(&d, 0, sizeof(d));
    d.s = s;
    status = PV_EXIT_ERROR;
    if (!pv_demo_open_root(&d, o.keep) ||
        !pv_profile_list(s, d.profiles, sizeof(d.profiles)))
        goto done;
    row("key", "profile", "kind", "output", "result");
    for (i = 0; i < sizeof(demo_keys) / sizeof(demo_keys[0]); i++)
        run_key(&d, demo_keys[i]);
    summary(&d);
    status = pv_flush_stdout();
    if (status == PV_EXIT_OK && d.failed > 0)
        status = PV_EXIT_INVALID;
done:
    pv_passin_clear(&d.pass);
    pv_demo_remove_created(&d);
    return status;
}
