"""The drafting cues, in one readable place: cue words, sources, hedges, date patterns and claim-type rules.

A curator adds a cue by adding a word to a list here; every rule carries examples,
and the tests check each rule against its own examples, so a new cue is tested the
moment it is written down. Verbs are listed once, in their base form: ``inflect`` makes
the -s, -ed and -ing forms, and an entry names its irregular forms after a colon
("tell: told"); a phrasal verb inflects its first word ("point out" → "pointed out").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocabulary import APOSTROPHES

# --- verbs ----------------------------------------------------------------------------------------------------

SPEECH_VERBS = [
    "say: said", "tell: told", "add", "ask", "reply", "write: wrote, written", "note", "state", "declare",
    "announce", "argue", "insist", "claim", "assert", "warn", "explain", "remark", "promise", "deny",
    "admit: admitted, admitting", "reiterate", "stress", "pledge", "acknowledge", "concede", "confirm", "mention",
    "disclose", "reveal", "tweet", "post", "respond", "recall", "testify", "allege", "accuse", "charge",
    "complain", "boast", "joke", "predict", "estimate", "describe", "call", "urge", "demand", "vow", "threaten",
    "repeat", "comment", "observe", "continue", "conclude", "contend", "maintain", "emphasize", "emphasise",
    "point out", "point to", "speak about: spoke about, spoken about", "speak of: spoke of, spoken of",
    "talk about", "refer to: referred to, referring to", "come out in support of: came out in support of",
    "come out against: came out against", "call for", "call on", "go on to say: went on to say, goes on to say",
    "praise", "criticize", "criticise", "attack", "blast", "slam: slammed, slamming", "defend", "dismiss",
    "reject", "question", "blame", "thank", "cite", "recount", "recommend", "propose", "inform", "assure",
    "remind", "advise", "counter", "retort", "quip: quipped, quipping", "report", "agree", "disagree",
    "lament", "decry", "denounce", "condemn", "mock", "applaud", "welcome", "brag", "scoff", "chide",
    "rebuke", "caution", "plead", "beg", "swear: swore, sworn", "concur: concurred, concurring", "echo",
    "clarify", "underscore", "highlight", "suggest", "reply", "answer", "speculate", "wonder", "muse", "recommend",
    "characterize", "label", "dub: dubbed, dubbing", "brand", "apologize", "apologise", "imply", "bemoan",
    "bark", "go on: went on, goes on", "lash out", "rail", "fume", "tout", "bristle", "gush", "snap: snapped",
    "shout", "yell", "scream", "whisper", "exclaim", "proclaim", "sneer", "recall", "elaborate", "relate",
    "opine", "add", "interject", "acknowledge", "grumble", "complain", "protest", "object", "insinuate",
    "lecture", "preach", "vent", "sigh", "shrug", "laugh", "gripe", "reflect", "hint", "signal", "frame",
    "pitch", "tease", "predict", "forecast", "declare", "vow", "posit", "theorize", "surmise", "react",
    "retaliate", "fire back", "shoot back: shot back", "hit back: hit back", "put it: put it, putting it",
    "affirm", "stipulate", "specify", "contest", "dispute", "assail", "fault", "chastise", "scold", "castigate",
    "express", "email", "chant", "retweet", "invoke", "confess", "confide", "gloat", "jeer", "hail", "laud",
    "exhort", "utter", "sing: sang, sung", "lay out: laid out", "spell out", "talk up", "make clear: made clear",
    "make it clear: made it clear", "liken",
]
"""Verbs (and phrasal verbs) of saying, writing and claiming: with a source as subject, or inverted after a
quotation (“…,” said Smith), they attribute words to it. Not listed: "discuss" (what two ministers discussed is
a topic, and the sentence a fact about the meeting), "press" and "read" (too often not speech)."""

SPEECH_NOT_VERBS = ["states", "notes", "remarks", "promises", "claims", "reports", "charges", "calls", "comments",
                    "estimates", "demands", "tweets", "posts", "questions", "attacks", "counters", "answers",
                    "echoes", "labels", "brands", "welcomes", "reports", "cites", "pleads", "continues", "contests",
                    "disputes", "pledges", "vows", "protests", "objects", "signals", "frames", "pitches", "hints",
                    "jokes", "boasts", "quips", "retorts", "thanks", "praises", "references"]
"""Forms that are more often nouns ("the reports", "her remarks"): a cue only after a pronoun or a name."""

BELIEF_VERBS = [
    "believe", "think: thought", "want", "hope", "expect", "fear", "feel: felt", "worry", "wish",
    "prefer: preferred, preferring", "intend", "plan: planned, planning", "seek: sought", "consider",
    "regard", "see: saw, seen", "view", "know: knew, known", "doubt", "suspect", "would like",
    "seem to think: seems to think, seemed to think", "interpret",
    "hold up as an example: holds up as an example, held up as an example", "aim", "insist on",
    "reckon", "assume",
]
"""Verbs of belief, desire and intention: with an actor as subject they describe an attributed position
(what the actor thinks or wants), not something the actor said. Not "try": an attempt is told as a fact
("She had been trying to get to Manhattan for three hours")."""

BELIEF_ADJECTIVES = ["sure", "unsure", "certain", "uncertain", "convinced", "confident", "doubtful", "skeptical",
                     "sceptical", "optimistic", "pessimistic", "worried", "concerned", "hopeful", "afraid", "wary",
                     "determined", "eager", "keen", "reluctant", "opposed", "in favor", "in favour", "adamant"]
"""Adjectives of belief and attitude: "Varga is less sure about …", "the council is determined to …" describe
an attributed position."""

STANCE_VERBS = ["support", "back", "endorse", "oppose", "favor", "favour", "push for", "champion", "embrace"]
"""Verbs of stance: in the present ("Tokyo backs the plan") an attributed position; in the past ("Tokyo
backed the sanctions") an act the author reports as fact."""

EVIDENCE_VERBS = ["show", "find: found", "indicate", "suggest", "conclude", "estimate", "predict", "project",
                  "read: read", "state", "say: said", "note", "reveal", "warn", "claim", "allege"]
"""Verbs through which a document speaks ("the poll shows", "a study found"): a cue only when the subject
is one of DOCUMENT_NOUNS."""

SPEECH_NOUNS = ["remark", "comment", "statement", "words", "answer", "response", "reply", "retort", "message",
                "slogan", "motto", "catchphrase", "catch phrase", "suggestion", "assertion", "argument", "promise",
                "pledge", "vow", "warning", "plea", "advice", "criticism", "description", "accusation", "tweet",
                "speech", "letter", "testimony", "explanation", "insistence", "contention", "refrain", "mantra",
                "quip", "joke", "boast", "complaint", "apology", "admission", "denial", "assessment", "prediction",
                "characterization", "nickname", "rallying cry", "battle cry", "line", "phrase", "call", "claim",
                "estimation", "verdict", "judgment", "judgement", "portrayal", "depiction", "label", "term",
                "wording", "phrasing"]
"""Nouns for what someone said: after a possessive ("Mitt Romney’s “47 percent” comment", "her remark that “…”",
"Clinton’s response was: “…”") they say whose the quoted words are."""

SPEECH_ACT_OBJECTS = {"claim": ["responsibility", "credit", "victory", "the title", "a seat"],
                      "call": ["an election", "a vote", "a meeting", "a strike", "a timeout", "a recess", "a halt",
                               "a ceasefire", "a truce", "the police", "an ambulance", "itself", "himself",
                               "herself", "themselves"],
                      "post": ["bail", "a loss", "a profit", "gains", "losses"]}
"""Objects that make a speech verb an act ("claimed responsibility", "called an election", "posted bail"):
no words are attributed."""

TELL_VERBS = ["tell: told", "ask", "assure", "remind", "inform", "advise", "warn", "urge", "promise", "thank", "answer"]
"""Speech verbs that take the person addressed as object ("told reporters that …"): the draft skips it to
find the reported words."""

AUXILIARIES = [
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "might", "may", "did", "does", "do",
    "also", "again", "later", "then", "previously", "once", "never", "not", "been", "being", "has been", "have been",
    "had been", *(f"{word}n{mark}t" for word in ("did", "does") for mark in APOSTROPHES), "has also", "further", "even", "first", "just", "still",
    "already", "ultimately", "initially", "since", "in turn", "often", "long", "however", "meanwhile", "though",
    "instead", "too", "nonetheless", "nevertheless", "now", "again", "later",
]
"""Words between a source and its verb that belong to the cue ("has also said"); adverbs in -ly are
taken too."""

LABELLING_VERBS = ["call", "dub: dubbed, dubbing", "label: labelled, labelling", "describe", "portray", "brand",
                   "deride", "denounce", "decry", "refer to: referred to, referring to", "characterize", "characterise", "promise", "vow", "pledge", "urge", "liken",
                   "accuse"]
"""Verbs that say someone used the words in marks after them ("calling it “dangerous”", "vowed to “embrace”"):
the words are a partial quotation of that someone, not the author's scare quote or a word mention."""

QUOTE_INTRODUCERS = [
    r"according to", r"to quote (?:a |an |the )?(?:\w+ )*?(?:remark|statement|words|comment)s?(?: made)? by",
    r"in the words of", r"quoting",
]
"""Phrases that introduce whose words follow (each a regular expression, lower case)."""

POSITION_FRAMES = [r"\b[Ii]n (?:its|his|her|their) view\b", r"\b[Tt]he key (?:issue|concern) for (?P<actor>[A-Z]\w+)",
                   r"\b[Ff]or (?:its|his|her|their) part\b"]
"""Frames that present an actor's view (``actor`` names it when the frame itself does)."""

# --- who speaks --------------------------------------------------------------------------------------------------

PERSON_NOUNS = [
    "official", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "mayor", "governor",
    "senator", "president", "minister", "prime minister", "secretary", "press secretary", "chairman",
    "chairwoman", "chair", "ambassador", "judge", "lawyer", "attorney", "prosecutor", "investigator", "officer",
    "detective", "sheriff", "chief", "director", "expert", "analyst", "economist", "strategist", "consultant",
    "pollster", "researcher", "scientist", "professor", "candidate", "nominee", "lawmaker", "legislator",
    "congressman", "congresswoman", "councillor", "councilor", "councilman", "councilwoman", "resident",
    "witness", "source", "insider", "operative", "manager", "leader", "representative", "member", "supporter",
    "critic", "voter", "activist", "organizer", "executive", "founder", "owner", "worker", "employee", "doctor",
    "author", "writer", "reporter", "columnist", "editor", "host", "anchor", "commentator", "man", "woman",
    "person", "people", "friend", "father", "mother", "son", "daughter", "wife", "husband", "student", "teacher",
    "veteran", "delegate", "donor", "fan", "historian", "observer", "planner", "negotiator", "diplomat",
    "commander", "general", "soldier", "captain", "superintendent", "commissioner", "administrator",
    "coordinator", "surrogate", "ally", "rival", "opponent", "challenger", "incumbent", "backer",
    "billionaire", "businessman", "businesswoman", "entrepreneur", "chief executive", "ceo", "head",
    "agent", "staffer", "operator", "fisherman", "farmer", "parent", "victim", "survivor", "nephew", "niece",
    "uncle", "aunt", "cousin", "brother", "sister", "grandson", "granddaughter", "grandfather", "grandmother",
    "neighbor", "neighbour", "colleague", "partner", "moderator", "panelist", "guest", "caller", "speaker",
    "attendee", "protester", "protestor", "demonstrator", "officeholder", "governor-elect", "president-elect",
    "tycoon", "mogul", "star", "actor", "actress", "singer", "rapper", "comedian", "musician", "celebrity",
    "pastor", "priest", "bishop", "rabbi", "imam", "minister", "lobbyist", "fundraiser", "surgeon", "nurse",
    "physician", "psychologist", "sociologist", "political scientist", "demographer", "statistician",
    "veteran", "marine", "sergeant", "lieutenant", "colonel", "admiral", "investor", "banker", "trader",
    "master", "harbour master", "harbor master",
]
"""Common nouns that name a person who speaks ("the mayor said", "a senior official told"); a draft
resolves them to the named speaker with that role, or proposes a stub to identify."""

ORGANIZATION_NOUNS = [
    "campaign", "committee", "company", "firm", "group", "organization", "organisation", "agency", "department",
    "ministry", "government", "administration", "authority", "council", "court", "police", "party", "newspaper",
    "paper", "daily", "network", "outlet", "magazine", "website", "site", "station", "broadcaster", "union",
    "association", "institute", "university", "foundation", "office", "board", "commission", "bureau", "team",
    "coalition", "movement", "publication", "tabloid", "channel", "service", "center", "centre", "bank",
    "embassy", "military", "army", "regime", "state", "city", "county", "district", "school", "hospital",
    "charity", "nonprofit", "think tank", "lab", "laboratory", "parliament", "congress", "senate", "house",
]
"""Common nouns that name an organisation that speaks ("the campaign said", "the newspaper reported")."""

DOCUMENT_NOUNS = [
    "report", "poll", "survey", "study", "statement", "analysis", "data", "figures", "documents", "records",
    "memo", "letter", "email", "e-mail", "filing", "complaint", "lawsuit", "indictment", "ruling", "research",
    "review", "audit", "investigation", "release", "press release", "post", "tweet", "ad", "advertisement",
    "video", "book", "article", "story", "column", "editorial", "estimates", "numbers", "results", "polling",
    "census", "forecast", "model", "projections", "transcript", "footage", "evidence", "document", "paper",
    "headline", "message", "sign", "banner", "caption", "note", "text", "slogan", "website", "page", "profile",
    "platform", "manifesto", "petition", "resolution", "bill", "law", "order", "guidance", "policy", "proposal",
]
"""Documents that speak for their authors ("the poll shows", "according to the report")."""

MEDIA_WORDS = ["Times", "Post", "Journal", "News", "Herald", "Tribune", "Gazette", "Telegraph", "Guardian",
               "Daily", "Reuters", "Press", "CNN", "NBC", "CBS", "ABC", "MSNBC", "Fox", "BBC", "NPR", "Politico",
               "Bloomberg", "Axios", "Magazine", "Radio", "Television", "TV", "Breitbart", "Examiner", "Observer",
               "Chronicle", "Globe", "Sun", "Star", "Mirror", "Independent", "Economist", "Atlantic", "Hill",
               "Bee", "Inquirer", "Register", "Record", "Dispatch", "Courier", "Monitor", "Wire", "Agency"]
"""Words that mark a news organisation's name: "the newspaper" or "the network" refers to the nearest one."""
MEDIA_NOUNS = ["newspaper", "paper", "daily", "network", "outlet", "magazine", "broadcaster", "publication",
               "tabloid", "channel", "station", "agency", "website", "site"]
"""Common nouns that refer back to a news organisation."""

TITLE_WORDS = [
    "President", "Vice", "Prime", "Minister", "Secretary", "Senator", "Sen.", "Rep.", "Representative", "Gov.",
    "Governor", "Mayor", "Pro", "Tem", "Tempore", "Council", "Councillor", "Councilor", "Councilman", "Councilwoman", "Chief", "Police",
    "Deputy", "Assistant", "Attorney", "General", "Gen.", "Judge", "Justice", "Chairman", "Chairwoman", "Chair",
    "Commissioner", "Director", "Spokesman", "Spokeswoman", "Spokesperson", "Speaker", "Leader", "Majority",
    "Minority", "Sheriff", "Superintendent", "Officer", "Detective", "Sgt.", "Lt.", "Capt.", "Col.", "Maj.",
    "Adm.", "Cmdr.", "Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Prof.", "Professor", "Rev.", "Father", "Pope", "King",
    "Queen", "Prince", "Princess", "Chancellor", "Ambassador", "Former", "Congressman", "Congresswoman",
    "Executive", "CEO", "Founder", "President-elect", "Treasurer", "Auditor", "Comptroller", "Lt. Gov.", "Sens.",
    "Reps.", "Chief Executive", "Commander", "Inspector", "Chief of Staff", "Press Secretary", "Whip", "Delegate", "Del.",
    "Assemblyman", "Assemblywoman", "Alderman", "Trustee", "Dean", "Provost", "Bishop", "Cardinal", "Rabbi",
    "Imam", "Sister", "Brother", "Coach", "Candidate", "Nominee", "Lawmaker", "State", "House", "Senate",
    "City", "County", "Foreign", "Defense", "Defence", "Interior", "Treasury", "Homeland", "Security", "Health",
    "Education", "Labor", "Labour", "Finance", "Trade", "Justice", "Energy", "Agriculture", "Transportation",
    "Republican", "Democratic", "Democrat", "GOP", "Independent", "Special", "Counsel", "Supreme", "Court",
    "Federal", "National", "Party", "Campaign", "Committee", "Board", "Department",
    "Administrator", "Manager", "Clerk", "Supervisor", "Coordinator", "Assessor", "Recorder", "Controller",
    "Prosecutor", "District", "Registrar", "Ombudsman", "Secretary-General",
]
"""Capitalised words of titles and roles written before a name ("City Council President Helena Moreno"):
the name starts after the last of them, and they become the speaker's role. "Former" and party words
belong to the role too."""

PERSONAL_TITLES = {"Mr.": "m", "Mr": "m", "Mrs.": "f", "Mrs": "f", "Ms.": "f", "Ms": "f", "Miss": "f",
                   "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
                   "congresswoman": "f", "councilman": "m", "councilwoman": "f", "businessman": "m",
                   "businesswoman": "f", "King": "m", "Queen": "f", "Prince": "m", "Princess": "f",
                   "Father": "m", "Sister": "f", "Brother": "m", "Assemblyman": "m", "Assemblywoman": "f"}
"""Titles and role words that say a person's gender, so that "he" and "she" can be resolved to them."""

ORGANIZATION_WORDS = ["Office", "Ministry", "Authority", "Council", "Agency", "Department", "Bureau", "Committee",
                      "Commission", "Party", "Government", "Company", "Corporation", "Corp.", "Inc", "Inc.", "Ltd",
                      "Bank", "Association", "Union", "Institute", "University", "Court", "Service", "Board",
                      "Group", "Campaign", "Foundation", "Center", "Centre", "Administration", "House", "Senate",
                      "Congress", "Parliament", "Network", "Coalition", "League", "Federation", "Organization",
                      "Organisation", "Fund", "Society", "Church", "School", "College", "Hospital", "Police",
                      "Army", "Navy", "Force", "Forces", "Club", "Trust", "Partners", "Associates", "LLC", *MEDIA_WORDS]
"""A new name containing one of these words is drafted as an organization, not a person."""

FEMALE_GIVEN_NAMES = """
Abigail Alice Alicia Alison Allison Amanda Amy Andrea Angela Ann Anna Anne Ashley Barbara Betsy Betty Beverly
Brenda Carly Carol Caroline Carolyn Catherine Charlotte Cheryl Christine Claire Claudia Cynthia Deborah Debbie
Debra Denise Diana Diane Donna Dorothy Elaine Elena Elizabeth Ellen Emily Emma Erin Evelyn Frances Gabrielle
Gina Gloria Grace Hannah Heather Heidi Helen Helena Hillary Hope Irene Jane Janet Janice Jean Jeanne Jennifer
Jessica Jill Jillian Joan Joanne Jodi Joyce Judith Judy Julia Julie Karen Kate Katherine Kathleen Kathryn
Kathy Katie Kay Kim Kimberly Kirsten Laura Lauren Linda Lisa Loretta Lori Louise Lynn Madeleine Marcia
Margaret Maria Marie Marilyn Marina Martha Mary Maxine Megan Melissa Michele Michelle Monica Nancy Natalie
Nicole Nikki Olivia Pamela Patricia Paula Peggy Rachel Rebecca Rosa Rose Ruth Samantha Sandra Sara Sarah
Sharon Sheila Shirley Sonia Stephanie Susan Susana Suzanne Sylvia Tammy Tara Teresa Theresa Tina Valerie
Victoria Virginia Wendy
""".split()
"""Common given names of women: a person first named by one of them is "she" (when no title says otherwise)."""

MALE_GIVEN_NAMES = """
Aaron Adam Alan Albert Alex Alexander Andrew Anthony Arthur Ben Benjamin Bernie Bill Bob Bobby Brad Brian
Bruce Carl Charles Chris Christopher Chuck Craig Dan Daniel David Dennis Dick Don Donald Doug Douglas Ed
Edward Eric Frank Gary George Gerald Greg Gregory Harold Harry Henry Howard Jack Jacob James Jared Jason Jeff
Jeffrey Jeremy Jerry Jim Jimmy Joe John Johnny Jon Jonathan Joseph Josh Joshua Juan Justin Keith Ken Kenneth
Kevin Larry Lawrence Luis Marco Mark Martin Matt Matthew Michael Mike Mitch Nicholas Patrick Paul Peter Philip
Phil Ralph Randy Raymond Richard Rick Robert Roger Ron Ronald Roy Russell Ryan Sam Samuel Scott Sean Stephen
Steve Steven Ted Terry Thomas Tim Timothy Todd Tom Tony Walter Wayne William Willie
""".split()
"""Common given names of men: a person first named by one of them is "he"."""

PLACE_NAMES = """
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois
Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri
Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington
Wisconsin Wyoming America Britain England Scotland Ireland Wales France Germany Italy Spain Russia China Japan
India Pakistan Afghanistan Iraq Iran Syria Israel Egypt Libya Turkey Mexico Canada Cuba Brazil Ukraine Europe
Asia Africa Brussels Paris London Berlin Moscow Beijing Tokyo Chicago Boston Philadelphia Miami Detroit
Baltimore Cleveland Denver Atlanta Houston Dallas Seattle Manhattan Brooklyn Orlando
""".split() + ["New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
               "Rhode Island", "South Carolina", "South Dakota", "West Virginia", "United States", "United Kingdom",
               "Los Angeles", "San Francisco", "San Diego", "Las Vegas", "El Paso", "Palo Alto", "Des Moines",
               "Mexico City", "New Orleans", "Middle East", "Latin America", "Capitol Hill", "Silicon Valley",
               "Wall Street", "Puerto Rico", "Saudi Arabia", "North Korea", "South Korea"]
"""Places often named in news: never a person, so never what "he" or "she" refers to."""

PLACE_WORDS = ["City", "County", "Street", "Avenue", "Road", "Island", "Islands", "Valley", "River", "Lake",
               "Mountain", "Mountains", "Beach", "Square", "Tower", "Building", "Airport", "Harbor", "Harbour",
               "Bay", "Point", "Desert", "Springs", "Heights", "Village", "Township", "Province", "Republic",
               "Kingdom", "Empire", "Catholic", "Protestant", "Room", "Hall", "Lawn", "Garden", "Gardens", "Colonnade",
               "Chamber", "Stadium", "Arena", "Plaza", "Bridge", "Station", "Terminal", "Pier", "Wharf"]
"""Words that end the name of a place or a faith ("Trump Tower", "Roman Catholic"), not of a person."""


PARTY_MEMBERS = ["Democrat", "Republican", "Independent", "Libertarian", "Green", "Conservative", "Labour",
                 "Liberal Democrat"]
"""A member of a party, as an apposition names one ("Steve Cohen, Democrat of Tennessee, said")."""

PERSON_ACRONYMS = ["POTUS", "FLOTUS", "VPOTUS"]
"""Capitals that name one person, not an organisation ("POTUS again denounced the deal. But he said …")."""

GROUP_NAMES = ["Democrats", "Republicans", "Liberals", "Conservatives", "Progressives", "Independents",
               "Evangelicals", "Americans", "Europeans", "Muslims", "Christians", "Catholics", "Jews", "Latinos",
               "Hispanics", "Millennials", "Others"]
"""Capitalised words for groups of people: a speaker so named is a group ("they"), never "he" or "she"."""


def given_name_gender(name: str) -> str | None:
    """"m" or "f" when a name's first word is a common given name ("Sandy" alone says nothing)."""
    first = name.split()[0] if name.split() else ""
    if first in FEMALE_GIVEN_NAMES:
        return "f"
    if first in MALE_GIVEN_NAMES:
        return "m"
    return None


def is_place(name: str) -> bool:
    """Whether a name is a place (or a faith), never a speaker a personal pronoun refers to."""
    name = name.strip().rstrip(".")
    words = name.split()
    return bool(words) and (name in PLACE_NAMES or words[-1] in PLACE_WORDS
                            or (len(words) == 2 and words[1] in PLACE_NAMES and words[0] in ("North", "South",
                                                                                              "East", "West")))


NAMES_STOP = {"The", "A", "An", "But", "And", "However", "This", "That", "These", "Those", "It", "In", "On", "At",
              "As", "If", "When", "While", "After", "Before", "Although", "Despite", "Still", "Moreover", "To",
              "For", "Of", "Not", "No", "Yet", "So", "Then", "There", "Here", "We", "I", "You", "Our", "Its",
              "Any", "All", "Both", "Such", "What", "Who", "Why", "How", "He", "She", "They", "His", "Her",
              "Their", "My", "Meanwhile", "Later", "Earlier", "Now", "Also", "Asked", "Speaking", "Instead",
              "Indeed", "Even", "Only", "Just", "Last", "Next", "Since", "Until", "With", "Without", "From", "By",
              "Because", "Though", "Once", "Like", "Unlike", "According", "Some", "Many", "Most", "Several",
              "Other", "Another", "Each", "Every", "One", "Two", "Three", "Today", "Yesterday", "Tonight",
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
              "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
              "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "Said", "Says", "Added", "Writing",
              "Where", "Which", "Whether", "Or", "Nor", "Again", "Perhaps", "Thus", "Hence", "Finally", "First",
              "Second", "Third", "Overall", "Please", "Well", "Yes", "Oh", "Mostly", "Already", "More", "Less"}
"""Capitalised words that start sentences (or stand before names) but never start a speaker's name."""

PRONOUNS = {"he": "m", "she": "f", "they": "plural", "it": "thing", "i": "first", "we": "first"}
"""Pronouns that can be the source of words, and what they refer to."""

EVENT_NOUNS = ["meeting", "hearing", "conference", "news conference", "press conference", "rally", "debate",
               "session", "summit", "ceremony", "briefing", "assembly", "convention", "gathering", "forum",
               "town hall", "speech", "interview", "trial", "sitting", "talks", "negotiations", "address"]
"""Occasions where people speak: a date the text gives one ("talks resumed on Tuesday", "in an interview on
Wednesday") dates the statements reported without a date of their own; "told the meeting" dates to it."""

# --- claim types ----------------------------------------------------------------------------------------------

HEDGES = [
    "must have", "more likely than not", "it is quite possible", "it is possible", "it could be",
    "could have", "may have", "might have", "probably", "perhaps", "possibly", "apparently", "presumably",
    "it seems", "seems to", "likely", "may be", "might be", "could be", "it appears", "appears to",
    "allegedly", "reportedly", "supposedly", "arguably",
]
"""Hedges: a sentence built on one is the author's speculation."""

POSSIBILITY = re.compile(r"\b(?:(?:might|may)\s+(?:well\s+|also\s+|yet\s+|soon\s+|eventually\s+|even\s+)?(?:not\s+)?|"
                         r"could\s+(?:well\s+|also\s+|yet\s+|soon\s+|eventually\s+|even\s+)?(?!not\b))[a-z]{2,}\b")
"""A modal of possibility before a verb ("The decision could hurt traders", "the port may not reopen"): a hedge
too. "could not" is left out (most often a past inability: "she could not attend"), and "may" only lower-case
(the month is "May")."""

FUTURE_MARKERS = [r"\bwill\b", rf"\bwon[{APOSTROPHES}]t\b", r"\bshall\b", r"\bis to be\b", r"\bare to be\b",
                  r"\bis going to\b", r"\bare going to\b", r"\bthere will be\b", r"\bas long as\b",
                  r"\bis expected to\b", r"\bare expected to\b", r"\bis due to\b", r"\bis set to\b",
                  r"\bare set to\b", rf"[{APOSTROPHES}]ll\b"]
"""Markers of the future or of conditions: a sentence built on one is a prediction."""

OPINION_MARKERS = [
    r"\bshould\b", r"\bmust\b", r"\bought to\b", r"\bkey\b", r"\bmain\b", r"\bhard to\b", r"\bout of place\b",
    r"\bno room\b", r"\bconsiderable\b", r"\bit is about\b", r"\bnot about\b", r"\binevitabl", r"\bunresolved\b",
    r"\bcontroversy\b", r"\bunfortunately\b", r"\bfortunately\b", r"\bsadly\b", r"\bsurprisingly\b",
    r"\bremarkabl", r"\boutrageous", r"\babsurd", r"\bridiculous", r"\bdisgrace", r"\bshameful", r"\bdisastrous",
    r"\bterrible\b", r"\bawful\b", r"\bexcellent\b", r"\bwonderful\b", r"\bbrilliant\b", r"\bbest\b", r"\bworst\b",
    r"\bobvious(?:ly)?\b", r"\bclearly\b", r"\bof course\b", r"\bneed(?:s)? to\b", r"\bit is time\b",
    r"\btoo (?:much|many|little|few|late|early|often)\b", r"\bso-called\b", r"\bmerely\b", r"\bdeserve",
    r"\bwrong\b", r"\bmistake\b", r"\bfailure\b", r"\bhypocri", r"\bdangerous\b", r"\bimportant\b",
    r"\bcrucial\b", r"\bessential\b", r"\bsignificant(?:ly)?\b", r"\bgrounds for\b",
    r"\bin (?:my|our) (?:view|opinion)\b", r"\bI (?:think|believe|feel)\b", r"\bfar from\b", r"\bat best\b",
    r"\bat worst\b", r"\bhopeless", r"\bimpossible\b", r"\bunacceptable\b", r"\bfair\b", r"\bunfair\b",
    r"\bgood\b", r"\bbad\b", r"\bgreat\b", r"\bpoor(?:ly)?\b",
]
"""Evaluative words: the author's judgement rather than a checkable fact."""

DESCRIPTIVE_MARKERS = [
    r"\bkey\b", r"\bmain\b", r"\bconsiderable\b", r"\bcontroversy\b", r"\bfailure\b", r"\bmistake\b",
    r"\bbest\b", r"\bworst\b", r"\btoo (?:much|many|little|few|late|early|often)\b", r"\bsignificant(?:ly)?\b",
    r"\bimportant\b", r"\bgreat\b", r"\bgood\b", r"\bbad\b", r"\bpoor(?:ly)?\b", r"\bwrong\b",
]
"""The evaluative words that news also uses to name or measure what happened ("The failure renewed a debate",
"the worst came at 6 a.m.", "too much rain"): a judgement only when the sentence predicates them of something
and reports no measure."""

MEASURE = re.compile(
    r"(?:\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"a hundred|hundreds of|a dozen|dozens of|thousands of|millions of|half an?|an? half|a quarter(?: of an?)?)"
    r"\s+(?:[a-z\-]+\s+)?(?:inch|inches|foot|feet|yards?|miles?|met(?:er|re)s?|kilomet(?:er|re)s?|hours?|minutes?|"
    r"days?|weeks?|months?|years?|percent|per cent|degrees?|gallons?|lit(?:er|re)s?|tons?|tonnes?|pounds?|"
    r"dollars?|euros?|people|passengers|residents|homes|cars|trains|flights)\b"
    r"|\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|[$€£]\s?\d|\d\s?%)", re.IGNORECASE)
"""A measured quantity or a time of day ("2.5 inches", "a half day", "between 5 a.m. and 8 a.m.", "$3"): what a
record could confirm."""

DEFAULT_CLAIM_TYPE = "factual_claim"
"""The claim type of a sentence no rule recognises (a question, a fragment, a statement with no anchor a
record could check). The draft marks it "# no rule fired" and does not make it check-worthy: the curator
must confirm or correct it."""

# --- dates ------------------------------------------------------------------------------------------------------

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

DATE_PATTERNS = [
    ("day month year", rf"\b(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month day, year", rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month year", rf"\b{_MONTH},? (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("year", r"\b(?:in|In|since|Since|by|By|of|during|During) (?P<year>(?:19|20)\d\d)\b", "explicit"),
    ("month day", rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? (?:19|20)\d\d)", "context"),
    ("weekday", rf"\b(?P<which>(?:[Ll]ast|[Nn]ext|[Tt]his(?: past)?|[Tt]his coming)\s+)?{_WEEKDAY}{_PART}\b",
     "context"),
    ("yesterday", r"\b(?:[Yy]esterday|[Ll]ast night)\b", "context"),
    ("today", r"\b(?:[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening))\b", "context"),
    ("last week", r"\b[Ll]ast week\b", "context"),
    ("this week", r"\b(?:(?:[Ee]arlier|[Ll]ater) )?[Tt]his week\b", "context"),
    ("last weekend", r"\b[Ll]ast weekend\b", "context"),
    ("weekend", r"\b(?:[Tt]his|[Oo]ver the|[Tt]he) weekend\b", "context"),
    ("last month", r"\b[Ll]ast month\b", "context"),
    ("this month", r"\b(?:(?:[Ee]arlier|[Ll]ater) )?[Tt]his month\b", "context"),
    ("month alone", rf"\b(?:in|In|by|By|next|last|this|since|Since|early|late|mid-) {_MONTH}\b", "context"),
    ("last year", r"\b(?:last|Last) year\b", "context"),
    ("next year", r"\b(?:next|Next) year\b", "context"),
    ("season", r"\b(?P<which>[Ii]n the|[Ii]n|[Tt]his|[Nn]ext|[Ll]ast)\s+(?P<season>spring|summer|autumn|fall|winter)\b",
     "context"),
    ("this year", r"\b(?:(?:[Ee]arlier|[Ll]ater) )?(?:this|This) year\b", "context"),
    ("recent", r"\b(?:recent|recently|Recently|Not so long ago|not so long ago|lately)\b", "context"),
]
"""Date mentions: (rule, pattern, basis). Relative ones are resolved against the publication date: exactly
when it is a day, otherwise as the interval the mention can denote over the publication's range."""

DATE_EXAMPLES = [
    # (rule, sentence, publication date, EDTF the mention resolves to)
    ("day month year", "The vote took place on 4 March 2024.", "2024-03-05", "2024-03-04"),
    ("month day, year", "The vote took place on March 4, 2024.", "2024-03-05", "2024-03-04"),
    ("month year", "At the news conference in December 2018, he spoke.", "2019-01/2019-07", "2018-12"),
    ("year", "In 2018, the crisis came to a head again.", "2019-01/2019-07", "2018"),
    ("month day", "The debate on Sept. 26 drew a record audience.", "2016-10-02", "2016-09-26"),
    ("weekday", "The mayor said on Tuesday that the bridge would reopen.", "2024-03-08", "2024-03-05"),
    ("weekday", "The mayor spoke Friday night.", "2024-03-08", "2024-03-08"),
    ("weekday", "She said last Friday that it was over.", "2024-03-08", "2024-03-01"),
    ("weekday", "He said on Tuesday that it was over.", "2024-03", "2024-02-27/2024-03-26"),
    ("weekday", "Members will vote on Thursday.", "2024-09-11", "2024-09-12"),
    ("yesterday", "The council voted yesterday.", "2024-03-08", "2024-03-07"),
    ("today", "The council votes today.", "2024-03-08", "2024-03-08"),
    ("last week", "The plan was announced last week.", "2024-03-08", "2024-02-26/2024-03-03"),
    ("this week", "The plan was announced earlier this week.", "2024-03-08", "2024-03-04/2024-03-08"),
    ("last weekend", "They met last weekend.", "2024-03-08", "2024-03-02/2024-03-03"),
    ("weekend", "They met over the weekend.", "2024-03-05", "2024-03-02/2024-03-03"),
    ("last month", "The plan was announced last month.", "2024-03-08", "2024-02"),
    ("this month", "The plan was announced earlier this month.", "2024-03-08", "2024-03-01/2024-03-08"),
    ("month alone", "Peace was to be signed in January.", "2019-01/2019-07", "2019-01"),
    ("last year", "The dispute began last year.", "2024-03-05", "2023"),
    ("next year", "The bridge reopens next year.", "2024-03-05", "2025"),
    ("season", "Her book comes out in the autumn.", "2024-05-17", "2024-09/2024-11"),
    ("season", "The works began last winter.", "2024-05-17", "2023-12/2024-02"),
    ("this year", "The bridge opens this year.", "2024-03-05", "2024"),
    ("recent", "To quote a recent remark made by the mayor, “No.”", "2019-01/2019-07", "2018-01/2019-07"),
]
"""Each date rule with examples, checked by the tests."""


@dataclass(frozen=True)
class ClaimRule:
    """One claim-type rule: the label it gives and the examples that must (and must not) fire it."""

    name: str
    claim_type: str
    why: str
    fires: list[str] = field(default_factory=list)
    does_not_fire: list[str] = field(default_factory=list)


CLAIM_RULES = [
    ClaimRule("quotation", "direct_quote", "a quotation in marks carries most of the sentence, or leads it to its cue",
              ["To quote a remark made by the mayor, “We will not close the port.”",
               "“The port stays open,” the mayor said on Tuesday."],
              ["The mayor said the port would stay open.", "The word “may” appears twice in the law."]),
    ClaimRule("reported-speech", "reported_speech", "a source is the subject of a speech verb, or named by an "
                                                    "introducer (according to, as … noted)",
              ["President Putin referred to a peace treaty as a likely prospect.",
               "The minister said that the bridge would reopen.",
               "The bridge will reopen in May, the minister said on Tuesday.",
               "According to the ministry, the bridge will reopen in May.",
               "As Anna Berg noted, the bridge has been closed for years.",
               "A spokeswoman for the ministry said the bridge would reopen."],
              ["The bridge reopened in May."]),
    ClaimRule("attributed-position", "attributed_position",
              "an actor is the subject of a verb of belief, desire, intention or stance, or a view frame",
              ["Tokyo believes that the talks will succeed.", "The key issue for Russia is that Japan acts alone.",
               "Anna Berg backs the plan to reopen the bridge."],
              ["The talks succeeded."]),
    ClaimRule("speculation", "speculation", "the sentence is built on a hedge",
              ["This must have created false expectations.", "It is quite possible that the port will close."],
              ["The port closed."]),
    ClaimRule("prediction", "prediction", "the sentence speaks of the future, of a condition, or of a date after "
                                          "publication",
              ["There will be no decision as long as there is no clarity.",
               "The decision is likely to be challenged in 2099."],
              ["There was no decision."]),
    ClaimRule("opinion", "opinion", "evaluative words: the author's judgement",
              ["Any haste is out of place here.", "It was a terrible mistake to close the port."],
              ["The port closed in 2019."]),
    ClaimRule("factual-claim", "factual_claim", "a declarative sentence without hedge, future or evaluation that "
                                                "names something a record could confirm: an actor, a place, a "
                                                "number or a date",
              ["In 2018 the council approved the plan.", "Japan is a consistent US ally.",
               "The Port Ellin ferry left without passengers."],
              ["And this is the main controversy."]),
]
"""Claim-type rules in the order they are tried; the first that fires labels the sentence. When none fires
the sentence gets DEFAULT_CLAIM_TYPE and a "# no rule fired" comment."""


# --- patterns built from the lists ------------------------------------------------------------------------------

def _third(verb: str) -> str:
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    return verb + "ed"


def _ing(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


def inflect(entry: str) -> list[str]:
    """Every form of a verb entry: "tell: told" → tell, tells, telling, told (and the regular past, which
    never occurs); "point out" → point out, points out, pointed out, pointing out."""
    head, _, irregular = entry.partition(":")
    words = head.split()
    if words[0] in ("would", "seem"):  # a fixed phrase ("would like") or given forms only
        forms = [head.strip()]
    else:
        rest = " ".join(words[1:])
        forms = [f"{form} {rest}".strip() for form in (words[0], _third(words[0]), _past(words[0]), _ing(words[0]))]
    forms += [form.strip() for form in irregular.split(",") if form.strip()]
    return list(dict.fromkeys(forms))


def plural(noun: str) -> str:
    """The plural of a source noun, as English spells it: witness → witnesses, secretary → secretaries,
    spokesman → spokesmen, chief of staff → chiefs of staff (the first word of "X of Y" takes the ending)."""
    head, sep, rest = noun.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    if last.endswith("sis"):  # analysis → analyses
        last = last[:-2] + "es"
    elif re.search(r"(?:s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(?:^|[a-z])(?:wo)?man$", last) and last not in ("german", "roman", "human", "shaman"):
        last = last[:-3] + "men"
    elif last.endswith("person"):
        last = last[:-6] + "people"
    else:
        last += "s"
    return " ".join(words[:-1] + [last]) + (sep + rest if sep else "")


def forms(entries: list[str]) -> list[str]:
    return list(dict.fromkeys(form for entry in entries for form in inflect(entry)))


def alternation(words, flags: str = "") -> str:
    """A regular-expression alternation of words or phrases, longest first, with whole-word edges."""
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    return rf"(?{flags}:(?<![\w-])(?:{body})(?!\w))" if flags else rf"(?<![\w-])(?:{body})(?!\w)"


def words_pattern(words: list[str]) -> re.Pattern:
    """A case-insensitive whole-word pattern for a list of words or phrases (longest first)."""
    return re.compile(alternation(words), re.IGNORECASE)


SPEECH_FORMS = forms(SPEECH_VERBS)
BELIEF_FORMS = forms(BELIEF_VERBS + STANCE_VERBS)
EVIDENCE_FORMS = forms(EVIDENCE_VERBS)
TELL_FORMS = set(forms(TELL_VERBS))


def past_forms(entries: list[str]) -> list[str]:
    """The past tense of each verb entry: "say: said" → said, "point out" → pointed out."""
    out = []
    for entry in entries:
        head, _, irregular = entry.partition(":")
        words = head.split()
        given = [form.strip() for form in irregular.split(",") if form.strip()]
        out += given if given else [" ".join([_past(words[0]), *words[1:]])]
    return list(dict.fromkeys(out))


PAST_SPEECH = re.compile(alternation(past_forms(SPEECH_VERBS + TELL_VERBS)))
"""Speech verbs in the past tense ("said", "told", "pointed out"): words reported as said on an occasion."""

SPEECH = re.compile(alternation(SPEECH_FORMS))
"""Speech verb forms, lower case only (a capitalised "Said" opens an inverted sentence and is tried apart)."""
BELIEF = re.compile(alternation(BELIEF_FORMS) + "|" + r"(?<!\w)(?:is|are|was|were|remains|remained|seems|seemed|appears|"
                    r"appeared|feels|felt|has been|have been)\s+(?:(?:not|less|more|very|far|increasingly|still|also|"
                    r"quite|rather|deeply|highly|so|too|less than|no longer)\s+)*" + alternation(BELIEF_ADJECTIVES))
EVIDENCE = re.compile(alternation(EVIDENCE_FORMS))
HEDGE = words_pattern(HEDGES)
FUTURE = re.compile("|".join(FUTURE_MARKERS), re.IGNORECASE)
OPINION = re.compile("|".join(OPINION_MARKERS), re.IGNORECASE)
DESCRIPTIVE = re.compile("|".join(DESCRIPTIVE_MARKERS), re.IGNORECASE)
POSITION = re.compile("|".join(POSITION_FRAMES))
INTRODUCER = re.compile(r"\b(?:" + "|".join(QUOTE_INTRODUCERS) + r")\b", re.IGNORECASE)
FACT_MARKERS = re.compile(r"\b(?:\d[\d,.]*|(?:19|20)\d\d)\b|\b(?:January|February|March|April|May|June|July|"
                          r"August|September|October|November|December)\b")

NAME_WORD = rf"(?:[A-Z]\.(?:[A-Z]\.)+|(?:Mc|Mac|[OD][{APOSTROPHES}])?[A-Z][\w{APOSTROPHES}\-]*\.?|[A-Z]\.)"
NAME = (rf"(?:{NAME_WORD}(?:\s+(?:(?:de|van|von|der|den|al|el|bin|ibn|da|del|della|di|du|la|le|dos|das|of|for|"
        rf"of the|for the)\s+)*{NAME_WORD})*(?:,?\s+(?:Jr\.|Sr\.|II|III|IV))?)")
"""A name as people write it: capitalised words, with particles (de, van, al), initials and suffixes."""

TITLES = alternation([t for t in TITLE_WORDS if t[0].isupper()])
ROLE_NOUNS = PERSON_NOUNS + ORGANIZATION_NOUNS
ROLE = r"(?:[Tt]he|[Aa]n?)\s+(?:" + "|".join(sorted(map(re.escape, ROLE_NOUNS), key=len, reverse=True)) + r")\b"
"""A role with an article ("the mayor"): a speaker to be identified."""
SOURCE_NOUN = alternation(PERSON_NOUNS + ORGANIZATION_NOUNS + DOCUMENT_NOUNS
                          + [plural(n) for n in PERSON_NOUNS + ORGANIZATION_NOUNS + DOCUMENT_NOUNS
                             if n not in ("people", "police", "staff", "data", "figures", "documents", "records",
                                          "estimates", "numbers", "results", "projections")], "i")
"""A noun that can head a source ("the mayor", "Aides to Clinton", "a report"), in any case."""
