"""dataset.yaml: the dataset's own words (name, summary, licence of the annotations, citation, the card's prose).

The card and the Croissant metadata compute everything countable from the tables; what they cannot
compute is read from here, so no sentence about a particular source lives in code and the card stays
true when sources are added. Every problem names the file and line, like the other inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .errors import InvalidInput, Problem
from .labels import control_character, is_slug

DATASET_FILE = "dataset.yaml"

LINES = ("name", "pretty_name", "version")
"""One-line text."""
OPTIONAL_LINES = ("url", "hub_id")
"""Optional one-line text: the dataset's public address and its Hugging Face Hub repo id, once it has them."""
REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
"""A Hub repo id, ORG/NAME."""
PROSE = ("summary", "curators", "contact", "citation", "rationale", "process", "speakers", "annotators",
         "personal_information", "checking_limits", "social_impact", "biases", "direct_use", "out_of_scope_use",
         "recommendations")
"""Required Markdown text, which may run over several lines."""
OPTIONAL_PROSE = ("source_notes",)
BULLETS = ("dates", "limitations")
"""Optional lists of Markdown text, one bullet each."""
KEYS = (*LINES, *OPTIONAL_LINES, *PROSE, *OPTIONAL_PROSE, *BULLETS, "hub", "annotations_license", "agreement",
        "guidelines", "restricted_texts")
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
"""A dataset version: MAJOR.MINOR.PATCH, as `claimset release` bumps it."""
CITATION_COMPUTED = ("version", "url")
"""BibTeX fields the build adds to the citation from ``version`` and ``url``; giving them there is a mistake."""

HUB_LISTS = ("annotations_creators", "language_creators", "source_datasets", "task_categories", "task_ids", "tags")
HUB_KEYS = ("license", "license_name", *HUB_LISTS)
HUB_REQUIRED = ("task_categories",)
"""Hub lists a card must have (the Hub's dataset card template asks for the task)."""
HUB_COMPUTED = ("pretty_name", "language", "license_link", "multilinguality", "size_categories", "configs",
                "dataset_info")
"""Front-matter keys the build writes from the tables (or from other keys); giving them here is a mistake."""
HUB_ID = re.compile(r"[a-z0-9][a-z0-9.+-]*")
AGREEMENT_KEYS = ("source_id", "sentences", "claim_type_agreed", "kappa", "check_worthy_agreed", "disagreements",
                  "note")


@dataclass(frozen=True)
class Agreement:
    """A second annotator's sentence-level labelling of one source, compared with the curated labels."""

    source_id: str
    sentences: int
    claim_type_agreed: int
    kappa: float
    check_worthy_agreed: int
    disagreements: tuple[int, ...]
    note: str | None
    line: int | None


@dataclass(frozen=True)
class DatasetInfo:
    """What dataset.yaml says, checked; the card and Croissant take their prose from it."""

    name: str
    pretty_name: str
    version: str
    url: str | None
    hub_id: str | None
    summary: str
    hub: dict
    annotations_license: str
    annotations_license_url: str
    curators: str
    contact: str
    citation: str
    rationale: str
    source_notes: str | None
    process: str
    agreement: tuple[Agreement, ...]
    guidelines: tuple[tuple[str, str], ...]
    dates: tuple[str, ...]
    speakers: str
    annotators: str
    personal_information: str
    checking_limits: str
    social_impact: str
    biases: str
    direct_use: str
    out_of_scope_use: str
    recommendations: str
    limitations: tuple[str, ...]
    restricted_texts: tuple[tuple[str, str, int | None], ...] = ()
    """(source_id, reason, line): the source texts the curators know are not under an open licence, and why each is
    included anyway (``claimset release`` refuses any other text whose licence it does not recognise as open)."""


def load_dataset_info(root: Path) -> DatasetInfo:
    """Read and check ``root/dataset.yaml``; InvalidInput listing every problem, each with its line."""
    path = root / DATASET_FILE
    if not path.is_file():
        raise InvalidInput([Problem(DATASET_FILE, None, None,
                                    f"missing in {root}; the card and the Croissant metadata take the dataset's name, "
                                    "summary, licence and citation from it (see README, Curate)")])
    doc = yamlfile.load(path, DATASET_FILE)
    if not isinstance(doc, dict):
        raise InvalidInput([Problem(DATASET_FILE, getattr(doc, "line", None), None,
                                    "must be a mapping of the dataset's name, summary, hub, annotations_license, "
                                    "citation and the card's prose")])
    lines = path.read_text(encoding="utf-8").splitlines()
    problems: list[Problem] = []

    def where(mapping, key: str) -> int | None:
        """The line of ``key:`` among ``mapping``'s keys (indented like its first key), else the mapping's line."""
        start = getattr(mapping, "line", None) or 1
        indent = len(re.match(r"^[\s-]*", lines[start - 1]).group()) if start <= len(lines) else 0
        for number in range(start, len(lines) + 1):
            found = re.match(rf"^([\s-]*){re.escape(key)}\s*:", lines[number - 1])
            if found and len(found.group(1)) == indent:
                return number
        return getattr(mapping, "line", None)

    def problem(mapping, key: str | None, message: str) -> None:
        problems.append(Problem(DATASET_FILE, where(mapping, key) if key else getattr(mapping, "line", None), None,
                                message))

    def text(mapping, key: str, label: str, multiline: bool, required: bool = True) -> str | None:
        value = mapping.get(key)
        if value is None and not required:
            return None
        if key not in mapping:  # a missing top-level key has no line; a missing nested one, its mapping's
            problems.append(Problem(DATASET_FILE, None if mapping is doc else getattr(mapping, "line", None), None,
                                    f"{label} is missing; write it"))
            return None
        if not isinstance(value, str) or not value.strip():
            problem(mapping, key, f"{label} is empty; write it" if isinstance(value, str) else
                    f"{label} must be text; write it as text (quote it if YAML reads it as a number)")
            return None
        control = control_character(value, multiline=multiline)  # a one-line value allows no line break either
        if control:
            problem(mapping, key, f"{label}: control character ({control}); remove it")
            return None
        return value.strip()

    _unknown(doc, KEYS, problem)
    values = {key: text(doc, key, key, multiline=False) for key in LINES}
    values.update({key: text(doc, key, key, multiline=True) for key in PROSE})
    values.update({key: text(doc, key, key, multiline=False, required=False) for key in OPTIONAL_LINES})
    values.update({key: text(doc, key, key, multiline=True, required=False) for key in OPTIONAL_PROSE})
    if values["version"] is not None and not VERSION.fullmatch(values["version"]):
        problem(doc, "version", f"version {values['version']!r} must be MAJOR.MINOR.PATCH (e.g. 1.0.0); "
                                "claimset release bumps it")
    if values["url"] is not None and not values["url"].lower().startswith(("http://", "https://")):
        problem(doc, "url", f"url {values['url'][:80]!r} is not an http or https address; give the dataset's public "
                            "address, or leave url out until it has one")
        values["url"] = None
    if values["hub_id"] is not None and not REPO_ID.fullmatch(values["hub_id"]):
        problem(doc, "hub_id", f"hub_id {values['hub_id'][:80]!r} is not a Hugging Face repo id; give ORG/NAME (e.g. "
                               "my-org/claimset), or leave hub_id out until the dataset is on the Hub")
        values["hub_id"] = None
    if values["name"] is not None and not is_slug(values["name"]):
        problem(doc, "name", f"name {values['name']!r} is not a lowercase slug (a-z, 0-9, '-'); it names the "
                             "dataset in the Croissant metadata")
    if values["citation"] is not None and not values["citation"].startswith("@"):
        problem(doc, "citation", "citation must be a BibTeX entry (starting with @misc{, @article{, …)")
    elif values["citation"] is not None:
        given = [field for field in CITATION_COMPUTED if re.search(rf"[,{{]\s*{field}\s*=", values["citation"], re.I)]
        if given:
            many = len(given) > 1
            problem(doc, "citation", f"citation: remove the {' and '.join(given)} field{'s' if many else ''}; "
                                     f"the build adds {'them' if many else 'it'} from dataset.yaml's "
                                     f"{' and '.join(given)}")
        elif values["version"] is not None:
            values["citation"] = cite(values["citation"], values["version"], values["url"])
    for key in BULLETS:
        values[key] = _bullets(doc, key, problem, text)
    values["hub"] = _hub(doc.get("hub"), doc, problem, text)
    values["annotations_license"], values["annotations_license_url"] = _license(doc, problem, text)
    values["agreement"] = _agreement(doc, problem, text)
    values["guidelines"] = _guidelines(doc, problem, text)
    values["restricted_texts"] = _restricted(doc, problem, text)
    if problems:
        raise InvalidInput(problems)
    return DatasetInfo(**values)


def _unknown(mapping, allowed, problem, prefix: str = "", reported=()) -> bool:
    """Report the keys of ``mapping`` outside ``allowed`` (``reported`` ones have their own problem); any there?"""
    unknown = sorted(set(map(str, mapping)) - set(allowed) - set(reported))
    if unknown:
        problem(mapping, unknown[0], f"{prefix}unknown key(s): {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    return bool(unknown)


def cite(citation: str, version: str, url: str | None) -> str:
    """The BibTeX entry with ``version`` (and ``url`` where there is one) added as its last fields, aligned with
    its first field."""
    body = citation.rstrip()
    if not body.endswith("}"):
        return citation
    body = body[:-1].rstrip()
    first = re.search(r"^(\s*)(\w+)(\s*)=", body, re.M)
    indent, width = (first.group(1), len(first.group(2)) + len(first.group(3))) if first else ("  ", 8)
    indent = indent.lstrip("\n") or "  "
    fields = [("version", version)] + ([("url", url)] if url else [])
    lines = [f"{indent}{name.ljust(width)}= {{{value}}}" for name, value in fields]
    return body + ("" if body.endswith(",") else ",") + "\n" + ",\n".join(lines) + "\n}"


def _restricted(doc, problem, text) -> tuple[tuple[str, str, int | None], ...]:
    entries = doc.get("restricted_texts")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        problem(doc, "restricted_texts", "restricted_texts must be a list of {source_id, reason}")
        return ()
    found, seen = [], set()
    for entry in entries:
        if not isinstance(entry, dict) or set(map(str, entry)) != {"source_id", "reason"}:
            problem(entry if isinstance(entry, dict) else doc, None if isinstance(entry, dict) else "restricted_texts",
                    "each restricted_texts entry must be a mapping with exactly a source_id and a reason")
            continue
        source_id = entry["source_id"]
        if not is_slug(source_id):
            problem(entry, "source_id", "restricted_texts: source_id must name a source (its lowercase slug)")
            continue
        if source_id in seen:
            problem(entry, "source_id", f"restricted_texts: {source_id} is given twice")
            continue
        seen.add(source_id)
        reason = text(entry, "reason", f"restricted_texts for {source_id}: reason", multiline=True)
        if reason is not None:
            found.append((source_id, reason, getattr(entry, "line", None)))
    return tuple(found)


def _bullets(doc, key: str, problem, text) -> tuple[str, ...]:
    entries = doc.get(key)
    if entries is None:
        return ()
    if not isinstance(entries, list) or not entries:
        problem(doc, key, f"{key} must be a list of Markdown text, one bullet each")
        return ()
    bullets = [text({key: entry}, key, f"{key}[{i}]", multiline=True) for i, entry in enumerate(entries, start=1)]
    return tuple(b for b in bullets if b is not None)


def _hub(hub, doc, problem, text) -> dict:
    """The curators' Hugging Face front matter, in HUB_KEYS order."""
    if not isinstance(hub, dict):
        problem(doc, "hub" if "hub" in doc else None,
                "hub must be a mapping of the card's Hugging Face metadata (license, license_name, tags, …)")
        return {}
    computed = sorted(set(map(str, hub)) & set(HUB_COMPUTED))
    if computed:
        problem(hub, computed[0], f"hub: {', '.join(computed)} {'is' if len(computed) == 1 else 'are'} written by "
                                  "the build from the tables; remove it here")
    _unknown(hub, HUB_KEYS, problem, "hub: ", reported=HUB_COMPUTED)
    out = {}
    for key in ("license", "license_name"):
        required = key == "license" or hub.get("license") == "other"  # "other" needs the terms named
        value = text(hub, key, f"hub.{key}", multiline=False, required=required)
        if value is not None and not HUB_ID.fullmatch(value):
            problem(hub, key, f"hub.{key} {value!r} must be a Hub licence id such as cc-by-4.0, or other with a "
                              "license_name slug")
        elif value is not None:
            out[key] = value
    for key in HUB_LISTS:
        entries = hub.get(key)
        if key in HUB_REQUIRED and not entries:  # the Hub's card template asks for them
            problem(hub, key if key in hub else None,
                    f"hub.{key} is {'empty' if key in hub else 'missing'}; write it (e.g. [text-classification])")
            continue
        if entries is None:
            continue
        if not isinstance(entries, list) or not entries or not all(
                isinstance(e, str) and HUB_ID.fullmatch(e) for e in entries):
            problem(hub, key, f"hub.{key} must be a list of Hub ids (lowercase words joined by '-')")
            continue
        out[key] = list(entries)
    return out


def _license(doc, problem, text) -> tuple[str | None, str | None]:
    terms = doc.get("annotations_license")
    if not isinstance(terms, dict):
        problem(doc, "annotations_license" if "annotations_license" in doc else None,
                "annotations_license must be a mapping with the name and url of the licence of the annotations")
        return None, None
    _unknown(terms, ("name", "url"), problem, "annotations_license: ")
    name = text(terms, "name", "annotations_license.name", multiline=False)
    url = text(terms, "url", "annotations_license.url", multiline=False)
    if url is not None and not url.lower().startswith(("http://", "https://")):
        problem(terms, "url", f"annotations_license.url {url[:80]!r} is not an http or https address")
        url = None
    return name, url


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _agreement(doc, problem, text) -> tuple[Agreement, ...]:
    entries = doc.get("agreement")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        problem(doc, "agreement", "agreement must be a list, one entry per source a second annotator labelled")
        return ()
    found, seen = [], {}
    for entry in entries:
        if not isinstance(entry, dict):
            problem(doc, "agreement", "each agreement entry must be a mapping with " + ", ".join(AGREEMENT_KEYS))
            continue
        if _unknown(entry, AGREEMENT_KEYS, problem, "agreement: "):
            continue
        source_id = entry.get("source_id")
        if not is_slug(source_id):
            problem(entry, "source_id" if "source_id" in entry else None,
                    "agreement: source_id must name a source (its lowercase slug)")
            continue
        if source_id in seen:
            problem(entry, "source_id", f"agreement: {source_id} is given twice (first at line {seen[source_id]})")
            continue
        seen[source_id] = entry.line
        sentences = entry.get("sentences")
        if not _count(sentences) or sentences < 1:
            problem(entry, "sentences", f"agreement for {source_id}: sentences must be the number of sentences "
                                        "the second annotator labelled")
            continue
        bad = [key for key in ("claim_type_agreed", "check_worthy_agreed")
               if not _count(entry.get(key)) or not 0 <= entry[key] <= sentences]
        for key in bad:
            problem(entry, key, f"agreement for {source_id}: {key} must be a count from 0 to sentences ({sentences})")
        kappa = entry.get("kappa")
        if isinstance(kappa, bool) or not isinstance(kappa, (int, float)) or not -1 <= kappa <= 1:
            problem(entry, "kappa", f"agreement for {source_id}: kappa must be Cohen's κ, a number from -1 to 1")
            bad.append("kappa")
        disagreements = entry.get("disagreements", [])
        if not isinstance(disagreements, list) or not all(_count(n) and 1 <= n <= sentences for n in disagreements):
            problem(entry, "disagreements", f"agreement for {source_id}: disagreements must be a list of sentence "
                                            f"numbers from 1 to {sentences}")
            bad.append("disagreements")
        note = text(entry, "note", f"agreement for {source_id}: note", multiline=True, required=False)
        if bad:
            continue
        found.append(Agreement(source_id, sentences, entry["claim_type_agreed"], float(kappa),
                               entry["check_worthy_agreed"], tuple(sorted(set(disagreements))), note, entry.line))
    return tuple(found)


def _guidelines(doc, problem, text) -> tuple[tuple[str, str], ...]:
    entries = doc.get("guidelines")
    if not isinstance(entries, list) or not entries:
        problem(doc, "guidelines" if "guidelines" in doc else None,
                "guidelines must be a list of {title, text}: the annotation guidelines the card numbers")
        return ()
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or set(map(str, entry)) != {"title", "text"}:
            problem(entry if isinstance(entry, dict) else doc, None if isinstance(entry, dict) else "guidelines",
                    "each guideline must be a mapping with exactly a title and a text")
            continue
        title = text(entry, "title", "guideline title", multiline=False)
        body = text(entry, "text", f"guideline {title or 'text'}", multiline=True)
        if title is not None and body is not None:
            found.append((title, body))
    return tuple(found)


def check_against(info: DatasetInfo, tables: dict) -> list[Problem]:
    """What dataset.yaml says that the tables contradict: an agreement for a source that is not there, or for
    more sentences than the source has."""
    sentences = dict(zip(tables["sources"]["source_id"], tables["sources"]["n_sentences"]))
    problems = []
    for entry in info.agreement:
        if entry.source_id not in sentences:
            problems.append(Problem(DATASET_FILE, entry.line, None,
                                    f"agreement: {entry.source_id} is not a source of the dataset; correct the "
                                    "source_id or remove the entry"))
        elif entry.sentences > sentences[entry.source_id]:
            problems.append(Problem(DATASET_FILE, entry.line, None,
                                    f"agreement for {entry.source_id}: {entry.sentences} sentences labelled, but "
                                    f"the source has {int(sentences[entry.source_id])}; correct the figures"))
    for source_id, _, line in info.restricted_texts:
        if source_id not in sentences:
            problems.append(Problem(DATASET_FILE, line, None,
                                    f"restricted_texts: {source_id} is not a source of the dataset; correct the "
                                    "source_id or remove the entry"))
    return problems


def source_licences(sources) -> dict[str, list[str]]:
    """Each distinct licence text of the sources table (whitespace normalised) → the sources under it, in order."""
    by_text: dict[str, list[str]] = {}
    for source_id, text in zip(sources["source_id"], sources["license"]):
        by_text.setdefault(" ".join(str(text).split()), []).append(str(source_id))
    return by_text


def load_for(root: Path, tables: dict) -> DatasetInfo:
    """dataset.yaml checked on its own and against the built tables; InvalidInput when anything is wrong."""
    info = load_dataset_info(root)
    problems = check_against(info, tables)
    if problems:
        raise InvalidInput(problems)
    return info
