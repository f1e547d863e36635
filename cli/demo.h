/*
 * demo.h - the demo's state, and its scratch folder: every file it creates is
 * tracked so that a run without --keep leaves nothing behind.
 */
#ifndef PV_CLI_DEMO_H
#define PV_CLI_DEMO_H

#include <stddef.h>
#include <sys/types.h>
#include "passin.h"
#include "session.h"

#define PV_PATH_MAX 4096
#define PV_RESULT_MAX 1024

typedef struct pv_demo_st {
    PV_SESSION *s;
    char root[PV_PATH_MAX];
    int keep;
    char **created; /* removed in reverse order at the end */
    size_t ncreated, cap;
    char profiles[1024];
    PV_PASSIN pass; /* the current CA key's random passphrase */
    char key_desc[64];
    int ok, skipped, failed;
    char note[PV_RESULT_MAX]; /* what the provider said of the code files */
} PV_DEMO;

/* One key type's directory and CA files. */
typedef struct pv_demo_ca_st {
    const char *key_type;
    char dir[PV_PATH_MAX];
    char cert[PV_PATH_MAX];
    char key[PV_PATH_MAX];
} PV_DEMO_CA;

/* demo_files.c */
int pv_demo_track(PV_DEMO *d, const char *path);
void pv_demo_remove_created(PV_DEMO *d);
int pv_demo_join(char *out, const char *dir, const char *name);
int pv_demo_make_dir(PV_DEMO *d, const char *path);
/* DIR for --keep (new or empty), else a new temporary directory. */
int pv_demo_open_root(PV_DEMO *d, const char *keep);
/* A path under the demo directory as the table shows it. */
const char *pv_demo_relative(const PV_DEMO *d, const char *path);
int pv_demo_write(PV_DEMO *d, const char *path, const void *data, size_t len,
                  mode_t mode);
/* verification_code.txt with a trailing LF, as most editors save it. */
int pv_demo_write_code(PV_DEMO *d, const char *info, const char *path);
/* A random passphrase for the current CA key, into d->pass. */
int pv_demo_new_passphrase(PV_DEMO *d);

#endif
