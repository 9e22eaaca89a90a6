"""The fast look at a dataset folder: read it with polars and ask the rules (``claimset.rules``) which fail.

``claimset validate DATASET`` runs this first; when nothing fails, the data is valid and nothing else
runs. When something fails, or the copy is not in the contract's own Parquet types, the copy is read
and coerced (``validation.validate_copy``) and the same rules explain every failing row. Imports
polars and nothing heavy: at a million statements, pandas would take longer than the rules.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from .contract import polars_type, spec
from .labels import ALL_CONFIGS, CONFIGS
from .layout import config_files
from .rules import screen

__all__ = ["screen", "screen_folder"]


def screen_folder(folder: Path) -> tuple[dict[str, int], list[str]] | None:
    """Row counts and the rules that failed for a dataset folder, or None when the folder is not every
    config as Parquet in exactly the contract's types (then only the full validator can judge it: it
    accepts some other types, e.g. int64 offsets or label names, and fails the rest as ``physical type``).
    A folder without the ``labels`` config (a copy made before it existed) is screened all the same; the
    counts say which configs it has. Unreadable when a data file the card names is no file
    (layout.config_files)."""
    files = config_files(folder)
    if not set(CONFIGS) <= set(files):
        return None
    tables = {}
    for config in [config for config in ALL_CONFIGS if config in files]:
        expected = [(c["name"], polars_type(c["type"])) for c in spec()[config]["columns"]]
        try:
            if any(list(pl.read_parquet_schema(f).items()) != expected for f in files[config]):
                return None
            tables[config] = pl.read_parquet(files[config])
        except Exception:  # unreadable or damaged: the full reader reports it properly  # noqa: BLE001
            return None
    return {config: table.height for config, table in tables.items()}, screen(tables)
