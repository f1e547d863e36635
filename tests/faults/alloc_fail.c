/*
 * alloc_fail.c - the core's sign, vcert, issue and doctor paths, and the
 * same through the provider's popverify operation, each run with its N-th
 * allocation failing, for N = 1, 2, ... until a run completes without
 * reaching N. Each N runs in a child process, so one crash does not hide
 * the rest, and must end cleanly: success or an error with a reason and a
 * one-line message, and every block it allocated freed.
 *
 *   pv_alloc_fail [--own] PATH [N [M]]
 *       PATH: sign, vcert, issue-root, issue-device, doctor, op-sign, op-vcert,
 *       op-issue, op-doctor; only allocations N..M fail (to debug one);
 *       --own: only the allocations popverify's own code makes count (and
 *       fail), for the paths whose libcrypto part another path sweeps already
 *
 * Blocks carry the source file that asked for them, so a fault is put where
 * it belongs. popverify's: a crash in its code, a failure without an error,
 * a block it allocated left behind, anything left behind when the failing
 * allocation was its own. libcrypto's own: a crash inside libcrypto, or
 * libcrypto blocks left behind when an allocation inside libcrypto failed;
 * those are counted and shown, and do not fail the test.
 *
 * CRYPTO_set_mem_functions must come before any other OpenSSL call, so it
 * is the first thing main does; the fixtures are made after it, with no
 * allocation failing. PV_ALLOC_FAIL_VERBOSE=1 names each failing site.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include "faults.h"

/* Child exit statuses. */
enum {
    FT_CLEAN = 0,      /* the failure was reached and handled */
    FT_FAULT = 1,      /* popverify mishandled it (said on stderr) */
    FT_COMPLETE = 2,   /* not reached: the path ran to its end */
    FT_LIB_LEAK = 4,   /* handled, libcrypto left blocks of its own */
    FT_LIB_CRASH = 90, /* a crash inside libcrypto */
    FT_OWN_CRASH = 91  /* a crash in popverify */
};

typedef union ft_head_u {
    struct {
        union ft_head_u *prev, *next;
        const char *file;
        int line;
        long run; /* the run that allocated it, 0 for none */
    } h;
    max_align_t align;
} FT_HEAD;

static FT_MEM ft_mem;
static FT_HEAD ft_blocks; /* the list of live blocks */
static long ft_run_id;    /* runs so far */
static int ft_own_only;   /* --own: only popverify's own allocations count and fail */
static const char *ft_fail_file;
static int ft_fail_line;

const char *__asan_default_options(void);
/* libcrypto's own crashes are told apart by the handler below, not by ASan. */
const char *__asan_default_options(void)
{
    return "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1";
}

FT_MEM *ft_mem_state(void)
{
    return &ft_mem;
}

static int ft_is_ours(const char *file)
{
    return file != NULL && strncmp(file, FT_SOURCE_DIR, strlen(FT_SOURCE_DIR)) == 0;
}

/*
 * Blocks libcrypto keeps on purpose, past the call that made them: the
 * thread's error queue and its texts, and the method cache (a property
 * query a failed run asked for). They are not a run's leftovers.
 */
static int ft_is_cache(const char *file)
{
    static const char *const caches[] = {"crypto/err/", "crypto/property/",
                                         "crypto/lhash/"};
    size_t i;

    for (i = 0; file != NULL && i < sizeof(caches) / sizeof(caches[0]); i++)
        if (strstr(file, caches[i]) != NULL)
            return 1;
    return 0;
}

static void ft_link(FT_HEAD *b)
{
    if (ft_blocks.h.next == NULL)
        ft_blocks.h.next = ft_blocks.h.prev = &ft_blocks;
    b->h.next = ft_blocks.h.next;
    b->h.prev = &ft_blocks;
    ft_blocks.h.next->h.prev = b;
    ft_blocks.h.next = b;
    ft_mem.live++;
}

static void ft_unlink(FT_HEAD *b)
{
    b->h.prev->h.next = b->h.next;
    b->h.next->h.prev = b->h.prev;
    ft_mem.live--;
}

/* Whether this allocation is the one that fails. */
static int ft_fails(const char *file, int line)
{
    if (!ft_mem.armed || (ft_own_only && !ft_is_ours(file)) ||
        ++ft_mem.count != ft_mem.fail_at)
        return 0;
    ft_mem.failed = 1;
    ft_fail_file = file;
    ft_fail_line = line;
    if (getenv("PV_ALLOC_FAIL_VERBOSE") != NULL)
        fprintf(stderr, "failing allocation %ld, at %s:%d\n", ft_mem.count, file, line);
    return 1;
}

static void *ft_malloc(size_t n, const char *file, int line)
{
    FT_HEAD *b;

    if (ft_fails(file, line) || (b = malloc(sizeof(*b) + n)) == NULL)
        return NULL;
    b->h.file = file;
    b->h.line = line;
    b->h.run = ft_mem.armed ? ft_run_id : 0;
    ft_link(b);
    return b + 1;
}

static void ft_free(void *p, const char *file, int line)
{
    FT_HEAD *b;

    (void)file;
    (void)line;
    if (p == NULL)
        return;
    b = (FT_HEAD *)p - 1;
    ft_unlink(b);
    free(b);
}

static void *ft_realloc(void *old, size_t n, const char *file, int line)
{
    FT_HEAD *b, *grown;

    if (old == NULL)
        return ft_malloc(n, file, line);
    b = (FT_HEAD *)old - 1;
    if (n == 0) {
        ft_free(old, file, line);
        return NULL;
    }
    if (ft_fails(file, line))
        return NULL;
    ft_unlink(b);
    if ((grown = realloc(b, sizeof(*b) + n)) == NULL) {
        ft_link(b);
        return NULL;
    }
    ft_link(grown);
    return grown + 1;
}

/* Where the fault happened: the signal's saved program counter, or else the
 * frame after the signal trampoline (libc's) in the handler's stack. */
static void *ft_fault_pc(void *uctx, void **frames, int n)
{
    ucontext_t *uc = uctx;
    int i;

#if defined(__x86_64__)
    if (uc != NULL)
        return (void *)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    if (uc != NULL)
        return (void *)uc->uc_mcontext.pc;
#endif
    (void)uc;
    for (i = 1; i + 1 < n; i++) {
        Dl_info info;

        if (dladdr(frames[i], &info) && info.dli_fname != NULL &&
            strstr(info.dli_fname, "libc.so") != NULL)
            return frames[i + 1];
    }
    return NULL;
}

/* A crash inside libcrypto (theirs) or anywhere else (ours)? */
static void ft_on_crash(int sig, siginfo_t *si, void *uctx)
{
    void *frames[48], *pc;
    int n = backtrace(frames, 48), code = FT_OWN_CRASH;
    Dl_info info;

    (void)si;
    pc = ft_fault_pc(uctx, frames, n);
    if (pc != NULL && dladdr(pc, &info) && info.dli_fname != NULL &&
        strstr(info.dli_fname, "libcrypto") != NULL)
        code = FT_LIB_CRASH;
    if (code == FT_OWN_CRASH || getenv("PV_ALLOC_FAIL_VERBOSE") != NULL) {
        fprintf(stderr, "signal %d after failing the allocation at %s:%d; stack:\n", sig,
                ft_fail_file, ft_fail_line);
        backtrace_symbols_fd(frames, n, 2);
    }
    _exit(code);
}

/* Blocks of this run still live: popverify's fault, libcrypto's, or none. */
static int ft_leaks(const FT_PATH *path, long n)
{
    FT_HEAD *b;
    int own = 0, lib = 0, shown = 0;

    for (b = ft_blocks.h.next; b != NULL && b != &ft_blocks; b = b->h.next) {
        if (b->h.run != ft_run_id || ft_is_cache(b->h.file))
            continue;
        if (ft_is_ours(b->h.file) || ft_is_ours(ft_fail_file))
            own++;
        else
            lib++;
        if (shown++ < 6)
            fprintf(stderr,
                    "%s: allocation %ld failing (at %s:%d): block from %s:%d not "
                    "freed\n",
                    path->name, n, ft_fail_file, ft_fail_line, b->h.file, b->h.line);
    }
    return own > 0 ? FT_FAULT : lib > 0 ? FT_LIB_LEAK : FT_CLEAN;
}

static int ft_run(const FT_PATH *path, long fail_at, FT_LOG *log)
{
    int ok;

    memset(log, 0, sizeof(*log));
    ERR_clear_error();
    ft_run_id++;
    ft_mem.count = 0;
    ft_mem.fail_at = fail_at;
    ft_mem.failed = 0;
    ft_mem.armed = 1;
    ok = path->run(log);
    ERR_clear_error();
    ft_mem.armed = 0;
    return ok;
}

/* The child: one run with allocation n failing, judged. */
static int ft_child(const FT_PATH *path, long n)
{
    FT_LOG log;
    int done, leaks;
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = ft_on_crash;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    done = ft_run(path, n, &log);
    if (!ft_mem.failed)
        return done ? FT_COMPLETE : FT_FAULT;
    leaks = ft_leaks(path, n);
    if (!done && log.errors == 0) {
        fprintf(stderr,
                "%s: allocation %ld failing (at %s:%d): failed without an error\n",
                path->name, n, ft_fail_file, ft_fail_line);
        return FT_FAULT;
    }
    if (log.bad_message) {
        fprintf(stderr,
                "%s: allocation %ld failing (at %s:%d): an error that is not one "
                "line: %s\n",
                path->name, n, ft_fail_file, ft_fail_line, log.msg);
        return FT_FAULT;
    }
    return leaks;
}

static int ft_fork(const FT_PATH *path, long n)
{
    pid_t pid;
    int status;

    fflush(NULL);
    if ((pid = fork()) < 0)
        return -1;
    if (pid == 0)
        _exit(ft_child(path, n));
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

typedef struct {
    long clean, lib_leak, lib_crash, faults;
    long first_lib_crash;
} FT_TALLY;

static int ft_sweep(const FT_PATH *path, long from, long to)
{
    FT_LOG log;
    FT_TALLY t = {0, 0, 0, 0, 0};
    long n, total;
    int r = FT_CLEAN;

    /* Twice first: OpenSSL's caches (fetched algorithms, error state) fill once. */
    if (!ft_run(path, 0, &log) || !ft_run(path, 0, &log)) {
        fprintf(stderr, "%s: fails with no allocation failing: %s\n", path->name,
                log.msg);
        return 0;
    }
    total = ft_mem.count;
    for (n = from; to == 0 || n <= to; n++) {
        if ((r = ft_fork(path, n)) == FT_COMPLETE)
            break;
        if (r == FT_CLEAN)
            t.clean++;
        else if (r == FT_LIB_LEAK)
            t.lib_leak++;
        else if (r == FT_LIB_CRASH && t.lib_crash++ == 0)
            t.first_lib_crash = n;
        else if (r != FT_LIB_CRASH) {
            t.faults++;
            fprintf(stderr, "%s: allocation %ld failing: FAULT (status %d)\n", path->name,
                    n, r);
        }
    }
    printf("%s: %sallocations %ld..%ld failed one at a time (a full run makes %ld): %ld "
           "handled cleanly, %ld with libcrypto's own blocks left, %ld crashes inside "
           "libcrypto (first at %ld), %ld popverify faults: %s\n",
           path->name, ft_own_only ? "popverify's own " : "", from, n - 1, total, t.clean,
           t.lib_leak, t.lib_crash, t.first_lib_crash, t.faults,
           t.faults == 0 ? "ok" : "FAILED");
    return t.faults == 0 && (to != 0 || r == FT_COMPLETE);
}

int main(int argc, char **argv)
{
    const FT_PATH *path;
    long from = 1, to = 0;
    int ok;

    if (!CRYPTO_set_mem_functions(ft_malloc, ft_realloc, ft_free)) {
        fprintf(stderr, "pv_alloc_fail: CRYPTO_set_mem_functions refused\n");
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "--own") == 0) {
        ft_own_only = 1;
        argv++;
        argc--;
    }
    from = argc > 2 ? atol(argv[2]) : 1;
    to = argc > 3 ? atol(argv[3]) : 0;
    if (argc < 2 || argc > 4 || (path = ft_path(argv[1])) == NULL || from < 1 || to < 0) {
        fprintf(stderr, "usage: %s [--own] PATH [N [M]] (PATH: %s)\n", argv[0],
                ft_path_names());
        return 2;
    }
    if (!ft_fixtures_make()) {
        fprintf(stderr, "pv_alloc_fail: cannot make the fixtures\n");
        return 1;
    }
    ok = ft_sweep(path, from, to);
    ft_fixtures_free();
    return ok ? 0 : 1;
}
