"""GitHub Actions workflow commands read back as the runner reads them (actions/runner,
ActionCommand.TryParseV2): a line that starts with '::' (after leading white space) is
`::COMMAND[ PROPERTIES]::DATA`; PROPERTIES are `name=value` pairs split at ',' (empty
entries dropped) and each at its first '=' (a pair without a value dropped); property
values and the data are un-escaped by replacing, in this order, %0D, %0A (and for
properties %3A, %2C), then %25. The runner reads its output a line at a time, ending a
line at '\\n', '\\r' or "\\r\\n", so a raw CR or LF can never be inside a command."""
import re

DATA = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
PROPERTY = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]


def unescape(text, mappings):
    for escaped, token in mappings:
        text = text.replace(escaped, token)
    return text


def lines(output):
    """The output's lines as the runner splits them."""
    return re.split(r"\r\n|\r|\n", output[:-1] if output.endswith("\n") else output)


def parse(line):
    """(command, {name: value}, data) for a workflow command line, or None."""
    line = line.lstrip()
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info = line[2:end]
    command, space, rest = info.partition(" ")
    properties = {}
    if space:
        for entry in rest.strip().split(","):
            name, eq, value = entry.partition("=")
            if entry and name and eq and value:
                properties[name] = unescape(value, PROPERTY)
    return command, properties, unescape(line[end + 2:], DATA)
