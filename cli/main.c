/*
 * main.c - the popverify helper: dispatch to one file per subcommand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "commands.h"
#include "config_check.h"
#include "outplan.h"
#include "output.h"
#include "suggest.h"

typedef struct pv_command_st {
    const char *name;
    pv_cmd_fn *fn;
    const char *summary;
} PV_COMMAND;

static const PV_COMMAND commands[] = {
    {"sign", pv_cmd_sign, "sign a verification code (e.g. Cumulocity)"},
    {"vcert", pv_cmd_vcert, "issue a verification certificate (Azure, AWS IoT)"},
    {"verify", pv_cmd_verify, "check a signature or verification certificate"},
    {"doctor", pv_cmd_doctor, "explain why a platform refuses a proof, and the fix"},
    {"ca", pv_cmd_ca, "issue a root or intermediate CA certificate and key"},
    {"device", pv_cmd_device, "issue a device certificate (CN = device id)"},
    {"lint", pv_cmd_lint, "check certificates against a profile and RFC 5280"},
    {"profiles", pv_cmd_profiles, "list the platform profiles, or show one"},
    {"demo", pv_cmd_demo, "run every profile end to end with throwaway CAs"},
};

#define PV_COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static const char exit_help[] =
    "\n"
    "Exit status:\n"
    "  0  done, or the proof is valid\n"
    "  1  checked, and the proof is invalid\n"
    "  2  usage error: unknown command or option, missing or contradictory\n"
    "     options, unknown profile\n"
    "  3  any other error: unreadable input, wrong passphrase, key and\n"
    "     certificate that do not match, a CA the platform would refuse, ...\n";

/* A command's text says its own exit statuses; the general ones otherwise. */
int pv_usage(const char *text)
{
    fputs(text, stdout);
    if (strstr(text, "\nExit status") == NULL)
        fputs(exit_help, stdout);
    return pv_flush_stdout();
}

static int main_help(void)
{
    size_t i;

    printf("usage: popverify [--config FILE] COMMAND [OPTIONS]\n"
           "       popverify COMMAND --help | popverify --version\n"
           "\n"
           "Proof of possession of a CA private key for IoT platforms: produce what\n"
           "the platform asks for, checked the way the platform checks it.\n"
           "\n"
           "--config FILE reads profiles from FILE instead of the config OpenSSL reads\n"
           "(OPENSSL_CONF or OpenSSL's default openssl.cnf).\n"
           "\n"
           "Commands:\n");
    for (i = 0; i < PV_COMMAND_COUNT; i++)
        printf("  %-9s %s\n", commands[i].name, commands[i].summary);
    return pv_usage("");
}

/* Still one line, but it says what the commands are. */
static int no_command(void)
{
    char names[128] = "";
    size_t i;

    for (i = 0; i < PV_COMMAND_COUNT; i++) {
        strcat(names, i > 0 ? ", " : "");
        strcat(names, commands[i].name);
    }
    pv_error("no command given; use one of %s (see 'popverify --help')", names);
    return PV_EXIT_USAGE;
}

static int version(void)
{
    printf("popverify %s (%s)\n", POPVERIFY_VERSION_STR,
           OpenSSL_version(OPENSSL_VERSION));
    return pv_flush_stdout();
}

static const PV_COMMAND *find(const char *name)
{
    size_t i;

    for (i = 0; i < PV_COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int dispatch(const PV_COMMAND *cmd, int argc, char **argv)
{
    PV_SESSION s;
    int status;

    if (!pv_session_open(&s))
        return PV_EXIT_ERROR;
    status = cmd->fn(&s, argc, argv);
    pv_session_close(&s);
    return status;
}

/* The closest command or global option to what was typed, as a hint. */
static int unknown(const char *word)
{
    static const char *const options[] = {"config", "help", "version"};
    const char *names[PV_COMMAND_COUNT], *hint;
    size_t i, len, dashes;

    if (word[0] == '-') {
        dashes = word[1] == '-' ? 2 : 1;
        len = strcspn(word + dashes, "=:"); /* the name, never a value */
        hint = pv_nearest(word + dashes, len, options, 3);
        if (hint != NULL)
            pv_error("unknown option '%.*s'; did you mean --%s?", (int)(len + dashes),
                     word, hint);
        else
            pv_error("unknown option '%.*s'; see 'popverify --help'", (int)(len + dashes),
                     word);
        return PV_EXIT_USAGE;
    }
    if (strncmp(word, "pass:", 5) == 0) { /* a passphrase in the wrong place */
        pv_error("unknown command 'pass:...'; a passphrase goes after --passin");
        return PV_EXIT_USAGE;
    }
    for (i = 0; i < PV_COMMAND_COUNT; i++)
        names[i] = commands[i].name;
    hint = pv_nearest(word, strlen(word), names, PV_COMMAND_COUNT);
    if (hint != NULL)
        pv_error("unknown command '%s'; did you mean '%s'? (see 'popverify --help')",
                 word, hint);
    else
        pv_error("unknown command '%s'; see 'popverify --help'", word);
    return PV_EXIT_USAGE;
}

/* argv[0] names the command. */
static int run_named(int argc, char **argv)
{
    const PV_COMMAND *cmd = find(argv[0]);

    if (cmd == NULL)
        return unknown(argv[0]);
    return dispatch(cmd, argc, argv);
}

/*
 * --config FILE (anywhere before "--") names the config OpenSSL and the
 * provider read, profiles included. It must be in place before OpenSSL
 * initialises, so it is taken out of argv here, before any command runs.
 */
static int take_config_option(int *argc, char **argv)
{
    const char *file = NULL, *first = NULL;
    int i, out = 1, skip, given = 0;

    for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i += skip) {
        skip = 1;
        if (strncmp(argv[i], "--config=", 9) == 0) {
            file = argv[i] + 9;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < *argc) {
            file = argv[i + 1];
            skip = 2;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        if (given++ == 0)
            first = file;
    }
    while (i < *argc)
        argv[out++] = argv[i++];
    argv[out] = NULL;
    *argc = out;
    if (given > 1) {
        pv_error("--config is given %d times ('%s', '%s'); give it once", given, first,
                 file);
        return PV_EXIT_USAGE;
    }
    if (file == NULL) {
        file = getenv("OPENSSL_CONF");
        return file == NULL || *file == '\0' ? PV_EXIT_OK
                                             : pv_config_check(file, "OPENSSL_CONF");
    }
    pv_plan_set_config(file);
    /* In place first: whatever touches libcrypto from here on reads this file. */
    if (setenv("OPENSSL_CONF", file, 1) != 0)
        return PV_EXIT_ERROR;
    return pv_config_check(file, "--config");
}

int main(int argc, char **argv)
{
    char *help_argv[] = {NULL, "--help", NULL};
    int status = take_config_option(&argc, argv);

    if (status != PV_EXIT_OK)
        return status;
    if (argc < 2)
        return no_command();
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        (strcmp(argv[1], "help") == 0 && argc == 2))
        return main_help();
    if (strcmp(argv[1], "--version") == 0)
        return version();
    /* "popverify help CMD" is "popverify CMD --help". */
    if (strcmp(argv[1], "help") == 0) {
        help_argv[0] = argv[2];
        return run_named(2, help_argv);
    }
    return run_named(argc - 1, argv + 1);
}
