/*
 * outplan.h - every file a command writes, as one transaction:
 *
 *   register   the outputs (option, path, flags) and the inputs they must
 *              not be (option, path or URI)
 *   check      before anything is generated: each output's directory exists
 *              and takes new files, the output is not a directory, not a
 *              socket or block device, not the same file as another output
 *              or an input (device and inode, or directory and name)
 *   stage      each output's complete content into a temporary file beside
 *              it, fsync'd (a character device or FIFO keeps the bytes)
 *   commit     write through the devices and FIFOs, then link or rename the
 *              temporary files into place: an existing file is replaced
 *              only once every output of the command is on disk
 *   free       remove what was not committed; signals remove it too
 *
 * A failure at any step leaves every existing file as it was.
 */
#ifndef PV_CLI_OUTPLAN_H
#define PV_CLI_OUTPLAN_H

#include <stddef.h>

/* A private key: mode 0600, only a regular file, never through a symlink. */
#define PV_OUT_SECRET 0x1u
/* An existing file is refused at check and never replaced at commit. */
#define PV_OUT_NO_CLOBBER 0x2u

typedef struct pv_plan_st PV_PLAN;
struct pv_opts_st;

/* cmd names the command in messages ("sign"). NULL when out of memory. */
PV_PLAN *pv_plan_new(const char *cmd);
/* Removes every staged file that was not committed. */
void pv_plan_free(PV_PLAN *plan);

/*
 * An input the outputs must not overwrite: a path, "file:" URI or other
 * URI (only files are compared; "-", NULL and other schemes are skipped).
 */
int pv_plan_input(PV_PLAN *plan, const char *option, const char *path);
/* Every input option of a command line, --config and file: passphrases too. */
int pv_plan_inputs_from_opts(PV_PLAN *plan, const struct pv_opts_st *o);

/* An output; returns its index for pv_plan_stage, or -1 when out of memory. */
int pv_plan_output(PV_PLAN *plan, const char *option, const char *path, unsigned flags);

/* All the checks; returns a PV_EXIT_* status and prints the error. */
int pv_plan_check(PV_PLAN *plan);

/* The complete content of output index, on disk. Returns a PV_EXIT_*. */
int pv_plan_stage(PV_PLAN *plan, int index, const void *data, size_t len);

/* Every output into place; call once every output is staged. */
int pv_plan_commit(PV_PLAN *plan);

/*
 * The plan of a command whose one output is --out (output index 0), with
 * the inputs of o, checked. *plan stays NULL without --out. PV_EXIT_*.
 */
int pv_plan_simple(PV_PLAN **plan, const struct pv_opts_st *o, const char *cmd);

/* The config file main was given (--config), compared as an input. */
void pv_plan_set_config(const char *file);

#endif
