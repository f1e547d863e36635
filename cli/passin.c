/*
 * passin.c - the passphrase sources openssl users know (pass:, env:, file:,
 * fd:, stdin) and a no-echo prompt on the terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "passin.h"
#include "session.h"

/* What a signal during the prompt needs to give the terminal its echo back. */
static struct termios saved_tty;
static volatile sig_atomic_t echo_off_fd = -1;

/* First line of fd, without its LF (as openssl reads -passin file:/fd:). */
static int read_line(int fd, char *buf, size_t max, size_t *len)
{
    ssize_t n;
    char c;

    *len = 0;
    for (;;) {
        n = read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 0;
        if (n == 0 || c == '\n')
            break;
        if (*len == max)
            return -1;
        buf[(*len)++] = c;
    }
    buf[*len] = '\0';
    return 1;
}

static int from_fd(PV_PASSIN *p, int fd, const char *what)
{
    int r = read_line(fd, p->pass, PV_PASS_MAX, &p->len);

    if (r == 1) {
        p->have = 1;
        return PV_EXIT_OK;
    }
    pv_passin_clear(p);
    if (r < 0)
        pv_error("%s %s: the passphrase is longer than %d bytes", p->option, what,
                 PV_PASS_MAX);
    else
        pv_error("%s %s: cannot read it (%s)", p->option, what, strerror(errno));
    return PV_EXIT_ERROR;
}

static int from_file(PV_PASSIN *p, const char *spec)
{
    int fd = open(spec + 5, O_RDONLY | O_CLOEXEC);
    int status;

    if (fd < 0) {
        pv_error("%s %s: cannot open it (%s)", p->option, spec, strerror(errno));
        return PV_EXIT_ERROR;
    }
    status = from_fd(p, fd, spec);
    close(fd);
    return status;
}

static int from_fd_number(PV_PASSIN *p, const char *spec)
{
    char *end = NULL;
    long fd;

    errno = 0;
    fd = strtol(spec + 3, &end, 10);
    if (errno != 0 || end == spec + 3 || *end != '\0' || fd < 0 || fd > INT_MAX) {
        pv_error("%s %s: not a file descriptor number; use fd:N", p->option, spec);
        return PV_EXIT_USAGE;
    }
    return from_fd(p, (int)fd, spec);
}

static int from_env(PV_PASSIN *p, const char *spec)
{
    const char *val = getenv(spec + 4);

    if (val == NULL) {
        pv_error("%s %s: the environment variable %s is not set; export it or "
                 "use another source",
                 p->option, spec, spec + 4);
        return PV_EXIT_ERROR;
    }
    if (pv_passin_set(p, val, strlen(val)))
        return PV_EXIT_OK;
    pv_error("%s %s: the passphrase is longer than %d bytes", p->option, spec,
             PV_PASS_MAX);
    return PV_EXIT_ERROR;
}

static int pass_init(PV_PASSIN *p, const char *spec, const char *key_source,
                     const char *option)
{
    memset(p, 0, sizeof(*p));
    p->key_source = key_source;
    p->option = option;
    if (spec == NULL) {
        p->prompt = strcmp(option, "--passin") == 0;
        return PV_EXIT_OK;
    }
    if (strncmp(spec, "pass:", 5) == 0) {
        if (pv_passin_set(p, spec + 5, strlen(spec + 5)))
            return PV_EXIT_OK;
        pv_error("%s pass:...: the passphrase is longer than %d bytes", p->option,
                 PV_PASS_MAX);
        return PV_EXIT_ERROR; /* as for env:, file:, fd: and stdin */
    }
    if (strncmp(spec, "env:", 4) == 0)
        return from_env(p, spec);
    if (strncmp(spec, "file:", 5) == 0)
        return from_file(p, spec);
    if (strncmp(spec, "fd:", 3) == 0)
        return from_fd_number(p, spec);
    if (strcmp(spec, "stdin") == 0)
        return from_fd(p, STDIN_FILENO, "stdin");
    /* Not echoed: it may well be the passphrase itself. */
    pv_error("%s: unknown passphrase source; use pass:TEXT, env:VAR, file:PATH, "
             "fd:N or stdin",
             p->option);
    return PV_EXIT_USAGE;
}

int pv_passin_init(PV_PASSIN *p, const char *spec, const char *key_source)
{
    return pass_init(p, spec, key_source, "--passin");
}

int pv_passout_init(PV_PASSIN *p, const char *spec)
{
    int status = pass_init(p, spec, NULL, "--passout");

    if (status != PV_EXIT_OK || !p->have || p->len > 0)
        return status;
    pv_error("--passout %s: the passphrase is empty; give one, or drop --passout to "
             "write the key unencrypted",
             strncmp(spec, "pass:", 5) == 0 ? "pass:" : spec);
    return PV_EXIT_USAGE;
}

int pv_passin_set(PV_PASSIN *p, const char *pass, size_t len)
{
    if (len > PV_PASS_MAX)
        return 0;
    memcpy(p->pass, pass, len);
    p->pass[len] = '\0';
    p->len = len;
    p->have = 1;
    return 1;
}

void pv_passin_clear(PV_PASSIN *p)
{
    OPENSSL_cleanse(p->pass, sizeof(p->pass));
    p->len = 0;
    p->have = 0;
}

static void restore_echo(int sig)
{
    if (echo_off_fd >= 0)
        tcsetattr(echo_off_fd, TCSANOW, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void echo_on(int fd, const struct sigaction old[2])
{
    tcsetattr(fd, TCSAFLUSH, &saved_tty);
    echo_off_fd = -1;
    sigaction(SIGINT, &old[0], NULL);
    sigaction(SIGTERM, &old[1], NULL);
}

static int echo_off(int fd, struct sigaction old[2])
{
    struct termios quiet;
    struct sigaction sa;

    if (tcgetattr(fd, &saved_tty) != 0)
        return 0;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = restore_echo;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old[0]);
    sigaction(SIGTERM, &sa, &old[1]);
    quiet = saved_tty;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    echo_off_fd = fd;
    if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0)
        return 1;
    echo_on(fd, old);
    return 0;
}

static int ask(PV_PASSIN *p)
{
    struct sigaction old[2];
    char prompt[1200];
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    int ok = 0;

    if (fd < 0)
        return 0;
    snprintf(prompt, sizeof(prompt), "Enter pass phrase for %s:",
             p->key_source != NULL ? p->key_source : "the CA key");
    if (write(fd, prompt, strlen(prompt)) > 0 && echo_off(fd, old)) {
        ok = read_line(fd, p->pass, PV_PASS_MAX, &p->len) == 1;
        echo_on(fd, old);
        /* The user's Enter was not echoed; end the prompt line (cosmetic). */
        if (write(fd, "\n", 1) < 0) {
        }
    }
    close(fd);
    p->have = ok;
    if (!ok)
        pv_passin_clear(p);
    return ok;
}

int pv_passin_cb(char *pass, size_t pass_size, size_t *pass_len,
                 const OSSL_PARAM params[], void *arg)
{
    PV_PASSIN *p = arg;

    (void)params;
    if (!p->have && p->prompt && isatty(STDIN_FILENO)) {
        p->prompt = 0; /* ask once; a wrong answer is reported, not retried */
        ask(p);
    }
    if (!p->have || p->len > pass_size)
        return 0;
    memcpy(pass, p->pass, p->len);
    *pass_len = p->len;
    return 1;
}
