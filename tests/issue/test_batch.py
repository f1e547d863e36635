"""`popverify device --batch`: many devices under one loaded CA. The manifest
(one JSON line per row, in input order), bad rows that do not stop the
others, duplicate ids, CSR rows, --chain, threads, resuming a batch that was
killed, and every certificate checked by `openssl verify -x509_strict` and
python `cryptography` (key, CN, serial, fingerprint, notAfter).
"""

import glob
import json
import os
import signal
import stat
import subprocess
import time
import unittest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

import issuetest
from issuetest import PASSPHRASE, run_tool

SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


class Batch(issuetest.TestCase):
    def batch(self, rows, *args, chain="p256", out="out", stdin=None, **kw):
        """popverify device --batch under chain's intermediate; rows: lines."""
        src = "-" if stdin is not None else self.write("rows.txt", "\n".join(rows) + "\n")
        kw.setdefault("timeout", 300)
        if stdin is not None:
            kw["stdin"] = stdin
        return self.device(self.chain(chain), "--batch", src, "--out-dir", self.path(out),
                           *args, **kw)

    def manifest(self, r):
        return [json.loads(line) for line in r.text.splitlines()]

    def make_csr(self, name, subj="/CN=asked-for"):
        path = self.path(name + ".csr")
        run_tool("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-keyout", self.path(name + ".pkey"),
                 "-subj", subj, "-out", path)
        return path

    def assertIssued(self, entry, dev_id, chain="p256", csr=None):
        """The device's files, checked independently of popverify."""
        c = self.chain(chain)
        self.assertEqual(entry["id"], dev_id, entry)
        self.assertIn(entry["status"], ("issued", "skipped"), entry)
        certs = issuetest.load_certs(entry["cert"])
        cert = certs[0]
        self.assertEqual(cert.subject.rfc4514_string(), "CN=" + dev_id)
        self.assertEqual(cert.issuer, c.cert("inter").subject)
        self.assertEqual(entry["serial"], "%X" % cert.serial_number)
        self.assertEqual(issuetest.pvtest.norm_hex(entry["sha256"]),
                         cert.fingerprint(hashes.SHA256()).hex())
        self.assertEqual(entry["not_after"],
                         cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"))
        if csr is not None:
            self.assertEqual(entry["csr"], csr)
            self.assertNotIn("key", entry)
            want = x509.load_pem_x509_csr(self.read(csr)).public_key()
        else:
            mode = stat.S_IMODE(os.stat(entry["key"]).st_mode)
            self.assertEqual(mode, 0o600, "key file mode %o" % mode)
            want = serialization.load_pem_private_key(self.read(entry["key"]),
                                                      None).public_key()
        self.assertEqual(cert.public_key().public_bytes(*SPKI), want.public_bytes(*SPKI))
        return certs

    def assertVerified(self, entries, chain="p256"):
        """Every certificate of the manifest, by openssl verify -x509_strict."""
        c = self.chain(chain)
        files = [e["cert"] for e in entries if e["status"] != "error"]
        self.assertTrue(files)
        out = run_tool("openssl", "verify", "-x509_strict", "-CAfile", c.root,
                       "-untrusted", c.inter, *files).decode()
        self.assertEqual(out.count(": OK"), len(files), out)

    def test_mixed_rows_each_reported_in_order(self):
        csr = self.make_csr("c1")
        rows = ["# devices of line 7", "", "dev-a", "dev-b,%s" % csr,
                '{"id": "dev-c"}', '{"id": "dev-d", "csr": "%s"}' % csr, "dev-a",
                "bad id!", "dev-e,%s" % self.path("missing.csr"), '{"idx": "x"}',
                "../escape", "dev-f"]
        r = self.batch(rows)
        self.assertStatus(r, 1)
        m = self.manifest(r)
        self.assertEqual([e["line"] for e in m], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        self.assertEqual([e["status"] for e in m],
                         ["issued"] * 4 + ["error"] * 5 + ["issued"])
        self.assertIssued(m[0], "dev-a")
        self.assertIssued(m[1], "dev-b", csr=csr)
        self.assertIssued(m[2], "dev-c")
        self.assertIssued(m[3], "dev-d", csr=csr)
        self.assertIssued(m[9], "dev-f")
        self.assertIn("given on line 3 already", m[4]["error"])
        self.assertIn("not allowed by profile", m[5]["error"])
        self.assertIn("missing.csr", m[6]["error"])
        self.assertIsNone(m[7]["id"])
        self.assertIn("line 10", m[7]["error"])
        self.assertIn("cannot be a file name", m[8]["error"])
        self.assertVerified(m)
        self.assertEqual(sorted(os.listdir(self.path("out"))),
                         ["dev-a.key", "dev-a.pem", "dev-b.pem", "dev-c.key", "dev-c.pem",
                          "dev-d.pem", "dev-f.key", "dev-f.pem"])
        self.assertIn("5 issued, 0 skipped, 5 failed", r.err)
        self.assertNotIn("\r", r.err, "no progress bar when stderr is not a terminal")

    def test_threads_keep_input_order(self):
        ids = ["thr-%03d" % i for i in range(120)]
        r = self.batch(ids, "-j", "4")
        self.assertOk(r)
        m = self.manifest(r)
        self.assertEqual([e["id"] for e in m], ids)
        self.assertEqual({e["status"] for e in m}, {"issued"})
        for e in m[::17]:
            self.assertIssued(e, e["id"])
        self.assertVerified(m)
        serials = {e["serial"] for e in m}
        self.assertEqual(len(serials), len(ids), "every serial is new")

    def start_stdin_batch(self, rows, files):
        """A batch reading rows from a pipe that stays open, so it cannot end:
        returns the process once at least files certificates are written."""
        c = self.chain()
        cmd = [issuetest.pvtest.BIN, "device", "--profile", issuetest.PROFILE, "--ca-cert",
               c.inter, "--ca-key", c.inter_key, "--passin", "pass:" + PASSPHRASE,
               "--batch", "-", "--out-dir", self.path("out"), "-j", "2"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                stdin=subprocess.PIPE, start_new_session=True)
        proc.stdin.write(("\n".join(rows) + "\n").encode())
        proc.stdin.flush()
        deadline = time.time() + 120
        while len(glob.glob(self.path("out/*.pem"))) < files and time.time() < deadline:
            self.assertIsNone(proc.poll(), "the batch ended while its input was open")
            time.sleep(0.01)
        return proc

    def test_resume_after_kill(self):
        ids = ["res-%03d" % i for i in range(300)]
        proc = self.start_stdin_batch(ids[:150], 20)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdin.close()
        done = len(glob.glob(self.path("out/*.pem")))
        self.assertLess(done, len(ids), "the batch was stopped half-way")
        # A device stopped between its key and its certificate is done again.
        with open(self.path("out/res-250.key"), "wb") as f:
            f.write(b"left by an earlier attempt\n")
        r = self.batch(ids, "-j", "2")
        self.assertOk(r)
        m = self.manifest(r)
        self.assertEqual([e["id"] for e in m], ids)
        skipped = [e for e in m if e["status"] == "skipped"]
        self.assertGreaterEqual(len(skipped), 20)
        self.assertEqual(len(skipped) + sum(e["status"] == "issued" for e in m), len(ids))
        self.assertEqual(m[250]["status"], "issued")
        for e in m[::29] + [m[250]]:
            self.assertIssued(e, e["id"])
        self.assertVerified(m)
        before = {e["id"]: e["serial"] for e in m}
        r = self.batch(ids)
        self.assertOk(r)
        again = self.manifest(r)
        self.assertEqual({e["status"] for e in again}, {"skipped"})
        self.assertEqual({e["id"]: e["serial"] for e in again}, before, "left untouched")
        self.assertIn("0 issued, 300 skipped, 0 failed", r.err)

    def test_interrupted_batch_leaves_no_temporary_files(self):
        proc = self.start_stdin_batch(["int-%03d" % i for i in range(200)], 10)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=60), -signal.SIGTERM)
        proc.stdin.close()
        self.assertEqual(glob.glob(self.path("out/.popverify-*")), [])

    def test_foreign_files_are_not_replaced_without_force(self):
        os.makedirs(self.path("out"))
        other = self.chain("p384")
        with open(other.device, "rb") as src, open(self.path("out/dev-x.pem"), "wb") as dst:
            dst.write(src.read())
        r = self.batch(["dev-x", "dev-y"])
        self.assertStatus(r, 1)
        m = self.manifest(r)
        self.assertEqual(m[0]["status"], "error")
        self.assertIn("give --force", m[0]["error"])
        self.assertEqual(self.read(self.path("out/dev-x.pem")), self.read(other.device))
        self.assertIssued(m[1], "dev-y")
        r = self.batch(["dev-x", "dev-y"], "--force")
        self.assertOk(r)
        m2 = self.manifest(r)
        self.assertEqual([e["status"] for e in m2], ["issued", "issued"])
        self.assertNotEqual(m2[1]["serial"], m[1]["serial"], "--force issues again")
        self.assertVerified(m2)

    def test_chain_and_json_csr_rows_from_stdin(self):
        csr = self.make_csr("c2")
        rows = '{"id": "ch-1"}\n{"id": "ch-2", "csr": "%s"}\n' % csr
        c = self.chain()
        r = issuetest.run("device", "--profile", issuetest.PROFILE, "--ca-cert",
                          c.inter_chain, "--ca-key", c.inter_key, "--passin",
                          "pass:" + PASSPHRASE, "--batch", "-", "--out-dir",
                          self.path("out"), "--chain", stdin=rows.encode())
        self.assertOk(r)
        m = self.manifest(r)
        for e, dev_id, dev_csr in ((m[0], "ch-1", None), (m[1], "ch-2", csr)):
            certs = self.assertIssued(e, dev_id, csr=dev_csr)
            self.assertEqual([x.subject for x in certs[1:]],
                             [c.cert("inter").subject, c.cert("root").subject])
            run_tool("openssl", "verify", "-x509_strict", "-CAfile", c.root, "-untrusted",
                     e["cert"], e["cert"])

    def test_encrypted_keys_and_resume_with_passout(self):
        r = self.batch(["enc-1", "enc-2"], "--passout", "pass:device secret")
        self.assertOk(r)
        m = self.manifest(r)
        key = serialization.load_pem_private_key(self.read(m[0]["key"]), b"device secret")
        cert = issuetest.load_cert(m[0]["cert"])
        self.assertEqual(cert.public_key().public_bytes(*SPKI),
                         key.public_key().public_bytes(*SPKI))
        r = self.batch(["enc-1", "enc-2"], "--passout", "pass:device secret")
        self.assertOk(r)
        self.assertEqual([e["status"] for e in self.manifest(r)], ["skipped", "skipped"])
        r = self.batch(["enc-1"], "--passout", "pass:another secret")
        self.assertStatus(r, 1)
        e = self.manifest(r)[0]
        self.assertIn("cannot be read with the --passout given", e["error"])
        self.assertNotIn("another secret", r.err + r.text)

    def test_refused_before_the_first_device(self):
        c = self.chain()
        r = issuetest.run("device", "--profile", issuetest.PROFILE, "--ca-cert", c.inter,
                          "--ca-key", c.inter_key, "--passin", "pass:wrong",
                          "--batch", self.write("rows.txt", "dev-1\n"), "--out-dir",
                          self.path("out"))
        self.assertError(r, 3)
        self.assertEqual(r.text, "", "no manifest when the CA cannot be loaded")
        self.assertError(self.batch(["dev-1"], "--id", "dev-1"), 2, "--id", "--batch")
        self.assertError(self.batch(["dev-1"], "-j", "0"), 2, "-j")
        self.write("afile", "x")
        self.assertError(self.batch(["dev-1"], out="afile"), 3, "--out-dir")
        r = self.device(c, "--id", "dev-1", "--out", self.path("d.pem"), "--key-out",
                        self.path("d.key"), "--out-dir", self.path("out"))
        self.assertError(r, 2, "--out-dir", "--batch")
        r = self.batch(["dev-1"], "--passout", "stdin", stdin=b"dev-1\n")
        self.assertError(r, 2, "standard input")


if __name__ == "__main__":
    unittest.main()
