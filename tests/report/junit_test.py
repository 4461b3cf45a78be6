#!/usr/bin/env python3
"""--format junit as GitLab reads it: GitLab merges every <testsuite> of a report into
the job's one suite and keeps a single test case per identity, its classname and name,
so two inputs with the same resources must not share identities. Read with
python3-junitparser:
- staging/plan.json and prod/plan.json (the same plan) keep both inputs' failures once
  cases are keyed by (classname, name), the first of each kept, as GitLab does;
- identities are unique across the run (an input given twice too) and carry the input:
  classname is the input, and each case's file attribute is its input's file;
- suites come in the order of the results in every other format (sorted by input),
  whatever the order on the command line.
Usage: junit_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from junitparser import Attr, JUnitXml, TestCase, Failure

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pgcheck import check, finish  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TestCase.file = Attr("file")


def gitlab_cases(xml):
    """The test cases GitLab keeps: one per (classname, name), the first, suites ignored."""
    kept = {}
    for suite in xml:
        for case in suite:
            kept.setdefault((case.classname, case.name), case)
    return kept


def failed(case):
    return any(isinstance(r, Failure) for r in case.result)


with tempfile.TemporaryDirectory() as tmp:
    for env in ("staging", "prod"):
        os.mkdir(os.path.join(tmp, env))
        shutil.copy(os.path.join(root, "fixtures/modules/plan.json"), os.path.join(tmp, env, "plan.json"))
    absolute = os.path.join(tmp, "prod", "plan.json")
    for args in (["staging/plan.json", "prod/plan.json"], ["staging/plan.json", absolute, "prod/plan.json"]):
        run = lambda fmt: subprocess.run([binary, "check", "--format", fmt] + args, capture_output=True, text=True, cwd=tmp)
        r = run("junit")
        check(r.returncode == 1, "%s: exit 1 (%s)" % (args, r.stderr))
        xml = JUnitXml.fromstring(r.stdout)
        cases = [(suite, case) for suite in xml for case in suite]
        results = json.loads(run("json").stdout)["results"]
        blocking = [x for x in results if x["blocking"]]
        check(len(cases) == len(results), "%s: a case per result (%d, %d)" % (args, len(cases), len(results)))
        kept = gitlab_cases(xml)
        check(len(kept) == len(cases), "%s: identities unique across the run: %d of %d kept" % (args, len(kept), len(cases)))
        check(sum(failed(c) for c in kept.values()) == len(blocking) and len(blocking) >= 4,
              "%s: GitLab keeps every failure of every input (%d of %d)" %
              (args, sum(failed(c) for c in kept.values()), len(blocking)))
        for suite, case in cases:
            source = suite.name
            check(case.classname == source, "classname carries the input: %s in %s" % (case.classname, source))
            want_file = source if not os.path.isabs(source) else os.path.relpath(source, tmp)
            check(case.file == want_file, "file attribute %r for input %r" % (case.file, source))
            check(case.name.endswith("]") and " [" in case.name, "name is address [policy]: " + case.name)
        # The suites in the results' order, as JSON and every other format list them.
        order = []
        for x in results:
            if x["input"] not in order:
                order.append(x["input"])
        check([suite.name for suite in xml] == order, "suites in the results' order: %s, %s" %
              ([suite.name for suite in xml], order))
        check([x["path"] for x in json.loads(run("json").stdout)["inputs"]] == order, "JSON inputs in that order too")

    # The same input twice: one suite, and still no identity twice.
    r = subprocess.run([binary, "check", "--format", "junit", "prod/plan.json", "prod/plan.json"],
                       capture_output=True, text=True, cwd=tmp)
    xml = JUnitXml.fromstring(r.stdout)
    cases = [case for suite in xml for case in suite]
    check(len(list(xml)) == 1 and len(gitlab_cases(xml)) == len(cases) > 0,
          "an input given twice: one suite, unique identities (%d suites, %d cases)" % (len(list(xml)), len(cases)))
    check(xml.tests == len(cases) and sum(s.tests for s in xml) == len(cases), "counts match the cases")

finish("junit")
