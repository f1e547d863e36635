/*
 * options.c - shared option parsing (getopt_long) and reading the code and
 * signature inputs exactly as given.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "options.h"
#include "session.h"
#include "suggest.h"

static const char **field(PV_OPTS *o, int val)
{
    switch (val) {
    case PV_OPT_PROFILE:
        return &o->profile;
    case PV_OPT_CA_CERT:
        return &o->ca_cert;
    case PV_OPT_CA_KEY:
        return &o->ca_key;
    case PV_OPT_PASSIN:
        return &o->passin;
    case PV_OPT_CODE:
        return &o->code;
    case PV_OPT_CODE_FILE:
        return &o->code_file;
    case PV_OPT_SIGNATURE:
        return &o->signature;
    case PV_OPT_SIGNATURE_FILE:
        return &o->signature_file;
    case PV_OPT_VCERT:
        return &o->vcert;
    case PV_OPT_OUT:
        return &o->out;
    case PV_OPT_OUTFORM:
        return &o->outform;
    case PV_OPT_DAYS:
        return &o->days;
    case PV_OPT_KEEP:
        return &o->keep;
    case PV_OPT_SUBJECT:
        return &o->subject;
    case PV_OPT_KEY_TYPE:
        return &o->key_type;
    case PV_OPT_KEY_OUT:
        return &o->key_out;
    case PV_OPT_PASSOUT:
        return &o->passout;
    case PV_OPT_ID:
        return &o->id;
    case PV_OPT_CSR:
        return &o->csr;
    case PV_OPT_PLATFORM_ERROR:
        return &o->platform_error;
    case PV_OPT_BATCH:
        return &o->batch;
    case PV_OPT_OUT_DIR:
        return &o->out_dir;
    case PV_OPT_JOBS:
        return &o->jobs;
    }
    return NULL;
}

static const char *long_name(const struct option *longopts, int val)
{
    for (; longopts->name != NULL; longopts++)
        if (longopts->val == val)
            return longopts->name;
    return "?";
}

/* The name part of an option as typed: "--pasin=pass:x" -> "--pasin". Never the value. */
static int name_len(const char *arg)
{
    size_t n = strcspn(arg, "=:");

    return n > 64 ? 64 : (int)n;
}

/* "--ca" that abbreviates several options: the first two it could be. */
static int ambiguous(const char *cmd, const char *name, size_t len,
                     const struct option *longopts)
{
    const char *first = NULL, *second = NULL;

    for (; longopts->name != NULL && second == NULL; longopts++)
        if (strncmp(longopts->name, name, len) == 0)
            *(first == NULL ? &first : &second) = longopts->name;
    if (second == NULL)
        return 0;
    pv_error("%s: option '--%.*s' is short for more than one option, e.g. --%s and "
             "--%s; write it out",
             cmd, (int)len, name, first, second);
    return 1;
}

int pv_opts_unknown(const char *cmd, const char *arg, const struct option *longopts)
{
    int dashes = arg[0] == '-' ? (arg[1] == '-' ? 2 : 1) : 0;
    const char *name = arg + dashes;
    size_t len = (size_t)name_len(name);
    const char *hint = dashes == 2 ? pv_nearest_option(name, len, longopts)
                                   : pv_openssl_option(name, len, longopts, 1);

    if (dashes == 2 && len > 0 && ambiguous(cmd, name, len, longopts))
        return PV_EXIT_USAGE;
    if (hint != NULL)
        pv_error(
            "%s: unknown option '%.*s'; did you mean --%s? (see 'popverify %s --help')",
            cmd, (int)len + dashes, arg, hint, cmd);
    else
        pv_error("%s: unknown option '%.*s'; see 'popverify %s --help'", cmd,
                 (int)len + dashes, arg, cmd);
    return PV_EXIT_USAGE;
}

int pv_opts_bad(const char *cmd, int c, char **argv, const struct option *longopts)
{
    const char *arg = argv[optind - 1];

    if (c == ':') {
        pv_error("%s: option '%.*s' needs a value; see 'popverify %s --help'", cmd,
                 name_len(arg), arg, cmd);
        return PV_EXIT_USAGE;
    }
    return pv_opts_unknown(cmd, arg, longopts);
}

/* An argument that is one of the command's options, as -NAME or --NAME. */
static const char *option_like(const char *arg, const struct option *longopts, int *len)
{
    const char *name;

    *len = 0;
    if (arg[0] != '-' || arg[1] == '\0')
        return NULL;
    name = arg[1] == '-' ? arg + 2 : arg + 1;
    if ((*len = name_len(name)) == 0)
        return NULL;
    if (arg[1] == '-')
        return pv_match_option(name, (size_t)*len, longopts) != NULL ? name : NULL;
    return pv_openssl_option(name, (size_t)*len, longopts, 0) != NULL ? name : NULL;
}

/* The command has -j N (device --batch). */
static int takes_jobs(const struct option *longopts)
{
    for (; longopts->name != NULL; longopts++)
        if (longopts->val == PV_OPT_JOBS)
            return 1;
    return 0;
}

int pv_opts_check_spelling(const char *cmd, int argc, char **argv,
                           const struct option *longopts)
{
    const struct option *opt;
    const char *a, *next;
    int i, len;

    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        a = argv[i];
        if (a[0] != '-' || a[1] == '\0' || strcmp(a, "-h") == 0)
            continue;
        if (a[1] == 'j' && takes_jobs(longopts)) { /* -j N, -jN */
            i += a[2] == '\0';
            continue;
        }
        if (a[1] != '-')
            return pv_opts_unknown(cmd, a, longopts); /* openssl's -passin, -out, ... */
        opt = pv_match_option(a + 2, (size_t)name_len(a + 2), longopts);
        if (opt == NULL || opt->has_arg != required_argument || strchr(a, '=') != NULL ||
            i + 1 >= argc)
            continue;
        if ((next = option_like(argv[i + 1], longopts, &len)) != NULL) {
            pv_error("%s: --%s needs a value, but the next argument is the option "
                     "'%.*s'; give --%s VALUE",
                     cmd, opt->name, len + (int)(next - argv[i + 1]), argv[i + 1],
                     opt->name);
            return PV_EXIT_USAGE;
        }
        i++; /* the value */
    }
    return PV_EXIT_OK;
}

static int store(PV_OPTS *o, int c, const struct option *longopts)
{
    const char **f = field(o, c);

    if (c == PV_OPT_HELP) {
        o->help = 1;
    } else if (c == PV_OPT_JSON) {
        o->json = 1;
    } else if (c == PV_OPT_FORCE || c == PV_OPT_CHAIN) {
        *(c == PV_OPT_FORCE ? &o->force : &o->chain) = 1;
    } else if (f == NULL) {
        return PV_EXIT_USAGE;
    } else if (*f != NULL) {
        pv_error("%s: --%s given twice; give it once", o->cmd, long_name(longopts, c));
        return PV_EXIT_USAGE;
    } else {
        *f = optarg;
    }
    return PV_EXIT_OK;
}

/* -h for every command, and -j N for those that take --jobs. */
static const char *short_opts(const struct option *longopts)
{
    return takes_jobs(longopts) ? ":hj:" : ":h";
}

int pv_opts_parse(PV_OPTS *o, const char *cmd, int argc, char **argv,
                  const struct option *longopts)
{
    int c, status;
    const char *shorts = short_opts(longopts);

    memset(o, 0, sizeof(*o));
    o->cmd = cmd;
    if ((status = pv_opts_check_spelling(cmd, argc, argv, longopts)) != PV_EXIT_OK)
        return status;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        if (c == '?' || c == ':')
            return pv_opts_bad(cmd, c, argv, longopts);
        if ((status = store(o, c, longopts)) != PV_EXIT_OK)
            return status;
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    return PV_EXIT_OK;
}

int pv_opts_require(const PV_OPTS *o, const char *value, const char *name)
{
    if (value != NULL)
        return PV_EXIT_OK;
    pv_error("%s: %s is required; see 'popverify %s --help'", o->cmd, name, o->cmd);
    return PV_EXIT_USAGE;
}

int pv_opts_no_args(const PV_OPTS *o)
{
    if (o->nargs == 0)
        return PV_EXIT_OK;
    /* A passphrase typed without its option is not shown. */
    if (strncmp(o->args[0], "pass:", 5) == 0)
        pv_error("%s: unexpected argument 'pass:...'; a passphrase goes after --passin "
                 "or --passout",
                 o->cmd);
    else
        pv_error("%s: unexpected argument '%s'; see 'popverify %s --help'", o->cmd,
                 o->args[0], o->cmd);
    return PV_EXIT_USAGE;
}

int pv_opts_require_signer(const PV_OPTS *o)
{
    int status;

    if ((status = pv_opts_no_args(o)) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->profile, "--profile")) != PV_EXIT_OK ||
        (status = pv_opts_require(o, o->ca_cert, "--ca-cert")) != PV_EXIT_OK)
        return status;
    return pv_opts_require(o, o->ca_key, "--ca-key");
}

int pv_opts_code_choice(const PV_OPTS *o, int required)
{
    const char *names[] = {"--code", "--code-file"};
    const char *values[] = {o->code, o->code_file};

    return required ? pv_opts_one_of(o, names, values, 2)
                    : pv_opts_at_most_one(o, names, values, 2);
}

int pv_opts_proof_choice(const PV_OPTS *o, int required)
{
    const char *names[] = {"--signature", "--signature-file", "--vcert"};
    const char *values[] = {o->signature, o->signature_file, o->vcert};

    return required ? pv_opts_one_of(o, names, values, 3)
                    : pv_opts_at_most_one(o, names, values, 3);
}

int pv_opts_require_code(const PV_OPTS *o)
{
    int status = pv_opts_code_choice(o, 1);

    return status != PV_EXIT_OK ? status : pv_opts_one_stdin(o);
}

int pv_opts_at_most_one(const PV_OPTS *o, const char *names[], const char *values[],
                        size_t n)
{
    size_t i, first = n;

    for (i = 0; i < n; i++) {
        if (values[i] == NULL)
            continue;
        if (first < n) {
            pv_error("%s: %s and %s cannot be used together; give one", o->cmd,
                     names[first], names[i]);
            return PV_EXIT_USAGE;
        }
        first = i;
    }
    return PV_EXIT_OK;
}

int pv_opts_one_of(const PV_OPTS *o, const char *names[], const char *values[], size_t n)
{
    size_t i;
    int status = pv_opts_at_most_one(o, names, values, n);

    if (status != PV_EXIT_OK)
        return status;
    for (i = 0; i < n; i++)
        if (values[i] != NULL)
            return PV_EXIT_OK;
    if (n == 2)
        pv_error("%s: give %s or %s", o->cmd, names[0], names[1]);
    else
        pv_error("%s: give one of %s, %s or %s", o->cmd, names[0], names[1], names[2]);
    return PV_EXIT_USAGE;
}

static int pv_is_stdin(const char *value, const char *word)
{
    return value != NULL && strcmp(value, word) == 0;
}

int pv_opts_one_stdin(const PV_OPTS *o)
{
    int n = pv_is_stdin(o->code_file, "-") + pv_is_stdin(o->signature_file, "-") +
            pv_is_stdin(o->csr, "-") + pv_is_stdin(o->passin, "stdin") +
            pv_is_stdin(o->batch, "-");

    if (n <= 1)
        return PV_EXIT_OK;
    pv_error("%s: only one input can be read from standard input; give the others as "
             "files",
             o->cmd);
    return PV_EXIT_USAGE;
}

/* Up to PV_INPUT_MAX + 1 bytes, so that a larger input is seen as such. */
static int read_all(int fd, unsigned char *buf, size_t *len)
{
    ssize_t n;

    *len = 0;
    while (*len <= PV_INPUT_MAX) {
        n = read(fd, buf + *len, PV_INPUT_MAX + 1 - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 0;
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    return 1;
}

static int read_failed(const char *path, const char *option, int err)
{
    if (err == ENOENT)
        pv_error("%s '%s': no such file; check the path", option, path);
    else
        pv_error("%s '%s': cannot read it (%s)", option, path, strerror(err));
    return PV_EXIT_ERROR;
}

int pv_read_file(const char *path, const char *option, PV_INPUT *in)
{
    int stdio = strcmp(path, "-") == 0;
    int fd = stdio ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    int err;

    memset(in, 0, sizeof(*in));
    if (fd < 0)
        return read_failed(path, option, errno);
    in->data = malloc(PV_INPUT_MAX + 1);
    if (in->data == NULL || !read_all(fd, in->data, &in->len)) {
        err = in->data == NULL ? ENOMEM : errno;
        if (!stdio)
            close(fd);
        pv_input_free(in);
        return read_failed(path, option, err);
    }
    if (!stdio)
        close(fd);
    in->source = stdio ? "standard input" : path;
    if (in->len <= PV_INPUT_MAX)
        return PV_EXIT_OK;
    pv_error("%s '%s': larger than %d KiB; give the file that holds only the %s", option,
             path, PV_INPUT_MAX / 1024,
             strstr(option, "code") != NULL ? "code" : "signature");
    pv_input_free(in);
    return PV_EXIT_ERROR;
}

int pv_read_input(const char *value, const char *value_option, const char *path,
                  const char *path_option, PV_INPUT *in)
{
    size_t len;

    if (value == NULL)
        return pv_read_file(path, path_option, in);
    memset(in, 0, sizeof(*in));
    len = strlen(value);
    in->data = malloc(len + 1);
    if (in->data == NULL) {
        pv_error("out of memory");
        return PV_EXIT_ERROR;
    }
    memcpy(in->data, value, len + 1);
    in->len = len;
    in->source = value_option;
    return PV_EXIT_OK;
}

void pv_input_free(PV_INPUT *in)
{
    free(in->data);
    memset(in, 0, sizeof(*in));
}
