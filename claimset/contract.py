"""The data contract, compiled from the pandera models in ``claimset.schemas`` and rendered from that.

``compile_contract`` reads the models once and writes ``claimset/contract_spec.json`` (a test holds
the file equal to the models); every rendering — the Hugging Face features, the Arrow schema, the
card's field tables, ``contract.json``, the Croissant fields and ``claimset schema`` — and the fast
screen read the compiled form, so the contract is written once and none of them imports pandera.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .labels import ALL_CONFIGS

SPEC_FILE = Path(__file__).with_name("contract_spec.json")

COLUMN_KEYS = ("name", "type", "nullable", "unique", "title", "description", "names", "checks")


@dataclass(frozen=True)
class Kind:
    """One type of the contract, as each library and format names it."""

    arrow: str        # pyarrow type factory (int64 for class labels: their indices, as ``datasets`` stores them)
    polars: str       # polars data type
    hf: str           # Hugging Face ``Value`` dtype, or ClassLabel
    croissant: str    # schema.org dataType of a Croissant field
    pandas: str       # dtype of the column in the pandas frames the models validate
    pandera: tuple    # how pandera names the dtype of a model's column of this type
    stored: frozenset  # kinds of stored Arrow type a Parquet or Arrow copy may use for it (``coercion``)
    stored_text: str  # what a ``physical type`` failure expects
    value_text: str   # what a ``wrong type`` failure expects ({last} and {names}: of a class label)


TYPES = {
    "string": Kind("string", "String", "string", "sc:Text", "str", ("str", "string", "string[pyarrow]"),
                   frozenset({"string"}), "string", "text"),
    "int32": Kind("int32", "Int32", "int32", "sc:Integer", "int32", ("int32",), frozenset({"integer"}),
                  "int32 (any integer width)", "a whole number (int32)"),
    "bool": Kind("bool_", "Boolean", "bool", "sc:Boolean", "bool", ("bool",), frozenset({"bool"}), "bool",
                 "true or false"),
    "date32": Kind("date32", "Date", "date32", "sc:Date", "object", ("date",), frozenset({"date"}),
                   "date32 (or a timestamp at midnight)", "a date YYYY-MM-DD"),
    "class_label": Kind("int64", "Int64", "ClassLabel", "sc:Integer", "str", (), frozenset({"integer", "string"}),
                        "integer class indices (int64) or string label names",
                        "a class index 0–{last} or one of: {names}"),
    "list<string>": Kind("list<string>", "List<String>", "list<string>", "sc:Text", "object", (),
                         frozenset({"list<string>", "list<null>"}), "list<string>", "a list of strings"),
}
"""Every type a column of the contract can have → its Arrow, polars, Hugging Face, Croissant and pandas
names, and what a copy may store it as. The one place these are written."""


def arrow_type(kind: str):
    """The Arrow type of a contract type (pyarrow imported on first use)."""
    import pyarrow as pa

    name = TYPES[kind].arrow
    return pa.list_(arrow_type(name[5:-1])) if name.startswith("list<") else getattr(pa, name)()


def polars_type(kind: str):
    """The polars type of a contract type (polars imported on first use)."""
    import polars as pl

    name = TYPES[kind].polars
    return pl.List(getattr(pl, name[5:-1])) if name.startswith("List<") else getattr(pl, name)


def value_text(kind: str, names: list[str] | None = None) -> str:
    """What a cell of this type must be, as a ``wrong type`` failure says it."""
    text = TYPES[kind].value_text
    return text.format(last=len(names) - 1, names=", ".join(names)) if names else text


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


def primary_key(config: str) -> list[str]:
    """The columns whose values together name one row, where the model declares them (``labels``)."""
    return list(spec()[config].get("primary_key", []))


def foreign_keys(config: str) -> list[str]:
    """The config's foreign keys, as ``column → table.column``."""
    return [f"{key['fields']} → {key['reference']['resource']}.{key['reference']['fields']}"
            for key in spec()[config]["foreign_keys"]]


def across_tables(config: str) -> list[str]:
    """The config's rules across tables (beyond its foreign keys): name, the column it reports, what it expects."""
    return [f"{rule['name']}" + (f" ({rule['column']})" if rule["column"] else "") + f": {rule['expected']}"
            for rule in spec()[config]["rules_across_tables"]]


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
                dtype, names = _pandera_type(str(column.dtype)), None
            entry = {"name": name, "type": dtype, "nullable": bool(column.nullable), "unique": bool(column.unique),
                     "title": column.title, "description": column.description}
            if names is not None:
                entry["names"] = names
            if column.checks:  # each as the contract states it, then what the rules engine reads of it
                entry["checks"] = []
            for check in column.checks:
                stats = {k: v for k, v in (check.statistics or {}).items() if v is not None}
                if check.name == "isin":
                    entry["isin"] = list(map(str, stats["allowed_values"]))  # as declared: how failures list them
                    entry["checks"].append("in: " + ", ".join(entry["isin"]))
                elif check.name == "str_fullmatch":
                    entry["matches"] = stats["pattern"]
                    entry["checks"].append(f"matches {entry['matches']}")
                elif check.name == "greater_than_or_equal_to":
                    entry["ge"] = stats["min_value"]
                    entry["checks"].append(f">= {entry['ge']}")
                else:
                    entry.setdefault("rules", []).append(check.name)
                    entry["checks"].append(f"{check.name}: {check.error}" if check.error else check.name)
            cols.append(entry)
        declared = model.__config__.metadata or {}  # the model's Config: foreign keys, rules across tables
        out[config] = {"description": " ".join((model.__doc__ or "").split()), "columns": cols,
                       "rules": [{"name": check.name, "error": check.error} for check in schema.checks],
                       "foreign_keys": declared.get("foreign_keys", []),
                       "rules_across_tables": declared.get("rules_across_tables", [])}
        if schema.unique:  # a key of several columns (the other models' keys are their unique id columns)
            out[config]["primary_key"] = list(schema.unique)
    return out


def _pandera_type(name: str) -> str:
    return next(kind for kind, rendering in TYPES.items() if name in rendering.pandera)


def write_compiled() -> None:
    """Regenerate ``claimset/contract_spec.json`` after changing a model (a test says when it is due)."""
    SPEC_FILE.write_text(json.dumps(compile_contract(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    spec.cache_clear()


def hf_features(config: str) -> dict:
    """The config's Hugging Face features as ``Features.to_dict()`` writes them, without importing datasets.

    The build uses this (importing ``datasets`` costs seconds); ``features()`` gives it to ``datasets``, and a test
    holds ``datasets``' own rendering of those features equal to it.
    """
    out = {}
    for column in columns(config):
        hf = TYPES[column["type"]].hf
        if hf == "ClassLabel":
            out[column["name"]] = {"names": column["names"], "_type": "ClassLabel"}
        elif hf.startswith("list<"):
            out[column["name"]] = {"feature": {"dtype": hf[5:-1], "_type": "Value"}, "_type": "List"}
        else:
            out[column["name"]] = {"dtype": hf, "_type": "Value"}
    return out


def hf_yaml_features(config: str) -> list[dict]:
    """The card's ``dataset_info.features`` list, as ``Features._to_yaml_list()`` writes it."""
    out = []
    for column in columns(config):
        hf = TYPES[column["type"]].hf
        if hf == "ClassLabel":
            names = {str(i): name for i, name in enumerate(column["names"])}
            out.append({"name": column["name"], "dtype": {"class_label": {"names": names}}})
        elif hf.startswith("list<"):
            out.append({"name": column["name"], "list": hf[5:-1]})
        else:
            out.append({"name": column["name"], "dtype": hf})
    return out


def features(config: str):
    """Hugging Face ``Features`` of a config (from ``hf_features``)."""
    import datasets

    return datasets.Features.from_dict(hf_features(config))


def as_json() -> str:
    """The whole contract as a JSON document (deterministic)."""
    doc = {config: {"description": description(config), "columns": columns(config), "rules": table_rules(config),
                    **({"primary_key": primary_key(config)} if primary_key(config) else {}),
                    "foreign_keys": spec()[config]["foreign_keys"], "rules_across_tables": across_tables(config)}
           for config in ALL_CONFIGS}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_markdown(heading_level: int = 3) -> str:
    """One field table per config, as the dataset card shows it."""
    parts = []
    for config in ALL_CONFIGS:
        parts.append(f"{'#' * heading_level} `{config}`\n\n{description(config)}\n")
        parts.append("| Column | Type | Null | Description |\n|---|---|---|---|")
        for column in columns(config):
            dtype = TYPES[column["type"]].hf
            parts.append(f"| `{column['name']}` | {dtype} | {'yes' if column['nullable'] else 'no'} | "
                         f"{column['description']} |")
        key = [", ".join(primary_key(config))] if primary_key(config) else []
        for heading, rules in (("Primary key", key), ("Row rules", table_rules(config)),
                               ("Foreign keys", foreign_keys(config)), ("Rules across tables", across_tables(config))):
            if rules:
                parts.append(f"\n{heading}: " + "; ".join(rules) + ".")
        parts.append("")
    return "\n".join(parts)
