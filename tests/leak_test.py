#!/usr/bin/env python3
"""Never print a sensitive value: for every fixture (and real plan in ../shared/realworld)
holding values the plan marks sensitive, run probe policies that read exactly those
attributes, render every format, explain every resource that holds one (text and
JSON), and search every output and error message for the values; the HTML page must
show the attributes the probes read, hidden (its reads hold values, not only
messages). Also feeds truncated copies of each file, cut inside a sensitive value,
and checks the error message does not quote it.
Usage: leak_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import glob
import html
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "report"))
from pgcheck import check, finish, formats  # noqa: E402
import html_page  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FORMATS = formats(binary)
check(len(FORMATS) >= 7, "formats found: %s" % FORMATS)



def leaves(v):
    if isinstance(v, dict):
        for x in v.values():
            yield from leaves(x)
    elif isinstance(v, list):
        for x in v:
            yield from leaves(x)
    else:
        yield v


def keys(v):
    """The keys of a map and of the maps inside it. Blocks come as lists of objects
    in Terraform's JSON, and their keys are the schema's attribute names: not
    secrets, so objects inside lists are not searched."""
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from keys(x)


def marked(values, mirror, path=()):
    """(top-level attribute, value) for every value under a `true` in the mirror, and
    for every key of a map under one: the keys of a sensitive map are secret too."""
    if mirror is True:
        for leaf in list(leaves(values)) + list(keys(values)):
            yield path[0] if path else None, leaf
    elif isinstance(mirror, dict) and isinstance(values, dict):
        for k, m in mirror.items():
            if k in values:
                yield from marked(values[k], m, path + (k,))
    elif isinstance(mirror, list) and isinstance(values, list):
        for m, v in zip(mirror, values):
            yield from marked(v, m, path)


def module_resources(module):
    for r in module.get("resources", []):
        yield r
    for child in module.get("child_modules", []):
        yield from module_resources(child)


def sensitive(doc):
    """(resource type, attribute, value) triples; attribute None for variables."""
    out = []
    for rc in doc.get("resource_changes", []) or []:
        ch = rc.get("change", {})
        for values, mirror in ((ch.get("before"), ch.get("before_sensitive")), (ch.get("after"), ch.get("after_sensitive"))):
            out += [(rc["type"], a, v) for a, v in marked(values, mirror)]
    for section in ("planned_values", "values"):
        for r in module_resources((doc.get(section) or {}).get("root_module", {}) or {}):
            out += [(r["type"], a, v) for a, v in marked(r.get("values"), r.get("sensitive_values"))]
    prior = (doc.get("prior_state") or {}).get("values", {}) or {}
    for r in module_resources(prior.get("root_module", {}) or {}):
        out += [(r["type"], a, v) for a, v in marked(r.get("values"), r.get("sensitive_values"))]
    variables = ((doc.get("configuration") or {}).get("root_module") or {}).get("variables", {}) or {}
    for name, spec in variables.items():
        if spec.get("sensitive") and name in (doc.get("variables") or {}):
            out += [(None, None, v) for v in leaves(doc["variables"][name].get("value"))]
    return out


def sensitive_addresses(doc):
    """The addresses of the resources that hold a value the plan marks sensitive."""
    out = set()
    for rc in doc.get("resource_changes", []) or []:
        ch = rc.get("change", {})
        for values, mirror in ((ch.get("before"), ch.get("before_sensitive")), (ch.get("after"), ch.get("after_sensitive"))):
            if any(True for _ in marked(values, mirror)):
                out.add(rc["address"])
    for section in ("planned_values", "values"):
        for r in module_resources((doc.get(section) or {}).get("root_module", {}) or {}):
            if any(True for _ in marked(r.get("values"), r.get("sensitive_values"))):
                out.add(r["address"])
    return sorted(out)


def secrets(triples):
    # Short or boolean values ("true", "", "1") occur everywhere: search for distinctive ones.
    return sorted({v for _, _, v in triples if isinstance(v, str) and len(v) >= 6})


def probe_policies(triples):
    """Policies that read every sensitive attribute and print what they can."""
    by_type = {}
    for t, a, _ in triples:
        if t and a:
            by_type.setdefault(t, set()).add(a)
    docs = []
    for t, attrs in sorted(by_type.items()):
        for a in sorted(attrs):
            base = "probe-%s-%s" % (t.replace("_", "-"), a.replace("_", "-"))
            # Each shows the attribute whole, with whatever is inside it, where it can.
            for suffix, cond in (
                ("eq", {"attribute": a, "operator": "equals", "value": "plangate-probe"}),
                ("ne", {"not": {"attribute": a, "operator": "exists"}}),
                ("re", {"attribute": a, "operator": "matches", "value": "^plangate-probe$"}),
                ("in", {"attribute": a, "operator": "contains", "value": "plangate-probe"}),
                ("len", {"attribute": a, "operator": "length_equals", "value": 987654}),
                ("empty", {"attribute": a, "operator": "is_empty"}),
            ):
                docs.append({"id": (base + "-" + suffix).lower(), "title": "probe", "severity": "high",
                             "resource_types": [t], "condition": cond})
    return docs


def hidden_reads(page):
    """The HTML page's reads of a value it hides: sensitive, or with sensitive parts."""
    return [r for s in page["sections"] for res in s["resources"] for r in res["reads"]
            if r["value"] == "(sensitive)" or "<sensitive>" in r["value"]]


own = sorted(glob.glob(os.path.join(root, "fixtures", "*", "plan.json")))
hidden_in_own = 0
files = own + sorted(glob.glob(os.path.join(root, "..", "shared", "realworld", "*", "*.json")))
probed = []
explained_total = 0
for path in files:
    with open(path) as f:
        text = f.read()
    doc = json.loads(text)
    triples = sensitive(doc)
    values = secrets(triples)
    if not values:
        continue
    probed.append(path)
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    with tempfile.TemporaryDirectory() as tmp:
        policies = probe_policies(triples)
        args = []
        if policies:
            with open(os.path.join(tmp, "probe.yaml"), "w") as f:
                json.dump(policies, f)  # JSON is YAML
            args = ["--policies", os.path.join(tmp, "probe.yaml")]
        for fmt in FORMATS:
            r = subprocess.run([binary, "check", "--format", fmt] + args + [path], capture_output=True, text=True)
            check(r.returncode in (0, 1), "%s %s: exit %d %s" % (path, fmt, r.returncode, r.stderr[:200]))
            # The page's text, as a browser shows it: a value with '&' or '<' is escaped there.
            out = html.unescape(r.stdout) if fmt == "html" else r.stdout
            leaked = [v for v in values if v in out or v in r.stderr]
            check(not leaked, "%s --format %s leaks %s" % (name, fmt, leaked[:3]))
            if fmt == "html":
                # The attributes the probes read are shown, hidden: the search above
                # covered the page's values, not only its messages.
                hidden_in_own += len(hidden_reads(html_page.read(r.stdout))) if path in own else 0
        # explain: every resource that holds a sensitive value, with the same probes.
        explained = 0
        for address in sensitive_addresses(doc):
            for fmt in ("text", "json"):
                r = subprocess.run([binary, "explain", path, address, "--format", fmt] + args,
                                   capture_output=True, text=True)
                check(r.returncode == 0, "%s explain %s: exit %d %s" % (name, address, r.returncode, r.stderr[:200]))
                leaked = [v for v in values if v in r.stdout or v in r.stderr]
                check(not leaked, "%s explain %s --format %s leaks %s" % (name, address, fmt, leaked[:3]))
                explained += r.returncode == 0
        explained_total += explained
        # Error paths: the file cut inside each sensitive value.
        for v in values[:5]:
            at = text.find(json.dumps(v)[1:-1])
            if at < 0:
                continue
            cut = os.path.join(tmp, "cut.json")
            with open(cut, "w") as f:
                f.write(text[: at + len(v) // 2 + 1])
            r = subprocess.run([binary, "check"] + args + [cut], capture_output=True, text=True)
            check(r.returncode == 2, "a cut file exits 2")
            check(v[: len(v) // 2 + 1] not in r.stderr or len(v) // 2 + 1 < 6,
                  "%s: the error quotes part of a sensitive value: %s" % (name, r.stderr[:200]))

# The project's own fixtures hold every shape (a sensitive attribute, a member, a
# list element, a whole map and its keys, a variable): they are probed on any clone.
check(sum(p in own for p in probed) >= 2, "own fixtures with sensitive values probed (%d)" % len(probed))
check(explained_total >= 10, "resources with sensitive values explained (%d)" % explained_total)
print("html: %d sensitive reads shown hidden in the own fixtures" % hidden_in_own)
check(hidden_in_own >= 5, "the html pages of the own fixtures show sensitive reads hidden (%d)" % hidden_in_own)
finish("leaks")
