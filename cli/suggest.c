/*
 * suggest.c - the closest name to a mistyped command or option (optimal
 * string alignment distance), and what openssl's single-dash options are
 * called here.
 */
#include <string.h>
#include "suggest.h"

/* Names longer than this are never close to anything a user types. */
#define PV_NAME_MAX 32

size_t pv_edit_distance(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b), d[PV_NAME_MAX + 1][PV_NAME_MAX + 1], i, j, best;

    if (alen > PV_NAME_MAX || blen > PV_NAME_MAX)
        return (size_t)-1;
    for (i = 0; i <= alen; i++)
        d[i][0] = i;
    for (j = 0; j <= blen; j++)
        d[0][j] = j;
    for (i = 1; i <= alen; i++) {
        for (j = 1; j <= blen; j++) {
            best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[alen][blen];
}

/* Close: at most one edit in three characters, and at most 3. */
static int close_enough(size_t distance, size_t len)
{
    size_t limit = len / 3 > 3 ? 3 : len / 3;

    return distance <= (limit < 1 ? 1 : limit);
}

const char *pv_nearest(const char *word, size_t len, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t i, d, best_d = (size_t)-1;

    for (i = 0; i < n; i++) {
        d = pv_edit_distance(word, len, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best != NULL && close_enough(best_d, len) ? best : NULL;
}

const char *pv_nearest_option(const char *word, size_t len, const struct option *longopts)
{
    const char *names[64];
    size_t n = 0;

    for (; longopts->name != NULL && n < sizeof(names) / sizeof(names[0]); longopts++)
        names[n++] = longopts->name;
    return pv_nearest(word, len, names, n);
}

const struct option *pv_find_option(const char *name, size_t len,
                                    const struct option *longopts)
{
    for (; longopts->name != NULL; longopts++)
        if (strlen(longopts->name) == len && strncmp(longopts->name, name, len) == 0)
            return longopts;
    return NULL;
}

const struct option *pv_match_option(const char *name, size_t len,
                                     const struct option *longopts)
{
    const struct option *exact = pv_find_option(name, len, longopts), *found = NULL;

    if (exact != NULL || len == 0)
        return exact;
    for (; longopts->name != NULL; longopts++) {
        if (strncmp(longopts->name, name, len) != 0)
            continue;
        if (found != NULL)
            return NULL;
        found = longopts;
    }
    return found;
}

/* openssl's name, then what popverify calls it, in the order tried. */
static const char *const openssl_names[][3] = {
    {"in", "code-file", "csr"}, /* dgst/pkeyutl: the code; x509 -req: the CSR */
    {"inkey", "ca-key", NULL},
    {"key", "ca-key", NULL},
    {"CAkey", "ca-key", NULL},
    {"signkey", "ca-key", NULL},
    {"CA", "ca-cert", NULL},
    {"CAfile", "ca-cert", NULL},
    {"subj", "subject", NULL},
    {"signature", "signature-file", NULL},
    {"sigfile", "signature-file", NULL},
};

const char *pv_openssl_option(const char *name, size_t len, const struct option *longopts,
                              int nearest)
{
    const struct option *same = pv_find_option(name, len, longopts);
    size_t i, j;

    if (same != NULL)
        return same->name;
    if (len == 6 && strncmp(name, "config", 6) == 0)
        return "config";
    for (i = 0; i < sizeof(openssl_names) / sizeof(openssl_names[0]); i++) {
        if (strlen(openssl_names[i][0]) != len || strncmp(openssl_names[i][0], name, len))
            continue;
        for (j = 1; j < 3 && openssl_names[i][j] != NULL; j++)
            if (pv_find_option(openssl_names[i][j], strlen(openssl_names[i][j]),
                               longopts))
                return openssl_names[i][j];
    }
    return nearest ? pv_nearest_option(name, len, longopts) : NULL;
}
