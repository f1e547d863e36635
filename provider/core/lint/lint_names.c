/*
 * lint_names.c - the subject name: not empty for a CA (RFC 5280 4.1.2.6),
 * DirectoryString values as PrintableString or UTF8String (4.1.2.4), one
 * CN only so every platform reads the same device id.
 */
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "lint_check.h"

static void pv_lint_empty(PV_LINT *l)
{
    if (!pv_lint_is_ca_role(l) ||
        X509_NAME_entry_count(X509_get_subject_name(l->cert)) > 0)
        return;
    pv_lint_find(l, "PV_DN_EMPTY", PV_LINT_ERROR,
                 "the %s certificate has an empty subject; RFC 5280 requires a CA to "
                 "have a name, which its certificates carry as issuer: reissue with a "
                 "subject such as /O=Acme/CN=Acme %s CA",
                 pv_role_name(l->role), l->role == PV_ROLE_ROOT ? "Root" : "Issuing");
}

/* The string types RFC 5280 allows for the attribute nid; 1 when type is one. */
static int pv_lint_type_allowed(int nid, int type)
{
    switch (nid) {
    case NID_countryName:
    case NID_serialNumber:
    case NID_dnQualifier:
        return type == V_ASN1_PRINTABLESTRING;
    case NID_pkcs9_emailAddress:
    case NID_domainComponent:
        return type == V_ASN1_IA5STRING;
    default:
        return type == V_ASN1_PRINTABLESTRING || type == V_ASN1_UTF8STRING;
    }
}

static void pv_lint_string_types(PV_LINT *l)
{
    const X509_NAME *name = X509_get_subject_name(l->cert);
    const X509_NAME_ENTRY *e;
    int i, nid, type;

    for (i = 0; i < X509_NAME_entry_count(name); i++) {
        e = X509_NAME_get_entry(name, i);
        nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
        type = ASN1_STRING_type(X509_NAME_ENTRY_get_data(e));
        if (pv_lint_type_allowed(nid, type))
            continue;
        pv_lint_find(l, "PV_DN_STRING_TYPE", PV_LINT_ERROR,
                     "subject attribute %s is encoded as %s; RFC 5280 wants "
                     "PrintableString or UTF8String (C: PrintableString) and platforms "
                     "compare names byte for byte: reissue (openssl uses UTF8String with "
                     "its default string_mask = utf8only)",
                     nid != NID_undef ? OBJ_nid2sn(nid) : "?", ASN1_tag2str(type));
        return; /* one is enough: the whole name is reissued */
    }
}

static void pv_lint_duplicate_cn(PV_LINT *l)
{
    const X509_NAME *name = X509_get_subject_name(l->cert);
    int first = X509_NAME_get_index_by_NID(name, NID_commonName, -1);

    if (first < 0 || X509_NAME_get_index_by_NID(name, NID_commonName, first) < 0)
        return;
    pv_lint_find(l, "PV_DN_DUPLICATE_CN", PV_LINT_ERROR,
                 "the subject has more than one CN; platforms take different ones as the "
                 "device id or code: reissue with a single CN");
}

void pv_lint_names(PV_LINT *l)
{
    pv_lint_empty(l);
    pv_lint_string_types(l);
    pv_lint_duplicate_cn(l);
}
