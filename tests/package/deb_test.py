#!/usr/bin/env python3
"""The Debian package, built by CPack from this build and read back with dpkg-deb:
- it is plangate_VERSION_ARCH.deb: VERSION the project's (CMakeLists.txt), ARCH
  `dpkg --print-architecture`'s, and its control fields say the same;
- Depends names the package of every shared library the binary links (readelf's
  NEEDED entries, each found with dpkg -S, or a name that package provides), most
  with a minimum version: libsimdjson, libyaml-cpp, libre2, libfmt, libc6,
  libstdc++6 among them;
- it holds /usr/bin/plangate (stripped, mode 0755), the man page
  /usr/share/man/man1/plangate.1.gz (scripts/plangate.1, gzip -n),
  /usr/share/doc/plangate/copyright (LICENSE) and changelog.gz (one entry, this
  version: lintian wants it), all root's, and nothing else;
- the binary it holds runs: its --version is the build's.
The clean-chroot install (apt-get install ./plangate_*.deb pulling those packages
from Debian's archive) needs root: scripts/test-package.
Usage: deb_test.py CPACK BUILD_DIR SOURCE_DIR. Prints 'package: N passed, N failed'."""
import gzip
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from pgcheck import check, finish  # noqa: E402

cpack, build, root = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
binary = os.path.join(build, "plangate")


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, **kw)


def text(*args):
    result = run(*args, text=True)
    check(result.returncode == 0, "%s exits 0 (got %d: %s)" % (" ".join(args), result.returncode, result.stderr[-500:]))
    return result.stdout


def packages_of(soname):
    """The Debian packages that hold the shared library SONAME (dpkg -S), and the
    names they provide (trixie's libre2-11 provides libre2-11-absl20240722, the name
    dpkg-shlibdeps writes)."""
    owners = set()
    for line in run("dpkg-query", "-S", "*/" + soname, text=True).stdout.splitlines():
        names, path = line.split(": ", 1)
        if os.path.basename(path) == soname:
            owners.update(n.strip().split(":")[0] for n in names.split(","))
    for owner in list(owners):
        provides = run("dpkg-query", "-W", "-f", "${Provides}", owner, text=True).stdout
        owners.update(re.sub(r"\(.*?\)", "", p).strip() for p in provides.split(",") if p.strip())
    return owners


with open(os.path.join(root, "CMakeLists.txt")) as f:
    version = re.search(r"project\(plangate VERSION ([0-9.]+)", f.read()).group(1)
arch = text("dpkg", "--print-architecture").strip()

with tempfile.TemporaryDirectory() as tmp:
    made = run(cpack, "-G", "DEB", "-B", tmp, cwd=build, text=True)
    check(made.returncode == 0, "cpack -G DEB exits 0 (got %d)\n%s%s" % (made.returncode, made.stdout[-2000:], made.stderr[-2000:]))
    check("dpkg-shlibdeps is not found" not in made.stdout,
          "CPack found dpkg-shlibdeps (Debian's dpkg-dev; scripts/install-deps --with-tests)")
    debs = sorted(f for f in os.listdir(tmp) if f.endswith(".deb"))
    name = "plangate_%s_%s.deb" % (version, arch)
    check(debs == [name], "CPack wrote %s alone (got %s)" % (name, debs))
    if debs != [name]:
        finish("package")
    deb = os.path.join(tmp, name)
    print("%s: %d bytes" % (name, os.path.getsize(deb)))

    # Control fields.
    info = text("dpkg-deb", "--info", deb)
    check(re.search(r"^ +\d+ bytes, +\d+ lines +md5sums", info, re.M) is not None, "the control archive has md5sums")
    fields = dict(re.findall(r"^ ([A-Z][A-Za-z-]+): (.*)$", info, re.M))
    for field, want in (("Package", "plangate"), ("Version", version), ("Architecture", arch)):
        check(fields.get(field) == want, "%s is %s (got %r)" % (field, want, fields.get(field)))
    for field in ("Maintainer", "Description", "Section", "Priority", "Installed-Size"):
        check(fields.get(field, "") != "", "%s is set" % field)
    check(re.fullmatch(r"[^<>]+ <[^<>@ ]+@[^<>@ ]+>", fields.get("Maintainer", "")) is not None,
          "Maintainer is NAME <EMAIL> (got %r)" % fields.get("Maintainer"))
    print("Depends:", fields.get("Depends", ""))
    depends = {}
    for item in filter(None, (d.strip() for d in fields.get("Depends", "").split(","))):
        m = re.fullmatch(r"([a-z0-9][a-z0-9.+-]+)(?: \(>= ([^)]+)\))?", item)
        check(m is not None, "Depends entry %r is PACKAGE [(>= VERSION)]" % item)
        if m:
            depends[m.group(1)] = m.group(2)
    for prefix in ("libsimdjson", "libyaml-cpp", "libre2-", "libfmt", "libc6", "libstdc++"):
        check(any(d.startswith(prefix) for d in depends), "Depends names a %s package: %s" % (prefix, sorted(depends)))
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", text("readelf", "-d", binary))
    check(len(needed) >= 5, "the binary links shared libraries (%s)" % needed)
    for soname in needed:
        owners = packages_of(soname)
        check(owners and owners & set(depends),
              "Depends names the package of %s (%s): %s" % (soname, sorted(owners), sorted(depends)))

    # Contents: the three files and their folders, root's, with Debian's modes.
    entries = {}
    for line in text("dpkg-deb", "--contents", deb).splitlines():
        mode, owner, _size, _date, _time, path = line.split(None, 5)
        entries[path] = (mode, owner)
    files = {p: m for p, m in entries.items() if not p.endswith("/")}
    want = {"./usr/bin/plangate": "-rwxr-xr-x", "./usr/share/man/man1/plangate.1.gz": "-rw-r--r--",
            "./usr/share/doc/plangate/copyright": "-rw-r--r--",
            "./usr/share/doc/plangate/changelog.gz": "-rw-r--r--"}
    check(sorted(files) == sorted(want), "the package holds %s and nothing else (got %s)" % (sorted(want), sorted(files)))
    for path, mode in want.items():
        check(files.get(path, ("",))[0] == mode, "%s has mode %s (got %s)" % (path, mode, files.get(path)))
    for path, (mode, owner) in entries.items():
        check(owner == "root/root", "%s is root's (got %s)" % (path, owner))
        check(not path.endswith("/") or mode == "drwxr-xr-x", "folder %s has mode 0755 (got %s)" % (path, mode))

    # What the files hold.
    unpacked = os.path.join(tmp, "unpacked")
    text("dpkg-deb", "-x", deb, unpacked)
    with open(os.path.join(unpacked, "usr/share/man/man1/plangate.1.gz"), "rb") as f:
        page = f.read()
    with open(os.path.join(root, "scripts/plangate.1"), "rb") as f:
        check(gzip.decompress(page) == f.read(), "the man page is scripts/plangate.1")
    check(page[4:8] == b"\0\0\0\0" and page[3] & 0x08 == 0, "the man page is gzip -n: no time stamp, no name")
    with open(os.path.join(unpacked, "usr/share/doc/plangate/changelog.gz"), "rb") as f:
        changelog = f.read()
    entry = gzip.decompress(changelog).decode()
    check(changelog[4:8] == b"\0\0\0\0" and entry.startswith("plangate (%s) unstable; urgency=medium\n" % version)
          and re.search(r"^ -- %s  \w{3}, \d{1,2} \w{3} \d{4} [\d:]{8} [+-]\d{4}$"
                        % re.escape(fields.get("Maintainer", "")), entry, re.M),
          "changelog.gz is gzip -n, one Debian changelog entry for %s: %r" % (version, entry))
    with open(os.path.join(unpacked, "usr/share/doc/plangate/copyright"), "rb") as f, \
            open(os.path.join(root, "LICENSE"), "rb") as license_file:
        check(f.read() == license_file.read(), "copyright is LICENSE")
    packaged = os.path.join(unpacked, "usr/bin/plangate")
    check(".symtab" not in text("readelf", "-S", "-W", packaged), "the packaged binary is stripped")
    ours, theirs = run(binary, "--version", text=True), run(packaged, "--version", text=True)
    check(theirs.returncode == 0 and theirs.stdout.startswith("plangate %s " % version)
          and theirs.stdout == ours.stdout,
          "the packaged binary's --version is the build's: %r, %r" % (theirs.stdout, ours.stdout))
finish("package")
