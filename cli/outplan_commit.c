/*
 * outplan_commit.c - staging every output's content on disk, then putting
 * it all in place: devices and FIFOs first (nothing is replaced yet if one
 * fails), new files by link (never over a file that appeared meanwhile),
 * existing files last by rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outplan_int.h"
#include "session.h"
#include "tempfiles.h"

static int pv_write_all(int fd, const unsigned char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return 0;
        }
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

static int pv_write_failed(const PV_PLAN *plan, const PV_PLAN_OUT *out, int err)
{
    pv_error("%s: cannot write %s '%s' (%s); nothing was %s", plan->cmd, out->option,
             out->path, strerror(err),
             plan->nout > 1 ? "written or replaced" : "written");
    return PV_EXIT_ERROR;
}

/* The temporary file beside the target: filled, flushed to disk, closed. */
static int pv_stage_file(const PV_PLAN *plan, PV_PLAN_OUT *out, const void *data,
                         size_t len)
{
    mode_t mode = (out->flags & PV_OUT_SECRET) ? 0600 : 0644;
    int fd = pv_temp_create(out->dir, &out->slot), ok, err;

    if (fd < 0)
        return pv_write_failed(plan, out, errno);
    ok = fchmod(fd, mode) == 0 && pv_write_all(fd, data, len) && fsync(fd) == 0;
    err = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (!ok) {
        pv_temp_remove(out->slot);
        out->slot = -1;
        return pv_write_failed(plan, out, err);
    }
    return PV_EXIT_OK;
}

int pv_plan_stage(PV_PLAN *plan, int index, const void *data, size_t len)
{
    PV_PLAN_OUT *out;

    if (plan == NULL || !plan->checked || index < 0 || (size_t)index >= plan->nout)
        return PV_EXIT_ERROR;
    out = &plan->out[index];
    out->staged = 0;
    if (out->kind == PV_TGT_NEW || out->kind == PV_TGT_REPLACE) {
        if (pv_stage_file(plan, out, data, len) != PV_EXIT_OK)
            return PV_EXIT_ERROR;
    } else {
        free(out->copy);
        if ((out->copy = malloc(len > 0 ? len : 1)) == NULL)
            return pv_write_failed(plan, out, ENOMEM);
        memcpy(out->copy, data, len);
        out->len = len;
    }
    out->staged = 1;
    return PV_EXIT_OK;
}

static int pv_commit_through(const PV_PLAN *plan, PV_PLAN_OUT *out)
{
    int fd = out->fd, ok, err;

    if (out->kind == PV_TGT_THROUGH &&
        (fd = open(out->path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
        return pv_write_failed(plan, out, errno);
    ok = pv_write_all(fd, out->copy, out->len);
    err = errno;
    if (out->kind == PV_TGT_THROUGH && close(fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (!ok)
        return pv_write_failed(plan, out, err);
    out->placed = 1;
    return PV_EXIT_OK;
}

static int pv_commit_new(const PV_PLAN *plan, PV_PLAN_OUT *out)
{
    if (link(pv_temp_path(out->slot), out->target) != 0) {
        /* A file system without hard links: rename, unless a key could be lost. */
        if (errno != EEXIST && !(out->flags & PV_OUT_NO_CLOBBER) &&
            rename(pv_temp_path(out->slot), out->target) == 0) {
            pv_temp_forget(out->slot);
            out->slot = -1;
            out->placed = 1;
            return PV_EXIT_OK;
        }
        if (errno == EEXIST)
            pv_error("%s: %s '%s' appeared while popverify was working; nothing was "
                     "replaced: move it away and run again",
                     plan->cmd, out->option, out->path);
        else
            pv_write_failed(plan, out, errno);
        return PV_EXIT_ERROR;
    }
    pv_temp_remove(out->slot);
    out->slot = -1;
    out->placed = 1;
    return PV_EXIT_OK;
}

static int pv_commit_replace(const PV_PLAN *plan, PV_PLAN_OUT *out)
{
    if (rename(pv_temp_path(out->slot), out->target) != 0) {
        pv_error("%s: cannot replace %s '%s' (%s)", plan->cmd, out->option, out->path,
                 strerror(errno));
        return PV_EXIT_ERROR;
    }
    pv_temp_forget(out->slot);
    out->slot = -1;
    out->placed = 1;
    return PV_EXIT_OK;
}

/* The files this commit created go again; replaced ones cannot come back. */
static void pv_commit_undo(PV_PLAN *plan)
{
    size_t i;

    for (i = 0; i < plan->nout; i++)
        if (plan->out[i].placed && plan->out[i].kind == PV_TGT_NEW)
            unlink(plan->out[i].target);
}

static void pv_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int pv_commit_pass(PV_PLAN *plan, int (*fn)(const PV_PLAN *, PV_PLAN_OUT *),
                          PV_TARGET a, PV_TARGET b)
{
    size_t i;

    for (i = 0; i < plan->nout; i++)
        if ((plan->out[i].kind == a || plan->out[i].kind == b) &&
            fn(plan, &plan->out[i]) != PV_EXIT_OK)
            return PV_EXIT_ERROR;
    return PV_EXIT_OK;
}

int pv_plan_commit(PV_PLAN *plan)
{
    size_t i;

    if (plan == NULL || !plan->checked)
        return PV_EXIT_ERROR;
    for (i = 0; i < plan->nout; i++)
        if (!plan->out[i].staged) {
            pv_error("%s: %s was not produced; nothing was written", plan->cmd,
                     plan->out[i].option);
            return PV_EXIT_ERROR;
        }
    if (pv_commit_pass(plan, pv_commit_through, PV_TGT_THROUGH, PV_TGT_FD) !=
            PV_EXIT_OK ||
        pv_commit_pass(plan, pv_commit_new, PV_TGT_NEW, PV_TGT_NEW) != PV_EXIT_OK ||
        pv_commit_pass(plan, pv_commit_replace, PV_TGT_REPLACE, PV_TGT_REPLACE) !=
            PV_EXIT_OK) {
        pv_commit_undo(plan);
        return PV_EXIT_ERROR;
    }
    for (i = 0; i < plan->nout; i++)
        if (plan->out[i].kind == PV_TGT_NEW || plan->out[i].kind == PV_TGT_REPLACE)
            pv_sync_dir(plan->out[i].dir);
    return PV_EXIT_OK;
}
