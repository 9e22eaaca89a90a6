"""Drafting a long text in linear time: each shortcut against the simple per-sentence algorithm it replaced."""
import re

import pysbd
from hypothesis import HealthCheck, given, settings, strategies as st

from claimset import draft
from claimset.draft import find_quotations, OPEN_CLOSE, Registry, _opens_single, _render_row, draft_source, quotations, render, segment
from claimset.sources import paragraph_spans
from conftest import ROOT, examples
from test_draft_properties import AUTHOR, PUTIN, TOKENS, source_of

# words in marks, so that quotations open and close at sentence boundaries
QUOTED = ["“We will win.", "Yes.”", "“No,”", "«Non.»", '"Fine."', "‘Right’", "“Go.”", "“It is.", "It was.”",
          "“Stop!”"]
TEXT = st.lists(st.sampled_from(TOKENS + QUOTED), min_size=1, max_size=60).map(
    lambda t: " ".join(t).replace(" \n ", "\n"))
SLOW = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def quotations_simple(text: str) -> list[tuple[int, int]]:
    """The former scan: every character of every paragraph, every closing mark looked for afresh."""
    found = []
    for para_start, para_end in paragraph_spans(text):
        i = para_start
        while i < para_end:
            ch = text[i]
            if ch in ("“", "«", '"') or (ch == "‘" and _opens_single(text, i)):
                close = OPEN_CLOSE[ch]
                j = next((j for j in range(i + 1, para_end) if text[j] == close
                          and not (close == "’" and j + 1 < len(text) and text[j + 1].isalnum())), None)
                if j is not None and j > i + 1:
                    if text[i + 1:j] == text[i + 1:j].strip():
                        found.append((i + 1, j))
                    i = j + 1
                    continue
            i += 1
    return found


def segment_simple(text: str) -> list[tuple[int, int]]:
    """The former segmentation: pysbd as it is (each sentence from where pysbd starts it to where it starts the
    next, as pysbd's own pieces may overlap: "the . . ."), and every quotation tried at every sentence boundary."""
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans = []
    for para_start, para_end in paragraph_spans(text):
        starts = [para_start]
        for piece in segmenter.segment(text[para_start:para_end])[1:]:
            if para_start + piece.start > starts[-1]:
                starts.append(para_start + piece.start)
        for start, end in zip(starts, starts[1:] + [para_end]):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    merged, quotes = [], quotations_simple(text)
    for start, end in spans:
        if merged and any(merged[-1][0] <= a - 1 < start <= b for a, b in quotes):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.sampled_from(list("ab “”«»\"‘’'\n")), max_size=80))
def test_quotations_equal_the_character_scan(text):
    assert [(q.start, q.end) for q in quotations(text)] == quotations_simple(text)


@SLOW
@given(TEXT)
def test_segment_equals_pysbd_with_its_own_offsets(text):
    """The segmenter finds pysbd's offsets with str.find instead of a regex per sentence: same sentences."""
    assert segment(text) == segment_simple(text)


@SLOW
@given(st.lists(st.sampled_from(TOKENS[:-1] + ["  ", "\t", "Mr.", "No.", "a.m.", "1.5", "...", "!?"]), max_size=40))
def test_char_spans_equal_pysbd(tokens):
    paragraph = " ".join(tokens)
    ours = draft._segmenter_class()(language="en", clean=False, char_span=True).segment(paragraph)
    theirs = pysbd.Segmenter(language="en", clean=False, char_span=True).segment(paragraph)
    assert [(s.sent, s.start, s.end) for s in ours] == [(s.sent, s.start, s.end) for s in theirs]


def test_segments_of_a_long_text_in_a_process_pool_equal_those_of_one_process(monkeypatch):
    essay = (ROOT / "sources" / "russia-japan-2019" / "text.txt").read_text(encoding="utf-8")
    text = "\n".join(f"Part {i}. {essay}" for i in range(6))
    alone = segment(text)
    monkeypatch.setattr(draft, "PARALLEL_SEGMENT_FROM", 0)
    monkeypatch.setattr(draft, "SEGMENT_BATCH", 2_000)
    assert segment(text) == alone
    assert len(alone) == 6 * 36


def mentions_simple(names: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    found = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if re.match(r"[ \t]+[A-Z][a-z]+", text[m.end():]):
                continue  # a longer name goes on ("Anna" in "Anna Berg"): not a mention of "Anna"
            if not any(a < m.end() and m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), names[name]))
    return sorted(found)


NAME = st.lists(st.sampled_from(["Anna", "Berg", "Anna Berg", "U.S.", "Dr.", "the", "Inc.", "-", "é", "Bergé"]),
                min_size=1, max_size=3).map(" ".join)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(NAME, max_size=8), st.lists(NAME | st.sampled_from([",", ".", "x", "AnnaBerg"]), max_size=15),
       st.lists(NAME, max_size=3))
def test_mentions_try_only_names_whose_first_word_is_in_the_text(names, words, added):
    registry = Registry([], "example")
    registry.names = {name: f"s{i}" for i, name in enumerate(names)}
    text = " ".join(words)
    assert registry.mentions(text) == mentions_simple(registry.names, text)
    for name in added:  # a stub adds names as the draft goes on
        registry.names.setdefault(name, "stub")
    assert registry.mentions(text, 0) == mentions_simple(registry.names, text)


@SLOW
@given(TEXT)
def test_draft_rows_hold_their_quotations_and_render_their_occurrences(text):
    """Each sentence's quotations are found by bisection and each row's occurrence in one pass: both as
    the simple way finds them."""
    if not any(ch.isalnum() for ch in text):
        return  # no statement (add-source refuses such a text)
    source = source_of(text)
    rows, registry = draft_source(source, [AUTHOR, PUTIN])
    quotes, _ = find_quotations(text)  # the whole-text scan the draft's bisection must agree with
    for row in rows:
        inside = [(q.start, q.end) for q in quotes
                  if q.span and row.start <= (q.mark if q.mark >= 0 else q.start - 1) and q.end < row.end]
        assert [(s.start, s.end) for s in row.spans if s.reasons[0].startswith("quotation in marks")] == inside
    rendered = render(source, rows, registry)
    simple = [line for row in rows for line in _render_row(text, row, "  ", 0, len(text))]
    assert rendered.split("sentences:\n", 1)[1] == "\n".join(simple) + "\n"


@st.composite
def sentences_and_quotations(draw):
    """Sentences in order, and quotations in order that do not overlap (marks one before and at the end)."""
    cuts = sorted(draw(st.sets(st.integers(0, 60), max_size=24)))
    sentences = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]
    cuts = sorted(draw(st.sets(st.integers(1, 60), max_size=16)))
    quotes = [draft.Quote(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a + 1]
    quotes = [q for i, q in enumerate(quotes) if i == 0 or q.start - 1 > quotes[i - 1].end]
    return sentences, quotes


@settings(max_examples=examples(500), deadline=None)
@given(sentences_and_quotations())
def test_merge_by_bisection_equals_trying_every_quotation(case):
    sentences, quotes = case
    merged = []
    for start, end in sentences:
        if merged and any(merged[-1][0] <= q.start - 1 < start <= q.end for q in quotes):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    assert list(draft._merge(sentences, quotes)) == merged
