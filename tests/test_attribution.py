"""benchmarks/attribution.py: the PolNeAR scorer, on a tiny corpus in PolNeAR's standoff format.

The texts under tests/fixtures/polnear-mini are original (written for this test) and annotated by hand the
way PolNeAR annotates: Source, Cue and Content spans tied by an Attribution event.
"""
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import attribution  # noqa: E402

MINI = ROOT / "tests" / "fixtures" / "polnear-mini"
WIRE = "wire_2024-03-05_ferry-vote"
BLOG = "blog_2024-05-17_engineer-interview"


def article(name):
    return next(a for a in attribution.articles(MINI) if a.name == name)


def test_standoff_is_read_with_discontinuous_content_and_dates_from_file_names():
    blog = article(BLOG)
    assert blog.published == "2024-05-17"
    assert len(blog.attributions) == 3
    varga = blog.attributions[1]
    assert len(varga.content) == 2  # a quotation interrupted by its cue
    assert [blog.text[a:b] for a, b in varga.source] == ["Varga"]
    assert [blog.text[a:b] for a, b in varga.cue] == ["said"]


def test_gold_quotations_are_the_quoted_passages_of_contents():
    wire = article(WIRE)
    quoted = {wire.text[a:b] for a, b in attribution.gold_quotations(wire)}
    assert quoted == {"We listened to the fishermen", "a gamble with public money"}
    # the headline in marks belongs to no attribution: not a gold quotation
    assert "Night Boats Ahoy" not in quoted


def test_pronoun_sources_resolve_to_the_nearest_named_source():
    wire = article(WIRE)
    he = next(a for a in wire.attributions if wire.text[a.source[0][0]:a.source[0][1]] == "He")
    she = next(a for a in wire.attributions if wire.text[a.source[0][0]:a.source[0][1]] == "She")
    assert attribution.resolved_source(wire, he) == "Councillor Tomas Reyes"
    assert attribution.resolved_source(wire, she) == "Mara Okafor"


def _article(text, sources):
    """An in-memory article whose attributions have the given Source words (each found after the previous)."""
    attributions, at = [], 0
    for words in sources:
        at = text.index(words, at)
        attributions.append(attribution.Attribution(source=[(at, at + len(words))], content=[(at, at + 1)]))
        at += len(words)
    return attribution.Article("mini", text, "2024-03-05", attributions)


def test_pronoun_sources_resolve_to_a_source_that_agrees_with_them():
    text = ("Anna Okafor spoke first. The harbour authority said it would vote. Fact-checkers said the figure was "
            "wrong. He said nothing. She said it was fine. It said the vote was on Monday. Mr. Lund and Ms. Berg "
            "said so. They said more. I said it too, and we agreed.")
    art = _article(text, ["Anna Okafor", "The harbour authority", "Fact-checkers", "He", "She", "It",
                          "Mr. Lund and Ms. Berg", "They", "I", "we"])
    resolved = [attribution.resolved_source(art, a) for a in art.attributions[3:6] + art.attributions[7:]]
    # "He": no man is named before (Anna is a woman, the authority a body, fact-checkers several): not scored
    assert resolved[:3] == [None, "Anna Okafor", "The harbour authority"]
    assert resolved[3] == "Mr. Lund and Ms. Berg"  # "They": two people
    assert resolved[4:] == [attribution.AUTHOR_SOURCE, attribution.AUTHOR_SOURCE]  # I and we outside quotations
    # the first version of the scorer took the nearest preceding named Source, whatever it was
    first = [attribution.resolved_source(art, a, careful=False) for a in art.attributions[3:6]]
    assert first == ["Fact-checkers", "Fact-checkers", "Fact-checkers"]


def test_relative_pronoun_sources_are_the_phrase_before_them():
    text = ("The plan drew a reaction from U.S. President Barack Obama, who called it unfit. “No,” said Lionel Sosa, "
            "a Texas media consultant who said he would not vote.")
    art = _article(text, ["who", "who"])
    assert attribution.resolved_source(art, art.attributions[0]) == "President Barack Obama"
    assert attribution.resolved_source(art, art.attributions[1]) == "Lionel Sosa"


def test_a_source_that_is_only_a_speech_verb_is_not_compared():
    # an annotation slip: the cue "said" marked as the Source names nobody, so no speaker can match it
    text = "“We will win,” said Mara Okafor."
    art = _article(text, ["said", "Mara Okafor"])
    assert attribution.resolved_source(art, art.attributions[0]) is None
    assert attribution.resolved_source(art, art.attributions[0], careful=False) == "said"
    assert attribution.resolved_source(art, art.attributions[1]) == "Mara Okafor"


def test_a_quotation_in_nested_attributions_belongs_to_the_innermost():
    text = "“We will win,” Mara Okafor said, according to the Ellin Gazette."
    quote = (text.index("We"), text.index(",”"))
    outer = attribution.Attribution(source=[(text.index("the Ellin"), len(text) - 1)],
                                    content=[(0, text.index(", according"))])
    inner = attribution.Attribution(source=[(text.index("Mara"), text.index(" said"))], content=[(0, quote[1] + 2)])
    art = attribution.Article("mini", text, "2024-03-05", [outer, inner])
    assert attribution.gold_quotations(art)[quote] is inner
    assert attribution.gold_quotations(art, careful=False)[quote] is outer  # the first version: file order


@pytest.mark.parametrize("gold, names, same, first", [
    ("Former Secretary of State and Democratic presidential frontrunner Hillary Clinton", ["Hillary Clinton"], True,
     False),
    ("Clinton and husband Bill", ["Hillary Clinton"], True, False),
    ("Sanders himself", ["Bernie Sanders"], True, False),
    ("Former Secretary of State Hillary Clinton", ["Bill Clinton"], False, False),
    ("the harbour board's chair, Ana Duarte,", ["Ana Duarte"], True, False),  # the role, then the name apposed
    ("Tom Varga, responding to Ana Duarte,", ["Ana Duarte"], False, False),  # a name in the apposition's words
])
def test_speakers_match_a_full_name_or_one_of_two_sources(gold, names, same, first):
    assert attribution.same_speaker(gold, names) is same
    assert attribution.same_speaker(gold, names, careful=False) is first  # the first version of the scorer


@pytest.mark.parametrize("gold, names, same", [
    ("Spokeswoman Haley Morris", ["Haley Morris"], True),
    ("Haley Morris, a spokeswoman for the campaign,", ["Haley Morris"], True),
    ("Clinton", ["Hillary Clinton"], True),
    ("the mayor", ["Ana Duarte", "City Council President"], False),
    ("the mayor", ["Ana Duarte", "Mayor"], True),
    ("O’Malley’s campaign", ["Martin O’Malley"], False),
    ("The New York Times", ["New York Times"], True),
])
def test_speakers_match_by_head_word(gold, names, same):
    assert attribution.same_speaker(gold, names) is same


def test_scores_of_the_mini_corpus():
    tally = attribution.Tally()
    for item in attribution.articles(MINI):
        attribution.score(item, tally)
    got = attribution.figures(tally)
    assert got["articles"] == 2 and got["crashes"] == 0 and got["drafts not reading back"] == 0
    assert got["quotation exact P/R/F1"] == (1.0, 1.0, 1.0)  # the headline title is not drafted as a quotation
    assert got["speaker accuracy"] == 1.0 and got["unattributed share"] == 0.0
    assert got["content overlap P/R/F1"][2] >= 0.96
    assert got["cue overlap P/R/F1"][2] >= 0.99


def test_command_line_run_with_scaling_and_builds(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "attribution.py"), str(MINI), "--scaling", "3",
                             "--errors", "2", "--build"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "claimset draft against PolNeAR annotations" in out and "(2 articles)" in out
    for line in ("quotation exact P/R/F1", "speaker accuracy", "unattributed share", "content overlap P/R/F1",
                 "cue overlap P/R/F1", "crashes", "seconds per article",
                 "draft one source in a workspace of    1 sources", "draft one source in a workspace of    3 sources",
                 "articles that build after accept       2 of 2"):
        assert line in out, line


def test_an_article_whose_marks_are_mixed_builds_after_accept():
    text = "“The pier is shut,\" Ana Duarte said, adding that it would \"stay shut.\"\n"
    article = attribution.Article("mixed-marks_2016-09-12", text, "2016-09-12", [])
    assert attribution.builds([article]) == (1, [])  # the pair the contract reads is drafted: no problem left


def test_a_folder_without_standoff_is_refused(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "attribution.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "has no text/ and attributions/ folders" in result.stderr
