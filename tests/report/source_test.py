#!/usr/bin/env python3
"""--source-dir: results point at the line of the .tf file that writes the resource,
in every format that points somewhere, read with each format's reader; and the
`# plangate:waive` comments written there are waivers. On fixtures/source-map, whose
.tf files are written by hand beside its plan.json. The lines expected are found
here by searching the .tf files, not written down:
- the attribute that decided a result when the block writes it (`enabled = false`),
  else the block's header; a .tf.json key; a `dynamic` block's content;
- a local module (./modules/store, each for_each instance), a registry module
  (.terraform/modules/modules.json), count instances;
- a header inside a heredoc, a string or a comment never matches;
- a module outside the folder (../outside) falls back to the plan's line;
- SARIF (uriBaseId %SRCROOT%, region; the official schema when ../shared is there),
  GitHub workflow commands, JUnit (junitparser), Markdown (cmark-gfm), JSON (its schema), text;
- inline waivers waive every instance of their block, expire, are reported unused,
  never override a hard-mandatory policy, and are read only with --source-dir;
- a malformed waiver, an unclosed heredoc and a missing folder exit 2 with where.
Usage: source_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
from junitparser import Attr, JUnitXml, TestCase

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pgcheck import check, finish  # noqa: E402
from plan_lines import resource_lines  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
TestCase.file = Attr("file")
TestCase.line = Attr("line")
FIX = "fixtures/source-map"
PLAN = FIX + "/plan.json"
PITR = "aws-dynamodb-enable-recovery"


def run(*args, cwd=None):
    return subprocess.run([binary, "check"] + list(args), capture_output=True, text=True, cwd=cwd)


def where(path, pattern, after=None):
    """(line, column) of the first match of `pattern` in `path`, after the line matching
    `after` when given; columns from 1, of the match's first character."""
    lines = open(path).read().split("\n")
    start = 0
    if after:
        start = next(i for i, l in enumerate(lines) if re.search(after, l)) + 1
    for i in range(start, len(lines)):
        m = re.search(pattern, lines[i])
        if m:
            return i + 1, m.start() + 1
    raise SystemExit("%s: no %r" % (path, pattern))


HEADER = r'^resource "aws_dynamodb_table" "%s" \{'
# The line and column each result of the PITR policy must point at, and those of the
# policies whose attribute no block writes (the header).
expect_pitr = {
    "aws_dynamodb_table.orders": (FIX + "/main.tf",) + where(FIX + "/main.tf", r"enabled = false", r"^// resource"),
    "aws_dynamodb_table.events": (FIX + "/tables.tf.json",) + where(FIX + "/tables.tf.json", r'"enabled"'),
    "module.cache.aws_dynamodb_table.this": (FIX + "/.terraform/modules/cache/main.tf",) +
    where(FIX + "/.terraform/modules/cache/main.tf", r"enabled = ", r"content \{"),
    'module.store["a"].aws_dynamodb_table.this': (FIX + "/modules/store/main.tf",) +
    where(FIX + "/modules/store/main.tf", HEADER % "this"),
    'module.store["b"].aws_dynamodb_table.this': (FIX + "/modules/store/main.tf",) +
    where(FIX + "/modules/store/main.tf", HEADER % "this"),
}
scratch_header = where(FIX + "/main.tf", HEADER % "scratch")
orders_header = where(FIX + "/main.tf", HEADER % "orders", r"^// resource")
check(orders_header[0] > where(FIX + "/main.tf", r'resource "aws_dynamodb_table" "orders"')[0],
      "the fixture writes the orders header in a heredoc, a string and comments before the block")
events_header = where(FIX + "/tables.tf.json", r'"events"')
plan_line = resource_lines(open(PLAN).read())

# ---- JSON: every result, against the report schema
r = run("--source-dir", FIX, "--format", "json", PLAN)
check(r.returncode == 1, "the gate closes: %s" % r.stderr)
doc = json.loads(r.stdout)
jsonschema.Draft7Validator(json.load(open("schemas/report.schema.json"))).validate(doc)
results = doc["results"]
for res in results:
    src = res.get("source")
    a = res["address"]
    if a == "module.shared.aws_dynamodb_table.legacy":
        check(src is None, "a module outside the folder has no source: %s" % src)
        continue
    if res["policy"] == PITR and a in expect_pitr:
        want = expect_pitr[a]
    elif a.startswith("aws_dynamodb_table.scratch"):
        want = (FIX + "/main.tf",) + scratch_header
    elif a == "aws_dynamodb_table.orders":
        want = (FIX + "/main.tf",) + orders_header
    elif a == "aws_dynamodb_table.events":
        want = (FIX + "/tables.tf.json",) + events_header
    elif a == "module.cache.aws_dynamodb_table.this":
        want = (FIX + "/.terraform/modules/cache/main.tf",) + where(FIX + "/.terraform/modules/cache/main.tf", HEADER % "this")
    else:
        want = expect_pitr.get(a)
    got = (src["file"], src["line"], src["column"]) if src else None
    check(got == want, "%s [%s]: at %s, want %s" % (a, res["policy"], got, want))
statuses = {(x["address"], x["policy"]): x["status"] for x in results}
check(statuses[("aws_dynamodb_table.scratch[0]", PITR)] == "waived" and
      statuses[("aws_dynamodb_table.scratch[1]", PITR)] == "waived",
      "the inline waiver above the count block waives both instances")
check(statuses[("aws_dynamodb_table.orders", PITR)] == "fail", "other blocks are not waived")
inline = [w for w in doc["waivers"] if w["location"].startswith(FIX + "/main.tf:")]
check(len(inline) == 1 and inline[0]["state"] == "active" and inline[0]["owner"] == "data@example.com" and
      inline[0]["reason"] == "scratch copies, rebuilt nightly" and inline[0]["expires"] == "2099-12-31",
      "the inline waiver is reported with its fields: %s" % inline)
wline = where(FIX + "/main.tf", r"plangate:waive")
check(inline and inline[0]["location"] == "%s/main.tf:%d:%d" % (FIX, wline[0], wline[1]),
      "the waiver's location is where plangate: is written: %s" % (inline and inline[0]["location"]))

# Every format shows the waived result with where its waiver is written.
wloc = "%s/main.tf:%d:%d" % (FIX, wline[0], wline[1])
for fmt in ["text", "markdown", "sarif", "junit", "atlantis", "html"]:
    out = run("--source-dir", FIX, "--format", fmt, "--policy", PITR, PLAN).stdout
    check(wloc in out and "scratch copies, rebuilt nightly" in out, "%s shows the inline waiver at %s" % (fmt, wloc))

# Without --source-dir: no source, the .tf comments are not read.
plain = json.loads(run("--format", "json", PLAN).stdout)
check(all("source" not in x for x in plain["results"]), "no source without --source-dir")
check({(x["address"], x["status"]) for x in plain["results"] if x["policy"] == PITR} >=
      {("aws_dynamodb_table.scratch[0]", "fail")}, "inline waivers are read only with --source-dir")

# ---- SARIF
r = run("--source-dir", FIX, "--format", "sarif", PLAN)
sarif = json.loads(r.stdout)
schema_path = os.path.join(root, "..", "shared", "external-schemas", "sarif-schema-2.1.0.json")
if os.path.exists(schema_path):
    errors = list(jsonschema.Draft4Validator(json.load(open(schema_path))).iter_errors(sarif))
    check(not errors, "SARIF schema: %s" % [e.message for e in errors[:2]])
for res in sarif["runs"][0]["results"]:
    loc = res["locations"][0]
    address = loc["logicalLocations"][0]["fullyQualifiedName"]
    phys = loc["physicalLocation"]
    if res["ruleId"] != PITR:
        continue
    if address in expect_pitr:
        file, line, col = expect_pitr[address]
        check(phys["artifactLocation"] == {"uri": file, "uriBaseId": "%SRCROOT%"},
              "%s: SARIF artifact %s" % (address, phys["artifactLocation"]))
        check(phys["region"] == {"startLine": line, "startColumn": col}, "%s: SARIF region %s" % (address, phys["region"]))
        related = res.get("relatedLocations", [])
        check(len(related) == 1 and related[0]["physicalLocation"]["artifactLocation"]["uri"] == PLAN and
              related[0]["physicalLocation"]["region"]["startLine"] in plan_line[address],
              "%s: the plan's entry is a related location" % address)
    elif address == "module.shared.aws_dynamodb_table.legacy":
        check(phys["artifactLocation"]["uri"] == PLAN and "uriBaseId" not in phys["artifactLocation"] and
              phys["region"]["startLine"] in plan_line[address], "the fallback points at the plan's line")
    elif address.startswith("aws_dynamodb_table.scratch"):
        check(res.get("suppressions", [{}])[0].get("status") == "accepted", "the waived instance is suppressed")

# ---- GitHub workflow commands
r = run("--source-dir", FIX, "--format", "github", "--policy", PITR, PLAN)
commands = [l for l in r.stdout.split("\n") if l.startswith("::error ")]
for address, (file, line, col) in expect_pitr.items():
    want = "::error file=%s,line=%d,col=%d,title=%s [%s%%2C medium]::" % (file, line, col, address, PITR)
    check(any(c.startswith(want) for c in commands), "github: %s" % want)
check(any(c.startswith("::error file=%s,line=" % PLAN) and "module.shared" in c for c in commands),
      "github: the fallback annotates the plan")

# ---- JUnit, read with junitparser
r = run("--source-dir", FIX, "--format", "junit", "--policy", PITR, PLAN)
xml_path = os.path.join(tempfile.mkdtemp(), "junit.xml")
open(xml_path, "w").write(r.stdout)
cases = {c.name: c for suite in JUnitXml.fromfile(xml_path) for c in suite}
for address, (file, line, _col) in expect_pitr.items():
    c = cases.get("%s [%s]" % (address, PITR))
    check(c is not None and c.file == file and c.line == str(line), "junit: %s at %s:%s" %
          (address, c and c.file, c and c.line))
legacy = cases.get("module.shared.aws_dynamodb_table.legacy [%s]" % PITR)
check(legacy is not None and legacy.file == PLAN and legacy.line is None, "junit: the fallback names the plan")

# ---- Markdown through cmark-gfm: the file:line is a code span in the resource's cell
r = run("--source-dir", FIX, "--format", "markdown", "--policy", PITR, PLAN)
html = subprocess.run(["cmark-gfm", "-e", "table"], input=r.stdout, capture_output=True, text=True).stdout
for address, (file, line, _col) in expect_pitr.items():
    check("<code>%s:%d</code>" % (file, line) in html, "markdown shows %s:%d" % (file, line))

# ---- Text
r = run("--source-dir", FIX, "--policy", PITR, PLAN)
for address, (file, line, col) in expect_pitr.items():
    check(re.search(r"^FAIL +%s .*\n +at %s:%d:%d$" % (re.escape(address), re.escape(file), line, col), r.stdout, re.M),
          "text: %s at %s:%d:%d" % (address, file, line, col))

# ---- HTML: the .tf line beside each result, as the page's text
r = run("--source-dir", FIX, "--format", "html", "--policy", PITR, PLAN)
page = html_lib.unescape(re.sub(r"<[^>]+>", "", r.stdout))
for address, (file, line, col) in expect_pitr.items():
    check("at %s:%d:%d" % (file, line, col) in page, "html shows at %s:%d:%d" % (file, line, col))

# ---- From elsewhere: paths stay relative to the working directory
r = run("--source-dir", os.path.join(root, FIX), "--format", "json", "--policy", PITR, os.path.join(root, PLAN),
        cwd=os.path.join(root, "fixtures"))
got = {x["address"]: x["source"]["file"] for x in json.loads(r.stdout)["results"] if "source" in x}
check(got.get("aws_dynamodb_table.orders") == "source-map/main.tf", "an absolute --source-dir is shown relative: %s" % got)


# ---- Inline waivers in a copy of the fixture, edited
def copy():
    d = tempfile.mkdtemp()
    shutil.copytree(FIX, os.path.join(d, "src"), symlinks=True)
    return os.path.join(d, "src")


def edit(d, path, old, new):
    p = os.path.join(d, path)
    text = open(p).read()
    assert old in text, old
    open(p, "w").write(text.replace(old, new, 1))


def json_run(d, *args):
    r = run("--source-dir", d, "--format", "json", *args, os.path.join(d, "plan.json"))
    return r, (json.loads(r.stdout) if r.returncode in (0, 1) else None)


# Expired: waives nothing, reported.
d = copy()
edit(d, "main.tf", "expires=2099-12-31", "expires=2020-01-31")
r, out = json_run(d)
check(out and [w["state"] for w in out["waivers"]] == ["expired"], "an expired inline waiver is reported expired")
check(out and all(x["status"] == "fail" for x in out["results"]
                  if x["address"].startswith("aws_dynamodb_table.scratch") and x["policy"] == PITR),
      "an expired inline waiver waives nothing")

# Inside the block, `//`, on a block with no failure: unused. Above the orders block too.
d = copy()
edit(d, "modules/store/main.tf", '  hash_key     = "pk"\n',
     '  hash_key     = "pk"\n  // plangate:waive aws-dynamodb-deletion-protection expires=2099-01-01 owner=a reason="x y"\n')
edit(d, "main.tf", "  point_in_time_recovery {\n    enabled = false",
     "  point_in_time_recovery {\n    # plangate:waive aws-dynamodb-backup-coverage expires=2099-01-01 owner=b reason=\"later\"\n"
     "    enabled = false")
r, out = json_run(d)
by = {w["location"].split(":")[0]: w for w in out["waivers"]} if out else {}
check(by.get(d + "/modules/store/main.tf", {}).get("state") == "active" and
      by[d + "/modules/store/main.tf"].get("waived") == 2, "a // waiver inside a module's block waives both instances: %s" % by)
check(by.get(d + "/main.tf", {}).get("state") == "active", "a waiver nested in a block's inner block is the block's")

# A hard-mandatory policy is never waived.
d = copy()
policy_dir = os.path.join(os.path.dirname(d), "policies")
os.makedirs(policy_dir)
open(os.path.join(policy_dir, "hard.yaml"), "w").write("""id: team-pitr-hard
title: PITR is on, no exception
severity: high
enforcement: hard-mandatory
resource_types: [aws_dynamodb_table]
defaults:
  point_in_time_recovery[0].enabled: false
condition:
  attribute: point_in_time_recovery[0].enabled
  operator: is_true
""")
edit(d, "main.tf", "plangate:waive aws-dynamodb-enable-recovery", "plangate:waive team-pitr-hard")
r, out = json_run(d, "--policies", policy_dir, "--policy", "team-pitr-hard")
check(out and [w["state"] for w in out["waivers"]] == ["hard-mandatory"] and
      [x["status"] for x in out["results"] if x["address"].startswith("aws_dynamodb_table.scratch")] == ["fail", "fail"],
      "a hard-mandatory policy is not waived inline: %s" % (r.stderr or (out and out["waivers"])))

# Malformed: exit 2 with file:line:col and what to do.
for old, new, col_of, what in [
        ("expires=2099-12-31", "expires=2099-13-31", "2099-13-31", "is not a date"),
        ("owner=data@example.com ", "", "plangate:waive", "missing owner="),
        ("aws-dynamodb-enable-recovery expires", "aws-dynamodb-enable-recovry expires", "aws-dynamodb-enable-recovry",
         "did you mean 'aws-dynamodb-enable-recovery'"),
        ("plangate:waive", "plangate:wave", "wave", "did you mean 'waive'"),
        ('reason="scratch copies, rebuilt nightly"', 'reason="scratch copies', '"scratch', "not closed"),
        ("owner=data@example.com", "owner=data@example.com colour=blue", "colour", "unexpected 'colour=blue'")]:
    d = copy()
    edit(d, "main.tf", old, new)
    r = run("--source-dir", d, PLAN)
    line, col = where(os.path.join(d, "main.tf"), re.escape(col_of) if col_of != "plangate:waive" else "plangate:",
                      r"Rebuilt from")
    if col_of == "plangate:waive":
        col = where(os.path.join(d, "main.tf"), "plangate:", r"Rebuilt from")[1]
    check(r.returncode == 2 and "%s/main.tf:%d:%d: " % (d, line, col) in r.stderr and what in r.stderr,
          "malformed waiver (%s): exit %d, %s" % (what, r.returncode, r.stderr.strip()))

# A blank line between the waiver and the header: not attached, an error.
d = copy()
edit(d, "main.tf", 'nightly"\nresource', 'nightly"\n\nresource')
r = run("--source-dir", d, PLAN)
check(r.returncode == 2 and "directly above a resource block" in r.stderr, "a detached waiver: %s" % r.stderr.strip())

# Files the lexer cannot follow: exit 2 with where.
for path, old, new, what in [("main.tf", "  EOT\n", "  EOX\n", "heredoc <<EOT is not closed"),
                             ("modules/store/main.tf", 'name         = "this"', 'name = "this', "string is not closed"),
                             ("tables.tf.json", '"hash_key": "pk",', '"hash_key": "pk", "hash_key": "x",', "written twice")]:
    d = copy()
    edit(d, path, old, new)
    r = run("--source-dir", d, PLAN)
    check(r.returncode == 2 and re.search(re.escape(os.path.join(d, path)) + r":\d+:\d+: ", r.stderr) and what in r.stderr,
          "%s: exit %d: %s" % (what, r.returncode, r.stderr.strip()))

r = run("--source-dir", "fixtures/no-such-folder", PLAN)
check(r.returncode == 2 and "--source-dir fixtures/no-such-folder: no such folder" in r.stderr, "a missing folder: %s" % r.stderr)

finish("source")
