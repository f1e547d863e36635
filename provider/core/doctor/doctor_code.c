/*
 * doctor_code.c - the code as the user has it. Around it: a BOM, line ends
 * and blanks that popverify strips but `openssl dgst` signs. The code
 * itself: pasted twice, or the length and characters the platform issues.
 */
#include <stdio.h>
#include <string.h>
#include "popverify.h"
#include "doctor_check.h"

static int pv_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static void pv_code_around_one(PV_DOCTOR *d, const char *id, const char *what)
{
    char shown[200], fix[PV_FIX_MAX];
    PV_FINDING *f;

    pv_show_bytes(d->req->code, d->req->code_len, shown, sizeof(shown));
    f = pv_find(d, id, PV_SEV_WARNING,
                "%s %s; popverify removes it, but a signature made over the %s as it is "
                "(openssl dgst ... FILE) includes it and the platform refuses that",
                d->req->code_source, what,
                strncmp(d->req->code_source, "--", 2) == 0 ? "text" : "file");
    pv_find_evidence(f, "%zu bytes %s; the code is the %zu bytes \"%s\"",
                     d->req->code_len, shown, d->code.len, d->code.text);
    pv_fix_code(d, d->code.text, 1, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
}

/* BOM, line ends and blanks around the code: each said once. */
static void pv_code_around(PV_DOCTOR *d)
{
    const unsigned char *in = d->req->code;
    size_t len = d->req->code_len, start, end, i;
    int bom = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0, cr = 0, lf = 0, blank = 0;

    pv_code_bounds(in, len, &start, &end);
    for (i = end; i < len; i++) {
        cr |= in[i] == '\r';
        lf |= in[i] == '\n';
        blank |= pv_blank(in[i]);
    }
    blank |= start > (size_t)(bom ? 3 : 0);
    if (bom)
        pv_code_around_one(d, "CODE_BOM",
                           "starts with a UTF-8 byte order mark (EF BB BF)");
    if (cr)
        pv_code_around_one(d, "CODE_TRAILING_CRLF",
                           "ends with a Windows line end (CRLF)");
    else if (lf)
        pv_code_around_one(d, "CODE_TRAILING_LF", "ends with a line end (LF)");
    if (blank)
        pv_code_around_one(d, "CODE_WHITESPACE", "has spaces or tabs around the code");
}

/* "abcabc" or "abc abc": the same code twice, as a double paste leaves it. */
static size_t pv_code_half(const PV_CODE *c)
{
    size_t h = c->len / 2;

    if (c->len < 16)
        return 0;
    if (c->len % 2 == 0 && memcmp(c->text, c->text + h, h) == 0)
        return h;
    if (c->len % 2 == 1 && pv_blank((unsigned char)c->text[h]) &&
        memcmp(c->text, c->text + h + 1, h) == 0)
        return h;
    return 0;
}

/*
 * A profile says how long its codes are: twice that is a double paste. With
 * no profile a doubled text may still be the code, so it is only a warning.
 */
static int pv_code_twice(PV_DOCTOR *d)
{
    const PV_PROFILE *p = d->profile;
    size_t h = pv_code_half(&d->code);
    char half[PV_CODE_MAX + 1], fix[PV_FIX_MAX];
    PV_FINDING *f;

    if (h == 0 ||
        (p != NULL && (d->code.len <= p->code_max || h < p->code_min || h > p->code_max)))
        return 0;
    memcpy(half, d->code.text, h);
    half[h] = '\0';
    f = pv_find(d, "CODE_PASTED_TWICE", p != NULL ? PV_SEV_ERROR : PV_SEV_WARNING,
                "%s holds the same code twice (pasted twice?)", d->req->code_source);
    pv_find_evidence(f, "%zu characters: \"%s\" two times%s", d->code.len, half,
                     p != NULL ? "" : " (give --profile to know the code's length)");
    pv_fix_code(d, half, 1, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
    if (p != NULL)
        pv_doctor_use_code(d, half, h, "the code once");
    return 1;
}

static void pv_code_profile(PV_DOCTOR *d)
{
    const PV_PROFILE *p = d->profile;
    char fix[PV_FIX_MAX];
    PV_CAPTURE cap;
    PV_ENV env;
    PV_FINDING *f;

    pv_capture_env(d, &env, &cap);
    if (pv_code_check_profile(&env, &d->code, p, d->req->code_source))
        return;
    if (d->code.len < p->code_min)
        f = pv_find(d, "CODE_CUT_SHORT", PV_SEV_ERROR,
                    "the code is shorter than the codes of %s: cut short when copied?",
                    pv_platform(d));
    else if (d->code.len > p->code_max)
        f = pv_find(
            d, "CODE_TOO_LONG", PV_SEV_ERROR,
            "the code is longer than the codes of %s: copied with something else?",
            pv_platform(d));
    else
        f = pv_find(d, "CODE_NOT_HEX", PV_SEV_ERROR,
                    "the code has characters the codes of %s never have: the code of "
                    "another platform?",
                    pv_platform(d));
    pv_find_evidence(f, "%s", cap.msg);
    pv_fix_new_code(d, fix, sizeof(fix));
    pv_find_fix(f, "%s", fix);
}

void pv_doctor_code(PV_DOCTOR *d)
{
    const unsigned char *in = d->req->code;
    size_t start, end;
    PV_CAPTURE cap;
    PV_ENV env;
    PV_FINDING *f;

    pv_code_bounds(in, d->req->code_len, &start, &end);
    if (start == end) {
        f = pv_find(d, "CODE_EMPTY", PV_SEV_ERROR, "%s holds no code",
                    d->req->code_source);
        pv_find_evidence(f, "%zu bytes, none of them part of a code", d->req->code_len);
        pv_find_fix(f, "printf '%%s' 'VERIFICATION_CODE' > code.txt");
        return;
    }
    if (pv_doctor_code_content(d, in, d->req->code_len))
        return;
    pv_capture_env(d, &env, &cap);
    d->have_code =
        pv_code_canonicalize(&env, in, d->req->code_len, d->req->code_source, &d->code);
    if (!d->have_code) { /* code_content knows every reason; a safety net */
        f = pv_find(d, "CODE_UNUSABLE", PV_SEV_ERROR, "%s", cap.msg);
        pv_find_fix(f, "printf '%%s' 'VERIFICATION_CODE' > code.txt");
        return;
    }
    pv_code_around(d);
    if (!pv_code_twice(d) && d->profile != NULL)
        pv_code_profile(d);
    if (d->profile == NULL)
        pv_note(d->env, "not checked: the code's length and characters (give --profile)");
}
