#!/usr/bin/env python3
"""The Action's shell steps, run locally as a GitHub runner would run them: each `run:`
script of scripts/github-action/action.yml with `bash --noprofile --norc -eo pipefail`,
its env evaluated from the inputs given (or their defaults) and earlier steps' outputs,
and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
RUNNER_TEMP and RUNNER_OS set. The cache, build and install steps are replaced by the
binary under test on PATH (every other step runs, so a new one cannot go untested), in
a workspace holding copies of the fixtures. Checks:
- the step's exit code is plangate's (1 closes the gate, 2 an error), and the outputs
  exit-code, gate (open, closed, error) and sarif, read back by the runner's rules;
- the SARIF file, the step summary and the step's log are what the same plangate
  check run directly writes, for seed-insecure, seed-secure, two plans with policy
  folders, and fixtures/source-map with source-dir (annotations on .tf lines);
- waivers, fail-on-unknown, args, an empty sarif and summary: false reach plangate;
- bad inputs exit 2 with the outputs still written;
- inputs holding $(...), backquotes, quotes, ; or a newline are passed to plangate as
  they are and never run: no file they would touch appears, and a newline in a path
  cannot forge an output;
- the key step's cache key: the version, a sources hash, the runner's system.
Usage: steps_test.py PLANGATE SOURCE_DIR. Prints 'action steps: N passed, N failed'."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from pgcheck import check, finish  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
action_dir = os.path.join(root, "scripts", "github-action")
with open(os.path.join(action_dir, "action.yml")) as f:
    action = yaml.safe_load(f)
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
# Steps the test does not run: plangate comes from the build under test instead.
REPLACED = {"cache", "build", "install"}


def read_outputs(path):
    """A GITHUB_OUTPUT file read as the runner reads it: NAME=VALUE lines and
    NAME<<DELIMITER blocks ending at a line that is DELIMITER."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, newline="") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        eq, heredoc = line.find("="), line.find("<<")
        if eq >= 0 and (heredoc < 0 or eq < heredoc):
            out[line[:eq]] = line[eq + 1:]
        elif heredoc >= 0:
            name, delimiter, value = line[:heredoc], line[heredoc + 2:], []
            while i < len(lines) and lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            check(i < len(lines), "output %s: its delimiter closes it" % name)
            i += 1
            out[name] = "\n".join(value)
        else:
            check(False, "GITHUB_OUTPUT line %r is NAME=VALUE or NAME<<DELIMITER" % line)
    return out


def evaluate(text, inputs, outputs):
    """The expressions an env or output value may hold; any other fails the test."""
    def one(m):
        expression = m.group(1).strip()
        if expression.startswith("inputs."):
            return inputs[expression[len("inputs."):]]
        step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if step:
            return outputs.get(step.group(1), {}).get(step.group(2), "")
        raise SystemExit("steps_test.py cannot evaluate ${{ %s }}" % expression)
    return EXPRESSION.sub(one, str(text))


class Run:
    """One use of the Action: its exit code, the action outputs, the check step's log
    and the step summary."""


def run_action(workspace, tmp, **given):
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    for name, value in given.items():
        name = name.replace("_", "-")
        check(name in inputs, "the test sets a declared input: " + name)
        inputs[name] = value
    if os.path.exists(os.path.join(workspace, "plangate.sarif")):
        os.remove(os.path.join(workspace, "plangate.sarif"))  # the default report, from an earlier run
    runner_temp = tempfile.mkdtemp(dir=tmp, prefix="runner_temp")
    env = {"PATH": os.path.dirname(binary) + os.pathsep + os.environ["PATH"], "HOME": tmp, "LANG": "C.UTF-8",
           "GITHUB_ACTION_PATH": action_dir, "GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": runner_temp,
           "RUNNER_OS": "Linux", "CI": "true", "GITHUB_ACTIONS": "true"}
    outputs, result, skipped = {}, Run(), set()
    result.code, result.log, result.summary = 0, "", ""
    for index, step in enumerate(action["runs"]["steps"]):
        if step["id"] in REPLACED:
            skipped.add(step["id"])
            continue
        check("run" in step and "if" not in step, "step %s is a script that always runs" % step["id"])
        script = os.path.join(runner_temp, "step%d.sh" % index)
        with open(script, "w") as f:
            f.write(evaluate(step["run"], inputs, outputs))  # as the runner does, were there any
        files = {"GITHUB_OUTPUT": os.path.join(runner_temp, "output%d" % index),
                 "GITHUB_STEP_SUMMARY": os.path.join(runner_temp, "summary%d" % index)}
        for path in files.values():
            open(path, "w").close()
        step_env = {k: evaluate(v, inputs, outputs) for k, v in (step.get("env") or {}).items()}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace,
                              env=dict(env, **files, **step_env), capture_output=True, text=True)
        outputs[step["id"]] = read_outputs(files["GITHUB_OUTPUT"])
        with open(files["GITHUB_STEP_SUMMARY"]) as f:
            result.summary += f.read()
        result.code, result.log, result.stderr = done.returncode, done.stdout, done.stderr
        result.step = step["id"]
        if done.returncode != 0:
            break
    check(skipped == REPLACED, "the steps the test replaces are in action.yml: %s" % sorted(skipped))
    result.outputs = {name: evaluate(spec["value"], inputs, outputs) for name, spec in action["outputs"].items()}
    result.steps = outputs
    return result


def direct(workspace, *args):
    return subprocess.run([binary, "check"] + list(args), cwd=workspace, capture_output=True, text=True)


def expect_gate(what, result, code, sarif):
    gate = {0: "open", 1: "closed"}.get(code, "error")
    check(result.step == "check" and result.code == code,
          "%s: the check step exits %d (got %d at step %s: %s)" % (what, code, result.code, result.step, result.stderr[-300:]))
    want = {"exit-code": str(code), "gate": gate, "sarif": sarif}
    check(result.outputs == want, "%s: outputs %s (got %s)" % (what, want, result.outputs))


with tempfile.TemporaryDirectory() as tmp:
    workspace = os.path.join(tmp, "workspace")
    for case in ("seed-insecure", "seed-secure", "source-map", "pitr-unknown-from-resource"):
        shutil.copytree(os.path.join(root, "fixtures", case), os.path.join(workspace, "fixtures", case), symlinks=True)
    shutil.copytree(os.path.join(root, "policies", "examples"), os.path.join(workspace, "team-policies"))
    shutil.copytree(os.path.join(root, "policies", "examples"), os.path.join(workspace, "more policies"))
    insecure, secure = "fixtures/seed-insecure/plan.json", "fixtures/seed-secure/plan.json"
    sarif_path = os.path.join(workspace, "plangate.sarif")

    def read(path):
        with open(path) as f:
            return f.read()

    def same_reports(what, result, *args):
        """The step's log, SARIF and summary are those of plangate check ARGS run directly."""
        log = direct(workspace, "--format", "github", *args)
        check(result.log.split("\n", 1)[1:] == [log.stdout],
              "%s: the step's log is the command, then plangate's own annotations:\n%s" % (what, result.log[:600]))
        sarif = direct(workspace, "--format", "sarif", *args).stdout
        check(os.path.exists(sarif_path) and read(sarif_path) == sarif, "%s: plangate.sarif is plangate's SARIF" % what)
        markdown = direct(workspace, "--format", "markdown", *args).stdout
        check(result.summary == markdown and markdown.strip(),
              "%s: the step summary is the Markdown report:\n%s" % (what, result.summary[:300]))
        return log

    # The two seed plans, with the defaults: format github, plangate.sarif, a summary, source-dir '.'.
    result = run_action(workspace, tmp, plans=insecure)
    expect_gate("seed-insecure", result, 1, "plangate.sarif")
    log = same_reports("seed-insecure", result, "--source-dir", ".", insecure)
    check("::error file=fixtures/seed-insecure/plan.json," in log.stdout, "seed-insecure: an ::error annotation")
    check(result.log.startswith("plangate check --format github --source-dir . --report sarif=plangate.sarif "),
          "the log shows the command: %r" % result.log[:200])
    result = run_action(workspace, tmp, plans=secure)
    expect_gate("seed-secure", result, 0, "plangate.sarif")
    same_reports("seed-secure", result, "--source-dir", ".", secure)
    check("::error" not in result.log, "seed-secure: no ::error annotation")

    # Results on the .tf lines.
    source_map = "fixtures/source-map/plan.json"
    result = run_action(workspace, tmp, plans=source_map, source_dir="fixtures/source-map")
    expect_gate("source-map", result, direct(workspace, "--source-dir", "fixtures/source-map", source_map).returncode,
                "plangate.sarif")
    log = same_reports("source-map", result, "--source-dir", "fixtures/source-map", source_map)
    check(re.search(r"^::error file=fixtures/source-map/[\w/.]+\.tf,line=\d+", log.stdout, re.M) is not None,
          "source-map: ::error annotations on .tf lines")

    # Several plans and policy folders, separated by newlines and spaces.
    result = run_action(workspace, tmp, plans="%s\n  %s\n" % (insecure, secure), policies="team-policies \n")
    expect_gate("two plans", result, 1, "plangate.sarif")
    same_reports("two plans", result, "--source-dir", ".", "--policies", "team-policies", insecure, secure)

    # Waivers, fail-on-unknown and args reach plangate.
    with open(os.path.join(workspace, "waivers.yaml"), "w") as f:
        f.write("waivers:\n  - policy: aws-dynamodb-enable-recovery\n    address: aws_dynamodb_table.bad_example\n"
                "    reason: a test\n    owner: test@example.com\n    expires: 2999-12-31\n")
    result = run_action(workspace, tmp, plans=insecure, waivers="waivers.yaml", sarif="")
    expect_gate("waived", result, 0, "")
    check("waived" in result.summary, "waived: the summary shows the waiver")
    unknown = "fixtures/pitr-unknown-from-resource/plan.json"
    check(direct(workspace, unknown).returncode == 0, "an unknown alone does not block")
    expect_gate("fail-on-unknown", run_action(workspace, tmp, plans=unknown, fail_on_unknown="true", sarif=""), 1, "")
    expect_gate("fail-on-unknown false", run_action(workspace, tmp, plans=unknown, sarif=""), 0, "")
    result = run_action(workspace, tmp, plans=insecure, format="text", sarif="", summary="false",
                        args="--policy  CKV_AWS_28\t--only-changes --quiet")
    expect_gate("args", result, 1, "")
    text = direct(workspace, "--format", "text", "--source-dir", ".", "--policy", "CKV_AWS_28", "--only-changes",
                  "--quiet", insecure)
    check(result.log.split("\n", 1)[1:] == [text.stdout], "args: the log is that text report: %r" % result.log[:400])
    check(result.summary == "" and not os.path.exists(sarif_path), "summary false and sarif '': neither is written")

    # Errors: plangate's, and inputs refused before it runs; the outputs are written.
    result = run_action(workspace, tmp, plans="fixtures/none/plan.json")
    expect_gate("a missing plan", result, 2, "")
    check("fixtures/none/plan.json" in result.stderr and "exit 2" in result.summary and not os.path.exists(sarif_path),
          "a missing plan: plangate says which, the summary says exit 2, no SARIF: %r %r" % (result.stderr, result.summary))
    for name, inputs in (("no plans", {"plans": " \n "}), ("summary: yes", {"plans": secure, "summary": "yes"}),
                         ("fail-on-unknown: 1", {"plans": secure, "fail_on_unknown": "1"})):
        result = run_action(workspace, tmp, **inputs)
        expect_gate(name, result, 2, "")
        check(result.log.startswith("::error title=plangate::input "), "%s: an ::error says which input: %r" % (name, result.log))
    result = run_action(workspace, tmp, plans="--version", sarif="")
    expect_gate("a plan named --version is an input, not an option", result, 2, "")

    # Inputs that would run code if they reached a shell as text.
    marks = os.path.join(tmp, "marks")
    os.mkdir(marks)
    hostile = {
        "plans": "%s $(touch %s/plans) `touch %s/plans2`" % (secure, marks, marks),
        "policies": "$(touch %s/policies)" % marks,
        "waivers": "w\"; touch %s/waivers; echo \"" % marks,
        "source_dir": "x'; touch %s/source; '" % marks,
        "format": "github$(touch %s/format)" % marks,
        "sarif": "$(touch %s/sarif).sarif" % marks,
        "args": "--policy=$(touch %s/args) ;touch %s/args2 |touch %s/args3" % (marks, marks, marks),
    }
    result = run_action(workspace, tmp, **hostile)
    expect_gate("hostile inputs", result, 2, "")
    check(os.listdir(marks) == [], "hostile inputs ran nothing: %s" % os.listdir(marks))
    # One at a time, each reaches plangate as it is: names without spaces (${IFS} is one
    # to a shell) that would touch files in the workspace.
    odd = "fixtures/$(touch${IFS}pwned-p)'\"`touch${IFS}pwned-q`;x.json"
    shutil.copy(os.path.join(workspace, secure), os.path.join(workspace, odd))
    odd_sarif = "out$(touch${IFS}pwned-s)'.sarif"
    result = run_action(workspace, tmp, plans=odd, sarif=odd_sarif, policies="'more policies'")
    expect_gate("an odd policy folder name", result, 2, "")
    check("'more" in result.stderr, "plangate was given the policy folder as written: %r" % result.stderr)
    result = run_action(workspace, tmp, plans=odd, sarif=odd_sarif)
    expect_gate("odd names", result, 0, odd_sarif)
    check(os.path.exists(os.path.join(workspace, odd_sarif)), "the SARIF file has the name given, as it is")
    forged = "forged.sarif\ngate=open\nexit-code=0"
    result = run_action(workspace, tmp, plans=insecure, sarif=forged)
    expect_gate("a newline in the sarif input", result, 1, forged)
    check(os.listdir(marks) == [] and not [f for f in os.listdir(workspace) if f.startswith("pwned")],
          "odd names ran nothing: %s %s" % (os.listdir(marks), os.listdir(workspace)))

    # The cache key.
    key = run_action(workspace, tmp, plans="").steps.get("key", {})
    version = re.search(r"project\(plangate VERSION ([0-9.]+)", read(os.path.join(root, "CMakeLists.txt"))).group(1)
    system = subprocess.run(["bash", "-c", '. /etc/os-release && echo "$ID-$VERSION_ID"'], capture_output=True,
                            text=True).stdout.strip()
    check(re.fullmatch(r"plangate-%s-[0-9a-f]{16}-Linux-%s-%s" % (re.escape(version), re.escape(system), os.uname().machine),
                       key.get("key", "")) is not None, "the cache key: version, sources, system: %r" % key)
    check(key.get("dir", "").endswith("/plangate-deb"), "the package's folder is in RUNNER_TEMP: %r" % key)
    check(run_action(workspace, tmp, plans="").steps.get("key", {}).get("key") == key.get("key"),
          "the same sources give the same key")
finish("action steps")
