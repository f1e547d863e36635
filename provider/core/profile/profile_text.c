/*
 * profile_text.c - a profile as "field: value  (origin)" lines, the way
 * `popverify profiles NAME` shows it.
 */
#include <stdio.h>
#include <string.h>
#include "key_policy.h"
#include "profile.h"

static void pv_extensions_text(const PV_EXTENSIONS *ext, char *out, size_t outlen)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < ext->count && used < outlen; i++)
        used += (size_t)snprintf(out + used, outlen - used, "%s%s = %s", i ? "; " : "",
                                 ext->item[i].name, ext->item[i].value);
}

/* The value of one field as config text. */
static void pv_field_text(const PV_PROFILE *p, PV_FIELD f, char *out, size_t outlen)
{
    switch (f) {
    case PV_F_STYLE:
        snprintf(out, outlen, "%s", p->kind == PV_KIND_VCERT ? "vcert" : "signature");
        break;
    case PV_F_PLATFORM:
        snprintf(out, outlen, "%s", p->platform);
        break;
    case PV_F_DESCRIPTION:
        snprintf(out, outlen, "%s", p->description);
        break;
    case PV_F_DIGEST:
        snprintf(out, outlen, "%s", p->digest);
        break;
    case PV_F_ENCODING:
        snprintf(out, outlen, "%s", p->encoding == PV_ENC_RAW ? "raw" : "base64");
        break;
    case PV_F_CODE_CHARSET:
        snprintf(out, outlen, "%s",
                 p->charset == PV_CHARSET_HEX_0X ? "hex-0x"
                 : p->charset == PV_CHARSET_HEX  ? "hex"
                                                 : "printable");
        break;
    case PV_F_CODE_MIN:
        snprintf(out, outlen, "%zu", p->code_min);
        break;
    case PV_F_CODE_MAX:
        snprintf(out, outlen, "%zu", p->code_max);
        break;
    case PV_F_ROOT_DAYS:
    case PV_F_INTERMEDIATE_DAYS:
    case PV_F_DEVICE_DAYS:
    case PV_F_VCERT_DAYS:
        snprintf(out, outlen, "%d", p->days[f - PV_F_ROOT_DAYS]);
        break;
    case PV_F_ROOT_EXTENSIONS:
    case PV_F_INTERMEDIATE_EXTENSIONS:
    case PV_F_DEVICE_EXTENSIONS:
    case PV_F_VCERT_EXTENSIONS:
        pv_extensions_text(&p->extensions[f - PV_F_ROOT_EXTENSIONS], out, outlen);
        break;
    case PV_F_KEY_TYPES:
        pv_key_types_text(p->key_types, out, outlen);
        break;
    case PV_F_MIN_RSA_BITS:
        snprintf(out, outlen, "%d", p->min_rsa_bits);
        break;
    case PV_F_EC_CURVES:
        snprintf(out, outlen, "%s",
                 p->ec_curves != NULL ? p->ec_curves : PV_EC_CURVES_DEFAULT);
        break;
    case PV_F_REQUIRE_CA:
        snprintf(out, outlen, "%s", p->require_ca ? "yes" : "no");
        break;
    case PV_F_ID_CHARS:
        snprintf(out, outlen, "%s", p->id_chars);
        break;
    case PV_F_ID_LAST_CHARS:
        snprintf(out, outlen, "%s", p->id_last_chars != NULL ? p->id_last_chars : "any");
        break;
    case PV_F_ID_MIN:
        snprintf(out, outlen, "%zu", p->id_min);
        break;
    case PV_F_ID_MAX:
        snprintf(out, outlen, "%zu", p->id_max);
        break;
    case PV_F_MAX_CHAIN:
        snprintf(out, outlen, "%d", p->max_chain);
        break;
    case PV_F_CA_CERT:
        snprintf(out, outlen, "%s", p->ca_cert != NULL ? p->ca_cert : "");
        break;
    case PV_F_CA_KEY:
        snprintf(out, outlen, "%s", p->ca_key != NULL ? p->ca_key : "");
        break;
    case PV_F_COUNT:
        out[0] = '\0';
        break;
    }
}

/*
 * "built-in", "built-in cumulocity, via base", "config", "config of acme, via
 * base"; then for a built-in value its public source or "popverify default".
 */
static void pv_origin_text(const PV_PROFILE *p, PV_FIELD f, char *out, size_t outlen)
{
    const char *from = p->origin[f], *source = pv_profile_source(p, f);
    char where[96];

    if (from == NULL || strcmp(from, p->name) == 0)
        snprintf(where, sizeof(where), "%s", p->from_config[f] ? "config" : "built-in");
    else
        snprintf(where, sizeof(where), "%s %s, via base",
                 p->from_config[f] ? "config of" : "built-in", from);
    if (p->from_config[f])
        snprintf(out, outlen, "%s", where);
    else if (source != NULL)
        snprintf(out, outlen, "%s; source: %s", where, source);
    else
        snprintf(out, outlen, "%s; popverify default", where);
}

int pv_profile_describe(const PV_PROFILE *p, char *buf, size_t buflen)
{
    char value[1024], origin[512];
    size_t used;
    int f, n;

    n = snprintf(buf, buflen, "name: %s\nbase: %s\n", p->name, p->base ? p->base : "-");
    if (n < 0 || (size_t)n >= buflen)
        return 0;
    used = (size_t)n;
    for (f = 0; f < PV_F_COUNT; f++) {
        pv_field_text(p, (PV_FIELD)f, value, sizeof(value));
        pv_origin_text(p, (PV_FIELD)f, origin, sizeof(origin));
        n = snprintf(buf + used, buflen - used, "%s: %s  (%s)\n",
                     pv_profile_field_name((PV_FIELD)f), value[0] ? value : "-", origin);
        if (n < 0 || (size_t)n >= buflen - used)
            return 0;
        used += (size_t)n;
    }
    return 1;
}
