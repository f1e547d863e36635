/*
 * session.h - the popverify provider as the CLI uses it: loaded as a
 * built-in, reached through the custom operation, errors turned into one
 * line on stderr and an exit status.
 */
#ifndef PV_CLI_SESSION_H
#define PV_CLI_SESSION_H

#include <stddef.h>
#include <openssl/core.h>
#include <openssl/provider.h>
#include "popverify.h"

/* Exit statuses, as documented in --help. */
enum {
    PV_EXIT_OK = 0,        /* done, or checked and valid */
    PV_EXIT_INVALID = 1,   /* checked and invalid */
    PV_EXIT_USAGE = 2,     /* wrong command line */
    PV_EXIT_ERROR = 3,     /* anything else */
    PV_EXIT_INCOMPLETE = 4 /* doctor: nothing refused, but an input was missing */
};

typedef struct pv_session_st {
    OSSL_PROVIDER *deflt;
    OSSL_PROVIDER *prov;
    POPVERIFY_API api;
} PV_SESSION;

typedef enum { PV_ACT_SIGN, PV_ACT_VCERT, PV_ACT_VERIFY, PV_ACT_ISSUE } PV_ACTION;

/* Load the providers; on failure prints the error and returns 0. */
int pv_session_open(PV_SESSION *s);
void pv_session_close(PV_SESSION *s);

/*
 * A new operation context with the inputs set and the action run. NULL on
 * failure, with the error left on the queue. For verify, success means the
 * check ran; read "valid".
 */
void *pv_session_run(PV_SESSION *s, PV_ACTION act, const OSSL_PARAM in[],
                     OSSL_PASSPHRASE_CALLBACK *cb, void *cbarg);
/* A new context with the inputs set (in may be NULL). */
void *pv_session_ctx(PV_SESSION *s, const OSSL_PARAM in[]);
void pv_session_free(PV_SESSION *s, void *ctx);

/* Outputs, pointing into ctx: NULL / 0 when the provider did not give one. */
const char *pv_get_utf8(PV_SESSION *s, void *ctx, const char *name);
int pv_get_octets(PV_SESSION *s, void *ctx, const char *name, const unsigned char **data,
                  size_t *len);
int pv_get_int(PV_SESSION *s, void *ctx, const char *name, int *val);

/* What the operation reports besides its output. Pointers into ctx. */
typedef struct pv_info_st {
    const unsigned char *output;
    size_t output_len;
    const char *canonical_code, *notes, *kind, *key_desc;
    const char *ca_sha1, *ca_sha256, *ca_subject, *reason;
    int valid; /* -1 when not given */
} PV_INFO;

void pv_session_info(PV_SESSION *s, void *ctx, PV_INFO *info);

/*
 * Take the error queue: the message of the last popverify error (or the
 * last error's reason string), its reason, and the exit status it maps to.
 * The queue is cleared.
 */
int pv_take_error(char *msg, size_t msglen, int *reason);
/* pv_take_error, printed as "popverify: error: ..."; returns the status. */
int pv_report_error(void);

/* "popverify: error: ..." and "popverify: note: ..." on stderr. */
void pv_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Each line of a newline-separated list as a note. */
void pv_print_notes(const char *notes);

#endif
