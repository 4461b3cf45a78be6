#!/usr/bin/env bash
# Binary-level checks that in-process tests cannot make: standard input, stdout
# and stderr separation, NO_COLOR, exit codes of the real process.
# Usage: binary_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

"$plangate" check - <"$root/fixtures/seed-insecure/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "a plan on standard input is gated" 1 $? "$(grep -q 'aws_dynamodb_table.bad_example' "$tmp/out"; echo $?)"
[[ -s "$tmp/err" ]]; expect "a clean run writes nothing to stderr" 0 0 "$((1 - $?))"

"$plangate" check - </dev/null >"$tmp/out" 2>"$tmp/err"
expect "standard input closed at once is empty input" 2 $? \
  "$(grep -qx "plangate: error: <stdin>: empty input; expected the JSON written by 'terraform show -json PLANFILE' (a plan) or 'terraform show -json' (a state)" "$tmp/err"; echo $?)"
[[ -s "$tmp/out" ]]; expect "an error writes nothing to stdout" 0 0 "$((1 - $?))"

head -c 500 "$root/fixtures/modules/plan.json" | "$plangate" check - >"$tmp/out" 2>"$tmp/err"
expect "a truncated plan on stdin exits 2 with the offset" 2 $? \
  "$(grep -q '<stdin>: byte 500 (end of input): unexpected end of input (file truncated?)' "$tmp/err"; echo $?)"

printf 'PK\003\004binary' >"$tmp/plan.tfplan"
"$plangate" check "$tmp/plan.tfplan" >"$tmp/out" 2>"$tmp/err"
expect "a binary plan exits 2 and says how to convert it" 2 $? \
  "$(grep -q "run 'terraform show -json $tmp/plan.tfplan > plan.json'" "$tmp/err"; echo $?)"

"$plangate" check "$root/fixtures" >"$tmp/out" 2>"$tmp/err"
expect "a directory exits 2" 2 $? "$(grep -q 'is a directory' "$tmp/err"; echo $?)"

"$plangate" check "$tmp/missing.json" >"$tmp/out" 2>"$tmp/err"
expect "a missing file exits 2" 2 $? "$(grep -q 'missing.json: no such file; check the path' "$tmp/err"; echo $?)"

"$plangate" check "$root/fixtures/errored/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "a partial plan is evaluated and flagged on stderr" 1 $? \
  "$(grep -q 'is a partial plan (errored: true)' "$tmp/err"; echo $?)"

NO_COLOR=1 "$plangate" check --color auto "$root/fixtures/seed-insecure/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "NO_COLOR: no escape codes" 1 $? "$(grep -q $'\x1b' "$tmp/out"; echo $((1 - $?)))"

"$plangate" check --color auto "$root/fixtures/seed-insecure/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "auto colour is off when stdout is not a terminal" 1 $? "$(grep -q $'\x1b' "$tmp/out"; echo $((1 - $?)))"

# Colour: auto colours a terminal, unless TERM=dumb or NO_COLOR; always and never win over both.
insecure="$root/fixtures/seed-insecure/plan.json"
colored() { grep -q $'\x1b\\[' "$tmp/out"; echo $?; }
plain() { grep -q $'\x1b' "$tmp/out"; echo $((1 - $?)); }
on_tty env -u NO_COLOR TERM=xterm "$plangate" check "$insecure"
expect "auto colour on a terminal" 1 $? "$(colored)"
on_tty env -u NO_COLOR TERM=dumb "$plangate" check --color auto "$insecure"
expect "auto colour is off on a terminal with TERM=dumb" 1 $? "$(plain)"
on_tty env NO_COLOR=1 TERM=xterm "$plangate" check "$insecure"
expect "auto colour is off on a terminal with NO_COLOR" 1 $? "$(plain)"
on_tty env NO_COLOR= TERM=xterm "$plangate" check "$insecure"
expect "an empty NO_COLOR leaves auto colour on" 1 $? "$(colored)"
NO_COLOR=1 TERM=dumb "$plangate" check --color always "$insecure" >"$tmp/out" 2>"$tmp/err"
expect "--color always wins over NO_COLOR and TERM=dumb, and needs no terminal" 1 $? "$(colored)"
on_tty env -u NO_COLOR TERM=xterm "$plangate" check --color never "$insecure"
expect "--color never on a terminal" 1 $? "$(plain)"

"$plangate" check --format json "$root/fixtures/seed-secure/plan.json" "$root/fixtures/state/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "several inputs, one JSON document" 1 $? \
  "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(len(d["inputs"]) != 2)' "$tmp/out"; echo $?)"

"$plangate" >"$tmp/out" 2>"$tmp/err"
expect "no subcommand is a usage error" 2 $?

truncate -s 5G "$tmp/huge.json"  # sparse: no disk used
"$plangate" check "$tmp/huge.json" >"$tmp/out" 2>"$tmp/err"
expect "an input above 4 GiB exits 2 with the limit" 2 $? \
  "$(grep -q 'huge.json: 5.0 GiB is larger than plangate reads: 4 GiB' "$tmp/err"; echo $?)"
rm -f "$tmp/huge.json"

# policies test: a wrong expectation fails the run, a broken case file is an error.
mkdir -p "$tmp/pol/tests"
cp "$root/policies/aws-dynamodb-enable-recovery.yaml" "$tmp/pol/"
cp -r "$root/policies/tests/plans" "$tmp/pol/tests/"
sed 's/aws_dynamodb_table.omitted: fail/aws_dynamodb_table.omitted: pass/' \
  "$root/policies/tests/aws-dynamodb-enable-recovery.yaml" >"$tmp/pol/tests/cases.yaml"
"$plangate" policies test "$tmp/pol" >"$tmp/out" 2>"$tmp/err"
expect "policies test: a wrong expectation exits 1 and says why" 1 $? \
  "$(grep -q 'aws_dynamodb_table.omitted: expected pass, got fail' "$tmp/out" && grep -q 'policies: 1 passed, 1 failed' "$tmp/out"; echo $?)"
printf 'policy: aws-dynamodb-enable-recovery\ncases:\n  - name: x\n    plan: plans/pitr.json\n    expect: {a: maybe}\n' >"$tmp/pol/tests/cases.yaml"
"$plangate" policies test "$tmp/pol" >"$tmp/out" 2>"$tmp/err"
expect "policies test: a broken case file exits 2 with its position" 2 $? \
  "$(grep -q 'cases.yaml:5:17: expected status pass, fail, unknown or none' "$tmp/err"; echo $?)"

# A case's params keep their YAML types, a string with a quote included.
mkdir -p "$tmp/quoted/tests"
cat >"$tmp/quoted/names.yaml" <<'POLICY'
id: team-table-name
title: Table names are the one agreed
severity: low
parameters:
  table: {default: x}
resource_types: [aws_dynamodb_table]
condition: {attribute: name, operator: equals, param: table}
POLICY
cp "$root/fixtures/seed-secure/plan.json" "$tmp/quoted/tests/plan.json"
sed "s/\"name\": \"example\"/\"name\": \"o'brien\"/" "$root/fixtures/seed-secure/plan.json" >"$tmp/quoted/tests/quote.json"
cat >"$tmp/quoted/tests/cases.yaml" <<'CASES'
policy: team-table-name
cases:
  - name: a quoted string with a quote
    plan: quote.json
    params: {table: "o'brien"}
    expect: {aws_dynamodb_table.good_example: pass}
  - name: a number stays a number
    plan: quote.json
    params: {table: 7}
    expect: {aws_dynamodb_table.good_example: fail}
CASES
"$plangate" policies test "$tmp/quoted" >"$tmp/out" 2>"$tmp/err"
expect "policies test: params keep their YAML types" 0 $? "$(grep -q 'policies: 2 passed, 0 failed' "$tmp/out"; echo $?)"

"$plangate" policies validate "$root/tests/cli/broken-policy" >"$tmp/out" 2>"$tmp/err"
expect "policies validate: a broken policy exits 2" 2 $? "$(grep -q "unknown operator 'equal'" "$tmp/err"; echo $?)"

# Independent mistakes are all reported: a count, then one per line in source order.
three="$root/tests/cli/broken-policy/three-mistakes.yaml"
"$plangate" policies validate "$three" >"$tmp/out" 2>"$tmp/err"
expect "policies validate: three mistakes, three errors, exit 2" 2 $? "$([[ ! -s "$tmp/out" ]] && diff - "$tmp/err" <<WANT >/dev/null; echo $?
plangate: error: 3 errors:
$three:10:17: unknown operator 'is_ture'; did you mean 'is_true'?
$three:12:17: operator 'equals' needs a 'value' (or a 'param'): any value
$three:15:14: operator 'is_true' takes no value; remove the 'value' key
WANT
)"
{
  printf 'id: many\ntitle: Many\nseverity: low\nresource_types: t\ncondition:\n  all:\n'
  for _ in $(seq 12); do printf '    - {attribute: x, operator: nope}\n'; done
} >"$tmp/many.yaml"
"$plangate" policies validate "$tmp/many.yaml" >"$tmp/out" 2>"$tmp/err"
expect "policies validate: at most 10 errors, then says there were too many" 2 $? \
  "$([[ $(head -1 "$tmp/err") == "plangate: error: too many errors; the first 10:" && $(grep -c "unknown operator 'nope'" "$tmp/err") -eq 10 && $(wc -l <"$tmp/err") -eq 11 ]]; echo $?)"

"$plangate" check --policy aws-dynamodb-recovery-window --param aws-dynamodb-recovery-window.min_days=7 \
  "$root/policies/tests/plans/recovery-window.json" >"$tmp/out" 2>"$tmp/err"
expect "check --policy --param selects a disabled policy and sets its parameter" 0 $? \
  "$(grep -q '0 failed, 1 unknown, 4 passed; gate open' "$tmp/out"; echo $?)"

"$plangate" check --policy aws-dynamodb-recovery-window "$root/policies/tests/plans/recovery-window.json" >"$tmp/out" 2>"$tmp/err"
expect "check --policy with the default parameter fails short windows" 1 $? \
  "$(grep -q 'aws_dynamodb_table.one_week  \[aws-dynamodb-recovery-window, low\] point_in_time_recovery\[0\].recovery_period_in_days is 7; expected a number of at least 35' "$tmp/out"; echo $?)"

"$plangate" check --policy no-such-policy "$root/fixtures/seed-secure/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "check --policy with an unknown id exits 2" 2 $? "$(grep -q "no policy has the id or alias 'no-such-policy'" "$tmp/err"; echo $?)"

summary binary
