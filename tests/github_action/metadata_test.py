#!/usr/bin/env python3
"""The Action's metadata, scripts/github-action/action.yml:
- valid against GitHub's action metadata schema (SchemaStore's github-action.json, in
  ../shared/external-schemas, Draft 7) when ../shared is there; either way it has
  what the Action relies on: a composite action, each input with a description and a
  string default or required, each output a value from the check step;
- no `${{ }}` in any run script: inputs reach the shell through env only (GitHub's
  advice against script injection); every expression is one this test knows to be
  harmless (an input, an earlier step's output), every input is read by a step and
  every action used is pinned to a version;
- the README's GitHub Actions section has a row for each input and output, and no
  other.
Usage: metadata_test.py PLANGATE SOURCE_DIR. Prints 'action metadata: N passed, N failed'."""
import json
import os
import re
import sys

import jsonschema
import yaml

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from pgcheck import check, finish  # noqa: E402

root = os.path.abspath(sys.argv[2])
action_path = os.path.join(root, "scripts", "github-action", "action.yml")
with open(action_path) as f:
    action = yaml.safe_load(f)
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")

schema_path = os.path.join(root, "..", "shared", "external-schemas", "github-action.json")
if os.path.exists(schema_path):
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(action))
    check(not errors, "action.yml is valid against github-action.json: %s"
          % ["%s at %s" % (e.message[:200], list(e.path)) for e in errors[:3]])
else:
    print("note: ../shared/external-schemas is absent; action.yml checked for structure only")

# What the Action relies on, checked with or without the schema.
check(isinstance(action, dict) and all(isinstance(action.get(k), str) and action[k] for k in ("name", "description")),
      "name and description are set")
inputs = action.get("inputs") or {}
outputs = action.get("outputs") or {}
runs = action.get("runs") or {}
check(runs.get("using") == "composite", "a composite action (runs.using: %r)" % runs.get("using"))
steps = runs.get("steps") or []
check(len(steps) >= 3, "it has steps (%d)" % len(steps))
for name, spec in inputs.items():
    check(re.fullmatch(r"[a-z][a-z0-9-]*", name) is not None, "input %s: lowercase, kebab-case" % name)
    check(isinstance(spec.get("description"), str) and spec["description"], "input %s has a description" % name)
    check(spec.get("required") is True or isinstance(spec.get("default"), str),
          "input %s is required or has a string default (YAML true is not 'true'): %r" % (name, spec.get("default")))
check(inputs.get("plans", {}).get("required") is True, "input plans is required")
for name, want in (("source-dir", "."), ("format", "github"), ("sarif", "plangate.sarif"),
                   ("summary", "true"), ("fail-on-unknown", "false")):
    check(inputs.get(name, {}).get("default") == want, "input %s defaults to %r" % (name, want))
for name in ("exit-code", "gate", "sarif"):
    spec = outputs.get(name, {})
    check(spec.get("description") and re.fullmatch(r"\$\{\{ steps\.check\.outputs\.%s \}\}" % name,
                                                    str(spec.get("value"))),
          "output %s: described, the check step's %s (%r)" % (name, name, spec.get("value")))

ids, read = [], set()
for index, step in enumerate(steps):
    where = "step %d (%s)" % (index, step.get("id"))
    check(isinstance(step.get("id"), str) and step["id"] not in ids, where + " has an id of its own")
    check(("run" in step) != ("uses" in step), where + " runs a script or uses an action, not both")
    if "run" in step:
        check(step.get("shell") == "bash", where + " runs with shell: bash")
        check("${{" not in step["run"], where + ": no ${{ }} in its script; inputs come through env")
    if "uses" in step:
        check(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]) is not None, where + " pins its action: " + step["uses"])
    # Every expression: an input this action declares, or an output of an earlier step.
    texts = [str(v) for v in (step.get("env") or {}).values()] + [str(v) for v in (step.get("with") or {}).values()]
    texts += ["${{ %s }}" % step["if"]] if "if" in step else []
    for text in texts:
        for expression in EXPRESSION.findall(text):
            m = re.fullmatch(r"\s*inputs\.([\w-]+)\s*", expression)
            s = re.fullmatch(r"\s*steps\.([\w-]+)\.outputs\.([\w-]+)(\s*!=\s*'true')?\s*", expression)
            if m:
                check(m.group(1) in inputs, where + ": ${{%s}} names a declared input" % expression)
                read.add(m.group(1))
                check("run" in step and re.fullmatch(r"\$\{\{\s*inputs\.[\w-]+\s*\}\}", text) is not None,
                      where + ": an input is a whole env value of a run step (%r)" % text)
            else:
                check(s is not None and s.group(1) in ids,
                      where + ": ${{%s}} is an earlier step's output" % expression)
    ids.append(step.get("id"))
check(read == set(inputs), "every input is read by a step (unread: %s)" % sorted(set(inputs) - read))
check("check" in ids and ids[-1] == "check", "the last step is the check step")

# The README's tables.
with open(os.path.join(root, "README.md")) as f:
    readme = f.read()
section = readme[readme.index("### GitHub Actions"):readme.index("### GitLab CI")]
for kind, declared in (("input", inputs), ("output", outputs)):
    table = re.search(r"^\| %s \|.*\n\|[-|]+\|\n((?:\|.*\n)+)" % kind, section, re.M)
    rows = re.findall(r"^\| `([\w-]+)` \|", table.group(1), re.M) if table else []
    check(rows == list(declared), "README's %s table lists %s in action.yml's order (got %s)"
          % (kind, list(declared), rows))
check("uses: OWNER/plangate/scripts/github-action@REF" in section, "README shows the uses: line")
finish("action metadata")
