"""Verdicts from verdicts.yaml, the exports, Croissant metadata and the Python API."""
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import claimset
from claimset.cli import cli
from claimset.export import RATING
from claimset.schemas import CLAIM_TYPES, SETTLED_VERDICTS, VERDICTS
from conftest import DATASET, ROOT, SOURCE_ID, edit, line_of

STATEMENTS = DATASET / "data/statements/train-00000-of-00001.parquet"
VERDICTS_FILE = ROOT / "verdicts.yaml"


def build(repo):
    return CliRunner().invoke(cli, ["build", "--root", str(repo), "--out", str(repo / "dataset")])


def statements():
    df = pd.read_parquet(STATEMENTS)
    df["verdict"] = df["verdict"].map(dict(enumerate(VERDICTS)))
    return df


# --- verdicts -------------------------------------------------------------------------------------

def test_every_check_worthy_row_has_a_reasoned_verdict():
    df = statements()
    worthy = df[df["check_worthy"]]
    assert len(worthy) > 0
    assert worthy["verdict_note"].str.len().gt(20).all()
    settled = worthy[worthy["verdict"].isin(SETTLED_VERDICTS)]
    assert settled["evidence"].map(len).gt(0).all()
    assert (df.loc[~df["check_worthy"], "verdict"] == "not_checked").all()
    assert worthy["checked_on"].notna().all() and df.loc[~df["check_worthy"], "checked_on"].isna().all()


def test_verdict_for_unknown_statement_fails_loudly(repo):
    edit(repo / "verdicts.yaml", f"statement_id: {SOURCE_ID}-s021\n", f"statement_id: {SOURCE_ID}-s921\n")
    result = build(repo)
    assert result.exit_code == 1
    line = line_of(VERDICTS_FILE, f"statement_id: {SOURCE_ID}-s021")
    assert (f"verdicts.yaml:{line}: {SOURCE_ID}-s921: statement_id '{SOURCE_ID}-s921' names no statement; "
            "check the id against dataset/") in result.output
    # ... and the statement it meant is now a check-worthy row without a verdict
    assert f"{SOURCE_ID}-s021: check-worthy but has no verdict; add an entry to verdicts.yaml" in result.output


def test_verdict_with_a_key_that_is_not_text_is_reported(repo):
    edit(repo / "verdicts.yaml", f"statement_id: {SOURCE_ID}-s021\n", f"statement_id: {SOURCE_ID}-s021\n    1: x\n")
    result = build(repo)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{SOURCE_ID}-s021: unknown key(s): 1; allowed: statement_id, quote" in result.output


def test_verdict_on_a_statement_that_is_not_check_worthy(repo):
    with open(repo / "verdicts.yaml", "a", encoding="utf-8") as f:
        f.write(f"\n  - statement_id: {SOURCE_ID}-s001\n    verdict: supported\n    note: Checked.\n"
                "    evidence: [A record]\n")
    result = build(repo)
    assert result.exit_code == 1
    assert (f"{SOURCE_ID}-s001: the statement is not check-worthy; mark it check_worthy in its annotations or drop "
            "the verdict") in result.output


def test_settled_verdict_needs_evidence_and_a_known_name(repo):
    edit(repo / "verdicts.yaml", "verdict: supported\n    note: >-\n      Japan has been allied",
         "verdict: true\n    note: >-\n      Japan has been allied")
    edit(repo / "verdicts.yaml", '''    evidence:
      - "25th regular election of members of the House of Councillors of Japan, 21 July 2019 (124 of 245 seats contested)"
''', "")
    result = build(repo)
    assert result.exit_code == 1
    assert (f"{SOURCE_ID}-s021: unknown verdict True; use one of: refuted, mixed, supported, unverifiable, "
            "not_checked") in result.output
    assert f"{SOURCE_ID}-s005-1: a supported verdict needs evidence naming the record that settles it" in result.output


def test_event_date_may_only_refine_the_texts_date(repo):
    edit(repo / "verdicts.yaml", 'event_date: "2019-07-21"', 'event_date: "2019-08-01"')
    result = build(repo)
    assert result.exit_code == 1
    assert ("event_date '2019-08-01' falls outside the annotation's '2019-07' "
            f"(sources/{SOURCE_ID}/annotations.yaml:") in result.output


def test_verdict_event_dates_refine_the_annotation():
    df = statements().set_index("statement_id")
    assert df.at[f"{SOURCE_ID}-s005-1", "event_date"] == "2019-07-21"   # annotation said 2019-07
    assert df.at[f"{SOURCE_ID}-s022", "event_date"] == "2018"           # the record disagrees; the text's date stays


# --- exports ---------------------------------------------------------------------------------------

def export(*args):
    result = CliRunner().invoke(cli, ["export", *map(str, args)])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_table_exports_round_trip_through_validate(tmp_path, fmt):
    out = tmp_path / f"statements.{fmt}"
    result = export(DATASET, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(cli, ["validate", str(out)])
    assert check.exit_code == 0, check.output
    assert check.output == f"{out}: valid (50 statements).\n"


def test_csv_export_writes_label_names_and_json_lists(tmp_path):
    out = tmp_path / "s.csv"
    export(DATASET, "--format", "csv", "-o", out)
    frame = pd.read_csv(out, keep_default_na=False)
    assert set(frame["claim_type"]) <= set(CLAIM_TYPES)
    assert json.loads(frame.loc[frame["statement_id"] == f"{SOURCE_ID}-s027-1", "evidence"].iloc[0])[0].startswith(
        "The Asahi Shimbun")


def test_jsonl_export_of_speakers(tmp_path):
    out = tmp_path / "speakers.jsonl"
    assert export(DATASET, "--format", "jsonl", "--config", "speakers", "-o", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["speaker_id"] for r in rows][:2] == [f"{SOURCE_ID}-author", "vladimir-putin"]
    assert rows[1]["aliases"] == ["President Vladimir Putin", "President Putin", "Putin"]


def test_claimreview_structure_and_rating_map(tmp_path):
    out = tmp_path / "claimreview.json"
    assert export(DATASET, "--format", "claimreview", "-o", out).exit_code == 0
    reviews = json.loads(out.read_text(encoding="utf-8"))
    df = statements()
    checked = df[df["verdict"] != "not_checked"].set_index("statement_id")
    assert [r["identifier"] for r in reviews] == sorted(checked.index)
    for review in reviews:
        row = checked.loc[review["identifier"]]
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row["claim"]
        assert review["datePublished"] == row["checked_on"].isoformat()
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["text"] == row["quote"]
        assert item["author"]["name"] == row["speaker"]
        assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["identifier"] == SOURCE_ID
        assert item.get("datePublished", item.get("temporalCoverage")) == row["date"]
        rating = review["reviewRating"]
        assert rating["alternateName"] == row["verdict"]
        if row["verdict"] in SETTLED_VERDICTS:
            assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (
                RATING[row["verdict"]], 1, 3)
        assert review["citation"] == list(row["evidence"])
    putin = next(r for r in reviews if r["identifier"] == f"{SOURCE_ID}-s027-1")
    assert putin["itemReviewed"]["author"] == {"@type": "Person", "name": "Vladimir Putin",
                                               "sameAs": "https://www.wikidata.org/wiki/Q7747"}
    assert RATING == {"refuted": 1, "mixed": 2, "supported": 3}


def test_claimreview_export_is_deterministic(tmp_path):
    export(DATASET, "--format", "claimreview", "-o", tmp_path / "a.json")
    export(DATASET, "--format", "claimreview", "-o", tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_claimreview_needs_the_dataset_folder(tmp_path):
    result = export(STATEMENTS, "--format", "claimreview", "-o", tmp_path / "x.json")
    assert result.exit_code == 2
    assert "ClaimReview needs the dataset folder (statements, speakers and sources)" in result.output


def test_export_refuses_invalid_data(tmp_path):
    df = pd.read_parquet(STATEMENTS)
    df.loc[0, "paragraph"] = 0
    df.to_parquet(tmp_path / "bad.parquet")
    result = export(tmp_path / "bad.parquet", "--format", "csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'bad.parquet'} is not valid; fix it (claimset validate" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_export_requires_format_and_output():
    result = export(DATASET)
    assert result.exit_code == 2
    assert "Missing option '--format'" in result.output


# --- Croissant ------------------------------------------------------------------------------------

def test_croissant_reads_every_record_of_every_config():
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(DATASET / "croissant.json"))
    for config in ("statements", "speakers", "sources"):
        expected = pd.read_parquet(DATASET / f"data/{config}/train-00000-of-00001.parquet")
        records = list(dataset.records(record_set=config))
        assert len(records) == len(expected)
        key = {"statements": "statement_id", "speakers": "speaker_id", "sources": "source_id"}[config]
        got = [r[f"{config}/{key}"].decode() for r in records]
        assert got == expected[key].tolist()
    first = next(iter(dataset.records(record_set="statements")))
    assert first["statements/claim_type"] == 4 and first["statements/quote"].decode().startswith("Moreover")


def test_croissant_fields_are_the_schema_columns():
    from claimset import contract

    doc = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    for record_set in doc["recordSet"]:
        assert [f["name"] for f in record_set["field"]] == [c["name"] for c in contract.columns(record_set["name"])]


# --- Python API -------------------------------------------------------------------------------------

def test_load_returns_categories_in_contract_order():
    frame = claimset.load(DATASET)
    assert list(frame["claim_type"].cat.categories) == CLAIM_TYPES
    assert list(frame["verdict"].cat.categories) == VERDICTS
    assert str(frame["date_start"].dtype) == "datetime64[s]"
    assert len(frame) == 50


def test_load_polars_backend():
    import polars as pl

    frame = claimset.load(DATASET, "statements", backend="polars")
    assert frame.schema["claim_type"] == pl.Enum(CLAIM_TYPES)
    assert frame.schema["date_start"] == pl.Date
    assert frame.height == 50


def test_join_attaches_speakers_and_sources_without_losing_rows():
    joined = claimset.join(claimset.load(DATASET), claimset.load(DATASET, "speakers"),
                           claimset.load(DATASET, "sources"))
    assert len(joined) == 50
    putin = joined[joined["statement_id"] == f"{SOURCE_ID}-s027-1"].iloc[0]
    assert (putin["speaker_wikidata_id"], putin["speaker_role"]) == ("Q7747", "President of Russia")
    assert putin["source_published"] == "2019-01/2019-07" and "source_text" not in joined.columns


def test_join_polars():
    joined = claimset.join(claimset.load(DATASET, backend="polars"),
                           claimset.load(DATASET, "speakers", backend="polars"))
    assert joined.height == 50 and "speaker_kind" in joined.columns


def test_load_invalid_copy_raises_with_the_report(tmp_path):
    df = pd.read_parquet(STATEMENTS)
    df.loc[0, "paragraph"] = 0
    df.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(claimset.InvalidDataError, match="statements.paragraph: greater_than_or_equal_to"):
        claimset.load(tmp_path / "bad.parquet")


def test_load_rejects_unknown_backend():
    with pytest.raises(ValueError, match="backend must be 'pandas' or 'polars', not 'spark'"):
        claimset.load(DATASET, backend="spark")
