#!/usr/bin/env bash
# Binary-level checks that in-process tests cannot make: standard input, stdout
# and stderr separation, NO_COLOR, exit codes of the real process.
# Usage: binary_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
plangate=$1
root=$2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() {  # expect NAME WANT_CODE GOT_CODE [CONDITION_OK]
  local name=$1 want=$2 got=$3 ok=${4:-0}
  if [[ $got -eq $want && $ok -eq 0 ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name (exit $got, want $want; stderr: $(head -c 300 "$tmp/err"))"
  fi
}

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

"$plangate" check --format json "$root/fixtures/seed-secure/plan.json" "$root/fixtures/state/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "several inputs, one JSON document" 1 $? \
  "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(len(d["inputs"]) != 2)' "$tmp/out"; echo $?)"

"$plangate" >"$tmp/out" 2>"$tmp/err"
expect "no subcommand is a usage error" 2 $?

echo "binary: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
