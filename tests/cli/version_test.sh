#!/usr/bin/env bash
# plangate --version through the real process: the version, the commit it was built
# from, and the splitter kernel in use with those this CPU runs (src/cli/cli.cc).
# Usage: version_test.sh PLANGATE SOURCE_DIR. Prints 'N passed, N failed'.
set -u
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

"$plangate" --version >"$tmp/out" 2>"$tmp/err"
code=$?
line=$(cat "$tmp/out")
pattern='^plangate ([0-9]+\.[0-9]+\.[0-9]+) \(commit ([^ ]+)\) splitter: ([a-z0-9]+) \(runtime: ([a-z0-9 ]+) available\)$'
[[ $line =~ $pattern ]]
expect "--version prints one line: version, commit, splitter, the kernels this CPU runs" 0 $code "$?"
version=${BASH_REMATCH[1]:-} commit=${BASH_REMATCH[2]:-} splitter=${BASH_REMATCH[3]:-}
read -r -a runs <<<"${BASH_REMATCH[4]:-}"
[[ -s $tmp/err ]]; expect "--version writes nothing to stderr" 0 0 "$((1 - $?))"

project_version=$(sed -n 's/^project(plangate VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ -n $version && $version == "$project_version" ]]
expect "the version is the project's ($project_version; got '$version')" 0 0 $?

# The commit: one of this checkout's (git describe: a hash, or TAG-N-gHASH; -dirty
# when the tree had changes), or "unknown" outside a checkout. It is taken when the
# build is configured, so a later commit does not fail this.
if [[ -e $root/.git ]] && command -v git >/dev/null; then
  hash=${commit%-dirty}
  hash=${hash##*-g}
  git -C "$root" cat-file -e "$hash^{commit}" 2>/dev/null
  expect "the commit is one of this checkout's (got '$commit')" 0 0 $?
else
  [[ $commit == unknown ]]
  expect "outside a git checkout the commit is unknown (got '$commit')" 0 0 $?
fi

# The splitter is the first kernel listed; the list ends at the architecture's
# baseline; the CPU has every feature of each kernel listed (a qemu CPU may have
# fewer than the host's /proc/cpuinfo says, never more).
[[ ${#runs[@]} -gt 0 && $splitter == "${runs[0]}" ]]
expect "the splitter in use is the first the CPU runs (got '$splitter', runs '${runs[*]}')" 0 0 $?
if [[ $(uname -m) == x86_64 ]]; then
  [[ ${runs[-1]:-} == sse2 ]]
  expect "on x86-64 the list ends at SSE2, which every x86-64 runs (got '${runs[*]}')" 0 0 $?
  flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  declare -A needs=([avx512]="avx512f avx512bw avx2 bmi1 bmi2 popcnt pclmulqdq"
                    [avx2]="avx2 bmi1 bmi2 popcnt pclmulqdq" [sse2]="sse2")
  missing=""
  for kernel in "${runs[@]}"; do
    for flag in ${needs[$kernel]:-unknown-kernel-$kernel}; do
      [[ $flags == *" $flag "* ]] || missing+=" $kernel:$flag"
    done
  done
  [[ -z $missing ]]
  expect "every kernel listed runs on this CPU (/proc/cpuinfo lacks:$missing)" 0 0 $?
else
  [[ ${runs[*]} == scalar ]]
  expect "elsewhere the splitter goes a byte at a time (got '${runs[*]}')" 0 0 $?
fi

summary version
