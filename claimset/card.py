"""The dataset card: Hugging Face front matter plus the documentation users read before trusting the data.

Everything that describes the data (field tables, counts per source, claim type and speaker, the
sources with their licences, the instance, the examples of each claim type, the borderline
decisions) is generated from the tables and the schema, and everything else is the curators' words
from dataset.yaml, so the card cannot drift from what it describes and stays true as sources are added.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from . import contract
from .dataset_info import DatasetInfo, source_licences
from .labels import (ALL_CONFIGS, CLAIM_TYPE_DEFINITIONS, CLAIM_TYPES, DATE_BASES, LABELS_CONFIG, VERDICT_DEFINITIONS,
                     VERDICTS)
from .layout import LICENSE_FILE, SPLIT, data_file
from .vocabulary import quoted
from .wording import plural


def front_matter(tables: dict[str, pd.DataFrame], sizes: dict[str, tuple[int, int, int]], info: DatasetInfo) -> dict:
    """The card's YAML header: the curators' Hub metadata, and what the tables and the layout determine."""
    n = len(tables["statements"])
    size = "n<1K" if n < 1_000 else "1K<n<10K" if n < 10_000 else "10K<n<100K" if n < 100_000 else "100K<n<1M"
    languages = sorted(set(tables["sources"]["language"]))
    configs = [{"config_name": config, "data_files": [{"split": SPLIT, "path": data_file(config)}],
                **({"default": True} if config == ALL_CONFIGS[0] else {})} for config in ALL_CONFIGS]
    infos = [{"config_name": config, "features": contract.hf_yaml_features(config),
              "splits": [{"name": SPLIT, "num_bytes": int(nbytes), "num_examples": int(rows)}],
              "download_size": int(download), "dataset_size": int(nbytes)}
             for config, (rows, nbytes, download) in ((c, sizes[c]) for c in ALL_CONFIGS)]
    hub = info.hub
    # DatasetCardData puts the keys it models in its own order; the others (license_name, license_link, tags, …)
    # keep the order given here
    licence = {key: value for key, value in hub.items() if key.startswith("license")}
    link = {"license_link": LICENSE_FILE} if hub["license"] == "other" else {}  # the Hub links the terms to it
    return {"pretty_name": info.pretty_name, "language": languages, **licence, **link, **hub,
            "multilinguality": ["monolingual" if len(languages) == 1 else "multilingual"], "size_categories": [size],
            "configs": configs, "dataset_info": infos}


def render_card(tables: dict[str, pd.DataFrame], sizes: dict[str, tuple[int, int, int]], checking,
                info: DatasetInfo) -> str:
    """The whole README.md: the same tables and dataset.yaml always give the same bytes."""
    st, sp, so = tables["statements"], tables["speakers"], tables["sources"]
    from huggingface_hub import DatasetCardData  # the Hub's own model of the header: its keys, in its order

    meta = DatasetCardData(**front_matter(tables, sizes, info)).to_yaml()
    sections = [
        f"---\n{meta}\n---\n",
        f"# {info.pretty_name}\n",
        _summary(st, sp, so, sizes[LABELS_CONFIG][0], info),
        _uses(info),
        _structure(st, sizes),
        _creation(st, sp, so, info),
        _checking(st, checking, info),
        _considerations(st, so, info),
        _additional(so, info),
        _card_authors(info),
    ]
    return "\n".join(sections).rstrip() + "\n"


def _summary(st, sp, so, labels: int, info: DatasetInfo) -> str:
    sentences = int((st["level"] == "sentence").sum())
    spans = len(st) - sentences
    worthy = int(st["check_worthy"].sum())
    checked = (f"{worthy} of the {len(st)} rows are check-worthy, and each of them carries a fact-checking verdict "
               f"with its reason and evidence ({_verdict_summary(st)}; see Fact-checking)." if worthy else
               f"None of the {len(st)} rows is check-worthy, so none carries a verdict.")
    return f"""## Dataset Description

### Dataset Summary

**Version {info.version}.** What changed in the data from one version to the next is in the `CHANGELOG.md` of
the repository that builds it.

{info.summary}

The dataset covers {plural(len(so), "source")} (listed under Source Data), {sentences} sentences in all. \
Each sentence is one `sentence` row, and {spans} `span` rows mark the quotations, reported speech, attributed \
positions and check-worthy factual claims inside sentences. Every row is verbatim — `quote` always equals \
`sources.text[char_start:char_end]` — so it can be traced to its exact place in its source, and every table \
is validated against a pandera schema before it is published. {checked}

The dataset has four configurations: `statements` (default, {plural(len(st), "row")}), \
`speakers` ({plural(len(sp), "row")}), `sources` ({plural(len(so), "row")}, including the full text) and \
`{LABELS_CONFIG}` ({plural(labels, "row")}: the name and meaning of each class index of `claim_type` and `verdict`).

{_loading(info)}

The Parquet files under `data/` read directly with pandas, polars, DuckDB or any Parquet reader. There,
`claim_type` and `verdict` hold the integer class indices (listed below), not their names: join the
`{LABELS_CONFIG}` configuration to select or show them by name, e.g. in DuckDB, from this folder:

```sql
SELECT s.statement_id, s.claim, v.name AS verdict
FROM 'data/statements/*.parquet' AS s
JOIN 'data/{LABELS_CONFIG}/*.parquet' AS v
  ON v.table_name = 'statements' AND v.column_name = 'verdict' AND v.label_index = s.verdict
WHERE v.name = 'mixed';
```

### Supported Tasks

- **Claim detection / check-worthiness** (`text-classification`): predict `check_worthy` or `claim_type`
  from `quote`.
- **Quotation and attribution extraction** (`token-classification`): recover `span` rows and their
  `speaker_id` and `cue` from the text using the character offsets.
- **Fact-checking**: the `claim` column restates each check-worthy row so it can be checked without
  its source.

### Languages

{_languages(st, so)}
"""


def _languages(st, so) -> str:
    """The sources' languages with their counts, and whose words are translations."""
    counts = so["language"].value_counts()
    languages = ", ".join(f"`{code}` ({plural(int(counts[code]), 'source')})" for code in sorted(counts.index))
    text = f"The sources' language (`sources.language`, ISO 639): {languages}."
    translated = st.loc[st["is_translation"], ["speaker_id", "speaker"]]
    if len(translated):
        counts = translated.value_counts()
        order = sorted(counts.index, key=lambda key: (-int(counts[key]), key[0]))
        who = _series([f"{name} ({plural(int(counts[(sid, name)]), 'row')})" for sid, name in order[:LISTED]],
                      len(order), "speakers")
        text += (f" {plural(len(translated), 'row is a translation', 'rows are translations')} (`is_translation`): "
                 f"words first said in another language, rendered in the source's, by {who}.")
    return text


def _series(items: list[str], total: int, what: str, conjunction: str = "and") -> str:
    """Items joined as prose (a, b and c), with how many more there are past LISTED."""
    if total > len(items):
        return ", ".join(items) + f" {conjunction} {total - len(items)} more {what}"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _structure(st, sizes) -> str:
    instance, claim_type, verdict = _instance(st)
    splits = "\n".join(f"| `{c}` | {SPLIT} | {sizes[c][0]} |" for c in ALL_CONFIGS)
    by_type = (st.groupby(["claim_type", "level"]).size().unstack(fill_value=0)
               .reindex(CLAIM_TYPES, fill_value=0))
    worthy = st.loc[st["check_worthy"], "claim_type"].value_counts()
    type_rows = "\n".join(
        f"| {i} | `{name}` | {int(by_type.loc[name].get('sentence', 0))} | {int(by_type.loc[name].get('span', 0))} | "
        f"{int(worthy.get(name, 0))} |"
        for i, name in enumerate(CLAIM_TYPES))
    verdicts = ", ".join(f"{i} `{name}`" for i, name in enumerate(VERDICTS))
    return f"""## Dataset Structure

### Data Instances

One row of `statements`, as `load_dataset` returns it (`claim_type` {CLAIM_TYPES.index(claim_type)} is
`{claim_type}`, `verdict` {VERDICTS.index(verdict)} is `{verdict}`):

```json
{instance}
```

### Data Fields

These tables are generated from the pandera models in `schemas/`, the single source of truth of the
contract (also exported as `contract.json`, and printed by `claimset schema`).

{contract.as_markdown(heading_level=4)}
Label columns are Hugging Face `ClassLabel`s; their names, in this order, are part of the contract:
`claim_type` = {", ".join(f"{i} `{n}`" for i, n in enumerate(CLAIM_TYPES))}; `verdict` = {verdicts}. The
`{LABELS_CONFIG}` configuration lists them with their meanings, for readers that show only the indices.

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


def _instance(st) -> tuple[str, str, str]:
    """One row as JSON (a check-worthy quotation where there is one), with its claim type and verdict names."""
    from .export import records

    [row] = records(_first(st, (st["claim_type"] == "direct_quote") & (st["level"] == "span") & st["check_worthy"]))
    claim_type, verdict = row["claim_type"], row["verdict"]
    row.update(claim_type=CLAIM_TYPES.index(claim_type), verdict=VERDICTS.index(verdict))
    return json.dumps(row, indent=2, ensure_ascii=False), claim_type, verdict


def _examples(st) -> str:
    lines = []
    for name in CLAIM_TYPES:
        is_type = (st["claim_type"] == name).to_numpy()
        lines.append(f"- **`{name}`** — {CLAIM_TYPE_DEFINITIONS[name]}")
        if is_type.any():
            row = st.iloc[int(is_type.argmax())]
            extra = f"; attributed_to `{row['attributed_to']}`" if isinstance(row["attributed_to"], str) else ""
            lines.append(f"  Example (`{row['statement_id']}`, speaker `{row['speaker_id']}`{extra}): "
                         f"{quoted(_clip(row['quote'], 220))}")
        else:
            lines.append("  No row has this type yet.")
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
    if not len(noted):
        return "No row has an `annotator_note`."
    return _listed((f"- `{r.statement_id}` ({r.claim_type}): {quoted(_clip(r.quote, 90))} — {r.annotator_note}"
                    for r in st.iloc[noted[:LISTED]].itertuples(index=False)), len(noted), "notes (`annotator_note`)")


def _first(frame, mask):
    """The first row where ``mask`` holds (the first row of all when it never does), as a one-row frame."""
    mask = mask.to_numpy()
    return frame.iloc[[int(mask.argmax()) if mask.any() else 0]]


def _or(value, default: str) -> str:
    """The value, or ``default`` where it is null (None or pandas' NaN)."""
    return default if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _cell(value, default: str = "") -> str:
    """A value inside a Markdown table row: null as ``default``, ``|`` escaped so it cannot end the cell."""
    return " ".join(_or(value, default).split()).replace("|", "\\|")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _per_source(st, so) -> pd.DataFrame:
    """Span rows and check-worthy rows of each source, in the sources table's order."""
    counts = pd.DataFrame({"source_id": st["source_id"].to_numpy(),
                           "span": (st["level"] == "span").to_numpy(),
                           "worthy": st["check_worthy"].to_numpy()}).groupby("source_id").sum()
    return counts.reindex(so["source_id"].to_numpy(), fill_value=0)


SOURCE_HEADER = ("| Source | Title | Author | Publisher | Published | Excerpt | Paragraphs | Sentences | Span rows "
                 "| Check-worthy rows |\n" + "|---" * 10 + "|")


def _sources(st, so, info: DatasetInfo) -> str:
    counts = _per_source(st, so)
    rows = "\n".join(
        f"| `{s.source_id}` | {_cell(s.title)} | {_cell(s.author, 'not named')} | {_cell(s.publisher, 'not stated')} | "
        f"`{s.published}` | {'yes' if s.is_excerpt else 'no'} | {s.n_paragraphs} | {s.n_sentences} | "
        f"{int(counts.at[s.source_id, 'span'])} | {int(counts.at[s.source_id, 'worthy'])} |"
        for s in so.head(LISTED).itertuples(index=False))
    if len(so) > LISTED:
        rows += f"\n| … | {len(so) - LISTED} more in the `sources` config | | | | | | | | |"
    total = (f"| **All {plural(len(so), 'source')}** | | | | | | {int(so['n_paragraphs'].sum())} | "
             f"{int(so['n_sentences'].sum())} | {int(counts['span'].sum())} | {int(counts['worthy'].sum())} |")
    details = _listed(
        [f"- `{s.source_id}`: URL: {_or(s.url, 'not known')}; published `{s.published}` "
         f"({s.published_start.isoformat()} to {s.published_end.isoformat()}); sha256 `{s.text_sha256}`.\n"
         f"  *How the date was decided:* {s.published_basis}"
         for s in so.head(LISTED).itertuples(index=False)], len(so), "sources (the `sources` config)")
    notes = f"\n\n{info.source_notes}" if info.source_notes else ""
    return f"""{SOURCE_HEADER}
{rows}
{total}

{details}

Each text was copied byte for byte; its checksum is recorded and checked on every build, so an edited
text cannot silently shift the offsets. The licence of each text is under Licensing.{notes}"""


def _agreement(st, so, info: DatasetInfo) -> str:
    """The second annotations dataset.yaml records, and which sources have none."""
    paragraphs = []
    n_sentences = dict(zip(so["source_id"], so["n_sentences"]))
    disputed = [f"{e.source_id}-s{n:03d}" for e in info.agreement for n in e.disagreements]
    noted = set(st["statement_id"][(st["statement_id"].isin(disputed) & st["annotator_note"].notna()).to_numpy()]
                .tolist()) if disputed else set()
    for entry in info.agreement:
        total = int(n_sentences[entry.source_id])
        which = (f"all {total} sentences" if entry.sentences == total
                 else f"{entry.sentences} of the {total} sentences")
        text = (f"A second annotator labelled {which} of `{entry.source_id}`. Sentence claim types agreed on "
                f"{entry.claim_type_agreed} of {entry.sentences} sentences (Cohen's κ = {entry.kappa:g}); "
                f"check-worthiness of sentences agreed on {entry.check_worthy_agreed} of {entry.sentences}.")
        if entry.disagreements:
            numbers = _series([str(n) for n in entry.disagreements], len(entry.disagreements), "")
            sentences = [f"{entry.source_id}-s{n:03d}" for n in entry.disagreements]
            recorded = " are recorded among the borderline decisions below" if noted.issuperset(sentences) else ""
            text += f" The disagreements (sentence{'s' if len(sentences) > 1 else ''} {numbers}){recorded}."
        if entry.note:
            text += f" {entry.note}"
        paragraphs.append(text)
    cross_checked = {entry.source_id for entry in info.agreement}
    single = [s for s in so["source_id"] if s not in cross_checked]
    if single and cross_checked:
        paragraphs.append("No second annotator labelled " + _series([f"`{s}`" for s in single[:LISTED]], len(single),
                                                                      "sources") + ".")
    elif single:
        paragraphs.append("No source has been labelled by a second annotator.")
    return "\n\n".join(paragraphs)


def _dates(st, info: DatasetInfo) -> str:
    counts = st["date_basis"].value_counts()
    bases = ", ".join(f"`{basis}` {int(counts.get(basis, 0))}" for basis in DATE_BASES)
    lines = ["- The author's own statements (`date_basis` = `publication`) carry their source's `published` value "
             "(see Source Data).",
             f"- Rows per `date_basis`: {bases}."]
    lines += [f"- {_indent(bullet, 2).lstrip()}" for bullet in info.dates]
    return "\n".join(lines)


def _guidelines(st, info: DatasetInfo) -> str:
    items = [f"{i}. **{title}.** {_indent(text, 3).lstrip()}" for i, (title, text) in enumerate(info.guidelines, 1)]
    return "\n".join(items) + ("\n\nThe claim types (`claim_type`), each with its first example in the data:\n\n"
                               + _examples(st))


def _people(sp, spoken, attributed) -> str:
    """The persons the statements name as speakers or as holders of a position (counts by speaker_id given)."""
    named = sp["speaker_id"].isin(spoken.index) | sp["speaker_id"].isin(attributed.index)
    people = sp.loc[(sp["kind"] == "person") & named, "name"].tolist()
    if not people:
        return "No statement gives the words or position of a person."
    return "Persons whose words or positions the statements give (`speakers.kind` = `person`): " + _series(
        people[:LISTED], len(people), "persons") + "."


def _creation(st, sp, so, info: DatasetInfo) -> str:
    spoken, attributed = st["speaker_id"].value_counts(), st["attributed_to"].value_counts()
    speaker_rows = "\n".join(
        f"| `{s.speaker_id}` | {_cell(s.name)} | {s.kind} | {_cell(s.role)} | {_cell(s.country)} | "
        f"{_cell(s.wikidata_id, 'not recorded')} | {int(spoken.get(s.speaker_id, 0))} | "
        f"{int(attributed.get(s.speaker_id, 0))} |"
        for s in sp.head(LISTED).itertuples(index=False))
    if len(sp) > LISTED:
        speaker_rows += f"\n| … | {len(sp) - LISTED} more in the `speakers` config | | | | | | |"
    return f"""## Dataset Creation

### Curation Rationale

{info.rationale}

### Source Data

{_sources(st, so, info)}

### Annotations

#### Annotation process

{info.process}

Each source's labels are in a YAML file (`sources/<source_id>/annotations.yaml`) that lists every sentence
by its exact words and, inside it, the spans to mark. The build locates each text (an `occurrence` index
picks one where the words repeat), assigns ids, paragraph and sentence numbers, applies the date rules
below, and refuses to publish if any rule of the contract fails.

{_agreement(st, so, info)}

#### Guidelines

{_guidelines(st, info)}

#### How dates were decided

{_dates(st, info)}

#### How speakers were decided

| speaker_id | Name | Kind | Role at the time | Country | Wikidata | Rows spoken | Positions attributed |
|---|---|---|---|---|---|---|---|
{speaker_rows}

{info.speakers}

#### Borderline decisions

Every decision a second annotator could reasonably make differently, with the reason for the label
chosen (these are the rows' `annotator_note`s):

{_borderline(st)}

#### Who are the annotators?

{info.annotators}

### Personal and Sensitive Information

{info.personal_information} {_people(sp, spoken, attributed)}
"""


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _verdict_summary(st) -> str:
    counts = st.loc[st["check_worthy"], "verdict"].value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in VERDICTS if v in counts)


def _checking(st, checking, info: DatasetInfo) -> str:
    from .export import RATING

    worthy = st["check_worthy"]
    verdicts = st.loc[worthy, "verdict"]
    rows = "\n".join(f"| {i} | `{name}` | {VERDICT_DEFINITIONS[name]} | {RATING.get(name, '—')} | "
                     f"{int((verdicts == name).sum())} |" for i, name in enumerate(VERDICTS))
    if worthy.any():
        settled_badly = worthy & st["verdict"].isin(["mixed", "refuted"])
        example = _first(st, settled_badly if settled_badly.any() else worthy).iloc[0]
        evidence = "\n".join(f"  - {e}" for e in example["evidence"]) or "  - none listed"
        shown = (f"Example (`{example['statement_id']}`, {example['verdict']}): {quoted(_clip(example['quote'], 160))}\n"
                 f"- Note: {_or(example['verdict_note'], 'none')}\n- Evidence:\n{evidence}")
    else:
        shown = "No row is check-worthy, so no verdict is shown."
    return f"""## Fact-checking

Checked as of **{checking.checked_on.isoformat()}**. {checking.method}

Every check-worthy row has a verdict, applied from one audited file (`verdicts.yaml`) after the
annotations; the build fails if a verdict names a statement that does not exist or is not
check-worthy, or if a check-worthy statement has none.

| Index | Verdict | Meaning | ClaimReview rating | Check-worthy rows |
|---|---|---|---|---|
{rows}

The scale is ordinal for the settled verdicts: `refuted` < `mixed` < `supported`; `unverifiable` and
`not_checked` are not on it. `evidence` names the record — document, issuer,
date, article — and the reports that were read, with their address only where it is certain.
`event_date` gives the date of the event a claim is about where the checking established it. In the
ClaimReview export the settled verdicts are rated 1–3 (`worstRating` 1, `bestRating` 3) and every
verdict's name is its `alternateName`.

{shown}

**Limits.** {info.checking_limits}
"""


def _gaps(so) -> list[str]:
    """One limitation per source whose metadata is missing or only bounded, rather than guessed."""
    lines = []
    gaps = so[["author", "publisher", "url"]].isna().any(axis=1) | (so["published_start"] != so["published_end"])
    shown = so.loc[gaps, ["source_id", "author", "publisher", "url", "published", "published_start", "published_end"]]
    for s in shown.head(LISTED).itertuples(index=False):
        missing = [what for what, value in (("author", s.author), ("publisher", s.publisher), ("URL", s.url))
                   if _or(value, "") == ""]
        parts = []
        if missing:
            parts.append(f"no {_series(missing, len(missing), '', 'or')} recorded (null rather than guessed)")
        if s.published_start != s.published_end:
            parts.append(f"a publication date bounded to `{s.published}` ({s.published_start.isoformat()} to "
                         f"{s.published_end.isoformat()}) rather than one day")
        if parts:
            lines.append(f"- `{s.source_id}` has {' and '.join(parts)}.")
    if len(shown) > LISTED:
        lines.append(f"- … and {len(shown) - LISTED} more sources with missing or bounded metadata.")
    return lines


def _considerations(st, so, info: DatasetInfo) -> str:
    worthy, sentence = st["check_worthy"].to_numpy(), (st["level"] == "sentence").to_numpy()
    worthy_sentences = set(st["statement_id"][worthy & sentence].tolist())
    doubled = sum(parent in worthy_sentences for parent in st["parent_id"][worthy & ~sentence].tolist())
    unchecked = int((worthy & (st["verdict"] == "not_checked").to_numpy()).sum())
    lines = [f"- {_indent(bullet, 2).lstrip()}" for bullet in info.limitations] + _gaps(so)
    if doubled:
        lines.append(f"- {plural(doubled, 'check-worthy span row lies', 'check-worthy span rows lie')} inside a "
                     "check-worthy sentence row, so the claim appears twice (the sentence row and the span row) and "
                     "the number of check-worthy rows overstates the number of distinct claims; filter on `level` "
                     "to count one or the other.")
    if unchecked:
        lines.append(f"- {plural(unchecked, 'check-worthy row is', 'check-worthy rows are')} left `not_checked`; "
                     f"`verdict_note` says which record would settle {'it' if unchecked == 1 else 'each'}.")
    limitations = "\n".join(lines) or "- None recorded."
    return f"""## Bias, Risks, and Limitations

### Social Impact of Dataset

{info.social_impact}

### Discussion of Biases

{info.biases}

### Other Known Limitations

{limitations}

### Recommendations

{info.recommendations}
"""


def _loading(info: DatasetInfo) -> str:
    """How to load the configs: by the Hub repo id once dataset.yaml gives one, else from this folder."""
    if info.hub_id:
        where, head, note = info.hub_id, "from datasets import load_dataset\n", ""
    else:
        where = "dataset"
        head = 'import os\nos.environ["HF_HUB_OFFLINE"] = "1"\nfrom datasets import load_dataset\n'
        note = ("\n`\"dataset\"` is this folder, read from the folder that holds it; once the dataset is on the "
                "Hugging Face Hub, its repo id takes its place (`hub_id` in the repository's `dataset.yaml`).")
    return f"""```python
{head}
statements = load_dataset("{where}", split="{SPLIT}")             # the default config
speakers = load_dataset("{where}", "speakers", split="{SPLIT}")
sources = load_dataset("{where}", "sources", split="{SPLIT}")
labels = load_dataset("{where}", "{LABELS_CONFIG}", split="{SPLIT}")      # each label's index, name and meaning
claim_types = statements.features["claim_type"].names            # ClassLabel: ints ↔ names
```
{note}"""


def _uses(info: DatasetInfo) -> str:
    return f"""## Uses

### Direct Use

{info.direct_use}

### Out-of-Scope Use

{info.out_of_scope_use}
"""


def _card_authors(info: DatasetInfo) -> str:
    return f"""## Dataset Card Authors

{info.curators} The card is generated by the build from the tables and `dataset.yaml`.

## Dataset Card Contact

{info.contact}
"""


def _licences(so) -> str:
    """Each distinct licence of the source texts, with the sources it covers."""
    lines = [f"- {_series([f'`{s}`' for s in ids[:LISTED]], len(ids), 'sources')}: {text}"
             for text, ids in source_licences(so).items()]
    return _listed(lines[:LISTED], len(lines), "licences (the `license` column of `sources`)")


def _restricted(info: DatasetInfo) -> str:
    """The texts the curators flagged as not under an open licence, with why each is included."""
    if not info.restricted_texts:
        return ""
    from .licensing import restricted_lines

    return ("\nTexts not under an open licence (the curators flag each, with the reason it is included); reuse them "
            f"only as their own terms allow:\n\n{restricted_lines(info)}\n")


def _additional(so, info: DatasetInfo) -> str:
    return f"""## Additional Information

### Dataset Curators

{info.curators}

Contact: {info.contact}

### Licensing Information

The annotations, the speaker registry and the source metadata are released under
[{info.annotations_license}]({info.annotations_license_url}). Each source text is under the terms its `license`
field states; the texts are included only so that every statement can be traced to its exact place,
and this dataset grants no rights in them:

{_licences(so)}
{_restricted(info)}
The code that builds the dataset (the claimset tool) is under the MIT licence, in its repository's
`LICENSE` file; it covers no data. [`{LICENSE_FILE}`]({LICENSE_FILE}) in this folder names the terms of every
part, with each source text's title, author, publisher and address.

### Citation Information

```bibtex
{info.citation}
```

Cite the version you used (`version` above{"; `url` is the dataset's public address" if info.url else
"; the dataset has no public address yet, so the entry gives none"}).

When you quote a statement, cite its `statement_id` and the source it comes from (`sources.title`).
"""
