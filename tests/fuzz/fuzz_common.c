/*
 * fuzz_common.c - the environment, scratch files and CAs the fuzz targets
 * share. The CAs are files of the repository (tests/fuzz/keys, made by
 * make_corpus.sh), so corpus signatures verify and a crash reproduces; the
 * scratch file lives in a private directory removed at exit.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#define FZ_CA_TYPES 3

typedef struct {
    char dir[256];
    char scratch[512];
    char *string;
    FZ_CA ca[FZ_CA_TYPES];
    int made[FZ_CA_TYPES];
    int cleanup_set;
} FZ_STATE;

static FZ_STATE fz;

void fz_check(int cond, const char *msg)
{
    if (cond)
        return;
    fprintf(stderr, "fuzz: %s\n", msg);
    abort();
}

static void fz_check_line(const char *msg)
{
    fz_check(msg != NULL && *msg != '\0', "an error or note without a message");
    if (strchr(msg, '\n') != NULL || strchr(msg, '\r') != NULL)
        fprintf(stderr, "fuzz: the message: %s\n", msg);
    fz_check(strchr(msg, '\n') == NULL && strchr(msg, '\r') == NULL,
             "an error or note of more than one line");
}

static void fz_on_raise(void *arg, int reason, const char *msg)
{
    (void)arg;
    fz_check(reason > 0, "an error without a reason");
    fz_check_line(msg);
}

static void fz_on_note(void *arg, const char *msg)
{
    (void)arg;
    fz_check_line(msg);
}

const PV_ENV *fz_env(void)
{
    static const PV_ENV env = {NULL, NULL, NULL, fz_on_raise, NULL, fz_on_note, NULL};

    ERR_clear_error();
    return &env;
}

static void fz_cleanup(void)
{
    size_t i;

    for (i = 0; i < FZ_CA_TYPES; i++) {
        if (!fz.made[i])
            continue;
        EVP_PKEY_free(fz.ca[i].key);
        X509_free(fz.ca[i].cert);
    }
    if (fz.scratch[0] != '\0')
        unlink(fz.scratch);
    if (fz.dir[0] != '\0')
        rmdir(fz.dir);
    free(fz.string);
}

static void fz_at_exit(void)
{
    if (!fz.cleanup_set && atexit(fz_cleanup) == 0)
        fz.cleanup_set = 1;
}

static const char *fz_dir(void)
{
    const char *base = getenv("TMPDIR");

    if (fz.dir[0] != '\0')
        return fz.dir;
    snprintf(fz.dir, sizeof(fz.dir), "%s/pv-fuzz-XXXXXX",
             base != NULL && *base != '\0' ? base : "/tmp");
    fz_check(mkdtemp(fz.dir) != NULL, "cannot make a scratch directory");
    fz_at_exit();
    return fz.dir;
}

const char *fz_string(const uint8_t *data, size_t size)
{
    free(fz.string);
    fz.string = malloc(size + 1);
    fz_check(fz.string != NULL, "out of memory");
    if (size > 0)
        memcpy(fz.string, data, size);
    fz.string[size] = '\0';
    return fz.string;
}

const char *fz_file(const uint8_t *data, size_t size)
{
    FILE *f;

    if (fz.scratch[0] == '\0')
        snprintf(fz.scratch, sizeof(fz.scratch), "%s/input", fz_dir());
    f = fopen(fz.scratch, "wb");
    fz_check(f != NULL, "cannot write the scratch file");
    fz_check(size == 0 || fwrite(data, 1, size, f) == size,
             "cannot write the scratch file");
    fz_check(fclose(f) == 0, "cannot write the scratch file");
    return fz.scratch;
}

static void *fz_read_pem(const char *path, int key)
{
    BIO *b = BIO_new_file(path, "rb");
    void *obj = NULL;

    if (b != NULL)
        obj = key ? (void *)PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)
                  : (void *)PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    if (obj == NULL)
        fprintf(stderr, "fuzz: cannot read %s\n", path);
    return obj;
}

const FZ_CA *fz_ca(const char *type)
{
    static const char *const types[FZ_CA_TYPES] = {"rsa", "ec", "ed25519"};
    FZ_CA *ca;
    size_t i;

    for (i = 0; i < FZ_CA_TYPES && strcmp(types[i], type) != 0; i++)
        continue;
    fz_check(i < FZ_CA_TYPES, "unknown CA type");
    ca = &fz.ca[i];
    if (fz.made[i])
        return ca;
    snprintf(ca->cert_path, sizeof(ca->cert_path), "%s/%s.pem", PV_FUZZ_KEYS, type);
    snprintf(ca->key_path, sizeof(ca->key_path), "%s/%s.key", PV_FUZZ_KEYS, type);
    ca->cert = fz_read_pem(ca->cert_path, 0);
    ca->key = fz_read_pem(ca->key_path, 1);
    fz_check(ca->cert != NULL && ca->key != NULL, "cannot read the fuzz CAs");
    fz.made[i] = 1;
    fz_at_exit();
    return ca;
}
