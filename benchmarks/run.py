#!/usr/bin/env python3
"""Run every benchmark measurement and write benchmarks/RESULTS.md.

Whole-process timings (subprocesses, wall clock and peak RSS from GNU time where available), minimum and
median of repeated runs, with peers measured in the same run on the same rows:

    python benchmarks/run.py                                  # 1k, 100k and 1M statements
    python benchmarks/run.py --sizes 1000 --repeats 1 --out /tmp/RESULTS.md   # a quick look
    python benchmarks/run.py --large-texts 1,3,10             # one source of 1, 3 and 10 MB: build and draft

The large-text mode replaces only its own section of the results file; the main mode keeps that section.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import LARGE_SLUG, generate, generate_large  # noqa: E402

BIN = Path(sys.executable).parent
CLAIMSET = str(BIN / "claimset")
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
TARGETS = {  # measurement → (target in seconds or bytes, how it is compared)
    "validate dataset folder": 3.0,
    "full build": 120.0,
    "rebuild after one edit": 10.0,
    "claimset --help": 0.15,
    "python build.py (essay)": 3.0,
}
MEMORY_TARGETS = {"full build": 4096.0}  # MB of peak RSS, at 1M statements
PANDERA_POLARS = "peer: pandera polars backend (same column and row rules, statements table)"
RATIO_TARGETS = {"peer: pandera validate (built-in checks, one table)": 3.0,
                 "peer: frictionless validate (CSV copy)": 20.0,
                 PANDERA_POLARS: 1.0}  # at least this many times faster (equal work: no worse than the peer)
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
LARGE_TARGET = 30.0  # seconds to build, and to draft, a single 10 MB text
LARGE_SECTION = "## Large single sources"


def run(cmd: list[str], cwd: Path, check: bool = True) -> tuple[float, int | None, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in KB or None, process) of one run of ``cmd``."""
    if GNU_TIME:
        cmd = [GNU_TIME, "-f", "%e %M", "-o", "/dev/stderr", *cmd]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - start
    rss = None
    if GNU_TIME:
        last = proc.stderr.strip().splitlines()[-1].split()
        rss = int(last[1])
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stdout[-500:]} {proc.stderr[-500:]}")
    return wall, rss, proc


def repeat(cmd, cwd, times: int, prepare=None, check: bool = True) -> dict:
    walls, rss, cpus = [], [], []
    for _ in range(times):
        if prepare:
            prepare()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, peak, _ = run(cmd, cwd, check=check)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process and the workers it waited for
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        walls.append(wall)
        if peak:
            rss.append(peak)
    return {"min": min(walls), "median": statistics.median(walls), "runs": len(walls),
            "rss_mb": max(rss) / 1024 if rss else None, "cpu": statistics.median(cpus)}


def peer_schema(path: Path) -> None:
    """The contract as a plain pandera schema (built-in checks only) for the `pandera validate` peer."""
    import pandera.pandas as pa

    from claimset import contract

    def dtype(kind: str):  # pandera's name for the type; labels as stored (their indices), lists as objects
        names = contract.TYPES[kind].pandera
        return names[0] if names else (contract.TYPES[kind].arrow if kind == "class_label" else object)

    columns = {}
    for column in contract.columns("statements"):
        checks = []
        if column["type"] == "class_label":
            checks.append(pa.Check.in_range(0, len(column["names"]) - 1))
        for text in column.get("checks", []):
            if text.startswith("in: ") and column["type"] != "class_label":
                checks.append(pa.Check.isin(text[4:].split(", ")))
            elif text.startswith("matches "):
                checks.append(pa.Check.str_matches(text[8:]))
            elif text.startswith(">= "):
                checks.append(pa.Check.ge(int(text[3:])))
        columns[column["name"]] = pa.Column(dtype(column["type"]), checks, nullable=column["nullable"],
                                            unique=column["unique"])
    path.write_text(pa.DataFrameSchema(columns).to_yaml(), encoding="utf-8")


def measure_size(n: int, work: Path, repeats: int, peers: bool) -> list[dict]:
    corpus = work / f"corpus-{n}"
    generate(corpus, n)
    rows = []

    def clean():
        shutil.rmtree(corpus / ".claimset-cache", ignore_errors=True)
        shutil.rmtree(corpus / "dataset", ignore_errors=True)

    build = repeat([CLAIMSET, "build"], corpus, max(1, repeats if n < 500_000 else 1), prepare=clean)
    rows.append({"what": "full build", "n": n, **build})
    annotations = sorted((corpus / "sources").iterdir())[0] / "annotations.yaml"
    original = annotations.read_text(encoding="utf-8")
    toggle = iter(range(10**6))

    def edit():
        annotations.write_text(original.replace("claim_type: prediction", "claim_type: speculation")
                               if next(toggle) % 2 == 0 else original, encoding="utf-8")

    rebuild = repeat([CLAIMSET, "build"], corpus, repeats, prepare=edit)
    rows.append({"what": "rebuild after one edit", "n": n, **rebuild})
    annotations.write_text(original, encoding="utf-8")
    run([CLAIMSET, "build"], corpus)
    rows.append({"what": "validate dataset folder", "n": n,
                 **repeat([CLAIMSET, "validate", "dataset"], corpus, repeats)})
    parquet = corpus / "dataset/data/statements/train-00000-of-00001.parquet"
    rows.append({"what": "load: pandas.read_parquet", "n": n, **repeat(
        [sys.executable, "-c", f"import pandas; pandas.read_parquet({str(parquet)!r})"], corpus, repeats)})
    rows.append({"what": "load: datasets.load_dataset", "n": n, **repeat(
        [sys.executable, "-c", "import datasets, tempfile; datasets.load_dataset('dataset', split='train', "
                               "cache_dir=tempfile.mkdtemp())"], corpus, repeats)})
    if peers:
        schema = work / "statements.schema.yaml"
        peer_schema(schema)
        rows.append({"what": "peer: pandera validate (built-in checks, one table)", "n": n,
                     **repeat([str(BIN / "pandera"), "validate", "-s", str(schema), "-d", str(parquet)], corpus,
                              repeats)})
        rows.append({"what": PANDERA_POLARS, "n": n, **repeat(
            [sys.executable, str(HERE / "peer_pandera_polars.py"), "dataset"], corpus, repeats)})
        csv = corpus / "statements.csv"
        run([CLAIMSET, "export", "dataset", "--format", "csv", "-o", str(csv)], corpus)
        # frictionless refuses absolute paths; it infers the CSV's schema and may report findings (exit 1)
        frictionless = repeat([str(BIN / "frictionless"), "validate", csv.name], corpus,
                              1 if n >= 100_000 else repeats, check=False)
        rows.append({"what": "peer: frictionless validate (CSV copy)", "n": n, **frictionless})
    return rows


def measure_startup(repeats: int) -> list[dict]:
    return [
        {"what": "claimset --help", "n": None, **repeat([CLAIMSET, "--help"], ROOT, max(repeats, 5))},
        {"what": "claimset validate dataset (essay)", "n": 50, **repeat([CLAIMSET, "validate", "dataset"], ROOT,
                                                                         max(repeats, 3))},
        {"what": "python build.py (essay)", "n": 50, **repeat([sys.executable, "build.py", "--out",
                                                               str(Path(tempfile.mkdtemp()) / "d")], ROOT,
                                                              max(repeats, 3))},
    ]


def measure_large(megabytes: float, work: Path, repeats: int) -> list[dict]:
    """Build and draft of one generated source of about ``megabytes`` MB, each a whole process."""
    corpus = work / f"large-{megabytes:g}mb"
    characters, sentences = generate_large(corpus, megabytes)

    def clean():
        shutil.rmtree(corpus / ".claimset-cache", ignore_errors=True)
        shutil.rmtree(corpus / "dataset", ignore_errors=True)

    common = {"mb": megabytes, "characters": characters, "sentences": sentences}
    build = repeat([CLAIMSET, "build"], corpus, repeats, prepare=clean)
    draft = repeat([CLAIMSET, "draft", LARGE_SLUG, "--force"], corpus, repeats)
    return [{"what": "build", **common, **build}, {"what": "draft", **common, **draft}]


def large_report(rows: list[dict], sizes: list[float], repeats: int) -> str:
    def fmt(value):
        return "—" if value is None else f"{value:.3f}"

    lines = [
        LARGE_SECTION, "",
        f"Run on {dt.date.today().isoformat()} by `python benchmarks/run.py --large-texts "
        f"{','.join(f'{s:g}' for s in sizes)} --repeats {repeats}`; machine: {machine()}.",
        "One source (`benchmarks/generate.py --megabytes N`): the essay again and again, every sentence",
        "numbered (\"Copy 7, sentence 3: …\") and the first paragraph of every fifth copy repeated word for",
        "word (annotated with `occurrence: N`), with the essay's spans and verdicts. Whole-process wall time",
        f"in seconds of `claimset build` (cold: no cache) and `claimset draft {LARGE_SLUG} --force`, and the",
        "median CPU time (user + system, the draft's segmenting workers included): on a shared machine the",
        f"wall time varies with the load, the CPU time much less. The target is ≤ {LARGE_TARGET:g} s each at 10 MB.",
        "",
        "| Measurement | Characters | Sentences | Runs | Min s | Median s | CPU s | Peak RSS MB | Target | Met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        at_scale = row["mb"] >= 10
        met = ("yes" if row["median"] <= LARGE_TARGET else "**no**") if at_scale else ""
        lines.append(f"| {row['what']} of a single {row['mb']:g} MB text | {row['characters']} | {row['sentences']} "
                     f"| {row['runs']} | {fmt(row['min'])} | {fmt(row['median'])} | {fmt(row['cpu'])} "
                     f"| {fmt(row['rss_mb'])} "
                     f"| {f'≤ {LARGE_TARGET:g} s' if at_scale else ''} | {met} |")
    small, large = min(sizes), max(sizes)
    if large > small:
        lines.append("")
        by = {(r["what"], r["mb"]): r for r in rows}
        for what in ("build", "draft"):
            a, b = by[(what, small)], by[(what, large)]
            lines.append(f"- Growth of {what} from {small:g} MB to {large:g} MB: {b['median'] / a['median']:.1f}× "
                         f"wall, {b['cpu'] / a['cpu']:.1f}× CPU (linear: {large / small:.3g}×; the start-up of the "
                         "process is a share of the smaller).")
    return "\n".join(lines) + "\n"


def with_section(text: str, section: str) -> str:
    """``text`` with its large-text section replaced by ``section`` (appended when it has none)."""
    start = text.find(LARGE_SECTION)
    if start < 0:
        return text.rstrip("\n") + ("\n\n" if text.strip() else "") + section
    end = text.find("\n## ", start + len(LARGE_SECTION))
    rest = text[end + 1:] if end >= 0 else ""
    return text[:start] + section + ("\n" + rest if rest else "")


def section_of(text: str) -> str | None:
    start = text.find(LARGE_SECTION)
    if start < 0:
        return None
    end = text.find("\n## ", start + len(LARGE_SECTION))
    return text[start:end + 1] if end >= 0 else text[start:]


def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}")


def report(rows: list[dict], sizes: list[int], repeats: int) -> str:
    def fmt(value):
        return "—" if value is None else f"{value:.3f}"

    lines = [
        "# Benchmark results", "",
        f"Run on {dt.date.today().isoformat()} by `python benchmarks/run.py --sizes "
        f"{','.join(map(str, sizes))} --repeats {repeats}`; machine: {machine()}.",
        "Whole-process wall time in seconds (min and median of the runs); peak RSS is GNU time's maximum",
        "resident set of the largest single process of the run (the build's main process or one of its workers).",
        "Targets are checked against the median; the build targets apply at 1M statements.", "",
        "| Measurement | Statements | Runs | Min s | Median s | Peak RSS MB | Target | Met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        at_scale = row["what"] not in ("full build", "rebuild after one edit", "validate dataset folder") \
            or (row["n"] or 0) >= 900_000
        target = TARGETS.get(row["what"]) if at_scale else None
        memory = MEMORY_TARGETS.get(row["what"]) if at_scale else None
        met = [] if target is None else [row["median"] <= target]
        if memory is not None:
            met.append(row["rss_mb"] is not None and row["rss_mb"] <= memory)
        wanted = " and ".join(([f"≤ {target:g} s"] if target is not None else [])
                              + ([f"≤ {memory / 1024:g} GB"] if memory is not None else []))
        verdict = "" if not met else ("yes" if all(met) else "**no**")
        lines.append(f"| {row['what']} | {row['n'] or ''} | {row['runs']} | {fmt(row['min'])} | {fmt(row['median'])} "
                     f"| {fmt(row['rss_mb'])} | {wanted} | {verdict} |")
    lines += ["", "## Ratios", ""]
    by = {(r["what"], r["n"]): r for r in rows}
    for n in sizes:
        ours = by.get(("validate dataset folder", n))
        for peer in ("peer: pandera validate (built-in checks, one table)", "peer: frictionless validate (CSV copy)",
                     PANDERA_POLARS):
            other = by.get((peer, n))
            if ours and other:
                ratio = other["median"] / ours["median"]
                lines.append(f"- {n} statements: {peer[6:]} takes {ratio:.2f}× as long as `claimset validate` on the "
                             f"whole folder (target at 1M: ≥ {RATIO_TARGETS[peer]:g}×"
                             + (f", {'met' if ratio >= RATIO_TARGETS[peer] else '**not met**'})." if n >= 900_000
                                else ")."))
        a, b = by.get(("load: datasets.load_dataset", n)), by.get(("load: pandas.read_parquet", n))
        if ours and b:
            ratio = ours["median"] / b["median"]
            lines.append(f"- {n} statements: `claimset validate` of the whole folder takes {ratio:.2f}× as long as "
                         "`pandas.read_parquet` of its statements (target at 1M: ≤ 1.0×"
                         + (f", {'met' if ratio <= 1.0 else '**not met**'})." if n >= 900_000 else ")."))
        if a and b:
            lines.append(f"- {n} statements: `datasets.load_dataset` takes {a['median'] / b['median']:.2f}× as long as "
                         "`pandas.read_parquet`.")
    small, large = (by.get(("full build", s)) for s in (100_000, 1_000_000)) if 1_000_000 in sizes else (None, None)
    if small and large:
        lines.append(f"- Full build growth from 100k to 1M statements: {large['median'] / small['median']:.1f}× "
                     "(target ≤ 12×).")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=None, help="Folder for the corpora (default: a temp dir).")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--notes", type=Path, default=None,
                        help="Markdown appended to the results, or to the large-text section (findings).")
    parser.add_argument("--large-texts", default=None, metavar="MB,MB,...",
                        help="Only build and draft one source of each size in MB (e.g. 1,3,10); writes its own "
                             "section of the results file.")
    args = parser.parse_args(argv)
    # time the package as installed: byte-compiled (the editable install's sources may not be yet)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "claimset"), str(ROOT / "schemas")],
                   check=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="claimset-bench-"))
    previous = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    if args.large_texts:
        sizes_mb = sorted(float(s) for s in args.large_texts.split(","))
        rows = []
        for megabytes in sizes_mb:
            rows += measure_large(megabytes, work, args.repeats)
            print(f"measured a single {megabytes:g} MB text", file=sys.stderr)
        section = large_report(rows, sizes_mb, args.repeats)
        if args.notes and args.notes.is_file():
            section += "\n" + args.notes.read_text(encoding="utf-8")
        args.out.write_text(with_section(previous, section), encoding="utf-8")
        print(section)
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = measure_startup(args.repeats)
    for n in sizes:
        rows += measure_size(n, work, args.repeats, peers=not args.no_peers)
        print(f"measured {n} statements", file=sys.stderr)
    text = report(rows, sizes, args.repeats)
    if args.notes and args.notes.is_file():
        text += "\n" + args.notes.read_text(encoding="utf-8")
    kept = section_of(previous)
    if kept:  # the large-text measurements are not repeated here
        text = with_section(text, kept)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
