#!/usr/bin/env python3
"""The portable binary on the oldest x86-64: every binary-level test (ctest label
'binary') run again with plangate under qemu-x86_64 -cpu qemu64, a CPU with SSE2 and
SSE3 but no SSSE3, SSE4, POPCNT or AVX; and --version there names the SSE2 splitter.
Registered by CMake for a portable build only (PLANGATE_PORTABLE).

Each test's command is read from CTest (ctest --show-only=json-v1), with every
argument that is the plangate binary replaced by a wrapper that runs it under qemu;
a binary test that does not name the binary, or asks CTest for a property this
script does not honour, fails here rather than pass unseen.
Usage: qemu_test.py QEMU PLANGATE BUILD_DIR. Prints 'qemu: N passed, N failed'."""
import json
import os
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcheck import check, finish  # noqa: E402

qemu, binary, build = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
CPU = "qemu64"
# What a test may ask CTest for that this script honours (a timeout and a cost only
# schedule it; under qemu this whole test has its own timeout; the tests run here
# one after another, which is what RUN_SERIAL asks).
HONOURED = {"LABELS", "WORKING_DIRECTORY", "ENVIRONMENT", "TIMEOUT", "COST", "RUN_SERIAL"}

with tempfile.TemporaryDirectory() as tmp:
    wrapper = os.path.join(tmp, "plangate")
    with open(wrapper, "w") as f:
        f.write('#!/bin/sh\nexec "%s" -cpu %s "%s" "$@"\n' % (qemu, CPU, binary))
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)

    version = subprocess.run([wrapper, "--version"], capture_output=True, text=True)
    check(version.returncode == 0 and "splitter: sse2 (runtime: sse2 available)" in version.stdout,
          "--version under -cpu %s names the SSE2 splitter alone: %r %r" % (CPU, version.stdout, version.stderr))

    listing = subprocess.run(["ctest", "--show-only=json-v1", "-L", "^binary$"], cwd=build,
                             capture_output=True, text=True, check=True)
    tests = json.loads(listing.stdout)["tests"]
    check(len(tests) >= 10, "CTest lists the binary-level tests (%d found)" % len(tests))
    for test in tests:
        name, command = test["name"], test["command"]
        properties = {p["name"]: p["value"] for p in test.get("properties", [])}
        unknown = sorted(set(properties) - HONOURED)
        if unknown or binary not in command:
            check(False, "%s: cannot be run under qemu (properties %s; names the binary: %s)"
                  % (name, unknown, binary in command))
            continue
        start = time.monotonic()
        env = dict(os.environ, **dict(v.split("=", 1) for v in properties.get("ENVIRONMENT", [])))
        run = subprocess.run([wrapper if arg == binary else arg for arg in command], env=env,
                             cwd=properties.get("WORKING_DIRECTORY", build), capture_output=True, text=True)
        seconds = time.monotonic() - start
        check(run.returncode == 0, "%s under qemu -cpu %s: exit %d\n%s%s"
              % (name, CPU, run.returncode, run.stdout[-3000:], run.stderr[-3000:]))
        print("%s: exit %d, %.1f s" % (name, run.returncode, seconds))
finish("qemu")
