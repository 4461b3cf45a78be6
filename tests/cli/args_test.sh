#!/usr/bin/env bash
# The command line as CI lines write it: inputs and options in any order, each
# repeatable option taking one value per use (`--opt value` and `--opt=value`),
# `--` ending the options.
# Usage: args_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
insecure="$root/fixtures/seed-insecure/plan.json"
secure="$root/fixtures/seed-secure/plan.json"
window="$root/policies/tests/plans/recovery-window.json"

# What a JSON report holds, in one line: its inputs, then the policies of its results.
holds() {  # holds FILE
  /usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(i["path"] for i in d["inputs"]), "|", " ".join(sorted({r["policy"] for r in d["results"]})))' "$1" 2>/dev/null
}
# holds_is WANT: the JSON report on stdout holds exactly WANT.
holds_is() { [[ $(holds "$tmp/out") == "$1" ]]; echo $?; }

# Each repeatable option, followed by an input and then another option.
"$plangate" check --policy CKV_AWS_28 "$insecure" --format json >"$tmp/out" 2>"$tmp/err"
expect "--policy ID INPUT --format: the input is an input" 1 $? \
  "$(holds_is "$insecure | aws-dynamodb-enable-recovery")"

"$plangate" check --skip-policy AVD-AWS-0025 "$insecure" "$secure" --format json >"$tmp/out" 2>"$tmp/err"
expect "--skip-policy ID INPUT INPUT --format: both are inputs" 1 $? \
  "$(holds_is "$insecure $secure | aws-dynamodb-backup-coverage aws-dynamodb-deletion-protection aws-dynamodb-enable-recovery")"

mkdir "$tmp/team"
cat >"$tmp/team/names.yaml" <<'POLICY'
id: team-table-name
title: Table names are the one agreed
severity: low
resource_types: [aws_dynamodb_table]
condition: {attribute: name, operator: equals, value: example}
POLICY
"$plangate" check --policies "$tmp/team" "$secure" --no-builtin-policies --format json >"$tmp/out" 2>"$tmp/err"
expect "--policies PATH INPUT --no-builtin-policies: the input is an input" 0 $? \
  "$(holds_is "$secure | team-table-name")"

"$plangate" check --param aws-dynamodb-recovery-window.min_days=7 "$window" --policy aws-dynamodb-recovery-window \
  --format json >"$tmp/out" 2>"$tmp/err"
expect "--param ID.NAME=VALUE INPUT --policy: the input is an input" 0 $? \
  "$(holds_is "$window | aws-dynamodb-recovery-window")"

"$plangate" check --report json="$tmp/r.json" "$insecure" --format text >"$tmp/out" 2>"$tmp/err"
expect "--report FORMAT=FILE INPUT --format: the input is an input" 1 $? \
  "$([[ $(holds "$tmp/r.json") == "$insecure | "* ]] && grep -q '^plangate: 1 resource in 1 input' "$tmp/out"; echo $?)"

"$plangate" policies list --policies "$tmp/team" --no-builtin-policies >"$tmp/out" 2>"$tmp/err"
expect "policies list --policies PATH --no-builtin-policies" 0 $? "$(grep -qx '1 policies' "$tmp/out"; echo $?)"

# Both spellings, inputs before, between and after the options.
"$plangate" check "$insecure" --policy=CKV_AWS_28 "$secure" --policy aws-dynamodb-deletion-protection \
  --format=json >"$tmp/out" 2>"$tmp/err"
expect "--opt=value and --opt value mix with inputs anywhere" 1 $? \
  "$(holds_is "$insecure $secure | aws-dynamodb-deletion-protection aws-dynamodb-enable-recovery")"

"$plangate" check --skip-policy AVD-AWS-0025 - --format json <"$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--skip-policy ID - --format: standard input is an input" 1 $? \
  "$(holds_is "<stdin> | aws-dynamodb-backup-coverage aws-dynamodb-deletion-protection aws-dynamodb-enable-recovery")"

# `--` ends the options: an input named like an option after it is an input.
cp "$insecure" "$tmp/--policy.json"
(cd "$tmp" && "$plangate" check --format json --policy CKV_AWS_28 -- --policy.json) >"$tmp/out" 2>"$tmp/err"
expect "-- ends the options, after a repeatable option too" 1 $? \
  "$(holds_is "--policy.json | aws-dynamodb-enable-recovery")"

# The README's usage block and --help name the same options, with the same values.
"$plangate" check --help >"$tmp/out" 2>"$tmp/err"
expect "README and --help list the same options" 0 $? "$(/usr/bin/python3 - "$tmp/out" "$root/README.md" >&2 <<'PY'
import re, sys
def options(text):  # "--name VALUE" of each line that starts with an option
    found = re.findall(r"^ +(?:-[a-z], *)?(--[a-z-]+(?: [A-Z][A-Z.=]*(?= |$))?)", text, re.M)
    return sorted(o for o in found if o not in ("--help", "--version"))
readme = open(sys.argv[2]).read()
usage = readme[readme.index("plangate check [OPTIONS] INPUT..."):readme.index("plangate policies list")]
helped, documented = options(open(sys.argv[1]).read()), options(usage)
if helped != documented or len(helped) < 17:
    print("only in --help:", sorted(set(helped) - set(documented)), "only in README:", sorted(set(documented) - set(helped)))
    sys.exit(1)
PY
echo $?)"

# Usage errors: the prefix every error has, one line, exit 2, nothing on stdout.
usage_error() {  # usage_error WANT: stderr is exactly WANT, stdout empty
  [[ ! -s $tmp/out && $(cat "$tmp/err") == "$1" ]]; echo $?
}
"$plangate" check --jobs -1 "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--jobs -1 is a usage error" 2 $? "$(usage_error "plangate: error: --jobs: '-1' is not a number of inputs; \
expected a whole number of at least 1 (leave --jobs out for one per core); 'plangate check --help' lists the options")"
"$plangate" check "$insecure" --jobs 0 >"$tmp/out" 2>"$tmp/err"
expect "--jobs 0 is a usage error" 2 $? "$(usage_error "plangate: error: --jobs: '0' is not a number of inputs; \
expected a whole number of at least 1 (leave --jobs out for one per core); 'plangate check --help' lists the options")"
"$plangate" check --jobs=2 "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--jobs 2 is fine" 1 $?
# CLI11's own messages differ between its versions: only their frame is plangate's.
cli11_error() {  # cli11_error COMMAND: one line, plangate's prefix, the help to read; stdout empty
  [[ ! -s $tmp/out && $(wc -l <"$tmp/err") -eq 1 && $(cat "$tmp/err") == "plangate: error: "*"; '$1 --help' lists the options" ]]
  echo $?
}
"$plangate" check --format xml "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "a format not offered is a usage error" 2 $? "$(cli11_error "plangate check")"
"$plangate" check "$insecure" --frobnicate >"$tmp/out" 2>"$tmp/err"
expect "an unknown option is a usage error" 2 $? "$(cli11_error "plangate check")"
"$plangate" check --policy CKV_AWS_28 >"$tmp/out" 2>"$tmp/err"
expect "no input is a usage error" 2 $? "$(cli11_error "plangate check")"
"$plangate" policies >"$tmp/out" 2>"$tmp/err"
expect "policies without its subcommand is a usage error" 2 $? "$(cli11_error "plangate policies")"
"$plangate" check --help >"$tmp/out" 2>"$tmp/err"
expect "--help is no error" 0 $? "$([[ -s $tmp/out && ! -s $tmp/err ]]; echo $?)"

# A policy id or alias in the wrong case: the one meant, in its case.
"$plangate" check --policy ckv_aws_28 "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--policy in the wrong case: did you mean" 2 $? "$(usage_error "plangate: error: --policy: no policy has \
the id or alias 'ckv_aws_28'; did you mean 'CKV_AWS_28'?")"
"$plangate" check "$insecure" --skip-policy AWS-DYNAMODB-TABLE-CUSTOMER-KEY >"$tmp/out" 2>"$tmp/err"
expect "--skip-policy in the wrong case: did you mean" 2 $? "$(usage_error "plangate: error: --skip-policy: no \
policy has the id or alias 'AWS-DYNAMODB-TABLE-CUSTOMER-KEY'; did you mean 'aws-dynamodb-table-customer-key'?")"
"$plangate" check --param AWS-DYNAMODB-RECOVERY-WINDOW.min_days=7 "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--param's policy in the wrong case: did you mean" 2 $? "$(usage_error "plangate: error: --param \
AWS-DYNAMODB-RECOVERY-WINDOW.min_days=7: no policy has the id or alias 'AWS-DYNAMODB-RECOVERY-WINDOW'; \
did you mean 'aws-dynamodb-recovery-window'?")"
printf 'policies: [avd-aws-0024]\n' >"$tmp/config.yaml"
"$plangate" check --config "$tmp/config.yaml" "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "a config file's policy in the wrong case: did you mean" 2 $? \
  "$(grep -q "no policy has the id or alias 'avd-aws-0024'; did you mean 'AVD-AWS-0024'?" "$tmp/err"; echo $?)"
printf 'waivers:\n  - policy: ckv_aws_28\n    address: "*"\n    reason: r\n    owner: o\n    expires: 2099-01-01\n' \
  >"$tmp/waivers.yaml"
"$plangate" check --waivers "$tmp/waivers.yaml" "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "a waiver's policy in the wrong case: did you mean" 2 $? "$(usage_error "plangate: error: \
$tmp/waivers.yaml:2:13: policy: no policy has the id or alias 'ckv_aws_28'; did you mean 'CKV_AWS_28'?")"

summary args
