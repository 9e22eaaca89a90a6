"""Croissant (ML Commons) metadata for the published folder, generated from the same schema as everything else.

The dataset's name, description, version, creator, keywords and citation are dataset.yaml's; the licence is the
annotations' (dataset.yaml) and each source text's (the ``sources`` table), and the languages are the sources', so
the metadata stays true as sources are added. Each record set's key is its id column, and the foreign keys the
models declare become ``references``.
"""
from __future__ import annotations

import json

from . import contract
from .dataset_info import DatasetInfo, source_licences
from .labels import CONFIGS, ID_COLUMNS

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def croissant(files: dict[str, tuple[str, str]], info: DatasetInfo, sources, published: str) -> str:
    """Croissant 1.0 JSON-LD: one FileObject and one RecordSet per config; ``files`` maps config → (path, sha256),
    ``sources`` is the sources table (for the texts' licences)."""
    distribution, record_sets = [], []
    for config in CONFIGS:
        path, digest = files[config]
        file_id = f"{config}-parquet"
        distribution.append({"@type": "cr:FileObject", "@id": file_id, "name": file_id, "contentUrl": path,
                             "encodingFormat": "application/x-parquet", "sha256": digest})
        fields = []
        references = {key["fields"]: f"{key['reference']['resource']}/{key['reference']['fields']}"
                      for key in contract.spec()[config]["foreign_keys"]  # declared in the models; one inside
                      if key["reference"]["resource"] != config}          # its own record set is no join to read
        for column in contract.columns(config):
            description = column["description"]
            if column["type"] == "class_label":
                description += " Stored as the class index."
            field = {"@type": "cr:Field", "@id": f"{config}/{column['name']}", "name": column["name"],
                     "description": description, "dataType": contract.croissant_type(column["type"]),
                     "source": {"fileObject": {"@id": file_id}, "extract": {"column": column["name"]}}}
            if column["type"].startswith("list<"):
                field["repeated"] = True
            if column["name"] in references:
                field["references"] = {"field": {"@id": references[column["name"]]}}
            fields.append(field)
        record_sets.append({"@type": "cr:RecordSet", "@id": config, "name": config,
                            "description": contract.description(config),
                            "key": {"@id": f"{config}/{ID_COLUMNS[config]}"}, "field": fields})
    doc = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": info.name,
        "alternateName": info.pretty_name,
        "description": " ".join(info.summary.split()),
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": info.citation,
        "creator": {"@type": "Organization", "name": info.curators.rstrip(".")},
        "keywords": list(info.hub.get("tags", [])),
        "inLanguage": sorted(set(sources["language"])),
        **({"url": info.url} if info.url else {}),
        "license": license_text(info, sources),
        "version": info.version,
        "datePublished": published,
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def license_text(info: DatasetInfo, sources) -> str:
    """The annotations' licence, then each distinct licence of the source texts with the sources it covers."""
    texts = " ".join(f"{', '.join(ids)}: {text}" for text, ids in source_licences(sources).items())
    return (f"Annotations, speaker registry and metadata: {info.annotations_license} "
            f"({info.annotations_license_url}). Source texts, each under its own terms — {texts}")
