/*
 * output.c - atomic output files: temporary file in the target directory,
 * fsync, rename (or link, to never replace a key). No partial output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "output.h"
#include "session.h"

#define PV_TMP_NAME "/.popverify-XXXXXX"

/* The directory part of path: "." or "/" when there is none. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash == NULL ? 1 : (slash == path ? 1 : (size_t)(slash - path));
    char *dir = malloc(len + sizeof(PV_TMP_NAME));

    if (dir == NULL)
        return NULL;
    memcpy(dir, slash == NULL ? "." : path, len);
    dir[len] = '\0';
    return dir;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* The temporary file, filled, flushed to disk and closed. */
static int fill_temp(int fd, const void *data, size_t len, mode_t mode)
{
    int ok = fchmod(fd, mode) == 0 && write_all(fd, data, len) && fsync(fd) == 0;
    int err = errno;

    if (close(fd) != 0 && ok)
        return 0;
    errno = err;
    return ok;
}

static int place(const char *tmp, const char *path, int no_clobber)
{
    if (!no_clobber)
        return rename(tmp, path) == 0;
    if (link(tmp, path) != 0)
        return 0;
    unlink(tmp);
    return 1;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int create_failed(const char *path, const char *dir, int err)
{
    if (err == ENOENT || err == ENOTDIR)
        pv_error("cannot write '%s': the directory '%s' does not exist; create it "
                 "first",
                 path, dir);
    else
        pv_error("cannot write '%s': cannot create a file in '%s' (%s)", path, dir,
                 strerror(err));
    return PV_EXIT_ERROR;
}

static int place_failed(const char *path, int no_clobber, int err)
{
    if (no_clobber && err == EEXIST)
        pv_error("'%s' already exists; popverify never overwrites a private key, "
                 "move it away or choose another path",
                 path);
    else
        pv_error("cannot write '%s' (%s)", path, strerror(err));
    return PV_EXIT_ERROR;
}

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int pv_write_file(const char *path, const void *data, size_t len, mode_t mode,
                  int no_clobber)
{
    char *dir = dir_of(path), *tmp = NULL;
    int fd, status = PV_EXIT_ERROR;

    if (dir == NULL || (tmp = malloc(strlen(dir) + sizeof(PV_TMP_NAME))) == NULL) {
        pv_error("out of memory");
        goto done;
    }
    if (is_dir(path)) {
        pv_error("cannot write '%s': it is a directory; give a file name", path);
        goto done;
    }
    strcpy(tmp, dir);
    strcat(tmp, PV_TMP_NAME);
    if ((fd = mkstemp(tmp)) < 0) {
        status = create_failed(path, dir, errno);
        goto done;
    }
    if (!fill_temp(fd, data, len, mode))
        status = place_failed(path, 0, errno);
    else if (!place(tmp, path, no_clobber))
        status = place_failed(path, no_clobber, errno);
    else
        status = PV_EXIT_OK;
    if (status != PV_EXIT_OK)
        unlink(tmp);
    else
        sync_dir(dir);
done:
    free(tmp);
    free(dir);
    return status;
}

int pv_flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return PV_EXIT_OK;
    pv_error("cannot write to standard output (%s)", strerror(errno));
    return PV_EXIT_ERROR;
}

int pv_write_stdout(const void *data, size_t len, int newline)
{
    fwrite(data, 1, len, stdout);
    if (newline)
        fputc('\n', stdout);
    return pv_flush_stdout();
}
