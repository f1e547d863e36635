"""test_docs_runner.py - docs_commands.py itself: on a made-up document it
runs the ```sh commands in one shell, leaves out ```console and skipped
fences, checks a ```text fence against the output, and names file:line and
the command of a failure."""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

DOC = """# A guide

```sh
export GREETING=hello
echo "$GREETING world"
printf '%s\\n' 'popverify: wrote a.pem (root CA, SHA-256 fingerprint 2B:BF:00)'
```

It prints:

<!-- docs_commands: output -->
```text
hello world
popverify: wrote a.pem (root CA, SHA-256 fingerprint ...)
```

```console
$ exit 7
```

<!-- docs_commands: skip not for this machine -->
```sh
exit 9
```

```sh
echo "$GREETING again" && cat no-such-file \\
    --and-more
echo never
```

```sh
echo unchecked output
```

<!-- docs_commands: output -->
```text
hello again
```
"""


class Runner(unittest.TestCase):
    def run_doc(self, text):
        with tempfile.TemporaryDirectory() as src:
            with open(os.path.join(src, "guide.md"), "w") as f:
                f.write(text)
            env = dict(os.environ, POPVERIFY_SOURCE_DIR=src, POPVERIFY_DOCS="guide.md",
                       POPVERIFY_WORKDIR=src)
            r = subprocess.run([sys.executable, os.path.join(HERE, "docs_commands.py")],
                               env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        return r.returncode, r.stdout + r.stderr

    def test_failures_named(self):
        rc, out = self.run_doc(DOC)
        self.assertEqual(rc, 1, out)
        self.assertIn("guide.md:4: ok: export GREETING=hello", out)
        self.assertIn("guide.md:22: skipped: not for this machine", out)
        self.assertNotIn("exit 7", out)
        # The continued command is named by its first line and shown whole.
        self.assertIn("FAIL guide.md:27: exit status 1", out)
        self.assertIn('| echo "$GREETING again" && cat no-such-file \\', out)
        self.assertIn("|     --and-more", out)
        self.assertIn("| hello again", out)  # what it printed
        self.assertIn("FAIL guide.md:29: not run, a command before it failed", out)
        # The first text fence matched (with "..." as any text); the last does
        # not follow an sh fence that ran, so it is not checked.
        self.assertNotIn("guide.md:12", out)
        self.assertIn("2 failures", out)

    def test_output_mismatch(self):
        rc, out = self.run_doc("```sh\necho one\necho two\n```\n\n<!-- docs_commands: output -->\n"
                               "```text\ntwo\none\n```\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("FAIL guide.md:9: the output shown is not what the commands at "
                      "guide.md:1 printed: no line matches 'one'", out)

    def test_unmarked_text_fence_is_not_output(self):
        rc, out = self.run_doc("```sh\necho one\n```\n\nCMake:\n\n```text\nproject(x)\n```\n")
        self.assertEqual(rc, 0, out)

    def test_output_mark_without_sh_fence(self):
        rc, out = self.run_doc("# T\n\n<!-- docs_commands: output -->\n```text\nx\n```\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("FAIL guide.md:4: marked as output, but no ```sh fence", out)

    def test_heredoc(self):
        doc = "```sh\ncat > x.cnf <<'EOF'\n[a]\nb = $HOME\nEOF\ngrep -qx 'b = [$]HOME' x.cnf\n```\n"
        rc, out = self.run_doc(doc)
        self.assertEqual(rc, 0, out)
        self.assertIn("2 commands run, 0 failures", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
