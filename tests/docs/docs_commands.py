"""docs_commands.py - run every shell command the documentation shows, as a
reader would: each ```sh fence of README.md, docs/*.md and
examples/README.md, in order, in one scratch folder laid out like a source
checkout (build/, examples/, include/, openssl.cnf.example) that also holds
the files a user already has, made here with plain openssl:

  rootCA.key             the CA key, EC P-256, encrypted with $CA_PASS
  rootCA.pem             its self-signed CA certificate (CA:TRUE)
  verification_code.txt  a Cumulocity verification code, no line end
  signature.txt          openssl dgst's signature of it, base64 on one line
  device.key device.csr  a device key and its certificate request

`popverify` is the built binary, first on PATH. The environment has CA_PASS
(rootCA.key's passphrase), ACME_CA_PASS and REGISTRATION_CODE (an AWS IoT
registration code); standard input is /dev/null, as in CI. Each file's
commands run in one shell, so `export` and `cd` carry over to the commands
after them in that file; the folder carries over from file to file, as for
a reader who follows README.md and then the guides.

Rules a document follows:
  - every command of a ```sh fence exits 0; a command that cannot run here
    (a cloud CLI, a platform URL) or is meant to fail goes in a ```console
    or ```text fence, which is never run;
  - `<!-- docs_commands: output -->` on the line before a ```text fence
    that follows an ```sh fence (only prose between them) says it shows that
    fence's output: each of its lines must be a line of what the fence's
    commands printed (stdout and stderr), in that order, where "..." or "…"
    stands for any text; a text fence without it is never checked;
  - `<!-- docs_commands: skip REASON -->` on the line before a fence leaves
    it out (the README's build commands, which this test runs inside, and
    installing into the system); the reason is printed.

A failure names the file, the line of the command and the command, and shows
what it printed. Environment: POPVERIFY_BIN, POPVERIFY_BUILD_DIR (the build
tree: build/ in the scratch folder points there), POPVERIFY_SOURCE_DIR,
POPVERIFY_WORKDIR (the scratch folder goes below it), and optionally
POPVERIFY_DOCS (space-separated files relative to the source, to run only
those) and POPVERIFY_MODULE_PRELOAD (the sanitizer runtimes a sanitized
popverify.so needs in the stock openssl binary: `openssl` on PATH is then a
wrapper that preloads them into openssl, and nothing else).
"""

import glob
import os
import re
import shutil
import subprocess
import sys

SOURCE = os.environ.get("POPVERIFY_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("POPVERIFY_BUILD_DIR", os.path.join(SOURCE, "build"))
BIN = os.environ.get("POPVERIFY_BIN", os.path.join(BUILD, "popverify"))
WORKDIR = os.environ.get("POPVERIFY_WORKDIR", BUILD)

ENV = {
    "CA_PASS": "docs-S3cret-ca",
    "ACME_CA_PASS": "docs-S3cret-acme",
    "REGISTRATION_CODE": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
}
CODE = "Zk3pQ9vX2mL8aR4tW7yB1cN6"
SKIP_RE = re.compile(r"^<!--\s*docs_commands:\s*skip\b\s*(.*?)\s*-->\s*$")
OUTPUT_RE = re.compile(r"^<!--\s*docs_commands:\s*output\s*-->\s*$")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})\s*([^`\s]*)")


def doc_files():
    if os.environ.get("POPVERIFY_DOCS"):
        return os.environ["POPVERIFY_DOCS"].split()
    docs = sorted(os.path.relpath(p, SOURCE) for p in glob.glob(os.path.join(SOURCE, "docs", "*.md")))
    return ["README.md"] + docs + ["examples/README.md"]


class Fence:
    def __init__(self, lang, line, skip):
        self.lang, self.line, self.skip = lang, line, skip
        self.lines = []  # (line number, text)
        self.after_sh = None  # for a text fence: the sh fence it shows the output of
        self.orphan = False  # marked as output, but no sh fence before it


def parse_fences(path):
    """The fenced blocks of a Markdown file, with their info strings."""
    fences, cur, prev_sh, prev_line = [], None, None, ""
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            text = text.rstrip("\n")
            m = FENCE_RE.match(text)
            if cur is not None:
                if m and text.strip() == m.group(1) and m.group(1)[0] == cur.marker[0] \
                        and len(m.group(1)) >= len(cur.marker):
                    fences.append(cur)
                    prev_sh = cur if cur.lang == "sh" else None
                    cur = None
                else:
                    cur.lines.append((n, text))
                continue
            if m:
                skip = SKIP_RE.match(prev_line.strip())
                cur = Fence(m.group(2).lower(), n, skip.group(1) or "no reason given" if skip else None)
                cur.marker = m.group(1)
                if cur.lang == "text" and OUTPUT_RE.match(prev_line.strip()):
                    cur.after_sh = prev_sh
                    if prev_sh is None:
                        cur.orphan = True
                prev_sh = None
            elif text.startswith("#"):
                prev_sh = None  # a heading ends what a text fence can show
            if text.strip():
                prev_line = text
    return fences


HEREDOC_RE = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z_0-9]*)\1")


def commands(fence):
    """The commands of an sh fence: continued lines joined, here-documents kept
    whole, comments and blank lines dropped. Yields (line number, text)."""
    cmds, cur, start, heredoc = [], [], None, None
    for n, text in fence.lines:
        if heredoc is not None:
            cur.append(text)
            if text.strip() == heredoc:
                heredoc = None
                cmds.append((start, "\n".join(cur)))
                cur = []
            continue
        if not cur and (not text.strip() or text.lstrip().startswith("#")):
            continue
        if not cur:
            start = n
        cur.append(text)
        m = HEREDOC_RE.search(text)
        if m:
            heredoc = m.group(2)
        elif not text.endswith("\\"):
            cmds.append((start, "\n".join(cur)))
            cur = []
    if cur:
        cmds.append((start, "\n".join(cur)))
    return cmds


def run(cmd, cwd, **kw):
    """A fixture command, its errors shown."""
    r = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("docs_commands: fixture command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))


def make_scratch():
    scratch = os.path.join(WORKDIR, "docs-scratch")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(os.path.join(scratch, ".docs-bin"))
    os.symlink(os.path.abspath(BIN), os.path.join(scratch, ".docs-bin", "popverify"))
    os.symlink(os.path.abspath(BUILD), os.path.join(scratch, "build"))
    for name in ("examples", "include", "openssl.cnf.example"):
        os.symlink(os.path.abspath(os.path.join(SOURCE, name)), os.path.join(scratch, name))
    env = dict(os.environ, **ENV)
    cnf = os.path.join(scratch, ".docs-fixture.cnf")
    with open(cnf, "w") as f:
        f.write("[req]\ndistinguished_name = dn\n[dn]\n")
    fx = dict(env, OPENSSL_CONF=cnf)
    run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-aes-256-cbc", "-pass", "env:CA_PASS", "-out", "rootCA.key"], scratch, env=fx)
    run(["openssl", "req", "-x509", "-new", "-key", "rootCA.key", "-passin", "env:CA_PASS",
         "-sha256", "-days", "3650", "-subj", "/O=Acme/CN=Acme Root",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign",
         "-addext", "subjectKeyIdentifier=hash", "-out", "rootCA.pem"], scratch, env=fx)
    with open(os.path.join(scratch, "verification_code.txt"), "w") as f:
        f.write(CODE)
    run(["openssl", "dgst", "-sha256", "-sign", "rootCA.key", "-passin", "env:CA_PASS",
         "-out", ".docs-signature.bin", "verification_code.txt"], scratch, env=fx)
    run(["openssl", "base64", "-A", "-in", ".docs-signature.bin", "-out", "signature.txt"],
        scratch, env=fx)
    run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-noenc" if _has_noenc() else "-nodes", "-keyout", "device.key",
         "-subj", "/CN=acme-sensor-00099", "-out", "device.csr"], scratch, env=fx)
    os.remove(cnf)
    preload_openssl(os.path.join(scratch, ".docs-bin"))
    env["PATH"] = os.path.join(scratch, ".docs-bin") + os.pathsep + env.get("PATH", "")
    return scratch, env


def preload_openssl(bindir):
    preload = os.environ.get("POPVERIFY_MODULE_PRELOAD", "")
    real = shutil.which("openssl")
    if not preload or real is None:
        return
    path = os.path.join(bindir, "openssl")
    with open(path, "w") as f:
        f.write('#!/bin/sh\nLD_PRELOAD="%s${LD_PRELOAD:+:$LD_PRELOAD}" exec %s "$@"\n'
                % (preload, real))
    os.chmod(path, 0o755)


def _has_noenc():
    r = subprocess.run(["openssl", "req", "-help"], capture_output=True, text=True)
    return "-noenc" in r.stdout + r.stderr


def driver(cmds, tmp):
    """A bash script that runs the commands in one shell, stopping at the first
    that fails; each one's output and status go to files in tmp."""
    out = ["set -o pipefail", 'cd "$1" || exit 99']
    for i, (_, _, text) in enumerate(cmds):
        path = os.path.join(tmp, "cmd-%d.sh" % i)
        with open(path, "w") as f:
            f.write(text + "\n")
        base = os.path.join(tmp, "%d" % i)
        out.append('eval "$(cat %s)" >%s.out 2>&1 </dev/null; echo $? >%s.rc' % (path, base, base))
        out.append('[ "$(cat %s.rc)" = 0 ] || exit 0' % base)
    return "\n".join(out) + "\n"


def shown(text):
    """A line of a text fence as a pattern: "..." and "…" stand for any text."""
    parts = re.split(r"\.\.\.|…", text.rstrip())
    return re.compile(".*".join(re.escape(p) for p in parts) + r"\Z")


def check_output(doc, fence, printed):
    """The lines of a text fence, in order, among the lines printed."""
    lines = [line.rstrip() for line in printed.splitlines()]
    i = 0
    for n, text in fence.lines:
        if not text.strip():
            continue
        pat = shown(text)
        while i < len(lines) and not pat.match(lines[i]):
            i += 1
        if i == len(lines):
            return "%s:%d: the output shown is not what the commands at %s:%d printed: no line " \
                   "matches %r (after the lines matched before it); they printed:\n%s" % (
                       doc, n, doc, fence.after_sh.line, text, indent(printed))
        i += 1
    return None


def indent(text, limit=40):
    lines = text.splitlines()
    if len(lines) > limit:
        lines = lines[:limit] + ["... (%d more lines)" % (len(lines) - limit)]
    return "".join("    | %s\n" % line for line in lines) or "    | (nothing)\n"


def run_doc(doc, scratch, env):
    """Runs one file's commands; returns (commands run, failures)."""
    fences = parse_fences(os.path.join(SOURCE, doc))
    cmds = []  # (fence, line, text)
    for fence in fences:
        if fence.lang != "sh":
            continue
        if fence.skip is not None:
            print("docs_commands: %s:%d: skipped: %s" % (doc, fence.line, fence.skip))
            continue
        cmds += [(fence, n, text) for n, text in commands(fence)]
    failures = ["%s:%d: marked as output, but no ```sh fence comes before it (only prose "
                "may stand between them)" % (doc, f.line) for f in fences if f.orphan]
    if not cmds:
        return 0, failures
    tmp = os.path.join(scratch, ".docs-run", doc.replace("/", "_"))
    os.makedirs(tmp)
    script = os.path.join(tmp, "driver.sh")
    with open(script, "w") as f:
        f.write(driver(cmds, tmp))
    subprocess.run(["bash", "--noprofile", "--norc", script, scratch], env=env,
                   stdin=subprocess.DEVNULL, check=False)
    printed, ran = {}, 0
    for i, (fence, n, text) in enumerate(cmds):
        base = os.path.join(tmp, "%d" % i)
        if not os.path.exists(base + ".rc"):
            failures.append("%s:%d: not run, a command before it failed" % (doc, n))
            break
        ran += 1
        with open(base + ".out", errors="replace") as f:
            out = f.read()
        with open(base + ".rc") as f:
            rc = f.read().strip()
        printed[fence] = printed.get(fence, "") + out
        if rc != "0":
            failures.append("%s:%d: exit status %s (a documented command must exit 0):\n%s"
                            "  it printed:\n%s" % (doc, n, rc, indent(text), indent(out)))
        else:
            print("docs_commands: %s:%d: ok: %s" % (doc, n, text.splitlines()[0]))
    for fence in fences:
        if fence.lang == "text" and fence.after_sh in printed:
            err = check_output(doc, fence, printed[fence.after_sh])
            if err:
                failures.append(err)
    return ran, failures


def main():
    scratch, env = make_scratch()
    total, failures = 0, []
    for doc in doc_files():
        ran, failed = run_doc(doc, scratch, env)
        total += ran
        failures += failed
    for f in failures:
        print("docs_commands: FAIL %s" % f)
    print("docs_commands: %d commands run, %d failures (scratch folder %s)"
          % (total, len(failures), scratch))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
