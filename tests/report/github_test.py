#!/usr/bin/env python3
"""--format github: GitHub Actions workflow commands, read back with a parser of our own
that follows the runner's rules (workflow_commands.py):
- every line is a command; a blocking result is an ::error, an unknown or advisory one a
  ::warning, on the plan file at the line where its resource begins; a waiver that is
  not active a ::warning on the waiver file; then one ::notice with the summary line;
- text with '%', CR, LF, ':' and ',' (an address, a policy's fix) comes back exactly
  after GitHub's un-escaping, and never breaks a line;
- standard input has no file to point at: no file= and no line=.
Usage: github_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import glob
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
sys.path.insert(0, here)
from pgcheck import check, finish  # noqa: E402
from plan_lines import resource_lines  # noqa: E402
from seed_plans import readdressed, seed  # noqa: E402
import workflow_commands  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)


def run(*args, **kw):
    return subprocess.run([binary, "check"] + list(args), capture_output=True, text=True, **kw)


def commands(output):
    """Every line parsed; a line that is not a command fails the check."""
    out = []
    for line in workflow_commands.lines(output):
        parsed = workflow_commands.parse(line)
        check(parsed is not None, "a workflow command: %r" % line[:120])
        if parsed:
            out.append(parsed)
    return out


# ---- every fixture: one command per result that is not a pass or waived, at its line
plans = sorted(glob.glob("fixtures/*/plan.json"))
for plan in plans:
    lines = resource_lines(open(plan).read())
    for flags in ([], ["--fail-on-unknown"]):
        results = json.loads(run("--format", "json", *flags, plan).stdout)["results"]
        r = run("--format", "github", *flags, plan)
        text = run("--format", "text", *flags, plan)
        check(r.returncode == text.returncode, "%s: github exits as text does (%d)" % (plan, r.returncode))
        got = commands(r.stdout)
        blocking = sum(x["blocking"] for x in results)
        reported = [x for x in results if x["status"] in ("fail", "unknown")]
        annotations = [c for c in got if c[0] in ("error", "warning") and c[1].get("title") != "partial plan"]
        check(len(annotations) == len(reported), "%s: an annotation per failing or unknown result (%d, %d)" %
              (plan, len(annotations), len(reported)))
        check(sum(c[0] == "error" for c in annotations) == blocking,
              "%s %s: an ::error per blocking result" % (plan, flags))
        for command, props, message in annotations:
            check(props.get("file") == plan, "%s: file= is the plan: %s" % (plan, props))
            address = props["title"].rsplit(" [", 1)[0]
            check(int(props.get("line", 0)) in lines.get(address, []),
                  "%s: %s at line %s, where it begins: %s" % (plan, address, props.get("line"), lines.get(address)))
            check(message and "\n" not in props["title"], "a title and a message: %s" % props)
        check(got and got[-1][0] == "notice" and got[-1][2] == text.stdout.splitlines()[-1],
              "%s: the last command is a notice with the summary line" % plan)

# ---- escaping: an address and a fix with %, CR, LF, ':' and ','
address = 'module.svc["50%:a,b\r\nc%0A"].aws_dynamodb_table.bad_example'
fix = "Rename it: 100% of tables,\r\nthen apply::done %2C"
with tempfile.TemporaryDirectory() as tmp:
    plan = os.path.join(tmp, "plan.json")
    with open(plan, "w") as f:
        json.dump(readdressed(seed(root), address), f, indent=2)
    policy = os.path.join(tmp, "policy.yaml")
    with open(policy, "w") as f:
        json.dump({"id": "team-name", "title": "Names", "severity": "high", "resolution": fix,
                   "resource_types": ["aws_dynamodb_table"],
                   "condition": {"attribute": "name", "operator": "equals", "value": "a,b:c%d"}}, f)
    r = run("--format", "github", "--no-builtin-policies", "--policies", policy, "plan.json", cwd=tmp)
    check(r.returncode == 1, "the failing name blocks: %d %s" % (r.returncode, r.stderr))
    raw = r.stdout.split("\n")
    check(len(raw) == 3 and raw[2] == "" and "\r" not in r.stdout, "two lines, no raw CR or LF inside: %r" % raw)
    got = commands(r.stdout)
    check(len(got) == 2 and got[0][0] == "error", "an ::error, then the notice: %s" % got)
    if got:
        command, props, message = got[0]
        check(props == {"file": "plan.json", "line": str(resource_lines(open(plan).read())[address][0]),
                        "title": address + " [team-name, high]"}, "properties round-trip: %r" % props)
        check(message == 'name is "example"; expected "a,b:c%d"\nfix: ' + fix, "message round-trips: %r" % message)
        # Escaped as GitHub's toolkit escapes: the title's ':' and ',' too, the message's not.
        check("title=module.svc[\"50%25%3Aa%2Cb%0D%0Ac%250A\"]" in raw[0], "property escaping: " + raw[0])
        check("::name is \"example\"; expected \"a,b:c%25d\"%0Afix: Rename it: 100%25 of tables,%0D%0Athen apply::done %252C"
              in raw[0], "message escaping: " + raw[0])

# ---- standard input: nothing to point at
with open("fixtures/seed-insecure/plan.json") as f:
    r = run("--format", "github", "-", stdin=f)
got = commands(r.stdout)
errors = [c for c in got if c[0] == "error"]
check(errors and all("file" not in c[1] and "line" not in c[1] for c in errors), "stdin: no file= nor line=: %s" % errors)

# ---- waivers that are not active: a warning on the waiver file, at the waiver
r = run("--format", "github", "--waivers", "fixtures/golden/waivers.yaml", "fixtures/seed-secure/plan.json")
waivers = [c for c in commands(r.stdout) if c[1].get("title") == "waiver"]
check(len(waivers) == 6 and all(c[0] == "warning" and c[1]["file"] == "fixtures/golden/waivers.yaml" and
                                int(c[1]["line"]) > 0 for c in waivers), "waiver warnings: %s" % waivers)

finish("github")
