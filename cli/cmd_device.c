/*
 * cmd_device.c - "popverify device": a device certificate (CN = device id)
 * signed by a CA, for a new device key or for the key in a device's CSR.
 */
#include <string.h>
#include <openssl/params.h>
#include "commands.h"
#include "device_batch.h"
#include "keyfile.h"
#include "options.h"
#include "passin.h"

static const char device_usage[] =
    "usage: popverify device --profile P --ca-cert C --ca-key K [--passin SRC]\n"
    "                        --id DEVICE_ID (--csr CSR | --key-out KEY [--key-type T]\n"
    "                        [--passout SRC] [--force]) --out CERT [--chain] [--days N]\n"
    "       popverify device --profile P --ca-cert C --ca-key K [--passin SRC]\n"
    "                        --batch FILE|- --out-dir DIR [-j N] [--key-type T]\n"
    "                        [--passout SRC] [--chain] [--days N] [--force]\n"
    "\n"
    "Issue a device certificate whose subject is CN=DEVICE_ID, with the profile's\n"
    "device extensions and validity, signed by the CA. The id is checked against\n"
    "the profile's rules before anything is generated, and the certificate is\n"
    "verified as a chain to the CA before anything is written.\n"
    "\n"
    "  --profile P     platform profile, e.g. cumulocity, azure-dps, aws-iot\n"
    "  --ca-cert C     the issuing CA's certificate (path or URI; the file may hold\n"
    "                  its chain)\n"
    "  --ca-key K      its private key (path or OSSL_STORE URI)\n"
    "  --passin SRC    K's passphrase: pass:TEXT, env:VAR, file:PATH, fd:N, stdin;\n"
    "                  without it popverify prompts when stdin is a terminal\n"
    "  --id DEVICE_ID  the device id the platform knows the device by (its CN)\n"
    "  --csr CSR       certify the key in the device's CSR (PEM or DER); its\n"
    "                  signature is checked, its subject and requested extensions\n"
    "                  are not taken over\n"
    "  --key-out KEY   or make a new key and write it (PKCS#8 PEM, mode 0600) to KEY\n"
    "  --key-type T    the new key: ec:P-256 (default), ec:P-384, ec:P-521,\n"
    "                  rsa:2048..8192, ed25519 or (OpenSSL 3.5+) ml-dsa-44,\n"
    "                  ml-dsa-65, ml-dsa-87, as far as the profile takes it\n"
    "  --passout SRC   encrypt the new key (AES-256-CBC), sources as for --passin;\n"
    "                  with both on stdin the first line is K's passphrase\n"
    "  --force         replace an existing KEY\n"
    "  --out CERT      write the certificate (PEM) to CERT\n"
    "  --chain         write the CA certificate(s) of C after the device certificate\n"
    "  --days N        validity in days (default: the profile's device_days; never\n"
    "                  past the CA)\n"
    "\n"
    "Batch: the CA is loaded once and every row of FILE (- is standard input)\n"
    "becomes a device: ID (a new key), ID,CSR_PATH, or a JSON line\n"
    "{\"id\": ..., \"csr\": ...}; blank lines and # comments are skipped.\n"
    "  --batch FILE    the devices, one per line, read as they are needed\n"
    "  --out-dir DIR   DIR/ID.pem (certificate, or chain with --chain) and DIR/ID.key\n"
    "                  (new key, mode 0600), each written atomically; DIR is made\n"
    "                  when it is not there\n"
    "  -j, --jobs N    threads sharing the CA (default: the number of cores)\n"
    "  --force         issue again devices whose files are already complete\n"
    "Standard output gets one JSON line per device, in input order: id, line,\n"
    "status (issued, skipped or error), serial, sha256, not_after, cert and key\n"
    "(or csr), or error. A device whose files fit the CA is skipped, so a\n"
    "stopped batch is resumed by running it again (see popverify(1)).\n"
    "\n"
    "Exit status:\n"
    "  0  the certificate (and the new key) were written; --batch: every row was\n"
    "     issued or skipped\n"
    "  1  --batch: some rows failed (each said so in its manifest line)\n"
    "  2  usage error: a missing or contradictory option, an unknown profile, a\n"
    "     malformed key type\n"
    "  3  any other error: a device id or key type the profile refuses, an\n"
    "     issuer that is not a usable CA, a key that does not match, a wrong\n"
    "     passphrase, a CSR whose signature fails, an existing KEY, a file that\n"
    "     cannot be written; no file is left behind\n";

static const struct option device_opts[] = {
    PV_LONGOPT_HELP,     PV_LONGOPT_PROFILE, PV_LONGOPT_CA_CERT, PV_LONGOPT_CA_KEY,
    PV_LONGOPT_PASSIN,   PV_LONGOPT_ID,      PV_LONGOPT_CSR,     PV_LONGOPT_KEY_OUT,
    PV_LONGOPT_KEY_TYPE, PV_LONGOPT_PASSOUT, PV_LONGOPT_FORCE,   PV_LONGOPT_OUT,
    PV_LONGOPT_CHAIN,    PV_LONGOPT_DAYS,    PV_LONGOPT_BATCH,   PV_LONGOPT_OUT_DIR,
    PV_LONGOPT_JOBS,     PV_LONGOPT_END};

/* --csr keeps the device's own key: the new-key options make no sense. */
static int check_key_opts(const PV_OPTS *o)
{
    const char *names[] = {"--csr", "--key-out"};
    const char *values[] = {o->csr, o->key_out};
    const char *extra = o->key_type != NULL  ? "--key-type"
                        : o->passout != NULL ? "--passout"
                        : o->force           ? "--force"
                                             : NULL;
    int status = pv_opts_one_of(o, names, values, 2);

    if (status != PV_EXIT_OK || o->csr == NULL || extra == NULL)
        return status;
    pv_error("device: %s is for a new key; with --csr the device keeps its own key, "
             "drop %s",
             extra, extra);
    return PV_EXIT_USAGE;
}

static int check_opts(const PV_OPTS *o, int *days)
{
    int status;

    if ((status = pv_opts_require_signer(o)) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->id, "--id")) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->out, "--out")) != PV_EXIT_OK ||
        (status = check_key_opts(o)) != PV_EXIT_OK)
        return status;
    return pv_opts_days(o, days);
}

static void *run(PV_SESSION *s, const PV_OPTS *o, int *days, int *chain, PV_PASSIN *pass,
                 const PV_PASSIN *passout)
{
    OSSL_PARAM in[12], *p = in;

    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ROLE, "device", 0);
    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0);
    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT, (char *)o->ca_cert, 0);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)o->ca_key, 0);
    *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_ID, (char *)o->id, 0);
    *p++ = OSSL_PARAM_construct_int(POPVERIFY_PARAM_CHAIN, chain);
    if (o->csr != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CSR, (char *)o->csr, 0);
    if (o->key_type != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE,
                                                (char *)o->key_type, 0);
    if (*days > 0)
        *p++ = OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, days);
    if (passout->have)
        *p++ = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_KEY_PASS,
                                                 (void *)passout->pass, passout->len);
    *p = OSSL_PARAM_construct_end();
    return pv_session_run(s, PV_ACT_ISSUE, in, pv_passin_cb, pass);
}

int pv_cmd_device(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_PASSIN pass = {0}, passout = {0};
    PV_ISSUED out = {0};
    void *ctx = NULL;
    int days = 0, status = pv_opts_parse(&o, "device", argc, argv, device_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(device_usage);
    if (o.batch != NULL)
        return pv_device_batch(s, &o);
    if (o.out_dir != NULL || o.jobs != NULL) {
        pv_error("device: %s is for --batch; give --batch FILE, or --out for one device",
                 o.out_dir != NULL ? "--out-dir" : "-j");
        return PV_EXIT_USAGE;
    }
    out.cert_path = o.out;
    out.key_path = o.key_out;
    out.force = o.force;
    if ((status = check_opts(&o, &days)) != PV_EXIT_OK ||
        (status = pv_issued_precheck("device", &out, &o)) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o.passin, o.ca_key)) != PV_EXIT_OK ||
        (status = pv_passout_init(&passout, o.passout)) != PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &days, &o.chain, &pass, &passout)) == NULL) {
        status = pv_report_error();
        goto done;
    }
    status = pv_issued_finish(s, ctx, &out, "device certificate", passout.have);
done:
    pv_issued_free(&out);
    pv_session_free(s, ctx);
    pv_passin_clear(&pass);
    pv_passin_clear(&passout);
    return status;
}
