"""YAML reading that remembers line numbers, so every problem can point at its line."""
from __future__ import annotations

import json
import re
from itertools import chain
from pathlib import Path

import yaml

from .errors import InvalidInput, Problem
from .files import read_input


class Mapping(dict):
    """A YAML mapping that knows the line it starts on (1-based)."""

    line: int = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's fast safe loader where PyYAML has it, with line-aware mappings and dates kept as text."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word, not a list or mapping", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.line = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Keep dates such as 2019-01 or 1956 as the strings the curator typed: they are EDTF, not timestamps.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value) -> str:
    """A value written as a YAML scalar that reads back as ``value``: JSON's form (null, true, quoted text),
    with the characters YAML refuses or folds (C1 controls, DEL, line and paragraph separators, byte-order
    marks) written as escapes — so a verdict stub or a speaker entry copied from a mis-decoded text still
    reads back."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def word(value: str) -> str:
    """An id written bare where YAML reads it back as the same text, else as ``scalar`` writes it: a slug such
    as ``48``, ``no`` or ``null`` would read back as a number, a boolean or nothing."""
    resolved = any(rx.match(value) for _, rx in _Loader.yaml_implicit_resolvers.get(value[:1], []))
    return value if value and not resolved and re.fullmatch(r"[a-z0-9][a-z0-9-]*", value) else scalar(value)


MAX_DEPTH = 64
"""How deeply collections may nest in any YAML claimset reads. Real inputs nest about 5 deep; past a few
hundred levels PyYAML's constructor, and any code that walks the value, exhausts Python's recursion
limit, so deeper text is refused before it is constructed."""


class TooDeep(ValueError):
    """YAML whose collections nest deeper than ``MAX_DEPTH``, or inside themselves through an alias."""

    def __init__(self, line: int | None, cycle: bool = False):
        self.line = line
        self.reason = ("self-referencing (an alias inside its own anchor); write the value out"
                       if cycle else f"nested deeper than {MAX_DEPTH} levels; flatten it")
        super().__init__(self.reason)


def parse(text: str, loader=_Loader):
    """The one document in ``text``, refusing nesting deeper than ``MAX_DEPTH`` (``TooDeep``) before any
    recursion: libyaml composes the nodes without Python recursion, the depth is measured over them
    without recursion, and only then is the value constructed. Other errors are PyYAML's."""
    reader = loader(text)
    try:
        try:
            node = reader.get_single_node()
        except RecursionError:  # only PyYAML's pure-Python composer recurses; libyaml stops at 1000 levels
            raise TooDeep(_deep_event_line(text, loader)) from None
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit, far above ours
                raise TooDeep(exc.problem_mark.line + 1 if exc.problem_mark else None) from None
            raise
        if node is None:
            return None
        _check_depth(node)
        return reader.construct_document(node)
    finally:
        reader.dispose()


def _children(node: yaml.CollectionNode):
    """A collection's child nodes: a sequence's items, a mapping's keys and values."""
    return iter(node.value) if isinstance(node, yaml.SequenceNode) else chain.from_iterable(node.value)


def _check_depth(root: yaml.Node) -> None:
    """Raise TooDeep at the first collection nested deeper than MAX_DEPTH, or on an alias cycle.

    A depth-first walk with an explicit stack. Aliases make the nodes a graph, so each collection's height
    is remembered: a shared node is measured once (no blow-up from aliases of aliases), and a node met
    again while it is still on the path is a cycle."""
    if not isinstance(root, yaml.CollectionNode):
        return
    on_path = -1
    height = {id(root): on_path}
    path = [[root, _children(root), 0]]  # node, its remaining children, its tallest child so far
    while path:
        frame = path[-1]
        for child in frame[1]:
            if not isinstance(child, yaml.CollectionNode):
                continue
            known = height.get(id(child))
            if known is None:
                if len(path) >= MAX_DEPTH:
                    raise TooDeep(child.start_mark.line + 1)
                height[id(child)] = on_path
                path.append([child, _children(child), 0])
                break
            if known == on_path:
                raise TooDeep(child.start_mark.line + 1, cycle=True)
            if len(path) + known > MAX_DEPTH:  # a shared (aliased) collection, too tall to sit here
                raise TooDeep(frame[0].start_mark.line + 1)
            frame[2] = max(frame[2], known)
        else:
            path.pop()
            height[id(frame[0])] = frame[2] + 1
            if path:
                path[-1][2] = max(path[-1][2], frame[2] + 1)


def _deep_event_line(text: str, loader) -> int | None:
    """The line where nesting first passes MAX_DEPTH, from the parser's events (which do not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load(path: Path, display: str, data: bytes | None = None):
    """Parse one YAML file (``data``: its bytes, when the caller has read them); a syntax error or nesting
    deeper than MAX_DEPTH becomes a Problem naming file and line; a file that cannot be read is Unreadable."""
    try:
        text = (read_input(path) if data is None else data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(display, None, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")])
    try:
        return parse(text)
    except TooDeep as exc:
        raise InvalidInput([Problem(display, exc.line, None, exc.reason)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        raise InvalidInput([Problem(display, line, None, f"YAML syntax error: {reason}")])
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise InvalidInput([Problem(display, None, None, f"not readable as YAML ({str(exc).splitlines()[0]})")])


_PLAIN_NOT_TEXT = {
    first: [rx for tag, rx in resolvers if tag != "tag:yaml.org,2002:str"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
# numbers that read differently in YAML 1.2 and 1.1: 1e3, 0o17 (text in 1.1) and 0755 (octal in 1.1)
_YAML12_NUMBER = re.compile(r"\b0o[0-7]|[0-9.][eE][-+]?[0-9]|(?<![\w.])[-+]?0[0-9_]")
_TAG = re.compile(r"(?:^|[\s,\[{:])![\w!<]")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.M)


def load_fast(path: Path, display: str, data: bytes | None = None):
    """The document ``load`` returns, without line numbers, parsed by yaml-rs (Rust): about 15× faster.

    PyYAML reads YAML 1.1 and yaml-rs YAML 1.2, which differ on a few plain scalars (``yes`` is a boolean
    in 1.1, ``1e3`` a number in 1.2, ``1_000`` a number only in 1.1). Wherever the text could be read
    differently, and wherever yaml-rs refuses the text, this returns ``load``'s result, so the value is
    always PyYAML's. The build uses it when it has no problem to report; problems are reported by a
    second pass with ``load``, which knows the lines. Text nested deeper than ``MAX_DEPTH`` goes to
    ``load`` too, which refuses it.
    """
    try:
        import yaml_rs

        data = path.read_bytes() if data is None else data
        text = data.decode("utf-8")
        if _refused_or_special(data, text) or _deeply_indented(data):
            return load(path, display, data)
        doc = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - missing library, unreadable file, or a parse error: load() explains
        return load(path, display, data)
    if not _yaml11_agrees(doc, text):
        return load(path, display, data)
    return doc


_INDENTING = bytes(1 if byte in b" \t?:-" else 0 for byte in range(256))


def _deeply_indented(data: bytes) -> bool:
    """Whether some run of 2 × MAX_DEPTH spaces, tabs or - ? : indicators could lead a line. Block
    collections nest at most about twice as deep as their lines are indented (``- - - x`` counts);
    yaml-rs recurses on them without a limit (50,000 levels crash the process) where it limits flow
    nesting, so such text goes to ``load``, which libyaml composes without recursion. A sound bound: a
    false alarm (a long rule of dashes) only costs the slower parser."""
    return data.translate(_INDENTING).find(b"\x01" * (2 * MAX_DEPTH)) >= 0


_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080–U+009F in UTF-8
_ALLOWED_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])


def _refused_or_special(data: bytes, text: str) -> bool:
    """Characters PyYAML's reader refuses (C0/C1 controls, DEL, U+FFFE/U+FFFF), several documents, tags
    or anchors (yaml-rs reads an alias inside its own anchor as null): cases yaml-rs may read differently,
    left to ``load``. Fast on large files (no regex scan)."""
    if data.translate(None, _ALLOWED_BYTES) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        return True
    if b"\xc2" in data and _C1_CONTROL.search(data):
        return True
    if b"\xc2\x85" in data or b"\xe2\x80\xa8" in data or b"\xe2\x80\xa9" in data:
        return True  # NEL, LS, PS: line breaks to PyYAML (YAML 1.1), ordinary characters to YAML 1.2
    if text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        if _DOCUMENT_MARKER.search(text):
            return True
    for mark, follows in (("!", "_!<"), ("&", "_-")):
        at = text.find(mark)
        while at >= 0:
            if (at == 0 or text[at - 1] in " \t\n,[{:") and text[at + 1:at + 2] and (
                    text[at + 1].isalnum() or text[at + 1] in follows):
                return True
            at = text.find(mark, at + 1)
    return False


def _yaml11_agrees(doc, text: str) -> bool:
    """False when some value of ``doc`` could read differently in YAML 1.1 (PyYAML) than in 1.2 (yaml-rs),
    or nests deeper than MAX_DEPTH (yaml-rs reads deep block nesting; ``load`` refuses it with its line)."""
    numbers, candidates, stack = False, set(), [(doc, 1)]
    first = _PLAIN_NOT_TEXT.keys()
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if (kind is dict or kind is list) and depth > MAX_DEPTH:
            return False
        if kind is str:
            if value and value[0] in first:
                candidates.add(value)
        elif kind is dict:
            for key, item in value.items():
                if type(key) is not str or key == "<<":
                    return False
                if key and key[0] in first:
                    candidates.add(key)
                if type(item) is str:
                    if item and item[0] in first:
                        candidates.add(item)
                else:
                    stack.append((item, depth + 1))
        elif kind is list:
            for item in value:
                if type(item) is str:
                    if item and item[0] in first:
                        candidates.add(item)
                else:
                    stack.append((item, depth + 1))
        elif kind is int or kind is float:
            numbers = True
        elif kind is not bool and value is not None:
            return False  # a type PyYAML's safe loader would not make
    # e.g. "yes", "1956", "1_000": text when quoted, not text in 1.1 when plain
    suspicious = {v for v in candidates if any(rx.match(v) for rx in _PLAIN_NOT_TEXT[v[0]])}
    if numbers and _YAML12_NUMBER.search(text):
        return False
    return not any(_written_plain(text, value) for value in suspicious)


def _written_plain(text: str, value: str) -> bool:
    """Whether ``value`` stands anywhere in ``text`` as a plain (unquoted) scalar of its own, or key."""
    for match in re.finditer(re.escape(value) + r"[ \t\r]*(?:$|[#,\]}]|:(?:\s|$))", text, re.M):
        i = match.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0 or text[i] in ":-[,{?\n":
            return True
    return False
