#!/usr/bin/env bash
# The gate step of the plangate action (action.yml): runs `plangate check` with the
# action's inputs, which arrive in the environment (INPUT_PLANS, ...) and are only ever
# expanded as quoted words, so that no input runs as code. Then writes the outputs
# exit-code, gate (open, closed, error) and sarif to $GITHUB_OUTPUT, appends the Markdown
# report to $GITHUB_STEP_SUMMARY, and exits with plangate's code: 1 closes the gate,
# 2 is an error.
set -uo pipefail  # not -e: plangate's exit code is decided on below, after the outputs

output() {  # output NAME VALUE: GitHub's NAME<<DELIMITER form, safe whatever VALUE holds
  local delimiter
  delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
}
finish() {  # finish CODE: the outputs, then exit CODE
  local gate=error
  case $1 in 0) gate=open ;; 1) gate=closed ;; esac
  output exit-code "$1"
  output gate "$gate"
  output sarif "$sarif_written"
  exit "$1"
}
refuse() {  # refuse MESSAGE: an input plangate is never run with; exit 2
  echo "::error title=plangate::$1"
  if [[ $summary == true ]]; then
    printf '**plangate**: not run: %s\n' "$1" >>"$GITHUB_STEP_SUMMARY"
  fi
  finish 2
}
words() {  # words NAME TEXT: the array NAME holds TEXT split at spaces, tabs and newlines, no globbing
  read -r -d '' -a "$1" <<<"$2" || true
}

sarif_written=""
plans=() policies=() extra=()
summary=${INPUT_SUMMARY:-true}
case $summary in true | false) ;; *) summary=false; refuse "input summary must be true or false" ;; esac
case ${INPUT_FAIL_ON_UNKNOWN:-false} in
  true | false) ;;
  *) refuse "input fail-on-unknown must be true or false" ;;
esac
words plans "${INPUT_PLANS:-}"
words policies "${INPUT_POLICIES:-}"
words extra "${INPUT_ARGS:-}"
if (( ${#plans[@]} == 0 )); then refuse "input plans is empty: name the plan JSON files"; fi

args=(check)
if [[ -n ${INPUT_FORMAT:-} ]]; then args+=(--format "$INPUT_FORMAT"); fi
if [[ -n ${INPUT_SOURCE_DIR:-} ]]; then args+=(--source-dir "$INPUT_SOURCE_DIR"); fi
for policy in "${policies[@]}"; do args+=(--policies "$policy"); done
if [[ -n ${INPUT_WAIVERS:-} ]]; then args+=(--waivers "$INPUT_WAIVERS"); fi
if [[ ${INPUT_FAIL_ON_UNKNOWN:-false} == true ]]; then args+=(--fail-on-unknown); fi
if [[ -n ${INPUT_SARIF:-} ]]; then args+=(--report "sarif=$INPUT_SARIF"); fi
markdown=""
if [[ $summary == true ]]; then
  markdown=$(mktemp "${RUNNER_TEMP:-/tmp}/plangate-summary.XXXXXX")
  args+=(--report "markdown=$markdown")
fi
args+=("${extra[@]}" -- "${plans[@]}")

echo "plangate$(printf ' %q' "${args[@]}")"
code=0
plangate "${args[@]}" || code=$?

# plangate writes every report, or none when it exits 2.
if (( code == 0 || code == 1 )); then
  sarif_written=${INPUT_SARIF:-}
fi
if [[ $summary == true ]]; then
  if (( code == 0 || code == 1 )); then
    cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
  else
    printf '**plangate**: exit %d, no report: the error is in the log of the step.\n' "$code" >>"$GITHUB_STEP_SUMMARY"
  fi
  rm -f "$markdown"
fi
finish "$code"
