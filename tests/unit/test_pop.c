/*
 * test_pop.c - the signed verification code for every key type: popverify's
 * own check, an independent EVP_DigestVerify, and what must fail.
 */
#include <string.h>
#include <popverify.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include "b64.h"
#include "fixture.h"
#include "pop.h"
#include "suites.h"

static const char *const types[] = {"rsa:2048", "rsa:4096", "ec:P-256",
                                    "ec:P-384", "ec:P-521", "ed25519"};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static const char CODE[] = "Yk3-PoP.code_2024";

static int pop_init(void)
{
    size_t i;

    for (i = 0; i < NTYPES; i++)
        if (fx_ca(types[i]) == NULL)
            return 1;
    return fx_ca("ec:P-256#other") == NULL;
}

static void make_code(const char *text, PV_CODE *code)
{
    fx_reset();
    CU_ASSERT_FATAL(pv_code_canonicalize(fx_env(), (const unsigned char *)text,
                                         strlen(text), "--code", code) == 1);
}

/* Sign CODE with the type's key for its own CA; base64 text in *out. */
static int sign(const char *profile, const char *type, const char *text,
                unsigned char **out, size_t *outlen)
{
    PV_CODE code;

    make_code(text, &code);
    *out = NULL;
    return pv_pop_sign(fx_env(), pv_profile_find(profile), fx_key(type), fx_ca(type),
                       &code, out, outlen);
}

/* Verify with popverify; returns the verdict, -1 when the check did not run. */
static int verify(const char *profile, X509 *ca, const char *text,
                  const unsigned char *sig, size_t siglen, PV_VERDICT *v)
{
    PV_CODE code;

    make_code(text, &code);
    memset(v, 0, sizeof(*v));
    if (!pv_pop_verify(fx_env(), pv_profile_find(profile), ca, &code, sig, siglen, v))
        return -1;
    return v->valid;
}

/* The text is one strict base64 line; returns the decoded signature. */
static unsigned char *decode_one_line(const unsigned char *text, size_t len,
                                      size_t *siglen)
{
    unsigned char *sig = NULL;
    char why[256];

    CU_ASSERT_EQUAL(strlen((const char *)text), len);
    CU_ASSERT_PTR_NULL(memchr(text, '\n', len));
    CU_ASSERT_PTR_NULL(memchr(text, '\r', len));
    CU_ASSERT_EQUAL(len % 4, 0);
    CU_ASSERT_EQUAL(
        pv_b64_decode_strict((const char *)text, len, &sig, siglen, why, sizeof(why)), 1);
    return sig;
}

static void check_shape(const char *type, EVP_PKEY *key, const unsigned char *sig,
                        size_t siglen)
{
    if (strncmp(type, "rsa:", 4) == 0) {
        CU_ASSERT_EQUAL(siglen, (size_t)EVP_PKEY_get_size(key));
    } else if (strncmp(type, "ec:", 3) == 0) {
        const unsigned char *p = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);

        /* DER (X9.62), nothing after it. */
        CU_ASSERT_PTR_NOT_NULL(es);
        CU_ASSERT_PTR_EQUAL(p, sig + siglen);
        ECDSA_SIG_free(es);
    } else {
        CU_ASSERT_EQUAL(siglen, 64);
    }
}

static void sign_and_check(const char *profile, const char *type)
{
    unsigned char *out = NULL, *sig;
    size_t outlen = 0, siglen = 0;
    PV_VERDICT v;

    CU_ASSERT_EQUAL_FATAL(sign(profile, type, CODE, &out, &outlen), 1);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    sig = decode_one_line(out, outlen, &siglen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
    check_shape(type, fx_key(type), sig, siglen);
    /* Independent check: libcrypto directly, over the exact code bytes. */
    CU_ASSERT(fx_evp_verify(fx_ca(type), "SHA256", (const unsigned char *)CODE,
                            strlen(CODE), sig, siglen));
    CU_ASSERT(!fx_evp_verify(fx_ca(type), "SHA256", (const unsigned char *)CODE,
                             strlen(CODE) - 1, sig, siglen));
    CU_ASSERT_EQUAL(verify(profile, fx_ca(type), CODE, out, outlen, &v), 1);
    OPENSSL_free(sig);
    OPENSSL_free(out);
}

static void test_every_key_generic(void)
{
    size_t i;

    for (i = 0; i < NTYPES; i++)
        sign_and_check("generic-signature", types[i]);
}

static void test_every_key_cumulocity(void)
{
    size_t i;

    for (i = 0; i < NTYPES; i++)
        sign_and_check("cumulocity", types[i]);
}

/* Change one base64 character to another valid one at pos. */
static void flip_char(unsigned char *text, size_t pos)
{
    text[pos] = text[pos] == 'A' ? 'B' : 'A';
}

static void test_tampered(void)
{
    size_t i;

    for (i = 0; i < NTYPES; i++) {
        unsigned char *out = NULL;
        size_t outlen = 0;
        PV_VERDICT v;

        CU_ASSERT_EQUAL_FATAL(sign("generic-signature", types[i], CODE, &out, &outlen),
                              1);
        flip_char(out, outlen / 2);
        CU_ASSERT_EQUAL(
            verify("generic-signature", fx_ca(types[i]), CODE, out, outlen, &v), 0);
        CU_ASSERT(v.reason[0] != '\0');
        OPENSSL_free(out);
    }
}

static void test_wrong_code(void)
{
    size_t i;

    for (i = 0; i < NTYPES; i++) {
        unsigned char *out = NULL;
        size_t outlen = 0;
        PV_VERDICT v;

        CU_ASSERT_EQUAL_FATAL(sign("cumulocity", types[i], CODE, &out, &outlen), 1);
        CU_ASSERT_EQUAL(
            verify("cumulocity", fx_ca(types[i]), "Yk3-PoP.code_2025", out, outlen, &v),
            0);
        CU_ASSERT(v.reason[0] != '\0');
        OPENSSL_free(out);
    }
}

static void test_other_ca(void)
{
    unsigned char *out = NULL;
    size_t outlen = 0;
    PV_VERDICT v;

    /* Same key type, another key: what a regenerated CA looks like. */
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "ec:P-256", CODE, &out, &outlen), 1);
    CU_ASSERT_EQUAL(verify("cumulocity", fx_ca("ec:P-256#other"), CODE, out, outlen, &v),
                    0);
    CU_ASSERT(v.reason[0] != '\0');
    /* Another key type altogether. */
    CU_ASSERT_NOT_EQUAL(verify("cumulocity", fx_ca("ec:P-384"), CODE, out, outlen, &v),
                        1);
    OPENSSL_free(out);
}

static void test_not_base64(void)
{
    unsigned char *out = NULL, *wrapped;
    size_t outlen = 0;
    PV_VERDICT v;
    int r;

    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "rsa:2048", CODE, &out, &outlen), 1);
    /* Wrapped at 64 columns as `openssl base64` does. */
    wrapped = OPENSSL_malloc(outlen + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wrapped);
    memcpy(wrapped, out, 64);
    wrapped[64] = '\n';
    memcpy(wrapped + 65, out + 64, outlen - 64);
    r = verify("cumulocity", fx_ca("rsa:2048"), CODE, wrapped, outlen + 1, &v);
    CU_ASSERT_NOT_EQUAL(r, 1);
    FX_ASSERT_OFFSET(r == 0 ? v.reason : fx_msg(), 64);
    OPENSSL_free(wrapped);
    OPENSSL_free(out);
}

static void test_truncated(void)
{
    unsigned char *out = NULL;
    size_t outlen = 0;
    PV_VERDICT v;

    /* A copy-paste that lost its last 4 characters: 3 bytes short. */
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "rsa:2048", CODE, &out, &outlen), 1);
    CU_ASSERT_EQUAL(verify("cumulocity", fx_ca("rsa:2048"), CODE, out, outlen - 4, &v),
                    0);
    FX_ASSERT_HAS(v.reason, "256");
    OPENSSL_free(out);
    /* The same for a signature of another, smaller RSA key. */
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "rsa:2048", CODE, &out, &outlen), 1);
    CU_ASSERT_EQUAL(verify("cumulocity", fx_ca("rsa:4096"), CODE, out, outlen, &v), 0);
    FX_ASSERT_HAS(v.reason, "512");
    OPENSSL_free(out);
}

static void test_signature_is_fresh_per_call(void)
{
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;

    /* ECDSA is randomized; Ed25519 and RSA PKCS#1 v1.5 are deterministic. */
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "ec:P-256", CODE, &a, &alen), 1);
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "ec:P-256", CODE, &b, &blen), 1);
    CU_ASSERT(alen != blen || memcmp(a, b, alen) != 0);
    OPENSSL_free(a);
    OPENSSL_free(b);
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "ed25519", CODE, &a, &alen), 1);
    CU_ASSERT_EQUAL_FATAL(sign("cumulocity", "ed25519", CODE, &b, &blen), 1);
    CU_ASSERT(alen == blen && memcmp(a, b, alen) == 0);
    OPENSSL_free(a);
    OPENSSL_free(b);
}

static void test_key_not_of_ca(void)
{
    unsigned char *out = NULL;
    size_t outlen = 0;
    PV_CODE code;

    /* The self-check catches a key that does not belong to the CA. */
    make_code(CODE, &code);
    CU_ASSERT_EQUAL(pv_pop_sign(fx_env(), pv_profile_find("cumulocity"),
                                fx_key("ec:P-256"), fx_ca("ec:P-256#other"), &code, &out,
                                &outlen),
                    0);
    CU_ASSERT_PTR_NULL(out);
    OPENSSL_free(out);
    CU_ASSERT(fx_reason() == POPVERIFY_R_SELF_CHECK ||
              fx_reason() == POPVERIFY_R_KEY_MISMATCH);
}

static void test_raw_encoding_and_digest(void)
{
    PV_PROFILE raw = *pv_profile_find("generic-signature");
    unsigned char *out = NULL;
    size_t outlen = 0;
    PV_CODE code;
    PV_VERDICT v;

    /* A configured profile: raw DER bytes, SHA-384. */
    raw.name = "unit-raw";
    raw.encoding = PV_ENC_RAW;
    raw.digest = "SHA384";
    make_code(CODE, &code);
    CU_ASSERT_EQUAL_FATAL(pv_pop_sign(fx_env(), &raw, fx_key("ec:P-384"),
                                      fx_ca("ec:P-384"), &code, &out, &outlen),
                          1);
    CU_ASSERT(fx_evp_verify(fx_ca("ec:P-384"), "SHA384", (const unsigned char *)CODE,
                            strlen(CODE), out, outlen));
    CU_ASSERT(!fx_evp_verify(fx_ca("ec:P-384"), "SHA256", (const unsigned char *)CODE,
                             strlen(CODE), out, outlen));
    memset(&v, 0, sizeof(v));
    CU_ASSERT_EQUAL(
        pv_pop_verify(fx_env(), &raw, fx_ca("ec:P-384"), &code, out, outlen, &v), 1);
    CU_ASSERT_EQUAL(v.valid, 1);
    OPENSSL_free(out);
}

int fx_suite_pop(void)
{
    static const FX_TEST tests[] = {
        {"sign+verify every key, generic-signature", test_every_key_generic},
        {"sign+verify every key, cumulocity", test_every_key_cumulocity},
        {"tampered signature invalid", test_tampered},
        {"wrong code invalid", test_wrong_code},
        {"other CA invalid", test_other_ca},
        {"wrapped base64 refused at offset", test_not_base64},
        {"truncated signature: length named", test_truncated},
        {"ECDSA fresh, Ed25519 deterministic", test_signature_is_fresh_per_call},
        {"key of another CA fails self-check", test_key_not_of_ca},
        {"raw encoding, SHA-384 profile", test_raw_encoding_and_digest},
        {NULL, NULL}};

    return fx_register("pop", pop_init, NULL, tests);
}
