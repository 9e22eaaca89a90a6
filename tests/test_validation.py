"""Each rule catches the fault it exists for, explained row by row as users read it."""
import re

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, strategies as st

from claimset.annotations import Annotation, anchor
from claimset.labels import TEXT_EXPECTED
from claimset.validation import check_dataset, check_table
from conftest import ROOT, SOURCE_ID

TEXT = (ROOT / "sources" / SOURCE_ID / "text.txt").read_bytes().decode("utf-8")


@pytest.fixture
def tables():
    """The published tables, as the build holds them (label columns as names)."""
    from claimset.pipeline import assemble

    return assemble(ROOT).tables


def messages(problems):
    return [f"{f.row}: {f.message}" for f in problems]


def test_published_tables_pass_every_rule(tables):
    assert check_dataset(tables["statements"], tables["speakers"], tables["sources"]) == []


def test_model_reports_every_failure_with_row_id(tables):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "claim_type"] = "rumour"
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s002", "date"] = "someday"
    found = messages(check_table("statements", st))
    assert found == [  # a label that is none of the names does not convert; then column rules, then row rules
        f"{SOURCE_ID}-s001: statements.claim_type: wrong type (value 'rumour'); expected a class index 0–6 or one "
        "of: direct_quote, reported_speech, factual_claim, attributed_position, opinion, prediction, speculation",
        f"{SOURCE_ID}-s002: statements.date: valid EDTF (value 'someday'); expected an EDTF date or interval "
        "(e.g. 2018-12, 2019-01/2019-07)",
        f"{SOURCE_ID}-s002: date bounds; expected date_start and date_end to be the first and last day of date",
    ]


def test_a_pattern_matches_the_whole_value_not_a_value_before_a_line_break(tables):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "source_id"] = "abc\n"
    assert messages(check_table("statements", st)) == [
        f"{SOURCE_ID}-s001: statements.source_id: str_fullmatch (value 'abc\\n'); expected text matching "
        "^[a-z0-9][a-z0-9-]{0,79}$"]


def test_the_models_checks_run_the_same_rules(tables):
    import pandera.errors

    from claimset.schemas import MODELS

    for config, frame in tables.items():
        MODELS[config].validate(frame, lazy=True)
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "cue"] = " says"
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s002", "char_end"] = 0
    with pytest.raises(pandera.errors.SchemaErrors) as raised:
        MODELS["statements"].validate(st, lazy=True)
    cases = raised.value.failure_cases
    assert set(cases["check"]) >= {TEXT_EXPECTED, "char_start < char_end"}
    assert set(cases[cases["check"] == TEXT_EXPECTED]["failure_case"]) == {" says"}


@pytest.mark.parametrize("column, value, message", [
    ("parent_id", f"{SOURCE_ID}-s002", "parent by level; expected parent_id null exactly for sentence rows"),
    ("attributed_to", "japan-government",
     "attributed_to by claim type; expected attributed_to set exactly for attributed_position rows"),
    ("date_end", pd.Timestamp("2030-01-01").date(),
     "date bounds; expected date_start and date_end to be the first and last day of date"),
    ("verdict", "supported",
     "settled verdict evidence; expected a verdict_note and evidence on refuted, mixed and supported rows"),
    ("char_end", 62, "quote length; expected quote to be char_end - char_start characters long"),
])
def test_row_rules(tables, column, value, message):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", column] = value
    assert messages(check_table("statements", st)) == [f"{SOURCE_ID}-s001: {message}"]


def test_check_worthy_rows_need_claim_verdict_note_and_checked_on(tables):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "check_worthy"] = True
    assert messages(check_table("statements", st)) == [
        f"{SOURCE_ID}-s001: claim for check-worthy; expected a claim restatement on every check-worthy row",
        f"{SOURCE_ID}-s001: verdict note for check-worthy; expected a verdict_note (the finding, or why it was not "
        "checked) on every check-worthy row",
        f"{SOURCE_ID}-s001: checked_on for check-worthy; expected checked_on set exactly on check-worthy rows",
    ]


def test_whitespace_rule_names_the_column(tables):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "cue"] = " says"
    assert messages(check_table("statements", st)) == [
        f"{SOURCE_ID}-s001: statements.cue: no surrounding whitespace (value ' says'); expected non-empty text "
        "without leading or trailing whitespace"]


def test_speaker_and_source_models(tables):
    sp, so = tables["speakers"], tables["sources"]
    sp.loc[sp["speaker_id"] == "vladimir-putin", "wikidata_id"] = "7747"
    so.loc[so["source_id"] == SOURCE_ID, "text_sha256"] = "0" * 64
    assert messages(check_table("speakers", sp)) == [
        "vladimir-putin: speakers.wikidata_id: str_fullmatch (value '7747'); expected text matching ^Q[1-9][0-9]*$"]
    assert messages(check_table("sources", so)) == [
        f"{SOURCE_ID}: checksum; expected text_sha256 to be the SHA-256 of text (UTF-8)"]


def cross(tables):
    return messages(check_dataset(tables["statements"], tables["speakers"], tables["sources"]))


def row(tables, statement_id):
    st = tables["statements"]
    return st.index[st["statement_id"] == statement_id][0]


def test_foreign_keys(tables):
    st = tables["statements"]
    st.loc[row(tables, f"{SOURCE_ID}-s012"), "attributed_to"] = "china-government"
    st.loc[row(tables, f"{SOURCE_ID}-s003"), "speaker"] = "V. Putin"
    found = cross(tables)
    assert found == [
        f"{SOURCE_ID}-s012: statements.attributed_to: unknown attributed_to (value 'china-government'); expected a "
        "speaker_id of the speakers table",
        f"{SOURCE_ID}-s003: statements.speaker: speaker name mismatch (value 'V. Putin'); expected the speakers "
        "table's name for speaker_id"]


def test_shifted_offsets_break_the_verbatim_rule(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s003-2")
    st.loc[i, ["char_start", "char_end"]] = [st.at[i, "char_start"] + 1, st.at[i, "char_end"] + 1]
    found = cross(tables)
    assert (f"{SOURCE_ID}-s003-2: statements.quote: quote not verbatim (value 'cardinal solutions'); expected "
            "exactly sources.text[char_start:char_end]") in found


def test_overlapping_sentences(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s002")
    st.loc[i, "char_end"] = st.at[i, "char_end"] + 5
    st.loc[i, "quote"] = TEXT[st.at[i, "char_start"]:st.at[i, "char_end"]]
    assert cross(tables) == [f"{SOURCE_ID}-s003: statements.char_start: sentences overlap (value 316); expected a "
                             "start at or after the previous sentence's end"]


def test_span_outside_its_parent(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s003-2")
    st.loc[i, "parent_id"] = f"{SOURCE_ID}-s001"
    found = cross(tables)
    assert found == [
        f"{SOURCE_ID}-s003-2: statements.statement_id: id does not match position (value '{SOURCE_ID}-s003-2'); "
        "expected <parent_id>-K for the Kth span of a sentence",
        f"{SOURCE_ID}-s003-2: statements.sentence: span differs from its parent (value 3); expected the parent "
        "sentence's value",
        f"{SOURCE_ID}-s003-2: statements.char_start: span outside its parent (value 432); expected offsets within "
        "the parent sentence's char_start:char_end"]


def test_publication_dates(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s001")
    st.loc[i, ["date", "date_start", "date_end"]] = ["2019-02", pd.Timestamp("2019-02-01").date(),
                                                     pd.Timestamp("2019-02-28").date()]
    j = row(tables, f"{SOURCE_ID}-s003")
    st.loc[j, ["date", "date_start", "date_end"]] = ["2020", pd.Timestamp("2020-01-01").date(),
                                                     pd.Timestamp("2020-12-31").date()]
    found = cross(tables)
    assert found == [
        f"{SOURCE_ID}-s001: statements.date: not the publication date (value '2019-02'); expected the source's "
        "published value",
        f"{SOURCE_ID}-s003: statements.date: dated after publication (value '2020'); expected a date no later than "
        "the source's published_end"]


def test_quotation_needs_exact_direct_quote_span(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s027-1")
    st.loc[i, ["char_end", "quote"]] = [st.at[i, "char_end"] - 1, st.at[i, "quote"][:-1]]
    found = cross(tables)
    assert found == [
        f"{SOURCE_ID}: sources.text: quotation without direct_quote span (value '“We don’t understand the level of "
        "Japan’s sovereignty.” at 3571'); expected a direct_quote span row of exactly the words inside the marks",
        f"{SOURCE_ID}-s027-1: statements.quote: direct_quote not inside quotation marks (value 'We don’t understand "
        "the level of Japan’s sovereignty'); expected exactly the words inside quotation marks"]


WORD_STARTS = [m.start() for m in re.finditer(r"\b\w", TEXT)]
WORD_ENDS = [m.end() for m in re.finditer(r"\w\b", TEXT)]


@given(st.sampled_from(WORD_STARTS), st.integers(1, 40))
def test_anchor_finds_every_whole_word_passage(start, words):
    """A passage from a word start to a later word end anchors to its first whole-word occurrence."""
    ends = [e for e in WORD_ENDS if e > start]
    end = ends[min(words, len(ends)) - 1]
    passage = TEXT[start:end]
    ann = Annotation(text=passage, occurrence=None, labels={}, file="f", line=1)
    found, why = anchor(TEXT, ann)
    occurrences = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(passage) + r"(?!\w)", TEXT)]
    if len(occurrences) == 1:
        assert (found, why) == (start, None)
    else:
        assert found is None and f"text occurs {len(occurrences)} times" in why
        ann.occurrence = occurrences.index(start) + 1
        assert anchor(TEXT, ann) == (start, None)


@pytest.mark.parametrize("kind, stored, fits", [
    ("int32", pa.int32(), True), ("int32", pa.int64(), True), ("int32", pa.uint8(), True),
    ("int32", pa.string(), False), ("int32", pa.float64(), False), ("int32", pa.bool_(), False),
    ("bool", pa.bool_(), True), ("bool", pa.int64(), False), ("bool", pa.string(), False),
    ("string", pa.large_string(), True), ("string", pa.dictionary(pa.int32(), pa.string()), True),
    ("string", pa.int64(), False), ("string", pa.binary(), False),
    ("date32", pa.date32(), True), ("date32", pa.date64(), True), ("date32", pa.timestamp("ms"), True),
    ("date32", pa.string(), False), ("date32", pa.int32(), False),
    ("class_label", pa.int64(), True), ("class_label", pa.string(), True), ("class_label", pa.large_string(), True),
    ("class_label", pa.float64(), False), ("class_label", pa.bool_(), False),
    ("list<string>", pa.list_(pa.string()), True), ("list<string>", pa.large_list(pa.large_string()), True),
    ("list<string>", pa.list_(pa.null()), True), ("list<string>", pa.list_(pa.int64()), False),
    ("list<string>", pa.string(), False), ("list<string>", pa.list_(pa.list_(pa.string())), False),
    ("int32", pa.null(), True), ("list<string>", pa.null(), True),
])
def test_stored_types_are_strict_on_kind_and_lenient_on_width_and_encoding(kind, stored, fits):
    from claimset import contract
    from claimset.coercion import stored_type_failures

    config, column = next((c, col["name"]) for c in ("statements", "speakers", "sources")
                          for col in contract.columns(c) if col["type"] == kind)
    failures = stored_type_failures(config, {column: [stored]})
    assert [(f.rule, f.column, f.value) for f in failures] == ([] if fits else [("physical type", column, str(stored))])


def test_cross_table_rules_on_no_statements_ask_every_source_for_its_sentences(tables):
    found = {(f.rule, f.row) for f in check_dataset(tables["statements"].head(0), tables["speakers"],
                                                     tables["sources"])}
    sources = tables["sources"]
    quoting = {"mofa-2019-06-29-osaka-summit", SOURCE_ID}  # the sources with words in quotation marks
    assert found == {("source without sentences", s) for s in sources["source_id"]} | {
        ("quotation without direct_quote span", s) for s in quoting}
