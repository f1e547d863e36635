/*
 * replay.c - a corpus replayed through a fuzz target without libFuzzer:
 * every file named, and every file of every directory named, is one input.
 * A crash or a broken check aborts, so ctest fails and names the input.
 *
 *   fuzz_code_replay tests/fuzz/corpus/code
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long size;
    int ok = 0;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        goto done;
    if ((data = malloc((size_t)size + 1)) == NULL ||
        fread(data, 1, (size_t)size, f) != (size_t)size)
        goto done;
    fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    ok = 1;
done:
    if (!ok)
        fprintf(stderr, "replay: cannot read %s\n", path);
    free(data);
    if (f != NULL)
        fclose(f);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir in name order, so a run is the same each time. */
static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL, path[4096];
    size_t n = 0, cap = 0, i;
    int ok = d != NULL;

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **grown = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*names));
            if (grown == NULL)
                abort();
            names = grown;
        }
        if ((names[n++] = strdup(e->d_name)) == NULL)
            abort();
    }
    if (d != NULL)
        closedir(d);
    if (n > 0)
        qsort(names, n, sizeof(*names), by_name);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        ok &= replay_file(path);
        free(names[i]);
    }
    free(names);
    *count += n;
    return ok;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, ok = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            ok &= replay_dir(argv[i], &count);
        } else {
            ok &= replay_file(argv[i]);
            count++;
        }
    }
    printf("replayed %zu input%s through %s\n", count, count == 1 ? "" : "s", argv[0]);
    return ok && count > 0 ? 0 : 1;
}
