"""A small run of the benchmark script, peers included, so that it cannot rot."""
import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "60", "--repeats", "1",
                             "--out", str(out), "--work", str(tmp_path / "work")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for measurement in ("claimset --help", "python build.py (essay)", "full build", "rebuild after one edit",
                        "validate dataset folder", "load: pandas.read_parquet", "load: datasets.load_dataset",
                        "peer: pandera validate", "peer: frictionless validate"):
        assert f"| {measurement}" in text, measurement
    assert "takes" in text and "as long as `claimset validate`" in text


def test_generated_corpus_builds_and_is_valid(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    assert generate(tmp_path / "corpus", 120) == 2
    build = subprocess.run([sys.executable, "-m", "claimset", "build"], cwd=tmp_path / "corpus",
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "102 statements" in build.stdout
