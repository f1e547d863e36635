/*
 * profile_fields.c - one profile's fields from its config section: each value
 * parsed and range-checked, extension sections read as openssl req reads
 * them and refused when they would not work, then the cross-field rules.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "key_policy.h"
#include "profile_reader.h"

/* The extensions a section may name; Netscape ones are read only to refuse them. */
static const char *const pv_ext_names[] = {"basicConstraints",
                                           "keyUsage",
                                           "extendedKeyUsage",
                                           "subjectKeyIdentifier",
                                           "authorityKeyIdentifier",
                                           "subjectAltName",
                                           "issuerAltName",
                                           "certificatePolicies",
                                           "policyConstraints",
                                           "nameConstraints",
                                           "inhibitAnyPolicy",
                                           "crlDistributionPoints",
                                           "authorityInfoAccess",
                                           "tlsfeature",
                                           "nsCertType",
                                           "nsComment",
                                           "nsBaseUrl",
                                           "nsRevocationUrl"};

static int pv_parse_number(const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);

    if (*text == '\0' || *end != '\0' || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static int pv_parse_key_types(const char *text, unsigned *out)
{
    char word[32];
    const char *p = text;
    const PV_KEY_ALG *alg;
    unsigned types = 0;

    while (*p != '\0') {
        size_t n = strcspn(p, " ,\t");
        if (n > 0) {
            if (n >= sizeof(word))
                return 0;
            memcpy(word, p, n);
            word[n] = '\0';
            if ((alg = pv_key_alg_by_word(word)) == NULL)
                return 0;
            types |= alg->bit;
        }
        p += n + (p[n] != '\0');
    }
    *out = types;
    return types != 0;
}

/* Every name a curve OpenSSL knows; the list itself is kept as written. */
static int pv_parse_ec_curves(const char *text, char *bad, size_t badlen)
{
    char word[64];
    const char *p = text;
    size_t count = 0;

    while (*p != '\0') {
        size_t n = strcspn(p, " ,\t");
        if (n > 0) {
            snprintf(word, sizeof(word), "%.*s", (int)n, p);
            if (n >= sizeof(word) || !pv_key_curve_known(word)) {
                snprintf(bad, badlen, "%s", word);
                return 0;
            }
            count++;
        }
        p += n + (p[n] != '\0');
    }
    snprintf(bad, badlen, "(empty)");
    return count > 0;
}

static int pv_parse_bool(const char *text, int *out)
{
    if (strcmp(text, "yes") == 0 || strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
        return (*out = 1);
    if (strcmp(text, "no") == 0 || strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
        return (*out = 0) == 0;
    return 0;
}

static const char *pv_parse_digest(const char *text)
{
    static const char *const digests[] = {"SHA256", "SHA384", "SHA512"};
    char norm[16];
    size_t i, o = 0;

    for (i = 0; text[i] != '\0' && o + 1 < sizeof(norm); i++)
        if (text[i] != '-')
            norm[o++] = (char)toupper((unsigned char)text[i]);
    norm[o] = '\0';
    for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
        if (strcmp(norm, digests[i]) == 0)
            return digests[i];
    return NULL;
}

/* Fields that are a number in a range; lo..hi and where the value goes. */
static int pv_number_field(PV_PROFILE *p, PV_FIELD f, long v)
{
    switch (f) {
    case PV_F_CODE_MIN:
        p->code_min = (size_t)v;
        return 1;
    case PV_F_CODE_MAX:
        p->code_max = (size_t)v;
        return 1;
    case PV_F_ROOT_DAYS:
    case PV_F_INTERMEDIATE_DAYS:
    case PV_F_DEVICE_DAYS:
    case PV_F_VCERT_DAYS:
        p->days[f - PV_F_ROOT_DAYS] = (int)v;
        return 1;
    case PV_F_MIN_RSA_BITS:
        p->min_rsa_bits = (int)v;
        return 1;
    case PV_F_ID_MIN:
        p->id_min = (size_t)v;
        return 1;
    case PV_F_ID_MAX:
        p->id_max = (size_t)v;
        return 1;
    case PV_F_MAX_CHAIN:
        p->max_chain = (int)v;
        return 1;
    default:
        return 0;
    }
}

static void pv_number_range(PV_FIELD f, long *lo, long *hi)
{
    *lo = 1;
    *hi = f >= PV_F_ROOT_DAYS && f <= PV_F_VCERT_DAYS ? 36500
          : f == PV_F_MIN_RSA_BITS                    ? 16384
          : f == PV_F_MAX_CHAIN                       ? 20
          : f == PV_F_ID_MIN || f == PV_F_ID_MAX      ? 64
                                                      : 512;
    if (f == PV_F_MIN_RSA_BITS)
        *lo = 2048;
}

static int pv_text_field(PV_READER *r, PV_PROFILE *p, PV_FIELD f, const char *v)
{
    const char *kept = pv_profiles_keep(r->set, v);

    if (kept == NULL)
        return pv_reader_fail(r, p->name, "out of memory");
    switch (f) {
    case PV_F_PLATFORM:
        p->platform = kept;
        break;
    case PV_F_DESCRIPTION:
        p->description = kept;
        break;
    case PV_F_ID_CHARS:
        p->id_chars = kept;
        break;
    case PV_F_ID_LAST_CHARS:
        /* "any" (or empty): the last character follows id_chars only */
        p->id_last_chars = kept[0] != '\0' && strcmp(kept, "any") != 0 ? kept : NULL;
        break;
    case PV_F_CA_CERT:
        p->ca_cert = kept;
        break;
    case PV_F_CA_KEY:
        p->ca_key = kept;
        break;
    case PV_F_EC_CURVES:
        p->ec_curves = kept;
        break;
    default:
        return 0;
    }
    return 1;
}

/* One scalar field from its config text; 0 with r->error set when bad. */
static int pv_set_field(PV_READER *r, PV_PROFILE *p, PV_FIELD f, const char *v)
{
    const char *name = pv_profile_field_name(f);
    char bad[64];
    long n, lo, hi;

    switch (f) {
    case PV_F_STYLE:
        if (strcmp(v, "signature") != 0 && strcmp(v, "vcert") != 0)
            return pv_reader_fail(r, p->name, "%s = '%s': use signature or vcert", name,
                                  v);
        p->kind = strcmp(v, "vcert") == 0 ? PV_KIND_VCERT : PV_KIND_SIGNATURE;
        return 1;
    case PV_F_DIGEST:
        if ((p->digest = pv_parse_digest(v)) == NULL)
            return pv_reader_fail(
                r, p->name,
                "%s = '%s': use sha256, sha384 or sha512 (the platforms refuse "
                "SHA-1)",
                name, v);
        return 1;
    case PV_F_ENCODING:
        if (strcmp(v, "base64") != 0 && strcmp(v, "raw") != 0)
            return pv_reader_fail(r, p->name, "%s = '%s': use base64 or raw", name, v);
        p->encoding = strcmp(v, "raw") == 0 ? PV_ENC_RAW : PV_ENC_BASE64;
        return 1;
    case PV_F_CODE_CHARSET:
        if (strcmp(v, "hex") != 0 && strcmp(v, "hex-0x") != 0 &&
            strcmp(v, "printable") != 0)
            return pv_reader_fail(r, p->name, "%s = '%s': use hex, hex-0x or printable",
                                  name, v);
        p->charset = strcmp(v, "hex") == 0      ? PV_CHARSET_HEX
                     : strcmp(v, "hex-0x") == 0 ? PV_CHARSET_HEX_0X
                                                : PV_CHARSET_PRINTABLE;
        return 1;
    case PV_F_KEY_TYPES:
        if (!pv_parse_key_types(v, &p->key_types))
            return pv_reader_fail(r, p->name,
                                  "%s = '%s': list rsa, ec, ed25519, ml-dsa-44, "
                                  "ml-dsa-65 and/or ml-dsa-87",
                                  name, v);
        return 1;
    case PV_F_EC_CURVES:
        if (!pv_parse_ec_curves(v, bad, sizeof(bad)))
            return pv_reader_fail(
                r, p->name,
                "%s = '%s': '%s' is not an EC curve OpenSSL knows; list "
                "named curves such as P-256 P-384 P-521",
                name, v, bad);
        break;
    case PV_F_REQUIRE_CA:
        if (!pv_parse_bool(v, &p->require_ca))
            return pv_reader_fail(r, p->name, "%s = '%s': use yes or no", name, v);
        return 1;
    default:
        break;
    }
    if (pv_text_field(r, p, f, v))
        return 1;
    if (r->error[0] != '\0')
        return 0;
    pv_number_range(f, &lo, &hi);
    if (!pv_parse_number(v, lo, hi, &n))
        return pv_reader_fail(r, p->name,
                              "%s = '%s': give a whole number from %ld to %ld", name, v,
                              lo, hi);
    return pv_number_field(p, f, n);
}

/* An extension line as openssl would read it, refused if it would not work. */
static int pv_check_extension(PV_READER *r, const PV_PROFILE *p, const char *field,
                              const char *ext, const char *value)
{
    int nid = OBJ_txt2nid(ext);
    X509V3_CTX v3;
    X509_EXTENSION *made;

    if (strncmp(ext, "ns", 2) == 0)
        return pv_reader_fail(
            r, p->name,
            "%s: %s is a Netscape extension, which no IoT platform uses; remove it",
            field, ext);
    if (nid == NID_certificate_policies)
        return pv_reader_fail(
            r, p->name,
            "%s: certificatePolicies needs policy sections, which popverify "
            "profiles do not read; add policies with openssl x509 -extfile",
            field);
    if ((nid == NID_subject_key_identifier || nid == NID_authority_key_identifier) &&
        strcmp(value, "none") == 0)
        return 1; /* leave it out, as openssl does */
    X509V3_set_ctx(&v3, NULL, NULL, NULL, NULL, X509V3_CTX_TEST);
    ERR_set_mark();
    made = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    ERR_pop_to_mark();
    if (made == NULL)
        return pv_reader_fail(r, p->name,
                              "%s: %s = '%s' is not a valid value for that extension",
                              field, ext, value);
    X509_EXTENSION_free(made);
    return 1;
}

/* role_extensions = SECTION: the section's lines replace the base's set. */
static int pv_read_extensions(PV_READER *r, PV_PROFILE *p, PV_FIELD f)
{
    const char *field = pv_profile_field_name(f);
    PV_EXTENSIONS ext = {.count = 0};
    const char *plain = pv_reader_get(r, p->name, field, NULL);
    size_t i;

    if (plain != NULL)
        return pv_reader_fail(
            r, p->name,
            "%s = %s names no section of the config; define [%s] with the "
            "extension lines",
            field, plain, plain);
    for (i = 0; i < sizeof(pv_ext_names) / sizeof(pv_ext_names[0]); i++) {
        const char *v = pv_reader_get(r, p->name, field, pv_ext_names[i]);
        if (v == NULL)
            continue;
        if (!pv_check_extension(r, p, field, pv_ext_names[i], v))
            return 0;
        ext.item[ext.count].name = pv_ext_names[i];
        if ((ext.item[ext.count++].value = pv_profiles_keep(r->set, v)) == NULL)
            return pv_reader_fail(r, p->name, "out of memory");
    }
    if (ext.count == 0)
        return 1;
    if (!pv_profile_keyid_defaults(&r->quiet, &ext, (PV_ROLE)(f - PV_F_ROOT_EXTENSIONS)))
        return pv_reader_fail(r, p->name, "%s: more than %d extension lines", field,
                              PV_EXT_MAX - 2);
    p->extensions[f - PV_F_ROOT_EXTENSIONS] = ext;
    p->origin[f] = p->name;
    p->from_config[f] = 1;
    return 1;
}

static int pv_is_extension_field(int f)
{
    return f >= PV_F_ROOT_EXTENSIONS && f <= PV_F_VCERT_EXTENSIONS;
}

static int pv_read_fields(PV_READER *r, PV_PROFILE *p)
{
    int f;

    for (f = 0; f < PV_F_COUNT; f++) {
        const char *v;
        if (pv_is_extension_field(f)) {
            if (!pv_read_extensions(r, p, (PV_FIELD)f))
                return 0;
            continue;
        }
        if ((v = pv_reader_get(r, p->name, pv_profile_field_name((PV_FIELD)f), NULL)) ==
            NULL)
            continue;
        if (!pv_set_field(r, p, (PV_FIELD)f, v))
            return 0;
        p->origin[f] = p->name;
        p->from_config[f] = 1;
    }
    return 1;
}

/* Rules that span fields. */
static int pv_check_profile(PV_READER *r, const PV_PROFILE *p)
{
    if (p->code_min > p->code_max)
        return pv_reader_fail(r, p->name, "code_min %zu is larger than code_max %zu",
                              p->code_min, p->code_max);
    if (p->kind == PV_KIND_VCERT && p->code_max > 64)
        return pv_reader_fail(
            r, p->name,
            "code_max %zu: a verification certificate's CN holds at most 64 "
            "characters",
            p->code_max);
    if (p->id_min > p->id_max)
        return pv_reader_fail(r, p->name, "id_min %zu is larger than id_max %zu",
                              p->id_min, p->id_max);
    return 1;
}

int pv_reader_fields(PV_READER *r, PV_PROFILE *p)
{
    return pv_read_fields(r, p) && pv_check_profile(r, p);
}
