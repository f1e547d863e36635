/* no_deepbind.c - test-only LD_PRELOAD shim for the sanitizer build.
 *
 * pkcs11-provider (1.0 in Debian) dlopen()s the PKCS#11 module with
 * RTLD_DEEPBIND, and AddressSanitizer refuses that outright ("You are trying
 * to dlopen ... with RTLD_DEEPBIND flag which is incompatible with sanitizer
 * runtime", google/sanitizers#611). This shim clears the flag so the
 * instrumented popverify CLI can load libsofthsm2.so. It is preloaded into
 * that CLI only, by run_pkcs11.sh, and only in the POPVERIFY_SANITIZE build;
 * it is built without instrumentation. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int mode)
{
    static void *(*next)(const char *, int);

    if (next == NULL)
        next = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    if (next == NULL)
        return NULL;
    return next(file, mode & ~RTLD_DEEPBIND);
}
