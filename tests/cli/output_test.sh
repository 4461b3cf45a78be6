#!/usr/bin/env bash
# Where reports go, through the real process: a full standard output, an output
# that is an input, two reports to one file, a device, all-or-nothing writes.
# Usage: output_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
plan="$root/fixtures/seed-insecure/plan.json"
stderr_is() { grep -qxF "$1" "$tmp/err"; }

"$plangate" check "$plan" >/dev/full 2>"$tmp/err"
expect "a report lost on a full standard output fails the run" 2 $? \
  "$(stderr_is "plangate: error: standard output: cannot write the report (disk full, or the reader closed it?); nothing was gated, so this run fails"; echo $?)"

"$plangate" check --format json --output /dev/stdout "$plan" >"$tmp/out" 2>"$tmp/err"
expect "--output /dev/stdout writes to standard output" 1 $? \
  "$(python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"; echo $?)"

cp "$plan" "$tmp/plan.json"
"$plangate" check --output "$tmp/plan.json" "$tmp/plan.json" >/dev/null 2>"$tmp/err"
expect "an output that is an input is refused" 2 $? \
  "$(stderr_is "plangate: error: $tmp/plan.json: is also an input of this run; writing it would replace what was read; write the report to another file" && cmp -s "$plan" "$tmp/plan.json"; echo $?)"

"$plangate" check --report json="$tmp/r" --report sarif="$tmp/r" "$plan" >/dev/null 2>"$tmp/err"
expect "two reports to one file are refused" 2 $? \
  "$(stderr_is "plangate: error: $tmp/r: two reports would be written to one file (also as $tmp/r); give each report its own file" && [[ ! -e $tmp/r ]]; echo $?)"

mkdir "$tmp/all"
"$plangate" check --output "$tmp/all/out.txt" --report json="$tmp/all/r.json" --report sarif=/dev/full "$plan" \
  >/dev/null 2>"$tmp/err"
expect "one report that cannot be written leaves none of the others" 2 $? \
  "$(stderr_is "plangate: error: /dev/full: cannot write: No space left on device; check the folder exists and is writable" && [[ -z $(ls -A "$tmp/all") ]]; echo $?)"

"$plangate" check --output "$tmp/all/out.txt" --report json="$tmp/all/r.json" "$plan" >/dev/null 2>"$tmp/err"
expect "every report is written when all can be" 1 $? \
  "$([[ $(ls -A "$tmp/all" | tr '\n' ' ') == "out.txt r.json " ]]; echo $?)"

"$plangate" check --output "$tmp/no/such/folder/out.txt" "$root/fixtures/bad" >/dev/null 2>"$tmp/err"
expect "a missing folder is refused before the inputs are read" 2 $? \
  "$(stderr_is "plangate: error: $tmp/no/such/folder/out.txt: cannot write: No such file or directory; check the folder exists and is writable"; echo $?)"

summary outputs
