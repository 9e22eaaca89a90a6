"""Where a dataset folder keeps each config's Parquet files (the card's ``configs``, else ``data/<config>/``).

Kept free of pandas and pandera so the fast screen can find the files in a fraction of a second.
"""
from __future__ import annotations

import re
from pathlib import Path

from .labels import CONFIGS


class Unreadable(Exception):
    """The input cannot be read as data (exit status 2)."""


def config_files(path: Path) -> dict[str, list[Path]]:
    """Parquet files per config: from the card's ``configs`` when present, else from ``data/<config>/``."""
    found: dict[str, list[Path]] = {}
    card = path / "README.md"
    if card.is_file():
        import yaml

        match = re.match(r"^---\s*\n(.*?)\n---\s*\n", card.read_text(encoding="utf-8", errors="replace"), re.S)
        try:
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            raise Unreadable(f"{card}: the YAML front matter does not parse; fix it or remove the card") from None
        configs = meta.get("configs") if isinstance(meta, dict) else None
        for entry in configs if isinstance(configs, list) else []:
            name = entry.get("config_name") if isinstance(entry, dict) else None
            if name not in CONFIGS:
                continue
            data_files = entry.get("data_files")
            data_files = [data_files] if isinstance(data_files, (str, dict)) else data_files
            for data_file in data_files if isinstance(data_files, list) else []:
                patterns = data_file.get("path") if isinstance(data_file, dict) else data_file
                for pattern in [patterns] if isinstance(patterns, str) else patterns if isinstance(patterns, list) else []:
                    found.setdefault(name, []).extend(inside(path, pattern))
    if not found:
        for name in CONFIGS:
            files = sorted((path / "data" / name).glob("*.parquet"))
            if files:
                found[name] = files
    return {name: files for name, files in found.items() if files}


def inside(folder: Path, pattern) -> list[Path]:
    """Files a card's data_files pattern names, only ever inside ``folder``."""
    if not isinstance(pattern, str) or not pattern.strip() or Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        return []
    root = folder.resolve()
    return sorted(p for p in folder.glob(pattern) if p.is_file() and p.resolve().is_relative_to(root))


def is_saved_dataset(path: Path) -> bool:
    """Whether ``path`` is a folder written by ``datasets``' ``save_to_disk`` (a Dataset or DatasetDict)."""
    return (path / "dataset_dict.json").is_file() or (path / "state.json").is_file()
