/*
 * batch_run.c - the batch: rows read one at a time into a ring of slots (a
 * few per thread), worker threads taking the next ready slot, and the main
 * thread handing results out in input order, one manifest line each, as
 * soon as the oldest row is done. Memory stays the ring's whatever the
 * length of the input (and the duplicate-id table, a few dozen bytes per
 * device). With one job, rows are done in the main thread, one by one.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "batch.h"
#include "json.h"
#include "output.h"

#define PV_SLOTS_PER_JOB 4

typedef enum { PV_SLOT_FREE, PV_SLOT_READY, PV_SLOT_TAKEN, PV_SLOT_DONE } PV_SLOT_STATE;

typedef struct pv_slot_st {
    PV_SLOT_STATE state;
    PV_ROW row;
    PV_DEV_RESULT res;
} PV_SLOT;

typedef struct pv_batch_st {
    const PV_BATCH_OPTS *opts;
    PV_BATCH_INPUT in;
    PV_DUPS *dups;
    PV_SLOT *ring;
    unsigned long size, filled, taken, emitted;
    int quit, nthreads;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    PV_WORKER *workers;
    pthread_t *threads;
    unsigned long count[3]; /* by PV_DEV_STATUS */
    double start, last_draw, last_flush;
    int tty;
} PV_BATCH;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker_main(void *arg)
{
    PV_WORKER *w = arg;
    PV_BATCH *b = w->batch;
    PV_SLOT *slot;

    pv_batch_signals_block();
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->quit && b->taken == b->filled)
            pthread_cond_wait(&b->work, &b->mu);
        if (b->taken == b->filled)
            break;
        slot = &b->ring[b->taken++ % b->size];
        if (slot->state != PV_SLOT_READY)
            continue;
        slot->state = PV_SLOT_TAKEN;
        pthread_mutex_unlock(&b->mu);
        pv_worker_run(w, &slot->row, &slot->res);
        pthread_mutex_lock(&b->mu);
        slot->state = PV_SLOT_DONE;
        pthread_cond_signal(&b->done);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* The manifest line of one device. */
static int emit_json(const PV_ROW *row, const PV_DEV_RESULT *res)
{
    static const char *const names[] = {"issued", "skipped", "error"};
    PV_JSON j;
    int described = res->status != PV_DEV_ERROR;

    pv_json_open(&j, stdout);
    pv_json_str(&j, "id", row->error[0] != '\0' && row->id == NULL ? NULL : row->id);
    pv_json_uint(&j, "line", row->line);
    pv_json_str(&j, "status", names[res->status]);
    if (described) {
        pv_json_str(&j, "serial", res->serial);
        pv_json_str(&j, "sha256", res->sha256);
        pv_json_str(&j, "not_after", res->not_after);
        pv_json_str(&j, "cert", res->cert_path);
        if (row->csr != NULL)
            pv_json_str(&j, "csr", row->csr);
        else
            pv_json_str(&j, "key", res->key_path);
    } else {
        pv_json_str(&j, "error", res->error);
    }
    return pv_json_end(&j);
}

static void draw_progress(PV_BATCH *b, int last)
{
    double t = now(), elapsed = t - b->start, frac = pv_batch_input_progress(&b->in);
    unsigned long done = b->count[0] + b->count[1] + b->count[2];
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char bar[21];
    int i, fill;

    if (!b->tty || (!last && t - b->last_draw < 0.2))
        return;
    b->last_draw = t;
    if (last) {
        fputs("\r\033[K", stderr);
        return;
    }
    if (frac <= 0) {
        fprintf(stderr, "\r\033[K%lu devices, %.0f/s", done, rate);
        return;
    }
    fill = (int)(frac * 20);
    for (i = 0; i < 20; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r\033[K[%s] %3.0f%% %lu devices, %.0f/s, %.0f s left", bar,
            frac * 100, done, rate, elapsed * (1 - frac) / frac);
}

/* Lines are flushed a few times a second, not one write per device. */
static int emit(PV_BATCH *b, PV_SLOT *slot)
{
    double t;

    b->count[slot->res.status]++;
    draw_progress(b, 0);
    if (emit_json(&slot->row, &slot->res) != PV_EXIT_OK)
        return PV_EXIT_ERROR;
    if ((t = now()) - b->last_flush >= 0.2) {
        b->last_flush = t;
        return pv_flush_stdout();
    }
    return PV_EXIT_OK;
}

/* The next row into slot, refused already when its id came before. */
static int fill(PV_BATCH *b, PV_SLOT *slot)
{
    int r = pv_batch_read_row(&b->in, &slot->row);
    long first;

    if (r != 1 || slot->row.error[0] != '\0')
        return r;
    if ((first = pv_dups_add(b->dups, slot->row.id, slot->row.line)) < 0) {
        pv_error("device: out of memory");
        return -1;
    }
    if (first > 0)
        snprintf(slot->row.error, sizeof(slot->row.error),
                 "line %lu: device id '%s' was given on line %ld already; each device is "
                 "issued once per batch",
                 slot->row.line, slot->row.id, first);
    return 1;
}

/* One job: each row done as it is read. */
static int run_inline(PV_BATCH *b)
{
    PV_SLOT *slot = &b->ring[0];
    int r, status = PV_EXIT_OK;

    while ((r = fill(b, slot)) == 1) {
        pv_worker_run(&b->workers[0], &slot->row, &slot->res);
        if (emit(b, slot) != PV_EXIT_OK)
            return PV_EXIT_ERROR;
    }
    return r < 0 ? PV_EXIT_ERROR : status;
}

/* Fill every free slot; 0 at the end of the input, -1 on an error. */
static int fill_ring(PV_BATCH *b)
{
    PV_SLOT *slot;
    int r = 1;

    while (b->filled - b->emitted < b->size) {
        slot = &b->ring[b->filled % b->size];
        if ((r = fill(b, slot)) != 1)
            return r;
        if (slot->row.error[0] != '\0')
            pv_dev_refused(&slot->row, &slot->res);
        pthread_mutex_lock(&b->mu);
        slot->state = slot->row.error[0] != '\0' ? PV_SLOT_DONE : PV_SLOT_READY;
        b->filled++;
        pthread_cond_signal(&b->work);
        pthread_mutex_unlock(&b->mu);
    }
    return 1;
}

static int run_threads(PV_BATCH *b)
{
    PV_SLOT *slot;
    int r = 1, status = PV_EXIT_OK;

    for (;;) {
        if (r == 1 && (r = fill_ring(b)) < 0)
            status = PV_EXIT_ERROR;
        if (b->emitted == b->filled)
            break;
        slot = &b->ring[b->emitted % b->size];
        pthread_mutex_lock(&b->mu);
        while (slot->state != PV_SLOT_DONE)
            pthread_cond_wait(&b->done, &b->mu);
        pthread_mutex_unlock(&b->mu);
        if (emit(b, slot) != PV_EXIT_OK) {
            status = PV_EXIT_ERROR;
            r = 0;
        }
        pthread_mutex_lock(&b->mu);
        slot->state = PV_SLOT_FREE;
        b->emitted++;
        pthread_mutex_unlock(&b->mu);
    }
    return status;
}

static int start_threads(PV_BATCH *b)
{
    int i;

    if (b->nthreads == 1)
        return 1;
    if ((b->threads = calloc((size_t)b->nthreads, sizeof(*b->threads))) == NULL)
        return 0;
    for (i = 0; i < b->nthreads; i++)
        if (pthread_create(&b->threads[i], NULL, worker_main, &b->workers[i]) != 0)
            break;
    if (i == b->nthreads)
        return 1;
    pv_error("device: cannot start %d threads; give a smaller -j", b->nthreads);
    b->nthreads = i; /* those are joined */
    return 0;
}

static void stop_threads(PV_BATCH *b)
{
    int i;

    if (b->threads == NULL)
        return;
    pthread_mutex_lock(&b->mu);
    b->quit = 1;
    pthread_cond_broadcast(&b->work);
    pthread_mutex_unlock(&b->mu);
    for (i = 0; i < b->nthreads; i++)
        pthread_join(b->threads[i], NULL);
    free(b->threads);
    b->threads = NULL;
}

static int setup(PV_BATCH *b, PV_SESSION *s, void *signer_ctx, const PV_BATCH_OPTS *opts)
{
    int i;

    b->opts = opts;
    b->nthreads = opts->jobs;
    b->size = opts->jobs == 1 ? 1 : (unsigned long)opts->jobs * PV_SLOTS_PER_JOB;
    b->ring = calloc(b->size, sizeof(*b->ring));
    b->workers = calloc((size_t)opts->jobs, sizeof(*b->workers));
    b->dups = pv_dups_new();
    if (b->ring == NULL || b->workers == NULL || b->dups == NULL) {
        pv_error("device: out of memory");
        return PV_EXIT_ERROR;
    }
    for (i = 0; i < opts->jobs; i++) {
        if (!pv_worker_init(&b->workers[i], s, signer_ctx, opts, i))
            return pv_report_error();
        b->workers[i].batch = b;
    }
    return pv_batch_input_open(&b->in, opts->batch);
}

static void teardown(PV_BATCH *b)
{
    int i;

    for (i = 0; b->workers != NULL && i < b->opts->jobs; i++)
        pv_worker_clear(&b->workers[i]);
    free(b->workers);
    free(b->ring);
    pv_dups_free(b->dups);
    pv_batch_input_close(&b->in);
}

static void summary(PV_BATCH *b)
{
    double elapsed = now() - b->start;
    unsigned long all = b->count[0] + b->count[1] + b->count[2];

    draw_progress(b, 1);
    fprintf(stderr,
            "popverify: device batch: %lu issued, %lu skipped, %lu failed, in %.1f s "
            "(%.0f devices/s)\n",
            b->count[PV_DEV_ISSUED], b->count[PV_DEV_SKIPPED], b->count[PV_DEV_ERROR],
            elapsed, elapsed > 0 ? (double)all / elapsed : 0.0);
}

int pv_batch_run(PV_SESSION *s, void *signer_ctx, const PV_BATCH_OPTS *opts)
{
    static char outbuf[1 << 16];
    PV_BATCH b;
    int status;

    memset(&b, 0, sizeof(b));
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.work, NULL);
    pthread_cond_init(&b.done, NULL);
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    b.tty = isatty(STDERR_FILENO);
    b.start = b.last_flush = now();
    pv_batch_signals_catch();
    if ((status = setup(&b, s, signer_ctx, opts)) == PV_EXIT_OK) {
        if (!start_threads(&b))
            status = PV_EXIT_ERROR;
        else
            status = b.nthreads == 1 ? run_inline(&b) : run_threads(&b);
        stop_threads(&b);
        if (pv_flush_stdout() != PV_EXIT_OK)
            status = PV_EXIT_ERROR;
        summary(&b);
        if (status == PV_EXIT_OK && b.count[PV_DEV_ERROR] > 0)
            status = PV_EXIT_INVALID;
    }
    teardown(&b);
    pthread_cond_destroy(&b.done);
    pthread_cond_destroy(&b.work);
    pthread_mutex_destroy(&b.mu);
    pv_batch_signals_done();
    return status;
}
