"""Problems found in the inputs, reported all at once in a form a curator can act on."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the inputs: where it is, and what to do about it."""

    file: str | None
    line: int | None
    statement: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        what = f"{self.statement}: " if self.statement else ""
        return printable(f"{where}{what}{self.message}")


def printable(text: str) -> str:
    """``text`` on one line: control characters taken from a user's files are shown escaped (``\\n``)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class InvalidInput(Exception):
    """The inputs have problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_order)
        n = len(self.problems)
        super().__init__(f"{n} problem{'' if n == 1 else 's'}")


def _order(p: Problem):
    return (p.file or "~", p.line or 0, p.statement or "", p.message)


class Unreadable(Exception):
    """The input cannot be read as data (exit status 2); the message says what to do."""
