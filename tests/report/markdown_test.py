#!/usr/bin/env python3
"""--format markdown as GitHub shows it: rendered with cmark-gfm (GitHub's own parser,
with its table extension), then read back from the HTML:
- the table is intact: a header and a row per result that is not a pass, four cells
  each, even with an address holding '|', '\\', '`', '*' and '<';
- addresses come back exactly, in the table, in the passes list and in waiver notes:
  no stray backslash outside a table (where `\\|` is not an escape);
- with several inputs, each row and each pass names its input;
- a policy's fix is shown once, under the table, not on every row; on a plan with
  thousands of failures the comment keeps under 65,000 characters and shows more rows.
Usage: markdown_test.py PLANGATE SOURCE_DIR. Prints 'N passed, N failed'."""
import html.parser
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pgcheck import check, finish  # noqa: E402
from seed_plans import many_failing_tables, readdressed, seed  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


class Page(html.parser.HTMLParser):
    """What the rendered comment holds: tables as rows of cells, list items, block
    quotes, each as (text, [code spans]); and all the text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tables, self.items, self.quotes, self.text = [], [], [], []
        self.stack, self.code = [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append(["", []])
            self.stack.append(self.tables[-1][-1][-1])
        elif tag == "li":
            self.items.append(["", []])
            self.stack.append(self.items[-1])
        elif tag == "blockquote":
            self.quotes.append(["", []])
            self.stack.append(self.quotes[-1])
        elif tag == "code":
            self.code = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th", "li", "blockquote"):
            self.stack.pop()
        elif tag == "code" and self.stack:
            self.stack[-1][1].append(self.code)
            self.code = None

    def handle_data(self, data):
        self.text.append(data)
        if self.code is not None:
            self.code += data
        if self.stack:
            self.stack[-1][0] += data


def render(markdown):
    r = subprocess.run(["cmark-gfm", "-e", "table"], input=markdown, capture_output=True, text=True)
    check(r.returncode == 0, "cmark-gfm renders: " + r.stderr)
    return Page(r.stdout)


def plan_with(address, path, name="seed-insecure"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(readdressed(seed(root, name), address), f)


def run(*args, cwd):
    return subprocess.run([binary, "check"] + list(args), capture_output=True, text=True, cwd=cwd)


weird = 'module.svc["a|b\\\\c`d*e<f>_g"].aws_dynamodb_table.bad_example'
glob = 'module.x["p|q"].*'
with tempfile.TemporaryDirectory() as tmp:
    plan_with(weird, os.path.join(tmp, "one", "plan.json"))
    plan_with(weird.replace("bad_example", "good_example"), os.path.join(tmp, "two|x", "plan.json"),
              "seed-secure")
    with open(os.path.join(tmp, "waivers.yaml"), "w") as f:
        f.write("waivers:\n  - policy: aws-dynamodb-enable-recovery\n    address: '%s'\n"
                "    reason: r\n    owner: o\n    expires: 2999-01-01\n" % glob)
    inputs = ["one/plan.json", "two|x/plan.json"]
    r = run("--format", "markdown", "--waivers", "waivers.yaml", *inputs, cwd=tmp)
    check(r.returncode == 1, "the gate closes: %d %s" % (r.returncode, r.stderr))
    page = render(r.stdout)
    results = json.loads(run("--format", "json", *inputs, cwd=tmp).stdout)["results"]
    shown = [x for x in results if x["status"] != "pass"]
    passes = [x for x in results if x["status"] == "pass"]

    # The table: intact, an address and its input exactly in each row.
    check(len(page.tables) == 1, "one table")
    rows = page.tables[0] if page.tables else [[]]
    check([c[0] for c in rows[0]] == ["Result", "Resource", "Policy", "Why"], "the header: %s" % rows[0])
    check(len(rows) - 1 == len(shown), "a row per result shown (%d, %d)" % (len(rows) - 1, len(shown)))
    for row in rows[1:]:
        check(len(row) == 4, "four cells: %s" % row)
        check(len(row) > 1 and row[1][1][:1] in ([weird], [weird.replace("bad_example", "good_example")]),
              "the address exactly: %s" % row[1][1:])
        check(len(row) > 1 and row[1][1][1:] in (["one/plan.json"], ["two|x/plan.json"]),
              "the input named: %s" % row[1][1:])

    # The passes, each naming its input; the waiver note: exactly, no backslash.
    pass_items = [item for item in page.items if item[1] and item[1][0].startswith("module.")]
    check(len(pass_items) == len(passes) > 0, "a list item per pass (%d, %d)" % (len(pass_items), len(passes)))
    for text, codes in pass_items:
        check(codes == [weird.replace("bad_example", "good_example"), "aws-dynamodb-enable-recovery",
                        "two|x/plan.json"], "a pass: its address, policy and input exactly: %s" % codes)
    notes = [q for q in page.quotes if "Waiver" in q[0]]
    check(len(notes) == 1 and glob in notes[0][1], "the waiver note's address exactly: %s" % notes)
    everything = "".join(page.text)
    check("\\" not in everything.replace(weird.split('"')[1], ""), "no stray backslash: %r" %
          [line for line in everything.splitlines() if "\\" in line.replace(weird.split('"')[1], "")])

    # Fixes: once per policy, under the table.
    failing = {x["policy"] for x in shown if x["status"] == "fail"}
    check(len(failing) >= 2, "several policies fail")
    fixes = {codes[0]: text.split(": ", 1)[1] for text, codes in page.items if codes and codes[0] in failing}
    check(sorted(fixes) == sorted(failing), "a fix per failing policy: %s" % sorted(fixes))
    for policy, fix in fixes.items():
        check(everything.count(fix) == 1, "%s: its fix shown once" % policy)

    # Thousands of failing tables: under the limit, more rows than a fix per row let fit.
    with open(os.path.join(tmp, "big.json"), "w") as f:
        json.dump(many_failing_tables(root, 4000), f)
    md = run("--format", "markdown", "big.json", cwd=tmp).stdout
    check(len(md) <= 65000, "within 65,000 characters (%d)" % len(md))
    big = render(md)
    rows = len(big.tables[0]) - 1 if big.tables else 0
    # With the fix on every row, 137 rows fit.
    check(rows >= 180, "rows shown without a fix on each: %d" % rows)
    check(all(len(row) == 4 for row in big.tables[0]), "every row four cells")
    check("more results not shown" in md, "says it truncated")

finish("markdown")
