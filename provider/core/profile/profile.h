/*
 * profile.h - what a platform expects: how possession is proven, and how the
 * certificates of each role (root, intermediate, device, verification) look.
 * Built-in profiles carry each platform's rules; openssl.cnf adds more.
 */
#ifndef PV_PROFILE_H
#define PV_PROFILE_H

#include <stddef.h>

typedef enum { PV_KIND_SIGNATURE, PV_KIND_VCERT } PV_KIND;
typedef enum { PV_ENC_BASE64, PV_ENC_RAW } PV_ENCODING;
/* HEX_0X: hex digits after an optional "0x" that stays part of the code. */
typedef enum { PV_CHARSET_PRINTABLE, PV_CHARSET_HEX, PV_CHARSET_HEX_0X } PV_CHARSET;

typedef enum {
    PV_ROLE_ROOT,
    PV_ROLE_INTERMEDIATE,
    PV_ROLE_DEVICE,
    PV_ROLE_VCERT,
    PV_ROLE_COUNT
} PV_ROLE;

/* One bit per algorithm of the table in key_policy.c, in its order. */
#define PV_KEY_RSA 0x1u
#define PV_KEY_EC 0x2u
#define PV_KEY_ED25519 0x4u
#define PV_KEY_MLDSA44 0x8u /* ML-DSA: OpenSSL 3.5 and later */
#define PV_KEY_MLDSA65 0x10u
#define PV_KEY_MLDSA87 0x20u
#define PV_KEY_MLDSA (PV_KEY_MLDSA44 | PV_KEY_MLDSA65 | PV_KEY_MLDSA87)
#define PV_KEY_CLASSIC (PV_KEY_RSA | PV_KEY_EC | PV_KEY_ED25519)
#define PV_KEY_ANY (PV_KEY_CLASSIC | PV_KEY_MLDSA)

/* One extension line in openssl.cnf x509v3 syntax: keyUsage = critical, ... */
#define PV_EXT_MAX 12
typedef struct pv_ext_st {
    const char *name;
    const char *value;
} PV_EXT;

typedef struct pv_extensions_st {
    PV_EXT item[PV_EXT_MAX];
    size_t count;
} PV_EXTENSIONS;

/* The fields a profile has; their config names are in profile_fields.c. */
typedef enum {
    PV_F_STYLE,
    PV_F_PLATFORM,
    PV_F_DESCRIPTION,
    PV_F_DIGEST,
    PV_F_ENCODING,
    PV_F_CODE_CHARSET,
    PV_F_CODE_MIN,
    PV_F_CODE_MAX,
    PV_F_ROOT_DAYS,
    PV_F_INTERMEDIATE_DAYS,
    PV_F_DEVICE_DAYS,
    PV_F_VCERT_DAYS,
    PV_F_ROOT_EXTENSIONS,
    PV_F_INTERMEDIATE_EXTENSIONS,
    PV_F_DEVICE_EXTENSIONS,
    PV_F_VCERT_EXTENSIONS,
    PV_F_KEY_TYPES,
    PV_F_MIN_RSA_BITS,
    PV_F_EC_CURVES,
    PV_F_REQUIRE_CA,
    PV_F_ID_CHARS,
    PV_F_ID_LAST_CHARS,
    PV_F_ID_MIN,
    PV_F_ID_MAX,
    PV_F_MAX_CHAIN,
    PV_F_CA_CERT,
    PV_F_CA_KEY,
    PV_F_COUNT
} PV_FIELD;

typedef struct pv_profile_st {
    const char *name;
    const char *base; /* the profile it inherits from, NULL for none */
    const char *platform;
    const char *description;
    PV_KIND kind;
    const char *digest;   /* signature digest; ignored for Ed25519 and ML-DSA */
    PV_ENCODING encoding; /* signature profiles: how the bytes are handed over */
    PV_CHARSET charset;   /* what the platform's codes are made of */
    size_t code_min, code_max;
    int days[PV_ROLE_COUNT];
    PV_EXTENSIONS extensions[PV_ROLE_COUNT];
    unsigned key_types; /* PV_KEY_* the platform accepts */
    int min_rsa_bits;
    const char *ec_curves;     /* EC curves taken, NULL: PV_EC_CURVES_DEFAULT */
    int require_ca;            /* the CA certificate must carry CA:TRUE */
    const char *id_chars;      /* device id / CN: allowed characters, ranges as a-z */
    const char *id_last_chars; /* what the last character may be; NULL: any of id_chars */
    size_t id_min, id_max;
    int max_chain; /* certificates from device to root the platform accepts */
    const char *ca_cert, *ca_key; /* defaults for the popverify: URI, may be NULL */
    /* Per field: the profile that set it, and whether that was in the config. */
    const char *origin[PV_F_COUNT];
    unsigned char from_config[PV_F_COUNT];
} PV_PROFILE;

/* Built-in profiles, in listing order. */
size_t pv_profile_builtin_count(void);
const PV_PROFILE *pv_profile_builtin_at(size_t i);

/* The built-in profile of that name, or NULL. */
const PV_PROFILE *pv_profile_find(const char *name);

/* The config name of a field ("device_days"), and the reverse (-1 if none). */
const char *pv_profile_field_name(PV_FIELD field);
int pv_profile_field_by_name(const char *name);

/* "root", "intermediate", "device", "vcert". */
const char *pv_role_name(PV_ROLE role);

/* "key: value  (origin; source)" lines; returns 0 if buf is short. */
int pv_profile_describe(const PV_PROFILE *profile, char *buf, size_t buflen);

/*
 * Where a field's value comes from (profile_source.c). The built-in profile
 * that set it: the profile itself, or the built-in base a config profile
 * inherited it from; NULL when the value is the config's own.
 */
const PV_PROFILE *pv_profile_builtin_origin(const PV_PROFILE *profile, PV_FIELD field);

/*
 * The public source of the platform rule behind the field's value
 * (document and section, or API reference entry), or NULL when the value
 * is popverify's own default or the config's.
 */
const char *pv_profile_source(const PV_PROFILE *profile, PV_FIELD field);

/* 1 when the field holds a built-in value no platform publishes. */
int pv_profile_is_default(const PV_PROFILE *profile, PV_FIELD field);

/*
 * For a refusal by a popverify default: "; FIELD is popverify's default for
 * P, not a published PLATFORM rule: to relax it, ... set FIELD = HINT", or
 * "" when the rule has a published source or comes from the config.
 */
void pv_profile_default_note(const PV_PROFILE *profile, PV_FIELD field, const char *hint,
                             char *out, size_t outlen);

#endif
