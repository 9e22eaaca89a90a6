"""Publish: write the validated tables as a Hugging Face dataset folder, atomically and byte-for-byte reproducibly."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from . import contract
from .labels import CONFIGS

SPLIT = "train"


def data_file(config: str) -> str:
    """Path of a config's Parquet file inside the dataset folder."""
    return f"data/{config}/{SPLIT}-00000-of-00001.parquet"


def to_arrow(config: str, frame):
    """The table as Arrow, typed by the config's features (label names become their class indices)."""
    import pyarrow as pa

    schema = contract.arrow_schema(config)
    frame = frame.copy()
    for column in contract.columns(config):
        if column["type"] == "class_label":
            index = {name: i for i, name in enumerate(column["names"])}
            frame[column["name"]] = frame[column["name"]].map(index).astype("int64")
    frame = frame.astype(object).where(frame.notna(), None)
    arrays = [pa.array(frame[field.name].tolist(), type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def publish(built, out: Path) -> None:
    """Write every config, the card and the contract into ``out``, replacing it only when all is written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .card import render_card
    from .croissant import croissant

    tables = built.frames()

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    os.chmod(staging, 0o755)
    try:
        arrow = {config: pa.Table.from_arrays(built.arrow[config].columns, schema=contract.arrow_schema(config))
                 for config in CONFIGS}
        sizes = {}
        for config, table in arrow.items():
            path = staging / data_file(config)
            path.parent.mkdir(parents=True)
            pq.write_table(table, path, compression="zstd", write_statistics=True)
            sizes[config] = (table.num_rows, table.nbytes, path.stat().st_size)
        (staging / "README.md").write_text(render_card(tables, sizes, built.checking), encoding="utf-8")
        (staging / "contract.json").write_text(contract.as_json(), encoding="utf-8")
        files = {config: (data_file(config), hashlib.sha256((staging / data_file(config)).read_bytes()).hexdigest())
                 for config in CONFIGS}
        summary = ("Every statement of an essay excerpt on Russia–Japan peace-treaty relations (2019): who asserts "
                   "what, when, what kind of claim it is, whether it is worth checking and what checking found.")
        license_text = " ".join(sorted(set(tables["sources"]["license"])))
        (staging / "croissant.json").write_text(croissant(files, summary, license_text,
                                                                      built.checking.checked_on.isoformat()), encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` was, in one atomic exchange where the kernel offers it.

    With ``renameat2(RENAME_EXCHANGE)`` there is no moment without a dataset; elsewhere the old folder
    is moved aside first and restored if the second rename fails. The old copy is deleted last.
    """
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous dataset
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, retired / out.name)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired / out.name, out)
        retired.rmdir()
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def check_target(out: Path, root: Path) -> str | None:
    """Why ``out`` must not be replaced by a build, or None when it is safe to write."""
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        return f"{out} contains the inputs in {root}; choose a dataset folder such as {root / 'dataset'}"
    if out.is_relative_to(root / "sources") or out.is_relative_to(root / ".git"):
        return f"{out} is inside the repository's inputs; choose a folder such as {root / 'dataset'}"
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "contract.json").is_file())):
        return (f"{out} exists and is not a claimset dataset (no contract.json); choose a new or empty folder, "
                "or remove it first")
    return None
