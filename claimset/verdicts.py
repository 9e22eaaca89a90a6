"""Verdicts: the audited fact-checking decisions, applied last, each with its reason and evidence.

Like a corrections file, every decision names what it applies to; a decision that
matches no statement, or a check-worthy statement with no decision, fails the build.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidInput, Problem
from .labels import SETTLED_VERDICTS, VERDICTS, control_character, edtf_bounds
from . import yamlfile
from .sources import key_line

VERDICTS_FILE = "verdicts.yaml"
ENTRY_KEYS = ("statement_id", "quote", "verdict", "note", "evidence", "event_date")


@dataclass(frozen=True)
class Checking:
    """When and how the checking was done (shown in the card and the ClaimReview export)."""

    checked_on: dt.date
    method: str


def load_verdicts(root: Path, fast: bool = False) -> tuple[Checking, list[dict]]:
    """The checking metadata and the verdict entries (each with its line), or InvalidInput."""
    path = root / VERDICTS_FILE
    if not path.is_file():
        raise InvalidInput([Problem(VERDICTS_FILE, None, None, "missing; every check-worthy statement needs a "
                                                               "verdict entry (not_checked with a reason is fine)")])
    doc = (yamlfile.load_fast if fast else yamlfile.load)(path, VERDICTS_FILE)
    problems = []
    if not isinstance(doc, dict) or not isinstance(doc.get("verdicts"), list):
        raise InvalidInput([Problem(VERDICTS_FILE, getattr(doc, "line", None), None,
                                    "must be a mapping with checked_on, method and a 'verdicts' list")])
    try:
        checked_on = dt.date.fromisoformat(str(doc.get("checked_on")))
    except ValueError:
        problems.append(Problem(VERDICTS_FILE, getattr(doc, "line", None), None, "checked_on must be the date of checking, YYYY-MM-DD"))
        checked_on = None
    if checked_on is not None and checked_on > dt.date.today():
        problems.append(Problem(VERDICTS_FILE, key_line(path, "checked_on") or getattr(doc, "line", None), None,
                                f"checked_on {checked_on.isoformat()} is in the future; give the date the checking "
                                "was done (today at the latest)"))
    method = doc.get("method")
    if not isinstance(method, str) or not method.strip():
        problems.append(Problem(VERDICTS_FILE, getattr(doc, "line", None), None, "method must describe how the checking was done"))
    unknown = sorted(set(map(str, doc)) - {"checked_on", "method", "verdicts"})
    if unknown:
        problems.append(Problem(VERDICTS_FILE, getattr(doc, "line", None), None, f"unknown top-level key(s): {', '.join(unknown)}"))
    if problems:
        raise InvalidInput(problems)
    return Checking(checked_on, " ".join(method.split())), doc["verdicts"]


def apply_verdicts(rows: list[dict], checking: Checking, entries: list, origins: dict) -> list[Problem]:
    """Set verdict, note, evidence and event_date on the rows the entries name; report every mismatch."""
    by_id = {row["statement_id"]: row for row in rows}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for entry in entries:
        line = getattr(entry, "line", None)

        def problem(message: str, statement: str | None = None) -> None:
            problems.append(Problem(VERDICTS_FILE, line, statement, message))

        if not isinstance(entry, dict):
            problem("each verdict must be a mapping with statement_id, verdict and note")
            continue
        sid = entry.get("statement_id")
        unknown = sorted(set(map(str, entry)) - set(ENTRY_KEYS))
        if unknown:
            problem(f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(ENTRY_KEYS)}", sid)
        if not isinstance(sid, str) or sid not in by_id:
            problem(f"statement_id {sid!r} names no statement; check the id against dataset/ "
                    "(ids are <source>-sNNN or <source>-sNNN-K)", sid if isinstance(sid, str) else None)
            continue
        if sid in seen:
            problem(f"a second verdict for this statement (first at line {seen[sid]}); keep one", sid)
            continue
        seen[sid] = line
        row = by_id[sid]
        words = entry.get("quote")
        if not isinstance(words, str) or not words.strip():
            problem("quote is missing; give a few words of the statement, verbatim, so a renumbered id is caught", sid)
        elif words not in row["quote"]:
            problem(f"quote {words!r} is not in the statement, which reads {row['quote'][:80]!r}; the ids may have "
                    "shifted after an annotation change — point the verdict at the right statement_id", sid)
        verdict, note, evidence = entry.get("verdict"), entry.get("note"), entry.get("evidence") or []
        if verdict not in VERDICTS:
            problem(f"unknown verdict {verdict!r}; use one of: {', '.join(VERDICTS)}", sid)
            continue
        if not row["check_worthy"]:
            problem("the statement is not check-worthy; mark it check_worthy in its annotations or drop the verdict",
                    sid)
        if not isinstance(note, str) or not note.strip():
            problem("note is missing; say what the checking found, or why it was not checked", sid)
        if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
            problem("evidence must be a list of non-empty strings naming the records", sid)
            evidence = []
        controls = [control for value in [note, *evidence] for control in [control_character(value, True)] if control]
        if controls:
            problem(f"note or evidence holds a control character ({controls[0]}); remove it", sid)
        if verdict in SETTLED_VERDICTS and not evidence:
            problem(f"a {verdict} verdict needs evidence naming the record that settles it", sid)
        event_date = entry.get("event_date")
        if event_date is not None:
            event_date = str(event_date)
            if edtf_bounds(event_date) is None:
                problem(f"event_date {event_date!r} is not valid EDTF", sid)
            elif row["event_date"] is not None and not _within(event_date, row["event_date"]):
                origin = origins.get(sid)
                where = f" ({origin.file}:{origin.line})" if origin else ""
                problem(f"event_date {event_date!r} falls outside the annotation's {row['event_date']!r}{where}; "
                        "a verdict may only make the text's date more precise — say in the note where the "
                        "record disagrees", sid)
        row.update(verdict=verdict, verdict_note=" ".join(note.split()) if isinstance(note, str) else None,
                   evidence=[" ".join(e.split()) for e in evidence], checked_on=checking.checked_on)
        if event_date is not None and (row["event_date"] is None or _within(event_date, row["event_date"])):
            row["event_date"] = event_date
    for row in rows:
        if row["check_worthy"] and row["statement_id"] not in seen:
            origin = origins.get(row["statement_id"])
            problems.append(Problem(origin.file if origin else None, origin.line if origin else None,
                                    row["statement_id"], f"check-worthy but has no verdict; add an entry to "
                                                         f"{VERDICTS_FILE} (not_checked with a reason is fine)"))
    return problems


def _within(inner: str, outer: str) -> bool:
    """True when every day the EDTF value ``inner`` can denote lies within ``outer``."""
    a, b = edtf_bounds(inner), edtf_bounds(outer)
    return a is not None and b is not None and b[0] <= a[0] and a[1] <= b[1]
