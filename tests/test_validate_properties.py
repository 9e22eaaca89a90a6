"""Property tests: whatever `claimset validate` is fed, it exits 0, 1 or 2 with a message — never a traceback."""
import datetime as dt
import json

import pandas as pd
import pyarrow.parquet as pq
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from claimset.cli import cli
from conftest import DATASET

STATEMENTS = DATASET / "data/statements/train-00000-of-00001.parquet"
BASE = pd.read_parquet(STATEMENTS)
COLUMNS = list(BASE.columns)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

odd_values = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-2**40, 2**40), st.floats(allow_nan=True), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3), st.just(""), st.just("  padded "), st.just(dt.date(2019, 1, 1)),
    st.sampled_from(["direct_quote", "rumour", "-1", "7", "2018-13", "2019-01/2019-07", "true", "nope"]),
)


def run(path, *extra):
    result = CliRunner().invoke(cli, ["validate", str(path), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    assert result.output.strip(), "validate printed nothing"
    if result.exit_code == 2:
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    return result


def write(df: pd.DataFrame, path, fmt: str):
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r, default=str) for r in df.to_dict("records")), encoding="utf-8")
    else:
        df.to_parquet(path)


@SETTINGS
@given(
    cells=st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.sampled_from(COLUMNS), odd_values), max_size=6),
    dropped=st.lists(st.sampled_from(COLUMNS), max_size=3, unique=True),
    extra=st.booleans(),
    shuffle_offsets=st.booleans(),
    fmt=st.sampled_from(["csv", "jsonl", "parquet"]),
    as_json=st.booleans(),
)
def test_damaged_tables_never_crash(tmp_path_factory, cells, dropped, extra, shuffle_offsets, fmt, as_json):
    df = BASE.astype(object).copy()
    for row, column, value in cells:
        df.at[row, column] = value
    if shuffle_offsets:
        df["char_start"] = df["char_start"].sample(frac=1, random_state=1).to_numpy()
    df = df.drop(columns=dropped)
    if extra:
        df["mood"] = "calm"
    path = tmp_path_factory.mktemp("t") / f"statements.{fmt}"
    try:
        write(df, path, fmt)
    except Exception:  # pyarrow refuses some mixed-type columns; a file we cannot write is not a test case
        return
    result = run(path, "--config", "statements", *(["--format", "json"] if as_json else []))
    if as_json and result.exit_code != 2:
        doc = json.loads(result.output)
        assert doc["valid"] is (result.exit_code == 0)
        assert sum(doc["counts"].values()) >= len(doc["failures"])


@SETTINGS
@given(rows=st.lists(st.integers(0, len(BASE) - 1), min_size=1, max_size=20, unique=True),
       fmt=st.sampled_from(["csv", "jsonl", "parquet"]))
def test_any_subset_of_valid_rows_is_valid(tmp_path_factory, rows, fmt):
    df = BASE.iloc[sorted(rows)].reset_index(drop=True)
    if fmt != "parquet":
        df = df.assign(evidence=df["evidence"].map(list))
    path = tmp_path_factory.mktemp("v") / f"statements.{fmt}"
    write(df, path, fmt)
    result = run(path)
    assert result.exit_code == 0, result.output


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".parquet", ".csv", ".jsonl"]))
def test_random_bytes_never_crash(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("b") / f"random{suffix}"
    path.write_bytes(data)
    run(path)


@SETTINGS
@given(cut=st.integers(0, STATEMENTS.stat().st_size - 1))
def test_truncated_parquet_is_unreadable(tmp_path_factory, cut):
    path = tmp_path_factory.mktemp("c") / "cut.parquet"
    path.write_bytes(STATEMENTS.read_bytes()[:cut])
    assert run(path).exit_code == 2


def test_parquet_schema_is_untouched_by_validation():
    before = pq.read_schema(STATEMENTS)
    run(STATEMENTS)
    assert pq.read_schema(STATEMENTS) == before
