"""Drafting: propose annotations for a new source — sentences, quotations, speakers, dates, claim types.

The draft is an ordinary annotation file (``draft.yaml``, which the build ignores)
with a comment on every guess saying which rule made it, so the curator can confirm
or correct it and then accept it.  Cues live in ``claimset.cues``.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import cues
from .labels import edtf_bounds
from .sources import Source, paragraph_spans
from .speakers import Speaker
from .annotations import find_all, occurrences
from .yamlfile import scalar
from .statements import author_id

OPEN_CLOSE = {"“": "”", "«": "»", '"': '"', "‘": "’"}
_OPENING = re.compile('[“«"‘]')
_WORDS = re.compile(r"\w+")


@dataclass
class Quote:
    start: int      # first character inside the marks
    end: int        # one past the last character inside the marks
    speaker: str | None = None
    rule: str = ""
    date: str | None = None
    basis: str | None = None
    date_rule: str = ""


@dataclass
class Row:
    """One drafted statement: its words, labels and the reasons for them."""

    start: int
    end: int
    labels: dict
    reasons: list[str] = field(default_factory=list)
    spans: list["Row"] = field(default_factory=list)


class Registry:
    """Speakers the text can be matched against: the registry, plus stubs for new names found in the text."""

    def __init__(self, speakers: list[Speaker], source_id: str):
        self.names: dict[str, str] = {}
        for speaker in speakers:
            for name in (speaker.name, *speaker.aliases):
                if name and speaker.kind != "author":
                    self.names.setdefault(name, speaker.speaker_id)
        self.display = {s.speaker_id: s.name for s in speakers}
        self.known = {s.speaker_id for s in speakers}
        self.stubs: dict[str, dict] = {}
        self.source_id = source_id
        self._index: tuple = (None, 0, {}, [], [])

    def mentions(self, text: str, base: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, speaker_id) of every registry name in ``text``, longest match first, no overlaps.

        Only names whose first word is a word of ``text`` are tried (a whole-word match contains it as a
        word), so a sentence costs the same however many speakers a long text has introduced.
        """
        by_word, wordless, patterns = self._names_by_first_word()
        ranked = {rank for word in set(_WORDS.findall(text)) for rank in by_word.get(word, ())}
        found: list[tuple[int, int, str]] = []
        for rank in sorted(ranked.union(wordless)):
            name, pattern = patterns[rank]
            for m in pattern.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b, _ in found):
                    found.append((base + m.start(), base + m.end(), self.names[name]))
        return sorted(found)

    def _names_by_first_word(self) -> tuple[dict[str, list[int]], list[int], list[tuple[str, re.Pattern]]]:
        """Ranks (longest name first) of the names by their first word, of the names without words, and each
        rank's name and pattern; rebuilt when a stub adds a name (names are only ever added)."""
        if self._index[0] is not self.names or self._index[1] != len(self.names):
            ordered = sorted(self.names, key=len, reverse=True)
            by_word: dict[str, list[int]] = {}
            wordless = []
            for rank, name in enumerate(ordered):
                first = _WORDS.search(name)
                (by_word.setdefault(first.group(0), []) if first else wordless).append(rank)
            self._index = (self.names, len(self.names), by_word, wordless,
                           [(name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")) for name in ordered])
        return self._index[2:]

    def stub(self, mention: str) -> str:
        """The id of a new speaker for a name the registry does not know (created once per name)."""
        if mention in self.names:
            return self.names[mention]
        if " " not in mention:  # a surname alone: the person already met with that surname
            for known, speaker_id in self.names.items():
                if known.split()[-1] == mention and " " in known:
                    return speaker_id
        if re.fullmatch(cues.ROLE, mention):  # "the mayor" → a speaker called "The mayor", to be identified
            mention = "The " + re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", mention)
        title = re.match(rf"^{cues.TITLES}\s+", mention)
        name = mention[title.end():] if title else mention
        speaker_id = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "speaker"
        if speaker_id in self.known and speaker_id not in self.stubs:
            speaker_id = f"{speaker_id}-{self.source_id}"
        if speaker_id not in self.stubs:
            self.stubs[speaker_id] = {
                "speaker_id": speaker_id, "name": name,
                "kind": "organization" if set(name.split()) & set(cues.ORGANIZATION_WORDS)
                else "person" if (title or " " in name) else "organization",
                "role": title.group(0).strip() if title else None, "country": None, "wikidata_id": None,
                "aliases": [mention] if mention != name else [], "description": None}
            self.display[speaker_id] = name
            self.names.setdefault(mention, speaker_id)
            self.names.setdefault(name, speaker_id)
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
        return speaker_id


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
            for piece_start, piece_end in pieces:
                start, end = para_start + piece_start, para_start + piece_end
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    yield start, end

    return _merge(spans(), quotes)


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
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences):
            text, spans, prior_end = self.original_text, [], 0
            for sent in sentences:
                if not sent:  # pysbd's own way: its pattern is then r"\s*", which matches anywhere
                    for match in re.finditer(r"\s*", text):
                        if match.end() > prior_end:
                            spans.append(TextSpan(match.group(), match.start(), match.end()))
                            prior_end = match.end()
                            break
                    continue
                at = text.find(sent)
                while at >= 0:  # like re.finditer(escape(sent) + r"\s*"): leftmost, not overlapping
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


def quotations(text: str) -> list[Quote]:
    """Top-level quotations in marks (curly, straight, guillemets, single), possibly across sentences.

    Single quotes inside a double-quoted passage are part of it (a quotation within a quotation); a lone
    single quote that is an apostrophe (a letter on both sides) is never a mark.
    """
    found: list[Quote] = []
    for para_start, para_end in paragraph_spans(text):
        unclosed = set()  # closing marks that do not occur again in the paragraph: no need to look again
        mark = _OPENING.search(text, para_start, para_end)
        while mark:
            i = mark.start()
            ch, nxt = text[i], i + 1
            if ch != "‘" or _opens_single(text, i):
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


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isalnum()


def _closing(text: str, start: int, end: int, close: str) -> int | None:
    j = text.find(close, start, end)
    while j >= 0 and close == "’" and j + 1 < len(text) and text[j + 1].isalnum():
        j = text.find(close, j + 1, end)  # an apostrophe, as in “Japan’s”
    return j if j >= 0 else None


def resolve_date(match: re.Match, rule: str, basis: str, published: str) -> str | None:
    """An EDTF value for a date mention; relative mentions are resolved against the publication date."""
    bounds = edtf_bounds(published) if published else None
    groups = match.groupdict()
    month = f"{cues.MONTHS.index(groups['month'].lower()) + 1:02d}" if groups.get("month") else None
    if rule == "day month year" or rule == "month day, year":
        return f"{groups['year']}-{month}-{int(groups['day']):02d}"
    if rule == "month year":
        return f"{groups['year']}-{month}"
    if rule == "year":
        return groups["year"]
    if bounds is None:
        return None
    start, end = bounds
    if rule == "month alone":
        return f"{start.year}-{month}"
    if rule == "last year":
        return str(start.year - 1)
    if rule == "this year":
        return str(start.year)
    if rule == "recent":
        return f"{start.year - 1}-{start.month:02d}/{end.year}-{end.month:02d}"
    return None


def dates_in(text: str, published: str) -> list[tuple[int, str, str, str]]:
    """(position, EDTF, basis, rule) for each date mention, in text order."""
    found = []
    taken: list[tuple[int, int]] = []
    for rule, pattern, basis in cues.DATE_PATTERNS:
        for m in re.finditer(pattern, text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            value = resolve_date(m, rule, basis, published)
            if value and edtf_bounds(value):
                taken.append((m.start(), m.end()))
                found.append((m.start(), value, basis, rule))
    return sorted(found)


def draft_source(source: Source, speakers: list[Speaker]) -> tuple[list[Row], Registry]:
    """Drafted rows for every sentence of ``source``, and the registry with any new speaker stubs."""
    registry = Registry(speakers, source.source_id)
    text = source.text
    quotes = quotations(text)
    seen_quotes: dict[str, Quote] = {}
    opens = [q.start - 1 for q in quotes]  # in text order
    rows: list[Row] = []
    paragraph_starts = [para_start for para_start, _ in paragraph_spans(text)]
    last_actor: str | None = None
    last_speaker: str | None = None
    explicit: list = []
    last_paragraph = None
    for start, end in _sentences(text, quotes):
        sentence = text[start:end]
        paragraph = paragraph_starts[bisect.bisect_right(paragraph_starts, start) - 1]
        if paragraph != last_paragraph:
            last_speaker, last_paragraph = None, paragraph
        inside = []  # the quotations whose marks are in the sentence
        for k in range(bisect.bisect_left(opens, start), len(quotes)):
            if opens[k] >= end:
                break
            if quotes[k].end + 1 <= end:
                inside.append(quotes[k])
        mentions = registry.mentions(sentence, start)
        speech = _speech(sentence, start, mentions, registry, last_speaker)
        dates = [(start + at, value, basis, rule) for at, value, basis, rule in dates_in(sentence, source.published)]
        fallback = _default_date(explicit, source.published)
        for q in inside:
            words = text[q.start:q.end]
            _attribute(q, text, start, end, speech, mentions, registry, last_speaker, seen_quotes.get(words))
            outside = [d for d in dates if not (q.start <= d[0] < q.end)]
            _date_quote(q, [d for d in outside if d[0] < q.start] or outside, seen_quotes.get(words), fallback)
            last_speaker = q.speaker if not q.speaker.endswith("-unattributed") else last_speaker
        row = _classify(text, start, end, inside, speech, mentions, dates, registry, last_actor, source, fallback)
        explicit += [d for d in dates if d[2] == "explicit" and _not_after(d[1], source.published)
                     and not any(q.start <= d[0] < q.end for q in inside)
                     and not (speech and d[0] > speech.cue_start)]
        if row.labels.get("attributed_to"):
            last_actor = row.labels["attributed_to"]
        elif row.labels.get("speaker"):
            last_speaker = row.labels["speaker"]
        for q in inside:
            words = text[q.start:q.end]
            first = words not in seen_quotes
            labels = {"claim_type": "direct_quote", "speaker": q.speaker, "date": q.date, "date_basis": q.basis}
            reasons = [f"quotation in marks; speaker: {q.rule}", f"date: {q.date_rule}"]
            if first:
                labels.update(check_worthy=True,
                              claim=f"{registry.display.get(q.speaker, q.speaker)} said: “{words}”")
                reasons.append("check-worthy: first time these words are quoted (claim is mechanical; rewrite it)")
            else:
                reasons.append("not check-worthy: repeats an earlier quotation")
            seen_quotes.setdefault(words, q)
            row.spans.append(Row(q.start, q.end, labels, reasons))
        row.spans.sort(key=lambda r: (r.start, r.end))
        rows.append(row)
    return rows, registry


@dataclass
class Speech:
    speaker: str
    cue_start: int
    cue_end: int
    rule: str
    content_start: int | None = None  # where the reported words begin, when not right after the cue


def _speech(sentence: str, base: int, mentions, registry: Registry, last_speaker: str | None = None
            ) -> Speech | None:
    """A speaker made the subject of a speech verb, or named by an introducer ("made by X", "according to X")."""
    for m in cues.INTRODUCER.finditer(sentence):
        after = sentence[m.end():]
        hit = _name_at(after.lstrip(" ,"), base + m.end() + len(after) - len(after.lstrip(" ,")), mentions, registry)
        if hit:
            comma = sentence.find(",", m.end())
            content = base + comma + 1 if comma != -1 else None
            return Speech(hit, base + m.start(), base + m.end(), f"introducer '{m.group(0)}' + name", content)
    for m in cues.SPEECH.finditer(sentence):
        before = sentence[:m.start()].rstrip()
        pronoun = re.search(r"(?:^|[,;]\s*)(He|She|They|he|she|they)$", before)
        if pronoun:
            if last_speaker:
                return Speech(last_speaker, base + m.start(), base + m.end(),
                              f"pronoun '{pronoun.group(1)}' + speech verb '{m.group(0)}' → the previous speaker")
            continue
        hit = _name_ending(before, base, mentions, registry)
        if hit:
            return Speech(hit, base + m.start(), base + m.end(), f"name + speech verb '{m.group(0)}'")
        after = sentence[m.end():]
        hit = _name_at(after.lstrip(), base + m.end() + len(after) - len(after.lstrip()), mentions, registry)
        if hit and sentence[:m.start()].rstrip().endswith(("”", '"', ",", "»")):
            return Speech(hit, base + m.start(), base + m.end(), f"speech verb '{m.group(0)}' + name")
    return None


def _name_ending(before: str, base: int, mentions, registry: Registry) -> str | None:
    """The speaker whose name (or a registry alias) ends ``before``, allowing up to two words between."""
    for a, b, sid in reversed(mentions):
        gap = before[b - base:] if b - base <= len(before) else None
        if gap is not None and len(gap.split()) <= 2 and not re.search(r"[.;:“”\"]", gap):
            return sid
    m = re.search(rf"({cues.ROLE}|(?:{cues.TITLES}\s+)?{cues.NAME})(?:,[^,“”\"]{{1,60}},)?\s*(?:\w+\s+){{0,2}}$",
                  before)
    if m and (re.fullmatch(cues.ROLE, m.group(1)) or m.group(1).split()[0] not in cues.NAMES_STOP):
        return registry.stub(m.group(1))
    return None


def _name_at(after: str, offset: int, mentions, registry: Registry) -> str | None:
    for a, b, sid in mentions:
        if a == offset:
            return sid
    role = re.match(cues.ROLE, after)
    if role:
        return registry.stub(role.group(0))
    m = re.match(rf"(?:the\s+)?((?:{cues.TITLES}\s+)?{cues.NAME})", after)
    if m and m.group(1).split()[0] not in cues.NAMES_STOP:
        return registry.stub(m.group(1))
    return None


def _attribute(q: Quote, text: str, start: int, end: int, speech: Speech | None, mentions, registry: Registry,
               last_speaker: str | None, earlier: Quote | None) -> None:
    before = text[start:q.start - 1]
    after = text[q.end + 1:end]
    tail = re.match(rf"^\s*[,.!?]?\s*(?P<verb>{cues.SPEECH.pattern})\s+(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME})",
                    after, re.IGNORECASE)
    lead = re.match(rf"^\s*[,.!?]?\s*(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME}|he|she|they)\s+"
                    rf"(?P<verb>{cues.SPEECH.pattern})\b", after)
    colon = re.search(rf"(?P<name>(?:{cues.TITLES}\s+)?{cues.NAME}):\s*$", before)
    if speech and (speech.cue_start < q.start):
        q.speaker, q.rule = speech.speaker, speech.rule
    elif lead and lead.group("name").lower() in ("he", "she", "they"):
        q.speaker, q.rule = (last_speaker, "pronoun + speech verb → the previous speaker") if last_speaker else (
            registry.unattributed(), "pronoun with no earlier speaker")
    elif lead:
        q.speaker, q.rule = _resolve(lead.group("name"), registry), f"“…” + name + '{lead.group('verb')}'"
    elif tail:
        q.speaker, q.rule = _resolve(tail.group("name"), registry), f"“…” + '{tail.group('verb')}' + name"
    elif colon:
        q.speaker, q.rule = _resolve(colon.group("name"), registry), "name + colon"
    elif speech:
        q.speaker, q.rule = speech.speaker, speech.rule
    elif earlier is not None:
        q.speaker, q.rule = earlier.speaker, "repeats an earlier quotation"
    elif last_speaker:
        q.speaker, q.rule = last_speaker, "no cue: continues the paragraph's previous speaker"
    else:
        q.speaker, q.rule = registry.unattributed(), "no cue found: unattributed"


def _resolve(name: str, registry: Registry) -> str:
    return registry.names.get(name) or registry.names.get(re.sub(rf"^{cues.TITLES}\s+", "", name)) or \
        registry.stub(name)


def _date_quote(q: Quote, dates, earlier: Quote | None, fallback) -> None:
    if earlier is not None and earlier.date:
        q.date, q.basis, q.date_rule = earlier.date, "context", "date of the earlier quotation of these words"
    elif dates:
        _, value, basis, rule = dates[0]
        q.date, q.basis, q.date_rule = value, basis, f"{rule} in the sentence, outside the quotation"
    else:
        q.date, q.basis, q.date_rule = fallback


def _not_after(value: str, published: str) -> bool:
    a, b = edtf_bounds(value), edtf_bounds(published) if published else None
    return bool(a and b and a[0] <= b[1])


def _default_date(explicit: list, published: str) -> tuple[str | None, str | None, str]:
    """The date of an undated utterance: from the latest date the text gave before it, to publication."""
    bounds = edtf_bounds(published) if published else None
    if not bounds:
        return None, None, "no date and no publication date: set it by hand"
    start, end = bounds
    if explicit:
        latest = explicit[-1][1]
        candidate = f"{latest}/{published.split('/')[-1]}"
        if edtf_bounds(candidate):
            return candidate, "context", "no date in the sentence: from the latest date given before it to publication"
    return (f"{start.year - 1}-{start.month:02d}/{end.year}-{end.month:02d}", "context",
            "no date in the text: bounded to the year before publication")


def _classify(text, start, end, inside, speech, mentions, dates, registry: Registry, last_actor, source,
              fallback) -> Row:
    sentence = text[start:end]
    quoted = sum(q.end - q.start for q in inside)
    author = author_id(source)

    def row(claim_type: str, rule: str, **labels) -> Row:
        return Row(start, end, {"claim_type": claim_type, **labels}, [f"claim type: rule '{rule}'"])

    quote_led = bool(inside and speech and speech.cue_start > inside[0].end)  # “…,” X said
    if inside and (quoted >= 0.5 * len(sentence) or quote_led or (speech and speech.rule.startswith("introducer")
                                                                    and speech.cue_start < inside[0].start)):
        q = inside[0]
        r = row("direct_quote", "quotation", speaker=q.speaker, date=q.date, date_basis=q.basis, check_worthy=True,
                claim=f"{registry.display.get(q.speaker, q.speaker)} said: “{text[q.start:q.end]}”")
        r.reasons.append(f"speaker: {q.rule}; date: {q.date_rule}")
        return r
    if speech and not speech.speaker.endswith("-unattributed") and speech.speaker != author:
        cue = text[speech.cue_start:speech.cue_end]
        content_start = speech.content_start if speech.content_start is not None else speech.cue_end
        rest = text[content_start:end]
        lead = re.match(r"\s*(?:that\s+)?", rest)
        had_that = "that" in lead.group(0)
        content_start += lead.end()
        content_end = end - 1 if text[end - 1] in ".!?" else end
        before_cue = [d for d in dates if d[0] < speech.cue_start]
        date, basis, date_rule = (before_cue[0][1], before_cue[0][2], f"{before_cue[0][3]} before the cue") \
            if before_cue else fallback
        r = row("reported_speech", "reported-speech", speaker=speech.speaker, cue=cue, date=date, date_basis=basis,
                check_worthy=True,
                claim=_speech_claim(registry.display.get(speech.speaker, speech.speaker), cue, had_that,
                                    text[content_start:content_end], speech.content_start is not None))
        r.reasons.append(f"speaker: {speech.rule}; date: {date_rule}")
        if content_end > content_start and (content_start, content_end) != (start, end) \
                and text[content_start:content_end].strip() == text[content_start:content_end]:
            r.spans.append(Row(content_start, content_end, dict(r.labels), ["reported content after the cue"]))
        return r
    belief = _belief(sentence, start, mentions, registry, last_actor)
    hedge = cues.HEDGE.search(sentence)
    if belief and hedge and hedge.start() < belief[3] and not cues.BELIEF.match(sentence, hedge.start()):
        belief = None  # the hedge governs the sentence; the belief is in a clause inside it
    if belief:
        actor, cue, why, _ = belief
        r = row("attributed_position", "attributed-position", attributed_to=actor, **({"cue": cue} if cue else {}))
        r.reasons.append(why)
        return r
    if hedge:
        return row("speculation", f"speculation: '{hedge.group(0)}'")
    future = cues.FUTURE.search(sentence)
    if future:
        return row("prediction", f"prediction: '{future.group(0).strip()}'")
    opinion = cues.OPINION.search(sentence)
    fact = cues.FACT_MARKERS.search(sentence) or dates
    if fact or (mentions and not opinion):
        labels = {"check_worthy": True, "claim": sentence}
        if dates and dates[0][2] == "explicit":
            labels["event_date"] = dates[0][1]
        r = row("factual_claim", "factual-claim", **labels)
        r.reasons.append("check-worthy: " + ("a number or date" if fact else "a named actor") +
                         " asserted as fact (claim is the sentence itself; rewrite it)")
        return r
    return row("opinion", f"opinion: '{opinion.group(0)}'" if opinion else "opinion (no other rule fired)")


def _speech_claim(name: str, cue: str, had_that: bool, content: str, introduced: bool) -> str:
    """A mechanical restatement of reported speech (the curator rewrites it)."""
    if introduced:
        return f"{cue[0].upper() + cue[1:]} {name}, {content}."
    return f"{name} {cue}{' that' if had_that else ''} {content}."


def _belief(sentence: str, base: int, mentions, registry: Registry, last_actor: str | None):
    frame = cues.POSITION.search(sentence)
    if frame:
        named = frame.groupdict().get("actor")
        actor = registry.names.get(named) if named else None
        if not actor:
            before = [sid for a, b, sid in mentions if a - base < frame.start()]
            actor = before[-1] if before else last_actor
        if actor:
            return actor, frame.group(0), f"view frame '{frame.group(0)}'", frame.start()
    for m in cues.BELIEF.finditer(sentence):
        before = sentence[:m.start()].rstrip()
        for a, b, sid in reversed(mentions):
            gap = before[b - base:] if b - base <= len(before) else None
            if gap is not None and len(gap.split()) <= 3 and not re.search(r"[.;:]", gap):
                return sid, m.group(0), f"actor + belief verb '{m.group(0)}'", m.start()
    return None


# --- writing the draft -------------------------------------------------------------------------------

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
            out.append(f"  - speaker_id: {stub['speaker_id']}")
            for key in ("name", "kind", "role", "country", "wikidata_id", "description"):
                out.append(f"    {key}: {scalar(stub[key])}")
            out.append(f"    aliases: {scalar(stub['aliases'])}")
        out.append("")
    out.append("sentences:")
    found = find_all(text, {text[row.start:row.end] for row in rows})  # one pass, not one per sentence
    for row in rows:
        out += _render_row(text, row, "  ", 0, len(text), found)
    return "\n".join(out) + "\n"


def _render_row(text: str, row: Row, indent: str, scope_start: int, scope_end: int,
                found: dict[str, list[int]] | None = None) -> list[str]:
    words = text[row.start:row.end]
    lines = [f"{indent}# {reason}" for reason in row.reasons]
    lines.append(f"{indent}- text: {scalar(words)}")
    starts = found[words] if found is not None else occurrences(text, words, scope_start, scope_end)
    if len(starts) > 1:
        lines.append(f"{indent}  occurrence: {starts.index(row.start) + 1}")
    for key in ("claim_type", "speaker", "cue", "attributed_to", "date", "date_basis", "event_date",
                "check_worthy", "claim"):
        if row.labels.get(key) is not None:
            lines.append(f"{indent}  {key}: {scalar(row.labels[key])}")
    if row.spans:
        lines.append(f"{indent}  spans:")
        for span in row.spans:
            lines += _render_row(text, span, indent + "    ", row.start, row.end)
    lines.append("")
    return lines



def write_draft(root, slug: str, evaluate: bool = False, force: bool = False):
    """Draft a registered source: write ``draft.yaml`` (returns its path), or with ``evaluate`` compare a
    fresh draft with the accepted annotations (returns the figures)."""
    import tempfile
    from pathlib import Path

    from .annotations import load_annotations
    from .errors import InvalidInput, Problem
    from .evaluate import compare, rows_of
    from .sources import load_sources
    from .speakers import load_speakers

    sources = {s.source_id: s for s in load_sources(root)}
    if slug not in sources:
        raise InvalidInput([Problem("sources", None, slug, f"no source {slug!r}; register it with claimset add-source")])
    source = sources[slug]
    speakers = load_speakers(root)
    rows, registry = draft_source(source, speakers)
    text = render(source, rows, registry)
    folder = Path(root) / "sources" / slug
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
    everyone = speakers + [Speaker(line=0, **{**s, "aliases": tuple(s["aliases"])}) for s in registry.stubs.values()]
    return compare(rows_of(source, drafted, everyone), rows_of(source, gold, everyone))


def guess(sentence: str, speakers: list[Speaker] = (), published: str = "2024-01-01") -> tuple[str, list[str]]:
    """The claim type the rules give one sentence on its own, and the reasons (for tests and curators)."""
    import hashlib

    source = Source(source_id="example", title="example", author=None, publisher=None, url=None, language="en",
                    published=published, published_basis="example", is_excerpt=False, license="example",
                    text=sentence, text_sha256=hashlib.sha256(sentence.encode()).hexdigest(), metadata_file="",
                    annotations_file=None)
    rows, _ = draft_source(source, list(speakers))
    return rows[0].labels["claim_type"], rows[0].reasons
