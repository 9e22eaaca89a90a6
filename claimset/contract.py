"""The data contract, compiled from the pandera models in ``claimset.schemas`` and rendered from that.

``compile_contract`` reads the models once and writes ``claimset/contract_spec.json`` (a test holds
the file equal to the models); every rendering — the Hugging Face features, the Arrow schema, the
card's field tables, ``contract.json``, the Croissant fields and ``claimset schema`` — and the fast
screen read the compiled form, so the contract is written once and none of them imports pandera.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .labels import CONFIGS

SPEC_FILE = Path(__file__).with_name("contract_spec.json")

COLUMN_KEYS = ("name", "type", "nullable", "unique", "title", "description", "names", "checks")
_SIMPLE_TYPES = {"str": "string", "string[pyarrow]": "string", "string": "string", "int32": "int32",
                 "bool": "bool", "date": "date32"}


@lru_cache(maxsize=1)
def spec() -> dict:
    """Each config's columns (type, nullability, uniqueness, checks) and rules, as compiled from the models."""
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


def columns(config: str) -> list[dict]:
    """Each column of a config: name, type, nullability, labels, title, description and checks."""
    return [{key: column[key] for key in COLUMN_KEYS if key in column} for column in spec()[config]["columns"]]


def table_rules(config: str) -> list[str]:
    """The model's cross-column rules (its ``@dataframe_check``\\s): name and what they require."""
    return [f"{rule['name']}: {rule['error']}" for rule in spec()[config]["rules"]]


def description(config: str) -> str:
    """The model's docstring: what one row of the config is."""
    return spec()[config]["description"]


def compile_contract() -> dict:
    """Everything the renderings and the screen need of the models, as plain data (imports pandera)."""
    from .schemas import MODELS

    out = {}
    for config, model in MODELS.items():
        schema = model.to_schema()
        cols = []
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
            if column.checks:
                entry["checks"] = [_check_text(check) for check in column.checks]
            for check in column.checks:
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
        out[config] = {"description": (model.__doc__ or "").strip(), "columns": cols,
                       "rules": [{"name": check.name, "error": check.error} for check in schema.checks]}
    return out


def write_compiled() -> None:
    """Regenerate ``claimset/contract_spec.json`` after changing a model (a test says when it is due)."""
    SPEC_FILE.write_text(json.dumps(compile_contract(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    spec.cache_clear()


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
    from .arrow import schema

    meta = {"huggingface": json.dumps({"info": {"features": hf_features(config)}}, sort_keys=True)}
    return schema(config).with_metadata(meta)


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
    doc = {config: {"description": description(config), "columns": columns(config), "rules": table_rules(config)}
           for config in CONFIGS}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_markdown(heading_level: int = 3) -> str:
    """One field table per config, as the dataset card shows it."""
    parts = []
    for config in CONFIGS:
        parts.append(f"{'#' * heading_level} `{config}`\n\n{description(config)}\n")
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
