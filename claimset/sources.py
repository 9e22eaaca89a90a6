"""Sources: each folder under ``sources/`` holds one text, byte for byte, and its metadata."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidInput, Problem
from .files import read_input
from .labels import LINE_BREAKS, SOURCE_ID_MAX, control_character, edtf_bounds, is_slug
from .vocabulary import CLOSING_MARKS
from . import yamlfile

TEXT_FILE = "text.txt"
METADATA_FILE = "source.yaml"
ANNOTATIONS_FILE = "annotations.yaml"

URL_SCHEMES = ("http://", "https://")
"""The only URLs a source may give: anything else (``javascript:``, ``file:``, ``data:``) would be a link a reader's
browser or a ClaimReview consumer follows."""

REQUIRED = ("source_id", "title", "language", "published", "published_basis", "is_excerpt", "license", "sha256")
OPTIONAL = ("author", "publisher", "url", "line_breaks")


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    author: str | None
    publisher: str | None
    url: str | None
    language: str
    published: str
    published_basis: str
    is_excerpt: bool
    license: str
    text: str
    text_sha256: str
    metadata_file: str
    annotations_file: Path
    line_breaks: str = LINE_BREAKS[0]

    @property
    def wrapped(self) -> bool:
        return self.line_breaks == "wrapped"

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        return paragraph_spans(self.text, self.wrapped)


def paragraph_spans(text: str, wrapped: bool = False) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of each paragraph in order: each non-empty line, or with ``wrapped`` each
    block of non-empty lines (``labels.LINE_BREAKS``)."""
    spans, start = [], 0
    for line in (unwrapped(text) if wrapped else text).split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def unwrapped(text: str, short_lines: bool = False) -> str:
    """A hard-wrapped text with each line break inside a paragraph (between two non-empty lines) read as a
    space: the same length, so every offset into it is an offset into the text, which keeps its breaks.
    With ``short_lines``, a line that ends well before the text's width keeps its break (a heading, a date
    line, an address: lines that were never wrapped) — how a reader, not the contract, sees the text."""
    lines = text.split("\n")
    filled = [bool(line.strip()) for line in lines]
    inner = sorted(len(line.rstrip()) for i, line in enumerate(lines[:-1])  # a lone long word (a URL) sets no width
                   if filled[i] and filled[i + 1] and len(line.split()) > 1)
    width = inner[len(inner) * 9 // 10] if inner and short_lines else 0

    def joined(i: int) -> str:
        """Line ``i`` and the break after it: read as spaces inside a paragraph (a CR before it too, which a
        sentence splitter would take for a break)."""
        if i == len(lines) - 1:
            return lines[i]
        if filled[i] and filled[i + 1] and len(lines[i].rstrip()) >= 0.6 * width:
            return lines[i][:-1] + "  " if lines[i].endswith("\r") else lines[i] + " "
        return lines[i] + "\n"
    return "".join(joined(i) for i in range(len(lines)))


def looks_wrapped(text: str) -> bool:
    """Whether the text reads as hard-wrapped: at least four lines run on into a next one, and most of them break
    mid-sentence at a line length of 40 to 100 characters (list items aside)."""
    lines = [line.rstrip() for line in text.split("\n")]
    inner = [line for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    broken = [line for line in inner if 40 <= len(line) <= 100 and not line.endswith(_ENDS_SENTENCE)
              and not _LIST_ITEM.match(line)]
    return len(inner) >= 4 and len(broken) >= 0.6 * len(inner)


def has_blank_line(text: str) -> bool:
    """Whether a blank line stands between two non-empty lines: without one, a wrapped text is one paragraph."""
    filled = [i for i, line in enumerate(text.split("\n")) if line.strip()]
    return bool(filled) and filled[-1] - filled[0] + 1 > len(filled)


_ENDS_SENTENCE = (".", "?", "!", ":", ";", *CLOSING_MARKS)
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2013\u2014]|\d+[.)])\s")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_sources(root: Path, only: set[str] | None = None) -> list[Source]:
    """Read every source folder under ``root/sources`` (those named in ``only``, when given); all problems
    are raised together."""
    folder = root / "sources"
    if not folder.is_dir():
        raise InvalidInput([Problem(str(folder), None, None,
                                    "no sources/ folder here; run from the repository root or pass --root")])
    sources, problems = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_dir() and (only is None or p.name in only)):
        try:
            sources.append(load_one(root, path))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if not sources and not problems:
        problems.append(Problem(str(folder.relative_to(root)), None, None,
                                f"no source folders; add sources/<slug>/{TEXT_FILE} and {METADATA_FILE}"))
    if problems:
        raise InvalidInput(problems)
    return sources


def outside_root(root: Path, path: Path) -> str | None:
    """Why ``path`` must not be read as an input (a symlink leading out of the repository), or None.

    A link inside the repository is read (``linked_inputs`` lists them so the build can say so); one that
    leads elsewhere would publish a file nobody reviewed here.
    """
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        return f"{path.relative_to(root)} is a symlink that cannot be resolved; replace it with the file itself"
    if not real.is_relative_to(root.resolve()):
        return (f"{path.relative_to(root)} is a symlink to {real}, outside the repository; copy the file into "
                "the repository instead")
    return None


def linked_inputs(root: Path) -> list[str]:
    """The source folders and files that are symlinks resolving inside the repository (read, but worth saying)."""
    found = []
    folder = root / "sources"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        for candidate in [path] + ([path / n for n in (TEXT_FILE, METADATA_FILE, ANNOTATIONS_FILE)]
                                   if path.is_dir() else []):
            if candidate.is_symlink() and outside_root(root, candidate) is None:
                found.append(f"{candidate.relative_to(root)} is a symlink; read from "
                             f"{candidate.resolve().relative_to(root.resolve())}")
    return found


def key_line(path: Path, key: str) -> int | None:
    """The line of a top-level ``key:`` in a YAML file, so a problem with one value points at its own line."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((n for n, text in enumerate(lines, start=1) if re.match(rf"{re.escape(key)}\s*:", text)), None)


def load_one(root: Path, folder: Path, fast: bool = False) -> Source:
    """One source folder (``fast``: parse its YAML with ``yamlfile.load_fast``), or InvalidInput."""
    rel = folder.relative_to(root)
    meta_display = str(rel / METADATA_FILE)
    text_path, meta_path = folder / TEXT_FILE, folder / METADATA_FILE
    for path in (folder, text_path, meta_path, folder / ANNOTATIONS_FILE):
        why = outside_root(root, path) if path.is_symlink() else None
        if why:
            raise InvalidInput([Problem(str(path.relative_to(root)), None, None, why)])
    for path in (text_path, meta_path):
        if not path.is_file():
            raise InvalidInput([Problem(str(rel), None, None, f"missing {path.name}; every source folder needs "
                                                              f"{TEXT_FILE} and {METADATA_FILE}")])
    meta = (yamlfile.load_fast if fast else yamlfile.load)(meta_path, meta_display)
    if not isinstance(meta, dict):
        raise InvalidInput([Problem(meta_display, None, None, "must be a mapping of metadata keys")])
    line = getattr(meta, "line", None)
    problems = []

    def bad(message: str, key: str | None = None, file: str = meta_display) -> None:
        """A problem of the metadata (at ``key``'s line where it names one) or, with ``file``, of the text."""
        at = None if file != meta_display else (key and key_line(meta_path, key)) or line
        problems.append(Problem(file, at, None, message))

    missing = [k for k in REQUIRED if k not in meta]
    unknown = sorted(set(map(str, meta)) - set(REQUIRED) - set(OPTIONAL))
    blank = [k for k in REQUIRED if k in meta and k != "is_excerpt" and (meta[k] is None or not str(meta[k]).strip())]
    not_text = [k for k in REQUIRED + OPTIONAL
                if k in meta and k not in ("is_excerpt", "published", "line_breaks") and meta[k] is not None
                and not isinstance(meta[k], str)]
    if blank:
        bad(f"must not be empty: {', '.join(blank)}")
    if not_text:
        bad(f"must be text: {', '.join(not_text)}")
    if missing:
        bad(f"missing key(s): {', '.join(missing)}")
    if unknown:
        bad(f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED + OPTIONAL:
        control = control_character(meta.get(key), multiline=key in ("published_basis", "license"))
        if control:
            bad(f"{key} holds a control character ({control}); remove it", key)
    if problems:
        raise InvalidInput(problems)
    source_id = str(meta["source_id"])
    if not is_slug(source_id, SOURCE_ID_MAX):
        bad(f"source_id {source_id!r} is not a lowercase slug (a-z, 0-9, '-') of at most {SOURCE_ID_MAX} characters",
            "source_id")
    elif source_id != folder.name:
        bad(f"source_id {source_id!r} differs from its folder name {folder.name!r}; rename one")
    url = meta.get("url")
    if isinstance(url, str) and not url.strip().lower().startswith(URL_SCHEMES):
        bad(f"url {url.strip()[:80]!r} is not an http or https address; give the page's web address, or null where "
            "there is none", "url")
    text_display = str(rel / TEXT_FILE)
    data = read_input(text_path)
    digest = sha256(data)
    if digest != meta["sha256"]:
        bad(f"checksum changed: the text's sha256 is {digest} but {METADATA_FILE} records {meta['sha256']}; "
            f"restore the original text, or if the change is intended update sha256 and re-check the annotations",
            file=text_display)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(problems + [Problem(text_display, None, None,
                                               f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")])
    if "\r" in text.replace("\r\n", ""):
        bad("has line breaks that are a lone CR (old Mac style), which would be counted as one paragraph; convert them "
            "to LF (e.g. tr '\\r' '\\n'), then update sha256", file=text_display)
    published = str(meta["published"])
    if edtf_bounds(published) is None:
        bad(f"published {published!r} is not a valid EDTF date or interval, or ends before it starts (e.g. 2019-03 "
            "or 2019-01/2019-07)", "published")
    if not isinstance(meta["is_excerpt"], bool):
        bad("is_excerpt must be true or false")
    line_breaks = LINE_BREAKS[0] if meta.get("line_breaks") is None else meta["line_breaks"]
    if line_breaks not in LINE_BREAKS:
        bad(f"line_breaks {str(line_breaks)[:40]!r} must be paragraphs (each line break ends a paragraph) or wrapped "
            "(a hard-wrapped text: blank lines end paragraphs)", "line_breaks")
    if problems:
        raise InvalidInput(problems)

    def opt(key):
        value = meta.get(key)
        return None if value is None else str(value).strip()

    return Source(
        source_id=source_id, title=str(meta["title"]).strip(), author=opt("author"), publisher=opt("publisher"),
        url=opt("url"), language=str(meta["language"]), published=published,
        published_basis=str(meta["published_basis"]).strip(), is_excerpt=meta["is_excerpt"],
        license=str(meta["license"]).strip(), text=text, text_sha256=digest, metadata_file=meta_display,
        annotations_file=folder / ANNOTATIONS_FILE, line_breaks=line_breaks,
    )


def source_row(source: Source, n_sentences: int) -> dict:
    """The source's row of the ``sources`` table (``n_sentences``: its sentence rows, counted by the build)."""
    start, end = edtf_bounds(source.published)
    return {
        "source_id": source.source_id, "title": source.title, "author": source.author,
        "publisher": source.publisher, "url": source.url, "language": source.language,
        "published": source.published, "published_start": start, "published_end": end,
        "published_basis": source.published_basis, "is_excerpt": source.is_excerpt, "license": source.license,
        "text": source.text, "text_sha256": source.text_sha256, "line_breaks": source.line_breaks,
        "n_paragraphs": len(source.paragraphs),
        "n_sentences": n_sentences,
    }


def unclosed_notes(sources) -> list[str]:
    """A line for each quotation mark of a source text that never closes (``vocabulary.unclosed_marks``):
    not an error — no direct_quote span is required for it — but worth a look at the text's marks.
    ``sources``: the sources table (Arrow), in source order."""
    from .vocabulary import SPAN_REQUIRED, unclosed_marks

    notes = []
    for source_id, text, line_breaks in zip(*(sources.column(c).to_pylist()
                                              for c in ("source_id", "text", "line_breaks"))):
        if not any(opening in text for opening, _ in SPAN_REQUIRED):
            continue
        notes += [f"sources/{source_id}/{TEXT_FILE}:{line}: the quotation mark {mark} at column {column} never closes "
                  "in its paragraph; no direct_quote span is required for it (check the text's marks)"
                  for line, column, mark in unclosed_marks(text, unwrapped(text) if line_breaks == "wrapped" else None)]
    return notes

