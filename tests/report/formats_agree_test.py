#!/usr/bin/env python3
"""Every report format agrees on what blocks. Each fixture (and all of them at once,
with fixtures/golden/waivers.yaml) is rendered in every format, with and without
--fail-on-unknown; all of them at once also under --min-severity and --fail-severity,
alone and together. Each format is read back by a reader of its own kind: the json
module for JSON and SARIF (its results' kind, level and suppressions), an XML parser
for JUnit (a <failure>), the FAIL lines of Atlantis, the rows of the Markdown table
(❌), the FAIL lines of the text report, the ::error commands of the GitHub format
(read as the runner reads them: workflow_commands.py), the blocking rows of the HTML
page (read as a tree: html_page.py). Every format the binary lists
has a reader. For every run:
- the (input, address, policy) results that block are the same in every format;
- the exit code is 1 exactly when something blocks (0 always for Atlantis, whose
  output then starts with FAIL), and each format's own verdict line says the same;
- a blocking result whose value is unknown still says it is unknown (text, Markdown,
  JUnit, SARIF, GitHub, HTML);
- no result below --min-severity is reported (JSON), none below --fail-severity blocks,
  and each flag changes something in the fixtures.
A stream of plans in one file (as Terragrunt's run-all writes) is run too: each of its
documents is an input of its own, FILE#1, FILE#2, ... in every format.
Usage: formats_agree_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcheck import check, finish, formats  # noqa: E402
import html_page  # noqa: E402
import workflow_commands  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
ATLANTIS_FAILED = re.compile(r'([1-9][0-9]* failure|failures": \[)')


SEVERITIES = ["low", "medium", "high", "critical"]


def read_json(out, inputs):
    """JSON: the results' own `blocking`; also which blocking ones are unknown."""
    doc = json.loads(out)
    blocking, unknown = set(), set()
    summary = doc["summary"]
    for r in doc["results"]:
        rank = SEVERITIES.index(r["severity"])
        check(rank >= SEVERITIES.index(summary["min_severity"]), "JSON reports a result below --min-severity: %r" % r)
        check(not r["blocking"] or rank >= SEVERITIES.index(summary["fail_severity"]),
              "JSON: a result below --fail-severity blocks: %r" % r)
        key = (r["input"], r["address"], r["policy"])
        if r["blocking"]:
            blocking.add(key)
            if r["status"] == "unknown":
                unknown.add(key)
    return blocking, unknown, doc["summary"]["blocking"]


def read_sarif(out, inputs):
    """SARIF: a result blocks when it is a failure at level error that nothing suppresses."""
    run = json.loads(out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    blocking, unknown = set(), set()
    for r in run["results"]:
        check(rules[r["ruleIndex"]]["id"] == r["ruleId"], "SARIF ruleIndex points at ruleId")
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        document = r["properties"].get("document")  # its place in a stream of plans
        source = uri if document is None else "%s#%d" % (uri, document)
        check(source in inputs, "SARIF artifact %r is an input" % source)
        key = (source, r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], r["ruleId"])
        if r["kind"] == "fail" and r["level"] == "error" and not r.get("suppressions"):
            blocking.add(key)
            if r["properties"]["status"] == "unknown":
                unknown.add(key)
    return blocking, unknown, bool(blocking)


def read_junit(out, inputs):
    """JUnit: a test case with a <failure>, its classname the input and its name
    `address [policy]`; a suite per input."""
    tree = ET.fromstring(out)
    blocking, unknown = set(), set()
    for suite in tree.findall("testsuite"):
        for case in suite.findall("testcase"):
            failure = case.find("failure")
            if failure is None:
                continue
            m = re.match(r"(.+) \[([^\[\]]+)\]$", case.get("name"))
            check(m and case.get("classname") == suite.get("name"), "JUnit case in its input: %s" % case.attrib)
            if not m:
                continue
            key = (case.get("classname"), m.group(1), m.group(2))
            blocking.add(key)
            if failure.get("type") == "unknown":
                unknown.add(key)
    return blocking, unknown, int(tree.get("failures")) > 0


def read_atlantis(out, inputs):
    """Atlantis: `FAIL - input - address - message [policy]` lines."""
    blocking = set()
    for line in out.splitlines():
        if not line.startswith("FAIL - "):
            continue
        rest = line[len("FAIL - "):]
        source = next((i for i in inputs if rest.startswith(i + " - ")), None)
        check(source is not None, "Atlantis line names an input: " + line)
        if source is None:
            continue
        address = rest[len(source) + 3:].split(" - ", 1)[0]
        policy = re.search(r" \[([^\[\]]+)\]$", line)
        check(policy, "Atlantis line ends with [policy]: " + line)
        blocking.add((source, address, policy.group(1) if policy else ""))
    closed = out.startswith("FAIL") or bool(ATLANTIS_FAILED.search(out))
    return blocking, None, closed


def table_cells(row):
    """A GitHub table row's cells: split at pipes, `\\|` is a pipe inside a cell."""
    cells, cell, i = [], "", 0
    while i < len(row):
        if row[i] == "\\" and row[i + 1:i + 2] == "|":
            cell += "|"
            i += 2
            continue
        if row[i] == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += row[i]
        i += 1
    return cells[1:]  # the text before the first pipe is empty


def code_spans(cell):
    """The texts of the code spans in a Markdown cell (one space of padding stripped)."""
    return [m.group(2) if m.group(1) == "`" else m.group(2)[1:-1]
            for m in re.finditer(r"(`+)(.+?)\1", cell)]


def read_markdown(out, inputs):
    """Markdown: the table's rows whose Result cell is ❌."""
    blocking, unknown = set(), set()
    lines = out.splitlines()
    header = "| Result | Resource | Policy | Why |"
    start = lines.index(header) + 2 if header in lines else len(lines)
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        result, resource, policy = table_cells(line)[:3]
        spans = code_spans(resource)
        address, source = spans[0], spans[1] if len(spans) > 1 else inputs[0]
        check(len(spans) == (2 if len(inputs) > 1 else 1), "Markdown names the input of many: " + line)
        key = (source, address, code_spans(policy)[0])
        if result.startswith("❌"):
            blocking.add(key)
            if "unknown" in result:
                unknown.add(key)
    return blocking, unknown, out.startswith("### plangate: ❌ gate closed")


def named_input(text, inputs, what):
    """(input, the rest) of `[input: ]rest`: the input is named when there are several.
    None, and a failed check, when none is."""
    if len(inputs) == 1:
        return inputs[0], text
    source = next((i for i in inputs if text.startswith(i + ": ")), None)
    check(source is not None, "%s names an input: %s" % (what, text))
    return None if source is None else (source, text[len(source) + 2:])


def read_text(out, inputs):
    """Text: the FAIL lines, `LABEL    [input: ]address  [policy, severity] message`."""
    blocking, unknown = set(), set()
    lines = out.splitlines()
    for line in lines:
        if not line.startswith("FAIL "):
            continue
        named = named_input(line[9:], inputs, "text line")
        if named is None:
            continue
        source, rest = named
        m = re.match(r"(.+?)  \[([^,\]]+), [^\]]+\] (.*)$", rest)
        check(m, "text line has an address and [policy, severity]: " + line)
        if not m:
            continue
        key = (source, m.group(1), m.group(2))
        blocking.add(key)
        if re.search(r"\bunknown\b", m.group(3)):
            unknown.add(key)
    return blocking, unknown, bool(lines) and lines[-1].startswith("plangate: ") and "gate closed" in lines[-1]


def file_of(source):
    """The file an input is in: a document of a stream (FILE#N) is in FILE."""
    return source if os.path.exists(source) else re.sub(r"#[1-9][0-9]*$", "", source)


def read_github(out, inputs):
    """GitHub: the ::error commands, titled `[input: ]address [policy, severity]` on the
    input's file; the ::notice at the end says the verdict."""
    blocking, unknown = set(), set()
    parsed = [workflow_commands.parse(line) for line in workflow_commands.lines(out)]
    check(parsed and None not in parsed, "GitHub: every line is a workflow command")
    parsed = [p for p in parsed if p]
    for command, props, message in parsed:
        if command != "error":
            continue
        m = re.match(r"(.+) \[([^,\]]+), [^\]]+\]$", props.get("title", ""))
        check(m, "GitHub ::error titled address [policy, severity]: %s" % props)
        named = named_input(m.group(1), inputs, "GitHub title") if m else None
        if named is None:
            continue
        source, address = named
        check(props.get("file") == file_of(source), "GitHub file= is the input's file: %s" % props)
        key = (source, address, m.group(2))
        blocking.add(key)
        if message.startswith("unknown"):
            unknown.add(key)
    closed = bool(parsed) and parsed[-1][0] == "notice" and "gate closed" in parsed[-1][2]
    return blocking, unknown, closed


def read_html(out, inputs):
    """HTML: the rows of class B (blocking) of each resource, under its input's heading;
    the banner's class says the gate is closed."""
    page = html_page.read(out)
    blocking, unknown = set(), set()
    check(sorted(s["input"] for s in page["sections"]) == sorted(set(inputs)), "HTML: a section per input")
    for section in page["sections"]:
        for resource in section["resources"]:
            for result in resource["results"]:
                if result["group"] != "B":
                    continue
                key = (section["input"], resource["address"], result["policy"])
                blocking.add(key)
                if "unknown" in result["label"]:
                    unknown.add(key)
    return blocking, unknown, page["closed"] and page["title"] == "plangate: gate closed"


READERS = {"json": read_json, "sarif": read_sarif, "junit": read_junit, "atlantis": read_atlantis,
           "markdown": read_markdown, "text": read_text, "github": read_github,
           "html": read_html}
FORMATS = formats(binary)
check(FORMATS[0] == "text" and sorted(FORMATS) == sorted(READERS), "a reader for every format: %s" % FORMATS)
FORMATS = ["json"] + [f for f in FORMATS if f != "json"]  # the reference first

plans = sorted(glob.glob("fixtures/*/plan.json"))
check(len(plans) >= 13, "fixtures found")
# A stream: every fixture plan in one file, one after another, as Terragrunt writes them.
stream_dir = tempfile.mkdtemp()
stream = plans
with open(os.path.join(stream_dir, "plans.json"), "w") as f:
    for p in stream:
        f.write(open(p).read().strip() + "\n")
everything = ["--waivers", "fixtures/golden/waivers.yaml"] + plans
runs = [([p], [p], [[]], root) for p in plans] + [
    (everything, plans, [[], ["--fail-severity", "high"], ["--min-severity", "medium"],
                         ["--min-severity", "medium", "--fail-severity", "critical"]], root)]
runs.append((["plans.json"], ["plans.json#%d" % (i + 1) for i in range(len(stream))], [[]], stream_dir))
blocking_unknowns = 0
held = left_out = 0
for args, inputs, severities, cwd in runs:
    os.chdir(cwd)
    for fail_on_unknown, severity in [(f, s) for f in (False, True) for s in severities]:
        flags = (["--fail-on-unknown"] if fail_on_unknown else []) + severity
        what = " ".join(flags + (["%d inputs" % len(inputs)] if len(inputs) > 1 else inputs))
        seen, outputs = {}, {}
        for fmt in FORMATS:
            r = subprocess.run([binary, "check", "--color", "never", "--format", fmt] + flags + args,
                               capture_output=True, text=True)
            outputs[fmt] = r.stdout
            blocking, unknown, closed = READERS[fmt](r.stdout, inputs)
            seen[fmt] = (blocking, unknown)
            want_code = 0 if fmt == "atlantis" else (1 if blocking else 0)
            check(r.returncode == want_code, "%s, %s: exit %d, want %d for the %d results it shows blocking (%s)" %
                  (what, fmt, r.returncode, want_code, len(blocking), r.stderr.strip()[-200:]))
            check(closed == bool(blocking), "%s, %s: the verdict line says the gate is %s, with %d blocking" %
                  (what, fmt, "closed" if closed else "open", len(blocking)))
        reference, unknown_reference = seen["json"]
        summary = json.loads(outputs["json"])["summary"]
        held += summary["below_fail_severity"]
        left_out += summary["below_min_severity"]
        blocking_unknowns += len(unknown_reference)
        for fmt in FORMATS[1:]:
            blocking, unknown = seen[fmt]
            check(blocking == reference, "%s: %s and json disagree on what blocks:\n  only in %s: %s\n  only in json: %s" %
                  (what, fmt, fmt, sorted(blocking - reference), sorted(reference - blocking)))
            if unknown is not None:
                check(unknown_reference & blocking <= unknown,
                      "%s: %s does not say these blocking results are unknown: %s" %
                      (what, fmt, sorted((unknown_reference & blocking) - unknown)))
check(blocking_unknowns >= 3, "the fixtures have blocking unknowns under --fail-on-unknown (%d)" % blocking_unknowns)
check(held >= 3, "--fail-severity keeps results from blocking in the fixtures (%d)" % held)
check(left_out >= 3, "--min-severity leaves results out in the fixtures (%d)" % left_out)
check(len(stream) >= 10, "a stream of %d plans" % len(stream))
os.chdir(root)
shutil.rmtree(stream_dir)

finish("formats agree")
