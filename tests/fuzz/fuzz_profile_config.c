/*
 * fuzz_profile_config.c - profiles from configuration. The input is what
 * the provider's config section hands over, one "dotted.name = value" line
 * each (values take the \n \r \t \\ escapes an openssl.cnf value may hold):
 *
 *   profiles = acme
 *   acme.base = cumulocity
 *   acme.device_extensions.keyUsage = critical, digitalSignature
 *
 * Every profile that loads is described, looked up and used for a code
 * and a device id; every broken one must say why in one line.
 */
#include <stdlib.h>
#include <string.h>
#include "code.h"
#include "device_id.h"
#include "fuzz.h"
#include "profiles.h"

#define FZ_LINES 256

typedef struct {
    char *name[FZ_LINES];
    char *value[FZ_LINES];
    size_t n;
} FZ_CONFIG;

static const char *fz_get(void *arg, const char *name)
{
    const FZ_CONFIG *c = arg;
    size_t i;

    for (i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0)
            return c->value[i];
    return NULL;
}

static char *fz_trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    return s;
}

static void fz_unescape(char *s)
{
    char *o = s;

    for (; *s != '\0'; s++) {
        if (*s != '\\' || s[1] == '\0') {
            *o++ = *s;
            continue;
        }
        s++;
        *o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s == 't' ? '\t' : *s;
    }
    *o = '\0';
}

/* Lines of text (which it cuts up in place) into name/value pairs. */
static void fz_parse(char *text, FZ_CONFIG *c)
{
    char *line = text;

    c->n = 0;
    while (line != NULL && c->n < FZ_LINES) {
        char *next = strchr(line, '\n'), *eq;

        if (next != NULL)
            *next++ = '\0';
        if ((eq = strchr(line, '=')) != NULL) {
            *eq = '\0';
            c->name[c->n] = fz_trim(line);
            c->value[c->n] = fz_trim(eq + 1);
            fz_unescape(c->value[c->n]);
            c->n++;
        }
        line = next;
    }
}

static void fz_use(const PV_ENV *env, const PV_PROFILE *p)
{
    static const unsigned char code[] = "0123456789abcdef0123456789ABCDEF0123456789";
    char text[8192];
    PV_CODE c;

    pv_profile_describe(p, text, sizeof(text));
    /* a built-in the config redefines is refused by name, saying why */
    fz_check(pv_profile_lookup(env, p->name) ==
                 (pv_profiles_error(env->profiles, p->name) != NULL ? NULL : p),
             "a profile is not what its name finds");
    pv_code_read(env, p, code, sizeof(code) - 1, "--code", &c);
    pv_check_device_id(env, p, "device-0001");
}

/* Each name of the list: found, or refused with its reason when broken. */
static void fz_listed(const PV_ENV *env, const char *list)
{
    char name[128];

    while (list != NULL && *list != '\0') {
        size_t n = strcspn(list, " ,\t");

        if (n > 0 && n < sizeof(name)) {
            memcpy(name, list, n);
            name[n] = '\0';
            if (pv_profiles_error(env->profiles, name) != NULL)
                fz_check(pv_profile_lookup(env, name) == NULL,
                         "a broken profile is found");
            else
                pv_profile_lookup(env, name);
        }
        list += n + (list[n] != '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), names[4096];
    PV_PROFILES *set = pv_profiles_new();
    PV_ENV env = *fz_env();
    FZ_CONFIG config;
    size_t i;

    fz_check(text != NULL && set != NULL, "out of memory");
    memcpy(text, data, size);
    text[size] = '\0';
    fz_parse(text, &config);
    fz_check(pv_profiles_configure(set, fz_get, &config), "out of memory");
    env.profiles = set;
    for (i = 0; i < pv_profiles_count(set); i++)
        fz_use(&env, pv_profiles_at(set, i));
    pv_profiles_names(set, names, sizeof(names));
    fz_listed(&env, fz_get(&config, "profiles"));
    pv_profiles_free(set);
    free(text);
    return 0;
}
