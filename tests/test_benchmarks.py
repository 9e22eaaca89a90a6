"""A small run of the benchmark script, peers included, so that it cannot rot."""
import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    kept = "## Large single sources\n\n| build of a single 10 MB text | measured before |\n"
    out.write_text("# Benchmark results\n\nSTALE\n\n" + kept, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "60", "--repeats", "1",
                             "--out", str(out), "--work", str(tmp_path / "work")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for measurement in ("claimset --help", "python build.py (essay)", "full build", "rebuild after one edit",
                        "validate dataset folder", "load: pandas.read_parquet", "load: datasets.load_dataset",
                        "peer: pandera validate", "peer: frictionless validate", "peer: pandera polars backend"):
        assert f"| {measurement}" in text, measurement
    assert "takes" in text and "as long as `claimset validate`" in text
    assert "as long as `pandas.read_parquet` of its statements" in text
    assert "STALE" not in text and text.endswith("\n\n" + kept)  # the large-text section is not measured here


def test_large_text_smoke_run(tmp_path):
    """The large-text mode builds and drafts one generated source per size and replaces only its section."""
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\n| kept |\n\n## Large single sources\n\nSTALE\n\n## Findings\n\nkept\n",
                   encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--large-texts", "0.05,0.02",
                             "--repeats", "1", "--out", str(out), "--work", str(tmp_path / "work")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for what in ("build", "draft"):
        for size in ("0.02", "0.05"):
            assert f"| {what} of a single {size} MB text |" in text
        assert f"- Growth of {what} from 0.02 MB to 0.05 MB: " in text and "× CPU (linear: 2.5×" in text
    assert text.startswith("# Benchmark results\n\n| kept |\n\n## Large single sources\n")
    assert text.endswith("\n## Findings\n\nkept\n") and "STALE" not in text
    draft = (tmp_path / "work" / "large-0.05mb" / "sources" / "large-text" / "draft.yaml").read_text(encoding="utf-8")
    assert "occurrence: 2" in draft  # the repeated first paragraph of the 2nd and 7th copies


def test_generated_corpus_builds_and_is_valid(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    assert generate(tmp_path / "corpus", 120) == 2
    build = subprocess.run([sys.executable, "-m", "claimset", "build"], cwd=tmp_path / "corpus",
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "102 statements" in build.stdout
