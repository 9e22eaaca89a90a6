"""EDTF bounds: the fast path for plain dates agrees with the edtf library everywhere (reversed intervals refused)."""
from hypothesis import given, settings, strategies as st

from claimset.labels import _edtf_library_bounds, edtf_bounds

from conftest import examples

part = st.builds(lambda y, m, d, precision: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:precision]),
                 st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(1, 3))


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(part, st.builds(lambda a, b: f"{a}/{b}", part, part),
                 st.text(st.sampled_from("0129-/?~X."), max_size=12)))
def test_fast_bounds_agree_with_the_edtf_library(value):
    edtf_bounds.cache_clear()
    library = _edtf_library_bounds(value)
    # the library accepts an interval that ends before it starts; the contract does not
    assert edtf_bounds(value) == (library if library is None or library[0] <= library[1] else None)


def test_examples():
    import datetime as dt

    assert edtf_bounds("2019-01/2019-07") == (dt.date(2019, 1, 1), dt.date(2019, 7, 31))
    assert edtf_bounds("2020-02") == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert edtf_bounds("2019-02-29") is None and edtf_bounds("2019-13") is None
    assert edtf_bounds("1956~") is not None  # uncertain dates go to the library
    assert edtf_bounds("2019-07/2019-01") is None  # reversed: refused, not read as an empty range


def test_the_label_columns_here_are_the_contracts_and_their_rows_pass_the_labels_model():
    """labels.py is the one place of the label names and meanings: the models declare exactly these label
    columns (compiled into the contract), and the rows of the labels config pass its model and its rules."""
    import pandas as pd
    import polars as pl

    from claimset import rules
    from claimset.api import LABELS, ORDERED
    from claimset.contract import spec
    from claimset.labels import ALL_CONFIGS, CONFIGS, LABEL_COLUMNS, ORDERED_LABELS, label_rows
    from claimset.schemas import MODELS

    declared = {(config, column["name"]): column["names"] for config in ALL_CONFIGS
                for column in spec()[config]["columns"] if column["type"] == "class_label"}
    assert declared == {key: names for key, (names, _) in LABEL_COLUMNS.items()}
    assert all(set(meanings) == set(names) for names, meanings in LABEL_COLUMNS.values())
    assert LABELS == {"claim_type": LABEL_COLUMNS[("statements", "claim_type")][0],
                      "verdict": LABEL_COLUMNS[("statements", "verdict")][0]}
    assert ORDERED == {"verdict"} and ORDERED_LABELS == {("statements", "verdict")}
    rows = label_rows()
    assert [(r["column_name"], r["label_index"], r["name"]) for r in rows][5:8] == [
        ("claim_type", 5, "prediction"), ("claim_type", 6, "speculation"), ("verdict", 0, "refuted")]
    MODELS["labels"].validate(pd.DataFrame(rows).astype({"label_index": "int32"}), lazy=True)
    assert rules.table_failures("labels", pl.DataFrame(rows, schema_overrides={"label_index": pl.Int32})) == []
    assert {r["table_name"] for r in rows} <= set(CONFIGS)
