"""Drafting: propose annotations for a new source — sentences, quotations, speakers, dates, claim types.

The draft is an ordinary annotation file (``draft.yaml``, which the build ignores)
with a comment on every guess saying which rule made it, so the curator can confirm
or correct it and then accept it.  Cues live in ``claimset.cues``.

Attribution follows the text as a reader does: a quotation is given to the source its cue
names (before, inside or after it), else to the speaker the text is still talking about;
pronouns and nominal sources ("the mayor", "the newspaper") are resolved to the nearest
named source that fits; speakers are proposed as people write them, titles split off.
"""
from __future__ import annotations

import bisect
import collections
import datetime as dt
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import cues, transcripts, vocabulary
from .labels import SLUG_MAX, edtf_bounds
from .sources import Source, paragraph_spans, unwrapped
from .speakers import Speaker
from .annotations import find_all, occurrences
from .yamlfile import scalar, word
from .vocabulary import (ALL_MARKS, APOSTROPHES, CLOSING, CLOSING_MARKS, DOUBLE_MARKS, DRAFTED, MIXED_DOUBLE, OPENING_MARKS,
                         QUOTE_PAIRS, SINGLE, SINGLE_MARKS, SPAN_QUOTATION, SPAN_REQUIRED, author_id, closes_single, has_word, opens_single)


class _Patterns:
    """``re``'s functions with every pattern compiled once: pysbd's hundreds of patterns evict the cue
    patterns from ``re``'s own cache (512 entries), and recompiling them was most of the drafting time."""

    compiled = staticmethod(functools.lru_cache(maxsize=None)(re.compile))

    def match(self, pattern, string, flags=0):
        return self.compiled(pattern, flags).match(string)

    def search(self, pattern, string, flags=0):
        return self.compiled(pattern, flags).search(string)

    def fullmatch(self, pattern, string, flags=0):
        return self.compiled(pattern, flags).fullmatch(string)

    def finditer(self, pattern, string, flags=0):
        return self.compiled(pattern, flags).finditer(string)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compiled(pattern, flags).sub(repl, string, count)

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compiled(pattern, flags).split(string, maxsplit)


_re = _Patterns()

OPEN_CLOSE = dict(DRAFTED)
_OPENING = re.compile("[" + "".join(OPEN_CLOSE) + "]")
_CLOSING_SINGLE = {OPEN_CLOSE[mark] for mark in SINGLE if mark in OPEN_CLOSE}
_REQUIRED = dict(SPAN_REQUIRED)
_CLOSING_SINGLE_MARKS = tuple(sorted(_CLOSING_SINGLE))
_WORDS = re.compile(r"\w+")
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")
"""Embedded markup (``<tweet id="…">``, ``<a href="…">``): marks inside a tag are not quotation marks."""


@dataclass
class Quote:
    start: int      # first character inside the marks (after any space)
    end: int        # one past the last character inside the marks (before any space)
    speaker: str | None = None
    rule: str = ""
    date: str | None = None
    basis: str | None = None
    date_rule: str = ""
    span: bool = True      # a quotation the contract pairs: it gets a direct_quote span
    note: str = ""         # how its marks look, when they are not a plain pair
    mention: str = ""      # why the words are a mention, title or scare quote rather than a quotation
    cue: tuple[int, int] | None = None
    open_ended: bool = False  # no closing mark in its paragraph
    mark: int = -1         # the opening mark (-1: right before start)


@dataclass
class Row:
    """One drafted statement: its words, labels and the reasons for them."""

    start: int
    end: int
    labels: dict
    reasons: list[str] = field(default_factory=list)
    spans: list["Row"] = field(default_factory=list)
    cue_at: tuple[int, int] | None = None  # where the cue words are (not written; for measuring)
    quotations: list[Quote] = field(default_factory=list)  # every quotation found in the sentence (not written)


# --- speakers -----------------------------------------------------------------------------------------------

_TITLE_WORDS = set(cues.TITLE_WORDS)
_ORG_WORDS = set(cues.ORGANIZATION_WORDS)
_PERSON_NOUNS = set(cues.PERSON_NOUNS)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean(value: str) -> str:
    """One line of text without control characters (names, cues, claims written by the draft)."""
    return " ".join(_CONTROL.sub(" ", value).split())


def _without_full_stop(name: str) -> str:
    """A name without the full stop of the sentence it ended ("said Kofi Mensah."), abbreviations kept."""
    return name[:-1] if name.endswith(".") and not name.endswith(_ABBREVIATIONS) and \
        re.search(r"[a-z]{2}\.$", name) else name


_PERSON_ACRONYMS = set(cues.PERSON_ACRONYMS)


def _capitals(words: str) -> bool:
    """Whether a name is an acronym of an organisation ("NATO", "CNN"), not one person's ("POTUS")."""
    return bool(_re.fullmatch(r"[A-Z]{2,6}", words)) and words not in _PERSON_ACRONYMS


def _organisation_like(words: str) -> bool:
    """Whether an unregistered name reads as an organisation's, not a person's: an organisation word in it, an
    acronym, or all capitals ("FULL TEXT") unless the capitals name one person ("POTUS")."""
    return bool(set(words.split()) & _ORG_WORDS or (words.isupper() and words not in _PERSON_ACRONYMS))


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:SLUG_MAX - 24].strip("-") or "speaker"


_CONNECTORS = {"of", "for", "the", "on", "and"}
_SURNAME_TITLES = {"Dean", "King", "Bishop", "Judge", "Marshal", "Prince", "Sheriff", "Chancellor", "Chief",
                   "Cardinal", "Major", "Brother", "Sister", "Coach", "Father", "Speaker", "Mayor", "Justice", "Miss",
                   "General", "Governor", "Minister", "Director", "Leader", "Officer", "Queen", "Pope", "Dean"}


def _is_title(token: str, following: str | None = None) -> bool:
    bare = token.strip(",")
    return bare in _TITLE_WORDS or (bare.lower() in _PERSON_NOUNS and bare[:1].islower()) or \
        (following is not None and f"{bare} {following}" in _TITLE_WORDS)


def split_title(words: str) -> tuple[str | None, str]:
    """(role, name) of a name as written: "City Council President Helena Moreno" → ("City Council President",
    "Helena Moreno"); "St. Cloud Police Chief William Blair Anderson" → ("St. Cloud Police Chief", "William
    Blair Anderson"); "Washington Post’s Ishaan Tharoor" → ("Washington Post", "Ishaan Tharoor"); "Smith of
    the Brookings Institution" → ("of the Brookings Institution", "Smith"). The name starts after the last
    title word; a run that is all titles ("Governor of Texas") has no name."""
    tokens = words.split()
    for i, token in enumerate(tokens[:-1]):
        if _re.search(rf"[{APOSTROPHES}]s$", token) and tokens[i + 1][:1].isupper():
            role, name = split_title(" ".join(tokens[i + 1:]))
            return " ".join(filter(None, [" ".join(tokens[:i] + [token[:-2]]), role])), name
    last = -1
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        surname = following is None and i > 0 and token in _SURNAME_TITLES and tokens[i - 1][:1].isupper()
        if _is_title(token, following) and not surname:
            last = i  # a title word last after a name is a surname ("Howard Dean", "Mr. King")
    role, rest = tokens[:last + 1], tokens[last + 1:]
    while rest and rest[0] in _CONNECTORS:  # "Governor of Texas Greg Abbott": the place belongs to the role
        role.append(rest.pop(0))
        while rest and rest[0] in _CONNECTORS:
            role.append(rest.pop(0))
        if rest and rest[0][:1].isupper():
            role.append(rest.pop(0))
    while role and role[-1] in _CONNECTORS:
        rest.insert(0, role.pop())
    affiliation = []
    for i, token in enumerate(rest):
        if i > 0 and token in ("of", "for"):  # "Smith of the Brookings Institution"
            affiliation, rest = rest[i:], rest[:i]
            break
    name = " ".join(t for t in rest if t not in _CONNECTORS or rest.index(t) > 0)
    if name and all(_is_title(t) or t[:1].islower() for t in name.split()) and not (
            len(rest) == 1 and role and role[-1] in cues.PERSONAL_TITLES):  # "Mr. King" has a name
        return " ".join(tokens), ""
    if affiliation and not role:
        affiliation = affiliation[1:] if affiliation[0] in ("of", "for") else affiliation
        affiliation = affiliation[1:] if affiliation and affiliation[0] == "the" else affiliation
    role_text = " ".join(role + affiliation) or None
    return role_text, name


_NAME_GOES_ON = re.compile(r"[ \t]+([A-Z][a-z]+)")
_CALENDAR_WORDS = set(cues.WEEKDAYS + cues.MONTHS)


class Registry:
    """Speakers the text can be matched against: the registry, plus stubs for new names found in the text."""

    def __init__(self, speakers: list[Speaker], source_id: str):
        self.names: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        for speaker in speakers:
            for name in (speaker.name, *speaker.aliases):
                if name and speaker.kind != "author":
                    self.names.setdefault(name, speaker.speaker_id)
            self.kinds[speaker.speaker_id] = speaker.kind
            if speaker.role:
                self.roles[speaker.speaker_id] = speaker.role
        self.display = {s.speaker_id: s.name for s in speakers}
        self.known = {s.speaker_id for s in speakers}
        self.stubs: dict[str, dict] = {}
        self.why: dict[str, str] = {}  # how each stub's kind was guessed
        self.source_id = source_id
        self._by_word: dict[str, list[str]] = {}  # each name under its first word (names are only ever added)
        self._wordless: list[str] = []
        self._indexed = 0  # how many of ``names`` (in insertion order) are indexed
        self._order: dict[str, int] = {}  # a name's place in that order: of two as long, the first added first
        self._patterns: dict[str, re.Pattern] = {}

    def mentions(self, text: str, base: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, speaker_id) of every registry name in ``text``, longest match first, no overlaps.

        Only names whose first word is a word of ``text`` are tried (a whole-word match contains it as a
        word), and only those are compiled, so a sentence costs the same however many speakers the registry
        and the text have introduced.
        """
        if self._indexed < len(self.names):
            for order, name in enumerate(itertools.islice(self.names, self._indexed, None), self._indexed):
                self._order[name] = order
                first = _WORDS.search(name)
                (self._by_word.setdefault(first.group(0), []) if first else self._wordless).append(name)
            self._indexed = len(self.names)
        tried = {name for word in set(_WORDS.findall(text)) for name in self._by_word.get(word, ())}
        found: list[tuple[int, int, str]] = []
        for name in sorted(tried.union(self._wordless), key=lambda name: (-len(name), self._order[name])):
            pattern = self._patterns.get(name)
            if pattern is None:
                pattern = self._patterns[name] = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
            for m in pattern.finditer(text):
                more = _NAME_GOES_ON.match(text, m.end())
                if more and more.group(1).lower() not in _CALENDAR_WORDS:
                    continue  # "European" in "European Council President Donald Tusk" is not the speaker "European"
                if not any(a < base + m.end() and base + m.start() < b for a, b, _ in found):
                    found.append((base + m.start(), base + m.end(), self.names[name]))
        return sorted(found)

    def kind(self, speaker_id: str | None) -> str | None:
        return self.kinds.get(speaker_id) if speaker_id else None

    def find(self, mention: str) -> str | None:
        """The speaker already known by this name, by its name without titles, or (for a surname alone) the
        person met before with that surname."""
        mention = _without_full_stop(_clean(mention))
        if mention in self.names:
            return self.names[mention]
        role, name = split_title(mention)
        bare = _re.sub(rf"[{APOSTROPHES}]s$", "", name)
        for candidate in (name, bare):
            if candidate and candidate in self.names:
                return self.names[candidate]
        if bare and " " not in bare:
            for known, speaker_id in self.names.items():
                parts = known.split()
                if len(parts) > 1 and parts[-1] == bare and self.kinds.get(speaker_id) in (None, "person"):
                    return speaker_id
        return None

    def stub(self, mention: str, kind: str | None = None, role: str | None = None, why: str = "") -> str:
        """The id of a new speaker for a name the registry does not know (created once per name)."""
        mention = _without_full_stop(_clean(mention))
        found = self.find(mention)
        if found:
            if role and found in self.stubs and not self.stubs[found]["role"]:
                self.stubs[found]["role"] = self.roles[found] = role
            return found
        if _re.fullmatch(cues.ROLE, mention):  # "the mayor" → a speaker called "The mayor", to be identified
            mention = "The " + _re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", mention)
        determined = mention.startswith("The ") or mention.split()[0].lower() in _DETERMINER_WORDS
        title, name = split_title(mention) if not determined else (None, mention)  # "One of three witnesses"
        if not name:
            name, title = mention, None
        name = _re.sub(r"^(?:[Tt]he|[Aa]n?)\s+(?=[a-z])", "The ", name)
        role = role or title
        words = set(name.replace(".", ". ").split()) | set(name.split())
        if kind is None:
            if words & _ORG_WORDS or _capitals(name) or (
                    " " in name and _re.search(rf"{_ORG_NOUN}$", name.lower())):  # "Harbour magazine"
                kind, why = "organization", why or "an organisation word in the name"
            elif name.startswith("The ") and name.split()[-1].rstrip("s") in _PERSON_NOUNS:
                kind, why = ("group" if name.endswith("s") else "person"), why or "a role noun"
            elif name in cues.GROUP_NAMES or (" " not in name and _re.fullmatch(cues.SOURCE_NOUN, name)
                                              and name.lower() not in _PERSON_NOUNS):
                kind, why = "group", why or "a plural of people ('Democrats', 'Pollsters')"
            elif title or " " in name or len(name.split()) == 1:
                kind, why = "person", why or ("a title before the name" if title else "a personal name")
            else:
                kind, why = "organization", why or "no personal name"
        speaker_id = _slug(name)
        if speaker_id in self.known and speaker_id not in self.stubs:
            speaker_id = f"{speaker_id}-{self.source_id}"[:SLUG_MAX].strip("-")
        while speaker_id in self.stubs and self.stubs[speaker_id]["name"] != name:
            speaker_id = f"{speaker_id}-2"[:SLUG_MAX]
        if speaker_id not in self.stubs:
            aliases = [a for a in dict.fromkeys([mention] + ([name.split()[-1]] if kind == "person" and " " in name
                                                              and not name.startswith("The ") else []))
                       if a != name]
            self.stubs[speaker_id] = {
                "speaker_id": speaker_id, "name": name, "kind": kind, "role": role, "country": None,
                "wikidata_id": None, "aliases": aliases, "description": None}
            self.display[speaker_id] = name
            self.kinds[speaker_id] = kind
            self.why[speaker_id] = why
            if kind == "person" and cues.given_name_gender(name):
                self.gender.setdefault(speaker_id, cues.given_name_gender(name))
            if role:
                self.roles[speaker_id] = role
            for alias in [name, *aliases]:
                self.names.setdefault(alias, speaker_id)
        return speaker_id

    def unattributed(self) -> str:
        speaker_id = f"{self.source_id}-unattributed"
        if speaker_id not in self.stubs:
            self.stubs[speaker_id] = {
                "speaker_id": speaker_id, "name": f"Unidentified speaker in {self.source_id}", "kind": "group",
                "role": None, "country": None, "wikidata_id": None, "aliases": [],
                "description": "Placeholder for quoted words whose speaker the draft could not find; "
                               "replace it with the real speaker."}
            self.display[speaker_id] = self.stubs[speaker_id]["name"]
            self.kinds[speaker_id] = "group"
        return speaker_id


# --- sentences ----------------------------------------------------------------------------------------------

PARALLEL_SEGMENT_FROM = 500_000
"""Characters of text from which paragraphs are segmented in a process pool, ahead of the drafting of the
sentences already found: pysbd takes about 2.5 s per MB, most of drafting a long text, and below this
starting the workers costs more than it saves."""
SEGMENT_BATCH = 100_000  # characters of paragraphs per task of the pool


def segment(text: str) -> list[tuple[int, int]]:
    """Sentence spans: pysbd within each paragraph, trimmed, merged where a quotation crosses a boundary."""
    return list(_sentences(text, quotations(text)))


def _sentences(text: str, quotes: list[Quote]) -> Iterator[tuple[int, int]]:
    """``segment``'s spans, in order, as soon as their paragraphs are segmented."""
    paragraphs = paragraph_spans(text)
    batches: list[list[str]] = [[]]
    size = 0
    for para_start, para_end in paragraphs:
        if size >= SEGMENT_BATCH:
            batches.append([])
            size = 0
        batches[-1].append(text[para_start:para_end])
        size += para_end - para_start
    parallel = len(text) >= PARALLEL_SEGMENT_FROM and len(batches) > 1 and (os.cpu_count() or 1) > 1

    def spans() -> Iterator[tuple[int, int]]:
        for (para_start, para_end), pieces in zip(paragraphs, _pieces(batches, parallel)):
            # each sentence runs from where pysbd starts it to where it starts the next, so the paragraph is
            # covered whole even where pysbd's pieces overlap or leave words out ("But you said . . .")
            starts = [para_start]
            for piece_start, _ in pieces[1:]:
                if para_start + piece_start > starts[-1]:
                    starts.append(para_start + piece_start)
            for start, end in zip(starts, starts[1:] + [para_end]):
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    yield start, end

    return _merge(spans(), quotes)


def _glued(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Sentences with no letter or digit (a stray ``”`` or ``—`` pysbd cut off) joined to the sentence
    before them in their paragraph, or to the one after when they open it: a row needs words, unless it
    is a whole paragraph of punctuation (``* * *``), which the contract lets stand as a row. A bare cue
    that pysbd cut off after a quotation ending in ``?”`` or ``!”`` (``Trump said.``) joins it too, and so
    does a piece that opens with a comma, cut off after an abbreviation (``Sen. Rand Paul, R-Ky.`` |
    ``, told Fox News …``): no sentence starts with one."""
    held = None  # a piece with no words at the start of a paragraph, waiting for the next sentence
    previous = None
    for start, end in spans:
        piece = text[start:end]
        words = has_word(piece)
        if previous is not None and "\n" not in text[previous[1]:start] and (
                not words or piece.startswith((",", ";")) or
                (_CUE_TAIL.match(piece) and text[previous[0]:previous[1]].endswith(_QUOTE_ENDS)
                 and text[previous[0]] in OPENING_MARKS + "'`")):  # a quotation alone, then its cue
            previous = (previous[0], end)
            continue
        if held is not None:
            if "\n" not in text[held[1]:start]:
                start = held[0]
            else:
                yield held  # a paragraph of punctuation alone (* * *): a row of its own, as the contract allows
            held = None
        if not words:
            if previous is not None:
                yield previous
                previous = None
            held = (start, end)
            continue
        if previous is not None:
            yield previous
        previous = (start, end)
    if previous is not None:
        yield previous
    if held is not None:
        yield held


_QUOTE_ENDS = tuple(f"{p}{inner}{m}" for p in ".?!," for inner in ("", *_CLOSING_SINGLE_MARKS)
                    for m in (*CLOSING_MARKS, "''"))
"""How a quotation ends before its cue: punctuation, maybe the closing mark of a quotation inside it (‘…,’”)."""
_CUE_TAIL = re.compile(
    rf"(?:(?:(?:{cues.TITLES}\s+)?{cues.NAME}(?:,\s+[^,{DOUBLE_MARKS}]{{1,80}},)?|he|she|they|He|She|They|(?:the|a|an|The|A|An)\s+"
    rf"(?:[\w\-{APOSTROPHES}]+\s+){{0,3}}[\w\-{APOSTROPHES}]+)(?:\s+[a-z]+ly)?\s+{cues.alternation(cues.SPEECH_FORMS)}|"
    rf"(?:said|says|added|asked|wrote)\s+(?:{cues.NAME}|the\s+[\w\-{APOSTROPHES} ]{{1,40}}|he|she))"
    rf"(?!\s+(?:that|he|she|they|it|we|I|there|this)\b)(?:\b[^{DOUBLE_MARKS}]{{0,200}}?)(?:,\s+[a-z]+ing\b.{{0,200}})?$")
"""A sentence that is only the cue of the quotation before it ("Miller, a retired worker, said pleasantly.", "Trump
asked reporters rhetorically."): the source (perhaps with an apposition) and a speech verb open it, no clause of
its own follows ("Kasich said he would have …" says something else), and no quotation marks follow unless in a
participle clause ("…, saying he’s “here to fix it.”")."""


def _pieces(batches: list[list[str]], parallel: bool) -> Iterator[list[tuple[int, int]]]:
    """pysbd's spans of each paragraph, in order; with ``parallel``, worker processes segment the batches
    while the caller goes on with the paragraphs already done."""
    if not parallel:
        for batch in batches:
            yield from _segment_paragraphs(batch)
        return
    from concurrent.futures import ProcessPoolExecutor

    from .workers import die_with

    pool = ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(batches)), initializer=die_with,
                               initargs=(os.getpid(),))
    try:
        for done in pool.map(_segment_paragraphs, batches):
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _merge(spans: Iterable[tuple[int, int]], quotes: list[Quote]) -> Iterator[tuple[int, int]]:
    """Sentences joined where a quotation opens in one and closes in (or right at) the next.

    Quotations do not overlap, so their ends are in order too: if any quotation joins a sentence to the
    previous one, the last to open before the sentence does — one bisection, not a scan of all quotations.
    """
    opens = [q.start - 1 for q in quotes]
    current = None
    for start, end in spans:
        last = bisect.bisect_left(opens, start) - 1
        if current is not None and last >= 0 and current[0] <= opens[last] and start <= quotes[last].end:
            current = (current[0], end)
        else:
            if current is not None:
                yield current
            current = (start, end)
    if current is not None:
        yield current


def _segment_paragraphs(paragraphs: list[str]) -> list[list[tuple[int, int]]]:
    """pysbd's sentence spans of each paragraph, relative to the paragraph (a task of the pool)."""
    segmenter = _segmenter_class()(language="en", clean=False, char_span=True)
    return [[(piece.start, piece.end) for piece in segmenter.segment(paragraph)] for paragraph in paragraphs]


@functools.lru_cache(maxsize=1)
def _segmenter_class():
    """pysbd's segmenter, with each sentence's offsets found by ``str.find``.

    pysbd compiles a regex per sentence to find its offsets; that also evicts every other pattern from
    ``re``'s cache (512 entries), so pysbd's hundreds of abbreviation patterns were compiled again and
    again: half the time of drafting. The offsets are the same (a property test holds them equal).
    """
    import pysbd
    from pysbd.lang.english import English
    from pysbd.utils import TextSpan

    class Titled(English):
        """English with every abbreviated title of ``cues.TITLE_WORDS`` read as one before a name, so that
        "said Del. Stacey Plaskett" stays one sentence (pysbd knows "Del." only as Delaware)."""
        class Abbreviation(English.Abbreviation):
            PREPOSITIVE_ABBREVIATIONS = list(dict.fromkeys(
                English.Abbreviation.PREPOSITIVE_ABBREVIATIONS
                + [t[:-1].lower() for t in cues.TITLE_WORDS if t.endswith(".") and " " not in t]))

    class Segmenter(pysbd.Segmenter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.language_module = Titled

        def sentences_with_char_spans(self, sentences):
            text, spans, prior_end = self.original_text, [], 0
            for sent in sentences:
                if not sent:  # pysbd's own way: its pattern is then r"\s*", which matches anywhere
                    for match in _re.finditer(r"\s*", text):
                        if match.end() > prior_end:
                            spans.append(TextSpan(match.group(), match.start(), match.end()))
                            prior_end = match.end()
                            break
                    continue
                at = text.find(sent)
                while at >= 0:  # like _re.finditer(escape(sent) + r"\s*"): leftmost, not overlapping
                    end = at + len(sent)
                    while end < len(text) and text[end].isspace():
                        end += 1
                    if end > prior_end:
                        spans.append(TextSpan(text[at:end], at, end))
                        prior_end = end
                        break
                    at = text.find(sent, end)
            return spans

    return Segmenter


# --- quotations ---------------------------------------------------------------------------------------------

def quotations(text: str) -> list[Quote]:
    """Top-level quotations in matching marks (curly, straight, guillemets, single), possibly across sentences.

    Single quotes inside a double-quoted passage are part of it (a quotation within a quotation); a lone
    single quote that is an apostrophe (a letter on both sides) is never a mark. The strict scan:
    ``find_quotations`` adds what a reader also sees as quotations.
    """
    found: list[Quote] = []
    for para_start, para_end in paragraph_spans(text):
        unclosed = set()  # closing marks that do not occur again in the paragraph: no need to look again
        mark = _OPENING.search(text, para_start, para_end)
        while mark:
            i = mark.start()
            ch, nxt = text[i], i + 1
            if ch not in SINGLE or _opens_single(text, i):
                close = OPEN_CLOSE[ch]
                j = None if close in unclosed else _closing(text, i + 1, para_end, close)
                if j is None:
                    unclosed.add(close)
                elif j > i + 1:
                    a, b = i + 1, j
                    while a < b and text[a].isspace():
                        a += 1
                    while b > a and text[b - 1].isspace():
                        b -= 1
                    if (a, b) == (i + 1, j):
                        found.append(Quote(a, b))
                    nxt = j + 1
            mark = _OPENING.search(text, nxt, para_end)
    return found


_opens_single = opens_single


def _closing(text: str, start: int, end: int, close: str) -> int | None:
    j = text.find(close, start, end)
    while j >= 0 and close in _CLOSING_SINGLE and not closes_single(text, j):
        j = text.find(close, j + 1, end)  # an apostrophe, as in Japan’s
    return j if j >= 0 else None


@dataclass
class Unclosed:
    at: int        # the opening mark
    drafted: bool  # whether its words were drafted (to the end of the paragraph)
    continues: bool  # the next paragraph opens with a mark: a quotation over several paragraphs


_WRONG_CLOSER = {opening: re.compile(rf"(?<=[\w.,!?;:—–\-)])[{re.escape(other + ''.join(MIXED_DOUBLE))}](?=\s|$|[,.;:)])")
                 for opening, other in MIXED_DOUBLE.items()}
"""A double mark of the wrong kind that reads as a closing one: after a word or punctuation, before a space."""


_TURNED_OPENING = re.compile(rf"[ \t\xa0]*{CLOSING['“']}(?=[ \xa0]?[\w…])([^{CLOSING['“']}\n]*?\w[^{CLOSING['“']}\n]*?){CLOSING['“']}(?=[\s,.;:)―—–-]|$)")
"""A paragraph that opens with a curly closing mark and closes with another, as some pages set a quotation."""


def _inner_open(text: str, k: int, j: int) -> bool:
    """Whether a curly quotation opened after ``k`` is still open at ``j``: the mark there closes it."""
    between = text[k + 1:j]
    return between.count(QUOTE_PAIRS[0][0]) > between.count(QUOTE_PAIRS[0][1])


def _wrong_closer(text: str, opening: str, k: int, end: int) -> int | None:
    """The first mark of the wrong kind between ``k`` and ``end`` that reads as closing the quotation opened at
    ``k`` — not one that closes a curly quotation inside it ("“too loud” or “too shrill”")."""
    for m in _WRONG_CLOSER[opening].finditer(text, k + 1, end):
        if not _inner_open(text, k, m.start()):
            return m.start()
    return None


def find_quotations(text: str) -> tuple[list[Quote], list[Unclosed]]:
    """Every quotation a reader sees, and the opening marks that are never closed.

    Marks pair as the contract pairs them (an opening mark with the next closing mark of its kind in the
    paragraph), with the words trimmed of spaces inside the marks; those quotations get direct_quote
    spans. A straight opening mark closed by a curly one is a quotation without a span (its marks need
    fixing); an opening mark left open to the end of its paragraph runs to it — a quotation over several
    paragraphs when the next paragraph opens with a mark, as English typography does — and is reported.
    Quotations inside markup (``<tweet author="…">``) are flagged, not given to a speaker.
    """
    found: list[Quote] = []
    unclosed: list[Unclosed] = []
    paragraphs = paragraph_spans(text)
    tags = [(m.start(), m.end()) for m in _MARKUP.finditer(text)] if "<" in text else []
    tag_starts = [a for a, _ in tags]

    def in_tag(i: int) -> bool:
        k = bisect.bisect_right(tag_starts, i) - 1
        return k >= 0 and tags[k][0] <= i < tags[k][1]

    for p, (para_start, para_end) in enumerate(paragraphs):
        i = para_start
        turned = _TURNED_OPENING.match(text, para_start, para_end)
        if turned:  # ”Fear. I am truly afraid …” ― a closing mark the wrong way round opens the paragraph
            a, b = _trimmed(text, turned.start(1), turned.end(1))
            found.append(Quote(a, b, span=False, mark=turned.start(1) - 1,
                               note=f"opened with {CLOSING['“']} turned the wrong way; check the text's marks"))
            i = turned.end()
        while True:
            m = _OPENING.search(text, i, para_end)
            if not m:
                break
            k = m.start()
            ch = text[k]
            if ch in SINGLE and not _opens_single(text, k):
                i = k + 1
                continue
            j = _closing(text, k + 1, para_end, OPEN_CLOSE[ch])
            note = ""
            if j is not None and ch in MIXED_DOUBLE:
                # a careless text closes with the other kind of double mark, or with an opening mark turned the
                # wrong way (“Apparently not,“ he said): a mark that reads as a closing one ends the quotation
                # before the mark of the right kind does, which belongs to a later quotation
                wrong = _wrong_closer(text, ch, k, j)
                if wrong is not None:
                    note = f"opened with {ch} and closed with {text[wrong]}"
                    j = wrong
            if j is None and ch in MIXED_DOUBLE:
                other = MIXED_DOUBLE[ch]
                j = _closing(text, k + 1, para_end, other)
                while j is not None and _inner_open(text, k, j):  # "… the question: “As you know, …?” …
                    j = _closing(text, j + 1, para_end, other)
                note = f"opened with {ch} and closed with {other}" if j is not None else ""
                wrong = _wrong_closer(text, ch, k, para_end) if j is None else None
                if wrong is not None:  # “It is unusual,“ said Larry Noble.
                    j, note = wrong, f"opened with {ch} and closed with {text[wrong]}"
            if j is None:
                if ch in SINGLE:  # a lone single mark: an apostrophe or a prime, not worth a report
                    i = k + 1
                    continue
                continues = p + 1 < len(paragraphs) and text[paragraphs[p + 1][0]] in OPEN_CLOSE
                a, b = _trimmed(text, k + 1, para_end)
                at_start = not text[para_start:k].strip() or text[para_start:k].rstrip().endswith((":", ","))
                drafted = b > a and any(c.isalnum() for c in text[a:b]) and (continues or at_start)
                unclosed.append(Unclosed(k, drafted, continues))
                if drafted:  # the quotations inside it are quotations too: the contract pairs their marks
                    found.append(Quote(a, b, span=False, open_ended=True, mark=k, note=(
                        "the quotation goes on in the next paragraph (no closing mark here, as is usual)" if continues
                        else "its opening mark is never closed; drafted to the end of the paragraph")))
                i = k + 1
                continue
            a, b = _trimmed(text, k + 1, j)
            if b > a and any(c.isalnum() for c in text[a:b]):
                q = Quote(a, b, span=not note, note=note, mark=k)
                if in_tag(k) or in_tag(j):
                    q.mention = "inside markup (a tag's attribute), not a quotation"
                elif ch != OPEN_CLOSE[ch] and ch in text[k + 1:j]:
                    q.note = "another opening mark inside it is never closed; check the text's marks"
                found.append(q)
            i = j + 1
        if "''" in text[para_start:para_end]:
            found += _doubled_apostrophes(text, para_start, para_end, found)
        found += _paired_by_contract(text, para_start, para_end, found)
    found.sort(key=lambda q: q.start)
    return found, unclosed


_SPAN_QUOTATION = re.compile(SPAN_QUOTATION)
_MARKS_MIXED = ("the contract pairs these two marks as a quotation, but the text mixes its marks (they close and "
                "open others): the words between are the author's; check the text's marks")


def _paired_by_contract(text: str, start: int, end: int, found: list[Quote]) -> list[Quote]:
    """The quotations the contract reads in a paragraph that the reading above did not draft with a span (the
    text mixes its marks: “…," Chaffetz said … "like candy."): each gets one, or the draft would never build."""
    drafted = {(q.start, q.end) for q in found if q.span}
    extra = []
    for m in _SPAN_QUOTATION.finditer(text, start, end):
        a, b = _trimmed(text, m.start() + 1, m.end() - 1)
        if b > a and any(c.isalnum() for c in text[a:b]) and (a, b) not in drafted:
            extra.append(Quote(a, b, mark=m.start(), mention=_MARKS_MIXED))
    return extra


_DOUBLED = re.compile(r"(?:''|``)(?=\S)(.+?)(?<=\S)''")


def _doubled_apostrophes(text: str, start: int, end: int, found: list[Quote]) -> list[Quote]:
    """Quotations in doubled apostrophes (''…'' or ``…''), as text exported from news archives writes them:
    their words sit right inside straight single marks, as a direct_quote span must."""
    taken = [(q.start, q.end) for q in found]
    out = []
    for m in _DOUBLED.finditer(text, start, end):
        a, b = m.start(1), m.end(1)
        if any(x < b and a < y for x, y in taken) or not any(c.isalnum() for c in text[a:b]):
            continue
        out.append(Quote(a, b, mark=m.start()))
    return out


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_LABELLING = re.compile(
    rf"\b(?:{cues.alternation(cues.forms(cues.LABELLING_VERBS))})(?:\s+[^\s.;:!?{DOUBLE_MARKS}]+){{0,4}}?"
    rf"(?:\s+as)?(?:\s+(?:a|an|the))?\s*[{OPENING_MARKS}'`]+$")
"""A verb that says someone used the words in marks ("calling it “dangerous”", "portrayed them as “rapists”"):
the words are a partial quotation, not the author's scare quote."""

_TITLE_BEFORE_MARK = re.compile(
    rf"(?:\w[{APOSTROPHES}]s?|\b(?:on|author of|show|program|programme|book|film|movie|song|songs|album|series|novel|"
    rf"documentary|anthem|hymn|memoir|podcast|play|musical|poem|column|(?:broadcast|episode|edition|season) of|"
    rf"headlined|titled|entitled|including),?)\s+(?:[{OPENING_MARKS}]|'')\s*$")
"""Where a title stands: after a possessive ("MSNBC's"), "on" (a programme), "author of", a work noun ("his
2002 book, ''…''", "the anthem “…”", "broadcast of “…”")."""


_IDIOM_BEFORE = re.compile(rf"\b(?:in the vernacular|as the (?:saying|phrase) goes|as they say|so-called|proverbial)"
                           rf"\s*,?\s*[{OPENING_MARKS}]$", re.I)
"""What introduces words in marks as an idiom or a name for something, nobody's words: "to, in the vernacular,
“…”", "the so-called “…”"."""


_WORD_LISTED_AFTER = re.compile(rf"[,.]?\s*[{CLOSING_MARKS}],?\s+or\s+[{OPENING_MARKS}][\w{APOSTROPHES}\-]+[,.]?[{CLOSING_MARKS}]")
_WORD_LISTED_BEFORE = re.compile(rf"[{OPENING_MARKS}][\w{APOSTROPHES}\-]+[,.]?[{CLOSING_MARKS}],?\s+or\s+[{OPENING_MARKS}]$")
"""A single quoted word beside another joined by "or": words talked about, not anybody's words ("insane" and
"ridiculous" are two words somebody said)."""


def _mention(text: str, q: Quote, sentence_start: int, sentence_end: int, has_cue: bool) -> str:
    """Why quoted words are a mention (a word or a title in marks) rather than somebody's words, or ''."""
    words = text[q.start:q.end]
    tokens = re.findall(rf"[\w{APOSTROPHES}\-]+", words)
    if not tokens:
        return ""
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "from", "vs", "is"}
    title_cased = len(tokens) <= 6 and (tokens[0][0].isupper() or tokens[0][0].isdigit()) and \
        all(t[0].isupper() or t[0].isdigit() or t.lower() in small for t in tokens)
    if title_cased and _TITLE_BEFORE_MARK.search(text, max(sentence_start, q.start - 40), q.start):
        return "a title-cased phrase in marks where a title stands (MSNBC's “…”, on “…”, the author of “…”)"
    if len(tokens) == 1 and (_WORD_LISTED_AFTER.match(text, q.end) or _WORD_LISTED_BEFORE.search(
            text, max(sentence_start, q.start - 40), q.start)):
        return "single words in marks listed as alternatives with “or” (word mentions: “mislead” or “misleading”)"
    if len(tokens) <= 6 and _IDIOM_BEFORE.search(text, max(sentence_start, q.start - 40), q.start) \
            and not (q.rule or "").startswith(vocabulary.quoted("…") + " +"):  # not "…,” Duarte said": the cue's own
        return "a phrase in marks introduced as an idiom or a name (in the vernacular “…”, so-called “…”)"
    if has_cue:
        return ""
    if len(tokens) == 1 and not _re.search(r"[.!?,]$", words):
        return f"a single word in marks with no speech cue (a word mention or scare quote)"
    if len(tokens) <= 4 and not _re.search(r"[.!?]$" if len(tokens) == 1 else r"[.!?,]$", words) and \
            _re.search(rf"\b(?i:the|a|an|this|that|its|his|her|their|so-called)\s*[{OPENING_MARKS}]?\s*$", text[sentence_start:q.start]):
        return "a short term in marks after an article, with no speech cue (a scare quote or a name for something)"
    whole = not text[sentence_start:q.start].strip(" " + OPENING_MARKS) and not text[q.end:sentence_end].strip(" .,!?" + CLOSING_MARKS)
    if len(tokens) <= 7 and all(t[0].isupper() or t[0].isdigit() or t.lower() in small for t in tokens) \
            and tokens[0][0].isupper() and not whole:
        return "a short title-cased phrase in marks with no speech cue (a title or slogan)"
    return ""


# --- dates --------------------------------------------------------------------------------------------------

def _pub_days(published: str) -> tuple[dt.date, dt.date] | None:
    return edtf_bounds(published) if published else None


def _edtf(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return lo.isoformat()
    if lo.day == 1 and lo.year == hi.year and lo.month == hi.month and (hi + dt.timedelta(days=1)).day == 1:
        return lo.isoformat()[:7]
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
        return str(lo.year)
    return f"{lo.isoformat()}/{hi.isoformat()}"


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return cues.MONTHS.index(name) + 1 if name in cues.MONTHS else cues.MONTH_ABBREVIATIONS[name]


def _on_day(rule: str, groups: dict, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """What a relative date mention means if the text was published on ``day``."""
    if rule == "weekday":
        target = cues.WEEKDAYS.index(groups["weekday"].lower())
        which = (groups.get("which") or "").strip().lower()
        back = (day.weekday() - target) % 7
        if which in ("next", "this coming", "future"):
            ahead = (target - day.weekday()) % 7 or 7
            found = day + dt.timedelta(days=ahead)
        else:
            if which == "last" and back == 0:
                back = 7
            found = day - dt.timedelta(days=back)
        return found, found
    if rule == "yesterday":
        return day - dt.timedelta(days=1), day - dt.timedelta(days=1)
    if rule == "today":
        return day, day
    monday = day - dt.timedelta(days=day.weekday())
    if rule == "last week":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if rule == "this week":
        return monday, day
    if rule == "last weekend":
        saturday = monday - dt.timedelta(days=2)
        return saturday, saturday + dt.timedelta(days=1)
    if rule == "weekend":
        saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
        return saturday, min(saturday + dt.timedelta(days=1), day)
    first = day.replace(day=1)
    if rule == "last month":
        previous = first - dt.timedelta(days=1)
        return previous.replace(day=1), previous
    if rule == "this month":
        return first, day
    return None


def resolve_date(match: re.Match | dict, rule: str, basis: str, published: str) -> str | None:
    """An EDTF value for a date mention (its match, or the match's groups); relative mentions are resolved
    against the publication date — exactly when it is a day, otherwise as the interval they can denote over
    the publication's range."""
    bounds = _pub_days(published)
    groups = match if isinstance(match, dict) else match.groupdict()
    month = f"{_month_number(groups['month']):02d}" if groups.get("month") else None
    if rule in ("day month year", "month day, year"):
        return f"{groups['year']}-{month}-{int(groups['day']):02d}"
    if rule == "month year":
        return f"{groups['year']}-{month}"
    if rule == "year":
        return groups["year"]
    if bounds is None:
        return None
    start, end = bounds
    if rule == "month day":
        years = sorted({start.year, end.year})
        values = [f"{year}-{month}-{int(groups['day']):02d}" for year in years]
        return values[0] if len(values) == 1 else f"{values[0]}/{values[-1]}"
    if rule == "month alone":
        return f"{start.year}-{month}" if start.year == end.year else f"{start.year}-{month}/{end.year}-{month}"
    if rule == "last year":
        return str(start.year - 1) if start.year == end.year else f"{start.year - 1}/{end.year - 1}"
    if rule == "this year":
        return str(start.year) if start.year == end.year else f"{start.year}/{end.year}"
    if rule == "season":
        season = groups["season"].lower()
        first_month = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[season]
        which = (groups.get("which") or "").strip().lower()
        year = start.year - 1 if which == "last" else start.year
        lo = dt.date(year, first_month, 1)
        hi = (dt.date(year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1) - dt.timedelta(days=1))
        return f"{lo.isoformat()[:7]}/{hi.isoformat()[:7]}"
    if rule == "next year":
        return str(end.year + 1) if start.year == end.year else f"{start.year + 1}/{end.year + 1}"
    if rule == "recent":
        return f"{start.year - 1}-{start.month:02d}/{end.year}-{end.month:02d}"
    first, last = _on_day(rule, groups, start), _on_day(rule, groups, end)
    if first is None or last is None:
        return None
    return _edtf(min(first[0], last[0]), max(first[1], last[1]))


_FUTURE_BEFORE = re.compile(rf"\b(?:(?:will|would|[{APOSTROPHES}]ll|shall|is to|are to|set to|expected to|scheduled|plans? to|"
                            r"going to|due to)\b[^.;,]*|(?:until|before|by)\s+)$", re.IGNORECASE)


_DATE_PATTERNS = [(rule, re.compile(pattern), basis) for rule, pattern, basis in cues.DATE_PATTERNS]


def dates_in(text: str, published: str) -> list[tuple[int, str, str, str]]:
    """(position, EDTF, basis, rule) for each date mention, in text order."""
    found = []
    taken: list[tuple[int, int]] = []
    for rule, pattern, basis in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            if rule == "weekday" and not groups.get("which") and \
                    _FUTURE_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
                groups["which"] = "future"  # "will vote on Thursday": the Thursday to come
            try:
                value = resolve_date(groups, rule, basis, published)
            except (ValueError, KeyError, OverflowError):  # e.g. 31 February: not a date
                value = None
            if value and edtf_bounds(value):
                taken.append((m.start(), m.end()))
                found.append((m.start(), value, basis, rule))
    return sorted(found)


# --- attribution: cues, sources and contents ------------------------------------------------------------------

@dataclass
class Frame:
    """One attribution in a sentence: the cue, who the source is, and where the attributed words are."""

    kind: str                   # "speech", "belief" or "according"
    cue_start: int
    cue_end: int
    source: str                 # the source's words as written ("he", "Mara Okafor", "a spokeswoman for …")
    source_kind: str            # "pronoun", "name", "nominal", "known" or "inherited"
    source_start: int
    source_end: int
    content_start: int | None = None
    content_end: int | None = None
    rule: str = ""
    speaker: str | None = None  # resolved
    why: str = ""               # how the speaker was resolved
    role: str | None = None     # a role the text gives the source (an apposition, a title)
    colon: bool = False         # the cue ends with a colon: the words follow (maybe in the next paragraph)

    @property
    def cue(self) -> tuple[int, int]:
        return self.cue_start, self.cue_end


_AUX = cues.alternation(cues.AUXILIARIES)
_PERSON_NOUN = cues.alternation(cues.PERSON_NOUNS + ["head", "chief"])
_DOCUMENT_NOUN = cues.alternation(cues.DOCUMENT_NOUNS)
_AUX_TAIL = re.compile(rf"(?:^|\s+)(?:{_AUX}|[a-z]+ly|n[{APOSTROPHES}]t)$")
_AFTER_BREAK = rf"(?:^|(?<=[\s,;:{DOUBLE_MARKS}{SINGLE_MARKS}(—–-]))"
"""At the start, or after a space, punctuation or a quotation mark: where a source's words may begin."""
_WORD = rf"[\w\-{APOSTROPHES}.]+"
"""A word of a name or noun phrase: letters, hyphens, apostrophes, dots (abbreviations)."""
_PRONOUN_TAIL = re.compile(rf"{_AFTER_BREAK}(he|she|they|it|I|we|He|She|They|It|We)$")
_NAME_TAIL = re.compile(rf"{_AFTER_BREAK}({cues.NAME})$")
_DETERMINERS = (r"the|The|a|A|an|An|one|One|two|Two|three|Three|several|Several|some|Some|many|Many|most|Most|"
                r"other|Other|another|Another|both|Both|his|His|her|Her|their|Their|its|Its|these|These|those|"
                r"Those|top|Top|senior|Senior|no|No")
_ORG_NOUN = cues.alternation(cues.ORGANIZATION_NOUNS + cues.MEDIA_NOUNS)
_DETERMINER_WORDS = {w.lower() for w in _DETERMINERS.split("|")}
_POST = (r"(?:\s+(?:of|for|at|with|to|from|in|on|close to|familiar with|privy to|inside|within|behind|who|that|"
         rf"[a-z]+ing|involved in|based in)\s+[^,;:{DOUBLE_MARKS}]{{1,70}}?)?")
"""What follows a nominal source's head before its verb: "of the campaign", "who spoke on condition of anonymity",
a participle phrase ("Another intelligence source speaking to Fox News said")."""
_NOMINAL_TAIL = re.compile(rf"{_AFTER_BREAK}(?P<np>(?:(?:{_DETERMINERS})\s+(?:[\w\-]+,\s+){{0,2}})?(?:{_WORD}\s+){{0,4}}?"
                           rf"(?P<head>{cues.SOURCE_NOUN}){_POST})$")
_POSSESSIVE_AT = re.compile(rf"(?P<np>{cues.NAME}[{APOSTROPHES}]s\s+(?:[a-z][\w\-]*\s+){{0,2}}(?P<head>{cues.SOURCE_NOUN}))"
                            r"(?=[\s,.;:!?]|$)")
_POSSESSIVE_TAIL = re.compile(rf"{_AFTER_BREAK}(?P<np>(?P<owner>{cues.NAME})[{APOSTROPHES}]s\s+"
                              rf"(?:[a-z][\w\-]*\s+){{0,2}}(?P<head>{cues.SOURCE_NOUN}))$")
_GENERIC_TAIL = re.compile(rf"{_AFTER_BREAK}(?P<np>(?:{_DETERMINERS})\s+(?:{_WORD}\s+){{0,2}}?"
                           rf"(?P<head>[a-z][\w\-]+)(?:\s+(?:for|of|at|from|with|in)\s+[^,;:{DOUBLE_MARKS}]{{1,50}}?)?)$")
_QUANTITY_TAIL = re.compile(
    rf"(?:^|(?<=[\s,;:{DOUBLE_MARKS}(—–-]))(?P<np>(?:(?:[Nn]early|[Aa]lmost|[Aa]bout|[Mm]ore than|[Ff]ewer than|[Jj]ust|[Oo]nly|"
    r"[Rr]oughly|[Oo]ver|[Uu]nder)\s+)?(?:(?:[A-Za-z\-]+|\d[\d.,]*)\s+(?:percent|per cent|%|in\s+(?:\d+|ten|10))|"
    r"\d[\d.,]*%|(?:[Hh]alf|[Aa] third|[Tt]wo-thirds|[Tt]hree-quarters|[Aa] quarter|[Aa] majority|[Mm]ost|[Mm]any|"
    rf"[Ff]ew|[Ss]ome|[Aa]ll))(?:\s+of\s+(?:the\s+)?[^,;:{DOUBLE_MARKS}]{{1,40}}?|(?:\s+[A-Za-z\-]+){{0,4}}\s+[a-z\-]+s)?)$")
_QUANTITY_HEAD = r"(?:[a-z\-]+s|percent|per cent|%|majority|half|third|quarter|most|many|some|all|few)"
_ROLE_BEFORE = re.compile(rf"(?:^|(?<=\s))(?P<role>(?:[\w{APOSTROPHES}\-.]+\s+){{0,4}}?"
                          rf"{cues.alternation(cues.PERSON_NOUNS)}s?)\s+$")
_FUNCTION_WORDS = {"the", "a", "an", "and", "but", "or", "that", "which", "who", "when", "while", "as", "if",
                   "because", "after", "before", "said", "says", "say", "told", "where", "than", "then", "so",
                   "also", "to", "of", "in", "on", "at", "by", "for", "with", "from", "is", "was", "are", "were",
                   "has", "have", "had", "be", "been", "not", "no", "it", "he", "she", "they", "we", "i", "this"}
_CLAUSE_STOP = re.compile(r"(?:^|\s)(?:and|but|or|that|which|who|when|while|as|if|because|after|before|where|"
                          r"than|then|so|said|says|is|was|are|were|has|have|had)\s", re.IGNORECASE)
_TIME = re.compile(
    rf"(?:on\s+|last\s+|this\s+|next\s+)?(?:{cues.alternation([w.capitalize() for w in cues.WEEKDAYS])})"
    r"(?:\s+(?:morning|afternoon|evening|night))?|(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|month|year|"
    r"weekend|spring|summer|fall|autumn|winter|morning|evening|night)|yesterday|today|tonight|recently|earlier|"
    r"later|again|also|then|previously|repeatedly|often|once|publicly|privately|[a-z]+ly|on\s+(?:Jan|Feb|Mar|Apr|"
    r"May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|in\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|\d{4})")
_PLACE = re.compile(r"(?:in|on|at|during|after|before|via|through|over|while|when|to|from|of|about|outside|inside|"
                    rf"after|ahead of)\s+[^,.;:{DOUBLE_MARKS}]{{1,70}}?(?=\s*(?:,|:|\bthat\b|[{DOUBLE_MARKS}]|$))")
_TRAILING_PP = re.compile(r"(?:(?:in|on|at|during|after|before|via|through|over|to|from|about|outside|inside|while|"
                          rf"when|as)\s+[^,;:{DOUBLE_MARKS}]{{1,80}}?|[A-Z][a-z]+day(?:\s+\w+)?|\w+ly)\s*[.!?]?\s*[{CLOSING_MARKS}]?\s*")
_ADDRESSEE = re.compile(
    rf"(?:him|her|them|me|us|you|reporters|journalists|supporters|voters|donors|lawmakers|the crowd|an audience|"
    rf"(?:{cues.NAME})(?:[{APOSTROPHES}]s\s+{cues.NAME})?|(?:the|a|an|his|her|their|its)\s+(?:{_WORD}\s+){{0,3}}?{_WORD})"
    rf"(?=\s*(?:,|:|\bthat\b|\bon\b|\bin\b|\bat\b|\bduring\b|\bafter\b|\bbefore\b|\bto\b|\bwhy\b|\bhow\b|"
    rf"\bwhat\b|\bwhether\b|\bif\b|[{DOUBLE_MARKS}]|$|\.|\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    rf"\s(?:yesterday|today|tonight|recently|earlier|later|(?:last|this|next)\s+(?:week|month|year|weekend|morning|"
    rf"afternoon|evening|night))\b))")
_INVERTED_OPENING = re.compile(r"^(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Noted|Explained|Argued)\b")
_SPEECH_NOT_VERBS = set(cues.SPEECH_NOT_VERBS)
_OWNER = rf"(?P<owner>(?<![\w{APOSTROPHES}])(?:(?:{cues.TITLES}\s+)?{cues.NAME}[{APOSTROPHES}]s?|his|her|their|its|His|Her|Their|Its))"
_SPEECH_NOUN = cues.alternation(cues.SPEECH_NOUNS + [cues.plural(n) for n in cues.SPEECH_NOUNS if n != "words"])
_SPEECH_NOUN_BEFORE = re.compile(
    rf"{_OWNER}\s+(?:own\s+)?(?:[a-z][\w\-]*\s+){{0,3}}?{_SPEECH_NOUN}(?:\s+(?:was|is|were|are|that|of|about|:)|,)?"
    rf"[\s:,]*(?:that\s+(?:[^.;!?{DOUBLE_MARKS}]{{1,60}}?\s+)?)?[{OPENING_MARKS}'`]*$")
"""A possessive and a noun for what was said right before the quotation: "her remark that “…”", "Trump’s claim
that there have been “thousands of shootings”"."""
_GAP = rf"(?:[^.;:!?,{ALL_MARKS}]{{1,60}}?\s+)?"
_SPEECH_NOUN_GOVERNS = re.compile(
    rf"{_OWNER}\s+(?:own\s+)?(?:[a-z][\w\-]*\s+){{0,2}}?(?P<noun>{_SPEECH_NOUN})\s+(?:that\s+{_GAP}|(?:of|about)\s+{_GAP}"
    rf"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s))[{OPENING_MARKS}'`]*$")
"""The quotation inside a noun phrase for what someone said, before anything else in its sentence can claim it:
"Keller’s estimation of Congress having the “…”", "Trump’s description of the wall as “…”" (not the predicate
of that phrase: "Trump’s remarks about the judge were “…”"; not "denounced Trump’s remarks as “…”")."""
_SPEECH_NOUN_AFTER = re.compile(rf"[,.!?]?[{CLOSING_MARKS}'`]*\s+{_SPEECH_NOUN}\b")
_OWNER_BEFORE_MARK = re.compile(rf"{_OWNER}\s*$")
"""A possessive right before a quotation followed by a noun for what was said: "Mitt Romney’s “47 percent” comment"."""
_QUOTED_AS = re.compile(r"\bquot(?:ed|es|e|ing)\s+(?P<who>him|her|them|[A-Z][^,;:.]{1,60}?)\s+as\s*$")
"""'quoted him as saying': the words are his (he, she or they; or the source named there)."""
_NAMING_PARTICIPLES = {"called", "dubbed", "named", "nicknamed", "titled", "entitled", "labeled", "labelled", "branded"}
"""Participles that name a thing after an indefinite noun ("a band called Sophistafunk"): no attribution."""
_NOT_INVERTED = cues.TELL_FORMS - set(cues.forms(["ask", "answer", "warn", "urge", "promise"]))
"""Verbs after which a noun is the person addressed, never an inverted source ("told reporters")."""
_VERB_FORMS = set(cues.SPEECH_FORMS) | set(cues.BELIEF_FORMS)
_ABBREVIATIONS = ("Jr.", "Sr.", "St.", "Inc.", "Corp.", "Co.", "Ltd.", "Bros.")
_ACTS = {lemma[:4]: re.compile(r"\s+" + cues.alternation(objects)) for lemma, objects in cues.SPEECH_ACT_OBJECTS.items()}
_STANCE_PAST = {form for entry in cues.STANCE_VERBS for form in cues.inflect(entry)
                if form.split()[0].endswith("ed") or form.split()[0] in ("backed",)}
_MODALS = {"would", "could", "might", "may", "will", "should", "must", "can"}
_BE = {"is", "are", "was", "were", "be", "been", "being", "has been", "have been", "had been"}
_ADVERBIAL_TAIL = re.compile(
    r"(?:\s*\([^()]{1,40}\)|\s+(?:on\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)(?:\s+(?:morning|afternoon|evening|night))?|\s+(?:yesterday|today|tonight|earlier|later|"
    r"(?:last|this|earlier this|later this) (?:week|month|year|weekend)|in the past|at the time|"
    r"in recent (?:days|weeks|months|years)|in (?:1[89]|20)\d\d|in (?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)(?: (?:1[89]|20)\d\d)?))$")
_TITLE_BEFORE = re.compile(rf"(?:{cues.TITLES}\s+)+$")


_NOUN_BEFORE_VERB = re.compile(r"\s+(?:said|says|added|adds|wrote|writes|stated|states|reads?|noted|notes|"
                               r"continued|continues|explained|explains|shows|showed|found)\b")
"""A verb form right before one of these is a noun ("the report said", "the post reads"): no cue of its own."""


_QUESTION = re.compile(r"(?:[A-Z][\w ]{0,20}:\s*)?(?:How|What|Why|Is|Are|Was|Were|Do|Does|Did|Will|Would|Can|Could|"
                       r"Should|Who|Whom|When|Where|Which|Has|Have|Had)\b[^.!]*\?\s*$")
"""A direct question (an interviewer's, "Q: Is he comfortable …?"): it asks, and attributes nothing."""

_ROLE_REFERENT = re.compile(r"\b(?:the (?:president|vice president|prime minister|mayor|governor|senator|chancellor|"
                            r"king|queen|pope|premier|minister|secretary|general|chairman|chairwoman|chief)|POTUS|FLOTUS|"
                            r"VPOTUS)\b")
"""A person a text names by role only ("the president", "POTUS"): someone "he" or "she" may refer to."""

_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he|[Ss]ome|[Aa]ny|[Nn]o|[Ee]very|[Ee]ach|[Tt]hese|[Tt]hose|[Tt]his|[Oo]ur|[Mm]y|[Yy]our)\s+"
    r"|\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Ss]ome|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his)\s+(?:first|second|third|last|next|"
    r"big|key|main|final|only|simple|tough|hard|open|central)\s+"
    rf"|\b(?!(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hat|[Tt]here|[Ww]hat|[Ww]ho|[Hh]ere|[Ww]here)[{APOSTROPHES}]s)\w+[{APOSTROPHES}]s\s+)$")
"""A determiner (and an ordinal or plain adjective) or a possessive right before a cue word: the cue is a noun
("one big question", "some highlights", "Duarte’s claim"), never a verb with its source before it ("she’s
said" is "she has said")."""


def _after_preposition(sentence: str, start: int) -> bool:
    """Whether the words at ``start`` follow a preposition ("a spokesman for Trump"): then they are not the
    subject of the verb after them."""
    before = sentence[:start].rstrip()
    last = before.split()[-1].lower() if before.split() else ""
    return last in ("for", "of", "at", "with", "to", "from", "by", "in", "on", "about", "against", "into", "than",
                    "like", "including", "behind", "among", "between", "under", "over", "toward", "towards")


def _boundary_before(sentence: str, start: int) -> bool:
    """Whether a source ending before a cue starts where a subject can (the start, punctuation, or a
    conjunction), not in the middle of another phrase."""
    before = sentence[:start].rstrip()
    if not before or before[-1] in ",;:(—–-" + ALL_MARKS:
        return True
    if _re.fullmatch(rf"(?:At|In|On|Under|Below|Above|Near|Inside|Outside|Later|Then)\b[^,{DOUBLE_MARKS}]{{0,60}}", before):
        return True  # an opening phrase without its comma: "At the bottom it reads"
    last = before.split()[-1].lower()
    if last in _VERB_FORMS:  # "say they believe"
        return True
    return last in ("and", "but", "as", "when", "while", "because", "although", "though", "after", "before",
                    "so", "then", "that", "where", "if", "since", "whereas", "yet", "or", "also", "meanwhile", "what",
                    "whom", "which",
                    "later", "earlier", "now", "instead", "still") or bool(_re.match(r"^(?:on|in)$", last)) \
        or bool(_re.search(r"\d{4}$|day$|week$|month$|year$|night$", last))


def _strip_stop(words: str, start: int) -> tuple[str, int]:
    """A name run without the sentence words before it ("As Smith" → "Smith", "On Tuesday Smith" → "Smith")."""
    tokens = words.split(" ")
    while tokens and (_re.sub(rf"[{APOSTROPHES}]s$", "", tokens[0]) in cues.NAMES_STOP or not tokens[0]):
        start += len(tokens[0]) + 1
        tokens = tokens[1:]
    return " ".join(tokens), start


_CAUSATIVE = r"(?:help|helps|helped|helping|let|lets|letting|make|makes|made|making)"
_CAUSATIVE_BEFORE = re.compile(rf"(?:^|\s)(?i:{_CAUSATIVE})\s+$")
_CAUSATIVE_IN = re.compile(rf"(?:^|\s){_CAUSATIVE}\s")
"""A verb that takes a bare infinitive before, or inside, the words that look like a source: "helping agents
confirm his identity", "let them say what they like", "the mayor made officials say" are no one's statements
(not inside a relative clause: "the company that makes the vaccine said")."""
_RELATIVE_IN = re.compile(r"\b(?:that|who|which|whom|whose)\b")
_CLAUSE_IN_SOURCE = re.compile(r"\s(?:where|while|whereas|because|although|though)\s+(?=[a-z])")
_VERB_IN_SOURCE = re.compile(r"\s(?:(?:is|are|was|were|has|have|had)\s+)?[a-z]{3,}(?:ed|ing)\s+"
                             r"(?:a|an|the|his|her|its|their|on|to)\s")
_PRONOUN_END = re.compile(r"\s(he|she|they|we)$")


def _clause_subject(source: tuple | None) -> tuple | None:
    """A source phrase that runs over a clause cut to the subject of the verb: "an interview with RT he
    blasted" → he; "a child growing up where my father referred" → my father; "the Security Council issued a
    statement calling" → the Security Council (a noun phrase holds no finite verb and its object)."""
    if not source or source[1] not in ("nominal", "name"):
        return source
    words, kind, start, end, role, cue_start = source
    pronoun = _PRONOUN_END.search(words)
    if pronoun:
        return pronoun.group(1), "pronoun", start + pronoun.start(1), end, None, cue_start
    clause = list(_CLAUSE_IN_SOURCE.finditer(words))
    if clause:
        return words[clause[-1].end():], "nominal", start + clause[-1].end(), end, None, cue_start
    verb = _VERB_IN_SOURCE.search(words)
    if verb and verb.start() > 0:
        return words[:verb.start()], kind, start, start + verb.start(), role, cue_start
    return source


def _source_before(sentence: str, end: int, mentions_rel, verb: str, verb_kind: str = "speech",
                   antecedent: bool = False) -> tuple | None:
    """The source ending at ``end`` (before a cue): (words, kind, start, end, role, cue start). Auxiliaries
    between them ("has also said") belong to the cue."""
    cue_start = end
    head = sentence[:end].rstrip()
    auxiliaries = []
    while True:
        m = _AUX_TAIL.search(head)
        if m and m.group(0).strip():
            cue_start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            auxiliaries.append(m.group(0).strip().lower())
            head = head[:m.start()].rstrip()
            continue
        m = _ADVERBIAL_TAIL.search(head)  # "Sanders (I-Vt.) on Saturday criticized": not part of the cue
        if m and m.start() > 0:
            head = head[:m.start()].rstrip()
            continue
        break
    if _BE.intersection(auxiliaries) and not verb.split()[0].endswith("ing") and verb not in ("expected",):
        return None  # passive: "it was called", "he was also asked" — the subject is not the source
    if _MODALS.intersection(auxiliaries):
        return None  # "Japan would not demand": a possibility, not something said
    tail_end = len(head)
    if not head or _re.search(r"(?:^|\s)(?:the|The|a|A|an|An)$", head):
        return None  # "the disputed sea": a participle used as an adjective
    if _re.search(r"(?:^|\s)(?:to|by|of|for|from|about|into|In|in|their|its|our|my|your)$", head):  # not "know her"
        return None  # "a force to defend", "their check by announcing", "in the course of their report": no subject
    role = None
    party = _re.search(rf"(?:^|(?<=[\s,;:(—–-]))(?P<name>{cues.NAME})\s*\([^()]{{1,20}}\),$", head)
    if party and split_title(party.group("name"))[1]:  # "Gov. John Kasich (R-OH), said"
        words, start = _strip_stop(party.group("name"), party.start("name"))
        if words:
            title_role, _ = split_title(words)
            return words, "name", start, start + len(words), role or title_role, cue_start
    dashed = _re.search(r"\s*(?:[—–]|--)\s*[^—–,;{0}]{{1,160}}?\s*(?:[—–]|--)$".format(DOUBLE_MARKS), head)
    if dashed and dashed.start() > 0:  # "Gingrich — mentioned by Newsmax as the leading choice — told"
        head = head[:dashed.start()].rstrip()
    chained = _apposed_subject(head, mentions_rel, verb) if head.endswith(",") else None
    if chained:  # "Harry Bond, 30, of Raleigh, N.C., who was among those polled, said"
        words, kind, start, end, role = chained
        return words, kind, start, end, role, cue_start
    if head.endswith(","):  # an apposition: "Tomas Reyes, a councillor," / "Smith, who chairs it,"
        body = head[:-1]
        commas = [i for i, ch in enumerate(body) if ch == ","][-3:]
        chosen = None
        for comma in reversed(commas):
            appositive = body[comma + 1:].strip()
            if len(appositive) > 140 or _re.search(f"[{DOUBLE_MARKS}]", appositive) and \
                    not _re.fullmatch(rf"[^{DOUBLE_MARKS}]*(?:[{OPENING_MARKS}][^{DOUBLE_MARKS}]*[{CLOSING_MARKS}][^{DOUBLE_MARKS}]*)+",
                                      appositive):  # marks that pair inside it are a title ("wearing “Cruz” pins")
                break
            if _appositive(appositive, verb):
                chosen = comma  # and on to the left: "Marley Anderson, 21, a junior from Las Vegas,"
            elif chosen is not None:
                break
        if chosen is not None and chosen > 0:
            appositive = body[chosen + 1:].strip()
            role_match = _re.match(r"(?:a|an|the)\s+(.+)$", appositive) or _re.match(r"([a-z].+)$", appositive)
            role = role_match.group(1) if role_match and len(role_match.group(1).split()) <= 8 else None
            head = body[:chosen].rstrip()
            party = _re.search(r"\s*\([^()]{1,40}\)$", head)  # "Rep. Zoe Lofgren (D-Calif.), who …,"
            if party:
                head = head[:party.start()].rstrip()
            tail_end = len(head)
        else:
            comma = commas[-1] if commas else -1
            appositive = body[comma + 1:].strip() if comma >= 0 else ""
            nominal = (_NOMINAL_TAIL.search(body[:comma]) or _GENERIC_TAIL.search(body[:comma])) if comma > 0 else None
            if nominal and _re.fullmatch(cues.NAME, appositive) and not _after_preposition(body, comma + 1):
                # "A top strategist, John Weaver, tells": the name is the source, the phrase before it its role
                role = _role_text(_re.sub(rf"^(?:{_DETERMINERS})\s+", "", nominal.group("np")))
                at = comma + 1 + len(body[comma + 1:]) - len(body[comma + 1:].lstrip())
                return appositive, "name", nominal.start("np"), at + len(appositive), role, cue_start
            return None
    contraction = _re.search(rf"[{APOSTROPHES}]s$", head)
    if contraction and auxiliaries:  # "He’s been saying": ’s is "has"
        head = head[:contraction.start()]
        tail_end = len(head)
    relative = _re.search(r"(?:,\s*)?\b(?:(?:many|some|most|all|several|few|none|one|each|both) of )?"
                          r"(?:who|whom|which|that)$", head)
    if relative and relative.start() > 0:  # "a surrogate who said": the noun before is the source, even after a
        # preposition ("an endorsement from Mike Lee, who declared")
        found = _source_before(sentence, relative.start(), mentions_rel, "", verb_kind, antecedent=True)
        if found and found[1] != "pronoun":
            words, kind, s, e, role, _ = found
            return words, kind, s, e, role, cue_start
        return None
    if _re.search(r"(?:^|[\s,])(?:and|but)$", head) and verb_kind == "speech":
        found = _subject(sentence[:len(head)], [m for m in mentions_rel if m[1] <= len(head)])
        if found and found[3] < len(head) - 4:  # "McConnell embraced him and said", "She declared … and said"
            words, kind, s, e, role = found
            return words, kind, s, e, role, cue_start
    pronoun = _PRONOUN_TAIL.search(head)
    if pronoun and _boundary_before(head, pronoun.start()):
        return pronoun.group(1), "pronoun", pronoun.start(), tail_end, None, cue_start
    for a, b, sid in reversed(mentions_rel):
        if b == tail_end:
            titled = _TITLE_BEFORE.search(head[:a])
            at = titled.start() if titled else a
            if _after_preposition(head, at) and not _ROLE_BEFORE.search(head[:at]) and not antecedent:
                continue
            prefix = _ROLE_BEFORE.search(head[:at])
            start = prefix.start() if prefix and _role_ok(prefix.group("role")) else at
            return head[a:b], "known", start, b, role or _role_text(head[start:a]), cue_start
    possessive = _POSSESSIVE_TAIL.search(head)
    if possessive and verb not in _SPEECH_NOT_VERBS:
        np, start = _strip_stop(possessive.group("np"), possessive.start("np"))
        if np:
            return np, "nominal", start, tail_end, role, cue_start
    name = _NAME_TAIL.search(head)
    if name and not _re.search(rf"[{APOSTROPHES}]s$", name.group(1)):
        words, start = _strip_stop(name.group(1), name.start(1))
        prefixed = _re.search(r"\b(?:co|ex|vice)-$", head[:start])
        if prefixed and " " in words:  # "co-Anchor DeMarco Morgan": the capitalised role belongs to its prefix
            role = role or head[prefixed.start():start] + words.split()[0]
            start += len(words.split()[0]) + 1
            words = words.split(" ", 1)[1]
        determined = _re.search(r"(?:^|\s)(?:a|an|A|An|the|The)\s+$", head[:start])
        verb_for_sure = _re.match(r"\s*(?::|that\b)", sentence[end + len(verb):])  # "The Gazette reports: …"
        if determined and ((verb in _SPEECH_NOT_VERBS and not verb_for_sure)
                           or _re.match(r"(?:a|an|A|An)\s", determined.group(0).strip())):
            words = ""  # "a Facebook post", "the Paris attacks": the name modifies a noun
        place = _re.search(rf"(?:^|(?<=[\s,;:{DOUBLE_MARKS}(—–-]))(?P<person>{cues.NAME})\s+(?:of|from)\s+{cues.NAME},\s*$",
                          head[:start])
        if place and words and split_title(place.group("person"))[1]:  # "Stacy Baker of Columbia, South Carolina"
            person, at = _strip_stop(place.group("person"), place.start("person"))
            if person:
                return person, "name", at, tail_end, role or head[place.end("person"):tail_end].strip(), cue_start
        with_ing = verb.endswith("ing") and head[:start].rstrip().endswith(("with", "With"))
        the = _re.search(r"(?:^|(?<=\s))(?:the|The)\s+$", head[:start])
        if words and verb in _SPEECH_NOT_VERBS and " " not in words and not head[:start].strip(" " + OPENING_MARKS):
            words = ""  # "Cost estimates, he added": a capitalised first word before a noun-like form is no name
        if words and words != "I" and (with_ing or antecedent or not _after_preposition(head, start)):
            title_role, bare = split_title(words)
            if not bare:  # a title alone ("President", "another New Hampshire Republican"): a nominal source
                determiner = _re.search(rf"(?:^|(?<=\s))(?:{_DETERMINERS})\s+$", head[:start])
                if determiner:
                    start = determiner.start()
                    words = head[start:tail_end]
                return words, "nominal", start, tail_end, role or title_role, cue_start
            prefix = _ROLE_BEFORE.search(head[:start])
            if prefix and _role_ok(prefix.group("role")):
                role_words = _role_text(prefix.group("role"))
                phrase_start = prefix.start() + len(prefix.group("role")) - len(role_words or "")
                return words, "name", phrase_start, tail_end, \
                    role or " ".join(filter(None, [role_words, title_role])), cue_start
            return words, "name", the.start() if the else start, tail_end, role or title_role, cue_start
    nominal = _NOMINAL_TAIL.search(head)
    if nominal:
        np = nominal.group("np")
        start = nominal.start("np")
        lead = _re.match(r"[^\w]+\s*", np)
        if lead:  # "…,'' the report": the marks closing a quotation are not part of the source
            np, start = np[lead.end():], start + lead.end()
        tokens = np.split()
        cut = 0
        head_at = len(np) - len(np.lstrip())
        before_head = len(head[start:nominal.start("head")].split())
        listed = bool(tokens) and tokens[0].lower() in _DETERMINER_WORDS  # "the bespectacled, 71-year-old diplomat"
        for k, token in enumerate(tokens[:before_head]):
            if token.lower() in _FUNCTION_WORDS and token.lower() not in ("the", "a", "an") or \
                    token.endswith(",") and not listed:
                cut = k + 1
        if cut:
            skipped = " ".join(tokens[:cut])
            np = " ".join(tokens[cut:])
            start += len(skipped) + 1
        head_noun = nominal.group("head")
        determined = _re.match(rf"(?:{_DETERMINERS})\s", np) or head_noun.endswith("s") or \
            _re.match(r"[A-Z]", np) or head_noun in ("police", "people", "staff", "data")
        after_pronoun = _re.search(r"\b(?:he|she|they|it|we|I|you|He|She|They|It|We|You)\s+$", head[:start])
        if np and determined and (antecedent or not _after_preposition(head, start)) and head_at == 0 and \
                not after_pronoun:
            return np, "nominal", start, tail_end, role, cue_start  # ("He notes that …": "notes" is his verb)
    alone = _re.search(r"(?:^|(?<=[\s,;:(—–]))(?:[Yy]et\s+)?(?P<np>[Aa]nother|[Oo]thers|[Ss]everal|[Mm]any|[Ss]ome|"
                       r"[Mm]ost|[Bb]oth|[Oo]ne)$", head)
    if alone and verb_kind == "speech" and _boundary_before(head, alone.start()):
        # "Another said", "Several said": a quantifier standing for people the text has just spoken of
        return alone.group("np"), "nominal", alone.start("np"), tail_end, role, cue_start
    quantity = _QUANTITY_TAIL.search(head)
    if quantity and verb_kind in ("speech", "belief"):
        return quantity.group("np"), "nominal", quantity.start("np"), tail_end, role, cue_start
    if verb_kind == "speech":
        generic = _GENERIC_TAIL.search(head)
        if generic and generic.group("head").lower() not in _FUNCTION_WORDS and \
                not generic.group("head").endswith("ly") and _boundary_before(head, generic.start("np")):
            return generic.group("np"), "nominal", generic.start("np"), tail_end, role, cue_start
    return None


def _apposed_subject(head: str, mentions_rel, verb: str) -> tuple | None:
    """The name that opens a clause (the sentence, or the words after a quotation) and is described by
    appositions up to the comma before the cue: "Harry Bond, 30, of Raleigh, N.C., who was among those polled,
    said", "“…,” J.M. Berger, a fellow with the Program on Extremism and author of books on it, said"."""
    closing = max((head.rfind(mark) for mark in CLOSING_MARKS + "'\""), default=-1)
    starts = [0]
    if closing > 0 and _re.match(r"[\s,]*(?=[A-Z])", head[closing + 1:]):
        starts.append(closing + 1 + len(_re.match(r"[\s,]*", head[closing + 1:]).group(0)))
    for begin in reversed(starts):
        clause = head[begin:]
        found = _subject(clause, [(a - begin, b - begin, sid) for a, b, sid in mentions_rel if a >= begin])
        if not found or found[1] not in ("name", "known") or len(split_title(found[0])[1].split()) < 2 and \
                found[1] != "known":
            continue
        words, kind, s, e, role = found
        party = _re.match(r"\s*\([^()]{1,20}\)", clause[e:])
        rest = clause[e + (party.end() if party else 0):]
        if not rest.startswith(",") or len(rest) > 240 or not rest.endswith(","):
            continue
        first = rest[1:].split(",")[0].strip()
        marks = [ch for ch in rest if ch in DOUBLE_MARKS]
        if not first or not _appositive(first, verb) or len(marks) % 2 or rest.count(",") > 6:
            continue
        return words, kind, begin + s, begin + e, role or _role_text(first)
    return None


def _appositive(words: str, verb: str = "") -> bool:
    """Whether words between commas after a source describe it: "a councillor", "who chairs it", "45",
    "R-Texas", "celebrating a victory", "vice chairwoman for the campaign", "Carson’s longtime adviser"."""
    first = words.split()[0] if words.split() else ""
    if first in ("a", "an", "the", "who", "which", "whose", "now", "then", "himself", "herself", "also", "both",
                 "one", "once", "formerly", "still", "speaking", "writing", "in", "on", "at", "during", "after",
                 "before", "asked", "according", "however", "meanwhile", "though", "too", "for", "like", "of",
                 "from", "with") \
            or first[:1].isdigit() \
            or _re.match(r"[RDI]-", first) or _re.match(r"[a-z]+ing$", first):
        return True
    if _re.match(rf"(?:{'|'.join(cues.PARTY_MEMBERS)})\s+(?:of|from)\s+[A-Z]", words):
        return True  # "Representative Steve Cohen, Democrat of Tennessee, told"
    if _re.match(r"(?:\w+ed|clad|dressed|born|known|seen|shown|given|taken)$", first) and not verb.endswith("ing"):
        return True  # "Smith, pressed by reporters, said"
    if first in _TITLE_WORDS and len(words.split()) <= 6 and _re.search(rf"\b{_PERSON_NOUN}\b", words.lower()):
        return True  # "Ana Reyes, Deputy Mayor, said", "Ray Colton, Chief Executive of the port, told": a capitalised role
    owner = _re.match(rf"(?:{cues.TITLES}\s+)?{cues.NAME}(?:[{APOSTROPHES}]s|(?<=s)[{APOSTROPHES}])\s+", words)
    if owner and _re.search(_PERSON_NOUN + "s?", " ".join(words[owner.end():].split()[:4])):
        return True  # "Jeff Weaver, Sanders’ campaign manager, said", "Tina Tchen, Mrs. Obama's chief of staff,"
    return (first[:1].islower() or _re.search(rf"[{APOSTROPHES}]s$", first)) and not _re.match(r"\w+ed$", first) and bool(
        _re.search(_PERSON_NOUN + "s?", " ".join(words.replace("-", " ").split()[:6])))  # "co-founder of …"


def _role_ok(words: str) -> bool:
    tokens = words.split()
    return bool(tokens) and not any(t.lower() in ("said", "says", "told", "that", "who", "which") for t in tokens)


def _role_text(words: str) -> str | None:
    tokens = words.split()
    while tokens and tokens[0].lower() in _FUNCTION_WORDS:
        tokens = tokens[1:]
    return " ".join(tokens) or None


def _source_after(sentence: str, start: int, mentions_rel, subject: bool = False) -> tuple | None:
    """The source right after an inverted cue ("…,” said Smith"), or (``subject``) the subject opening a
    clause: (words, kind, start, end, role)."""
    rest = sentence[start:]
    lead = len(rest) - len(rest.lstrip())
    rest = rest.lstrip()
    at = start + lead
    former = _re.match(r"(?:[Ff]ormer|[Tt]hen-|[Tt]he late|late|[Rr]etired|[Ii]ncoming|[Oo]utgoing|[Aa]cting|[Ii]nterim)"
                       r"\s+(?=[A-Z])", rest)
    if former:  # "former Sen. Evan Bayh", "Former New York Times executive editor Bill Keller" opening a sentence
        found = _source_after(sentence, at + former.end(), mentions_rel, subject)
        if found and found[1] in ("name", "known"):
            words, kind, s, e, role = found
            return words, kind, at, e, " ".join(filter(None, [former.group(0).strip(), role]))
    pronoun = _re.match(r"(he|she|they|it|I|we|He|She|They|It|We)\b" if subject else r"(he|she|they|it|I|we)\b", rest)
    if pronoun:
        return pronoun.group(1), "pronoun", at, at + pronoun.end(), None
    for a, b, sid in mentions_rel:
        if a == at and _re.match(rf"\s+(?:[a-z][\w\-]*\s+){{0,3}}?{_PERSON_NOUN}\s+{cues.NAME_WORD}", sentence[b:]):
            continue  # "said Clinton campaign manager Robby Mook": the known name only says whose manager
        if a == at or (a > at and _re.fullmatch(rf"(?:the\s+)?(?:{_WORD}\s+){{0,4}}", sentence[at:a])
                       and _re.search(_PERSON_NOUN, sentence[at:a])):
            role = _role_text(sentence[at:a]) if a > at else None
            return sentence[a:b], "known", a, b, role
    possessive = _POSSESSIVE_AT.match(rest)
    if possessive:
        np = possessive.group("np")
        named = _re.match(rf",\s*(?P<name>{cues.NAME})\s*(?=[,.;:!?]|$)", rest[len(np):])
        if named and len(split_title(named.group("name"))[1].split()) >= 2:
            # "said Rubio’s deputy campaign manager, Rich Beeson, who …": the name, and the phrase its role
            name_at = at + len(np) + named.start("name")
            return named.group("name"), "name", name_at, name_at + len(named.group("name")), np
        return np, "nominal", at, at + len(np), None
    role = _re.match(rf"(?:the\s+)?(?P<role>(?:{_WORD}\s+){{0,4}}?{_PERSON_NOUN})\s+"
                    rf"(?=[A-Z])", rest)
    if not (role and _role_ok(role.group("role"))):
        # any lower-case words before a name of two words or more: "retired neurosurgeon Ben Carson"
        role = _re.match(rf"(?P<role>(?:[a-z][\w\-]*\s+){{1,4}})(?={cues.NAME_WORD}\s+{cues.NAME_WORD})", rest)
        if role and (any(w in _FUNCTION_WORDS or w in _DETERMINER_WORDS or w.endswith("ly")
                         for w in role.group("role").split())
                     or _re.match(rf"{cues.NAME}\s+[a-z]", rest[role.end():])):
            role = None  # "one unaligned Florida Republican strategist" is a nominal source, not a name
    offset = role.end() if role and _role_ok(role.group("role")) else 0
    name = _re.match(cues.NAME, rest[offset:])
    ordinal = _re.match(rf"(?:{cues.NAME_WORD}\s+)*\d+(?:st|nd|rd|th)\s+(?={cues.NAME_WORD})", rest[offset:])
    if ordinal:  # "said Air Force 1st Lt. Tyler Livingston": the ordinal belongs to the title
        found = _source_after(sentence, at + offset + ordinal.end(), mentions_rel, subject)
        if found and found[1] == "name":
            words, kind, s, e, role_words = found
            return words, kind, s, e, " ".join(filter(None, [ordinal.group(0).strip(), role_words]))
    if name and _re.match(r"\s+[a-z]", rest[offset + name.end():]):
        cut = _re.search(r"\s+(?:of|for)\s", name.group(0))
        if cut:  # "said Robert Antonacci of the New York delegation": the name stops before "of"
            name = _re.match(cues.NAME, rest[offset:offset + cut.start()])
    the = _re.match(rf"[Tt]he\s+(?={cues.NAME_WORD})", rest) if not offset else None
    nominal = (_NOMINAL_SUBJECT if subject else _NOMINAL_AT).match(rest) if the else None  # "The Rove ad"
    if nominal and nominal.group("head").islower() and nominal.group("head") not in _FUNCTION_WORDS:
        # "the Democratic nominee", "The Republican candidate appeared" (but "the Ellin Transport Office" is a name)
        np = nominal.group("np")
        return np, "nominal", at, at + len(np), None
    if not name and not offset:
        if the:
            offset = the.end()
            name = _re.match(cues.NAME, rest[offset:])
            role = None
    if name:
        words, s = _strip_stop(name.group(0), at + offset)
        words = _re.sub(r"(?<=[a-z]{2})\.$", "", words) if not words.endswith(_ABBREVIATIONS) else words
        if words:
            title_role, bare = split_title(words)
            role_words = " ".join(filter(None, [role.group("role") if role and offset else None, title_role])) or None
            noun = _re.match(rf"\s+(?P<noun>{_ORG_NOUN})(?=\s*(?:[,.;:!?]|$))", sentence[s + len(words):])
            if noun and noun.group("noun").islower():  # "wrote Harbour magazine", "said the Ferris campaign"
                words = sentence[s:s + len(words) + noun.end()]
                return words, "name", s, s + len(words), role_words
            if bare:
                return words, "name", s, s + len(words), role_words
            return words, "nominal", s, s + len(words), role_words
    capitalised = _re.match(rf"(?:a|an|another|one|A|An|Another|One)\s+{cues.NAME}{_POST_AFTER}(?=\s*(?:[,.;:!?]|$))", rest)
    if capitalised:  # "said a New Hampshire Republican"
        return capitalised.group(0), "nominal", at, at + capitalised.end(), None
    for pattern in ((_NOMINAL_SUBJECT,) if subject else (_NOMINAL_AT, _GENERIC_AT)):
        nominal = pattern.match(rest)
        if nominal and nominal.group("head").lower() not in _FUNCTION_WORDS:
            np = nominal.group("np")
            return np, "nominal", at, at + len(np), None
    return None


_POST_AFTER = (rf"(?:\s+(?!(?:in|on|at)\s+(?:a|an|his|her|their|its|Twitter|Facebook)\b)"
               rf"(?:of|for|at|with|to|from|in|on|close to|familiar with)\s+[^,;:.!?{DOUBLE_MARKS}]{{1,70}}?)?"
               rf"(?:\s+(?:[a-z]+ed|[a-z]+ing|known as|based in)\s+[^,;:.!?{DOUBLE_MARKS}]{{1,60}})?")
"""What follows a nominal source's head after an inverted cue: "of the campaign" (not "in an interview", "on
Twitter", which say where), and a participle phrase ("said one Republican involved in the planning", "wrote a
man calling himself Paul Paul")."""
_NOMINAL_AT = re.compile(rf"(?P<np>(?:(?:{_DETERMINERS})\s+(?:[\w\-{APOSTROPHES}.&]+\s+){{0,4}}?)?(?P<head>{cues.SOURCE_NOUN})"
                         rf"{_POST_AFTER})(?=\s*(?:[,.;:!?]|$|\s(?:in|on|at|during|after|before|who)\b))")
_NOMINAL_SUBJECT = re.compile(rf"(?P<np>(?:(?:{_DETERMINERS})\s+(?:[\w\-{APOSTROPHES}.&]+\s+){{0,4}}?)?(?P<head>{cues.SOURCE_NOUN}))"
                              r"(?=\s+[a-z]|\s*,)")
_GENERIC_AT = re.compile(rf"(?P<np>(?:{_DETERMINERS})\s+(?:{_WORD}\s+){{0,3}}?(?P<head>[a-z0-9][\w\-]+){_POST_AFTER})"
                         rf"(?=\s*(?:[,.;:!?]|$))")


_EMBEDDED = re.compile(rf"\s*(?:a|an|the|its|his|her|their)\s+(?:[\w\-]+\s+){{0,3}}?(?:by\s+)?"
                       rf"(?P<src>(?:the|its|his|her|their)\s+(?:{_WORD}\s+){{0,2}}?{cues.SOURCE_NOUN}|{cues.NAME})"
                       r"\s+(?:published|released|issued|filed|sent|posted|put out|wrote|circulated|obtained)\b"
                       rf"|\s*(?:a|an|the)\s+(?:[\w\-]+\s+){{0,3}}?(?:by|from)\s+(?P<by>(?:the\s+)?[^,.;:{DOUBLE_MARKS}]{{2,60}}?)"
                       r"(?=\s*(?:[,.;:]|$))")


_INTRODUCED = re.compile(rf"\s*(?P<np>(?:(?:{_DETERMINERS})\s+)?(?:[\w\-{APOSTROPHES}.&/]+\s+){{0,5}}?(?P<head>{cues.SOURCE_NOUN})"
                         rf"(?:\s+[^,;:.{DOUBLE_MARKS}]{{1,120}}?)?)(?=\s*(?:[,;:.!?]|$))")


def _introduced_source(sentence: str, start: int) -> tuple | None:
    """A source after "according to" with its modifiers ("recent polls", "a survey released on Thursday",
    "members who spoke with reporters")."""
    m = _INTRODUCED.match(sentence, start)
    if not m:
        return None
    return m.group("np"), "nominal", m.start("np"), m.end("np"), None


def _embedded_source(sentence: str, start: int, mentions_rel) -> tuple | None:
    """The source inside "according to a plan the authority published" or "a report by the ministry"."""
    m = _EMBEDDED.match(sentence, start)
    if not m:
        return None
    group = "src" if m.group("src") else "by"
    words = m.group(group).strip()
    at = m.start(group)
    for a, b, sid in mentions_rel:
        if at <= a < at + len(words):
            return sentence[a:b], "known", a, b, None
    kind = "name" if words[:1].isupper() and split_title(words)[1] else "nominal"
    return words, kind, at, m.end(), None


def _content_after(sentence: str, pos: int, verb: str, kind: str) -> tuple[int, int] | None:
    """Where the attributed words start after a cue ending at ``pos``, and end: the clause after *that*, or
    the verb's object, past the person addressed and adverbials of time, place and manner."""
    rest = sentence[pos:]
    at = pos
    if verb.split()[0] in cues.TELL_FORMS:
        m = _re.match(r"\s+", rest)
        skip = m.end() if m else 0
        addressee = _ADDRESSEE.match(rest, skip)
        if addressee and not _re.match(r"(?:that|what|why|how|whether|if)\b", rest[skip:]):
            at += addressee.end()
            rest = sentence[at:]
    while True:
        m = _re.match(r"\s*,?\s*", rest)
        step = m.end()
        time = _TIME.match(rest, step)
        if time and time.end() > step and (time.end() == len(rest) or not rest[time.end()].isalnum()) and \
                not _re.match(rf"[{APOSTROPHES}]s?\b", rest[time.end():]):  # "said Monday’s vote …": a possessive
            at += time.end()
            rest = sentence[at:]
            continue
        place = _PLACE.match(rest, step)
        if place and place.end() > step:
            following = rest[place.end():]
            if _re.match(rf"\s*(?:,|:|that\b|[{DOUBLE_MARKS}])", following):
                at += place.end()
                rest = sentence[at:]
                continue
        break
    m = _re.match(r"\s*(?:,|:|—|–)?\s*(?:that\s+)?", rest)
    at += m.end()
    if kind == "speech" and _TRAILING_PP.fullmatch(sentence, at):  # "she said in a video message.": no words
        return None
    end = len(sentence)
    while end > at and sentence[end - 1] in " .!?;":
        end -= 1
    if end <= at or len(re.findall(r"\w+", sentence[at:end])) < 2:
        return None
    if kind == "speech" and _re.match(r"(?:so|yes|no)\b", sentence[at:end]) and len(sentence[at:end].split()) < 3:
        return None
    return at, end


_TAIL_ADVERBIAL = re.compile(
    rf"\s*,?\s*(?:{_TIME.pattern}|(?:in|on|at|during|after|before|via|through|over|while|when|to|from|of|about|"
    rf"outside|inside|ahead of)\s+[^,.;:{DOUBLE_MARKS}]{{1,70}}|(?:who|which|whose)\b.*$|(?:a|an|the|[RDI]-)\b[^,.;:{DOUBLE_MARKS}]{{0,80}})")


def _content_before(sentence: str, source_start: int, cue_end: int, verb: str = "") -> tuple[int, int] | None:
    """The attributed words before "…, Smith said" (the sentence up to the comma before the source), when
    only adverbials follow the cue; the whole sentence for "…, Smith said, …" with words on both sides."""
    before = sentence[:source_start].rstrip()
    if not before or before[-1] not in ",—–'" + CLOSING_MARKS:
        return None
    tail = sentence[cue_end:]
    if verb.split()[0:1] and verb.split()[0] in cues.TELL_FORMS:
        addressee = _ADDRESSEE.match(tail, len(tail) - len(tail.lstrip()))
        if addressee:
            tail = tail[addressee.end():]
    while True:
        m = _TAIL_ADVERBIAL.match(tail)
        if not m or not m.group(0).strip(" ,"):
            break
        tail = tail[m.end():]
    start = 0
    while start < len(before) and not before[start].isalnum() and before[start] not in OPENING_MARKS:
        start += 1
    end = len(before) - 1 if before[-1] in ",—–" else len(before)
    if end <= start:
        return None
    if not tail.strip(" .!?" + CLOSING_MARKS):
        return start, end
    if tail.lstrip().startswith((",", "—", "–")):
        return start, len(sentence.rstrip(" .!?"))
    return None


def _subject(sentence: str, rel) -> tuple | None:
    """The subject of a sentence's main clause, after a dateline ("WASHINGTON (AP) —") and an opening
    adverbial clause ("In response to …, ")."""
    at = 0
    dateline = _DATELINE.match(sentence)
    if dateline:
        at = dateline.end()
    connective = _re.compiled(r"(?:And|But|So|Yet)(?:\s+(?:then|now|so|yet|still|also|later))?\s+(?=[A-Z])").match(sentence, at)
    if connective:  # "And then Trump went fully on the attack"
        at = connective.end()
    opening = None
    for _ in range(3):  # "The day before, at a rally in Beaumont, Tex., Mr. Trump was just as blunt"
        more = _OPENING_CLAUSE.match(sentence, at)
        if not more:
            break
        opening, at = more, more.end()
    adverb = re.compile(r"[A-Z][a-z]+ly,?\s+").match(sentence, at)
    if adverb:
        at = adverb.end()
    for _ in range(3):
        found = _source_after(sentence, at, rel, subject=True)
        comma = _re.match(rf"\.?,\s*({cues.NAME})?", sentence[found[3]:]) if found and opening else None
        if comma and (cues.is_place(found[0]) or _re.fullmatch(r"[A-Z][a-z]{1,4}\.?", found[0])
                      or cues.is_place(comma.group(1) or "")):
            at = found[3] + sentence[found[3]:].index(",") + 1  # "in Salem, New Hampshire, Trump", "in Beaumont, Tex., Mr. Trump"
            while at < len(sentence) and sentence[at] == " ":
                at += 1
            continue
        named = re.compile(rf",\s*(?P<name>{cues.NAME})\s*,").match(sentence, found[3]) if found else None
        if named and split_title(named.group("name"))[1] and found[1] in ("nominal", "name") \
                and not _PARTY.fullmatch(named.group("name")):  # "House Speaker Paul Ryan, R-Wis., …": his party
            # "Trump’s Virginia state director, Mike Rubino, reached out": the name, and the phrase its role
            return named.group("name"), "name", named.start("name"), named.end("name"), found[0]
        return found
    return None


_PERSON_TITLE = re.compile(rf"(?:{cues.alternation(list(cues.PERSONAL_TITLES))}|President|Sen\.|Rep\.|Gov\.|Senator|Governor|Mayor)\s+[A-Z]")
"""A title that only a person bears, before a name: "President Obama", "Mr. Trump" name someone."""
_PARTY = re.compile(r"[RDI]-[A-Z][\w.\-]*")
"""A party and state after a name, as US news writes them: "R-Wis.", "D-N.C."."""
_DATELINE = re.compile(rf"[A-Z][A-Z .,{APOSTROPHES}\-]{{2,40}}(?:,\s*[A-Z][\w.]*(?:\s+\d{{1,2}})?)?\s*(?:\([^()]{{1,20}}\)\s*)?[—–-]+\s*")
_OPENING_CLAUSE = re.compile(r"(?:(?:And|But|Yet|So|Still|Then)\s+)?(?:(?i:in|on|at|after|before|when|while|although|though|here|"
                             r"beyond|besides|amid|among|under|without|within|throughout|until|upon|with|for|from|by|"
                             r"against|across|around|given|once|unless|whether|even|instead of|rather than|"
                             r"despite|as|following|speaking|during|since|because|if|unlike|like|asked|earlier|later|"
                             r"last|this|today|yesterday|(?:the|a) (?:day|week|month|year|night) (?:before|after|earlier|"
                             r"later)|(?:days|hours|weeks|months|minutes|moments|years) (?:later|earlier|after|before))\b|"
                             r"[A-Z][a-z]+(?:ing|ed)(?=\s+[a-z]))"
                             rf"[^,{DOUBLE_MARKS}]{{0,140}}(?:[{OPENING_MARKS}][^{DOUBLE_MARKS}]{{1,60}}?(?:[{CLOSING_MARKS}][^,{DOUBLE_MARKS}]{{0,60}})?)?,"
                             rf"[{CLOSING_MARKS}]?\s+|(?:Meanwhile|However|But|And|Still|Yet|Also|Instead|Now|Then),\s+")
"""An opening adverbial clause ("After Beck asked him, ", "But after focusing on the cities, ", "The day before, ",
"Appearing before supporters, "), or a connective followed by its comma ("However, "): a
connective without one ("And Obama, for all his progress, seems") opens the main clause itself."""


def _frames(sentence: str, base: int, mentions, starts_paragraph: bool, quoted=()) -> list[Frame]:
    """Every attribution the cue lexicon finds in a sentence, in text order, not overlapping; cues inside
    quotation marks (``quoted``, relative spans) are the quoted speaker's words, not attributions."""
    rel = [(a - base, b - base, sid) for a, b, sid in mentions]
    found: list[Frame] = []
    if _QUESTION.match(sentence):
        return found  # "Q: How is the White House going to respond?": a question attributes nothing

    def taken(a: int, b: int) -> bool:
        return any(f.cue_start - base < b and a < f.cue_end - base for f in found) or \
            any(qa <= a < qb for qa, qb in quoted)

    for m in cues.INTRODUCER.finditer(sentence):
        phrase = m.group(0)
        after = _source_after(sentence, m.end(), rel) or _embedded_source(sentence, m.end(), rel) or \
            _introduced_source(sentence, m.end())
        if not after:
            continue
        words, kind, s, e, role = after
        lead = sentence[:m.start()].strip(" ," + OPENING_MARKS)
        if not lead or _re.fullmatch(r"(?:[A-Z]\w*ly|But|And|So|Yet|Still|However|Also)", lead):
            comma = sentence.find(",", e)
            content = (comma + 1 + len(sentence[comma + 1:]) - len(sentence[comma + 1:].lstrip()),
                       len(sentence.rstrip(" .!?"))) if comma != -1 else None
        else:
            content = _content_before(sentence, m.start(), e)
        frame = Frame("according", base + m.start(), base + m.end(), words, kind, base + s, base + e,
                      *(base + c for c in content) if content else (None, None),
                      rule=f"introducer '{phrase}' + source", role=role)
        found.append(frame)
    inverted = _INVERTED_OPENING.match(sentence)
    if inverted:
        after = _source_after(sentence, inverted.end(), rel)
        if after:
            words, kind, s, e, role = after
            colon = sentence.find(":", e)
            content = None
            if colon != -1:
                content = _trimmed(sentence, colon + 1, len(sentence))
            found.append(Frame("speech", base, base + inverted.end(), words, kind, base + s, base + e,
                               *(base + c for c in content) if content else (None, None),
                               rule=f"'{inverted.group(0)}' + source (inverted)", role=role))
    verbs = [(m, "speech") for m in cues.SPEECH.finditer(sentence)] + \
            [(m, "belief") for m in cues.BELIEF.finditer(sentence)] + \
            [(m, "evidence") for m in cues.EVIDENCE.finditer(sentence)]
    verbs.sort(key=lambda v: (v[0].start(), -len(v[0].group(0)), v[1] != "speech"))
    for m, kind in verbs:
        if taken(m.start(), m.end()):
            continue
        verb = m.group(0).lower()
        if kind == "belief" and m.group(0)[0].isupper() and m.start() == 0:
            continue
        if _NOUN_BEFORE_VERB.match(sentence, m.end()):
            continue  # "the congressional report said", "the statement reads": a noun before the verb
        if _DETERMINER_BEFORE.search(sentence[:m.start()]):
            continue  # "one big question", "some highlights", "the second question": a noun, not a verb
        if verb.endswith("ed") and _re.match(r"\s+by\b", sentence[m.end():]) and \
                _re.search(r"\b[a-z]+s\s+$", sentence[:m.start()]):
            continue  # "questions shouted by the pool": a participle after a noun, not the verb of a source
        if kind == "belief" and verb in _STANCE_PAST:
            continue  # "Tokyo backed the sanctions": an act, told as a fact, not a position
        participle = verb.endswith("ing") and _re.search(r",\s*$", sentence[:m.start()])
        source = None if participle else _clause_subject(_source_before(sentence, m.start(), rel, verb, kind))
        frame = None
        if source:
            words, skind, s, e, role, cue_start = source
            if kind == "evidence" and not _re.search(_DOCUMENT_NOUN + r"s?$", words) and \
                    not (verb in ("read", "reads") and words.lower() == "it"):  # "At the bottom it reads, “…”"
                continue
            if skind == "nominal" and not _re.search(rf"(?:{cues.SOURCE_NOUN}|{_QUANTITY_HEAD})$", words) and any(
                    f.content_start is not None and f.content_start - base <= s < f.content_end - base for f in found):
                continue  # inside words already attributed, "the areas that were hacked suggested" is no source
            if verb in _SPEECH_NOT_VERBS and skind == "nominal" and not words[:1].isupper():
                continue
            causative = _CAUSATIVE_IN.search(words)
            if _CAUSATIVE_BEFORE.search(sentence, 0, s) or (causative and not _RELATIVE_IN.search(words, 0, causative.start())):
                continue  # "helping agents confirm his identity": a bare infinitive after help/let/make
            if skind == "pronoun" and words.lower() == "it" and kind == "belief":
                continue
            act = _ACTS.get(verb[:4])
            if act and kind == "speech" and act.match(sentence, m.end()):
                continue  # "claimed responsibility", "called an election": an act, not words
            if verb in _NAMING_PARTICIPLES and skind == "nominal" and _re.match(r"(?:a|an|A|An)\s", sentence[s:s + 3]) \
                    and not _re.search(rf"{_PERSON_NOUN}s?$", words, re.IGNORECASE):
                continue  # "a warm-up band called Sophistafunk", "an inflation formula called the “chained CPI”"
            parenthetical = kind != "belief" and sentence[:s].rstrip().endswith((",", "—", "–")) and \
                _re.match(r"\s*(?:[,—–]|$)", sentence[m.end():])
            content = _content_before(sentence, s, m.end(), verb) if parenthetical else None
            if content is None:
                content = _content_after(sentence, m.end(), verb, kind)
            if content is None and kind != "belief":
                content = _content_before(sentence, s, m.end(), verb)
            if content is None and kind == "belief":
                continue
            frame = Frame("belief" if kind == "belief" else "speech", base + cue_start, base + m.end(), words, skind,
                          base + s, base + e, *(base + c for c in content) if content else (None, None),
                          rule=f"{'source' if skind != 'pronoun' else 'pronoun'} + "
                               f"{'belief' if kind == 'belief' else 'speech'} verb '{m.group(0)}'", role=role)
        elif kind == "speech" or (kind == "evidence" and verb in ("read", "reads")):
            before = sentence[:m.start()].rstrip()
            inverted_ok = (before.endswith((*ALL_MARKS, "'", ",", "—")) or not before) and \
                not verb.endswith("ing") and verb not in _NOT_INVERTED
            if kind == "evidence":  # "“…,” read the statement": only a document reads
                inverted_ok = inverted_ok and bool(_re.match(rf"\s+(?:the|a|an|his|her|its|their)\s+(?:[\w\-]+\s+){{0,2}}?"
                                                             rf"{_DOCUMENT_NOUN}s?\b", sentence[m.end():]))
            # "…,” said Smith", but never "…,” telling reporters" or "…,” told Smith": what follows is addressed
            after = _source_after(sentence, m.end(), rel) if inverted_ok else None
            if after and not _re.match(rf"\s*(?:[,.;:!?()—–]|$|{_TIME.pattern}|(?:of|from)\s+[^,.;:!?{DOUBLE_MARKS}]{{1,60}}"
                                      rf"(?:[,.;:!?]|$)|(?:in|on|at|during|as|after|before|who|"
                                      rf"while|when)\b)", sentence[after[3]:]):
                after = None
            if after:
                words, skind, s, e, role = after
                content = _content_before(sentence, m.start(), e, verb)
                frame = Frame("speech", base + m.start(), base + m.end(), words, skind, base + s, base + e,
                              *(base + c for c in content) if content else (None, None),
                              rule=f"speech verb '{m.group(0)}' + source (inverted)", role=role)
            elif verb.endswith("ing") and _QUOTED_AS.search(before):
                # "The Gazette quoted him as saying …": the one quoted says it, not the one quoting
                quoted_as = _QUOTED_AS.search(before)
                who = quoted_as.group("who")
                content = _content_after(sentence, m.end(), verb, kind)
                pronoun = {"him": "he", "her": "she", "them": "they"}.get(who)
                named = None if pronoun else _source_after(sentence, quoted_as.start("who"), rel)
                if content and (pronoun or named):
                    words, skind, s, e, role = (pronoun, "pronoun", quoted_as.start("who"), quoted_as.end("who"), None) \
                        if pronoun else named
                    frame = Frame("speech", base + quoted_as.start(), base + m.end(), words, skind, base + s, base + e,
                                  *(base + c for c in content), role=role,
                                  rule=f"'quoted … as {m.group(0)}': the one quoted")
            elif verb.endswith("ing") and found and _re.search(r",\s*(?:and\s+)?$|\band\s+$", before):
                content = _content_after(sentence, m.end(), verb, kind)
                if content:
                    previous = found[-1]
                    frame = Frame("speech", base + m.start(), base + m.end(), previous.source, "inherited",
                                  previous.source_start, previous.source_end, *(base + c for c in content),
                                  rule=f"participle '{m.group(0)}' continuing the sentence's source")
            elif verb.endswith("ing") and _re.search(r"(?:,|\bby)\s*$", before) and not found:
                # "Sanders stepped up his emphasis on …, saying", "… appeared to assert his plans by saying"
                content = _content_after(sentence, m.end(), verb, kind)
                subject = _subject(sentence, rel)
                if content and subject and subject[3] <= m.start():
                    words, skind, s, e, role = subject
                    frame = Frame("speech", base + m.start(), base + m.end(), words, skind, base + s, base + e,
                                  *(base + c for c in content), role=role,
                                  rule=f"participle '{m.group(0)}' after the sentence's subject")
        if frame is not None:
            frame.colon = sentence[frame.cue_end - base:].lstrip().startswith(":") or \
                bool(_re.match(rf"\s*(?:[^.,;:{DOUBLE_MARKS}]{{0,60}}):\s*$", sentence[frame.cue_end - base:]))
            found.append(frame)
    colon = _re.match(rf"^(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME}):\s+\S", sentence)
    if colon and not found:
        words, s = _strip_stop(colon.group("name"), 0)
        known = any(a == s and b == colon.end("name") for a, b, _ in rel)
        if words and (known or len(split_title(words)[1].split()) >= 2 or _re.fullmatch(rf"[A-Z][A-Z .{APOSTROPHES}-]+", words)):
            found.append(Frame("speech", base + colon.end("name"), base + colon.end("name") + 1, words, "name",
                               base + s, base + colon.end("name"), base + colon.end() - 1, base + len(sentence),
                               rule="name + colon"))
    for frame in found:  # the attributed words: no spaces or dangling punctuation at either end
        if frame.content_start is not None:
            a, b = frame.content_start - base, frame.content_end - base
            while a < b and (sentence[a].isspace() or sentence[a] in ",;:—–-"):
                a += 1
            while b > a and (sentence[b - 1].isspace() or sentence[b - 1] in ",;:—–-(" + OPENING_MARKS.replace('"', "")
                             or (sentence[b - 1] == '"' and sentence[a:b].count('"') % 2)):  # straight: when unpaired
                b -= 1
            if any(ch.isalnum() for ch in sentence[a:b]):
                frame.content_start, frame.content_end = base + a, base + b
            else:
                frame.content_start = frame.content_end = None
    found.sort(key=lambda f: f.cue_start)
    return found


# --- the discourse: who the text is talking about -----------------------------------------------------------

_NAMING = re.compile(rf"\b(?:itself|themselves|called|named|known as|dubbed|titled|entitled)\s+[{OPENING_MARKS}]?$")
_NAME_RUN = re.compile(rf"(?<![\w{APOSTROPHES}])(?:{cues.TITLES}\s+)?{cues.NAME}")
_PERSON_KINDS = (None, "person")
_GROUP_KINDS = ("organization", "government", "group")


@dataclass
class Subject:
    """The named subject of a sentence, remembered so that "he said" in the next one can find it; it becomes
    a speaker (a stub, if new) only if something is attributed to it."""

    words: str
    role: str | None
    sentence: int
    paragraph: int
    speaker: str | None = None   # a known speaker, or the stub once it speaks
    person: bool = True
    gender: str | None = None
    start: int = -1              # where its words start and end in the text (the subject of the sentence being
    end: int = -1                # drafted)


class People:
    """The people an article names, read once before drafting so that "he" and "she" find a person whose
    gender the text gives anywhere in it: a title (Mr., Mrs., Ms.) or a common given name at one of their
    mentions ("Rep. Ana Ortiz" … "Ortiz" … "she"). A surname stands for a gender only when every full name
    written with it gives the same one: "Bill Clinton" and "Hillary Clinton", or "Paul Kemp" and his daughter
    "Rowan Kemp" (a given name that says nothing), leave "Clinton" and "Kemp" without one."""

    def __init__(self, text: str):
        found: dict[str, set[str | None]] = {}
        for m in _NAME_RUN.finditer(text):
            words, _ = _strip_stop(m.group(0), m.start())
            role, name = split_title(words)
            gender = _gender_of(words, role) if name else None
            for key in self._keys(name, role):
                found.setdefault(key, set()).add(gender)
        # a full name of unknown gender leaves its surname unknown too
        self.gender: dict[str, str] = {key: (genders - {None}).pop() for key, genders in found.items()
                                       if len(genders - {None}) == 1 and (None not in genders or " " in key)}

    @staticmethod
    def _keys(name: str, role: str | None) -> list[str]:
        parts = name.split()
        if len(parts) >= 2 and not set(parts) & _ORG_WORDS and not cues.is_place(name) and "." not in parts[-1]:
            return [name, parts[-1].rstrip(",")]
        return [name] if len(parts) == 1 and role else []

    def of(self, words: str) -> str | None:
        """The gender the article gives the person these words name (a full name, or a surname alone)."""
        _, name = split_title(_re.sub(rf"[{APOSTROPHES}]s?$", "", words))
        if not name or not name[:1].isupper():
            return None
        return self.gender.get(name) or (self.gender.get(name.split()[-1]) if " " not in name else None)


class Discourse:
    """Who the text is talking about, so that a pronoun, a role or an uncued quotation finds its speaker."""

    def __init__(self, registry: Registry, author: str, text: str = ""):
        self.registry = registry
        self.author = author
        self.people = People(text)  # the article's people and the gender the text gives them
        self.speaker: str | None = None
        self.speaker_seen = -10          # paragraph where the speaker was last referred to
        self.recent: list[str] = []      # speaker ids in order of mention, most recent last
        self.subject: Subject | None = None  # the latest sentence's named subject
        self.sentence = 0                    # the number of the sentence being drafted
        self.continuing: tuple[str, int] | None = None  # who speaks in a quotation left open, and where
        self.named: list[tuple[str, str | None, int]] = []  # people named lately: (words, role, sentence)
        self.spoke_in = -1                   # the sentence in which the current speaker last spoke
        self.own: Subject | None = None      # the named subject of the sentence being drafted

    def note_names(self, sentence: str) -> None:
        """Remember the people a sentence names, so that "he said" right after finds one not yet speaking."""
        quoted = [(q.start, q.end) for q in quotations(sentence)]
        found: list[tuple[int, str, str | None]] = []
        for m in _NAME_RUN.finditer(sentence):
            if _NAMING.search(sentence[:m.start()]):
                continue  # "a group calling itself Dockers First": the name of a thing
            if any(a <= m.start() < b for a, b in quoted):
                continue  # "Asked “should Jeff Sessions resign,” he …": a name in someone's words, not a referent
            words, _ = _strip_stop(m.group(0), m.start())
            role, name = split_title(words)
            if role is None and (_re.search(r"\bthe\s+$", sentence[:m.start()]) or m.group(0).startswith("The ")):
                continue  # "to the East Room", "the Oval": a thing or a place, never a person "he" refers to
            parts = name.split()
            if len(parts) >= 2 and not set(parts) & _ORG_WORDS and not name.isupper() and not cues.is_place(name) and \
                    not _re.search(rf"[{APOSTROPHES}]s$", name):
                found.append((m.start(), words, role))
        for m in _ROLE_REFERENT.finditer(sentence):  # "to view the president posing": "he" may be the president
            if not any(a <= m.start() < b for a, b in quoted) and not _re.match(r"\s+(?:of|for|to)\b", sentence[m.end():]):
                found.append((m.start(), m.group(0), "role"))
        self.named += [(words, role, self.sentence) for _, words, role in sorted(found)]
        del self.named[:-30]

    def mention(self, speaker_id: str) -> None:
        if speaker_id in self.recent:
            self.recent.remove(speaker_id)
        self.recent.append(speaker_id)
        del self.recent[:-40]

    def spoke(self, speaker_id: str, paragraph: int) -> None:
        if speaker_id and not speaker_id.endswith("-unattributed") and speaker_id != self.author:
            self.speaker, self.speaker_seen = speaker_id, paragraph
            self.spoke_in = self.sentence
            self.mention(speaker_id)

    def fits(self, speaker_id: str, pronoun: str) -> bool:
        kind = self.registry.kind(speaker_id)
        gender = self.registry.gender.get(speaker_id)
        p = pronoun.lower()
        if p in ("he", "she"):
            if gender is None:
                display = self.registry.display.get(speaker_id, "")
                gender = cues.given_name_gender(display) or (self.people.of(display) if kind in _PERSON_KINDS else None)
            return kind in _PERSON_KINDS and gender in (None, "m" if p == "he" else "f") and \
                not cues.is_place(self.registry.display.get(speaker_id, ""))
        if p == "it":
            return kind in _GROUP_KINDS
        if p == "they":
            return kind in _GROUP_KINDS or self.registry.display.get(speaker_id, "").endswith("s")
        return False

    def materialise(self, subject: Subject) -> str:
        if subject.speaker is None:
            subject.speaker = self.registry.find(subject.words) or self.registry.stub(
                subject.words, role=subject.role, why="the subject of a sentence a pronoun refers back to")
            if subject.gender:
                self.registry.gender.setdefault(subject.speaker, subject.gender)
        return subject.speaker

    def subject_fits(self, pronoun: str) -> bool:
        subject = self.subject
        if subject is None or subject.sentence != self.sentence - 1 or not subject.person:
            return False
        if subject.speaker is not None:
            return subject.speaker != self.speaker and self.fits(subject.speaker, pronoun)
        return pronoun in ("he", "she") and self.subject_gender(subject) in (None, "m" if pronoun == "he" else "f")

    def subject_gender(self, subject: Subject) -> str | None:
        return subject.gender or self.people.of(subject.words)

    def pronoun(self, pronoun: str, paragraph: int, at: int | None = None) -> tuple[str | None, str]:
        """Whom a pronoun source refers to, nearest first: who spoke earlier in the same sentence, the person
        the sentence is about (its subject, before the pronoun), the person the sentence before is about,
        the current speaker, a person named just before whom a title or given name shows to fit, the nearest
        source that fits."""
        p = pronoun.lower()
        if p in ("i", "we"):
            return self.author, f"'{pronoun}' outside quotation marks: the author"
        if self.speaker and self.spoke_in == self.sentence and self.fits(self.speaker, p):
            return self.speaker, f"pronoun '{pronoun}' → who spoke earlier in the sentence"
        own = self.own
        if own is not None and at is not None and own.start < at and own.person and p in ("he", "she") and (
                self.fits(own.speaker, p) if own.speaker else self.subject_gender(own) in (None, "m" if p == "he" else "f")):
            return self.materialise(own), f"pronoun '{pronoun}' → the person the sentence is about"
        if self.subject_fits(p):
            return self.materialise(self.subject), f"pronoun '{pronoun}' → the person the sentence before is about"
        if self.speaker and paragraph == self.speaker_seen and self.fits(self.speaker, p):
            return self.speaker, f"pronoun '{pronoun}' → the current speaker"
        if self.speaker and paragraph - self.speaker_seen <= 2 and self.fits(self.speaker, p):
            return self.speaker, f"pronoun '{pronoun}' → the current speaker"
        wanted = "m" if p == "he" else "f"
        found = self.named_before(p, lambda gender: gender == wanted)  # a title or a given name says so
        if found:
            return found
        for speaker_id in reversed(self.recent):
            if self.fits(speaker_id, p):
                return speaker_id, f"pronoun '{pronoun}' → the nearest {('person' if p in ('he', 'she') else 'source')}" \
                                   f" that fits"
        found = self.named_before(p, lambda gender: gender is None)  # a name that says no gender, as a last resort
        if found:
            return found
        if self.speaker and p == "they":
            return self.speaker, f"pronoun '{pronoun}' → the current speaker"
        return None, f"pronoun '{pronoun}' with no earlier source that fits"

    def named_before(self, pronoun: str, gender_ok) -> tuple[str, str] | None:
        """The person named in the last few sentences (not yet speaking) whom "he" or "she" can refer to."""
        if pronoun not in ("he", "she"):
            return None
        for words, role, sentence in reversed(self.named):
            if role == "role":  # a role with no name: the nearest speaker with that role, else a stub to identify
                if self.sentence - sentence <= 3 and gender_ok(None):
                    speaker, why = self.nominal(words if words[:1].islower() else words, None)
                    if self.fits(speaker, pronoun):
                        return speaker, f"pronoun '{pronoun}' → the person named just before ('{words}'): {why}"
                continue
            if self.sentence - sentence <= 3 and gender_ok(_gender_of(words, role) or self.people.of(words)):
                found = self.registry.find(words)
                if found is None or self.fits(found, pronoun):
                    speaker = found or self.registry.stub(words, role=role, why="a person a pronoun refers back to")
                    return speaker, f"pronoun '{pronoun}' → the person named just before ('{words}')"
        return None

    def nominal(self, words: str, role: str | None) -> tuple[str, str]:
        """A speaker for "the mayor", "the newspaper", "a spokeswoman for the campaign": the nearest named
        speaker with that role or of that kind, else a stub to identify."""
        head = _re.sub(r"s$", "", words.split()[-1].lower()) if words.split() else ""
        m = _re.match(rf"(?:(?:{_DETERMINERS})\s+)?(?:{_WORD}\s+){{0,4}}?(?P<head>{cues.SOURCE_NOUN})"
                     rf"(?P<post>{_POST})$", words)
        if m:
            head = m.group("head").lower()
        definite = bool(_re.match(r"(?:the|The|this|This)\s", words)) and not (m and m.group("post").strip())
        if definite and head in _PERSON_NOUNS:
            for speaker_id in reversed(self.recent):
                if _holds_role(self.registry.roles.get(speaker_id) or "", head, words):
                    return speaker_id, f"'{words}' → the nearest named speaker whose role is {head}"
            for named, role, _ in reversed(self.named):  # "Mayor Ana Ruiz abstained. … The mayor said": Ruiz
                if role and role != "role" and _holds_role(role, head, words):
                    speaker_id = self.registry.find(named) or self.registry.stub(
                        split_title(named)[1], role=role, why="a person the text names with this role")
                    return speaker_id, f"'{words}' → the nearest person named with the role {head} ('{named}')"
        if definite and head in cues.MEDIA_NOUNS:
            for speaker_id in reversed(self.recent):
                name = self.registry.display.get(speaker_id, "")
                if set(name.split()) & set(cues.MEDIA_WORDS):
                    return speaker_id, f"'{words}' → the nearest news organisation named"
        if definite and head in ("campaign", "company", "group", "committee", "agency", "department", "party"):
            for speaker_id in reversed(self.recent):
                if head in self.registry.display.get(speaker_id, "").lower():
                    return speaker_id, f"'{words}' → the nearest {head} named"
        if definite and head in cues.ORGANIZATION_NOUNS:
            fitting = {sid for name, sid in self.registry.names.items()
                       if self.registry.kinds.get(sid) in _GROUP_KINDS and name.lower().endswith(" " + head)}
            if len(fitting) == 1:
                return fitting.pop(), f"'{words}' → the one registered {head} of that name"
        if not words[:1].isupper():
            words = words[:1].upper() + words[1:]
        singular = next((n for n in _PERSON_NOUNS if head in (n, cues.plural(n))), None)
        kind = "person" if singular else "organization"
        if singular and (head != singular or head in ("people", "staff", "police")):
            kind = "group"  # "People close to the vice president", "Aides to Clinton": they, not he or she
        return self.registry.stub(words, kind=kind, role=role, why=f"the role noun '{head}'"), \
            f"'{words}': no named speaker fits; a stub to identify"

    def resolve(self, frame: Frame, paragraph: int, previous: Frame | None = None) -> None:
        registry = self.registry
        if frame.source_kind == "pronoun":
            own, self.own = self.own, (None if frame.rule.startswith("'quoted") else self.own)  # "X quoted him"
            frame.speaker, frame.why = self.pronoun(frame.source, paragraph, frame.source_start)
            self.own = own
        elif frame.source_kind == "inherited":
            if previous is not None and previous.speaker:
                frame.speaker, frame.why = previous.speaker, "the source of the sentence's earlier cue"
            elif self.subject and self.subject.paragraph >= paragraph - 1:
                frame.speaker, frame.why = self.materialise(self.subject), "the sentence's subject"
        elif frame.source_kind == "known":
            frame.speaker = registry.find(frame.source) or registry.stub(frame.source, role=frame.role)
            frame.why = f"'{frame.source}' is a known name"
            if frame.role and frame.speaker in registry.stubs and not registry.stubs[frame.speaker]["role"]:
                registry.stubs[frame.speaker]["role"] = registry.roles[frame.speaker] = frame.role
        elif frame.source_kind == "nominal":
            frame.speaker, frame.why = self.nominal(frame.source, frame.role)
        else:
            frame.speaker = registry.find(frame.source) or registry.stub(frame.source, role=frame.role)
            frame.why = f"the name '{frame.source}'"
        if frame.speaker and frame.speaker != self.author:
            gender = _gender_of(frame.source, frame.role)
            if gender and frame.source_kind in ("name", "known"):
                registry.gender.setdefault(frame.speaker, gender)
            self.mention(frame.speaker)


_SECOND_OFFICE = re.compile(r"\b(?:deputy|vice|assistant|associate|under|former|ex)[\s-]+(?:\w+\s+)?$")
"""Words before a role noun that make it another office: a deputy mayor is not "the mayor"."""


def _holds_role(role: str, head: str, words: str = "") -> bool:
    """Whether a role written in the text ("Mayor", "City Council President") is the office a role noun names
    ("the mayor"); a deputy, vice, pro tem or former holder is someone else — unless the noun says so too
    ("the former mayor")."""
    role, words = role.lower(), words.lower()
    for m in _re.finditer(rf"\b{re.escape(head)}\b", role):
        second = _SECOND_OFFICE.search(role[:m.start()])
        if second and _re.search(rf"\b{re.escape(second.group(0).split()[0].split('-')[0])}\b", words):
            second = None  # "the former mayor" is the Former Mayor
        if not second and not _re.match(r"\s+pro\s+tem", role[m.end():]):
            return True
    return False


def _gender_of(words: str, role: str | None) -> str | None:
    for token in (words + " " + (role or "")).split():
        if token in cues.PERSONAL_TITLES:
            return cues.PERSONAL_TITLES[token]
        if token.lower() in cues.PERSONAL_TITLES:
            return cues.PERSONAL_TITLES[token.lower()]
    return cues.given_name_gender(split_title(words)[1]) if words[:1].isupper() else None


# --- the draft ----------------------------------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A date that is one day (EDTF)."""
_DAY_RULES = ("weekday", "yesterday", "today", "month day")
"""Relative date rules that name a day: what the text reports happened then."""


class _Calendar:
    """Dates of statements: a date cue at the statement; else the date its speaker was last quoted with
    (the same occasion); else the occasion the text reports (talks, a meeting, an interview on a named day);
    else, for words said in the past tense, the latest day the text gave (the event it reports); else from the
    latest date the text gave to publication."""

    def __init__(self, published: str):
        self.published = published
        self.bounds = _pub_days(published)
        self.speech: dict[str, tuple[str, int]] = {}   # speaker → the date a cue gave their statement, paragraph
        self.events: list[tuple[str, bool]] = []        # dates the text gave, in order, and whether an occasion

    def fallback(self, sentence: str, paragraph: int, speaker: str | None) -> tuple[str | None, str | None, str]:
        bounds = self.bounds
        if not bounds:
            return None, None, "no date and no publication date: set it by hand"
        start, end = bounds
        own = self.speech.get(speaker) if speaker else None
        if own and paragraph - own[1] <= 8:
            return own[0], "context", "no date in the sentence: the date this speaker was last quoted with"
        occasions = [value for value, occasion in self.events if occasion]
        if occasions:
            return occasions[-1], "context", "no date in the sentence: the occasion the text reports"
        told = _OCCASION.search(sentence)
        if self.events:
            latest = self.events[-1][0]
            if told:
                return latest, "context", f"no date in the sentence: '{told.group(0)}' is the occasion dated before"
            if _DAY.fullmatch(latest) and cues.PAST_SPEECH.search(sentence):
                # "The board approved the budget on Tuesday. … Hydrick said.": said at the event the text reports
                return latest, "context", "no date in the sentence: said (past tense) on the latest day the text gave"
            latest_bounds = edtf_bounds(latest)
            if latest_bounds and latest_bounds[0] <= end:  # "2019-12-06/2019-12-06" is the day 2019-12-06
                return _edtf(latest_bounds[0], end), "context", ("no date in the sentence: from the latest date given "
                                                                 "before it to publication")
        if start == end:
            return self.published, "context", "no date in the text before it: the day of publication"
        return (f"{start.year - 1}-{start.month:02d}/{end.year}-{end.month:02d}", "context",
                "no date in the text: bounded to the year before publication")

    def not_after(self, value: str) -> bool:
        a = edtf_bounds(value)
        return bool(a and self.bounds and a[0] <= self.bounds[1])


def _is_dateline(sentence: str, dates) -> bool:
    """Whether a sentence is a date line ("April 23, 2018", "New York, Sept. 18, 2017"): the day of the
    occasion a report is about, which the statements after it take."""
    days = [d for d in dates if d[2] == "explicit" and _DAY.fullmatch(d[1])]
    if len(days) != 1 or len(sentence) > 60:
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", sentence)
             if w.lower() not in cues.MONTHS and w.lower() not in cues.MONTH_ABBREVIATIONS
             and w.lower() not in cues.WEEKDAYS]
    return len(words) <= 3 and all(w[:1].isupper() for w in words)


_OCCASION = re.compile(rf"\b(?:told|at|during|before|in|to) (?:the|a|an|this|that|its|his|her|their|\w+day[{APOSTROPHES}]s) "
                       rf"(?:[\w\-]+ ){{0,2}}?{cues.alternation(cues.EVENT_NOUNS)}")
_OCCASION_NOUN = re.compile(cues.alternation(cues.EVENT_NOUNS), re.IGNORECASE)


def draft_source(source: Source, speakers: list[Speaker]) -> tuple[list[Row], Registry]:
    """Drafted rows for every sentence of ``source``, and the registry with any new speaker stubs."""
    registry = Registry(speakers, source.source_id)
    author = author_id(source.source_id)
    # a hard-wrapped text is read with its breaks inside paragraphs as spaces (same offsets; the rows keep the
    # breaks); ``paragraphs`` is the text with a break only where the contract ends a paragraph: quotations pair
    # within one, and punctuation alone is a row only as one, while sentences also end at a heading's short lines
    paragraphs_text = unwrapped(source.text) if source.wrapped else source.text
    text = unwrapped(source.text, short_lines=True) if source.wrapped else source.text
    discourse = Discourse(registry, author, text)
    calendar = _Calendar(source.published)
    quotes, unclosed = find_quotations(paragraphs_text)
    open_marks = {u.at: u for u in unclosed}
    open_at = sorted(open_marks)
    seen_quotes: dict[str, Quote] = {}
    opens = [q.mark if q.mark >= 0 else q.start - 1 for q in quotes]  # in text order
    rows: list[Row] = []
    paragraphs = paragraph_spans(text)
    paragraph_starts = [para_start for para_start, _ in paragraphs]
    last_actor: str | None = None
    block: tuple[str, str, int] | None = None  # a colon introduced words in the next paragraph: (speaker, why, p)
    block_end = -1  # the last paragraph of those words
    interview: tuple[str, str] | None = None  # (questioner, answerer) of an unlabelled Q & A after a colon
    last_paragraph = -1
    for start, end in _glued(paragraphs_text, _sentences(text, quotes)):
        sentence = text[start:end]
        paragraph = bisect.bisect_right(paragraph_starts, start) - 1
        new_paragraph = paragraph != last_paragraph
        last_paragraph = paragraph
        inside = []  # the quotations whose marks are in the sentence
        for k in range(bisect.bisect_left(opens, start), len(quotes)):
            if opens[k] >= end:
                break
            if quotes[k].end <= end:
                inside.append(quotes[k])
        mentions = registry.mentions(sentence, start)
        discourse.sentence += 1
        quoted = [((q.mark if q.mark >= 0 else q.start - 1) - start, q.end + 1 - start) for q in inside
                  if q.mention != _MARKS_MIXED]  # the author's words between mixed marks may hold a cue
        frames = _frames(sentence, start, mentions, new_paragraph, quoted)
        discourse.own = _own_subject(sentence, start, mentions, registry, author)
        previous = None
        for frame in frames:  # in text order: "Rhimes declared the need for it: “…,” she said." — she is Rhimes
            discourse.resolve(frame, paragraph, previous)
            previous = frame
            # "…, Stovall said." makes Stovall the one the text is quoting, as a quotation would
            if frame.kind == "speech" and frame.speaker and frame.content_start is not None and \
                    not _subordinate(text, start, frame):
                discourse.spoke(frame.speaker, paragraph)
        for a, b, sid in mentions:
            if not any(f.source_start <= a < f.source_end for f in frames):
                discourse.mention(sid)
                if discourse.speaker == sid:
                    discourse.speaker_seen = paragraph
        dates = [(start + at, value, basis, rule) for at, value, basis, rule in dates_in(sentence, source.published)]
        fallback = functools.partial(calendar.fallback, sentence, paragraph)
        notes = []
        for k in open_at[bisect.bisect_left(open_at, start):bisect.bisect_left(open_at, end)]:
            u = open_marks[k]
            if not u.continues:
                notes.append(f"unclosed quotation mark {text[k]} on line {source.text.count(chr(10), 0, k) + 1} of the "
                             f"text, column {k - source.text.rfind(chr(10), 0, k)}: "
                             + ("its words are drafted to the end of the paragraph" if u.drafted
                                else "not drafted as a quotation") + "; check the text's marks")
        if block is not None and paragraph > block_end:
            block = interview = None
        if interview is not None and block[2] < paragraph:  # a turn: a question, else the answer to it
            a, b = paragraphs[paragraph]
            asking = text[a:b].rstrip(" " + CLOSING_MARKS).endswith("?")
            block = (interview[0] if asking else interview[1],
                     f"an unlabelled interview: {'a question' if asking else 'an answer'} of the Q & A the paragraph "
                     "before introduces", block[2])
        in_block = block is not None and block[2] < paragraph <= block_end
        for q in inside:
            words = text[q.start:q.end]
            _attribute(q, text, start, end, frames, discourse, registry, paragraph, seen_quotes.get(words),
                       block if block is not None and paragraph == block[2] + 1 else None)
            if in_block and q.speaker == block[0] and q.rule.startswith("no cue") and q.mark > start and \
                    _WORDS.search(text, start, q.mark):  # not "“The Donald. Big Daddy.”", a sentence all in marks
                q.mention = "in marks inside the block's own words, with no cue of their own: a term or line " \
                            "its speaker quotes"  # the sentence stays the block speaker's
            has_cue = (q.cue is not None and "belief verb" not in q.rule) or q.rule.startswith(("pronoun", "repeats")) or any(
                f.content_start is not None and f.content_start <= q.start - 1 < f.content_end and f.kind != "belief"
                for f in frames)
            labelled = q.mark >= 0 and bool(_LABELLING.search(text[max(start, q.mark - 60):q.mark + 1]))
            q.mention = q.mention or _mention(text, q, start, end, has_cue or labelled or bool(seen_quotes.get(words)))
            if q.mention:
                q.speaker, q.rule = author, f"none: {q.mention}"
                q.date, q.basis, q.date_rule = None, None, "the author's own words"
                continue
            outside = [d for d in dates if not (q.start <= d[0] < q.end) and calendar.not_after(d[1])
                       and not any(f.content_start is not None and f.content_start <= d[0] < f.content_end
                                   and not (f.content_start <= q.start < f.content_end) for f in frames)]
            _date_quote(q, [d for d in outside if d[0] < q.start] or outside, seen_quotes.get(words), fallback)
            if q.speaker == author:  # "I said": the author's own words carry the publication date
                q.date, q.basis, q.date_rule = None, None, "the author's own words: dated by publication"
            if not q.speaker.endswith("-unattributed") and q.speaker != author and not q.rule.startswith(_QUESTION_PUT):
                discourse.spoke(q.speaker, paragraph)  # one who asks is not the one the text goes on quoting
            if q.open_ended and not q.speaker.endswith("-unattributed"):
                discourse.continuing = (q.speaker, paragraph)
        # a block's words, unless the sentence holds a quotation of its own (a term in marks is still theirs)
        in_block = in_block and all(q.mention for q in inside)
        row = _classify(text, start, end, inside, frames, mentions, dates, registry, last_actor, author, fallback,
                        calendar, block if in_block else None)
        for f in frames:  # words attributed in a subordinate clause: a span of the author's sentence
            if f.kind != "belief" and f.speaker and f.speaker != author and f.content_start is not None and \
                    _subordinate(text, start, f) and row.labels.get("claim_type") != "reported_speech":
                date, basis, date_rule = fallback(f.speaker)
                labels = {"claim_type": "reported_speech", "speaker": f.speaker,
                          "cue": _clean(text[f.cue_start:f.cue_end]), "date": date, "date_basis": basis}
                row.spans.append(Row(f.content_start, f.content_end, labels,
                                     [f"reported content in a subordinate clause; speaker: {f.rule}: {f.why}; date: "
                                      f"{date_rule}"], cue_at=f.cue))
        row.reasons[1:1] = [f"quotation marks: {note}" for note in notes]
        if any(q.note for q in inside if not q.span):
            row.reasons += [f"quotation marks: {q.note} — no direct_quote span is drafted for these words"
                            for q in inside if not q.span and q.note]
        spoken = row.labels.get("speaker")
        if spoken and not spoken.endswith("-unattributed"):
            discourse.spoke(spoken, paragraph)
        for item in [row, *row.spans, *inside]:
            speaker = item.speaker if isinstance(item, Quote) else item.labels.get("speaker")
            rule = item.date_rule if isinstance(item, Quote) else " ".join(item.reasons)
            date = item.date if isinstance(item, Quote) else item.labels.get("date")
            if speaker and date and speaker != author and _re.search(r"(?:at the cue|in the sentence)", rule):
                calendar.speech[speaker] = (date, paragraph)
        if row.labels.get("attributed_to"):
            last_actor = row.labels["attributed_to"]
        occasion = bool(_OCCASION_NOUN.search(sentence)) or _is_dateline(sentence, dates)
        told = [d for d in dates if calendar.not_after(d[1]) and (d[2] == "explicit" or d[3] in _DAY_RULES)
                and not any(q.start <= d[0] < q.end for q in inside)
                and not any(f.source_start <= d[0] < (f.content_end or f.cue_end) for f in frames)]
        # the sentence's occasion is its first date: "Thursday's meeting was calmer than Monday's" is of Thursday
        calendar.events += [(d[1], occasion and k == 0) for k, d in enumerate(told)]
        _remember_subject(discourse, sentence, start, mentions, frames, paragraph, registry)
        discourse.note_names(sentence)
        speech_frames = [f for f in frames if f.kind != "belief" and f.speaker]
        if end == paragraphs[paragraph][1] and sentence.rstrip().endswith(":") and not inside:
            # a colon whose own sentence names who speaks ("In an interview, she said this:") is one speaker's
            # block; a Q & A opens with a question, and a paragraph that opens a quotation in marks is narrative
            opens_question = paragraph + 1 < len(paragraphs) and text[slice(*paragraphs[paragraph + 1])].rstrip(
                " " + CLOSING_MARKS).endswith("?")
            interview = _interview(text, paragraphs, paragraph, registry) if (
                _QA_INTRO.search(sentence) and not speech_frames and opens_question) else None
            if interview:  # every paragraph after it, question or answer, to the end or a note on them
                names = [registry.display.get(sid, sid).split()[-1] for sid in interview]  # their surnames
                block, block_end = (interview[1], "", paragraph), _block_end(text, paragraphs, paragraph,
                                                                            sorted(opens + open_at), names)
            else:
                block = _block_speaker(sentence, start, mentions, speech_frames, discourse, registry, paragraph)
                block_end = _block_end(text, paragraphs, paragraph, sorted(opens + open_at))
        for q in inside:
            words = text[q.start:q.end]
            first = words not in seen_quotes
            if not q.span:
                continue
            if q.mention:
                labels = {"claim_type": "direct_quote", "speaker": author}
                reasons = [f"quotation in marks, not anybody's words: {q.mention}; the contract needs a "
                           "direct_quote span for words in marks, so the author is their speaker"]
                row.spans.append(Row(q.start, q.end, labels, reasons))
                continue
            labels = {"claim_type": "direct_quote", "speaker": q.speaker, "date": q.date, "date_basis": q.basis}
            if q.speaker == author:
                labels.update(date=None, date_basis=None)
            if q.cue:
                labels["cue"] = _clean(text[q.cue[0]:q.cue[1]])
            reasons = [f"quotation in marks; speaker: {q.rule}", f"date: {q.date_rule}"]
            if first:
                labels.update(check_worthy=True,
                              claim=_clean(f"{registry.display.get(q.speaker, q.speaker)} said: " + vocabulary.quoted(words)))
                reasons.append("check-worthy: first time these words are quoted (claim is mechanical; rewrite it)")
            else:
                reasons.append("not check-worthy: repeats an earlier quotation")
            seen_quotes.setdefault(words, q)
            row.spans.append(Row(q.start, q.end, labels, reasons, cue_at=q.cue))
        row.spans.sort(key=lambda r: (r.start, r.end))
        row.quotations = inside
        rows.append(row)
    rows = transcripts.attribute(text, rows, registry, author, source.published, guess)  # speaker-labelled turns
    return rows, registry


def _block_speaker(sentence: str, base: int, mentions, frames: list[Frame], discourse: Discourse, registry: Registry,
                   paragraph: int) -> tuple[str, str, int] | None:
    """Who speaks in the paragraph after one that ends with a colon: the source of its speech cue ("She
    said:"), else the person it is about ("Asked what worried her, Varga did not hesitate:")."""
    frame = next((f for f in frames if f.colon and f.content_start is None), None)
    if frame is not None:
        return frame.speaker, f"{frame.rule}: {frame.why}", paragraph
    found = _subject(sentence, [(a - base, b - base, sid) for a, b, sid in mentions])
    if not found:
        return None
    words, kind, _, _, role = found
    if kind == "pronoun":
        speaker, why = discourse.pronoun(words, paragraph)
    elif kind in ("name", "known"):
        speaker = registry.find(words)
        if speaker is None and len(split_title(words)[1].split()) >= 2:
            speaker = registry.stub(words, role=role)
        why = f"the person the paragraph before is about ('{words}')"
    else:
        return None
    if speaker is None or speaker == discourse.author or registry.kind(speaker) not in _PERSON_KINDS:
        return None
    return speaker, why, paragraph


_EDITOR_NOTE = re.compile(r"[(\[][^()\[\]\n:]{0,20}?\b(?:emphas[ie]s|italics|bold(?:face)?)\b[^()\[\]\n:]{0,20}[)\]]|"
                          r"[(\[]\s*(?:end(?: of)? quot(?:e|ation)|unquote)\s*[.]?\s*[)\]]", re.IGNORECASE)
"""A paragraph that is only the writer's note in brackets on the words quoted above it ("(Emphasis mine)",
"[emphasis added]", "(end quote)"): the writer's voice again after words quoted without marks. A caption
("(Photo: the old pier)") is no such note."""
_BLOCK_PARAGRAPHS = 6


def _block_end(text: str, paragraphs: list[tuple[int, int]], paragraph: int, marks: list[int],
               interview: list[str] | None = None) -> int:
    """The last paragraph of the words a colon at the end of ``paragraph`` introduces: the next one, or every
    paragraph up to a note in brackets that closes them ("He began:", two paragraphs of his speech, "(Emphasis
    mine)"), when none of those paragraphs opens a quotation (``marks``: where quotations open, in order).
    An ``interview``'s turns (its two people's surnames given) run to the end of the text, such a note, a
    paragraph that opens with a quotation in marks (the writer quoting again; an answer may quote a word inside
    it) or one that names either of them (the writer telling about them again)."""
    for k in range(paragraph + 1, len(paragraphs) if interview else
                   min(paragraph + 2 + _BLOCK_PARAGRAPHS, len(paragraphs))):
        a, b = paragraphs[k]
        if k > paragraph + 1 and _EDITOR_NOTE.fullmatch(text[a:b].strip()):
            return k - 1
        if interview:
            first = b - len(text[a:b].lstrip())  # the paragraph's first character other than a space
            if k > paragraph + 1 and (bisect.bisect_left(marks, first) != bisect.bisect_left(marks, first + 1) or any(
                    _re.search(rf"\b{re.escape(name)}\b", text[a:b]) for name in interview)):
                return k - 1
        elif bisect.bisect_left(marks, a) != bisect.bisect_left(marks, b):
            break
    else:
        if interview:
            return len(paragraphs) - 1
    return paragraph + 1


_NOTHING_SAID = re.compile(r"(?:nothing|little|not much|nothing more|nothing else|no more|not a word)"
                           r"(?:\s+(?:at all|else|more|of the sort|of substance))?(?:\s+(?:about|on|of)\s+[^,;.!?]{1,60})?"
                           r"[\s.,;!?]*", re.IGNORECASE)
"""What a cue reports when nothing was said ("said nothing at all", "said little about the budget"): a fact, no
reported words ("said nothing would change" reports some)."""
_POSSESSIVE_DATE = re.compile(rf"[\w ]{{0,24}}?(?:day|night|morning|afternoon|evening|week|month|year)"
                              rf"[{APOSTROPHES}]s\b", re.IGNORECASE)
"""A date as a possessive ("Protestors who were at Monday's meeting said", "last year's vote"): it names a
thing, not when the words were said."""
_QA_INTRO = re.compile(r"\bQ\s*(?:&|and)\s*A\b|\b(?:interview|exchanges?|conversation)\b", re.IGNORECASE)
"""What a colon-ended paragraph says when an interview's questions and answers follow it unlabelled ("A couple
of exchanges from their Q & A:", "From the interview:")."""
_INTERVIEWED = [
    (re.compile(rf"(?P<answers>{cues.NAME})[^.?!\n]*?\b(?:talk(?:s|ed)?|sp(?:eaks|oke)|sat down)\s+(?:to|with)\s+"
                rf"(?P<asks>{cues.NAME})"), "talked to"),
    (re.compile(rf"(?P<answers>{cues.NAME})[^.?!\n]*?\b(?:was|is|has been)\s+interviewed\s+by\s+(?P<asks>{cues.NAME})"),
     "was interviewed by"),
    (re.compile(rf"(?P<asks>{cues.NAME})[^.?!\n]*?\binterview(?:s|ed)\s+(?P<answers>{cues.NAME})"), "interviewed"),
]
"""Who answers and who asks, as the sentence before an interview names them."""


def _interview(text: str, paragraphs: list[tuple[int, int]], paragraph: int, registry: Registry) -> tuple | None:
    """(questioner, answerer) of the interview whose exchanges a colon at the end of ``paragraph`` introduces: the
    two people the paragraph before it (or the colon's own) names as talking, or None."""
    for k in (paragraph, paragraph - 1):
        if k < 0:
            continue
        a, b = paragraphs[k]
        for pattern, _ in _INTERVIEWED:
            found = pattern.search(text, a, b)
            if found:
                asks, answers = (_named_speaker(registry, found.group(g)) for g in ("asks", "answers"))
                if asks and answers and asks != answers:
                    return asks, answers
    return None


def _own_subject(sentence: str, base: int, mentions, registry: Registry, author: str) -> Subject | None:
    """The person a sentence is about, when its subject names one ("Cruz on Friday played down the idea that
    he …"): a pronoun after it in the same sentence refers to it before anyone quoted earlier."""
    found = _subject(sentence, [(a - base, b - base, sid) for a, b, sid in mentions])
    if not found or found[1] not in ("name", "known"):
        return None
    words, kind, s, e, role = found
    if _re.search(rf"[{APOSTROPHES}]s?$", words) or _re.match(rf"[{APOSTROPHES}]s?\b", sentence[e:]):
        return None  # "Donald Trump’s “coarse” effusion": the subject is a thing of his
    speaker = registry.find(words)
    if speaker == author or (speaker is None and len(split_title(words)[1].split()) < 2 and not _PERSON_TITLE.match(words)) \
            or cues.is_place(words):  # "Footage" is no one yet; "President Obama" is
        return None
    person = registry.kind(speaker) in _PERSON_KINDS if speaker else not _organisation_like(words)
    subject = Subject(words, role, 0, 0, speaker, person, _gender_of(words, role), base + s)
    subject.end = base + e
    return subject


_ADJECTIVE_HEADS = {"general", "official", "chief", "principal", "executive"}
"""Person nouns that are as often adjectives before another noun ("general fund", "official figures")."""
_MODIFIED = re.compile(r"\s+(?P<noun>[a-z]+)\s+[a-z]+(?:ed|s)\b")
"""After such a word, a noun and then a verb in the past or a plural ("general fund departments", "general
manager arrived", "official figures showed"): the word modifies the noun."""
_VERB_OR_BE = _VERB_FORMS | _BE


def _remember_subject(discourse: Discourse, sentence: str, base: int, mentions, frames: list[Frame],
                      paragraph: int, registry: Registry) -> None:
    """Note the sentence's subject when it names a person (not a quotation-led sentence, whose speaker the
    discourse already follows)."""
    rel = [(a - base, b - base, sid) for a, b, sid in mentions]
    found = _subject(sentence, rel)
    if not found:
        return
    words, kind, s, e, role = found
    reporting = next((f for f in frames if f.kind == "speech" and f.speaker and f.content_start is not None
                      and f.content_start - base <= s < f.content_end - base and f.source_kind != "pronoun"
                      and f.source_start - base > s), None)  # not "After Beck asked him, D'Souza replied"
    if reporting is not None:  # "Cruz won the crowds, Stovall said.": the sentence is about what Stovall said
        words, kind, s, e, role = (reporting.source, reporting.source_kind, reporting.source_start - base,
                                   reporting.source_end - base, reporting.role)
    if kind == "pronoun":
        if discourse.subject is not None and discourse.subject.sentence == discourse.sentence - 1:
            discourse.subject.sentence = discourse.sentence  # "He" goes on about the same person
        return
    frame = next((f for f in frames if f.source_start - base <= s < f.source_end - base and f.speaker
                  and "," not in f.source), None)
    # "The Mayor disagreed by saying …": the subject's words may sit inside the frame's source ("Mayor"); not
    # inside a source run over a comma ("the question, the candidate"), which is a misreading of the clause
    speaker = frame.speaker if frame else registry.find(words)
    if kind == "name" and speaker is None and (len(split_title(words)[1].split()) < 2 or _re.search(rf"[{APOSTROPHES}]s?$", words)):
        return  # a capitalised first word ("Footage", "Himself") is not yet a name
    person = kind in ("name", "known") and (registry.kind(speaker) in _PERSON_KINDS if speaker
                                            else not _organisation_like(words)) \
        and not cues.is_place(words)  # "San Diego", "FULL TEXT" are nobody "he" refers to
    if kind == "nominal":
        head = words.split()[-1].lower()
        person = head in _PERSON_NOUNS and not head.endswith("s") and not _re.match(r"(?:no|No)\s", words) \
            and not (head in _ADJECTIVE_HEADS and (modified := _MODIFIED.match(sentence, e))
                     and modified.group("noun") not in _VERB_OR_BE and not modified.group("noun").endswith("ed"))
        # "no other secretary of state had …" is nobody a pronoun refers to; "the county's general fund
        # departments requested" is about departments, not a general
    if speaker == discourse.author:
        return
    # its gender only from a title or given name: guessing it from the pronouns that follow ("…, if he loses")
    # was wrong more often than right
    discourse.subject = Subject(words, role, discourse.sentence, paragraph, speaker, person, _gender_of(words, role))


_SIGN_OFF = re.compile(rf"[{CLOSING_MARKS}{APOSTROPHES}.,!?]*[ \t\xa0]*(?:[―—–]|--)[ \t\xa0]*"
                       rf"(?P<name>(?:{cues.TITLES}[ \t]+)?{cues.NAME})(?:,[^\n{ALL_MARKS}]{{1,120}})?[ \t\xa0.]*")
"""A quotation signed below or after it with a dash and a name, as collected quotes are: "“…” ― Jane Doe"."""


_SPEAKER_LABEL = re.compile(rf"(?P<name>[A-Z][A-Z{APOSTROPHES}\-]+(?:\s+[A-Z][A-Z{APOSTROPHES}\-]+){{0,2}}):\s+"
                            rf"(?=[A-Z{OPENING_MARKS}{SINGLE_MARKS}])")
"""A transcript's speaker label in capitals right inside the marks: "PENCE: …", "CHRIS WALLACE: …"."""
_NAME_DASH = re.compile(rf"(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME})\s+(?:--|[—–])\s*$")
"""A name, then a dash that opens the quotation: the name's words follow."""


_ASKED = re.compile(rf"[ \t]*(?:(?:When|Once|After being|And|But|Later)[ \t]+)?(?:[Aa]sked|[Qq]uestioned)"
                    rf"(?:[ \t]+by[ \t]+(?P<asker>[^,:{ALL_MARKS}\n]{{1,60}}?))?[ \t]*[,:]?[ \t]*")
"""A sentence opening with the question put to its subject: "Asked “…,” she said nothing", "Asked by a reporter,
“…?”"."""
_QUESTION_PUT = "the question put to the sentence's subject"


def _named_speaker(registry: Registry, words: str) -> str | None:
    """The speaker a name written in the text stands for (known, else a new stub); None when, without the
    sentence words before it ("As", "The"), the words name no one."""
    name = _strip_stop(words, 0)[0]
    return (registry.find(name) or registry.stub(name)) if name else None


def _attribute(q: Quote, text: str, start: int, end: int, frames: list[Frame], discourse: Discourse,
               registry: Registry, paragraph: int, earlier: Quote | None,
               block: tuple[str, str, int] | None = None) -> None:
    """The speaker of a quotation: the cue right after it or right before it, the attribution whose words
    hold it, a colon after a name, an earlier quotation of the same words, else the current speaker."""
    after = text[q.end:end]
    before = text[start:q.start]
    asked = _ASKED.fullmatch(text, start, q.mark) if q.mark >= start else None
    if asked and asked.group("asker") and _re.search(r"\b(?:about|whether|if|why|how|what|when|on|over|for|to)\b",
                                                     asked.group("asker")):
        asked = None  # "Asked by reporters about the pier, “…,” Duarte said": the question is told, the words answer
    question_like = text[q.start:q.end].rstrip(" ,").endswith("?") or _re.match(
        r"(?i)(?:should|will|would|can|could|is|are|was|were|do|does|did|have|has|why|what|how|when|where|who|which)\b",
        text[q.start:q.end])
    if asked and not question_like and any(f.kind != "belief" and f.speaker and f.cue_start >= q.end and f.source_start >= q.end and
                     _re.fullmatch(rf"[\s,.!?{ALL_MARKS}]*(?:[\w\-{APOSTROPHES}.&]+\s+){{0,5}}", text[q.end:f.cue_start])
                     for f in frames):
        asked = None  # "Asked: “It is unsafe,” Duarte said": the quotation's own cue follows it
    if asked:  # "Asked “should she resign,” the mayor did not answer": the question is the asker's words
        asker = asked.group("asker")
        q.speaker = (_named_speaker(registry, asker) if asker and asker[:1].isupper() else None) or \
            (discourse.nominal(asker, None)[0] if asker else registry.unattributed())
        q.rule = f"{_QUESTION_PUT} ('{_clean(asked.group(0).strip())}'), " + \
            (f"by '{asker}'" if asker else "by someone the text does not name")
        return
    sign_off = _SIGN_OFF.fullmatch(text, q.end, len(text) if (eol := text.find("\n", q.end)) < 0 else eol)
    speaker = _named_speaker(registry, sign_off.group("name")) if sign_off else None
    if speaker:  # "“…” ― Karen Bobadilla."
        q.speaker, q.rule = speaker, "name after a dash below the quotation"
        return
    if _owner(q, text, start, discourse, registry, paragraph, frames, governing=True):
        return  # "seizing on Keller’s estimation of Congress having the “approval rating of bedbugs,” Fullilove …"
    for f in frames:
        if f.kind == "belief" or not f.speaker:
            continue
        anchor = f.cue_start if f.source_start < q.end else min(f.source_start, f.cue_start)
        gap_after = text[q.end:anchor] if f.cue_start >= q.end else None
        if gap_after is not None and _re.fullmatch(rf"[\s,.!?:;{ALL_MARKS}—–-]*(?:[\w\-{APOSTROPHES}.&]+\s+){{0,5}}", gap_after) \
                and (_re.search(r"[,.!?—–-]\s*$", text[q.start:q.end]) or _re.match(rf"[{ALL_MARKS}\s]*[,—–-]", gap_after)
                     or not _re.search(r"\b(?:until|because|when|while|after|before|since|unless|if|and|but|only|as|that)\b",
                                       gap_after)):
            # "…,” Clinton campaign Chairman John Podesta said", "…,” an angry Hollande retaliated"
            q.speaker, q.rule, q.cue = f.speaker, f"{vocabulary.quoted('…')} + {f.rule}: {f.why}", f.cue
            return
    label = _SPEAKER_LABEL.match(text, q.start, q.end)
    if label:  # a transcript quoted paragraph by paragraph: "“PENCE: Well, look, …"
        name = label.group("name").title() if label.group("name").isupper() else label.group("name")
        q.speaker, q.rule = registry.find(name) or registry.stub(name), "a speaker's name and colon opening the quotation"
        return
    dash = _NAME_DASH.search(before.rstrip(" " + OPENING_MARKS + "'"))
    speaker = _named_speaker(registry, dash.group("name")) if dash and not cues.is_place(dash.group("name")) \
        and not _after_preposition(before, dash.start("name")) else None  # not "supportive of Mr. Trump -- “…”"
    if speaker:  # "A chorus of Republicans has said so, including Mitt Romney -- ''It is disqualifying …'' --"
        q.speaker, q.rule = speaker, "name + dash before the quotation"
        return
    for f in reversed(frames):  # the nearest cue before the quotation first
        if f.kind == "belief" or not f.speaker:
            continue
        if f.cue_end <= q.start:
            gap = text[f.cue_end:q.start - 1]
            intro = _re.fullmatch(rf"\s*(?:[^.;{DOUBLE_MARKS}]{{0,80}}?)?[,:]?\s*(?:that\s+)?", gap)
            if intro or (f.content_start is not None and f.content_start <= q.start <= (f.content_end or 0) + 1):
                q.speaker, q.rule, q.cue = f.speaker, f"{f.rule} + {vocabulary.quoted('…')}: {f.why}", f.cue
                return
    for f in frames:
        if not f.speaker or (f.kind == "belief" and earlier is not None and earlier.speaker):
            continue  # words quoted before are still their speaker's inside what someone else believes
        if f.content_start is not None and f.content_start <= q.start and q.end <= (f.content_end or 0) + 1:
            q.speaker, q.rule, q.cue = f.speaker, f"within the words attributed by {f.rule}: {f.why}", f.cue
            return
    colon = _re.search(rf"(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME}):\s*$", before.rstrip(" " + OPENING_MARKS))
    speaker = _named_speaker(registry, colon.group("name")) if colon else None
    if speaker:
        q.speaker, q.rule = speaker, "name + colon"
        return
    if block is not None and q.mark >= 0 and not text[text.rfind("\n", 0, q.mark) + 1:q.mark].strip():
        q.speaker, q.rule = block[0], f"a quotation after a colon in the paragraph before ({block[1]})"
        return  # "The New York Times reports:" then "“In an illustration of …"
    if discourse.continuing is not None and discourse.continuing[1] == paragraph - 1 and q.mark >= 0 and \
            not text[text.rfind("\n", 0, q.mark) + 1:q.mark].strip():
        q.speaker, q.rule = discourse.continuing[0], "continues the quotation left open in the paragraph before"
        return
    subject = next((f for f in frames if f.speaker and f.kind != "belief" and f.source_start < q.start
                    and _re.match(r"participle|source \+", f.rule) and f.source_start - start < 60), None)
    if subject is not None and _re.search(r"participle", subject.rule):
        q.speaker, q.rule = subject.speaker, f"in a sentence whose subject speaks ({subject.rule}): {subject.why}"
        return
    if earlier is not None and earlier.speaker:
        q.speaker, q.rule = earlier.speaker, "repeats an earlier quotation"
        return
    if _owner(q, text, start, discourse, registry, paragraph, frames):
        return
    own = discourse.own
    if own is not None and own.start < q.start - 1 and (own.speaker or len(split_title(own.words)[1].split()) >= 2
                                                         or _PERSON_TITLE.match(own.words)) \
            and _WORDS.search(text, own.end, max(own.end, q.mark if q.mark >= 0 else q.start - 1)):
        # "Sanders delivered a snappy retort: “…”", "Clinton talked up her “50-state strategy”": with no speech
        # verb the draft knows, the person the sentence is about is the likeliest speaker
        q.speaker = discourse.materialise(own)
        q.rule = f"no speech cue: the person the sentence is about ('{own.words}')"
        return
    if discourse.speaker and paragraph - discourse.speaker_seen <= 1:
        q.speaker, q.rule = discourse.speaker, "no cue: the speaker the text is still quoting"
        return
    if discourse.speaker and paragraph - discourse.speaker_seen <= 2 and _after_question(text, q.start):
        q.speaker, q.rule = discourse.speaker, "no cue: the answer to the question before, by the speaker the text is quoting"
        return
    q.speaker, q.rule = registry.unattributed(), "no cue found: unattributed"


def _owner(q: Quote, text: str, start: int, discourse: Discourse, registry: Registry, paragraph: int,
           frames: list[Frame], governing: bool = False) -> bool:
    """Give the quotation to the owner of a noun for what was said right around it ("Mitt Romney’s “47 percent”
    comment", "her remark that “…”", "Clinton’s response was: “…”"), or with ``governing`` only to the owner of
    one whose phrase holds it — never past a cue of the quotation's own ("Duarte’s claim that Bell had promised
    “…”" is Bell's, "Reyes’s letter about the tenant who wrote “…”" the tenant's); whether there was one."""
    owner = _SPEECH_NOUN_GOVERNS.search(text, max(start, q.start - 160), q.start)
    if owner is not None and (any(owner.end("noun") <= f.cue_start < q.start for f in frames)
                              or _VERB_FORMS.intersection(_WORDS.findall(text, owner.end("noun"), q.start))):
        return False
    if owner is None and not governing:
        owner = _SPEECH_NOUN_BEFORE.search(text, max(start, q.start - 160), q.start)
    if owner is None and not governing and q.mark >= 0 and _SPEECH_NOUN_AFTER.match(text, q.end):
        owner = _OWNER_BEFORE_MARK.search(text, max(start, q.mark - 80), q.mark)
    if owner is None:
        return False
    words = owner.group("owner")
    pronoun = {"his": "he", "her": "she", "their": "they", "its": "it"}.get(words.lower())
    if pronoun:
        speaker, why = discourse.pronoun(pronoun, paragraph, owner.start("owner"))
    else:
        name = _re.sub(rf"[{APOSTROPHES}]s?$", "", words)
        speaker, why = registry.find(name) or (registry.stub(name) if split_title(name)[1] else None), \
            f"the name '{name}'"
    if not speaker or speaker == discourse.author:
        return False
    q.speaker, q.rule = speaker, f"whose words: '{_clean(owner.group(0))}' ({why})"
    return True


def _after_question(text: str, at: int) -> bool:
    """Whether the paragraph before the one holding ``at`` is a question ("Q: Will the ferries run?")."""
    lines = text[:text.rfind("\n", 0, at) + 1].rstrip().rsplit("\n", 1)
    return bool(lines[-1].strip()) and lines[-1].rstrip().endswith("?")


def _date_quote(q: Quote, dates, earlier: Quote | None, fallback) -> None:
    if earlier is not None and earlier.date:
        q.date, q.basis, q.date_rule = earlier.date, "context", "date of the earlier quotation of these words"
    elif dates:
        _, value, basis, rule = dates[0]
        q.date, q.basis, q.date_rule = value, basis, f"{rule} in the sentence, outside the quotation"
    else:
        q.date, q.basis, q.date_rule = fallback(q.speaker)


_EVENT = re.compile(r"^(?:The|This|That|Its|His|Her|Their)\s+(?:[\w\-]+\s+){0,3}?(?:[a-z]+ed|was|were|had|did|made|"
                    r"took|gave|went|came|left|won|lost|met|held|sent|paid|sold|bought|built|began|rose|fell)\b")
"""A definite subject with a verb of a past event ("The harbour master inspected the boats."): a record
could confirm it."""


def _subordinate(text: str, start: int, frame: Frame) -> bool:
    """Whether an attribution sits in a subordinate clause ("…, a day after the port authority said …"):
    the sentence is then the author's, and the attributed words a span of it."""
    return frame.source_start - start > 20 and bool(_SUBORDINATOR.search(text[start:frame.source_start]))


_SUBORDINATOR = re.compile(r"(?:,\s*|\b)(?:(?:a|one|two|three|a few) (?:day|week|month)s? (?:after|before)|after|before|"
                           r"when|because|since|although|though|while|until|once|if|whereas)\s+$", re.IGNORECASE)


_REFERRING = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w\-]+\s+)?$")
_COPULA = rf"is|are|was|were|be|been|being|seems?|seemed|remains?|remained|became|becomes?|[{APOSTROPHES}]s|[{APOSTROPHES}]re"
"""Verbs that predicate what follows of the subject ("was a failure", "seems wrong")."""
_PREDICATING = re.compile(rf"\b(?:{_COPULA}|looks?|looked|called|calls?)\s+$")
_PREDICATED = re.compile(rf"\b(?:{_COPULA})\s+(?:(?:a|an|the|so|very|simply|truly|really|by far|far)\s+)*$")


def _judgement(sentence: str) -> re.Match | None:
    """The first evaluative word the sentence uses as the writer's judgement. A word news also uses to name or
    measure what happened (``cues.DESCRIPTIVE``) is no judgement when a measure stands in the sentence ("The
    worst came between 5 a.m. and 8 a.m.") or when it names a thing already told ("The failure renewed a
    debate"), unless a copula predicates it ("It was the worst decision")."""
    measured = cues.MEASURE.search(sentence)
    for m in cues.OPINION.finditer(sentence):
        if not cues.DESCRIPTIVE.fullmatch(m.group(0)):
            return m
        if _PREDICATED.search(sentence, 0, m.start()):
            return m  # "It was the worst 5 minutes", "waiting two weeks was a mistake": predicated, a judgement
        if measured:
            continue
        referring = _REFERRING.search(sentence, 0, m.start())
        if referring and not _PREDICATING.search(sentence, 0, referring.start()):
            continue
        return m
    return None


_PARTICIPLE_TAIL = re.compile(rf"[{CLOSING_MARKS}'\"]*,?[ \t]+(?!(?:during|nothing|something|anything|everything|"
                              rf"morning|evening|thing|king|spring|string|bring|sing)\b)[a-z]+ing\b")
"""A participle clause after a quotation ("he replied, “No,” drawing laughter"): the quotation is still what
the sentence reports."""
_RELATIVE_BEFORE = re.compile(r"\b(?:who|whose|whom|which|where)\b[^,;:()\n]*$")
"""A relative clause running up to a date ("interns whose tenure ends Aug. 11"): the date describes a noun of
the sentence, not when its claim comes true."""


def _embedded(text: str, start: int, q: Quote) -> bool:
    """Whether a quotation is a fragment inside the writer's own clause ("said it was “all about money” for
    …", "urged voters to “look again.”"): a plain word, not a cue's comma or colon, stands right before it, and
    the cue's object alone does not ("She called it “a nice idea.”" quotes what she said)."""
    mark = q.mark if q.mark >= 0 else q.start - 1
    before = text[start:mark].rstrip()
    word = _re.search(r"(\w+)$", before)
    if q.cue is not None and q.cue[1] <= mark and len(text[q.cue[1]:mark].split()) < 2:
        return False
    return bool(word) and mark - (start + len(before)) <= 1 and word.group(1).lower() not in _VERB_FORMS | {"that"}


def _classify(text, start, end, inside, frames: list[Frame], mentions, dates, registry: Registry, last_actor,
              author, fallback, calendar: _Calendar, block) -> Row:
    sentence = text[start:end]
    quotes = [q for q in inside if not q.mention]
    quoted = sum(q.end - q.start for q in quotes)

    def row(claim_type: str, rule: str, **labels) -> Row:
        return Row(start, end, {"claim_type": claim_type, **labels}, [f"claim type: rule '{rule}'"])

    speech = next((f for f in frames if f.kind != "belief" and f.speaker and f.speaker != author
                   and not f.speaker.endswith("-unattributed") and not _subordinate(text, start, f)
                   and not (f.content_start is not None and _NOTHING_SAID.fullmatch(text, f.content_start,
                                                                                    f.content_end))), None)

    cued = [q for q in quotes if q.cue is not None]
    last = max(quotes, key=lambda q: q.end) if quotes else None
    ends_quoted = last is not None and (not text[last.end:end].strip(" .,;!?)—–" + CLOSING_MARKS)
                                        or bool(_PARTICIPLE_TAIL.match(text, last.end, end)))
    quote_led = bool(cued and cued[0].cue[0] > cued[0].end and not text[start:quotes[0].start].strip(" (—–" + OPENING_MARKS))
    introduced = bool(cued and ends_quoted and cued[0].cue[1] < cued[0].start and _re.fullmatch(
        rf"[^{DOUBLE_MARKS}]{{0,30}}?[,:]\s*[{DOUBLE_MARKS}{OPENING_MARKS}]?\s*|\s*[{DOUBLE_MARKS}{OPENING_MARKS}]?\s*",
        text[cued[0].cue[1]:cued[0].start]))
    mostly_quoted = quoted >= 0.5 * len(sentence) and not (speech and all(_embedded(text, start, q) for q in quotes))
    if quotes and (mostly_quoted or quote_led or introduced):
        q = cued[0] if (quote_led or introduced) and cued else quotes[0]
        r = row("direct_quote", "quotation", speaker=q.speaker, date=q.date, date_basis=q.basis, check_worthy=True,
                claim=_clean(f"{registry.display.get(q.speaker, q.speaker)} said: " + vocabulary.quoted(text[q.start:q.end])))
        if q.cue:
            r.labels["cue"] = _clean(text[q.cue[0]:q.cue[1]])
            r.cue_at = q.cue
        r.reasons.append(f"speaker: {q.rule}; date: {q.date_rule}")
        if q.speaker == author or q.speaker is None:
            r.labels.update(speaker=None, date=None, date_basis=None)
        return r
    if block is not None and all(f.speaker and f.speaker != block[0] and (
            f.speaker != author or f.source.lower() in ("i", "we")) for f in frames):  # "I expect …": the speaker's
        # the quoted speaker's words may report someone else's ("He said that he had authorized …"): a span
        speaker, why, _ = block
        date, basis, date_rule = fallback(speaker)
        r = row("direct_quote", "block quotation",
                speaker=speaker, date=date, date_basis=basis, check_worthy=True,
                claim=_clean(f"{registry.display.get(speaker, speaker)} said: " + vocabulary.quoted(sentence)))
        r.reasons.append(f"speaker: a paragraph introduced by a colon ({why}); its words are not in marks, so no "
                         f"direct_quote span; date: {date_rule}")
        for f in frames:
            if f.kind != "belief" and f.content_start is not None and not _subordinate(text, start, f):
                reporter = speaker if f.speaker == author else f.speaker  # "I said that …": the quoted speaker
                date, basis, date_rule = fallback(reporter)
                labels = {"claim_type": "reported_speech", "speaker": reporter,
                          "cue": _clean(text[f.cue_start:f.cue_end]), "date": date, "date_basis": basis}
                r.spans.append(Row(f.content_start, f.content_end, labels,
                                   [f"words the quoted speaker reports; speaker: {f.rule}: {f.why}; date: {date_rule}"],
                                   cue_at=f.cue))
        return r
    if speech:
        cue = _clean(text[speech.cue_start:speech.cue_end])
        content = (speech.content_start, speech.content_end) if speech.content_start is not None else None
        before_cue = [d for d in dates if speech.cue_start - 40 <= d[0] < max(speech.cue_end, speech.source_end) + 20
                      and not (content and content[0] <= d[0] < content[1]) and not _POSSESSIVE_DATE.match(text, d[0])
                      and calendar.not_after(d[1])]  # nothing is said after publication (a date line may be off)
        date, basis, date_rule = (before_cue[0][1], before_cue[0][2], f"{before_cue[0][3]} at the cue") \
            if before_cue else fallback(speech.speaker)
        words = text[content[0]:content[1]] if content else sentence
        name = registry.display.get(speech.speaker, speech.speaker)
        r = row("reported_speech", "reported-speech", speaker=speech.speaker, cue=cue, date=date, date_basis=basis,
                check_worthy=True, claim=_clean(f"{name} ({cue}): {words}"))
        r.cue_at = speech.cue
        r.reasons.append(f"speaker: {speech.rule}: {speech.why}; date: {date_rule}")
        if content and content != (start, end) and content[1] > content[0]:
            span = Row(content[0], content[1], dict(r.labels), ["reported content of the cue"], cue_at=speech.cue)
            r.spans.append(span)
        return r
    belief = next((f for f in frames if f.kind == "belief" and f.speaker and f.speaker != author
                   and not f.speaker.endswith("-unattributed")), None)
    position = cues.POSITION.search(sentence)
    hedge = cues.HEDGE.search(sentence)
    if belief and hedge and hedge.start() < belief.cue_start - start and not cues.BELIEF.match(sentence, hedge.start()):
        belief = None  # the hedge governs the sentence; the belief is in a clause inside it
    if belief:
        cue = _clean(text[belief.cue_start:belief.cue_end])
        r = row("attributed_position", "attributed-position", attributed_to=belief.speaker, cue=cue)
        r.cue_at = belief.cue
        r.reasons.append(f"actor + belief verb '{cue}': {belief.why}")
        if belief.content_start is not None and (belief.content_start, belief.content_end) != (start, end):
            r.spans.append(Row(belief.content_start, belief.content_end, dict(r.labels),
                               ["the position: what the actor believes, wants or intends"], cue_at=belief.cue))
        return r
    if position:
        named = position.groupdict().get("actor")
        actor = registry.names.get(named) if named else None
        if not actor:
            before = [sid for a, b, sid in mentions if a - start < position.start()]
            actor = before[-1] if before else last_actor
        if actor:
            r = row("attributed_position", "attributed-position", attributed_to=actor, cue=position.group(0))
            r.reasons.append(f"view frame '{position.group(0)}'")
            return r
    hedge = hedge or cues.POSSIBILITY.search(sentence)  # "could hurt", "may not reopen": a hedge of the author's
    future_date = [d for d in dates if calendar.bounds and edtf_bounds(d[1]) and
                   edtf_bounds(d[1])[0] > calendar.bounds[1] and not _RELATIVE_BEFORE.search(text, start, d[0])]
    future = cues.FUTURE.search(sentence)
    if future_date and (hedge or not cues.OPINION.search(sentence)):
        return row("prediction", f"prediction: a date after publication ({future_date[0][1]})")
    if hedge:
        return row("speculation", f"speculation: '{hedge.group(0)}'")
    if future:
        return row("prediction", f"prediction: '{future.group(0).strip()}'")
    opinion = _judgement(sentence)
    if opinion:
        return row("opinion", f"opinion: '{opinion.group(0)}'")
    fact = cues.FACT_MARKERS.search(sentence) or dates or cues.MEASURE.search(sentence)
    proper = _re.search(rf"(?<=[\s(])[A-Z][\w{APOSTROPHES}\-]+", sentence.lstrip(" '" + OPENING_MARKS)) or _EVENT.search(sentence)
    declarative = sentence.rstrip(" )" + CLOSING_MARKS).endswith(".") and not sentence.rstrip().endswith("?")
    if declarative and (fact or mentions or proper):
        labels = {"check_worthy": True, "claim": _clean(sentence)}
        if dates and dates[0][2] == "explicit":
            labels["event_date"] = dates[0][1]
        r = row("factual_claim", "factual-claim", **labels)
        r.reasons.append("check-worthy: " + ("a number or date" if fact else "a named actor or place") +
                         " asserted as fact (claim is the sentence itself; rewrite it)")
        return r
    why = "a question" if sentence.rstrip(" )" + CLOSING_MARKS).endswith("?") else \
        "no full stop (a heading or fragment)" if not declarative else "nothing a record could check is named"
    return Row(start, end, {"claim_type": cues.DEFAULT_CLAIM_TYPE},
               [f"no rule fired ({why}): drafted as {cues.DEFAULT_CLAIM_TYPE}, the documented default — confirm "
                "or correct it"])


# --- writing the draft -------------------------------------------------------------------------------------

def render(source: Source, rows: list[Row], registry: Registry) -> str:
    """The draft as an annotation file, with a comment on every guess."""
    text = source.text
    out = [f"# DRAFT annotations of sources/{source.source_id}/text.txt, written by `claimset draft`.",
           "# Every label is a guess; the comment above it names the rule that made it. Confirm or correct",
           "# each one, rewrite the mechanical `claim` restatements, then run `claimset accept "
           f"{source.source_id}`.", "# The build ignores this file until it is accepted.", ""]
    if registry.stubs:
        out.append("# New speakers found in the text (added to speakers.yaml on accept): check each one.")
        out.append("new_speakers:")
        for stub in registry.stubs.values():
            why = registry.why.get(stub["speaker_id"])
            if why:
                out.append(f"  # kind {stub['kind']}: {_comment(why)}")
            out.append(f"  - speaker_id: {word(stub['speaker_id'])}")
            for key in ("name", "kind", "role", "country", "wikidata_id", "description"):
                value = stub[key]
                out.append(f"    {key}: {scalar(_clean(value) if isinstance(value, str) else value)}")
            out.append(f"    aliases: {scalar([_clean(a) for a in stub['aliases'] if _clean(a)])}")
        out.append("")
    out.append("sentences:")
    found = find_all(text, {text[row.start:row.end] for row in rows})  # one pass, not one per sentence
    for row in rows:
        out += _render_row(text, row, "  ", 0, len(text), found)
    return "\n".join(out) + "\n"


def _comment(reason: str) -> str:
    return _clean(reason)


def _render_row(text: str, row: Row, indent: str, scope_start: int, scope_end: int,
                found: dict[str, list[int]] | None = None) -> list[str]:
    words = text[row.start:row.end]
    lines = [f"{indent}# {_comment(reason)}" for reason in row.reasons]
    lines.append(f"{indent}- text: {scalar(words)}")
    starts = found[words] if found is not None else occurrences(text, words, scope_start, scope_end)
    if len(starts) > 1:
        lines.append(f"{indent}  occurrence: {starts.index(row.start) + 1}")
    for key in ("claim_type", "speaker", "cue", "attributed_to", "date", "date_basis", "event_date",
                "is_translation", "check_worthy", "claim"):
        if row.labels.get(key) is not None:
            value = row.labels[key]
            lines.append(f"{indent}  {key}: {scalar(_clean(value) if isinstance(value, str) else value)}")
    if row.spans:
        lines.append(f"{indent}  spans:")
        for span in row.spans:
            lines += _render_row(text, span, indent + "    ", row.start, row.end)
    lines.append("")
    return lines


def write_draft(root, slug: str, evaluate: bool = False, force: bool = False):
    """Draft a registered source: write ``draft.yaml`` (returns its path), or with ``evaluate`` compare a
    fresh draft with the accepted annotations (returns the figures).

    Only this source and the speakers registry are read: drafting costs the same in a workspace of one
    source or of thousands."""
    import tempfile
    from pathlib import Path

    from .annotations import load_annotations
    from .errors import InvalidInput, Problem
    from .evaluate import compare, rows_of
    from .labels import is_slug
    from .sources import load_one
    from .speakers import load_speakers

    root = Path(root)
    folder = root / "sources" / slug
    if not is_slug(slug) or not folder.is_dir():
        if not (root / "sources").is_dir():
            raise InvalidInput([Problem(str(root / "sources"), None, None,
                                        "no sources/ folder here; run from the repository root or pass --root")])
        raise InvalidInput([Problem("sources", None, slug, f"no source {slug!r}; register it with claimset add-source")])
    source = load_one(root, folder)
    speakers = load_speakers(root, fast=True)
    rows, registry = draft_source(source, speakers)
    text = render(source, rows, registry)
    if not evaluate:
        target = folder / "draft.yaml"
        if target.exists() and not force:
            raise FileExistsError(f"sources/{slug}/draft.yaml exists; review or delete it, or pass --force")
        target.write_text(text, encoding="utf-8")
        return target
    accepted = folder / "annotations.yaml"
    if not accepted.is_file():
        raise InvalidInput([Problem(f"sources/{slug}", None, None, "no annotations.yaml to evaluate against")])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(text, encoding="utf-8")
        drafted, _ = load_annotations(path, "draft", ignore=("new_speakers",))
    gold, problems = load_annotations(accepted, f"sources/{slug}/annotations.yaml")
    if problems:
        raise InvalidInput(problems)
    known = {s.speaker_id for s in speakers}
    everyone = speakers + [Speaker(line=0, **{**s, "aliases": tuple(s["aliases"])}) for s in registry.stubs.values()
                           if s["speaker_id"] not in known]
    return compare(rows_of(source, drafted, everyone), rows_of(source, gold, everyone))


def guess(sentence: str, speakers: list[Speaker] = (), published: str = "2024-01-01") -> tuple[str, list[str]]:
    """The claim type the rules give one sentence on its own, and the reasons (for tests and curators)."""
    import hashlib

    source = Source(source_id="example", title="example", author=None, publisher=None, url=None, language="en",
                    published=published, published_basis="example", is_excerpt=False, license="example",
                    text=sentence, text_sha256=hashlib.sha256(sentence.encode()).hexdigest(), metadata_file="",
                    annotations_file=None)
    rows, _ = draft_source(source, list(speakers))
    if not rows:  # nothing but spaces and punctuation: no sentence row, so no claim type
        return None, ["no rule fired: the words hold no letter or digit, so there is no sentence row"]
    return rows[0].labels["claim_type"], rows[0].reasons
