"""Every command that writes, against targets that must not lose a file:
each output checked before anything is generated, outputs compared with each
other and with every input as files (device and inode), existing files
replaced only once everything is on disk, temporary files gone on signals,
devices and FIFOs written through, private keys only to regular files.

After each failure the old files are compared byte for byte. Permission
cases also run as an unprivileged user (setpriv, when run as root).
"""

import base64
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
import unittest

import issuetest
from issuetest import run

CODE = "Zk3pQ9vX2mL8aR4tW7yB1cN6"
VCODE = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def temps(d):
    return sorted(n for n in os.listdir(d) if n.startswith(".popverify-"))


class Outputs(issuetest.TestCase):
    def setUp(self):
        super().setUp()
        c = self.chain()
        self.ca_pem = self.path("ca.pem")
        self.ca_key = self.path("ca.key")
        shutil.copy(c.root, self.ca_pem)
        shutil.copy(c.root_key, self.ca_key)
        self.old = {p: self.read(p) for p in (self.ca_pem, self.ca_key)}

    def assertUnchanged(self, *extra):
        for p, data in self.old.items():
            self.assertEqual(self.read(p), data, "%s changed" % p)
        self.assertEqual(temps(self.tmp), [])

    def new_root(self, *extra, key="root.key", out="root.pem", **kw):
        return run("ca", "--profile", "cumulocity", "--subject", "/CN=Out Test",
                   "--key-out", key, "--out", out, *extra, cwd=self.tmp, **kw)

    def sign(self, *extra, **kw):
        return run("sign", "--profile", "cumulocity", "--ca-cert", self.ca_pem,
                   "--ca-key", self.ca_key, "--code", CODE, *extra, cwd=self.tmp, **kw)

    def vcert(self, *extra, **kw):
        return run("vcert", "--profile", "azure-dps", "--ca-cert", self.ca_pem,
                   "--ca-key", self.ca_key, "--code", VCODE, *extra, cwd=self.tmp, **kw)

    def device(self, *extra, **kw):
        return run("device", "--profile", "cumulocity", "--ca-cert", self.ca_pem,
                   "--ca-key", self.ca_key, "--id", "dev-out-1", *extra, cwd=self.tmp,
                   **kw)

    def existing_key(self):
        """A root.key from an earlier run: the thing --force must not lose."""
        self.assertOk(self.new_root())
        self.old[self.path("root.key")] = self.read(self.path("root.key"))
        self.old[self.path("root.pem")] = self.read(self.path("root.pem"))

    # --- case 1: a failing --out never costs the existing key

    def test_force_with_missing_directory_keeps_the_key(self):
        self.existing_key()
        r = self.new_root("--force", out="nodir/c.pem")
        self.assertError(r, 3, "--out", "nodir", "does not exist")
        self.assertUnchanged()

    def test_force_with_out_a_directory_keeps_the_key(self):
        self.existing_key()
        os.mkdir(self.path("d"))
        r = self.new_root("--force", out="d")
        self.assertError(r, 3, "--out 'd'", "is a directory")
        self.assertUnchanged()
        r = self.device("--key-out", "root.key", "--force", "--out", "d")
        self.assertError(r, 3, "is a directory")
        self.assertUnchanged()

    def test_force_with_full_disk_keeps_the_key(self):
        self.existing_key()
        r = self.new_root("--force", out="/dev/full")
        self.assertError(r, 3, "/dev/full", "no space left")
        self.assertUnchanged()
        r = self.device("--key-out", "root.key", "--force", "--out", "/dev/full")
        self.assertError(r, 3, "no space left")
        self.assertUnchanged()

    def test_out_in_a_file_says_not_a_directory(self):
        r = self.sign("--out", "/dev/full/x.pem")
        self.assertError(r, 3, "'/dev/full' is not a directory")
        r = self.sign("--out", "ca.pem/x")
        self.assertError(r, 3, "'ca.pem' is not a directory")
        self.assertUnchanged()

    # --- case 2 and 3: outputs that are other outputs or inputs

    def test_key_and_cert_the_same_file_by_another_name(self):
        for key, out in (("./same.pem", "same.pem"), ("same.pem", "%s/same.pem" % self.tmp),
                         ("sub/../same.pem", "same.pem")):
            os.makedirs(self.path("sub"), exist_ok=True)
            with self.subTest(key=key, out=out):
                r = self.new_root(key=key, out=out)
                self.assertError(r, 2, "--key-out and --out are the same file")
                self.assertNoFile(self.path("same.pem"))

    def test_hard_link_is_the_same_file(self):
        self.existing_key()
        os.link(self.path("root.key"), self.path("alias.pem"))
        r = self.new_root("--force", out="alias.pem")
        self.assertError(r, 2, "--key-out and --out are the same file")
        self.assertUnchanged()

    def test_outputs_never_overwrite_inputs(self):
        os.symlink("ca.key", self.path("key-link"))
        code_file = self.write("code.txt", CODE)
        self.old[code_file] = self.read(code_file)
        cases = [
            (self.sign, ("--out", self.ca_key), "--ca-key"),
            (self.sign, ("--out", "key-link"), "--ca-key"),
            (self.sign, ("--out", self.ca_pem), "--ca-cert"),
            (self.vcert, ("--out", self.ca_pem), "--ca-cert"),
            (self.vcert, ("--out", "./ca.key"), "--ca-key"),
            (self.device, ("--key-out", "new.key", "--out", "ca.key"), "--ca-key"),
            (self.device, ("--key-out", "ca.pem", "--force", "--out", "d.pem"),
             "--ca-cert"),
        ]
        for fn, args, other in cases:
            with self.subTest(cmd=fn.__name__, args=args):
                r = fn(*args)
                self.assertError(r, 2, "the same file as %s" % other)
                self.assertUnchanged()
        r = run("sign", "--profile", "cumulocity", "--ca-cert", self.ca_pem, "--ca-key",
                self.ca_key, "--code-file", code_file, "--out", code_file, cwd=self.tmp)
        self.assertError(r, 2, "the same file as --code-file")
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=i", "--ca-cert",
                self.ca_pem, "--ca-key", self.ca_key, "--key-out", "i.key", "--out",
                "ca.pem", cwd=self.tmp)
        self.assertError(r, 2, "the same file as --ca-cert")
        pass_file = self.write("pass.txt", "new key pass\n")
        self.old[pass_file] = self.read(pass_file)
        r = self.new_root("--passout", "file:" + pass_file, "--force", key="pass.txt")
        self.assertError(r, 2, "the same file as --passout")
        self.assertUnchanged()

    def test_config_is_an_input(self):
        conf = self.write("p.cnf", "# no profiles here\n")
        self.old[conf] = self.read(conf)
        r = run("--config", conf, "sign", "--profile", "cumulocity", "--ca-cert",
                self.ca_pem, "--ca-key", self.ca_key, "--code", CODE, "--out", conf)
        self.assertError(r, 2, "the same file as --config")
        r = run("sign", "--profile", "cumulocity", "--ca-cert", self.ca_pem, "--ca-key",
                self.ca_key, "--code", CODE, "--out", conf, env={"OPENSSL_CONF": conf})
        self.assertError(r, 2, "the same file as OPENSSL_CONF")
        self.assertUnchanged()

    # --- case 4: devices, FIFOs and symlinks

    def test_char_devices_are_written_through(self):
        null = os.stat("/dev/null")
        os.symlink("/dev/null", self.path("null-link"))
        for n, target in enumerate(("/dev/null", "null-link")):
            with self.subTest(target=target):
                self.assertOk(self.sign("--out", target))
                self.assertOk(self.vcert("--out", target))
                self.assertOk(self.device("--key-out", "k%d.key" % n, "--out",
                                          target))
                now = os.stat("/dev/null")
                self.assertTrue(stat.S_ISCHR(now.st_mode))
                self.assertEqual((now.st_ino, now.st_rdev), (null.st_ino, null.st_rdev))
        self.assertTrue(os.path.islink(self.path("null-link")))
        self.assertEqual(temps(self.tmp), [])

    def test_dev_stdout_is_standard_output(self):
        r = self.sign("--out", "/dev/stdout")
        self.assertOk(r)
        # exactly what --out writes: one base64 line, no newline added
        self.assertNotIn(b"\n", r.out)
        self.assertEqual(base64.b64decode(r.out, validate=True)[0], 0x30, r)  # DER
        r = self.vcert("--out", "/dev/stdout")
        self.assertOk(r)
        self.assertTrue(r.out.startswith(b"-----BEGIN CERTIFICATE-----"), r)

    def test_fifo_is_written_through(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        got = []

        def read_fifo():
            with open(fifo, "rb") as f:
                got.append(f.read())

        reader = threading.Thread(target=read_fifo)
        reader.start()
        r = self.vcert("--out", fifo)
        reader.join(30)
        self.assertOk(r)
        self.assertTrue(got and got[0].startswith(b"-----BEGIN CERTIFICATE-----"), got)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))

    def test_sockets_are_refused(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(sock.close)
        sock.bind(self.path("sock"))
        r = self.sign("--out", "sock")
        self.assertError(r, 3, "--out 'sock'", "a socket")
        self.assertTrue(stat.S_ISSOCK(os.lstat(self.path("sock")).st_mode))

    def test_private_keys_only_to_regular_files(self):
        self.existing_key()
        os.symlink("root.key", self.path("key-link"))
        os.symlink("/dev/null", self.path("null-link"))
        os.mkfifo(self.path("fifo"))
        for target, needle in (("key-link", "symbolic link"), ("null-link", "symbolic link"),
                               ("/dev/null", "character device"), ("fifo", "a FIFO"),
                               ("/dev/stdout", "regular file")):
            with self.subTest(target=target):
                r = self.new_root("--force", key=target, out="new.pem")
                self.assertError(r, 3, "--key-out", needle)
                r = self.device("--key-out", target, "--force", "--out", "d.pem")
                self.assertError(r, 3, "--key-out", needle)
                self.assertUnchanged()
                self.assertNoFile(self.path("new.pem"), self.path("d.pem"))
        self.assertTrue(os.path.islink(self.path("key-link")))

    def test_public_output_through_a_symlink_replaces_the_target(self):
        self.write("sig.txt", "old\n")
        os.symlink("sig.txt", self.path("sig-link"))
        self.assertOk(self.sign("--out", "sig-link"))
        self.assertTrue(os.path.islink(self.path("sig-link")))
        self.assertNotEqual(self.read(self.path("sig.txt")), b"old\n")
        os.symlink("nowhere.txt", self.path("dangling"))
        r = self.sign("--out", "dangling")
        self.assertError(r, 3, "symbolic link to nothing")

    # --- case 5: signals remove the temporary files

    def test_signals_remove_the_new_key(self):
        """The certificate goes to a FIFO nobody reads: popverify waits there
        with the new key staged beside root.key, and gets the signal."""
        self.existing_key()
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        for sig in SIGNALS:
            with self.subTest(signal=sig.name):
                proc = subprocess.Popen(
                    [issuetest.pvtest.BIN, "ca", "--profile", "cumulocity", "--subject",
                     "/CN=Sig", "--key-out", "root.key", "--force", "--out", fifo],
                    cwd=self.tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, start_new_session=True,
                    preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in SIGNALS])
                deadline = time.time() + 60
                while not temps(self.tmp) and time.time() < deadline and proc.poll() is None:
                    time.sleep(0.02)
                staged = temps(self.tmp)
                proc.send_signal(sig)
                try:
                    proc.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.communicate()
                    self.fail("popverify did not stop on %s" % sig.name)
                self.assertEqual(len(staged), 1, "the new key was not staged")
                self.assertEqual(proc.returncode, -sig)
                self.assertUnchanged()


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"),
                     "needs root and setpriv to run as an unprivileged user")
class Unprivileged(issuetest.TestCase):
    """The directory checks as a user the kernel holds to permissions."""

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="pvnobody-")
        self.addCleanup(shutil.rmtree, self.home, True)
        c = self.chain()
        for src, name in ((c.root, "ca.pem"), (c.root_key, "ca.key")):
            shutil.copy(src, os.path.join(self.home, name))
        os.mkdir(os.path.join(self.home, "ro"))
        for dirpath, dirs, files in os.walk(self.home):
            for n in dirs + files + ["."]:
                os.chown(os.path.join(dirpath, n), 65534, 65534)
        os.chmod(self.home, 0o700)

    def as_nobody(self, *args):
        proc = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             issuetest.pvtest.BIN] + list(args), cwd=self.home, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=False)
        return issuetest.pvtest.Result(proc)

    def test_unwritable_directory_refused_before_anything_is_made(self):
        r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                           "--key-out", "root.key", "--out", "root.pem")
        self.assertOk(r)
        old = self.read(os.path.join(self.home, "root.key"))
        os.chmod(os.path.join(self.home, "ro"), 0o555)
        for out in ("ro/c.pem",):
            r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                               "--key-out", "root.key", "--force", "--out", out)
            self.assertError(r, 3, "cannot create a file in 'ro'", "permission denied")
            r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                               "--key-out", "ro/k.key", "--out", "c.pem")
            self.assertError(r, 3, "cannot create a file in 'ro'")
            r = self.as_nobody("sign", "--profile", "cumulocity", "--ca-cert", "ca.pem",
                               "--ca-key", "ca.key", "--code", CODE, "--out", out)
            self.assertError(r, 3, "cannot create a file in 'ro'")
        self.assertEqual(self.read(os.path.join(self.home, "root.key")), old)
        self.assertEqual(sorted(os.listdir(self.home)),
                         ["ca.key", "ca.pem", "ro", "root.key", "root.pem"])
        self.assertEqual(os.listdir(os.path.join(self.home, "ro")), [])

    def test_read_only_key_in_writable_directory_replaced_only_with_force(self):
        r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                           "--key-out", "root.key", "--out", "root.pem")
        self.assertOk(r)
        key = os.path.join(self.home, "root.key")
        os.chmod(key, 0o400)
        old = self.read(key)
        r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                           "--key-out", "root.key", "--out", "root.pem")
        self.assertError(r, 3, "already exists")
        self.assertEqual(self.read(key), old)
        r = self.as_nobody("ca", "--profile", "cumulocity", "--subject", "/CN=n",
                           "--key-out", "root.key", "--force", "--out", "nodir/x.pem")
        self.assertError(r, 3, "does not exist")
        self.assertEqual(self.read(key), old)


if __name__ == "__main__":
    unittest.main(verbosity=2)
