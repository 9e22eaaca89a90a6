"""``claimset describe``: the quick look a user takes before an analysis."""
from __future__ import annotations

import pandas as pd

from .schemas import CLAIM_TYPES, VERDICTS


def summarise(tables: dict[str, pd.DataFrame]) -> dict:
    """Counts per config and, for statements, by claim type, speaker and verdict, with dates and shares
    (``tables`` as ``api.load_valid`` gives them: normalised, valid or not)."""
    out: dict = {}
    for config, frame in tables.items():
        entry: dict = {"rows": len(frame)}
        if config == "statements":
            entry.update(_statements(frame))
        elif config == "sources" and "source_id" in frame:
            entry["sources"] = sorted(frame["source_id"].dropna().astype(str))
            if "license" in frame:
                entry["licences"] = _licences(frame)
        elif config == "speakers" and "kind" in frame:
            entry["by_kind"] = _counts(frame["kind"])
        out[config] = entry
    return out


def _licences(frame: pd.DataFrame) -> dict[str, dict]:
    """Each source's licence: the open licence its ``license`` text names (``release.OPEN_LICENCES``), or
    its first clause and ``open`` false — a text that may not be redistributed as the rest may."""
    from .release import open_licence

    out = {}
    for source_id, text in sorted(zip(frame["source_id"].astype(str), frame["license"].fillna("").astype(str))):
        name = open_licence(text)
        out[source_id] = {"licence": name or " ".join(text.split(";")[0].split()) or "none given",
                          "open": name is not None}
    return out


def _counts(series: pd.Series, order: list[str] | None = None) -> dict[str, int]:
    counts = series.dropna().astype(str).value_counts()
    keys = [k for k in order if k in counts] if order else sorted(counts.index, key=lambda k: (-counts[k], k))
    return {k: int(counts[k]) for k in keys}


def _statements(frame: pd.DataFrame) -> dict:
    entry: dict = {}
    if "level" in frame:
        entry["by_level"] = _counts(frame["level"], ["sentence", "span"])
    if "source_id" in frame:
        entry["sources"] = int(frame["source_id"].nunique())
    if "claim_type" in frame:
        entry["by_claim_type"] = _counts(frame["claim_type"], CLAIM_TYPES)
    if "speaker" in frame:
        entry["by_speaker"] = _counts(frame["speaker"])
    if "verdict" in frame:
        entry["by_verdict"] = _counts(frame["verdict"], VERDICTS)
    if {"date_start", "date_end"} <= set(frame.columns):
        starts, ends = frame["date_start"].dropna(), frame["date_end"].dropna()
        entry["date_range"] = [min(starts).isoformat() if len(starts) else None,
                               max(ends).isoformat() if len(ends) else None]
    if "check_worthy" in frame:
        worthy = frame["check_worthy"].map(lambda v: v is True or v == True).astype(bool)  # noqa: E712
        entry["check_worthy"] = {"rows": int(worthy.sum()),
                                 "share": round(float(worthy.mean()), 4) if len(frame) else 0.0}
    return entry


def dataset_version(path) -> str | None:
    """The version a published dataset folder declares (its Croissant metadata's ``version``), else None."""
    import json
    from pathlib import Path

    from .layout import CROISSANT_FILE

    try:
        version = json.loads((Path(path) / CROISSANT_FILE).read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) and version.strip() else None


def summary_text(path: str, summary: dict, version: str | None = None) -> str:
    lines = [f"{path} (version {version})" if version else path]
    for config, entry in summary.items():
        lines.append(f"{config}: {entry['rows']} row{'' if entry['rows'] == 1 else 's'}")
        if "by_level" in entry:
            lines.append("  levels: " + _join(entry["by_level"]))
        if "sources" in entry and config == "statements":
            lines.append(f"  sources: {entry['sources']}")
        for key, label in (("by_claim_type", "claim types"), ("by_speaker", "speakers"), ("by_verdict", "verdicts"),
                           ("by_kind", "kinds")):
            if key in entry:
                lines.append(f"  {label}: " + _join(entry[key]))
        if "date_range" in entry:
            first, last = entry["date_range"]
            lines.append(f"  dates: {first} to {last}" if first or last else "  dates: none")
        if "check_worthy" in entry:
            cw = entry["check_worthy"]
            lines.append(f"  check-worthy: {cw['rows']} of {entry['rows']} ({cw['share']:.1%})")
        if config == "sources" and "licences" in entry:
            lines.append("  licences (texts open to redistribute unless marked NOT OPEN):")
            lines += [f"    {source_id}: {item['licence']}" if item["open"] else
                      f"    {source_id}: NOT OPEN — {item['licence']}" for source_id, item in entry["licences"].items()]
        elif config == "sources" and "sources" in entry:
            lines.append("  ids: " + ", ".join(entry["sources"]))
    return "\n".join(lines)


def _join(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
