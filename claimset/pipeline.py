"""The build: sources → annotations → statements → verdicts → validation, failing before anything is written.

Two passes share the stages. The fast pass runs each source as a pure function (``build_source``)
in a process pool, keeps its rows as Arrow in a cache keyed by the hash of everything it read,
parses YAML with yaml-rs and validates with the polars screen; it knows no line numbers. When it
meets any problem, the exact pass re-runs the stages for the sources concerned with PyYAML (which
knows lines) and the pandera validator, and reports every problem where the curator can fix it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import arrow
from .annotations import load_annotations
from .errors import InvalidInput, Problem
from .labels import CONFIGS, edtf_bounds
from .sources import ANNOTATIONS_FILE, METADATA_FILE, TEXT_FILE, Source, load_one, load_sources
from .speakers import REGISTRY_FILE, Speaker, load_speakers
from .statements import Origin, build_statements
from .verdicts import VERDICTS_FILE, Checking, apply_verdicts, load_verdicts

CACHE_DIR = ".claimset-cache"
PARALLEL_FROM = 64  # sources to compute; below this a process pool costs more than it saves
SOURCE_OF = re.compile(r"^(.+)-s[0-9]{3,}(?:-[0-9]+)?$")  # the source part of a statement id


@dataclass
class Built:
    """The validated tables (Arrow, in the contract's types) and how their claims were checked."""

    arrow: dict
    checking: Checking
    _frames: dict = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict:
        """The tables as pandas frames with label names (made on first use: the card and tests read them)."""
        for config in CONFIGS:
            if config not in self._frames:
                self._frames[config] = arrow.to_frame(config, self.arrow[config])
        return self._frames


def assemble(root: Path) -> Built:
    """Read every input under ``root`` and return the three validated tables, or raise InvalidInput."""
    outcome = _fast(root)
    if isinstance(outcome, Built):
        return outcome
    if outcome:  # the sources the fast pass found something in: explain those first
        built = _exact(root, only=outcome)
        if built is not None:
            return built
    return _exact(root)


# --- the fast pass -------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Speaker] = {}
RACY_NS = 2_000_000_000  # a file changed this close to the last build is re-read, not trusted by its stat


def _set_registry(registry: dict[str, Speaker]) -> None:
    global _REGISTRY
    _REGISTRY = registry


def build_source(task: tuple) -> tuple[bytes, dict] | None:
    """One source's rows (Arrow IPC bytes) and its sources row, or None when anything is wrong.

    A pure function of the files it reads, its verdict entries and the registry (set once per worker
    process), so it runs in any process — or under a distributed engine, as ``map`` over sources.
    """
    root, name, entries, checking = task
    try:
        source = load_one(root, root / "sources" / name, fast=True)
        display = str(source.annotations_file.relative_to(root))
        annotations, problems = load_annotations(source.annotations_file, display, fast=True)
    except InvalidInput:
        return None
    if problems:
        return None
    rows, origins, problems = build_statements(source, annotations, _REGISTRY)
    if problems or apply_verdicts(rows, checking, entries, origins):
        return None
    n_sentences = sum(1 for row in rows if row["level"] == "sentence")
    return _ipc(arrow.from_rows("statements", rows)), source_row(source, n_sentences)


@dataclass
class _State:
    """What the last successful fast build saw and made: the cache for the next one."""

    common: str
    written_ns: int
    files: dict[str, tuple]   # source → (stat signature of its files and verdicts, content key)
    order: list[str]          # sources in the order of the cached tables
    keys: list[str]
    counts: list[int]         # statement rows per source, in that order


def _fast(root: Path):
    """Built; or the ids of the sources with problems; or None when the problem is not a source's."""
    import pyarrow as pa

    if not (root / "sources").is_dir():
        return None
    cache = root / CACHE_DIR
    try:
        speakers, speaker_table = _speakers(root)
        checking, digests, entries_of = _verdicts_by_source(root)
    except InvalidInput:
        return None
    folders = sorted(p.name for p in (root / "sources").iterdir() if p.is_dir())
    if not folders or digests is None or not set(digests) <= set(folders):
        return None  # no sources, or verdicts that name no source: the exact pass says which
    common = hashlib.sha256(_stage_code() + (root / REGISTRY_FILE).read_bytes()
                            + repr(checking).encode()).hexdigest()
    state = _read_state(cache, common)
    files, keys = {}, {}
    for name in folders:
        signature, fresh = _signature(root / "sources" / name, state)
        signature += (digests.get(name, ""),)
        known = state.files.get(name) if state else None
        files[name] = (signature, known[1] if fresh and known and known[0] == signature
                       else _content_key(root / "sources" / name, common, digests.get(name, "")))
        keys[name] = files[name][1]
    previous = {}
    if state:
        offsets = [0]
        for count in state.counts:
            offsets.append(offsets[-1] + count)
        previous = {name: (i, offsets[i], count) for i, (name, key, count)
                    in enumerate(zip(state.order, state.keys, state.counts)) if keys.get(name) == key}
    todo = [name for name in folders if name not in previous]
    tasks = [(root, name, entries_of(name), checking) for name in todo]
    registry = {s.speaker_id: s for s in speakers}
    if len(tasks) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(initializer=_set_registry, initargs=(registry,)) as pool:
            results = list(pool.map(build_source, tasks, chunksize=16))
    else:
        _set_registry(registry)
        results = [build_source(task) for task in tasks]
    failed = {name for name, result in zip(todo, results) if result is None}
    if failed:
        return failed
    computed = {name: (pa.ipc.open_stream(ipc).read_all(), row) for name, (ipc, row) in zip(todo, results)}
    del results
    old = _read_tables(cache) if previous else None
    pieces, source_pieces, counts = [], [], []
    for name in folders:
        if name in computed:
            table, row = computed[name]
            pieces.append(table)
            source_pieces.append(arrow.from_rows("sources", [row]))
        else:
            index, offset, count = previous[name]
            table = old["statements"].slice(offset, count)
            pieces.append(table)
            source_pieces.append(old["sources"].slice(index, 1))
        counts.append(table.num_rows)
    tables = {"statements": _concat(pieces), "speakers": speaker_table, "sources": _concat(source_pieces)}
    if _screen(tables, set(computed) if old is not None else None):
        return set(computed) or None
    _write_state(cache, _State(common, 0, files, folders, [keys[n] for n in folders], counts), tables)
    return Built(tables, checking)


def _concat(pieces: list):
    """One table from many: runs of slices of one table are joined back into one slice first."""
    import pyarrow as pa

    return pa.concat_tables(pieces).combine_chunks() if pieces else None


def _screen(tables: dict, changed: set[str] | None) -> list[str]:
    """The screen's failures: of every table, or (when the rest was screened by the last build) of the
    changed sources' rows, with the speakers, and ids unique across the whole table."""
    import polars as pl

    from .screen import screen

    frames = {config: pl.from_arrow(table) for config, table in tables.items()}
    if changed is None:
        return screen(frames)
    if frames["statements"]["statement_id"].is_duplicated().any():
        return ["statements.statement_id: duplicate value"]
    subset = dict(frames, statements=frames["statements"].filter(pl.col("source_id").is_in(list(changed))),
                  sources=frames["sources"].filter(pl.col("source_id").is_in(list(changed))))
    return screen(subset)


def _signature(folder: Path, state: _State | None) -> tuple[tuple, bool]:
    """The stat of a source's files (size, mtime, inode), and whether it may stand for their content:
    as git's index does, a file modified within RACY_NS of the last build is re-read instead."""
    signature, fresh = [], state is not None
    for part in (METADATA_FILE, TEXT_FILE, ANNOTATIONS_FILE):
        try:
            st = os.stat(folder / part)
        except OSError:
            signature.append(None)
            continue
        signature.append((st.st_size, st.st_mtime_ns, st.st_ino))
        if state is not None and st.st_mtime_ns >= state.written_ns - RACY_NS:
            fresh = False
    return tuple(signature), fresh


def _content_key(folder: Path, common: str, verdicts_digest: str) -> str:
    """Hash of everything the stage reads for one source: its files, its verdicts, and ``common``."""
    digest = hashlib.sha256(common.encode())
    for part in (METADATA_FILE, TEXT_FILE, ANNOTATIONS_FILE):
        path = folder / part
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
        digest.update(b"\0")
    digest.update(verdicts_digest.encode())
    return digest.hexdigest()


def _read_state(cache: Path, common: str) -> _State | None:
    try:
        state = pickle.loads((cache / "state.pickle").read_bytes())
        if not isinstance(state, _State) or state.common != common:
            return None
        return state
    except Exception:  # noqa: BLE001 - missing or damaged: a cold build
        return None


def _read_tables(cache: Path) -> dict | None:
    import pyarrow as pa

    try:
        return {config: pa.ipc.open_file(pa.memory_map(str(cache / f"{config}.arrow"))).read_all()
                for config in ("statements", "sources")}
    except Exception:  # noqa: BLE001
        return None


def _write_state(cache: Path, state: _State, tables: dict) -> None:
    """Write the tables of this build and the state that describes them (the state last, so a partial
    write is never trusted)."""
    import time

    import pyarrow as pa

    (cache / "state.pickle").unlink(missing_ok=True)
    for config in ("statements", "sources"):
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, tables[config].schema) as writer:
            writer.write_table(tables[config])
        _store(cache / f"{config}.arrow", sink.getvalue().to_pybytes())
    state.written_ns = time.time_ns()
    _store(cache / "state.pickle", pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def _speakers(root: Path):
    """The registry and its Arrow table, parsed once per content of speakers.yaml."""
    data = (root / REGISTRY_FILE).read_bytes() if (root / REGISTRY_FILE).is_file() else b""
    key = hashlib.sha256(_stage_code() + data).hexdigest()
    path = root / CACHE_DIR / "speakers.pickle"
    try:
        stored, speakers, ipc = pickle.loads(path.read_bytes())
        if stored == key:
            import pyarrow as pa

            return speakers, pa.ipc.open_stream(ipc).read_all()
    except Exception:  # noqa: BLE001 - missing or damaged: parse again
        pass
    speakers = load_speakers(root, fast=True)
    table = arrow.from_rows("speakers", [speaker_row(s) for s in speakers])
    _store(path, pickle.dumps((key, speakers, _ipc(table)), protocol=pickle.HIGHEST_PROTOCOL))
    return speakers, table


@lru_cache(maxsize=1)
def _stage_code() -> bytes:
    """The code of every stage a source goes through: a change to any of it invalidates the cache."""
    from . import __version__, annotations, errors, labels, sources, statements, verdicts, yamlfile

    modules = (annotations, errors, labels, sources, statements, verdicts, yamlfile)
    return (__version__.encode() + b"".join(Path(m.__file__).read_bytes() for m in modules)
            + Path(__file__).read_bytes() + arrow.SPEC_FILE.read_bytes())


def _verdicts_by_source(root: Path):
    """(checking, {source: digest of its entries} or None if some entry names no source, entries_of).

    The parse of verdicts.yaml is kept per source under the cache, keyed by the file's hash, so a
    rebuild reads only the entries of the sources it recomputes.
    """
    path = root / VERDICTS_FILE
    data = path.read_bytes() if path.is_file() else b""
    key = hashlib.sha256(_stage_code() + data).hexdigest()[:32]
    folder = root / CACHE_DIR / "verdicts" / key
    index = folder / "index.pickle"
    if index.is_file():
        try:
            checking, digests = pickle.loads(index.read_bytes())
            return checking, digests, lambda name: _load_entries(folder, name)
        except Exception:  # noqa: BLE001 - a damaged cache entry is recomputed
            pass
    checking, entries = load_verdicts(root, fast=True)
    groups: dict[str, list] = {}
    for entry in entries:
        sid = entry.get("statement_id") if isinstance(entry, dict) else None
        match = SOURCE_OF.match(sid) if isinstance(sid, str) else None
        if match is None:
            return checking, None, lambda name: []
        groups.setdefault(match.group(1), []).append(entry)
    digests = {}
    for name, group in groups.items():
        data = pickle.dumps(group, protocol=pickle.HIGHEST_PROTOCOL)
        digests[name] = hashlib.sha256(data).hexdigest()
        _store(folder / f"{name}.pickle", data)
    _store(index, pickle.dumps((checking, digests), protocol=pickle.HIGHEST_PROTOCOL))
    import shutil

    for stale in folder.parent.iterdir():
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return checking, digests, lambda name: groups.get(name, [])


def _load_entries(folder: Path, name: str) -> list:
    path = folder / f"{name}.pickle"
    return pickle.loads(path.read_bytes()) if path.is_file() else []


def _ipc(table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _store(path: Path, data: bytes) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


# --- the exact pass ------------------------------------------------------------------------------------------

def _exact(root: Path, only: set[str] | None = None) -> Built | None:
    """Every problem of the inputs (of the sources in ``only``, when given), with its file and line.

    Raises InvalidInput with them; returns the built tables when there are none (None when restricted
    to some sources, since the others were not read).
    """
    import pandas as pd

    from .publish import to_arrow
    from .tables import make_frame
    from .validation import check_dataset

    problems: list[Problem] = []
    sources: list[Source] = _collect(problems, lambda r: load_sources(r, only), root)
    speakers: list[Speaker] = _collect(problems, load_speakers, root)
    verdicts = _collect(problems, load_verdicts, root)
    if problems:
        raise InvalidInput(problems)
    checking, entries = verdicts
    if only is not None:
        others = {p.name for p in (root / "sources").iterdir() if p.is_dir()} - only
        entries = [e for e in entries if not _names_source(e, others)]

    registry = {s.speaker_id: s for s in speakers}
    statement_rows: list[dict] = []
    origins: dict[str, Origin] = {}
    for source in sources:
        try:
            annotations, parse_problems = load_annotations(source.annotations_file,
                                                           str(source.annotations_file.relative_to(root)))
        except InvalidInput as exc:
            problems += exc.problems
            continue
        rows, row_origins, row_problems = build_statements(source, annotations, registry)
        statement_rows += rows
        origins.update(row_origins)
        problems += parse_problems + row_problems
    if problems:
        raise InvalidInput(problems)
    problems = apply_verdicts(statement_rows, checking, entries, origins)
    if problems:
        raise InvalidInput(problems)

    sentence_counts = Counter(r["source_id"] for r in statement_rows if r["level"] == "sentence")
    frames: dict[str, pd.DataFrame] = {
        "statements": make_frame("statements", statement_rows),
        "speakers": make_frame("speakers", [speaker_row(s) for s in speakers]),
        "sources": make_frame("sources", [source_row(s, sentence_counts[s.source_id]) for s in sources]),
    }
    found = check_dataset(frames["statements"], frames["speakers"], frames["sources"])
    if found:
        places = {("statements", sid): (o.file, o.line) for sid, o in origins.items()}
        places.update({("speakers", s.speaker_id): (REGISTRY_FILE, s.line) for s in speakers})
        places.update({("sources", s.source_id): (s.metadata_file, None) for s in sources})
        raise InvalidInput([Problem(*places.get((f.config, f.row), (None, None)), f.row, f.message) for f in found])
    if only is not None:
        return None
    return Built({config: to_arrow(config, frame) for config, frame in frames.items()}, checking, frames)


def _names_source(entry, names: set[str]) -> bool:
    sid = entry.get("statement_id") if isinstance(entry, dict) else None
    match = SOURCE_OF.match(sid) if isinstance(sid, str) else None
    return match is not None and match.group(1) in names


def _collect(problems: list[Problem], loader, root: Path):
    """Run one loader, adding its problems to ``problems`` instead of stopping at the first file."""
    try:
        return loader(root)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return None


def speaker_row(speaker: Speaker) -> dict:
    row = asdict(speaker)
    row.pop("line")
    row["aliases"] = list(speaker.aliases)
    return row


def source_row(source: Source, n_sentences: int) -> dict:
    start, end = edtf_bounds(source.published)
    return {
        "source_id": source.source_id, "title": source.title, "author": source.author,
        "publisher": source.publisher, "url": source.url, "language": source.language,
        "published": source.published, "published_start": start, "published_end": end,
        "published_basis": source.published_basis, "is_excerpt": source.is_excerpt, "license": source.license,
        "text": source.text, "text_sha256": source.text_sha256, "n_paragraphs": len(source.paragraphs),
        "n_sentences": n_sentences,
    }
