/*
 * b64.c - base64 exactly as the platforms decode it (Java's
 * Base64.getDecoder(), RFC 4648 section 4): no line breaks, no URL-safe
 * alphabet, padding required.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "b64.h"

static const char pv_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *pv_b64_encode(const unsigned char *in, size_t inlen, size_t *outlen)
{
    size_t n = 4 * ((inlen + 2) / 3), i, o = 0;
    char *out = OPENSSL_malloc(n + 1);

    if (out == NULL)
        return NULL;
    for (i = 0; i + 2 < inlen; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | in[i + 1] << 8 | in[i + 2];
        out[o++] = pv_b64_alphabet[(v >> 18) & 63];
        out[o++] = pv_b64_alphabet[(v >> 12) & 63];
        out[o++] = pv_b64_alphabet[(v >> 6) & 63];
        out[o++] = pv_b64_alphabet[v & 63];
    }
    if (i < inlen) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < inlen)
            v |= (unsigned long)in[i + 1] << 8;
        out[o++] = pv_b64_alphabet[(v >> 18) & 63];
        out[o++] = pv_b64_alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < inlen ? pv_b64_alphabet[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    if (outlen != NULL)
        *outlen = o;
    return out;
}

static int pv_b64_value(char c)
{
    const char *p = c != '\0' ? strchr(pv_b64_alphabet, c) : NULL;

    return p != NULL ? (int)(p - pv_b64_alphabet) : -1;
}

static const char *pv_b64_describe(char c)
{
    if (c == '\n' || c == '\r')
        return "a line break (the platform wants one line: encode without wrapping)";
    if (c == ' ' || c == '\t')
        return "white space (remove it)";
    if (c == '-' || c == '_')
        return "a URL-safe character (use the standard alphabet with + and /)";
    if (c == '=')
        return "padding in the middle (the text may be two signatures joined)";
    return "a character outside the base64 alphabet";
}

/*
 * Text saved with a line end after it (echo, a shell redirect of stdout):
 * the platform decodes that byte too, so it is a fault of its own.
 */
static int pv_b64_trailing_eol(const char *in, size_t inlen, char *why, size_t whylen)
{
    size_t end = inlen;

    while (end > 0 && (in[end - 1] == '\n' || in[end - 1] == '\r'))
        end--;
    if (end == inlen || end == 0 || memchr(in, '\n', end) != NULL ||
        memchr(in, '\r', end) != NULL)
        return 0;
    snprintf(
        why, whylen,
        "ends with a line break at offset %zu, which the platform decodes as part of "
        "the signature; send the text without it (popverify sign --out writes it so)",
        end);
    return 1;
}

/* Where the input breaks the rules, or (size_t)-1 if it follows them. */
static size_t pv_b64_find_fault(const char *in, size_t inlen, char *why, size_t whylen)
{
    size_t i, pad = 0;

    if (inlen == 0) {
        snprintf(why, whylen, "is empty");
        return 0;
    }
    if (pv_b64_trailing_eol(in, inlen, why, whylen))
        return inlen;
    while (pad < 2 && pad < inlen && in[inlen - 1 - pad] == '=')
        pad++;
    for (i = 0; i < inlen - pad; i++) {
        if (pv_b64_value(in[i]) < 0) {
            snprintf(why, whylen, "has %s at offset %zu (byte 0x%02X)",
                     pv_b64_describe(in[i]), i, (unsigned char)in[i]);
            return i;
        }
    }
    if (inlen % 4 != 0) {
        snprintf(why, whylen,
                 "is %zu characters long, not a multiple of 4: padding is missing or "
                 "the text was cut short",
                 inlen);
        return inlen;
    }
    return (size_t)-1;
}

int pv_b64_decode_strict(const char *in, size_t inlen, unsigned char **out,
                         size_t *outlen, char *why, size_t whylen)
{
    size_t i, o = 0, pad;
    unsigned char *buf;

    *out = NULL;
    *outlen = 0;
    if (pv_b64_find_fault(in, inlen, why, whylen) != (size_t)-1)
        return 0;
    pad = (in[inlen - 1] == '=') + (in[inlen - 2] == '=');
    if ((buf = OPENSSL_malloc(inlen / 4 * 3)) == NULL) {
        snprintf(why, whylen, "could not be decoded: out of memory");
        return 0;
    }
    for (i = 0; i < inlen; i += 4) {
        unsigned long v = 0;
        int k;
        for (k = 0; k < 4; k++)
            v = v << 6 | (unsigned long)(in[i + k] == '=' ? 0 : pv_b64_value(in[i + k]));
        buf[o++] = (unsigned char)(v >> 16);
        buf[o++] = (unsigned char)(v >> 8);
        buf[o++] = (unsigned char)v;
    }
    *out = buf;
    *outlen = o - pad;
    return 1;
}
