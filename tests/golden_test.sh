#!/usr/bin/env bash
# Golden reports: every format over every fixture in one run, with the waivers in
# fixtures/golden/waivers.yaml, compared byte for byte with fixtures/golden/report.*.
# Usage: golden_test.sh PLANGATE SOURCE_DIR [--update]. Prints 'N passed, N failed'.
# The verdicts are asserted by each fixture's hand-written expected.txt; the goldens
# pin the formats. After --update, review the diff before committing it.
set -u
plangate=$(realpath "$1")
cd "$2" || exit 2
update=${3:-}
inputs=$(ls fixtures/*/plan.json | LC_ALL=C sort)
out=$(mktemp -d)  # not beside the goldens: two runs at once (two build folders) would clash
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
for format in text json sarif junit markdown atlantis github html; do
  ext=$format
  [[ $format == markdown ]] && ext=md
  [[ $format == junit ]] && ext=xml
  [[ $format == text || $format == atlantis || $format == github ]] && ext=$format.txt
  golden=fixtures/golden/report.$ext
  # shellcheck disable=SC2086
  "$plangate" check --format "$format" --color never --waivers fixtures/golden/waivers.yaml $inputs \
    >"$out/report.$ext" 2>/dev/null
  code=$?
  want=1
  [[ $format == atlantis ]] && want=0
  if [[ $update == --update ]]; then
    mv "$out/report.$ext" "$golden"
    echo "updated $golden"
    continue
  fi
  if [[ $code -eq $want ]] && cmp -s "$out/report.$ext" "$golden"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $format (exit $code, want $want)"
    diff -u "$golden" "$out/report.$ext" | head -40
  fi
done
echo "golden: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
