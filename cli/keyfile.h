/*
 * keyfile.h - a new private key and its certificate, written together: the
 * key 0600 and never over an existing file unless forced, and neither file
 * left behind when the other cannot be written.
 */
#ifndef PV_CLI_KEYFILE_H
#define PV_CLI_KEYFILE_H

#include <stddef.h>

typedef struct pv_issued_st {
    const char *cert_path; /* --out */
    const unsigned char *cert;
    size_t cert_len;
    const char *key_path; /* --key-out; NULL when no key was made (CSR) */
    const unsigned char *key;
    size_t key_len;
    int force; /* --force: an existing key file may be replaced */
} PV_ISSUED;

/*
 * Before anything is generated: the outputs are two different paths, and
 * an existing key file is refused unless forced. Returns a PV_EXIT_* status
 * and prints the error.
 */
int pv_issued_precheck(const char *cmd, const PV_ISSUED *out);

/* Key first, then certificate; the key is removed if the certificate fails. */
int pv_issued_write(const PV_ISSUED *out);

/*
 * After a successful issue action: take the certificate and any new key
 * from ctx, print the provider's notes, write both, and say on stderr what
 * was written (what: "root CA", "device certificate"). Returns a PV_EXIT_*.
 */
struct pv_session_st;
int pv_issued_finish(struct pv_session_st *s, void *ctx, PV_ISSUED *out, const char *what,
                     int encrypted);

#endif
