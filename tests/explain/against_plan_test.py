#!/usr/bin/env python3
"""plangate explain against the plan JSON read directly, on every fixture: each
attribute it explains is known, absent or unknown as the plan's `after` (or
`before`), `after_unknown` and sensitivity mirrors say; a known value is the plan's
value, a sensitive one is never written; an unknown one traced from the
configuration ends at references that the configuration holds; and the verdicts
are the ones `plangate check --format json` gives for the same address.
Usage: against_plan_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pgcheck import check, finish  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
MISSING = object()


def steps(path):
    """`a[0].b["k.x"]` → ["a", 0, "b", "k.x"]."""
    out = []
    for name, index, key in re.findall(r'(?:^|\.)([A-Za-z0-9_-]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]', path):
        out.append(name or (int(index) if index else json.loads('"%s"' % key)))
    return out


def walk(value, path):
    """The value at `path`, or MISSING; a `true` on the way (a marked block) is returned as True."""
    for s in path:
        if value is True:
            return True
        if isinstance(s, int) and isinstance(value, list) and s < len(value):
            value = value[s]
        elif isinstance(s, str) and isinstance(value, dict) and s in value:
            value = value[s]
        else:
            return MISSING
    return value


def marked(mirror, path):
    """Whether a mirror (after_unknown, *_sensitive) marks `path` or a block holding it."""
    return walk(mirror, path) is True


def references(module):
    """Every reference string in a configuration module and the modules it calls."""
    text = json.dumps(module)
    return set(re.findall(r'"references": \[([^\]]*)\]', text))


plans = sorted(glob.glob("fixtures/*/plan.json"))
check(len(plans) >= 28, "fixtures found (%d)" % len(plans))
counts = {"known": 0, "absent": 0, "unknown": 0, "sensitive": 0, "traced": 0, "module-traced": 0}
for plan in plans:
    with open(plan) as f:
        doc = json.load(f)
    config_refs = " ".join(references((doc.get("configuration") or {}).get("root_module") or {}))
    results = {}
    run = subprocess.run([binary, "check", "--format", "json", plan], capture_output=True, text=True)
    for r in json.loads(run.stdout)["results"]:
        results.setdefault(r["address"], []).append((r["policy"], r["status"], r["message"]))
    for rc in doc.get("resource_changes") or []:
        if rc.get("mode") != "managed" or rc["type"] != "aws_dynamodb_table":
            continue
        address, ch = rc["address"], rc["change"]
        run = subprocess.run([binary, "explain", plan, address, "--format", "json"], capture_output=True, text=True)
        check(run.returncode == 0, "%s %s: exit 0 (%s)" % (plan, address, run.stderr))
        if run.returncode != 0:
            continue
        objects = json.loads(run.stdout)["explained"]
        # This entry is the current object, or the deposed one with this key.
        mine = [o for o in objects if o["deposed"] == bool(rc.get("deposed"))]
        check(len(mine) == 1, "%s %s: one object explained (%d)" % (plan, address, len(mine)))
        if len(mine) != 1:
            continue
        e = mine[0]
        check(e["actions"] == ch["actions"], "%s %s: actions %s" % (plan, address, e["actions"]))
        for a in e["attributes"]:
            if a["of"] == "change":
                continue
            path, res = steps(a["attribute"]), a["resolved"]
            what = "%s %s %s.%s" % (plan, address, a["of"], a["attribute"])
            values = ch.get(a["of"])
            sensitive = marked(ch.get("%s_sensitive" % a["of"]), path)
            unknown = a["of"] == "after" and marked(ch.get("after_unknown"), path)
            value = walk(values, path) if values is not None else MISSING
            check(res["sensitive"] == sensitive, "%s: sensitive is %s" % (what, sensitive))
            counts["sensitive"] += sensitive
            if sensitive:
                check("value" not in res and "shown" not in res, "%s: a sensitive value is not written" % what)
            if unknown:
                check(a["after_unknown"] and res["state"] in ("unknown", "absent"), "%s: after_unknown marks it" % what)
            elif value is MISSING or value is None:
                check(res["state"] == "absent", "%s: absent (got %s)" % (what, res["state"]))
            else:
                check(res["state"] == "known", "%s: known (got %s)" % (what, res["state"]))
                if "value" in res:
                    check(res["value"] == value, "%s: the plan's value %r (got %r)" % (what, value, res["value"]))
            counts[res["state"]] += 1
            # A trace names only references the configuration holds; a module-traced one
            # ends outside the module it starts in.
            for step in a.get("trace", []):
                counts["traced"] += 1
                todo = [step]
                while todo:
                    s = todo.pop()
                    check('"%s"' % s["reference"] in config_refs, "%s: %s is in the configuration" % (what, s["reference"]))
                    if s["kind"] in ("module_input", "module_output"):
                        counts["module-traced"] += 1
                    todo += s["from"]
        judged = sorted((p["id"], p["verdict"], p["message"]) for p in e["policies"] if p["verdict"] != "not_judged")
        if not rc.get("deposed") and not any(r.get("deposed") and r["address"] == address for r in doc["resource_changes"]):
            check(judged == sorted(results.get(address, [])), "%s %s: the verdicts are check's" % (plan, address))

# Every kind of value the issue names was met.
for kind, n in sorted(counts.items()):
    check(n > 0, "%s values explained: %d" % (kind, n))
print(counts)
finish("explain")
