"""Renderings of the data contract, all generated from the pandera models in ``claimset.schemas``.

The Hugging Face features, the card's field tables, ``contract.json`` and the
``claimset schema`` command read from here, so the contract is written once.
"""
from __future__ import annotations

import json

from .schemas import MODELS

_SIMPLE_TYPES = {"str": "string", "string[pyarrow]": "string", "string": "string", "int32": "int32",
                 "bool": "bool", "date": "date32"}


def columns(config: str) -> list[dict]:
    """Each column of a config: name, type, nullability, labels, title and description."""
    schema = MODELS[config].to_schema()
    out = []
    for name, column in schema.columns.items():
        meta = column.metadata or {}
        if "class_label" in meta:
            dtype, names = "class_label", list(meta["class_label"])
        elif "list_of" in meta:
            dtype, names = f"list<{meta['list_of']}>", None
        else:
            dtype, names = _SIMPLE_TYPES[str(column.dtype)], None
        entry = {"name": name, "type": dtype, "nullable": bool(column.nullable), "unique": bool(column.unique),
                 "title": column.title, "description": column.description}
        if names is not None:
            entry["names"] = names
        checks = [_check_text(check) for check in column.checks]
        if checks:
            entry["checks"] = checks
        out.append(entry)
    return out


def _check_text(check) -> str:
    stats = {k: v for k, v in (check.statistics or {}).items() if v is not None}
    if check.name == "isin":
        return "in: " + ", ".join(map(str, stats.get("allowed_values", [])))
    if check.name == "str_matches":
        return f"matches {stats.get('pattern')}"
    if check.error:
        return f"{check.name}: {check.error}"
    if check.name in ("greater_than_or_equal_to", "greater_than"):
        symbol = ">=" if check.name.endswith("equal_to") else ">"
        return f"{symbol} {next(iter(stats.values()))}"
    return check.name


def table_rules(config: str) -> list[str]:
    """The model's cross-column rules (its ``@dataframe_check``\\s): name and what they require."""
    return [f"{check.name}: {check.error}" for check in MODELS[config].to_schema().checks]


def hf_features(config: str) -> dict:
    """The config's Hugging Face features as ``Features.to_dict()`` writes them, without importing datasets.

    The build uses this (importing ``datasets`` costs seconds); a test holds it equal to ``features()``.
    """
    out = {}
    for column in columns(config):
        if column["type"] == "class_label":
            out[column["name"]] = {"names": column["names"], "_type": "ClassLabel"}
        elif column["type"].startswith("list<"):
            out[column["name"]] = {"feature": {"dtype": column["type"][5:-1], "_type": "Value"}, "_type": "List"}
        else:
            out[column["name"]] = {"dtype": column["type"], "_type": "Value"}
    return out


def hf_yaml_features(config: str) -> list[dict]:
    """The card's ``dataset_info.features`` list, as ``Features._to_yaml_list()`` writes it."""
    out = []
    for column in columns(config):
        if column["type"] == "class_label":
            names = {str(i): name for i, name in enumerate(column["names"])}
            out.append({"name": column["name"], "dtype": {"class_label": {"names": names}}})
        elif column["type"].startswith("list<"):
            out.append({"name": column["name"], "list": column["type"][5:-1]})
        else:
            out.append({"name": column["name"], "dtype": column["type"]})
    return out


def arrow_schema(config: str):
    """The Arrow schema of a config's Parquet file (class labels as int64, as ``datasets`` stores them)."""
    import json

    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "bool": pa.bool_(), "date32": pa.date32(),
             "class_label": pa.int64(), "list<string>": pa.list_(pa.string())}
    fields = [pa.field(c["name"], types[c["type"]]) for c in columns(config)]
    meta = {"huggingface": json.dumps({"info": {"features": hf_features(config)}}, sort_keys=True)}
    return pa.schema(fields, metadata=meta)


def features(config: str):
    """Hugging Face ``Features`` of a config."""
    import datasets

    spec = {}
    for column in columns(config):
        if column["type"] == "class_label":
            spec[column["name"]] = datasets.ClassLabel(names=column["names"])
        elif column["type"].startswith("list<"):
            spec[column["name"]] = datasets.List(datasets.Value(column["type"][5:-1]))
        else:
            spec[column["name"]] = datasets.Value(column["type"])
    return datasets.Features(spec)


def as_json() -> str:
    """The whole contract as a JSON document (deterministic)."""
    doc = {config: {"description": (MODELS[config].__doc__ or "").strip(),
                    "columns": columns(config), "rules": table_rules(config)} for config in MODELS}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_markdown(heading_level: int = 3) -> str:
    """One field table per config, as the dataset card shows it."""
    parts = []
    for config, model in MODELS.items():
        parts.append(f"{'#' * heading_level} `{config}`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| Column | Type | Null | Description |\n|---|---|---|---|")
        for column in columns(config):
            dtype = column["type"]
            if dtype == "class_label":
                dtype = "ClassLabel"
            parts.append(f"| `{column['name']}` | {dtype} | {'yes' if column['nullable'] else 'no'} | "
                         f"{column['description']} |")
        rules = table_rules(config)
        if rules:
            parts.append("\nRow rules: " + "; ".join(rules) + ".")
        parts.append("")
    return "\n".join(parts)


def screen_spec() -> dict:
    """What the fast screen needs of each model, as plain data: columns with their types, nullability,
    uniqueness and built-in checks, and the names of the custom checks per column and per table.

    Written to ``claimset/contract_spec.json`` so ``claimset validate`` can screen a dataset without
    importing pandera; a test holds that file equal to this function's output.
    """
    out = {}
    for config, model in MODELS.items():
        schema = model.to_schema()
        cols = []
        for column in columns(config):
            entry = {key: column[key] for key in ("name", "type", "nullable", "unique") if key in column}
            if "names" in column:
                entry["names"] = column["names"]
            for check in schema.columns[column["name"]].checks:
                stats = {k: v for k, v in (check.statistics or {}).items() if v is not None}
                if check.name == "isin":
                    entry["isin"] = sorted(map(str, stats["allowed_values"]))
                elif check.name == "str_matches":
                    entry["matches"] = stats["pattern"]
                elif check.name == "greater_than_or_equal_to":
                    entry["ge"] = stats["min_value"]
                else:
                    entry.setdefault("rules", []).append(check.name)
            cols.append(entry)
        out[config] = {"columns": cols, "rules": [check.name for check in schema.checks]}
    return out


SCREEN_SPEC_FILE = "contract_spec.json"


def write_screen_spec() -> None:
    """Regenerate ``claimset/contract_spec.json`` after changing a model (a test says when it is due)."""
    from pathlib import Path

    path = Path(__file__).with_name(SCREEN_SPEC_FILE)
    path.write_text(json.dumps(screen_spec(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
