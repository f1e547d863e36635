/*
 * batch_files.c - a device's files: each written to a temporary file in the
 * output directory and renamed into place, so it is complete or not there;
 * a key file is created 0600 and never written through a link. With
 * thousands of devices a file costs four system calls (open, write, close,
 * rename); nothing is fsync'd one by one (run sync(1) afterwards when the
 * files must survive a power cut, and a batch run again redoes what is
 * incomplete). On SIGINT, SIGTERM or SIGHUP the batch stops taking rows,
 * the devices in flight are finished (so no temporary file is left), their
 * manifest lines are written, and popverify then dies of the signal; a
 * second signal kills it at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "batch.h"

#define PV_TMP_MAX (PV_BATCH_PATH_MAX + 64)

volatile sig_atomic_t pv_batch_signal;
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* The first signal asks for a stop (the handler is reset: a second one kills). */
static void on_signal(int sig)
{
    pv_batch_signal = sig;
}

void pv_batch_signals_catch(void)
{
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND; /* and no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
        sigaction(stop_signals[i], &sa, NULL);
}

void pv_batch_signals_block(void)
{
    sigset_t set;
    size_t i;

    sigemptyset(&set);
    for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
        sigaddset(&set, stop_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void pv_batch_signals_done(void)
{
    size_t i;

    for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
        signal(stop_signals[i], SIG_DFL);
    if (pv_batch_signal != 0)
        raise(pv_batch_signal);
}

int pv_batch_target_ok(const char *path, int *exists, char *error, size_t errlen)
{
    struct stat st;
    int found = lstat(path, &st) == 0;

    if (exists != NULL)
        *exists = found;
    if (found ? S_ISREG(st.st_mode) : errno == ENOENT)
        return 1;
    snprintf(error, errlen,
             "%s exists and is not a regular file (a link, directory or device); "
             "popverify never writes a device's files through one: remove it",
             path);
    return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        if ((n = write(fd, p, len)) < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* DIR/.popverify-PID-SLOT.tmp beside path. */
static int tmp_name(int slot, const char *path, char *out)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash == NULL ? 1 : (int)(slash - path);

    return snprintf(out, PV_TMP_MAX, "%.*s/.popverify-%ld-%d.tmp", dirlen,
                    slash == NULL ? "." : path, (long)getpid(), slot) < PV_TMP_MAX;
}

int pv_batch_write(int slot, const char *path, const void *data, size_t len, int secret,
                   char *error, size_t errlen)
{
    char tmp[PV_TMP_MAX];
    int fd, ok, err;

    if (!tmp_name(slot, path, tmp)) {
        snprintf(error, errlen, "%s: the path is too long", path);
        return 0;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              secret ? 0600 : 0644);
    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0) /* left by a killed run */
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  secret ? 0600 : 0644);
    ok = fd >= 0 && write_all(fd, data, len);
    err = errno;
    if (fd >= 0 && close(fd) != 0 && ok)
        ok = 0, err = errno;
    if (ok && rename(tmp, path) != 0)
        ok = 0, err = errno;
    if (!ok) {
        if (fd >= 0)
            unlink(tmp);
        snprintf(error, errlen, "cannot write %s (%s)", path, strerror(err));
    }
    return ok;
}
