/*
 * test_b64.c - base64 as platforms read it: RFC 4648 vectors, round trips,
 * and strict refusal of everything else with the offset named.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "b64.h"
#include "fixture.h"
#include "suites.h"

/* RFC 4648 section 10. */
static const char *const vec_plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const vec_b64[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};

static void test_rfc4648_encode(void)
{
    size_t i, len;
    char *out;

    for (i = 0; i < 7; i++) {
        len = 12345;
        out = pv_b64_encode((const unsigned char *)vec_plain[i], strlen(vec_plain[i]),
                            &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        CU_ASSERT_STRING_EQUAL(out, vec_b64[i]);
        CU_ASSERT_EQUAL(len, strlen(vec_b64[i]));
        OPENSSL_free(out);
    }
}

static void test_rfc4648_decode(void)
{
    unsigned char *out;
    size_t i, len;
    char why[256];

    for (i = 1; i < 7; i++) {
        out = NULL;
        why[0] = '\0';
        CU_ASSERT_EQUAL_FATAL(pv_b64_decode_strict(vec_b64[i], strlen(vec_b64[i]), &out,
                                                   &len, why, sizeof(why)),
                              1);
        CU_ASSERT_EQUAL(len, strlen(vec_plain[i]));
        CU_ASSERT(out != NULL && memcmp(out, vec_plain[i], len) == 0);
        OPENSSL_free(out);
    }
}

static void test_binary_alphabet(void)
{
    /* Bytes that hit '+' and '/' in the standard alphabet. */
    static const unsigned char bin[] = {0xfb, 0xff, 0xbf, 0xfe};
    unsigned char *out = NULL;
    size_t len;
    char *enc = pv_b64_encode(bin, sizeof(bin), &len);
    char why[256];

    CU_ASSERT_PTR_NOT_NULL_FATAL(enc);
    CU_ASSERT_STRING_EQUAL(enc, "+/+//g==");
    CU_ASSERT_EQUAL(pv_b64_decode_strict(enc, len, &out, &len, why, sizeof(why)), 1);
    CU_ASSERT(len == sizeof(bin) && memcmp(out, bin, len) == 0);
    OPENSSL_free(out);
    OPENSSL_free(enc);
}

static void round_trip(size_t n)
{
    unsigned char in[1024], *out = NULL;
    size_t enclen = 0, declen = 0;
    char *enc, why[256];

    CU_ASSERT_FATAL(n <= sizeof(in));
    CU_ASSERT_FATAL(RAND_bytes(in, (int)n) == 1 || n == 0);
    enc = pv_b64_encode(in, n, &enclen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(enc);
    CU_ASSERT_EQUAL(enclen, 4 * ((n + 2) / 3));
    CU_ASSERT_EQUAL(strlen(enc), enclen);
    CU_ASSERT_PTR_NULL(strpbrk(enc, "\r\n -_"));
    if (n > 0) {
        CU_ASSERT_EQUAL(
            pv_b64_decode_strict(enc, enclen, &out, &declen, why, sizeof(why)), 1);
        CU_ASSERT(declen == n && out != NULL && memcmp(out, in, n) == 0);
    }
    OPENSSL_free(out);
    OPENSSL_free(enc);
}

static void test_round_trips(void)
{
    size_t n;
    unsigned char r;

    for (n = 0; n <= 70; n++)
        round_trip(n);
    /* Signature sizes: ECDSA up to 139, RSA 256..512; no line wrapping at 64/76. */
    round_trip(139);
    round_trip(256);
    round_trip(512);
    for (n = 0; n < 20; n++) {
        CU_ASSERT_FATAL(RAND_bytes(&r, 1) == 1);
        round_trip(100 + (size_t)r * 2);
    }
}

/* Refused, and why names the offset of the first bad byte. */
static void expect_refused(const char *in, size_t offset)
{
    unsigned char *out = NULL;
    size_t len = 0;
    char why[256] = "";

    CU_ASSERT_EQUAL(pv_b64_decode_strict(in, strlen(in), &out, &len, why, sizeof(why)),
                    0);
    CU_ASSERT_PTR_NULL(out);
    OPENSSL_free(out);
    CU_ASSERT(why[0] != '\0');
    if (offset != (size_t)-1)
        FX_ASSERT_OFFSET(why, offset);
}

static void test_line_breaks(void)
{
    expect_refused("Zm9v\nYmFy", 4);
    expect_refused("Zm9v\r\nYmFy", 4);
    expect_refused("Zm9vYmFy\n", 8);
    expect_refused("Zm9v YmFy", 4);
    expect_refused("\tZm9vYmFy", 0);
}

/* What a shell redirect leaves: told apart from wrapping and from bad padding. */
static void test_trailing_line_end(void)
{
    const char *cases[] = {"Zm9vYmFy\n", "Zm9vYg==\n", "Zm9vYg==\r\n"};
    unsigned char *out = NULL;
    size_t i, len = 0;
    char why[256];

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        CU_ASSERT_EQUAL(pv_b64_decode_strict(cases[i], strlen(cases[i]), &out, &len, why,
                                             sizeof(why)),
                        0);
        FX_ASSERT_HAS(why, "ends with a line break");
        FX_ASSERT_LACKS(why, "padding in the middle");
    }
    CU_ASSERT_EQUAL(
        pv_b64_decode_strict("Zm9v\nYmFy\n", 10, &out, &len, why, sizeof(why)), 0);
    FX_ASSERT_LACKS(why,
                    "ends with a line break"); /* wrapped, not just saved with a LF */
    CU_ASSERT_PTR_NULL(out);
}

static void test_url_safe_alphabet(void)
{
    expect_refused("-_-_", 0);
    expect_refused("Zm9v-g==", 4);
    expect_refused("Zm9v+_==", 5);
}

static void test_missing_padding(void)
{
    unsigned char *out = NULL;
    size_t len;
    char why[256] = "";

    expect_refused("Zg", (size_t)-1);
    expect_refused("Zm8", (size_t)-1);
    expect_refused("Zm9vYg", (size_t)-1);
    CU_ASSERT_EQUAL(pv_b64_decode_strict("Zm8", 3, &out, &len, why, sizeof(why)), 0);
    FX_ASSERT_HAS(why, "pad");
    OPENSSL_free(out);
}

static void test_bad_characters(void)
{
    expect_refused("Zm9*", 3);
    expect_refused("Zm9vYm\x80y", 6);
    expect_refused("\"Zm9v\"", 0);
    expect_refused("Zm9vYmFy\xE2\x80\x9D", 8);
}

static void test_bad_padding(void)
{
    expect_refused("Zg===", (size_t)-1);
    expect_refused("Z===", (size_t)-1);
    expect_refused("Zg==Zm8=", (size_t)-1);
    expect_refused("=Zm8", 0);
}

static void test_length_is_bounded(void)
{
    unsigned char *out = NULL;
    size_t len;
    char why[4];

    /* A short why buffer is truncated, not overrun. */
    CU_ASSERT_EQUAL(pv_b64_decode_strict("Zm9v\n", 5, &out, &len, why, sizeof(why)), 0);
    CU_ASSERT(memchr(why, '\0', sizeof(why)) != NULL);
    OPENSSL_free(out);
    /* inlen, not the NUL, decides what is read. */
    CU_ASSERT_EQUAL(pv_b64_decode_strict("Zm9vYmFy", 4, &out, &len, why, sizeof(why)), 1);
    CU_ASSERT(len == 3 && memcmp(out, "foo", 3) == 0);
    OPENSSL_free(out);
}

int fx_suite_b64(void)
{
    static const FX_TEST tests[] = {
        {"RFC 4648 encode vectors", test_rfc4648_encode},
        {"RFC 4648 decode vectors", test_rfc4648_decode},
        {"standard alphabet + and /", test_binary_alphabet},
        {"round trips, one line", test_round_trips},
        {"line breaks and spaces refused", test_line_breaks},
        {"a trailing line end is named as such", test_trailing_line_end},
        {"URL-safe alphabet refused", test_url_safe_alphabet},
        {"missing padding refused", test_missing_padding},
        {"bad characters refused", test_bad_characters},
        {"bad padding refused", test_bad_padding},
        {"bounded buffers", test_length_is_bounded},
        {NULL, NULL}};

    return fx_register("b64", NULL, NULL, tests);
}
