/*
 * commands.h - the subcommands main dispatches to, one file each.
 */
#ifndef PV_CLI_COMMANDS_H
#define PV_CLI_COMMANDS_H

#include <stdio.h>
#include "session.h"

/* argv[0] is the command name; returns the exit status. */
typedef int(pv_cmd_fn)(PV_SESSION *s, int argc, char **argv);

pv_cmd_fn pv_cmd_sign;
pv_cmd_fn pv_cmd_vcert;
pv_cmd_fn pv_cmd_verify;
pv_cmd_fn pv_cmd_doctor;
pv_cmd_fn pv_cmd_ca;
pv_cmd_fn pv_cmd_device;
pv_cmd_fn pv_cmd_lint;
pv_cmd_fn pv_cmd_profiles;
pv_cmd_fn pv_cmd_demo;

/* A command's --help text; the general exit statuses when it lists none. */
int pv_usage(const char *text);

/*
 * The value of "key: value" in the provider's profile-info text, copied to
 * out. Returns 0 when the key is not there.
 */
/* Room for a profile description (profile-info). */
#define PV_INFO_MAX 16384

int pv_profile_field(const char *info, const char *key, char *out, size_t outlen);

/* The profile-info text of a profile; 0 (nothing printed) when unknown. */
int pv_profile_info(PV_SESSION *s, const char *name, char *out, size_t outlen);

/* The space-separated profile names into out; prints the error on failure. */
int pv_profile_list(PV_SESSION *s, char *out, size_t outlen);

#endif
