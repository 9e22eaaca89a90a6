"""The schema models and the cross-table rules each catch the fault they exist for."""
import re

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from claimset.annotations import Annotation, anchor
from claimset.validation import check_dataset, check_table
from conftest import DATASET, ROOT, SOURCE_ID

TEXT = (ROOT / "sources" / SOURCE_ID / "text.txt").read_bytes().decode("utf-8")


@pytest.fixture
def tables():
    """The published tables, as the build holds them (label columns as names)."""
    from claimset.pipeline import assemble

    return assemble(ROOT)


def messages(problems):
    return [f"{p.statement}: {p.message}" for p in problems]


def test_published_tables_pass_every_rule(tables):
    assert check_dataset(tables["statements"], tables["speakers"], tables["sources"]) == []


def test_model_reports_every_failure_with_row_id(tables):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", "claim_type"] = "rumour"
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s002", "date"] = "someday"
    found = messages(check_table("statements", st))
    assert any(m.startswith(f"{SOURCE_ID}-s001: statements.claim_type: fails 'isin") and "'rumour'" in m
               for m in found)
    assert f"{SOURCE_ID}-s002: statements.date: fails 'valid EDTF' (value 'someday')" in found


@pytest.mark.parametrize("column, value, rule", [
    ("parent_id", f"{SOURCE_ID}-s001", "parent_id: null exactly for sentence rows"),
    ("attributed_to", "japan-government", "attributed_to: set exactly for attributed_position rows"),
    ("check_worthy", True, "check-worthy rows have a claim"),
    ("date_end", pd.Timestamp("2030-01-01").date(), "date bounds: date_start and date_end are the bounds of date"),
    ("verdict", "supported", "settled verdicts carry a note and evidence"),
    ("quote", " Moreover", "no surrounding whitespace"),
])
def test_row_rules(tables, column, value, rule):
    st = tables["statements"]
    st.loc[st["statement_id"] == f"{SOURCE_ID}-s001", column] = value
    assert any(rule in m for m in messages(check_table("statements", st)))


def test_speaker_and_source_models(tables):
    sp, so = tables["speakers"], tables["sources"]
    sp.loc[sp["speaker_id"] == "vladimir-putin", "wikidata_id"] = "7747"
    so.loc[0, "text_sha256"] = "0" * 64
    assert "vladimir-putin: speakers.wikidata_id: fails 'str_matches('^Q[1-9][0-9]*$')' (value '7747')" in messages(
        check_table("speakers", sp))
    assert any("text_sha256 is the checksum of text" in m for m in messages(check_table("sources", so)))


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
    assert f"{SOURCE_ID}-s012: attributed_to 'china-government' is not in speakers" in found
    assert (f"{SOURCE_ID}-s003: speaker 'V. Putin' is not the name of 'vladimir-putin' in speakers "
            "('Vladimir Putin')") in found


def test_shifted_offsets_break_the_verbatim_rule(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s003-2")
    st.loc[i, ["char_start", "char_end"]] = [st.at[i, "char_start"] + 1, st.at[i, "char_end"] + 1]
    found = cross(tables)
    assert f"{SOURCE_ID}-s003-2: quote is not the source text at 433:451" in found


def test_overlapping_sentences(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s002")
    st.loc[i, "char_end"] = st.at[i, "char_end"] + 5
    st.loc[i, "quote"] = TEXT[st.at[i, "char_start"]:st.at[i, "char_end"]]
    assert f"{SOURCE_ID}-s003: sentence overlaps the previous one ({SOURCE_ID}-s002)" in cross(tables)


def test_span_outside_its_parent(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s003-2")
    st.loc[i, "parent_id"] = f"{SOURCE_ID}-s001"
    found = cross(tables)
    assert f"{SOURCE_ID}-s003-2: span 432:450 lies outside its parent sentence" in found
    assert f"{SOURCE_ID}-s003-2: span's sentence differs from its parent's" in found


def test_publication_dates(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s001")
    st.loc[i, ["date", "date_start", "date_end"]] = ["2019-02", pd.Timestamp("2019-02-01").date(),
                                                     pd.Timestamp("2019-02-28").date()]
    j = row(tables, f"{SOURCE_ID}-s003")
    st.loc[j, ["date", "date_start", "date_end"]] = ["2020", pd.Timestamp("2020-01-01").date(),
                                                     pd.Timestamp("2020-12-31").date()]
    found = cross(tables)
    assert (f"{SOURCE_ID}-s001: date '2019-02' of a publication-dated row is not its source's published date "
            "'2019-01/2019-07'") in found
    assert f"{SOURCE_ID}-s003: date '2020' starts after the source was published" in found


def test_quotation_needs_exact_direct_quote_span(tables):
    st = tables["statements"]
    i = row(tables, f"{SOURCE_ID}-s027-1")
    st.loc[i, ["char_end", "quote"]] = [st.at[i, "char_end"] - 1, st.at[i, "quote"][:-1]]
    found = cross(tables)
    assert f"{SOURCE_ID}-s027-1: direct_quote span is not exactly the words inside quotation marks" in found
    assert any("quotation '“We don’t understand the level of Japan’s sovereignty.”' at 3571 has no direct_quote"
               in m for m in found)


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
