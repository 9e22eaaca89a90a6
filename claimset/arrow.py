"""Rows and Arrow tables in the contract's types, without pandas or pandera.

The build's workers turn each source's rows into Arrow here, so they never import the
data-frame libraries; ``contract_spec.json`` (generated from the pandera models) says
the columns, their types and the label names.
"""
from __future__ import annotations

import json
from functools import lru_cache

from .contract import arrow_type, hf_features, spec


@lru_cache(maxsize=None)
def schema(config: str):
    """The config's Arrow schema (class labels as int64 indices), without the Hugging Face metadata."""
    import pyarrow as pa

    return pa.schema([pa.field(c["name"], arrow_type(c["type"])) for c in spec()[config]["columns"]])


def published_schema(config: str):
    """The Arrow schema of a config's Parquet file: ``schema`` with the Hugging Face features as metadata
    (class labels as int64, as ``datasets`` stores them)."""
    meta = {"huggingface": json.dumps({"info": {"features": hf_features(config)}}, sort_keys=True)}
    return schema(config).with_metadata(meta)


def label_names(config: str) -> dict[str, list[str]]:
    """Class-label columns of a config and their names, in index order."""
    return {c["name"]: c["names"] for c in spec()[config]["columns"] if c["type"] == "class_label"}


def from_rows(config: str, rows: list[dict]):
    """Records with label names → an Arrow table in the contract's types (labels as their indices)."""
    import pyarrow as pa

    labels = {column: {name: i for i, name in enumerate(names)} for column, names in label_names(config).items()}
    if labels:
        rows = [{**row, **{column: index[row[column]] for column, index in labels.items()}} for row in rows]
    return pa.Table.from_pylist(rows, schema=schema(config))


def to_frame(config: str, table, lists: bool = True):
    """An Arrow table in contract types → the pandas frame the models validate (labels as names).

    List cells become Python lists, or stay NumPy arrays with ``lists=False`` (faster, for reading).
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    frame = table.to_pandas(types_mapper=None, date_as_object=True)
    for column, names in label_names(config).items():
        frame[column] = pd.Series(np.asarray(names, dtype=object)[frame[column].to_numpy(np.int64)],
                                  index=frame.index, dtype="str")
    for field in table.schema:
        if field.type == pa.string():
            frame[field.name] = frame[field.name].astype("str")
        elif pa.types.is_list(field.type) and lists:
            frame[field.name] = [list(v) for v in frame[field.name]]
    return frame
