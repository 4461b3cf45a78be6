"""The pass/fail bookkeeping the Python test scripts share: check() each assertion,
then finish() prints the plain 'NAME: N passed, N failed' line and exits."""
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
