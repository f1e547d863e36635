/*
 * fuzz_uri.c - the popverify:// URI parser on any string, with and without
 * the scheme in front: a URI that parses has a profile, an encoding that is
 * base64, raw or none, and code bytes of the length it says.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "uri.h"

static void fz_parse(const char *text)
{
    PV_URI uri;

    if (!pv_uri_parse(fz_env(), text, &uri)) {
        fz_check(uri.profile == NULL && uri.cert == NULL && uri.key == NULL &&
                     uri.code == NULL && uri.encoding == NULL,
                 "a refused URI leaves fields behind");
        return;
    }
    fz_check(uri.profile != NULL, "a URI without a profile");
    fz_check(uri.encoding == NULL || strcmp(uri.encoding, "base64") == 0 ||
                 strcmp(uri.encoding, "raw") == 0,
             "a URI with an unknown encoding");
    fz_check(uri.code == NULL || uri.code[uri.code_len] == '\0',
             "a URI code not NUL-terminated at its length");
    pv_uri_clear(&uri);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char scheme[] = "popverify://";
    const char *text = fz_string(data, size);
    char *prefixed = malloc(sizeof(scheme) + size);

    fz_check(prefixed != NULL, "out of memory");
    fz_parse(text);
    memcpy(prefixed, scheme, sizeof(scheme) - 1);
    memcpy(prefixed + sizeof(scheme) - 1, text, size + 1);
    fz_parse(prefixed);
    free(prefixed);
    return 0;
}
