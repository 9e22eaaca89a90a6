"""The build cache trusts nothing: every file is checked before use, and a cache that fails a check, cannot
be written, or belonged to a killed build never fails a build nor changes what it publishes."""
import errno
import fcntl
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

import claimset.cache as cache
from claimset.cli import cli
from conftest import ROOT, tree_bytes
from test_incremental import CACHE, age, build, corpus  # noqa: F401 - corpus is a fixture

NOTE = "Interpretive link to the (unseen) preceding text"
SAME_SIZE = "Interpretive bond to the (unseen) preceding text"


def run(root):
    """A build that must succeed without a traceback; its stderr lines."""
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def cold(root) -> dict:
    """What a build without any cache publishes."""
    shutil.rmtree(root / CACHE, ignore_errors=True)
    if (root / CACHE).is_file():
        (root / CACHE).unlink()
    return build(root)


def notes(root) -> str:
    """Every annotator note of the published statements."""
    import pyarrow.parquet as pq

    table = pq.read_table(next((root / "dataset/data/statements").glob("*.parquet")), columns=["annotator_note"])
    return "\n".join(note for note in table.column("annotator_note").to_pylist() if note)


def edit_in_place(path: Path, old: str, new: str) -> None:
    """Change text without changing the file's size, mtime or inode (as a hostile or unlucky edit may)."""
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (
        st.st_size, st.st_mtime_ns, st.st_ino)


def test_no_pickle_in_the_cache_and_every_file_is_checksummed(corpus):
    build(corpus)
    files = [p for p in (corpus / CACHE).rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".pickle"]
    for path in files:
        if path.suffix == ".arrow":  # shards: their sha256 is in the state
            continue
        if path.name == "lock":
            assert path.read_bytes() == b""
            continue
        header = path.read_bytes().split(b"\n", 1)[0].split(b" ")
        assert header[:2] == [b"claimset-cache", b"%d" % cache.FORMAT] and len(header[3]) == 64, path


def test_a_crafted_file_in_the_cache_never_runs_code(corpus, tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return open, (str(marker), "w")

    age(corpus)
    build(corpus)
    crafted = pickle.dumps(Payload())
    folder = corpus / CACHE
    key = next((folder / "verdicts").iterdir())
    targets = [p for p in folder.rglob("*") if p.is_file() and p.name != "lock"]
    targets += [folder / "state.pickle", folder / "speakers.pickle", folder / "verdicts.stat",
                key / "index.pickle", key / "synthetic-000001.entries.pickle",
                key / "synthetic-000001.entries.json"]  # where earlier versions read
    for path in targets:
        path.write_bytes(crafted)
    edit_in_place(corpus / "sources/synthetic-000001/annotations.yaml", NOTE, SAME_SIZE)
    run(corpus)
    assert not marker.exists()
    published = build(corpus)
    assert not marker.exists()
    assert published == cold(corpus)


def test_an_edited_shard_is_never_published(corpus):
    age(corpus)
    expected = build(corpus)
    shard = next((corpus / CACHE / "shards").glob("*.statements.arrow"))
    table = pa.ipc.open_file(pa.py_buffer(shard.read_bytes())).read_all()  # not mapped: rewritten below
    quotes = table.column("quote").to_pylist()
    quotes[0] = "Forged " + quotes[0]
    forged = table.set_column(table.schema.get_field_index("quote"), "quote", pa.array(quotes, pa.string()))
    with pa.ipc.new_file(str(shard), forged.schema) as writer:  # well-formed Arrow, same schema
        writer.write_table(forged)
    assert build(corpus) == expected
    rewritten = pa.ipc.open_file(pa.py_buffer(shard.read_bytes())).read_all().column("quote").to_pylist()
    assert not [quote for quote in rewritten if quote.startswith("Forged")]


def test_an_in_place_edit_keeping_size_and_mtime_is_picked_up(corpus):
    age(corpus)
    build(corpus)
    edit_in_place(corpus / "sources/synthetic-000001/annotations.yaml", NOTE, SAME_SIZE)
    incremental = build(corpus)
    assert SAME_SIZE in notes(corpus)
    assert incremental == cold(corpus)


def test_a_file_changed_while_the_build_reads_it_is_not_trusted_later(corpus, monkeypatch):
    """The source is hashed, then edited before its rows are computed, then edited back (with its mtime
    restored each time): the rows of the edit must not outlive it under the original content's key."""
    import claimset.pipeline as pipeline

    age(corpus)
    annotations = corpus / "sources/synthetic-000001/annotations.yaml"
    original = pipeline.build_source

    def edited_meanwhile(task):
        if task[1] == "synthetic-000001":
            edit_in_place(annotations, NOTE, SAME_SIZE)
        return original(task)

    monkeypatch.setattr(pipeline, "build_source", edited_meanwhile)
    build(corpus)
    monkeypatch.setattr(pipeline, "build_source", original)
    edit_in_place(annotations, SAME_SIZE, NOTE)
    incremental = build(corpus)
    assert SAME_SIZE not in notes(corpus)
    assert incremental == cold(corpus)


def test_a_damaged_entries_file_means_a_cold_build_not_a_traceback(corpus):
    age(corpus)
    build(corpus)
    damaged = list((corpus / CACHE / "verdicts").glob("*/entries.json"))
    assert damaged
    for path in damaged:  # every source's entries, same length: only their checksums can tell
        header, payload = path.read_bytes().split(b"\n", 1)
        assert b"supported" in payload
        path.write_bytes(header + b"\n" + payload.replace(b"supported", b"refuted__"))
    edit_in_place(corpus / "sources/synthetic-000001/annotations.yaml", NOTE, SAME_SIZE)  # reads its entries
    assert run(corpus) == []
    assert build(corpus) == cold(corpus)


@pytest.mark.parametrize("craft", ["offset", "length", "nested"])
def test_a_crafted_place_in_the_verdicts_index_means_a_cold_build_not_a_traceback(corpus, craft):
    """An index whose place points far outside entries.json (2**63), or at a slice nested deeper than Python
    parses (with its true checksum): the stored entries are dropped and the build recomputes them."""
    import hashlib
    import json

    age(corpus)
    build(corpus)
    folder = next((corpus / CACHE / "verdicts").glob("*/index.json")).parent
    header, payload = (folder / "index.json").read_bytes().split(b"\n", 1)
    doc = json.loads(payload)
    source = "synthetic-000001"
    if craft == "nested":
        bomb = b"[" * 200_000 + b"]" * 200_000
        entries_header, entries = (folder / "entries.json").read_bytes().split(b"\n", 1)
        at = len(entries)
        fields = entries_header.split(b" ")
        whole = entries + bomb
        fields[3], fields[4] = hashlib.sha256(whole).hexdigest().encode(), b"%d" % len(whole)
        (folder / "entries.json").write_bytes(b" ".join(fields) + b"\n" + whole)
        doc["places"][source] = [hashlib.sha256(bomb).hexdigest(), at, len(bomb)]
    else:
        doc["places"][source][1 if craft == "offset" else 2] = 2**63
    payload = json.dumps(doc).encode()
    fields = header.split(b" ")
    fields[3], fields[4] = hashlib.sha256(payload).hexdigest().encode(), b"%d" % len(payload)
    (folder / "index.json").write_bytes(b" ".join(fields) + b"\n" + payload)
    edit_in_place(corpus / f"sources/{source}/annotations.yaml", NOTE, SAME_SIZE)  # reads its entries
    assert run(corpus) == []
    assert build(corpus) == cold(corpus)


def test_a_cache_that_cannot_be_created_is_skipped_with_one_line(corpus):
    (corpus / CACHE).write_text("not a folder")  # unwritable even for root, unlike a chmod
    stderr = run(corpus)
    assert len(stderr) == 1 and "build cache" in stderr[0] and "was not written" in stderr[0], stderr
    published = build(corpus)
    assert (corpus / CACHE).read_text() == "not a folder"
    assert published == cold(corpus)


@pytest.mark.parametrize("from_the_start", [True, False])
def test_a_full_disk_is_skipped_with_one_line(corpus, monkeypatch, from_the_start):
    """The disk is full before the build (nothing can be written) or fills up during it (the first
    non-empty write fails, after the cache was opened and a source recomputed)."""
    age(corpus)
    build(corpus)
    edit_in_place(corpus / "sources/synthetic-000001/annotations.yaml", NOTE, SAME_SIZE)

    def full(out, data):
        if from_the_start or memoryview(data).nbytes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        out.write(data)

    monkeypatch.setattr(cache, "_write", full)
    stderr = run(corpus)
    assert len(stderr) == 1 and "was not written (No space left on device)" in stderr[0], stderr
    assert not list((corpus / CACHE).rglob("*.tmp"))
    published = tree_bytes(corpus / "dataset")
    monkeypatch.undo()
    assert published == cold(corpus)


def test_a_cache_in_use_by_another_build_is_left_alone(corpus):
    age(corpus)
    expected = build(corpus)
    state = (corpus / CACHE / "state.json").read_bytes()
    with cache.Cache.open(corpus / CACHE):
        stderr = run(corpus)
        assert len(stderr) == 1 and "another build is using it" in stderr[0], stderr
        assert build(corpus) == expected
    assert (corpus / CACHE / "state.json").read_bytes() == state


def test_temporary_files_of_a_killed_build_are_swept(corpus):
    build(corpus)
    key = next((corpus / CACHE / "verdicts").iterdir())
    stale = [corpus / CACHE / ".x.tmp", corpus / CACHE / "shards" / "abc.statements.tmp", key / ".y.tmp"]
    for path in stale:
        path.write_bytes(b"half a file")
    build(corpus)
    assert not [path for path in stale if path.exists()]


def test_the_cache_key_covers_every_module_of_the_package():
    files = cache.stage_files()
    expected = (sorted((ROOT / "claimset").glob("*.py")) + sorted((ROOT / "schemas").glob("*.py"))
                + [ROOT / "claimset" / "contract_spec.json"])
    assert [p.resolve() for p in files] == [p.resolve() for p in expected]
    assert {"speakers.py", "arrow.py", "screen.py", "pipeline.py", "cache.py"} <= {p.name for p in files}


# --- workers die with the build ------------------------------------------------------------------------------

DRIVER = '''
import os, sys, time
from pathlib import Path

import claimset.pipeline as pipeline
from claimset.cli import cli


def hold(task):
    """A task that would outlive its build by minutes; says it started."""
    Path(os.environ["HOLD_DIR"], str(os.getpid())).touch()
    time.sleep(300)


if __name__ == "__main__":
    pipeline.build_source = hold
    pipeline.PARALLEL_FROM = 1
    os.cpu_count = lambda: 2
    cli(["build", "--root", sys.argv[1]])
'''


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, …), None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def _children(parent: int) -> dict[int, str]:
    """The processes whose parent is ``parent``, with their start times (to tell a reused pid)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and int(fields[1]) == parent:
                found[int(entry)] = fields[19]
    return found


def _alive(pid: int, started: str) -> bool:
    """Whether the process still runs, or still has threads exiting (a zombie leader's other threads
    still hold its files, such as the cache's lock)."""
    fields = _stat(pid)
    if fields is None or fields[19] != started:
        return False
    if fields[0] not in ("Z", "X"):
        return True
    try:
        return len(os.listdir(f"/proc/{pid}/task")) > 1
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_workers_exit_when_the_build_is_killed(corpus, tmp_path):
    holding = tmp_path / "holding"
    holding.mkdir()
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    env = {**os.environ, "HOLD_DIR": str(holding), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    with open(tmp_path / "driver.log", "wb") as log:
        parent = subprocess.Popen([sys.executable, str(driver), str(corpus)], env=env, stdout=log, stderr=log,
                                  start_new_session=True)
    workers: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while not any(holding.iterdir()):  # a worker is inside a task
            assert parent.poll() is None, (tmp_path / "driver.log").read_text()
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.05)
        workers = _children(parent.pid)
        assert {int(p.name) for p in holding.iterdir()} <= set(workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid, started) for pid, started in workers.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid, started in workers.items() if _alive(pid, started)], "workers outlived the build"
    finally:
        for pid, started in workers.items():
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
            parent.wait(timeout=30)
    with open(corpus / CACHE / "lock", "rb") as lock:  # released by the last worker to go
        deadline = time.monotonic() + 10
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "the cache is still locked"
                time.sleep(0.05)
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert run(corpus) == []  # the next build finds the cache free, and works
