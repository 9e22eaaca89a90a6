"""The contract's vocabularies and value rules, importable without pandera.

The pandera models in ``claimset.schemas`` are built from these; the fast screen
(``claimset.screen``) and the input stages use them directly, so a command that only
needs a label list does not pay for importing pandas and pandera.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

CONFIGS = ["statements", "speakers", "sources"]
"""The data's configs, built from the inputs, in the order the card lists them (the first is the default): every
copy of the dataset holds these three, and the rules across tables join them."""
LABELS_CONFIG = "labels"
"""The config that names each class index of the label columns (``label_rows``): derived from the contract, so
a copy is whole without it (copies made before it was published have none)."""
ALL_CONFIGS = [*CONFIGS, LABELS_CONFIG]
"""Every config of a dataset folder the build writes, in the order the card lists them."""
ID_COLUMNS = {"statements": "statement_id", "speakers": "speaker_id", "sources": "source_id", "labels": "name"}
"""Each config's id column: how a failure names its row (a label by its name; its key is
``table_name, column_name, label_index``)."""

CLAIM_TYPES = [
    "direct_quote", "reported_speech", "factual_claim", "attributed_position",
    "opinion", "prediction", "speculation",
]
CLAIM_TYPE_DEFINITIONS = {
    "direct_quote": "Words in quotation marks, attributed to whoever said them.",
    "reported_speech": "The author's paraphrase of what an actor said or asserted (a speech act, not a belief).",
    "factual_claim": "The author asserts, as fact, something about the world that a record could confirm or refute.",
    "attributed_position": "The author's account of what an actor believes, wants, expects or intends; "
                           "`attributed_to` names the actor.",
    "opinion": "The author's evaluation, interpretation of causes or motives, or normative judgement.",
    "prediction": "A claim about what will or will not happen.",
    "speculation": "A hedged guess about the present or past ('must have', 'more likely than not', 'it could be').",
}
"""What each claim type means; the dataset card's annotation guidelines quote these."""

VERDICTS = ["refuted", "mixed", "supported", "unverifiable", "not_checked"]
VERDICT_DEFINITIONS = {
    "refuted": "The record contradicts the claim (the low end of the settled scale).",
    "mixed": "Part of the claim is borne out by the record and part is not (or is the author's overstatement).",
    "supported": "The record bears the claim out (the high end of the settled scale).",
    "unverifiable": "No public record can settle the claim.",
    "not_checked": "Not checked: every statement that is not check-worthy, and a check-worthy one whose record was "
                   "not consulted (its `verdict_note` says which record could settle it).",
}
"""What each verdict means; the card's fact-checking table and the ``labels`` config give these."""
SETTLED_VERDICTS = ["refuted", "mixed", "supported"]
LEVELS = ["sentence", "span"]
DATE_BASES = ["explicit", "context", "publication"]
SPEAKER_KINDS = ["author", "person", "government", "organization", "group"]
LINE_BREAKS = ["paragraphs", "wrapped"]
"""What a line break of a source text is: ``paragraphs``, each ends a paragraph (a paragraph is a non-empty line);
``wrapped``, the text is hard-wrapped (pool reports, e-mail, plain-text archives): a paragraph is a block of
non-empty lines, blank lines end it, and a line break inside it is only whitespace."""

TEXT_EXPECTED = "non-empty text without leading or trailing whitespace"
EDTF_EXPECTED = "an EDTF date or interval (e.g. 2018-12, 2019-01/2019-07)"
SLUG_MAX = 80
"""Longest id (source or speaker) the contract allows: every file name derived from one stays far below the
255-byte limit of common file systems."""
SOURCE_ID_MAX = 64
"""Longest source id the inputs accept, so ``<id>-author`` and ``<id>-sNNN-K`` still fit ``SLUG_MAX``."""
SLUG = rf"^[a-z0-9][a-z0-9-]{{0,{SLUG_MAX - 1}}}$"
STATEMENT_ID = r"^[a-z0-9][a-z0-9-]*-s[0-9]{3,}(-[0-9]+)?$"
WIKIDATA_ID = r"^Q[1-9][0-9]*$"
SHA256 = r"^[0-9a-f]{64}$"
LANGUAGE = r"^[a-z]{2,3}$"
COUNTRY = r"^[A-Z]{2}$"


def is_slug(value, limit: int = SLUG_MAX) -> bool:
    """Whether ``value`` is a whole slug: ``re.fullmatch``, so a trailing newline does not pass as ``$`` would."""
    return isinstance(value, str) and len(value) <= limit and re.fullmatch(SLUG[1:-1], value) is not None


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")


def control_character(value: str, multiline: bool = False) -> str | None:
    """The first control character in ``value`` shown escaped (e.g. ``\\x00``), or None.

    C0 and C1 controls (NUL, CR, ESC, …) break file names, YAML and terminals; a single-line field allows
    none of them, a multi-line one (a note, a claim) allows tab and newline.
    """
    found = (_CONTROL if multiline else _CONTROL_IN_LINE).search(value) if isinstance(value, str) else None
    return None if found is None else repr(found.group())[1:-1]


def labels(names: list[str]) -> dict:
    """Field metadata of a label column: stored as a ClassLabel with these names, in this order."""
    return {"class_label": list(names)}


LABEL_COLUMNS = {("statements", "claim_type"): (CLAIM_TYPES, CLAIM_TYPE_DEFINITIONS),
                 ("statements", "verdict"): (VERDICTS, VERDICT_DEFINITIONS)}
"""Each label column of the contract, as (table, column), with its names in index order and what each means:
the models declare the columns with ``labels(names)``; the ``labels`` config lists them (``label_rows``)."""
ORDERED_LABELS = frozenset({("statements", "verdict")})
"""Label columns whose index order means something: the verdict scale (refuted < mixed < supported, then
unverifiable and not_checked). Claim types are only named in order."""
LABEL_NAME = r"^[a-z][a-z0-9_]*$"
"""A label's name, and the name of a column: lowercase words joined by underscores (no quoting in SQL)."""


def label_rows() -> list[dict]:
    """The ``labels`` config: one row per label of each label column, in index order — the name each class
    index stands for, what it means, and whether the column's order is meaningful."""
    return [{"table_name": table, "column_name": column, "label_index": index, "name": name,
             "description": definitions[name], "ordered": (table, column) in ORDERED_LABELS}
            for (table, column), (names, definitions) in LABEL_COLUMNS.items() for index, name in enumerate(names)]


LIST_OF_STRINGS = {"list_of": "string"}


_SIMPLE_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@lru_cache(maxsize=4096)
def edtf_bounds(value: str) -> tuple[_dt.date, _dt.date] | None:
    """First and last day an EDTF value can denote, or None if it is not valid EDTF (or ends before it starts).

    Plain dates (``2019``, ``2019-07``, ``2019-07-18``) and intervals of them are computed directly —
    the edtf library's parser takes tens of milliseconds per value — and anything else is parsed by it.
    """
    parts = value.split("/") if isinstance(value, str) else []
    if 1 <= len(parts) <= 2:
        ends = [_simple_bounds(part) for part in parts]
        if all(ends):
            return (ends[0][0], ends[-1][1]) if ends[0][0] <= ends[-1][1] else None
    bounds = _edtf_library_bounds(value)
    return bounds if bounds is None or bounds[0] <= bounds[1] else None


def _simple_bounds(text: str) -> tuple[_dt.date, _dt.date] | None:
    """Bounds of a plain, valid calendar date of precision year, month or day; None for anything else."""
    import calendar

    match = _SIMPLE_DATE.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if year == 0 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return _dt.date(year, month, 1), _dt.date(year, month, last)
    if not 1 <= day <= last:
        return None
    return _dt.date(year, month, day), _dt.date(year, month, day)


def _edtf_library_bounds(value: str) -> tuple[_dt.date, _dt.date] | None:
    import edtf

    try:
        parsed = edtf.parse_edtf(value)
        low, high = parsed.lower_strict(), parsed.upper_strict()
        return _dt.date(*low[:3]), _dt.date(*high[:3])
    except Exception:  # edtf raises several exception types for bad input
        return None

EVIDENCE_STATEMENT = "statement:"
"""How an evidence entry cites a statement of the dataset: ``statement:<statement_id>``."""
