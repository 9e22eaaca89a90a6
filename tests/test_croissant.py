"""Croissant metadata: built with mlcroissant, valid to it with no warnings, every record set read back, the
fields the schema's columns, and each label column's index named by the enumeration record set it references."""
import json

import pandas as pd

from conftest import DATASET

CONFIGS = ("statements", "speakers", "sources", "labels")


def fresh():
    """The published croissant.json as mlcroissant reads it. A fresh Dataset for each read: mlcroissant (1.1.1)
    gives no records the second time a record set with references is read."""
    import mlcroissant as mlc

    return mlc.Dataset(jsonld=str(DATASET / "croissant.json"))


def test_croissant_reads_every_record_of_every_config():
    from claimset.labels import ID_COLUMNS

    for config in CONFIGS:
        expected = pd.read_parquet(DATASET / f"data/{config}/train-00000-of-00001.parquet")
        records = list(fresh().records(record_set=config))
        assert len(records) == len(expected)
        got = [r[f"{config}/{ID_COLUMNS[config]}"].decode() for r in records]
        assert got == expected[ID_COLUMNS[config]].tolist()
    first = next(iter(fresh().records(record_set="statements")))
    expected = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet").iloc[0]
    assert first["statements/claim_type"] == expected["claim_type"]
    assert first["statements/quote"].decode() == expected["quote"]


def test_the_label_columns_reach_their_names_through_the_enumerations_they_reference():
    """Reading every record set gives the names: each statement's claim_type and verdict index, looked up in the
    enumeration record set the field references, is the name claimset.load gives that row."""
    import claimset

    metadata = fresh().metadata
    assert not metadata.ctx.issues.warnings and not metadata.ctx.issues.errors
    fields = {field.id: field for record_set in metadata.record_sets for field in record_set.fields}
    loaded = claimset.load(DATASET).set_index("statement_id")
    rows = list(fresh().records(record_set="statements"))
    for column in ("claim_type", "verdict"):
        target = fields[f"statements/{column}"].references.field
        enumeration, index_field = (target[0] if isinstance(target, list) else target).split("/")
        assert index_field == "label_index"
        kinds = {record_set.id: record_set.data_types for record_set in metadata.record_sets}
        assert [str(t) for t in kinds[enumeration]] == ["https://schema.org/Enumeration"]
        names = {r[f"{enumeration}/label_index"]: r[f"{enumeration}/name"] for r in fresh().records(enumeration)}
        assert list(names.values()) == list(loaded[column].cat.categories)
        named = {r["statements/statement_id"].decode(): names[r[f"statements/{column}"]] for r in rows}
        assert named == loaded[column].astype(str).to_dict()
    labels = {(r["labels/column_name"].decode(), r["labels/label_index"]): r["labels/name"].decode()
              for r in fresh().records(record_set="labels")}
    assert labels[("verdict", 1)] == "mixed" and labels[("claim_type", 0)] == "direct_quote"


def test_croissant_fields_are_the_schema_columns():
    from claimset import contract

    doc = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    sets = {record_set["@id"]: record_set for record_set in doc["recordSet"]}
    assert list(sets) == [*CONFIGS, "statements_claim_type_labels", "statements_verdict_labels"]
    for config in CONFIGS:
        assert [f["name"] for f in sets[config]["field"]] == [c["name"] for c in contract.columns(config)]


def test_croissant_declares_keys_references_creator_keywords_languages_and_licences():
    """Each record set's key is its id column (labels: its three-column key); the foreign keys the models declare
    (to another table) and the label columns are references mlcroissant resolves; creator, keywords and languages
    come from dataset.yaml and the sources; the annotations' licence has its URL and each source text's terms
    are given."""
    from claimset import contract
    from claimset.labels import CONFIGS as DATA, ID_COLUMNS

    metadata = fresh().metadata
    assert not metadata.ctx.issues.warnings and not metadata.ctx.issues.errors
    sets = {record_set.name: record_set for record_set in metadata.record_sets}
    assert {name: sets[name].key for name in CONFIGS} == {
        **{config: [f"{config}/{ID_COLUMNS[config]}"] for config in DATA},
        "labels": ["labels/table_name", "labels/column_name", "labels/label_index"]}
    declared = {(config, key["fields"], f"{key['reference']['resource']}/{key['reference']['fields']}")
                for config in DATA for key in contract.spec()[config]["foreign_keys"]
                if key["reference"]["resource"] != config}
    declared |= {("statements", column, f"statements_{column}_labels/label_index")
                 for column in ("claim_type", "verdict")}
    found = {(name, field.name, field.references.field[0] if isinstance(field.references.field, list)
              else field.references.field)
             for name, record_set in sets.items() for field in record_set.fields if field.references}
    assert found == declared and len(found) == 5
    assert metadata.in_language == ["en"] and "fact-checking" in metadata.keywords and metadata.creators
    assert metadata.license[0].url == "https://creativecommons.org/licenses/by/4.0/"
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    terms = " ".join(work.description for work in metadata.license[1:])
    assert all(source_id in terms and " ".join(text.split()) in terms
               for source_id, text in zip(sources["source_id"], sources["license"]))


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    """Built twice from the same tables and dataset.yaml, croissant.json is byte for byte the same (and the
    committed one is what the build writes)."""
    from claimset.croissant import croissant
    from claimset.dataset_info import load_dataset_info
    from claimset.labels import ALL_CONFIGS
    from conftest import ROOT

    doc = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    files = {config: (fo["contentUrl"], fo["sha256"]) for config, fo in zip(ALL_CONFIGS, doc["distribution"])}
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    info = load_dataset_info(ROOT)
    made = [croissant(files, info, sources, doc["datePublished"]) for _ in range(2)]
    assert made[0] == made[1] == (DATASET / "croissant.json").read_text(encoding="utf-8")


def test_the_datasets_address_is_given_once_dataset_yaml_gives_one():
    import dataclasses

    from claimset.croissant import croissant
    from claimset.dataset_info import load_dataset_info
    from claimset.labels import ALL_CONFIGS
    from conftest import ROOT

    files = {config: (f"data/{config}/train-00000-of-00001.parquet", "0" * 64) for config in ALL_CONFIGS}
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    info = load_dataset_info(ROOT)
    assert "url" not in json.loads(croissant(files, info, sources, "2026-01-02"))
    addressed = dataclasses.replace(info, url="https://huggingface.co/datasets/my-org/claimset")
    doc = json.loads(croissant(files, addressed, sources, "2026-01-02"))
    assert doc["url"] == "https://huggingface.co/datasets/my-org/claimset" and doc["datePublished"] == "2026-01-02"
