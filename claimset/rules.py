"""Every rule of the contract, each written once as a polars expression, and the engine that runs them.

A rule is a name, the table and column it reports, what it expects, and one expression that is true on
the failing rows of the frame it runs on: a table, or a frame joined from the tables for the rules
across them (foreign keys, verbatim text, coverage, span parents, dates, quotation marks, citations of
statements in evidence). The engine runs the same expressions over the same frames in two modes:

- ``screen``: the rules that fail anywhere, one pass per frame (a second where a cheap suspicion needs the
  rule itself to confirm it) — what the build and ``claimset validate`` run first, and all they run on
  valid data;
- ``explain``: every failing row with its id, column, value and expectation (``report.Failure``).

so the two cannot disagree. The pandera models in ``claimset.schemas`` declare the columns and name
the rules they carry (their checks call this module for the logic); ``contract_spec.json``, compiled
from them, says which rule applies to which column and table. Tables come in the contract's Arrow
types (``contract.TYPES``: class labels as their indices). Imports polars, never pandas or pandera.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from .contract import spec, value_text
from .labels import (ALL_CONFIGS, CLAIM_TYPES, CONFIGS, EDTF_EXPECTED, EVIDENCE_STATEMENT, ID_COLUMNS, LABELS_CONFIG,
                     SETTLED_VERDICTS, TEXT_EXPECTED, VERDICTS, edtf_bounds, label_rows)
from .report import Failure, row_name
from .vocabulary import LETTER_OR_DIGIT, QUOTE_PAIRS, SPAN_QUOTATION, SPAN_REQUIRED, WHITESPACE

STRUCTURAL = frozenset({"missing column", "wrong type", "null value", "unexpected column", "duplicate value"})
"""Failures after which the rules across tables are not run: they assume every key present and unique."""

col, lit = pl.col, pl.lit


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each rule is written once
class Rule:
    """One rule: ``fails`` is true on the rows of ``frame`` that break it."""

    name: str
    config: str              # the table whose rows it reports
    column: str | None       # the column it reports (None: the row as a whole)
    expected: str | pl.Expr  # what it expects (an expression where that depends on the row)
    fails: pl.Expr
    frame: str = ""          # the frame it runs on: "" for its own table, else one joined in ``_cross_frames``
    value: pl.Expr | None = None  # what a failure shows (default: the column's value)
    anywhere: pl.Expr | None = None  # ``fails.any()`` said cheaper, where the two are the same by construction
    suspect: pl.Expr | None = None   # true wherever ``fails.any()`` is, cheaper: the screen asks the rule only then
    # (e.g. values' hashes not all distinct: equal values have equal hashes)
    described: str = ""      # what it expects, in words, where ``expected`` is an expression

    @property
    def text(self) -> str:
        """What the rule expects, as the contract's renderings state it."""
        return self.expected if isinstance(self.expected, str) else self.described

    @property
    def key(self) -> str:
        return f"{self.config}.{self.column}: {self.name}" if self.column else f"{self.config}: {self.name}"


# --- rules of one column, named in the models ----------------------------------------------------------------

_SPACE = "[" + "".join(f"\\u{{{ord(c):04x}}}" for c in WHITESPACE) + "]"
_NONSPACE = "[^" + _SPACE[1:]


def _filled(expr: pl.Expr) -> pl.Expr:
    """Holding a character other than whitespace."""
    return expr.str.contains(_NONSPACE)


def _worded(expr: pl.Expr) -> pl.Expr:
    """Holding a letter or digit."""
    return expr.str.contains(LETTER_OR_DIGIT)


def _blank(expr: pl.Expr) -> pl.Expr:
    """Null, empty or only whitespace."""
    return expr.is_null() | ~_filled(expr)


def _per_value(expr: pl.Expr, bad) -> pl.Expr:
    """True where ``bad(value)`` holds, asked once per distinct value (a check that needs Python)."""
    def run(series: pl.Series) -> pl.Series:
        return series.is_in([v for v in series.drop_nulls().unique().to_list() if bad(v)])
    return expr.map_batches(run, return_dtype=pl.Boolean)


def _surrounded(expr: pl.Expr) -> pl.Expr:
    """Empty, or starting or ending with whitespace (asked of the ends: no stripped copy of every text)."""
    return (expr.str.len_bytes() == 0) | expr.str.contains("^" + _SPACE) | expr.str.contains(_SPACE + "$")


COLUMN_RULES = {
    "no surrounding whitespace": (TEXT_EXPECTED, lambda c: _surrounded(col(c))),
    "valid EDTF": (EDTF_EXPECTED, lambda c: _per_value(col(c), lambda v: edtf_bounds(v) is None)),
    "list of non-empty strings": ("a list of non-empty strings",
                                  lambda c: col(c).list.eval(_blank(pl.element())).list.any()),
}
"""Rules a model attaches to columns by name: (expectation, column name → failing expression)."""


# --- rules of one row, named in the models -------------------------------------------------------------------

def _bounds_wrong(value: str, start: str, end: str) -> pl.Expr:
    """``start`` and ``end`` are not the first and last day of the EDTF ``value`` (or it is not EDTF)."""
    def run(series: pl.Series) -> pl.Series:
        frame = series.struct.unnest()
        values = frame[value].drop_nulls().unique().to_list()
        bounds = pl.DataFrame([(v, *(edtf_bounds(v) or (None, None))) for v in values], orient="row",
                              schema={value: pl.String, "_first": pl.Date, "_last": pl.Date})
        frame = frame.join(bounds, on=value, how="left", maintain_order="left")  # one lookup of each row's value
        return frame.select((col("_first").is_null() & col(value).is_not_null()) | (col("_first") != col(start))
                            | (col("_last") != col(end))).to_series()
    return pl.struct(value, start, end).map_batches(run, return_dtype=pl.Boolean)


def _checksum_wrong() -> pl.Expr:
    """The SHA-256 of the text's UTF-8 bytes as stored (no decoding and encoding back) is not text_sha256."""
    def run(series: pl.Series) -> pl.Series:
        frame = series.struct.unnest()
        return pl.Series([None if data is None or digest is None else hashlib.sha256(data).hexdigest() != digest
                          for part in frame.iter_slices(256)  # a few texts at a time as bytes, not all of them
                          for data, digest in zip(part["text"].cast(pl.Binary).to_list(),
                                                  part["text_sha256"].to_list())], dtype=pl.Boolean)
    return pl.struct("text", "text_sha256").map_batches(run, return_dtype=pl.Boolean)


@lru_cache(maxsize=1)
def row_rules() -> dict[str, tuple[str, pl.Expr]]:
    """Rules a model attaches to its rows by name: (expectation, failing expression)."""
    worthy = col("check_worthy")
    return {
        "offsets ordered": ("char_start < char_end", col("char_start") >= col("char_end")),
        "quote length": ("quote to be char_end - char_start characters long",
                         col("quote").str.len_chars() != col("char_end") - col("char_start")),
        "parent by level": ("parent_id null exactly for sentence rows",
                            col("parent_id").is_null() != (col("level") == "sentence")),
        "attributed_to by claim type": ("attributed_to set exactly for attributed_position rows",
                                        col("attributed_to").is_not_null()
                                        != (col("claim_type") == CLAIM_TYPES.index("attributed_position"))),
        "claim for check-worthy": ("a claim restatement on every check-worthy row", worthy & _blank(col("claim"))),
        "date bounds": ("date_start and date_end to be the first and last day of date",
                        _bounds_wrong("date", "date_start", "date_end")),
        "verdict note for check-worthy": ("a verdict_note (the finding, or why it was not checked) on every "
                                          "check-worthy row", worthy & _blank(col("verdict_note"))),
        "checked_on for check-worthy": ("checked_on set exactly on check-worthy rows",
                                        worthy != col("checked_on").is_not_null()),
        "settled verdict evidence": ("a verdict_note and evidence on refuted, mixed and supported rows",
                                     col("verdict").is_in([VERDICTS.index(v) for v in SETTLED_VERDICTS])
                                     & (_blank(col("verdict_note")) | (col("evidence").list.len() == 0))),
        "checksum": ("text_sha256 to be the SHA-256 of text (UTF-8)", _checksum_wrong()),
        "published bounds": ("published_start and published_end to be the first and last day of published",
                             _bounds_wrong("published", "published_start", "published_end")),
    }


# --- the rules of each table, from the compiled contract -----------------------------------------------------

@lru_cache(maxsize=None)
def table_rules(config: str) -> tuple[Rule, ...]:
    """Every rule of one table: each column's type, nulls, uniqueness, values and named rules, then the
    row rules, in the order of the model."""
    rules = []
    for column in spec()[config]["columns"]:
        name = column["name"]
        c = col(name)

        def add(rule: str, expected: str, fails: pl.Expr, value: pl.Expr | None = None,
                anywhere: pl.Expr | None = None, suspect: pl.Expr | None = None) -> None:
            rules.append(Rule(rule, config, name, expected, fails, value=value, anywhere=anywhere, suspect=suspect))

        if not column["nullable"]:
            add("null value", "a value (this column has no nulls)", c.is_null(), lit(None))
        if column["unique"]:  # some value twice: fewer distinct values than values (a third of the work)
            add("duplicate value", "a unique value", c.is_duplicated() & c.is_not_null(),
                anywhere=c.drop_nulls().n_unique() != c.drop_nulls().len(), suspect=c.hash().n_unique() != pl.len())
        if column["type"] == "class_label":  # stored as indices: one outside the names is no label at all
            add("wrong type", value_text("class_label", column["names"]), (c < 0) | (c >= len(column["names"])))
        elif "isin" in column:
            add("isin", "one of: " + ", ".join(column["isin"]), ~c.is_in(column["isin"]))
        if "matches" in column:  # polars' $ is the end of the text: "abc\n" does not match ^[a-z]+$
            add("str_fullmatch", f"text matching {column['matches']}", ~c.str.contains(column["matches"]))
        if "ge" in column:
            add("greater_than_or_equal_to", f">= {column['ge']}", c < column["ge"])
        for rule in column.get("rules", []):
            expected, fails = COLUMN_RULES[rule]
            add(rule, expected, fails(name))
    key = spec()[config].get("primary_key")
    if key:  # a key of several columns (a single column's uniqueness is that column's rule)
        rules.append(Rule("duplicate value", config, None, "a unique " + ", ".join(key),
                          pl.struct(*key).is_duplicated(),
                          value=pl.concat_str([col(name).cast(pl.String) for name in key], separator=", ")))
    for rule in spec()[config]["rules"]:
        expected, fails = row_rules()[rule["name"]]
        rules.append(Rule(rule["name"], config, None, expected, fails, value=lit(None)))
    return tuple(rules)


# --- the rules across tables ---------------------------------------------------------------------------------

def _is_direct_quote_span() -> pl.Expr:
    return (col("level") == "span") & (col("claim_type") == CLAIM_TYPES.index("direct_quote"))




def _foreign_keys() -> list[tuple[str, dict]]:
    """(table, key) for each foreign key the models declare to another table (a reference inside a table is
    checked by the stricter rule its declaration names)."""
    return [(config, key) for config in CONFIGS for key in spec()[config].get("foreign_keys", [])
            if key["reference"]["resource"] != config]


@lru_cache(maxsize=1)
def cross_rules() -> tuple[Rule, ...]:
    """The rules across tables, in the order they are reported: the declared foreign keys, then the rest."""
    if any(config != "statements" for config, _ in _foreign_keys()):
        raise ValueError("foreign keys are checked on the statements table only: declare them there")
    keys = tuple(Rule(key["rule"], config, key["fields"],
                      f"a {key['reference']['fields']} of the {key['reference']['resource']} table",
                      col(key["fields"]).is_not_null() & ~col(f"_in_{key['fields']}"), "rows")
                 for config, key in _foreign_keys())
    return keys + _other_cross_rules()


def across_tables(name: str) -> list[dict]:
    """The rules across tables (other than foreign keys) called ``name``: the column each reports and what
    it expects, for the models to declare. Loud when there is none."""
    found = [{"name": rule.name, "column": rule.column, "expected": rule.text}
             for rule in _other_cross_rules() if rule.name == name]
    if not found:
        raise KeyError(f"no rule across tables is called {name!r}")
    return found


@lru_cache(maxsize=1)
def _other_cross_rules() -> tuple[Rule, ...]:
    sentence, found = col("level") == "sentence", col("_pstart").is_not_null()
    statement = pl.struct("source_id", "level", "char_start", "char_end", "claim_type")
    marked = pl.any_horizontal([(col("_open") == o) & (col("_close") == c) for o, c in QUOTE_PAIRS]).fill_null(False)

    def st(name, column, expected, fails, frame="rows", value=None, suspect=None):
        return Rule(name, "statements", column, expected, fails, frame, value, suspect=suspect)

    def so(name, column, expected, fails, frame, value=None, described=""):
        return Rule(name, "sources", column, expected, fails, frame, value, described=described)

    return (
        st("speaker name mismatch", "speaker", "the speakers table's name for speaker_id",
           col("_name") != col("speaker")),
        # Dates: the author's rows carry the publication date; nothing is said after publication.
        st("publication basis not the author's", "date_basis",
           "'publication' exactly for rows whose speaker is the source's author",
           (col("_kind") == "author") != (col("date_basis") == "publication")),
        st("not the publication date", "date", "the source's published value",
           (col("date_basis") == "publication") & (col("date") != col("_published"))),
        st("dated after publication", "date", "a date no later than the source's published_end",
           col("date_start") > col("_published_end")),
        # Ids say where a statement is: <source>-sNNN for the NNNth sentence, <parent>-K for its spans.
        st("id does not match position", "statement_id", "<source_id>-sNNN with NNN the sentence number",
           sentence & (col("statement_id")
                       != col("source_id") + "-s" + col("sentence").cast(pl.String).str.zfill(3))),
        st("id does not match position", "statement_id", "<parent_id>-K for the Kth span of a sentence",
           ~sentence & ~(col("statement_id").str.starts_with(col("parent_id"))
                         & col("statement_id").str.strip_prefix(col("parent_id")).str.contains(r"^-\d+$"))),
        st("repeated statement", "statement_id", "one row per statement (same offsets and claim type appear twice)",
           ~statement.is_first_distinct(), suspect=statement.hash().n_unique() != pl.len()),  # equal rows, equal hashes
        st("parent not a sentence row", "parent_id", "the statement_id of a sentence row", ~found, "spans"),
        *(st("span differs from its parent", column, "the parent sentence's value",
             found & (col(column) != col(f"_p{column}")), "spans")
          for column in ("source_id", "paragraph", "sentence")),
        st("span outside its parent", "char_start", "offsets within the parent sentence's char_start:char_end",
           found & ((col("char_start") < col("_pstart")) | (col("char_end") > col("_pend"))), "spans"),
        st("offsets beyond the text", "char_end", "an offset within the text", col("char_end") > col("_length")),
        st("quote not verbatim", "quote", "exactly sources.text[char_start:char_end]", col("_text") != col("quote")),
        st("no letter or digit", "quote", "a letter or digit: punctuation alone is a row only as a whole paragraph "
           "(a separator such as * * *)", col("_wordless") & ~col("_whole").fill_null(False)),
        # Coverage: sentence rows partition each text, numbered in order, only whitespace between them.
        st("sentences overlap", "char_start", "a start at or after the previous sentence's end",
           col("char_start") < col("_gap_from"), "sentences"),
        st("text not covered before this sentence", None, "every non-space character inside a sentence row",
           _filled(col("_gap")), "sentences", col("_gap").str.strip_chars(WHITESPACE).str.head(60)),
        st("text not covered after this sentence", None, "every non-space character inside a sentence row",
           _filled(col("_tail")), "sentences", col("_tail").str.strip_chars(WHITESPACE).str.head(60)),
        st("sentence number out of order", "sentence", "1, 2, 3 … in text order within the source",
           col("sentence") != col("_rank"), "sentences"),
        st("sentence crosses a paragraph break", "quote", "one paragraph per sentence (in a hard-wrapped text, its "
           "source's line_breaks: wrapped)", col("_across"), "sentences"),
        st("wrong paragraph number", "paragraph", "the number of the paragraph (non-empty line, or block of lines "
           "where line_breaks is wrapped) the sentence is in", col("paragraph") != col("_paragraph"), "sentences"),
        so("source without sentences", "n_sentences", "at least one sentence row per source", col("_count") == 0,
           "sources", col("_count")),
        so("wrong sentence count", "n_sentences", pl.format("{}, the number of its sentence rows", col("_count")),
           (col("_count") > 0) & (col("n_sentences") != col("_count")), "sources",
           described="the number of its sentence rows"),
        so("wrong paragraph count", "n_paragraphs",
           pl.format("{}, the number of paragraphs of its text", col("_paragraphs")),
           col("n_paragraphs") != col("_paragraphs"), "sources",
           described="the number of paragraphs of its text (non-empty lines, or blocks of lines where line_breaks is "
                     "wrapped)"),
        # Quotations: each one in marks has a direct_quote span of exactly its words, and each such span
        # sits right inside a pair of marks.
        so("quotation without direct_quote span", "text",
           "a direct_quote span row of exactly the words inside the marks", col("_span").is_null(), "quotations",
           pl.format("{} at {}", col("_quotation").str.head(60), col("_mark"))),
        st("direct_quote not inside quotation marks", "quote", "exactly the words inside quotation marks",
           _is_direct_quote_span() & col("_sane") & ~marked),
        # Evidence may cite a statement of the dataset itself (a primary record in the corpus).
        st("unknown evidence statement", "evidence", f"'{EVIDENCE_STATEMENT}' followed by a statement_id of this "
           "dataset (not the row's own)", ~col("_cited"), "evidence", col("_entry")),
        # The labels table names the label columns' indices as the contract does (a copy may have none). It reads
        # no other table: it runs with the labels table's own rules (``_table_results``), never held back by them.
        Rule("label not the contract's", "labels", None, LABELS_EXPECTED,
             col("_i").is_null() | col("_contract").is_null() | (col("name") != col("_contract"))
             | (col("description") != col("_description")) | (col("ordered") != col("_ordered")), "labels",
             pl.format("{}.{} {}: {}", col("table_name"), col("column_name"), col("label_index"),
                       pl.when(col("_i").is_null()).then(lit("no row"))
                       .when(col("_contract").is_null()).then(lit("no such label in the contract"))
                       .when(col("name") != col("_contract")).then(pl.format("the contract names it {}", "_contract"))
                       .when(col("description") != col("_description"))
                       .then(pl.format("the contract describes it as {}", "_description"))
                       .otherwise(pl.format("the contract says ordered {}", "_ordered")))),
    )


class _Texts:
    """The source texts as paragraphs and blank lines with global offsets, to cut any span out of them without a
    row per character: each text starts after the earlier ones and a virtual line break after each (``_base``).
    A paragraph is a non-empty line, or in a hard-wrapped text a block of them (``labels.LINE_BREAKS``)."""

    def __init__(self, sources: pl.DataFrame):
        lines = (sources.select("source_id", "_base", "_i", _line=col("text").str.split("\n")).explode("_line")
                 .with_columns(_filled=_filled(col("_line"))))
        if "line_breaks" in sources.columns and (sources["line_breaks"] == "wrapped").any():
            # join the lines of each block of a wrapped text, with their breaks
            wrapped = col("_i").is_in(sources.filter(col("line_breaks") == "wrapped")["_i"].implode())
            joined = wrapped & (col("_i") == col("_i").shift(1)) & col("_filled") & col("_filled").shift(1)
            lines = (lines.with_columns(_unit=(~joined.fill_null(False)).cum_sum())
                     .group_by("_unit", maintain_order=True)
                     .agg(pl.first("source_id", "_base", "_i", "_filled"), col("_line").str.join("\n"))
                     .drop("_unit"))
        lines = lines.with_columns(_llen=col("_line").str.len_chars().cast(pl.Int64))
        lengths = col("_llen") + 1  # a text's lines and their breaks add up to its length and one break more
        self.lines = lines.with_columns(  # _pnum: the paragraphs of its text up to this one
            _gstart=lengths.cum_sum() - lengths, _pnum=_within(col("_filled").cast(pl.Int64).cum_sum(), "source_id"))
        self.starts = self.lines["_gstart"]

    def _at(self, offsets: pl.Series) -> pl.Series:
        """The line holding each global offset (a line holds its characters and the break after them)."""
        return (self.starts.search_sorted(offsets.fill_null(0), side="right").cast(pl.Int64) - 1).clip(0)

    def _gather(self, positions: pl.Series, *columns: str) -> pl.DataFrame:
        """The lines at ``positions`` (``_at``); nulls where there is no text at all (a copy without sources)."""
        lines = self.lines.select(*columns)
        return lines[positions] if lines.height else lines.clear(n=positions.len())

    def around(self, start: pl.Series, end: pl.Series) -> pl.DataFrame:
        """``_open`` and ``_close``: the nearest characters other than whitespace before global offset ``start``
        and from ``end`` on, within their lines (null where there is none); ``end`` > ``start``."""
        before = self._gather(self._at(start), "_line", "_gstart").with_columns(_at=start).select(
            _open=col("_line").str.slice(0, col("_at") - col("_gstart")).str.strip_chars_end(WHITESPACE).str.tail(1))
        after = self._gather(self._at(end - 1), "_line", "_gstart").with_columns(_at=end).select(
            _close=col("_line").str.slice(col("_at") - col("_gstart")).str.strip_chars_start(WHITESPACE).str.head(1))
        return pl.concat([before, after], how="horizontal").select(
            pl.when(col(c) != "").then(col(c)).alias(c) for c in ("_open", "_close"))

    def between(self, start: pl.Series, end: pl.Series) -> pl.DataFrame:
        """``_text``: the text between global offsets (null where either is null), ``_paragraph``: the
        number of paragraphs up to the one holding ``start``, and ``_across``: whether ``end`` is past it."""
        lines = self.lines.select("_line", "_gstart", "_llen", "_pnum")
        first = self._at(start)
        at = self._gather(first, *lines.columns).with_columns(_start=start, _end=end)
        known = col("_start").is_not_null() & col("_end").is_not_null()
        inside = col("_end") <= col("_gstart") + col("_llen")  # up to the line's break: within the line
        out = at.select(_text=pl.when(known & inside)
                        .then(col("_line").str.slice(col("_start") - col("_gstart"), col("_end") - col("_start"))),
                        _paragraph=col("_pnum"), _across=known & ~inside)
        across = at.select(pl.arg_where(known & ~inside)).to_series()
        if across.len():  # gaps between paragraphs, mostly: the rest of the line, a break, the next line's start
            ends = pl.concat([at[across], lines[first[across] + 1].select(
                _next="_line", _nstart="_gstart", _nlen="_llen")], how="horizontal")
            rest = col("_line").str.slice(col("_start") - col("_gstart"))
            two = ends.select(_k=across, _text=pl.when(col("_end") <= col("_nstart") + col("_nlen")).then(
                pl.concat_str(rest, lit("\n"), col("_next").str.head(col("_end") - col("_nstart")))))
            out = out.with_columns(_text=out["_text"].scatter(two["_k"], two["_text"]))
            across, ends = two.filter(col("_text").is_null())["_k"], ends.filter(two["_text"].is_null())
        if across.len():  # across blank lines too: a piece of each line, joined by the breaks
            pieces = (ends.select(_k=across, _start="_start", _end="_end", _n=pl.int_ranges(
                self._at(ends["_start"]), self._at(ends["_end"]) + 1)).explode("_n"))
            pieces = pl.concat([pieces, lines[pieces["_n"]]], how="horizontal")
            begin = pl.max_horizontal(col("_start") - col("_gstart"), 0)
            piece = col("_line").str.slice(begin, pl.min_horizontal(col("_end") - col("_gstart"), col("_llen")) - begin)
            joined = pieces.group_by("_k", maintain_order=True).agg(piece.str.join("\n"))
            out = out.with_columns(_text=out["_text"].scatter(joined["_k"], joined["_line"]))
        return out


def _within(running: pl.Expr, group: str) -> pl.Expr:
    """A running total restarted at each run of equal ``group`` values (rows of a group are adjacent):
    cheaper than ``.over(group)``."""
    first = (col(group) != col(group).shift(1)).fill_null(True)
    return running - pl.when(first).then(running.shift(1).fill_null(0)).forward_fill()


def _in_text_order(sentences: pl.DataFrame) -> pl.DataFrame:
    """The sentences by source and offsets (``_base``, ``char_start``, ``char_end``), as they are stored when built:
    sorted only where they are not."""
    ordered = col("char_end") >= col("char_end").shift(1)
    for key in ("char_start", "_base"):  # each row after the one before it, key by key (the last key first)
        ordered = (col(key) > col(key).shift(1)) | (col(key) == col(key).shift(1)) & ordered
    if sentences.select(ordered.fill_null(True).all()).item():
        return sentences
    return sentences.sort("_base", "char_start", "char_end", maintain_order=True)


def _sparse(height: int, positions: pl.Series, values: pl.Series) -> pl.Series:
    """A column of ``height`` nulls with ``values`` at ``positions``."""
    return pl.repeat(None, height, dtype=values.dtype, eager=True).scatter(positions, values)


_READ = ("_i", "statement_id", "source_id", "paragraph", "sentence", "char_start", "char_end", "level", "parent_id",
         "quote", "speaker_id", "speaker", "attributed_to", "claim_type", "date", "date_start", "date_basis")
"""The statements columns the rules across tables read."""


def _cross_frames(tables: dict[str, pl.DataFrame]):
    """(name, frame) for each frame the rules across tables run on, built one after the other."""
    st, sp, so = tables["statements"], tables["speakers"], tables["sources"]
    length = col("text").str.len_chars().cast(pl.Int64)
    sources = so.with_columns(_length=length, _base=(length + 1).cum_sum() - (length + 1))
    texts = _Texts(sources)
    keys = sources.select("source_id", "_length", "_base", _published="published", _published_end="published_end")
    rows = (st.select(*_READ).join(sp.select("speaker_id", _name="name", _kind="kind"), on="speaker_id", how="left",
                                   maintain_order="left")
            .join(keys, on="source_id", how="left", maintain_order="left")
            .with_columns(**{f"_in_{key['fields']}": col(key["fields"]).is_in(
                tables[key["reference"]["resource"]][key["reference"]["fields"]].implode())
                for config, key in _foreign_keys() if config == "statements"}))
    rows = rows.with_columns(_sane=col("_length").is_not_null() & (col("char_start") >= 0)
                             & (col("char_start") <= col("char_end")) & (col("char_end") <= col("_length")))
    first, last = col("_base") + col("char_start").cast(pl.Int64), col("_base") + col("char_end").cast(pl.Int64)
    at = rows.select(start=pl.when(col("_sane")).then(first), end=pl.when(col("_sane")).then(last))
    cut = texts.between(at["start"], at["end"])
    # a direct quote's neighbours: the characters before and after it, past any whitespace
    quote = _is_direct_quote_span() & col("_sane") & (col("char_start") < col("char_end"))
    quotes = rows.select(pl.arg_where(quote)).to_series()
    at = rows[quotes].select(start=first, end=last)
    marks = texts.around(at["start"], at["end"])
    # punctuation alone (rare): is the row a whole paragraph of it?
    rows = rows.with_columns(_wordless=~_worded(col("quote")))
    bare = rows.select(pl.arg_where(col("_wordless") & col("_sane") & (col("level") == "sentence"))).to_series()
    if bare.len():
        line = texts.lines["_line"][texts._at(rows[bare].select(first).to_series())]
        whole = line.str.strip_chars(WHITESPACE) == rows["quote"][bare]
    else:
        whole = pl.Series([], dtype=pl.Boolean)
    rows = rows.with_columns(_whole=_sparse(rows.height, bare, whole),
                             _text=cut["_text"], _paragraph=cut["_paragraph"], _across=cut["_across"],
                             _open=_sparse(rows.height, quotes, marks["_open"]),
                             _close=_sparse(rows.height, quotes, marks["_close"]))
    del at, cut, marks
    yield "rows", rows

    parents = rows.select(
        "level", parent_id="statement_id", _psource_id="source_id", _pparagraph="paragraph", _psentence="sentence",
        _pstart="char_start", _pend="char_end").filter(col("level") == "sentence").drop("level")
    spans = rows.select("_i", "statement_id", "parent_id", "source_id", "paragraph", "sentence", "char_start",
                        "char_end", "level").filter(col("level") == "span")
    yield "spans", spans.join(parents, on="parent_id", how="left", maintain_order="left")
    del spans, parents

    sentences = _in_text_order(rows.select("_i", "statement_id", "source_id", "_base", "_length", "char_start",
                                           "char_end", "sentence", "paragraph", "quote", "_paragraph", "_across",
                                           "level", "_sane").filter((col("level") == "sentence") & col("_sane")))
    same = (col("source_id") == col("source_id").shift(1)).fill_null(False)
    sentences = sentences.with_columns(
        _gap_from=pl.when(same).then(col("char_end").shift(1)).otherwise(0),
        _last=~(col("source_id") == col("source_id").shift(-1)).fill_null(False),
        _rank=_within(pl.int_range(1, pl.len() + 1), "source_id"))
    gaps = sentences.select(
        start=pl.when(col("_gap_from") <= col("char_start")).then(col("_base") + col("_gap_from").cast(pl.Int64)),
        end=col("_base") + col("char_start").cast(pl.Int64))
    last = sentences.select(pl.arg_where(col("_last"))).to_series()
    tails = sentences[last].select(start=col("_base") + col("char_end").cast(pl.Int64),
                                   end=col("_base") + col("_length"))
    sentences = sentences.with_columns(
        _gap=texts.between(gaps["start"], gaps["end"])["_text"],
        _tail=_sparse(sentences.height, last, texts.between(tails["start"], tails["end"])["_text"]))
    del gaps, tails
    yield "sentences", sentences
    del sentences

    counts = st.group_by("source_id").agg(_count=(col("level") == "sentence").sum())
    paragraphs = texts.lines.group_by("source_id").agg(_paragraphs=col("_filled").sum())
    yield "sources", (sources.join(counts, on="source_id", how="left", maintain_order="left")
                      .join(paragraphs, on="source_id", how="left", maintain_order="left")
                      .with_columns(col("_count").fill_null(0), col("_paragraphs").fill_null(0)))

    # Quotations of each line that has an opening mark: the text up to and including each quotation, whose
    # lengths add up to its offset.
    openings = "[" + "".join(opening for opening, _ in SPAN_REQUIRED) + "]"
    lines = (texts.lines.filter(col("_line").str.contains(openings))  # from the first opening mark on (find: bytes)
             .select("source_id", "_i", "_base", "_gstart", "_llen", _line=col("_line").cast(pl.Binary)
                     .bin.slice(col("_line").str.find(openings)).cast(pl.String))
             .with_columns(_from=col("_llen") - col("_line").str.len_chars()))
    chunks = (lines.select("source_id", "_i", "_from", "_gstart", "_base",
                           _chunk=col("_line").str.extract_all("(?s).*?" + SPAN_QUOTATION),
                           _quotation=col("_line").str.extract_all(SPAN_QUOTATION))  # the same, without what precedes
              .with_row_index("_n").explode("_chunk", "_quotation").drop_nulls("_chunk"))
    chunks = chunks.with_columns(_until=_within(col("_chunk").str.len_chars().cast(pl.Int64).cum_sum(), "_n"))
    inner_end = col("_gstart") - col("_base") + col("_from") + col("_until") - 1
    inner = col("_quotation").str.slice(1, col("_quotation").str.len_chars() - 2)  # whitespace may stand inside
    lead = inner.str.len_chars() - inner.str.strip_chars_start(WHITESPACE).str.len_chars()  # after the mark
    trail = inner.str.len_chars() - inner.str.strip_chars_end(WHITESPACE).str.len_chars()
    quotations = (chunks.filter(_worded(col("_quotation")))  # marks around punctuation alone quote no one
                  .with_columns(_mark=inner_end - col("_quotation").str.len_chars().cast(pl.Int64) + 1)
                  .select("source_id", "_i", "_quotation", "_mark", char_end=inner_end - trail.cast(pl.Int64),
                          char_start=col("_mark") + 1 + lead.cast(pl.Int64)))
    spans = (rows.select("source_id", "char_start", "char_end")[quotes]
             .select("source_id", col("char_start").cast(pl.Int64), col("char_end").cast(pl.Int64))
             .unique().with_columns(_span=lit(True)))
    ids = tables.get("statement_ids", st["statement_id"])
    if ids is not None:  # None: only some sources' rows are here, and a citation may name any statement
        yield "evidence", _evidence_frame(st, ids)

    yield "quotations", quotations.join(spans, on=["source_id", "char_start", "char_end"], how="left",
                                        maintain_order="left")


LABELS_EXPECTED = "one row per label of the contract's label columns, with its name, description and ordered"


def _labels_frame(labels: pl.DataFrame) -> pl.DataFrame:
    """The labels table beside the contract's row for each row's table, column and index (``_contract``,
    ``_description``, ``_ordered``: ``labels.label_rows``), and a row without ``_i`` for each label of the contract
    the table lacks."""
    key = ["table_name", "column_name", "label_index"]
    contract = pl.DataFrame(label_rows(), schema_overrides={"label_index": pl.Int32}).rename(
        {"name": "_contract", "description": "_description", "ordered": "_ordered"})
    found = labels.select("_i", *key, "name", "description", "ordered").with_columns(col("label_index").cast(pl.Int32))
    return (found.join(contract, on=key, how="full", coalesce=True, maintain_order="left_right")
            .with_columns(name=pl.coalesce("name", "_contract")))  # a missing row is named by the contract's name


def _evidence_frame(statements: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """Each evidence entry citing a statement (``statement:<id>``), and whether ``ids`` holds that statement."""
    cites = (statements.select("_i", "statement_id", _entry="evidence").explode("_entry")
             .filter(col("_entry").str.starts_with(EVIDENCE_STATEMENT)))
    cited = col("_entry").str.strip_prefix(EVIDENCE_STATEMENT)
    # look the few cited ids up among all ids, not all ids among the few: polars hashes the right-hand side
    found = ids.filter(ids.is_in(cites.select(cited).to_series().implode()))
    return cites.with_columns(_cited=cited.is_in(found.implode())
                              & (col("_entry") != EVIDENCE_STATEMENT + col("statement_id")))


def screen_citations(statements: pl.DataFrame) -> list[str]:
    """The keys of the citation rules that fail anywhere in the whole statements table: a rebuild that screens
    only the changed sources' rows still checks every citation (a cited statement may have been renumbered)."""
    rules = [rule for rule in cross_rules() if rule.frame == "evidence"]
    frame = _evidence_frame(statements.with_row_index("_i"), statements["statement_id"])
    return [rule.key for rule in _run(frame, rules, explain=False)]


# --- the engine ----------------------------------------------------------------------------------------------

def _indexed(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The tables with each row's position (``_i``), by which a row without an id is named."""
    return {config: frame.with_row_index("_i") if config in ALL_CONFIGS else frame for config, frame in tables.items()}


def _run(frame: pl.DataFrame, rules, explain: bool) -> dict:
    """Rule → its failures (explain) or True (screen), for the rules that fail on ``frame``. A rule that
    reads a column the frame lacks (a user's copy missing it: already reported) is skipped."""
    present = set(frame.columns)
    rules = [rule for rule in rules if set(rule.fails.meta.root_names()) <= present]
    if not rules:
        return {}
    if not explain:
        hits = dict(zip(rules, frame.select([_first_asked(rule).alias(str(i)) for i, rule in enumerate(rules)]).row(0)))
        suspects = [rule for rule in rules if hits[rule] and rule.suspect is not None]
        if suspects:  # a suspicion confirmed or not by the rule itself
            asked = frame.select([_asked(rule).alias(str(i)) for i, rule in enumerate(suspects)])
            hits.update(zip(suspects, asked.row(0)))
        return {rule: True for rule in rules if hits[rule]}
    masks = frame.select([rule.fails.fill_null(False).alias(str(i)) for i, rule in enumerate(rules)])
    out = {}
    for i, rule in enumerate(rules):
        mask = masks.get_column(str(i))
        if not mask.any():
            continue
        value = rule.value if rule.value is not None else col(rule.column)
        expected = rule.expected if isinstance(rule.expected, pl.Expr) else lit(rule.expected)
        row_id = col(ID_COLUMNS[rule.config]) if ID_COLUMNS[rule.config] in present else lit(None)
        shown = frame.filter(mask).select("_i", _id=row_id, _value=value, _expected=expected).sort("_i")
        out[rule] = [Failure(rule.config, rule.name, row_name(row_id, position), rule.column, value, expected)
                     for position, row_id, value, expected in shown.iter_rows()]
    return out


def _asked(rule: Rule) -> pl.Expr:
    """Whether the rule fails anywhere: its cheaper exact test where it has one, else the rule itself."""
    return rule.anywhere if rule.anywhere is not None else rule.fails.fill_null(False).any()


def _first_asked(rule: Rule) -> pl.Expr:
    """What the screen asks of a rule first: its suspicion where it has one, else whether it fails."""
    return rule.suspect if rule.suspect is not None else _asked(rule)


def _table_results(tables: dict[str, pl.DataFrame], explain: bool) -> dict:
    return {rule: found for config in ALL_CONFIGS if config in tables
            for rule, found in _own_results(config, tables[config], explain).items()}


def _own_results(config: str, frame: pl.DataFrame, explain: bool) -> dict:
    """One table's rules; for the labels table also its comparison with the contract, once its own columns and
    key are sound."""
    results = _run(frame, table_rules(config), explain)
    if config != LABELS_CONFIG or any(rule.name in STRUCTURAL for rule in results):
        return results
    if {column["name"] for column in spec()[config]["columns"]} <= set(frame.columns):  # a copy may lack some
        results.update(_run(_labels_frame(frame), [rule for rule in cross_rules() if rule.frame == LABELS_CONFIG],
                            explain))
    return results


def _cross_results(tables: dict[str, pl.DataFrame], explain: bool) -> dict:
    by_frame: dict[str, list[Rule]] = {}
    for rule in cross_rules():
        by_frame.setdefault(rule.frame, []).append(rule)
    results = {}
    for name, frame in _cross_frames(tables):
        results.update(_run(frame, by_frame[name], explain))
    return {rule: results[rule] for rule in cross_rules() if rule in results}


def blocks_cross_table(failures: list[Failure]) -> bool:
    """Whether the data tables are too broken for the rules across them: a key missing, repeated or not typed,
    or a failure of a whole column (except how it is stored). The labels table's failures hold nothing back."""
    return any(f.config in CONFIGS and (f.rule in STRUCTURAL or (f.row is None and f.rule != "physical type"))
               for f in failures)


def screen(tables: dict[str, pl.DataFrame]) -> list[str]:
    """The keys (``config.column: rule``) of the rules that fail anywhere, as ``explain`` would count them;
    empty when the tables are valid. ``tables`` holds every config, in the contract's types."""
    tables = _indexed(tables)
    failed = list(_table_results(tables, explain=False))
    if not any(rule.name in STRUCTURAL and rule.config in CONFIGS for rule in failed):
        failed += list(_cross_results(tables, explain=False))
    return list(dict.fromkeys(rule.key for rule in failed))


def screen_table(config: str, frame: pl.DataFrame, names: set[str]) -> list[str]:
    """The keys of the named rules of one table that fail anywhere in ``frame``."""
    chosen = [rule for rule in table_rules(config) if rule.name in names]
    return [rule.key for rule in _run(frame.with_row_index("_i"), chosen, explain=False)]


def explain(tables: dict[str, pl.DataFrame]) -> list[Failure]:
    """Every failure of every row, rule by rule: the tables' own rules, then (when all three tables are
    given and sound enough) the rules across them."""
    tables = _indexed(tables)
    failures = [f for found in _table_results(tables, explain=True).values() for f in found]
    if set(CONFIGS) <= set(tables) and not blocks_cross_table(failures):
        failures += cross_table_failures(tables, indexed=True)
    return failures


def table_failures(config: str, frame: pl.DataFrame) -> list[Failure]:
    """Every failure of one table's own rules (a copy may lack columns: their rules are skipped)."""
    return [f for found in _own_results(config, frame.with_row_index("_i"), True).values() for f in found]


def cross_table_failures(tables: dict[str, pl.DataFrame], indexed: bool = False) -> list[Failure]:
    """Every failure of the rules across tables; the tables must hold every key, once."""
    return [f for found in _cross_results(tables if indexed else _indexed(tables), True).values() for f in found]


def failing(name: str, frame: pl.DataFrame, column: str | None = None) -> pl.Series:
    """Where the named column or row rule fails on ``frame`` (for the pandera models' checks)."""
    fails = COLUMN_RULES[name][1](column) if column else row_rules()[name][1]
    return frame.select(fails.fill_null(False)).to_series()


def expectation(name: str) -> str:
    """What the named column or row rule expects (the models' checks say it as their error)."""
    return COLUMN_RULES[name][0] if name in COLUMN_RULES else row_rules()[name][0]
