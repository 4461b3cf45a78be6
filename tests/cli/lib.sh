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
  # A condition given but empty (a check that printed nothing, e.g. `[[ ]] && f`
  # short-circuited) is a failure, never a pass.
  local name=$1 want=$2 got=$3 ok=${4-0}
  [[ -z $ok ]] && ok=1
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

on_tty() {  # on_tty CMD...: runs CMD with standard output on a terminal (a pty), into $tmp/out; stderr into $tmp/err
  /usr/bin/python3 -c '
import os, subprocess, sys
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
master, slave = os.openpty()
with open(err, "wb") as e:
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=e)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: every writer closed the terminal
        break
    if not chunk:
        break
    data += chunk
with open(out, "wb") as o:
    o.write(data)
sys.exit(p.wait())' "$tmp/out" "$tmp/err" "$@"
}
