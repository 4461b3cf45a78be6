#!/usr/bin/env python3
"""The bad-input corpus: fixtures/bad/<case>/ holds an input (input.json, plan.tfplan,
policy.yaml or waivers.yaml, or a `case` file with args/stdin/setup) and `expected`:
the exit code and the exact standard error. Every case must exit as expected (2),
print nothing on standard output, finish within 20 s, stay under 1 GB of memory, and
leave every input file unchanged.
Usage: bad_inputs_test.py PLANGATE SOURCE_DIR [--record]   (--record rewrites `expected`)"""
import hashlib
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcheck import check, finish  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
record = "--record" in sys.argv
os.chdir(root)
GOOD_PLAN = "fixtures/seed-secure/plan.json"


def args_for(case_dir, files, meta):
    if "args" in meta:
        return meta["args"]
    if "input.json" in files:
        return "check {dir}/input.json"
    if "plan.tfplan" in files:
        return "check {dir}/plan.tfplan"
    if "policy.yaml" in files:
        return "check --policies {dir}/policy.yaml " + GOOD_PLAN
    if "waivers.yaml" in files:
        return "check --waivers {dir}/waivers.yaml " + GOOD_PLAN
    raise SystemExit("fixtures/bad/%s: no input" % os.path.basename(case_dir))


def digest(paths):
    out = {}
    for p in paths:
        if os.path.isfile(p):
            with open(p, "rb") as f:
                out[p] = hashlib.sha256(f.read()).hexdigest()
    return out


cases = sorted(d for d in os.listdir("fixtures/bad") if os.path.isdir(os.path.join("fixtures/bad", d)))
check(len(cases) >= 30, "bad-input cases found (%d)" % len(cases))
for name in cases:
    case_dir = os.path.join("fixtures/bad", name)
    files = set(os.listdir(case_dir))
    meta = {}
    if "case" in files:
        for line in open(os.path.join(case_dir, "case")):
            key, _, value = line.strip().partition(": ")
            meta[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        subst = lambda s: s.replace("{dir}", case_dir).replace("{tmp}", tmp)
        if meta.get("setup", "").startswith("unix-socket "):
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(subst(meta["setup"].split(" ", 1)[1]))  # a file that cannot be read
        argv = [binary] + [subst(a) for a in shlex.split(args_for(case_dir, files, meta))]
        inputs = [os.path.join(case_dir, f) for f in files if f not in ("expected", "case")] + [GOOD_PLAN]
        before = digest(inputs)
        start = time.perf_counter()
        with open(os.path.join(tmp, "out"), "wb+") as out_f, open(os.path.join(tmp, "err"), "wb+") as err_f:
            stdin = subprocess.DEVNULL if meta.get("stdin") == "closed" else None
            proc = subprocess.Popen(argv, stdin=stdin, stdout=out_f, stderr=err_f)
            timer = threading.Timer(20, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # per-process peak memory
            timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            out_f.seek(0)
            err_f.seek(0)
            out, err = out_f.read(), err_f.read()
        elapsed = time.perf_counter() - start
        check(usage.ru_maxrss < 1 << 20, "%s: peak RSS %d KB (limit 1 GB)" % (name, usage.ru_maxrss))
        got = "exit %d\nstderr: %s" % (proc.returncode, err.decode("utf-8", "replace").replace(tmp, "{tmp}"))
        expected_path = os.path.join(case_dir, "expected")
        if record:
            with open(expected_path, "w") as f:
                f.write(got)
            continue
        with open(expected_path) as f:
            want = f.read()
        check(got == want, "%s:\n  want %r\n  got  %r" % (name, want, got))
        check(proc.returncode == 2, "%s: exit %d, bad input must exit 2" % (name, proc.returncode))
        check(out == b"", "%s: printed on stdout: %r" % (name, out[:100]))
        check(digest(inputs) == before, "%s: an input file changed" % name)
        check(elapsed < 20, "%s: took %.1f s" % (name, elapsed))

if not record:
    finish("bad inputs")
print("recorded")
