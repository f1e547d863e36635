/*
 * test_code.c - the canonical verification code: what is stripped (and
 * noted), what is refused (naming byte and offset), and each profile's shape.
 */
#include <string.h>
#include <popverify.h>
#include "code.h"
#include "fixture.h"
#include "suites.h"

#define SRC "verification_code.txt"

static int canon(const char *in, size_t len, PV_CODE *out)
{
    fx_reset();
    memset(out, 0x5a, sizeof(*out));
    return pv_code_canonicalize(fx_env(), (const unsigned char *)in, len, SRC, out);
}

/* The input is accepted and comes out as want, with or without notes. */
static void expect_code(const char *in, size_t len, const char *want, int noted)
{
    PV_CODE code;

    CU_ASSERT_EQUAL_FATAL(canon(in, len, &code), 1);
    CU_ASSERT_EQUAL(fx_errors(), 0);
    CU_ASSERT_EQUAL(code.len, strlen(want));
    CU_ASSERT_STRING_EQUAL(code.text, want);
    CU_ASSERT_EQUAL(code.text[code.len], '\0');
    if (noted) {
        CU_ASSERT(fx_notes() >= 1);
        FX_ASSERT_HAS(fx_note_log(), SRC);
    } else {
        CU_ASSERT_EQUAL(fx_notes(), 0);
    }
}

/* The input is refused as a bad code; the message names the input. */
static void expect_bad(const char *in, size_t len)
{
    PV_CODE code;

    CU_ASSERT_EQUAL(canon(in, len, &code), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_BAD_CODE);
    CU_ASSERT_EQUAL(fx_errors(), 1);
    FX_ASSERT_MSG_HAS(SRC);
}

static void test_plain(void)
{
    expect_code("7HJK2PQR", 8, "7HJK2PQR", 0);
    expect_code("a b-c_d.e", 9, "a b-c_d.e", 0);
}

static void test_trailing_lf(void)
{
    expect_code("7HJK2PQR\n", 9, "7HJK2PQR", 1);
    FX_ASSERT_HAS(fx_note_log(), "LF");
    expect_code("7HJK2PQR\n\n", 10, "7HJK2PQR", 1);
}

static void test_crlf(void)
{
    expect_code("7HJK2PQR\r\n", 10, "7HJK2PQR", 1);
    FX_ASSERT_HAS(fx_note_log(), "CR");
    expect_code("7HJK2PQR\r", 9, "7HJK2PQR", 1);
}

static void test_bom(void)
{
    expect_code("\xEF\xBB\xBF"
                "7HJK2PQR",
                11, "7HJK2PQR", 1);
    FX_ASSERT_HAS(fx_note_log(), "byte order mark");
}

static void test_spaces_tabs(void)
{
    expect_code("  7HJK2PQR", 10, "7HJK2PQR", 1);
    expect_code("7HJK2PQR\t ", 10, "7HJK2PQR", 1);
    expect_code("\t 7HJK 2PQR \t", 13, "7HJK 2PQR", 1);
}

static void test_everything_stripped_at_once(void)
{
    const char in[] = "\xEF\xBB\xBF  7HJK2PQR \t\r\n";

    expect_code(in, sizeof(in) - 1, "7HJK2PQR", 1);
    /* BOM, spaces and line ending are different adjustments, each noted. */
    CU_ASSERT(fx_notes() >= 2);
}

static void test_empty(void)
{
    expect_bad("", 0);
    FX_ASSERT_MSG_HAS("empty");
    expect_bad(" \t\r\n", 4);
    FX_ASSERT_MSG_HAS("empty");
    expect_bad("\xEF\xBB\xBF\n", 4);
}

static void test_smart_quotes(void)
{
    /* A left double quote pasted from a word processor, at offset 2. */
    expect_bad("AB\xE2\x80\x9C"
               "CD",
               7);
    FX_ASSERT_MSG_HAS("E2");
    FX_ASSERT_OFFSET(fx_msg(), 2);
}

static void test_offset_counts_from_input_start(void)
{
    /* Offsets name the byte in the input as given, before stripping. */
    expect_bad("  AB\xE2\x80\x9D", 7);
    FX_ASSERT_MSG_HAS("E2");
    FX_ASSERT_OFFSET(fx_msg(), 4);
}

static void test_nul(void)
{
    expect_bad("ABC\0DEF", 7);
    FX_ASSERT_MSG_HAS("00");
    FX_ASSERT_OFFSET(fx_msg(), 3);
}

static void test_inner_newline(void)
{
    expect_bad("ABCDE\nFGH", 9);
    FX_ASSERT_OFFSET(fx_msg(), 5);
    expect_bad("AB\r\nCD\n", 7);
    FX_ASSERT_OFFSET(fx_msg(), 2);
}

static void test_other_bytes(void)
{
    expect_bad("AB\x7F", 3);
    FX_ASSERT_MSG_HAS("7F");
    FX_ASSERT_OFFSET(fx_msg(), 2);
    expect_bad("\xFF"
               "AB",
               3);
    FX_ASSERT_MSG_HAS("FF");
    FX_ASSERT_OFFSET(fx_msg(), 0);
    expect_bad("A\x01"
               "B",
               3);
    FX_ASSERT_OFFSET(fx_msg(), 1);
}

static void test_max_length(void)
{
    char buf[PV_CODE_MAX + 2];

    memset(buf, 'A', sizeof(buf));
    buf[PV_CODE_MAX + 1] = '\0';
    expect_bad(buf, PV_CODE_MAX + 1);
    FX_ASSERT_MSG_HAS("513");
    FX_ASSERT_MSG_HAS("512");
    buf[PV_CODE_MAX] = '\0';
    expect_code(buf, PV_CODE_MAX, buf, 0);
}

static void test_max_length_after_stripping(void)
{
    char buf[PV_CODE_MAX + 1];

    /* 512 bytes of code plus a newline is still a 512-byte code. */
    memset(buf, 'A', PV_CODE_MAX);
    buf[PV_CODE_MAX] = '\n';
    {
        PV_CODE code;

        CU_ASSERT_EQUAL(canon(buf, sizeof(buf), &code), 1);
        CU_ASSERT_EQUAL(code.len, PV_CODE_MAX);
    }
}

/* Canonicalize, then apply the profile's rules. */
static int check(const char *profile, const char *in)
{
    const PV_PROFILE *p = pv_profile_find(profile);
    PV_CODE code;

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    if (!canon(in, strlen(in), &code))
        return -1;
    fx_reset();
    return pv_code_check_profile(fx_env(), &code, p, SRC);
}

static void expect_profile_bad(const char *profile, const char *in)
{
    CU_ASSERT_EQUAL(check(profile, in), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_BAD_CODE);
    CU_ASSERT_EQUAL(fx_errors(), 1);
    FX_ASSERT_MSG_HAS(SRC);
}

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_azure_hex_40_to_48(void)
{
    const char *names[] = {"azure-dps", "azure-iothub"};
    char buf[80];
    size_t i;

    for (i = 0; i < 2; i++) {
        snprintf(buf, sizeof(buf), "%.40s", HEX64);
        CU_ASSERT_EQUAL(check(names[i], buf), 1);
        snprintf(buf, sizeof(buf), "%.48s",
                 "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718");
        CU_ASSERT_EQUAL(check(names[i], buf), 1);
        snprintf(buf, sizeof(buf), "%.39s", HEX64);
        expect_profile_bad(names[i], buf);
        FX_ASSERT_MSG_HAS("39");
        snprintf(buf, sizeof(buf), "%.49s", HEX64);
        expect_profile_bad(names[i], buf);
        FX_ASSERT_MSG_HAS("49");
    }
}

static void test_aws_hex_64(void)
{
    char buf[80];

    CU_ASSERT_EQUAL(check("aws-iot", HEX64), 1);
    snprintf(buf, sizeof(buf), "%.63s", HEX64);
    expect_profile_bad("aws-iot", buf);
    FX_ASSERT_MSG_HAS("64");
    snprintf(buf, sizeof(buf), "%sa", HEX64);
    expect_profile_bad("aws-iot", buf);
    FX_ASSERT_MSG_HAS("64");
}

/* GetRegistrationCode: Pattern (0x)?[a-fA-F0-9]+, fixed length 64; the prefix stays. */
static void test_aws_0x_prefix(void)
{
    char buf[80];

    snprintf(buf, sizeof(buf), "0x%.62s", HEX64);
    CU_ASSERT_EQUAL(check("aws-iot", buf), 1);
    snprintf(buf, sizeof(buf), "0X%.62s", HEX64); /* the pattern says 0x */
    expect_profile_bad("aws-iot", buf);
    FX_ASSERT_OFFSET(fx_msg(), 1);
    snprintf(buf, sizeof(buf), "0x%.64s", HEX64); /* 66 characters */
    expect_profile_bad("aws-iot", buf);
    FX_ASSERT_MSG_HAS("exactly 64");
    snprintf(buf, sizeof(buf), "0x%.62s", HEX64); /* Azure has no 0x */
    buf[44] = '\0';
    expect_profile_bad("azure-dps", buf);
}

/* A refusal by a rule no platform publishes says so and how to relax it. */
static void test_default_rule_says_so(void)
{
    expect_profile_bad("azure-iothub", "0123456789abcdef");
    FX_ASSERT_MSG_HAS("popverify's default");
    FX_ASSERT_MSG_HAS("base = azure-iothub");
    FX_ASSERT_MSG_HAS("code_min = 16");
    expect_profile_bad("aws-iot", "0123456789abcdef");
    CU_ASSERT_PTR_NULL(strstr(fx_msg(), "popverify's default")); /* AWS publishes it */
}

static void test_non_hex_names_offset(void)
{
    char buf[80];

    snprintf(buf, sizeof(buf), "%s", HEX64);
    buf[17] = 'g';
    expect_profile_bad("aws-iot", buf);
    FX_ASSERT_OFFSET(fx_msg(), 17);
    snprintf(buf, sizeof(buf), "%.44s", HEX64);
    buf[0] = ' ';
    buf[1] = 'x';
    /* The leading space is stripped first, so x sits at offset 0 of the code. */
    CU_ASSERT_EQUAL(check("azure-dps", buf), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_BAD_CODE);
}

static void test_generic_vcert_cn_limit(void)
{
    char buf[80];

    memset(buf, 'Z', 64);
    buf[64] = '\0';
    CU_ASSERT_EQUAL(check("generic-vcert", buf), 1);
    buf[64] = 'Z';
    buf[65] = '\0';
    expect_profile_bad("generic-vcert", buf);
    FX_ASSERT_MSG_HAS("64");
    CU_ASSERT_EQUAL(check("generic-vcert", "any printable code: ok!"), 1);
}

static void test_generic_signature_any_printable(void)
{
    char buf[PV_CODE_MAX + 1];

    CU_ASSERT_EQUAL(check("generic-signature", "Hello, World! ~{}"), 1);
    CU_ASSERT_EQUAL(check("cumulocity", "sKx9-PoP_code.42"), 1);
    memset(buf, 'q', PV_CODE_MAX);
    buf[PV_CODE_MAX] = '\0';
    CU_ASSERT_EQUAL(check("generic-signature", buf), 1);
}

static void test_code_read(void)
{
    const PV_PROFILE *aws = pv_profile_find("aws-iot");
    PV_CODE code;

    /* Canonicalize and check the profile in one step; NULL is no code at all. */
    fx_reset();
    CU_ASSERT_EQUAL(pv_code_read(fx_env(), aws, NULL, 0, SRC, &code), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_USAGE);
    fx_reset();
    CU_ASSERT_EQUAL(
        pv_code_read(fx_env(), aws, (const unsigned char *)HEX64 "\n", 65, SRC, &code),
        1);
    CU_ASSERT_STRING_EQUAL(code.text, HEX64);
    CU_ASSERT_EQUAL(fx_notes(), 1);
    fx_reset();
    CU_ASSERT_EQUAL(
        pv_code_read(fx_env(), aws, (const unsigned char *)"abc", 3, SRC, &code), 0);
    FX_ASSERT_ERROR(POPVERIFY_R_BAD_CODE);
}

int fx_suite_code(void)
{
    static const FX_TEST tests[] = {
        {"plain code", test_plain},
        {"trailing LF stripped and noted", test_trailing_lf},
        {"CRLF stripped and noted", test_crlf},
        {"UTF-8 BOM stripped and noted", test_bom},
        {"surrounding spaces and tabs stripped", test_spaces_tabs},
        {"all strips at once", test_everything_stripped_at_once},
        {"empty code refused", test_empty},
        {"smart quotes: byte and offset", test_smart_quotes},
        {"offset counts from input start", test_offset_counts_from_input_start},
        {"NUL: offset", test_nul},
        {"inner newline: offset", test_inner_newline},
        {"DEL, 0xFF, control bytes", test_other_bytes},
        {"PV_CODE_MAX bound", test_max_length},
        {"PV_CODE_MAX after stripping", test_max_length_after_stripping},
        {"azure: 40..48 hex", test_azure_hex_40_to_48},
        {"aws-iot: exactly 64 hex", test_aws_hex_64},
        {"aws-iot: the documented 0x prefix", test_aws_0x_prefix},
        {"popverify defaults say so", test_default_rule_says_so},
        {"hex profile: non-hex offset", test_non_hex_names_offset},
        {"generic-vcert: 64 limit", test_generic_vcert_cn_limit},
        {"signature profiles: printable", test_generic_signature_any_printable},
        {"pv_code_read", test_code_read},
        {NULL, NULL}};

    return fx_register("code", NULL, NULL, tests);
}
