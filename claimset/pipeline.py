"""The build: sources → annotations → statements → validation → publish, failing before anything is written."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .annotations import load_annotations
from .errors import InvalidInput, Problem
from .schemas import edtf_bounds
from .sources import Source, load_sources
from .speakers import REGISTRY_FILE, Speaker, load_speakers
from .statements import Origin, build_statements
from .tables import make_frame
from .validation import check_dataset
from .verdicts import Checking, apply_verdicts, load_verdicts


@dataclass
class Built:
    """The validated tables and how their claims were checked."""

    tables: dict[str, pd.DataFrame]
    checking: Checking


def assemble(root: Path) -> Built:
    """Read every input under ``root`` and return the three validated tables, or raise InvalidInput."""
    problems: list[Problem] = []
    sources: list[Source] = _collect(problems, load_sources, root)
    speakers: list[Speaker] = _collect(problems, load_speakers, root)
    verdicts = _collect(problems, load_verdicts, root)
    if problems:
        raise InvalidInput(problems)
    checking, entries = verdicts

    registry = {s.speaker_id: s for s in speakers}
    statement_rows: list[dict] = []
    origins: dict[str, Origin] = {}
    for source in sources:
        display = str(source.annotations_file.relative_to(root))
        try:
            annotations, parse_problems = load_annotations(source.annotations_file, display)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        rows, row_origins, row_problems = build_statements(source, annotations, registry)
        statement_rows += rows
        origins.update(row_origins)
        problems += parse_problems + row_problems
    if problems:
        raise InvalidInput(problems)
    problems = apply_verdicts(statement_rows, checking, entries, origins)
    if problems:
        raise InvalidInput(problems)

    tables = {
        "statements": make_frame("statements", statement_rows),
        "speakers": make_frame("speakers", [_speaker_row(s) for s in speakers]),
        "sources": make_frame("sources", [_source_row(s, statement_rows) for s in sources]),
    }
    found = check_dataset(tables["statements"], tables["speakers"], tables["sources"])
    if found:
        places = {("statements", sid): (o.file, o.line) for sid, o in origins.items()}
        places.update({("speakers", s.speaker_id): (REGISTRY_FILE, s.line) for s in speakers})
        places.update({("sources", s.source_id): (s.metadata_file, None) for s in sources})
        raise InvalidInput([Problem(*places.get((f.config, f.row), (None, None)), f.row, f.message) for f in found])
    return Built(tables, checking)


def _collect(problems: list[Problem], loader, root: Path):
    """Run one loader, adding its problems to ``problems`` instead of stopping at the first file."""
    try:
        return loader(root)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return None


def _speaker_row(speaker: Speaker) -> dict:
    row = asdict(speaker)
    row.pop("line")
    row["aliases"] = list(speaker.aliases)
    return row


def _source_row(source: Source, statement_rows: list[dict]) -> dict:
    start, end = edtf_bounds(source.published)
    return {
        "source_id": source.source_id, "title": source.title, "author": source.author,
        "publisher": source.publisher, "url": source.url, "language": source.language,
        "published": source.published, "published_start": start, "published_end": end,
        "published_basis": source.published_basis, "is_excerpt": source.is_excerpt, "license": source.license,
        "text": source.text, "text_sha256": source.text_sha256, "n_paragraphs": len(source.paragraphs),
        "n_sentences": sum(1 for r in statement_rows
                           if r["source_id"] == source.source_id and r["level"] == "sentence"),
    }
