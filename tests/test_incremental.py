"""Incremental builds: a rebuild recomputes only what changed and publishes exactly what a cold build would."""
import os
import shutil
import sys

import pytest
from click.testing import CliRunner

import claimset.pipeline as pipeline
from claimset.cli import cli
from conftest import ROOT, tree_bytes

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

CACHE = pipeline.CACHE_DIR


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """Three synthetic sources (the essay, numbered), small shards so the sources span two of them."""
    monkeypatch.setattr(pipeline, "SHARD", 2)
    assert generate(tmp_path / "corpus", 153) == 3
    return tmp_path / "corpus"


def build(root):
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return tree_bytes(root / "dataset")


def computed_sources(monkeypatch) -> list:
    """Record which sources the build computes (the rest come from the cache)."""
    seen = []
    original = pipeline.build_source

    def spy(task):
        seen.append(task[1])
        return original(task)

    monkeypatch.setattr(pipeline, "build_source", spy)
    return seen


def age(root, seconds: int = 60) -> None:
    """Date every input back, as if written long before the build (no racy stat)."""
    for path in root.rglob("*"):
        if path.is_file() and CACHE not in path.parts:
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns - seconds * 10**9, st.st_mtime_ns - seconds * 10**9))


def test_rebuild_after_an_edit_recomputes_one_source_and_matches_a_cold_build(corpus, monkeypatch):
    age(corpus)
    build(corpus)
    seen = computed_sources(monkeypatch)
    assert build(corpus)  # nothing changed
    assert seen == []
    annotations = corpus / "sources/synthetic-000001/annotations.yaml"
    annotations.write_text(annotations.read_text(encoding="utf-8").replace(
        "claim_type: prediction", "claim_type: speculation", 1), encoding="utf-8")
    incremental = build(corpus)
    assert seen == ["synthetic-000001"]
    shutil.rmtree(corpus / CACHE)
    assert build(corpus) == incremental  # byte for byte what a cold build publishes
    assert sorted(seen) == ["synthetic-000000", "synthetic-000001", "synthetic-000001", "synthetic-000002"]


def test_an_edit_that_keeps_size_and_time_is_seen_while_racy(corpus, monkeypatch):
    build(corpus)  # inputs written just now: their stat is too recent to stand for their content
    text = corpus / "sources/synthetic-000002/annotations.yaml"
    st = text.stat()
    edited = text.read_text(encoding="utf-8").replace("claim_type: prediction", "claim_type: predictionX", 1)
    text.write_text(edited.replace("\n\n", "\n", 1), encoding="utf-8")  # same size as before
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert text.stat().st_size == st.st_size
    result = CliRunner().invoke(cli, ["build", "--root", str(corpus)])
    assert result.exit_code == 1
    assert "unknown claim type 'predictionX'" in result.output


def test_editing_one_verdict_recomputes_only_its_source(corpus, monkeypatch):
    """The entries of every source are stored in one file: an edit that moves the others' bytes must not
    change their keys."""
    age(corpus)
    build(corpus)
    seen = computed_sources(monkeypatch)
    verdicts = corpus / "verdicts.yaml"
    text = verdicts.read_text(encoding="utf-8")
    at = text.index("note: >-\n      ", text.index("statement_id: synthetic-000000-s003-1")) + len("note: >-\n      ")
    verdicts.write_text(text[:at] + "Longer for this test. " + text[at:], encoding="utf-8")
    incremental = build(corpus)
    assert seen == ["synthetic-000000"]
    shutil.rmtree(corpus / CACHE)
    assert build(corpus) == incremental


def test_a_large_verdicts_file_is_parsed_in_a_child_while_the_sources_are_hashed(corpus, monkeypatch):
    monkeypatch.setattr(pipeline.cache, "RACY_NS", 0)  # ages the files' ctime too: their stat may stand
    age(corpus)
    inline = build(corpus)
    shutil.rmtree(corpus / CACHE)
    monkeypatch.setattr(pipeline, "LARGE_FILE", 0)
    hashed_in = []
    original = pipeline.cache.files_digest

    def spy(folder):
        hashed_in.append(os.getpid())
        return original(folder)

    monkeypatch.setattr(pipeline.cache, "files_digest", spy)
    assert build(corpus) == inline
    assert hashed_in == [os.getpid()] * 3  # the main process hashed the sources
    assert list((corpus / CACHE / "verdicts").glob("*/entries.json"))  # the child stored the entries
    seen = computed_sources(monkeypatch)
    assert build(corpus) == inline
    assert seen == [] and len(hashed_in) == 3  # nothing parsed, hashed or computed again


def test_a_build_that_fails_while_the_child_parses_stops_it_at_once(corpus, monkeypatch, tmp_path):
    """The main process fails (an unreadable source, a registry error, Ctrl-C in it alone) while the child is
    still parsing verdicts.yaml: the child is terminated and joined, not waited for to the end of its parse."""
    import time

    monkeypatch.setattr(pipeline, "LARGE_FILE", 0)
    finished = tmp_path / "finished"
    started = tmp_path / "started"

    def slow(root, folder):  # the child's parse, as long as a very large file's
        started.write_text(str(os.getpid()))
        time.sleep(60)
        finished.write_text("done")

    monkeypatch.setattr(pipeline, "_split_verdicts", slow)
    with pytest.raises(RuntimeError, match="the build failed"):
        with pipeline._verdicts_by_source(corpus, pipeline.Cache(corpus / CACHE)):
            deadline = time.monotonic() + 60  # a guard against a child that never starts, not a speed check
            while not started.exists():  # the child is parsing
                assert time.monotonic() < deadline, "the child never started its parse"
                time.sleep(0.01)
            raise RuntimeError("the build failed")
    child = int(started.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # gone, and reaped: no zombie left either
    assert not finished.exists()  # stopped mid-parse, not waited for


def test_a_child_killed_while_parsing_means_the_exact_pass_not_a_traceback(corpus, monkeypatch):
    """The verdicts child dies without an answer (killed, out of memory): the build parses the file itself
    (the exact pass, whose tables are chunked differently) and publishes the same files, card included."""
    age(corpus)
    inline = build(corpus)
    shutil.rmtree(corpus / CACHE)
    monkeypatch.setattr(pipeline, "LARGE_FILE", 0)
    monkeypatch.setattr(pipeline, "_split_verdicts", lambda root, folder: os._exit(9))
    assert build(corpus) == inline


def test_a_new_registry_recomputes_every_source_without_hashing_their_files_again(corpus, monkeypatch):
    monkeypatch.setattr(pipeline.cache, "RACY_NS", 0)  # ages the files' ctime too: their stat may stand
    age(corpus)
    build(corpus)
    hashed = []
    original = pipeline.cache.files_digest
    monkeypatch.setattr(pipeline.cache, "files_digest", lambda folder: hashed.append(folder.name) or original(folder))
    seen = computed_sources(monkeypatch)
    registry = corpus / "speakers.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# a comment changes the registry's bytes\n",
                        encoding="utf-8")
    incremental = build(corpus)
    assert sorted(seen) == ["synthetic-000000", "synthetic-000001", "synthetic-000002"] and hashed == []
    shutil.rmtree(corpus / CACHE)
    assert build(corpus) == incremental


def test_a_damaged_cache_is_dropped_not_trusted(corpus, monkeypatch):
    age(corpus)
    cold = build(corpus)
    seen = computed_sources(monkeypatch)
    for shard in (corpus / CACHE / "shards").glob("*.statements.arrow"):
        shard.write_bytes(b"not arrow")
    assert build(corpus) == cold
    (corpus / CACHE / "state.json").write_bytes(b"garbage")
    assert build(corpus) == cold
    state = (corpus / CACHE / "state.json").read_bytes()
    (corpus / CACHE / "state.json").write_bytes(state.replace(b'"started_ns":', b'"started_ns":1', 1))
    seen.clear()
    assert build(corpus) == cold  # a checksum that no longer holds: the state is not read
    assert seen == ["synthetic-000000", "synthetic-000001", "synthetic-000002"]


def test_a_problem_in_one_source_is_reported_with_its_line_and_nothing_is_written(corpus):
    age(corpus)
    before = build(corpus)
    annotations = corpus / "sources/synthetic-000002/annotations.yaml"
    annotations.write_text(annotations.read_text(encoding="utf-8").replace(
        "claim_type: prediction", "claim_type: forecast", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(corpus)])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(annotations.read_text(encoding="utf-8").splitlines(), 1)
                if "claim_type: forecast" in text)
    entry = max(i for i, text in enumerate(annotations.read_text(encoding="utf-8").splitlines()[:line], 1)
                if text.lstrip().startswith("- text:"))
    assert f"sources/synthetic-000002/annotations.yaml:{entry}: unknown claim type 'forecast'" in result.output
    assert "1 problem" in result.output
    assert tree_bytes(corpus / "dataset") == before


def test_a_source_named_index_keeps_its_verdicts_apart_from_the_index(tmp_path, monkeypatch):
    assert generate(tmp_path / "corpus", 51) == 1
    root = tmp_path / "corpus"
    old, new = "synthetic-000000", "index"
    (root / "sources" / old).rename(root / "sources" / new)
    for path in [root / "speakers.yaml", root / "verdicts.yaml", *(root / "sources" / new).iterdir()]:
        if path.suffix == ".yaml":
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    def no_exact_pass(root, only=None):
        raise AssertionError(f"the fast pass failed on {only}")

    monkeypatch.setattr(pipeline, "_exact", no_exact_pass)
    build(root)
    assert build(root)  # the second build reads the stored index and entries back
