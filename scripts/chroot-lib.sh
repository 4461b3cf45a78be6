# shellcheck shell=bash
# A throwaway copy of a clean Debian chroot, shared by scripts/chroot-test and
# scripts/test-package. Sourced by a script running as root, after `set -euo pipefail`.
#   chroot_init DIST NAME   takes NAME's lock; makes DIST's base once, then a fresh copy
#                           of it for this run, with /proc and terminals of its own
#   inside COMMAND          runs COMMAND in the copy with a bare environment
#   chroot_keep_debs        hands the packages apt downloaded to the next run
# Under $PLANGATE_CHROOTS (default /var/tmp/plangate-chroots), never inside the repository:
#   DIST-base/  made once by debootstrap --variant=minbase, then never changed;
#   NAME/       copied afresh from DIST-base for each run, kept afterwards for a look;
#   DIST-debs/  the packages downloaded so far, handed to the next run's apt.
# The mirror is the Debian one this machine's apt uses, or $PLANGATE_MIRROR.

chroot_mounts_under() {  # the mount points at or below $1, deepest first
  awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}
chroot_unmount_under() {
  local m
  for m in $(chroot_mounts_under "$1"); do umount "$m" || umount -l "$m"; done
}
chroot_stop_inside() {  # kill what still runs with $1 as its root (a browser or its
  # driver left by a failed test would hold the lock and the mounts)
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$1" ]] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  return 0
}
chroot_remove_tree() {  # only once nothing is mounted in it (a bound /dev, a /proc)
  chroot_stop_inside "$1"
  chroot_unmount_under "$1"
  if [[ -n $(chroot_mounts_under "$1") ]]; then
    echo "chroot: cannot unmount $(chroot_mounts_under "$1" | tr '\n' ' '); not removing $1" >&2
    exit 2
  fi
  rm -rf --one-file-system "$1"
}

# chroot_init DIST NAME: sets chroot_root, base, work, debs.
chroot_init() {
  local dist=$1 name=$2 repo mirror
  if [[ $(id -u) -ne 0 ]]; then
    echo "chroot: needs root (debootstrap, chroot, mount)" >&2
    exit 2
  fi
  repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")/.." rev-parse --show-toplevel)
  chroot_root=${PLANGATE_CHROOTS:-/var/tmp/plangate-chroots}
  case $(realpath -m "$chroot_root")/ in
    "$repo"/*) echo "chroot: $chroot_root is inside the repository; set PLANGATE_CHROOTS" >&2; exit 2 ;;
  esac
  base=$chroot_root/$dist-base
  work=$chroot_root/$name
  debs=$chroot_root/$dist-debs
  mkdir -p "$chroot_root" "$debs"
  exec 9>"$chroot_root/$name.lock"
  if ! flock -n 9; then
    echo "chroot: another run holds $chroot_root/$name.lock" >&2
    exit 2
  fi
  trap 'chroot_stop_inside "$work"; chroot_unmount_under "$work"' EXIT

  # The base is made once, by whichever run needs it first; the others wait.
  exec 8>"$chroot_root/$dist-base.lock"
  flock 8
  if [[ ! -f $base/.complete ]]; then
    if ! command -v debootstrap >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    # The first Debian archive (not -security) this machine's apt sources name.
    mirror=${PLANGATE_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
      /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v '^[[:space:]]*#' |
      grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)}
    mirror=${mirror:-http://deb.debian.org/debian}
    echo "chroot: debootstrap $dist from $mirror into $base"
    chroot_remove_tree "$base"
    debootstrap --variant=minbase "$dist" "$base" "$mirror" >"$chroot_root/$dist-debootstrap.log" 2>&1 || {
      tail -20 "$chroot_root/$dist-debootstrap.log" >&2
      exit 2
    }
    touch "$base/.complete"
  fi

  # A fresh copy of the base for each run.
  chroot_remove_tree "$work"
  cp -a "$base" "$work"
  flock -u 8
  cp -L /etc/resolv.conf "$work/etc/resolv.conf"
  # What an installed Debian has and debootstrap's minbase leaves out: localhost
  # resolves (the browser tests reach chromedriver there).
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$work/etc/hosts"
  cp -l "$debs"/*.deb "$work/var/cache/apt/archives/" 2>/dev/null || true
  mount -t proc proc "$work/proc"
  # Terminals of its own: the colour tests run plangate on a pty, as a CI runner's shell has.
  mkdir -p "$work/dev/pts"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$work/dev/pts"
  rm -f "$work/dev/ptmx"
  ln -s pts/ptmx "$work/dev/ptmx"
}

inside() {  # inside COMMAND: run it in the copy with a bare environment, as a new shell would
  chroot "$work" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root /bin/bash -c "$1"
}

chroot_keep_debs() {
  cp -ln "$work"/var/cache/apt/archives/*.deb "$debs/" 2>/dev/null || true
}
