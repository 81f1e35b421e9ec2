#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-nbft-gen.py: unit tests of tests/lab/nbft-gen, the lab's NBFT writer
# (suite 'unit'). The layout and checksum are checked here; that the table
# is right is proved by real libnvme reading it back: `nvme nbft show
# --output-format=json` of the nvme-cli installed here (trixie, next: the
# lab-matrix runs this suite inside their roots) or, on a machine whose
# nvme-cli has no NBFT reader (Debian 12), of the lab's trixie and next roots
# (chroot in a private mount namespace, as root), each compared field by
# field with the description (`nbft-gen compare`). Without either the
# read-back test is skipped, saying why.
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "nbft-gen")
SAMPLES = [os.path.join(HERE, "nbft", n) for n in ("lab.json", "rich.json")]
CACHE = os.environ.get("NMNVME_LAB_CACHE", "/var/tmp/nm-nvme-lab")


def run(*args, **kw):
    return subprocess.run([sys.executable, GEN, *args], capture_output=True, text=True, **kw)


def nvme_has_nbft(prefix=()):
    """Whether `nvme nbft show` exists (under the chroot command @prefix)."""
    try:
        p = subprocess.run([*prefix, "nvme", "nbft", "show", "--help"],
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "nbft-path" in p.stdout + p.stderr


class Layout(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nbft-gen-test.")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def build(self, desc_path):
        out = os.path.join(self.tmp, "NBFT")
        p = run("build", desc_path, out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, "rb") as f:
            return f.read()

    def test_header_checksum_and_descriptors(self):
        for path in SAMPLES:
            with self.subTest(path=os.path.basename(path)):
                with open(path, encoding="utf-8") as f:
                    raw = json.load(f)
                t = self.build(path)
                self.assertEqual(t[:4], b"NBFT")
                length, major, _ = struct.unpack_from("<IBB", t, 4)
                self.assertEqual(length, len(t))
                self.assertEqual(major, 1)
                self.assertEqual(sum(t) & 0xFF, 0, "bytes must sum to 0")
                heap_off, heap_len = struct.unpack_from("<II", t, 36)
                self.assertEqual(heap_off + heap_len, len(t))
                self.assertEqual(t[50], 0, "minor revision 0 (libnvme 1.x refuses others)")
                # Control descriptor right after the 64-byte header.
                ctl = struct.unpack_from("<BBBxHBx6sBxIHBBIHBBIHBBIHBB", t, 64)
                self.assertEqual(ctl[0], 1)                        # structure id
                self.assertEqual(ctl[4] & 1, 1)                    # valid
                hdesc_off, hdesc_len = struct.unpack("<IH", ctl[5])
                self.assertEqual((t[hdesc_off], hdesc_len), (2, 32))
                counts = {"hfis": (ctl[7], ctl[8], ctl[10], 3),
                          "subsystems": (ctl[11], ctl[12], ctl[14], 4),
                          "discovery": (ctl[19], ctl[20], ctl[22], 6)}
                for key, (off, size, num, sid) in counts.items():
                    self.assertEqual(num, len(raw.get(key, [])), key)
                    for i in range(num):
                        self.assertEqual(t[off + i * size], sid, f"{key}[{i}] structure id")
                        self.assertLessEqual(off + (i + 1) * size, heap_off)

    def test_bad_input_names_the_field_and_writes_nothing(self):
        with open(SAMPLES[0], encoding="utf-8") as f:
            good = json.load(f)
        cases = [
            (lambda d: d["hfis"][0].update(mac="52:54:00:zz:00:01"), "hfis[0].mac"),
            (lambda d: d["hfis"][0].update(ip="192.168.77.300"), "hfis[0].ip"),
            (lambda d: d["hfis"][0].update(vlan=5000), "hfis[0].vlan"),
            (lambda d: d["hfis"][0].update(prefix=33), "hfis[0].prefix"),
            (lambda d: d["hfis"][0].update(gateway="fd00::1"), "hfis[0].gateway"),
            (lambda d: d["hfis"][0].pop("ip"), "hfis[0].ip: missing"),
            (lambda d: d["subsystems"][0].update(hfis=[2]), "subsystems[0].hfis[0]"),
            (lambda d: d["subsystems"][0].update(hfis=[]), "subsystems[0].hfis"),
            (lambda d: d["subsystems"][0].update(transport="rdma"), "subsystems[0].transport"),
            (lambda d: d["subsystems"][0].update(trsvcid="70000"), "subsystems[0].trsvcid"),
            (lambda d: d["subsystems"][1].update(discovery=9), "subsystems[1].discovery"),
            (lambda d: d["subsystems"][0].update(nsid="1"), "subsystems[0].nsid"),
            (lambda d: d["subsystems"][1].update(index=1), "subsystems[1].index"),
            (lambda d: d["discovery"][0].update(uri="http://x/"), "discovery[0].uri"),
            (lambda d: d["host"].update(id="not-a-uuid"), "host.id"),
            (lambda d: d.update(colour="blue"), "unknown key 'colour'"),
        ]
        for mutate, field in cases:
            with self.subTest(field=field):
                desc = json.loads(json.dumps(good))
                mutate(desc)
                dpath = os.path.join(self.tmp, "bad.json")
                out = os.path.join(self.tmp, "out")
                with open(dpath, "w", encoding="utf-8") as f:
                    json.dump(desc, f)
                p = run("build", dpath, out)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn(field, p.stderr)
                self.assertFalse(os.path.exists(out), "nothing is written on bad input")

    def test_compare_reports_a_difference(self):
        show = [{"host": {"nqn": "x", "id": "y"}, "hfi": [], "subsystem": [],
                 "discovery": []}]
        spath = os.path.join(self.tmp, "show.json")
        with open(spath, "w", encoding="utf-8") as f:
            json.dump(show, f)
        p = run("compare", SAMPLES[0], spath)
        self.assertEqual(p.returncode, 1)
        self.assertIn("DIFF host.nqn", p.stdout)
        self.assertIn("DIFF hfi: 0 records (expected 1)", p.stdout)


class ReadBackByLibnvme(unittest.TestCase):
    """`nvme nbft show` (real libnvme) reads every field back."""

    def readers(self):
        """(name, argv prefix, mount dir) of each nvme-cli with an NBFT reader."""
        if nvme_has_nbft():
            return [("this system", (), None)]
        found = []
        for plat in ("trixie", "next"):
            root = os.path.join(CACHE, "platforms", plat, "root")
            if os.getuid() == 0 and os.path.isdir(os.path.join(root, "mnt")) and \
                    shutil.which("unshare") and nvme_has_nbft(("chroot", root)):
                found.append((plat, ("chroot", root), root))
        return found

    def test_nvme_nbft_show_reads_every_field(self):
        readers = self.readers()
        if not readers:
            self.skipTest("no nvme-cli with `nbft show` here, and no lab platform root "
                          f"under {CACHE}/platforms usable (needs root)")
        for path in SAMPLES:
            for name, prefix, root in readers:
                with self.subTest(sample=os.path.basename(path), reader=name):
                    self.check(path, prefix, root)

    def check(self, path, prefix, root):
        tmp = tempfile.mkdtemp(prefix="nbft-gen-test.", dir="/var/tmp")
        try:
            p = run("build", path, os.path.join(tmp, "NBFT"))
            self.assertEqual(p.returncode, 0, p.stderr)
            show = ["nvme", "nbft", "show", "--output-format=json"]
            if root is None:
                cmd = [*show, f"--nbft-path={tmp}"]
            else:
                # The table is bound over the root's /mnt in a private mount
                # namespace: the cached root itself is never written.
                cmd = ["unshare", "-m", "sh", "-c",
                       'mount --bind "$1" "$2/mnt" && shift 2 && exec "$@"', "sh",
                       tmp, root, *prefix, *show, "--nbft-path=/mnt"]
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            self.assertEqual(out.returncode, 0, out.stderr)
            spath = os.path.join(tmp, "show.json")
            with open(spath, "w", encoding="utf-8") as f:
                f.write(out.stdout)
            cmp = run("compare", path, spath)
            diffs = [ln for ln in cmp.stdout.splitlines() if not ln.startswith("ok ")]
            self.assertEqual(cmp.returncode, 0, "\n".join(diffs) or cmp.stderr)
            self.assertGreater(cmp.stdout.count("\nok "), 20)
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=2)
