/*
 * lint_sig.c - the certificate's signature: its algorithm, the two copies
 * of it that must agree, and a root's signature over itself.
 */
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "lint_check.h"

/* Digests collisions have been shown for: nobody trusts them in a signature. */
static int pv_lint_is_weak(int md_nid)
{
    return md_nid == NID_md2 || md_nid == NID_md4 || md_nid == NID_md5 ||
           md_nid == NID_sha1 || md_nid == NID_mdc2 || md_nid == NID_md5_sha1;
}

static void pv_lint_weak_digest(PV_LINT *l)
{
    int sig_nid = X509_get_signature_nid(l->cert), md_nid = NID_undef, pk_nid;

    if (!OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid) || !pv_lint_is_weak(md_nid))
        return;
    pv_lint_find(l, "PV_SIG_WEAK_DIGEST", PV_LINT_ERROR,
                 "the certificate is signed with %s; platforms and TLS libraries refuse "
                 "%s signatures: reissue it signed with SHA-256 (-sha256)",
                 OBJ_nid2ln(sig_nid), OBJ_nid2sn(md_nid));
}

static void pv_lint_alg_match(PV_LINT *l)
{
    const X509_ALGOR *outer = NULL;

    X509_get0_signature(NULL, &outer, l->cert);
    if (outer == NULL || X509_ALGOR_cmp(outer, X509_get0_tbs_sigalg(l->cert)) == 0)
        return;
    pv_lint_find(l, "PV_SIG_ALG_MISMATCH", PV_LINT_ERROR,
                 "the signature algorithm inside the certificate differs from the one "
                 "next to the signature; RFC 5280 requires them identical and verifiers "
                 "reject the certificate: reissue it with one signing tool");
}

static void pv_lint_self_signature(PV_LINT *l)
{
    EVP_PKEY *pub = X509_get0_pubkey(l->cert);
    int ok;

    if (l->role != PV_ROLE_ROOT || !l->self_issued || pub == NULL)
        return;
    ERR_set_mark();
    ok = X509_verify(l->cert, pub) == 1;
    ERR_pop_to_mark();
    if (ok)
        return;
    pv_lint_find(l, "PV_SIG_SELF_INVALID", PV_LINT_ERROR,
                 "the root's signature does not verify with its own public key (altered "
                 "or signed with another key); nothing will trust it: issue the root "
                 "again with its own key");
}

void pv_lint_signature(PV_LINT *l)
{
    pv_lint_weak_digest(l);
    pv_lint_alg_match(l);
    pv_lint_self_signature(l);
}
