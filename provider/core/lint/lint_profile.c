/*
 * lint_profile.c - the certificate against the profile's extension set for
 * its role (the same x509v3 lines popverify issues with): each line present
 * and equal, nothing the profile does not name. Key identifiers depend on
 * the keys, so lint_keyid.c checks them instead.
 */
#include <stdio.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "lint_check.h"

#define PV_EXT_TEXT_MAX 256

const PV_EXT *pv_lint_profile_line(const PV_LINT *l, int nid)
{
    const PV_EXTENSIONS *set = &l->profile->extensions[l->role];
    size_t i;

    for (i = 0; i < set->count; i++)
        if (OBJ_txt2nid(set->item[i].name) == nid)
            return &set->item[i];
    return NULL;
}

static int pv_lint_is_keyid(int nid)
{
    return nid == NID_subject_key_identifier || nid == NID_authority_key_identifier;
}

/* The extension the line makes on its own; NULL when it needs an issuer or config. */
static X509_EXTENSION *pv_expected(X509 *cert, int nid, const char *value)
{
    X509V3_CTX v3;
    X509_EXTENSION *ext;

    ERR_set_mark();
    X509V3_set_ctx(&v3, NULL, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    ERR_pop_to_mark();
    return ext;
}

static int pv_lint_ext_equal(X509_EXTENSION *a, X509_EXTENSION *b)
{
    return X509_EXTENSION_get_critical(a) == X509_EXTENSION_get_critical(b) &&
           ASN1_OCTET_STRING_cmp(X509_EXTENSION_get_data(a),
                                 X509_EXTENSION_get_data(b)) == 0;
}

static const char *pv_lint_set_name(const PV_LINT *l)
{
    static const char *const names[PV_ROLE_COUNT] = {
        "root_extensions", "intermediate_extensions", "device_extensions",
        "vcert_extensions"};

    return names[l->role];
}

static void pv_lint_differs(PV_LINT *l, const PV_EXT *line, X509_EXTENSION *have)
{
    char text[PV_EXT_TEXT_MAX];

    pv_lint_ext_text(have, text, sizeof(text));
    pv_lint_find(l, "PV_PROFILE_EXT_DIFFERS", PV_LINT_WARNING,
                 "%s is '%s%s' but profile %s says %s = %s (%s): reissue the certificate "
                 "with the profile's extensions",
                 line->name, X509_EXTENSION_get_critical(have) ? "critical, " : "", text,
                 l->profile->name, line->name, line->value, pv_lint_set_name(l));
}

static void pv_lint_line(PV_LINT *l, const PV_EXT *line)
{
    int nid = OBJ_txt2nid(line->name);
    int idx = nid != NID_undef ? X509_get_ext_by_NID(l->cert, nid, -1) : -1;
    X509_EXTENSION *want;

    if (nid == NID_undef || pv_lint_is_keyid(nid))
        return;
    if (idx < 0) {
        pv_lint_find(l, "PV_PROFILE_EXT_MISSING", PV_LINT_WARNING,
                     "the certificate has no %s, but profile %s gives %s certificates "
                     "%s = %s (%s): reissue it with the profile's extensions",
                     line->name, l->profile->name, pv_role_name(l->role), line->name,
                     line->value, pv_lint_set_name(l));
        return;
    }
    want = pv_expected(l->cert, nid, line->value);
    if (want != NULL && !pv_lint_ext_equal(want, X509_get_ext(l->cert, idx)))
        pv_lint_differs(l, line, X509_get_ext(l->cert, idx));
    X509_EXTENSION_free(want);
}

static void pv_lint_extra(PV_LINT *l, X509_EXTENSION *ext)
{
    int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
    char name[128];

    if (pv_lint_is_keyid(nid) ||
        (nid != NID_undef && pv_lint_profile_line(l, nid) != NULL))
        return;
    if (nid != NID_undef)
        snprintf(name, sizeof(name), "%s", OBJ_nid2sn(nid));
    else if (OBJ_obj2txt(name, sizeof(name), X509_EXTENSION_get_object(ext), 1) <= 0)
        snprintf(name, sizeof(name), "?");
    pv_lint_find(l, "PV_PROFILE_EXT_EXTRA", PV_LINT_INFO,
                 "the certificate has %s, which profile %s does not give %s certificates "
                 "(%s): fine if intended, else reissue with the profile's extensions",
                 name, l->profile->name, pv_role_name(l->role), pv_lint_set_name(l));
}

void pv_lint_profile_ext(PV_LINT *l)
{
    const PV_EXTENSIONS *set = &l->profile->extensions[l->role];
    size_t i;
    int j;

    for (i = 0; i < set->count; i++)
        pv_lint_line(l, &set->item[i]);
    for (j = 0; j < X509_get_ext_count(l->cert); j++)
        pv_lint_extra(l, X509_get_ext(l->cert, j));
}
