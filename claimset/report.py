"""The result of validating a copy of the data, reported for people (text) and for CI (JSON)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Failure:
    """One failed rule on one row (or on a whole table or column, when ``row`` is None)."""

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

    @property
    def key(self) -> str:
        """The rule as counted and screened: ``config.column: rule``, or ``config: rule`` for a row rule."""
        return f"{self.config}.{self.column}: {self.rule}" if self.column else f"{self.config}: {self.rule}"


def _show(value) -> str:
    text = repr(value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) <= 80 else text[:79] + "…"


def row_name(value, position: int) -> str:
    """How a row is named in a report: its id where it has one, else ``row N`` (0-based position)."""
    return value if isinstance(value, str) and value != "" else f"row {position}"


def missing_notes(configs) -> list[str]:
    """Notes for the configs a dataset folder may lack: ``labels`` only names the label indices, so a copy
    made before it was published is valid without it."""
    return [f"no {config} config (a copy made before it was published); the label "
            "columns were checked against the contract's names" for config in configs]


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
        return dict(Counter(f.key for f in self.failures))


def as_text(report: Report, max_failures: int) -> str:
    from .wording import count, plural

    counts = ", ".join(count(n, c) for c, n in report.rows.items())
    lines = []
    if report.valid:
        lines.append(f"{report.path}: valid ({counts}).")
    else:
        groups = report.groups()
        lines.append(f"{report.path}: {plural(len(report.failures), 'failure')} of {plural(len(groups), 'rule')} "
                     f"({counts}).")
        for (config, column, rule, expected), failures in groups.items():
            subject = f"{config}.{column}" if column else config
            if rule == "physical type":  # about the column, not its rows
                lines += [f"{subject}: {rule} — stored as {f.value}; expected {expected}" for f in failures]
                continue
            lines.append(f"{subject}: {rule} — {plural(len(failures), 'row')}; expected {expected}")
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
        key = failure.key
        per_rule[key] += 1
        if max_failures == 0 or per_rule[key] <= max_failures:
            listed.append(asdict(failure))
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
