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
    # a fresh Dataset: mlcroissant (1.1.1) gives no records the second time a record set with references is read
    first = next(iter(mlc.Dataset(jsonld=str(DATASET / "croissant.json")).records(record_set="statements")))
    expected = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet").iloc[0]
    assert first["statements/claim_type"] == expected["claim_type"]
    assert first["statements/quote"].decode() == expected["quote"]


def test_croissant_fields_are_the_schema_columns():
    from claimset import contract

    doc = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    for record_set in doc["recordSet"]:
        assert [f["name"] for f in record_set["field"]] == [c["name"] for c in contract.columns(record_set["name"])]


def test_croissant_declares_keys_references_creator_keywords_and_languages():
    """Each record set's key is its id column; the foreign keys the models declare (to another table) are
    references mlcroissant resolves; creator, keywords and languages come from dataset.yaml and the sources."""
    import mlcroissant as mlc

    from claimset import contract
    from claimset.labels import CONFIGS, ID_COLUMNS

    metadata = mlc.Dataset(str(DATASET / "croissant.json")).metadata
    assert not metadata.ctx.issues.warnings and not metadata.ctx.issues.errors
    sets = {record_set.name: record_set for record_set in metadata.record_sets}
    assert {name: record_set.key for name, record_set in sets.items()} == {
        config: [f"{config}/{ID_COLUMNS[config]}"] for config in CONFIGS}
    declared = {(config, key["fields"], f"{key['reference']['resource']}/{key['reference']['fields']}")
                for config in CONFIGS for key in contract.spec()[config]["foreign_keys"]
                if key["reference"]["resource"] != config}
    found = {(name, field.name, field.references.field[0] if isinstance(field.references.field, list)
              else field.references.field)
             for name, record_set in sets.items() for field in record_set.fields if field.references}
    assert found == declared and len(found) == 3
    assert metadata.in_language == ["en"] and "fact-checking" in metadata.keywords and metadata.creators
