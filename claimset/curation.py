"""Curation commands that change the inputs: start a workspace, register a source, accept a reviewed draft."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import InvalidInput, Problem
from .files import temp_prefix, write_atomic
from .labels import LANGUAGE, SOURCE_ID_MAX, control_character, edtf_bounds, is_slug
from .sources import ANNOTATIONS_FILE, METADATA_FILE, TEXT_FILE, URL_SCHEMES, load_sources, sha256
from .speakers import REGISTRY_FILE
from . import vocabulary, yamlfile
from .verdicts import VERDICTS_FILE
from .yamlfile import scalar, word

DRAFT_FILE = "draft.yaml"
UNRECORDED_LICENSE = ("Not recorded: the rights holder and licence of this text were not given when it was "
                      "registered; do not redistribute it until they are.")


class CurationError(Exception):
    """A curation command cannot go ahead; the message says why and what to do."""


_DATASET_TEMPLATE = """\
# The dataset's own words: what the card (dataset/README.md), the Croissant metadata and the Hub say about the
# dataset as a whole. Everything countable (rows, sources, speakers, licences of the texts) is computed from
# the tables by the build. Fill in every empty value: `claimset build --check` lists the ones left.
# Text values are Markdown; `>-` folds a paragraph onto one line. README, Curate, says what each key is for.

name: {name}
pretty_name: {pretty_name}
version: "0.1.0"  # change it with `claimset release --part major|minor|patch`, never by hand
summary: ""  # one paragraph: what the collection is (also the Croissant description)

hub:  # the Hugging Face front matter that is your choice
  license: ""  # a Hub licence id (e.g. cc-by-4.0), or other with license_name
  task_categories: []  # Hub task ids, e.g. [text-classification, token-classification]
annotations_license:  # the licence of everything the curators made (annotations, registry, metadata)
  name: ""
  url: ""

curators: ""
contact: ""
citation: ""  # a BibTeX entry, @misc{{…}}; the build adds the version

# The card's sections (Markdown): why and how the data was made, who is in it, what it is for and not for.
rationale: ""
process: ""
speakers: ""
annotators: ""
personal_information: ""
checking_limits: ""
social_impact: ""
biases: ""
direct_use: ""
out_of_scope_use: ""
recommendations: ""

guidelines:  # the annotation guidelines the card numbers: one title and text each
  - title: ""
    text: ""
"""


def init_workspace(root: Path, name: str | None, title: str | None) -> Path:
    """Start a workspace in ``root``: ``sources/`` and a ``dataset.yaml`` whose keys wait to be filled in."""
    target = root / "dataset.yaml"
    if target.exists():
        raise CurationError(f"{target} already exists; edit it (claimset build --check lists what is missing)")
    name = name or re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-") or "claimset-dataset"
    if not is_slug(name):
        raise CurationError(f"--name {name!r} is not a lowercase slug (a-z, 0-9, '-'); e.g. harbour-statements")
    if title is not None and control_character(title, multiline=False):
        raise CurationError("--title holds a control character; remove it")
    (root / "sources").mkdir(parents=True, exist_ok=True)
    write_atomic(target, _DATASET_TEMPLATE.format(name=name, pretty_name=scalar(title or name)).encode())
    return target


def add_source(root: Path, text_file: Path, slug: str, title: str | None, published: str | None,
               url: str | None, author: str | None, language: str, excerpt: bool, wrapped: bool = False) -> Path:
    """Copy a text into ``sources/<slug>/`` with its checksum and metadata, and register its author.

    Everything is checked before anything is written; the folder appears whole (written under a
    temporary name, then renamed) and speakers.yaml is rewritten atomically.
    """
    if not is_slug(slug, SOURCE_ID_MAX):
        raise CurationError(f"--id {slug!r} is not a lowercase slug (a-z, 0-9, '-') of at most {SOURCE_ID_MAX} "
                            "characters; e.g. harbour-news-2024")
    for option, value in (("--title", title), ("--published", published), ("--url", url), ("--author", author),
                          ("--language", language)):
        control = control_character(value)
        if control:
            raise CurationError(f"{option} holds a control character ({control}); remove it")
    if url is not None and not url.strip().lower().startswith(URL_SCHEMES):
        raise CurationError(f"--url {url!r} is not an http or https address; give the page's web address")
    if not re.fullmatch(LANGUAGE[1:-1], language):
        raise CurationError(f"--language {language!r} is not an ISO 639 code such as en or ja")
    folder = root / "sources" / slug
    if folder.exists() or folder.is_symlink():
        raise CurationError(f"sources/{slug} already exists; choose another --id")
    data = text_file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError(f"{text_file} is not UTF-8 (bad byte at offset {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise CurationError(f"{text_file} is empty; give the text to annotate")
    if not vocabulary.has_word(text):
        raise CurationError(f"{text_file} holds no letter or digit, so no statement; give the text to annotate")
    if "\r" in text.replace("\r\n", ""):
        raise CurationError(f"{text_file} has line breaks that are a lone CR (old Mac style), which would count as "
                            "one paragraph; convert them to LF (e.g. tr '\\r' '\\n' < old > new) and add that")
    digest = sha256(data)
    for other in sorted((root / "sources").glob(f"*/{TEXT_FILE}")):
        if sha256(other.read_bytes()) == digest:
            raise CurationError(f"this text is already registered as {other.parent.name} (same sha256)")
    if published is not None and edtf_bounds(published) is None:
        raise CurationError(f"--published {published!r} is not EDTF (or ends before it starts); e.g. 2024-03-05, "
                            "2024-03 or 2019-01/2019-07")
    registry = root / REGISTRY_FILE
    author_id = vocabulary.author_id(slug)
    known = registry.read_text(encoding="utf-8") if registry.is_file() else ""
    if re.search(rf"^- speaker_id: {re.escape(author_id)}\s*$", known, re.M):
        raise CurationError(f"{REGISTRY_FILE} already has a speaker {author_id}; remove it or choose another --id")
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
        "line_breaks: " + ("wrapped  # or paragraphs" if wrapped else "paragraphs  # or wrapped") + ": see README, Curate",
        f"license: {scalar(UNRECORDED_LICENSE)}",
        f"sha256: {digest}",
    ]
    entry = [f"- speaker_id: {author_id}", f"  name: {scalar(author or f'Author of {slug} (not named)')}",
             "  kind: author", "  role: Author of the source", "  country: null", "  wikidata_id: null",
             "  aliases: []", f"  description: {scalar(f'Whoever wrote source {slug}.')}"]
    if not folder.parent.exists() and not folder.parent.is_symlink():  # the first source of a new workspace
        folder.parent.mkdir()
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=temp_prefix(folder)))
    try:
        (staging / TEXT_FILE).write_bytes(data)
        (staging / METADATA_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        write_atomic(registry, known + "\n" + "\n".join(entry) + "\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def accept(root: Path, slug: str, force: bool = False) -> tuple[Path, int, int]:
    """Make a reviewed draft the source's annotations; register its new speakers and verdict stubs.

    The draft is checked whole first — its YAML, its shape, every new speaker and every statement — and
    only then are speakers.yaml, verdicts.yaml and annotations.yaml rewritten, each atomically.
    Returns (annotations path, speakers added, verdict stubs added).
    """
    from .annotations import load_annotations
    from .speakers import load_speakers, parse_speakers
    from .statements import build_statements

    if not is_slug(slug, SOURCE_ID_MAX):
        raise CurationError(f"{slug!r} is not a source id (a lowercase slug); see the folders in sources/")
    folder = root / "sources" / slug
    draft = folder / DRAFT_FILE
    target = folder / ANNOTATIONS_FILE
    display = f"sources/{slug}/{DRAFT_FILE}"
    if not draft.is_file():
        raise CurationError(f"no draft for {slug}; run claimset draft {slug} first")
    if target.exists() and not force:
        raise CurationError(f"sources/{slug}/{ANNOTATIONS_FILE} exists; pass --force to replace it with the draft")
    doc = yamlfile.load(draft, display)
    if not isinstance(doc, dict):
        raise InvalidInput([Problem(display, None, None, "must be a mapping with a 'sentences' list (and "
                                                         "optionally 'new_speakers'); run claimset draft again")])
    stubs = doc.get("new_speakers") or []
    if not isinstance(stubs, list):
        raise InvalidInput([Problem(display, getattr(doc, "line", None), None,
                                    "new_speakers must be a list of speaker entries")])
    speakers = load_speakers(root)
    known = {s.speaker_id for s in speakers}
    fresh = [s for s in parse_speakers(stubs, display) if s.speaker_id not in known] if stubs else []
    speakers += fresh
    sentences, problems = load_annotations(draft, display, ignore=("new_speakers",))
    source = next(s for s in load_sources(root, {slug}) if s.source_id == slug)
    rows, _, row_problems = build_statements(source, sentences, {s.speaker_id: s for s in speakers})
    if problems or row_problems:
        raise InvalidInput(problems + row_problems)
    worthy = [r for r in rows if r["check_worthy"]]
    verdicts = _check_verdicts_file(root)
    registry = root / REGISTRY_FILE
    registry_text = registry.read_text(encoding="utf-8") if registry.is_file() else ""
    for stub in fresh:
        registry_text += "\n" + "\n".join([f"- speaker_id: {word(stub.speaker_id)}"] + [
            f"  {k}: {scalar(list(getattr(stub, k)) if k == 'aliases' else getattr(stub, k))}"
            for k in ("name", "kind", "role", "country", "wikidata_id", "aliases", "description")]) + "\n"
    today = dt.date.today().isoformat()
    for row in worthy:
        verdicts += "\n".join([
            "", f"  - statement_id: {row['statement_id']}",
            f"    quote: {scalar(_opening_words(row['quote']))}",
            "    verdict: not_checked",
            f"    note: {scalar(f'Not checked yet: drafted and accepted on {today}; awaiting a fact-check.')}",
        ]) + "\n"
    write_atomic(registry, registry_text)
    write_atomic(root / VERDICTS_FILE, NO_ENTRIES.sub("verdicts: []\n", verdicts))
    write_atomic(target, _without_new_speakers(draft.read_text(encoding="utf-8")))
    draft.unlink()
    return target, len(fresh), len(worthy)


def _opening_words(quote: str, count: int = 7) -> str:
    """The statement's first ``count`` words exactly as they stand (spacing kept): a verdict's quote must be
    verbatim, and "•  The two" is not "• The two"."""
    return re.match(rf"\S+(?:\s+\S+){{0,{count - 1}}}", quote.strip()).group(0)


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


NEW_VERDICTS_FILE = """\
# Fact-check verdicts: the one audited file of checking decisions, applied last by the build.
# claimset accept adds a not_checked entry for each check-worthy statement; replace it with the verdict,
# a note and the evidence once the claim is checked, and say below how the checking was done.
checked_on: {today}
method: >-
  Not checked yet: every entry was written by claimset accept as not_checked.
verdicts:
"""
"""verdicts.yaml as the first ``claimset accept`` of a new workspace starts it."""


def _check_verdicts_file(root: Path) -> str:
    """The text of verdicts.yaml, ready for stubs to be appended (its verdicts list comes last)."""
    path = root / VERDICTS_FILE
    if not path.is_file() and not path.exists() and not path.is_symlink():  # a new workspace: start the file
        return NEW_VERDICTS_FILE.format(today=dt.date.today().isoformat())
    if not path.is_file():
        raise CurationError(f"{VERDICTS_FILE} is not a file; restore it (check-worthy statements need entries there)")
    text = path.read_text(encoding="utf-8")
    keys = [line for line in text.splitlines() if re.match(r"^[A-Za-z_]", line)]
    if not keys or not keys[-1].startswith("verdicts:"):
        raise CurationError(f"{VERDICTS_FILE} must end with its verdicts list to append stubs; move it last")
    text = text if text.endswith("\n") else text + "\n"
    return EMPTY_LIST.sub("verdicts:\n", text)  # entries may follow


EMPTY_LIST = re.compile(r"^verdicts:[ \t]*\[\][ \t]*\n\Z", re.M)
NO_ENTRIES = re.compile(r"^verdicts:[ \t]*\n\Z", re.M)
"""verdicts.yaml ending with an empty list, written ``[]`` (and read back without it, to append entries)."""

