/*
 * uri.c - the popverify: URI. Strict: an unknown field is an error, since a
 * typo such as "cerf=" must not silently fall back to configured defaults.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "uri.h"

static int pv_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode %XX escapes of in[0..len); NUL-terminated, *outlen without it. */
static unsigned char *pv_percent_decode(const PV_ENV *env, const char *in, size_t len,
                                        size_t *outlen, const char *field)
{
    unsigned char *out = OPENSSL_malloc(len + 1);
    size_t i, o = 0;

    if (out == NULL)
        return NULL;
    for (i = 0; i < len; i++) {
        int hi, lo;

        if (in[i] != '%') {
            out[o++] = (unsigned char)in[i];
            continue;
        }
        if (i + 2 >= len || (hi = pv_hex_digit(in[i + 1])) < 0 ||
            (lo = pv_hex_digit(in[i + 2])) < 0) {
            pv_raise(env, POPVERIFY_R_USAGE,
                     "popverify URI: bad %%-escape in '%s' at offset %zu; write a byte "
                     "as %%XX, e.g. %%26 for &",
                     field, i);
            OPENSSL_free(out);
            return NULL;
        }
        if ((out[o++] = (unsigned char)(hi << 4 | lo)) == '\0') {
            pv_raise(env, POPVERIFY_R_USAGE,
                     "popverify URI: '%s' holds %%00 (a NUL byte) at offset %zu; no "
                     "path, profile or code holds one, remove it",
                     field, i);
            OPENSSL_free(out);
            return NULL;
        }
        i += 2;
    }
    out[o] = '\0';
    if (outlen != NULL)
        *outlen = o;
    return out;
}

static int pv_uri_field(const PV_ENV *env, PV_URI *out, const char *name, size_t nlen,
                        const char *value, size_t vlen)
{
    static const char *const names[] = {"cert", "key", "code", "encoding"};
    char **slots[] = {&out->cert, &out->key, NULL, &out->encoding};
    size_t i;

    for (i = 0; i < 4; i++) {
        if (strlen(names[i]) != nlen || strncmp(names[i], name, nlen) != 0)
            continue;
        if (slots[i] == NULL ? out->code != NULL : *slots[i] != NULL) {
            pv_raise(env, POPVERIFY_R_USAGE,
                     "popverify URI: the field '%s' is given twice; give it once",
                     names[i]);
            return 0;
        }
        if (slots[i] == NULL) {
            out->code = pv_percent_decode(env, value, vlen, &out->code_len, names[i]);
            return out->code != NULL;
        }
        *slots[i] = (char *)pv_percent_decode(env, value, vlen, NULL, names[i]);
        return *slots[i] != NULL;
    }
    pv_raise(env, POPVERIFY_R_USAGE,
             "popverify URI: unknown field '%.*s'; the fields are cert, key, code and "
             "encoding",
             (int)nlen, name);
    return 0;
}

static int pv_uri_query(const PV_ENV *env, PV_URI *out, const char *q)
{
    const char *start = q;

    while (*q != '\0') {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);

        if (len == 0) {
            pv_raise(env, POPVERIFY_R_USAGE,
                     "popverify URI: an empty field at offset %zu of the query (&& or "
                     "an & at an end); separate fields with one &",
                     (size_t)(q - start));
            return 0;
        }
        if (eq == NULL) {
            pv_raise(env, POPVERIFY_R_USAGE, "popverify URI: '%.*s' is not field=value",
                     (int)len, q);
            return 0;
        }
        if (!pv_uri_field(env, out, q, (size_t)(eq - q), eq + 1,
                          len - (size_t)(eq - q) - 1))
            return 0;
        q += len;
        if (*q == '&' && q[1] == '\0') {
            pv_raise(env, POPVERIFY_R_USAGE,
                     "popverify URI: the query ends in '&'; remove it");
            return 0;
        }
        q += *q == '&';
    }
    return 1;
}

static int pv_uri_check_encoding(const PV_ENV *env, const PV_URI *out)
{
    if (out->encoding == NULL || strcmp(out->encoding, "base64") == 0 ||
        strcmp(out->encoding, "raw") == 0)
        return 1;
    pv_raise(env, POPVERIFY_R_USAGE, "popverify URI: encoding '%s' is not base64 or raw",
             out->encoding);
    return 0;
}

int pv_uri_parse(const PV_ENV *env, const char *uri, PV_URI *out)
{
    static const char prefix[] = PV_URI_SCHEME "://";
    const char *p, *q;

    memset(out, 0, sizeof(*out));
    if (uri == NULL || strncmp(uri, prefix, sizeof(prefix) - 1) != 0) {
        pv_raise(
            env, POPVERIFY_R_USAGE,
            "'%s' is not a popverify URI; write popverify://PROFILE?cert=...&key=...",
            uri != NULL ? uri : "");
        return 0;
    }
    p = uri + sizeof(prefix) - 1;
    q = strchr(p, '?');
    out->profile = (char *)pv_percent_decode(
        env, p, q != NULL ? (size_t)(q - p) : strlen(p), NULL, "profile");
    if (out->profile == NULL || (q != NULL && !pv_uri_query(env, out, q + 1)) ||
        !pv_uri_check_encoding(env, out)) {
        pv_uri_clear(out);
        return 0;
    }
    return 1;
}

void pv_uri_clear(PV_URI *uri)
{
    OPENSSL_free(uri->profile);
    OPENSSL_free(uri->cert);
    OPENSSL_free(uri->key);
    OPENSSL_free(uri->code);
    OPENSSL_free(uri->encoding);
    memset(uri, 0, sizeof(*uri));
}
