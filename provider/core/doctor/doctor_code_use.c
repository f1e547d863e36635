/*
 * doctor_code_use.c - where the code sits in what the user gave (past a BOM,
 * line ends and blanks), and the code the other checks then compare with.
 */
#include <string.h>
#include "doctor_check.h"

static int pv_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static int pv_eol(unsigned char c)
{
    return c == '\n' || c == '\r';
}

void pv_code_bounds(const unsigned char *in, size_t len, size_t *start, size_t *end)
{
    size_t s = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, e = len;

    while (e > s && (pv_blank(in[e - 1]) || pv_eol(in[e - 1])))
        e--;
    while (s < e && pv_blank(in[s]))
        s++;
    *start = s;
    *end = e;
}

void pv_doctor_use_code(PV_DOCTOR *d, const char *s, size_t len, const char *how)
{
    PV_CAPTURE cap;
    PV_ENV env;

    pv_capture_env(d, &env, &cap);
    d->have_code = pv_code_canonicalize(&env, (const unsigned char *)s, len,
                                        d->req->code_source, &d->code);
    if (d->have_code)
        pv_note(d->env, "the other checks used the code \"%s\" (%s)", d->code.text, how);
}
