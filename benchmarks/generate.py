#!/usr/bin/env python3
"""A deterministic synthetic corpus for benchmarks: N essay-like sources built from the real essay.

Each synthetic source is the essay with a numbered opening sentence, so every rule of the contract is
exercised (sentences, quotations, reported speech, attributed positions, embedded factual spans, dates of
every basis, check-worthy rows with verdicts), while every text is distinct. Usage:

    python benchmarks/generate.py OUT_DIR --statements 100000
"""
from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESSAY = "russia-japan-2019"
PER_SOURCE = 51  # the essay's 50 statements plus the numbered opening sentence


def generate(out: Path, statements: int) -> int:
    """Write sources/, speakers.yaml and verdicts.yaml for about ``statements`` statements; returns sources."""
    n = max(1, round(statements / PER_SOURCE))
    text = (ROOT / "sources" / ESSAY / "text.txt").read_bytes().decode("utf-8")
    annotations = (ROOT / "sources" / ESSAY / "annotations.yaml").read_text(encoding="utf-8")
    meta = (ROOT / "sources" / ESSAY / "source.yaml").read_text(encoding="utf-8")
    speakers = (ROOT / "speakers.yaml").read_text(encoding="utf-8")
    verdicts = (ROOT / "verdicts.yaml").read_text(encoding="utf-8")
    head, entries = verdicts.split("\nverdicts:\n", 1)
    author_block = speakers.split("\n\n")[1] if speakers.startswith("#") else speakers.split("\n\n")[0]
    author_block = next(b for b in speakers.split("\n\n") if f"speaker_id: {ESSAY}-author" in b)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    registry, verdict_parts = [speakers.rstrip()], []
    for i in range(n):
        slug = f"synthetic-{i:06d}"
        opening = f"This is synthetic copy number {i} of the essay."
        body = f"{opening} {text}"
        folder = out / "sources" / slug
        folder.mkdir()
        data = body.encode("utf-8")
        (folder / "text.txt").write_bytes(data)
        (folder / "source.yaml").write_text(
            re.sub(r"^sha256: .*$", f"sha256: {hashlib.sha256(data).hexdigest()}",
                   meta.replace(f"source_id: {ESSAY}", f"source_id: {slug}"), flags=re.M), encoding="utf-8")
        first = annotations.index("  - text:")
        (folder / "annotations.yaml").write_text(
            annotations[:first] + f'  - text: "{opening}"\n    claim_type: opinion\n\n' + annotations[first:],
            encoding="utf-8")
        registry.append(author_block.replace(ESSAY, slug).strip())
        verdict_parts.append(_renumber(entries, slug))
    (out / "speakers.yaml").write_text("\n\n".join(registry) + "\n", encoding="utf-8")
    (out / "verdicts.yaml").write_text(head + "\nverdicts:\n" + "".join(verdict_parts), encoding="utf-8")
    return n


def _renumber(entries: str, slug: str) -> str:
    """The essay's verdict entries for a synthetic copy: every sentence number moves up by one."""
    def shift(m: re.Match) -> str:
        return f"statement_id: {slug}-s{int(m.group(1)) + 1:03d}{m.group(2) or ''}"
    return re.sub(rf"statement_id: {ESSAY}-s(\d+)(-\d+)?", shift, entries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=1000)
    args = parser.parse_args(argv)
    n = generate(args.out, args.statements)
    print(f"Wrote {n} sources (~{n * PER_SOURCE} statements) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
