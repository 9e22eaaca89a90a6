"""Curation commands that change the inputs: register a source, and accept a reviewed draft."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import yaml

from .errors import InvalidInput
from .labels import SLUG, edtf_bounds
from .sources import ANNOTATIONS_FILE, METADATA_FILE, TEXT_FILE, load_sources, sha256
from .speakers import REGISTRY_FILE
from .verdicts import VERDICTS_FILE
from .yamlfile import scalar

DRAFT_FILE = "draft.yaml"
UNRECORDED_LICENSE = ("Not recorded: the rights holder and licence of this text were not given when it was "
                      "registered; do not redistribute it until they are.")


class CurationError(Exception):
    """A curation command cannot go ahead; the message says why and what to do."""


def add_source(root: Path, text_file: Path, slug: str, title: str | None, published: str | None,
               url: str | None, author: str | None, language: str, excerpt: bool) -> Path:
    """Copy a text into ``sources/<slug>/`` with its checksum and metadata, and register its author."""
    if not re.match(SLUG, slug):
        raise CurationError(f"--id {slug!r} is not a lowercase slug (a-z, 0-9, '-'); e.g. harbour-news-2024")
    folder = root / "sources" / slug
    if folder.exists():
        raise CurationError(f"sources/{slug} already exists; choose another --id")
    data = text_file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError(f"{text_file} is not UTF-8 (bad byte at offset {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise CurationError(f"{text_file} is empty; give the text to annotate")
    digest = sha256(data)
    for other in sorted((root / "sources").glob(f"*/{TEXT_FILE}")):
        if sha256(other.read_bytes()) == digest:
            raise CurationError(f"this text is already registered as {other.parent.name} (same sha256)")
    if published is not None and edtf_bounds(published) is None:
        raise CurationError(f"--published {published!r} is not EDTF; e.g. 2024-03-05, 2024-03 or 2019-01/2019-07")
    registry = root / REGISTRY_FILE
    author_id = f"{slug}-author"
    if registry.is_file() and re.search(rf"^- speaker_id: {re.escape(author_id)}\s*$",
                                        registry.read_text(encoding="utf-8"), re.M):
        raise CurationError(f"{REGISTRY_FILE} already has a speaker {author_id}; remove it or choose another --id")
    folder.mkdir(parents=True)
    (folder / TEXT_FILE).write_bytes(data)
    basis = ("Given by the curator when the source was registered with claimset add-source."
             if published else None)
    lines = [
        f"# Metadata of the text in {TEXT_FILE} (copied byte for byte by claimset add-source).",
        "# Fill in what is still null: the build needs published and published_basis.",
        f"source_id: {slug}",
        f"title: {scalar(title or f'Untitled text registered from {text_file.name}')}",
        f"author: {scalar(author)}",
        "publisher: null",
        f"url: {scalar(url)}",
        f"language: {language}",
        f"published: {scalar(published)}",
        f"published_basis: {scalar(basis)}",
        f"is_excerpt: {'true' if excerpt else 'false'}",
        f"license: {scalar(UNRECORDED_LICENSE)}",
        f"sha256: {digest}",
    ]
    (folder / METADATA_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    entry = [f"- speaker_id: {author_id}", f"  name: {scalar(author or f'Author of {slug} (not named)')}",
             "  kind: author", "  role: Author of the source", "  country: null", "  wikidata_id: null",
             "  aliases: []", f"  description: {scalar(f'Whoever wrote source {slug}.')}"]
    with registry.open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join(entry) + "\n")
    return folder


def accept(root: Path, slug: str, force: bool = False) -> tuple[Path, int, int]:
    """Make a reviewed draft the source's annotations; register its new speakers and verdict stubs.

    Returns (annotations path, speakers added, verdict stubs added).
    """
    from .annotations import load_annotations
    from .speakers import load_speakers
    from .statements import build_statements

    folder = root / "sources" / slug
    draft = folder / DRAFT_FILE
    target = folder / ANNOTATIONS_FILE
    if not draft.is_file():
        raise CurationError(f"no draft for {slug}; run claimset draft {slug} first")
    if target.exists() and not force:
        raise CurationError(f"sources/{slug}/{ANNOTATIONS_FILE} exists; pass --force to replace it with the draft")
    text = draft.read_text(encoding="utf-8")
    doc = yaml.safe_load(text) or {}
    stubs = doc.get("new_speakers") or []
    registry = root / REGISTRY_FILE
    known = registry.read_text(encoding="utf-8") if registry.is_file() else ""
    fresh = [s for s in stubs if not re.search(rf"^- speaker_id: {re.escape(s['speaker_id'])}\s*$", known, re.M)]
    annotations = _without_new_speakers(text)
    staged = folder / f".{ANNOTATIONS_FILE}.accepting"
    staged.write_text(annotations, encoding="utf-8")
    try:
        speakers = load_speakers(root)
        from .speakers import Speaker
        speakers += [Speaker(line=0, **{**s, "aliases": tuple(s.get("aliases") or [])}) for s in fresh]
        sentences, problems = load_annotations(staged, f"sources/{slug}/{DRAFT_FILE}")
        source = next(s for s in load_sources(root) if s.source_id == slug)
        rows, _, row_problems = build_statements(source, sentences, {s.speaker_id: s for s in speakers})
        if problems or row_problems:
            raise InvalidInput(problems + row_problems)
        worthy = [r for r in rows if r["check_worthy"]]
        _check_verdicts_file(root)
        with registry.open("a", encoding="utf-8") as out:
            for stub in fresh:
                out.write("\n" + "\n".join([f"- speaker_id: {stub['speaker_id']}"] + [
                    f"  {k}: {scalar(stub.get(k) or [] if k == 'aliases' else stub.get(k))}"
                    for k in ("name", "kind", "role", "country", "wikidata_id", "aliases", "description")]) + "\n")
        today = dt.date.today().isoformat()
        with (root / VERDICTS_FILE).open("a", encoding="utf-8") as out:
            for row in worthy:
                out.write("\n".join([
                    "", f"  - statement_id: {row['statement_id']}",
                    f"    quote: {scalar(' '.join(row['quote'].split()[:7]))}",
                    "    verdict: not_checked",
                    f"    note: {scalar(f'Not checked yet: drafted and accepted on {today}; awaiting a fact-check.')}",
                ]) + "\n")
        shutil.move(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    draft.unlink()
    return target, len(fresh), len(worthy)


def _without_new_speakers(text: str) -> str:
    """The draft's text minus its ``new_speakers`` block (which moves to the registry)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("new_speakers:") or line.startswith("# New speakers found in the text"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def _check_verdicts_file(root: Path) -> None:
    path = root / VERDICTS_FILE
    if not path.is_file():
        raise CurationError(f"{VERDICTS_FILE} is missing; restore it (check-worthy statements need entries there)")
    keys = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^[A-Za-z_]", line)]
    if not keys or not keys[-1].startswith("verdicts:"):
        raise CurationError(f"{VERDICTS_FILE} must end with its verdicts list to append stubs; move it last")

