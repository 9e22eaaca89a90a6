"""Validation: the pandera models for each table, then the rules that span tables.

Every failure is collected (pandera runs lazily), so a curator or a CI job sees
the whole list at once.  Rules work on whole columns rather than row by row.
"""
from __future__ import annotations

import re

import pandas as pd

from .errors import Problem
from .schemas import MODELS

ID_COLUMN = {"statements": "statement_id", "speakers": "speaker_id", "sources": "source_id"}
OPEN_QUOTES, CLOSE_QUOTES = "“\"«", "”\"»"
QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")


def make_frame(config: str, records: list[dict]) -> pd.DataFrame:
    """A DataFrame with the model's columns, in order, and the dtypes the model expects."""
    schema = MODELS[config].to_schema()
    frame = pd.DataFrame.from_records(records, columns=list(schema.columns))
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        if dtype == "int32":
            frame[name] = frame[name].astype("int32")
        elif dtype == "bool":
            frame[name] = frame[name].astype(bool)
        elif dtype.startswith("string") or dtype == "str":
            frame[name] = frame[name].astype("str")
    return frame


def check_table(config: str, frame: pd.DataFrame) -> list[Problem]:
    """Every failure of one table against its pandera model."""
    import pandera.errors

    try:
        MODELS[config].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _problems_from_failures(config, frame, exc.failure_cases)
    return []


def _problems_from_failures(config: str, frame: pd.DataFrame, failures: pd.DataFrame) -> list[Problem]:
    id_column = ID_COLUMN[config]
    problems = []
    for failure in failures.itertuples(index=False):
        index = failure.index
        row_id = None
        if id_column in frame.columns and index is not None and not pd.isna(index) and index in frame.index:
            row_id = frame.at[index, id_column]
        where = row_id if isinstance(row_id, str) else (f"{config} row {int(index)}" if _is_number(index) else config)
        column = failure.column if isinstance(failure.column, str) else None
        check = str(failure.check)
        value = failure.failure_case
        subject = f"{config}.{column}" if column and column != config else config
        problems.append(Problem(None, None, where, f"{subject}: fails '{check}' (value {_show(value)})"))
    return problems


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not pd.isna(value)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def check_dataset(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame) -> list[Problem]:
    """All table rules, then the cross-table rules (run only on tables whose own rules pass)."""
    problems = (check_table("sources", sources) + check_table("speakers", speakers)
                + check_table("statements", statements))
    if problems:
        return problems
    return cross_table_problems(statements, speakers, sources)


def cross_table_problems(st: pd.DataFrame, sp: pd.DataFrame, so: pd.DataFrame) -> list[Problem]:
    """Foreign keys, verbatim spans, sentence coverage, span parents, dates and quotations."""
    problems: list[Problem] = []

    def report(mask: pd.Series, message) -> None:
        for row in st[mask].itertuples(index=False):
            problems.append(Problem(None, None, row.statement_id, message(row)))

    # Foreign keys.
    names = sp.set_index("speaker_id")["name"]
    kinds = sp.set_index("speaker_id")["kind"]
    known_source = st["source_id"].isin(so["source_id"])
    report(~known_source, lambda r: f"source_id {r.source_id!r} is not in sources")
    known_speaker = st["speaker_id"].isin(sp["speaker_id"])
    report(~known_speaker, lambda r: f"speaker_id {r.speaker_id!r} is not in speakers")
    report(known_speaker & (st["speaker_id"].map(names) != st["speaker"]),
           lambda r: f"speaker {r.speaker!r} is not the name of {r.speaker_id!r} in speakers "
                     f"({names.get(r.speaker_id)!r})")
    report(st["attributed_to"].notna() & ~st["attributed_to"].isin(sp["speaker_id"]),
           lambda r: f"attributed_to {r.attributed_to!r} is not in speakers")

    # Verbatim quotes.
    texts = so.set_index("source_id")["text"]
    text_of_row = st["source_id"].map(texts)
    sliced = pd.Series([t[a:b] if isinstance(t, str) else None
                        for t, a, b in zip(text_of_row, st["char_start"], st["char_end"])], index=st.index)
    report(known_source & ((st["char_end"] > text_of_row.str.len()) | (sliced != st["quote"])),
           lambda r: f"quote is not the source text at {r.char_start}:{r.char_end}")

    # Dates: the author's rows carry the publication date; nothing is said after publication.
    published_of = so.set_index("source_id")["published"]
    published = st["source_id"].map(published_of)
    published_end = st["source_id"].map(so.set_index("source_id")["published_end"])
    is_author = st["speaker_id"].map(kinds) == "author"
    by_publication = st["date_basis"] == "publication"
    report(known_speaker & (is_author != by_publication),
           lambda r: "date_basis is 'publication' exactly for the author's own statements "
                     f"(speaker {r.speaker_id!r}, basis {r.date_basis!r})")
    report(known_source & by_publication & (st["date"] != published),
           lambda r: f"date {r.date!r} of a publication-dated row is not its source's published date "
                     f"{published_of[r.source_id]!r}")
    report(known_source & (st["date_start"] > published_end),
           lambda r: f"date {r.date!r} starts after the source was published")

    # Span parents.
    sentences = st[st["level"] == "sentence"].set_index("statement_id")
    spans = st["level"] == "span"
    parent = st["parent_id"].where(spans)
    has_parent = parent.isin(sentences.index)
    report(spans & ~has_parent, lambda r: f"parent_id {r.parent_id!r} is not a sentence row")
    for column in ("source_id", "paragraph", "sentence"):
        report(spans & has_parent & (parent.map(sentences[column]) != st[column]),
               lambda r, c=column: f"span's {c} differs from its parent's")
    report(spans & has_parent & ((st["char_start"] < parent.map(sentences["char_start"]))
                                 | (st["char_end"] > parent.map(sentences["char_end"]))),
           lambda r: f"span {r.char_start}:{r.char_end} lies outside its parent sentence")

    problems += _coverage_problems(st[st["level"] == "sentence"], so)
    problems += _quotation_problems(st, so)
    return problems


def _coverage_problems(sentences: pd.DataFrame, so: pd.DataFrame) -> list[Problem]:
    """Sentence rows partition each text: numbered in order, no overlap, only whitespace between them."""
    problems = []
    for source in so.itertuples(index=False):
        rows = sentences[sentences["source_id"] == source.source_id].sort_values(["char_start", "char_end"])
        text = source.text
        starts, ends = rows["char_start"].tolist(), rows["char_end"].tolist()
        ids = rows["statement_id"].tolist()
        gaps = zip([0] + ends, starts + [len(text)], [None] + ids, ids + [None])
        for gap_start, gap_end, before, after in gaps:
            if gap_end < gap_start:
                problems.append(Problem(None, None, after, f"sentence overlaps the previous one ({before})"))
            elif text[gap_start:gap_end].strip():
                gap = text[gap_start:gap_end].strip()
                where = f"between {before} and {after}" if before and after else (
                    f"after {before}" if before else f"before {after}")
                problems.append(Problem(None, None, source.source_id,
                                        f"text not covered by any sentence row {where}: {gap[:60]!r}; "
                                        "add it as a sentence"))
        numbers = rows["sentence"].tolist()
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(Problem(None, None, source.source_id,
                                    "sentence numbers are not 1, 2, 3 … in text order"))
        paragraph_starts = [m.start() for m in re.finditer(r"(?m)^(?=.*\S)", text)]
        expected = pd.Series(starts, dtype="int64").map(
            lambda s: sum(1 for p in paragraph_starts if p <= s)).tolist()
        for sid, got, want in zip(ids, rows["paragraph"].tolist(), expected):
            if got != want:
                problems.append(Problem(None, None, sid, f"paragraph is {got} but the sentence is in paragraph {want}"))
        crossing = rows["quote"].str.contains("\n")
        for sid in rows.loc[crossing, "statement_id"]:
            problems.append(Problem(None, None, sid, "sentence crosses a paragraph break; split it in two"))
        if source.n_sentences != len(rows):
            problems.append(Problem(None, None, source.source_id,
                                    f"n_sentences is {source.n_sentences} but the source has {len(rows)} sentence rows"))
        if source.n_paragraphs != len(paragraph_starts):
            problems.append(Problem(None, None, source.source_id,
                                    f"n_paragraphs is {source.n_paragraphs} but the text has {len(paragraph_starts)}"))
    return problems


def _quotation_problems(st: pd.DataFrame, so: pd.DataFrame) -> list[Problem]:
    """Every quotation in quotation marks has a direct_quote span of exactly the words inside the marks."""
    problems = []
    quotes = st[(st["level"] == "span") & (st["claim_type"] == "direct_quote")]
    for source in so.itertuples(index=False):
        text = source.text
        mine = quotes[quotes["source_id"] == source.source_id]
        covered = set(zip(mine["char_start"], mine["char_end"]))
        for match in QUOTATION.finditer(text):
            inner = next(i for i in (1, 2, 3) if match.group(i) is not None)
            if (match.start(inner), match.end(inner)) not in covered:
                problems.append(Problem(None, None, source.source_id,
                                        f"quotation {match.group(0)[:60]!r} at {match.start()} has no direct_quote "
                                        "span of the words inside its marks"))
        for row in mine.itertuples(index=False):
            a, b = row.char_start, row.char_end
            if not (a > 0 and text[a - 1] in OPEN_QUOTES + "‘" and b < len(text) and text[b] in CLOSE_QUOTES + "’"):
                problems.append(Problem(None, None, row.statement_id,
                                        "direct_quote span is not exactly the words inside quotation marks"))
    return problems
