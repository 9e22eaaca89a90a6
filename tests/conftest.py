import os
import shutil
from pathlib import Path

import pytest

from claimset.labels import LABEL_COLUMNS

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SLOW = os.environ.get("CLAIMSET_SLOW_TESTS") == "1"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="run the property tests with their full number of examples")


def pytest_configure(config):
    global SLOW
    SLOW = SLOW or config.getoption("--slow")


def examples(full: int) -> int:
    """How many examples a property test runs: ``full`` with ``pytest --slow``, a fifth (at least 10,
    at most ``full``) by default, so the everyday suite stays quick and a slow run searches harder."""
    return full if SLOW else min(full, max(10, full // 5))
DATASET = ROOT / "dataset"
SOURCE_ID = "russia-japan-2019"


def _input_counts() -> dict[str, int]:
    """What the curated inputs hold, counted from their YAML (not from a build), so tests that check the
    counts a command reports hold for the whole corpus: a statement per annotated sentence and per span,
    a speaker per registry entry, a source per folder."""
    import yaml

    sentences = spans = 0
    for path in sorted((ROOT / "sources").glob("*/annotations.yaml")):
        for sentence in yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]:
            sentences += 1
            spans += len(sentence.get("spans") or [])
    speakers = len(yaml.safe_load((ROOT / "speakers.yaml").read_text(encoding="utf-8")))
    sources = len(list((ROOT / "sources").glob("*/source.yaml")))
    return {"statements": sentences + spans, "sentences": sentences, "spans": spans, "speakers": speakers,
            "sources": sources}


COUNTS = _input_counts()
N_STATEMENTS, N_SPEAKERS, N_SOURCES = COUNTS["statements"], COUNTS["speakers"], COUNTS["sources"]
N_LABELS = sum(len(names) for names, _ in LABEL_COLUMNS.values())
"""Rows of the labels config: one per label of each label column."""
ROWS = f"{N_STATEMENTS} statements, {N_SPEAKERS} speakers, {N_SOURCES} sources, {N_LABELS} labels"
"""The counts a command reports for a dataset folder built from the committed inputs, as "215 statements,
20 speakers, 11 sources, 12 labels"."""
DATA_ROWS = f"{N_STATEMENTS} statements, {N_SPEAKERS} speakers, {N_SOURCES} sources"
"""The counts of the three tables the build assembles from the inputs (what ``claimset build`` reports)."""


def copy_inputs(parent: Path) -> Path:
    """A private copy of the curated inputs in ``parent/repo``, safe to damage."""
    copy = parent / "repo"
    copy.mkdir()
    shutil.copytree(ROOT / "sources", copy / "sources")
    shutil.copy(ROOT / "speakers.yaml", copy / "speakers.yaml")
    shutil.copy(ROOT / "verdicts.yaml", copy / "verdicts.yaml")
    shutil.copy(ROOT / "dataset.yaml", copy / "dataset.yaml")
    shutil.copy(ROOT / "EVALUATION.md", copy / "EVALUATION.md")
    return copy


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the curated inputs, safe to damage."""
    return copy_inputs(tmp_path)


@pytest.fixture
def repo_factory(tmp_path_factory):
    """Fresh private copies of the curated inputs, one per call (for property tests, which run many examples)."""
    return lambda: copy_inputs(tmp_path_factory.mktemp("example"))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of a file that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
