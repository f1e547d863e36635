/*
 * batch.h - "popverify device --batch": many device certificates from one
 * loaded CA. The input is streamed row by row; a ring of slots keeps at most
 * a few rows per thread in flight and hands the results out in input order.
 */
#ifndef PV_CLI_BATCH_H
#define PV_CLI_BATCH_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include "session.h"

#define PV_BATCH_LINE_MAX 4096 /* one input row */
#define PV_BATCH_MSG_MAX 1024
#define PV_BATCH_JOBS_MAX 64
#define PV_BATCH_PATH_MAX 4096

/* What the command line asks of every device. */
typedef struct pv_batch_opts_st {
    const char *batch; /* FILE or "-" */
    const char *out_dir;
    const char *key_type;          /* new-key devices; NULL: the default */
    const unsigned char *key_pass; /* --passout; NULL: keys are not encrypted */
    size_t key_pass_len;
    int jobs;
    int force;
} PV_BATCH_OPTS;

/* One row of the input (batch_input.c). */
typedef struct pv_row_st {
    unsigned long line;
    const char *id, *csr;         /* point into buf; csr NULL for a new key */
    char error[PV_BATCH_MSG_MAX]; /* non-empty: the row is refused as it is */
    char buf[PV_BATCH_LINE_MAX];
} PV_ROW;

typedef enum { PV_DEV_ISSUED, PV_DEV_SKIPPED, PV_DEV_ERROR } PV_DEV_STATUS;

/* What became of one device (batch_device.c). */
typedef struct pv_dev_result_st {
    PV_DEV_STATUS status;
    char serial[48], sha256[112], not_after[24];
    char cert_path[PV_BATCH_PATH_MAX], key_path[PV_BATCH_PATH_MAX];
    char error[PV_BATCH_MSG_MAX];
} PV_DEV_RESULT;

/* The input, read one row at a time (batch_input.c). */
typedef struct pv_batch_input_st {
    FILE *fp;
    const char *name;
    unsigned long line;
    long size; /* bytes in the file, -1 when unknown (a pipe) */
} PV_BATCH_INPUT;

int pv_batch_input_open(PV_BATCH_INPUT *in, const char *path);
void pv_batch_input_close(PV_BATCH_INPUT *in);
/* The next device row (blank lines and # comments skipped): 1, 0 at the end,
 * -1 on a read error (printed). A malformed row comes back with error set. */
int pv_batch_read_row(PV_BATCH_INPUT *in, PV_ROW *row);
/* Fraction of the input read, 0..1; -1 when unknown. */
double pv_batch_input_progress(const PV_BATCH_INPUT *in);

/* Ids seen so far, to refuse a duplicate in one batch (batch_dups.c). 16
 * bytes of SHA-256 per id, so a collision needs about 2^64 devices. */
typedef struct pv_dups_st PV_DUPS;
PV_DUPS *pv_dups_new(void);
/* 0 the first time; else the line id was first given on. -1: no memory. */
long pv_dups_add(PV_DUPS *d, const char *id, unsigned long line);
void pv_dups_free(PV_DUPS *d);

/* One thread's contexts, duplicated from the loaded signer (batch_device.c). */
typedef struct pv_worker_st {
    struct pv_batch_st *batch; /* batch_run.c */
    PV_SESSION *s;
    const PV_BATCH_OPTS *opts;
    void *keygen_ctx; /* new-key devices: key-type and key-pass set */
    void *csr_ctx;    /* CSR devices */
    int slot;         /* its temporary files' slot (batch_files.c) */
} PV_WORKER;

int pv_worker_init(PV_WORKER *w, PV_SESSION *s, void *signer_ctx,
                   const PV_BATCH_OPTS *opts, int slot);
void pv_worker_clear(PV_WORKER *w);
/* One device, from its row to its files on disk. */
void pv_worker_run(PV_WORKER *w, const PV_ROW *row, PV_DEV_RESULT *res);
/* The result of a row refused as it was read (row->error). */
void pv_dev_refused(const PV_ROW *row, PV_DEV_RESULT *res);

/* Files (batch_files.c): written atomically, key files 0600. */
/* The signal that asked the batch to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t pv_batch_signal;
void pv_batch_signals_catch(void);
/* In worker threads: the signals go to the main thread. */
void pv_batch_signals_block(void);
/* Default handlers back; dies of the signal that stopped the batch, if any. */
void pv_batch_signals_done(void);
/* An existing target that is not a regular file is refused (error set);
 * *exists (if not NULL) says whether there is one. */
int pv_batch_target_ok(const char *path, int *exists, char *error, size_t errlen);
/* data into path through a temporary file; error set on failure. */
int pv_batch_write(int slot, const char *path, const void *data, size_t len, int secret,
                   char *error, size_t errlen);

/* The whole batch (batch_run.c): returns the exit status. */
int pv_batch_run(PV_SESSION *s, void *signer_ctx, const PV_BATCH_OPTS *opts);

#endif
