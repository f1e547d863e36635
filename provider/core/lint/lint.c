/*
 * lint.c - run every check group over one certificate: load it, take or
 * infer its role, collect the findings and hand them out as text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include "popverify.h"
#include "lint.h"
#include "lint_check.h"
#include "load.h"

static const char *const pv_severity_names[] = {"error", "warning", "info"};

static int pv_lint_role_by_name(const PV_ENV *env, const char *name, PV_ROLE *role)
{
    int r;

    for (r = 0; r < PV_ROLE_COUNT; r++)
        if (strcmp(name, pv_role_name((PV_ROLE)r)) == 0) {
            *role = (PV_ROLE)r;
            return 1;
        }
    pv_raise(env, POPVERIFY_R_USAGE,
             "unknown role '%s'; use root, intermediate, device or vcert (or leave it "
             "out to infer it)",
             name);
    return 0;
}

/*
 * CA:TRUE and self-issued: root; CA:TRUE: intermediate; a CN that is a code
 * of the (vcert) profile, without clientAuth: vcert; else device.
 */
static PV_ROLE pv_lint_infer(const PV_LINT *l)
{
    char *cn;
    int code;

    if (pv_lint_cert_is_ca(l->cert))
        return l->self_issued ? PV_ROLE_ROOT : PV_ROLE_INTERMEDIATE;
    cn = pv_lint_cn(l->cert);
    code = cn != NULL && pv_lint_cn_is_code(l->profile, cn) &&
           !pv_lint_has_client_auth(l->cert);
    OPENSSL_free(cn);
    return code ? PV_ROLE_VCERT : PV_ROLE_DEVICE;
}

static void pv_lint_all(PV_LINT *l)
{
    pv_lint_cert(l);
    pv_lint_signature(l);
    pv_lint_key(l);
    pv_lint_values(l);
    pv_lint_ca(l);
    pv_lint_leaf(l);
    pv_lint_keyid(l);
    pv_lint_extensions(l);
    pv_lint_profile_ext(l);
    pv_lint_validity(l);
    pv_lint_names(l);
    pv_lint_cn_rules(l);
}

/* "CODE\tseverity\tmessage\n" for each finding kept. */
static int pv_lint_text(const PV_LINT *l, PV_RESULT *res)
{
    size_t i, n = l->count < PV_LINT_MAX ? l->count : PV_LINT_MAX, size = 1, used = 0;
    char *text;

    for (i = 0; i < n; i++)
        size += strlen(l->finding[i].code) + strlen(l->finding[i].message) + 12;
    if ((text = OPENSSL_zalloc(size)) == NULL)
        return 0;
    for (i = 0; i < n; i++)
        used += (size_t)snprintf(
            text + used, size - used, "%s\t%s\t%s\n", l->finding[i].code,
            pv_severity_names[l->finding[i].severity], l->finding[i].message);
    res->output = (unsigned char *)text;
    res->output_len = used;
    return 1;
}

static void pv_lint_verdict(const PV_LINT *l, PV_RESULT *res)
{
    const size_t *n = l->by_severity;

    res->verdict.valid = n[PV_LINT_ERROR] == 0;
    snprintf(res->verdict.reason, sizeof(res->verdict.reason),
             "%zu error(s), %zu warning(s), %zu info", n[PV_LINT_ERROR],
             n[PV_LINT_WARNING], n[PV_LINT_INFO]);
}

int pv_run_lint(const PV_ENV *env, const PV_PROFILE *profile, const char *uri,
                const char *role, PV_RESULT *res, PV_ROLE *role_out)
{
    PV_LINT *l = OPENSSL_zalloc(sizeof(*l));
    int ok = 0;

    if (l == NULL)
        return 0;
    l->env = env;
    l->profile = profile;
    if (role != NULL && *role != '\0' && !pv_lint_role_by_name(env, role, &l->role))
        goto done;
    if ((l->cert = pv_load_cert(env, uri, "certificate")) == NULL)
        goto done;
    l->self_issued =
        X509_NAME_cmp(X509_get_subject_name(l->cert), X509_get_issuer_name(l->cert)) == 0;
    if (role == NULL || *role == '\0')
        l->role = pv_lint_infer(l);
    pv_lint_all(l);
    if (!pv_lint_text(l, res)) {
        pv_raise(env, POPVERIFY_R_INTERNAL, "out of memory");
        goto done;
    }
    pv_lint_verdict(l, res);
    *role_out = l->role;
    ok = 1;
done:
    X509_free(l->cert);
    OPENSSL_free(l);
    return ok;
}
