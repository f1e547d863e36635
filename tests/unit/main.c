/*
 * main.c - runs the unit suites named on the command line (all without
 * arguments) and exits non-zero when anything failed.
 */
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>
#include "fixture.h"
#include "suites.h"

typedef struct {
    const char *name;
    int (*add)(void);
} FX_SUITE;

static const FX_SUITE fx_suites[] = {
    {"code", fx_suite_code},         {"b64", fx_suite_b64},
    {"profile", fx_suite_profile},   {"profile_rules", fx_suite_profile_rules},
    {"keys", fx_suite_keys},         {"pop", fx_suite_pop},
    {"vcert", fx_suite_vcert},       {"checks", fx_suite_checks},
    {"pipeline", fx_suite_pipeline}, {"profile_config", fx_suite_profile_config},
};
#define FX_NSUITES (sizeof(fx_suites) / sizeof(fx_suites[0]))

int fx_register(const char *name, int (*init)(void), int (*cleanup)(void),
                const FX_TEST *tests)
{
    CU_pSuite suite = CU_add_suite(name, init, cleanup);

    if (suite == NULL)
        return 0;
    for (; tests->name != NULL; tests++)
        if (CU_add_test(suite, tests->name, tests->fn) == NULL)
            return 0;
    return 1;
}

static int fx_add_named(const char *name)
{
    size_t i;

    for (i = 0; i < FX_NSUITES; i++)
        if (strcmp(fx_suites[i].name, name) == 0)
            return fx_suites[i].add();
    fprintf(stderr, "pv_unit_tests: unknown suite '%s'; known:", name);
    for (i = 0; i < FX_NSUITES; i++)
        fprintf(stderr, " %s", fx_suites[i].name);
    fprintf(stderr, "\n");
    return 0;
}

static int fx_add_suites(int argc, char **argv)
{
    int i;

    if (argc < 2) {
        for (i = 0; i < (int)FX_NSUITES; i++)
            if (!fx_suites[i].add())
                return 0;
        return 1;
    }
    for (i = 1; i < argc; i++)
        if (!fx_add_named(argv[i]))
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    int failed = 1;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    if (fx_add_suites(argc, argv)) {
        CU_basic_set_mode(CU_BRM_VERBOSE);
        if (CU_basic_run_tests() == CUE_SUCCESS)
            failed = CU_get_number_of_failures() != 0 ||
                     CU_get_number_of_suites_failed() != 0 ||
                     CU_get_number_of_tests_failed() != 0;
    }
    CU_cleanup_registry();
    fx_release_all();
    return failed ? 1 : 0;
}
