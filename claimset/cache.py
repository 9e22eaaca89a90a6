"""The build cache under ``<root>/.claimset-cache/``: what the last build read and made, used only once verified.

Nothing in it is unpickled or executed: every file is JSON or Arrow IPC. Every file but the shards is a
*document*: one header line (magic, format version, kind, sha256 and length of the payload) followed by
the payload; a document whose header or checksum does not match is treated as absent. Shards are plain
Arrow IPC files, so they can be memory-mapped; the state records the sha256 of each, and a shard is
hashed and compared before any of its rows is used (see ``open_shard`` for the cost). Anything that fails
a check is dropped and what it covered is rebuilt; it is never published and never a traceback.

The checksums catch damage and stray edits (a torn or truncated write, a full disk, a hand-edited shard,
a crafted file in place of a cache file); they are not signatures: whoever can write the cache can also
write consistent checksums, as with git's index. Deleting the folder is always safe.

Layout: ``lock``, ``state.json`` (the last build: its sources' stat signatures and the hashes of their files,
where their rows are, each shard's sha256), ``speakers.json`` and ``speakers.arrow`` (the parsed registry and
its table), ``verdicts.stat.json``
(the key of verdicts.yaml), ``verdicts/<key>/index.json`` and ``entries.json`` (verdicts.yaml
grouped by source), ``shards/<id>.<config>.arrow``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from .sources import ANNOTATIONS_FILE, METADATA_FILE, TEXT_FILE
from .speakers import Speaker
from .verdicts import Checking

CACHE_DIR = ".claimset-cache"
FORMAT = 2  # of every cache file: a cache written by another format is ignored, not misread
MAGIC = b"claimset-cache"
RACY_NS = 2_000_000_000  # a file changed this close to (or after) the start of the build that hashed it is re-read
SOURCE_FILES = (METADATA_FILE, TEXT_FILE, ANNOTATIONS_FILE)
CONFIGS = ("statements", "sources")  # the tables a shard holds
ENTRIES_FILE = "entries.json"  # verdicts.yaml's entries, grouped by source


class CacheDamaged(Exception):
    """A file of the build cache failed its check: the cache is dropped and the build runs cold."""


class CacheUnwritable(Exception):
    """The build cache cannot be written (read-only, full disk, in use): the build runs without it."""


# --- documents: one header line, then the payload --------------------------------------------------------------

def _header(kind: str, payload) -> bytes:
    return b"%s %d %s %s %d\n" % (MAGIC, FORMAT, kind.encode(), hashlib.sha256(payload).hexdigest().encode(),
                                  memoryview(payload).nbytes)


def store(path: Path, *parts) -> None:
    """Write ``parts`` (bytes-like) to ``path`` atomically (temporary file, then rename), so no reader — nor a
    build killed half-way — ever sees half a file; a leftover ``*.tmp`` is swept by the next build."""
    def fill(out):
        for part in parts:
            _write(out, part)

    _store_with(path, fill)


def _store_with(path: Path, fill) -> None:
    """``store``, with the content written by ``fill(file)``."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            fill(out)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise CacheUnwritable(_reason(exc)) from exc


def _write(out, data) -> None:
    """Every byte the cache writes goes through here (tests make it fail like a full disk)."""
    out.write(data)


class _Hashing:
    """A file that hashes what is written to it (so a shard is hashed as it is written, not read back)."""

    def __init__(self, out):
        self.out, self.sha256, self.closed = out, hashlib.sha256(), False

    def write(self, data) -> int:
        self.sha256.update(data)
        _write(self.out, data)
        return memoryview(data).nbytes

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.closed = True  # the caller closes the file itself


def ipc_stream(table) -> bytes:
    """An Arrow table as the bytes of an IPC stream."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def store_doc(path: Path, kind: str, payload: bytes) -> str:
    """Store a document; returns the sha256 of its payload."""
    header = _header(kind, payload)
    store(path, header, payload)
    return header.split(b" ")[3].decode()


def read_doc(path: Path, kind: str, digest: str | None = None) -> bytes | None:
    """The payload of a document of this kind and format whose checksum holds (and is ``digest``, when
    given); None when the file is missing. Raises CacheDamaged when it is there but fails a check."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheDamaged(f"{path.name}: {_reason(exc)}") from exc
    end = data.find(b"\n", 0, 200)
    fields = data[:end].split(b" ") if end > 0 else []
    payload = data[end + 1:]
    if (len(fields) != 5 or fields[0] != MAGIC or fields[1] != b"%d" % FORMAT or fields[2] != kind.encode()
            or fields[4] != b"%d" % len(payload) or hashlib.sha256(payload).hexdigest().encode() != fields[3]
            or (digest is not None and fields[3] != digest.encode())):
        raise CacheDamaged(path.name)
    return payload


def store_json(path: Path, kind: str, value) -> str:
    return store_doc(path, kind, json.dumps(value, separators=(",", ":")).encode())


def read_json(path: Path, kind: str):
    """The value of a JSON document, or None when it is missing or fails a check (the caller recomputes it)."""
    try:
        payload = read_doc(path, kind)
        return None if payload is None else json.loads(payload)
    except (CacheDamaged, ValueError, RecursionError):
        return None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


# --- stat signatures and content keys ------------------------------------------------------------------------

def stat_signature(path) -> list | None:
    """(size, mtime, ctime, inode) of a file, None when it cannot be stat'ed.

    The ctime is set by the kernel on every write, rename and ``utime``, and cannot be set back: an
    in-place edit that restores size and mtime still changes the signature.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def signature(folder: Path) -> list:
    """The stat signatures of a source's files."""
    return [stat_signature(f"{folder}/{part}") for part in SOURCE_FILES]


def settled(signatures, started_ns: int) -> bool:
    """Whether stat signatures recorded by the build that started at ``started_ns`` may stand for the
    content that build hashed: true only for files last changed (mtime and ctime) at least RACY_NS before
    it started. A file changed later — during that build, or within the clock's granularity of it — might
    have been read before the change while its stat was taken after, so it is hashed again."""
    return all(s is None or max(s[1], s[2]) < started_ns - RACY_NS for s in signatures)


def files_digest(folder: Path) -> str:
    """Hash of a source's files as they are now: what its stat signatures stand for in the state."""
    digest = hashlib.sha256()
    for part in SOURCE_FILES:
        path = folder / part
        try:  # missing, not a file or unreadable: build_source reports it, the key just differs
            data = b"\1" + path.read_bytes() if path.is_file() else b"\0missing"
        except OSError as exc:
            data = b"\0" + type(exc).__name__.encode()
        digest.update(b"%d\0" % len(data) + data)  # length-prefixed: no two sets of files hash alike
    return digest.hexdigest()


def content_key(common: str, files: str, verdicts_digest: str) -> str:
    """Hash of everything the stage reads for one source: ``common``, its files (``files_digest``) and
    its verdicts."""
    return hashlib.sha256(f"{common}\0{files}\0{verdicts_digest}".encode()).hexdigest()


def stage_files() -> list[Path]:
    """Every file of the package's code and contract: all ``claimset/*.py``, all ``schemas/*.py`` (installed
    as ``claimset.schemas``) and ``contract_spec.json``, sorted — found, not listed, so none is forgotten."""
    import importlib.util

    here = Path(__file__).resolve().parent
    spec = importlib.util.find_spec("claimset.schemas")
    schemas = Path(spec.origin).parent if spec is not None and spec.origin else here / "schemas"
    return sorted(here.glob("*.py")) + sorted(schemas.glob("*.py")) + [here / "contract_spec.json"]


@lru_cache(maxsize=1)
def stage_code() -> bytes:
    """A digest of the package's version and every file of ``stage_files``: a change to any invalidates
    the cache."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode() + b"\0")
    for path in stage_files():
        data = path.read_bytes()
        digest.update(b"%s/%s %d\0" % (path.parent.name.encode(), path.name.encode(), len(data)) + data)
    return digest.hexdigest().encode()


# --- stored verdict entries ----------------------------------------------------------------------------------

def entries_payload(entries: list) -> bytes | None:
    """One source's verdict entries as JSON, or None when JSON would not give them back as they are (a key
    that is not text, a value that is not JSON's): such entries are wrong anyway, and the exact pass
    explains them from the file."""
    if not _text_keys(entries):
        return None
    try:
        return json.dumps(entries).encode()
    except (TypeError, ValueError):
        return None


def _text_keys(value) -> bool:
    if isinstance(value, dict):
        return all(type(key) is str for key in value) and all(
            _text_keys(item) for item in value.values() if isinstance(item, (dict, list)))
    return all(_text_keys(item) for item in value if isinstance(item, (dict, list)))


def store_entries(folder: Path, payloads: dict[str, bytes]) -> dict[str, list]:
    """Store every source's entries (``entries_payload``) in one document, ``entries.json`` (one file, not
    one per source: creating 20,000 files took seconds); returns each source's [sha256, offset, length]
    within it. The sha256 is part of the source's key, so editing one source's entries changes no other key."""
    places, offset = {}, 0
    for name, payload in payloads.items():
        places[name] = [hashlib.sha256(payload).hexdigest(), offset, len(payload)]
        offset += len(payload)
    store_doc(folder / ENTRIES_FILE, "entries", b"".join(payloads.values()))
    return places


def load_entries(folder: Path, place: list | None) -> list:
    """One source's stored entries at ``place`` (from the index; None when it has none), read alone and
    checked against its sha256. Raises CacheDamaged when they fail the check."""
    if place is None:
        return []
    digest, offset, length = place
    path = folder / ENTRIES_FILE
    try:
        with open(path, "rb") as file:
            header = file.readline(200)
            fields = header.rstrip(b"\n").split(b" ")
            size = int(fields[4]) if len(fields) == 5 and fields[4].isdigit() else -1
            if fields[:3] != [MAGIC, b"%d" % FORMAT, b"entries"] or offset + length > size:
                raise CacheDamaged(path.name)  # a place outside the stored payload: never seek or read there
            file.seek(len(header) + offset)
            payload = file.read(length)
    except OSError as exc:
        raise CacheDamaged(f"{path.name}: {_reason(exc)}") from exc
    if hashlib.sha256(payload).hexdigest() != digest:
        raise CacheDamaged(path.name)
    try:
        entries = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # a crafted slice nested deeper than Python parses
        raise CacheDamaged(path.name) from exc
    if not isinstance(entries, list):
        raise CacheDamaged(path.name)
    return entries


def store_index(folder: Path, checking: Checking, places: dict[str, list]) -> None:
    store_json(folder / "index.json", "verdicts-index",
               {"checked_on": checking.checked_on.isoformat(), "method": checking.method, "places": places})


def read_index(folder: Path) -> tuple[Checking, dict[str, list]] | None:
    """The checking metadata and where each source's entries are (``store_entries``), or None."""
    doc = read_json(folder / "index.json", "verdicts-index")
    try:
        places = doc["places"]
        if not (isinstance(places, dict) and isinstance(doc["method"], str) and all(
                isinstance(p, list) and len(p) == 3 and isinstance(p[0], str)
                and all(type(n) is int and n >= 0 for n in p[1:]) for p in places.values())):
            return None
        return Checking(dt.date.fromisoformat(doc["checked_on"]), doc["method"]), places
    except (TypeError, KeyError, ValueError):
        return None


def file_key(path: Path, memo: Path, write: bool = True) -> str:
    """Hash of a (large) input file and the stage code. Its stat stands for its content when it matches the
    one recorded in ``memo`` and the file had settled before that hash was taken (see ``settled``)."""
    taken_ns = time.time_ns()  # before the stat: a change after it is caught by ``settled``
    signature_now = stat_signature(path)
    code = stage_code().decode()
    stored = read_json(memo, "file-key")
    if (isinstance(stored, list) and len(stored) == 4 and signature_now is not None
            and stored[:2] == [signature_now, code] and type(stored[2]) is int
            and settled([signature_now], stored[2]) and isinstance(stored[3], str)):
        return stored[3]
    try:
        data = path.read_bytes() if signature_now else b""
    except OSError:
        data, signature_now = b"\0unreadable", None
    key = hashlib.sha256(stage_code() + data).hexdigest()[:32]
    if write and signature_now is not None:
        store_json(memo, "file-key", [signature_now, code, taken_ns, key])
    return key


# --- the state of the last build, and its shards -------------------------------------------------------------

@dataclass
class State:
    """What the last successful fast build saw and made: the cache for the next one."""

    common: str       # hash of the stage code, the registry and the checking metadata
    started_ns: int   # when that build started, before it read any input
    files: dict       # source → [stat signatures of its files, files_digest]
    places: dict      # source → [shard, row offset, row count, row of its sources table, content key]
    shards: dict      # shard → {config: sha256 of its file}


def _parse_state(doc) -> State | None:
    """The state in a (checksummed) document, or None when anything is not where and what it should be."""
    try:
        state = State(**doc)
    except TypeError:
        return None
    if not (isinstance(state.common, str) and type(state.started_ns) is int
            and all(isinstance(m, dict) for m in (state.files, state.places, state.shards))):
        return None
    files_ok = all(isinstance(f, list) and len(f) == 2 and isinstance(f[0], list) and isinstance(f[1], str)
                   for f in state.files.values())
    places_ok = all(isinstance(p, list) and len(p) == 5 and p[0] in state.shards and isinstance(p[4], str)
                    and all(type(n) is int and n >= 0 for n in p[1:4]) for p in state.places.values())
    shards_ok = all(isinstance(s, dict) and all(isinstance(s.get(c), str) for c in CONFIGS)
                    for s in state.shards.values())
    return state if files_ok and places_ok and shards_ok else None


class Cache:
    """One cache folder. ``Cache.open`` takes it for one build: it is locked against a concurrent build, and
    what a killed build left half-written is swept."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.shards = folder / "shards"

    @classmethod
    @contextmanager
    def open(cls, folder: Path):
        """The cache, locked for this build; CacheUnwritable when it cannot be written or is in use."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CacheUnwritable(_reason(exc)) from exc
        try:
            try:
                import fcntl
            except ImportError:  # no flock (Windows): concurrent builds must be avoided by hand
                fcntl = None
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                store(folder / "probe", b"")  # writable? (a read-only folder still lets us open an existing lock)
                (folder / "probe").unlink()
                cache = cls(folder)
                cache._sweep()
            except BlockingIOError as exc:
                raise CacheUnwritable("another build is using it") from exc
            except OSError as exc:
                raise CacheUnwritable(_reason(exc)) from exc
            yield cache
        finally:
            os.close(fd)

    def _sweep(self) -> None:
        """Remove what no build can use: temporary files of a killed build (none is being written: we
        hold the lock) and the pickles of earlier versions, which are never read."""
        for top, folders, names in os.walk(self.folder):
            for name in names:
                if name.endswith((".tmp", ".pickle")) or (top == str(self.folder) and name == "verdicts.stat"):
                    Path(top, name).unlink(missing_ok=True)

    def clear(self) -> None:
        """Drop everything but the lock: the next pass runs cold."""
        try:
            for path in self.folder.iterdir():
                if path.name == "lock":
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
        except OSError as exc:
            raise CacheUnwritable(_reason(exc)) from exc

    # the state

    def read_state(self) -> State | None:
        return _parse_state(read_json(self.folder / "state.json", "state"))

    def write_state(self, state: State) -> None:
        """Record this build (after its shards are written), then drop the shards it does not use."""
        store_json(self.folder / "state.json", "state", vars(state))  # asdict's deep copy takes 0.25 s at 100k
        if self.shards.is_dir():
            for path in self.shards.iterdir():
                if path.name.split(".", 1)[0] not in state.shards:
                    path.unlink(missing_ok=True)

    # shards

    def _shard_path(self, shard_id: str, config: str) -> Path:
        return self.shards / f"{shard_id}.{config}.arrow"

    def write_shard(self, shard_id: str, tables: dict) -> dict:
        """Write a shard's tables; returns the sha256 of each file, for the state."""
        import pyarrow as pa

        digests = {}
        for config in CONFIGS:
            def fill(out, table=tables[config]):
                hashing = _Hashing(out)
                with pa.ipc.new_file(pa.PythonFile(hashing, mode="w"), table.schema) as writer:
                    writer.write_table(table)
                digests[config] = hashing.sha256.hexdigest()

            _store_with(self._shard_path(shard_id, config), fill)
        return digests

    def open_shard(self, shard_id: str, digests: dict) -> dict:
        """A shard's tables, memory-mapped, after checking that each file's sha256 is the one recorded when
        it was written. Raises CacheDamaged otherwise.

        Why hash every shard on every build: the rows are published as they are, so a check of anything
        less than their bytes (a stat, a header, a sample) would let an edited or half-damaged shard
        through. Hashing costs about 0.05 s for the 87 MB of shards of 100k statements and 0.8 s for the
        870 MB of 1M (measured on the benchmark machine: ~1 GB/s), and the pages it reads are the ones the
        publish reads next. (Trusting a shard's stat, as for the inputs, would save that but trust more.)
        """
        import pyarrow as pa

        from . import arrow

        tables = {}
        for config in CONFIGS:
            path = self._shard_path(shard_id, config)
            try:
                data = pa.memory_map(str(path)).read_buffer()
                if hashlib.sha256(data).hexdigest() != digests[config]:
                    raise CacheDamaged(path.name)
                table = pa.ipc.open_file(data).read_all()
            except (OSError, pa.ArrowException, ValueError) as exc:
                raise CacheDamaged(path.name) from exc
            if not table.schema.equals(arrow.schema(config)):
                raise CacheDamaged(path.name)
            tables[config] = table
        return tables

    def verified_shards(self, state: State) -> dict:
        """The tables of every shard the state names whose files pass their check; the others are left out
        (and deleted when the new state is written), so the sources they held are computed again."""
        opened = {}
        for shard_id, digests in state.shards.items():
            try:
                opened[shard_id] = self.open_shard(shard_id, digests)
            except CacheDamaged:
                continue
        return opened

    # the speakers registry

    def read_speakers(self, key: str):
        """(speakers, their Arrow table) as parsed from the registry whose hash is ``key``, or None."""
        import pyarrow as pa

        from . import arrow

        doc = read_json(self.folder / "speakers.json", "speakers")
        try:
            if doc["key"] != key:
                return None
            speakers = [Speaker(**{**s, "aliases": tuple(s["aliases"])}) for s in doc["speakers"]]
            table = pa.ipc.open_stream(read_doc(self.folder / "speakers.arrow", "speakers-table", doc["table"]))
            table = table.read_all()
        except (TypeError, KeyError, CacheDamaged, pa.ArrowException):
            return None
        if not table.schema.equals(arrow.schema("speakers")) or table.num_rows != len(speakers):
            return None
        return speakers, table

    def write_speakers(self, key: str, speakers: list[Speaker], table) -> None:
        """Store the parsed registry, and its table (building it takes pyarrow 10× longer than reading it)."""
        digest = store_doc(self.folder / "speakers.arrow", "speakers-table", ipc_stream(table))
        store_json(self.folder / "speakers.json", "speakers",
                   {"key": key, "table": digest, "speakers": [asdict(s) for s in speakers]})

    # verdicts.yaml

    @property
    def verdicts_memo(self) -> Path:
        return self.folder / "verdicts.stat.json"

    def verdicts_folder(self, key: str) -> Path:
        return self.folder / "verdicts" / key
