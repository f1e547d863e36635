/*
 * uri.h - popverify://PROFILE?cert=CA_CERT&key=CA_KEY[&code=CODE][&encoding=raw]
 * as the stock openssl CLI hands it to the store. Values are percent-encoded.
 */
#ifndef PV_URI_H
#define PV_URI_H

#include <stddef.h>
#include "env.h"

#define PV_URI_SCHEME "popverify"

typedef struct pv_uri_st {
    char *profile;
    char *cert;
    char *key;
    unsigned char *code; /* decoded bytes; the canonical-code rules apply later */
    size_t code_len;
    char *encoding; /* "base64" or "raw", NULL for the profile's own */
} PV_URI;

/* 1 on success; an unknown field or bad escape is an error naming it. */
int pv_uri_parse(const PV_ENV *env, const char *uri, PV_URI *out);
void pv_uri_clear(PV_URI *uri);

#endif
