"""The committed dataset/ as users receive it: loadable offline, typed as declared, readable by other tools."""
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from claimset.schemas import CLAIM_TYPES, VERDICTS
from conftest import DATASET, SOURCE_ID

CONFIGS = ["statements", "speakers", "sources", "labels"]


def test_the_committed_dataset_passes_the_projects_own_validator():
    """Conformance by our own validator (the independent checker in ../shared runs beside the project, not here)."""
    result = subprocess.run([sys.executable, "-m", "claimset", "validate", str(DATASET)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith(f"{DATASET}: valid (")


@pytest.mark.parametrize("config", CONFIGS)
def test_load_dataset_offline_returns_declared_features(config):
    import datasets

    from claimset.contract import features

    ds = datasets.load_dataset(str(DATASET), config, split="train")
    assert ds.features == features(config)
    assert ds.num_rows > 0


def test_default_config_is_statements_with_class_labels_and_dates():
    import datasets

    ds = datasets.load_dataset(str(DATASET), split="train")
    assert ds.features["claim_type"].names == CLAIM_TYPES
    assert ds.features["verdict"].names == VERDICTS
    assert ds.features["date_start"] == datasets.Value("date32")
    assert ds.features["paragraph"] == datasets.Value("int32")
    assert ds.features["evidence"] == datasets.List(datasets.Value("string"))
    assert ds.num_rows == len(pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet"))


def test_pandas_polars_and_duckdb_read_the_parquet_files():
    import duckdb
    import polars as pl

    path = DATASET / "data/statements/train-00000-of-00001.parquet"
    frame = pd.read_parquet(path)
    assert pl.read_parquet(path).height == len(frame)
    [(count,)] = duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()
    assert count == len(frame)
    quotes = duckdb.sql(f"SELECT quote FROM '{path}' WHERE claim_type = 0 AND level = 'span' ORDER BY char_start")
    assert [q for (q,) in quotes.fetchall()][:1] == ["cardinal solutions"]


def test_every_quote_is_verbatim_and_essay_is_the_seed_text():
    statements = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet")
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    texts = sources.set_index("source_id")["text"]
    assert sources.set_index("source_id").at[SOURCE_ID, "text_sha256"] == (
        "100e827405307edd880d1c2167a3cb018351cca6da79d401f58ee71f852363d6")
    for row in statements.itertuples():
        assert texts[row.source_id][row.char_start:row.char_end] == row.quote


def test_card_has_no_placeholders_and_every_section():
    card = (DATASET / "README.md").read_text(encoding="utf-8")
    for heading in ["## Dataset Description", "### Dataset Summary", "### Data Instances", "### Data Fields",
                    "### Source Data", "#### Annotation process", "#### Guidelines", "#### How dates were decided",
                    "#### How speakers were decided", "#### Borderline decisions", "### Other Known Limitations",
                    "### Dataset Curators", "### Licensing Information", "### Citation Information"]:
        assert heading in card
    for placeholder in ["[More Information Needed]", "TODO", "TBD", "nan", "None;", "No row has"]:
        assert placeholder not in card
    for claim_type in CLAIM_TYPES:
        entry = card.split(f"\n- **`{claim_type}`**", 1)[1].split("\n- ", 1)[0]
        assert re.search(r"Example \(`[a-z0-9-]+-s[0-9]{3}", entry), claim_type  # a statement of any source


def test_card_and_croissant_say_what_dataset_yaml_says():
    """The prose is dataset.yaml's, word for word; the figures beside it are the tables'."""
    from claimset.dataset_info import load_dataset_info

    info = load_dataset_info(DATASET.parent)
    card = (DATASET / "README.md").read_text(encoding="utf-8")
    from huggingface_hub import DatasetCard

    assert DatasetCard(card).data.pretty_name == info.pretty_name and f"\n# {info.pretty_name}\n" in card
    for text in (info.summary, info.rationale, info.citation, info.annotators, info.checking_limits,
                 *(text for _, text in info.guidelines), *info.dates, *info.limitations):
        assert text in card, text[:60]
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    for source in sources.itertuples():
        assert f"| `{source.source_id}` | {source.title} |" in card
        assert f"- `{source.source_id}`: {' '.join(source.license.split())}" in card
    croissant = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    assert (croissant["name"], croissant["alternateName"], croissant["version"], croissant["citeAs"]) == (
        info.name, info.pretty_name, info.version, info.citation)
    assert croissant["description"] == " ".join(info.summary.split())


def test_card_field_table_is_the_schema_rendering():
    from claimset import arrow, contract

    card = (DATASET / "README.md").read_text(encoding="utf-8")
    assert contract.as_markdown(heading_level=4) in card
    assert (DATASET / "contract.json").read_text(encoding="utf-8") == contract.as_json()


@pytest.mark.parametrize("config", CONFIGS)
def test_hand_built_features_match_datasets(config):
    """The build writes features without importing datasets; they must be what datasets would write."""
    from claimset import arrow, contract

    import datasets

    features = contract.features(config)  # datasets' own classes, read from the hand-built dict
    assert features.to_dict() == contract.hf_features(config)  # and written back by datasets as the build writes it
    for column in contract.columns(config):
        feature = features[column["name"]]
        if column["type"] == "class_label":
            assert isinstance(feature, datasets.ClassLabel) and feature.names == column["names"]
        else:
            assert isinstance(feature, datasets.List if column["type"].startswith("list<") else datasets.Value)
    assert contract.hf_yaml_features(config) == features._to_yaml_list()
    assert arrow.published_schema(config).remove_metadata() == features.arrow_schema.remove_metadata()


def _readme_block(language: str, opening: str) -> str:
    """The README's one code block in ``language`` that starts with ``opening``."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(rf"```{language}\n(.*?)```", readme, re.S) if block.startswith(opening)]
    assert len(blocks) == 1, opening
    return blocks[0]


def test_the_readmes_duckdb_polars_and_pandas_queries_by_label_name_give_the_rows_claimset_load_gives(monkeypatch):
    """Raw Parquet holds label indices: the README's queries join the labels config to select `mixed` verdicts,
    run here exactly as written (from the repository root, as the README's paths are), and give the rows
    claimset.load gives; polars and pandas get `verdict` in its documented order (Enum, ordered category)."""
    import duckdb
    import polars as pl

    import claimset
    from conftest import ROOT

    st = claimset.load(DATASET)
    expected = st[st["verdict"] == "mixed"].sort_values("statement_id")[["statement_id", "claim"]]
    rows = list(expected.itertuples(index=False, name=None))
    assert len(rows) >= 2
    monkeypatch.chdir(ROOT)
    sql = _readme_block("sql", "SELECT s.statement_id, s.claim, v.name AS verdict")
    assert "JOIN 'dataset/data/labels/*.parquet'" in sql and "WHERE v.name = 'mixed'" in sql
    assert duckdb.sql(sql).fetchall() == [(*row, "mixed") for row in rows]
    with pytest.raises(duckdb.ConversionException, match="Could not convert string 'mixed'"):
        duckdb.sql("SELECT * FROM 'dataset/data/statements/*.parquet' WHERE verdict = 'mixed'").fetchall()

    polars_code = _readme_block("python", "import polars as pl\n\nlabels = pl.read_parquet")
    found = {}
    exec(polars_code, found)
    mixed = found["mixed"]
    assert mixed.schema["verdict"] == pl.Enum(VERDICTS) and found["st"].schema["verdict"] == pl.Enum(VERDICTS)
    assert mixed.select("statement_id", "claim").rows() == rows and set(mixed["verdict"]) == {"mixed"}
    below = found["st"].filter(pl.col("verdict") < "supported")["statement_id"].sort().to_list()
    assert below == sorted(st.loc[st["verdict"].isin(["refuted", "mixed"]), "statement_id"])

    pandas_code = _readme_block("python", "import pandas as pd\n\nlabels = pd.read_parquet")
    found = {}
    exec(pandas_code, found)
    mixed = found["mixed"]
    assert mixed["verdict"].cat.ordered and list(mixed["verdict"].cat.categories) == VERDICTS
    assert list(mixed[["statement_id", "claim"]].itertuples(index=False, name=None)) == rows
    assert found["st"]["verdict"].tolist() == st["verdict"].tolist()  # every row named as claimset.load names it


def test_the_labels_config_names_every_index_of_the_label_columns():
    """One row per label, as the contract orders the names; raw Parquet readers join it on the key."""
    import polars as pl

    from claimset.schemas import CLAIM_TYPE_DEFINITIONS, VERDICT_DEFINITIONS

    labels = pl.read_parquet(DATASET / "data/labels/train-00000-of-00001.parquet")
    assert labels.columns == ["table_name", "column_name", "label_index", "name", "description", "ordered"]
    for column, names, meanings, ordered in (("claim_type", CLAIM_TYPES, CLAIM_TYPE_DEFINITIONS, False),
                                             ("verdict", VERDICTS, VERDICT_DEFINITIONS, True)):
        rows = labels.filter(table_name="statements", column_name=column).sort("label_index")
        assert rows["label_index"].to_list() == list(range(len(names))) and rows["name"].to_list() == names
        assert rows["description"].to_list() == [meanings[name] for name in names]
        assert set(rows["ordered"]) == {ordered}
    assert labels.height == len(CLAIM_TYPES) + len(VERDICTS)


def test_the_cards_duckdb_query_by_label_name_runs_from_the_dataset_folder(monkeypatch):
    """The card's SQL (paths relative to the dataset repository, as on the Hub) selects the `mixed` verdicts."""
    import duckdb

    import claimset

    card = (DATASET / "README.md").read_text(encoding="utf-8")
    [sql] = re.findall(r"```sql\n(.*?)```", card, re.S)
    monkeypatch.chdir(DATASET)
    rows = duckdb.sql(sql).fetchall()
    statements = claimset.load(DATASET)
    mixed = statements[statements["verdict"] == "mixed"]
    assert sorted(rows) == sorted(zip(mixed["statement_id"], mixed["claim"], ["mixed"] * len(mixed)))
    assert rows
