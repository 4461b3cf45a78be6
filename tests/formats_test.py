#!/usr/bin/env python3
"""Checks each report format for what its consumer needs, over every fixture:
- sarif: valid against the official SARIF 2.1.0 schema (../shared/external-schemas,
  when present), relative non-empty artifact URIs, fingerprints stable across runs,
  each result at the line where its resource change begins in the plan file;
- junit: well-formed XML with consistent counts;
- atlantis: matches Atlantis's failure regex exactly when the gate is closed, and
  exits 0; never starts with FAIL when open;
- markdown: at most 65,000 characters, truncated with a note on a huge plan;
- json: valid against schemas/report.schema.json with waivers;
- --jobs 1 and --jobs 2 give the same bytes; --output and --report write atomically,
  an HTML page as --format html prints it;
  --only-changes leaves out no-ops.
Usage: formats_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcheck import check, finish  # noqa: E402
from plan_lines import resource_lines  # noqa: E402
from seed_plans import many_failing_tables  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
ATLANTIS_FAILED = re.compile(r'([1-9][0-9]* failure|failures": \[)')



def run(*args, cwd=None):
    return subprocess.run([binary, "check"] + list(args), capture_output=True, text=True, cwd=cwd)


plans = sorted(glob.glob("fixtures/*/plan.json"))
check(len(plans) >= 13, "fixtures found")
waivers = "fixtures/golden/waivers.yaml"

# ---- SARIF
sarif_schema_path = os.path.join(root, "..", "shared", "external-schemas", "sarif-schema-2.1.0.json")
sarif_validator = None
if os.path.exists(sarif_schema_path):
    with open(sarif_schema_path) as f:
        sarif_validator = jsonschema.Draft4Validator(json.load(f))
else:
    print("note: ../shared/external-schemas is absent; SARIF checked for shape only")
plan_lines = {p: resource_lines(open(p).read()) for p in plans}
check(sum(len(lines) for lines in plan_lines.values()) >= 50, "resource lines found")
for args in [[p] for p in plans] + [plans, ["--waivers", waivers] + plans, ["--fail-on-unknown"] + plans]:
    r = run("--format", "sarif", *args)
    check(r.returncode in (0, 1), "sarif run exits 0/1: %s" % r.stderr)
    doc = json.loads(r.stdout)
    if sarif_validator is not None:
        errors = list(sarif_validator.iter_errors(doc))
        check(not errors, "%s: SARIF schema: %s" % (args[-1], [e.message for e in errors[:2]]))
    run0 = doc["runs"][0]
    rule_ids = [rule["id"] for rule in run0["tool"]["driver"]["rules"]]
    for res in run0["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        address = res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        line = res["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
        check(line in plan_lines[uri].get(address, []), "%s: %s is at line %s, where its resource begins: %s" %
              (uri, address, line, plan_lines[uri].get(address)))
        check(uri and not uri.startswith("/") and "://" not in uri, "relative artifact URI: %r" % uri)
        check(rule_ids[res["ruleIndex"]] == res["ruleId"], "ruleIndex points at ruleId")
        check(res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] in res["message"]["text"],
              "the address is the logical location")
        check(res["kind"] == "fail" or res["level"] == "none", "kind other than fail takes level none")
    for rule in run0["tool"]["driver"]["rules"]:
        check(float(rule["properties"]["security-severity"]) > 0, "security-severity on " + rule["id"])
        check(rule.get("help", {}).get("text"), "help text on " + rule["id"])

# Fingerprints do not depend on the run or on how the path was written.
a = json.loads(run("--format", "sarif", "fixtures/modules/plan.json").stdout)
b = json.loads(run("--format", "sarif", os.path.join(root, "fixtures/modules/plan.json")).stdout)
c = json.loads(run("--format", "sarif", "modules/plan.json", cwd=os.path.join(root, "fixtures")).stdout)
fa = [r["partialFingerprints"] for r in a["runs"][0]["results"]]
check(fa and fa == [r["partialFingerprints"] for r in b["runs"][0]["results"]],
      "fingerprints stable for an absolute path")
check(c["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "modules/plan.json",
      "URIs are relative to the working directory")
stdin_run = subprocess.run([binary, "check", "--format", "sarif", "-"], input=open("fixtures/seed-insecure/plan.json").read(),
                           capture_output=True, text=True)
check(json.loads(stdin_run.stdout)["runs"][0]["artifacts"][0]["location"]["uri"] == "stdin", "stdin has a URI")

# ---- JUnit
for args in [[p] for p in plans] + [["--waivers", waivers] + plans]:
    r = run("--format", "junit", *args)
    try:
        tree = ET.fromstring(r.stdout)
        ok = True
    except ET.ParseError as e:
        ok = False
        print(e)
    check(ok, "junit parses: %s" % args[-1])
    if not ok:
        continue
    cases = tree.findall(".//testcase")
    check(int(tree.get("tests")) == len(cases), "junit tests count")
    check(int(tree.get("failures")) == len(tree.findall(".//failure")), "junit failures count")
    check(int(tree.get("skipped")) == len(tree.findall(".//skipped")), "junit skipped count")
    check(len(tree.findall("testsuite")) == len(args) - (2 if args[0] == "--waivers" else 0), "a suite per input")
    check((int(tree.get("failures")) > 0) == (r.returncode == 1), "junit failures iff the gate closes")

# ---- Atlantis: the regex in both directions, exit 0 always
for plan in plans:
    closed = run(plan).returncode == 1
    r = run("--format", "atlantis", plan)
    check(r.returncode == 0, "atlantis exits 0: " + plan)
    marked = bool(ATLANTIS_FAILED.search(r.stdout)) or r.stdout.startswith("FAIL")
    check(marked == closed, "%s: Atlantis sees %s, the gate is %s" % (plan, marked, closed))
    check(re.search(r"^\d+ tests, \d+ passed, \d+ warnings, \d+ failures, \d+ exceptions$", r.stdout, re.M),
          "conftest summary line: " + plan)
clean = run("--format", "atlantis", "fixtures/seed-secure/plan.json", "fixtures/encryption/plan.json")
check(not ATLANTIS_FAILED.search(clean.stdout) and not clean.stdout.startswith("FAIL"), "a clean run is not marked failed")
blocked = run("--format", "atlantis", "--fail-on-unknown", "fixtures/pitr-unknown-from-resource/plan.json")
check(blocked.stdout.startswith("FAIL - ") and ATLANTIS_FAILED.search(blocked.stdout), "--fail-on-unknown marks it failed")

# ---- Markdown: the size limit on a plan with thousands of failing tables
big = many_failing_tables(root, 4000)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "big.json")
    with open(path, "w") as f:
        json.dump(big, f)
    md = run("--format", "markdown", path)
    check(len(md.stdout) <= 65000, "markdown within 65,000 characters (%d)" % len(md.stdout))
    check("more results not shown" in md.stdout, "markdown says it truncated")
    check(md.stdout.startswith("### plangate: ❌ gate closed"), "markdown verdict line first")

    # ---- determinism across --jobs
    one = run("--jobs", "1", "--format", "json", *plans).stdout
    two = run("--jobs", "2", "--format", "json", *plans).stdout
    check(one == two and one, "--jobs 1 and 2 give the same report")

    # ---- --output and --report
    out = os.path.join(tmp, "report.json")
    extra = os.path.join(tmp, "report.sarif")
    r = run("--format", "json", "--output", out, "--report", "sarif=" + extra, "fixtures/seed-insecure/plan.json")
    check(r.returncode == 1 and r.stdout == "", "--output: nothing on stdout, the gate's exit code")
    check(json.load(open(out))["summary"]["blocking"] is True, "--output wrote the report")
    check(json.load(open(extra))["version"] == "2.1.0", "--report wrote the SARIF")
    region = json.load(open(extra))["runs"][0]["results"][0]["locations"][0]["physicalLocation"].get("region")
    check(region == {"startLine": 1}, "a SARIF --report has its lines, whatever --format is: %s" % region)
    # An HTML page beside a text report: the same page as --format html, with the
    # attributes each result read (recorded for it though --format is text).
    page = os.path.join(tmp, "report.html")
    r = run("--report", "html=" + page, "fixtures/seed-insecure/plan.json")
    check(r.returncode == 1 and "\nFAIL     aws_dynamodb_table.bad_example" in r.stdout, "--report html: the text report on stdout")
    with open(page, encoding="utf-8") as f:
        written = f.read()
    check(written == run("--format", "html", "fixtures/seed-insecure/plan.json").stdout and "<table class=a>" in written,
          "--report html writes the page --format html prints, with the attributes read")
    check(not [n for n in os.listdir(tmp) if "plangate-tmp" in n], "no temporary files left")
    os.remove(out)
    r = run("--output", out, "fixtures/seed-insecure/plan.json", "fixtures/missing.json")
    check(r.returncode == 2 and not os.path.exists(out), "an input error writes no report")
    r = run("--report", "yaml=" + out, "fixtures/seed-insecure/plan.json")
    check(r.returncode == 2 and "expected FORMAT=FILE" in r.stderr, "--report with an unknown format")
    r = run("--output", os.path.join(tmp, "no", "such", "dir.json"), "fixtures/seed-insecure/plan.json")
    check(r.returncode == 2 and "cannot write" in r.stderr, "an unwritable --output exits 2")

# ---- --only-changes
all_actions = json.loads(run("--format", "json", "fixtures/actions/plan.json").stdout)
changes = json.loads(run("--format", "json", "--only-changes", "fixtures/actions/plan.json").stdout)
addresses = {r["address"] for r in changes["results"]}
check("aws_dynamodb_table.unchanged" in {r["address"] for r in all_actions["results"]}, "no-op evaluated by default")
check("aws_dynamodb_table.unchanged" not in addresses and "aws_dynamodb_table.created" in addresses,
      "--only-changes leaves out the no-op")
check(json.loads(run("--format", "json", "--only-changes", "fixtures/state/plan.json").stdout)["results"] == [],
      "--only-changes on a state evaluates nothing")

# ---- JSON with waivers against the report schema
with open("schemas/report.schema.json") as f:
    report_schema = jsonschema.Draft7Validator(json.load(f))
doc = json.loads(run("--format", "json", "--waivers", waivers, *plans).stdout)
check(not list(report_schema.iter_errors(doc)), "json with waivers matches the report schema")
states = sorted(w["state"] for w in doc["waivers"])
check(states == ["active", "active", "active", "active", "expired", "unused"], "waiver states: %s" % states)
check(doc["summary"]["waived"] == 5, "five waived results (one a destroyed table)")

# ---- every YAML example in the README parses
import yaml
readme = open("README.md").read()
blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
check(len(blocks) >= 7, "README YAML examples found (%d)" % len(blocks))
for block in blocks:
    try:
        yaml.safe_load(block)
        ok = True
    except yaml.YAMLError as e:
        ok = False
        print(e)
    check(ok, "README YAML example parses: " + block[:60])

# ---- the README's text report example is what plangate prints today
m = re.search(r"```\n\$ (plangate check [^\n]*)\n(.*?)\$ echo \$\?\n(\d+)\n```", readme, re.S)
check(m is not None, "README text report example found")
if m:
    argv = [binary] + m.group(1).split()[1:]
    r = subprocess.run(argv, capture_output=True, text=True)
    check(r.stdout == m.group(2) and str(r.returncode) == m.group(3),
          "README text report example is plangate's output today (exit %d):\n%s" % (r.returncode, r.stdout[-400:]))

# ---- the README's example policies are the files that `policies test` checks
examples = re.findall(r"<!-- (policies/examples/[a-z0-9-]+\.yaml) -->\n```yaml\n(.*?)```", readme, re.S)
check(len(examples) >= 2, "README example policies found (%d)" % len(examples))
for path, block in examples:
    with open(path) as f:
        check(f.read() == block, "README example is %s, byte for byte" % path)

# ---- the plangate commands of the CI examples run as written (paths pointed at a fixture)
import shlex
import shutil
commands = []
for block in blocks:
    for line in block.splitlines():
        m = re.search(r"(?:run: |- )(\S*plangate check .*)$", line)
        if m:
            commands.append(m.group(1))
check(len(commands) >= 3, "CI example commands found (%d)" % len(commands))
for command in commands:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy("fixtures/seed-insecure/plan.json", os.path.join(tmp, "plan.json"))
        shutil.copy("fixtures/golden/waivers.yaml", os.path.join(tmp, "waivers.yaml"))
        argv = shlex.split(command.replace("$SHOWFILE", "plan.json").replace("/etc/plangate/waivers.yaml", "waivers.yaml"))
        argv[0] = binary
        r = subprocess.run(argv, capture_output=True, text=True, cwd=tmp)
        atlantis = "--format" in argv and argv[argv.index("--format") + 1] == "atlantis"
        check(r.returncode == (0 if atlantis else 1), "README command runs: %s (exit %d: %s)" % (command, r.returncode, r.stderr[:200]))
        for spec in [argv[i + 1] for i, a in enumerate(argv) if a == "--report"]:
            check(os.path.getsize(os.path.join(tmp, spec.split("=", 1)[1])) > 0, "README command wrote " + spec)

finish("formats")
