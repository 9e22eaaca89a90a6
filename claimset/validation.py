"""Validating a copy of the data: coerced to the contract's types, then explained by the rules.

A copy may store anything. ``coercion`` holds Parquet and Arrow copies to the contract's stored types
(``physical type``) and converts every column, reporting each cell that does not convert (``wrong
type``); the rules (``claimset.rules``, the same the screen runs) then explain every failing row. Each
failure is described the same way — table, rule, row, column, value, expectation — so ``claimset
validate`` can group them by rule and the build can point a curator at the line to fix.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import contract
from .coercion import normalise, stored_type_failures, to_polars
from .labels import CONFIGS
from .report import Failure, Report, missing_notes
from .rules import blocks_cross_table, cross_table_failures, table_failures

if TYPE_CHECKING:
    import pandas as pd

    from .reading import Copy

__all__ = ["Failure", "check_dataset", "check_table", "validate_copy"]


def validate_copy(copy: Copy, path: str) -> Report:
    """Every failure of every table, then the rules across tables when the tables are sound enough.

    Parquet and Arrow copies are first held to the contract's stored types (``contract.TYPES``: strict
    on the kind of a column, lenient on integer width and string encoding), since the values are coerced
    before they are checked; CSV and JSON Lines store no types, so only their values are judged. A wrong
    stored type alone does not stop the rules across tables: the values did convert.
    """
    failures, notes = _check(copy.tables, copy.stored, copy.empty_is_null, copy.is_dataset)
    failures += [Failure(config, "missing config", None, None, None,
                         f"Parquet files for the {config} config (data/{config}/*.parquet)")
                 for config in copy.missing if config in CONFIGS]
    notes += missing_notes(config for config in copy.missing if config not in CONFIGS)
    return Report(path, {config: len(frame) for config, frame in copy.tables.items()}, failures, notes)


def check_table(config: str, frame: pd.DataFrame) -> list[Failure]:
    """Every failure of one table (in the models' pandas form, or as a user stored it) against its rules."""
    return _check({config: frame})[0]


def check_dataset(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame) -> list[Failure]:
    """Every failure of the three tables, and of the rules across them when the tables are sound enough."""
    return _check({"statements": statements, "speakers": speakers, "sources": sources}, across=True)[0]


def _check(frames: dict, stored: dict | None = None, empty_is_null: bool = False,
           across: bool = False) -> tuple[list[Failure], list[str]]:
    failures: list[Failure] = []
    tables = {}
    for config, raw in frames.items():
        frame, type_failures = normalise(config, raw, empty_is_null=empty_is_null)
        type_failures = stored_type_failures(config, (stored or {}).get(config, {})) + type_failures
        known = {column["name"] for column in contract.columns(config)}
        type_failures += [Failure(config, "unexpected column", None, str(name), None, "only the contract's columns")
                          for name in frame.columns if name not in known]
        tables[config] = to_polars(config, frame)
        failures += type_failures + _without_echoes(table_failures(config, tables[config]), type_failures)
    notes = []
    if across:
        if blocks_cross_table(failures):
            notes.append("cross-table rules were not run: fix the missing columns, types and nulls above first")
        else:
            failures += cross_table_failures(tables)
    return failures, notes


def _without_echoes(failures: list[Failure], type_failures: list[Failure]) -> list[Failure]:
    """Drop the rules' restatements of a cell already reported as the wrong type (it is null for them)."""
    bad_cells = {(f.config, f.row, f.column) for f in type_failures if f.rule == "wrong type"}
    bad_rows = {(config, row) for config, row, _ in bad_cells}
    return [failure for failure in failures if (failure.config, failure.row, failure.column) not in bad_cells
            and not (failure.column is None and (failure.config, failure.row) in bad_rows)]
