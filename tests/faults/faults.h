/*
 * faults.h - what the allocation-failure test shares: the counting
 * allocator's state, the fixtures, and the paths it runs.
 */
#ifndef PV_FAULTS_H
#define PV_FAULTS_H

#include <stddef.h>

typedef struct {
    int armed;    /* count (and fail) allocations */
    long count;   /* allocations since armed */
    long fail_at; /* this one fails; 0: none */
    int failed;   /* it was reached */
    long live;    /* allocated and not yet freed, armed or not */
} FT_MEM;

FT_MEM *ft_mem_state(void);

/* What one run said. */
typedef struct {
    int errors;
    int bad_message; /* an error or note that was empty or not one line */
    char msg[768];
} FT_LOG;

typedef struct {
    const char *name;
    int (*run)(FT_LOG *log); /* 1 done, 0 failed */
} FT_PATH;

const FT_PATH *ft_path(const char *name);
const char *ft_path_names(void);

/* paths.c: a CA (EC P-256), its key, a signature, in a temp directory. */
int ft_fixtures_make(void);
void ft_fixtures_free(void);

/* The fixtures' files and the base64 signature of the code. */
const char *ft_fixture_ca(void);
const char *ft_fixture_key(void);
const unsigned char *ft_fixture_sig(size_t *len);

/* op_paths.c: the provider registered as a built-in, and the same paths
 * through its popverify operation (errors from the OpenSSL error queue). */
int ft_op_load(void);
void ft_op_unload(void);
int ft_op_sign(FT_LOG *log);
int ft_op_vcert(FT_LOG *log);
int ft_op_issue(FT_LOG *log);
int ft_op_doctor(FT_LOG *log);

/* Checks a message: one non-empty line. */
void ft_log_message(FT_LOG *log, const char *msg, int is_error);

#endif
