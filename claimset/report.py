"""Validating a copy of the data and reporting the result, for people (text) and for CI (JSON)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report itself is light; validating imports pandas and pandera
    from .reading import Copy
    from .validation import Failure

STRUCTURAL = {"missing column", "wrong type", "null value", "unexpected column", "duplicate value"}


@dataclass
class Report:
    path: str
    rows: dict[str, int]
    failures: list[Failure]
    notes: list[str]

    @property
    def valid(self) -> bool:
        return not self.failures

    def groups(self) -> dict[tuple, list[Failure]]:
        out: dict[tuple, list[Failure]] = {}
        for failure in self.failures:
            out.setdefault((failure.config, failure.column, failure.rule, failure.expected), []).append(failure)
        return out

    def counts(self) -> dict[str, int]:
        return dict(Counter(_rule_key(f) for f in self.failures))


def _rule_key(failure: Failure) -> str:
    return f"{failure.config}.{failure.column}: {failure.rule}" if failure.column else f"{failure.config}: {failure.rule}"


def validate_copy(copy: Copy, path: str) -> Report:
    """Every failure of every table, then the cross-table rules when the tables are structurally sound.

    Parquet and Arrow copies are first held to the contract's stored types (``tables.ACCEPTED_KINDS``:
    strict on the kind of a column, lenient on integer width and string encoding), since the values are
    coerced before they are checked; CSV and JSON Lines store no types, so only their values are judged.
    A wrong stored type alone does not stop the cross-table rules: the values did convert.
    """
    from .tables import normalise, stored_type_failures
    from .validation import Failure, check_table, cross_table_failures

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


def as_text(report: Report, max_failures: int) -> str:
    counts = ", ".join(f"{n} {c}" for c, n in report.rows.items())
    lines = []
    if report.valid:
        lines.append(f"{report.path}: valid ({counts}).")
    else:
        groups = report.groups()
        lines.append(f"{report.path}: {len(report.failures)} failure(s) of {len(groups)} rule(s) ({counts}).")
        for (config, column, rule, expected), failures in groups.items():
            subject = f"{config}.{column}" if column else config
            if rule == "physical type":  # about the column, not its rows
                lines += [f"{subject}: {rule} — stored as {f.value}; expected {expected}" for f in failures]
                continue
            lines.append(f"{subject}: {rule} — {len(failures)} row(s); expected {expected}")
            shown = failures if max_failures == 0 else failures[:max_failures]
            for failure in shown:
                value = "" if failure.value is None else f": {_short(failure.value)}"
                lines.append(f"  {failure.row or '(table)'}{value}")
            if len(shown) < len(failures):
                lines.append(f"  … and {len(failures) - len(shown)} more")
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines)


def as_json(report: Report, max_failures: int) -> str:
    listed, per_rule = [], Counter()
    for failure in report.failures:
        key = _rule_key(failure)
        per_rule[key] += 1
        if max_failures == 0 or per_rule[key] <= max_failures:
            listed.append({"config": failure.config, "rule": failure.rule, "row": failure.row,
                           "column": failure.column, "value": failure.value, "expected": failure.expected})
    doc = {"path": report.path, "valid": report.valid, "rows": report.rows, "counts": report.counts(),
           "failures": listed, "truncated": len(listed) < len(report.failures), "notes": report.notes}
    return json.dumps(_finite(doc), ensure_ascii=False, indent=2, default=str, allow_nan=False)


def _finite(value):
    """JSON has no NaN or Infinity: such values are reported as their text."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:99] + "…"
