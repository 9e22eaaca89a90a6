"""Exports for the tools fact-checkers use: CSV, JSON Lines and schema.org ClaimReview JSON-LD.

CSV and JSON Lines round-trip through ``claimset validate``: labels are written as
their names, dates as ISO 8601 and lists as JSON arrays.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd

from .labels import EVIDENCE_STATEMENT, SETTLED_VERDICTS
from .layout import site_page

RATING = {"refuted": 1, "mixed": 2, "supported": 3}
"""ClaimReview ``ratingValue`` of each settled verdict (``worstRating`` 1, ``bestRating`` 3)."""
WORST, BEST = 1, 3
REVIEWER = {"@type": "Organization", "name": "claimset developers"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def plain(value):
    """A cell as a plain Python value: numpy scalars and arrays unwrapped, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, float) and value != value:
        return None
    return value


def _plain(value):
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return plain(value)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON-ready dicts (labels stay as the names the frame holds)."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


_HTML_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_for_html(value, **options) -> str:
    """JSON that is safe inside an HTML ``<script>`` block: ``<``, ``>`` and ``&`` (and the JavaScript line
    separators) are written as ``\\u`` escapes, so no string can close the block or open a comment in it.
    Parsers read the same value."""
    return json.dumps(value, ensure_ascii=False, **options).translate(_HTML_UNSAFE)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP's list for CSV injection)."""


def neutralise(value):
    """A text cell a spreadsheet would evaluate, made inert with a leading apostrophe; anything else as is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def to_jsonl(frame: pd.DataFrame) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(frame))


def to_csv(frame: pd.DataFrame, raw: bool = False) -> str:
    """The table as CSV. Unless ``raw``, text cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR get a
    leading apostrophe so a spreadsheet shows them instead of running them; ``raw`` keeps every value exactly
    (for a round trip through ``claimset validate``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[column] = out[column].map(lambda v: json.dumps(_plain(v), ensure_ascii=False))
        elif not raw and not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out.to_csv(index=False, lineterminator="\n")


def _when(value: str, key: str) -> dict:
    """An EDTF date as schema.org wants it: a plain ISO date as ``key``, an interval as temporalCoverage."""
    return {key: value} if ISO_DATE.match(value) else {"temporalCoverage": value}


def review_url(source_id: str, statement_id: str, base_url: str | None = None) -> str:
    """Where a statement's review is read: its place on its source's page of the rendered site
    (``claimset render``), under ``base_url`` when the site is published there, else relative to the site."""
    base = "" if base_url is None else base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}{site_page('sources', source_id)}#{statement_id}"


def to_claimreview(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame,
                   base_url: str | None = None) -> str:
    """One schema.org ClaimReview per checked statement (every verdict except not_checked), as JSON-LD: the
    fields Google's ClaimReview documentation requires and recommends (``url``, ``claimReviewed``,
    ``reviewRating``, ``author``, ``datePublished``, ``itemReviewed`` with its author, date and appearance)."""
    people = speakers.set_index("speaker_id")
    works = sources.set_index("source_id")
    source_of = dict(zip(statements["statement_id"], statements["source_id"]))

    def cited(entry: str) -> str:  # a statement of the dataset is cited by its place on the site
        sid = entry[len(EVIDENCE_STATEMENT):] if entry.startswith(EVIDENCE_STATEMENT) else None
        return review_url(source_of[sid], sid, base_url) if sid in source_of else entry

    reviews = []
    checked = statements[statements["verdict"] != "not_checked"].sort_values("statement_id")
    for row in records(checked):
        speaker = people.loc[row["speaker_id"]]
        author = {"@type": "Person" if speaker["kind"] == "person" else "Organization", "name": speaker["name"]}
        if isinstance(speaker["wikidata_id"], str):
            author["sameAs"] = f"https://www.wikidata.org/wiki/{speaker['wikidata_id']}"
        source = works.loc[row["source_id"]]
        appearance = {"@type": "CreativeWork", "identifier": row["source_id"], "name": source["title"],
                      **_when(source["published"], "datePublished")}
        if isinstance(source["url"], str) and source["url"].lower().startswith(("http://", "https://")):
            appearance["url"] = source["url"]
        rating = {"@type": "Rating", "alternateName": row["verdict"]}
        if row["verdict"] in SETTLED_VERDICTS:
            rating.update(ratingValue=RATING[row["verdict"]], worstRating=WORST, bestRating=BEST)
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": row["statement_id"],
            "claimReviewed": row["claim"],
            "itemReviewed": {"@type": "Claim", "author": author, **_when(row["date"], "datePublished"),
                             "appearance": appearance, "text": row["quote"]},
            "reviewRating": rating,
            "reviewBody": row["verdict_note"],
            "citation": [cited(entry) for entry in row["evidence"]],
            "datePublished": row["checked_on"],
            "author": {**REVIEWER, **({"url": base_url} if base_url else {})},
            "url": review_url(row["source_id"], row["statement_id"], base_url),
        })
    return json_for_html(reviews, indent=2) + "\n"
