"""The Python API for analyses: load a validated table, with readable labels, and join the configs."""
from __future__ import annotations

import os
from pathlib import Path

from .schemas import CLAIM_TYPES, VERDICTS

LABELS = {"claim_type": CLAIM_TYPES, "verdict": VERDICTS}
DATES = {"statements": ("date_start", "date_end", "checked_on"), "sources": ("published_start", "published_end")}


class InvalidDataError(ValueError):
    """The data does not honour the contract; the message is the validation report."""


def load(path: str | os.PathLike = "dataset", config: str = "statements", backend: str = "pandas"):
    """Load one config of a dataset copy as a validated DataFrame.

    ``path`` is anything ``claimset validate`` reads (the dataset folder, a Parquet, CSV or JSON Lines
    file, a ``save_to_disk`` folder). The whole copy is validated first — for the dataset folder the
    cross-table rules too — and :class:`InvalidDataError` is raised with the report if it fails.
    ``claim_type`` and ``verdict`` come back as categoricals in contract order (pandas ``category``,
    polars ``Enum``); dates as dates; ``evidence`` and ``aliases`` as lists of strings.

    >>> statements = load("dataset")                                      # doctest: +SKIP
    >>> statements[statements.check_worthy].groupby("verdict", observed=True).size()  # doctest: +SKIP
    """
    import pandas as pd

    from .layout import is_saved_dataset
    from .reading import read
    from .report import as_text
    from .validation import validate_copy
    from .coercion import normalise

    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = Path(path)
    copy = read(path, None if path.is_dir() and not is_saved_dataset(path) else config)
    if config not in copy.tables:
        raise ValueError(f"{path} holds {', '.join(copy.tables)}, not {config}")
    report = validate_copy(copy, str(path))
    if not report.valid:
        raise InvalidDataError(as_text(report, 10))
    frame, _ = normalise(config, copy.tables[config], copy.empty_is_null)
    for column, names in LABELS.items():
        if column in frame:
            frame[column] = pd.Categorical(frame[column], categories=names)
    for column in DATES.get(config, ()):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    frame = frame.reset_index(drop=True)
    if backend == "pandas":
        return frame
    return _to_polars(frame)


def _to_polars(frame):
    import polars as pl

    out = pl.from_pandas(frame.astype({c: "str" for c in LABELS if c in frame}))
    casts = [pl.col(c).cast(pl.Enum(names)) for c, names in LABELS.items() if c in out.columns]
    casts += [pl.col(c).cast(pl.Date) for c in out.columns if out.schema[c] == pl.Datetime("ms")
              or isinstance(out.schema[c], pl.Datetime)]
    return out.with_columns(casts) if casts else out


def join(statements, speakers=None, sources=None):
    """Attach speaker and source details to statements (pandas or polars, matching the input).

    Speaker columns come in with a ``speaker_`` prefix (``speaker_kind``, ``speaker_role``,
    ``speaker_country``, ``speaker_wikidata_id``, …) and source columns with a ``source_`` prefix
    (``source_title``, ``source_published``, …); the source text itself is left out. Every statement
    row is kept, in order.

    >>> enriched = join(load("dataset"), load("dataset", "speakers"), load("dataset", "sources"))  # doctest: +SKIP
    """
    is_polars = type(statements).__module__.startswith("polars")
    out = statements
    for table, key, prefix, drop in ((speakers, "speaker_id", "speaker_", ("name",)),
                                     (sources, "source_id", "source_", ("text",))):
        if table is None:
            continue
        keep = [c for c in table.columns if c not in drop]
        renamed = {c: (c if c == key else prefix + c.removeprefix(prefix)) for c in keep}
        if is_polars:
            out = out.join(table.select(keep).rename(renamed), on=key, how="left", maintain_order="left")
        else:
            out = out.merge(table[keep].rename(columns=renamed), on=key, how="left", validate="many_to_one")
    return out
