"""The Python API for analyses: load a validated table, with readable labels, and join the configs."""
from __future__ import annotations

import os
from pathlib import Path

from .labels import LABEL_COLUMNS, ORDERED_LABELS

LABELS = {column: names for (table, column), (names, _) in LABEL_COLUMNS.items() if table == "statements"}
ORDERED = {column for table, column in ORDERED_LABELS if table == "statements"}
"""Label columns whose order means something (the verdict scale); claim types are only named in order."""
DATES = {"statements": ("date_start", "date_end", "checked_on"), "sources": ("published_start", "published_end")}


class InvalidDataError(ValueError):
    """The data does not honour the contract; the message is the validation report (also in ``.report``)."""

    def __init__(self, report):
        from .report import as_text

        self.report = report
        super().__init__(as_text(report, 10))


def check(path: Path, config: str | None = None):
    """(report, copy) for any copy ``claimset validate`` reads. A dataset folder in the contract's own
    Parquet types is screened first: when the screen finds nothing, the copy is valid and is not read
    again here (copy None); otherwise the copy is read and every failure explained. Raises Unreadable."""
    from .errors import Unreadable
    from .layout import is_saved_dataset
    from .labels import ALL_CONFIGS
    from .report import Report, missing_notes

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = Path(path)
    if config is None and path.is_dir() and not is_saved_dataset(path):
        from .screen import screen_folder

        try:
            screened = screen_folder(path)
        except Unreadable:  # the full reader says what is wrong with it
            screened = None
        if screened is not None and not screened[1]:
            counts = screened[0]
            return Report(str(path), counts, [], missing_notes(c for c in ALL_CONFIGS if c not in counts)), None
    from .reading import read  # pandas and pandera: only for a copy the screen cannot clear
    from .validation import validate_copy

    copy = read(path, config)
    return validate_copy(copy, str(path)), copy


def load_valid(path: Path, config: str | None = None, strict: bool = True) -> dict:
    """Every table of a copy, validated (``check``) and normalised once: labels as names, dates as dates,
    lists as lists. Raises InvalidDataError with the report when the copy fails (unless not ``strict``:
    a quick look takes the tables as they are) and Unreadable when it cannot be read. ``config`` names
    the table a single file holds (inferred from its columns when None); a dataset folder gives all."""
    from .coercion import normalise
    from .layout import is_saved_dataset
    from .reading import read

    path = Path(path)
    if path.is_dir() and not is_saved_dataset(path):
        config = None  # a dataset folder: every config, each from its own files
    report, copy = check(path, config) if strict else (None, None)
    if report is not None and not report.valid:
        raise InvalidDataError(report)
    if copy is None:
        copy = read(path, config)
    return {name: normalise(name, raw, copy.empty_is_null)[0] for name, raw in copy.tables.items()}


def hub_snapshot(path: str | os.PathLike) -> Path:
    """``path`` itself when it exists here; for a Hugging Face Hub repo id (``ORG/NAME``) that is no local path,
    the local folder of the dataset repository's files (downloaded, or from the Hub cache when offline), so
    the copy is validated whole, as a dataset folder. Raises Unreadable when the Hub cannot give it."""
    from .dataset_info import REPO_ID
    from .errors import Unreadable

    local = Path(path)
    if local.exists() or local.suffix.lower() in (".parquet", ".csv", ".jsonl", ".json", ".arrow") or \
            not REPO_ID.fullmatch(str(path)):
        return local  # a path (that may be missing: the reader says so), not a repo id
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, HFValidationError, LocalEntryNotFoundError
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(str(path))
    except HFValidationError:
        return local  # shaped like ORG/NAME but no repo id the Hub allows ('a/b--c'): a missing path
    try:
        return Path(snapshot_download(str(path), repo_type="dataset"))
    except LocalEntryNotFoundError:
        raise Unreadable(f"{path} is no file or folder here, and as a Hugging Face repo id it is not in the Hub cache "
                         "and the Hub cannot be reached (offline: HF_HUB_OFFLINE); fetch it once online (hf download "
                         f"{path} --repo-type dataset), or give a local path") from None
    except (HfHubHTTPError, OSError) as exc:
        raise Unreadable(f"{path}: the Hugging Face Hub did not give this dataset ({str(exc).splitlines()[0]}); "
                         "check the repo id") from None


def load(path: str | os.PathLike = "dataset", config: str = "statements", backend: str = "pandas"):
    """Load one config of a dataset copy as a validated DataFrame.

    ``path`` is anything ``claimset validate`` reads (the dataset folder, a Parquet, CSV or JSON Lines
    file, a ``save_to_disk`` folder), or a Hugging Face Hub repo id (``"ORG/NAME"``) whose files are fetched
    (or taken from the Hub cache) and validated as a dataset folder. The whole copy is validated first — for
    the dataset folder the cross-table rules too — and :class:`InvalidDataError` is raised with the report if
    it fails. ``claim_type`` and ``verdict`` come back as categoricals in contract order (pandas ``category``,
    ``verdict`` ordered as the card documents it — refuted < mixed < supported, then unverifiable and
    not_checked; polars ``Enum``); dates as dates; ``evidence`` and ``aliases`` as lists of strings.

    >>> statements = load("dataset")                                      # doctest: +SKIP
    >>> statements[statements.check_worthy].groupby("verdict", observed=True).size()  # doctest: +SKIP
    """
    import pandas as pd

    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    path = hub_snapshot(path)
    tables = load_valid(path, config)
    if config not in tables:
        raise ValueError(f"{path} holds {', '.join(tables)}, not {config}")
    frame = tables[config]
    for column, names in LABELS.items():
        if column in frame:
            frame[column] = pd.Categorical(frame[column], categories=names, ordered=column in ORDERED)
    for column in DATES.get(config, ()):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    frame = frame.reset_index(drop=True)
    return frame if backend == "pandas" else _to_polars(frame)


def _to_polars(frame):
    import polars as pl

    out = pl.from_pandas(frame.astype({c: "str" for c in LABELS if c in frame}))
    casts = [pl.col(c).cast(pl.Enum(names)) for c, names in LABELS.items() if c in out.columns]
    casts += [pl.col(c).cast(pl.Date) for c, dtype in out.schema.items() if isinstance(dtype, pl.Datetime)]
    return out.with_columns(casts)


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
