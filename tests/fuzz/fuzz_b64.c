/*
 * fuzz_b64.c - base64 and signature text. The strict decoder accepts only
 * texts of the encoder's shape (re-encoding what it decoded gives a text of
 * the same length; only unused low bits of the last character may differ)
 * and decodes whatever the encoder writes; the same text is then checked as a
 * signature the way the platform checks one, by each CA type, as base64
 * and as raw bytes.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "b64.h"
#include "fuzz.h"
#include "pop.h"
#include "profiles.h"

static void fz_strict(const uint8_t *data, size_t size)
{
    unsigned char *bytes = NULL;
    size_t len = 0, enclen = 0, pad, last;
    char why[256], *enc;

    why[0] = '\0';
    if (!pv_b64_decode_strict((const char *)data, size, &bytes, &len, why, sizeof(why))) {
        fz_check(why[0] != '\0', "a refused base64 text without a reason");
        OPENSSL_free(bytes);
        return;
    }
    enc = pv_b64_encode(bytes, len, &enclen);
    fz_check(enc != NULL, "out of memory");
    pad = (size_t)(data[size - 1] == '=') + (size_t)(data[size - 2] == '=');
    last = size - pad - 1; /* the character whose low bits are unused when padded */
    fz_check(enclen == size && memcmp(enc, data, pad > 0 ? last : size) == 0 &&
                 memcmp(enc + last + 1, data + last + 1, pad) == 0,
             "the strict decoder accepts a text the encoder would not write");
    OPENSSL_free(enc);
    OPENSSL_free(bytes);
}

static void fz_round_trip(const uint8_t *data, size_t size)
{
    unsigned char *bytes = NULL;
    size_t len = 0, enclen = 0;
    char why[256], *enc = pv_b64_encode(data, size, &enclen);

    fz_check(enc != NULL && strlen(enc) == enclen, "an encoding of the wrong length");
    fz_check(pv_b64_decode_strict(enc, enclen, &bytes, &len, why, sizeof(why)),
             "the strict decoder refuses what the encoder wrote");
    fz_check(len == size && (size == 0 || memcmp(bytes, data, size) == 0),
             "base64 does not give the bytes back");
    OPENSSL_free(enc);
    OPENSSL_free(bytes);
}

static void fz_signature(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"rsa", "ec", "ed25519"};
    PV_PROFILE profile = *pv_profile_find("cumulocity");
    const FZ_CA *ca = fz_ca(types[size % 3]);
    PV_CODE code;
    PV_VERDICT v;

    fz_check(pv_code_canonicalize(fz_env(), (const unsigned char *)"Fuzz-Code-1", 11,
                                  "code", &code),
             "the fixed code is refused");
    if (pv_pop_verify(fz_env(), &profile, ca->cert, &code, data, size, &v))
        fz_check(!v.valid || size > 0, "an empty signature is valid");
    profile.encoding = PV_ENC_RAW;
    if (pv_pop_verify(fz_env(), &profile, ca->cert, &code, data, size, &v))
        fz_check(!v.valid || size > 0, "an empty signature is valid");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_strict(data, size);
    if (size > 0) /* an empty signature text is refused by design */
        fz_round_trip(data, size);
    fz_signature(data, size);
    return 0;
}
