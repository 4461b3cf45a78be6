#!/usr/bin/env python3
"""Validates plangate's outputs and inputs against schemas/:
- the JSON report of every fixture (and of all fixtures at once) against
  schemas/report.schema.json;
- `plangate explain --format json` of every resource of every fixture against
  schemas/explain.schema.json;
- every shipped policy and every test policy that the compiler accepts
  against schemas/policy.schema.json, and the broken ones as rejected by both;
- the schema's operator enum against the operator table (src/policy/operators.cc).
Usage: schemas_test.py PLANGATE_BINARY SOURCE_DIR
Prints 'N passed, N failed' and exits non-zero on any failure."""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcheck import check, finish  # noqa: E402
import yaml

binary, root = sys.argv[1], sys.argv[2]



def schema(name):
    with open(os.path.join(root, "schemas", name)) as f:
        s = json.load(f)
    jsonschema.Draft7Validator.check_schema(s)
    return jsonschema.Draft7Validator(s)


report_schema = schema("report.schema.json")
policy_schema = schema("policy.schema.json")
explain_schema = schema("explain.schema.json")

plans = sorted(glob.glob(os.path.join(root, "fixtures", "*", "plan.json")))
check(len(plans) >= 11, "fixtures found")
for plan in plans + [None]:
    args = [binary, "check", "--format", "json"] + (plans if plan is None else [plan])
    run = subprocess.run(args, capture_output=True, text=True)
    check(run.returncode in (0, 1), "%s exits 0 or 1 (got %d: %s)" % (plan, run.returncode, run.stderr))
    try:
        errors = list(report_schema.iter_errors(json.loads(run.stdout)))
    except ValueError as e:
        errors = [e]
    check(not errors, "%s: report matches the schema: %s" % (plan, errors[:1]))

# Every resource a fixture holds (a plan's changes, a state's resources), explained as data.
def addresses(doc):
    changes = [r["address"] for r in doc.get("resource_changes") or [] if r.get("mode") == "managed"]
    def walk(m):
        for r in m.get("resources", []):
            if r.get("mode") == "managed":
                yield r["address"]
        for c in m.get("child_modules", []):
            yield from walk(c)
    return sorted(set(changes + list(walk((doc.get("values") or {}).get("root_module") or {}))))


explained = 0
for plan in plans:
    with open(plan) as f:
        doc = json.load(f)
    for address in addresses(doc):
        run = subprocess.run([binary, "explain", plan, address, "--format", "json"], capture_output=True, text=True)
        check(run.returncode == 0, "%s %s: explain exits 0 (got %d: %s)" % (plan, address, run.returncode, run.stderr))
        try:
            out = json.loads(run.stdout)
            errors = list(explain_schema.iter_errors(out))
            errors += [] if all(e["address"] == address for e in out["explained"]) else ["another address explained"]
        except ValueError as e:
            errors = [e]
        check(not errors, "%s %s: explain matches the schema: %s" % (plan, address, errors[:1]))
        explained += 1
check(explained >= 150, "resources explained (%d)" % explained)

good = sorted(glob.glob(os.path.join(root, "policies", "*.yaml")))
check(len(good) >= 4, "shipped policies found")
good += sorted(glob.glob(os.path.join(root, "policies", "examples", "*.yaml")))
good += sorted(glob.glob(os.path.join(root, "fixtures", "policies", "valid", "*.yaml")))
for path in good:
    with open(path) as f:
        text = f.read()
    check(text.startswith("# yaml-language-server: $schema="), path + " names its schema")
    errors = list(policy_schema.iter_errors(yaml.safe_load(text)))
    check(not errors, "%s matches the policy schema: %s" % (path, errors[:1]))

run = subprocess.run([binary, "policies", "validate"] + good, capture_output=True, text=True)
check(run.returncode == 0, "the shipped and valid fixture policies compile: " + run.stderr)

# Invalid policies: the compiler rejects each with the message on its first line;
# those marked "# schema: rejects" are shape errors the schema rejects too.
bad = sorted(glob.glob(os.path.join(root, "fixtures", "policies", "invalid", "*.yaml")))
bad += sorted(glob.glob(os.path.join(root, "tests", "cli", "broken-policy", "*.yaml")))
check(len(bad) >= 10, "invalid policies found")
for path in bad:
    with open(path) as f:
        text = f.read()
    lines = text.splitlines()
    run = subprocess.run([binary, "policies", "validate", path], capture_output=True, text=True)
    check(run.returncode == 2 and run.stdout == "", "%s: exit 2, nothing on stdout (got %d)" % (path, run.returncode))
    if lines[0].startswith("# error: "):
        want = lines[0][len("# error: "):]
        check(want in run.stderr and path + ":" in run.stderr, "%s: %r in %r" % (path, want, run.stderr))
    if "# schema: rejects" in lines[:3]:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError:
            doc = None
        check(doc is None or not policy_schema.is_valid(doc), path + " is rejected by the schema too")

with open(os.path.join(root, "src", "policy", "operators.cc")) as f:
    table = re.findall(r'^\s+\{"([a-z_]+)", K::', f.read(), re.M)
enum = policy_schema.schema["definitions"]["test"]["properties"]["operator"]["enum"]
check(table and table == enum, "schema operators %s equal the operator table %s" % (enum, table))

finish("schemas")
