/*
 * profile.h - what a platform expects of a proof of possession.
 */
#ifndef PV_PROFILE_H
#define PV_PROFILE_H

#include <stddef.h>

typedef enum { PV_KIND_SIGNATURE, PV_KIND_VCERT } PV_KIND;
typedef enum { PV_ENC_BASE64, PV_ENC_RAW } PV_ENCODING;
typedef enum { PV_CHARSET_PRINTABLE, PV_CHARSET_HEX } PV_CHARSET;

#define PV_KEY_RSA 0x1u
#define PV_KEY_EC 0x2u
#define PV_KEY_ED25519 0x4u
#define PV_KEY_ANY (PV_KEY_RSA | PV_KEY_EC | PV_KEY_ED25519)

typedef struct pv_profile_st {
    const char *name;
    const char *platform;    /* who checks it, for messages and listings */
    const char *description; /* one line */
    PV_KIND kind;
    const char *digest;   /* signature digest; ignored for Ed25519 */
    PV_ENCODING encoding; /* signature profiles: how the bytes are handed over */
    PV_CHARSET charset;   /* what the platform's codes are made of */
    size_t code_min, code_max;
    int vcert_days;     /* default validity of a verification certificate */
    unsigned key_types; /* PV_KEY_* the platform accepts */
    int min_rsa_bits;
    int require_ca; /* the CA certificate must carry CA:TRUE */
} PV_PROFILE;

/* Built-in profiles, in listing order. */
size_t pv_profile_builtin_count(void);
const PV_PROFILE *pv_profile_builtin_at(size_t i);

/* NULL when no profile has that name. */
const PV_PROFILE *pv_profile_find(const char *name);

/* Like pv_profile_find, but an unknown name is an error listing the known ones. */
struct pv_env_st;
const PV_PROFILE *pv_profile_lookup(const struct pv_env_st *env, const char *name);

/* "kind", "digest", ... as "key: value" lines; returns 0 if buf is short. */
int pv_profile_describe(const PV_PROFILE *profile, char *buf, size_t buflen);

/* All names, space separated; returns 0 if buf is short. */
int pv_profile_names(char *buf, size_t buflen);

#endif
