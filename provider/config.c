/*
 * config.c - the provider's openssl.cnf section. Values come through the
 * core's get_params, which answers only names we ask for; so a misspelt field
 * would be silently ignored. The config file's own text is read as well, to
 * name such fields and refuse the profile that has them.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/conf.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/x509v3.h>
#include "profiles.h"
#include "config.h"
#include "provctx.h"

typedef struct pv_core_config_st {
    const OSSL_CORE_HANDLE *handle;
    OSSL_FUNC_core_get_params_fn *get_params;
} PV_CORE_CONFIG;

static const char *pv_core_get(void *arg, const char *name)
{
    PV_CORE_CONFIG *c = arg;
    char *value = NULL;
    OSSL_PARAM params[2];

    params[0] = OSSL_PARAM_construct_utf8_ptr(name, &value, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (c->get_params == NULL || !c->get_params(c->handle, params))
        return NULL;
    return value;
}

/* The section a config key names, or NULL. */
static const char *pv_conf_section(const CONF *conf, const char *sect, const char *key)
{
    const char *value = sect != NULL ? NCONF_get_string(conf, sect, key) : NULL;

    return value != NULL && NCONF_get_section(conf, value) != NULL ? value : NULL;
}

static int pv_known_extension(const char *name)
{
    int nid = OBJ_txt2nid(name);

    return nid != NID_undef && X509V3_EXT_get_nid(nid) != NULL;
}

/* Every key of an extension section must be an extension OpenSSL knows. */
static void pv_check_extension_section(PV_PROFILES *set, const CONF *conf,
                                       const char *profile, const char *field,
                                       const char *section)
{
    STACK_OF(CONF_VALUE) *lines = NCONF_get_section(conf, section);
    char msg[PV_MSG_MAX];
    int i;

    for (i = 0; i < sk_CONF_VALUE_num(lines); i++) {
        const char *name = sk_CONF_VALUE_value(lines, i)->name;
        if (pv_known_extension(name))
            continue;
        snprintf(msg, sizeof(msg),
                 "profile %s cannot be loaded: %s = %s: '%s' in [%s] is not an X.509 "
                 "extension name (e.g. keyUsage, extendedKeyUsage, basicConstraints)",
                 profile, field, section, name, section);
        pv_profiles_reject(set, profile, msg);
    }
}

static void pv_check_profile_section(PV_PROFILES *set, const CONF *conf,
                                     const char *profile, const char *section)
{
    STACK_OF(CONF_VALUE) *lines = NCONF_get_section(conf, section);
    char msg[PV_MSG_MAX];
    int i, f;

    for (i = 0; i < sk_CONF_VALUE_num(lines); i++) {
        const CONF_VALUE *line = sk_CONF_VALUE_value(lines, i);
        const char *ext_section;

        if (strcmp(line->name, "base") == 0)
            continue;
        if ((f = pv_profile_field_by_name(line->name)) < 0) {
            snprintf(
                msg, sizeof(msg),
                "profile %s (section [%s]) cannot be loaded: unknown field '%s'; see "
                "popverify-profiles(5) for the fields",
                profile, section, line->name);
            pv_profiles_reject(set, profile, msg);
            continue;
        }
        if (strstr(line->name, "_extensions") != NULL &&
            (ext_section = pv_conf_section(conf, section, line->name)) != NULL)
            pv_check_extension_section(set, conf, profile, line->name, ext_section);
    }
}

/* The profiles listed in our section, each with the section that defines it. */
static CONF *pv_read_config_text(const char *provider_name, const char **our_section)
{
    char *file = CONF_get1_default_config_file();
    CONF *conf = NCONF_new(NULL);
    const char *init, *providers;

    *our_section = NULL;
    if (file == NULL || conf == NULL || NCONF_load(conf, file, NULL) <= 0) {
        OPENSSL_free(file);
        NCONF_free(conf);
        return NULL; /* configured from elsewhere: values still arrive, unchecked */
    }
    OPENSSL_free(file);
    init = NCONF_get_string(conf, NULL, "openssl_conf");
    providers = pv_conf_section(conf, init, "providers");
    *our_section = pv_conf_section(conf, providers, provider_name);
    return conf;
}

static void pv_name_sections(PV_PROFILES *set, const CONF *conf, const char *ours,
                             const char *list, int check)
{
    char name[96];

    while (list != NULL && *list != '\0') {
        size_t n = strcspn(list, " ,\t");
        const char *section;

        if (n > 0 && n < sizeof(name)) {
            memcpy(name, list, n);
            name[n] = '\0';
            section = pv_conf_section(conf, ours, name);
            if (section != NULL && !check)
                pv_profiles_set_section(set, name, section);
            else if (section != NULL)
                pv_check_profile_section(set, conf, name, section);
        }
        list += n + (list[n] != '\0');
    }
}

int pv_config_load(PV_PROVCTX *pctx, OSSL_FUNC_core_get_params_fn *get_params)
{
    PV_CORE_CONFIG core = {pctx->handle, get_params};
    const char *provider_name = pv_core_get(&core, OSSL_PROV_PARAM_CORE_PROV_NAME);
    const char *list = pv_core_get(&core, "profiles");
    const char *ours = NULL;
    CONF *conf = NULL;
    int ok;

    if (list != NULL && provider_name != NULL)
        conf = pv_read_config_text(provider_name, &ours);
    if (conf != NULL && ours != NULL)
        pv_name_sections(pctx->profiles, conf, ours, list, 0);
    ok = pv_profiles_configure(pctx->profiles, pv_core_get, &core);
    if (ok && conf != NULL && ours != NULL)
        pv_name_sections(pctx->profiles, conf, ours, list, 1);
    NCONF_free(conf);
    return ok;
}
