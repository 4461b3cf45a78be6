#!/usr/bin/env bash
# plangate explain through the real process: the trace of an unknown value through
# module inputs, an output and for_each; absent values and their defaults; exit 0
# whatever the verdicts; "did you mean" for an address the input does not hold and
# for a misspelt policy id; streams, states and standard input; bad inputs and
# policies exit 2 with check's own message; README and --help agree.
# Usage: explain_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$root" || exit 2
deep='module.app.module.store.aws_dynamodb_table.t["a"]'
has_line() {  # has_line LINE: standard output holds LINE, whole
  grep -qxF -- "$1" "$tmp/out"; echo $?
}
only_error() {  # only_error WANT: stderr is exactly WANT, stdout empty
  [[ ! -s $tmp/out && $(cat "$tmp/err") == "$1" ]]; echo $?
}

# An unknown flag, traced back to the aws_ssm_parameter it comes from, each road.
plangate_explain() { "$plangate" explain "$@" >"$tmp/out" 2>"$tmp/err"; }
plangate_explain fixtures/pitr-through-modules/plan.json "$deep"
expect "two module inputs deep: each step of the trace" 0 $? "$(has_line \
  "      from: var.pitr (input pitr of module.app.module.store) <- var.pitr (input pitr of module.app) <- aws_ssm_parameter.flag.value")"
expect "an unknown sensitive flag is said to be sensitive" 0 0 "$(has_line \
  "    point_in_time_recovery[0].enabled: known only after apply (marked sensitive)")"
plangate_explain fixtures/pitr-through-modules/plan.json aws_dynamodb_table.from_output
expect "a module output: followed into the module" 0 $? "$(has_line \
  "      from: module.flags.pitr (output pitr of module.flags) <- module.flags.aws_ssm_parameter.flag.value")"
expect "check's depends_on is where the output comes from" 0 0 "$(has_line \
  "      check says it depends on: module.flags.aws_ssm_parameter.flag.value")"
plangate_explain fixtures/pitr-through-modules/plan.json 'aws_dynamodb_table.from_each["x"]'
expect "each.value: followed to the for_each" 0 $? "$(has_line \
  "      from: each.value (the for_each of aws_dynamodb_table.from_each) <- aws_ssm_parameter.flag.version")"
plangate_explain fixtures/modules/plan.json module.flagged.aws_dynamodb_table.flagged
expect "one module input deep" 0 $? "$(has_line \
  "      from: var.pitr (input pitr of module.flagged) <- aws_ssm_parameter.flag.value")"
expect "the unknown result and the condition that decided it" 0 0 "$(has_line \
  "      decided by: point_in_time_recovery[0].enabled is_true  (policies/aws-dynamodb-enable-recovery.yaml:26:3)")"
plangate_explain fixtures/pitr-unknown-from-resource/plan.json aws_dynamodb_table.orders --policy CKV_AWS_28
expect "the root module: the reference itself" 0 $? "$(has_line "      from: aws_ssm_parameter.flag.value")"

# Absent, with the default the policy declares; a blocking failure still exits 0.
plangate_explain fixtures/seed-insecure/plan.json aws_dynamodb_table.bad_example --policy CKV_AWS_28
expect "a blocking failure is explained: exit 0" 0 $? "$(has_line \
  "    aws-dynamodb-enable-recovery: fail (closes the gate)  [medium, soft-mandatory]")"
expect "absent, and why" 0 0 "$(has_line \
  "    point_in_time_recovery[0].enabled: absent: point_in_time_recovery is not set in the configuration")"
expect "the default the policy declares" 0 0 "$(has_line \
  "      default: false (declared by aws-dynamodb-enable-recovery)")"
expect "--policy: only that policy" 0 0 "$([[ $(grep -c '^    aws-dynamodb-' "$tmp/out") -eq 1 ]]; echo $?)"

# A value known in `after`, and a sensitive one.
plangate_explain fixtures/pitr-disabled/plan.json aws_dynamodb_table.orders --policy CKV_AWS_28
expect "a known value" 0 $? "$(has_line "    point_in_time_recovery[0].enabled = false")"
plangate_explain fixtures/sensitive/plan.json aws_dynamodb_table.secret_flag
expect "a sensitive value: (sensitive)" 0 $? "$(has_line "    point_in_time_recovery[0].enabled = (sensitive)")"

# Replaces, deletes, deposed objects: the change in words.
plangate_explain fixtures/data-loss-actions/plan.json aws_dynamodb_table.rebuilt
expect "a current object and its deposed one: both explained" 0 $? \
  "$([[ $(grep -c '^aws_dynamodb_table.rebuilt$' "$tmp/out") -eq 2 ]] && grep -q '^  a deposed object' "$tmp/out"; echo $?)"
plangate_explain fixtures/data-loss-replace/plan.json aws_dynamodb_table.replace_hash_key
expect "a replace: why, in words" 0 $? "$(grep -q '^  this plan replaces it, .*because hash_key' "$tmp/out"; echo $?)"

# A partial plan: said so.
plangate_explain fixtures/errored/plan.json aws_dynamodb_table.partial
expect "a partial plan" 0 $? "$(has_line "  fixtures/errored/plan.json is a partial plan (errored: true): Terraform \
stopped planning, so results cover only what it planned")"

# A type no policy reads: there, and said so.
plangate_explain fixtures/modules/plan.json aws_ssm_parameter.flag
expect "a type no policy reads" 0 $? "$(has_line "  no selected policy targets aws_ssm_parameter")"

# A state, standard input, and a stream of plans (each document that holds the address).
plangate_explain fixtures/state/plan.json aws_dynamodb_table.protected
expect "a state's object" 0 $? "$(has_line "  input: fixtures/state/plan.json (state)")"
"$plangate" explain - aws_dynamodb_table.bad_example <fixtures/seed-insecure/plan.json >"$tmp/out" 2>"$tmp/err"
expect "standard input" 0 $? "$(has_line "  input: <stdin> (plan)")"
cat fixtures/seed-insecure/plan.json fixtures/seed-insecure/plan.json >"$tmp/stream.json"
plangate_explain "$tmp/stream.json" aws_dynamodb_table.bad_example
expect "a stream: the address in each document" 0 $? \
  "$(has_line "  input: $tmp/stream.json#1 (plan)" | grep -q 0 && has_line "  input: $tmp/stream.json#2 (plan)")"

# JSON: the same, as data (schemas_test.py validates every fixture's against the schema).
plangate_explain fixtures/pitr-through-modules/plan.json "$deep" --format json
expect "--format json: the trace as data" 0 $? "$(/usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["explained"][0]
a = [x for x in e["attributes"] if x["attribute"] == "point_in_time_recovery[0].enabled"][0]
t = a["trace"][0]
ok = (a["resolved"] == {"state": "unknown", "sensitive": True, "depends_on": ["aws_ssm_parameter.flag.value"]}
      and (t["kind"], t["reference"], t["module"], t["name"]) == ("module_input", "var.pitr", "module.app.module.store", "pitr")
      and t["from"][0]["from"][0]["of"] == "aws_ssm_parameter.flag" and t["from"][0]["from"][0]["from"] == [])
sys.exit(not ok)' "$tmp/out"; echo $?)"

# Errors: exit 2, one line on standard error, nothing on standard output.
plangate_explain fixtures/modules/plan.json module.flaged.aws_dynamodb_table.flagged
expect "an address with a typo: did you mean" 2 $? "$(only_error "plangate: error: fixtures/modules/plan.json: no \
resource has the address 'module.flaged.aws_dynamodb_table.flagged'; did you mean 'module.flagged.aws_dynamodb_table.flagged'?")"
plangate_explain fixtures/modules/plan.json 'module.svc["orders.v3"].aws_dynamodb_table.this'
expect "an instance key with a typo: did you mean" 2 $? "$(only_error "plangate: error: fixtures/modules/plan.json: no \
resource has the address 'module.svc[\"orders.v3\"].aws_dynamodb_table.this'; did you mean \
'module.svc[\"orders.v2\"].aws_dynamodb_table.this'?")"
plangate_explain fixtures/seed-insecure/plan.json orders
expect "nothing close: an address the input holds, as an example" 2 $? "$(only_error "plangate: error: \
fixtures/seed-insecure/plan.json: no resource has the address 'orders'; write the address as the plan does, e.g. \
'aws_dynamodb_table.bad_example'")"
plangate_explain fixtures/actions/plan.json data.aws_dynamodb_table.lookup
expect "a data source" 2 $? "$(only_error "plangate: error: fixtures/actions/plan.json: \
'data.aws_dynamodb_table.lookup' is a data source; policies judge managed resources only; explain one of those")"
plangate_explain fixtures/seed-insecure/plan.json aws_dynamodb_table.bad_example --policy aws-dynamodb-enable-recovry
expect "a policy id with a typo: did you mean" 2 $? "$(only_error "plangate: error: --policy: no policy has the id \
or alias 'aws-dynamodb-enable-recovry'; did you mean 'aws-dynamodb-enable-recovery'?")"
plangate_explain fixtures/seed-insecure/plan.json aws_dynamodb_table.bad_example --format html
expect "a format explain does not write" 2 $? "$(only_error "plangate: error: --format: 'html' is not an explain \
format; expected one of text, json; 'plangate explain --help' lists the options")"
plangate_explain fixtures/seed-insecure/plan.json
expect "no address" 2 $? "$([[ ! -s $tmp/out && $(cat "$tmp/err") == "plangate: error: "*"ADDRESS"* ]]; echo $?)"

# Bad inputs and broken policies: check's own message, exit 2.
for input in fixtures/bad/*/input.json tests/cli/broken-policy/*.yaml; do
  args=("$input" aws_dynamodb_table.x)
  [[ $input == *.yaml ]] && args=(fixtures/seed-secure/plan.json aws_dynamodb_table.good_example --policies "$input")
  "$plangate" check "${args[@]:0:1}" "${args[@]:2}" >/dev/null 2>"$tmp/check-err"
  plangate_explain "${args[@]}"
  expect "$input: exit 2 with check's message" 2 $? "$([[ ! -s $tmp/out ]] && cmp -s "$tmp/err" "$tmp/check-err"; echo $?)"
done

# The README's usage block and --help name the same options.
"$plangate" explain --help >"$tmp/out" 2>"$tmp/err"
expect "README and explain --help list the same options" 0 $? "$(/usr/bin/python3 - "$tmp/out" README.md <<'PY'
import re, sys
def options(text):
    found = re.findall(r"^ +(?:-[a-z], *)?(--[a-z-]+(?: [A-Z][A-Z.=]*(?= |$))?)", text, re.M)
    return sorted(o for o in found if o not in ("--help", "--version"))
readme = open(sys.argv[2]).read()
start = readme.index("plangate explain [OPTIONS] INPUT ADDRESS")
usage = readme[start:readme.index("```", start)]
helped, documented = options(open(sys.argv[1]).read()), options(usage)
if helped != documented or len(helped) < 7:
    print("only in --help:", sorted(set(helped) - set(documented)), "only in README:", sorted(set(documented) - set(helped)))
    sys.exit(1)
PY
echo $?)"
expect "explain --help says what the exit codes mean" 0 0 "$(grep -q "^Exit codes: 0 explained, whatever the verdicts" "$tmp/out"; echo $?)"

# The README's example is what plangate prints today.
expect "README explain example is plangate's output today" 0 0 "$(/usr/bin/python3 - "$plangate" README.md <<'PY'
import re, shlex, subprocess, sys
m = re.search(r"```\n\$ (plangate explain [^\n]*)\n(.*?)```", open(sys.argv[2]).read(), re.S)
if not m:
    sys.exit("no explain example in the README")
r = subprocess.run([sys.argv[1]] + shlex.split(m.group(1))[1:], capture_output=True, text=True)
if r.returncode != 0 or r.stdout != m.group(2):
    print(r.stdout)
    sys.exit(1)
PY
echo $?)"

summary explain
