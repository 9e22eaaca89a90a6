"""Anchoring finds a statement's words as whole words; str.find does it, a regex states what it must find."""
import re

from hypothesis import given, settings, strategies as st

from claimset.annotations import occurrences

ALPHABET = st.sampled_from(list("ab _.’é-\n1"))


def by_regex(haystack: str, words: str, start: int = 0, end: int | None = None) -> list[int]:
    """The specification: overlapping matches that neither start nor end inside a word."""
    pattern = re.escape(words)
    if re.match(r"\w", words):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", words):
        pattern += r"(?!\w)"
    scope = haystack[start:end]
    return [start + m.start() for m in re.finditer(f"(?=({pattern}))", scope)]


@settings(max_examples=400, deadline=None)
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
