"""``claimset release``: bump the dataset's version (declared once, in dataset.yaml), date CHANGELOG.md's
``[Unreleased]`` section and CITATION.cff with it, and rebuild — or refuse, before anything is written, with one
line saying what to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .dataset_info import DATASET_FILE, VERSION

PARTS = ("major", "minor", "patch")
CHANGELOG_FILE = "CHANGELOG.md"
CITATION_FILE = "CITATION.cff"
LICENSE_FILE = "LICENSE"
UNRELEASED = "## [Unreleased]"

OPEN_LICENCES = (
    "CC0 1.0",
    "CC BY 4.0",
    "CC BY-SA 4.0",
    "Creative Commons Attribution 4.0",
    "Public Data License (Version 1.0)",
    "Government of Japan Standard Terms of Use (Version 2.0)",
    "Public domain",
)
"""The licences a release recognises as letting anyone redistribute a text: a source's ``license`` must open
with one of these names (the rest of the field is attribution and notes)."""
RESERVED = ("all rights reserved", "not licensed")
"""Words that make a licence text restricted wherever they stand in it."""

_CHANGELOG_VERSION = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", re.M)
_CFF_VERSION, _CFF_URL, _CFF_DATE = (re.compile(rf'^{key}: *"?([^"\n]*)"?[ \t]*$', re.M)
                                     for key in ("version", "url", "date-released"))
_YAML_VERSION = re.compile(r'^version: *"?([^"\n#]*?)"?[ \t]*$', re.M)


class Refused(Exception):
    """Why the release was refused: one line that says what to fix."""


def bump(version: str, part: str) -> str:
    """``version`` with its ``part`` (major, minor or patch) raised by one and the parts after it set to 0."""
    found = VERSION.fullmatch(version)
    if not found or part not in PARTS:
        raise ValueError(f"cannot bump {part} of {version!r}")
    major, minor, patch = map(int, found.groups())
    bumped = {"major": (major + 1, 0, 0), "minor": (major, minor + 1, 0), "patch": (major, minor, patch + 1)}[part]
    return ".".join(map(str, bumped))


def open_licence(licence: str) -> str | None:
    """The name (from ``OPEN_LICENCES``) of the open licence a source's ``license`` text opens with, or None
    when it names none or says its text is reserved."""
    text = " ".join(licence.split()).lower()
    if any(words in text for words in RESERVED):
        return None
    return next((name for name in OPEN_LICENCES if text.startswith(name.lower())), None)


def is_open(licence: str) -> bool:
    """Whether a source's ``license`` text names a licence a release recognises as open (``OPEN_LICENCES``)."""
    return open_licence(licence) is not None


def unflagged_licences(sources, info) -> list[str]:
    """The source ids whose licence is not recognised as open and that dataset.yaml does not flag."""
    flagged = {entry[0] for entry in info.restricted_texts}
    return [str(source_id) for source_id, licence in zip(sources["source_id"], sources["license"])
            if not is_open(str(licence)) and source_id not in flagged]


def _cff(field: re.Pattern, text: str) -> str | None:
    found = field.search(text)
    return found.group(1).strip() if found else None


def disagreements(root: Path, version: str, url: str | None = None) -> list[str]:
    """How CHANGELOG.md and CITATION.cff disagree with dataset.yaml's ``version`` and ``url`` (empty when they
    agree), each a line saying what to fix."""
    problems = []
    changelog, citation = root / CHANGELOG_FILE, root / CITATION_FILE
    if not changelog.is_file():
        problems.append(f"no {CHANGELOG_FILE} in {root}; write one (Keep a Changelog) with a section for {version}")
    else:
        text = changelog.read_text(encoding="utf-8")
        versions = _CHANGELOG_VERSION.findall(text)  # newest first, as Keep a Changelog orders them
        if UNRELEASED not in text:
            problems.append(f"{CHANGELOG_FILE} has no '{UNRELEASED}' section; add one above the releases")
        if not versions or versions[0] != version:
            problems.append(f"{CHANGELOG_FILE}'s latest release is {versions[0] if versions else 'missing'}, but "
                            f"{DATASET_FILE} says {version}; give {version} its section")
    if not citation.is_file():
        problems.append(f"no {CITATION_FILE} in {root}; write one (CFF 1.2.0) with version: \"{version}\"")
    else:
        text = citation.read_text(encoding="utf-8")
        found = _cff(_CFF_VERSION, text)
        if found != version:
            problems.append(f"{CITATION_FILE} says version {found or 'nothing'}, but {DATASET_FILE} says {version}; "
                            f"set version: \"{version}\"")
        given = _cff(_CFF_URL, text)
        if given != url:
            fix = f"set url: \"{url}\"" if url else "remove it from CITATION.cff or add it to dataset.yaml"
            problems.append(f"{CITATION_FILE} gives url {given or 'none'}, but {DATASET_FILE} gives {url or 'none'}; "
                            f"{fix}")
    return problems


def unreleased_notes(text: str) -> str:
    """What CHANGELOG.md lists under ``[Unreleased]`` (up to the next release), stripped."""
    start = text.index(UNRELEASED) + len(UNRELEASED)
    following = _CHANGELOG_VERSION.search(text, start)
    return text[start:following.start() if following else len(text)].strip()


@dataclass(frozen=True)
class Release:
    old: str
    new: str
    built: object
    """The assembled tables (``pipeline.Built``)."""
    files: dict
    """Path → (text before, text after) of dataset.yaml, CHANGELOG.md and CITATION.cff."""


def prepare(root: Path, part: str, date: str) -> Release:
    """Every check of a release, and the new texts of its three files; nothing is written. Raises Refused,
    or InvalidInput with the inputs' problems (the build's)."""
    from .dataset_info import load_dataset_info, load_for
    from .errors import InvalidInput
    from .pipeline import assemble

    try:
        info = load_dataset_info(root)
    except InvalidInput as exc:
        raise Refused(f"{exc.problems[0]}") from None
    problems = disagreements(root, info.version, info.url)
    if problems:
        raise Refused(problems[0])
    changelog = (root / CHANGELOG_FILE).read_text(encoding="utf-8")
    if not unreleased_notes(changelog):
        raise Refused(f"{CHANGELOG_FILE} lists nothing under '{UNRELEASED}'; write what changed in the data, "
                      "then release")
    citation = (root / CITATION_FILE).read_text(encoding="utf-8")
    if not _CFF_DATE.search(citation):
        raise Refused(f"{CITATION_FILE} has no date-released line; add date-released: \"YYYY-MM-DD\"")
    built = assemble(root)  # InvalidInput: the inputs do not validate
    info = load_for(root, built.frames())
    unflagged = unflagged_licences(built.frames()["sources"], info)
    if unflagged:
        first = unflagged[0]
        more = f" (and {len(unflagged) - 1} more)" if len(unflagged) > 1 else ""
        raise Refused(f"the licence of {first}{more} is not one a release recognises as open, and {DATASET_FILE} does "
                      f"not flag it; add it to restricted_texts with the reason it is included, or correct its "
                      f"license in sources/{first}/source.yaml")
    new = bump(info.version, part)
    dataset_yaml = (root / DATASET_FILE).read_text(encoding="utf-8")
    if len(_YAML_VERSION.findall(dataset_yaml)) != 1:
        raise Refused(f"{DATASET_FILE}'s version is not on a line of its own; write it as version: "
                      f"\"{info.version}\" at the top level, with no comment after it")
    after = {
        DATASET_FILE: _YAML_VERSION.sub(f'version: "{new}"', dataset_yaml, count=1),
        CHANGELOG_FILE: changelog.replace(UNRELEASED, f"{UNRELEASED}\n\n## [{new}] - {date}", 1),
        CITATION_FILE: _CFF_DATE.sub(f'date-released: "{date}"',
                                     _CFF_VERSION.sub(f'version: "{new}"', citation, count=1), count=1),
    }
    before = {DATASET_FILE: dataset_yaml, CHANGELOG_FILE: changelog, CITATION_FILE: citation}
    return Release(info.version, new, built, {root / name: (before[name], after[name]) for name in after})


def release(root: Path, part: str, out: Path, date: str) -> Release:
    """Check, write the new version into dataset.yaml, CHANGELOG.md and CITATION.cff, and publish the dataset
    into ``out``; the three files are put back as they were if the publish fails."""
    from .dataset_info import load_for
    from .files import write_atomic
    from .publish import publish

    done = prepare(root, part, date)
    written = []
    try:
        for path, (_, text) in done.files.items():
            write_atomic(path, text)
            written.append(path)
        publish(done.built, out, root=root, info=load_for(root, done.built.frames()))  # the new version
    except BaseException:
        for path in written:
            write_atomic(path, done.files[path][0])
        raise
    return done
