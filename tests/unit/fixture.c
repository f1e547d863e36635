/*
 * fixture.c - shared state of the unit tests. The core is called with the
 * default library context (libctx NULL, propq NULL); its errors and notes land
 * here so tests can assert on the reason and on what the message names.
 */
#include "fixture.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include "certgen.h"

#define FX_NOTE_LOG_MAX 8192
#define FX_CACHE_MAX 12

typedef struct {
    int errors;
    int reason;
    char msg[PV_MSG_MAX];
    int notes;
    char note_log[FX_NOTE_LOG_MAX];
} FX_LOG;

typedef struct {
    char type[32];
    EVP_PKEY *key;
    X509 *ca;
} FX_CACHED;

/* Test-process state: one log, one key cache, one temp directory. */
static FX_LOG fx_log;
static FX_CACHED fx_cache[FX_CACHE_MAX];
static char fx_dir[512];

static void fx_on_raise(void *arg, int reason, const char *msg)
{
    FX_LOG *log = arg;

    /* PV_UNIT_VERBOSE=1 shows what the core said, to review its wording. */
    if (getenv("PV_UNIT_VERBOSE") != NULL)
        fprintf(stderr, "    [error %d] %s\n", reason, msg != NULL ? msg : "");
    log->errors++;
    log->reason = reason;
    snprintf(log->msg, sizeof(log->msg), "%s", msg != NULL ? msg : "");
}

static void fx_on_note(void *arg, const char *msg)
{
    FX_LOG *log = arg;
    size_t used = strlen(log->note_log);

    if (getenv("PV_UNIT_VERBOSE") != NULL)
        fprintf(stderr, "    [note] %s\n", msg != NULL ? msg : "");
    log->notes++;
    snprintf(log->note_log + used, sizeof(log->note_log) - used, "%s\n",
             msg != NULL ? msg : "");
}

const PV_ENV *fx_env(void)
{
    static const PV_ENV env = {.raise = fx_on_raise,
                               .raise_arg = &fx_log,
                               .note = fx_on_note,
                               .note_arg = &fx_log};

    return &env;
}

void fx_reset(void)
{
    memset(&fx_log, 0, sizeof(fx_log));
    ERR_clear_error();
}

int fx_errors(void)
{
    return fx_log.errors;
}

int fx_reason(void)
{
    return fx_log.reason;
}

const char *fx_msg(void)
{
    return fx_log.msg;
}

int fx_notes(void)
{
    return fx_log.notes;
}

const char *fx_note_log(void)
{
    return fx_log.note_log;
}

static FX_CACHED *fx_cached(const char *type)
{
    size_t i;

    for (i = 0; i < FX_CACHE_MAX; i++) {
        if (fx_cache[i].key == NULL) {
            char keytype[32];

            /* "ec:P-256#other": a second key of that type. */
            snprintf(keytype, sizeof(keytype), "%.*s", (int)strcspn(type, "#"), type);
            snprintf(fx_cache[i].type, sizeof(fx_cache[i].type), "%s", type);
            fx_cache[i].key = pv_keygen(fx_env(), keytype);
            return fx_cache[i].key != NULL ? &fx_cache[i] : NULL;
        }
        if (strcmp(fx_cache[i].type, type) == 0)
            return &fx_cache[i];
    }
    return NULL;
}

EVP_PKEY *fx_key(const char *type)
{
    FX_CACHED *c = fx_cached(type);

    return c != NULL ? c->key : NULL;
}

X509 *fx_ca(const char *type)
{
    FX_CACHED *c = fx_cached(type);
    char subject[96];

    if (c == NULL)
        return NULL;
    if (c->ca == NULL) {
        /* Same subject for "#other": a regenerated CA looks like this. */
        snprintf(subject, sizeof(subject), "/O=popverify unit/CN=Unit Root %.*s",
                 (int)strcspn(type, "#"), type);
        c->ca = pv_issue_root(fx_env(), c->key, subject, 365);
    }
    return c->ca;
}

static void fx_remove_tmpdir(void)
{
    DIR *d;
    struct dirent *e;
    char path[1024];

    if (fx_dir[0] == '\0' || (d = opendir(fx_dir)) == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", fx_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(fx_dir);
    fx_dir[0] = '\0';
}

void fx_release_all(void)
{
    size_t i;

    for (i = 0; i < FX_CACHE_MAX; i++) {
        EVP_PKEY_free(fx_cache[i].key);
        X509_free(fx_cache[i].ca);
    }
    memset(fx_cache, 0, sizeof(fx_cache));
    fx_remove_tmpdir();
}

static int fx_add_ext(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;

    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext == NULL)
        return 0;
    ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

static int fx_plain_fill(X509 *cert, EVP_PKEY *key, const char *cn, FX_BC bc, int days)
{
    X509_NAME *name = X509_get_subject_name(cert);

    if (!X509_set_version(cert, 2) ||
        !ASN1_INTEGER_set(X509_get_serialNumber(cert), 0x5eed) ||
        !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn,
                                    -1, -1, 0) ||
        !X509_set_issuer_name(cert, name) || !X509_set_pubkey(cert, key) ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == NULL ||
        X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, NULL) == NULL ||
        !fx_add_ext(cert, NID_subject_key_identifier, "hash"))
        return 0;
    if (bc == FX_BC_CA_TRUE)
        return fx_add_ext(cert, NID_basic_constraints, "critical,CA:TRUE");
    if (bc == FX_BC_CA_FALSE)
        return fx_add_ext(cert, NID_basic_constraints, "critical,CA:FALSE");
    return 1;
}

X509 *fx_plain_cert(EVP_PKEY *key, const char *cn, FX_BC bc, int days)
{
    X509 *cert = X509_new();
    const EVP_MD *md = EVP_PKEY_is_a(key, "ED25519") ? NULL : EVP_sha256();

    if (cert == NULL || !fx_plain_fill(cert, key, cn, bc, days) ||
        X509_sign(cert, key, md) <= 0) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

int fx_evp_verify(X509 *cert, const char *mdname, const unsigned char *msg, size_t msglen,
                  const unsigned char *sig, size_t siglen)
{
    EVP_PKEY *pub = X509_get0_pubkey(cert);
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    int ok = 0;

    if (pub == NULL || mctx == NULL)
        goto done;
    if (EVP_PKEY_is_a(pub, "ED25519"))
        mdname = NULL;
    if (EVP_DigestVerifyInit_ex(mctx, NULL, mdname, NULL, NULL, pub, NULL) != 1)
        goto done;
    ok = EVP_DigestVerify(mctx, sig, siglen, msg, msglen) == 1;
done:
    EVP_MD_CTX_free(mctx);
    ERR_clear_error();
    return ok;
}

void fx_fingerprint(X509 *cert, const char *mdname, char *out, size_t outlen)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;
    EVP_MD *alg = EVP_MD_fetch(NULL, mdname, NULL);
    size_t used = 0;

    out[0] = '\0';
    if (alg == NULL || !X509_digest(cert, alg, md, &mdlen))
        mdlen = 0;
    for (i = 0; i < mdlen && used + 4 <= outlen; i++)
        used += (size_t)snprintf(out + used, outlen - used, i ? ":%02X" : "%02X", md[i]);
    EVP_MD_free(alg);
}

const char *fx_tmpdir(void)
{
    const char *base = getenv("TMPDIR");

    if (fx_dir[0] != '\0')
        return fx_dir;
    snprintf(fx_dir, sizeof(fx_dir), "%s/pv-unit-XXXXXX",
             base != NULL && *base != '\0' ? base : "/tmp");
    if (mkdtemp(fx_dir) == NULL) {
        perror("mkdtemp");
        abort();
    }
    return fx_dir;
}

void fx_path(char *buf, size_t buflen, const char *name)
{
    snprintf(buf, buflen, "%s/%s", fx_tmpdir(), name);
}

int fx_write(const char *name, const void *data, size_t len, char *buf, size_t buflen)
{
    FILE *f;
    int ok;

    fx_path(buf, buflen, name);
    if ((f = fopen(buf, "wb")) == NULL)
        return 0;
    ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

int fx_write_cert(const char *name, X509 *cert, int der, char *buf, size_t buflen)
{
    BIO *b;
    int ok;

    fx_path(buf, buflen, name);
    if ((b = BIO_new_file(buf, "wb")) == NULL)
        return 0;
    ok = der ? i2d_X509_bio(b, cert) : PEM_write_bio_X509(b, cert);
    BIO_free(b);
    return ok;
}

int fx_write_key(const char *name, EVP_PKEY *key, const char *pass, int der, char *buf,
                 size_t buflen)
{
    const EVP_CIPHER *enc = pass != NULL ? EVP_aes_256_cbc() : NULL;
    BIO *b;
    int ok;

    fx_path(buf, buflen, name);
    if ((b = BIO_new_file(buf, "wb")) == NULL)
        return 0;
    if (der)
        ok = i2d_PKCS8PrivateKey_bio(b, key, enc, NULL, 0, NULL, (void *)pass);
    else
        ok = PEM_write_bio_PKCS8PrivateKey(b, key, enc, NULL, 0, NULL, (void *)pass);
    BIO_free(b);
    return ok;
}

int fx_has(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i;

    for (; hay != NULL && *hay != '\0'; hay++) {
        for (i = 0; i < n; i++)
            if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
                break;
        if (i == n)
            return 1;
    }
    return n == 0;
}

void fx_assert_has(const char *hay, const char *needle, int line, const char *file,
                   const char *func)
{
    char what[PV_MSG_MAX + FX_NOTE_LOG_MAX + 128];

    snprintf(what, sizeof(what), "expected \"%s\" in \"%s\"", needle,
             hay != NULL ? hay : "(null)");
    CU_assertImplementation(fx_has(hay, needle), (unsigned)line, what, file, func,
                            CU_FALSE);
}

void fx_assert_lacks(const char *hay, const char *needle, int line, const char *file,
                     const char *func)
{
    char what[PV_MSG_MAX + FX_NOTE_LOG_MAX + 128];

    snprintf(what, sizeof(what), "did not expect \"%s\" in \"%s\"", needle,
             hay != NULL ? hay : "(null)");
    CU_assertImplementation(!fx_has(hay, needle), (unsigned)line, what, file, func,
                            CU_FALSE);
}

void fx_assert_error(int reason, int line, const char *file, const char *func)
{
    char what[PV_MSG_MAX + 128];

    snprintf(what, sizeof(what), "expected error reason %d, got %d (%d raised): \"%s\"",
             reason, fx_log.reason, fx_log.errors, fx_log.msg);
    CU_assertImplementation(fx_log.errors > 0 && fx_log.reason == reason, (unsigned)line,
                            what, file, func, CU_FALSE);
}

/* "offset 3" but not "offset 30". */
static int fx_has_offset(const char *hay, size_t offset)
{
    char needle[48];
    size_t n = (size_t)snprintf(needle, sizeof(needle), "offset %zu", offset);
    const char *p;

    for (p = hay; p != NULL && (p = strstr(p, needle)) != NULL; p++)
        if (!isdigit((unsigned char)p[n]))
            return 1;
    return 0;
}

void fx_assert_offset(const char *hay, size_t offset, int line, const char *file,
                      const char *func)
{
    char what[PV_MSG_MAX + FX_NOTE_LOG_MAX + 128];

    snprintf(what, sizeof(what), "expected \"offset %zu\" in \"%s\"", offset,
             hay != NULL ? hay : "(null)");
    CU_assertImplementation(fx_has_offset(hay, offset), (unsigned)line, what, file, func,
                            CU_FALSE);
}
