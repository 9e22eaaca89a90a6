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


def test_load_takes_a_hub_repo_id_from_the_hub_cache_offline(tmp_path):
    """A repo id that is no local path is fetched with huggingface_hub — offline, from its cache (laid out here
    as the Hub lays it out) — and validated whole as a dataset folder."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    repo = tmp_path / "hub" / "datasets--my-org--claimset"
    commit = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    shutil.copytree(ROOT / "dataset", repo / "snapshots" / commit)
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1"}
    code = ("import claimset\nst = claimset.load('my-org/claimset')\n"
            "print(len(st), st['claim_type'].dtype, sorted(st['source_id'].unique())[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = len(claimset.load(ROOT / "dataset"))
    assert done.stdout.split() == [str(rows), "category", "kantei-2016-12-13-chief-cabinet-secretary"]
    missing = subprocess.run([sys.executable, "-c", "import claimset; claimset.load('my-org/nothing')"],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1] == (
        "claimset.errors.Unreadable: my-org/nothing is no file or folder here, and as a Hugging Face repo id it is "
        "not in the Hub cache and the Hub cannot be reached (offline: HF_HUB_OFFLINE); fetch it once online (hf "
        "download my-org/nothing --repo-type dataset), or give a local path")
    typo = subprocess.run([sys.executable, "-c", "import claimset; claimset.load('dataset/missing.parquet')"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "Hugging Face" not in typo.stderr and "missing.parquet" in typo.stderr.strip().splitlines()[-1]


def test_verdict_is_an_ordered_category_and_claim_type_is_not():
    st = claimset.load(DATASET)
    assert st["verdict"].cat.ordered and list(st["verdict"].cat.categories) == VERDICTS
    assert not st["claim_type"].cat.ordered and list(st["claim_type"].cat.categories) == CLAIM_TYPES
    supported_or_better = st[st["verdict"] >= "supported"]["verdict"].unique()
    assert set(supported_or_better) <= {"supported", "unverifiable", "not_checked"}
    assert (st["verdict"] < "supported").sum() == st["verdict"].isin(["refuted", "mixed"]).sum()


def test_load_gives_the_labels_config():
    labels = claimset.load(DATASET, "labels")
    verdicts = labels[labels["column_name"] == "verdict"].sort_values("label_index")
    assert verdicts["name"].tolist() == VERDICTS and verdicts["ordered"].all()
    assert claimset.load(DATASET, "labels", backend="polars").height == len(CLAIM_TYPES) + len(VERDICTS)
