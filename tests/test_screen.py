"""The screen of a dataset folder: the rules in screen mode, agreeing with their explanation on any damage."""
import datetime as dt
import json
import shutil

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from claimset import contract
from claimset.cli import cli
from claimset.labels import ALL_CONFIGS, CONFIGS
from claimset.reading import read
from claimset.validation import validate_copy
from claimset.schemas import MODELS
from claimset.contract import SPEC_FILE
from claimset.screen import screen, screen_folder
from conftest import DATASET, N_LABELS, N_SOURCES, N_SPEAKERS, N_STATEMENTS, ROWS, examples

TABLES = {config: pl.read_parquet(DATASET / f"data/{config}/train-00000-of-00001.parquet") for config in CONFIGS}


def write_folder(folder, tables):
    for config, frame in tables.items():
        (folder / "data" / config).mkdir(parents=True, exist_ok=True)
        frame.write_parquet(folder / "data" / config / "train-00000-of-00001.parquet")
    return folder


def test_spec_file_is_generated_from_the_models():
    assert json.loads(SPEC_FILE.read_text(encoding="utf-8")) == contract.compile_contract(), (
        "claimset/contract_spec.json is stale; regenerate it: "
        "python -c 'import claimset.contract as c; c.write_compiled()'")
    assert list(MODELS) == ALL_CONFIGS


def test_published_dataset_passes_the_screen():
    assert screen(TABLES) == []
    assert screen_folder(DATASET) == ({"statements": N_STATEMENTS, "speakers": N_SPEAKERS, "sources": N_SOURCES,
                                       "labels": N_LABELS}, [])


def test_copies_not_in_contract_types_are_left_to_the_full_validator(tmp_path):
    tables = dict(TABLES, statements=TABLES["statements"].with_columns(pl.col("paragraph").cast(pl.Int64)))
    assert screen_folder(write_folder(tmp_path / "a", tables)) is None
    assert screen_folder(write_folder(tmp_path / "b", {"statements": TABLES["statements"]})) is None


@pytest.mark.parametrize("damage, rule", [
    (lambda t: t.update(statements=t["statements"].with_columns(pl.col("quote").str.replace("Tokyo", "Tokio"))),
     "statements.quote: quote not verbatim"),
    (lambda t: t.update(statements=t["statements"].filter(pl.col("statement_id") != "russia-japan-2019-s002")),
     "statements: text not covered before this sentence"),
    (lambda t: t.update(sources=t["sources"].with_columns(pl.col("n_sentences") + 1)),
     "sources.n_sentences: wrong sentence count"),
    (lambda t: t.update(speakers=t["speakers"].with_columns(pl.col("name").str.to_uppercase())),
     "statements.speaker: speaker name mismatch"),
    (lambda t: t.update(statements=t["statements"].with_columns(
        pl.when(pl.col("claim_type") == 0).then(1).otherwise(pl.col("claim_type")).alias("claim_type"))),
     "sources.text: quotation without direct_quote span"),
    (lambda t: t.update(statements=t["statements"].with_columns(pl.col("date").str.replace("2019-01", "2019-02"))),
     "statements: date bounds"),
])
def test_screen_names_the_broken_rule(damage, rule):
    tables = dict(TABLES)
    damage(tables)
    assert rule in screen(tables)


STRING_VALUES = st.sampled_from(["", " x", "x ", "Tokyo", "russia-japan-2019", "2019-01/2019-07", "2018", "span",
                                 "sentence", "publication", "vladimir-putin", "russia-japan-2019-s001",
                                 "russia-japan-2019-s003-1", "“", "author"])


@st.composite
def damaged(draw):
    """The published tables with a few plausible edits that keep the contract's column types."""
    tables = {config: frame.clone() for config, frame in TABLES.items()}
    for _ in range(draw(st.integers(1, 3))):
        config = draw(st.sampled_from(["statements"] * 6 + ["speakers", "sources"]))
        frame = tables[config]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "swap", "drop", "duplicate"]))
        row = draw(st.integers(0, frame.height - 1))
        if kind == "drop" and frame.height > 1:
            frame = frame.filter(pl.int_range(pl.len()) != row)
        elif kind in ("drop", "duplicate"):
            frame = pl.concat([frame, frame.slice(row, 1)])
        else:
            name = draw(st.sampled_from(frame.columns))
            dtype = frame.schema[name]
            values = frame[name].to_list()
            if kind == "swap":
                other = draw(st.integers(0, frame.height - 1))
                values[row], values[other] = values[other], values[row]
            elif dtype == pl.String:
                old = values[row] or ""
                values[row] = draw(st.one_of(
                    STRING_VALUES, st.just(None), st.just(old + " "), st.just(old[1:]), st.just(old[:-1]),
                    st.just(old.replace("“", '"')), st.just(old[:5] + "“" + old[5:]),
                    st.sampled_from(values).filter(lambda v: v is not None)))
            elif dtype in (pl.Int32, pl.Int64):
                values[row] = (values[row] or 0) + draw(st.integers(-2, 2))
            elif dtype == pl.Boolean:
                values[row] = not values[row]
            elif dtype == pl.Date:
                values[row] = draw(st.one_of(st.none(), st.just((values[row] or dt.date(2019, 1, 1))
                                                                 + dt.timedelta(days=draw(st.integers(-40, 40))))))
            else:  # list<string>
                values[row] = draw(st.sampled_from([[], [""], ["a record"], None]))
            frame = frame.with_columns(pl.Series(name, values, dtype=dtype))
        tables[config] = frame
    return tables


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=damaged())
def test_screen_reports_exactly_the_rules_the_full_validator_explains(tmp_path_factory, tables):
    folder = write_folder(tmp_path_factory.mktemp("copy"), tables)
    full = validate_copy(read(folder), str(folder))
    screened = screen_folder(folder)
    assert screened is not None
    assert sorted(screened[1]) == sorted(full.counts()), full.failures[:3]


def test_validate_answers_from_the_screen_and_explains_through_the_full_validator(tmp_path):
    folder = shutil.copytree(DATASET, tmp_path / "dataset")
    ok = CliRunner().invoke(cli, ["validate", str(folder)])
    assert (ok.exit_code, ok.output) == (0, f"{folder}: valid ({ROWS}).\n")
    tables = dict(TABLES, sources=TABLES["sources"].with_columns(pl.col("n_sentences") + 1))
    write_folder(folder, tables)
    bad = CliRunner().invoke(cli, ["validate", str(folder)])
    assert bad.exit_code == 1
    assert bad.output.endswith("sources.n_sentences: wrong sentence count — 1 row; expected 35, the number of "
                               "its sentence rows\n  russia-japan-2019: 36\n")


@pytest.mark.parametrize("damage, rule", [
    (lambda t: t.update(statements=t["statements"].with_columns(pl.col("char_start").cast(pl.String))),
     "statements.char_start: physical type"),
    (lambda t: t.update(statements=t["statements"].with_columns(pl.col("check_worthy").cast(pl.Int64))),
     "statements.check_worthy: physical type"),
    (lambda t: t.update(sources=t["sources"].with_columns(pl.col("published_start").cast(pl.String))),
     "sources.published_start: physical type"),
    (lambda t: t.update(statements=t["statements"].head(0)), "sources.n_sentences: source without sentences"),
])
def test_stored_types_and_empty_tables_fail_the_screen_and_are_explained_in_full(tmp_path, damage, rule):
    tables = dict(TABLES)
    damage(tables)
    folder = write_folder(tmp_path, tables)
    screened = screen_folder(folder)
    assert screened is None or screened[1]  # the screen defers (types not the contract's) or fails
    assert rule in validate_copy(read(folder), str(folder)).counts()
