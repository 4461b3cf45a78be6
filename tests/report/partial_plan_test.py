#!/usr/bin/env python3
"""A partial plan (`errored: true`) is said in every format, not only on standard error,
each read the way its consumer reads it, and only for the input that is partial:
- text: a WARN line; Atlantis: a WARN line (its output is what the check shows);
- Markdown: a banner, rendered with cmark-gfm; JSON: the input's `errored`;
- SARIF: a warning among the invocation's toolExecutionNotifications, at the plan's
  artifact (valid against the SARIF 2.1.0 schema when ../shared has it);
- JUnit: an `errored` property of the input's suite (python3-junitparser);
- GitHub: a ::warning on the plan file (read as the runner reads it);
- HTML: a note under the inputs, and the input marked partial in their table.
Every format the binary lists must have a check here.
Usage: partial_plan_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import json
import os
import subprocess
import sys

import jsonschema
from junitparser import JUnitXml

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
sys.path.insert(0, here)
from pgcheck import check, finish, formats  # noqa: E402
import html_page  # noqa: E402
import workflow_commands  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
PARTIAL, WHOLE = "fixtures/errored/plan.json", "fixtures/seed-secure/plan.json"
NOTE = "is a partial plan (errored: true): Terraform stopped planning, so results cover only what it planned"
SAYS = "%s %s" % (PARTIAL, NOTE)
schema_path = os.path.join(root, "..", "shared", "external-schemas", "sarif-schema-2.1.0.json")
sarif_schema = jsonschema.Draft4Validator(json.load(open(schema_path))) if os.path.exists(schema_path) else None


def text(out):
    return [line for line in out.splitlines() if line.startswith("WARN ") and NOTE in line] == \
        ["WARN     " + SAYS]


def atlantis(out):
    return [line for line in out.splitlines() if NOTE in line] == ["WARN - " + SAYS]


def markdown(out):
    html = subprocess.run(["cmark-gfm", "-e", "table"], input=out, capture_output=True, text=True).stdout
    return html.count(NOTE) == 1 and ("<blockquote>\n<p>⚠️ %s.</p>\n</blockquote>" % SAYS) in html


def json_report(out):
    return {i["path"]: i["errored"] for i in json.loads(out)["inputs"]} == {PARTIAL: True, WHOLE: False}


def sarif(out):
    doc = json.loads(out)
    if sarif_schema is not None:
        errors = [e.message for e in sarif_schema.iter_errors(doc)]
        check(not errors, "SARIF with a notification is valid: %s" % errors[:2])
    invocations = doc["runs"][0].get("invocations", [])
    notes = [n for inv in invocations for n in inv.get("toolExecutionNotifications", [])]
    return len(invocations) == 1 and invocations[0]["executionSuccessful"] is True and notes == [{
        "level": "warning", "message": {"text": SAYS},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": PARTIAL}}}]}]


def junit(out):
    props = {suite.name: {p.name: p.value for p in suite.properties()} for suite in JUnitXml.fromstring(out)}
    return props == {PARTIAL: {"errored": "true"}, WHOLE: {}}


def github(out):
    commands = [workflow_commands.parse(line) for line in workflow_commands.lines(out)]
    return [c for c in commands if c and NOTE in c[2]] == [
        ("warning", {"file": PARTIAL, "title": "partial plan"}, SAYS)]


def html_report(out):
    page = html_page.read(out)
    kinds = {i["Input"]: i["Kind"] for i in page["inputs"]}
    return [n for n in page["notes"] if NOTE in n] == [SAYS] and kinds == {PARTIAL: "plan partial", WHOLE: "plan"}


CHECKS = {"text": text, "atlantis": atlantis, "markdown": markdown, "json": json_report, "sarif": sarif,
          "junit": junit, "github": github, "html": html_report}
listed = formats(binary)
check(sorted(listed) == sorted(CHECKS), "a check for every format: %s" % listed)
for fmt in listed:
    r = subprocess.run([binary, "check", "--format", fmt, WHOLE, PARTIAL], capture_output=True, text=True)
    check(r.returncode in (0, 1), "%s: runs (%d %s)" % (fmt, r.returncode, r.stderr))
    check(r.stderr == "plangate: warning: %s\n" % SAYS, "%s: standard error says it too: %r" % (fmt, r.stderr))
    check(fmt in CHECKS and CHECKS[fmt](r.stdout), "%s says the plan is partial, for that input only:\n%s" %
          (fmt, r.stdout[:600]))
    # A whole plan alone: nothing said.
    alone = subprocess.run([binary, "check", "--format", fmt, WHOLE], capture_output=True, text=True).stdout
    check(NOTE not in alone and "invocations" not in alone and "errored\" value" not in alone,
          "%s: nothing said of a whole plan" % fmt)

finish("partial plans")
