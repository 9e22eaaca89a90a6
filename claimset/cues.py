"""The drafting cues, in one readable place: cue words, hedges, date patterns and claim-type guesses.

A curator adds a cue by adding a word to a list here; every rule carries examples,
and the tests check each rule against its own examples, so a new cue is tested the
moment it is written down.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SPEECH_VERBS = [
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "replied", "wrote", "writes", "noted",
    "stated", "declared", "declares", "announced", "announces", "argued", "argues", "insisted", "insists",
    "claimed", "claims", "asserted", "asserts", "warned", "warns", "explained", "explains", "referred to",
    "refers to", "remarked", "promised", "denied", "denies", "admitted", "admits", "reiterated", "reiterates",
    "stressed", "stresses", "pledged", "pledges", "came out in support of", "came out against", "called for",
    "calls for",
]
"""Verbs (and verb phrases) that report that someone said something. Matched in lower case only, and
words that are more often nouns ("states", "notes", "remarks", "promises") are left out."""

QUOTE_INTRODUCERS = [
    r"according to", r"to quote (?:a |an |the )?(?:\w+ )*?(?:remark|statement|words|comment)s?(?: made)? by",
    r"in the words of", r"as (?:\w+ )?put it",
]
"""Phrases that introduce whose words follow (each a regular expression, lower case)."""

BELIEF_VERBS = [
    "believes", "believe", "believed", "thinks", "think", "thought", "seems to think", "wants", "want",
    "wanted", "seeks", "seek", "sought", "expects", "expect", "expected", "hopes", "hope", "hoped", "fears",
    "fear", "feared", "would like", "intends", "intend", "intended", "wishes", "wish", "prefers", "prefer",
    "interpreted", "sees", "regards", "considers", "holds up as an example",
]
"""Verbs of belief, desire or intention: with an actor as subject they describe an attributed position."""

POSITION_FRAMES = [r"\b[Ii]n (?:its|his|her|their) view\b", r"\b[Tt]he key (?:issue|concern) for (?P<actor>[A-Z]\w+)",
                   r"\b[Ff]or (?:its|his|her|their) part\b"]
"""Frames that present an actor's view (``actor`` names it when the frame itself does)."""

HEDGES = [
    "must have", "more likely than not", "it is quite possible", "it is possible", "it could be",
    "could have", "may have", "might have", "probably", "perhaps", "possibly", "apparently", "presumably",
    "it seems", "seems to", "likely",
]
"""Hedges: a sentence built on one is the author's speculation."""

FUTURE_MARKERS = [r"\bwill\b", r"\bwon['’]t\b", r"\bshall\b", r"\bis to be\b", r"\bare to be\b",
                  r"\bis going to\b", r"\bare going to\b", r"\bthere will be\b", r"\bas long as\b",
                  r"\bis expected to\b", r"\bis due to\b", r"\bis set to\b"]
"""Markers of the future or of conditions: a sentence built on one is a prediction."""

OPINION_MARKERS = [r"\bshould\b", r"\bmust\b", r"\bought to\b", r"\bkey\b", r"\bmain\b", r"\bhard to\b",
                   r"\bout of place\b", r"\bno room\b", r"\bconsiderable\b", r"\bit is about\b",
                   r"\bnot about\b", r"\binevitabl", r"\bunresolved\b", r"\bcontroversy\b"]
"""Evaluative words: the author's judgement rather than a checkable fact."""

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"

DATE_PATTERNS = [
    ("day month year", rf"\b(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month day, year", rf"\b{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month year", rf"\b{_MONTH},? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("year", r"\b(?:in|In|since|Since|by|By|of|during|During) (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month alone", rf"\b(?:in|In|by|By|next|last|this) {_MONTH}\b", "context"),
    ("last year", r"\b(?:last|Last) year\b", "context"),
    ("this year", r"\b(?:this|This) year\b", "context"),
    ("recent", r"\b(?:recent|recently|Recently|Not so long ago|not so long ago|lately)\b", "context"),
]
"""Date mentions: (rule, pattern, basis). Relative ones are resolved against the publication date."""

DATE_EXAMPLES = [
    # (rule, sentence, publication date, EDTF the mention resolves to)
    ("day month year", "The vote took place on 4 March 2024.", "2024-03-05", "2024-03-04"),
    ("month day, year", "The vote took place on March 4, 2024.", "2024-03-05", "2024-03-04"),
    ("month year", "At the news conference in December 2018, he spoke.", "2019-01/2019-07", "2018-12"),
    ("year", "In 2018, the crisis came to a head again.", "2019-01/2019-07", "2018"),
    ("month alone", "Peace was to be signed in January.", "2019-01/2019-07", "2019-01"),
    ("last year", "The dispute began last year.", "2024-03-05", "2023"),
    ("this year", "The bridge opens this year.", "2024-03-05", "2024"),
    ("recent", "To quote a recent remark made by the mayor, “No.”", "2019-01/2019-07", "2018-01/2019-07"),
]
"""Each date rule with an example, checked by the tests."""

ROLE_NOUNS = ["mayor", "minister", "president", "prime minister", "governor", "spokesman", "spokeswoman",
              "spokesperson", "councillor", "official", "officials", "police", "ministry", "government",
              "authority", "chairman", "chairwoman", "chair", "ambassador", "senator", "judge", "court",
              "company", "resident", "residents", "expert", "experts", "analyst", "analysts"]
"""Common nouns that name a speaker ("the mayor said"); a draft turns them into speaker stubs to identify."""
ROLE = r"(?:[Tt]he|[Aa]n?)\s+(?:" + "|".join(sorted(map(re.escape, ROLE_NOUNS), key=len, reverse=True)) + r")\b"

NAME = r"(?:[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|al|bin))*)"
TITLES = r"(?:President|Prime Minister|Minister|Foreign Minister|Chancellor|Mayor|Governor|Senator|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Professor|Chief Executive|Spokesman|Spokeswoman|Spokesperson)"
PRONOUNS = {"he", "she", "they", "He", "She", "They"}


@dataclass(frozen=True)
class ClaimRule:
    """One claim-type rule: the label it gives and the examples that must (and must not) fire it."""

    name: str
    claim_type: str
    why: str
    fires: list[str] = field(default_factory=list)
    does_not_fire: list[str] = field(default_factory=list)


CLAIM_RULES = [
    ClaimRule("quotation", "direct_quote", "a quotation in marks carries most of the sentence",
              ["To quote a remark made by the mayor, “We will not close the port.”"],
              ["The mayor said the port would stay open."]),
    ClaimRule("reported-speech", "reported_speech", "a named speaker is the subject of a speech verb",
              ["President Putin referred to a peace treaty as a likely prospect.",
               "The minister said that the bridge would reopen."],
              ["The bridge reopened in May."]),
    ClaimRule("attributed-position", "attributed_position",
              "an actor is the subject of a verb of belief, desire or intention, or a view frame",
              ["Tokyo believes that the talks will succeed.", "The key issue for Russia is that Japan acts alone."],
              ["The talks succeeded."]),
    ClaimRule("speculation", "speculation", "the sentence is built on a hedge",
              ["This must have created false expectations.", "It is quite possible that the port will close."],
              ["The port closed."]),
    ClaimRule("prediction", "prediction", "the sentence speaks of the future or of a condition",
              ["There will be no decision as long as there is no clarity."],
              ["There was no decision."]),
    ClaimRule("factual-claim", "factual_claim", "a number, a date or a named event or actor is asserted as fact",
              ["In 2018 the council approved the plan.", "Japan is a consistent US ally."],
              ["And this is the main controversy."]),
    ClaimRule("opinion", "opinion", "evaluative words, or no other rule fired",
              ["Any haste is out of place here."], []),
]
"""Claim-type rules in the order they are tried; the first that fires labels the sentence."""


def words_pattern(words: list[str]) -> re.Pattern:
    """A case-insensitive whole-word pattern for a list of words or phrases (longest first)."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


SPEECH = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
BELIEF = words_pattern(BELIEF_VERBS)
HEDGE = words_pattern(HEDGES)
FUTURE = re.compile("|".join(FUTURE_MARKERS), re.IGNORECASE)
OPINION = re.compile("|".join(OPINION_MARKERS), re.IGNORECASE)
POSITION = re.compile("|".join(POSITION_FRAMES))
INTRODUCER = re.compile(r"\b(?:" + "|".join(QUOTE_INTRODUCERS) + r")\b", re.IGNORECASE)
FACT_MARKERS = re.compile(r"\b(?:\d[\d,.]*|(?:19|20)\d\d)\b|\b(?:January|February|March|April|May|June|July|"
                          r"August|September|October|November|December)\b")

NAMES_STOP = {"The", "A", "An", "But", "And", "However", "This", "That", "These", "Those", "It", "In", "On", "At",
              "As", "If", "When", "While", "After", "Before", "Although", "Despite", "Still", "Moreover", "To",
              "For", "Of", "Not", "No", "Yet", "So", "Then", "There", "Here", "We", "I", "You", "Our", "Its",
              "Any", "All", "Both", "Such", "Japan’s", "What", "Who", "Why", "How"}
"""Capitalised words that start sentences but never start a speaker's name."""

ORGANIZATION_WORDS = ["Office", "Ministry", "Authority", "Council", "Agency", "Department", "Bureau", "Committee",
                      "Commission", "Party", "Government", "Company", "Corporation", "Inc", "Ltd", "Bank",
                      "Association", "Union", "Institute", "University", "Court", "Service", "Board", "Group"]
"""A new name containing one of these words is drafted as an organization, not a person."""
