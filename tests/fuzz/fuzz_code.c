/*
 * fuzz_code.c - the code canonicaliser on any bytes: a code that comes out
 * is 1..PV_CODE_MAX printable ASCII bytes, exactly the input's bytes at
 * start, and canonical already (a second pass changes nothing); then every
 * built-in profile's own rules are checked on it.
 */
#include <string.h>
#include "code.h"
#include "fuzz.h"

static void fz_canonical_again(const PV_CODE *code)
{
    PV_CODE again;

    fz_check(pv_code_canonicalize(fz_env(), (const unsigned char *)code->text, code->len,
                                  "again", &again),
             "a canonical code is refused when given again");
    fz_check(again.len == code->len && memcmp(again.text, code->text, code->len) == 0,
             "a canonical code changes when given again");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    PV_CODE code;
    size_t i;

    if (!pv_code_canonicalize(fz_env(), data, size, "--code", &code))
        return 0;
    fz_check(code.len >= 1 && code.len <= PV_CODE_MAX, "a code length out of bounds");
    fz_check(code.text[code.len] == '\0', "a code not NUL-terminated");
    fz_check(code.start + code.len <= size &&
                 memcmp(code.text, data + code.start, code.len) == 0,
             "a code that is not the input's bytes at start");
    for (i = 0; i < code.len; i++)
        fz_check(code.text[i] >= 0x20 && code.text[i] < 0x7F, "a code not printable");
    fz_canonical_again(&code);
    for (i = 0; i < pv_profile_builtin_count(); i++) {
        const PV_PROFILE *p = pv_profile_builtin_at(i);
        PV_CODE read;

        pv_code_check_profile(fz_env(), &code, p, "--code");
        if (pv_code_read(fz_env(), p, data, size, "--code", &read))
            fz_check(read.len == code.len && memcmp(read.text, code.text, code.len) == 0,
                     "pv_code_read and pv_code_canonicalize disagree");
    }
    return 0;
}
