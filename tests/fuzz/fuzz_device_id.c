/*
 * fuzz_device_id.c - device-id rules. The first byte picks a built-in
 * profile; the rest is the id, checked against it, and also used as an
 * allowed-character set of a profile whose rules come from the input (as a
 * configured id_chars would), against each of its bytes and a few others.
 */
#include <string.h>
#include "device_id.h"
#include "fuzz.h"

/* The bytes of chars and a few others, each as an id of one character. */
static void fz_chars(const char *chars)
{
    static const char others[] = "\n\r\t -az09.:_\x7f\x80\xff";
    PV_PROFILE p;
    char id[2] = {0, 0};
    size_t i, n = strlen(chars);

    memset(&p, 0, sizeof(p));
    p.name = "fuzz";
    p.id_chars = chars;
    p.id_min = 1;
    p.id_max = 64;
    for (i = 0; i < n + sizeof(others) - 1; i++) {
        unsigned char c = (unsigned char)(i < n ? chars[i] : others[i - n]);

        id[0] = (char)c;
        fz_check(pv_check_device_id(fz_env(), &p, id) == pv_id_char_allowed(chars, c),
                 "the id rules and the character set disagree");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const PV_PROFILE *p;
    const char *id;
    size_t i;

    if (size == 0)
        return 0;
    p = pv_profile_builtin_at(data[0] % pv_profile_builtin_count());
    id = fz_string(data + 1, size - 1);
    if (pv_check_device_id(fz_env(), p, id)) {
        fz_check(strlen(id) >= p->id_min && strlen(id) <= p->id_max,
                 "an id of a length the profile refuses was accepted");
        for (i = 0; id[i] != '\0'; i++)
            fz_check(pv_id_char_allowed(p->id_chars, (unsigned char)id[i]),
                     "an id with a refused character was accepted");
    }
    fz_chars(id);
    return 0;
}
