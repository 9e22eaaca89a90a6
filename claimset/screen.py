"""A fast screen of a whole dataset: every rule of the contract as polars expressions over whole columns.

``claimset validate DATASET`` and the build run the screen first. When it finds nothing, the data is
valid and nothing else runs; when it finds anything, or the copy is not in the contract's own Parquet
types, the full validator (the pandera models and ``validation.cross_table_failures``) runs and explains
every failure row by row. So the screen may raise a false alarm (that only costs time) but must never
pass data the full validator rejects; property tests damage tables and hold it to that.

It imports polars and nothing heavy: at a million statements, pandas and pandera take a minute where
this takes a few seconds. The rules come from ``contract_spec.json``, compiled from the pandera
models (a test holds the two equal), plus one implementation per named check below; a check the screen
does not implement makes it fail safe (it reports the check, so the full validator runs).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from .contract import spec
from .labels import CONFIGS, SETTLED_VERDICTS, edtf_bounds
from .layout import config_files

WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())  # what Python's str.strip() removes
OPENING_CLASS = "[“\"«]"
PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))
POLARS_TYPES = {"string": pl.String, "int32": pl.Int32, "bool": pl.Boolean, "date32": pl.Date,
                "class_label": pl.Int64, "list<string>": pl.List(pl.String)}


def screen_folder(folder: Path) -> tuple[dict[str, int], list[str]] | None:
    """Row counts and the rules that failed for a dataset folder, or None when the folder is not every
    config as Parquet in exactly the contract's types (then only the full validator can judge it: it
    accepts some other types, e.g. int64 offsets or label names, and fails the rest as ``physical type``).
    Unreadable when a data file the card names is no file (layout.config_files)."""
    files = config_files(folder)
    if set(files) != set(CONFIGS):
        return None
    tables = {}
    for config in CONFIGS:
        expected = [(c["name"], POLARS_TYPES[c["type"]]) for c in spec()[config]["columns"]]
        try:
            if any(list(pl.read_parquet_schema(f).items()) != expected for f in files[config]):
                return None
            tables[config] = pl.read_parquet(files[config])
        except Exception:  # unreadable or damaged: the full reader reports it properly  # noqa: BLE001
            return None
    return {config: tables[config].height for config in files}, screen(tables)


def screen(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Names of the rules that fail anywhere (empty: the data is valid). Tables are in contract types.

    The rules that need Python per value (EDTF parsing, SHA-256) run in threads while polars, which
    releases the GIL, evaluates the others.
    """
    from concurrent.futures import ThreadPoolExecutor

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs: list = []
            failed = [rule for config in CONFIGS for rule in _table_rules(config, tables[config], pool, jobs)]
            failed += [name for name, job in jobs if job.result()]
        if failed:
            return failed  # the cross-table rules assume sound tables, as the full validator does
        return _cross_table(tables["statements"], tables["speakers"], tables["sources"])
    except Exception as exc:  # noqa: BLE001 - values the screen cannot handle: the full validator judges
        return [f"the screen could not run ({type(exc).__name__}: {exc})"]


def _stripped_badly(column: str) -> pl.Expr:
    """Empty, or starting or ending with whitespace (what ``str.strip`` would remove)."""
    col, spaces = pl.col(column), list(WHITESPACE)
    return (col.str.len_bytes() == 0) | col.str.slice(0, 1).is_in(spaces) | col.str.slice(-1, 1).is_in(spaces)


def _blank(config: str, column: str) -> pl.Expr:
    """Null or only whitespace. Where the column also has the whitespace rule, which the same screen
    checks, a non-null value is never blank, so null is enough."""
    entry = next(c for c in spec()[config]["columns"] if c["name"] == column)
    if "no surrounding whitespace" in entry.get("rules", []):
        return pl.col(column).is_null()
    return pl.col(column).fill_null("").str.strip_chars(WHITESPACE) == ""


def _repeats(expr: pl.Expr) -> pl.Expr:
    """True when some value occurs twice, counted by hash: a collision is a false alarm, never a miss."""
    return expr.hash().n_unique() != pl.len()


def _label(config: str, column: str, name: str) -> int:
    names = next(c["names"] for c in spec()[config]["columns"] if c["name"] == column)
    return names.index(name)


def _column_rule(name: str, column: str) -> pl.Expr | None:
    if name == "no surrounding whitespace":
        return _stripped_badly(column)
    if name == "list of non-empty strings":
        element = pl.element()
        return pl.col(column).list.eval(
            element.is_null() | (element.str.strip_chars(WHITESPACE).str.len_chars() == 0)).list.any()
    return None


def _frame_rule(config: str, name: str) -> pl.Expr | None:
    col = pl.col
    if config == "statements":
        worthy = col("check_worthy")
        settled = col("verdict").is_in([_label(config, "verdict", v) for v in SETTLED_VERDICTS])
        return {
            "offsets ordered": col("char_start") >= col("char_end"),
            "quote length": col("quote").str.len_chars() != (col("char_end") - col("char_start")),
            "parent by level": col("parent_id").is_null() != (col("level") == "sentence"),
            "attributed_to by claim type": col("attributed_to").is_not_null()
            != (col("claim_type") == _label(config, "claim_type", "attributed_position")),
            "claim for check-worthy": worthy & _blank(config, "claim"),
            "verdict note for check-worthy": worthy & _blank(config, "verdict_note"),
            "checked_on for check-worthy": worthy != col("checked_on").is_not_null(),
            "settled verdict evidence": settled & (_blank(config, "verdict_note") | (col("evidence").list.len() == 0)),
        }.get(name)
    return None


def _python_rule(name: str, frame: pl.DataFrame, column: str | None):
    """A function that says whether a rule needing Python per distinct value (EDTF parsing, SHA-256) is
    broken, or None for a rule the screen does not know."""
    if name == "valid EDTF":
        return lambda: any(edtf_bounds(v) is None for v in frame[column].drop_nulls().unique().to_list())
    bounds_of = {"date bounds": ("date", "date_start", "date_end"),
                 "published bounds": ("published", "published_start", "published_end")}
    if name in bounds_of:
        value, start, end = bounds_of[name]
        return lambda: any(edtf_bounds(v) != (s, e) for v, s, e in frame.select(value, start, end).unique().iter_rows())
    if name == "checksum":  # the UTF-8 bytes as stored: no decoding into str and encoding back
        return lambda: any(hashlib.sha256(data).hexdigest() != h for data, h in
                           zip(frame["text"].cast(pl.Binary).to_list(), frame["text_sha256"].to_list()))
    return None


def _table_rules(config: str, frame: pl.DataFrame, pool, jobs: list) -> list[str]:
    """Failed rules of one table; rules that need Python are added to ``jobs`` as (name, future)."""
    checks: dict[str, pl.Expr] = {}
    failed: list[str] = []
    for column in spec()[config]["columns"]:
        name, col = column["name"], pl.col(column["name"])
        if not column["nullable"]:
            checks[f"{config}.{name}: null value"] = col.is_null()
        if column["unique"]:
            checks[f"{config}.{name}: duplicate value"] = _repeats(col)
        if column["type"] == "class_label":
            checks[f"{config}.{name}: isin"] = (col < 0) | (col >= len(column["names"]))
        elif "isin" in column:
            checks[f"{config}.{name}: isin"] = ~col.is_in(column["isin"])
        if "matches" in column:
            checks[f"{config}.{name}: str_matches"] = ~col.str.contains(column["matches"])
        if "ge" in column:
            checks[f"{config}.{name}: greater_than_or_equal_to"] = col < column["ge"]
        for rule in column.get("rules", []):
            label = f"{config}.{name}: {rule}"
            _named_rule(label, _column_rule(rule, name), _python_rule(rule, frame, name), checks, pool, jobs, failed)
    for rule in (r["name"] for r in spec()[config]["rules"]):
        label = f"{config}: {rule}"
        _named_rule(label, _frame_rule(config, rule), _python_rule(rule, frame, None), checks, pool, jobs, failed)
    return failed + _any(frame, checks)


def _named_rule(label: str, expr, job, checks: dict, pool, jobs: list, failed: list) -> None:
    """Screen a model's named check: as a polars expression, else as a Python job in a thread, else
    report it as not screened (so the full validator runs)."""
    if expr is not None:
        checks[label] = expr
    elif job is not None:
        jobs.append((label, pool.submit(job)))
    else:
        failed.append(f"{label} (not screened)")


def _any(frame: pl.DataFrame, checks: dict[str, pl.Expr]) -> list[str]:
    """The names of the checks that are true on any row, evaluated in one parallel pass."""
    if not checks:
        return []
    names = list(checks)
    row = frame.select([expr.fill_null(False).any().alias(str(i)) for i, expr in enumerate(checks.values())]).row(0)
    return [name for name, hit in zip(names, row) if hit]


def _cross_table(st: pl.DataFrame, sp: pl.DataFrame, so: pl.DataFrame) -> list[str]:
    col = pl.col
    sentence_level = col("level") == "sentence"
    speakers = sp.select("speaker_id", _name="name", _kind="kind")
    sources = so.select("source_id", _published="published", _published_end="published_end",
                        _length=col("text").str.len_chars())
    rows = (st.select("statement_id", "source_id", "speaker_id", "speaker", "attributed_to", "date_basis", "date",
                      "date_start", "level", "sentence", "parent_id", "char_start", "char_end", "claim_type")
            .join(speakers, on="speaker_id", how="left").join(sources, on="source_id", how="left"))
    by_publication = col("date_basis") == "publication"
    checks = {
        "unknown source": col("_length").is_null(),
        "unknown speaker": col("_name").is_null(),
        "speaker name mismatch": col("_name") != col("speaker"),
        "unknown attributed_to": col("attributed_to").is_not_null() & ~col("attributed_to").is_in(sp["speaker_id"].to_list()),
        "publication basis not the author's": (col("_kind") == "author") != by_publication,
        "not the publication date": by_publication & (col("date") != col("_published")),
        "dated after publication": col("date_start") > col("_published_end"),
        "sentence id does not match position": sentence_level & (
            col("statement_id") != col("source_id") + "-s" + col("sentence").cast(pl.String).str.zfill(3)),
        "span id does not match position": ~sentence_level & (
            (col("statement_id").str.replace(r"-[^-]*$", "") != col("parent_id"))
            | ~col("statement_id").str.contains(r"-\d+$")),
        "repeated statement": _repeats(pl.struct("source_id", "level", "char_start", "char_end", "claim_type")),
    }
    failed = _any(rows, checks)
    del rows
    st = st.select("statement_id", "source_id", "paragraph", "sentence", "char_start", "char_end", "level",
                   "parent_id", "quote", "claim_type")  # what the rules below read

    # Paragraphs: each non-empty line, numbered from 1 within its source, with its code-point start.
    lines = (so.select("source_id", line=col("text").str.split("\n")).explode("line")
             .with_columns(_llen=col("line").str.len_chars())
             .with_columns(_lstart=(col("_llen") + 1).cum_sum().over("source_id") - (col("_llen") + 1)))
    lines = lines.filter(col("line").str.strip_chars(WHITESPACE).str.len_chars() > 0)
    paragraphs = lines.with_columns(paragraph=(pl.int_range(pl.len()).over("source_id") + 1).cast(pl.Int32))

    sentences = (st.filter(sentence_level)
                 .join(paragraphs, on=["source_id", "paragraph"], how="left")
                 .sort("source_id", "char_start", "char_end"))
    inside = (col("char_start") >= col("_lstart")) & (col("char_end") <= col("_lstart") + col("_llen"))
    # Rows are sorted by source and offset: neighbours tell where a source or a paragraph starts.
    sentences = sentences.with_columns(
        _same_source=col("source_id") == col("source_id").shift(1)).with_columns(
        _same_paragraph=col("_same_source") & (col("paragraph") == col("paragraph").shift(1)),
        _first=pl.when(~col("_same_source").fill_null(False)).then(pl.int_range(pl.len())).forward_fill())
    previous_end = pl.when(col("_same_source")).then(col("char_end").shift(1))
    rank = pl.int_range(pl.len()) - col("_first") + 1
    # Coverage, paragraph by paragraph: the text before each sentence (from the previous sentence's end,
    # or the paragraph's start) and after the paragraph's last sentence is whitespace only, and every
    # paragraph holds a sentence.
    paragraph = ["source_id", "paragraph"]
    gap_from = pl.when(col("_same_paragraph")).then(col("char_end").shift(1)).otherwise(col("_lstart"))
    gap = col("line").str.slice(gap_from - col("_lstart"), pl.max_horizontal(col("char_start") - gap_from, 0))
    tail = col("line").str.slice(col("char_end") - col("_lstart"))
    last = ~col("_same_paragraph").shift(-1).fill_null(False)
    failed += _any(sentences, {
        "sentence not inside its paragraph (wrong paragraph, or crosses a line break)": col("_lstart").is_null()
        | ~inside,
        "quote not verbatim (sentence)": inside & (col("line").str.slice(col("char_start") - col("_lstart"),
                                                                         col("char_end") - col("char_start"))
                                                   != col("quote")),
        "sentences overlap": col("char_start") < previous_end,
        "sentence number out of order": col("sentence") != rank,
        "text not covered before a sentence": inside & (gap.str.strip_chars(WHITESPACE).str.len_bytes() > 0),
        "text not covered after a paragraph's last sentence": inside & last
        & (tail.str.strip_chars(WHITESPACE).str.len_bytes() > 0),
    })
    if sentences.select(pl.struct(paragraph).hash().n_unique()).item() != paragraphs.height:
        failed.append("paragraph without sentences")  # (or a hash collision: a false alarm, never a miss)

    covered = sentences.group_by("source_id").agg(_count=pl.len())
    totals = so.select("source_id", "n_sentences", "n_paragraphs",
                       _opening=col("text").str.count_matches(OPENING_CLASS).cast(pl.Int64))
    counted = paragraphs.group_by("source_id").agg(_paragraphs=pl.len())

    # Quotations: every opening mark of the text must start a direct_quote span's marked region
    # ("words" plus the marks around them), so the regex the full validator runs finds exactly those.
    spans = st.filter(~sentence_level)
    parents = st.filter(sentence_level).select(parent_id="statement_id", _pquote="quote", _pstart="char_start",
                                               _pend="char_end", _psource="source_id", _pparagraph="paragraph",
                                               _psentence="sentence")
    spans = spans.join(parents, on="parent_id", how="left")
    within = (col("char_start") >= col("_pstart")) & (col("char_end") <= col("_pend"))
    failed += _any(spans, {
        "parent not a sentence row": col("_pstart").is_null(),
        "span differs from its parent": (col("source_id") != col("_psource")) | (col("paragraph") != col("_pparagraph"))
        | (col("sentence") != col("_psentence")),
        "span outside its parent": ~within,
        "quote not verbatim (span)": within & (col("_pquote").str.slice(col("char_start") - col("_pstart"),
                                                                         col("char_end") - col("char_start"))
                                               != col("quote")),
    })
    quotes = (spans.filter(col("claim_type") == _label("statements", "claim_type", "direct_quote"))
              .join(paragraphs, on=["source_id", "paragraph"], how="left")
              .with_columns(_marked=col("line").str.slice(col("char_start") - 1 - col("_lstart"),
                                                          col("char_end") - col("char_start") + 2))
              .sort("source_id", "char_start"))
    marked_right = pl.any_horizontal([
        col("_marked").str.starts_with(o) & col("_marked").str.ends_with(c) & ~col("quote").str.contains(c, literal=True)
        for o, c in PAIRS])
    failed += _any(quotes, {
        "direct_quote not inside quotation marks": col("_lstart").is_null()
        | (col("char_start") - 1 < col("_lstart")) | (col("char_end") + 1 > col("_lstart") + col("_llen"))
        | ~marked_right.fill_null(False),
        "quotation marks overlap": col("char_start") - 1 < col("char_end").shift(1).over("source_id") + 1,
    })
    marks = quotes.group_by("source_id").agg(_in_quotes=col("_marked").str.count_matches(OPENING_CLASS).sum()
                                             .cast(pl.Int64))
    per_source = (totals.join(covered, on="source_id", how="left").join(counted, on="source_id", how="left")
                  .join(marks, on="source_id", how="left").fill_null(0))
    failed += _any(per_source, {
        "source without sentences": col("_count") == 0,
        "wrong sentence count": col("n_sentences") != col("_count"),
        "wrong paragraph count": col("n_paragraphs") != col("_paragraphs"),
        "quotation without direct_quote span": col("_opening") != col("_in_quotes"),
    })
    return failed
