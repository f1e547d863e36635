/*
 * output.h - output files that are either complete or not there at all.
 */
#ifndef PV_CLI_OUTPUT_H
#define PV_CLI_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#define PV_MODE_PUBLIC 0644 /* certificates, signatures */
#define PV_MODE_SECRET 0600 /* private keys */

/*
 * Write data to path as a one-output plan (outplan.h): checked, staged in
 * a temporary file beside it, then put in place. With no_clobber an
 * existing path is left alone and reported; cmd names the command in
 * messages. Returns a PV_EXIT_* status; prints the error.
 */
int pv_write_file(const char *cmd, const char *path, const void *data, size_t len,
                  mode_t mode, int no_clobber);

/* data (and a newline if asked) on stdout; write errors are reported. */
int pv_write_stdout(const void *data, size_t len, int newline);

/* Flush what was printed on stdout; a write error is reported. */
int pv_flush_stdout(void);

#endif
