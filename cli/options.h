/*
 * options.h - the command line options the subcommands share, and reading
 * the code and signature inputs they name.
 */
#ifndef PV_CLI_OPTIONS_H
#define PV_CLI_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

/* Inputs read from files are refused above this size. */
#define PV_INPUT_MAX (64 * 1024)

/* getopt_long values; each names one field of PV_OPTS. */
enum {
    PV_OPT_HELP = 'h',
    PV_OPT_PROFILE = 0x100,
    PV_OPT_CA_CERT,
    PV_OPT_CA_KEY,
    PV_OPT_PASSIN,
    PV_OPT_CODE,
    PV_OPT_CODE_FILE,
    PV_OPT_SIGNATURE,
    PV_OPT_SIGNATURE_FILE,
    PV_OPT_VCERT,
    PV_OPT_OUT,
    PV_OPT_OUTFORM,
    PV_OPT_DAYS,
    PV_OPT_JSON,
    PV_OPT_KEEP,
    PV_OPT_SUBJECT, /* issuance: ca, device */
    PV_OPT_KEY_TYPE,
    PV_OPT_KEY_OUT,
    PV_OPT_PASSOUT,
    PV_OPT_FORCE,
    PV_OPT_ID,
    PV_OPT_CSR,
    PV_OPT_CHAIN,
    PV_OPT_BATCH, /* device --batch */
    PV_OPT_OUT_DIR,
    PV_OPT_PLATFORM_ERROR, /* doctor */
    PV_OPT_JOBS = 'j'
};

/* Long options, to pick from when a command builds its table. */
#define PV_LONGOPT_HELP                                                                  \
    {                                                                                    \
        "help", no_argument, NULL, PV_OPT_HELP                                           \
    }
#define PV_LONGOPT_PROFILE                                                               \
    {                                                                                    \
        "profile", required_argument, NULL, PV_OPT_PROFILE                               \
    }
#define PV_LONGOPT_CA_CERT                                                               \
    {                                                                                    \
        "ca-cert", required_argument, NULL, PV_OPT_CA_CERT                               \
    }
#define PV_LONGOPT_CA_KEY                                                                \
    {                                                                                    \
        "ca-key", required_argument, NULL, PV_OPT_CA_KEY                                 \
    }
#define PV_LONGOPT_PASSIN                                                                \
    {                                                                                    \
        "passin", required_argument, NULL, PV_OPT_PASSIN                                 \
    }
#define PV_LONGOPT_CODE                                                                  \
    {                                                                                    \
        "code", required_argument, NULL, PV_OPT_CODE                                     \
    }
#define PV_LONGOPT_CODE_FILE                                                             \
    {                                                                                    \
        "code-file", required_argument, NULL, PV_OPT_CODE_FILE                           \
    }
#define PV_LONGOPT_SIGNATURE                                                             \
    {                                                                                    \
        "signature", required_argument, NULL, PV_OPT_SIGNATURE                           \
    }
#define PV_LONGOPT_SIGNATURE_FILE                                                        \
    {                                                                                    \
        "signature-file", required_argument, NULL, PV_OPT_SIGNATURE_FILE                 \
    }
#define PV_LONGOPT_VCERT                                                                 \
    {                                                                                    \
        "vcert", required_argument, NULL, PV_OPT_VCERT                                   \
    }
#define PV_LONGOPT_OUT                                                                   \
    {                                                                                    \
        "out", required_argument, NULL, PV_OPT_OUT                                       \
    }
#define PV_LONGOPT_OUTFORM                                                               \
    {                                                                                    \
        "outform", required_argument, NULL, PV_OPT_OUTFORM                               \
    }
#define PV_LONGOPT_DAYS                                                                  \
    {                                                                                    \
        "days", required_argument, NULL, PV_OPT_DAYS                                     \
    }
#define PV_LONGOPT_JSON                                                                  \
    {                                                                                    \
        "json", no_argument, NULL, PV_OPT_JSON                                           \
    }
#define PV_LONGOPT_KEEP                                                                  \
    {                                                                                    \
        "keep", required_argument, NULL, PV_OPT_KEEP                                     \
    }
/* Issuance (ca, device). */
#define PV_LONGOPT_SUBJECT                                                               \
    {                                                                                    \
        "subject", required_argument, NULL, PV_OPT_SUBJECT                               \
    }
#define PV_LONGOPT_KEY_TYPE                                                              \
    {                                                                                    \
        "key-type", required_argument, NULL, PV_OPT_KEY_TYPE                             \
    }
#define PV_LONGOPT_KEY_OUT                                                               \
    {                                                                                    \
        "key-out", required_argument, NULL, PV_OPT_KEY_OUT                               \
    }
#define PV_LONGOPT_PASSOUT                                                               \
    {                                                                                    \
        "passout", required_argument, NULL, PV_OPT_PASSOUT                               \
    }
#define PV_LONGOPT_FORCE                                                                 \
    {                                                                                    \
        "force", no_argument, NULL, PV_OPT_FORCE                                         \
    }
#define PV_LONGOPT_ID                                                                    \
    {                                                                                    \
        "id", required_argument, NULL, PV_OPT_ID                                         \
    }
#define PV_LONGOPT_CSR                                                                   \
    {                                                                                    \
        "csr", required_argument, NULL, PV_OPT_CSR                                       \
    }
#define PV_LONGOPT_CHAIN                                                                 \
    {                                                                                    \
        "chain", no_argument, NULL, PV_OPT_CHAIN                                         \
    }
/* device --batch FILE --out-dir DIR -j N */
#define PV_LONGOPT_BATCH                                                                 \
    {                                                                                    \
        "batch", required_argument, NULL, PV_OPT_BATCH                                   \
    }
#define PV_LONGOPT_OUT_DIR                                                               \
    {                                                                                    \
        "out-dir", required_argument, NULL, PV_OPT_OUT_DIR                               \
    }
#define PV_LONGOPT_JOBS                                                                  \
    {                                                                                    \
        "jobs", required_argument, NULL, PV_OPT_JOBS                                     \
    }
#define PV_LONGOPT_PLATFORM_ERROR                                                        \
    {                                                                                    \
        "platform-error", required_argument, NULL, PV_OPT_PLATFORM_ERROR                 \
    }
#define PV_LONGOPT_END                                                                   \
    {                                                                                    \
        NULL, 0, NULL, 0                                                                 \
    }

typedef struct pv_opts_st {
    const char *cmd; /* for messages: "sign" */
    const char *profile, *ca_cert, *ca_key, *passin;
    const char *code, *code_file;
    const char *signature, *signature_file, *vcert;
    const char *out, *outform, *days, *keep;
    const char *subject, *key_type, *key_out, *passout, *id, *csr; /* issuance */
    const char *batch, *out_dir, *jobs;                            /* device --batch */
    const char *platform_error;                                    /* doctor */
    int force, chain;
    int json, help;
    char **args; /* what is left after the options */
    int nargs;
} PV_OPTS;

/* Parse argv (argv[0] is the command). Returns a PV_EXIT_* status. */
int pv_opts_parse(PV_OPTS *o, const char *cmd, int argc, char **argv,
                  const struct option *longopts);

/*
 * Before getopt: openssl's single-dash spellings (-passin, -out, -in,
 * -config) get "did you mean --passin?", and an option whose value is
 * missing because the next argument is another option is named as such.
 * Error texts name options, never the values given to them.
 */
int pv_opts_check_spelling(const char *cmd, int argc, char **argv,
                           const struct option *longopts);
/* The error for getopt_long's '?' or ':' (c); returns PV_EXIT_USAGE. */
int pv_opts_bad(const char *cmd, int c, char **argv, const struct option *longopts);
/* The error for an unknown option arg, with the closest name; PV_EXIT_USAGE. */
int pv_opts_unknown(const char *cmd, const char *arg, const struct option *longopts);

/* A required option; prints the usage error when it is missing. */
int pv_opts_require(const PV_OPTS *o, const char *value, const char *name);
/* No positional arguments. */
int pv_opts_no_args(const PV_OPTS *o);
/* No positional arguments, and the --profile, --ca-cert and --ca-key signing needs. */
int pv_opts_require_signer(const PV_OPTS *o);
/* --code or --code-file: exactly one when required, else at most one. */
int pv_opts_code_choice(const PV_OPTS *o, int required);
/* --signature, --signature-file or --vcert: likewise. */
int pv_opts_proof_choice(const PV_OPTS *o, int required);
/* Exactly one of --code and --code-file, and stdin read at most once. */
int pv_opts_require_code(const PV_OPTS *o);
/* At most one of the inputs reads standard input (-, or --passin stdin). */
int pv_opts_one_stdin(const PV_OPTS *o);
/* At most one of names[] was given. */
int pv_opts_at_most_one(const PV_OPTS *o, const char *names[], const char *values[],
                        size_t n);

/* Exactly one of the given options (NULL-terminated name/value pairs). */
int pv_opts_one_of(const PV_OPTS *o, const char *names[], const char *values[], size_t n);

/* --days as a positive int; 0 when not given. Returns a PV_EXIT_* status. */
int pv_opts_days(const PV_OPTS *o, int *days);

/* An input buffer, with the name messages use for it. */
typedef struct pv_input_st {
    unsigned char *data;
    size_t len;
    const char *source;
} PV_INPUT;

/*
 * The exact bytes of a file ("-" is standard input), up to PV_INPUT_MAX.
 * Returns a PV_EXIT_* status; prints the error.
 */
int pv_read_file(const char *path, const char *option, PV_INPUT *in);

/* The value of an option or the content of a file, whichever is set. */
int pv_read_input(const char *value, const char *value_option, const char *path,
                  const char *path_option, PV_INPUT *in);
void pv_input_free(PV_INPUT *in);

#endif
