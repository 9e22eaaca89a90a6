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
from functools import lru_cache, partial
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
        """The tables as pandas frames with label names and list cells as lists (made on first use)."""
        for config in CONFIGS:
            if config not in self._frames:
                self._frames[config] = arrow.to_frame(config, self.arrow[config])
        return self._frames

    def frames(self) -> dict:
        """The tables as pandas frames for reading (list cells may be NumPy arrays): cheaper at scale."""
        return {config: self._frames.get(config) if config in self._frames
                else arrow.to_frame(config, self.arrow[config], lists=False) for config in CONFIGS}


class CacheDamaged(Exception):
    """A file of the build cache cannot be read: the cache is dropped and the build runs cold."""


def assemble(root: Path) -> Built:
    """Read every input under ``root`` and return the three validated tables, or raise InvalidInput."""
    try:
        outcome = _fast(root)
    except CacheDamaged:
        (root / CACHE_DIR / "state.pickle").unlink(missing_ok=True)
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

    A pure function of the files it reads (the source's folder and its verdict entries, stored per source
    by ``_verdicts_by_source``) and the registry (set once per worker process), so it runs in any process
    — or under a distributed engine, as a ``map`` over sources.
    """
    root, name, verdicts_folder, checking = task
    entries = _load_entries(verdicts_folder, name)
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
    places: dict[str, tuple]  # source → (shard, row offset, row count, row of its sources table, key)


def _fast(root: Path):
    """Built; or the ids of the sources with problems; or None when the problem is not a source's."""
    import pyarrow as pa

    if not (root / "sources").is_dir():
        return None
    cache = root / CACHE_DIR
    try:
        registry_file = root / REGISTRY_FILE
        registry_bytes = registry_file.read_bytes() if registry_file.is_file() else b""
        speakers, speaker_table = _speakers(root, registry_bytes)
        checking, digests, verdicts_folder = _verdicts_by_source(root)
    except InvalidInput:
        return None
    folders = sorted(p.name for p in (root / "sources").iterdir() if p.is_dir())
    if not folders or digests is None or not set(digests) <= set(folders):
        return None  # no sources, or verdicts that name no source: the exact pass says which
    common = hashlib.sha256(_stage_code() + registry_bytes
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
    previous = {name for name in folders if state and name in state.places and state.places[name][4] == keys[name]}
    todo = [name for name in folders if name not in previous]
    tasks = [(root, name, verdicts_folder, checking) for name in todo]
    registry = {s.speaker_id: s for s in speakers}
    shards_of = partial(_shards, cache / "shards", folders, keys, places=state.places if state else {})
    if len(tasks) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(initializer=_set_registry, initargs=(registry,)) as pool:
            failed, shards, places = shards_of(zip(todo, pool.map(build_source, tasks, chunksize=16)))
    else:
        _set_registry(registry)
        failed, shards, places = shards_of((name, build_source(task)) for name, task in zip(todo, tasks))
    if failed:
        return failed
    tables = {"statements": pa.concat_tables([s["statements"] for s in shards]), "speakers": speaker_table,
              "sources": pa.concat_tables([s["sources"] for s in shards])}
    if _screen(tables, set(todo) if previous else None):
        return set(todo) or None
    if todo or state is None or files != state.files:
        _write_state(cache, _State(common, 0, files, places))
    return Built(tables, checking)


SHARD = 512  # sources per cache shard: an edit rewrites one shard, not the whole table


def _shards(folder: Path, names: list[str], keys: dict, results, places: dict) -> tuple[set, list[dict], dict]:
    """The sources that failed; the tables of every group of SHARD consecutive sources; where each
    source's rows are now.

    ``results`` yields (source, result of build_source) for the sources whose key changed, in order, as
    the workers finish them; the others are read from the last build's shards (``places``). A shard file
    is named by the hash of its sources and their keys: an unchanged group is memory-mapped back, a group
    holding a changed source is assembled, written and memory-mapped in turn, so the build never holds
    more than one group's new rows in memory.
    """
    import pyarrow as pa

    failed: set[str] = set()
    results = iter(results)
    opened: dict[str, dict] = {}

    def shard(shard_id: str) -> dict:
        if shard_id not in opened:
            try:
                opened[shard_id] = {config: pa.ipc.open_file(pa.memory_map(str(folder / f"{shard_id}.{config}.arrow")))
                                    .read_all() for config in ("statements", "sources")}
            except (OSError, pa.ArrowException) as exc:
                raise CacheDamaged(shard_id) from exc
        return opened[shard_id]

    def reused(name: str) -> bool:
        return name in places and places[name][4] == keys[name]

    out, new_places = [], {}
    for start in range(0, len(names), SHARD):
        group = names[start:start + SHARD]
        shard_id = hashlib.sha256("".join(f"{n}\0{keys[n]}\0" for n in group).encode()).hexdigest()[:32]
        if all(reused(n) and places[n][0] == shard_id for n in group) and _shard_exists(folder, shard_id):
            out.append(shard(shard_id))
            new_places.update((name, places[name]) for name in group)
            continue
        statements, sources, offset = [], [], 0
        for index, name in enumerate(group):
            if reused(name):
                old_id, old_offset, count, old_index, _ = places[name]
                table = shard(old_id)["statements"].slice(old_offset, count)
                source = shard(old_id)["sources"].slice(old_index, 1)
            else:
                done, result = next(results)
                assert done == name, (done, name)  # results come in the order of the sources
                if result is None:
                    failed.add(name)
                    continue
                table, source = pa.ipc.open_stream(result[0]).read_all(), arrow.from_rows("sources", [result[1]])
            statements.append(table)
            sources.append(source)
            new_places[name] = (shard_id, offset, table.num_rows, index, keys[name])
            offset += table.num_rows
        if failed:
            continue  # keep collecting failures; nothing of this build is kept
        folder.mkdir(parents=True, exist_ok=True)
        for config, parts in (("statements", statements), ("sources", sources)):
            table = pa.concat_tables(parts).combine_chunks()
            path = folder / f"{shard_id}.{config}.arrow"
            tmp = path.with_suffix(".tmp")
            with pa.ipc.new_file(str(tmp), table.schema) as writer:
                writer.write_table(table)
            os.replace(tmp, path)
        opened.pop(shard_id, None)
        out.append(shard(shard_id))
    return failed, out, new_places


def _shard_exists(folder: Path, shard_id: str) -> bool:
    return all((folder / f"{shard_id}.{config}.arrow").is_file() for config in ("statements", "sources"))


def _screen(tables: dict, changed: set[str] | None) -> list[str]:
    """The screen's failures: of every table, or (when the rest was screened by the last build) of the
    changed sources' rows, with the speakers, and ids unique across the whole table."""
    import polars as pl

    from .screen import screen

    frames = {config: pl.from_arrow(table) for config, table in tables.items()}
    if changed is None:
        return screen(frames)
    if frames["statements"].select(pl.col("statement_id").hash().n_unique() != pl.len()).item():
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
            st = os.stat(f"{folder}/{part}")
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


def _write_state(cache: Path, state: _State) -> None:
    """Record this build (after its shards are written), then drop the shards it no longer uses."""
    import time

    state.written_ns = time.time_ns()
    _store(cache / "state.pickle", pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    used = {place[0] for place in state.places.values()}
    for path in (cache / "shards").glob("*.arrow"):
        if path.name.split(".", 1)[0] not in used:
            path.unlink(missing_ok=True)


def _speakers(root: Path, data: bytes):
    """The registry and its Arrow table, parsed once per content of speakers.yaml (``data``, its bytes)."""
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


LARGE_FILE = 8 << 20  # bytes: a verdicts file this large is parsed in a child process, whose memory is returned


def _verdicts_by_source(root: Path):
    """(checking, {source: digest of its entries} or None if some entry names no source, entries folder).

    The parse of verdicts.yaml is kept per source under the cache (``<folder>/<source>.entries.pickle``,
    apart from ``index.pickle`` whatever the source is called), keyed by the file's hash, so a rebuild
    reads only the entries of the sources it recomputes. Raises InvalidInput
    (without detail: the exact pass explains) when the file cannot be used.
    """
    path = root / VERDICTS_FILE
    key = _file_key(path, root / CACHE_DIR / "verdicts.stat")
    folder = root / CACHE_DIR / "verdicts" / key
    try:
        checking, digests = pickle.loads((folder / "index.pickle").read_bytes())
        return checking, digests, folder
    except Exception:  # noqa: BLE001 - not cached yet, or damaged: parse again
        pass
    if path.is_file() and path.stat().st_size > LARGE_FILE:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=1) as pool:
            outcome = pool.submit(_split_verdicts, root, folder).result()
    else:
        outcome = _split_verdicts(root, folder)
    if outcome is None:
        raise InvalidInput([])
    return (*outcome, folder)


def _split_verdicts(root: Path, folder: Path) -> tuple | None:
    """Parse verdicts.yaml and store each source's entries: (checking, digests), None when unusable."""
    import shutil

    try:
        checking, entries = load_verdicts(root, fast=True)
    except InvalidInput:
        return None
    groups: dict[str, list] = {}
    for entry in entries:
        sid = entry.get("statement_id") if isinstance(entry, dict) else None
        match = SOURCE_OF.match(sid) if isinstance(sid, str) else None
        if match is None:
            return checking, None
        groups.setdefault(match.group(1), []).append(entry)
    digests = {}
    for name, group in groups.items():
        data = pickle.dumps(group, protocol=pickle.HIGHEST_PROTOCOL)
        digests[name] = hashlib.sha256(data).hexdigest()
        _store(folder / f"{name}.entries.pickle", data)
    _store(folder / "index.pickle", pickle.dumps((checking, digests), protocol=pickle.HIGHEST_PROTOCOL))
    for stale in folder.parent.iterdir():
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return checking, digests


def _file_key(path: Path, memo: Path) -> str:
    """Hash of a (large) input file and the stage code; its stat stands for its content when the file has
    not changed since the hash was taken (and not within RACY_NS of it)."""
    import time

    try:
        st = os.stat(path)
        signature = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        signature = None
    code = hashlib.sha256(_stage_code()).hexdigest()
    try:
        stored_signature, stored_code, taken_ns, key = pickle.loads(memo.read_bytes())
        if (signature is not None and (stored_signature, stored_code) == (signature, code)
                and signature[1] < taken_ns - RACY_NS):
            return key
    except Exception:  # noqa: BLE001 - no memo yet
        pass
    taken_ns = time.time_ns()
    key = hashlib.sha256(_stage_code() + (path.read_bytes() if signature else b"")).hexdigest()[:32]
    _store(memo, pickle.dumps((signature, code, taken_ns, key)))
    return key


def _load_entries(folder: Path, name: str) -> list:
    path = folder / f"{name}.entries.pickle"
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
    verdicts = _stored_verdicts(root, only) if only is not None else None
    if verdicts is None:
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


def _stored_verdicts(root: Path, only: set[str]) -> tuple | None:
    """For a large verdicts.yaml, the fast pass's stored entries of the sources in ``only``: re-parsing
    the whole file with PyYAML for its line numbers takes minutes at corpus scale, and a verdict problem
    names its statement id anyway. None (parse the file) for a small file, or when nothing is stored."""
    path = root / VERDICTS_FILE
    if not path.is_file() or path.stat().st_size <= LARGE_FILE:
        return None
    try:
        checking, _, folder = _verdicts_by_source(root)
    except InvalidInput:
        return None
    return checking, [entry for name in sorted(only) for entry in _load_entries(folder, name)]


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
