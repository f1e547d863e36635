/*
 * fuzz_doctor.c - doctor on a code and a signature, as `popverify doctor
 * --ca-cert CA [--ca-key KEY] --code C --signature S` gets them. Input:
 *
 *   byte 0   bits 0-1 the CA (rsa, ec, ed25519, ec), bit 2 the CA key too,
 *            bits 3-7 the built-in profile (modulo their number)
 *   byte 1   the length L of the code
 *   L bytes  the code as given
 *   rest     the signature text as given
 *
 * The findings must be lines of six TAB-separated fields, and the verdict
 * "accepted" only when no finding is an error.
 */
#include <string.h>
#include "doctor.h"
#include "fuzz.h"
#include "profiles.h"

static void fz_check_findings(const PV_RESULT *res)
{
    const char *p = (const char *)res->output;
    int errors = 0;

    fz_check(p != NULL && strlen(p) == res->output_len, "findings of the wrong length");
    while (*p != '\0') {
        const char *end = strchr(p, '\n'), *q;
        int tabs = 0;

        fz_check(end != NULL, "a finding without a line end");
        for (q = p; q < end; q++)
            tabs += *q == '\t';
        fz_check(tabs == 5, "a finding without its six fields");
        errors += strncmp(strchr(p, '\t'), "\terror\t", 7) == 0;
        p = end + 1;
    }
    /* Without errors it may still be "incomplete": not every check could run. */
    fz_check(!res->verdict.valid || errors == 0, "a verdict the findings contradict");
    fz_check(res->verdict.reason[0] != '\0', "a diagnosis without a verdict");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"rsa", "ec", "ed25519", "ec"};
    PV_REQUEST req;
    PV_RESULT res;
    const FZ_CA *ca;
    size_t codelen;

    if (size < 2 || (size_t)data[1] > size - 2)
        return 0;
    ca = fz_ca(types[data[0] & 3]);
    codelen = data[1];
    memset(&req, 0, sizeof(req));
    memset(&res, 0, sizeof(res));
    req.profile =
        pv_profile_builtin_at((size_t)(data[0] >> 3) % pv_profile_builtin_count());
    req.ca_cert = ca->cert_path;
    req.ca_key = data[0] & 4 ? ca->key_path : NULL;
    req.code = data + 2;
    req.code_len = codelen;
    req.code_source = "--code";
    req.signature = data + 2 + codelen;
    req.signature_len = size - 2 - codelen;
    req.signature_source = "--signature";
    if (pv_run_doctor(fz_env(), &req, &res))
        fz_check_findings(&res);
    pv_result_clear(&res);
    return 0;
}
