"""Transcripts: texts whose paragraphs are turns of speakers named by a label.

A transcript gives each turn a label at the start of its paragraph — the speaker as the transcript names
them, an optional note in brackets, a colon — and everything up to the next label (or a separator line
such as ``* * *``) is that speaker's words::

    Prime Minister of Japan Shinzo Abe (retranslated): I would like to once again welcome you. …
    In 2013 I visited Russia, a trip that included intensive talks. …        (still Abe)
    President of Russia Vladimir Putin: Mr Prime Minister, colleagues, …
    Question: …
    CHIEF CABINET SECRETARY: To start, …
    Mr. Taro Kono, Minister for Foreign Affairs: Today, …

The functions above ``attribute`` only read text (labels and turns, a label's role and name, a note marking a
translation, the dateline that dates the occasion); ``attribute`` is the drafting step built on them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import cues
from .labels import edtf_bounds
from .vocabulary import APOSTROPHES, CLOSING_MARKS, OPENING_MARKS, OTHER_OPENINGS, quoted

QUESTIONER_WORDS = ("Question", "Q", "Reporter", "Journalist", "Interviewer", "Correspondent")
"""Labels of an unnamed person asking questions: the turn is theirs, but the transcript names nobody."""

_CONNECTORS = ("of", "for", "the", "and", "on", "de", "von", "van", "der", "bin", "al")
_TOKEN = rf"[A-Z][\w.{APOSTROPHES}\-]*"
_LABEL = re.compile(
    rf"(?P<who>{_TOKEN}(?:(?:,\s|\s)(?:{_TOKEN}|{'|'.join(_CONNECTORS)})){{0,11}})"
    r"(?:\s*\((?P<note>[^()\n]{1,60})\))?:(?=[ \t]|$)")
"""A label at the start of a paragraph: capitalised words (and connectors such as "of") naming the speaker,
at most one note in brackets, a colon, then a space or the end of the line. A digit, a lowercase word or
more than twelve words and it is not a label ("Asked what worried her most, Varga did not hesitate:")."""
_SEPARATOR = re.compile(r"\s*(?:\*\s*){3,}|\s*<…>\s*|\s*<\.\.\.>\s*")
"""A line that ends a turn without starting another: ``* * *`` between parts of a page, ``<…>`` where the
rest of a meeting was closed to the press."""
_CUE_VERBS = {"Said", "Says", "Added", "Adds", "Asked", "Asks", "Wrote", "Writes", "Noted", "Notes", "Explained",
              "Argued", "Replied", "Answered", "Told", "Tweeted", "Declared", "Insisted"}
_OPENING_MARKS = set(OPENING_MARKS + "'" + OTHER_OPENINGS)
_TRANSLATED = re.compile(r"translat|interpret", re.IGNORECASE)
_HONORIFICS = ("Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "H.E.", "HE", "Sir", "Madam")
_ROLE_WORDS = {w for w in cues.TITLE_WORDS if " " not in w and w[:1].isupper() and w not in _HONORIFICS} | {
    "Affairs", "Cabinet", "Envoy", "Aide", "Adviser", "Advisor", "Premier", "Head", "Senior", "Parliamentary",
    "Presidential", "Ministry", "Office", "Government", "Council"}
"""Words of a role written before a name ("Minister of Foreign Affairs of Russia Sergey Lavrov")."""
_PLACE_TAIL = {"Federation", "Republic", "States", "Kingdom", "Union", "Emirates", "Nations", "Islands"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DATELINE = re.compile(
    rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+)?"
    rf"(?:(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{'|'.join(_MONTHS)})\s+(?P<year2>\d{{4}}))\b")


@dataclass(frozen=True)
class Label:
    """A speaker label: where it is, the words naming the speaker and what they say."""

    start: int             # offset of its first character in the text
    end: int               # one past its colon
    who: str               # the words naming the speaker, without the note: "Prime Minister of Japan Shinzo Abe"
    note: str | None       # the note in brackets, e.g. "retranslated"; None when there is none
    role: str | None       # "Prime Minister of Japan"; None when the label names no role
    name: str | None       # "Shinzo Abe"; None when it names an office or a questioner only
    translated: bool       # the note says the words are a translation ("retranslated", "as interpreted")
    questioner: bool       # an unnamed questioner ("Question", "REPORTER")


@dataclass(frozen=True)
class Turn:
    """A speaker's turn: from the label to the end of the last paragraph before the next label or separator."""

    label: Label
    end: int


def is_translation(note: str | None) -> bool:
    """Whether a label's note says the words render another language: "retranslated", "retranslated from
    Russian", "as interpreted", "via interpreter"."""
    return bool(note and _TRANSLATED.search(note))


def split_speaker(who: str) -> tuple[str | None, str | None]:
    """(role, name) of the words of a label.

    "President of Russia Vladimir Putin" → ("President of Russia", "Vladimir Putin"); "Mr. Taro Kono, Minister
    for Foreign Affairs" → ("Minister for Foreign Affairs", "Taro Kono"); "CHIEF CABINET SECRETARY" →
    ("Chief Cabinet Secretary", None); "Vladimir Putin" → (None, "Vladimir Putin"); a questioner → (None, None).
    Honorifics (Mr, H.E.) are neither role nor name.
    """
    who = " ".join(who.split())
    if who.title() in QUESTIONER_WORDS or who in QUESTIONER_WORDS:
        return None, None
    if who.isupper() and len(who) > 2:  # an office in capitals: the transcript names no person
        return who.title(), None
    if ", " in who:
        name, role = who.split(", ", 1)
        return role or None, _bare_name(name) or None
    tokens = who.split()
    last = max((i for i, t in enumerate(tokens) if t in _ROLE_WORDS), default=-1)
    role, rest = tokens[:last + 1], tokens[last + 1:]
    if role:
        while rest and rest[0] in _CONNECTORS[:3]:  # "of Russia", "of the Russian Federation": the place
            role.append(rest.pop(0))
            if rest and rest[0] == "the":
                role.append(rest.pop(0))
            if rest and rest[0][:1].isupper():
                role.append(rest.pop(0))
            while rest and (rest[0] in _PLACE_TAIL or (len(rest) > 2 and rest[0] not in _CONNECTORS)):
                role.append(rest.pop(0))  # "of Port Ellin Ana Duarte": a name is its last two words
    name = _bare_name(" ".join(rest))
    return (" ".join(role) or None), (name or None)


def _bare_name(words: str) -> str:
    tokens = words.replace("Mr.", "Mr. ").split()
    while tokens and tokens[0] in _HONORIFICS:
        tokens.pop(0)
    return " ".join(tokens)


def label_at(text: str, start: int, known: frozenset[str] = frozenset()) -> Label | None:
    """The label at the start of the paragraph beginning at ``start``, or None.

    Capitalised words followed by a colon are a label when they are a questioner word, an office in
    capitals, or hold a role word or a note, or name someone in ``known`` (the registry's names, and the
    names of the labels met before): "Interview: a ferry engineer …" or "Note: …" is not a label.
    """
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    indent = len(line) - len(line.lstrip(" \t"))
    match = _LABEL.match(line, indent)
    if not match:
        return None
    who, note = match.group("who"), match.group("note")
    after = line[match.end():].lstrip()
    if who.split()[0] in _CUE_VERBS or after[:1] in _OPENING_MARKS:
        return None  # "Said Duarte: “I expect …”": a cue introducing a quotation, not a turn
    role, name = split_speaker(who)
    questioner = role is None and name is None
    if who.isupper() and not questioner:
        if len(who.split()) < 2:  # "NOTE:", "UPDATE:": one word in capitals is a heading, not an office
            return None
    elif not (questioner or role or note or (name and (name in known or name.split()[-1] in known))):
        return None
    return Label(start + match.start(), start + match.end(), who, note, role, name, is_translation(note), questioner)


def find_turns(text: str, known: frozenset[str] = frozenset()) -> list[Turn]:
    """Every turn of ``text``, in order; empty when no paragraph starts with a label."""
    labels: list[Label] = []
    ends: list[int] = []  # where the paragraph before each label or separator ends
    seen = set(known)
    start = 0
    last_filled = 0
    asked = False  # the paragraph before was a questioner's turn
    for line in text.split("\n"):
        if line.strip():
            label = label_at(text, start, frozenset(seen))
            if label is None and asked and line.lstrip()[:1] in OPENING_MARKS:
                # "Q: …" then a paragraph in quotation marks: an interview written up, the answer is not the
                # questioner's, and the text goes on as prose
                ends.append(last_filled)
                labels.append(None)
            asked = label is not None and label.questioner
            if label is not None:
                ends.append(last_filled)
                labels.append(label)
                if label.name:
                    seen.update({label.name, label.name.split()[-1]})
            elif _SEPARATOR.fullmatch(line):
                ends.append(last_filled)
                labels.append(None)
            last_filled = start + len(line.rstrip())
        start += len(line) + 1
    ends.append(last_filled)
    return [Turn(label, ends[k + 1]) for k, label in enumerate(labels) if label is not None]


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    """The turn holding ``offset``, or None."""
    for turn in turns:
        if turn.label.start <= offset < turn.end:
            return turn
    return None


def translation_notice(text: str, before: int) -> str | None:
    """The line before ``before`` (the first label) that says the transcript is a translation ("[Provisional
    Translation]", "This is a provisional translation by an external company …"), or None."""
    for line in text[:before].split("\n"):
        if _NOTICE.search(line):
            return line.strip()
    return None


_NOTICE = re.compile(r"^\W*(?:\[?\s*(?:provisional\s+)?translation\s*\]?\W*$|this is an? (?:\w+\s+)?translation\b)",
                     re.IGNORECASE)


def dateline(text: str, before: int) -> str | None:
    """The occasion's date as EDTF (``2016-12-16``) from the first paragraph before ``before`` that opens with
    a date ("December 16, 2016, Tokyo", "Monday, January 14, 2019, 4:31 p.m."), or None."""
    for line in text[:before].split("\n"):
        match = _DATELINE.match(line.strip())
        if match:
            month = match.group("month") or match.group("month2")
            day = int(match.group("day") or match.group("day2"))
            year = int(match.group("year") or match.group("year2"))
            try:
                return dt.date(year, _MONTHS.index(month) + 1, day).isoformat()
            except ValueError:
                return None
    return None


# --- drafting -----------------------------------------------------------------------------------------------

def attribute(text: str, rows: list, registry, author: str, published: str, classify=None) -> list:
    """Drafted rows with every sentence of a turn made a direct quote of the turn's speaker.

    ``rows`` are the drafted sentence rows (``claimset.draft.Row``), changed in place. A sentence row that
    holds nothing but a label joins the sentence after it in the same paragraph; the label stays at the
    start of the turn's first row. Each row of a turn gets the labelled speaker (found in the registry by
    name, else proposed as a new speaker), the date of the dateline before the first label (``explicit``),
    else the source's publication date (``context``), and ``is_translation`` when the label's note says so.
    Quotations in marks inside the turn keep their spans; one the draft gave to the author is the speaker's.
    Reported speech of someone else inside a turn keeps its span ("the Secretary announced that …").
    Sentences are check-worthy where the ordinary rules found a checkable fact or report in them;
    ``classify(words)`` gives their (claim type, reasons) for the words after a label (the draft's ``guess``).
    """
    known = frozenset(name for name, sid in registry.names.items() if registry.kind(sid) == "person")
    turns = find_turns(text, known)
    if not turns:
        return rows
    date = dateline(text, turns[0].label.start)
    notice = translation_notice(text, turns[0].label.start)
    basis = "explicit" if date else "context"
    date = date or published
    turn_bounds = edtf_bounds(date)
    rows = _join_labels(text, rows, turns)
    speakers: dict[int, str] = {}
    named: dict[str, str] = {}  # names (and surnames) of the labels met so far → their speaker
    for row in rows:
        turn = turn_at(turns, row.start)
        if turn is None:
            continue
        label = turn.label
        if label.start not in speakers:
            speakers[label.start] = named.get(label.who) or _speaker(label, registry)
            if label.name:
                named.setdefault(label.name, speakers[label.start])
                named.setdefault(label.name.split()[-1], speakers[label.start])
        speaker = speakers[label.start]
        first = row.start <= label.start
        words = text[label.end:row.end].strip() if first else text[row.start:row.end]
        worthy = _checkable(row.labels, words if first else None, classify)
        labels = {"claim_type": "direct_quote", "speaker": speaker, "date": date, "date_basis": basis}
        if label.translated or notice:
            labels["is_translation"] = True
        if worthy:
            labels.update(check_worthy=True, claim=" ".join(
                f"{registry.display.get(speaker, speaker)} said: {quoted(words)}".split()))
        row.labels = labels
        row.cue_at = None
        why = (f"transcript turn labelled '{text[label.start:label.end]}': the speaker's own words (no marks, "
               f"so no direct_quote span); date: " + ("the dateline before the first turn" if basis == "explicit"
                                                      else "no dateline: the source's publication date"))
        if label.translated:
            why += f"; is_translation: the label's note '({label.note})'"
        elif notice:
            why += f"; is_translation: the transcript says so ('{notice}')"
        if first:
            why += ("; the label is not a statement, but the contract needs every character in a sentence row, "
                    "so it stays at the start of this row")
        row.reasons = [why, "check-worthy: a checkable fact or report in the speaker's words (claim is "
                       "mechanical; rewrite it)" if worthy else "not check-worthy: no checkable fact found"]
        kept = []
        for span in row.spans:
            if span.labels.get("claim_type") == "direct_quote":
                if span.labels.get("speaker") in (author, None):
                    span.labels.update(speaker=speaker, date=date, date_basis=basis)
                    span.reasons.append("inside the turn: the words in marks are the speaker's")
                kept.append(span)
            elif span.labels.get("claim_type") == "reported_speech" and span.labels.get("speaker") not in (
                    author, None, speaker) and not span.labels["speaker"].endswith("-unattributed") and \
                    span.start >= label.end and any(c.isalpha() for c in span.labels.get("cue") or "") and \
                    not words.rstrip(" " + CLOSING_MARKS).endswith("?"):  # a question reports nothing
                span.reasons.append("inside the turn: words the speaker reports someone else said")
                reported = edtf_bounds(span.labels.get("date") or "")
                if reported and turn_bounds and reported[0] > turn_bounds[1]:
                    span.labels.update(date=date, date_basis=basis)  # said before the turn that reports it
                    span.reasons.append("date: not after the turn that reports it: the turn's date")
                kept.append(span)  # "the Secretary announced that the United States is providing …"
        row.spans = kept
    _drop_unused_stubs(rows, registry)
    return rows


def _drop_unused_stubs(rows: list, registry) -> None:
    """Forget the new speakers the ordinary rules proposed for words that turned out to be a turn's (a
    questioner's "REPORTER" read as a name): a stub no row or span names any more is not proposed."""
    used = {row.labels.get(key) for top in rows for row in (top, *top.spans) for key in ("speaker", "attributed_to")}
    for speaker_id in [sid for sid in registry.stubs if sid not in used]:
        del registry.stubs[speaker_id]


def _checkable(labels: dict, words: str | None, classify) -> bool:
    """Whether the ordinary rules found a checkable fact or report in a sentence of a turn; for the sentence
    that holds the label, in its words after the label (the label's names are no fact)."""
    if words is not None and classify is not None:
        claim_type, reasons = classify(words)
        return claim_type in ("factual_claim", "reported_speech") and not any("no rule fired" in r for r in reasons)
    return bool(labels.get("check_worthy")) and labels.get("claim_type") in ("factual_claim", "reported_speech")


def _join_labels(text: str, rows: list, turns: list[Turn]) -> list:
    """A row that is only a label ("Vladimir Putin:") joined with the next row of its paragraph."""
    ends = {turn.label.end for turn in turns}
    joined = []
    skip = False
    for k, row in enumerate(rows):
        if skip:
            skip = False
            continue
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if row.end in ends and nxt is not None and "\n" not in text[row.end:nxt.start]:
            nxt.start = row.start
            nxt.reasons.append("joined with the speaker label before it")
            joined.append(nxt)
            skip = True
            continue
        joined.append(row)
    return joined


def _speaker(label: Label, registry) -> str:
    """The registry's speaker for a label: a known name (or surname), else a new speaker proposed from it."""
    if label.questioner:
        return _questioner(label, registry)
    tokens = label.who.split()
    for k in range(len(tokens)):  # a registered person's name ending the label: "… Vladimir Putin"
        known = registry.names.get(" ".join(tokens[k:]))
        if known in registry.known and registry.kind(known) == "person":
            return known
    if label.name:
        found = registry.find(label.name)
        return found or registry.stub(label.name, kind="person", role=label.role,
                                      why=f"named by the transcript label '{label.who}'")
    found = registry.find(label.role)
    return found or registry.stub(label.role, kind="person", role=label.role,
                                  why=f"the transcript label '{label.who}' names an office, not a person")


def _questioner(label: Label, registry) -> str:
    word = label.who.title()
    speaker_id = f"{registry.source_id}-{word.lower()}"[:80]
    if speaker_id not in registry.stubs:
        registry.stubs[speaker_id] = {
            "speaker_id": speaker_id, "name": f"Unnamed questioners in {registry.source_id} ('{label.who}')",
            "kind": "group", "role": None, "country": None, "wikidata_id": None, "aliases": [],
            "description": f"Whoever asks the questions the transcript labels '{label.who}'; it names nobody."}
        registry.display[speaker_id] = registry.stubs[speaker_id]["name"]
        registry.kinds[speaker_id] = "group"
        registry.why[speaker_id] = f"the transcript label '{label.who}' names no one"
    return speaker_id
