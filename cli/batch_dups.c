/*
 * batch_dups.c - the device ids of one batch, to refuse an id given twice.
 * Only 12 bytes of each id's SHA-256 are kept (and its line), in an
 * open-addressing table that doubles when half full: 32 to 64 bytes per
 * device, and two ids are taken for one with a chance of about n^2 / 2^97.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "batch.h"

typedef struct pv_dup_entry_st {
    uint64_t h0; /* h0 == 0 && h1 == 0: empty */
    uint32_t h1;
    uint32_t line;
} PV_DUP_ENTRY;

struct pv_dups_st {
    EVP_MD *sha256;
    PV_DUP_ENTRY *table;
    size_t size, used; /* size is a power of two */
};

#define PV_DUPS_START 1024

PV_DUPS *pv_dups_new(void)
{
    PV_DUPS *d = calloc(1, sizeof(*d));

    if (d == NULL)
        return NULL;
    d->size = PV_DUPS_START;
    d->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    d->table = calloc(d->size, sizeof(*d->table));
    if (d->sha256 == NULL || d->table == NULL) {
        pv_dups_free(d);
        return NULL;
    }
    return d;
}

void pv_dups_free(PV_DUPS *d)
{
    if (d == NULL)
        return;
    EVP_MD_free(d->sha256);
    free(d->table);
    free(d);
}

/* The slot of h: where it is, or the empty one where it goes. */
static int empty(const PV_DUP_ENTRY *e)
{
    return e->h0 == 0 && e->h1 == 0;
}

static PV_DUP_ENTRY *find(PV_DUP_ENTRY *table, size_t size, const PV_DUP_ENTRY *key)
{
    size_t i = (size_t)key->h0 & (size - 1);

    while (!empty(&table[i])) {
        if (table[i].h0 == key->h0 && table[i].h1 == key->h1)
            return &table[i];
        i = (i + 1) & (size - 1);
    }
    return &table[i];
}

static int grow(PV_DUPS *d)
{
    size_t i, size = d->size * 2;
    PV_DUP_ENTRY *table = calloc(size, sizeof(*table));

    if (table == NULL)
        return 0;
    for (i = 0; i < d->size; i++)
        if (!empty(&d->table[i]))
            *find(table, size, &d->table[i]) = d->table[i];
    free(d->table);
    d->table = table;
    d->size = size;
    return 1;
}

long pv_dups_add(PV_DUPS *d, const char *id, unsigned long line)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    PV_DUP_ENTRY key, *e;

    if (!EVP_Digest(id, strlen(id), md, NULL, d->sha256, NULL))
        return -1;
    memcpy(&key.h0, md, sizeof(key.h0));
    memcpy(&key.h1, md + sizeof(key.h0), sizeof(key.h1));
    if (empty(&key))
        key.h1 = 1; /* the empty mark; as likely as any other collision */
    key.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    e = find(d->table, d->size, &key);
    if (!empty(e))
        return (long)e->line;
    *e = key;
    if (++d->used * 2 > d->size && !grow(d))
        return -1;
    return 0;
}
