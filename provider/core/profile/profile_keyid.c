/*
 * profile_keyid.c - key identifiers as openssl x509 -req and req -x509 add
 * them: an extension section that leaves out subjectKeyIdentifier or
 * authorityKeyIdentifier still gets them (the AKI not on a self-signed
 * root); "none" leaves one out. Applied when a profile is resolved, so what
 * `popverify profiles NAME` shows is what every certificate gets.
 */
#include <string.h>
#include <openssl/objects.h>
#include "popverify.h"
#include "profiles.h"

static int pv_ext_find(const PV_EXTENSIONS *ext, int nid)
{
    size_t i;

    for (i = 0; i < ext->count; i++)
        if (OBJ_txt2nid(ext->item[i].name) == nid)
            return (int)i;
    return -1;
}

/* Add name = value unless the set has the extension; "none" leaves it out. */
static int pv_ext_default(const PV_ENV *env, PV_EXTENSIONS *ext, int nid,
                          const char *value)
{
    int at = pv_ext_find(ext, nid);

    if (at >= 0 && strcmp(ext->item[at].value, "none") == 0) {
        memmove(&ext->item[at], &ext->item[at + 1],
                (ext->count - (size_t)at - 1) * sizeof(ext->item[0]));
        ext->count--;
        return 1;
    }
    if (at >= 0 || value == NULL)
        return 1;
    if (ext->count == PV_EXT_MAX) {
        pv_raise(env, POPVERIFY_R_USAGE,
                 "the profile's extension section has %d lines, the most popverify "
                 "takes; leave one out to make room for %s",
                 PV_EXT_MAX, OBJ_nid2sn(nid));
        return 0;
    }
    ext->item[ext->count].name = OBJ_nid2sn(nid);
    ext->item[ext->count++].value = value;
    return 1;
}

int pv_profile_keyid_defaults(const PV_ENV *env, PV_EXTENSIONS *ext, PV_ROLE role)
{
    return pv_ext_default(env, ext, NID_subject_key_identifier, "hash") &&
           pv_ext_default(env, ext, NID_authority_key_identifier,
                          role == PV_ROLE_ROOT ? NULL : "keyid, issuer");
}
