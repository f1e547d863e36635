/*
 * cmd_lint.c - "popverify lint": each certificate checked against a
 * profile and RFC 5280 by the provider; this file parses the options and
 * prints the findings as text or one JSON object.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/params.h>
#include "commands.h"
#include "json.h"
#include "options.h"
#include "output.h"

static const char lint_usage[] =
    "usage: popverify lint --profile P [--role root|intermediate|device|vcert] [--json]\n"
    "                      CERT...\n"
    "\n"
    "Check certificates against the profile's rules and RFC 5280: CA flag, key\n"
    "usage, path length, extended key usage, key identifiers, key type and size,\n"
    "signature algorithm, validity, CN rules, name encoding, serial number and\n"
    "extensions. Each finding has a stable code, a severity (error, warning,\n"
    "info) and a message that says the fix; lint.md, installed with the\n"
    "documentation (see FILES in popverify(1)), lists them all.\n"
    "\n"
    "  --profile P   the platform profile whose rules apply (see 'popverify profiles')\n"
    "  --role R      what the certificates are; by default inferred from each one:\n"
    "                CA:TRUE and self-signed: root; CA:TRUE: intermediate; a CN\n"
    "                that is a code of a vcert profile, no clientAuth: vcert;\n"
    "                else device\n"
    "  --json        print one JSON object: {\"certificates\": [{\"path\", \"role\",\n"
    "                \"findings\": [{\"code\", \"severity\", \"message\"}]}],\n"
    "                \"errors\": N, \"warnings\": N}\n"
    "\n"
    "Exit status:\n"
    "  0  no certificate has an error (warnings and info are allowed)\n"
    "  1  at least one certificate has an error\n"
    "  2  usage error: an unknown, missing or contradictory option, an unknown\n"
    "     profile\n"
    "  3  a certificate could not be read (the others are still checked)\n";

enum { OPT_PROFILE = 0x100, OPT_ROLE, OPT_JSON };

static const struct option lint_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"role", required_argument, NULL, OPT_ROLE},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0}};

typedef struct pv_lint_opts_st {
    const char *profile, *role;
    int json, help;
    char **certs;
    int ncerts;
} PV_LINT_OPTS;

/* What the provider said of one certificate. */
typedef struct pv_linted_st {
    const char *path;
    char *role, *findings; /* copies; NULL when the certificate was not read */
    char error[1024];
} PV_LINTED;

typedef struct pv_tally_st {
    size_t errors, warnings, infos, unreadable;
} PV_TALLY;

static int once(const char **dst, const char *name)
{
    if (*dst == NULL) {
        *dst = optarg;
        return PV_EXIT_OK;
    }
    pv_error("lint: --%s given twice; give it once", name);
    return PV_EXIT_USAGE;
}

static int parse_one(PV_LINT_OPTS *o, int c, char **argv)
{
    switch (c) {
    case 'h':
        o->help = 1;
        return PV_EXIT_OK;
    case OPT_PROFILE:
        return once(&o->profile, "profile");
    case OPT_ROLE:
        return once(&o->role, "role");
    case OPT_JSON:
        o->json = 1;
        return PV_EXIT_OK;
    }
    return pv_opts_bad("lint", c, argv, lint_opts);
}

static int parse(PV_LINT_OPTS *o, int argc, char **argv)
{
    int c, status;

    memset(o, 0, sizeof(*o));
    if ((status = pv_opts_check_spelling("lint", argc, argv, lint_opts)) != PV_EXIT_OK)
        return status;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", lint_opts, NULL)) != -1)
        if ((status = parse_one(o, c, argv)) != PV_EXIT_OK)
            return status;
    o->certs = argv + optind;
    o->ncerts = argc - optind;
    return PV_EXIT_OK;
}

static int check_opts(const PV_LINT_OPTS *o)
{
    static const char *const roles[] = {"root", "intermediate", "device", "vcert"};
    size_t i;

    if (o->profile == NULL) {
        pv_error("lint: --profile is required; see 'popverify profiles' for the names");
        return PV_EXIT_USAGE;
    }
    if (o->ncerts == 0) {
        pv_error("lint: give at least one certificate file; see 'popverify lint --help'");
        return PV_EXIT_USAGE;
    }
    if (o->role == NULL)
        return PV_EXIT_OK;
    for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(o->role, roles[i]) == 0)
            return PV_EXIT_OK;
    pv_error("lint: --role '%s' is not a role; use root, intermediate, device or vcert",
             o->role);
    return PV_EXIT_USAGE;
}

static void *run(PV_SESSION *s, const PV_LINT_OPTS *o, const char *path)
{
    OSSL_PARAM in[4], *p = in;
    void *ctx;

    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CERT, (char *)path, 0);
    if (o->role != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, (char *)o->role, 0);
    *p = OSSL_PARAM_construct_end();
    if ((ctx = pv_session_ctx(s, in)) != NULL && s->api.lint(ctx) != 1) {
        pv_session_free(s, ctx);
        ctx = NULL;
    }
    return ctx;
}

/* Lint one certificate; a usage error (unknown profile) stops the command. */
static int lint_one(PV_SESSION *s, const PV_LINT_OPTS *o, PV_LINTED *out)
{
    void *ctx = run(s, o, out->path);
    const char *role, *findings;
    int reason, status = PV_EXIT_OK;

    if (ctx == NULL) {
        status = pv_take_error(out->error, sizeof(out->error), &reason);
        pv_error("%s", out->error);
        return status;
    }
    pv_print_notes(pv_get_utf8(s, ctx, POPVERIFY_PARAM_NOTES));
    role = pv_get_utf8(s, ctx, POPVERIFY_PARAM_ROLE);
    findings = pv_get_utf8(s, ctx, POPVERIFY_PARAM_FINDINGS);
    if (role == NULL || findings == NULL || (out->role = strdup(role)) == NULL ||
        (out->findings = strdup(findings)) == NULL) {
        snprintf(out->error, sizeof(out->error),
                 "lint: %s: the provider gave no findings", out->path);
        pv_error("%s", out->error);
        status = PV_EXIT_ERROR;
    }
    pv_session_free(s, ctx);
    return status;
}

/* One finding line "CODE\tseverity\tmessage" split in place. */
static int split(char *line, char **code, char **sev, char **msg)
{
    char *t1 = strchr(line, '\t'), *t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;

    if (t2 == NULL)
        return 0;
    *t1 = *t2 = '\0';
    *code = line;
    *sev = t1 + 1;
    *msg = t2 + 1;
    return 1;
}

typedef void(pv_finding_fn)(void *arg, const char *code, const char *sev,
                            const char *msg);

/* Each finding of a certificate, counted into t. */
static void each_finding(const char *findings, PV_TALLY *t, pv_finding_fn *fn, void *arg)
{
    char *copy = strdup(findings), *line, *next, *code, *sev, *msg;

    for (line = copy; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        if (!split(line, &code, &sev, &msg))
            continue;
        t->errors += strcmp(sev, "error") == 0;
        t->warnings += strcmp(sev, "warning") == 0;
        t->infos += strcmp(sev, "info") == 0;
        fn(arg, code, sev, msg);
    }
    free(copy);
}

static void print_finding(void *arg, const char *code, const char *sev, const char *msg)
{
    const char *upper = strcmp(sev, "error") == 0     ? "ERROR"
                        : strcmp(sev, "warning") == 0 ? "WARNING"
                                                      : "INFO";

    (void)arg;
    printf("%s %s: %s\n", upper, code, msg);
}

static void print_text(const PV_LINT_OPTS *o, const PV_LINTED *c, PV_TALLY *t)
{
    if (c->findings == NULL)
        return; /* its error is on stderr */
    printf("%s: %s (%s)\n", c->path, c->role, o->role != NULL ? "given" : "inferred");
    each_finding(c->findings, t, print_finding, NULL);
}

static void json_finding(void *arg, const char *code, const char *sev, const char *msg)
{
    PV_JSON j;
    int *n = arg;

    if ((*n)++ > 0)
        fputc(',', stdout);
    pv_json_open(&j, stdout);
    pv_json_str(&j, "code", code);
    pv_json_str(&j, "severity", sev);
    pv_json_str(&j, "message", msg);
    fputc('}', stdout);
}

static void print_json_cert(const PV_LINTED *c, PV_TALLY *t)
{
    PV_JSON j;
    int n = 0;

    pv_json_open(&j, stdout);
    pv_json_str(&j, "path", c->path);
    pv_json_str(&j, "role", c->role);
    if (c->findings == NULL)
        pv_json_str(&j, "error", c->error);
    fputs(",\"findings\":[", stdout);
    if (c->findings != NULL)
        each_finding(c->findings, t, json_finding, &n);
    fputs("]}", stdout);
}

static int print_all(const PV_LINT_OPTS *o, const PV_LINTED *c, PV_TALLY *t)
{
    int i;

    if (o->json)
        fputs("{\"certificates\":[", stdout);
    for (i = 0; i < o->ncerts; i++) {
        t->unreadable += c[i].findings == NULL;
        if (!o->json) {
            print_text(o, &c[i], t);
            continue;
        }
        if (i > 0)
            fputc(',', stdout);
        print_json_cert(&c[i], t);
    }
    if (o->json)
        printf("],\"errors\":%zu,\"warnings\":%zu}\n", t->errors, t->warnings);
    else if (t->unreadable > 0)
        printf(
            "%zu certificate(s) checked, %zu unreadable: %zu error(s), %zu warning(s), "
            "%zu info\n",
            (size_t)o->ncerts - t->unreadable, t->unreadable, t->errors, t->warnings,
            t->infos);
    else
        printf("%d certificate(s) checked: %zu error(s), %zu warning(s), %zu info\n",
               o->ncerts, t->errors, t->warnings, t->infos);
    return pv_flush_stdout();
}

static int lint_all(PV_SESSION *s, const PV_LINT_OPTS *o, PV_LINTED *c)
{
    PV_TALLY t = {0, 0, 0, 0};
    int i, status;

    for (i = 0; i < o->ncerts; i++) {
        c[i].path = o->certs[i];
        if (lint_one(s, o, &c[i]) == PV_EXIT_USAGE)
            return PV_EXIT_USAGE;
    }
    if ((status = print_all(o, c, &t)) != PV_EXIT_OK)
        return status;
    if (t.unreadable > 0)
        return PV_EXIT_ERROR;
    return t.errors > 0 ? PV_EXIT_INVALID : PV_EXIT_OK;
}

int pv_cmd_lint(PV_SESSION *s, int argc, char **argv)
{
    PV_LINT_OPTS o;
    PV_LINTED *c;
    int i, status = parse(&o, argc, argv);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(lint_usage);
    if ((status = check_opts(&o)) != PV_EXIT_OK)
        return status;
    if (s->api.lint == NULL) {
        pv_error("lint: the loaded popverify provider has no lint operation; install a "
                 "popverify provider of the same version as this command");
        return PV_EXIT_ERROR;
    }
    if ((c = calloc((size_t)o.ncerts, sizeof(*c))) == NULL) {
        pv_error("lint: out of memory");
        return PV_EXIT_ERROR;
    }
    status = lint_all(s, &o, c);
    for (i = 0; i < o.ncerts; i++) {
        free(c[i].role);
        free(c[i].findings);
    }
    free(c);
    return status;
}
