/*
 * code.h - the canonical verification code: the exact bytes a platform signs
 * or puts in a certificate's CN.
 */
#ifndef PV_CODE_H
#define PV_CODE_H

#include <stddef.h>
#include "env.h"
#include "profile.h"

#define PV_CODE_MAX 512

typedef struct pv_code_st {
    char text[PV_CODE_MAX + 1]; /* printable ASCII, NUL-terminated */
    size_t len;
    size_t start; /* where text begins in the input, so offsets name input bytes */
} PV_CODE;

/*
 * Strip a UTF-8 BOM, surrounding spaces/tabs and trailing CR/LF (each noted),
 * then require 1..PV_CODE_MAX printable ASCII bytes. Any other byte is an
 * error naming the byte and its offset in the input. source names the input
 * in messages ("--code", "verification_code.txt").
 */
int pv_code_canonicalize(const PV_ENV *env, const unsigned char *in, size_t inlen,
                         const char *source, PV_CODE *out);

/* The profile's own rules: length bounds and character set. */
int pv_code_check_profile(const PV_ENV *env, const PV_CODE *code,
                          const PV_PROFILE *profile, const char *source);

/* Both of the above; a NULL code is "no verification code was given". */
int pv_code_read(const PV_ENV *env, const PV_PROFILE *profile, const unsigned char *in,
                 size_t inlen, const char *source, PV_CODE *out);

#endif
