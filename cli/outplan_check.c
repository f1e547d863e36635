/*
 * outplan_check.c - what an output path is, decided before anything is
 * generated: a new file in a directory that takes it, a regular file to
 * replace, a device or FIFO to write through, or something refused.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outplan_int.h"
#include "session.h"

/* The directory part of path: "." or "/" when there is none. */
static char *pv_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash == NULL ? 1 : (slash == path ? 1 : (size_t)(slash - path));
    char *dir = malloc(len + 1);

    if (dir == NULL)
        return NULL;
    memcpy(dir, slash == NULL ? "." : path, len);
    dir[len] = '\0';
    return dir;
}

static const char *pv_base_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash == NULL ? path : slash + 1;
}

static int pv_out_fail(const PV_PLAN *plan, const PV_PLAN_OUT *out, int status,
                       const char *why)
{
    pv_error("%s: cannot write %s '%s': %s", plan->cmd, out->option, out->path, why);
    return status;
}

/* /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: that descriptor. */
static int pv_named_fd(const char *path)
{
    const char *n = NULL;
    char *end;
    long fd;

    if (strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        n = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        n = path + 14;
    if (n == NULL || *n < '0' || *n > '9')
        return -1;
    fd = strtol(n, &end, 10);
    return *end == '\0' && fd <= 1024 && fcntl((int)fd, F_GETFD) != -1 ? (int)fd : -1;
}

/* The directory a new file or a temporary file goes into. */
static int pv_check_dir(const PV_PLAN *plan, PV_PLAN_OUT *out, struct stat *st)
{
    char why[PATH_MAX + 128];

    errno = 0;
    if (stat(out->dir, st) != 0 && errno != ENOTDIR) {
        if (errno == ENOENT)
            snprintf(why, sizeof(why),
                     "the directory '%s' does not exist; create it first", out->dir);
        else
            snprintf(why, sizeof(why), "cannot reach the directory '%s' (%s)", out->dir,
                     strerror(errno));
        return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
    }
    if (errno == ENOTDIR || !S_ISDIR(st->st_mode)) {
        snprintf(why, sizeof(why), "'%s' is not a directory; give a path in a directory",
                 out->dir);
        return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
    }
    if (access(out->dir, W_OK | X_OK) != 0) {
        snprintf(why, sizeof(why),
                 "cannot create a file in '%s' (%s); choose a directory you can write",
                 out->dir, strerror(errno));
        return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
    }
    return PV_EXIT_OK;
}

static int pv_classify_new(const PV_PLAN *plan, PV_PLAN_OUT *out)
{
    struct stat st;
    int status;

    out->kind = PV_TGT_NEW;
    if (*pv_base_of(out->path) == '\0')
        return pv_out_fail(plan, out, PV_EXIT_ERROR, "it ends in '/'; give a file name");
    if ((out->target = strdup(out->path)) == NULL ||
        (out->dir = pv_dir_of(out->path)) == NULL)
        return pv_out_fail(plan, out, PV_EXIT_ERROR, "out of memory");
    if ((status = pv_check_dir(plan, out, &st)) != PV_EXIT_OK)
        return status;
    out->have_id = 1;
    out->dev = st.st_dev;
    out->ino = st.st_ino;
    out->name = pv_base_of(out->path);
    return PV_EXIT_OK;
}

/* A regular file (or a symlink to one, for public outputs): renamed over. */
static int pv_classify_replace(const PV_PLAN *plan, PV_PLAN_OUT *out, int is_link,
                               const struct stat *st)
{
    struct stat dst;

    out->kind = PV_TGT_REPLACE;
    out->target = is_link ? realpath(out->path, NULL) : strdup(out->path);
    if (out->target == NULL || (out->dir = pv_dir_of(out->target)) == NULL)
        return pv_out_fail(plan, out, PV_EXIT_ERROR, strerror(errno));
    out->have_id = 1;
    out->dev = st->st_dev;
    out->ino = st->st_ino;
    return pv_check_dir(plan, out, &dst);
}

static int pv_classify_special(const PV_PLAN *plan, PV_PLAN_OUT *out, int is_link,
                               const struct stat *st)
{
    const char *what = S_ISCHR(st->st_mode)    ? "a character device"
                       : S_ISFIFO(st->st_mode) ? "a FIFO"
                       : S_ISSOCK(st->st_mode) ? "a socket"
                       : S_ISBLK(st->st_mode)  ? "a block device"
                                               : "not a regular file";
    char why[256];

    if (out->flags & PV_OUT_SECRET) {
        snprintf(why, sizeof(why),
                 "it is %s%s; a private key is written only to a regular file "
                 "(mode 0600): give a file path",
                 is_link ? "a symbolic link to " : "", what);
        return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
    }
    if (!S_ISCHR(st->st_mode) && !S_ISFIFO(st->st_mode)) {
        snprintf(why, sizeof(why),
                 "it is %s%s; popverify writes through only a character device or a "
                 "FIFO: give a file path",
                 is_link ? "a symbolic link to " : "", what);
        return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
    }
    if (access(out->path, W_OK) != 0)
        return pv_out_fail(plan, out, PV_EXIT_ERROR, strerror(errno));
    out->kind = PV_TGT_THROUGH;
    return PV_EXIT_OK;
}

static int pv_classify_existing(const PV_PLAN *plan, PV_PLAN_OUT *out,
                                const struct stat *lst)
{
    int is_link = S_ISLNK(lst->st_mode);
    struct stat st;

    if (is_link && (out->flags & PV_OUT_SECRET))
        return pv_out_fail(plan, out, PV_EXIT_ERROR,
                           "it is a symbolic link; a private key is never written "
                           "through one: give the real path");
    if (stat(out->path, &st) != 0)
        return pv_out_fail(plan, out, PV_EXIT_ERROR,
                           "it is a symbolic link to nothing; give the path it should "
                           "point to, or remove the link");
    if (S_ISDIR(st.st_mode))
        return pv_out_fail(plan, out, PV_EXIT_ERROR,
                           "it is a directory; give a file name");
    if (!S_ISREG(st.st_mode))
        return pv_classify_special(plan, out, is_link, &st);
    if (out->flags & PV_OUT_NO_CLOBBER) {
        pv_error("%s: %s '%s' already exists; popverify never overwrites a private "
                 "key: move it away, choose another path, or give --force",
                 plan->cmd, out->option, out->path);
        return PV_EXIT_ERROR;
    }
    return pv_classify_replace(plan, out, is_link, &st);
}

int pv_plan_classify(const PV_PLAN *plan, PV_PLAN_OUT *out)
{
    struct stat lst;
    char *dir, why[PATH_MAX + 64];

    if ((out->fd = pv_named_fd(out->path)) >= 0) {
        if (out->flags & PV_OUT_SECRET)
            return pv_out_fail(plan, out, PV_EXIT_ERROR,
                               "a private key is written only to a regular file "
                               "(mode 0600), never to a stream: give a file path");
        out->kind = PV_TGT_FD;
        return PV_EXIT_OK;
    }
    if (lstat(out->path, &lst) == 0)
        return pv_classify_existing(plan, out, &lst);
    if (errno == ENOENT)
        return pv_classify_new(plan, out);
    if (errno != ENOTDIR)
        return pv_out_fail(plan, out, PV_EXIT_ERROR, strerror(errno));
    dir = pv_dir_of(out->path);
    snprintf(why, sizeof(why), "'%s' is not a directory; give a path in a directory",
             dir != NULL ? dir : out->path);
    free(dir);
    return pv_out_fail(plan, out, PV_EXIT_ERROR, why);
}
