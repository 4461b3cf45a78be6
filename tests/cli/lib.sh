# Shared by the binary-level test scripts: sourced after `set -u`, with the
# script's arguments PLANGATE SOURCE_DIR. Sets plangate, root, tmp (removed at
# exit), the pass and fail counts, and expect; `summary NAME` ends the script.
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

summary() {  # summary NAME: the closing line, and the exit status
  echo "$1: $pass passed, $fail failed"
  [[ $fail -eq 0 ]]
}
