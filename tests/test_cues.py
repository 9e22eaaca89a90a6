"""Every drafting rule does what its own examples say: a curator who adds a cue adds an example too."""
import re

import pytest

from claimset import cues
from claimset.draft import dates_in, guess, quotations, segment
from claimset.speakers import Speaker

SPEAKERS = [
    Speaker("japan-government", "Government of Japan", "government", None, "JP", None, ("Tokyo", "Japan"), None, 0),
    Speaker("vladimir-putin", "Vladimir Putin", "person", None, "RU", None, ("President Putin",), None, 0),
    Speaker("russia-government", "Government of Russia", "government", None, "RU", None, ("Russia",), None, 0),
]


@pytest.mark.parametrize("rule", cues.CLAIM_RULES, ids=lambda r: r.name)
def test_claim_rule_examples(rule):
    for sentence in rule.fires:
        claim_type, reasons = guess(sentence, SPEAKERS)
        assert claim_type == rule.claim_type, (sentence, reasons)
    for sentence in rule.does_not_fire:
        assert guess(sentence, SPEAKERS)[0] != rule.claim_type, sentence


@pytest.mark.parametrize("rule, sentence, published, expected", cues.DATE_EXAMPLES, ids=lambda v: str(v)[:20])
def test_date_rule_examples(rule, sentence, published, expected):
    found = dates_in(sentence, published)
    assert [(value, name) for _, value, _, name in found][:1] == [(expected, rule)]


def test_every_date_rule_has_an_example():
    assert {name for name, _, _ in cues.DATE_PATTERNS} == {rule for rule, *_ in cues.DATE_EXAMPLES}


@pytest.mark.parametrize("verb", cues.SPEECH_VERBS)
def test_every_speech_verb_makes_reported_speech(verb):
    claim_type, reasons = guess(f"President Putin {verb} a new plan for the islands.", SPEAKERS)
    assert claim_type == "reported_speech", reasons


@pytest.mark.parametrize("verb", ["believes", "wants", "seeks", "expects", "hopes", "would like", "intends"])
def test_belief_verbs_with_an_actor_make_attributed_positions(verb):
    assert guess(f"Tokyo {verb} a quick deal on the islands.", SPEAKERS)[0] == "attributed_position"


@pytest.mark.parametrize("text, quoted", [
    ("He said “we will stay”.", ["we will stay"]),
    ('She said "no deal" twice.', ["no deal"]),
    ("«Non», dit-il.", ["Non"]),
    ("The mayor said: ‘It is over.’", ["It is over."]),
    ("“Japan’s position is ‘clear’,” he said.", ["Japan’s position is ‘clear’,"]),
    ("Tokyo’s view and Moscow’s view differ.", []),
])
def test_quotation_marks(text, quoted):
    assert [text[q.start:q.end] for q in quotations(text)] == quoted


def test_a_quotation_across_sentences_stays_in_one_sentence():
    text = '"We will pay for it. The numbers do not add up," he said. Then he left.'
    assert [text[a:b] for a, b in segment(text)] == [
        '"We will pay for it. The numbers do not add up," he said.', "Then he left."]


def test_cues_live_in_one_module():
    source = open(cues.__file__, encoding="utf-8").read()
    for name in ("SPEECH_VERBS", "BELIEF_VERBS", "HEDGES", "FUTURE_MARKERS", "DATE_PATTERNS", "CLAIM_RULES"):
        assert re.search(rf"^{name} = ", source, re.M), name
