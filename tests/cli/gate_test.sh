#!/usr/bin/env bash
# Gate controls through the real process: --min-severity and --fail-severity, with
# enforcement levels, --fail-on-unknown and waivers.
# Usage: gate_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
insecure="$root/fixtures/seed-insecure/plan.json"
unknown="$root/fixtures/pitr-unknown-from-resource/plan.json"

# One line per result of the JSON report on stdout: policy severity status blocking.
results() {
  /usr/bin/python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["policy"], r["severity"], r["status"], "blocking" if r["blocking"] else "not-blocking")' "$tmp/out" 2>/dev/null
}
summary_has() {  # summary_has KEY=VALUE...: the JSON summary holds each
  /usr/bin/python3 -c 'import json,sys
s = json.load(open(sys.argv[1]))["summary"]
sys.exit(any(str(s[k]).lower() != v for k, v in (a.split("=", 1) for a in sys.argv[2:])))' "$tmp/out" "$@" 2>/dev/null
  echo $?
}
last_line_is() { [[ $(tail -1 "$tmp/out") == "$1" ]]; echo $?; }

# --min-severity: below it, not reported and never blocking.
"$plangate" check "$insecure" --min-severity medium --format json >"$tmp/out" 2>"$tmp/err"
expect "--min-severity medium leaves the low result out" 1 $? "$([[ $(results) == "\
aws-dynamodb-backup-coverage medium fail not-blocking
aws-dynamodb-deletion-protection medium fail not-blocking
aws-dynamodb-enable-recovery medium fail blocking" ]] && summary_has min_severity=medium below_min_severity=1)"

"$plangate" check "$insecure" --min-severity high >"$tmp/out" 2>"$tmp/err"
expect "--min-severity high: the medium failure is left out and does not block" 0 $? "$(last_line_is \
  "plangate: 1 resource in 1 input, 1 of a type any policy reads, 0 judged: 0 failed, 0 unknown, 0 passed, \
4 results below --min-severity high left out; 1 of 2 policies matched no resource, 1 only resources its where \
excludes; gate open")"

# --fail-severity: below it, a failure is reported as advisory and does not block.
"$plangate" check "$insecure" --fail-severity high --format json >"$tmp/out" 2>"$tmp/err"
expect "--fail-severity high: the medium failure is reported, not blocking" 0 $? "$([[ $(results) == "\
aws-dynamodb-backup-coverage medium fail not-blocking
aws-dynamodb-deletion-protection medium fail not-blocking
aws-dynamodb-enable-recovery medium fail not-blocking
aws-dynamodb-table-customer-key low fail not-blocking" ]] && summary_has fail_severity=high below_fail_severity=1 \
  advisory=4 blocking=false)"

"$plangate" check "$insecure" --fail-severity high >"$tmp/out" 2>"$tmp/err"
expect "--fail-severity high: the text report marks it advisory and says why the gate is open" 0 $? "$(
  grep -q '^ADVISORY aws_dynamodb_table.bad_example  \[aws-dynamodb-enable-recovery, medium\]' "$tmp/out" && last_line_is \
  "plangate: 1 resource in 1 input, 1 of a type any policy reads: 4 failed (4 advisory), 0 unknown, 0 passed; \
1 of 7 policies matched no resource, 2 only resources their where excludes; gate open (1 result below \
--fail-severity high does not block)")"

"$plangate" check "$insecure" --fail-severity medium >"$tmp/out" 2>"$tmp/err"
expect "--fail-severity at the failure's severity: it blocks" 1 $?

"$plangate" check "$unknown" --fail-on-unknown --fail-severity high >"$tmp/out" 2>"$tmp/err"
expect "--fail-on-unknown with --fail-severity high: a medium unknown does not block" 0 $? \
  "$(grep -q '^UNKNOWN  aws_dynamodb_table.orders  \[aws-dynamodb-enable-recovery, medium\]' "$tmp/out"; echo $?)"
"$plangate" check "$unknown" --fail-on-unknown --fail-severity medium >"$tmp/out" 2>"$tmp/err"
expect "--fail-on-unknown with --fail-severity medium: the medium unknown blocks" 1 $?

# A hard-mandatory policy: no waiver overrides it, --fail-severity does (the gate's own rule).
mkdir "$tmp/hard"
cat >"$tmp/hard/hard.yaml" <<'POLICY'
id: team-table-name
title: Table names are the one agreed
severity: low
enforcement: hard-mandatory
resource_types: [aws_dynamodb_table]
condition: {attribute: name, operator: equals, value: agreed}
POLICY
cat >"$tmp/waivers.yaml" <<'WAIVERS'
waivers:
  - policy: team-table-name
    address: "*"
    reason: Named before the rule
    owner: data-platform@example.com
    expires: 2999-12-31
  - policy: aws-dynamodb-table-customer-key
    address: "*"
    reason: Keys come with the migration
    owner: data-platform@example.com
    expires: 2999-12-31
WAIVERS
head -6 "$tmp/waivers.yaml" >"$tmp/hard-waiver.yaml"
"$plangate" check --policies "$tmp/hard" --no-builtin-policies --waivers "$tmp/hard-waiver.yaml" "$insecure" \
  --format json >"$tmp/out" 2>"$tmp/err"
expect "a hard-mandatory failure blocks, waived or not" 1 $? "$([[ $(results) == "team-table-name low fail blocking" ]]; echo $?)"
"$plangate" check --policies "$tmp/hard" --no-builtin-policies "$insecure" --fail-severity medium \
  --format json >"$tmp/out" 2>"$tmp/err"
expect "--fail-severity above a hard-mandatory policy's severity: it does not block" 0 $? \
  "$([[ $(results) == "team-table-name low fail not-blocking" ]]; echo $?)"

# Waivers are matched before --min-severity leaves results out: a waiver of a result
# that is left out is in use, not reported unused.
"$plangate" check "$insecure" --waivers "$tmp/waivers.yaml" --policies "$tmp/hard" --skip-policy team-table-name \
  --min-severity medium --format json >"$tmp/out" 2>"$tmp/err"
expect "a waiver of a result below --min-severity is active" 1 $? "$(/usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
states = {w["policy"]: w["state"] for w in d["waivers"]}
sys.exit(states != {"team-table-name": "unused", "aws-dynamodb-table-customer-key": "active"}
         or any(r["policy"] == "aws-dynamodb-table-customer-key" for r in d["results"]))' "$tmp/out"; echo $?)"

# --quiet: the text report keeps only what blocks (with its fix) and the summary line.
all=$(ls "$root"/fixtures/*/plan.json)
# shellcheck disable=SC2086
"$plangate" check --waivers "$root/fixtures/golden/waivers.yaml" $all --format json >"$tmp/out" 2>"$tmp/err"
blocking=$(/usr/bin/python3 -c 'import json,sys; print(sum(r["blocking"] for r in json.load(open(sys.argv[1]))["results"]))' "$tmp/out" 2>/dev/null)
# shellcheck disable=SC2086
"$plangate" check --waivers "$root/fixtures/golden/waivers.yaml" $all >"$tmp/full" 2>"$tmp/err"
# shellcheck disable=SC2086
"$plangate" check --quiet --waivers "$root/fixtures/golden/waivers.yaml" $all --report text="$tmp/file" >"$tmp/out" 2>"$tmp/err"
expect "--quiet: blocking results, their fixes and the summary line, nothing else" 1 $? "$(
  [[ $(grep -c '^FAIL ' "$tmp/out") -eq $blocking && $blocking -gt 0 && \
     $(grep -vc -e '^FAIL ' -e '^         fix: ' "$tmp/out") -eq 1 && \
     $(tail -1 "$tmp/out") == "$(tail -1 "$tmp/full")" && \
     $(grep -c '^\(ADVISORY\|UNKNOWN\|WAIVED\|WARN\) ' "$tmp/full") -gt 0 ]] && cmp -s "$tmp/out" "$tmp/file"; echo $?)"
"$plangate" check -q "$root/fixtures/seed-secure/plan.json" >"$tmp/out" 2>"$tmp/err"
expect "-q with nothing blocking: the summary line alone" 0 $? "$([[ $(wc -l <"$tmp/out") -eq 1 ]]; echo $?)"
"$plangate" check --quiet "$insecure" --format json >"$tmp/out" 2>"$tmp/err"
"$plangate" check "$insecure" --format json >"$tmp/full" 2>"$tmp/err"
expect "--quiet leaves the other formats whole" 1 $? "$(cmp -s "$tmp/out" "$tmp/full"; echo $?)"

# A level that is not one: a usage error naming the levels.
"$plangate" check "$insecure" --min-severity urgent >"$tmp/out" 2>"$tmp/err"
expect "--min-severity urgent is a usage error with the levels" 2 $? "$([[ $(cat "$tmp/err") == "plangate: error: \
--min-severity: 'urgent' is not a severity; expected one of low, medium, high, critical; 'plangate check --help' \
lists the options" ]]; echo $?)"
"$plangate" check "$insecure" --fail-severity HIGH >"$tmp/out" 2>"$tmp/err"
expect "--fail-severity HIGH is a usage error that names high" 2 $? "$([[ $(cat "$tmp/err") == "plangate: error: \
--fail-severity: 'HIGH' is not a severity; did you mean 'high'? expected one of low, medium, high, critical; \
'plangate check --help' lists the options" ]]; echo $?)"

summary gate
