#!/usr/bin/env bash
# What was not judged, through the real process: the summary line and the JSON
# report say how many resources the inputs hold, how many are of a type a policy
# reads, and which policies matched nothing; a policy type a small edit away from
# one the inputs hold gets a warning.
# Usage: judged_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
insecure="$root/fixtures/seed-insecure/plan.json"
last_line_is() { [[ $(tail -1 "$tmp/out") == "$1" ]]; echo $?; }
json_is() {  # json_is PYTHON-EXPRESSION: true of the JSON report on stdout (as d)
  /usr/bin/python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); sys.exit(not eval("(" + sys.argv[2] + ")"))' \
    "$tmp/out" "$1" 2>/dev/null
  echo $?
}

# A plan of 55 buckets: nothing a policy reads. "0 resources" must not read as clean.
/usr/bin/python3 - "$tmp/buckets.json" <<'PLAN'
import json, sys
changes = [{"address": "aws_s3_bucket.b%d" % i, "mode": "managed", "type": "aws_s3_bucket", "name": "b%d" % i,
            "change": {"actions": ["create"], "before": None, "after": {}, "after_unknown": {}}} for i in range(55)]
changes.append({"address": "data.aws_dynamodb_table.d", "mode": "data", "type": "aws_dynamodb_table", "name": "d",
                "change": {"actions": ["read"], "before": None, "after": {}, "after_unknown": {}}})
json.dump({"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": changes}, open(sys.argv[1], "w"))
PLAN
"$plangate" check "$tmp/buckets.json" >"$tmp/out" 2>"$tmp/err"
expect "55 resources of no type a policy reads: the summary says so" 0 $? "$(last_line_is \
  "plangate: 55 resources in 1 input, 0 of a type any policy reads: 0 failed, 0 unknown, 0 passed; 7 of 7 policies \
matched no resource; gate open")"
"$plangate" check "$tmp/buckets.json" --format json >"$tmp/out" 2>"$tmp/err"
expect "55 resources of no type a policy reads: the JSON report says so" 0 $? "$(json_is '
d["inputs"][0]["resources_in_input"] == 55 and d["inputs"][0]["resources_of_policy_types"] == 0
and d["inputs"][0]["resources"] == 0 and d["summary"]["policies"] == 7 and d["summary"]["policies_excluded_by_where"] == []
and d["summary"]["policies_unmatched"] == ["aws-dynamodb-backup-coverage", "aws-dynamodb-deletion-protection", "aws-dynamodb-enable-recovery",
  "aws-dynamodb-recovery-disabled", "aws-dynamodb-replica-enable-recovery", "aws-dynamodb-table-customer-key",
  "aws-dynamodb-table-destroy"]')"

# Resources of a type policies read that none judges: judged is said apart.
"$plangate" check "$root/fixtures/actions/plan.json" --only-changes >"$tmp/out" 2>"$tmp/err"
expect "--only-changes: resources of a type a policy reads that none judges" 1 $? "$(last_line_is \
  "plangate: 11 resources in 1 input, 10 of a type any policy reads, 8 judged: 25 failed (18 advisory), 0 unknown, \
5 passed; 1 of 7 policies matched only resources its where excludes; gate closed")"

# A policy whose `where` excludes every resource, one that matches none, one that judges.
mkdir "$tmp/team"
cat >"$tmp/team/where.yaml" <<'POLICY'
- id: team-prod-tables
  title: Production tables have PITR
  severity: low
  resource_types: [aws_dynamodb_table]
  where: {attribute: name, operator: equals, value: prod}
  condition: {attribute: "point_in_time_recovery[0].enabled", operator: is_true}
- id: team-queues
  title: Queues are encrypted
  severity: low
  resource_types: [aws_sqs_queue]
  condition: {attribute: sqs_managed_sse_enabled, operator: is_true}
- id: team-table-names
  title: Table names are set
  severity: low
  resource_types: [aws_dynamodb_table]
  condition: {attribute: name, operator: exists}
POLICY
"$plangate" check --policies "$tmp/team" --no-builtin-policies "$insecure" "$tmp/buckets.json" >"$tmp/out" 2>"$tmp/err"
expect "a policy whose where excludes every resource, and one that matches none, are said" 0 $? "$(last_line_is \
  "plangate: 56 resources in 2 inputs, 1 of a type any policy reads: 0 failed, 0 unknown, 1 passed; 1 of 3 policies \
matched no resource, 1 only resources its where excludes; gate open")"
"$plangate" check --policies "$tmp/team" --no-builtin-policies "$insecure" --format json >"$tmp/out" 2>"$tmp/err"
expect "... and listed in the JSON report" 0 $? "$(json_is '
d["summary"]["policies_unmatched"] == ["team-queues"] and d["summary"]["policies_excluded_by_where"] == ["team-prod-tables"]
and d["summary"]["policies"] == 3')"

# A type a small edit away from one the inputs hold: a warning, the verdict unchanged.
mkdir "$tmp/typo"
cat >"$tmp/typo/names.yaml" <<'POLICY'
id: team-table-name
title: Table names are the one agreed
severity: low
resource_types: [aws_dynamodb_tabel, aws_s3_bucket_acl, aws_lb]
condition: {attribute: name, operator: equals, value: agreed}
POLICY
"$plangate" check --policies "$tmp/typo" "$insecure" >"$tmp/out" 2>"$tmp/err"
code=$?
"$plangate" check "$insecure" >"$tmp/without" 2>/dev/null
expect "a misspelt resource type: did you mean, on stderr; the verdict is unchanged" 1 $code "$([[ $(cat "$tmp/err") == \
"plangate: warning: $tmp/typo/names.yaml:1:1: policy 'team-table-name' reads resource type 'aws_dynamodb_tabel', \
which no input holds; did you mean 'aws_dynamodb_table' (1 in the inputs)?" ]] && \
  diff <(grep -v '^plangate: ' "$tmp/out") <(grep -v '^plangate: ' "$tmp/without") >/dev/null; echo $?)"
"$plangate" check --policies "$tmp/typo" "$tmp/buckets.json" >"$tmp/out" 2>"$tmp/err"
expect "a type only distantly like those the inputs hold gets no warning" 0 $? "$([[ ! -s $tmp/err ]]; echo $?)"

summary judged
