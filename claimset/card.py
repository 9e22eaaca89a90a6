"""The dataset card: Hugging Face front matter plus the documentation users read before trusting the data.

Everything that describes the data (field tables, counts, the instance, the
examples of each claim type, the borderline decisions) is generated from the
tables and the schema, so the card cannot drift from what it describes.
"""
from __future__ import annotations

import json

import numpy as np

import pandas as pd
import yaml

from . import contract
from .publish import SPLIT, data_file
from .labels import CLAIM_TYPE_DEFINITIONS, CLAIM_TYPES, CONFIGS, VERDICTS

PRETTY_NAME = "claimset: statements of an essay on Russia–Japan peace-treaty relations (2019)"
CITATION = r"""@misc{claimset_russia_japan_2019,
  title        = {{claimset}: Statements of an Essay on Russia--Japan Peace-Treaty Relations (2019)},
  author       = {{claimset developers}},
  year         = {2026},
  howpublished = {Hugging Face dataset, built with the claimset tool},
  note         = {Annotations CC BY 4.0; essay text \textcopyright{} its unnamed author}
}"""


def front_matter(tables: dict[str, pd.DataFrame], sizes: dict[str, tuple[int, int, int]]) -> dict:
    n = len(tables["statements"])
    size = "n<1K" if n < 1_000 else "1K<n<10K" if n < 10_000 else "10K<n<100K" if n < 100_000 else "100K<n<1M"
    configs, infos = [], []
    for i, config in enumerate(CONFIGS):
        entry = {"config_name": config, "data_files": [{"split": SPLIT, "path": data_file(config)}]}
        if i == 0:
            entry["default"] = True
        configs.append(entry)
        rows, nbytes, download = sizes[config]
        infos.append({
            "config_name": config,
            "features": contract.hf_yaml_features(config),
            "splits": [{"name": SPLIT, "num_bytes": int(nbytes), "num_examples": int(rows)}],
            "download_size": int(download),
            "dataset_size": int(nbytes),
        })
    return {
        "pretty_name": PRETTY_NAME,
        "language": ["en"],
        "license": "other",
        "license_name": "annotations-cc-by-4.0-text-all-rights-reserved",
        "license_details": "Annotations, speaker registry and metadata: CC BY 4.0. The essay text is the "
                           "copyright of its author and publisher and is not licensed for reuse; see Licensing.",
        "annotations_creators": ["expert-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "size_categories": [size],
        "task_categories": ["text-classification", "token-classification"],
        "task_ids": ["fact-checking", "multi-class-classification"],
        "tags": ["claim-detection", "check-worthiness", "quotation-attribution", "fact-checking",
                 "international-relations", "russia", "japan"],
        "configs": configs,
        "dataset_info": infos,
    }


def render_card(tables: dict[str, pd.DataFrame], sizes: dict[str, tuple[int, int, int]], checking) -> str:
    st, sp, so = tables["statements"], tables["speakers"], tables["sources"]
    meta = yaml.safe_dump(front_matter(tables, sizes), sort_keys=False, allow_unicode=True, width=1000)
    sections = [
        f"---\n{meta}---\n",
        f"# {PRETTY_NAME}\n",
        _summary(st, sp, so),
        _structure(st, sp, so, sizes),
        _creation(st, sp, so),
        _checking(st, checking),
        _considerations(st),
        _additional(so),
    ]
    return "\n".join(sections).rstrip() + "\n"


def _summary(st, sp, so) -> str:
    sentences = int((st["level"] == "sentence").sum())
    spans = len(st) - sentences
    worthy = int(st["check_worthy"].sum())
    return f"""## Dataset Description

### Dataset Summary

Every statement of an English-language essay excerpt on Russia–Japan peace-treaty relations, written in
2019 after the January 2019 Abe–Putin summit in Moscow, as a typed table: who asserts what, when, what
kind of claim it is, and whether it is worth checking. Each of the essay's {sentences} sentences is one
`sentence` row, and {spans} `span` rows mark the quotations, reported speech, attributed positions and
check-worthy factual claims inside sentences. Every row is verbatim — `quote` always equals
`sources.text[char_start:char_end]` — so it can be traced to its exact place in the text, and every table
is validated against a pandera schema before it is published. {worthy} of the {len(st)} rows are
check-worthy, and each of them carries a fact-checking verdict with its reason and evidence
({_verdict_summary(st)}; see Fact-checking).

The dataset has three configurations: `statements` (default, {len(st)} rows), `speakers` ({len(sp)} rows)
and `sources` ({len(so)} row{'s' if len(so) != 1 else ''}, including the full text).

```python
import os
os.environ["HF_HUB_OFFLINE"] = "1"
from datasets import load_dataset

statements = load_dataset("dataset", split="train")             # the default config
speakers = load_dataset("dataset", "speakers", split="train")
sources = load_dataset("dataset", "sources", split="train")
labels = statements.features["claim_type"].names                 # ClassLabel: ints ↔ names
```

The Parquet files under `data/` read directly with pandas, polars or DuckDB
(`SELECT * FROM 'data/statements/*.parquet'`); there, `claim_type` and `verdict` are the integer
class indices listed below.

### Supported Tasks

- **Claim detection / check-worthiness** (`text-classification`): predict `check_worthy` or `claim_type`
  from `quote`.
- **Quotation and attribution extraction** (`token-classification`): recover `span` rows and their
  `speaker_id` and `cue` from the text using the character offsets.
- **Fact-checking**: the `claim` column restates each check-worthy row so it can be checked without
  the essay.

### Languages

English (`en`). Quotations of Vladimir Putin, and reported statements of the Japanese government and of
Shinzo Abe, are English renderings of speech in Russian or Japanese (`is_translation`).
"""


def _structure(st, sp, so, sizes) -> str:
    instance = _instance(st)
    splits = "\n".join(f"| `{c}` | {SPLIT} | {sizes[c][0]} |" for c in CONFIGS)
    by_type = (st.groupby(["claim_type", "level"]).size().unstack(fill_value=0)
               .reindex(CLAIM_TYPES, fill_value=0))
    type_rows = "\n".join(
        f"| {i} | `{name}` | {int(by_type.loc[name].get('sentence', 0))} | {int(by_type.loc[name].get('span', 0))} | "
        f"{int(((st['claim_type'] == name) & st['check_worthy']).sum())} |"
        for i, name in enumerate(CLAIM_TYPES))
    verdicts = ", ".join(f"{i} `{name}`" for i, name in enumerate(VERDICTS))
    return f"""## Dataset Structure

### Data Instances

One row of `statements`, as `load_dataset` returns it (`claim_type` 0 is `direct_quote`, `verdict` 4 is
`not_checked`):

```json
{instance}
```

### Data Fields

These tables are generated from the pandera models in `schemas/`, the single source of truth of the
contract (also exported as `contract.json`, and printed by `claimset schema`).

{contract.as_markdown(heading_level=4)}
Label columns are Hugging Face `ClassLabel`s; their names, in this order, are part of the contract:
`claim_type` = {", ".join(f"{i} `{n}`" for i, n in enumerate(CLAIM_TYPES))}; `verdict` = {verdicts}.

Rows per claim type:

| Index | Claim type | Sentence rows | Span rows | Check-worthy |
|---|---|---|---|---|
{type_rows}

### Data Splits

Each configuration has a single `{SPLIT}` split; the data is a documentation resource, not a benchmark
with held-out parts.

| Config | Split | Rows |
|---|---|---|
{splits}
"""


def _instance(st) -> str:
    from .export import records

    [row] = records(_first(st, (st["claim_type"] == "direct_quote") & (st["level"] == "span") & st["check_worthy"]))
    row.update(claim_type=CLAIM_TYPES.index(row["claim_type"]), verdict=VERDICTS.index(row["verdict"]))
    return json.dumps(row, indent=2, ensure_ascii=False)


def _examples(st) -> str:
    lines = []
    for name in CLAIM_TYPES:
        is_type = (st["claim_type"] == name).to_numpy()
        lines.append(f"- **`{name}`** — {CLAIM_TYPE_DEFINITIONS[name]}")
        if is_type.any():
            row = st.iloc[int(is_type.argmax())]
            extra = f"; attributed_to `{row['attributed_to']}`" if isinstance(row["attributed_to"], str) else ""
            lines.append(f"  Example (`{row['statement_id']}`, speaker `{row['speaker_id']}`{extra}): "
                         f"“{_clip(row['quote'], 220)}”")
    return "\n".join(lines)


LISTED = 50
"""The card lists sources, speakers and borderline decisions in full up to this many; past it, the first
ones and a count (the tables hold them all), so the card stays readable for a corpus."""


def _listed(lines, total: int, what: str) -> str:
    """The lines (already cut to LISTED), and a pointer to the table for the rest."""
    text = "\n".join(lines)
    if total > LISTED:
        text += f"\n- … and {total - LISTED} more {what}; the dataset lists all of them."
    return text


def _borderline(st) -> str:
    noted = np.flatnonzero(st["annotator_note"].notna().to_numpy())
    return _listed((f"- `{r.statement_id}` ({r.claim_type}): “{_clip(r.quote, 90)}” — {r.annotator_note}"
                    for r in st.iloc[noted[:LISTED]].itertuples(index=False)), len(noted), "notes (`annotator_note`)")


def _first(frame, mask):
    """The first row where ``mask`` holds (the first row of all when it never does), as a one-row frame."""
    mask = mask.to_numpy()
    return frame.iloc[[int(mask.argmax()) if mask.any() else 0]]


def _or(value, default: str) -> str:
    """The value, or ``default`` where it is null (None or pandas' NaN)."""
    return default if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _creation(st, sp, so) -> str:
    source_lines = "\n".join(
        f"- `{s.source_id}`: {s.title}. Author: {_or(s.author, 'not named in the text')}; publisher: "
        f"{_or(s.publisher, 'not stated')}; URL: {_or(s.url, 'not known')}; published `{s.published}` "
        f"({s.published_start.isoformat()} to {s.published_end.isoformat()}); excerpt: "
        f"{'yes' if s.is_excerpt else 'no'}; {s.n_paragraphs} paragraphs, {s.n_sentences} sentences; "
        f"sha256 `{s.text_sha256}`.\n  *How the date was decided:* {s.published_basis}"
        for s in so.head(LISTED).itertuples(index=False))
    source_lines = _listed([source_lines], len(so), "sources (the `sources` config)")
    spoken, attributed = st["speaker_id"].value_counts(), st["attributed_to"].value_counts()
    speaker_rows = "\n".join(
        f"| `{s.speaker_id}` | {s.name} | {s.kind} | {_or(s.role, '')} | {_or(s.country, '')} | "
        f"{_or(s.wikidata_id, 'not recorded')} | {int(spoken.get(s.speaker_id, 0))} | "
        f"{int(attributed.get(s.speaker_id, 0))} |"
        for s in sp.head(LISTED).itertuples(index=False))
    if len(sp) > LISTED:
        speaker_rows += f"\n| … | {len(sp) - LISTED} more in the `speakers` config | | | | | | |"
    return f"""## Dataset Creation

### Curation Rationale

Commentary on international negotiations mixes facts, reported words, guesses about what governments
want, and opinion, often in one sentence. Separating them — and saying whose assertion each one is and
when it was made — is the first step of checking such commentary. The dataset is built to be exact and
reproducible: annotations name their text verbatim, the build finds the offsets, validates every table
and publishes byte-identical files from the same inputs.

### Source Data

{source_lines}

The text was copied byte for byte; its checksum is recorded and checked on every build, so an edited
text cannot silently shift the offsets. The excerpt starts mid-argument ("Moreover, both parties
provided grounds for these expectations."), which is why it is marked as an excerpt.

### Annotations

#### Annotation process

One curator annotated the essay in a YAML file per source (`sources/<source_id>/annotations.yaml`),
listing every sentence by its exact words and, inside it, the spans to mark. The build locates each
text (an `occurrence` index picks one where the words repeat), assigns ids, paragraph and sentence
numbers, applies the date rules below, and refuses to publish if any rule of the contract fails.

A second annotator then labelled all 35 sentences from the text and these guidelines before seeing
the first annotation (a few sentences were visible as guideline examples, which inflates the figures
slightly). Sentence claim types agreed on 33 of 35 sentences (Cohen's κ = 0.93); check-worthiness of
sentences agreed on 35 of 35. The two disagreements (sentences 6 and 22) are recorded among the
borderline decisions below. The review also led to changes: one factual span was dropped
(a presupposition inside what Japan "seeks"), one attributed-position span was added (Japan's motive
"for fear of secondary sanctions"), and several `claim` restatements were reworded so that they add
no date or fact the text does not give.

#### Guidelines

1. **Sentences.** Every sentence of the text is exactly one `sentence` row; the sentence rows partition
   the text (no overlaps, every non-space character covered, no sentence across a paragraph break).
   A sentence row's `claim_type` is the type of its main assertion.
2. **Spans.** Inside a sentence, a `span` row is added for: every quotation in quotation marks (the words
   inside the marks, with `speaker` = whose words they are — including a repeated quotation); every
   passage of reported speech (the reported content, without the cue or the speaker's name); the
   position a sentence attributes to an actor when that is not the sentence's main type; and each
   check-worthy factual claim embedded in a sentence whose main type is something else. A sentence
   whose main type is already `factual_claim` gets no separate span for its own claim.
3. **Speaker.** `speaker` is whose assertion the row is: the (unnamed) essay author for the author's own
   statements, including attributed positions ("Tokyo believes …" is the author's `attributed_position`
   with `attributed_to` = the Government of Japan); the quoted or reported actor for `direct_quote` and
   `reported_speech`. Collective actors ("Tokyo", "Moscow", "the Abe team") are the government of their
   country; a named person is the person.
4. **Cue.** `cue` holds the attribution words as they stand in the text ("referred to", "believes",
   "In its view"); null where the attribution carries over from the previous sentence.
5. **Claim types**, with an example from the essay for each:
{_indent(_examples(st), 3)}
6. **Check-worthiness** follows ClaimBuster's sense: a factual assertion the public would want verified
   — events, dates, positions taken in public, quotations and paraphrases of public figures. Opinions,
   speculation, predictions and attributed beliefs are not check-worthy; a factual claim too vague to
   check ("they were taken as an insult", by whom?) is not either. A quotation repeated later in the
   text is marked check-worthy once, where it is first given with its occasion. Every check-worthy row
   has a `claim`: a restatement that names the actors and time so it can be checked without the essay.
7. **Translation.** `is_translation` is true for quotations and reported speech of actors who spoke in
   another language (Putin in Russian; the Japanese government and Abe in Japanese). The author's own
   rows are false: the text does not say it was translated.
8. **Verdicts** are assigned to check-worthy rows only, from one audited file (`verdicts.yaml`), after
   the annotation; see Fact-checking. Rows that are not check-worthy stay `not_checked`.

#### How dates were decided

- The author's own statements (`date_basis` = `publication`) carry the source's `published` value,
  `{so.iloc[0]['published']}`, an EDTF interval bounded from internal evidence (see Source Data).
- Quotations and reported speech carry what the text states (`explicit`: "At the annual news conference
  in December 2018" → `2018-12`; "In 2018" → `2018`) or what nearby text implies (`context`). A repeated
  quotation takes the date of its first, dated occurrence. "A recent remark" is read as made within the
  year before publication: from `2018-01` to the end of the publication interval, `2018-01/2019-07`.
  The Japanese government's assertions about compensation and residents are bounded by the December 2018
  remarks that raised expectations and the January 2019 summit they were meant for: `2018-12/2019-01`.
- `date_start` and `date_end` are the first and last day the EDTF value can denote; an EDTF value
  never claims more precision than the text gives.
- `event_date` is filled only where the text dates the event a factual claim is about ("the 1956
  Declaration" → `1956`; "re-elected in July" → `2019-07`); "not so long ago" and "recent" are not
  resolved into event dates.

#### How speakers were decided

| speaker_id | Name | Kind | Role at the time | Country | Wikidata | Rows spoken | Positions attributed |
|---|---|---|---|---|---|---|---|
{speaker_rows}

A Wikidata id is recorded only where the item was confirmed against a public record of it; the two
governments have none recorded rather than a guessed one. The essay's author is not named in the text
and is not identified.

#### Borderline decisions

Every decision a second annotator could reasonably make differently, with the reason for the label
chosen (these are the rows' `annotator_note`s):

{_borderline(st)}

#### Who are the annotators?

The claimset developers, who curated the labels by hand with the guidelines above. No crowd workers
were involved.

### Personal and Sensitive Information

The data names public figures (Vladimir Putin, Shinzo Abe) and governments, acting in their public
roles. It contains no private individuals' information.
"""


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _verdict_summary(st) -> str:
    counts = st.loc[st["check_worthy"], "verdict"].value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in VERDICTS if v in counts)


def _checking(st, checking) -> str:
    from .export import RATING

    worthy = st["check_worthy"]
    verdicts = st.loc[worthy, "verdict"]
    rows = "\n".join(f"| {i} | `{name}` | {RATING.get(name, '—')} | {int((verdicts == name).sum())} |"
                     for i, name in enumerate(VERDICTS))
    settled_badly = worthy & st["verdict"].isin(["mixed", "refuted"])
    example = _first(st, settled_badly if settled_badly.any() else worthy).iloc[0]
    evidence = "\n".join(f"  - {e}" for e in example["evidence"])
    return f"""## Fact-checking

Checked as of **{checking.checked_on.isoformat()}**. {checking.method}

Every check-worthy row has a verdict, applied from one audited file (`verdicts.yaml`) after the
annotations; the build fails if a verdict names a statement that does not exist or is not
check-worthy, or if a check-worthy statement has none.

| Index | Verdict | ClaimReview rating | Check-worthy rows |
|---|---|---|---|
{rows}

The scale is ordinal for the settled verdicts: `refuted` < `mixed` < `supported`. `mixed` means part of
the claim is borne out by the record and part is not (or is the author's overstatement).
`unverifiable` means no public record can settle the claim; `not_checked` means a record could settle
it but was not consulted, and `verdict_note` says which. `evidence` names the record — document, issuer,
date, article — and the reports that were read, with their address only where it is certain.
`event_date` gives the date of the event a claim is about where the checking established it. In the
ClaimReview export the settled verdicts are rated 1–3 (`worstRating` 1, `bestRating` 3) and every
verdict's name is its `alternateName`.

Example (`{example['statement_id']}`, {example['verdict']}): “{_clip(example['quote'], 160)}”
- Note: {example['verdict_note']}
- Evidence:
{evidence}

Limits: the checking judged each claim as restated in `claim`; evaluative words in a claim ("consistent",
"vigorously", "a wave of indignation") are noted rather than judged; reports in the press stand in
for official transcripts where those were not read.
"""


def _considerations(st) -> str:
    return """## Considerations for Using the Data

### Social Impact of Dataset

Separating what an essay asserts from what it reports others said, and marking which claims are worth
checking, helps readers and fact-checkers treat political commentary with the right degree of trust.
The labels describe the text; they are not a judgement of whether the essay's argument is right.

### Discussion of Biases

The essay argues one side of a bilateral dispute and frames Japanese and Russian positions in its own
terms. `attributed_position` rows record the author's account of what a government believes or wants,
not that government's own words; read them as the author's claims about that government.

### Other Known Limitations

- One essay excerpt, one curator, cross-checked by one second annotator on sentence-level labels
  only: label frequencies describe this text, not political commentary in general, and span-level
  agreement has not been measured.
- The excerpt has no title, author, publisher, URL or exact date; these are null or bounded rather than
  guessed, and the publication interval has month precision.
- The boundary between `opinion` and `factual_claim`, and between `attributed_position` and
  `speculation` for hedged beliefs ("Tokyo seems to think"), is a judgement; the borderline decisions
  above list each case.
- "Recent" and "not so long ago" are bounded by convention, not by a record of when the words were said.
- A check-worthy quotation or reported speech whose sentence is itself check-worthy appears twice (the
  sentence row and the span row), so the number of check-worthy rows overstates the number of distinct
  claims; filter on `level` to count one or the other.
- Verdicts rest on the records and reports listed in `evidence` as of the checking date; most
  statements were checked against news reports of official statements rather than the official
  transcripts themselves, and one quotation's exact wording is left `not_checked` for that reason.
"""


def _additional(so) -> str:
    license_text = so.iloc[0]["license"]
    return f"""## Additional Information

### Dataset Curators

The claimset developers.

### Licensing Information

The source's `license` field states the situation: {license_text}

In short: the annotations, the speaker registry and the source metadata are released under
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); the essay's words belong to their author and
  are reproduced only for traceability, so reuse of the text itself needs the rights holder's permission.

### Citation Information

```bibtex
{CITATION}
```

When you quote a statement, cite its `statement_id` and the essay it comes from (`sources.title`).
"""
