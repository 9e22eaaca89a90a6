"""Reading any copy of the data (the published folder, one Parquet/CSV/JSON Lines file, a save_to_disk folder)
as ``{config: DataFrame}`` in the user's own values, for ``coercion.normalise``. Parquet and Arrow copies also say
how each column is stored, which coercion would hide (``coercion.stored_type_failures``). What cannot be read
raises ``Unreadable`` with a one-line message saying what to do.
"""
from __future__ import annotations

import json
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import contract
from .errors import Unreadable
from .labels import CONFIGS
from .files import cannot_read
from .layout import config_files, is_saved_dataset, special_kind
from .schemas import MODELS

FILE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


@dataclass
class Copy:
    """What was read: one frame per config, configs a dataset folder lacks, whether empty CSV cells are null,
    and, for Parquet and Arrow copies, each column's stored Arrow types (one per file; CSV and JSON Lines
    store none)."""

    tables: dict[str, pd.DataFrame]
    empty_is_null: bool = False
    missing: list[str] = field(default_factory=list)
    stored: dict[str, dict[str, list]] = field(default_factory=dict)

    @property
    def is_dataset(self) -> bool:
        """Whether the copy holds the data's every config (``labels``, which only names label indices, may be
        missing from a copy made before it was published), so the rules across tables can run."""
        return set(CONFIGS) <= set(self.tables)


def read(path: Path, config: str | None = None) -> Copy:
    """Read ``path`` as a dataset folder, a save_to_disk folder or a single table file."""
    try:
        return _read(path, config)
    except OSError as exc:  # permissions, a vanished file, an I/O error: unreadable input, never a traceback
        raise Unreadable(cannot_read(Path(exc.filename) if exc.filename else path, exc)) from None


def _read(path: Path, config: str | None) -> Copy:
    if not path.exists():
        raise Unreadable(f"{path} does not exist; give a dataset folder or a .parquet, .csv or .jsonl file")
    if path.is_dir():
        if is_saved_dataset(path):
            return _read_saved(path, config)
        return _read_folder(path, config)
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):  # a FIFO would block the read, a device never ends
        raise Unreadable(f"{path} is not a regular file ({special_kind(mode)}); give a .parquet, .csv or .jsonl file")
    suffix = path.suffix.lower()
    if suffix not in FILE_FORMATS:
        raise Unreadable(f"{path}: unknown format {suffix or '(no extension)'!r}; give a .parquet, .csv or .jsonl "
                         "file, or a dataset folder")
    if path.stat().st_size == 0:
        raise Unreadable(f"{path} is empty; give a file with a header and rows")
    kind = FILE_FORMATS[suffix]
    if kind == "parquet":
        frame, schema = _read_parquet(path)
        name = config or infer_config(frame, path)
        return Copy({name: frame}, stored={name: _types([schema])})
    frame = {"csv": _read_csv, "jsonl": _read_jsonl}[kind](path)
    return Copy({config or infer_config(frame, path): frame}, empty_is_null=kind == "csv")


def _types(schemas: list) -> dict[str, list]:
    """Each column's distinct stored Arrow types across the files of one config."""
    out: dict[str, list] = {}
    for schema in schemas:
        for column in schema:
            if column.type not in out.setdefault(column.name, []):
                out[column.name].append(column.type)
    return out


def infer_config(frame: pd.DataFrame, path: Path) -> str:
    """The config whose columns a table has most of; refuses to guess when the match is weak."""
    have = set(map(str, frame.columns))
    scores = {c: len(have & {col["name"] for col in contract.columns(c)}) / len(contract.columns(c)) for c in MODELS}
    best = max(scores, key=lambda c: (scores[c], c == "statements"))
    if scores[best] < 0.5:
        shown = ", ".join(sorted(have)[:8]) + ("…" if len(have) > 8 else "")
        raise Unreadable(f"{path}: cannot tell which table this is from its columns ({shown or 'none'}); "
                         "pass --config statements, speakers, sources or labels")
    return best


def _read_parquet(path: Path):
    """The file's frame and its Arrow schema (the types it stores)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        return table.to_pandas(), table.schema
    except OSError as exc:
        if exc.errno is not None:  # the operating system's error (permissions, I/O), not a damaged file
            raise Unreadable(cannot_read(path, exc)) from None
        raise Unreadable(f"{path} is not a readable Parquet file ({_first_line(exc)}); re-export it") from None
    except pa.ArrowException as exc:
        raise Unreadable(f"{path} is not a readable Parquet file ({_first_line(exc)}); re-export it") from None


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{path} is not UTF-8 (bad byte at offset {exc.start}); re-save it as UTF-8 CSV") from None
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise Unreadable(f"{path} is not readable CSV ({_first_line(exc)}); check its quoting and delimiters") from None
    return frame


def _read_jsonl(path: Path) -> pd.DataFrame:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{path} is not UTF-8 (bad byte at offset {exc.start}); re-save it as UTF-8") from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise Unreadable(f"{path}: line {number} is not valid JSON ({exc.msg}); write one JSON object per "
                             "line") from None
        except RecursionError:
            raise Unreadable(f"{path}: line {number} is nested too deeply to be a table row") from None
        except ValueError:  # Python's limit on the digits of an integer (the only other ValueError json raises)
            raise Unreadable(f"{path}: line {number} holds a number of more than {sys.get_int_max_str_digits()} "
                             "digits; no column of the contract holds one that long") from None
        if not isinstance(record, dict):
            raise Unreadable(f"{path}: line {number} is not a JSON object; write one object per line")
        records.append(record)
    if not records:
        raise Unreadable(f"{path} has no records; write one JSON object per line")
    columns = list(dict.fromkeys(key for record in records for key in record))
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def _read_folder(path: Path, config: str | None) -> Copy:
    files = config_files(path)
    if not files:
        raise Unreadable(f"{path} is not a dataset folder (no README.md configs and no data/<config>/*.parquet); "
                         "give the dataset folder or one of its files")
    wanted = [config] if config else list(files)
    tables, stored = {}, {}
    for name in wanted:
        if name not in files:
            raise Unreadable(f"{path} has no {name} config; it has: {', '.join(files)}")
        frames, schemas = zip(*(_read_parquet(f) for f in files[name]))
        tables[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        stored[name] = _types(schemas)
    missing = [] if config else [name for name in MODELS if name not in files]
    return Copy(tables, missing=missing, stored=stored)


def _read_saved(path: Path, config: str | None) -> Copy:
    import datasets

    try:
        saved = datasets.load_from_disk(str(path))
    except Exception as exc:  # datasets raises many types for damaged folders
        raise Unreadable(f"{path} is not a readable save_to_disk folder ({_first_line(exc)})") from None
    parts = list(saved.values()) if isinstance(saved, datasets.DatasetDict) else [saved]
    if not parts:
        raise Unreadable(f"{path} holds no splits")
    frame = pd.concat([part.to_pandas() for part in parts], ignore_index=True)
    name = config or infer_config(frame, path)
    return Copy({name: frame}, stored={name: _types([part.data.schema for part in parts])})


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__
