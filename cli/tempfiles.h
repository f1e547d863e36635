/*
 * tempfiles.h - the temporary files popverify has on disk at any moment,
 * removed on every way out: the normal one, and SIGINT, SIGTERM, SIGHUP
 * (the handler unlinks them with async-signal-safe calls, then the signal
 * is raised again with its default action). Safe from several threads.
 */
#ifndef PV_CLI_TEMPFILES_H
#define PV_CLI_TEMPFILES_H

/*
 * mkstemp(dir + "/.popverify-XXXXXX") with the name registered before any
 * signal can see the file. Returns the open descriptor and the slot (for
 * pv_temp_path / pv_temp_forget), or -1 with errno set.
 */
int pv_temp_create(const char *dir, int *slot);

/* The temporary file's name. */
const char *pv_temp_path(int slot);

/* The file was renamed or linked into place: stop tracking it. */
void pv_temp_forget(int slot);

/* Remove the file and stop tracking it. */
void pv_temp_remove(int slot);

#endif
