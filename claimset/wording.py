"""Counts in words: "1 source", "2 sources" (every message a command prints counts this way)."""
from __future__ import annotations

IRREGULAR = {"statements": "statement", "speakers": "speaker", "sources": "source", "labels": "label"}
"""The configs' names are plurals; their singulars, for a count of one."""


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, or ``many`` (``word`` + "s" by default) unless ``n`` is 1."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def count(n: int, config: str) -> str:
    """A count of a config's rows in words: "1 source", "11 sources"."""
    return plural(n, IRREGULAR.get(config, config), config)
