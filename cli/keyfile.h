/*
 * keyfile.h - a new private key and its certificate, written together as
 * one output plan (outplan.h): the key 0600 and never over an existing file
 * unless forced, neither file in place unless both are, and no existing
 * file replaced when anything fails.
 */
#ifndef PV_CLI_KEYFILE_H
#define PV_CLI_KEYFILE_H

#include <stddef.h>
#include "outplan.h"

typedef struct pv_issued_st {
    const char *cert_path; /* --out */
    const unsigned char *cert;
    size_t cert_len;
    const char *key_path; /* --key-out; NULL when no key was made (CSR) */
    const unsigned char *key;
    size_t key_len;
    int force; /* --force: an existing key file may be replaced */
    PV_PLAN *plan;
    int key_idx, cert_idx;
} PV_ISSUED;

/*
 * Before anything is generated: both outputs and every input of o are
 * checked as files (outplan.h); an existing key file is refused unless
 * forced. Returns a PV_EXIT_* status and prints the error.
 */
struct pv_opts_st;
int pv_issued_precheck(const char *cmd, PV_ISSUED *out, const struct pv_opts_st *o);

/* Key and certificate staged, then both put in place. */
int pv_issued_write(PV_ISSUED *out);

/* The plan and whatever it left staged. */
void pv_issued_free(PV_ISSUED *out);

/*
 * After a successful issue action: take the certificate and any new key
 * from ctx, print the provider's notes, write both, and say on stderr what
 * was written (what: "root CA", "device certificate"). Returns a PV_EXIT_*.
 */
struct pv_session_st;
int pv_issued_finish(struct pv_session_st *s, void *ctx, PV_ISSUED *out, const char *what,
                     int encrypted);

#endif
