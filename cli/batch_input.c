/*
 * batch_input.c - the rows of a batch, read one at a time: "ID" (a new
 * key), "ID,CSR_PATH", or a JSON object {"id": ..., "csr": ...} per line.
 * Blank lines and lines starting with # are skipped. A malformed row is
 * handed back with its error, so that it is reported and the rest goes on.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include "batch.h"

int pv_batch_input_open(PV_BATCH_INPUT *in, const char *path)
{
    struct stat st;

    memset(in, 0, sizeof(*in));
    in->name = path;
    in->size = -1;
    in->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (in->fp == NULL) {
        pv_error("device: cannot read the batch file '%s' (%s); check --batch", path,
                 strerror(errno));
        return PV_EXIT_ERROR;
    }
    if (fstat(fileno(in->fp), &st) == 0 && S_ISREG(st.st_mode))
        in->size = (long)st.st_size;
    return PV_EXIT_OK;
}

void pv_batch_input_close(PV_BATCH_INPUT *in)
{
    if (in->fp != NULL && in->fp != stdin)
        fclose(in->fp);
    in->fp = NULL;
}

double pv_batch_input_progress(const PV_BATCH_INPUT *in)
{
    long pos;

    if (in->size <= 0 || (pos = ftell(in->fp)) < 0)
        return -1;
    return pos >= in->size ? 1.0 : (double)pos / (double)in->size;
}

static void row_error(PV_ROW *row, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(row->error, sizeof(row->error), fmt, ap);
    va_end(ap);
}

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

/* A JSON string at *p (just after its opening quote), unescaped in place. */
static char *json_string(char **p)
{
    char *in = *p, *out = *p, *start = *p;

    for (; *in != '"'; in++) {
        if (*in == '\0' || (unsigned char)*in < 0x20)
            return NULL;
        if (*in != '\\') {
            *out++ = *in;
            continue;
        }
        switch (*++in) {
        case '"':
        case '\\':
        case '/':
            *out++ = *in;
            break;
        default: /* \n, \t, \uXXXX: nothing an id or a path needs */
            return NULL;
        }
    }
    *out = '\0';
    *p = in + 1;
    return start;
}

static char *skip_ws(char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

/* One "key": "value" member into the row. */
static int json_member(PV_ROW *row, char **p)
{
    char *key, *val;

    if (**p != '"' || (++*p, key = json_string(p)) == NULL)
        return 0;
    *p = skip_ws(*p);
    if (**p != ':')
        return 0;
    *p = skip_ws(*p + 1);
    if (**p != '"' || (++*p, val = json_string(p)) == NULL)
        return 0;
    if (strcmp(key, "id") == 0 && row->id == NULL) {
        row->id = val;
    } else if (strcmp(key, "csr") == 0 && row->csr == NULL) {
        row->csr = val;
    } else {
        row_error(row,
                  "line %lu: member \"%s\" is %s; a row has \"id\" and, for a CSR, "
                  "\"csr\"",
                  row->line, key,
                  row->id != NULL || row->csr != NULL ? "unknown or repeated"
                                                      : "unknown");
        return -1;
    }
    return 1;
}

static void parse_json(PV_ROW *row, char *p)
{
    int r = 1;

    p = skip_ws(p + 1);
    while (*p != '}' && r == 1) {
        if ((r = json_member(row, &p)) != 1)
            break;
        p = skip_ws(p);
        if (*p == ',')
            p = skip_ws(p + 1);
        else if (*p != '}')
            r = 0;
    }
    if (r == 1 && *skip_ws(p + 1) != '\0')
        r = 0;
    if (r == 0)
        row_error(row,
                  "line %lu is not a JSON object of strings such as {\"id\": \"dev-1\", "
                  "\"csr\": \"dev-1.csr\"} (no escapes other than \\\" \\\\ \\/)",
                  row->line);
    if (r == 1 && row->id == NULL)
        row_error(row, "line %lu has no \"id\"", row->line);
}

/* ID, or ID,CSR_PATH. */
static void parse_csv(PV_ROW *row, char *p)
{
    char *comma = strchr(p, ',');

    if (comma != NULL) {
        *comma = '\0';
        row->csr = trim(comma + 1);
        if (*row->csr == '\0')
            row_error(row,
                      "line %lu: nothing after the comma; write ID,CSR_PATH or just ID",
                      row->line);
    }
    row->id = trim(p);
}

/* Skip the rest of a line that did not fit. */
static void drop_rest(FILE *fp)
{
    int c;

    while ((c = getc(fp)) != EOF && c != '\n')
        ;
}

static void parse_row(PV_ROW *row, char *p)
{
    if (*p == '{')
        parse_json(row, p);
    else
        parse_csv(row, p);
    if (row->error[0] == '\0' && (row->id == NULL || *row->id == '\0'))
        row_error(row, "line %lu has an empty device id", row->line);
}

int pv_batch_read_row(PV_BATCH_INPUT *in, PV_ROW *row)
{
    char *p;
    size_t len;

    for (;;) {
        row->id = row->csr = NULL;
        row->error[0] = '\0';
        if (pv_batch_signal != 0)
            return 0; /* stopped: no more rows */
        if (fgets(row->buf, sizeof(row->buf), in->fp) == NULL) {
            if (!ferror(in->fp) || pv_batch_signal != 0)
                return 0;
            pv_error("device: reading the batch file '%s' failed (%s)", in->name,
                     strerror(errno));
            return -1;
        }
        row->line = ++in->line;
        len = strlen(row->buf);
        if (len > 0 && row->buf[len - 1] == '\n') {
            row->buf[--len] = '\0';
        } else if (!feof(in->fp)) {
            drop_rest(in->fp);
            row_error(row, "line %lu is longer than %d bytes", row->line,
                      PV_BATCH_LINE_MAX - 2);
            return 1;
        }
        p = trim(row->buf);
        if (*p == '\0' || *p == '#')
            continue;
        parse_row(row, p);
        return 1;
    }
}
