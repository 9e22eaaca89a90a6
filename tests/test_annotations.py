"""Anchoring finds a statement's words as whole words; str.find does it, a regex states what it must find."""
import difflib
import re

from hypothesis import given, settings, strategies as st

from claimset import annotations
from claimset.annotations import Annotation, anchor, anchor_all, closest_passage, find_all, occurrences

from conftest import examples

ALPHABET = st.sampled_from(list("ab _.’é-\n1"))


def by_regex(haystack: str, words: str, start: int = 0, end: int | None = None) -> list[int]:
    """The specification: overlapping matches that neither start nor end inside a word."""
    pattern = re.escape(words)
    if re.match(r"\w", words):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w\Z", words):  # \Z: "$" would also match before a final newline
        pattern += r"(?!\w)"
    scope = haystack[start:end]
    return [start + m.start() for m in re.finditer(f"(?=({pattern}))", scope)]


@settings(max_examples=examples(400), deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=4), st.data())
def test_occurrences_match_the_regex_specification(haystack, words, data):
    start = data.draw(st.integers(0, len(haystack)))
    end = data.draw(st.integers(start, len(haystack)))
    assert occurrences(haystack, words) == by_regex(haystack, words)
    assert occurrences(haystack, words, start, end) == by_regex(haystack, words, start, end)


def test_whole_words_only_and_overlaps_counted():
    assert occurrences("the other theme, the end", "the") == [0, 17]
    assert occurrences("aaaa", "aa") == []  # inside one word: never whole words
    assert occurrences("a-a-a", "a-a") == [0, 2]  # overlapping matches both count
    assert occurrences("“Yes.” Yes.", "Yes.") == [1, 7]
    assert occurrences("text", "") == []


# --- one pass for a whole source: find_all and anchor_all against the per-annotation algorithm -------------

SENTENCE = st.text(st.sampled_from(list("ab .’é-")), min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(ALPHABET, max_size=120), st.lists(st.text(ALPHABET, max_size=40), max_size=8), st.data())
def test_find_all_equals_occurrences_of_each_text(haystack, texts, data):
    # substrings of the haystack too, so that most texts are found, many share long prefixes (trie levels)
    for _ in range(data.draw(st.integers(0, 12))):
        start = data.draw(st.integers(0, len(haystack)))
        texts.append(haystack[start:data.draw(st.integers(start, len(haystack)))])
    assert find_all(haystack, texts) == {text: occurrences(haystack, text) for text in texts}


def test_find_all_with_many_texts_sharing_long_prefixes():
    texts = ["x" * 40 + c for c in "abcdefgh"] + ["x" * 40, "x" * 16, "x" * 17 + "a", "x", "“x"]
    haystack = " ".join(texts) + " " + "x" * 100 + " “" + "x" * 40 + "b."
    found = find_all(haystack, texts)
    assert found == {text: occurrences(haystack, text) for text in texts}
    assert found["x" * 40 + "b"] == [haystack.index("x" * 40 + "b"), haystack.rindex("x" * 40 + "b")]
    assert found["x" * 40] == [41 * 8 + 8] and found["x"] == [haystack.index(" x ") + 1, haystack.index("“x ") + 1]


def annotation(text: str, occurrence: int | None = None) -> Annotation:
    return Annotation(text=text, occurrence=occurrence, labels={}, file="f", line=1)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=5), st.data())
def test_anchor_all_equals_anchoring_each_annotation_alone(pool, data):
    """Random texts of repeated sentences: the same offsets and the same messages as ``anchor`` one by one."""
    order = data.draw(st.lists(st.sampled_from(pool), max_size=12))
    haystack = data.draw(st.sampled_from([" ", "\n", "  "])).join(order)
    texts = data.draw(st.lists(st.sampled_from(pool) | SENTENCE, max_size=12))
    texts += [t[:-1] + "x" for t in texts[:2] if len(t) > 1]  # typos: not found, with a closest passage
    anns = [annotation(t, data.draw(st.none() | st.integers(1, 4))) for t in texts]
    assert anchor_all(haystack, anns) == [anchor(haystack, ann) for ann in anns]


def test_anchor_all_reports_a_repeated_sentence_as_before():
    text = "It rained. It snowed. It rained."
    results = anchor_all(text, [annotation("It rained."), annotation("It snowed."), annotation("It rained.", 2),
                                annotation("It rained.", 3), annotation("It rainned.")])
    assert results == [
        (None, "text occurs 2 times: 'It rained.'; add 'occurrence: N' (1 to 2) to say which"),
        (11, None),
        (22, None),
        (None, "occurrence 3 asked for, but the text occurs 2 times: 'It rained.'"),
        (None, "text not found verbatim: 'It rainned.'; closest passage: 'It rained.'"),
    ]


def long_text(n: int = 1200) -> tuple[str, list[str]]:
    sentences = [f"Sentence {i} tells of item {i * 7 % 13} and of place {i * 11 % 17}." for i in range(n)]
    return " ".join(sentences), sentences


def test_closest_passage_in_a_long_text_is_found_near_its_neighbours(monkeypatch):
    text, sentences = long_text()
    assert len(text) > 2 * annotations.PASSAGE_WINDOW
    anns = [annotation(s) for s in sentences]
    anns[1000] = annotation(sentences[1000].replace("tells", "tolls"))
    results = anchor_all(text, anns)
    assert [r[0] for r in results[:1000]] == [text.index(s) for s in sentences[:1000]]
    assert sentences[1000] == "Sentence 1000 tells of item 6 and of place 1."
    assert results[1000] == (None, "text not found verbatim: 'Sentence 1000 tolls of item 6 and of place 1.'; "
                                   "closest passage: 'Sentence 1000 tells of item 6 and of place 1.'")
    # the same message as a search of the whole text (only slower)
    monkeypatch.setattr(annotations, "PASSAGE_WINDOW", 10 ** 9)
    assert anchor(text, anns[1000]) == results[1000]


def test_closest_passage_of_a_long_text_without_a_hint_looks_at_its_start():
    text, sentences = long_text()
    assert closest_passage(text, sentences[3].replace("tells", "tolls")) == f"closest passage: {sentences[3]!r}"
    far = sentences[1100].replace("tells", "tolls")
    assert "1100" not in closest_passage(text, far)  # the window at the start of the text does not reach it
    assert closest_passage(text, far, near=(text.index(sentences[1099]), text.index(sentences[1101]))) == \
        f"closest passage: {sentences[1100]!r}"


def test_quotation_marks_are_compared_in_the_text_at_hand():
    """The folded copy of the last text is reused only for that same text."""
    assert closest_passage("He said “yes” twice.", 'said "yes"').startswith("it matches 'said “yes”' except for")
    assert closest_passage("He said «no» twice.", 'said "yes"').startswith("closest passage: ")
    assert closest_passage("He said “yes” twice.", 'said "yes"').startswith("it matches 'said “yes”' except for")


def closest_passage_simple(haystack: str, needle: str) -> str:
    """The former search: every word start of the whole text, in order (annotations.closest_passage before)."""
    folded = haystack.translate(annotations.QUOTE_FOLD)
    if needle.translate(annotations.QUOTE_FOLD) in folded:
        at = folded.index(needle.translate(annotations.QUOTE_FOLD))
        return (f"it matches {annotations._clip(haystack[at:at + len(needle)])!r} except for quotation marks, "
                "apostrophes or dashes; copy them exactly as the text has them")
    width = len(needle)
    best, best_at = -1.0, 0
    for start in [0] + [m.end() for m in re.finditer(r"\s+", haystack)]:
        matcher = difflib.SequenceMatcher(None, needle, haystack[start:start + width], autojunk=False)
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        if matcher.ratio() > best:
            best, best_at = matcher.ratio(), start
    if best < 0.5:
        return "no similar passage; check that it belongs to this source (and, for a span, to its sentence)"
    return f"closest passage: {annotations._clip(haystack[best_at:best_at + width])!r}"


@settings(max_examples=examples(400), deadline=None)
@given(st.text(st.sampled_from(list("ab “”'\".\n")), max_size=60),
       st.text(st.sampled_from(list("ab “'.")), min_size=1, max_size=12))
def test_closest_passage_equals_the_former_search_in_a_short_text(haystack, needle):
    """Best candidates first (by quick_ratio, counted in a sliding window): the same passage, first of equals."""
    assert closest_passage(haystack, needle) == closest_passage_simple(haystack, needle)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(st.sampled_from(list("ab .\n")), max_size=80), st.text(st.sampled_from(list("ab .")), max_size=12),
       st.data())
def test_quick_ratios_of_the_sliding_window_equal_difflibs(haystack, needle, data):
    starts = sorted(data.draw(st.sets(st.integers(0, len(haystack)))))
    difflibs = [difflib.SequenceMatcher(None, needle, haystack[s:s + len(needle)], autojunk=False) for s in starts]
    assert annotations._quick_ratios(haystack, needle, starts) == [matcher.quick_ratio() for matcher in difflibs]


def test_a_control_character_in_a_label_is_named_at_its_line(tmp_path):
    """Escapes in double-quoted YAML make control characters the raw bytes do not show; both are found."""
    path = tmp_path / "annotations.yaml"
    path.write_text('sentences:\n  - text: "A."\n    claim_type: "factual_claim"\n    cue: "said\\x1b[31m"\n'
                    '  - text: "B."\n    claim_type: "factual_claim"\n    note: "two\\nlines are fine in a note"\n',
                    encoding="utf-8")
    rows, problems = annotations.load_annotations(path, "annotations.yaml")
    assert [str(p) for p in problems] == ["annotations.yaml:2: cue holds a control character (\\x1b); remove it"]
    assert "cue" not in rows[0].labels and rows[1].labels["note"] == "two\nlines are fine in a note"


def test_a_file_without_controls_or_escapes_is_not_searched_label_by_label(tmp_path):
    path = tmp_path / "annotations.yaml"
    path.write_text('sentences:\n  - text: "A."\n    claim_type: "factual_claim"\n    cue: "said \\"so\\""\n',
                    encoding="utf-8")
    assert not annotations._may_hold_controls(path.read_bytes())
    path.write_text(path.read_text(encoding="utf-8").replace("so", "so\\u0085"), encoding="utf-8")
    assert annotations._may_hold_controls(path.read_bytes())
    rows, problems = annotations.load_annotations(path, "annotations.yaml")
    assert [str(p) for p in problems] == ["annotations.yaml:2: cue holds a control character (\\x85); remove it"]
