#!/usr/bin/env python3
"""How well ``claimset draft`` finds attributions in real news: its draft against PolNeAR's hand annotations.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution of 1,008 US political news
articles as Source, Cue and Content spans in brat's standoff format. Each article is drafted in-process
(``claimset.draft.draft_source`` on a Source built from the text, published on the date in its file name)
and scored:

    python benchmarks/attribution.py /tmp/polnear/data/dev             # a folder with text/ and attributions/
    python benchmarks/attribution.py /tmp/polnear/data --split dev     # the same, from the data folder
    python benchmarks/attribution.py /tmp/polnear/data/dev --scaling 800   # and drafting cost vs corpus size
    python benchmarks/attribution.py DIR --errors 20                   # print examples of each kind of miss

Metrics (see benchmarks/ATTRIBUTION.md for how they differ from published ones):

* direct quotations — gold: each passage in quotation marks inside an attribution's Content; draft: the
  ``direct_quote`` spans. Exact = same offsets after trimming whitespace and punctuation at both ends;
  overlap = each span scored by the share of its word tokens inside the best-overlapping span on the other
  side (precision over the draft's spans, recall over gold's).
* speaker accuracy — on exactly matched quotations with a gold Source: the draft's speaker (name, aliases
  or role) has the same head word as the Source span; a pronoun Source is first resolved to the nearest
  preceding named Source. Unattributed = matched quotations whose draft speaker is the placeholder.
* all-attribution content — gold: every Content; draft: the quotation, reported-speech and
  attributed-position spans (the sentence itself when it has none); overlap P/R/F1 as above, and exact.
* cue — overlap P/R/F1 of the draft's cue words against gold Cue spans.
* crashes (drafting, rendering, or the draft not reading back) and drafting time per article.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import re
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimset import cues  # noqa: E402
from claimset.annotations import load_annotations  # noqa: E402
from claimset.draft import draft_source, render  # noqa: E402
from claimset.sources import Source  # noqa: E402
from claimset.speakers import Speaker  # noqa: E402

ATTRIBUTING = ("direct_quote", "reported_speech", "attributed_position")
PRONOUNS = {"he", "she", "they", "i", "we", "it", "his", "her", "their", "him", "them", "you", "my", "our", "its",
            "me", "us", "one", "who", "which", "that"}
_TOKEN = re.compile(r"\w+")
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    content: Spans = field(default_factory=list)


@dataclass
class Article:
    name: str
    text: str
    published: str | None
    attributions: list[Attribution]


def read_standoff(path: Path) -> list[Attribution]:
    """Attributions of one brat standoff file: ``T`` lines are spans (``a b;c d`` when discontinuous),
    ``E`` lines tie an Attribution trigger to its Source, Cue and Content (Content2: a second part)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            try:
                pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (kind, [(a, b) for a, b in pieces])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    found = []
    for roles in events:
        attribution = Attribution()
        for role in roles:
            name, _, ref = role.partition(":")
            name = name.rstrip("0123456789")
            if ref not in spans:
                continue
            if name == "Source":
                attribution.source += spans[ref][1]
            elif name == "Cue":
                attribution.cue += spans[ref][1]
            elif name == "Content":
                attribution.content += spans[ref][1]
        if attribution.content or attribution.cue:
            found.append(attribution)
    return found


def articles(folder: Path, limit: int | None = None) -> list[Article]:
    """Each text with one annotation file (the first by name when several annotators did it)."""
    out = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        annotations = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        date = _DATE_IN_NAME.search(text_path.name)
        out.append(Article(text_path.stem, text_path.read_text(encoding="utf-8"), date.group(1) if date else None,
                           read_standoff(annotations[0])))
        if limit and len(out) >= limit:
            break
    return out


# --- gold -------------------------------------------------------------------------------------------------

def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace and punctuation at either end."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def quoted_passages(text: str, start: int, end: int) -> Spans:
    """Passages in double quotation marks within ``text[start:end]`` (one fragment of a Content): a closing
    mark with no opening one closes a passage begun before the fragment, an opening one left open runs
    to the fragment's end."""
    # the marks right around a fragment are its marks: annotators often leave the opening or closing mark
    # out of a Content, or split a doubled mark (''…'', as archive text writes them) between two apostrophes
    if text[start:start + 1] == "'" and text[start - 1:start] == "'" and text[start + 1:start + 2] != "'":
        start -= 1
    elif 0 < start < len(text) and text[start - 1] in '“«"' and text[start] not in '“”«»"':
        start -= 1
    elif text[start - 2:start] in ("''", "``") and text[start:start + 1] != "'":
        start -= 2
    if text[end - 1:end] == "'" and text[end:end + 1] == "'" and text[end - 2:end - 1] != "'":
        end += 1
    elif 0 < end < len(text) and text[end] in '”»"' and text[end - 1] not in '“”«»"':
        end += 1
    elif text[end:end + 2] == "''" and text[end - 1:end] != "'":
        end += 2
    found, opened = [], None
    for i in range(start, end):
        ch = text[i]
        if ch == "'" and text[i + 1:i + 2] == "'" and (i == start or text[i - 1] != "'"):
            ch = '"'  # doubled apostrophes, as news archives write quotation marks
        elif ch == "'" or ch == "`" and text[i + 1:i + 2] == "`":
            continue
        if ch in "“«" or (ch == '"' and opened is None):
            opened = i
        elif ch in "”»" or ch == '"':
            a = opened + (2 if text[opened:opened + 2] == "''" else 1) if opened is not None else start
            if not found or a >= found[-1][1]:
                found.append((a, i))
            opened = None
    if opened is not None:
        found.append((opened + 1, end))
    return [span for span in (trim(text, a, b) for a, b in found) if span[1] > span[0]]


def joined(text: str, spans: Spans) -> Spans:
    """Fragments with only spaces between them joined (annotators often split a span at a sentence break)."""
    out: Spans = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1]:a].strip():
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def gold_quotations(article: Article, careful: bool = True) -> dict[tuple[int, int], Attribution]:
    """Each quoted passage of a Content, trimmed, with the attribution it belongs to: when attributions are
    nested ("“…,” Sanders said, according to CNN": both Contents hold the quotation), the one with the
    smallest Content, whose Source spoke the words (``careful``; the first version took the first
    attribution in the file, the outer one as often as not)."""
    found: dict[tuple[int, int], Attribution] = {}
    size: dict[tuple[int, int], int] = {}
    for attribution in article.attributions:
        length = sum(b - a for a, b in attribution.content)
        for a, b in joined(article.text, attribution.content):
            for span in quoted_passages(article.text, a, b):
                if span not in found or (careful and length < size[span]):
                    found[span], size[span] = attribution, length
    return found


def _named(text: str) -> bool:
    words = text.split()
    return any(w[:1].isupper() for w in words) and text.strip().lower() not in PRONOUNS


RELATIVE = {"who", "which", "that", "whom", "whose"}
FIRST_PERSON = {"i", "we", "my", "our", "me", "us"}
AUTHOR_SOURCE = "<the author>"
"""What an "I" or "we" Source outside quotation marks resolves to: the article's author."""
_REFLEXIVE = {"himself", "herself", "themselves", "itself"}
_THING_NOUNS = {n.lower() for n in cues.ORGANIZATION_NOUNS + cues.DOCUMENT_NOUNS + cues.MEDIA_NOUNS}
_PERSON_HEADS = {n.lower() for n in cues.PERSON_NOUNS}
_PLURAL_HEADS = {cues.plural(n) for n in _PERSON_HEADS} - _PERSON_HEADS


def _core(words: str) -> str:
    """A Source's words before an apposition or parenthesis ("Haley Morris, a spokeswoman" → "Haley Morris")."""
    return re.split(r",|\(|\s--\s|\s[—–]\s", words)[0].strip()


def _gender(words: str) -> str | None:
    """"m", "f" or None (gold side only): a title (Mr., Mrs., Ms.), else a common given name opening a name
    of two words or more ("Hope Hicks"; a surname alone, "Joyce", says nothing), else a role word
    ("spokeswoman")."""
    tokens = re.findall(r"[\w.’'\-]+", _core(words))
    for token in tokens:
        if token in ("Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss"):
            return cues.PERSONAL_TITLES[token]
    for i, token in enumerate(tokens[:-1]):
        found = cues.given_name_gender(token)
        if found and tokens[i + 1][:1].isupper():
            return found
    for token in tokens:
        if token.lower() in cues.PERSONAL_TITLES:
            return cues.PERSONAL_TITLES[token.lower()]
    return None


def _plural(words: str) -> bool:
    """Whether a Source names several ("Clinton and husband Bill", "fact-checkers", "Republicans")."""
    core = _core(words)
    tokens = core.split()
    last = tokens[-1] if tokens else ""
    part = last.split("-")[-1]
    return bool(re.search(r"\s(?:and|&)\s", core)) or last in cues.GROUP_NAMES or last.lower() in _PLURAL_HEADS or (
        part[:1].islower() and part.endswith("s") and not part.endswith(("ss", "us", "is")))


def _thing(words: str) -> bool:
    """Whether a Source is an organisation or a document ("the campaign", "Podliska’s lawsuit", "the Clinton
    Campaign", "CNN"), by its head word: a capitalised head ("Law") is a name, unless an organisation's."""
    found = head(words)
    if not found:
        return False
    written = [t for t in re.findall(r"[\w’'\-.]+", _core(words)) if t.strip(".").lower() == found]
    return any(t in cues.ORGANIZATION_WORDS or (found in _THING_NOUNS and t[:1].islower()) for t in written)


def agrees(pronoun: str, words: str) -> bool:
    """Whether a named Source can be what a personal pronoun Source refers to: "he" and "she" a single
    person of no other gender, "it" no person, "they" no single person named with a title or given name."""
    p = pronoun.lower()
    if p in ("he", "she"):
        return not _plural(words) and not _thing(words) and _gender(words) in (None, "m" if p == "he" else "f")
    if p == "it":
        return not _plural(words) and _gender(words) is None and head(words) not in _PERSON_HEADS
    if p == "they":
        return _plural(words) or _thing(words) or _gender(words) is None
    return True


def antecedent(text: str, at: int) -> str | None:
    """The words a relative pronoun at ``at`` refers to: the phrase right before it ("from U.S. President
    Barack Obama, who" → "U.S. President Barack Obama"; "the chairman of the RNC, who" → the whole phrase),
    or the name an apposition describes ("Lionel Sosa, a Texas media consultant who" → "Lionel Sosa")."""
    end = at
    while True:
        before = text[max(0, end - 150):end].rstrip().rstrip(",").rstrip()
        chunk = re.search(r"[^.;:!?\n\"“”()—–,]*$", before).group(0).strip()
        start = len(before) - len(chunk)
        earlier = before[:start].rstrip()
        if re.match(r"(?:a|an|the)\s", chunk) and re.search(r"[A-Z][\w.’']*,$", earlier):
            end = end - len(before) + start  # an apposition: the name before it
            end = text.rfind(",", 0, end)
            continue
        break
    by = list(re.finditer(r"\b(?:from|by|to|with|for|about|against|like|including|and|said|says|told|wrote|added)\s+"
                          r"(?=[A-Z])", chunk))
    if by:
        chunk = chunk[by[-1].end():]
    return chunk if any(c.isalpha() for c in chunk) else None


def resolved_source(article: Article, attribution: Attribution, careful: bool = True) -> str | None:
    """The Source's words; a pronoun is replaced by what it refers to. ``careful`` (the default): a relative
    pronoun (who, which, that) by the phrase right before it; "I" or "we" outside quotation marks by the
    author; he, she, it and they by the nearest preceding named Source that agrees with it in number,
    gender (a title or common given name says) and kind (person or not); None when no Source fits, or when
    the Source is a speech verb alone (an annotation slip: the cue marked as the Source). Without
    ``careful`` (the first version of this scorer), every pronoun by the nearest preceding named Source."""
    if not attribution.source:
        return None
    words = " ".join(article.text[a:b] for a, b in sorted(attribution.source))
    pronoun = words.strip().lower()
    if careful and words.strip() in cues.SPEECH_FORMS:
        return None  # the annotator marked the cue ("said") as the Source: it names nobody
    if pronoun not in PRONOUNS:
        return words
    at = min(a for a, _ in attribution.source)
    if careful and pronoun in RELATIVE:
        return antecedent(article.text, at)
    if careful and pronoun in FIRST_PERSON and not any(a <= at < b for a, b in _quoted_spans(article)):
        return AUTHOR_SOURCE
    earlier = sorted((min(s for s, _ in other.source), " ".join(article.text[a:b] for a, b in sorted(other.source)))
                     for other in article.attributions if other.source and min(s for s, _ in other.source) < at)
    for _, candidate in reversed(earlier):
        if _named(candidate) and (not careful or agrees(pronoun, candidate)):
            return candidate
    return None if careful else words


def _quoted_spans(article: Article) -> list[tuple[int, int]]:
    """Every passage in double quotation marks of the text (the whole text, not only gold Contents)."""
    cached = getattr(article, "_quoted", None)
    if cached is None:
        cached = quoted_passages(article.text, 0, len(article.text)) if article.text else []
        article._quoted = cached
    return cached


def head(words: str) -> str | None:
    """The head word of a name or noun phrase: the last word before an apposition, relative clause or
    post-modifier ("Haley Morris, a spokeswoman" → morris; "the chairman of the RNC" → chairman)."""
    words = re.split(r",|\(|\b(?:of|for|at|from|in|on|with|who|which|that|to)\b", words)[0]
    tokens = [re.sub(r"[’']s$", "", t) for t in re.findall(r"[\w’'\-.]+", words)]
    tokens = [t.strip(".").lower() for t in tokens if t.strip(".")]
    return tokens[-1] if tokens else None


def same_speaker(gold: str, names: list[str], careful: bool = True) -> bool:
    """Whether a drafted speaker (its name, aliases and role) is the gold Source: same head word, or the
    gold head is a capitalised word of the drafted name (a surname). ``careful`` also accepts a drafted
    name of two words or more written in full in the Source ("Former Secretary of State and Democratic
    frontrunner Hillary Clinton") or in the apposition after its role ("Apple's chief executive, Tim Cook,"),
    for Sources that join two ("Clinton and husband Bill") either one, and
    reads "Sanders himself" as Sanders."""
    if careful:  # "Sanders himself" is Sanders
        gold = re.sub(rf"\s+(?:{'|'.join(_REFLEXIVE)})\b", "", gold)
    gold_head = head(gold)
    if gold_head is None:
        return False
    heads = {head(n) for n in names if n}
    name_words = {re.sub(r"[’']s$", "", w).lower() for n in names if n for w in re.findall(r"[\w’'\-]+", n)}
    if gold_head in heads or (gold_head in name_words and any(
            w[:1].isupper() and re.sub(r"[’']s$", "", w).lower() == gold_head for w in re.findall(r"[\w’'\-]+", gold))):
        return True
    if not careful:
        return False
    core = _core(gold)
    apposed = re.split(r",|\(|\s--\s|\s[—–]\s", gold)[1:2]  # "Apple's chief executive, Tim Cook,": the name
    if names and names[0] and len(names[0].split()) >= 2 and names[0][:1].isupper() and (
            re.search(rf"(?<!\w){re.escape(names[0])}(?!\w)", core) or any(  # the apposition is the name alone
                re.fullmatch(rf"(?:[A-Z][\w.’'\-]*\s+)*{re.escape(names[0])}", part.strip()) for part in apposed)):
        return True
    parts = re.split(r"\s+(?:and|&)\s+", core)
    return len(parts) > 1 and any(same_speaker(part, names, careful) for part in parts)


# --- scoring ------------------------------------------------------------------------------------------------

class Tokens:
    """Word tokens of a text, to measure how much of one span lies in another."""

    def __init__(self, text: str):
        self.starts, self.ends = [], []
        for m in _TOKEN.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def of(self, spans: Spans) -> frozenset[int]:
        out = set()
        for a, b in spans:
            out.update(range(bisect.bisect_right(self.ends, a), bisect.bisect_left(self.starts, b)))
        return frozenset(out)


def soft(found: list[frozenset], gold: list[frozenset]) -> tuple[float, float]:
    """Summed overlap scores: each found span's best share inside a gold span, each gold span's best share
    covered by a found span (counts, to be divided by the numbers of spans)."""
    def best(items, others):
        total = 0.0
        for item in items:
            if item:
                total += max((len(item & other) / len(item) for other in others if item & other), default=0.0)
        return total
    return best(found, gold), best(gold, found)


@dataclass
class Tally:
    quotes_found: int = 0
    quotes_gold: int = 0
    quotes_exact: int = 0
    quote_soft_p: float = 0.0
    quote_soft_r: float = 0.0
    speakers_compared: int = 0
    speakers_right: int = 0
    unattributed: int = 0
    matched_quotes: int = 0
    contents_found: int = 0
    contents_gold: int = 0
    content_soft_p: float = 0.0
    content_soft_r: float = 0.0
    contents_exact: int = 0
    cues_found: int = 0
    cues_gold: int = 0
    cue_soft_p: float = 0.0
    cue_soft_r: float = 0.0
    crashes: int = 0
    unreadable: int = 0
    articles: int = 0
    seconds: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    careful: bool = True  # resolve pronoun Sources and match speakers as described in resolved_source

    def note(self, kind: str, example: str) -> None:
        self.errors.setdefault(kind, []).append(example)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def source_of(article: Article) -> Source:
    return Source(source_id="article", title=article.name, author=None, publisher=None, url=None, language="en",
                  published=article.published or "2016", published_basis="the date in the corpus file name",
                  is_excerpt=False, license="PolNeAR", text=article.text,
                  text_sha256=hashlib.sha256(article.text.encode()).hexdigest(), metadata_file="", annotations_file=None)


AUTHOR = Speaker("article-author", "Author", "author", None, None, None, (), None, 0)


def drafted(article: Article, tally: Tally, check_yaml: bool = True):
    """The draft's rows and speaker registry, or None after counting a crash."""
    source = source_of(article)
    started = time.perf_counter()
    try:
        rows, registry = draft_source(source, [AUTHOR])
        yaml_text = render(source, rows, registry)
    except Exception:  # a crash is what is measured here
        tally.crashes += 1
        tally.note("crash", f"{article.name}: {traceback.format_exc(limit=3)}")
        return None
    tally.seconds.append(time.perf_counter() - started)
    if check_yaml:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.yaml"
            path.write_text(yaml_text, encoding="utf-8")
            try:
                _, problems = load_annotations(path, "draft", ignore=("new_speakers",))
            except Exception as exc:  # InvalidInput or a YAML error: the draft does not read back
                problems = [exc]
            if problems:
                tally.unreadable += 1
                tally.note("draft does not read back", f"{article.name}: {problems[:2]}")
    return rows, registry


def speaker_names(registry, speaker_id: str) -> list[str]:
    names = [registry.display.get(speaker_id, speaker_id)]
    names += [alias for alias, sid in registry.names.items() if sid == speaker_id]
    stub = registry.stubs.get(speaker_id)
    if stub and stub.get("role"):
        names.append(stub["role"])
    return names


def cue_spans(text: str, row) -> Spans:
    at = getattr(row, "cue_at", None)
    if at:
        return [at]
    cue = row.labels.get("cue")
    if not cue:
        return []
    found = text.find(cue, row.start, row.end)
    return [(found, found + len(cue))] if found >= 0 else []


def score(article: Article, tally: Tally) -> None:
    result = drafted(article, tally)
    tally.articles += 1
    if result is None:
        return
    rows, registry = result
    text = article.text
    tokens = Tokens(text)
    unattributed = f"{'article'}-unattributed"

    quotes, contents, cues = {}, [], []
    for row in rows:
        for q in getattr(row, "quotations", []):  # what the draft found, spans or not (the contract gives
            if not q.mention:                     # no span to a quotation whose marks do not pair)
                quotes.setdefault(trim(text, q.start, q.end), q)
                contents.append([(q.start, q.end)])
        mentions = {(q.start, q.end) for q in getattr(row, "quotations", []) if q.mention}
        kids = [span for span in row.spans if span.labels.get("claim_type") in ATTRIBUTING
                and (span.start, span.end) not in mentions]
        for span in kids:
            if span.labels.get("claim_type") == "direct_quote":
                if trim(text, span.start, span.end) not in quotes:
                    quotes[trim(text, span.start, span.end)] = span
                    contents.append([(span.start, span.end)])
            else:
                contents.append([(span.start, span.end)])
            cues += [c for c in cue_spans(text, span) if c not in cues]
        if row.labels.get("claim_type") in ATTRIBUTING:
            if not kids:
                contents.append([(row.start, row.end)])
            cues += [c for c in cue_spans(text, row) if c not in cues]

    gold = gold_quotations(article, tally.careful)
    tally.quotes_found += len(quotes)
    tally.quotes_gold += len(gold)
    exact = set(quotes) & set(gold)
    tally.quotes_exact += len(exact)
    p, r = soft([tokens.of([q]) for q in quotes], [tokens.of([g]) for g in gold])
    tally.quote_soft_p += p
    tally.quote_soft_r += r
    for span in sorted(set(quotes) - set(gold)):
        tally.note("quotation not in gold", f"{article.name}: {text[span[0]:span[1]][:100]!r}")
    for span in sorted(set(gold) - set(quotes)):
        tally.note("gold quotation missed", f"{article.name}: {text[max(0, span[0] - 60):span[1] + 20]!r}")
    for key in sorted(exact):
        tally.matched_quotes += 1
        found = quotes[key]
        speaker_id = found.speaker if hasattr(found, "speaker") else found.labels.get("speaker")
        if speaker_id == unattributed:
            tally.unattributed += 1
        source = resolved_source(article, gold[key], tally.careful)
        if source is None:
            continue
        tally.speakers_compared += 1
        names = speaker_names(registry, speaker_id)
        if speaker_id == AUTHOR.speaker_id if source == AUTHOR_SOURCE else same_speaker(source, names, tally.careful):
            tally.speakers_right += 1
        else:
            tally.note("wrong speaker", f"{article.name}: gold {source!r}, draft {names[0]!r} — "
                                        f"{text[key[0]:key[1]][:70]!r}")

    gold_contents = [a.content for a in article.attributions if a.content]
    tally.contents_found += len(contents)
    tally.contents_gold += len(gold_contents)
    p, r = soft([tokens.of(c) for c in contents], [tokens.of(g) for g in gold_contents])
    tally.content_soft_p += p
    tally.content_soft_r += r
    trimmed_gold = {tuple(trim(text, a, b) for a, b in sorted(g)) for g in gold_contents}
    tally.contents_exact += len({tuple(trim(text, a, b) for a, b in c) for c in contents} & trimmed_gold)
    found_tokens = [tokens.of(c) for c in contents]
    for g in gold_contents:
        t = tokens.of(g)
        if t and not any(t & f for f in found_tokens):
            cue = " ".join(text[a:b] for a, b in sorted(a.cue)) if (a := next(
                x for x in article.attributions if x.content is g)) else ""
            tally.note("gold content missed", f"{article.name}: cue {cue!r}: "
                                              f"{' … '.join(text[a:b] for a, b in sorted(g))[:100]!r}")

    gold_cues = [a.cue for a in article.attributions if a.cue]
    tally.cues_found += len(cues)
    tally.cues_gold += len(gold_cues)
    p, r = soft([tokens.of([c]) for c in cues], [tokens.of(g) for g in gold_cues])
    tally.cue_soft_p += p
    tally.cue_soft_r += r


def figures(tally: Tally) -> dict:
    def ratio(a, b):
        return a / b if b else 0.0

    qp, qr = ratio(tally.quotes_exact, tally.quotes_found), ratio(tally.quotes_exact, tally.quotes_gold)
    qsp, qsr = ratio(tally.quote_soft_p, tally.quotes_found), ratio(tally.quote_soft_r, tally.quotes_gold)
    cp, cr = ratio(tally.content_soft_p, tally.contents_found), ratio(tally.content_soft_r, tally.contents_gold)
    cep, cer = ratio(tally.contents_exact, tally.contents_found), ratio(tally.contents_exact, tally.contents_gold)
    kp, kr = ratio(tally.cue_soft_p, tally.cues_found), ratio(tally.cue_soft_r, tally.cues_gold)
    seconds = tally.seconds or [0.0]
    return {
        "articles": tally.articles, "crashes": tally.crashes, "drafts not reading back": tally.unreadable,
        "quotations (gold / drafted)": f"{tally.quotes_gold} / {tally.quotes_found}",
        "quotation exact P/R/F1": (qp, qr, f1(qp, qr)),
        "quotation overlap P/R/F1": (qsp, qsr, f1(qsp, qsr)),
        "speaker accuracy": ratio(tally.speakers_right, tally.speakers_compared),
        "speakers compared": tally.speakers_compared,
        "unattributed share": ratio(tally.unattributed, tally.matched_quotes),
        "content overlap P/R/F1": (cp, cr, f1(cp, cr)),
        "content exact P/R/F1": (cep, cer, f1(cep, cer)),
        "contents (gold / drafted)": f"{tally.contents_gold} / {tally.contents_found}",
        "cue overlap P/R/F1": (kp, kr, f1(kp, kr)),
        "seconds per article (median / max)": (statistics.median(seconds), max(seconds)),
    }


def as_text(result: dict) -> str:
    lines = []
    for key, value in result.items():
        if isinstance(value, tuple):
            value = " / ".join(f"{v:.3f}" for v in value)
        elif isinstance(value, float):
            value = f"{value:.3f}"
        lines.append(f"  {key:38} {value}")
    return "\n".join(lines)


# --- drafting cost against corpus size ---------------------------------------------------------------------

def scaling(sizes: list[int], sample: Article, repeats: int = 3) -> list[tuple[int, float]]:
    """Seconds to draft one source (``write_draft``, as ``claimset draft`` does) in workspaces of each size, with
    five named speakers registered per source besides its author (a corpus's registry grows with it)."""
    from claimset.draft import write_draft

    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            registry = []
            for k in range(size):
                slug = f"source-{k:04d}"
                folder = root / "sources" / slug
                folder.mkdir(parents=True)
                text = sample.text + f"\n(Copy {k}.)\n"
                (folder / "text.txt").write_text(text, encoding="utf-8")
                (folder / "source.yaml").write_text(
                    f"source_id: {slug}\ntitle: copy {k}\nlanguage: en\npublished: '{sample.published or 2016}'\n"
                    f"published_basis: benchmark\nis_excerpt: false\nlicense: benchmark\n"
                    f"sha256: {hashlib.sha256(text.encode()).hexdigest()}\n", encoding="utf-8")
                registry.append(f"- speaker_id: {slug}-author\n  name: Author {k}\n  kind: author\n")
                registry += [f"- speaker_id: person-{k:04d}-{j}\n  name: Given{k}x{j} Surname{k}x{j}\n  kind: person\n"
                             for j in range(5)]
            (root / "speakers.yaml").write_text("\n".join(registry), encoding="utf-8")
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                write_draft(root, "source-0000", force=True)
                times.append(time.perf_counter() - started)
            out.append((size, min(times)))
    return out


def builds(items: list[Article]) -> tuple[int, list[str]]:
    """How many articles build after ``claimset accept`` of their draft as it is (no text edited), and the
    problems of those that do not: each registered, drafted and accepted in one workspace, then assembled
    (a text the corpus holds twice is registered once, and not counted again)."""
    from claimset.curation import CurationError, accept, add_source
    from claimset.draft import write_draft
    from claimset.errors import InvalidInput
    from claimset.pipeline import assemble

    refused, skipped = [], []

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "sources").mkdir()
        (root / "speakers.yaml").write_text("", encoding="utf-8")
        slugs = {}
        for k, article in enumerate(items):
            slug = f"article-{k:04d}"
            slugs[slug] = article.name
            (root / f"{slug}.txt").write_text(article.text, encoding="utf-8")
            try:
                add_source(root, root / f"{slug}.txt", slug, article.name, article.published or "2016", None, None,
                           "en", False)
            except CurationError as exc:  # the same text twice in the corpus: registered once
                skipped.append(f"{article.name}: not registered: {exc}")
                continue
            write_draft(root, slug)
            try:
                accept(root, slug)
            except Exception as exc:  # accept refusing the draft as written is what is measured here
                problems = exc.problems if isinstance(exc, InvalidInput) else [exc]
                refused.append(f"{article.name}: accept refused the draft: {'; '.join(map(str, problems))[:300]}")
                shutil.rmtree(root / "sources" / slug)  # the build would only report it missing
        try:
            assemble(root)
            problems = []
        except InvalidInput as exc:
            problems = [str(problem) for problem in exc.problems]
    failing = {slug for slug in slugs if any(f"sources/{slug}/" in problem for problem in problems)}
    return len(items) - len(skipped) - len(failing) - len(refused), skipped + refused + [
        problem.replace("sources/", "").replace(slug, slugs[slug])
        for problem in problems for slug in failing if f"sources/{slug}/" in problem]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a folder with text/ and attributions/ (or the data folder, "
                                                "with --split)")
    parser.add_argument("--split", help="the split folder under PATH to score, e.g. dev")
    parser.add_argument("--limit", type=int, help="score only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print up to N examples of each kind of miss")
    parser.add_argument("--scaling", type=int, default=0,
                        help="also time drafting one source in workspaces of 1 and of N sources")
    parser.add_argument("--build", action="store_true",
                        help="also count the articles that build after accepting their drafts as they are")
    parser.add_argument("--first-scorer", action="store_true",
                        help="resolve pronoun Sources and match speakers as the first version of this scorer did "
                             "(every pronoun to the nearest preceding named Source), for comparison")
    args = parser.parse_args(argv)
    folder = args.path / args.split if args.split else args.path
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        parser.error(f"{folder} has no text/ and attributions/ folders")
    tally = Tally(careful=not args.first_scorer)
    items = articles(folder, args.limit)
    for article in items:
        score(article, tally)
    print(f"claimset draft against PolNeAR annotations in {folder} ({tally.articles} articles)")
    print(as_text(figures(tally)))
    if args.scaling and items:
        sample = min(items, key=lambda a: abs(len(a.text) - 4000))
        for size, seconds in scaling([1, args.scaling], sample):
            print(f"  draft one source in a workspace of {size:4d} sources: {seconds:.3f} s")
    if args.build and items:
        built, problems = builds(items)
        twice = sum(": not registered: " in problem for problem in problems)
        print(f"  articles that build after accept       {built} of {len(items) - twice}"
              + (f" ({twice} texts held twice, counted once)" if twice else ""))
        tally.errors["build problem after accept"] = problems
    for kind, examples in sorted(tally.errors.items()):
        if args.errors or kind == "crash":
            print(f"\n{kind}: {len(examples)}")
            for example in examples[:args.errors or 5]:
                print("   ", example.replace("\n", " ")[:400])
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
