/*
 * suites.h - each test file registers one CUnit suite; main.c picks them by
 * name so ctest can run groups of suites as separate tests.
 */
#ifndef PV_UNIT_SUITES_H
#define PV_UNIT_SUITES_H

int fx_suite_code(void);
int fx_suite_b64(void);
int fx_suite_profile(void);
int fx_suite_profile_config(void);
int fx_suite_profile_rules(void);
int fx_suite_keys(void);
int fx_suite_pop(void);
int fx_suite_vcert(void);
int fx_suite_checks(void);
int fx_suite_pipeline(void);

/* One test of a suite table. */
typedef struct {
    const char *name;
    void (*fn)(void);
} FX_TEST;

/* Register a suite and its tests; returns 1 on success. */
int fx_register(const char *name, int (*init)(void), int (*cleanup)(void),
                const FX_TEST *tests);

#endif
