/*
 * fuzz.h - what the fuzz targets share. Each target defines
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (the fuzz
 * build) or with replay.c, which feeds it every file of a corpus (ctest).
 *
 * The environment's hooks check what every error of the core promises: a
 * message that is one non-empty line. A broken promise aborts, so the
 * fuzzer reports it as a crash with the input that caused it.
 */
#ifndef PV_FUZZ_H
#define PV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/x509.h>
#include "env.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Default library context; errors and notes are checked, then dropped. */
const PV_ENV *fz_env(void);

/* Abort with msg when cond is false (the fuzzer's crash). */
void fz_check(int cond, const char *msg);

/* data as a NUL-terminated string (owned by the target, freed next call). */
const char *fz_string(const uint8_t *data, size_t size);

/* data written to this process's scratch file; its path. */
const char *fz_file(const uint8_t *data, size_t size);

/* The CA "rsa" (2048), "ec" (P-256) or "ed25519" of tests/fuzz/keys: its
 * certificate, its key and the paths of their PEM files. */
#ifndef PV_FUZZ_KEYS
#define PV_FUZZ_KEYS "tests/fuzz/keys"
#endif
typedef struct fz_ca_st {
    EVP_PKEY *key;
    X509 *cert;
    char cert_path[512];
    char key_path[512];
} FZ_CA;
const FZ_CA *fz_ca(const char *type);

#endif
