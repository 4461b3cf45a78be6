"""Where each resource begins in a plan or state JSON file, found independently of
plangate: the file is walked with the json module's raw_decode, member by member,
and each resource object's line is counted from its offset."""
import json

_decoder = json.JSONDecoder()


def _skip(text, i):
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _members(text, i):
    """(key, value offset) of each member of the object at text[i]."""
    i = _skip(text, i + 1)
    while text[i] != "}":
        key, i = _decoder.raw_decode(text, i)
        i = _skip(text, _skip(text, i) + 1)  # past ':'
        yield key, i
        _, i = _decoder.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == ",":
            i = _skip(text, i + 1)


def _elements(text, i):
    """The offset of each element of the array at text[i]."""
    i = _skip(text, i + 1)
    while text[i] != "]":
        yield i
        _, i = _decoder.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == ",":
            i = _skip(text, i + 1)


def _state_module(text, i, out):
    for key, at in _members(text, i):
        if key == "resources":
            out.extend(_elements(text, at))
        elif key == "child_modules":
            for child in _elements(text, at):
                _state_module(text, child, out)


def resource_lines(text, start=0):
    """{address: [line, ...]} of the resource_changes entries (or a state's resources)
    of the document that begins at text[start]; lines from 1, counted in the whole text."""
    offsets = []
    top = _skip(text, start)
    for key, at in _members(text, top):
        if key == "resource_changes":
            offsets.extend(_elements(text, at))
        elif key == "values":
            for k, root in _members(text, at):
                if k == "root_module":
                    _state_module(text, root, offsets)
    out = {}
    for offset in offsets:
        address = _decoder.raw_decode(text, offset)[0]["address"]
        out.setdefault(address, []).append(text.count("\n", 0, offset) + 1)
    return out
