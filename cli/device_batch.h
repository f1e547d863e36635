/*
 * device_batch.h - "popverify device --batch" (device_batch.c).
 */
#ifndef PV_CLI_DEVICE_BATCH_H
#define PV_CLI_DEVICE_BATCH_H

#include "options.h"
#include "session.h"

/* The batch form of "popverify device"; returns the exit status. */
int pv_device_batch(PV_SESSION *s, PV_OPTS *o);

#endif
