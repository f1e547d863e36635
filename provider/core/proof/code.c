/*
 * code.c - the verification code as the platform issued it. Files and
 * terminals add bytes the platform never signed (a BOM, CR/LF, spaces);
 * those are removed and said. Anything else outside printable ASCII is
 * refused with its offset, because no platform issues such codes.
 */
#include <stdio.h>
#include <string.h>
#include "popverify.h"
#include "code.h"

static int pv_is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static int pv_is_eol(unsigned char c)
{
    return c == '\n' || c == '\r';
}

/* Trailing line ends and blanks, named the way the user will recognise. */
static size_t pv_strip_tail(const PV_ENV *env, const unsigned char *in, size_t len,
                            const char *source)
{
    size_t end = len;

    while (end > 0 && (pv_is_eol(in[end - 1]) || pv_is_blank(in[end - 1])))
        end--;
    if (end == len)
        return end;
    if (len - end == 2 && in[end] == '\r' && in[end + 1] == '\n')
        pv_note(env,
                "%s: removed trailing CRLF (a Windows line end is not part of the code)",
                source);
    else if (len - end == 1 && in[end] == '\n')
        pv_note(env, "%s: removed trailing LF (a line end is not part of the code)",
                source);
    else
        pv_note(env, "%s: removed %zu trailing white-space/line-end bytes", source,
                len - end);
    return end;
}

static int pv_check_printable(const PV_ENV *env, const unsigned char *p, size_t len,
                              size_t base, const char *source)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = p[i];
        const char *what;

        if (c >= 0x20 && c < 0x7F)
            continue;
        if (c == 0)
            what = "a NUL byte";
        else if (pv_is_eol(c))
            what = "a line break inside the code";
        else if (c == 0xE2)
            what = "a non-ASCII byte (start of a smart quote or dash pasted from a "
                   "document?)";
        else if (c >= 0x80)
            what = "a non-ASCII byte";
        else
            what = "a control character";
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: %s (0x%02X) at offset %zu: the code must be the printable ASCII "
                 "text the platform shows; copy it again as plain text",
                 source, what, c, base + i);
        return 0;
    }
    return 1;
}

int pv_code_canonicalize(const PV_ENV *env, const unsigned char *in, size_t inlen,
                         const char *source, PV_CODE *out)
{
    static const unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    size_t bomlen = inlen >= 3 && memcmp(in, bom, 3) == 0 ? 3 : 0;
    size_t start = bomlen, end;

    memset(out, 0, sizeof(*out));
    if (source == NULL)
        source = "code";
    if (bomlen > 0)
        pv_note(env, "%s: removed a UTF-8 byte order mark (added by some editors)",
                source);
    end = start + pv_strip_tail(env, in + start, inlen - start, source);
    while (start < end && pv_is_blank(in[start]))
        start++;
    if (start > bomlen)
        pv_note(env, "%s: removed leading white space", source);
    if (start == end) {
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: the verification code is empty; give the code the platform shows",
                 source);
        return 0;
    }
    if (!pv_check_printable(env, in + start, end - start, start, source))
        return 0;
    if (end - start > PV_CODE_MAX) {
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: %zu characters is longer than any platform's code (at most %d); "
                 "is this the right file?",
                 source, end - start, PV_CODE_MAX);
        return 0;
    }
    memcpy(out->text, in + start, end - start);
    out->len = end - start;
    out->start = start;
    return 1;
}

static int pv_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The length rule; a refusal by popverify's own default says so and how to relax it. */
static int pv_code_check_length(const PV_ENV *env, const PV_CODE *code,
                                const PV_PROFILE *profile, const char *source)
{
    const char *why = profile->kind == PV_KIND_VCERT && code->len > 64
                          ? " (a certificate's CN holds at most 64 characters)"
                          : "";
    PV_FIELD field = code->len < profile->code_min ? PV_F_CODE_MIN : PV_F_CODE_MAX;
    char hint[32], note[PV_MSG_MAX / 2];

    if (code->len >= profile->code_min && code->len <= profile->code_max)
        return 1;
    snprintf(hint, sizeof(hint), "%zu", code->len);
    pv_profile_default_note(profile, field, hint, note, sizeof(note));
    if (profile->code_min == profile->code_max)
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: code is %zu character%s, %s codes are exactly %zu%s; copy the "
                 "whole code from the platform%s",
                 source, code->len, PV_PLURAL(code->len), profile->platform,
                 profile->code_max, why, note);
    else
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: code is %zu character%s, %s codes are %zu to %zu%s; copy the "
                 "whole code from the platform%s",
                 source, code->len, PV_PLURAL(code->len), profile->platform,
                 profile->code_min, profile->code_max, why, note);
    return 0;
}

int pv_code_check_profile(const PV_ENV *env, const PV_CODE *code,
                          const PV_PROFILE *profile, const char *source)
{
    char note[PV_MSG_MAX / 2];
    size_t i = 0;

    if (source == NULL)
        source = "code";
    if (!pv_code_check_length(env, code, profile, source))
        return 0;
    if (profile->charset == PV_CHARSET_PRINTABLE)
        return 1;
    /* (0x)?[a-fA-F0-9]+: the prefix is part of the code and stays in the CN */
    if (profile->charset == PV_CHARSET_HEX_0X && code->len > 2 && code->text[0] == '0' &&
        code->text[1] == 'x')
        i = 2;
    for (; i < code->len; i++) {
        if (pv_is_hex(code->text[i]))
            continue;
        pv_profile_default_note(profile, PV_F_CODE_CHARSET, "printable", note,
                                sizeof(note));
        pv_raise(env, POPVERIFY_R_BAD_CODE,
                 "%s: '%c' at offset %zu is not a hex digit; %s codes are "
                 "hexadecimal%s - is this the code of another platform?%s",
                 source, code->text[i], code->start + i, profile->platform,
                 profile->charset == PV_CHARSET_HEX_0X ? " (after an optional 0x)" : "",
                 note);
        return 0;
    }
    return 1;
}

int pv_code_read(const PV_ENV *env, const PV_PROFILE *profile, const unsigned char *in,
                 size_t inlen, const char *source, PV_CODE *out)
{
    if (in == NULL) {
        pv_raise(env, POPVERIFY_R_USAGE, "no verification code was given");
        return 0;
    }
    return pv_code_canonicalize(env, in, inlen, source, out) &&
           pv_code_check_profile(env, out, profile, source);
}
