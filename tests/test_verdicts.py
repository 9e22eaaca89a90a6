"""Verdicts from verdicts.yaml: every check-worthy statement reasoned, every mismatch caught at its line."""

import pandas as pd
from click.testing import CliRunner

from claimset.cli import cli
from claimset.schemas import SETTLED_VERDICTS, VERDICTS
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
