/*
 * outplan.c - the output transaction: register, check, stage, commit.
 * What kind of target an output is gets decided once, at check time, and
 * every later step follows that decision.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "options.h"
#include "outplan.h"
#include "outplan_int.h"
#include "session.h"
#include "tempfiles.h"

static const char *pv_plan_config_file;

void pv_plan_set_config(const char *file)
{
    pv_plan_config_file = file;
}

PV_PLAN *pv_plan_new(const char *cmd)
{
    PV_PLAN *plan = calloc(1, sizeof(*plan));

    if (plan == NULL)
        pv_error("%s: out of memory", cmd);
    else
        plan->cmd = cmd;
    return plan;
}

void pv_plan_free(PV_PLAN *plan)
{
    size_t i;

    if (plan == NULL)
        return;
    for (i = 0; i < plan->nout; i++) {
        pv_temp_remove(plan->out[i].slot);
        free(plan->out[i].target);
        free(plan->out[i].dir);
        free(plan->out[i].copy);
    }
    free(plan->out);
    free(plan->in);
    free(plan);
}

/* "file:/x", "file:///x" and "file:x" name files; other URIs are not ours. */
static const char *pv_plan_file_of(const char *path)
{
    struct stat st;

    if (stat(path, &st) == 0)
        return path;
    if (strncmp(path, "file://", 7) == 0)
        return path + 7;
    if (strncmp(path, "file:", 5) == 0)
        return path + 5;
    return path;
}

int pv_plan_input(PV_PLAN *plan, const char *option, const char *path)
{
    struct stat st;
    PV_PLAN_IN *grown;

    if (plan == NULL || path == NULL || strcmp(path, "-") == 0)
        return 1;
    path = pv_plan_file_of(path);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 1; /* a URI, a device, or missing: the command says so when it reads */
    grown = realloc(plan->in, (plan->nin + 1) * sizeof(*grown));
    if (grown == NULL) {
        pv_error("%s: out of memory", plan->cmd);
        return 0;
    }
    plan->in = grown;
    plan->in[plan->nin].option = option;
    plan->in[plan->nin].path = path;
    plan->in[plan->nin].dev = st.st_dev;
    plan->in[plan->nin].ino = st.st_ino;
    plan->nin++;
    return 1;
}

static int pv_plan_passfile(PV_PLAN *plan, const char *option, const char *spec)
{
    if (spec == NULL || strncmp(spec, "file:", 5) != 0)
        return 1;
    return pv_plan_input(plan, option, spec + 5);
}

int pv_plan_inputs_from_opts(PV_PLAN *plan, const PV_OPTS *o)
{
    const char *conf = pv_plan_config_file, *conf_option = "--config";

    if (conf == NULL) {
        conf = getenv("OPENSSL_CONF");
        conf_option = "OPENSSL_CONF";
    }
    return pv_plan_input(plan, conf_option, conf) &&
           pv_plan_input(plan, "--ca-cert", o->ca_cert) &&
           pv_plan_input(plan, "--ca-key", o->ca_key) &&
           pv_plan_input(plan, "--csr", o->csr) &&
           pv_plan_input(plan, "--code-file", o->code_file) &&
           pv_plan_input(plan, "--signature-file", o->signature_file) &&
           pv_plan_input(plan, "--vcert", o->vcert) &&
           pv_plan_passfile(plan, "--passin", o->passin) &&
           pv_plan_passfile(plan, "--passout", o->passout);
}

int pv_plan_output(PV_PLAN *plan, const char *option, const char *path, unsigned flags)
{
    PV_PLAN_OUT *grown;

    if (plan == NULL)
        return -1;
    grown = realloc(plan->out, (plan->nout + 1) * sizeof(*grown));
    if (grown == NULL) {
        pv_error("%s: out of memory", plan->cmd);
        return -1;
    }
    plan->out = grown;
    memset(&plan->out[plan->nout], 0, sizeof(*grown));
    plan->out[plan->nout].option = option;
    plan->out[plan->nout].path = path;
    plan->out[plan->nout].flags = flags;
    plan->out[plan->nout].slot = -1;
    plan->out[plan->nout].fd = -1;
    return (int)plan->nout++;
}

static int pv_plan_same(const PV_PLAN_OUT *a, const PV_PLAN_OUT *b)
{
    if (!a->have_id || !b->have_id || a->dev != b->dev || a->ino != b->ino)
        return 0;
    if (a->name == NULL || b->name == NULL)
        return a->name == b->name;
    return strcmp(a->name, b->name) == 0;
}

/* No output is another output or an input: a usage error naming both. */
static int pv_plan_clashes(const PV_PLAN *plan)
{
    const PV_PLAN_OUT *a, *b;
    size_t i, j;

    for (i = 0; i < plan->nout; i++) {
        a = &plan->out[i];
        for (j = i + 1; j < plan->nout; j++) {
            b = &plan->out[j];
            if (!pv_plan_same(a, b))
                continue;
            pv_error("%s: %s and %s are the same file ('%s', '%s'); give two different "
                     "paths",
                     plan->cmd, a->option, b->option, a->path, b->path);
            return PV_EXIT_USAGE;
        }
        for (j = 0; a->have_id && a->name == NULL && j < plan->nin; j++) {
            if (a->dev != plan->in[j].dev || a->ino != plan->in[j].ino)
                continue;
            pv_error("%s: %s '%s' is the same file as %s '%s'; popverify never writes "
                     "over its own input: give %s another path",
                     plan->cmd, a->option, a->path, plan->in[j].option, plan->in[j].path,
                     a->option);
            return PV_EXIT_USAGE;
        }
    }
    return PV_EXIT_OK;
}

int pv_plan_check(PV_PLAN *plan)
{
    size_t i;
    int status;

    if (plan == NULL)
        return PV_EXIT_ERROR;
    for (i = 0; i < plan->nout; i++)
        if ((status = pv_plan_classify(plan, &plan->out[i])) != PV_EXIT_OK)
            return status;
    if ((status = pv_plan_clashes(plan)) != PV_EXIT_OK)
        return status;
    plan->checked = 1;
    return PV_EXIT_OK;
}

int pv_plan_simple(PV_PLAN **plan, const PV_OPTS *o, const char *cmd)
{
    *plan = NULL;
    if (o->out == NULL)
        return PV_EXIT_OK;
    if ((*plan = pv_plan_new(cmd)) == NULL || !pv_plan_inputs_from_opts(*plan, o) ||
        pv_plan_output(*plan, "--out", o->out, 0) != 0)
        return PV_EXIT_ERROR;
    return pv_plan_check(*plan);
}
