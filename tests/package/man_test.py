#!/usr/bin/env python3
"""The man page (scripts/plangate.1) against the binary it documents, so the two never
drift apart:
- every option `plangate check --help` lists has its entry (a .TP tag) under OPTIONS,
  with the same value name (`--policies PATH`), and OPTIONS has no entry the binary
  lacks;
- every subcommand `plangate --help` and `plangate policies --help` list has its entry
  under COMMANDS, where
  the options of `plangate policies list --help` are named too;
- every format --format accepts has its entry under FORMATS, and 0, 1, 2 theirs under
  EXIT STATUS;
- groff renders it (man macros, UTF-8) with every warning on (-ww) and none given, and
  so does `man -l` where man-db is installed.
Usage: man_test.py PLANGATE SOURCE_DIR. Prints 'man: N passed, N failed'."""
import os
import re
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from pgcheck import check, finish, formats  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
page = os.path.join(root, "scripts", "plangate.1")


def roff_args(text):
    """A macro line's arguments, split as roff does: at spaces, "..." one argument."""
    return [a[1:-1].replace('""', '"') if a.startswith('"') else a
            for a in re.findall(r'"(?:[^"]|"")*"|\S+', text)]


def plain(line):
    """The text a line of the page shows: font macros joined as they render (.B and .I
    with spaces, .BR and the other alternating ones without), escapes resolved."""
    m = re.match(r"\.([A-Z]{1,2})\s*(.*)", line)
    if m:
        args = roff_args(m.group(2))
        line = (" " if m.group(1) in ("B", "I", "SM", "SB") else "").join(args)
    line = re.sub(r"\\f[BIRP]|\\f\[[A-Z]*\]|\\&", "", line)
    return line.replace("\\-", "-").replace("\\e", "\\").replace("\\(aq", "'")


def sections(text):
    """{.SH title: [lines]}."""
    out, current = {}, None
    for line in text.splitlines():
        m = re.match(r"\.SH\s+(.*)", line)
        if m:
            current = roff_args(m.group(1))[0] if m.group(1).startswith('"') else m.group(1)
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def tags(lines):
    """The plain text of each .TP entry's tag (the line after .TP)."""
    return [plain(lines[i + 1]) for i, line in enumerate(lines[:-1]) if line.strip() == ".TP"]


def help_entries(*args):
    """The first column of each option or subcommand line of `plangate ARGS --help`:
    '--policies PATH', '-q,--quiet', 'list'."""
    run = subprocess.run([binary] + list(args) + ["--help"], capture_output=True, text=True)
    check(run.returncode == 0, "%s --help exits 0 (got %d)" % (" ".join(args), run.returncode))
    options, commands, where = [], [], None
    for line in run.stdout.splitlines():
        if re.match(r"^\S.*:$", line):
            where = line
            continue
        m = re.match(r"^  (\S(?:\S| (?=\S))*)\s{2,}\S", line)
        if m and where == "Options:":
            options.append(m.group(1))
        elif m and where == "Subcommands:":
            commands.append(m.group(1))
    return options, commands


with open(page, encoding="utf-8") as f:
    text = f.read()
parts = sections(text)
for name in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "FORMATS", "EXIT STATUS",
             "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"):
    check(name in parts, "the page has a %s section" % name)

# check's options: the same set, each with its value name.
options, _ = help_entries("check")
check(len(options) >= 15, "plangate check --help lists its options (%d found)" % len(options))
documented = [t.replace(", ", ",") for t in tags(parts.get("OPTIONS", []))]
for option in options:
    check(option in documented, "OPTIONS documents '%s' as --help lists it (entries: %s)"
          % (option, documented))
for entry in documented:
    check(entry in options, "OPTIONS documents '%s', which plangate check --help does not list" % entry)
check(len(documented) == len(set(documented)), "each option is documented once")

# plangate's own subcommands: each has its entry.
_, top = help_entries()
check(len(top) >= 3, "plangate --help lists its subcommands (%d found)" % len(top))
for command in top:
    check(any(re.match(r"plangate %s\b" % re.escape(command), t) for t in tags(parts.get("COMMANDS", []))),
          "COMMANDS documents 'plangate %s'" % command)

# policies' subcommands, and the options of policies list.
_, commands = help_entries("policies")
check(len(commands) >= 4, "plangate policies --help lists its subcommands (%d found)" % len(commands))
documented = tags(parts.get("COMMANDS", []))
for command in commands:
    check(any(re.match(r"plangate policies %s\b" % re.escape(command), t) for t in documented),
          "COMMANDS documents 'plangate policies %s' (entries: %s)" % (command, documented))
check(any(t.startswith("plangate check") for t in documented), "COMMANDS documents plangate check")
commands_text = " ".join(plain(line) for line in parts.get("COMMANDS", []))
list_options, _ = help_entries("policies", "list")
for option in list_options:
    name = option.split()[0].split(",")[-1]
    check(name == "--help" or name in commands_text,
          "COMMANDS names '%s' of plangate policies list" % name)

documented = tags(parts.get("FORMATS", []))
check(documented == formats(binary), "FORMATS has an entry per format, in --help's order: %s" % documented)
check(tags(parts.get("EXIT STATUS", [])) == ["0", "1", "2"], "EXIT STATUS has 0, 1 and 2")

# Rendering, every warning on.
groff = shutil.which("groff")
check(groff is not None, "groff is installed (Debian's groff-base; scripts/install-deps --with-tests)")
if groff:
    run = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", page], capture_output=True, text=True)
    check(run.returncode == 0 and run.stderr == "",
          "groff -man -Tutf8 -ww renders it without a warning: exit %d, %r" % (run.returncode, run.stderr))
    # A terminal of 80 columns: examples (.EX, not filled) must fit in it too. Plain
    # text: no bold or underline, neither as overstrikes (groff 1.22) nor as SGR
    # escapes (1.23).
    run = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-rLL=78n", "-P-cbou", page], capture_output=True, text=True)
    shown = run.stdout
    long_lines = [line for line in shown.splitlines() if len(line) > 80]
    check(run.stderr == "" and not long_lines, "at 80 columns, no warning and no wider line: %r %r"
          % (run.stderr, long_lines[:3]))
if shutil.which("man"):
    run = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                         env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
    check(run.returncode == 0 and run.stderr == "" and "plangate check" in run.stdout,
          "man -l renders it without a warning: exit %d, %r" % (run.returncode, run.stderr))
finish("man")
