#!/usr/bin/env python3
"""The fair peer for `claimset validate`: the statements table's column and row rules in pandera's polars backend.

    python benchmarks/peer_pandera_polars.py DATASET_FOLDER      # exit 0 valid, 1 invalid

It does what a user of pandera would write for the same contract, reading `contract_spec.json` for the
column declarations (type, nulls, uniqueness, allowed values, patterns, bounds) and stating each of the
model's row rules as a polars expression: the same column and row rules `claimset validate` runs on the
statements table, minus the cross-table rules (foreign keys, verbatim text, coverage, quotations) and
the speakers and sources tables, which pandera has no way to state. EDTF values are parsed once per
distinct value with the same parser claimset uses, as claimset's own screen does, so both pay the same.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandera.polars as pa
import polars as pl

from claimset.contract import polars_type, spec


def _edtf_ok(data: pa.PolarsData) -> pl.LazyFrame:
    from claimset.labels import edtf_bounds

    values = data.lazyframe.select(pl.col(data.key).drop_nulls().unique()).collect().to_series().to_list()
    bad = [v for v in values if edtf_bounds(v) is None]
    return data.lazyframe.select(~pl.col(data.key).is_in(bad))


def _stripped(data: pa.PolarsData) -> pl.LazyFrame:
    col = pl.col(data.key)
    return data.lazyframe.select(col.is_null() | ((col.str.strip_chars() == col) & (col.str.len_chars() > 0)))


def _worded(data: pa.PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key).str.contains(r"[\p{L}\p{N}]"))


def _string_list(data: pa.PolarsData) -> pl.LazyFrame:
    element = pl.element()
    return data.lazyframe.select(~pl.col(data.key).list.eval(
        element.is_null() | (element.str.strip_chars().str.len_chars() == 0)).list.any())


NAMED = {"valid EDTF": _edtf_ok, "no surrounding whitespace": _stripped, "list of non-empty strings": _string_list,
         "letter or digit": _worded}


def schema() -> pa.DataFrameSchema:
    declared = spec()["statements"]
    names = {c["name"]: c.get("names") for c in declared["columns"]}
    columns = {}
    for column in declared["columns"]:
        checks = []
        if column["type"] == "class_label":
            checks.append(pa.Check.in_range(0, len(column["names"]) - 1))
        elif "isin" in column:
            checks.append(pa.Check.isin(column["isin"]))
        if "matches" in column:
            checks.append(pa.Check.str_matches(column["matches"]))
        if "ge" in column:
            checks.append(pa.Check.ge(column["ge"]))
        checks += [pa.Check(NAMED[rule], name=rule) for rule in column.get("rules", [])]
        columns[column["name"]] = pa.Column(polars_type(column["type"]), checks=checks, nullable=column["nullable"],
                                            unique=column["unique"])
    col = pl.col
    attributed = names["claim_type"].index("attributed_position")
    settled = [names["verdict"].index(v) for v in ("refuted", "mixed", "supported")]

    def present(name):
        return col(name).fill_null("").str.strip_chars() != ""

    rows = {
        "offsets ordered": col("char_start") < col("char_end"),
        "quote length": col("quote").str.len_chars() == col("char_end") - col("char_start"),
        "parent by level": col("parent_id").is_null() == (col("level") == "sentence"),
        "attributed_to by claim type": col("attributed_to").is_not_null() == (col("claim_type") == attributed),
        "claim for check-worthy": ~col("check_worthy") | present("claim"),
        "date bounds": col("date_start") <= col("date_end"),
        "verdict note for check-worthy": ~col("check_worthy") | present("verdict_note"),
        "checked_on for check-worthy": col("check_worthy") == col("checked_on").is_not_null(),
        "settled verdict evidence": ~col("verdict").is_in(settled) | (present("verdict_note")
                                                                      & (col("evidence").list.len() > 0)),
    }
    checks = [pa.Check(lambda data, expr=expr: data.lazyframe.select(expr), name=name) for name, expr in rows.items()]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True)


def main(folder: str) -> int:
    frame = pl.read_parquet(Path(folder) / "data" / "statements" / "*.parquet")
    try:
        schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        print(f"{len(exc.failure_cases)} failure case(s)")
        return 1
    print(f"valid ({frame.height} statements)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
