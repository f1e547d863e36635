/*
 * cmd_profiles.c - "popverify profiles [NAME]": the built-in platform
 * profiles, as the provider describes them.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include "commands.h"
#include "options.h"
#include "output.h"

#define PV_NAMES_MAX 1024

static const char profiles_usage[] =
    "usage: popverify profiles [NAME]\n"
    "\n"
    "Without NAME, list the profiles: name, style (signature or vcert) and what the\n"
    "platform expects. With NAME, show every field of the profile and where its value\n"
    "comes from: built-in, the profile's config section, or its base.\n"
    "Profiles are read from the config OpenSSL reads (OPENSSL_CONF) or --config FILE.\n"
    "\n"
    "Exit status:\n"
    "  0  the profiles were listed, or NAME was shown\n"
    "  2  usage error: more than one NAME, or NAME is no profile\n"
    "  3  a profile of the config cannot be loaded: the error names the field\n";

int pv_profile_list(PV_SESSION *s, char *out, size_t outlen)
{
    void *ctx = pv_session_ctx(s, NULL);
    const char *names;
    int ok;

    if (ctx == NULL) {
        pv_report_error();
        return 0;
    }
    names = pv_get_utf8(s, ctx, POPVERIFY_PARAM_PROFILES);
    ok = names != NULL && strlen(names) < outlen;
    if (ok)
        strcpy(out, names);
    else
        pv_error("profiles: the provider did not list its profiles");
    pv_session_free(s, ctx);
    return ok;
}

int pv_profile_info(PV_SESSION *s, const char *name, char *out, size_t outlen)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)name, 0),
        OSSL_PARAM_construct_end()};
    const char *info = NULL;
    void *ctx;
    int ok;

    ERR_set_mark();
    ctx = pv_session_ctx(s, in);
    if (ctx != NULL)
        info = pv_get_utf8(s, ctx, POPVERIFY_PARAM_PROFILE_INFO);
    ok = info != NULL && strlen(info) < outlen;
    if (ok)
        strcpy(out, info);
    pv_session_free(s, ctx);
    ERR_pop_to_mark();
    return ok;
}

int pv_profile_field(const char *info, const char *key, char *out, size_t outlen)
{
    size_t klen = strlen(key), vlen;
    const char *line, *end, *origin;

    for (line = info; line != NULL && *line != '\0'; line = end + (*end == '\n')) {
        end = strchr(line, '\n');
        if (end == NULL)
            end = line + strlen(line);
        if (strncmp(line, key, klen) != 0 || strncmp(line + klen, ": ", 2) != 0)
            continue;
        vlen = (size_t)(end - line) - klen - 2;
        /* "value  (origin)": the origin is for people, not for parsing */
        for (origin = line + klen + 2; origin + 2 < end; origin++)
            if (origin[0] == ' ' && origin[1] == ' ' && origin[2] == '(')
                vlen = (size_t)(origin - line) - klen - 2;
        if (vlen >= outlen)
            return 0;
        memcpy(out, line + klen + 2, vlen);
        out[vlen] = '\0';
        return 1;
    }
    return 0;
}

static void print_row(PV_SESSION *s, const char *name, int width)
{
    char info[PV_INFO_MAX], kind[32] = "?", desc[256] = "";

    if (pv_profile_info(s, name, info, sizeof(info))) {
        pv_profile_field(info, "style", kind, sizeof(kind));
        pv_profile_field(info, "description", desc, sizeof(desc));
    }
    printf("%-*s  %-9s  %s\n", width, name, kind, desc);
}

/* Length of the longest space-separated name, for the column. */
static int widest(const char *names)
{
    size_t n, w = 0;

    while (*names != '\0') {
        n = strcspn(names, " ");
        if (n > w)
            w = n;
        names += n + (names[n] == ' ');
    }
    return (int)w;
}

static int list_all(PV_SESSION *s)
{
    char names[PV_NAMES_MAX], *name, *save = NULL;
    int width;

    if (!pv_profile_list(s, names, sizeof(names)))
        return PV_EXIT_ERROR;
    width = widest(names);
    for (name = strtok_r(names, " ", &save); name != NULL;
         name = strtok_r(NULL, " ", &save))
        print_row(s, name, width);
    return pv_flush_stdout();
}

static int show_one(PV_SESSION *s, const char *name)
{
    OSSL_PARAM in[] = {
        OSSL_PARAM_construct_utf8_string(POPVERIFY_PARAM_PROFILE, (char *)name, 0),
        OSSL_PARAM_construct_end()};
    void *ctx = pv_session_ctx(s, in);
    char *info = NULL;
    OSSL_PARAM out[] = {
        OSSL_PARAM_construct_utf8_ptr(POPVERIFY_PARAM_PROFILE_INFO, &info, 0),
        OSSL_PARAM_construct_end()};
    int status;

    if (ctx == NULL || !s->api.get_ctx_params(ctx, out) || info == NULL) {
        /* The provider says why: unknown, or a config profile that failed to load. */
        pv_session_free(s, ctx);
        return pv_report_error();
    }
    fputs(info, stdout);
    status = pv_flush_stdout();
    pv_session_free(s, ctx);
    return status;
}

int pv_cmd_profiles(PV_SESSION *s, int argc, char **argv)
{
    static const struct option opts[] = {PV_LONGOPT_HELP, PV_LONGOPT_END};
    PV_OPTS o;
    int status = pv_opts_parse(&o, "profiles", argc, argv, opts);

    if (status != PV_EXIT_OK)
        return status;
    if (o.help)
        return pv_usage(profiles_usage);
    if (o.nargs > 1) {
        pv_error("profiles: give at most one profile name; see 'popverify profiles "
                 "--help'");
        return PV_EXIT_USAGE;
    }
    return o.nargs == 1 ? show_one(s, o.args[0]) : list_all(s);
}
