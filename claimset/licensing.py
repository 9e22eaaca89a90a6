"""The published folder's LICENSE.md, written from the data: the annotations' licence (dataset.yaml), each
source text's terms (the ``sources`` table) and the restricted texts dataset.yaml flags, so nothing here is about
one particular source. The card's header links to it (``license: other``, ``license_link``).
"""
from __future__ import annotations

from .dataset_info import DatasetInfo


def licence_file(info: DatasetInfo, sources) -> str:
    """LICENSE.md for the dataset folder: the same tables and dataset.yaml always give the same bytes."""
    return "\n".join([
        f"# Licences of {info.pretty_name}\n",
        f"Version {info.version}. The parts of this dataset are under different terms: the curators' work under "
        "one licence, each source text under its own. The card (`README.md`, *Licensing Information*) says the "
        "same in short.\n",
        "## Annotations, speaker registry and metadata\n",
        "Everything the curators made — the annotations in `statements`, the speaker registry (`speakers`), the label names (`labels`), the metadata of each source in "
        "`sources` (all but its `text`), the card, `contract.json`, `croissant.json` and the folder's other "
        f"documentation — is released under [{info.annotations_license}]({info.annotations_license_url}), except the "
        "words of the sources, wherever they appear (below).\n",
        "## Source texts\n",
        "Each source text (`sources.text`), and its words wherever they appear — the statements' `quote` and "
        "`cue`, examples quoted in the card — is under the terms its `license` field states, not under the annotations' licence. The texts are included "
        "only so that every statement can be traced to its exact place; this dataset grants no rights in them.\n",
        *(_source(source) for source in sources.itertuples(index=False)),
        _restricted(info),
        "## Code\n",
        "The claimset tool that builds this dataset is under the MIT licence, in the `LICENSE` file of its "
        "repository; it covers no data.",
    ]) + "\n"


def _source(source) -> str:
    """One source text: what it is, who wrote and published it, where, and its terms as its `license` states."""
    lines = [f"### `{source.source_id}`\n", f"- Title: {_text(source.title, 'none')}",
             f"- Author: {_text(source.author, 'not named in the text')}",
             f"- Publisher: {_text(source.publisher, 'not stated')}",
             f"- Published at: {_text(source.url, 'not known')}",
             f"- Terms: {_text(source.license, 'none stated')}"]
    return "\n".join(lines) + "\n"


def restricted_lines(info: DatasetInfo) -> str:
    """The texts the curators flagged as not under an open licence, one Markdown bullet each with why it is
    included (the card lists them too)."""
    return "\n".join(f"- `{source_id}`: {' '.join(reason.split())}" for source_id, reason, _ in info.restricted_texts)


def _restricted(info: DatasetInfo) -> str:
    if not info.restricted_texts:
        return ""
    return ("## Texts not under an open licence\n\n"
            "The curators flag these texts (`restricted_texts` in the `dataset.yaml` of the repository that builds "
            "the dataset), each with the reason it is included; reuse them only as their own terms allow:\n\n"
            f"{restricted_lines(info)}\n")


def _text(value, default: str) -> str:
    """A cell as one line of Markdown: null (None or NaN) as ``default``."""
    if value is None or value != value:
        return default
    return " ".join(str(value).split())
