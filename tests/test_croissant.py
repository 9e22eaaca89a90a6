"""Croissant metadata: mlcroissant reads every record, and the fields are the schema's columns."""
import json

import pandas as pd

from conftest import DATASET



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
    expected = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet").iloc[0]
    assert first["statements/claim_type"] == expected["claim_type"]
    assert first["statements/quote"].decode() == expected["quote"]


def test_croissant_fields_are_the_schema_columns():
    from claimset import contract

    doc = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    for record_set in doc["recordSet"]:
        assert [f["name"] for f in record_set["field"]] == [c["name"] for c in contract.columns(record_set["name"])]
