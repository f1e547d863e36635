/*
 * raw_batch.c - the limit popverify's batch is measured against: a plain
 * libcrypto loop doing the same crypto and the same file writes per device,
 * and nothing else. The CA is loaded once; per device: a new EC P-256 key
 * (or the key of a CSR, whose signature is checked), a certificate with the
 * extensions of popverify's built-in device profile, signed with SHA-256,
 * its signature verified once with the CA's public key, then the key
 * (PKCS#8 PEM, mode 0600) and the certificate (PEM) each written to a
 * temporary file and renamed into place. One thread.
 *
 * usage: raw_batch issue CA_CERT CA_KEY OUT_DIR N [CSR_DIR]
 *        raw_batch csrs OUT_DIR N     (N CSRs dev-00000.csr ... for CSR mode)
 * Prints "N devices in S s: R/s".
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int die(const char *what)
{
    fprintf(stderr, "raw_batch: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* open(O_EXCL), write, close, rename: the syscalls popverify makes per file. */
static void put_file(const char *dir, const char *name, BIO *mem, int mode)
{
    char tmp[4096], path[4096];
    char *data;
    long len = BIO_get_mem_data(mem, &data);
    int fd;

    snprintf(tmp, sizeof(tmp), "%s/.raw-%ld.tmp", dir, (long)getpid());
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 || write(fd, data, (size_t)len) != len || close(fd) != 0 ||
        rename(tmp, path) != 0)
        die(path);
}

static void add_ext(X509 *cert, X509 *ca, int nid, const char *value)
{
    X509V3_CTX v3;
    X509_EXTENSION *ext;

    X509V3_set_ctx(&v3, ca, cert, NULL, NULL, 0);
    if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL ||
        !X509_add_ext(cert, ext, -1))
        die("extension");
    X509_EXTENSION_free(ext);
}

static X509 *make_cert(X509 *ca, EVP_PKEY *ca_key, EVP_PKEY *key, const char *id)
{
    unsigned char serial[16];
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    BIGNUM *bn;

    if (RAND_bytes(serial, sizeof(serial)) != 1)
        die("RAND_bytes");
    serial[0] = (serial[0] & 0x7F) | 0x40;
    bn = BN_bin2bn(serial, sizeof(serial), NULL);
    if (cert == NULL || name == NULL || bn == NULL ||
        !X509_set_version(cert, X509_VERSION_3) ||
        BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) == NULL ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -300) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 86400) == NULL ||
        !X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                    (const unsigned char *)id, -1, -1, 0) ||
        !X509_set_subject_name(cert, name) ||
        !X509_set_issuer_name(cert, X509_get_subject_name(ca)) ||
        !X509_set_pubkey(cert, key))
        die("building the certificate");
    BN_free(bn);
    X509_NAME_free(name);
    add_ext(cert, ca, NID_basic_constraints, "critical, CA:FALSE");
    add_ext(cert, ca, NID_key_usage, "critical, digitalSignature");
    add_ext(cert, ca, NID_ext_key_usage, "clientAuth");
    add_ext(cert, ca, NID_subject_key_identifier, "hash");
    add_ext(cert, ca, NID_authority_key_identifier, "keyid");
    if (X509_sign(cert, ca_key, EVP_sha256()) <= 0)
        die("X509_sign");
    if (X509_verify(cert, X509_get0_pubkey(ca)) != 1)
        die("X509_verify");
    return cert;
}

static EVP_PKEY *csr_key(const char *csr_dir, const char *id)
{
    char path[4096];
    BIO *in;
    X509_REQ *req;
    EVP_PKEY *key;

    snprintf(path, sizeof(path), "%s/%s.csr", csr_dir, id);
    if ((in = BIO_new_file(path, "rb")) == NULL ||
        (req = PEM_read_bio_X509_REQ(in, NULL, NULL, NULL)) == NULL ||
        X509_REQ_verify(req, X509_REQ_get0_pubkey(req)) != 1 ||
        (key = X509_REQ_get_pubkey(req)) == NULL)
        die(path);
    X509_REQ_free(req);
    BIO_free(in);
    return key;
}

static void device(X509 *ca, EVP_PKEY *ca_key, const char *dir, const char *csr_dir,
                   const char *id)
{
    char name[64];
    EVP_PKEY *key = csr_dir != NULL ? csr_key(csr_dir, id)
                                    : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *cert = key != NULL ? make_cert(ca, ca_key, key, id) : NULL;
    BIO *mem = BIO_new(BIO_s_mem());

    if (cert == NULL || mem == NULL)
        die("keygen");
    if (csr_dir == NULL) {
        if (!PEM_write_bio_PrivateKey(mem, key, NULL, NULL, 0, NULL, NULL))
            die("PEM_write_bio_PrivateKey");
        snprintf(name, sizeof(name), "%s.key", id);
        put_file(dir, name, mem, 0600);
        BIO_reset(mem);
    }
    if (!PEM_write_bio_X509(mem, cert))
        die("PEM_write_bio_X509");
    snprintf(name, sizeof(name), "%s.pem", id);
    put_file(dir, name, mem, 0644);
    BIO_free(mem);
    X509_free(cert);
    EVP_PKEY_free(key);
}

static void *load(const char *path, int key)
{
    BIO *in = BIO_new_file(path, "rb");
    void *obj = in == NULL ? NULL
                : key      ? (void *)PEM_read_bio_PrivateKey(in, NULL, NULL, NULL)
                           : (void *)PEM_read_bio_X509(in, NULL, NULL, NULL);

    if (obj == NULL)
        die(path);
    BIO_free(in);
    return obj;
}

static void make_csrs(const char *dir, int n)
{
    char id[32];
    int i;

    for (i = 0; i < n; i++) {
        EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        X509_REQ *req = X509_REQ_new();
        X509_NAME *name = X509_REQ_get_subject_name(req);
        BIO *mem = BIO_new(BIO_s_mem());

        snprintf(id, sizeof(id), "dev-%05d", i);
        if (key == NULL || req == NULL || mem == NULL ||
            !X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                        (const unsigned char *)id, -1, -1, 0) ||
            !X509_REQ_set_pubkey(req, key) ||
            X509_REQ_sign(req, key, EVP_sha256()) <= 0 ||
            !PEM_write_bio_X509_REQ(mem, req))
            die("making a CSR");
        snprintf(id + strlen(id), sizeof(id) - strlen(id), ".csr");
        put_file(dir, id, mem, 0644);
        BIO_free(mem);
        X509_REQ_free(req);
        EVP_PKEY_free(key);
    }
}

int main(int argc, char **argv)
{
    X509 *ca;
    EVP_PKEY *ca_key;
    char id[32];
    double start;
    int i, n;

    if (argc == 4 && strcmp(argv[1], "csrs") == 0) {
        make_csrs(argv[2], atoi(argv[3]));
        return 0;
    }
    if ((argc != 6 && argc != 7) || strcmp(argv[1], "issue") != 0) {
        fprintf(stderr, "usage: raw_batch issue CA_CERT CA_KEY OUT_DIR N [CSR_DIR]\n"
                        "       raw_batch csrs OUT_DIR N\n");
        return 2;
    }
    ca = load(argv[2], 0);
    ca_key = load(argv[3], 1);
    n = atoi(argv[5]);
    start = now();
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof(id), "dev-%05d", i);
        device(ca, ca_key, argv[4], argc == 7 ? argv[6] : NULL, id);
    }
    printf("%d devices in %.2f s: %.0f/s\n", n, now() - start, n / (now() - start));
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    return 0;
}
