"""Annotations: curated YAML that names each statement by its exact words, never by offsets.

The build finds the offsets (``anchor``), so a curator can read and edit the file
without counting characters, and a wrong word is caught instead of silently
shifting a span.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput, Problem
from .labels import CLAIM_TYPES, control_character
from . import yamlfile

ROW_KEYS = ("text", "occurrence", "claim_type", "speaker", "cue", "attributed_to", "claim", "date", "date_basis",
            "event_date", "is_translation", "check_worthy", "note")
SENTENCE_KEYS = ROW_KEYS + ("spans",)
BOOLEAN_KEYS = ("is_translation", "check_worthy")
STRING_KEYS = ("text", "speaker", "cue", "attributed_to", "claim", "date", "date_basis", "event_date", "note")


@dataclass
class Annotation:
    """One curated statement: its words, where it is written, and the labels the curator gave."""

    text: str
    occurrence: int | None
    labels: dict
    file: str
    line: int
    spans: list["Annotation"] = field(default_factory=list)

    def problem(self, message: str, statement: str | None = None) -> Problem:
        return Problem(self.file, self.line, statement, message)


def load_annotations(path: Path, display: str, ignore: tuple[str, ...] = (), fast: bool = False
                     ) -> tuple[list[Annotation], list[Problem]]:
    """Parse one source's annotation file: the annotations that can be placed, and every problem found.

    A row with a bad label is still returned (its text can be placed), so later stages can report
    their problems in the same run; a file that cannot be read at all raises InvalidInput.
    """
    if not path.is_file():
        raise InvalidInput([Problem(display, None, None,
                                    "missing; every source needs an annotations.yaml listing its sentences")])
    doc = (yamlfile.load_fast if fast else yamlfile.load)(path, display)
    if not isinstance(doc, dict) or not isinstance(doc.get("sentences"), list) or not doc["sentences"]:
        raise InvalidInput([Problem(display, getattr(doc, "line", None), None,
                                    "must be a mapping with a non-empty 'sentences' list")])
    extra = sorted(set(doc) - {"sentences", *ignore})
    problems = [Problem(display, getattr(doc, "line", None), None, f"unknown top-level key(s): {', '.join(extra)}")] if extra else []
    sentences = []
    for item in doc["sentences"]:
        sentence = _parse(item, display, SENTENCE_KEYS, problems)
        if sentence is None:
            continue
        spans = item.get("spans") or []
        if not isinstance(spans, list):
            problems.append(Problem(display, getattr(item, "line", None), None, "spans must be a list of span entries"))
            spans = []
        for span_item in spans:
            span = _parse(span_item, display, ROW_KEYS, problems)
            if span is not None:
                sentence.spans.append(span)
        sentences.append(sentence)
    return sentences, problems


def _parse(item, display: str, allowed: tuple[str, ...], problems: list[Problem]) -> Annotation | None:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        problems.append(Problem(display, line, None, "each entry must be a mapping with at least 'text'"))
        return None
    unknown = sorted(set(item) - set(allowed))
    if unknown:
        problems.append(Problem(display, line, None,
                                f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(allowed)}"))
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(display, line, None, "'text' is missing or empty; give the statement's exact words"))
    elif text != text.strip():
        problems.append(Problem(display, line, None, "'text' has leading or trailing whitespace; remove it"))
    claim_type = item.get("claim_type")
    if claim_type is None:
        problems.append(Problem(display, line, None, f"'claim_type' is missing; use one of: {', '.join(CLAIM_TYPES)}"))
    elif claim_type not in CLAIM_TYPES:
        problems.append(Problem(display, line, None,
                                f"unknown claim type {claim_type!r}; use one of: {', '.join(CLAIM_TYPES)}"))
    basis = item.get("date_basis")
    if basis is not None and basis not in ("explicit", "context"):
        problems.append(Problem(display, line, None, f"date_basis {basis!r} is not allowed here; use explicit or "
                                                     "context (publication is set by the build for the author's rows)"))
    for key in BOOLEAN_KEYS:
        if key in item and not isinstance(item[key], bool):
            problems.append(Problem(display, line, None, f"{key} must be true or false, not {item[key]!r}"))
    occurrence = item.get("occurrence")
    bad_occurrence = occurrence is not None and (
        isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1)
    if bad_occurrence:
        problems.append(Problem(display, line, None, "occurrence must be a whole number from 1 (the first occurrence)"))
    if not isinstance(text, str) or text != text.strip() or not text or bad_occurrence:
        return None
    labels = {k: item[k] for k in allowed if k not in ("text", "occurrence", "spans") and item.get(k) is not None}
    for key in ("date", "event_date"):  # an unquoted year such as 1956 arrives as a number
        if isinstance(labels.get(key), int) and not isinstance(labels[key], bool):
            labels[key] = str(labels[key])
    for key in STRING_KEYS:
        if key in labels and not isinstance(labels[key], str):
            problems.append(Problem(display, line, None, f"{key} must be text, not {labels.pop(key)!r}"))
        elif key in labels and key != "text" and control_character(labels[key], multiline=key in ("claim", "note")):
            control = control_character(labels.pop(key), multiline=key in ("claim", "note"))
            problems.append(Problem(display, line, None, f"{key} holds a control character ({control}); remove it"))
    return Annotation(text=text, occurrence=occurrence, labels=labels, file=display, line=line)


def anchor(haystack: str, ann: Annotation, base: int = 0) -> tuple[int | None, str | None]:
    """Code-point offset of ``ann.text`` in ``haystack`` (plus ``base``), or an explanation of why not."""
    starts = occurrences(haystack, ann.text)
    if not starts:
        return None, f"text not found verbatim: {_clip(ann.text)!r}; {closest_passage(haystack, ann.text)}"
    if ann.occurrence is None:
        if len(starts) > 1:
            return None, (f"text occurs {len(starts)} times: {_clip(ann.text)!r}; add 'occurrence: N' "
                          f"(1 to {len(starts)}) to say which")
        return base + starts[0], None
    if ann.occurrence > len(starts):
        return None, (f"occurrence {ann.occurrence} asked for, but the text occurs {len(starts)} time(s): "
                      f"{_clip(ann.text)!r}")
    return base + starts[ann.occurrence - 1], None


WORD = re.compile(r"\w")


def occurrences(haystack: str, words: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every offset where ``words`` occurs in ``haystack[start:end]`` as whole words, overlapping ones too.

    "the" does not match inside "other". Equivalent to a look-ahead regex search with ``\\w`` boundaries,
    but ``str.find`` does the scanning, an order of magnitude faster on long texts.
    """
    if not words:
        return []
    end = len(haystack) if end is None else end
    check_before, check_after = bool(WORD.match(words)), bool(WORD.search(words[-1:]))
    found, at = [], haystack.find(words, start, end)
    while at >= 0:
        after = at + len(words)
        if not (check_before and at > start and WORD.match(haystack, at - 1)) and \
                not (check_after and after < end and WORD.match(haystack, after)):
            found.append(at)
        at = haystack.find(words, at + 1, end)
    return found


QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def closest_passage(haystack: str, needle: str) -> str:
    """Describe the passage of ``haystack`` most like ``needle``, to make a typo easy to find."""
    folded = haystack.translate(QUOTE_FOLD)
    if needle.translate(QUOTE_FOLD) in folded:
        at = folded.index(needle.translate(QUOTE_FOLD))
        return (f"it matches {_clip(haystack[at:at + len(needle)])!r} except for quotation marks, apostrophes or "
                "dashes; copy them exactly as the text has them")
    width = len(needle)
    starts = [0] + [m.end() for m in re.finditer(r"\s+", haystack)]
    best, best_at = -1.0, 0
    for start in starts:
        candidate = haystack[start:start + width]
        matcher = difflib.SequenceMatcher(None, needle, candidate, autojunk=False)
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, best_at = ratio, start
    if best < 0.5:
        return "no similar passage; check that it belongs to this source (and, for a span, to its sentence)"
    return f"closest passage: {_clip(haystack[best_at:best_at + width])!r}"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
