"""Transcripts as a text kind: speaker labels, turns, speakers, translation notes, datelines — the pure
functions of claimset.transcripts with exact outputs, and `claimset draft` on transcripts (add-source →
draft → accept → build) through the CLI."""
import pytest
from click.testing import CliRunner

from claimset import transcripts
from claimset.cli import cli
from claimset.transcripts import Label, Turn

# An original test transcript (fictional people and harbour): a title, a dateline, narration, a turn over two
# paragraphs, a translated turn, a questioner, a turn by surname only, a separator and narration after it.
MEETING = """Harbour board meeting: statements to the press
May 14, 2024, Port Ellin
The board met for three hours.
Mayor of Port Ellin Ana Duarte: Good afternoon.
The board approved two night crossings a week. The first sails on June 3.
Harbour Director Piet Laine (retranslated from Dutch): Thank you.
The new pier opened in 2021.
Question: When will the third crossing start?
Duarte: Not before the autumn.
* * *
The meeting then closed."""


def at(text: str, words: str) -> int:
    return text.index(words)


# --- labels ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("President of Russia Vladimir Putin: Mr Prime Minister, colleagues,",
     ("President of Russia Vladimir Putin", None, "President of Russia", "Vladimir Putin", False, False, 35)),
    ("Prime Minister of Japan Shinzo Abe (retranslated): I would like to welcome you.",
     ("Prime Minister of Japan Shinzo Abe", "retranslated", "Prime Minister of Japan", "Shinzo Abe", True, False, 50)),
    ("Prime Minister of Japan Shinzo Abe (retranslated from Russian): Thank you.",
     ("Prime Minister of Japan Shinzo Abe", "retranslated from Russian", "Prime Minister of Japan", "Shinzo Abe",
      True, False, 63)),
    ("Question: When will the talks resume?", ("Question", None, None, None, False, True, 9)),
    ("REPORTER: I would like to ask about relations.", ("REPORTER", None, None, None, False, True, 9)),
    ("CHIEF CABINET SECRETARY: To start, …",
     ("CHIEF CABINET SECRETARY", None, "Chief Cabinet Secretary", None, False, False, 24)),
    ("Mr. Taro Kono, Minister for Foreign Affairs: Today, I held a meeting.",
     ("Mr. Taro Kono, Minister for Foreign Affairs", None, "Minister for Foreign Affairs", "Taro Kono", False, False,
      44)),
    ("Minister Kishida (as interpreted): Yes.", ("Minister Kishida", "as interpreted", "Minister", "Kishida", True,
                                                  False, 34)),
])
def test_label_at_reads_the_speaker_note_and_end(line, expected):
    label = transcripts.label_at(line, 0)
    assert (label.who, label.note, label.role, label.name, label.translated, label.questioner, label.end) == expected
    assert line[label.end - 1] == ":" and label.start == 0


@pytest.mark.parametrize("line", [
    "Interview: a ferry engineer on the new night crossing",   # one capitalised word, no role: a heading
    "Note: the figures are provisional.",
    "NOTE: the figures are provisional.",                        # one word in capitals is no office
    "Asked what worried her most, Varga did not hesitate:",     # lowercase words: a sentence, not a label
    "Monday, January 14, 2019, 4:31 p.m. Russian Federation",  # a colon inside a time
    "1. Issue of concluding a peace treaty",
    "(Photo: Cabinet Public Relations Office)",
    "The Prime Minister said in his address,",
    "Vladimir Putin: Thank you.",                               # a bare name nobody introduced
])
def test_label_at_refuses_what_is_not_a_label(line):
    assert transcripts.label_at(line, 0) is None


def test_a_bare_name_is_a_label_once_known():
    assert transcripts.label_at("Vladimir Putin: Thank you.", 0, frozenset({"Vladimir Putin"})).name == "Vladimir Putin"
    assert transcripts.label_at("Putin: Thank you.", 0, frozenset({"Putin"})).name == "Putin"


@pytest.mark.parametrize("line", ["Said Duarte: “I expect an agreement before the weekend.”",
                                  "Ana Duarte: “We will sail,” she said.",
                                  "Added Duarte: we will sail."])
def test_a_cue_before_a_quotation_is_not_a_label(line):
    """News writes "Said Duarte: “…”": an inverted cue introducing a quotation, even for a known name."""
    assert transcripts.label_at(line, 0, frozenset({"Duarte", "Ana Duarte"})) is None


def test_label_at_reads_the_paragraph_at_an_offset():
    text = "Title\n  Vladimir Putin: Yes.\nNext"
    label = transcripts.label_at(text, 6, frozenset({"Vladimir Putin"}))
    assert (label.start, label.end, text[label.start:label.end]) == (8, 23, "Vladimir Putin:")


@pytest.mark.parametrize("who, expected", [
    ("President of Russia Vladimir Putin", ("President of Russia", "Vladimir Putin")),
    ("Prime Minister of Japan Shinzo Abe", ("Prime Minister of Japan", "Shinzo Abe")),
    ("President of the Russian Federation Vladimir Putin", ("President of the Russian Federation", "Vladimir Putin")),
    ("Minister of Foreign Affairs of Russia Sergey Lavrov", ("Minister of Foreign Affairs of Russia", "Sergey Lavrov")),
    ("Mayor of Port Ellin Ana Duarte", ("Mayor of Port Ellin", "Ana Duarte")),
    ("President of Russia Vladimir", ("President of Russia", "Vladimir")),
    ("Mr. Taro Kono, Minister for Foreign Affairs", ("Minister for Foreign Affairs", "Taro Kono")),
    ("Mr.Fumio Kishida, Minister for Foreign Affairs", ("Minister for Foreign Affairs", "Fumio Kishida")),
    ("H.E. Mr. Vladimir Vladimirovich Putin", (None, "Vladimir Vladimirovich Putin")),
    ("Minister Kishida", ("Minister", "Kishida")),
    ("Vladimir Putin", (None, "Vladimir Putin")),
    ("CHIEF CABINET SECRETARY", ("Chief Cabinet Secretary", None)),
    ("REPORTER", (None, None)),
    ("Q", (None, None)),
])
def test_split_speaker(who, expected):
    assert transcripts.split_speaker(who) == expected


@pytest.mark.parametrize("note, expected", [
    ("retranslated", True), ("retranslated from Russian", True), ("as interpreted", True),
    ("via interpreter", True), ("Translated", True), ("by video link", False), ("", False), (None, False),
])
def test_is_translation(note, expected):
    assert transcripts.is_translation(note) is expected


# --- turns, datelines, notices ------------------------------------------------------------------------------

def test_find_turns_exact():
    turns = transcripts.find_turns(MEETING)
    got = [(t.label.who, MEETING[t.label.start:t.end]) for t in turns]
    assert got == [
        ("Mayor of Port Ellin Ana Duarte", "Mayor of Port Ellin Ana Duarte: Good afternoon.\n"
                                           "The board approved two night crossings a week. The first sails on June 3."),
        ("Harbour Director Piet Laine", "Harbour Director Piet Laine (retranslated from Dutch): Thank you.\n"
                                      "The new pier opened in 2021."),
        ("Question", "Question: When will the third crossing start?"),
        ("Duarte", "Duarte: Not before the autumn."),  # a surname the first label introduced
    ]
    first = turns[0]
    assert first == Turn(Label(at(MEETING, "Mayor"), at(MEETING, "Mayor") + 31, "Mayor of Port Ellin Ana Duarte", None,
                               "Mayor of Port Ellin", "Ana Duarte", False, False), at(MEETING, "\nHarbour Director"))
    assert turns[1].label.translated and turns[1].label.note == "retranslated from Dutch"
    assert turns[2].label.questioner


def test_text_without_labels_has_no_turns():
    assert transcripts.find_turns("Varga did not hesitate:\nThe engines are fine.\nInterview: on boats") == []


def test_turn_at():
    turns = transcripts.find_turns(MEETING)
    assert transcripts.turn_at(turns, at(MEETING, "The first sails")) is turns[0]
    assert transcripts.turn_at(turns, at(MEETING, "The board met")) is None
    assert transcripts.turn_at(turns, at(MEETING, "The meeting then closed")) is None  # after the separator


@pytest.mark.parametrize("text, expected", [
    ("Title\nDecember 16, 2016, Tokyo\nPutin: Hello.", "2016-12-16"),
    ("Title\nApril 27, 2017, The Kremlin, Moscow\n", "2017-04-27"),
    ("Title\nMonday, January 14, 2019, 4:31 p.m. Russian Federation\n", "2019-01-14"),
    ("Title\nDecember 13, 2016 (PM)\n", "2016-12-13"),
    ("Title\n5 September 2019, Vladivostok\n", "2019-09-05"),
    ("Title\nFebruary 30, 2019\n", None),
    ("Talks were held on December 16, 2016 in Tokyo.\n", None),  # a date inside a sentence is no dateline
])
def test_dateline(text, expected):
    assert transcripts.dateline(text, len(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Title\n[Provisional Translation]\nQ&As\n", "[Provisional Translation]"),
    ("Title\nThis is a provisional translation by an external company for reference purpose only.\n",
     "This is a provisional translation by an external company for reference purpose only."),
    ("Title\nThe translation of the treaty was discussed.\n", None),
])
def test_translation_notice(text, expected):
    assert transcripts.translation_notice(text, len(text)) == expected


# --- drafting through the CLI --------------------------------------------------------------------------------

def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def block(draft: str, words: str) -> str:
    """The draft's entry for the sentence starting with ``words``."""
    return draft.split(f'- text: "{words}', 1)[1].split("\n\n", 1)[0]


@pytest.fixture
def meeting(repo, tmp_path):
    """The test transcript registered in a copy of the repository, with Ana Duarte already a known speaker."""
    path = tmp_path / "meeting.txt"
    path.write_text(MEETING, encoding="utf-8")
    with open(repo / "speakers.yaml", "a", encoding="utf-8") as registry:
        registry.write("\n- speaker_id: ana-duarte\n  name: Ana Duarte\n  kind: person\n  role: Mayor of Port Ellin\n"
                       "  country: null\n  wikidata_id: null\n  aliases: [Mayor Duarte]\n  description: null\n")
    assert run("add-source", path, "--id", "harbour-board-2024", "--title", "Harbour board meeting", "--published",
               "2024-05-15", "--root", repo).exit_code == 0
    assert run("draft", "harbour-board-2024", "--root", repo).exit_code == 0
    return repo, (repo / "sources" / "harbour-board-2024" / "draft.yaml").read_text(encoding="utf-8")


# (sentence as it starts, expected lines of its draft entry, lines it must not have)
PAIRS = [
    ("Mayor of Port Ellin Ana Duarte: Good afternoon.",
     ['claim_type: "direct_quote"', 'speaker: "ana-duarte"', 'date: "2024-05-14"', 'date_basis: "explicit"'],
     ["is_translation", "check_worthy"]),
    ("The board approved two night crossings a week.",
     ['claim_type: "direct_quote"', 'speaker: "ana-duarte"', 'date: "2024-05-14"', "check_worthy: true",
      'claim: "Ana Duarte said: “The board approved two night crossings a week.”"'], ["is_translation"]),
    ("The first sails on June 3.", ['speaker: "ana-duarte"'], ["check_worthy"]),  # a prediction: nothing to check
    ("Harbour Director Piet Laine (retranslated from Dutch): Thank you.",
     ['claim_type: "direct_quote"', 'speaker: "piet-laine"', "is_translation: true"], ["check_worthy"]),
    ("The new pier opened in 2021.",
     ['speaker: "piet-laine"', "is_translation: true", "check_worthy: true",
      'claim: "Piet Laine said: “The new pier opened in 2021.”"'], []),
    ("Question: When will the third crossing start?",
     ['claim_type: "direct_quote"', 'speaker: "harbour-board-2024-question"', 'date: "2024-05-14"'], []),
    ("Duarte: Not before the autumn.", ['speaker: "ana-duarte"'], []),
    ("The board met for three hours.", [], ["speaker:", "direct_quote"]),
    ("The meeting then closed.", [], ["speaker:", "direct_quote"]),
]


@pytest.mark.parametrize("words, present, absent", PAIRS, ids=[p[0][:30] for p in PAIRS])
def test_draft_attributes_each_turn(meeting, words, present, absent):
    _, draft = meeting
    entry = block(draft, words)
    for line in present:
        assert line in entry, (line, entry)
    for line in absent:
        assert line not in entry, (line, entry)


def test_draft_proposes_new_speakers_of_labels_only(meeting):
    _, draft = meeting
    speakers = draft.split("sentences:", 1)[0]
    assert "- speaker_id: piet-laine" in speakers and 'role: "Harbour Director"' in speakers
    assert "- speaker_id: harbour-board-2024-question" in speakers and 'kind: "group"' in speakers
    assert "- speaker_id: ana-duarte" not in speakers  # registered: one identity, not a new speaker
    assert "the label is not a statement" in draft


def test_drafted_transcript_accepts_builds_and_validates(meeting):
    repo, _ = meeting
    accepted = run("accept", "harbour-board-2024", "--root", repo)
    assert accepted.exit_code == 0, accepted.output
    built = run("build", "--root", repo)
    assert built.exit_code == 0, built.output
    assert run("validate", repo / "dataset").exit_code == 0


def test_corpus_transcripts_resolve_to_one_registry_identity(repo):
    """The Kremlin transcripts in the corpus draft Putin and Abe as the essay's registered speakers."""
    for slug, speaker in (("kremlin-2017-04-27-moscow-press-statements", "vladimir-putin"),
                          ("kremlin-2016-12-16-tokyo-press-statements", "shinzo-abe")):
        assert run("draft", slug, "--force", "--root", repo).exit_code == 0
        draft = (repo / "sources" / slug / "draft.yaml").read_text(encoding="utf-8")
        first = draft.split("the label is not a statement", 1)[1].split("\n\n", 1)[0]
        assert f'speaker: "{speaker}"' in first
        proposed = [line for line in draft.split("sentences:", 1)[0].splitlines() if "- speaker_id:" in line]
        assert not [line for line in proposed if "putin" in line or "abe" in line], proposed


def test_reported_speech_inside_a_turn_is_not_dated_after_it_and_a_question_reports_nothing():
    from test_cues import drafted
    text = ("March 4, 2024\n\nMR. VARGA: Good afternoon. Yesterday Mayor Ana Duarte announced that the ferry will "
            "stop.\n\nQuestion: Did the harbour board say it would stop?\n\nMR. VARGA: No.\n")
    rows, _ = drafted(text, "2024-03-08")
    spans = [(text[s.start:s.end], s.labels["speaker"], s.labels["date"]) for row in rows for s in row.spans]
    assert spans == [("the ferry will stop", "ana-duarte", "2024-03-04")]


def test_reported_speech_inside_a_turn_keeps_its_span_and_the_label_makes_none():
    from test_cues import drafted
    text = ("Mayor of Port Ellin Ana Duarte: Good afternoon. Earlier today, as you saw, the minister announced that "
            "the port will get two new cranes.\n\nQuestion: When?\n")
    rows, _ = drafted(text)
    assert [(row.labels["claim_type"], row.labels["speaker"]) for row in rows] == [
        ("direct_quote", "ana-duarte"), ("direct_quote", "ana-duarte"), ("direct_quote", "example-question")]
    assert [(text[s.start:s.end], s.labels["claim_type"], s.labels["speaker"]) for row in rows for s in row.spans] == [
        ("the port will get two new cranes", "reported_speech", "the-minister")]
