"""The build: sources → annotations → statements → validation → publish, failing before anything is written."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .annotations import load_annotations
from .errors import InvalidInput, Problem
from .schemas import edtf_bounds
from .sources import Source, load_sources
from .speakers import REGISTRY_FILE, Speaker, load_speakers
from .statements import Origin, build_statements
from .tables import make_frame
from .validation import check_dataset
from .verdicts import Checking, apply_verdicts, load_verdicts


@dataclass
class Built:
    """The validated tables and how their claims were checked."""

    tables: dict[str, pd.DataFrame]
    checking: Checking


def assemble(root: Path) -> Built:
    """Read every input under ``root`` and return the three validated tables, or raise InvalidInput."""
    problems: list[Problem] = []
    sources: list[Source] = _collect(problems, load_sources, root)
    speakers: list[Speaker] = _collect(problems, load_speakers, root)
    verdicts = _collect(problems, _cached_verdicts, root)
    if problems:
        raise InvalidInput(problems)
    checking, entries = verdicts

    registry = {s.speaker_id: s for s in speakers}
    statement_rows: list[dict] = []
    origins: dict[str, Origin] = {}
    for rows, row_origins, row_problems in statements_per_source(root, sources, registry):
        statement_rows += rows
        origins.update(row_origins)
        problems += row_problems
    if problems:
        raise InvalidInput(problems)
    problems = apply_verdicts(statement_rows, checking, entries, origins)
    if problems:
        raise InvalidInput(problems)

    sentence_counts = Counter(r["source_id"] for r in statement_rows if r["level"] == "sentence")
    tables = {
        "statements": make_frame("statements", statement_rows),
        "speakers": make_frame("speakers", [_speaker_row(s) for s in speakers]),
        "sources": make_frame("sources", [_source_row(s, sentence_counts[s.source_id]) for s in sources]),
    }
    found = check_dataset(tables["statements"], tables["speakers"], tables["sources"])
    if found:
        places = {("statements", sid): (o.file, o.line) for sid, o in origins.items()}
        places.update({("speakers", s.speaker_id): (REGISTRY_FILE, s.line) for s in speakers})
        places.update({("sources", s.source_id): (s.metadata_file, None) for s in sources})
        raise InvalidInput([Problem(*places.get((f.config, f.row), (None, None)), f.row, f.message) for f in found])
    return Built(tables, checking)


CACHE_DIR = ".claimset-cache"
PARALLEL_FROM = 64  # sources; below this a process pool costs more than it saves


def source_statements(task: tuple) -> tuple[list[dict], dict[str, Origin], list[Problem]]:
    """Parse and anchor one source's annotations: a pure function of its inputs (safe to run anywhere)."""
    source, display, registry = task
    try:
        annotations, parse_problems = load_annotations(source.annotations_file, display)
    except InvalidInput as exc:
        return [], {}, exc.problems
    rows, origins, problems = build_statements(source, annotations, registry)
    return rows, origins, parse_problems + problems


def statements_per_source(root: Path, sources: list[Source], registry: dict[str, Speaker]) -> list[tuple]:
    """Each source's rows, reusing cached work for sources whose inputs have not changed.

    The cache key is the hash of everything the stage reads: the source's text, publication date and
    annotation file, the speakers registry, and the code of the stage itself. Missing entries are computed in a process pool
    (the machine's cores) when there are many.
    """
    import hashlib
    import os
    import pickle

    from . import __version__

    cache = root / CACHE_DIR
    registry_file = root / REGISTRY_FILE
    from . import annotations, errors, schemas, statements, yamlfile

    code = b"".join(Path(m.__file__).read_bytes() for m in (annotations, errors, schemas, statements, yamlfile))
    common = hashlib.sha256(__version__.encode() + code + registry_file.read_bytes()).hexdigest()
    tasks, keys, results = [], [], {}
    for index, source in enumerate(sources):
        data = source.annotations_file.read_bytes() if source.annotations_file.is_file() else b""
        # everything the stage reads from the source: its text, its annotations, and its publication date
        key = hashlib.sha256(f"{common}{source.text_sha256}{source.published}".encode() + data).hexdigest()[:32]
        path = cache / f"{source.source_id}@{key}.pickle"  # '@' never occurs in a source id
        if path.is_file():
            try:
                results[index] = pickle.loads(path.read_bytes())
                continue
            except Exception:  # a damaged cache entry is recomputed
                pass
        tasks.append((index, (source, str(source.annotations_file.relative_to(root)), registry)))
        keys.append(path)
    if len(tasks) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor() as pool:
            computed = list(pool.map(source_statements, [t for _, t in tasks], chunksize=32))
    else:
        computed = [source_statements(t) for _, t in tasks]
    for (index, _), path, result in zip(tasks, keys, computed):
        results[index] = result
        if not result[2]:  # only clean results are cached
            _store(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return [results[i] for i in range(len(sources))]


def _cached_verdicts(root: Path):
    """load_verdicts, reusing the parse of an unchanged verdicts.yaml (it grows with the corpus)."""
    import hashlib
    import pickle

    from . import __version__
    from .verdicts import VERDICTS_FILE

    path = root / VERDICTS_FILE
    if not path.is_file():
        return load_verdicts(root)
    key = hashlib.sha256(__version__.encode() + path.read_bytes()).hexdigest()[:32]
    cached = root / CACHE_DIR / f"verdicts.yaml@{key}.pickle"
    if cached.is_file():
        try:
            checking, entries = pickle.loads(cached.read_bytes())
            return checking, entries
        except Exception:  # recompute a damaged entry
            pass
    result = load_verdicts(root)
    _store(cached, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def _store(path: Path, data: bytes) -> None:
    import os
    import tempfile

    path.parent.mkdir(exist_ok=True)
    for stale in path.parent.glob(path.name.split("@", 1)[0] + "@*.pickle"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _collect(problems: list[Problem], loader, root: Path):
    """Run one loader, adding its problems to ``problems`` instead of stopping at the first file."""
    try:
        return loader(root)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return None


def _speaker_row(speaker: Speaker) -> dict:
    row = asdict(speaker)
    row.pop("line")
    row["aliases"] = list(speaker.aliases)
    return row


def _source_row(source: Source, n_sentences: int) -> dict:
    start, end = edtf_bounds(source.published)
    return {
        "source_id": source.source_id, "title": source.title, "author": source.author,
        "publisher": source.publisher, "url": source.url, "language": source.language,
        "published": source.published, "published_start": start, "published_end": end,
        "published_basis": source.published_basis, "is_excerpt": source.is_excerpt, "license": source.license,
        "text": source.text, "text_sha256": source.text_sha256, "n_paragraphs": len(source.paragraphs),
        "n_sentences": n_sentences,
    }
