#!/usr/bin/env python3
"""A deterministic synthetic corpus for benchmarks: N essay-like sources built from the real essay.

Each synthetic source is the essay with a numbered opening sentence, so every rule of the contract is
exercised (sentences, quotations, reported speech, attributed positions, embedded factual spans, dates of
every basis, check-worthy rows with verdicts), while every text is distinct. Usage:

    python benchmarks/generate.py OUT_DIR --statements 100000
    python benchmarks/generate.py OUT_DIR --megabytes 10      # one large source instead
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


def write_dataset_info(out: Path) -> None:
    """The repository's dataset.yaml for a synthetic corpus: its second-annotator entries and its flagged
    restricted texts name the essay's source, which a generated corpus does not hold under that id, so they
    are left out."""
    import re

    text = (ROOT / "dataset.yaml").read_text(encoding="utf-8")
    (out / "dataset.yaml").write_text(re.sub(r"(?m)^(?:agreement|restricted_texts):\n(?:(?:[ \t].*)?\n)*", "", text),
                                      encoding="utf-8")


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
    write_dataset_info(out)
    return n


def _renumber(entries: str, slug: str, by: int = 1) -> str:
    """The essay's verdict entries for a synthetic copy: every sentence number moves up by ``by``. Entries
    of the repository's other sources are left out, and so is evidence citing their statements: a copy holds
    the essay only."""
    def shift(m: re.Match) -> str:
        return f"statement_id: {slug}-s{int(m.group(1)) + by:03d}{m.group(2) or ''}"
    blocks = re.split(r"(?m)^(?=  - statement_id: )", entries)
    essay = "".join(b for b in blocks if not b.startswith("  - statement_id: ")
                    or b.startswith(f"  - statement_id: {ESSAY}-s"))
    essay = re.sub(r'(?m)^      - "statement:[^"]*"\n', "", essay)  # evidence citing the repository's other sources
    return re.sub(rf"statement_id: {ESSAY}-s(\d+)(-\d+)?", shift, essay)


LARGE_SLUG = "large-text"
REPEAT_EVERY = 5  # the 2nd, 7th, 12th … copy repeats its first paragraph word for word


def generate_large(out: Path, megabytes: float) -> tuple[int, int]:
    """Write one source of about ``megabytes`` × 10⁶ characters, with its annotations and verdicts;
    returns (characters, sentences).

    The text is the essay again and again, each sentence opened by its copy and sentence number
    ("Copy 7, sentence 3: …"), so sentences are distinct and no sentence's words occur inside another's;
    in every 5th copy (from the 2nd) the first paragraph's sentences say "Repeated sentence 3: …"
    instead, so those occur many times and their annotations need ``occurrence: N`` — a long source
    whose anchoring must stay exact. Spans keep their words, inside their sentence; the verdicts are
    the essay's, renumbered.
    """
    import sys

    sys.path.insert(0, str(ROOT))
    from claimset.annotations import anchor, load_annotations

    essay = ROOT / "sources" / ESSAY
    text = (essay / "text.txt").read_bytes().decode("utf-8")
    annotations = (essay / "annotations.yaml").read_text(encoding="utf-8")
    sentences, problems = load_annotations(essay / "annotations.yaml", "essay")
    starts = [anchor(text, sentence)[0] for sentence in sentences]
    assert not problems and None not in starts and starts == sorted(starts), "the essay's annotations changed"
    first_paragraph = text.index("\n") if "\n" in text else len(text)
    blocks = re.split(r"(?m)^(?=  - text: \")", annotations)
    head, blocks = blocks[0], blocks[1:]
    assert len(blocks) == len(sentences), "every sentence of the essay must start with '  - text: \"'"
    head_verdicts, entries = (ROOT / "verdicts.yaml").read_text(encoding="utf-8").split("\nverdicts:\n", 1)
    speakers = (ROOT / "speakers.yaml").read_text(encoding="utf-8")
    author = next(b for b in speakers.split("\n\n") if f"speaker_id: {ESSAY}-author" in b)
    per_copy = len(text) + sum(len(f"Copy 1000, sentence {k + 1}: ") for k in range(len(sentences))) + 1
    copies = max(1, round(megabytes * 1_000_000 / per_copy))
    repeats: dict[int, int] = {}
    parts, yaml_parts, verdict_parts = [], [head], []
    for copy in range(copies):
        pieces, at = [], 0
        for k, (start, block) in enumerate(zip(starts, blocks)):
            repeated = copy % REPEAT_EVERY == 1 and start < first_paragraph
            prefix = f"Repeated sentence {k + 1}: " if repeated else f"Copy {copy + 1}, sentence {k + 1}: "
            pieces += [text[at:start], prefix]
            at = start
            block = block.replace('  - text: "', '  - text: "' + prefix, 1)
            if repeated:
                repeats[k] = repeats.get(k, 0) + 1
                line_end = block.index("\n") + 1
                block = block[:line_end] + f"    occurrence: {repeats[k]}\n" + block[line_end:]
            yaml_parts.append(block if block.endswith("\n\n") else block.rstrip("\n") + "\n\n")
        parts.append("".join(pieces) + text[at:])
        verdict_parts.append(_renumber(entries, LARGE_SLUG, copy * len(sentences)))
    body = "\n".join(parts)
    if out.exists():
        shutil.rmtree(out)
    folder = out / "sources" / LARGE_SLUG
    folder.mkdir(parents=True)
    data = body.encode("utf-8")
    (folder / "text.txt").write_bytes(data)
    meta = (essay / "source.yaml").read_text(encoding="utf-8")
    (folder / "source.yaml").write_text(
        re.sub(r"^sha256: .*$", f"sha256: {hashlib.sha256(data).hexdigest()}",
               meta.replace(f"source_id: {ESSAY}", f"source_id: {LARGE_SLUG}"), flags=re.M), encoding="utf-8")
    (folder / "annotations.yaml").write_text("".join(yaml_parts), encoding="utf-8")
    (out / "speakers.yaml").write_text(speakers.rstrip() + "\n\n" + author.replace(ESSAY, LARGE_SLUG).strip()
                                       + "\n", encoding="utf-8")
    (out / "verdicts.yaml").write_text(head_verdicts + "\nverdicts:\n" + "".join(verdict_parts), encoding="utf-8")
    write_dataset_info(out)
    return len(body), copies * len(sentences)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--megabytes", type=float, default=None, help="Write one source of this size instead.")
    args = parser.parse_args(argv)
    if args.megabytes is not None:
        characters, sentences = generate_large(args.out, args.megabytes)
        print(f"Wrote one source of {characters} characters and {sentences} sentences to {args.out}")
        return 0
    n = generate(args.out, args.statements)
    print(f"Wrote {n} sources (~{n * PER_SOURCE} statements) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
