"""The shared text vocabulary: which quotation marks never close, what holds a word, how claims quote."""
import pytest

from claimset.vocabulary import has_word, quoted, unclosed_marks


@pytest.mark.parametrize("text, found", [
    ("He said “yes” and “no.\nThen.", [(1, 19, "“")]),
    ('A "b" c "d', [(1, 9, '"')]),
    ("«a» «b", [(1, 5, "«")]),
    ("“We go on.\n“And on.”", []),  # a quotation over paragraphs: the next one opens with a mark
    ("“We go on.\n\n  “And on.”", []),  # blank lines and indentation between them change nothing
    ("Balanced “a” and «b» and \"c\".", []),
    ("Japan’s ‘scare’ quotes and an apostrophe", []),  # single marks are never required to close
    ("no marks at all", []),
])
def test_unclosed_marks(text, found):
    assert unclosed_marks(text) == found


def test_punctuation_alone_holds_no_word():
    assert not has_word("* * * — … ”")
    assert has_word("— 1 —") and has_word("«Да»")


def test_claims_quote_in_curly_double_marks():
    assert quoted("We will.") == "“We will.”"


def test_a_quotation_wrapped_over_lines_of_one_paragraph_closes_there():
    from claimset.sources import unwrapped

    text = "He said “we will\nsee” and “then\n\nmore."
    assert unclosed_marks(text) == [(1, 9, "“"), (2, 10, "“")]  # each line a paragraph
    assert unclosed_marks(text, unwrapped(text)) == [(2, 10, "“")]  # lines of a block: one paragraph
