"""Publish: write the validated tables as a Hugging Face dataset folder, atomically and byte-for-byte reproducibly."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from . import arrow, contract
from .files import alive, read_only, remove_stale, temp_prefix
from .labels import ALL_CONFIGS, CONFIGS, LABELS_CONFIG, label_rows
from .layout import CARD_FILE, CONTRACT_FILE, CROISSANT_FILE, EVALUATION_FILE, LICENSE_FILE, data_file


def to_arrow(config: str, frame):
    """The table as Arrow, typed by the config's features (label names become their class indices)."""
    import pyarrow as pa

    schema = arrow.published_schema(config)
    frame = frame.copy()
    for column in contract.columns(config):
        if column["type"] == "class_label":
            index = {name: i for i, name in enumerate(column["names"])}
            frame[column["name"]] = frame[column["name"]].map(index).astype("int64")
    frame = frame.astype(object).where(frame.notna(), None)
    arrays = [pa.array(frame[field.name].tolist(), type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _nbytes(table: pa.Table) -> int:
    """The table's in-memory size as if each column were one chunk: the card's num_bytes is then the same for
    the same data, whichever pass built it and however it was chunked (one chunk per cache shard, or one)."""
    import pyarrow as pa

    return sum(column.nbytes if column.num_chunks <= 1 else pa.concat_arrays(column.chunks).nbytes
               for column in table.columns)


def publish(built, out: Path, root: Path | None = None, info=None) -> None:
    """Write every config (the built tables, and ``labels``, which names their label indices), the card, the
    licences, the contract and the Croissant metadata into ``out``, replacing it only when all is written.

    The card's and Croissant's prose comes from ``root/dataset.yaml`` (``root`` defaults to the folder
    holding ``out``, as in ``claimset build``) unless ``info`` is given already loaded; a missing or
    malformed one is InvalidInput before anything is written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .card import render_card
    from .croissant import croissant
    from .dataset_info import load_for
    from .licensing import licence_file

    tables = built.frames()
    out = Path(out)
    info = info or load_for(Path(root) if root is not None else out.parent, tables)

    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = Path(tempfile.mkdtemp(prefix=temp_prefix(out), dir=out.parent))
    os.chmod(staging, 0o755)
    try:
        data = {**{config: built.arrow[config] for config in CONFIGS},
                LABELS_CONFIG: arrow.from_rows(LABELS_CONFIG, label_rows())}  # the label columns' names, from the code
        published = {config: pa.Table.from_arrays(table.columns, schema=arrow.published_schema(config))
                     for config, table in data.items()}
        sizes = {}
        for config, table in published.items():
            path = staging / data_file(config)
            path.parent.mkdir(parents=True)
            pq.write_table(table, path, compression="zstd", write_statistics=True)
            sizes[config] = (table.num_rows, _nbytes(table), path.stat().st_size)
        (staging / CARD_FILE).write_text(render_card(tables, sizes, built.checking, info), encoding="utf-8")
        (staging / LICENSE_FILE).write_text(licence_file(info, tables["sources"]), encoding="utf-8")
        (staging / CONTRACT_FILE).write_text(contract.as_json(), encoding="utf-8")
        files = {config: (data_file(config), hashlib.sha256((staging / data_file(config)).read_bytes()).hexdigest())
                 for config in ALL_CONFIGS}
        (staging / CROISSANT_FILE).write_text(croissant(files, info, tables["sources"],
                                                        built.checking.checked_on.isoformat()), encoding="utf-8")
        evaluation = (Path(root) if root is not None else out.parent) / EVALUATION_FILE
        if evaluation.is_file():  # the curators' draft-vs-accepted table, published as it is
            shutil.copyfile(evaluation, staging / EVALUATION_FILE)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


RETIRED_MARK = ".claimset-old-"
VERSION_MARK = ".claimset-version-"


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` was, so that a complete dataset is at ``out`` at every instant.

    With ``renameat2(RENAME_EXCHANGE)`` (Linux) the two folders trade places in one step. Without it,
    ``out`` becomes a symlink to a versioned sibling folder, and
    each publish replaces the symlink in one atomic rename. Turning an existing real folder into that
    symlink needs it moved aside first: a kill in that one gap is repaired by the next run (``recover``).
    The previous copy is deleted last.
    """
    if not out.exists() and not out.is_symlink():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        if staging.is_symlink():  # ``out`` was a versioned symlink: drop the link and the version it named
            old = staging.parent / os.readlink(staging)
            staging.unlink()
            shutil.rmtree(old, ignore_errors=True)
        else:
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous dataset
        return
    link = _version_link(staging, out)
    if out.is_symlink():
        old = out.parent / os.readlink(out)
        os.replace(link, out)
        if old.name.startswith(f".{out.name}{VERSION_MARK}"):
            shutil.rmtree(old, ignore_errors=True)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}{RETIRED_MARK}{os.getpid()}-", dir=out.parent))
    os.rename(out, retired / out.name)
    try:
        os.replace(link, out)
    except BaseException:
        os.rename(retired / out.name, out)
        retired.rmdir()
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _version_link(staging: Path, out: Path) -> Path:
    """Rename ``staging`` to a version folder beside ``out``; return a new symlink to it, ready to replace ``out``."""
    version = Path(tempfile.mkdtemp(prefix=f".{out.name}{VERSION_MARK}{os.getpid()}-", dir=out.parent))
    version.rmdir()
    os.rename(staging, version)
    link = out.parent / f"{temp_prefix(out)}link"
    link.unlink(missing_ok=True)
    os.symlink(version.name, link)
    return link


def recover(out: Path) -> None:
    """Repair what a killed publish left beside ``out``: its staging folders and temporary links, a previous
    dataset moved aside (put back when ``out`` is missing) and version folders nothing points to."""
    folder = out.parent
    remove_stale(folder, out.name)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    current = (folder / os.readlink(out)).name if out.is_symlink() else None
    for path in entries:
        for mark in (RETIRED_MARK, VERSION_MARK):
            prefix = f".{out.name}{mark}"
            if not path.name.startswith(prefix):
                continue
            pid = path.name[len(prefix):].split("-", 1)[0]
            if not pid.isdigit() or alive(int(pid)) or path.name == current:
                continue
            if mark == RETIRED_MARK and not out.exists() and not out.is_symlink() and (path / out.name).is_dir():
                os.rename(path / out.name, out)
            shutil.rmtree(path, ignore_errors=True)


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
    if read_only(out) or (not out.exists() and read_only(out.parent)):
        return (f"{out if out.exists() else out.parent} is read-only; make it writable (chmod u+w) to replace the "
                "dataset, or choose another --output")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "contract.json").is_file())):
        return (f"{out} exists and is not a claimset dataset (no contract.json); choose a new or empty folder, "
                "or remove it first")
    return None
