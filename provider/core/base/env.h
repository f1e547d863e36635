/*
 * env.h - what the core needs from whoever calls it: a library context, a
 * property query, and somewhere to send errors and notes. The provider fills
 * one per operation; unit tests fill one with the default library context.
 */
#ifndef PV_ENV_H
#define PV_ENV_H

#include <stdarg.h>
#include <stddef.h>
#include <openssl/types.h>

#define PV_MSG_MAX 768

/* "1 character", "2 characters": the "s" of a count, or "". */
#define PV_PLURAL(n) ((n) == 1 ? "" : "s")
/* Room for a property query (pv_env_key_propq). */
#define PV_PROPQ_MAX 256

struct pv_profiles_st;

typedef struct pv_env_st {
    OSSL_LIB_CTX *libctx;
    const char *propq;
    const struct pv_profiles_st *profiles; /* NULL: the built-ins only */
    /* An error: reason is a POPVERIFY_R_* code, msg one line naming the fix. */
    void (*raise)(void *arg, int reason, const char *msg);
    void *raise_arg;
    /* Something adjusted or worth knowing that is not an error. May be NULL. */
    void (*note)(void *arg, const char *msg);
    void *note_arg;
} PV_ENV;

#if defined(__GNUC__)
#define PV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PV_PRINTF(a, b)
#endif

void pv_raise(const PV_ENV *env, int reason, const char *fmt, ...) PV_PRINTF(3, 4);

/*
 * The property query for signing with key: the provider that holds the key
 * preferred. A key another provider keeps to itself (a TPM or token key) can
 * only be used by that provider's implementations, and OpenSSL 3.0 does not
 * try them first on its own. It replaces env's "provider!=popverify" (a query
 * names a property once): what is fetched there is the key's signature and
 * a digest, which popverify does not implement. buf holds the result.
 */
const char *pv_env_key_propq(const PV_ENV *env, const EVP_PKEY *key, char *buf,
                             size_t len);
void pv_note(const PV_ENV *env, const char *fmt, ...) PV_PRINTF(2, 3);

#endif
