"""Croissant (ML Commons) metadata for the published folder, built with mlcroissant's own objects, which check
it as it is built and sort its JSON (the same inputs give the same bytes). Everything in it comes from dataset.yaml
and the tables, so it stays true as sources are added.
"""
from __future__ import annotations

import json

from . import contract
from .dataset_info import DatasetInfo, source_licences
from .labels import ALL_CONFIGS, ID_COLUMNS, LABEL_COLUMNS, LABELS_CONFIG, label_rows

SCHEMA_ORG = "https://schema.org/"
"""The vocabulary of Croissant's data types; ``contract.TYPES`` writes them compacted (``sc:Text``)."""
ENUMERATION_FIELDS = ("label_index", "name", "description")
"""The columns of the labels config that each label column's enumeration record set repeats (their types and
descriptions are the contract's)."""


def enumeration_id(config: str, column: str) -> str:
    """The id of the record set that enumerates a label column's names, e.g. ``statements_verdict_labels``."""
    return f"{config}_{column}_labels"


def croissant(files: dict[str, tuple[str, str]], info: DatasetInfo, sources, published: str) -> str:
    """Croissant 1.0 JSON-LD: a FileObject and a RecordSet per config, an enumeration RecordSet per label column;
    ``files`` maps config → (path, sha256), ``sources`` is the sources table (languages and the texts'
    licences). Raises ValueError when mlcroissant finds the metadata wrong (a bug here, not in the data)."""
    import mlcroissant as mlc

    ctx = mlc.Context()
    distribution = [mlc.FileObject(ctx=ctx, id=_file_id(config), name=_file_id(config), content_url=files[config][0],
                                   encoding_formats=["application/x-parquet"], sha256=files[config][1])
                    for config in ALL_CONFIGS]
    record_sets = [_record_set(mlc, ctx, config) for config in ALL_CONFIGS]
    record_sets += [_enumeration(mlc, ctx, config, column) for config, column in LABEL_COLUMNS]
    metadata = mlc.Metadata(
        ctx=ctx, name=info.name, description=" ".join(info.summary.split()), cite_as=info.citation,
        conforms_to=["http://mlcommons.org/croissant/1.0"],
        creators=[mlc.Organization(ctx=ctx, name=info.curators.rstrip("."))], keywords=list(info.hub.get("tags", [])),
        in_language=sorted(set(sources["language"])), url=info.url, license=_licences(mlc, ctx, info, sources),
        version=info.version, date_published=published, distribution=distribution, record_sets=record_sets)
    if ctx.issues.errors or ctx.issues.warnings:
        raise ValueError(f"the Croissant metadata is not right: {ctx.issues.report()}")
    doc = {}
    for key, value in metadata.to_json().items():  # schema.org's alternateName, which mlcroissant does not model
        doc[key] = value
        if key == "name":
            doc["alternateName"] = info.pretty_name
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _file_id(config: str) -> str:
    return f"{config}-parquet"


def _data_type(compact: str) -> str:
    """A schema.org data type in full, as mlcroissant takes it (``sc:Text`` → ``https://schema.org/Text``)."""
    return SCHEMA_ORG + compact.removeprefix("sc:")


def _record_set(mlc, ctx, config: str):
    """The config's record set: a field per column of the contract, read from the config's Parquet file."""
    references = {key["fields"]: f"{key['reference']['resource']}/{key['reference']['fields']}"
                  for key in contract.spec()[config]["foreign_keys"]  # declared in the models; one inside
                  if key["reference"]["resource"] != config}          # its own record set is no join to read
    references |= {column: f"{enumeration_id(table, column)}/label_index" for table, column in LABEL_COLUMNS
                   if table == config}
    fields = []
    for column in contract.columns(config):
        name, description = column["name"], column["description"]
        if column["type"] == "class_label":
            description += (f" Stored as the class index; the record set {enumeration_id(config, name)} (and the "
                            "labels config) names each index.")
        fields.append(mlc.Field(
            ctx=ctx, id=f"{config}/{name}", name=name, description=description,
            data_types=[_data_type(contract.TYPES[column["type"]].croissant)],
            repeated=column["type"].startswith("list<") or None,  # a list is a repeated field of its items' type
            source=mlc.Source(ctx=ctx, file_object=_file_id(config), extract=mlc.Extract(ctx=ctx, column=name)),
            references=mlc.Source(ctx=ctx, field=references[name]) if name in references else None))
    key = contract.primary_key(config) or [ID_COLUMNS[config]]
    return mlc.RecordSet(ctx=ctx, id=config, name=config, description=contract.description(config),
                         key=[f"{config}/{name}" for name in key], fields=fields)


def _enumeration(mlc, ctx, config: str, column: str):
    """The names of a label column as an enumeration record set, its rows inline: what each index stands for."""
    set_id = enumeration_id(config, column)
    rows = [row for row in label_rows() if (row["table_name"], row["column_name"]) == (config, column)]
    declared = {column["name"]: column for column in contract.columns(LABELS_CONFIG)}
    fields = [mlc.Field(ctx=ctx, id=f"{set_id}/{name}", name=name, description=declared[name]["description"],
                        data_types=[_data_type(contract.TYPES[declared[name]["type"]].croissant)])
              for name in ENUMERATION_FIELDS]
    return mlc.RecordSet(
        ctx=ctx, id=set_id, name=set_id, data_types=[_data_type("sc:Enumeration")], key=[f"{set_id}/label_index"],
        description=f"The names of `{config}.{column}`, by the class index the column stores.", fields=fields,
        data=[{f"{set_id}/{name}": row[name] for name in ENUMERATION_FIELDS} for row in rows])


def _licences(mlc, ctx, info: DatasetInfo, sources) -> list:
    """The annotations' licence (with its URL), then each distinct licence of the source texts, naming the sources
    it covers and, for a text dataset.yaml flags as not openly licensed, why it is included. A source text's
    licence has no URL of its own in the data, so none is given."""
    from .release import open_licence

    flagged = {source_id: reason for source_id, reason, _ in info.restricted_texts}
    works = [mlc.CreativeWork(ctx=ctx, name=info.annotations_license, url=info.annotations_license_url,
                              description="The licence of the annotations, the speaker registry and the metadata.")]
    for text, ids in source_licences(sources).items():
        reasons = " ".join(f"{source_id} is included because: {' '.join(flagged[source_id].split())}"
                           for source_id in ids if source_id in flagged)
        name = open_licence(text) or " ".join(text.split(";")[0].split(",")[0].split())
        works.append(mlc.CreativeWork(ctx=ctx, name=name, description=" ".join(
            [f"The terms of the source text{'s' if len(ids) > 1 else ''} {', '.join(ids)}: {text}", reasons]).strip()))
    return works
