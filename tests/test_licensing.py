"""LICENSE.md, which the card's license_link names: the terms of every part of the dataset, from the data only."""
import re

import pandas as pd

from claimset.dataset_info import load_dataset_info
from claimset.licensing import licence_file
from conftest import DATASET, ROOT, SOURCE_ID

SOURCES = DATASET / "data/sources/train-00000-of-00001.parquet"


def test_the_published_licence_file_is_what_the_data_says():
    info = load_dataset_info(ROOT)
    sources = pd.read_parquet(SOURCES)
    text = (DATASET / "LICENSE.md").read_text(encoding="utf-8")
    assert text == licence_file(info, sources)
    assert f"[{info.annotations_license}]({info.annotations_license_url})" in text
    for source in sources.itertuples(index=False):
        entry = text.split(f"### `{source.source_id}`\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert f"- Title: {' '.join(source.title.split())}\n" in entry
        assert f"- Terms: {' '.join(source.license.split())}\n" in entry
        assert f"- Published at: {source.url if isinstance(source.url, str) else 'not known'}\n" in entry
    restricted = text.split("## Texts not under an open licence\n", 1)[1].split("\n## ", 1)[0]
    assert [line.split("`")[1] for line in restricted.splitlines() if line.startswith("- `")] == [
        source_id for source_id, _, _ in info.restricted_texts] == [SOURCE_ID]
    assert "MIT licence" in text.split("## Code\n", 1)[1]


def test_no_address_is_given_that_the_data_does_not_give():
    """Every URL in LICENSE.md is the annotations licence's (dataset.yaml) or stands in the sources table."""
    info = load_dataset_info(ROOT)
    sources = pd.read_parquet(SOURCES)
    known = " ".join([info.annotations_license_url, *sources["url"].dropna(), *sources["license"]])
    found = re.findall(r"https?://[^\s)\]]+", (DATASET / "LICENSE.md").read_text(encoding="utf-8"))
    assert found and [url for url in found if url.rstrip(".,;") not in known] == []


def test_missing_metadata_is_said_not_guessed_and_restricted_texts_are_optional():
    info = load_dataset_info(ROOT)
    sources = pd.read_parquet(SOURCES).head(1).assign(author=None, publisher=None, url=None)
    source_id = sources["source_id"].iloc[0]
    text = licence_file(info.__class__(**{**info.__dict__, "restricted_texts": ()}), sources)
    assert (f"### `{source_id}`\n\n- Title: {sources['title'].iloc[0]}\n- Author: not named in the text\n"
            "- Publisher: not stated\n- Published at: not known\n- Terms: ") in text
    assert "## Texts not under an open licence" not in text and text.count("\n### ") == 1
