"""The Python API: claimset.load with readable labels, join, and the report on invalid copies."""

import pandas as pd
import pytest

import claimset
from claimset.schemas import CLAIM_TYPES, VERDICTS
from conftest import DATASET, N_STATEMENTS, SOURCE_ID

STATEMENTS = DATASET / "data/statements/train-00000-of-00001.parquet"


# --- Python API -------------------------------------------------------------------------------------

def test_load_returns_categories_in_contract_order():
    frame = claimset.load(DATASET)
    assert list(frame["claim_type"].cat.categories) == CLAIM_TYPES
    assert list(frame["verdict"].cat.categories) == VERDICTS
    assert str(frame["date_start"].dtype) == "datetime64[s]"
    assert len(frame) == N_STATEMENTS


def test_load_polars_backend():
    import polars as pl

    frame = claimset.load(DATASET, "statements", backend="polars")
    assert frame.schema["claim_type"] == pl.Enum(CLAIM_TYPES)
    assert frame.schema["date_start"] == pl.Date
    assert frame.height == N_STATEMENTS


def test_join_attaches_speakers_and_sources_without_losing_rows():
    joined = claimset.join(claimset.load(DATASET), claimset.load(DATASET, "speakers"),
                           claimset.load(DATASET, "sources"))
    assert len(joined) == N_STATEMENTS
    putin = joined[joined["statement_id"] == f"{SOURCE_ID}-s027-1"].iloc[0]
    assert (putin["speaker_wikidata_id"], putin["speaker_role"]) == ("Q7747", "President of Russia")
    assert putin["source_published"] == "2019-01/2019-07" and "source_text" not in joined.columns


def test_join_polars():
    joined = claimset.join(claimset.load(DATASET, backend="polars"),
                           claimset.load(DATASET, "speakers", backend="polars"))
    assert joined.height == N_STATEMENTS and "speaker_kind" in joined.columns


def test_load_invalid_copy_raises_with_the_report(tmp_path):
    df = pd.read_parquet(STATEMENTS)
    df.loc[0, "paragraph"] = 0
    df.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(claimset.InvalidDataError, match="statements.paragraph: greater_than_or_equal_to"):
        claimset.load(tmp_path / "bad.parquet")


def test_load_rejects_unknown_backend():
    with pytest.raises(ValueError, match="backend must be 'pandas' or 'polars', not 'spark'"):
        claimset.load(DATASET, backend="spark")


def test_the_readme_question_across_sources_gives_the_same_rows_in_pandas_and_duckdb():
    """The README's cross-source example: the same statements from claimset.load and from DuckDB, and more
    than one source among them (Putin is one speaker_id in the transcripts and in the essay)."""
    import re

    import duckdb

    import claimset
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    python = re.search(r"```python\nimport claimset\n\nst = claimset.load\(\"dataset\"\)\n(.*?)```", readme, re.S)
    sql = re.search(r"```sql\n(SELECT date, source_id, quote FROM .*?;)\n```", readme, re.S)
    assert python and sql
    st = claimset.load(ROOT / "dataset")
    putin = st[(st.speaker_id == "vladimir-putin") & (st.claim_type == "direct_quote")
               & st.quote.str.contains("Japan", case=False)]
    assert "putin = st[(st.speaker_id == \"vladimir-putin\") & (st.claim_type == \"direct_quote\")" in python.group(1)
    expected = putin.sort_values(["date_start", "source_id", "statement_id"])[["date", "source_id", "quote"]]
    query = sql.group(1).replace("'dataset/", f"'{ROOT / 'dataset'}/")
    found = duckdb.sql(query).fetchall()
    assert found == list(expected.itertuples(index=False, name=None))
    assert len({source for _, source, _ in found}) >= 3
