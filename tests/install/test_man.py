"""test_man.py - the installed man pages render with man(1) and document what
the code has: every command and option the CLI accepts in popverify(1), every
id, parameter and reason of popverify.h in popverify(7), every profile field
in popverify-profiles(5). Help texts point to man pages, not to repository
paths. The lists are taken from the code and the programs, not from the pages.

Environment (set by ctest):
  POPVERIFY_TREE        the tree `cmake --install --prefix` filled
  POPVERIFY_BUILD_MAN   the build's man/ directory (pod2man output)
  POPVERIFY_SOURCE_DIR  the source tree
"""

import glob
import os
import re
import shutil
import subprocess
import unittest

TREE = os.environ["POPVERIFY_TREE"]
BUILD_MAN = os.environ["POPVERIFY_BUILD_MAN"]
SRC = os.environ["POPVERIFY_SOURCE_DIR"]
BIN = os.path.join(TREE, "bin", "popverify")
MANDIR = os.path.join(TREE, "share", "man")
DOCDIR = os.path.join(TREE, "share", "doc", "popverify")


def run(args, env=None, check=True):
    p = subprocess.run(args, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError("%s exited %d: %s" % (args, p.returncode, p.stderr))
    return p


def plain(text):
    """man output as plain ASCII words: no overstrike, hyphens as '-'."""
    text = re.sub(r".\x08", "", text)
    for ch in "\u2010\u2011\u2012\u2013\u2212":
        text = text.replace(ch, "-")
    return text


def man(*args):
    env = dict(os.environ, MANPATH=MANDIR, MANWIDTH="120", MANPAGER="cat", PAGER="cat")
    env.pop("MANOPT", None)
    return plain(run(["man", *args], env=env).stdout)


def cli_commands():
    """The commands `popverify --help` lists."""
    out = run([BIN, "--help"]).stdout
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def source_options():
    """Every long option in the CLI's getopt tables, and main's own."""
    names = set()
    for path in glob.glob(os.path.join(SRC, "cli", "**", "*.[ch]"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names.update(re.findall(r'"([a-z][a-z0-9-]*)",\s*(?:no|required|optional)_argument',
                                text))
        if os.path.basename(path) == "main.c":
            names.update(re.findall(r'"--([a-z][a-z0-9-]*)[="]', text))
    return names


def help_options(command):
    out = run([BIN, command, "--help"]).stdout
    return set(re.findall(r"(?<![A-Za-z0-9-])--([a-z][a-z0-9-]*)", out))


class ManPages(unittest.TestCase):
    longMessage = False

    @classmethod
    def setUpClass(cls):
        if shutil.which("man") is None:
            raise AssertionError("no man command: install man-db")
        cls.page1 = man("popverify")
        cls.page7 = man("7", "popverify")
        cls.page5 = man("popverify-profiles")

    def test_pages_render(self):
        for page, title in ((self.page1, "popverify(1)"), (self.page7, "popverify(7)"),
                            (self.page5, "popverify-profiles(5)")):
            self.assertIn(title, page.lower())
            for section in ("NAME", "DESCRIPTION", "SEE ALSO"):
                self.assertRegex(page, r"(?m)^%s$" % section)

    def test_man_l_renders_the_built_page(self):
        env = dict(os.environ, MANWIDTH="120", MANPAGER="cat", PAGER="cat")
        out = plain(run(["man", "-l", os.path.join(BUILD_MAN, "popverify.1")], env=env).stdout)
        self.assertIn("proof of possession of a CA private key", out)

    def test_every_command_in_popverify_1(self):
        commands = cli_commands()
        self.assertIn("sign", commands)
        for c in commands:
            self.assertRegex(self.page1, r"(?m)^ +%s\b" % re.escape(c), "command " + c)
            self.assertRegex(self.page1, r"popverify %s\b" % re.escape(c), "synopsis " + c)

    def test_every_option_in_popverify_1(self):
        options = source_options()
        for c in cli_commands():
            options |= help_options(c)
        self.assertTrue({"profile", "ca-key", "config", "help", "version"} <= options, options)
        for name in sorted(options):
            self.assertRegex(self.page1, r"(?<![A-Za-z0-9-])--%s(?![a-z0-9-])" % re.escape(name),
                             "popverify(1) does not document --" + name)

    def test_header_names_in_popverify_7(self):
        with open(os.path.join(SRC, "include", "popverify.h"), encoding="utf-8") as f:
            header = f.read()
        defines = re.findall(r"(?m)^#define (POPVERIFY_(?:FN|PARAM|R)_[A-Z0-9_]+) (\S+)", header)
        self.assertGreater(len(defines), 30)
        flat = re.sub(r"\s+", " ", self.page7)
        for name, value in defines:
            self.assertTrue(name in flat, "popverify(7) does not name " + name)
            if value.startswith('"'):
                self.assertTrue(value.strip('"') in flat, "popverify(7): %s %s" % (name, value))
        op = re.search(r"#define POPVERIFY_OP (\d+)", header).group(1)
        self.assertIn(op, flat)
        for word in ("popverify://", "KEYMGMT", "SIGNATURE", "STORE", "ENCODER",
                     "profiles", "activate", "OSSL_PROVIDER_load"):
            self.assertTrue(word in flat, "popverify(7) does not say " + word)

    def test_profile_fields_in_popverify_profiles_5(self):
        info = run([BIN, "profiles", "cumulocity"]).stdout
        fields = [line.split(":", 1)[0] for line in info.splitlines() if ":" in line]
        fields = [f for f in fields if f != "name"]
        self.assertIn("device_days", fields)
        for field in fields + ["base"]:
            self.assertRegex(self.page5, r"(?m)^ +.*\b%s\b" % re.escape(field), field)

    def test_help_points_to_man_pages_not_paths(self):
        for c in [None] + cli_commands():
            out = run([BIN, "--help"] if c is None else [BIN, c, "--help"]).stdout
            self.assertNotRegex(out, r"docs/\w", "popverify %s --help" % (c or ""))

    def test_guides_installed(self):
        for name in ("doctor.md", "lint.md", "profiles.md", "platforms.md", "issuing.md",
                     "batch.md", "openssl-cli.md", "openssl.cnf.example"):
            path = os.path.join(DOCDIR, name)
            self.assertTrue(os.path.isfile(path) and os.path.getsize(path) > 0, path)
        with open(os.path.join(DOCDIR, "openssl.cnf.example"), encoding="utf-8") as f:
            self.assertIn("popverify", f.read())
        self.assertIn("share/doc/popverify", self.page1)
        # popverify(1) names every installed guide, and only those.
        installed = {n for n in os.listdir(DOCDIR) if n.endswith(".md")}
        named = set(re.findall(r"\b([a-z][a-z0-9-]*\.md)\b", self.page1))
        self.assertEqual(named, installed, "guides named in popverify(1) vs installed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
