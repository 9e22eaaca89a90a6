"""The speakers registry: who can be quoted, reported or described, under one canonical id."""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InvalidInput, Problem
from .labels import SLUG_MAX, SPEAKER_KINDS, control_character, is_slug
from . import yamlfile

REGISTRY_FILE = "speakers.yaml"
FIELDS = ("speaker_id", "name", "kind", "role", "country", "wikidata_id", "aliases", "description")
REQUIRED = ("speaker_id", "name", "kind")


@dataclass(frozen=True)
class Speaker:
    speaker_id: str
    name: str
    kind: str
    role: str | None
    country: str | None
    wikidata_id: str | None
    aliases: tuple[str, ...]
    description: str | None
    line: int


def load_speakers(root: Path, fast: bool = False) -> list[Speaker]:
    """Read the registry; structural problems (missing keys, duplicates) carry their line."""
    path = root / REGISTRY_FILE
    if not path.is_file():
        raise InvalidInput([Problem(REGISTRY_FILE, None, None, "missing; the speakers registry must exist at the "
                                                               "repository root")])
    entries = (yamlfile.load_fast if fast else yamlfile.load)(path, REGISTRY_FILE)
    if not isinstance(entries, list) or not entries:
        raise InvalidInput([Problem(REGISTRY_FILE, None, None, "must be a non-empty list of speaker entries")])
    return parse_speakers(entries, REGISTRY_FILE)


def parse_speakers(entries: list, display: str) -> list[Speaker]:
    """Speaker entries as read from YAML (the registry, or a draft's new speakers), checked; else InvalidInput."""
    speakers, problems, seen = [], [], {}
    for entry in entries:
        line = getattr(entry, "line", None)
        if not isinstance(entry, dict):
            problems.append(Problem(display, line, None, "each entry must be a mapping"))
            continue
        missing = [k for k in REQUIRED if not isinstance(entry.get(k), str) or not entry[k].strip()]
        unknown = sorted(set(map(str, entry)) - set(FIELDS))
        sid = entry.get("speaker_id") if isinstance(entry.get("speaker_id"), str) else None
        if missing:
            problems.append(Problem(display, line, sid, f"missing or not text: {', '.join(missing)}"))
        not_text = [k for k in ("role", "country", "wikidata_id", "description")
                    if entry.get(k) is not None and not isinstance(entry[k], str)]
        if not_text:
            problems.append(Problem(display, line, sid, f"must be text or null: {', '.join(not_text)}"))
            continue
        if unknown:
            problems.append(Problem(display, line, sid,
                                    f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(FIELDS)}"))
        if missing or unknown:
            continue
        controls = [f"{k} ({control})" for k in FIELDS if k != "aliases"
                    for control in [control_character(entry.get(k), multiline=k == "description")] if control]
        controls += [f"aliases ({control})" for a in entry.get("aliases") or [] if isinstance(a, str)
                     for control in [control_character(a)] if control]
        if controls:
            problems.append(Problem(display, line, sid,
                                    f"control character in {', '.join(controls)}; remove it"))
            continue
        if entry["kind"] not in SPEAKER_KINDS:
            problems.append(Problem(display, line, sid, f"kind {entry['kind']!r} is not one of: "
                                                        f"{', '.join(SPEAKER_KINDS)}"))
            continue
        if not is_slug(sid):
            problems.append(Problem(display, line, None, f"speaker_id {sid!r} is not a lowercase slug "
                                                               f"(a-z, 0-9, '-') of at most {SLUG_MAX} characters"))
            continue
        if sid in seen:
            problems.append(Problem(display, line, sid, f"duplicate speaker_id (first at line {seen[sid]})"))
            continue
        seen[sid] = line
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problems.append(Problem(display, line, sid, "aliases must be a list of names"))
            continue

        def opt(key):
            value = entry.get(key)
            return None if value is None else str(value).strip()

        speakers.append(Speaker(
            speaker_id=str(sid), name=str(entry["name"]).strip(), kind=str(entry["kind"]), role=opt("role"),
            country=opt("country"), wikidata_id=opt("wikidata_id"), aliases=tuple(str(a) for a in aliases),
            description=opt("description"), line=line))
    if problems:
        raise InvalidInput(problems)
    return speakers


def speaker_row(speaker: Speaker) -> dict:
    """The speaker's row of the ``speakers`` table."""
    row = {name: getattr(speaker, name) for name in _SPEAKER_COLUMNS}  # asdict's deep copy is 10× slower
    row["aliases"] = list(speaker.aliases)
    return row


_SPEAKER_COLUMNS = tuple(f.name for f in fields(Speaker) if f.name != "line")
