#!/usr/bin/env python3
"""A stream of plans in one input (`terragrunt run-all show -json` writes one document
per module, one after another): each document is reported as an input of its own,
FILE#1, FILE#2, ..., in the order of the stream, in every format.
- 12 documents, the same plan twice among them: inputs in stream order (#2 before #10)
  in the JSON and text reports; identities and fingerprints distinct across documents
  (JUnit as GitLab keys cases, SARIF's partialFingerprints);
- SARIF and GitHub point at the one file, at the line where each resource begins in it
  (the SARIF valid against the SARIF 2.1.0 schema when ../shared has it);
- one document with white space after it stays a plain input (no #1);
- standard input works alike (<stdin>#1, ...).
Usage: streams_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema
from junitparser import JUnitXml

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
sys.path.insert(0, here)
from pgcheck import check, finish  # noqa: E402
from plan_lines import resource_lines  # noqa: E402
import workflow_commands  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
MODULES = ["seed-insecure", "modules", "pitr-unknown-from-resource", "seed-insecure", "encryption", "replicas",
           "sensitive", "actions", "data-loss-actions", "seed-secure", "pitr-disabled", "state"]


def run(*args, cwd, stdin=None):
    return subprocess.run([binary, "check"] + list(args), capture_output=True, text=True, cwd=cwd, stdin=stdin)


with tempfile.TemporaryDirectory() as tmp:
    texts = [open(os.path.join(root, "fixtures", m, "plan.json")).read().strip() for m in MODULES]
    stream = ""
    starts = []
    for i, t in enumerate(texts):
        stream += "\n" * (i % 3)  # white space between documents, or none
        starts.append(len(stream))
        stream += t
    with open(os.path.join(tmp, "plans.json"), "w") as f:
        f.write(stream + "\n")
    names = ["plans.json#%d" % (i + 1) for i in range(len(MODULES))]

    # JSON: an input per document, in stream order; results grouped the same way.
    r = run("--format", "json", "plans.json", cwd=tmp)
    check(r.returncode == 1, "the stream is gated: %d %s" % (r.returncode, r.stderr))
    doc = json.loads(r.stdout)
    check([i["path"] for i in doc["inputs"]] == names, "inputs in stream order: %s" % [i["path"] for i in doc["inputs"]])
    order = []
    for x in doc["results"]:
        if x["input"] not in order:
            order.append(x["input"])
    check(order == [n for n in names if n in order] and len(order) >= 10, "results in stream order: %s" % order)
    # Each document's results are those of its plan read alone.
    for i, m in enumerate(MODULES):
        alone = json.loads(run("--format", "json", os.path.join(root, "fixtures", m, "plan.json"), cwd=tmp).stdout)
        mine = [dict(x, input=None) for x in doc["results"] if x["input"] == names[i]]
        check(mine == [dict(x, input=None) for x in alone["results"]], "%s reads as %s alone" % (names[i], m))

    # Text: the same order, the summary counts documents as inputs.
    text = run("plans.json", cwd=tmp).stdout
    firsts = [line.split()[1].rstrip(":") for line in text.splitlines() if line.split()[1].startswith("plans.json#")]
    check(sorted(set(firsts), key=firsts.index) == [n for n in names if n in firsts], "text in stream order")
    check(" in 12 inputs, " in text.splitlines()[-1], "12 inputs in the summary: " + text.splitlines()[-1])

    # SARIF: one artifact, each result at its resource's line in the file, fingerprints distinct.
    sarif_doc = json.loads(run("--format", "sarif", "plans.json", cwd=tmp).stdout)
    schema = os.path.join(root, "..", "shared", "external-schemas", "sarif-schema-2.1.0.json")
    if os.path.exists(schema):
        errors = [e.message for e in jsonschema.Draft4Validator(json.load(open(schema))).iter_errors(sarif_doc)]
        check(not errors, "the stream's SARIF is valid: %s" % errors[:2])
    sarif = sarif_doc["runs"][0]
    check(sarif["artifacts"] == [{"location": {"uri": "plans.json"}}], "one artifact: %s" % sarif["artifacts"])
    lines = [resource_lines(stream, start) for start in starts]
    fingerprints = set()
    for res in sarif["results"]:
        document = res["properties"]["document"]
        address = res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        line = res["locations"][0]["physicalLocation"]["region"]["startLine"]
        check(line in lines[document - 1].get(address, []), "SARIF %s in document %d at line %d" % (address, document, line))
        fingerprints.add(json.dumps(res["partialFingerprints"]))
    check(len(fingerprints) == len(sarif["results"]), "fingerprints distinct across documents (%d of %d)" %
          (len(fingerprints), len(sarif["results"])))

    # GitHub: the file, and the line in it.
    github = [workflow_commands.parse(line) for line in workflow_commands.lines(run("--format", "github", "plans.json", cwd=tmp).stdout)]
    annotations = [c for c in github if c[0] in ("error", "warning")]
    check(len(annotations) >= 20, "annotations (%d)" % len(annotations))
    for command, props, message in annotations:
        source, address = props["title"].rsplit(" [", 1)[0].split(": ", 1)
        document = names.index(source)
        check(props["file"] == "plans.json" and int(props["line"]) in lines[document].get(address, []),
              "GitHub %s in %s at line %s" % (address, source, props["line"]))

    # JUnit: identities distinct, though documents 1 and 4 hold the same plan.
    xml = JUnitXml.fromstring(run("--format", "junit", "plans.json", cwd=tmp).stdout)
    cases = [(case.classname, case.name) for suite in xml for case in suite]
    check(len(set(cases)) == len(cases), "JUnit identities distinct across documents")
    check([suite.name for suite in xml] == [n for n in names if n in {s.name for s in xml}], "suites in stream order")

    # One document, white space after it: a plain input.
    with open(os.path.join(tmp, "one.json"), "w") as f:
        f.write(texts[0] + "\n\n  \n")
    one = json.loads(run("--format", "json", "one.json", cwd=tmp).stdout)
    check([i["path"] for i in one["inputs"]] == ["one.json"], "one document: no #1: %s" % one["inputs"])

    # Standard input.
    with open(os.path.join(tmp, "plans.json")) as f:
        piped = json.loads(run("--format", "json", "-", cwd=tmp, stdin=f).stdout)
    check([i["path"] for i in piped["inputs"]] == ["<stdin>#%d" % (i + 1) for i in range(len(MODULES))],
          "standard input: <stdin>#1, ...")

finish("streams")
