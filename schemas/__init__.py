"""The data contract of claimset, stated once.

These pandera models are the declaration of the contract: each column's type,
nulls, uniqueness and allowed values, and the named rules each column and row
carries. The compiled contract (``claimset/contract_spec.json``), the Hugging Face
features, the dataset card's field tables, Croissant and ``claimset schema`` are
generated from them; the logic of every rule is written once, as a polars
expression in ``claimset.rules``, which the build and ``claimset validate`` run
(and these models' checks call). Installed as ``claimset.schemas``.
"""
from __future__ import annotations

import pandas as pd
import pandera.extensions as extensions
import pandera.pandas as pa
from pandera.typing import Series

from claimset import rules
from claimset.coercion import to_polars
from claimset.labels import (  # noqa: F401 - re-exported: the vocabularies are part of the contract
    CLAIM_TYPE_DEFINITIONS, CLAIM_TYPES, CONFIGS, COUNTRY, DATE_BASES, EDTF_EXPECTED, LABEL_NAME, LANGUAGE, LEVELS,
    LINE_BREAKS, LIST_OF_STRINGS, SETTLED_VERDICTS, SHA256, SLUG, SPEAKER_KINDS, STATEMENT_ID, TEXT_EXPECTED,
    VERDICT_DEFINITIONS, VERDICTS, WIKIDATA_ID, edtf_bounds, labels,
)


if not hasattr(pa.Check, "str_fullmatch"):
    @extensions.register_check_method(statistics=["pattern"])
    def str_fullmatch(pandas_obj, *, pattern):
        """The whole text matches ``pattern``: pandera's ``str_matches`` lets ``$`` match before a final
        newline, so ``"abc\\n"`` would pass a slug check."""
        return pandas_obj.str.fullmatch(pattern, na=False)


def _rule(name: str, *columns: str):
    """The contract's rule ``name`` as a check of the model: applied here to ``columns`` (or to whole rows
    when none are given); what it expects and its logic are written once, in ``claimset.rules``, which
    ``claimset validate`` and the build run."""
    def holds(cls, data):
        config = cls.__name__.lower()
        if isinstance(data, pd.Series):
            failing = rules.failing(name, to_polars(config, data.to_frame()), str(data.name))
        else:
            failing = rules.failing(name, to_polars(config, data))
        return pd.Series(~failing.to_numpy(), index=data.index)

    check = pa.check(*columns, name=name, error=rules.expectation(name)) if columns else \
        pa.dataframe_check(name=name, error=rules.expectation(name))
    return check(holds)


def _across(*names: str) -> list[dict]:
    """The contract's rules across tables named ``names``, as the model declares them: each with the column
    it reports and what it expects (their logic is written once, in ``claimset.rules``)."""
    return [rule for name in names for rule in rules.across_tables(name)]


def _key(column: str, table: str, field: str, rule: str) -> dict:
    """A foreign key, as frictionless declares one, with the name of the rule that checks it."""
    return {"fields": column, "reference": {"resource": table, "fields": field}, "rule": rule}


class _Table(pa.DataFrameModel):
    """What every model is: strict (no column it does not declare) and ordered (its columns in this order)."""

    class Config:
        strict = True
        ordered = True


class Statements(_Table):
    """One row per statement: each sentence of a source, and spans inside sentences."""

    statement_id: Series[str] = pa.Field(
        unique=True, str_fullmatch={"pattern": STATEMENT_ID}, title="Statement id",
        description="Stable id: `<source_id>-sNNN` for the NNNth sentence of a source, "
                    "`<source_id>-sNNN-K` for the Kth span inside it (ordered by position).")
    source_id: Series[str] = pa.Field(
        str_fullmatch={"pattern": SLUG}, title="Source", description="The source the statement comes from (`sources.source_id`).")
    paragraph: Series[pa.Int32] = pa.Field(
        ge=1, title="Paragraph", description="1-based paragraph number within the source (see the source's `line_breaks`).")
    sentence: Series[pa.Int32] = pa.Field(
        ge=1, title="Sentence", description="1-based sentence number within the source (counted across paragraphs).")
    char_start: Series[pa.Int32] = pa.Field(
        ge=0, title="Start offset",
        description="Unicode code-point offset of the first character in `sources.text`.")
    char_end: Series[pa.Int32] = pa.Field(
        ge=1, title="End offset", description="Code-point offset one past the last character (end exclusive).")
    level: Series[str] = pa.Field(
        isin=LEVELS, title="Level",
        description="`sentence` for a whole sentence; `span` for a quotation, reported speech, "
                    "attributed position or embedded factual claim inside one.")
    parent_id: Series[str] = pa.Field(
        nullable=True, title="Parent",
        description="For span rows, the `statement_id` of the sentence that contains it; null for sentence rows.")
    quote: Series[str] = pa.Field(
        title="Quote", description="The statement's words, verbatim: always `sources.text[char_start:char_end]`, "
                                   "with no surrounding whitespace.")
    speaker_id: Series[str] = pa.Field(
        title="Speaker id", description="Whose assertion the row is (`speakers.speaker_id`): the source's author for "
                                        "the author's own statements, the quoted or reported actor otherwise. In a "
                                        "transcript, each sentence of a turn is its labelled speaker's direct speech "
                                        "(`Vladimir Putin: …`); the label is not a statement of its own but stays "
                                        "at the start of the turn's first row, whose speaker it names.")
    speaker: Series[str] = pa.Field(title="Speaker", description="Display name of the speaker (`speakers.name`).")
    cue: Series[str] = pa.Field(
        nullable=True, title="Cue",
        description="Attribution cue words as they stand in the text (e.g. `referred to`, `believes`), or null.")
    attributed_to: Series[str] = pa.Field(
        nullable=True, title="Attributed to",
        description="For `attributed_position` rows, the `speakers.speaker_id` of the actor whose belief, wish or "
                    "intention the author describes; null otherwise.")
    claim_type: Series[str] = pa.Field(
        isin=CLAIM_TYPES, metadata=labels(CLAIM_TYPES), title="Claim type",
        description="What kind of statement this is (ClassLabel): " + ", ".join(f"{i} {n}" for i, n in enumerate(CLAIM_TYPES)) + ".")
    claim: Series[str] = pa.Field(
        nullable=True, title="Claim",
        description="A self-contained restatement a reader understands without the essay; "
                    "present for every check-worthy row.")
    date: Series[str] = pa.Field(
        title="Date", description="When the statement was made, as an EDTF date or interval "
                                  "(e.g. `2018-12`, `2019-01/2019-07`).")
    date_start: Series[pa.Date] = pa.Field(title="Date from", description="First day `date` can denote (date32).")
    date_end: Series[pa.Date] = pa.Field(title="Date to", description="Last day `date` can denote (date32).")
    date_basis: Series[str] = pa.Field(
        isin=DATE_BASES, title="Date basis",
        description="`explicit`: the text states the date; `context`: nearby text implies it; "
                    "`publication`: the author's own statement, dated by the source's publication date.")
    event_date: Series[str] = pa.Field(
        nullable=True, title="Event date",
        description="EDTF date of the event a factual claim is about, where the text dates it; else null.")
    is_translation: Series[bool] = pa.Field(
        title="Is translation", description="True when the words render in English what was said in another language "
                                            "(a transcript's `(retranslated)` label or translation notice says so).")
    check_worthy: Series[bool] = pa.Field(
        title="Check-worthy", description="A factual assertion the public would want verified (ClaimBuster's sense).")
    verdict: Series[str] = pa.Field(
        isin=VERDICTS, metadata=labels(VERDICTS), title="Verdict",
        description="Outcome of fact-checking (ClassLabel, ordinal refuted < mixed < supported): "
                    + ", ".join(f"{i} {n}" for i, n in enumerate(VERDICTS)) + ".")
    verdict_note: Series[str] = pa.Field(
        nullable=True, title="Verdict note", description="Why the verdict was reached, in a sentence or two; or null.")
    checked_on: Series[pa.Date] = pa.Field(
        nullable=True, title="Checked on",
        description="As-of date of the verdict decision (date32); set on every check-worthy row, null otherwise.")
    evidence: Series[object] = pa.Field(
        metadata=LIST_OF_STRINGS, title="Evidence",
        description="The records the verdict rests on (list of strings; empty when not checked). An entry "
                    "`statement:<statement_id>` cites a statement of this dataset: the primary record in the corpus.")
    annotator_note: Series[str] = pa.Field(
        nullable=True, title="Annotator note",
        description="The curator's reason for a borderline label, or null.")

    class Config:
        metadata = {
            "foreign_keys": [
                _key("source_id", "sources", "source_id", "unknown source"),
                _key("speaker_id", "speakers", "speaker_id", "unknown speaker"),
                _key("attributed_to", "speakers", "speaker_id", "unknown attributed_to"),
                # a span's parent: not only a statement, a sentence row (the stricter rule checks it)
                _key("parent_id", "statements", "statement_id", "parent not a sentence row"),
            ],
            "rules_across_tables": _across(
                "speaker name mismatch", "publication basis not the author's", "not the publication date",
                "dated after publication", "id does not match position", "repeated statement",
                "parent not a sentence row", "span differs from its parent", "span outside its parent",
                "offsets beyond the text", "quote not verbatim", "no letter or digit", "sentences overlap",
                "text not covered before this sentence", "text not covered after this sentence",
                "sentence number out of order", "sentence crosses a paragraph break", "wrong paragraph number",
                "direct_quote not inside quotation marks", "unknown evidence statement"),
        }

    _no_surrounding_whitespace = _rule("no surrounding whitespace", "quote", "speaker", "cue", "claim",
                                       "verdict_note", "annotator_note")
    _valid_edtf = _rule("valid EDTF", "date", "event_date")
    _evidence_is_list = _rule("list of non-empty strings", "evidence")
    _offsets_ordered = _rule("offsets ordered")
    _quote_length = _rule("quote length")
    _parent_by_level = _rule("parent by level")
    _attributed_by_type = _rule("attributed_to by claim type")
    _claim_when_check_worthy = _rule("claim for check-worthy")
    _date_bounds = _rule("date bounds")
    _note_when_check_worthy = _rule("verdict note for check-worthy")
    _checked_on_when_check_worthy = _rule("checked_on for check-worthy")
    _settled_verdicts = _rule("settled verdict evidence")


class Speakers(_Table):
    """One row per actor a statement can be attributed to."""

    speaker_id: Series[str] = pa.Field(unique=True, str_fullmatch={"pattern": SLUG}, title="Speaker id",
                                       description="Canonical id (lowercase slug).")
    name: Series[str] = pa.Field(title="Name", description="Display name.")
    kind: Series[str] = pa.Field(isin=SPEAKER_KINDS, title="Kind",
                                 description="One of " + ", ".join(f"`{k}`" for k in SPEAKER_KINDS) + ".")
    role: Series[str] = pa.Field(nullable=True, title="Role", description="Role at the time of the statements.")
    country: Series[str] = pa.Field(nullable=True, str_fullmatch={"pattern": COUNTRY}, title="Country",
                                    description="ISO 3166-1 alpha-2 code, or null when unknown.")
    wikidata_id: Series[str] = pa.Field(
        nullable=True, str_fullmatch={"pattern": WIKIDATA_ID}, title="Wikidata id",
        description="Wikidata Q-identifier, only where confirmed; null otherwise (never guessed).")
    aliases: Series[object] = pa.Field(metadata=LIST_OF_STRINGS, title="Aliases",
                                       description="Other names the sources use for the speaker (list of strings).")
    description: Series[str] = pa.Field(nullable=True, title="Description",
                                        description="Who the speaker is, in a sentence or two.")

    _no_surrounding_whitespace = _rule("no surrounding whitespace", "name", "role", "description")
    _aliases_are_list = _rule("list of non-empty strings", "aliases")


class Sources(_Table):
    """One row per source text."""

    source_id: Series[str] = pa.Field(unique=True, str_fullmatch={"pattern": SLUG}, title="Source id",
                                      description="Lowercase slug naming the source.")
    title: Series[str] = pa.Field(title="Title", description="The source's title, or a descriptive one where it has none.")
    author: Series[str] = pa.Field(nullable=True, title="Author", description="Author's name, or null where the text does not say.")
    publisher: Series[str] = pa.Field(nullable=True, title="Publisher", description="Publisher, or null where unknown.")
    url: Series[str] = pa.Field(nullable=True, title="URL", description="Where the source was published, or null where unknown.")
    language: Series[str] = pa.Field(str_fullmatch={"pattern": LANGUAGE}, title="Language", description="ISO 639 language code.")
    published: Series[str] = pa.Field(title="Published", description="Publication date as EDTF (an interval where only bounded).")
    published_start: Series[pa.Date] = pa.Field(title="Published from", description="First day `published` can denote (date32).")
    published_end: Series[pa.Date] = pa.Field(title="Published to", description="Last day `published` can denote (date32).")
    published_basis: Series[str] = pa.Field(title="Published basis", description="How the publication date was decided.")
    is_excerpt: Series[bool] = pa.Field(title="Is excerpt", description="True when the text is part of a longer work.")
    license: Series[str] = pa.Field(title="License", description="The licensing situation of the text and of the annotations.")
    text: Series[str] = pa.Field(title="Text", description="The full source text, byte for byte as received.")
    text_sha256: Series[str] = pa.Field(str_fullmatch={"pattern": SHA256}, title="Text SHA-256",
                                        description="SHA-256 of the UTF-8 text, hex.")
    line_breaks: Series[str] = pa.Field(
        isin=LINE_BREAKS, title="Line breaks",
        description="`paragraphs`: each line break ends a paragraph (a paragraph is a non-empty line); `wrapped`: the "
                    "text is hard-wrapped, a paragraph is a block of non-empty lines between blank lines and a line "
                    "break inside it is whitespace.")
    n_paragraphs: Series[pa.Int32] = pa.Field(ge=1, title="Paragraphs",
                                              description="Number of paragraphs of the text (see `line_breaks`).")
    n_sentences: Series[pa.Int32] = pa.Field(ge=1, title="Sentences", description="Number of sentence rows of the source.")

    class Config:
        metadata = {"rules_across_tables": _across("source without sentences", "wrong sentence count",
                                                   "wrong paragraph count", "quotation without direct_quote span")}

    _no_surrounding_whitespace = _rule("no surrounding whitespace", "title", "author", "publisher", "url",
                                       "published_basis", "license")
    _valid_edtf = _rule("valid EDTF", "published")
    _checksum = _rule("checksum")
    _published_bounds = _rule("published bounds")


class Labels(_Table):
    """One row per label of each label column: the name and meaning of the class index the column stores. Where a
    reader shows the indices (raw Parquet, SQL), join on `table_name`, `column_name` and `label_index` to read
    them by name."""

    table_name: Series[str] = pa.Field(isin=CONFIGS, title="Table",
                                       description="The config that holds the label column (e.g. `statements`).")
    column_name: Series[str] = pa.Field(str_fullmatch={"pattern": LABEL_NAME}, title="Column",
                                        description="The label column (`claim_type`, `verdict`).")
    label_index: Series[pa.Int32] = pa.Field(
        ge=0, title="Label index",
        description="The class index the column stores for this label: its place in the column's names, from 0.")
    name: Series[str] = pa.Field(
        str_fullmatch={"pattern": LABEL_NAME}, title="Name",
        description="The label's name (as `datasets`' ClassLabel and `claimset.load` give it).")
    description: Series[str] = pa.Field(title="Description", description="What the label means.")
    ordered: Series[bool] = pa.Field(
        title="Ordered",
        description="True when the column's index order means something, so labels compare in index order "
                    "(`claimset.load` gives an ordered category, polars an `Enum`): `verdict`, whose settled verdicts "
                    "form the scale refuted < mixed < supported, followed by unverifiable and not_checked. False "
                    "when the order only numbers the names (`claim_type`).")

    class Config:
        unique = ["table_name", "column_name", "label_index"]
        metadata = {"rules_across_tables": _across("label not the contract's")}

    _no_surrounding_whitespace = _rule("no surrounding whitespace", "description")


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "statements": Statements,
    "speakers": Speakers,
    "sources": Sources,
    "labels": Labels,
}
"""Config name → model, in the order the dataset card lists them (the first is the default; ``labels`` names the
class indices of the others' label columns)."""
