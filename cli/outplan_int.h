/*
 * outplan_int.h - the output plan's inner state, shared by its check
 * (outplan_check.c) and its stage and commit (outplan_commit.c).
 */
#ifndef PV_CLI_OUTPLAN_INT_H
#define PV_CLI_OUTPLAN_INT_H

#include <sys/types.h>
#include "outplan.h"

typedef enum {
    PV_TGT_NEW,     /* no file there yet: created by link (or rename) */
    PV_TGT_REPLACE, /* a regular file, replaced by rename */
    PV_TGT_THROUGH, /* a character device or FIFO: opened and written */
    PV_TGT_FD       /* /dev/stdout, /dev/fd/N: written to that descriptor */
} PV_TARGET;

typedef struct pv_plan_out_st {
    const char *option, *path;
    unsigned flags;
    PV_TARGET kind;
    char *target;        /* the name that gets the content (a symlink's target) */
    char *dir;           /* its directory, where the temporary file goes */
    int fd;              /* PV_TGT_FD */
    int have_id;         /* the identity below is known */
    dev_t dev;           /* an existing file: its device and inode; */
    ino_t ino;           /* a new one: its directory's */
    const char *name;    /* a new file: its name in that directory, else NULL */
    int slot;            /* the staged temporary file, -1 for none */
    unsigned char *copy; /* PV_TGT_THROUGH / PV_TGT_FD: the bytes to write */
    size_t len;
    int staged, placed;
} PV_PLAN_OUT;

typedef struct pv_plan_in_st {
    const char *option, *path;
    dev_t dev;
    ino_t ino;
} PV_PLAN_IN;

struct pv_plan_st {
    const char *cmd;
    PV_PLAN_OUT *out;
    size_t nout;
    PV_PLAN_IN *in;
    size_t nin;
    int checked;
};

/* Decide what kind of target out is, and refuse what cannot be written. */
int pv_plan_classify(const PV_PLAN *plan, PV_PLAN_OUT *out);

#endif
