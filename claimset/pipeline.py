"""The build: sources → annotations → statements → verdicts → validation, failing before anything is written.

Two passes share the stages. The fast pass runs each source as a pure function (``build_source``)
in a process pool, keeps its rows as Arrow in a cache keyed by the hash of everything it read
(``claimset.cache``: verified before use, rebuilt when damaged, skipped when it cannot be written),
parses YAML with yaml-rs and validates with the polars screen; it knows no line numbers. When it
meets any problem, the exact pass re-runs the stages for the sources concerned with PyYAML (which
knows lines) and the pandera validator, and reports every problem where the curator can fix it.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import arrow, cache
from .annotations import load_annotations
from .cache import CACHE_DIR, Cache, CacheDamaged, CacheUnwritable
from .errors import InvalidInput, Problem
from .labels import CONFIGS
from .sources import Source, load_one, load_sources, source_row
from .speakers import REGISTRY_FILE, Speaker, load_speakers, speaker_row
from .statements import Origin, build_statements
from .verdicts import VERDICTS_FILE, Checking, apply_verdicts, load_verdicts
from .workers import die_with

PARALLEL_FROM = 64  # sources to compute; below this a process pool costs more than it saves
SOURCE_OF = re.compile(r"^(.+)-s[0-9]{3,}(?:-[0-9]+)?$")  # the source part of a statement id


@dataclass
class Built:
    """The validated tables (Arrow, in the contract's types) and how their claims were checked."""

    arrow: dict
    checking: Checking
    _frames: dict = field(default_factory=dict, repr=False)
    _reading: dict = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict:
        """The tables as pandas frames with label names and list cells as lists (made on first use)."""
        for config in CONFIGS:
            if config not in self._frames:
                self._frames[config] = arrow.to_frame(config, self.arrow[config])
        return self._frames

    def frames(self) -> dict:
        """The tables as pandas frames for reading (list cells may be NumPy arrays): cheaper at scale, and
        made once (the build checks dataset.yaml against them, then publishes them)."""
        if not self._reading:
            self._reading.update({config: self._frames.get(config) if config in self._frames
                                  else arrow.to_frame(config, self.arrow[config], lists=False) for config in CONFIGS})
        return dict(self._reading)


@dataclass(frozen=True)
class Outcome:
    """What the fast pass found: the built tables, or the sources whose problems the exact pass should
    explain first (neither: a problem that is no one source's, so the exact pass reads everything)."""

    built: Built | None = None
    suspects: frozenset[str] = frozenset()


NOTHING = Outcome()


def assemble(root: Path) -> Built:
    """Read every input under ``root`` and return the three validated tables, or raise InvalidInput."""
    outcome = _fast_with_cache(root)
    if outcome.built is not None:
        return outcome.built
    if outcome.suspects:  # the sources the fast pass found something in: explain those first
        built = _exact(root, only=set(outcome.suspects))
        if built is not None:
            return built
    return _exact(root)


def _fast_with_cache(root: Path):
    """The fast pass with the repository's cache; cold, after dropping the cache, when a file of it fails
    its check.

    A cache that cannot be written (read-only, full disk, held by another build) must not fail the build:
    it then runs with a throwaway cache, saying so in one line on stderr; when even that cannot be
    written, this returns NOTHING and the exact pass, which needs no cache, builds.
    """
    import tempfile

    try:
        with Cache.open(root / CACHE_DIR) as store:
            try:
                return _fast(root, store)
            except CacheDamaged:
                store.clear()
                return _fast(root, store)
    except CacheUnwritable as exc:
        print(f"claimset: the build cache {root / CACHE_DIR} was not written ({exc}); this build ran without it",
              file=sys.stderr)
    except CacheDamaged:
        pass  # damaged again right after being cleared: something else writes into it
    try:
        with tempfile.TemporaryDirectory(prefix="claimset-cache-", ignore_cleanup_errors=True) as scratch:
            with Cache.open(Path(scratch)) as store:
                return _fast(root, store)
    except (CacheUnwritable, CacheDamaged, OSError):
        return NOTHING


# --- the fast pass -------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Speaker] = {}


def _set_registry(registry: dict[str, Speaker]) -> None:
    global _REGISTRY
    _REGISTRY = registry


def _start_worker(parent: int, registry: dict[str, Speaker] | None = None) -> None:
    """Initialise a worker process: it dies with the build, and knows the registry."""
    die_with(parent)
    if registry is not None:
        _set_registry(registry)


def build_source(task: tuple) -> tuple[bytes, dict] | None:
    """One source's rows (Arrow IPC bytes) and its sources row, or None when anything is wrong.

    ``task`` is (root, source, verdicts folder, checking, where the source's stored entries are — see
    ``cache.load_entries``). A pure function of the files it reads (the source's folder and its verdict
    entries, stored grouped by source by ``_verdicts_by_source``) and the
    registry (set once per worker process), so it runs in any process — or under a distributed engine,
    as a ``map`` over sources. Raises CacheDamaged when the stored entries fail their check.
    """
    root, name, verdicts_folder, checking, place = task
    entries = cache.load_entries(verdicts_folder, place)
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
    return cache.ipc_stream(arrow.from_rows("statements", rows)), source_row(source, n_sentences)


def _fast(root: Path, store: Cache):
    """The built tables, or the sources with problems (``Outcome``).

    Raises CacheDamaged when a cached file the build needs fails its check, CacheUnwritable when the cache
    cannot be written.
    """
    import time

    import pyarrow as pa

    started_ns = time.time_ns()  # before any input is read: what changes after this is re-read next time
    if not (root / "sources").is_dir():
        return NOTHING
    try:
        with _verdicts_by_source(root, store) as verdicts:  # a large file is parsed meanwhile, in a child process
            registry_bytes = _read_registry(root)
            speakers, speaker_table = _speakers(root, registry_bytes, store)
            folders = sorted(p.name for p in (root / "sources").iterdir() if p.is_dir())
            state = store.read_state()
            files = {name: _files(root / "sources" / name, state) for name in folders}
            checking, entries, verdicts_folder = verdicts()
    except InvalidInput:
        return NOTHING
    if not folders or entries is None or not set(entries) <= set(folders):
        return NOTHING  # no sources, or verdicts that name no source: the exact pass says which
    common = hashlib.sha256(cache.stage_code() + registry_bytes + repr(checking).encode()).hexdigest()
    if state is not None and state.common != common:
        state = None  # its file hashes hold (``files``), its rows do not
    opened = store.verified_shards(state) if state else {}
    places = {name: place for name, place in state.places.items() if place[0] in opened} if state else {}
    keys = {name: cache.content_key(common, files[name][1], entries.get(name, [""])[0]) for name in folders}
    previous = {name for name in folders if name in places and places[name][4] == keys[name]}
    todo = [name for name in folders if name not in previous]
    tasks = [(root, name, verdicts_folder, checking, entries.get(name)) for name in todo]
    registry = {s.speaker_id: s for s in speakers}
    shards_of = partial(_shards, store, folders, keys, places=places, opened=opened,
                        digests=state.shards if state else {})
    if len(tasks) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(initializer=_start_worker, initargs=(os.getpid(), registry))
        try:
            failed, shards, places, shard_digests = shards_of(zip(todo, pool.map(build_source, tasks, chunksize=16)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        _set_registry(registry)
        failed, shards, places, shard_digests = shards_of(
            (name, build_source(task)) for name, task in zip(todo, tasks))
    if failed:
        return Outcome(suspects=frozenset(failed))
    tables = {"statements": pa.concat_tables([s["statements"] for s in shards]), "speakers": speaker_table,
              "sources": pa.concat_tables([s["sources"] for s in shards])}
    if _screen(tables, set(todo) if previous else None):
        return Outcome(suspects=frozenset(todo))
    for name in todo:  # changed while this build ran: its rows may be of either version, so record none
        if cache.signature(root / "sources" / name) != files[name][0]:
            del files[name], places[name]
    if todo or state is None or files != state.files or shard_digests != state.shards:
        store.write_state(cache.State(common, started_ns, files, places, shard_digests))
    return Outcome(built=Built(tables, checking))


def _files(folder: Path, state: cache.State | None) -> list:
    """[stat signatures, ``files_digest``] of a source's folder: the last build's hash when the files have
    not changed since, else hashed now."""
    signature = cache.signature(folder)
    known = state.files.get(folder.name) if state else None
    if known is not None and known[0] == signature and cache.settled(signature, state.started_ns):
        return known
    return [signature, cache.files_digest(folder)]


def _read_registry(root: Path) -> bytes:
    path = root / REGISTRY_FILE
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        raise InvalidInput([]) from None  # unreadable: the exact pass says so


SHARD = 512  # sources per cache shard: an edit rewrites one shard, not the whole table


def _shards(store: Cache, names: list[str], keys: dict, results, places: dict, opened: dict,
            digests: dict) -> tuple[set, list[dict], dict, dict]:
    """The sources that failed; the tables of every group of SHARD consecutive sources; where each
    source's rows are now; the sha256 of each shard's files.

    ``results`` yields (source, result of build_source) for the sources whose key changed, in order, as
    the workers finish them; the others are read from the last build's verified shards (``opened``, with
    their sha256 in ``digests``) at their ``places``. A shard file is named by the hash of its sources and
    their keys: an unchanged group is reused, a group holding a changed source is assembled, written and
    memory-mapped in turn (and checked like any other), so the build never holds more than one group's
    new rows in memory.
    """
    import pyarrow as pa

    failed: set[str] = set()
    results = iter(results)

    def reused(name: str) -> bool:
        return name in places and places[name][4] == keys[name]

    out, new_places, new_digests = [], {}, {}
    for start in range(0, len(names), SHARD):
        group = names[start:start + SHARD]
        shard_id = hashlib.sha256("".join(f"{n}\0{keys[n]}\0" for n in group).encode()).hexdigest()[:32]
        if all(reused(n) and places[n][0] == shard_id for n in group) and shard_id in opened:
            out.append(opened[shard_id])
            new_places.update((name, places[name]) for name in group)
            new_digests[shard_id] = digests[shard_id]
            continue
        statements, sources, new_rows, offset = [], [], [], 0

        def add_new_rows() -> None:  # the new sources rows so far as one table: one per source costs seconds at 1M
            if new_rows:
                sources.append(arrow.from_rows("sources", new_rows))
                new_rows.clear()

        for index, name in enumerate(group):
            if reused(name):
                old_id, old_offset, count, old_index, _ = places[name]
                table = opened[old_id]["statements"].slice(old_offset, count)
                add_new_rows()
                sources.append(opened[old_id]["sources"].slice(old_index, 1))
            else:
                done, result = next(results)
                assert done == name, (done, name)  # results come in the order of the sources
                if result is None:
                    failed.add(name)
                    continue
                table = pa.ipc.open_stream(result[0]).read_all()
                new_rows.append(result[1])
            statements.append(table)
            new_places[name] = [shard_id, offset, table.num_rows, index, keys[name]]
            offset += table.num_rows
        if failed:
            continue  # keep collecting failures; nothing of this build is kept
        add_new_rows()
        new_digests[shard_id] = store.write_shard(shard_id, {
            "statements": pa.concat_tables(statements).combine_chunks(),
            "sources": pa.concat_tables(sources).combine_chunks()})
        opened[shard_id] = store.open_shard(shard_id, new_digests[shard_id])
        out.append(opened[shard_id])
    return failed, out, new_places, new_digests


def _screen(tables: dict, changed: set[str] | None) -> list[str]:
    """The screen's failures: of every table, or (when the rest was screened by the last build) of the
    changed sources' rows, with the speakers, and ids unique across the whole table."""
    import polars as pl

    from .rules import screen, screen_citations, screen_table

    frames = {config: pl.from_arrow(table) for config, table in tables.items()}
    if changed is None:
        return screen(frames)
    repeated = screen_table("statements", frames["statements"].select("statement_id"), {"duplicate value"})
    if repeated:
        return repeated
    subset = dict(frames, statements=frames["statements"].filter(pl.col("source_id").is_in(list(changed))),
                  sources=frames["sources"].filter(pl.col("source_id").is_in(list(changed))), statement_ids=None)
    return screen(subset) + screen_citations(frames["statements"])


def _speakers(root: Path, data: bytes, store: Cache):
    """The registry and its Arrow table, parsed once per content of speakers.yaml (``data``, its bytes)."""
    key = hashlib.sha256(cache.stage_code() + data).hexdigest()
    stored = store.read_speakers(key)
    if stored is not None:
        return stored
    speakers = load_speakers(root, fast=True)
    table = arrow.from_rows("speakers", [speaker_row(s) for s in speakers])
    if _read_registry(root) == data:  # else what was parsed is not what ``key`` names
        store.write_speakers(key, speakers, table)
    return speakers, table


LARGE_FILE = 8 << 20  # bytes: a verdicts file this large is parsed in a child process, whose memory is returned


@contextmanager
def _verdicts_by_source(root: Path, store: Cache):
    """Yields a function that gives (checking, {source: where its entries are} or None if some entry names
    no source, entries folder).

    The parse of verdicts.yaml is kept under the cache, grouped by source (``cache.store_entries``) and keyed
    by the file's hash, so a rebuild reads only the entries of the sources it recomputes. A large file is
    parsed in a child process, which runs until the function is called (the caller hashes the sources
    meanwhile) and whose memory is then returned. The function raises InvalidInput (without detail: the
    exact pass explains) when the file cannot be used.
    """
    path = root / VERDICTS_FILE
    before = cache.stat_signature(path)
    folder = store.verdicts_folder(cache.file_key(path, store.verdicts_memo))
    index = cache.read_index(folder)
    if index is not None:
        yield lambda: (*index, folder)
        return
    child = receiver = None
    if path.is_file() and path.stat().st_size > LARGE_FILE:
        import multiprocessing

        receiver, sender = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.Process(target=_split_in_child, args=(root, folder, sender, os.getpid()), daemon=True)
        child.start()
        sender.close()

    def parse():
        if child is None:
            return _split_verdicts(root, folder)
        try:
            done, value = receiver.recv()
        except EOFError:  # the child died (killed, out of memory) without an answer: the exact pass parses
            return None
        child.join()
        if not done:
            raise value
        return value

    def result():
        outcome = parse()
        if outcome is None:
            raise InvalidInput([])
        checking, entries = outcome
        if entries is not None and cache.stat_signature(path) == before:  # else they may not be the hashed file's
            cache.store_index(folder, checking, entries)
        return checking, entries, folder

    try:
        yield result
    finally:
        if child is not None:  # the build failed or ended before asking: stop the parse, do not wait for it
            if child.is_alive():
                child.terminate()
            child.join()
            receiver.close()


def _split_in_child(root: Path, folder: Path, sender, parent: int) -> None:
    """``_split_verdicts`` in a child process, its outcome (or exception) sent back to the build."""
    _start_worker(parent)
    try:
        sender.send((True, _split_verdicts(root, folder)))
    except Exception as exc:  # raised in the build, as if it had parsed the file itself
        sender.send((False, exc))
    finally:
        sender.close()


def _split_verdicts(root: Path, folder: Path) -> tuple | None:
    """Parse verdicts.yaml and store its entries grouped by source: (checking, where each source's entries
    are), None when unusable."""
    import shutil

    try:
        checking, entries = load_verdicts(root, fast=True)
    except InvalidInput:
        return None
    groups: dict[str, list] = {}
    for entry in entries:
        source = _source_of(entry)
        if source is None:
            return checking, None
        groups.setdefault(source, []).append(entry)
    payloads = {name: cache.entries_payload(group) for name, group in groups.items()}
    if None in payloads.values():
        return checking, None  # entries JSON cannot give back as they are: wrong anyway, the exact pass explains
    if folder.parent.is_dir():
        for stale in folder.parent.iterdir():
            if stale != folder:
                shutil.rmtree(stale, ignore_errors=True)
    return checking, cache.store_entries(folder, payloads)


# --- the exact pass ------------------------------------------------------------------------------------------

def _exact(root: Path, only: set[str] | None = None) -> Built | None:
    """Every problem of the inputs (of the sources in ``only``, when given), with its file and line.

    Raises InvalidInput with them; returns the built tables when there are none (None when restricted
    to some sources, since the others were not read).
    """
    import polars as pl

    from .publish import to_arrow
    from .coercion import make_frame
    from .rules import explain

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
        entries = [e for e in entries if _source_of(e) not in others]

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
    tables = {config: to_arrow(config, make_frame(config, rows)) for config, rows in (
        ("statements", statement_rows), ("speakers", [speaker_row(s) for s in speakers]),
        ("sources", [source_row(s, sentence_counts[s.source_id]) for s in sources]))}
    found = explain({**{config: pl.from_arrow(table) for config, table in tables.items()},
                     **({"statement_ids": None} if only is not None else {})})  # citations: by the whole pass
    if found:
        places = {("statements", sid): (o.file, o.line) for sid, o in origins.items()}
        places.update({("speakers", s.speaker_id): (REGISTRY_FILE, s.line) for s in speakers})
        places.update({("sources", s.source_id): (s.metadata_file, None) for s in sources})
        raise InvalidInput([Problem(*places.get((f.config, f.row), (None, None)), f.row, f.message) for f in found])
    if only is not None:
        return None
    return Built(tables, checking)


def _stored_verdicts(root: Path, only: set[str]) -> tuple | None:
    """For a large verdicts.yaml, the fast pass's stored entries of the sources in ``only``: re-parsing
    the whole file with PyYAML for its line numbers takes minutes at corpus scale, and a verdict problem
    names its statement id anyway. None (parse the file) for a small file, or when nothing is stored."""
    path = root / VERDICTS_FILE
    if not path.is_file() or path.stat().st_size <= LARGE_FILE:
        return None
    store = Cache(root / CACHE_DIR)  # read, not written: the fast pass wrote it, if it could
    try:
        folder = store.verdicts_folder(cache.file_key(path, store.verdicts_memo, write=False))
    except OSError:
        return None
    index = cache.read_index(folder)
    if index is None:
        return None
    checking, places = index
    try:
        return checking, [entry for name in sorted(only) for entry in cache.load_entries(folder, places.get(name))]
    except CacheDamaged:
        return None


def _source_of(entry) -> str | None:
    """The source a verdict entry's statement_id names, or None when it names none."""
    sid = entry.get("statement_id") if isinstance(entry, dict) else None
    match = SOURCE_OF.match(sid) if isinstance(sid, str) else None
    return match.group(1) if match else None


def _collect(problems: list[Problem], loader, root: Path):
    """Run one loader, adding its problems to ``problems`` instead of stopping at the first file."""
    try:
        return loader(root)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return None
