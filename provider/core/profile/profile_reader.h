/*
 * profile_reader.h - the state of reading the profiles of one openssl.cnf,
 * shared by the reader of the profile list and the reader of one profile's
 * fields, and how either looks a value up or says why a profile is refused.
 */
#ifndef PV_PROFILE_READER_H
#define PV_PROFILE_READER_H

#include "profiles.h"

#define PV_NAME_MAX 96
#define PV_MAX_DEPTH 8

typedef struct pv_reader_st {
    PV_PROFILES *set;
    pv_config_get_fn *get;
    void *arg;
    const char *listed[PV_MAX_CONFIGURED];
    size_t nlisted;
    const char *resolving[PV_MAX_DEPTH]; /* the chain of bases being loaded */
    PV_ENV quiet; /* for helpers that raise: their failure is reported by pv_fail */
    char error[PV_MSG_MAX];
} PV_READER;

/* The value of profile.field (or profile.field.sub), NULL when not set. */
const char *pv_reader_get(PV_READER *r, const char *profile, const char *field,
                          const char *sub);
/* "profile acme (section [acme_sect]) cannot be loaded: ..." into r->error; 0. */
int pv_reader_fail(PV_READER *r, const char *profile, const char *fmt, ...)
    PV_PRINTF(3, 4);

/* profile_fields.c: every field of p's section over what p holds, then the
 * rules that span fields; 0 with r->error set when one is bad. */
int pv_reader_fields(PV_READER *r, PV_PROFILE *p);

#endif
