"""Validation: the pandera models for each table, then the rules that span tables.

Every failure is collected (pandera runs lazily) and described the same way —
rule, table, row, column, value, expectation — so the build can point a curator
at the line to fix and ``claimset validate`` can group failures by rule.  The
cross-table rules work on whole columns (NumPy over code-point arrays, pandas
merges); nothing loops over rows in Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .export import plain
from .report import Report
from .schemas import MODELS
from .sources import paragraph_spans

ID_COLUMN = {"statements": "statement_id", "speakers": "speaker_id", "sources": "source_id"}
OPEN_QUOTES, CLOSE_QUOTES = "“\"«‘", "”\"»’"
QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
WHITESPACE = np.array(sorted(ord(c) for c in map(chr, range(0x3000 + 1)) if c.isspace()), dtype=np.uint32)


@dataclass(frozen=True)
class Failure:
    """One failed rule on one row (or on a whole table, when ``row`` is None)."""

    config: str
    rule: str
    row: str | None
    column: str | None
    value: object
    expected: str

    @property
    def message(self) -> str:
        subject = f"{self.config}.{self.column}: " if self.column else ""
        shown = "" if self.value is None else f" (value {_show(self.value)})"
        return f"{subject}{self.rule}{shown}; expected {self.expected}"


def _show(value) -> str:
    text = repr(value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) <= 80 else text[:79] + "…"


def row_ids(config: str, frame: pd.DataFrame) -> pd.Series:
    """How each row is named in a report: its id where it has one, else ``row N`` (0-based)."""
    fallback = pd.Series([f"row {i}" for i in range(len(frame))], index=frame.index, dtype=object)
    column = ID_COLUMN[config]
    if column not in frame.columns:
        return fallback
    ids = frame[column]
    return ids.where(ids.map(lambda v: isinstance(v, str) and v != ""), fallback).astype(object)


def check_table(config: str, frame: pd.DataFrame) -> list[Failure]:
    """Every failure of one table against its pandera model."""
    import pandera.errors

    try:
        MODELS[config].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _failures_from_pandera(config, frame, exc.failure_cases)
    return []


def _named_rules(config: str) -> dict[str, str]:
    """Expectation text → rule name, for the model's own checks (pandera reports a check by its error)."""
    schema = MODELS[config].to_schema()
    checks = list(schema.checks) + [c for column in schema.columns.values() for c in column.checks]
    return {check.error: check.name for check in checks if check.error and not check.error.startswith(check.name + "(")}


def _failures_from_pandera(config: str, frame: pd.DataFrame, cases: pd.DataFrame) -> list[Failure]:
    names = row_ids(config, frame)
    positions = {index: i for i, index in enumerate(frame.index)}
    named = _named_rules(config)
    out, seen = [], set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = case.column if isinstance(case.column, str) and case.column != MODELS[config].__name__ else None
        index = case.index
        row = names.iloc[positions[index]] if index is not None and index in positions else None
        value = case.failure_case
        if check in ("column_in_dataframe", "column_in_schema"):
            column, value = str(value), None
        if isinstance(value, float) and pd.isna(value):
            value = None
        if check in named:
            rule, expected = named[check], check
            if case.schema_context == "DataFrameSchema":  # one failure per row, not one per column of it
                if (rule, row) in seen:
                    continue
                seen.add((rule, row))
                column, value = None, None
        else:
            rule, expected = _rule_name(check), _expected(check, value)
        out.append(Failure(config, rule, row, column, value, expected))
    return out


def _rule_name(check: str) -> str:
    return {"not_nullable": "null value", "field_uniqueness": "duplicate value",
            "column_in_dataframe": "missing column", "column_in_schema": "unexpected column",
            "column_ordered": "columns out of order"}.get(check, check.split("(")[0] if "(" in check else check)


def _expected(check: str, value) -> str:
    if check.startswith("isin("):
        return "one of: " + ", ".join(re.findall(r"'([^']*)'", check))
    if check.startswith("str_matches("):
        return "text matching " + check[len("str_matches('"):-2]
    if check.startswith("greater_than_or_equal_to("):
        return ">= " + check[len("greater_than_or_equal_to("):-1]
    if check.startswith("dtype("):
        return "type " + check[len("dtype('"):-2]
    return {"not_nullable": "a value (this column has no nulls)", "field_uniqueness": "a unique value",
            "column_in_dataframe": "the column to be present", "column_in_schema": "only the contract's columns",
            "column_ordered": "the contract's column order"}.get(check, "the rule to hold")


def check_dataset(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame) -> list[Failure]:
    """All table rules, then the cross-table rules (run only when the tables' own rules pass)."""
    failures = (check_table("sources", sources) + check_table("speakers", speakers)
                + check_table("statements", statements))
    if failures:
        return failures
    return cross_table_failures(statements, speakers, sources)


class _Reporter:
    """Collects cross-table failures on statement rows selected by a boolean mask."""

    def __init__(self, st: pd.DataFrame):
        self.st, self.failures = st, []

    def rows(self, mask, rule: str, column: str | None, expected: str, value=None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        ids = self.st["statement_id"].to_numpy()[mask]
        values = (self.st[column].to_numpy()[mask] if value is None and column else
                  np.asarray(value)[mask] if value is not None else [None] * len(ids))
        self.failures += [Failure("statements", rule, i, column, plain(v), expected) for i, v in zip(ids, values)]

    def table(self, config: str, row: str | None, rule: str, column: str | None, value, expected: str) -> None:
        self.failures.append(Failure(config, rule, row, column, value, expected))


def cross_table_failures(st: pd.DataFrame, sp: pd.DataFrame, so: pd.DataFrame) -> list[Failure]:
    """Foreign keys, verbatim spans, sentence coverage, span parents, dates and quotations."""
    report = _Reporter(st)
    if st.empty:  # no rows to check one by one (and columns mapped from an empty frame lose their dtypes)
        texts = _Texts(so)
        _coverage(report, st, so, texts)  # every source is without sentences
        _quotations(report, st, so, texts)
        return report.failures
    speakers = sp.set_index("speaker_id")
    sources = so.set_index("source_id")

    # Foreign keys.
    known_source = st["source_id"].isin(sources.index)
    report.rows(~known_source, "unknown source", "source_id", "a source_id of the sources table")
    known_speaker = st["speaker_id"].isin(speakers.index)
    report.rows(~known_speaker, "unknown speaker", "speaker_id", "a speaker_id of the speakers table")
    name = st["speaker_id"].map(speakers["name"])
    report.rows(known_speaker & (name != st["speaker"]), "speaker name mismatch", "speaker",
                "the speakers table's name for speaker_id")
    report.rows(st["attributed_to"].notna() & ~st["attributed_to"].isin(speakers.index), "unknown attributed_to",
                "attributed_to", "a speaker_id of the speakers table")

    # Dates: the author's rows carry the publication date; nothing is said after publication.
    is_author = st["speaker_id"].map(speakers["kind"]) == "author"
    by_publication = st["date_basis"] == "publication"
    report.rows(known_speaker & (is_author != by_publication), "publication basis not the author's", "date_basis",
                "'publication' exactly for rows whose speaker is the source's author")
    published = st["source_id"].map(sources["published"])
    report.rows(known_source & by_publication & (st["date"] != published), "not the publication date", "date",
                "the source's published value")
    report.rows(known_source & (st["date_start"] > st["source_id"].map(sources["published_end"])),
                "dated after publication", "date", "a date no later than the source's published_end")

    # Ids say where a statement is: <source>-sNNN for the NNNth sentence, <parent>-K for its spans.
    is_sentence = (st["level"] == "sentence").to_numpy()
    expected_id = st["source_id"] + "-s" + st["sentence"].astype(str).str.zfill(3)
    report.rows(is_sentence & (st["statement_id"] != expected_id).to_numpy(), "id does not match position",
                "statement_id", "<source_id>-sNNN with NNN the sentence number")
    span_prefix = st["statement_id"].str.rsplit("-", n=1).str[0]
    report.rows(~is_sentence & ((span_prefix != st["parent_id"]) | ~st["statement_id"].str.match(r".*-\d+$")).to_numpy(),
                "id does not match position", "statement_id", "<parent_id>-K for the Kth span of a sentence")
    repeated = st.duplicated(["source_id", "level", "char_start", "char_end", "claim_type"], keep="first")
    report.rows(repeated.to_numpy(), "repeated statement", "statement_id",
                "one row per statement (same offsets and claim type appear twice)")

    # Span parents.
    sentence_rows = st[st["level"] == "sentence"].set_index("statement_id")
    is_span = (st["level"] == "span").to_numpy()
    parent = st["parent_id"].where(is_span)
    has_parent = parent.isin(sentence_rows.index).to_numpy()
    report.rows(is_span & ~has_parent, "parent not a sentence row", "parent_id", "the statement_id of a sentence row")
    for column in ("source_id", "paragraph", "sentence"):
        report.rows(is_span & has_parent & (parent.map(sentence_rows[column]) != st[column]).to_numpy(),
                    "span differs from its parent", column, "the parent sentence's value")
    outside = ((st["char_start"] < parent.map(sentence_rows["char_start"]))
               | (st["char_end"] > parent.map(sentence_rows["char_end"]))).to_numpy()
    report.rows(is_span & has_parent & outside, "span outside its parent", "char_start",
                "offsets within the parent sentence's char_start:char_end")

    texts = _Texts(so)
    good = known_source.to_numpy() & (st["char_end"] <= st["source_id"].map(texts.lengths)).to_numpy()
    report.rows(known_source.to_numpy() & ~good, "offsets beyond the text", "char_end", "an offset within the text")
    report.rows(good & ~texts.verbatim(st, good), "quote not verbatim", "quote",
                "exactly sources.text[char_start:char_end]")
    _coverage(report, st[(st["level"] == "sentence").to_numpy() & good], so, texts)
    _quotations(report, st[good], so, texts)
    return report.failures


class _Texts:
    """All source texts as one array of code points, so spans can be compared without a loop per row."""

    def __init__(self, so: pd.DataFrame):
        texts = so["text"].tolist()
        self.lengths = pd.Series([len(t) for t in texts], index=so["source_id"].tolist(), dtype="int64")
        bases = np.concatenate([[0], np.cumsum(self.lengths.to_numpy())])[:-1]
        self.base = pd.Series(bases, index=self.lengths.index)
        self.codes = _codepoints("".join(texts))
        nonspace = ~np.isin(self.codes, WHITESPACE)
        self.nonspace_before = np.concatenate([[0], np.cumsum(nonspace)])  # non-space characters before i

    def offsets(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        return (frame["source_id"].map(self.base).to_numpy(np.int64) + frame[column].to_numpy(np.int64))

    def nonspace_between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        return self.nonspace_before[end] - self.nonspace_before[start]

    def snippets(self, start: np.ndarray, end: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The stripped text between global offsets, for the masked rows only (others None)."""
        out = np.full(len(start), None, dtype=object)
        for i in np.flatnonzero(mask):
            out[i] = self.codes[start[i]:end[i]].tobytes().decode("utf-32-le").strip()[:60]
        return out

    def char_at(self, offsets: np.ndarray) -> np.ndarray:
        """Code point at each global offset, 0 where the offset is outside the texts."""
        inside = (offsets >= 0) & (offsets < len(self.codes))
        return np.where(inside, self.codes[np.clip(offsets, 0, max(len(self.codes) - 1, 0))], 0)

    def verbatim(self, st: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
        """True where quote == text[char_start:char_end], compared code point by code point."""
        rows = st[mask]
        out = np.ones(len(st), dtype=bool)
        if not len(rows):
            return out
        lengths = (rows["char_end"] - rows["char_start"]).to_numpy(np.int64)
        same_length = rows["quote"].str.len().to_numpy(np.int64) == lengths
        quotes = _codepoints("".join(rows["quote"].where(same_length, "").tolist()))
        lengths = np.where(same_length, lengths, 0)
        starts = self.offsets(rows, "char_start")
        ok = same_length.copy()
        total = int(lengths.sum())
        if total:
            owner = np.repeat(np.arange(len(rows)), lengths)
            first = np.concatenate([[0], np.cumsum(lengths)])[:-1]
            position = starts[owner] + (np.arange(total) - first[owner])
            mismatch = np.bincount(owner[self.codes[position] != quotes], minlength=len(rows)) > 0
            ok &= ~mismatch
        out[mask] = ok
        return out


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _coverage(report: _Reporter, sentences: pd.DataFrame, so: pd.DataFrame, texts: _Texts) -> None:
    """Sentence rows partition each text: numbered in order, no overlap, only whitespace between them."""
    rows = sentences.sort_values(["source_id", "char_start", "char_end"])
    source = rows["source_id"].to_numpy()
    first = np.ones(len(rows), dtype=bool)
    first[1:] = source[1:] != source[:-1]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = source[1:] != source[:-1]
    starts, ends = texts.offsets(rows, "char_start"), texts.offsets(rows, "char_end")
    base = rows["source_id"].map(texts.base).to_numpy(np.int64)
    gap_from = np.where(first, base, np.concatenate([[0], ends[:-1]]))
    overlap = starts < gap_from
    sub = _Reporter(rows)
    sub.rows(overlap, "sentences overlap", "char_start", "a start at or after the previous sentence's end")
    gap = ~overlap & (texts.nonspace_between(np.minimum(gap_from, starts), starts) > 0)
    sub.rows(gap, "text not covered before this sentence", None, "every non-space character inside a sentence row",
             value=texts.snippets(gap_from, starts, gap))
    source_end = base + rows["source_id"].map(texts.lengths).to_numpy(np.int64)
    tail = last & (texts.nonspace_between(np.minimum(ends, source_end), source_end) > 0)
    sub.rows(tail, "text not covered after this sentence", None, "every non-space character inside a sentence row",
             value=texts.snippets(ends, source_end, tail))
    rank = rows.groupby("source_id", sort=False).cumcount().to_numpy() + 1
    sub.rows(rows["sentence"].to_numpy() != rank, "sentence number out of order", "sentence",
             "1, 2, 3 … in text order within the source", )
    sub.rows(rows["quote"].str.contains("\n", regex=False).to_numpy(), "sentence crosses a paragraph break",
             "quote", "one paragraph per sentence")
    paragraph = _paragraph_numbers(rows, so, texts)
    sub.rows(rows["paragraph"].to_numpy() != paragraph, "wrong paragraph number", "paragraph",
             "the number of the paragraph (non-empty line) the sentence is in")
    report.failures += sub.failures

    counts = rows.groupby("source_id").size()
    for src in so.itertuples(index=False):
        have = int(counts.get(src.source_id, 0))
        if have == 0:
            report.table("sources", src.source_id, "source without sentences", "n_sentences", 0,
                         "at least one sentence row per source")
        elif src.n_sentences != have:
            report.table("sources", src.source_id, "wrong sentence count", "n_sentences", int(src.n_sentences),
                         f"{have}, the number of its sentence rows")
        paragraphs = len(_paragraph_starts(src.text))
        if src.n_paragraphs != paragraphs:
            report.table("sources", src.source_id, "wrong paragraph count", "n_paragraphs", int(src.n_paragraphs),
                         f"{paragraphs}, the number of non-empty lines of its text")


def _paragraph_starts(text: str) -> list[int]:
    return [start for start, _ in paragraph_spans(text)]


def _paragraph_numbers(rows: pd.DataFrame, so: pd.DataFrame, texts: _Texts) -> np.ndarray:
    starts = np.array([texts.base[s] + p for s, t in zip(so["source_id"], so["text"]) for p in _paragraph_starts(t)],
                      dtype=np.int64)
    at = texts.offsets(rows, "char_start")
    base = rows["source_id"].map(texts.base).to_numpy(np.int64)
    return np.searchsorted(starts, at, side="right") - np.searchsorted(starts, base, side="left")


def _quotations(report: _Reporter, st: pd.DataFrame, so: pd.DataFrame, texts: _Texts) -> None:
    """Every quotation in quotation marks has a direct_quote span of exactly the words inside the marks."""
    quotes = st[(st["level"] == "span") & (st["claim_type"] == "direct_quote")]
    marks = pd.DataFrame(
        [(src, m.start(g), m.end(g), m.group(0)) for src, text in zip(so["source_id"], so["text"])
         for m in QUOTATION.finditer(text) for g in (1, 2, 3) if m.group(g) is not None],
        columns=["source_id", "char_start", "char_end", "quotation"])
    found = marks.merge(quotes[["source_id", "char_start", "char_end"]].drop_duplicates(), how="left",
                        on=["source_id", "char_start", "char_end"], indicator=True)
    for miss in found[found["_merge"] == "left_only"].itertuples(index=False):
        report.table("sources", miss.source_id, "quotation without direct_quote span", "text",
                     f"{miss.quotation[:60]} at {miss.char_start - 1}",
                     "a direct_quote span row of exactly the words inside the marks")
    opening = (quotes["char_start"] > 0).to_numpy() & np.isin(
        texts.char_at(texts.offsets(quotes, "char_start") - 1), _codepoints(OPEN_QUOTES))
    end = texts.offsets(quotes, "char_end")
    within = quotes["char_end"].to_numpy(np.int64) < np.asarray(quotes["source_id"].map(texts.lengths), dtype=np.int64)
    inside = opening & within & np.isin(texts.char_at(end), _codepoints(CLOSE_QUOTES))
    sub = _Reporter(quotes)
    sub.rows(~inside, "direct_quote not inside quotation marks", "quote",
             "exactly the words inside quotation marks")
    report.failures += sub.failures


STRUCTURAL = {"missing column", "wrong type", "null value", "unexpected column", "duplicate value"}


def validate_copy(copy: "Copy", path: str) -> Report:
    """Every failure of every table, then the cross-table rules when the tables are structurally sound.

    Parquet and Arrow copies are first held to the contract's stored types (``tables.ACCEPTED_KINDS``:
    strict on the kind of a column, lenient on integer width and string encoding), since the values are
    coerced before they are checked; CSV and JSON Lines store no types, so only their values are judged.
    A wrong stored type alone does not stop the cross-table rules: the values did convert.
    """
    from .coercion import normalise, stored_type_failures

    failures: list[Failure] = []
    frames = {}
    for config, raw in copy.tables.items():
        frame, type_failures = normalise(config, raw, empty_is_null=copy.empty_is_null)
        type_failures = stored_type_failures(config, copy.stored.get(config, {})) + type_failures
        frames[config] = frame
        failures += type_failures + _without_echoes(check_table(config, frame), type_failures)
    failures += [Failure(config, "missing config", None, None, None,
                         f"Parquet files for the {config} config (data/{config}/*.parquet)") for config in copy.missing]
    notes = []
    if copy.is_dataset:
        if any(f.rule in STRUCTURAL or (f.row is None and f.rule != "physical type") for f in failures):
            notes.append("cross-table rules were not run: fix the missing columns, types and nulls above first")
        else:
            failures += cross_table_failures(frames["statements"], frames["speakers"], frames["sources"])
    return Report(path, {c: len(f) for c, f in frames.items()}, failures, notes)


def _without_echoes(failures: list[Failure], type_failures: list[Failure]) -> list[Failure]:
    """Drop the model's restatements of a cell already reported as the wrong type or a missing column."""
    bad_cells = {(f.config, f.row, f.column) for f in type_failures if f.rule == "wrong type"}
    bad_rows = {(config, row) for config, row, _ in bad_cells}
    bad_columns = {(f.config, f.column) for f in type_failures}
    out = []
    for failure in failures:
        if (failure.config, failure.row, failure.column) in bad_cells:
            continue
        if failure.column is None and ((failure.config, failure.row) in bad_rows
                                       or (failure.row is None and bad_rows)):
            continue  # a row rule that read an unconvertible cell (or could not run because of one)
        if failure.row is None and (failure.config, failure.column) in bad_columns:
            continue  # the column's dtype, echoing its unconvertible cells
        if failure.rule == "null value" and (failure.config, failure.column) in {
                (f.config, f.column) for f in type_failures if f.rule == "missing column"}:
            continue
        out.append(failure)
    return out
