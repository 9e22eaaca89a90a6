"""The draft must work on texts it has never seen: whatever the text, the draft parses and places every sentence."""
import hashlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import examples
from claimset import yamlfile
from claimset.annotations import load_annotations
from claimset.draft import draft_source, render
from claimset.sources import Source
from claimset.statements import build_statements
from claimset.speakers import Speaker, parse_speakers

TOKENS = ["the", "minister", "said", "told", "according to", "Anna Berg", "President Putin", "Tokyo", "believes",
          "will", "must have", "in 2019", "in March", "last year", "recently", "“", "”", '"', "‘", "’", "'", ",",
          ".", ":", "?", "!", "«", "»", "—", "Japan’s", "42", "percent", "she", "added", "that", "(", ")", "Dr.",
          "U.S.", "e.g.", "\n"]
AUTHOR = Speaker("example-author", "Author", "author", None, None, None, (), None, 0)
PUTIN = Speaker("vladimir-putin", "Vladimir Putin", "person", None, "RU", None, ("President Putin",), None, 0)


def source_of(text: str, published: str = "2019-01/2019-07") -> Source:
    return Source(source_id="example", title="t", author=None, publisher=None, url=None, language="en",
                  published=published, published_basis="b", is_excerpt=False, license="l", text=text,
                  text_sha256=hashlib.sha256(text.encode()).hexdigest(), metadata_file="m", annotations_file=None)


HOSTILE = ["FranÃ\x83Â§ois", "\x1b[1m", "\x0c", "\x85", "\u2028", "\ufeff", "\x7f", "<tweet id=\"1\">", "</tweet>",
           "“ spaced ”", '"mixed”', "said Smith.", "Mr.", "St.", "Sen. Ann Lee", "on Tuesday", "last week", ":", "—",
           "he said", "according to the mayor", "As Ann Lee noted,", "“Open", "“Ann Lee”", "(R-Texas)", "’s"]
"""Text a new user's article may hold: control characters and mis-decoded bytes, markup, marks that do not
pair, titles, cues; the draft must still read back and place every sentence."""


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=60))
def test_draft_of_any_text_parses_and_places_every_sentence(tokens):
    check_draft(tokens)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS + HOSTILE), min_size=1, max_size=60))
def test_draft_of_hostile_text_reads_back_and_places_every_sentence(tokens):
    check_draft(tokens)


def check_draft(tokens):
    text = " ".join(tokens).replace(" \n ", "\n").strip()
    if not any(ch.isalnum() for ch in text):
        return
    source = source_of(text)
    rows, registry = draft_source(source, [AUTHOR, PUTIN])
    drafted = render(source, rows, registry)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(drafted, encoding="utf-8")
        sentences, problems = load_annotations(path, "draft", ignore=("new_speakers",))
        stubs = yamlfile.load(path, "draft").get("new_speakers") or []
    assert problems == [], problems
    assert len(parse_speakers(stubs, "draft")) == len(stubs)
    known = {s.speaker_id: s for s in (AUTHOR, PUTIN)}
    known.update({sid: Speaker(line=0, **{**stub, "aliases": tuple(stub["aliases"])})
                  for sid, stub in registry.stubs.items()})
    placed, _, row_problems = build_statements(source, sentences, known)
    assert not [p for p in row_problems if "not found" in p.message or "occurs" in p.message], row_problems
    covered = "".join(text[r["char_start"]:r["char_end"]] for r in placed if r["level"] == "sentence")
    assert "".join(covered.split()) == "".join(text.split())
