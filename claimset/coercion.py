"""Tables in the shape the models expect: built from records, or coerced from a copy a user hands us (Parquet
with integer labels, CSV where everything is text, JSON Lines, Arrow), each cell that does not convert reported
as a failure rather than a type error stopping validation. Coercion hides how a column was stored, so
``stored_type_failures`` judges Parquet and Arrow types first.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import re

import numpy as np
import pandas as pd

from . import contract
from .export import plain
from .labels import ID_COLUMNS
from .report import Failure, row_name

TRUE, FALSE = {"true", "t", "1", "yes"}, {"false", "f", "0", "no"}


def make_frame(config: str, records: list[dict]) -> pd.DataFrame:
    """A DataFrame with the model's columns, in order, and the dtypes the model expects."""
    columns = contract.columns(config)
    frame = pd.DataFrame.from_records(records, columns=[c["name"] for c in columns])
    for column in columns:
        dtype = contract.TYPES[column["type"]].pandas
        if dtype != "object":
            frame[column["name"]] = frame[column["name"]].astype(dtype)
    return frame


def row_ids(config: str, frame: pd.DataFrame) -> pd.Series:
    """How each row is named in a report (``report.row_name``): its id where it has one, else ``row N``."""
    ids = frame[ID_COLUMNS[config]] if ID_COLUMNS[config] in frame.columns else pd.Series(None, index=frame.index)
    return pd.Series([row_name(v, i) for i, v in enumerate(ids.tolist())], index=frame.index, dtype=object)


def to_polars(config: str, frame: pd.DataFrame):
    """A normalised table (``normalise``) in the contract's types, as the rules read it: labels as their
    indices, cells that did not convert as nulls; columns the contract does not know, or the copy lacks,
    left out."""
    import polars as pl

    columns = []
    for column in contract.columns(config):
        name, kind = column["name"], column["type"]
        if name not in frame.columns:
            continue
        values, dtype = frame[name], contract.polars_type(kind)
        if values.dtype == object:
            series = pl.Series(name, [None if _is_null(v) else v for v in values.tolist()],
                               dtype=pl.String if kind == "class_label" else dtype, strict=False)
        else:
            series = pl.from_pandas(values)
        if kind == "class_label":
            series = series.replace_strict({n: i for i, n in enumerate(column["names"])}, default=None,
                                           return_dtype=dtype)
        columns.append(series.cast(dtype).alias(name))
    return pl.DataFrame(columns)


def normalise(config: str, frame: pd.DataFrame, empty_is_null: bool = False) -> tuple[pd.DataFrame, list[Failure]]:
    """Coerce a user's copy of a table to the model's dtypes; cells that cannot be converted are failures.

    Columns the contract does not know are left for the model to report; a missing column is added as
    nulls so the other rules can still run (the model reports it as missing).
    """
    frame = frame.reset_index(drop=True)
    names = row_ids(config, frame)
    failures: list[Failure] = []
    out = pd.DataFrame(index=frame.index)
    for column in contract.columns(config):
        name, kind = column["name"], column["type"]
        if name not in frame.columns:
            failures.append(Failure(config, "missing column", None, name, None, "the column to be present"))
            continue
        values, bad = _coerce(frame[name], kind, column.get("names"), empty_is_null)
        out[name] = values
        for i in np.flatnonzero(bad):
            failures.append(Failure(config, "wrong type", names.iloc[i], name, plain(frame[name].iloc[i]),
                                    contract.value_text(kind, column.get("names"))))
    extra = [c for c in frame.columns if c not in out.columns and c not in {f.column for f in failures}]
    for name in extra:
        out[name] = frame[name]
    return out, failures


def stored_type_failures(config: str, stored: dict[str, list]) -> list[Failure]:
    """A ``physical type`` failure for each contract column a Parquet or Arrow copy stores as a type of
    another kind (e.g. offsets as strings, a flag as integers).

    The kinds each contract type accepts (``contract.TYPES``) are strict where the kind differs (text,
    integer, bool, date, list) and lenient on integer width (pandas re-saves int32 as int64), on string
    vs large_string vs dictionary-encoded strings, and on date32 vs date64 vs timestamps (whose values
    must be midnight, UTC: ``_to_date``). Labels may be class indices (as ``datasets`` stores them) or
    names. A column of nulls only (Arrow's null type) fits any type: the null rules judge it.
    """
    failures = []
    for column in contract.columns(config):
        kind = contract.TYPES[column["type"]]
        for arrow_type in stored.get(column["name"], []):
            if _storage_kind(arrow_type) not in kind.stored | {"null"}:
                failures.append(Failure(config, "physical type", None, column["name"], str(arrow_type),
                                        kind.stored_text))
    return failures


def _storage_kind(arrow_type) -> str:
    import pyarrow as pa

    t = pa.types
    if t.is_dictionary(arrow_type):
        return _storage_kind(arrow_type.value_type)
    if t.is_null(arrow_type):
        return "null"
    if t.is_string(arrow_type) or t.is_large_string(arrow_type) or getattr(t, "is_string_view", bool)(arrow_type):
        return "string"
    if t.is_integer(arrow_type):
        return "integer"
    if t.is_boolean(arrow_type):
        return "bool"
    if t.is_date(arrow_type) or t.is_timestamp(arrow_type):
        return "date"
    if t.is_list(arrow_type) or t.is_large_list(arrow_type) or t.is_fixed_size_list(arrow_type):
        return f"list<{_storage_kind(arrow_type.value_type)}>"
    return str(arrow_type)


def _is_null(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, np.ndarray, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _coerce(series: pd.Series, kind: str, names, empty_is_null: bool) -> tuple[pd.Series, np.ndarray]:
    """(converted column, mask of cells that could not be converted). Nulls stay null (the model judges them)."""
    fast = None if empty_is_null else _coerce_whole_column(series, kind, names)
    if fast is not None:
        return fast, np.zeros(len(series), dtype=bool)
    values = series.astype(object).to_numpy()
    null = np.array([_is_null(v) for v in values], dtype=bool)
    if empty_is_null:
        null |= np.array([isinstance(v, str) and v == "" for v in values], dtype=bool)
    converted = np.full(len(values), None, dtype=object)
    bad = np.zeros(len(values), dtype=bool)
    convert = _CONVERTERS[kind]
    for i in np.flatnonzero(~null):
        try:
            converted[i] = convert(values[i], names)
        except Exception:  # noqa: BLE001 - whatever a converter raises, the cell does not convert
            bad[i] = True
    result = pd.Series(converted, index=series.index, dtype=object)
    if kind == "int32" and not (null | bad).any():
        result = result.astype("int32")
    elif kind == "bool" and not (null | bad).any():
        result = result.astype(bool)
    elif kind in ("string", "class_label"):
        result = result.astype("str")
    return result, bad


def _coerce_whole_column(series: pd.Series, kind: str, names) -> pd.Series | None:
    """The converted column when its type already fits (the usual case for Parquet), else None."""
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    has_nulls = bool(series.isna().any())
    if kind == "string" and inferred in ("string", "empty"):
        return series.astype("str")
    if kind == "int32" and inferred == "integer" and not has_nulls:
        if len(series) == 0 or (series.min() >= -2**31 and series.max() < 2**31):
            return series.astype("int32")
    if kind == "bool" and inferred == "boolean" and not has_nulls:
        return series.astype(bool)
    if kind == "date32" and inferred in ("date", "empty"):
        return series.astype(object)
    if kind == "class_label":
        if inferred == "integer" and not has_nulls and (len(series) == 0 or (series.min() >= 0
                                                                             and series.max() < len(names))):
            return pd.Series(np.asarray(names, dtype=object)[series.to_numpy(np.int64)], index=series.index,
                             dtype="str")
        if inferred == "string" and series.dropna().isin(names).all():
            return series.astype("str")
    return None


def _to_int(value, _names=None) -> int:
    if isinstance(value, bool):
        raise TypeError("bool is not an int")
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit():
            raise ValueError(value)
    number = float(value) if not isinstance(value, (int, np.integer)) else int(value)
    if number != int(number) or not -2**31 <= int(number) < 2**31:
        raise ValueError(value)
    return int(number)


def _to_bool(value, _names=None) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
        return value.strip().lower() in TRUE
    raise ValueError(value)


def _to_date(value, _names=None) -> dt.date:
    if isinstance(value, dt.datetime):  # a stored timestamp: a date only at midnight, UTC
        if value.time() != dt.time(0) or (value.utcoffset() or dt.timedelta(0)) != dt.timedelta(0):
            raise ValueError(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return _to_date(pd.Timestamp(value))
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        # datasets' to_json writes date32 as epoch milliseconds
        if not float(value).is_integer():
            raise ValueError(value)
        return _to_date(pd.Timestamp(int(value), unit="ms"))
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return _to_date(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))  # JSON exporters write midnight
    raise TypeError(value)


def _to_label(value, names) -> str:
    if isinstance(value, str):
        text = value.strip()
        if text in names:
            return text
        if text.lstrip("-").isdigit():
            value = int(text)
        else:
            raise ValueError(value)
    index = _to_int(value)
    if not 0 <= index < len(names):
        raise ValueError(value)
    return names[index]


def _to_list(value, _names=None) -> list:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:  # pandas writes lists to CSV as Python literals, numpy without commas
            value = _literal_list(value)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise TypeError(value)
    return list(value)


STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')


def _literal_list(text: str) -> list:
    """A list written as a Python literal (``['a', 'b']``) or a numpy array repr (``['a' 'b']``)."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError(text)
    items = STRING_LITERAL.findall(text)
    if STRING_LITERAL.sub("", text[1:-1]).replace(",", "").strip():
        raise ValueError(text)  # something other than string literals between the brackets
    return [ast.literal_eval(item) for item in items]


def _to_string(value, _names=None) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


_CONVERTERS = {"int32": _to_int, "bool": _to_bool, "date32": _to_date, "class_label": _to_label,
               "list<string>": _to_list, "string": _to_string}
