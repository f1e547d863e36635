/*
 * json.c - a minimal JSON writer. Strings are escaped so that whatever the
 * provider reports (subjects, reasons) stays valid JSON.
 */
#include <errno.h>
#include <string.h>
#include "json.h"
#include "session.h"

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len, i;
    unsigned char lo = 0x80, hi = 0xbf;

    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        len = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4;
    else
        return 0;
    /* No overlong forms, surrogates or code points past U+10FFFF. */
    if (p[0] == 0xe0)
        lo = 0xa0;
    else if (p[0] == 0xed)
        hi = 0x9f;
    else if (p[0] == 0xf0)
        lo = 0x90;
    else if (p[0] == 0xf4)
        hi = 0x8f;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return len;
}

static void escape_ascii(FILE *fp, unsigned char c)
{
    switch (c) {
    case '"':
    case '\\':
        fprintf(fp, "\\%c", c);
        break;
    case '\n':
        fputs("\\n", fp);
        break;
    case '\r':
        fputs("\\r", fp);
        break;
    case '\t':
        fputs("\\t", fp);
        break;
    default:
        if (c < 0x20 || c == 0x7f)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
}

void pv_json_quote(FILE *fp, const char *val, size_t len)
{
    const unsigned char *p = (const unsigned char *)val;
    size_t i = 0, n;

    fputc('"', fp);
    while (i < len) {
        if (p[i] < 0x80) {
            escape_ascii(fp, p[i++]);
        } else if ((n = utf8_len(p + i, len - i)) > 0) {
            fwrite(p + i, 1, n, fp);
            i += n;
        } else {
            fputs("\\ufffd", fp);
            i++;
        }
    }
    fputc('"', fp);
}

void pv_json_open(PV_JSON *j, FILE *fp)
{
    j->fp = fp;
    j->members = 0;
    fputc('{', fp);
}

static void key(PV_JSON *j, const char *name)
{
    if (j->members++ > 0)
        fputc(',', j->fp);
    pv_json_quote(j->fp, name, strlen(name));
    fputc(':', j->fp);
}

void pv_json_strn(PV_JSON *j, const char *name, const char *val, size_t len)
{
    key(j, name);
    if (val == NULL)
        fputs("null", j->fp);
    else
        pv_json_quote(j->fp, val, len);
}

void pv_json_str(PV_JSON *j, const char *name, const char *val)
{
    pv_json_strn(j, name, val, val != NULL ? strlen(val) : 0);
}

void pv_json_bool(PV_JSON *j, const char *name, int val)
{
    key(j, name);
    fputs(val ? "true" : "false", j->fp);
}

void pv_json_uint(PV_JSON *j, const char *name, unsigned long val)
{
    key(j, name);
    fprintf(j->fp, "%lu", val);
}

void pv_json_lines(PV_JSON *j, const char *name, const char *text)
{
    const char *end;
    int n = 0;

    key(j, name);
    fputc('[', j->fp);
    while (text != NULL && *text != '\0') {
        end = strchr(text, '\n');
        if (end == NULL)
            end = text + strlen(text);
        if (end > text) {
            if (n++ > 0)
                fputc(',', j->fp);
            pv_json_quote(j->fp, text, (size_t)(end - text));
        }
        text = *end == '\n' ? end + 1 : end;
    }
    fputc(']', j->fp);
}

int pv_json_close(PV_JSON *j)
{
    fputs("}\n", j->fp);
    if (fflush(j->fp) == 0 && !ferror(j->fp))
        return PV_EXIT_OK;
    pv_error("cannot write the JSON output (%s)", strerror(errno));
    return PV_EXIT_ERROR;
}

int pv_json_end(PV_JSON *j)
{
    fputs("}\n", j->fp);
    if (!ferror(j->fp))
        return PV_EXIT_OK;
    pv_error("cannot write the JSON output (%s)", strerror(errno));
    return PV_EXIT_ERROR;
}
