/*
 * env.c - errors and notes from the core go wherever the caller pointed them,
 * and the property query its fetches use. Each message is one line: a
 * control character that came in with an input (a CR in a URI, a newline in
 * a device id, an escape sequence) is shown as \xNN, so it can neither break
 * the line nor reach the user's terminal.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "env.h"

static void pv_one_line(const char *in, char *out, size_t outlen)
{
    size_t o = 0;

    for (; *in != '\0'; in++) {
        unsigned char c = (unsigned char)*in;

        if (c >= 0x20 && c != 0x7F) {
            if (o + 1 >= outlen)
                break;
            out[o++] = (char)c;
            continue;
        }
        if (o + 4 >= outlen)
            break;
        snprintf(out + o, outlen - o, "\\x%02X", c);
        o += 4;
    }
    out[o] = '\0';
}

static void pv_vformat(char *out, size_t outlen, const char *fmt, va_list ap)
    PV_PRINTF(3, 0);

static void pv_vformat(char *out, size_t outlen, const char *fmt, va_list ap)
{
    char raw[PV_MSG_MAX];

    vsnprintf(raw, sizeof(raw), fmt, ap);
    pv_one_line(raw, out, outlen);
}

/*
 * A key URI may carry its PIN (pkcs11:...?pin-value=1234, percent-encoded
 * inside a popverify:// URI): every message shows "pin-value=..." instead.
 */
/* Where a PIN ends: the next URI field, or the end of the URI in a message. */
static char *pv_pin_end(char *p, int encoded)
{
    for (; *p != '\0' && strchr(";&' )\n", *p) == NULL; p++)
        if (encoded && (strncmp(p, "%26", 3) == 0 || strncasecmp(p, "%3B", 3) == 0))
            break;
    return p;
}

static void pv_redact(char *msg, size_t size)
{
    static const char *const marks[] = {"pin-value=", "pin-value%3D", "pin-value%3d"};
    char *p, *end;
    size_t i, at, tail;

    for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        for (p = strstr(msg, marks[i]); p != NULL; p = strstr(p, marks[i])) {
            p += strlen(marks[i]);
            end = pv_pin_end(p, i > 0);
            if (end == p || (end - p == 3 && strncmp(p, "...", 3) == 0))
                continue;
            at = (size_t)(p - msg);
            if (at + 3 >= size) { /* no room left for the mark: the message ends here */
                *p = '\0';
                return;
            }
            /* "..." may be longer than a short PIN: keep within msg, cut at its end */
            tail = strlen(end) + 1;
            if (at + 3 + tail > size)
                tail = size - at - 3;
            memmove(p + 3, end, tail);
            memcpy(p, "...", 3);
            msg[size - 1] = '\0';
        }
    }
}

void pv_raise(const PV_ENV *env, int reason, const char *fmt, ...)
{
    char msg[PV_MSG_MAX];
    va_list ap;

    if (env == NULL || env->raise == NULL)
        return;
    va_start(ap, fmt);
    pv_vformat(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_redact(msg, sizeof(msg));
    env->raise(env->raise_arg, reason, msg);
}

void pv_note(const PV_ENV *env, const char *fmt, ...)
{
    char msg[PV_MSG_MAX];
    va_list ap;

    if (env == NULL || env->note == NULL)
        return;
    va_start(ap, fmt);
    pv_vformat(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_redact(msg, sizeof(msg));
    env->note(env->note_arg, msg);
}

const char *pv_env_key_propq(const PV_ENV *env, const EVP_PKEY *key, char *buf,
                             size_t len)
{
    const OSSL_PROVIDER *prov = key != NULL ? EVP_PKEY_get0_provider(key) : NULL;
    const char *name = prov != NULL ? OSSL_PROVIDER_get0_name(prov) : NULL;
    int n;

    if (name == NULL || strcmp(name, "popverify") == 0 || strchr(name, '"') != NULL)
        return env->propq;
    n = snprintf(buf, len, "?provider=\"%s\"", name);
    return n > 0 && (size_t)n < len ? buf : env->propq;
}
