/*
 * cmd_ca.c - "popverify ca": a new CA key and certificate following a
 * profile; self-signed (root), or signed by --ca-cert/--ca-key
 * (intermediate).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/params.h>
#include "commands.h"
#include "keyfile.h"
#include "options.h"
#include "passin.h"

static const char ca_usage[] =
    "usage: popverify ca --profile P --subject DN [--key-type T] --key-out KEY\n"
    "                    --out CERT [--days N] [--passout SRC] [--force]\n"
    "                    [--ca-cert C --ca-key K [--passin SRC]]\n"
    "\n"
    "Make a CA key and certificate with the profile's CA extensions, validity and\n"
    "key rules: a self-signed root, or with --ca-cert and --ca-key an intermediate\n"
    "signed by that CA. The certificate is verified as a chain to its issuer\n"
    "before anything is written; the key is written 0600 and never over an\n"
    "existing file.\n"
    "\n"
    "  --profile P     platform profile, e.g. cumulocity, azure-dps, aws-iot\n"
    "  --subject DN    the CA's name in openssl -subj form: /O=Acme/CN=Acme Root\n"
    "  --key-type T    ec:P-256 (default), ec:P-384, ec:P-521, rsa:2048..8192,\n"
    "                  ed25519 or (OpenSSL 3.5+, generic profiles) ml-dsa-44,\n"
    "                  ml-dsa-65, ml-dsa-87, as far as the profile takes it\n"
    "  --key-out KEY   write the new private key (PKCS#8 PEM) to KEY\n"
    "  --out CERT      write the certificate (PEM) to CERT\n"
    "  --days N        validity in days (default: the profile's root_days or\n"
    "                  intermediate_days; never past the issuer)\n"
    "  --passout SRC   encrypt the new key (AES-256-CBC) with a passphrase from\n"
    "                  pass:TEXT, env:VAR, file:PATH, fd:N or stdin; without it\n"
    "                  the key is written unencrypted, with a note\n"
    "  --force         replace an existing KEY\n"
    "  --ca-cert C     issue an intermediate under this CA certificate (path or URI;\n"
    "                  the file may hold its chain)\n"
    "  --ca-key K      the issuing CA's private key (path or OSSL_STORE URI)\n"
    "  --passin SRC    K's passphrase, sources as for --passout; without it\n"
    "                  popverify prompts when stdin is a terminal. With both\n"
    "                  --passin stdin and --passout stdin, stdin's first line is\n"
    "                  K's passphrase and the second the new key's\n"
    "\n"
    "Exit status:\n"
    "  0  the key and the certificate were written\n"
    "  2  usage error: a missing or contradictory option, an unknown profile, a\n"
    "     malformed subject or key type\n"
    "  3  any other error: a key type the profile refuses, an issuer that is not\n"
    "     a usable CA, a key that does not match, a wrong passphrase, an existing\n"
    "     KEY, a file that cannot be written; no file is left behind\n";

static const struct option ca_opts[] = {
    PV_LONGOPT_HELP,    PV_LONGOPT_PROFILE, PV_LONGOPT_SUBJECT, PV_LONGOPT_KEY_TYPE,
    PV_LONGOPT_KEY_OUT, PV_LONGOPT_OUT,     PV_LONGOPT_DAYS,    PV_LONGOPT_PASSOUT,
    PV_LONGOPT_FORCE,   PV_LONGOPT_CA_CERT, PV_LONGOPT_CA_KEY,  PV_LONGOPT_PASSIN,
    PV_LONGOPT_END};

static int check_issuer_opts(const PV_OPTS *o)
{
    if ((o->ca_cert == NULL) != (o->ca_key == NULL)) {
        pv_error("ca: an intermediate needs both --ca-cert and --ca-key; give both, or "
                 "neither for a root");
        return PV_EXIT_USAGE;
    }
    if (o->passin != NULL && o->ca_key == NULL) {
        pv_error("ca: --passin is the passphrase of --ca-key; a root has none, drop it");
        return PV_EXIT_USAGE;
    }
    return PV_EXIT_OK;
}

static int check_opts(const PV_OPTS *o, int *days)
{
    int status;

    if (pv_opts_no_args(o) != PV_EXIT_OK)
        return PV_EXIT_USAGE;
    if ((status = pv_opts_require(o, o->profile, "--profile")) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->subject, "--subject")) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->key_out, "--key-out")) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->out, "--out")) != PV_EXIT_OK ||
        (status = check_issuer_opts(o)) != PV_EXIT_OK)
        return status;
    return pv_opts_days(o, days);
}

/* A CA key in the clear is worth a word, and the way to encrypt it. */
static void note_unencrypted(const char *key)
{
    fprintf(stderr,
            "popverify: note: %s is not encrypted: whoever can read it can issue as this "
            "CA; encrypt it with 'openssl pkey -in %s -aes-256-cbc -out %s.enc' (then "
            "remove %s), or give --passout next time\n",
            key, key, key, key);
}

static void *run(PV_SESSION *s, const PV_OPTS *o, int *days, PV_PASSIN *pass,
                 const PV_PASSIN *passout)
{
    OSSL_PARAM in[10], *p = in;

    *p++ = OSSL_PARAM_construct_utf8_string(
        POPVERIFY_PARAM_ROLE, o->ca_cert != NULL ? "intermediate" : "root", 0);
    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)o->profile, 0);
    *p++ =
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_SUBJECT, (char *)o->subject, 0);
    if (o->key_type != NULL)
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_KEY_TYPE,
                                                (char *)o->key_type, 0);
    if (*days > 0)
        *p++ = OSSL_PARAM_construct_int(POPVERIFY_PARAM_DAYS, days);
    if (passout->have)
        *p++ = OSSL_PARAM_construct_octet_string(POPVERIFY_PARAM_KEY_PASS,
                                                 (void *)passout->pass, passout->len);
    if (o->ca_cert != NULL) {
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_CERT,
                                                (char *)o->ca_cert, 0);
        *p++ = OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_CA_KEY, (char *)o->ca_key,
                                                0);
    }
    *p = OSSL_PARAM_construct_end();
    return pv_session_run(s, PV_ACT_ISSUE, in, pv_passin_cb, pass);
}

int pv_cmd_ca(PV_SESSION *s, int argc, char **argv)
{
    PV_OPTS o;
    PV_PASSIN pass = {0}, passout = {0};
    PV_ISSUED out = {0};
    void *ctx = NULL;
    int days = 0, status = pv_opts_parse(&o, "ca", argc, argv, ca_opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(ca_usage);
    out.cert_path = o.out;
    out.key_path = o.key_out;
    out.force = o.force;
    if ((status = check_opts(&o, &days)) != PV_EXIT_OK ||
        (status = pv_issued_precheck("ca", &out, &o)) != PV_EXIT_OK ||
        (status = pv_passin_init(&pass, o.passin, o.ca_key)) != PV_EXIT_OK ||
        (status = pv_passout_init(&passout, o.passout)) != PV_EXIT_OK)
        goto done;
    if ((ctx = run(s, &o, &days, &pass, &passout)) == NULL) {
        status = pv_report_error();
        goto done;
    }
    status = pv_issued_finish(
        s, ctx, &out, o.ca_cert != NULL ? "intermediate CA" : "root CA", passout.have);
    if (status == PV_EXIT_OK && !passout.have)
        note_unencrypted(o.key_out);
done:
    pv_issued_free(&out);
    pv_session_free(s, ctx);
    pv_passin_clear(&pass);
    pv_passin_clear(&passout);
    return status;
}
