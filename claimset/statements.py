"""Statements: anchored annotations become rows of the statements table, with ids, numbers and dates."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .annotations import Annotation, anchor, anchor_all
from .errors import Problem
from .labels import edtf_bounds
from .sources import Source
from .speakers import Speaker
from .vocabulary import author_id


@dataclass(frozen=True)
class Origin:
    """Where a row came from, so a problem found later can point at the curator's line."""

    file: str
    line: int


def build_statements(source: Source, sentences: list[Annotation], speakers: dict[str, Speaker]
                     ) -> tuple[list[dict], dict[str, Origin], list[Problem]]:
    """Rows for one source, the origin of each row, and every problem found on the way."""
    problems: list[Problem] = []
    author_key = author_id(source.source_id)
    author = speakers.get(author_key)
    if author is None or author.kind != "author":
        problems.append(Problem("speakers.yaml", None, None,
                                f"no speaker {author_key!r} of kind 'author'; add the author of source "
                                f"{source.source_id!r} to the registry (name may say the author is unnamed)"))
        return [], {}, problems

    placed: list[tuple[int, int, Annotation]] = []
    for ann, (start, why) in zip(sentences, anchor_all(source.text, sentences)):
        if why:
            problems.append(ann.problem(why))
        else:
            placed.append((start, start + len(ann.text), ann))
    placed.sort(key=lambda p: (p[0], p[1]))
    for (a0, a1, first), (b0, b1, second) in zip(placed, placed[1:]):
        if (a0, a1) == (b0, b1):
            problems.append(second.problem(f"duplicate: the same sentence is listed at line {first.line}"))

    paragraph_starts = [start for start, _ in source.paragraphs]
    rows: list[dict] = []
    origins: dict[str, Origin] = {}
    for number, (start, end, ann) in enumerate(placed, start=1):
        sentence_id = f"{source.source_id}-s{number:03d}"
        paragraph = max(bisect.bisect_right(paragraph_starts, start), 1)
        rows.append(_row(source, ann, sentence_id, None, paragraph, number, start, end, author, speakers, problems))
        origins[sentence_id] = Origin(ann.file, ann.line)
        spans = []
        for span in ann.spans:
            span_start, why = anchor(ann.text, span, base=start)
            if why:
                problems.append(span.problem(why + " (spans are looked for inside their sentence)"))
            else:
                spans.append((span_start, span_start + len(span.text), span))
        spans.sort(key=lambda p: (p[0], p[1]))
        for (a0, a1, first), (b0, b1, second) in zip(spans, spans[1:]):
            if (a0, a1) == (b0, b1) and first.labels.get("claim_type") == second.labels.get("claim_type"):
                problems.append(second.problem(f"duplicate: the same span and claim type are given at line "
                                               f"{first.line}"))
        for k, (span_start, span_end, span) in enumerate(spans, start=1):
            span_id = f"{sentence_id}-{k}"
            rows.append(_row(source, span, span_id, sentence_id, paragraph, number, span_start, span_end, author,
                             speakers, problems))
            origins[span_id] = Origin(span.file, span.line)
    return rows, origins, problems


def _row(source: Source, ann: Annotation, statement_id: str, parent_id: str | None, paragraph: int, sentence: int,
         start: int, end: int, author: Speaker, speakers: dict[str, Speaker], problems: list[Problem]) -> dict:
    labels = ann.labels

    def problem(message: str) -> None:
        problems.append(ann.problem(message, statement_id))

    speaker_id = labels.get("speaker", author.speaker_id)
    speaker = speakers.get(speaker_id)
    if speaker is None:
        problem(f"unknown speaker {speaker_id!r}; add it to speakers.yaml or use one of: "
                + ", ".join(sorted(speakers)))
    attributed_to = labels.get("attributed_to")
    if attributed_to is not None and attributed_to not in speakers:
        problem(f"unknown attributed_to speaker {attributed_to!r}; add it to speakers.yaml")

    date, basis = labels.get("date"), labels.get("date_basis")
    if speaker is not None and speaker.kind == "author":
        if date is not None or basis is not None:
            problem("the author's own statements are dated by the source's publication date; remove date/date_basis")
        date, basis = source.published, "publication"
    elif date is None or basis is None:
        problem(f"a statement by {speaker_id!r} needs 'date' (EDTF) and 'date_basis': explicit when the text "
                "states the date, context when nearby text implies it")
    bounds = None
    if date is not None:
        bounds = edtf_bounds(date)
        if bounds is None:
            problem(f"date {date!r} is not valid EDTF (e.g. 2018-12, 2019, 2018-12/2019-01)")
    event_date = labels.get("event_date")
    if event_date is not None and edtf_bounds(event_date) is None:
        problem(f"event_date {event_date!r} is not valid EDTF (e.g. 1956, 2019-07)")

    return {
        "statement_id": statement_id,
        "source_id": source.source_id,
        "paragraph": paragraph,
        "sentence": sentence,
        "char_start": start,
        "char_end": end,
        "level": "sentence" if parent_id is None else "span",
        "parent_id": parent_id,
        "quote": source.text[start:end],
        "speaker_id": speaker_id,
        "speaker": speaker.name if speaker else speaker_id,
        "cue": _clean(labels.get("cue")),
        "attributed_to": attributed_to,
        "claim_type": labels.get("claim_type"),
        "claim": _clean(labels.get("claim")),
        "date": date or "",
        "date_start": bounds[0] if bounds else None,
        "date_end": bounds[1] if bounds else None,
        "date_basis": basis or "",
        "event_date": event_date,
        "is_translation": bool(labels.get("is_translation", False)),
        "check_worthy": bool(labels.get("check_worthy", False)),
        "verdict": "not_checked",
        "verdict_note": None,
        "checked_on": None,
        "evidence": [],
        "annotator_note": _clean(labels.get("note")),
    }


def _clean(value) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None
