/*
 * output.c - one output file written as a plan of its own (outplan.h), and
 * standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "outplan.h"
#include "output.h"
#include "session.h"

int pv_write_file(const char *cmd, const char *path, const void *data, size_t len,
                  mode_t mode, int no_clobber)
{
    PV_PLAN *plan = pv_plan_new(cmd);
    unsigned flags = (mode == PV_MODE_SECRET ? PV_OUT_SECRET : 0) |
                     (no_clobber ? PV_OUT_NO_CLOBBER : 0);
    int idx = pv_plan_output(plan, "file", path, flags), status = PV_EXIT_ERROR;

    if (idx >= 0 && (status = pv_plan_check(plan)) == PV_EXIT_OK &&
        (status = pv_plan_stage(plan, idx, data, len)) == PV_EXIT_OK)
        status = pv_plan_commit(plan);
    pv_plan_free(plan);
    return status;
}

int pv_flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return PV_EXIT_OK;
    pv_error("cannot write to standard output (%s)", strerror(errno));
    return PV_EXIT_ERROR;
}

int pv_write_stdout(const void *data, size_t len, int newline)
{
    fwrite(data, 1, len, stdout);
    if (newline)
        fputc('\n', stdout);
    return pv_flush_stdout();
}
