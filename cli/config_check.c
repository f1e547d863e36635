/*
 * config_check.c - a config file read once as bytes (text only: no NUL, no
 * control characters but tab, CR and LF) and once by NCONF_load, whose
 * error line is reported.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include "config_check.h"
#include "session.h"

/* The first byte that no openssl.cnf holds, with its line; 0 if none. */
static int pv_config_binary(FILE *f, long *line, int *byte)
{
    int c;

    *line = 1;
    while ((c = getc(f)) != EOF) {
        if (c == '\n')
            (*line)++;
        else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
            *byte = c;
            return 1;
        }
    }
    return 0;
}

static int pv_config_text(const char *file, const char *option)
{
    FILE *f = fopen(file, "rb");
    long line;
    int byte = 0, bad;

    if (f == NULL) {
        pv_error("%s %s: cannot read it (%s); give the openssl.cnf that defines the "
                 "profiles",
                 option, file, strerror(errno));
        return PV_EXIT_ERROR;
    }
    bad = pv_config_binary(f, &line, &byte);
    fclose(f);
    if (!bad)
        return PV_EXIT_OK;
    pv_error("%s %s: line %ld holds the byte 0x%02x; it is not a text file - give the "
             "openssl.cnf that defines the profiles",
             option, file, line, byte);
    return PV_EXIT_ERROR;
}

static int pv_config_parse(const char *file, const char *option)
{
    CONF *conf = NCONF_new(NULL);
    long eline = 0;
    unsigned long e;
    const char *why;
    int ok = conf != NULL && NCONF_load(conf, file, &eline) > 0;

    e = ERR_peek_last_error();
    why = e != 0 ? ERR_reason_error_string(e) : NULL;
    NCONF_free(conf);
    ERR_clear_error();
    if (ok)
        return PV_EXIT_OK;
    if (eline > 0)
        pv_error("%s %s: line %ld does not parse (%s); fix that line, OpenSSL would "
                 "ignore the whole file",
                 option, file, eline, why != NULL ? why : "syntax error");
    else
        pv_error("%s %s: it does not load (%s); OpenSSL would ignore the whole file",
                 option, file, why != NULL ? why : "unknown error");
    return PV_EXIT_ERROR;
}

int pv_config_check(const char *file, const char *option)
{
    struct stat st;
    int status;

    if (stat(file, &st) != 0) {
        pv_error("%s %s: cannot read it (%s); give the openssl.cnf that defines the "
                 "profiles",
                 option, file, strerror(errno));
        return PV_EXIT_ERROR;
    }
    if (S_ISDIR(st.st_mode)) {
        pv_error("%s %s: it is a directory; give the openssl.cnf file that defines the "
                 "profiles",
                 option, file);
        return PV_EXIT_ERROR;
    }
    if (!S_ISREG(st.st_mode)) /* /dev/null: an empty config */
        return PV_EXIT_OK;
    if ((status = pv_config_text(file, option)) != PV_EXIT_OK)
        return status;
    return pv_config_parse(file, option);
}
