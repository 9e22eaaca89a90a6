"""Annotations: curated YAML that names each statement by its exact words, never by offsets.

The build finds the offsets (``anchor``), so a curator can read and edit the file
without counting characters, and a wrong word is caught instead of silently
shifting a span.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput, Problem
from .files import read_input
from .labels import CLAIM_TYPES, control_character
from . import yamlfile
from .vocabulary import QUOTE_FOLD
from .wording import plural

ROW_KEYS = ("text", "occurrence", "claim_type", "speaker", "cue", "attributed_to", "claim", "date", "date_basis",
            "event_date", "is_translation", "check_worthy", "note")
SENTENCE_KEYS = ROW_KEYS + ("spans",)
BOOLEAN_KEYS = ("is_translation", "check_worthy")
STRING_KEYS = ("text", "speaker", "cue", "attributed_to", "claim", "date", "date_basis", "event_date", "note")


@dataclass
class Annotation:
    """One curated statement: its words, where it is written, and the labels the curator gave."""

    text: str
    occurrence: int | None
    labels: dict
    file: str
    line: int
    spans: list["Annotation"] = field(default_factory=list)

    def problem(self, message: str, statement: str | None = None) -> Problem:
        return Problem(self.file, self.line, statement, message)


def load_annotations(path: Path, display: str, ignore: tuple[str, ...] = (), fast: bool = False
                     ) -> tuple[list[Annotation], list[Problem]]:
    """Parse one source's annotation file: the annotations that can be placed, and every problem found.

    A row with a bad label is still returned (its text can be placed), so later stages can report
    their problems in the same run; a file that is no YAML mapping raises InvalidInput, one that cannot be read
    Unreadable.
    """
    if not path.is_file():
        raise InvalidInput([Problem(display, None, None,
                                    "missing; every source needs an annotations.yaml listing its sentences")])
    data = read_input(path)
    doc = (yamlfile.load_fast if fast else yamlfile.load)(path, display, data)
    controls = _may_hold_controls(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("sentences"), list) or not doc["sentences"]:
        raise InvalidInput([Problem(display, getattr(doc, "line", None), None,
                                    "must be a mapping with a non-empty 'sentences' list")])
    extra = sorted(set(map(str, doc)) - {"sentences", *ignore})
    problems = [Problem(display, getattr(doc, "line", None), None, f"unknown top-level key(s): {', '.join(extra)}")] if extra else []
    sentences = []
    for item in doc["sentences"]:
        sentence = _parse(item, display, SENTENCE_KEYS, problems, controls)
        if sentence is None:
            continue
        spans = item.get("spans") or []
        if not isinstance(spans, list):
            problems.append(Problem(display, getattr(item, "line", None), None, "spans must be a list of span entries"))
            spans = []
        for span_item in spans:
            span = _parse(span_item, display, ROW_KEYS, problems, controls)
            if span is not None:
                sentence.spans.append(span)
        sentences.append(sentence)
    return sentences, problems


_CONTROL_OR_ESCAPE = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\\[0abtnvfreN_LPxuU]")
"""A raw control character (C0 but tab and newline, DEL, C1 in UTF-8) or a YAML escape that makes one: a file
without any cannot hold a control character in a value, so its labels need no look each (millions at corpus
scale)."""


def _may_hold_controls(data: bytes) -> bool:
    """Whether any value of a YAML file (its bytes) can hold a control character."""
    return _CONTROL_OR_ESCAPE.search(data) is not None


def _parse(item, display: str, allowed: tuple[str, ...], problems: list[Problem],
           controls: bool = True) -> Annotation | None:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        problems.append(Problem(display, line, None, "each entry must be a mapping with at least 'text'"))
        return None
    unknown = sorted(set(map(str, item)) - set(allowed))
    if unknown:
        problems.append(Problem(display, line, None,
                                f"unknown key(s): {', '.join(unknown)}; allowed: {', '.join(allowed)}"))
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(display, line, None, "'text' is missing or empty; give the statement's exact words"))
    elif text != text.strip():
        problems.append(Problem(display, line, None, "'text' has leading or trailing whitespace; remove it"))
    claim_type = item.get("claim_type")
    if claim_type is None:
        problems.append(Problem(display, line, None, f"'claim_type' is missing; use one of: {', '.join(CLAIM_TYPES)}"))
    elif claim_type not in CLAIM_TYPES:
        problems.append(Problem(display, line, None,
                                f"unknown claim type {claim_type!r}; use one of: {', '.join(CLAIM_TYPES)}"))
    basis = item.get("date_basis")
    if basis is not None and basis not in ("explicit", "context"):
        problems.append(Problem(display, line, None, f"date_basis {basis!r} is not allowed here; use explicit or "
                                                     "context (publication is set by the build for the author's rows)"))
    for key in BOOLEAN_KEYS:
        if key in item and not isinstance(item[key], bool):
            problems.append(Problem(display, line, None, f"{key} must be true or false, not {item[key]!r}"))
    occurrence = item.get("occurrence")
    bad_occurrence = occurrence is not None and (
        isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1)
    if bad_occurrence:
        problems.append(Problem(display, line, None, "occurrence must be a whole number from 1 (the first occurrence)"))
    if not isinstance(text, str) or text != text.strip() or not text or bad_occurrence:
        return None
    labels = {k: item[k] for k in allowed if k not in ("text", "occurrence", "spans") and item.get(k) is not None}
    for key in ("date", "event_date"):  # an unquoted year such as 1956 arrives as a number
        if isinstance(labels.get(key), int) and not isinstance(labels[key], bool):
            labels[key] = str(labels[key])
    for key in STRING_KEYS:
        if key in labels and not isinstance(labels[key], str):
            problems.append(Problem(display, line, None, f"{key} must be text, not {labels.pop(key)!r}"))
        elif controls and key in labels and key != "text" and control_character(labels[key],
                                                                                 multiline=key in ("claim", "note")):
            control = control_character(labels.pop(key), multiline=key in ("claim", "note"))
            problems.append(Problem(display, line, None, f"{key} holds a control character ({control}); remove it"))
    return Annotation(text=text, occurrence=occurrence, labels=labels, file=display, line=line)


def anchor(haystack: str, ann: Annotation, base: int = 0, starts: list[int] | None = None,
           near: tuple[int, int] | None = None) -> tuple[int | None, str | None]:
    """Code-point offset of ``ann.text`` in ``haystack`` (plus ``base``), or an explanation of why not.

    ``starts``: the text's whole-word occurrences, when the caller found them already (``find_all``);
    ``near``: where the text was expected, which bounds the search for a closest passage in a long text.
    """
    if starts is None:
        starts = occurrences(haystack, ann.text)
    if not starts:
        return None, (f"text not found verbatim: {_clip(ann.text)!r}; "
                      f"{closest_passage(haystack, ann.text, near)}")
    if ann.occurrence is None:
        if len(starts) > 1:
            return None, (f"text occurs {len(starts)} times: {_clip(ann.text)!r}; add 'occurrence: N' "
                          f"(1 to {len(starts)}) to say which")
        return base + starts[0], None
    if ann.occurrence > len(starts):
        return None, (f"occurrence {ann.occurrence} asked for, but the text occurs {plural(len(starts), 'time')}: "
                      f"{_clip(ann.text)!r}")
    return base + starts[ann.occurrence - 1], None


def anchor_all(haystack: str, anns: list[Annotation]) -> list[tuple[int | None, str | None]]:
    """``anchor`` of each annotation, with the occurrences of all their texts found in one pass.

    Anchoring each annotation alone scans the whole text once per annotation: quadratic in a long
    source. A text that is not found is compared with the region between its placed neighbours (in
    file order, which is text order), where the curator meant it to be.
    """
    found = find_all(haystack, [ann.text for ann in anns])
    results: list = [anchor(haystack, ann, starts=found[ann.text]) if found[ann.text] else None for ann in anns]
    after = [0] * len(anns)  # end of the nearest placed annotation before each one
    end = 0
    for i, result in enumerate(results):
        after[i] = end
        if result is not None and result[0] is not None:
            end = result[0] + len(anns[i].text)
    start = len(haystack)
    for i in range(len(anns) - 1, -1, -1):
        if results[i] is None:
            results[i] = anchor(haystack, anns[i], starts=[], near=(after[i], start))
        elif results[i][0] is not None:
            start = results[i][0]
    return results


WORD = re.compile(r"\w")


def occurrences(haystack: str, words: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every offset where ``words`` occurs in ``haystack[start:end]`` as whole words, overlapping ones too.

    "the" does not match inside "other". Equivalent to a look-ahead regex search with ``\\w`` boundaries,
    but ``str.find`` does the scanning, an order of magnitude faster on long texts.
    """
    if not words:
        return []
    end = len(haystack) if end is None else end
    check_before, check_after = bool(WORD.match(words)), bool(WORD.search(words[-1:]))
    found, at = [], haystack.find(words, start, end)
    while at >= 0:
        after = at + len(words)
        if not (check_before and at > start and WORD.match(haystack, at - 1)) and \
                not (check_after and after < end and WORD.match(haystack, after)):
            found.append(at)
        at = haystack.find(words, at + 1, end)
    return found


CHUNK = 16  # characters per trie level in find_all
LEAF = 4    # texts that share a chunk and are simply compared with startswith


def find_all(haystack: str, texts) -> dict[str, list[int]]:
    """``occurrences(haystack, text)`` of every text at once, in one left-to-right pass over ``haystack``.

    Only positions where some text's first character stands are tried (after a non-word character when
    that character is a word character), and the texts are kept in a trie of 16-character chunks, so a
    position costs a few dict look-ups however many texts there are; ``str.find`` per text would scan
    the whole haystack once per text.
    """
    found: dict[str, list[int]] = {text: [] for text in texts}
    wanted = [text for text in found if text]
    if not wanted:
        return found
    size = len(haystack)
    root = _trie([(text, bool(WORD.search(text[-1]))) for text in wanted])
    firsts = {text[0] for text in wanted}
    word_first = "".join(re.escape(c) for c in sorted(c for c in firsts if WORD.match(c)))
    other_first = "".join(re.escape(c) for c in sorted(c for c in firsts if not WORD.match(c)))
    starts = re.compile("|".join(([rf"(?<!\w)[{word_first}]"] if word_first else [])
                                 + ([f"[{other_first}]"] if other_first else [])))

    def ends_well(text: str, check_after: bool, at: int) -> bool:
        after = at + len(text)
        return not (check_after and after < size and WORD.match(haystack, after))

    for match in starts.finditer(haystack):
        at = offset = match.start()
        node = root
        while True:
            ends, children = node
            for length, tails in ends.items():
                entry = tails.get(haystack[offset:offset + length])
                if entry is not None and ends_well(*entry, at):
                    found[entry[0]].append(at)
            child = children.get(haystack[offset:offset + CHUNK]) if children else None
            if child is None:
                break
            if type(child) is list:
                for text, check_after in child:
                    if haystack.startswith(text, at) and ends_well(text, check_after, at):
                        found[text].append(at)
                break
            node, offset = child, offset + CHUNK
    return found


def _trie(entries: list[tuple[str, bool]]) -> tuple[dict, dict]:
    """Nodes (ends, children): ``ends`` maps the length of a text's last chunk to {that chunk: entry};
    ``children`` maps the next 16 characters to a node, or to a short list of entries (a leaf)."""
    root: tuple[dict, dict] = ({}, {})
    todo = [(root, 0, entries)]
    while todo:
        (ends, children), depth, group = todo.pop()
        below: dict[str, list] = {}
        for entry in group:
            rest = len(entry[0]) - depth
            if rest <= CHUNK:
                ends.setdefault(rest, {})[entry[0][depth:]] = entry
            else:
                below.setdefault(entry[0][depth:depth + CHUNK], []).append(entry)
        for key, members in below.items():
            if len(members) <= LEAF:
                children[key] = members
            else:
                children[key] = node = ({}, {})
                todo.append((node, depth + CHUNK, members))
    return root


PASSAGE_WINDOW = 20_000
"""Characters of a longer text compared for a closest passage: difflib at every word start of a 10 MB
text takes minutes, and a typo stands where its neighbours were found."""
_SPACES = re.compile(r"\s+")
_folded_text: tuple[str, str] = ("", "")


def closest_passage(haystack: str, needle: str, near: tuple[int, int] | None = None) -> str:
    """Describe the passage of ``haystack`` most like ``needle``, to make a typo easy to find.

    A text longer than PASSAGE_WINDOW is compared only around ``near``, the region where the needle was
    expected (its start when not given), so that one failure costs the same in any text.
    """
    folded = _folded(haystack)
    at = folded.find(needle.translate(QUOTE_FOLD))
    if at >= 0:
        return (f"it matches {_clip(haystack[at:at + len(needle)])!r} except for quotation marks, apostrophes or "
                "dashes; copy them exactly as the text has them")
    width = len(needle)
    lo, hi = 0, len(haystack)
    if hi > PASSAGE_WINDOW:
        lo, hi = _window(hi, near or (0, 0), width)
    starts = [lo] if lo == 0 or (haystack[lo - 1].isspace() and not haystack[lo].isspace()) else []
    starts += [m.end() for m in _SPACES.finditer(haystack, lo, hi) if m.end() < hi or hi == len(haystack)]
    # the passage of highest ratio, the first of equals: candidates in order of an upper bound of their
    # ratio (difflib's quick_ratio), so that the exact ratio is computed for a few only
    bounds = _quick_ratios(haystack, needle, starts)
    best, best_at = -1.0, 0
    for bound, start in sorted(zip(bounds, starts), key=lambda pair: (-pair[0], pair[1])):
        if bound < best:
            break
        ratio = difflib.SequenceMatcher(None, needle, haystack[start:start + width], autojunk=False).ratio()
        if ratio > best or (ratio == best and start < best_at):
            best, best_at = ratio, start
    if best < 0.5:
        return "no similar passage; check that it belongs to this source (and, for a span, to its sentence)"
    return f"closest passage: {_clip(haystack[best_at:best_at + width])!r}"


def _quick_ratios(haystack: str, needle: str, starts: list[int]) -> list[float]:
    """difflib's ``quick_ratio`` of ``needle`` and the passage of its width at each of ``starts`` (in
    order), with the characters the two have in common counted in one window sliding over the text."""
    need: dict[str, int] = {}
    for char in needle:
        need[char] = need.get(char, 0) + 1
    have: dict[str, int] = {}
    common, lo, hi, bounds = 0, 0, 0, []
    for start in starts:
        end = min(start + len(needle), len(haystack))
        for char in haystack[max(hi, start):end]:  # characters entering the window
            count = have.get(char, 0)
            have[char] = count + 1
            if count < need.get(char, 0):
                common += 1
        for char in haystack[lo:min(start, hi)]:  # characters leaving it
            count = have[char] - 1
            have[char] = count
            if count < need.get(char, 0):
                common -= 1
        lo, hi = start, end
        length = len(needle) + end - start
        bounds.append(2.0 * common / length if length else 1.0)
    return bounds


def _window(size: int, near: tuple[int, int], width: int) -> tuple[int, int]:
    """At most PASSAGE_WINDOW characters around ``near`` (widened by a passage's width on each side)."""
    lo, hi = sorted(near)
    lo, hi = max(0, lo - width), min(size, hi + width)
    hi = min(hi, lo + PASSAGE_WINDOW)
    spare = (PASSAGE_WINDOW - (hi - lo)) // 2
    return max(0, lo - spare), min(size, hi + spare)


def _folded(text: str) -> str:
    """``text`` with quotation marks and dashes folded, kept for the last text: failures come in runs."""
    global _folded_text
    cached = _folded_text
    if cached[0] is not text:
        cached = _folded_text = (text, text.translate(QUOTE_FOLD))
    return cached[1]


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
