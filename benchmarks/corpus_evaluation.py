#!/usr/bin/env python3
"""The curator's cost, measured: a fresh ``claimset draft`` of each source against its accepted annotations.

For every source given (default: every source but the essay), the figures of ``claimset draft SLUG
--evaluate`` are computed in-process and written as a Markdown table, one row per source, with pooled
totals (counts summed over the sources; claim-type kappa over all matched sentences together):

    .venv/bin/python benchmarks/corpus_evaluation.py > EVALUATION.md
    .venv/bin/python benchmarks/corpus_evaluation.py SLUG …          # chosen sources only

Each draft reads only its source and the speakers registry as it stands (the sources' speakers are
registered by then), exactly as ``claimset draft SLUG --evaluate`` does; the output is deterministic.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimset.annotations import load_annotations  # noqa: E402
from claimset.draft import draft_source, render  # noqa: E402
from claimset.evaluate import compare, kappa, rows_of  # noqa: E402
from claimset.sources import load_one  # noqa: E402
from claimset.speakers import Speaker, load_speakers  # noqa: E402

ESSAY = "russia-japan-2019"


def evaluate(root: Path, slug: str) -> tuple[dict, list[tuple[str, str]]]:
    """The figures of one source and its matched sentences' (draft, accepted) claim types."""
    source = load_one(root, root / "sources" / slug)
    speakers = load_speakers(root, fast=True)
    rows, registry = draft_source(source, speakers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(render(source, rows, registry), encoding="utf-8")
        drafted, _ = load_annotations(path, "draft", ignore=("new_speakers",))
    gold, problems = load_annotations(root / "sources" / slug / "annotations.yaml", slug)
    if problems:
        raise SystemExit(f"{slug}: the accepted annotations do not load: {problems[0]}")
    known = {s.speaker_id for s in speakers}
    everyone = speakers + [Speaker(line=0, **{**s, "aliases": tuple(s["aliases"])}) for s in registry.stubs.values()
                           if s["speaker_id"] not in known]
    draft_rows, gold_rows = rows_of(source, drafted, everyone), rows_of(source, gold, everyone)
    sentences = {(r["char_start"], r["char_end"]): r["claim_type"] for r in draft_rows if r["level"] == "sentence"}
    pairs = [(sentences[(r["char_start"], r["char_end"])], r["claim_type"]) for r in gold_rows
             if r["level"] == "sentence" and (r["char_start"], r["char_end"]) in sentences]
    return compare(draft_rows, gold_rows), pairs


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _count(rate, n) -> int:
    return 0 if rate is None else round(rate * n)


def table(root: Path, slugs: list[str]) -> str:
    lines = [
        "| source | sentences drafted / accepted | boundary F1 | quotations drafted / accepted | quotation F1 "
        "| quotation speakers | sentence speakers | dates | claim types (kappa) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    tot = dict.fromkeys(("sd", "sa", "sh", "qd", "qa", "qh", "qs", "qn", "ss", "sn", "dd", "dn", "cc", "cn"), 0)
    pooled: list[tuple[str, str]] = []
    for slug in slugs:
        f, pairs = evaluate(root, slug)
        s, q = f["sentences"], f["quotations"]
        sh, qh = _count(s["boundary_precision"], s["draft"]), _count(q["precision"], q["draft"])
        qs, ss = _count(f["speaker_accuracy"], f["quotations_compared"]), \
            _count(f["sentence_speaker_accuracy"], f["sentences_spoken_compared"])
        dd, cc = _count(f["date_accuracy"], f["dates_compared"]), _count(f["claim_type_accuracy"],
                                                                         f["sentences_compared"])
        for key, value in (("sd", s["draft"]), ("sa", s["accepted"]), ("sh", sh), ("qd", q["draft"]),
                           ("qa", q["accepted"]), ("qh", qh), ("qs", qs), ("qn", f["quotations_compared"]),
                           ("ss", ss), ("sn", f["sentences_spoken_compared"]), ("dd", dd), ("dn", f["dates_compared"]),
                           ("cc", cc), ("cn", f["sentences_compared"])):
            tot[key] += value
        pooled += pairs
        lines.append(
            f"| `{slug}` | {s['draft']} / {s['accepted']} | {_fmt(s['boundary_f1'])} | {q['draft']} / {q['accepted']} "
            f"| {_fmt(q['f1'])} | {qs}/{f['quotations_compared']} | {ss}/{f['sentences_spoken_compared']} "
            f"| {dd}/{f['dates_compared']} | {cc}/{f['sentences_compared']} ({_fmt(f['claim_type_kappa'])}) |")

    def f1(hits, drafted, accepted):
        p = hits / drafted if drafted else 1.0
        r = hits / accepted if accepted else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(a, b):
        return f"{a}/{b} = {_fmt(a / b if b else None)}"

    lines.append(
        f"| **total ({len(slugs)} sources)** | {tot['sd']} / {tot['sa']} | {_fmt(f1(tot['sh'], tot['sd'], tot['sa']))} "
        f"| {tot['qd']} / {tot['qa']} | {_fmt(f1(tot['qh'], tot['qd'], tot['qa']))} | {rate(tot['qs'], tot['qn'])} "
        f"| {rate(tot['ss'], tot['sn'])} | {rate(tot['dd'], tot['dn'])} "
        f"| {rate(tot['cc'], tot['cn'])} ({_fmt(kappa(pooled) if pooled else None)}) |")
    return "\n".join(lines)


HEADER = """# The curator's cost: draft against accepted annotations, per source

`claimset draft SLUG --evaluate` drafts a source afresh and compares the draft with the annotations the
curator accepted after reviewing every sentence. The rows below are the sources of the primary record
(Kremlin transcripts, Ministry of Foreign Affairs of Japan and Prime Minister's Office pages), each
measured with the speakers registry as it stands once they are accepted (their speakers registered). The
table is written by

```sh
.venv/bin/python benchmarks/corpus_evaluation.py > EVALUATION.md
```

(the build publishes it as `dataset/EVALUATION.md`), and each row is what `.venv/bin/claimset draft SLUG
--evaluate` prints for that source.

* **sentences** — boundary F1 of the drafted sentence rows against the accepted ones (an exact end offset).
* **quotations** — `direct_quote` spans (words in quotation marks) with exactly the accepted offsets.
* **quotation speakers** — of the matched quotations, how many the draft gives the accepted speaker.
* **sentence speakers** — of the matched sentence rows whose accepted speaker is not the source's author
  (a transcript turn, a quotation, reported speech), how many the draft gives that speaker: for
  transcripts, the figure that says whether the turns were attributed.
* **dates** — of the matched rows not dated by publication, how many carry the accepted date.
* **claim types** — of the matched sentence rows, how many carry the accepted claim type (Cohen's kappa in
  brackets; the total's kappa is over all matched sentences together).

Totals sum the counts over the sources. Read the transcripts' rows with care: the rules that recognise a
transcript (`claimset/transcripts.py`) were written while these sources were added, so on them the figures
show that the rules work as meant, not how they do on transcripts nobody here has read; and a turn's
sentences are direct quotes by convention, so there the claim-type figure measures turn detection, not a
judgement. Check-worthiness and `is_translation` are not measured (the draft marks a translation only where
the label or the page says so; the curator also marked Putin's and Abe's words in the Kremlin's English
versions, which no label calls translations). Where the draft fails is where the curator's time goes: the
headings and captions of official pages (drafted as the documented default, often right), the joint
statements of official meeting reports ("the two leaders shared the view …"), whose speaker, cue and
content the draft finds but whose dates it takes from the wrong sentence, and a quotation the excerpt
leaves unclosed (the Kantei address), whose sentences the draft does not give to their speaker.

"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="sources to evaluate (default: every source but the essay)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    slugs = args.slugs or sorted(p.name for p in (args.root / "sources").iterdir()
                                 if (p / "annotations.yaml").is_file() and p.name != ESSAY)
    print(HEADER + table(args.root, slugs))


if __name__ == "__main__":
    main()
