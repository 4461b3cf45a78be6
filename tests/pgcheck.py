"""The pass/fail bookkeeping the Python test scripts share: check() each assertion,
then finish() prints the plain 'NAME: N passed, N failed' line and exits; and the
report formats the binary offers, for the tests that cover every one."""
import re
import subprocess
import sys

passed = 0
failed = 0


def check(ok, what):
    """Records one assertion; prints what failed."""
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def finish(name):
    print("%s: %d passed, %d failed" % (name, passed, failed))
    sys.exit(1 if failed else 0)


def formats(binary):
    """The report formats --format accepts, in the order `plangate check --help` lists them."""
    help_text = subprocess.run([binary, "check", "--help"], capture_output=True, text=True).stdout
    m = re.search(r"^\s*--format FORMAT\s.*?\): ([a-z, ()]+)$", help_text, re.M)
    if not m:
        raise SystemExit("no format list in 'plangate check --help'")
    return [f.replace("(the default)", "").strip() for f in m.group(1).split(",")]
