/*
 * passin.h - where the CA key's passphrase comes from: an openssl-style
 * --passin source, a prompt on the terminal, or the caller (demo).
 */
#ifndef PV_CLI_PASSIN_H
#define PV_CLI_PASSIN_H

#include <stddef.h>
#include <openssl/core.h>

#define PV_PASS_MAX 1024

typedef struct pv_passin_st {
    const char *key_source; /* named in the prompt */
    const char *option;     /* named in messages: "--passin", "--passout" */
    char pass[PV_PASS_MAX + 1];
    size_t len;
    int have;   /* pass holds the passphrase */
    int prompt; /* no source given: ask on the terminal if there is one */
} PV_PASSIN;

/*
 * Resolve spec ("pass:TEXT", "env:VAR", "file:PATH", "fd:N", "stdin", or
 * NULL to prompt when stdin is a terminal). Returns a PV_EXIT_* status and
 * prints the error, which never contains the passphrase.
 */
int pv_passin_init(PV_PASSIN *p, const char *spec, const char *key_source);

/*
 * The same sources for a new key's passphrase (--passout). No source: no
 * passphrase and no prompt. An empty passphrase is refused.
 */
int pv_passout_init(PV_PASSIN *p, const char *spec);

/* A passphrase the caller already has. Returns 0 if it is too long. */
int pv_passin_set(PV_PASSIN *p, const char *pass, size_t len);

/* Wipe the passphrase. */
void pv_passin_clear(PV_PASSIN *p);

/* The callback handed to the actions; arg is a PV_PASSIN. */
OSSL_PASSPHRASE_CALLBACK pv_passin_cb;

#endif
