/*
 * fuzz_lint.c - lint on a certificate file as the user has it (DER or
 * PEM, any bytes), with a built-in profile picked by the input's length and
 * the role inferred. Findings must be "CODE\tseverity\tmessage" lines and
 * the verdict valid only when none is an error.
 */
#include <string.h>
#include "fuzz.h"
#include "lint.h"

static void fz_check_findings(const PV_RESULT *res)
{
    const char *p = (const char *)res->output;
    int errors = 0;

    fz_check(p != NULL && strlen(p) == res->output_len, "findings of the wrong length");
    while (*p != '\0') {
        const char *end = strchr(p, '\n'), *tab = strchr(p, '\t');

        fz_check(end != NULL && tab != NULL && tab < end, "a finding without a code");
        errors += strncmp(tab, "\terror\t", 7) == 0;
        p = end + 1;
    }
    fz_check(res->verdict.valid == (errors == 0), "a verdict the findings contradict");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const PV_PROFILE *profile = pv_profile_builtin_at(size % pv_profile_builtin_count());
    const char *path = fz_file(data, size);
    PV_RESULT res;
    PV_ROLE role;

    memset(&res, 0, sizeof(res));
    if (pv_run_lint(fz_env(), profile, path, NULL, &res, &role))
        fz_check_findings(&res);
    pv_result_clear(&res);
    return 0;
}
