"""Where a dataset folder keeps each config's Parquet files (the card's ``configs``, else ``data/<config>/``).

Kept free of pandas and pandera so the fast screen can find the files in a fraction of a second.
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

from .errors import Unreadable
from .files import cannot_read
from .labels import ALL_CONFIGS, is_slug

SPLIT = "train"
"""The one split of every config: the data documents its sources, it is not a benchmark with held-out parts."""
DATA_FILE = "data/{config}/" + SPLIT + "-00000-of-00001.parquet"
"""Where a build writes a config's Parquet file inside the dataset folder (Hugging Face's shard naming)."""
CARD_FILE = "README.md"
CONTRACT_FILE = "contract.json"
CROISSANT_FILE = "croissant.json"
LICENSE_FILE = "LICENSE.md"
"""The terms of every part of the dataset (``licensing.licence_file``): the card's ``license_link`` names it."""
EVALUATION_FILE = "EVALUATION.md"
"""The draft-vs-accepted figures per source: a curated file of the repository (written by
``benchmarks/corpus_evaluation.py``) that the build publishes beside the card, byte for byte."""


def data_file(config: str) -> str:
    """Path of a config's Parquet file inside a dataset folder the build wrote."""
    return DATA_FILE.format(config=config)


def config_files(path: Path) -> dict[str, list[Path]]:
    """Parquet files per config: from the card's ``configs`` when present, else from ``data/<config>/``.

    A match that cannot be a data file (a folder named like a Parquet file, a FIFO, a device, a broken
    link) is Unreadable rather than skipped, so the user learns which path to fix instead of reading
    "missing config"; reading a FIFO would also wait forever.
    """
    try:
        return _config_files(path)
    except OSError as exc:  # e.g. a folder that cannot be searched
        raise Unreadable(cannot_read(Path(exc.filename) if exc.filename else path, exc)) from None


def _config_files(path: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    card = path / "README.md"
    if card.is_file():
        meta = card_metadata(card)
        configs = meta.get("configs") if isinstance(meta, dict) else None
        for entry in configs if isinstance(configs, list) else []:
            name = entry.get("config_name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or name not in ALL_CONFIGS:
                continue
            data_files = entry.get("data_files")
            data_files = [data_files] if isinstance(data_files, (str, dict)) else data_files
            for data_file in data_files if isinstance(data_files, list) else []:
                patterns = data_file.get("path") if isinstance(data_file, dict) else data_file
                for pattern in [patterns] if isinstance(patterns, str) else patterns if isinstance(patterns, list) else []:
                    found.setdefault(name, []).extend(inside(path, pattern, card))
    if not found:
        for name in ALL_CONFIGS:
            files = [f for f in sorted((path / "data" / name).glob("*.parquet")) if _is_data_file(f)]
            if files:
                found[name] = files
    return {name: files for name, files in found.items() if files}


def card_metadata(card: Path):
    """The card's YAML front matter, or None without one; Unreadable when it cannot be read or parsed."""
    import yaml

    from .yamlfile import TooDeep, parse

    try:
        text = card.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise Unreadable(cannot_read(card, exc)) from None
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not match:
        return None
    try:
        return parse(match.group(1), getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except TooDeep as exc:
        first = text.count("\n", 0, match.start(1)) + 1  # the card's line of the front matter's first line
        where = f":{first + exc.line - 1}" if exc.line else ""
        raise Unreadable(f"{card}{where}: the YAML front matter is {exc.reason}") from None
    except yaml.YAMLError:
        raise Unreadable(f"{card}: the YAML front matter does not parse; fix it or remove the card") from None


def inside(folder: Path, pattern, card: Path | None = None) -> list[Path]:
    """Files a card's data_files pattern names, only ever inside ``folder``."""
    if not isinstance(pattern, str) or not pattern.strip() or Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        return []
    root = folder.resolve()
    literal = folder / pattern
    if not any(ch in pattern for ch in "*?[") and literal.is_symlink() and not literal.exists():
        _is_data_file(literal)  # a broken link, which glob passes over: say so
    try:
        matches = sorted(folder.glob(pattern))
    except (ValueError, OSError):  # e.g. "**" inside a name, a NUL byte
        raise Unreadable(f"{card or folder}: the data_files pattern {pattern!r} is not a usable glob; "
                         "fix the card") from None
    return [p for p in matches if _is_data_file(p) and p.resolve().is_relative_to(root)]


def _is_data_file(match: Path) -> bool:
    """Whether a path a pattern matched is a file to read; folders are passed over, except one named like
    a Parquet file, which (like a FIFO, a device or a broken link) is Unreadable."""
    try:
        mode = match.stat().st_mode
    except FileNotFoundError:
        raise Unreadable(f"{match} is a broken link; point it at a Parquet file or remove it") from None
    except OSError as exc:
        raise Unreadable(cannot_read(match, exc)) from None
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISDIR(mode):
        if match.suffix.lower() != ".parquet":
            return False
        raise Unreadable(f"{match} is a folder, not a Parquet file; put the config's Parquet file in its place")
    raise Unreadable(f"{match} is not a regular file ({special_kind(mode)}); put a Parquet file in its place")


def special_kind(mode: int) -> str:
    """What a path that is neither a file nor a folder is, in words."""
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "an unusual kind of file"


def is_saved_dataset(path: Path) -> bool:
    """Whether ``path`` is a folder written by ``datasets``' ``save_to_disk`` (a Dataset or DatasetDict);
    False when it cannot be looked into (the reader then says why)."""
    try:
        return (path / "dataset_dict.json").is_file() or (path / "state.json").is_file()
    except OSError:
        return False


def site_page(folder: str, slug: str) -> str:
    """The path, within a rendered site (``claimset render``), of a source's or a speaker's page; an id that
    is not a slug never becomes a path. ClaimReview exports point into the same pages."""
    if not is_slug(slug):
        raise ValueError(f"{slug!r} is not a slug; it cannot name a page")
    return f"{folder}/{slug}.html"

