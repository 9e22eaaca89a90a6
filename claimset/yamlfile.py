"""YAML reading that remembers line numbers, so every problem can point at its line."""
from __future__ import annotations

import json
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
