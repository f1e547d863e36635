/*
 * demo_files.c - the demo's scratch folder and the files it writes there:
 * code files of each profile's shape, keys under a random passphrase, all
 * tracked and removed in reverse order unless --keep was given.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "commands.h"
#include "demo.h"
#include "output.h"

int pv_demo_track(PV_DEMO *d, const char *path)
{
    char **grown;

    if (d->keep)
        return 1;
    if (d->ncreated == d->cap) {
        grown = realloc(d->created, (d->cap * 2 + 16) * sizeof(*grown));
        if (grown == NULL)
            return 0;
        d->created = grown;
        d->cap = d->cap * 2 + 16;
    }
    if ((d->created[d->ncreated] = strdup(path)) == NULL)
        return 0;
    d->ncreated++;
    return 1;
}

void pv_demo_remove_created(PV_DEMO *d)
{
    char *path;

    while (d->ncreated > 0) {
        path = d->created[--d->ncreated];
        if (remove(path) != 0)
            pv_error("demo: cannot remove '%s' (%s); remove it by hand", path,
                     strerror(errno));
        free(path);
    }
    free(d->created);
    d->created = NULL;
}

int pv_demo_join(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, PV_PATH_MAX, "%s/%s", dir, name);

    if (n > 0 && n < PV_PATH_MAX)
        return 1;
    pv_error("demo: the path '%s/%s' is too long; use a shorter --keep DIR", dir, name);
    return 0;
}

int pv_demo_make_dir(PV_DEMO *d, const char *path)
{
    struct stat st;

    if (mkdir(path, 0700) == 0)
        return pv_demo_track(d, path);
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 1;
    if (errno == EEXIST)
        pv_error("demo: '%s' exists and is not a directory; give a directory", path);
    else
        pv_error("demo: cannot create the directory '%s' (%s)", path, strerror(errno));
    return 0;
}

/* A kept directory must be new or empty: keys are never written over. */
static int is_empty_dir(const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *e;
    int empty = 1;

    if (dir == NULL)
        return 0;
    while (empty && (e = readdir(dir)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(dir);
    return empty;
}

int pv_demo_open_root(PV_DEMO *d, const char *keep)
{
    const char *tmp = getenv("TMPDIR");

    if (keep != NULL) {
        d->keep = 1;
        snprintf(d->root, sizeof(d->root), "%s", keep);
        if (!pv_demo_make_dir(d, d->root))
            return 0;
        if (is_empty_dir(d->root))
            return 1;
        pv_error("demo: --keep '%s' is not an empty directory; give a new or empty one",
                 keep);
        return 0;
    }
    if (tmp == NULL || *tmp == '\0')
        tmp = "/tmp";
    if (snprintf(d->root, sizeof(d->root), "%s/popverify-demo-XXXXXX", tmp) >=
        (int)sizeof(d->root))
        return 0;
    if (mkdtemp(d->root) == NULL) {
        pv_error("demo: cannot create a directory in '%s' (%s); set TMPDIR", tmp,
                 strerror(errno));
        return 0;
    }
    return pv_demo_track(d, d->root);
}

/* A path under the demo directory as the table shows it. */
const char *pv_demo_relative(const PV_DEMO *d, const char *path)
{
    size_t n = strlen(d->root);

    return strncmp(path, d->root, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* A code of the profile's shape: hex of its longest length, else 32 letters. */
static int make_code(const char *info, char *out, size_t outlen)
{
    static const char hex[] = "0123456789abcdef";
    static const char alnum[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char field[128] = "";
    size_t lo = 1, hi = 32, len, i = 0;
    unsigned char r;
    int is_hex;

    pv_profile_field(info, "code_charset", field, sizeof(field));
    is_hex = strncmp(field, "hex", 3) == 0; /* hex, or hex-0x without the prefix */
    if (pv_profile_field(info, "code_min", field, sizeof(field)))
        sscanf(field, "%zu", &lo);
    if (pv_profile_field(info, "code_max", field, sizeof(field)))
        sscanf(field, "%zu", &hi);
    len = is_hex ? hi : (hi < 32 ? hi : 32);
    len = len < lo ? lo : len;
    len = len < outlen ? len : outlen - 1;
    while (i < len) {
        if (RAND_bytes(&r, 1) != 1)
            return 0;
        if (is_hex)
            out[i++] = hex[r & 15];
        else if (r < 248) /* 248 = 4 * 62: no bias */
            out[i++] = alnum[r % 62];
    }
    out[len] = '\0';
    return 1;
}

int pv_demo_write(PV_DEMO *d, const char *path, const void *data, size_t len, mode_t mode)
{
    if (pv_write_file("demo", path, data, len, mode, mode == PV_MODE_SECRET) !=
        PV_EXIT_OK)
        return 0;
    return pv_demo_track(d, path);
}

/* verification_code.txt with a trailing LF, as most editors save it. */
int pv_demo_write_code(PV_DEMO *d, const char *info, const char *path)
{
    char code[256];

    if (!make_code(info, code, sizeof(code) - 1))
        return 0;
    strcat(code, "\n");
    return pv_demo_write(d, path, code, strlen(code), PV_MODE_PUBLIC);
}

int pv_demo_new_passphrase(PV_DEMO *d)
{
    unsigned char r[16];
    char hex[2 * sizeof(r) + 1];
    size_t i;

    if (RAND_bytes(r, sizeof(r)) != 1)
        return 0;
    for (i = 0; i < sizeof(r); i++)
        snprintf(hex + 2 * i, 3, "%02x", r[i]);
    pv_passin_set(&d->pass, hex, 2 * sizeof(r));
    OPENSSL_cleanse(hex, sizeof(hex));
    OPENSSL_cleanse(r, sizeof(r));
    return 1;
}
