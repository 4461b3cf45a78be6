"""--format html read back as a tree, for the tests that read what the page says
without a browser (html_test.py checks this reader against Chromium's own DOM).

Python's html.parser only splits tags; parse() builds the tree the way HTML does for
the end tags the page leaves out (td, th, tr, p, li) and its void elements. Then
read() turns the page into plain data: the verdict, the counts, the inputs, the
notes, each input's resources with their results and reads, the policies."""
import html.parser

VOID = {"meta", "br", "input", "link", "img", "hr", "wbr", "col", "source"}
# An open p is closed by these start tags (HTML's "close a p element").
CLOSES_P = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "header", "section", "dl", "pre"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def all(self, tag=None, cls=None):
        """Every element below, in document order, of `tag` and with class `cls`."""
        for c in self.children:
            if isinstance(c, str):
                continue
            if (tag is None or c.tag == tag) and (cls is None or cls in c.classes()):
                yield c
            yield from c.all(tag, cls)

    def first(self, tag=None, cls=None):
        return next(self.all(tag, cls), None)

    def elements(self):
        return [c for c in self.children if not isinstance(c, str)]


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.open = [self.root]

    def _close(self, tags, stop=()):
        """Closes the innermost open element of `tags`, and all inside it, unless one
        of `stop` is found first."""
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag in stop:
                return
            if self.open[i].tag in tags:
                del self.open[i:]
                return

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_P:
            self._close({"p"}, stop={"td", "th", "div", "header", "li", "table"} - {tag})
        if tag in ("td", "th"):
            self._close({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close({"tr"}, stop={"table"})
        elif tag == "li":
            self._close({"li"}, stop={"ul", "ol"})
        node = Node(tag, attrs, self.open[-1])
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        self._close({tag})

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(text):
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


def cells(row):
    return [c for c in row.elements() if c.tag in ("td", "th")]


def read(text):
    """The page as data:
    {"title", "closed", "headline", "counts": {group: n}, "inputs": [{cells}], "notes": [text],
     "sections": [{"input", "resources": [{"address", "type", "actions", "destroys", "reason",
                   "results": [{"group", "label", "policy", "message", "waiver"}],
                   "reads": [{"path", "state", "value"}]}]}],
     "policies": {id: {"severity", "enforcement", "title"}}}"""
    doc = parse(text)
    page = {"title": doc.first("title").text(), "sections": [], "policies": {}, "notes": []}
    header = doc.first("header")
    page["closed"] = "c" in header.classes()
    page["headline"] = header.first("h1").text()
    page["banner"] = [li.text() for li in header.all("li")]
    page["counts"] = {}
    for span in doc.first("p", "n").all("span"):
        n, name = span.text().split(" ", 1)
        page["counts"][name] = int(n)
    inputs = doc.first("table", "i")
    rows = list(inputs.all("tr"))
    names = [c.text().strip() for c in cells(rows[0])]
    page["inputs"] = [dict(zip(names, [c.text().strip() for c in cells(r)])) for r in rows[1:]]
    for p in doc.all("p"):
        if "d" in p.classes() or "w" in p.classes():
            page["notes"].append(p.text().strip())
    section = None
    for node in doc.all():
        if node.tag == "h2" and node.first("code") is not None:
            section = {"input": node.first("code").text(), "resources": []}
            page["sections"].append(section)
        elif node.tag == "div" and "r" in node.classes():
            h3 = node.first("h3")
            kind = h3.first("span", "k")
            reason = next((c for c in node.elements() if c.tag == "p"), None)
            resource = {"id": node.attrs.get("id"), "address": h3.first("code").text(),
                        "type": h3.first("small").text(), "actions": kind.text().split(", ") if kind else [],
                        "destroys": h3.first("b", "d") is not None, "reason": reason.text() if reason else None,
                        "results": [], "reads": []}
            for row in node.first("table", "f").all("tr"):
                status, policy, message = cells(row)
                waiver = message.first("div", "w")
                resource["results"].append({
                    "group": row.attrs.get("class"), "label": status.text(), "policy": policy.text(),
                    "link": policy.first("a").attrs.get("href"),
                    "message": message.text()[:len(message.text()) - len(waiver.text())] if waiver else message.text(),
                    "waiver": waiver.text() if waiver else None})
            reads = node.first("table", "a")
            for row in reads.all("tr") if reads else []:
                path, state, value = cells(row)
                resource["reads"].append({"path": path.text(), "state": state.text(), "value": value.text()})
            section["resources"].append(resource)
        elif node.tag == "table" and node.attrs.get("id") == "pl":
            for row in list(node.all("tr"))[1:]:
                policy, severity, enforcement, title = cells(row)
                fix = title.first("small")
                page["policies"][policy.text()] = {
                    "row": row.attrs.get("id"), "severity": severity.text(), "enforcement": enforcement.text(),
                    "title": title.children[0] if title.children else "", "fix": fix.text() if fix else None}
    return page
