"""YAML reading that remembers line numbers, so every problem can point at its line."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .errors import InvalidInput, Problem


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


def scalar(value) -> str:
    """A value written as a YAML scalar: JSON's form (null, true, quoted text) is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def load(path: Path, display: str):
    """Parse one YAML file; a syntax error becomes a Problem naming file and line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(display, None, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")])
    except OSError as exc:
        raise InvalidInput([Problem(display, None, None, f"cannot be read ({exc.strerror}); check its permissions")])
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
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
_YAML12_NUMBER = re.compile(r"\b0o[0-7]|[0-9.][eE][-+]?[0-9]")  # numbers in YAML 1.2 but text in YAML 1.1
_TAG = re.compile(r"(?:^|[\s,\[{:])![\w!<]")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.M)


def load_fast(path: Path, display: str):
    """The document ``load`` returns, without line numbers, parsed by yaml-rs (Rust): about 15× faster.

    PyYAML reads YAML 1.1 and yaml-rs YAML 1.2, which differ on a few plain scalars (``yes`` is a boolean
    in 1.1, ``1e3`` a number in 1.2, ``1_000`` a number only in 1.1). Wherever the text could be read
    differently, and wherever yaml-rs refuses the text, this returns ``load``'s result, so the value is
    always PyYAML's. The build uses it when it has no problem to report; problems are reported by a
    second pass with ``load``, which knows the lines.
    """
    try:
        import yaml_rs

        text = path.read_bytes().decode("utf-8")
        if (_DOCUMENT_MARKER.search(text) or ("!" in text and _TAG.search(text))
                or yaml.reader.Reader.NON_PRINTABLE.search(text)):  # characters PyYAML refuses
            return load(path, display)
        doc = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - missing library, unreadable file, or a parse error: load() explains
        return load(path, display)
    if not _yaml11_agrees(doc, text):
        return load(path, display)
    return doc


def _yaml11_agrees(doc, text: str) -> bool:
    """False when some value of ``doc`` could read differently in YAML 1.1 (PyYAML) than in 1.2 (yaml-rs)."""
    numbers, suspicious, stack = False, set(), [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if value and value[0] in _PLAIN_NOT_TEXT and any(rx.match(value) for rx in _PLAIN_NOT_TEXT[value[0]]):
                suspicious.add(value)  # e.g. "yes", "1956", "1_000": text when quoted, not text in 1.1 when plain
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str) or key == "<<":
                    return False
                stack.append(key)
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers = True
    if numbers and _YAML12_NUMBER.search(text):
        return False
    return not any(_written_plain(text, value) for value in suspicious)


def _written_plain(text: str, value: str) -> bool:
    """Whether ``value`` stands anywhere in ``text`` as a plain (unquoted) scalar of its own."""
    at = text.find(value)
    while at >= 0:
        i, j = at - 1, at + len(value)
        while i >= 0 and text[i] in " \t":
            i -= 1
        while j < len(text) and text[j] in " \t\r":
            j += 1
        if (i < 0 or text[i] in ":-[,{?\n") and (j >= len(text) or text[j] in "\n#,]}"):
            return True
        at = text.find(value, at + 1)
    return False
