/*
 * b64.h - RFC 4648 base64 as the platforms read it: standard alphabet,
 * padded, one line.
 */
#ifndef PV_B64_H
#define PV_B64_H

#include <stddef.h>

/* NUL-terminated, one line, padded; *outlen excludes the NUL. NULL on OOM. */
char *pv_b64_encode(const unsigned char *in, size_t inlen, size_t *outlen);

/*
 * Strict decode: no whitespace, no line breaks, standard alphabet, exact
 * padding. On failure returns 0 and writes why (naming the offset) to why.
 */
int pv_b64_decode_strict(const char *in, size_t inlen, unsigned char **out,
                         size_t *outlen, char *why, size_t whylen);

#endif
