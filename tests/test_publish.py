"""Publishing survives kills at every step: a complete dataset at the published path, and no debris after the next run.

A kill is simulated faithfully: the publish runs in a forked child that ends with ``os._exit`` (no
cleanup handlers, like ``kill -9``) right after its k-th file-system step.
"""
import multiprocessing
import os
import shutil

import pytest
from click.testing import CliRunner

import claimset.publish as publish
from claimset.cli import cli
from claimset.pipeline import assemble
from conftest import SOURCE_ID, edit, tree_bytes

STEPS = ("rename", "replace", "symlink")


@pytest.fixture
def versions(repo, monkeypatch):
    """Two different complete builds of the same repository: (old, new). Their card's words come from the
    repository's dataset.yaml, wherever the dataset is published."""
    import claimset.dataset_info as dataset_info

    info = dataset_info.load_for(repo, assemble(repo).frames())
    monkeypatch.setattr(dataset_info, "load_for", lambda root, tables: info)
    old = assemble(repo)
    edit(repo / f"sources/{SOURCE_ID}/annotations.yaml", "claim_type: prediction", "claim_type: speculation")
    new = assemble(repo)
    return old, new


def _die_after(step: int, exchange: bool):
    """In the child: count rename-like steps (and deletions) and exit abruptly right after the ``step``-th."""
    count = [0]

    def counted(function):
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            count[0] += 1
            if count[0] == step:
                os._exit(9)
            return result
        return wrapper

    for name in STEPS:
        setattr(os, name, counted(getattr(os, name)))
    shutil.rmtree = counted(shutil.rmtree)
    publish._exchange = counted(publish._exchange) if exchange else (lambda a, b: False)


def _publish_killed(built, out, step: int, exchange: bool) -> int:
    def child():
        _die_after(step, exchange)
        publish.publish(built, out)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(60)
    assert process.exitcode is not None, "the publishing child hung"
    return process.exitcode


def _publish_whole(built, out, exchange: bool) -> None:
    assert _publish_killed(built, out, 10_000, exchange) == 0


def _check_every_step(versions, tmp_path, exchange: bool, prepare) -> tuple[int, int]:
    """Kill after each step in turn; the published path must hold the old or the new dataset at once (after
    a repair by the next run where the docstring of ``publish._swap`` says so), and no debris may remain.
    Returns (steps, kills that left no dataset at the published path until that repair)."""
    old, new = versions
    reference = {}
    for name, built in (("old", old), ("new", new)):
        folder = tmp_path / f"reference-{name}" / "dataset"
        publish.publish(built, folder)
        reference[name] = tree_bytes(folder)
    step, gaps = 1, 0
    while True:
        place = tmp_path / f"kill-{step}"
        out = place / "dataset"
        place.mkdir()
        prepare(old, out)
        code = _publish_killed(new, out, step, exchange)
        gap = not out.exists()
        if gap:
            gaps += 1
            publish.recover(out)  # what the next run does first
        assert tree_bytes(out) in (reference["old"], reference["new"]), f"kill after step {step}"
        publish.recover(out)
        leftovers = sorted(p.name for p in place.iterdir() if p.name != "dataset" and not (
            out.is_symlink() and p.name == os.readlink(out)))
        assert leftovers == [], f"kill after step {step}: {leftovers}"
        if code == 0:
            assert tree_bytes(out) == reference["new"]
            return step, gaps
        step += 1


def test_every_kill_with_an_atomic_exchange(versions, tmp_path):
    steps, gaps = _check_every_step(versions, tmp_path, True, lambda old, out: _publish_whole(old, out, True))
    assert gaps == 0
    assert steps >= 3  # the staging folder's renames, the exchange and the deletion were each interrupted


def test_every_kill_without_renameat2_over_a_versioned_link(versions, tmp_path):
    def prepare(old, out):
        _publish_whole(old, out, False)  # a real folder
        _publish_whole(old, out, False)  # now a link to a version folder
        assert out.is_symlink()

    steps, gaps = _check_every_step(versions, tmp_path, False, prepare)
    assert gaps == 0
    assert steps >= 4


def test_every_kill_without_renameat2_over_a_real_folder(versions, tmp_path):
    """The first publish over a real folder needs two renames; a kill between them is repaired by the next run."""
    steps, gaps = _check_every_step(versions, tmp_path, False, lambda old, out: publish.publish(old, out))
    assert gaps == 1  # only between moving the real folder aside and linking the new version
    assert steps >= 5


def test_stale_staging_of_a_dead_build_is_removed_by_the_next_build(repo):
    assert CliRunner().invoke(cli, ["build", "--root", str(repo)]).exit_code == 0
    dead = multiprocessing.get_context("fork").Process(target=lambda: None)
    dead.start()
    dead.join()
    debris = repo / f".dataset.claimset-tmp-{dead.pid}-abc"
    (debris / "data").mkdir(parents=True)
    alive = repo / f".dataset.claimset-tmp-{os.getpid()}-abc"  # a build still running: left alone
    alive.mkdir()
    assert CliRunner().invoke(cli, ["build", "--root", str(repo)]).exit_code == 0
    assert not debris.exists() and alive.exists()


def test_read_only_dataset_is_refused_not_replaced(repo):
    assert CliRunner().invoke(cli, ["build", "--root", str(repo)]).exit_code == 0
    before = tree_bytes(repo / "dataset")
    (repo / "dataset").chmod(0o555)
    try:
        result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    finally:
        (repo / "dataset").chmod(0o755)
    assert result.exit_code == 2
    assert result.output == (f"Error: refusing to write the dataset: {repo / 'dataset'} is read-only; make it writable "
                             "(chmod u+w) to replace the dataset, or choose another --output\n")
    assert tree_bytes(repo / "dataset") == before
