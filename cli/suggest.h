/*
 * suggest.h - the closest name to a mistyped command or option, for
 * "did you mean ...?", and the options openssl users type out of habit.
 */
#ifndef PV_CLI_SUGGEST_H
#define PV_CLI_SUGGEST_H

#include <getopt.h>
#include <stddef.h>

/* Edits (insert, delete, replace, swap two neighbours) from a to b. */
size_t pv_edit_distance(const char *a, size_t alen, const char *b);

/* The name of names[] closest to word[0..len), or NULL when none is close. */
const char *pv_nearest(const char *word, size_t len, const char *const *names, size_t n);

/* Likewise over a getopt_long table (its names, without "--"). */
const char *pv_nearest_option(const char *word, size_t len,
                              const struct option *longopts);

/* The long option of longopts named name[0..len), or NULL. */
const struct option *pv_find_option(const char *name, size_t len,
                                    const struct option *longopts);

/* The option of longopts that name[0..len) is, or abbreviates uniquely, or NULL. */
const struct option *pv_match_option(const char *name, size_t len,
                                     const struct option *longopts);

/*
 * What an openssl user means by -NAME (without the dash, len bytes): the
 * long option of longopts to suggest ("passin", "code-file", ...), "config"
 * for the global --config, else with nearest the closest name, or NULL.
 */
const char *pv_openssl_option(const char *name, size_t len, const struct option *longopts,
                              int nearest);

#endif
