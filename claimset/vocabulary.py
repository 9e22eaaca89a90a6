"""The text vocabulary the contract and the drafting share: quotation marks, whitespace, the author's id.

Defined once so that what ``claimset draft`` proposes is what the rules (``claimset.rules``) accept:
a span the draft finds inside ‘…’ must pass the rule that a direct quote sits inside quotation marks.
Pure Python, importable by anything.
"""
from __future__ import annotations

QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’"), ("'", "'"))
"""Quotation marks, (opening, closing): curly and straight double, guillemets, curly and straight single.
A direct_quote span sits right inside one of these pairs."""

CLOSING = dict(QUOTE_PAIRS)
"""Opening mark → its closing mark."""

SPAN_REQUIRED = QUOTE_PAIRS[:3]
"""Pairs whose every quotation needs a direct_quote span. Single marks double as apostrophes (Japan’s,
don't) and scare quotes, so a passage inside them needs one only where the curator (or the draft) says so."""

SPAN_QUOTATION = "(?:" + "|".join(f"{opening}[^{closing}]+{closing}" for opening, closing in SPAN_REQUIRED) + ")"
"""A quotation of a paragraph that needs a direct_quote span (a regular expression, read from the left: each
opening mark pairs with the next closing mark of its kind): its marks and the words between them."""

DRAFTED = tuple(pair for pair in QUOTE_PAIRS if pair[0] != "'")
"""Pairs the draft proposes quotations for: a straight single mark is more often an apostrophe or a
prime (5'10") than a quotation, so the draft leaves it to the curator."""

SINGLE = ("‘", "'")
"""Opening marks that are also apostrophes: they open a quotation only where ``opens_single`` says so."""

DOUBLE_MARKS = "".join(dict.fromkeys(mark for pair in SPAN_REQUIRED for mark in pair))
"""Every double mark and guillemet, opening or closing."""

SINGLE_MARKS = "".join(QUOTE_PAIRS[3])
"""The curly single marks, opening and closing."""

APOSTROPHES = "".join(closing for _, closing in QUOTE_PAIRS[3:])
"""The closing single marks, which are also apostrophes (Japan’s, don't)."""

OPENING_MARKS = "".join(dict.fromkeys(opening for opening, _ in DRAFTED))
"""Marks that open a quotation the draft proposes."""

CLOSING_MARKS = "".join(dict.fromkeys(closing for _, closing in DRAFTED))
"""Marks that close a quotation the draft proposes."""

MIXED_DOUBLE = {'"': CLOSING["“"], "“": '"'}
"""Double marks a careless text mixes: a straight opening mark closed by a curly one, and the reverse."""

OTHER_OPENINGS = "„‹"
"""Opening marks of other conventions (German „…“, single guillemets ‹…›): the contract pairs none of them,
but a line that starts with one is quoting, not labelling a speaker."""

ALL_MARKS = "".join(dict.fromkeys(mark for pair in QUOTE_PAIRS for mark in pair))
"""Every quotation mark. None of these needs escaping inside a regular expression's character class."""

WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
"""What ``str.strip()`` and ``str.isspace()`` treat as whitespace, for the polars rules that must agree."""

LETTER_OR_DIGIT = r"[\p{L}\p{N}]"
"""A letter or digit, for the polars rules: the characters ``str.isalnum`` accepts (a test holds the two equal
over every code point). Every statement holds one; text between sentence rows holds none."""


def has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or digit (``LETTER_OR_DIGIT``): punctuation alone is never a statement."""
    return any(ch.isalnum() for ch in text)


QUOTE_FOLD = str.maketrans({**{mark: '"' for pair in SPAN_REQUIRED for mark in pair},
                            **{mark: "'" for pair in QUOTE_PAIRS[3:] for mark in pair}, "–": "-", "—": "-"})
"""Quotation marks and dashes folded to ASCII: how a near miss is recognised as a typo of marks."""


def quoted(words: str) -> str:
    """``words`` in curly double marks, as claims and notes written here quote."""
    return f"{QUOTE_PAIRS[0][0]}{words}{QUOTE_PAIRS[0][1]}"


def unclosed_marks(text: str, paragraphs: str | None = None) -> list[tuple[int, int, str]]:
    """(line, column, mark), 1-based, of each double quotation mark or guillemet that opens a quotation and
    never closes in its paragraph — unless the next paragraph opens with a mark, the usual way a
    quotation goes on over paragraphs. The build reports them: no direct_quote span is required for them.
    ``paragraphs``: the text with a line break only where a paragraph ends (``sources.unwrapped``), when
    that is not at every line break."""
    found = []
    lines = (paragraphs or text).split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for number, line in enumerate(lines):
        following = next((later.lstrip() for later in lines[number + 1:] if later.strip()), "")
        if following[:1] in CLOSING:
            continue
        at = 0
        while True:
            hits = [(line.find(opening, at), opening) for opening, _ in SPAN_REQUIRED if line.find(opening, at) >= 0]
            if not hits:
                break
            k, opening = min(hits)
            close = line.find(CLOSING[opening], k + 1)
            if close < 0:
                at = starts[number] + k
                found.append((text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), opening))
                break
            at = close + 1
    return found


def opens_single(text: str, i: int) -> bool:
    """Whether the single mark at ``text[i]`` opens a quotation: not right after a letter or digit."""
    before = text[i - 1] if i > 0 else " "
    return not before.isalnum()


def closes_single(text: str, j: int) -> bool:
    """Whether the closing single mark at ``text[j]`` closes a quotation: not an apostrophe before a letter."""
    return not (j + 1 < len(text) and text[j + 1].isalnum())


def author_id(source_id: str) -> str:
    """The registry id of a source's author, by convention ``<source_id>-author``."""
    return f"{source_id}-author"
