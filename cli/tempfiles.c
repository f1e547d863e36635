/*
 * tempfiles.c - a fixed table of temporary file names, so that a signal
 * handler can remove them without allocating or locking. A slot is claimed
 * with an atomic compare-and-swap; its name is written and the file
 * created with the three signals blocked, then the slot is marked live.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include "tempfiles.h"

#define PV_TEMP_SLOTS 128
#define PV_TEMP_NAME "/.popverify-XXXXXX"

enum { PV_SLOT_FREE, PV_SLOT_CLAIMED, PV_SLOT_LIVE };

static char pv_temp_names[PV_TEMP_SLOTS][PATH_MAX];
static _Atomic int pv_temp_state[PV_TEMP_SLOTS];
static _Atomic int pv_temp_handlers; /* 0 none, 1 being installed, 2 installed */

static const int pv_temp_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define PV_TEMP_NSIG (sizeof(pv_temp_signals) / sizeof(pv_temp_signals[0]))

/* Only async-signal-safe calls: atomic loads, unlink, sigaction, raise. */
static void pv_temp_on_signal(int sig)
{
    struct sigaction dfl;
    int i, saved = errno;

    for (i = 0; i < PV_TEMP_SLOTS; i++)
        if (atomic_load(&pv_temp_state[i]) == PV_SLOT_LIVE)
            unlink(pv_temp_names[i]);
    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    errno = saved;
    raise(sig); /* delivered with the default action once the handler returns */
}

/* A signal the user has set to be ignored (nohup) stays ignored. */
static void pv_temp_install(void)
{
    struct sigaction sa, old;
    size_t i;
    int expected = 0;

    if (!atomic_compare_exchange_strong(&pv_temp_handlers, &expected, 1))
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = pv_temp_on_signal;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < PV_TEMP_NSIG; i++)
        sigaddset(&sa.sa_mask, pv_temp_signals[i]);
    for (i = 0; i < PV_TEMP_NSIG; i++)
        if (sigaction(pv_temp_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(pv_temp_signals[i], &sa, NULL);
    atomic_store(&pv_temp_handlers, 2);
}

static int pv_temp_claim(void)
{
    int i, expected;

    for (i = 0; i < PV_TEMP_SLOTS; i++) {
        expected = PV_SLOT_FREE;
        if (atomic_compare_exchange_strong(&pv_temp_state[i], &expected, PV_SLOT_CLAIMED))
            return i;
    }
    return -1;
}

static void pv_temp_block(sigset_t *old)
{
    sigset_t set;
    size_t i;

    sigemptyset(&set);
    for (i = 0; i < PV_TEMP_NSIG; i++)
        sigaddset(&set, pv_temp_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

int pv_temp_create(const char *dir, int *slot)
{
    sigset_t old;
    int fd, err, i;

    pv_temp_install();
    if (strlen(dir) + sizeof(PV_TEMP_NAME) > PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if ((i = pv_temp_claim()) < 0) {
        errno = EMFILE;
        return -1;
    }
    pv_temp_block(&old);
    strcpy(pv_temp_names[i], dir);
    strcat(pv_temp_names[i], PV_TEMP_NAME);
    fd = mkstemp(pv_temp_names[i]);
    err = errno;
    atomic_store(&pv_temp_state[i], fd >= 0 ? PV_SLOT_LIVE : PV_SLOT_FREE);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    *slot = fd >= 0 ? i : -1;
    errno = err;
    return fd;
}

const char *pv_temp_path(int slot)
{
    return pv_temp_names[slot];
}

void pv_temp_forget(int slot)
{
    if (slot >= 0 && slot < PV_TEMP_SLOTS)
        atomic_store(&pv_temp_state[slot], PV_SLOT_FREE);
}

void pv_temp_remove(int slot)
{
    if (slot < 0 || slot >= PV_TEMP_SLOTS ||
        atomic_load(&pv_temp_state[slot]) != PV_SLOT_LIVE)
        return;
    unlink(pv_temp_names[slot]);
    atomic_store(&pv_temp_state[slot], PV_SLOT_FREE);
}
