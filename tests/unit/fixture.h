/*
 * fixture.h - what every unit test of the core shares: a PV_ENV that records
 * errors and notes, keys and CAs made once per process, a temp directory, and
 * assertions that show the text they looked at when they fail.
 */
#ifndef PV_UNIT_FIXTURE_H
#define PV_UNIT_FIXTURE_H

#include <stddef.h>
#include <CUnit/CUnit.h>
#include <openssl/x509.h>
#include "env.h"

/* The environment under test: default library context, recording hooks. */
const PV_ENV *fx_env(void);

/* Forget the recorded errors and notes (and clear the OpenSSL error queue). */
void fx_reset(void);

int fx_errors(void);           /* errors raised since fx_reset */
int fx_reason(void);           /* reason of the last one, 0 if none */
const char *fx_msg(void);      /* message of the last one, "" if none */
int fx_notes(void);            /* notes since fx_reset */
const char *fx_note_log(void); /* all notes, one per line */

/*
 * A key of a pv_keygen type ("rsa:2048", "ec:P-256", ...), made once per
 * process. "TYPE#label" is another key of that type.
 */
EVP_PKEY *fx_key(const char *type);
/* A root CA for that key (pv_issue_root, 365 days), made once; subject
 * "/O=popverify unit/CN=Unit Root TYPE" (the same for every label). */
X509 *fx_ca(const char *type);
/* Free every cached key and CA and remove the temp directory. */
void fx_release_all(void);

/* A self-signed certificate made with plain libcrypto, no popverify code. */
typedef enum { FX_BC_NONE, FX_BC_CA_FALSE, FX_BC_CA_TRUE } FX_BC;
X509 *fx_plain_cert(EVP_PKEY *key, const char *cn, FX_BC bc, int days);

/* Check sig over msg with the certificate's public key, libcrypto only. */
int fx_evp_verify(X509 *cert, const char *mdname, const unsigned char *msg, size_t msglen,
                  const unsigned char *sig, size_t siglen);

/* Upper-case colon-separated hex of the certificate's DER digest. */
void fx_fingerprint(X509 *cert, const char *mdname, char *out, size_t outlen);

/* Per-process temp directory, removed by fx_release_all. */
const char *fx_tmpdir(void);
/* Path of name inside the temp directory (buffer owned by the caller). */
void fx_path(char *buf, size_t buflen, const char *name);
/* Write a file into the temp directory; returns its path in buf. */
int fx_write(const char *name, const void *data, size_t len, char *buf, size_t buflen);
int fx_write_cert(const char *name, X509 *cert, int der, char *buf, size_t buflen);
/* pass NULL: plain PKCS#8; der: DER instead of PEM. */
int fx_write_key(const char *name, EVP_PKEY *key, const char *pass, int der, char *buf,
                 size_t buflen);

/* Case-insensitive substring test. */
int fx_has(const char *hay, const char *needle);

void fx_assert_has(const char *hay, const char *needle, int line, const char *file,
                   const char *func);
void fx_assert_lacks(const char *hay, const char *needle, int line, const char *file,
                     const char *func);
void fx_assert_error(int reason, int line, const char *file, const char *func);
void fx_assert_offset(const char *hay, size_t offset, int line, const char *file,
                      const char *func);

/* hay contains needle (case-insensitive); a failure shows hay. */
#define FX_ASSERT_HAS(hay, needle)                                                       \
    fx_assert_has((hay), (needle), __LINE__, __FILE__, __func__)
#define FX_ASSERT_LACKS(hay, needle)                                                     \
    fx_assert_lacks((hay), (needle), __LINE__, __FILE__, __func__)
/* Exactly this reason was the last error raised; a failure shows the message. */
#define FX_ASSERT_ERROR(reason) fx_assert_error((reason), __LINE__, __FILE__, __func__)
/* hay names a byte offset ("offset 3"). */
#define FX_ASSERT_OFFSET(hay, offset)                                                    \
    fx_assert_offset((hay), (offset), __LINE__, __FILE__, __func__)
/* The last error message contains needle. */
#define FX_ASSERT_MSG_HAS(needle) FX_ASSERT_HAS(fx_msg(), (needle))

#endif
