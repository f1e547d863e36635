/*
 * keyfile.c - writing what an issue hands back. The key goes first, with
 * no-clobber unless --force, so a key is never lost to a typo; if the
 * certificate then cannot be written the new key is removed again, since a
 * key without its certificate is only clutter.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "keyfile.h"
#include "output.h"
#include "session.h"

int pv_issued_precheck(const char *cmd, const PV_ISSUED *out)
{
    struct stat st;

    if (out->key_path == NULL)
        return PV_EXIT_OK;
    if (strcmp(out->key_path, out->cert_path) == 0) {
        pv_error("%s: --key-out and --out are the same file '%s'; give two paths", cmd,
                 out->key_path);
        return PV_EXIT_USAGE;
    }
    if (!out->force && lstat(out->key_path, &st) == 0) {
        pv_error("%s: --key-out '%s' already exists; popverify never overwrites a "
                 "private key: move it away, choose another path, or give --force",
                 cmd, out->key_path);
        return PV_EXIT_ERROR;
    }
    return PV_EXIT_OK;
}

int pv_issued_write(const PV_ISSUED *out)
{
    int status;

    if (out->key_path != NULL &&
        (status = pv_write_file(out->key_path, out->key, out->key_len, PV_MODE_SECRET,
                                !out->force)) != PV_EXIT_OK)
        return status;
    status = pv_write_file(out->cert_path, out->cert, out->cert_len, PV_MODE_PUBLIC, 0);
    if (status != PV_EXIT_OK && out->key_path != NULL && unlink(out->key_path) != 0)
        pv_error("cannot remove the new key '%s' (%s); remove it by hand", out->key_path,
                 strerror(errno));
    return status;
}

/* For a CA its name and fingerprint (what the platform shows); else its issuer. */
static void pv_issued_say(const PV_ISSUED *out, const PV_INFO *info, const char *what,
                          int encrypted)
{
    int is_ca = strstr(what, "CA") != NULL;

    if (out->key_path != NULL)
        fprintf(stderr, "popverify: wrote %s (new %s private key, mode 0600%s)\n",
                out->key_path, info->key_desc != NULL ? info->key_desc : "",
                encrypted ? ", encrypted" : "");
    fprintf(stderr, "popverify: wrote %s (%s %s%s%s%s)\n", out->cert_path, what,
            is_ca ? "" : "issued by ", info->ca_subject != NULL ? info->ca_subject : "",
            is_ca ? ", SHA-256 fingerprint " : "",
            is_ca && info->ca_sha256 != NULL ? info->ca_sha256 : "");
}

int pv_issued_finish(struct pv_session_st *s, void *ctx, PV_ISSUED *out, const char *what,
                     int encrypted)
{
    PV_INFO info;
    int status;

    pv_session_info(s, ctx, &info);
    out->cert = info.output;
    out->cert_len = info.output_len;
    if (out->key_path != NULL)
        pv_get_octets(s, ctx, POPVERIFY_PARAM_KEY_OUT, &out->key, &out->key_len);
    if (out->cert == NULL || (out->key_path != NULL && out->key == NULL)) {
        pv_error("the provider returned no %s", out->cert == NULL ? what : "private key");
        return PV_EXIT_ERROR;
    }
    pv_print_notes(info.notes);
    if ((status = pv_issued_write(out)) == PV_EXIT_OK)
        pv_issued_say(out, &info, what, encrypted);
    return status;
}
