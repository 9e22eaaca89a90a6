"""Curation commands under hostile input: ids, names and drafts that must be refused in one line, leaving no trace."""
import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import ROOT, SOURCE_ID, tree_bytes

FIXTURE = ROOT / "tests" / "fixtures" / "harbour-news"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def add(repo, slug, *extra, text=FIXTURE / "text.txt"):
    return run("add-source", text, "--id", slug, "--published", "2024-03-05", "--root", repo, *extra)


@pytest.mark.parametrize("slug", ["abc\n", "abc\r", "a" * 65, "a" * 300, "../escape", "abc\x00", "-abc", "ABC"])
def test_add_source_refuses_ids_that_are_not_whole_short_slugs(repo, slug):
    before = tree_bytes(repo)
    result = add(repo, slug)
    assert result.exit_code == 2
    assert result.output == (f"Error: --id {slug!r} is not a lowercase slug (a-z, 0-9, '-') of at most 64 "
                             "characters; e.g. harbour-news-2024\n")
    assert tree_bytes(repo) == before


def test_the_longest_id_builds(repo):
    slug = "a" * 64
    assert add(repo, slug).exit_code == 0
    assert run("draft", slug, "--root", repo).exit_code == 0
    assert run("accept", slug, "--root", repo).exit_code == 0
    result = run("build", "--root", repo)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("option, value", [("--title", "Harbour\x00plan"), ("--author", "Ann\x1b[31m"),
                                           ("--title", "two\nlines"), ("--url", "http://x.invalid/\r")])
def test_add_source_refuses_control_characters(repo, option, value):
    before = tree_bytes(repo)
    result = add(repo, "harbour", option, value)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {option} holds a control character (")
    assert len(result.output.splitlines()) == 1
    assert tree_bytes(repo) == before


def test_add_source_refuses_a_url_that_is_not_http(repo):
    result = add(repo, "harbour", "--url", "javascript:alert(1)")
    assert result.exit_code == 2
    assert result.output == ("Error: --url 'javascript:alert(1)' is not an http or https address; give the page's "
                             "web address\n")


def test_add_source_refuses_cr_only_line_endings(repo, tmp_path):
    old_mac = tmp_path / "old-mac.txt"
    old_mac.write_bytes(b"First paragraph.\rSecond paragraph.\r")
    result = add(repo, "old-mac", text=old_mac)
    assert result.exit_code == 2
    assert "has line breaks that are a lone CR (old Mac style), which would count as one paragraph" in result.output
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"First paragraph.\r\nSecond paragraph.\r\n")
    assert add(repo, "windows", text=windows).exit_code == 0


def test_a_failed_registry_write_leaves_no_source_folder(repo, monkeypatch):
    import errno

    import claimset.curation

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(claimset.curation, "write_atomic", full)
    before = tree_bytes(repo)
    result = add(repo, "harbour")
    assert result.exit_code == 2
    assert result.output == (f"Error: cannot use {repo / 'speakers.yaml'}: No space left on device; free some disk "
                             "space and run it again\n")
    assert tree_bytes(repo) == before
    assert not (repo / "sources" / "harbour").exists()


def test_draft_and_accept_refuse_a_path_as_id(repo):
    for command in ("draft", "accept"):
        result = run(command, "../../etc", "--root", repo)
        assert result.exit_code == 2
        assert "'../../etc' is not a source id" in result.output


@pytest.fixture
def drafted(repo):
    assert add(repo, "harbour").exit_code == 0
    assert run("draft", "harbour", "--root", repo).exit_code == 0
    return repo


@pytest.mark.parametrize("draft, message", [
    ("- just\n- a list\n", "sources/harbour/draft.yaml: must be a mapping with a 'sentences' list"),
    ("sentences:\n  - text: x\n    claim_type: opinion\nnew_speakers:\n  - name: No Id\n    kind: person\n",
     "sources/harbour/draft.yaml:5: missing or not text: speaker_id"),
    ("sentences: [\n", "sources/harbour/draft.yaml:2: YAML syntax error"),
    ("sentences:\n  - text: \"a\x00b\"\n", "sources/harbour/draft.yaml: not readable as YAML"),
    ("sentences:\n  - text: x\nnew_speakers: 3\n", "sources/harbour/draft.yaml:1: new_speakers must be a list"),
    ("sentences:\n  - text: x\n    claim_type: opinion\nnew_speakers:\n  - speaker_id: \"bad\\nid\"\n    name: B\n"
     "    kind: person\n", "sources/harbour/draft.yaml:5: bad\\nid: control character in speaker_id (\\n); remove it"),
])
def test_accept_checks_the_drafts_shape_first(drafted, draft, message):
    (drafted / "sources/harbour/draft.yaml").write_text(draft, encoding="utf-8")
    before = tree_bytes(drafted)
    result = run("accept", "harbour", "--root", drafted)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert tree_bytes(drafted) == before


def test_accept_refuses_a_symlinked_text_outside_the_repository(drafted, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes((drafted / "sources/harbour/text.txt").read_bytes())
    (drafted / "sources/harbour/text.txt").unlink()
    (drafted / "sources/harbour/text.txt").symlink_to(outside)
    result = run("accept", "harbour", "--root", drafted)
    assert result.exit_code == 1
    assert f"sources/harbour/text.txt: sources/harbour/text.txt is a symlink to {outside}, outside the repository" \
        in result.output


# --- texts as they come: the contract represents them without editing a byte -----------------------------

AS_THEY_COME = ("The harbour board met on Tuesday.\n"
                "“We will reopen the port,” the mayor, Ana Duarte, said. “Not this week, but we will.  ”\n"
                "* * *\n"
                "Duarte said the ferry was “closed for good. The talks went on.\n"
                "Ships wait. …\n")


@pytest.fixture
def as_they_come(repo, tmp_path):
    text = tmp_path / "port.txt"
    text.write_text(AS_THEY_COME, encoding="utf-8")
    assert add(repo, "port-talks", text=text).exit_code == 0
    assert run("draft", "port-talks", "--root", repo).exit_code == 0
    return repo


def test_a_text_as_it_comes_drafts_accepts_and_builds_unedited(as_they_come):
    draft = (as_they_come / "sources" / "port-talks" / "draft.yaml").read_text(encoding="utf-8")
    assert '- text: "Not this week, but we will."' in draft  # the words, not the space before the mark
    assert '- text: "* * *"' in draft  # a paragraph of punctuation alone is a row of its own
    assert '- text: "Ships wait. …"' in draft  # punctuation inside a paragraph joins its sentence
    assert "# quotation marks: unclosed quotation mark “ on line 4 of the text, column 27" in draft
    assert run("accept", "port-talks", "--root", as_they_come).exit_code == 0
    result = run("build", "--check", "--root", as_they_come)
    assert result.exit_code == 0, result.output
    assert ("note: sources/port-talks/text.txt:4: the quotation mark “ at column 27 never closes in its paragraph; "
            "no direct_quote span is required for it (check the text's marks)") in result.stderr.splitlines()
    assert run("build", "--root", as_they_come).exit_code == 0
    assert (as_they_come / "sources" / "port-talks" / "text.txt").read_text(encoding="utf-8") == AS_THEY_COME
    assert run("validate", as_they_come / "dataset").exit_code == 0


def test_add_source_refuses_a_text_without_words(repo, tmp_path):
    text = tmp_path / "stars.txt"
    text.write_text("* * *\n—\n", encoding="utf-8")
    before = tree_bytes(repo)
    result = add(repo, "stars", text=text)
    assert result.exit_code == 2
    assert result.output == f"Error: {text} holds no letter or digit, so no statement; give the text to annotate\n"
    assert tree_bytes(repo) == before


def test_punctuation_alone_inside_a_paragraph_is_no_row(as_they_come):
    draft = as_they_come / "sources" / "port-talks" / "draft.yaml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace('  - text: "Ships wait. …"', '  - text: "Ships wait."').rstrip("\n")
                     + '\n  - text: "…"\n    claim_type: "opinion"\n', encoding="utf-8")  # split wrongly
    assert run("accept", "port-talks", "--root", as_they_come).exit_code == 0
    result = run("build", "--root", as_they_come)
    assert result.exit_code == 1
    annotations = (as_they_come / "sources" / "port-talks" / "annotations.yaml").read_text(encoding="utf-8")
    line = annotations[:annotations.index('  - text: "…"')].count("\n") + 1
    assert result.output.splitlines()[0] == (
        f"sources/port-talks/annotations.yaml:{line}: port-talks-s008: statements.quote: no letter or digit "
        "(value '…'); expected a "
        "letter or digit: punctuation alone is a row only as a whole paragraph (a separator such as * * *)")


def test_accepted_verdict_stub_quotes_the_statement_verbatim(repo, tmp_path):
    """A check-worthy sentence with two spaces after its bullet ("•  The two …", as official pages write
    them): the verdict stub's quote keeps them, so the build finds it in the statement."""
    text = tmp_path / "bullets.txt"
    text.write_text("Meeting report\n  •  The two ministers met in Moscow on January 14, 2019 for   four hours.\n",
                    encoding="utf-8")
    assert add(repo, "bullets", text=text).exit_code == 0
    draft = repo / "sources/bullets/draft.yaml"
    draft.write_text('sentences:\n  - text: "Meeting report"\n    claim_type: factual_claim\n'
                     '  - text: "•  The two ministers met in Moscow on January 14, 2019 for   four hours."\n'
                     '    claim_type: factual_claim\n    check_worthy: true\n    claim: "The ministers met."\n',
                     encoding="utf-8")
    assert run("accept", "bullets", "--root", repo).exit_code == 0
    assert 'quote: "•  The two ministers met in Moscow"' in (repo / "verdicts.yaml").read_text(encoding="utf-8")
    result = run("build", "--check", "--root", repo)
    assert result.exit_code == 0, result.output


def test_a_new_workspace_starts_with_add_source_and_accept(tmp_path):
    """An empty folder: add-source makes sources/, the first accept starts verdicts.yaml (not an error)."""
    from claimset.verdicts import load_verdicts

    (tmp_path / "fine.txt").write_text("The weather was fine.\n", encoding="utf-8")
    assert add(tmp_path, "harbour", text=FIXTURE / "text.txt").output == (
        "Registered sources/harbour; next: claimset draft harbour\n")
    assert add(tmp_path, "weather", text=tmp_path / "fine.txt").exit_code == 0
    for slug in ("weather", "harbour"):
        assert run("draft", slug, "--root", tmp_path).exit_code == 0
        result = run("accept", slug, "--root", tmp_path)
        assert result.exit_code == 0, result.output
    checking, entries = load_verdicts(tmp_path)
    assert checking.method == "Not checked yet: every entry was written by claimset accept as not_checked."
    assert entries and {e["verdict"] for e in entries} == {"not_checked"}
    assert {e["statement_id"].rsplit("-s", 1)[0] for e in entries} == {"weather", "harbour"}


def test_an_accept_with_nothing_to_check_writes_an_empty_verdicts_list_that_takes_entries_later(tmp_path):
    from claimset.verdicts import load_verdicts

    (tmp_path / "title.txt").write_text("Harbour notes\n", encoding="utf-8")
    assert add(tmp_path, "notes", text=tmp_path / "title.txt").exit_code == 0
    assert run("draft", "notes", "--root", tmp_path).exit_code == 0
    (tmp_path / "sources/notes/draft.yaml").write_text(
        (tmp_path / "sources/notes/draft.yaml").read_text(encoding="utf-8").replace(
            "check_worthy: true", "check_worthy: false"), encoding="utf-8")
    assert run("accept", "notes", "--root", tmp_path).exit_code == 0
    assert (tmp_path / "verdicts.yaml").read_text(encoding="utf-8").endswith("\nverdicts: []\n")
    assert load_verdicts(tmp_path)[1] == []
    assert add(tmp_path, "harbour").exit_code == 0
    assert run("draft", "harbour", "--root", tmp_path).exit_code == 0
    assert run("accept", "harbour", "--root", tmp_path).exit_code == 0
    assert load_verdicts(tmp_path)[1]


def test_init_starts_a_workspace_whose_dataset_yaml_lists_what_to_fill_in(tmp_path):
    work = tmp_path / "harbour-work"
    result = run("init", "--title", "Harbour: who said what", "--root", work)
    assert result.exit_code == 0
    assert result.output == (f"Wrote {work / 'dataset.yaml'}: fill in its empty values (claimset build --check "
                             "lists them); next: claimset add-source TEXT --id ID\n")
    assert (work / "sources").is_dir()
    written = (work / "dataset.yaml").read_text(encoding="utf-8")
    assert "name: harbour-work\n" in written and 'pretty_name: "Harbour: who said what"\n' in written
    assert add(work, "harbour-1").exit_code == 0
    assert run("draft", "harbour-1", "--root", work).exit_code == 0
    assert run("accept", "harbour-1", "--root", work).exit_code == 0
    check = run("build", "--check", "--root", work)
    assert check.exit_code == 1
    assert "dataset.yaml:9: summary is empty; write it\n" in check.output
    assert "hub.task_categories is empty; write it (e.g. [text-classification])\n" in check.output
    assert "guideline title is empty; write it\n" in check.output and "guideline text is empty; write it\n" in check.output
    assert check.output.endswith("Error: 21 problems in the inputs; nothing was written.\n")
    filled = (written.replace('license: ""', "license: cc-by-4.0")
              .replace('url: ""', "url: https://creativecommons.org/licenses/by/4.0/")
              .replace('citation: ""', 'citation: "@misc{harbour, title = {Harbour}}"')
              .replace("task_categories: []", "task_categories: [text-classification]").replace('""', '"Written."'))
    (work / "dataset.yaml").write_text(filled, encoding="utf-8")
    built = run("build", "--root", work)
    assert built.exit_code == 0, built.output
    assert (work / "dataset" / "README.md").read_text(encoding="utf-8").count("Harbour: who said what") >= 1


def test_init_never_overwrites_a_dataset_yaml_and_checks_its_name(tmp_path):
    (tmp_path / "dataset.yaml").write_text("name: mine\n", encoding="utf-8")
    result = run("init", "--root", tmp_path)
    assert result.exit_code == 2
    assert result.output == (f"Error: {tmp_path / 'dataset.yaml'} already exists; edit it (claimset build --check "
                             "lists what is missing)\n")
    assert (tmp_path / "dataset.yaml").read_text(encoding="utf-8") == "name: mine\n"
    result = run("init", "--name", "Harbour Data", "--root", tmp_path / "new")
    assert result.exit_code == 2
    assert result.output == ("Error: --name 'Harbour Data' is not a lowercase slug (a-z, 0-9, '-'); "
                             "e.g. harbour-statements\n")
    assert not (tmp_path / "new").exists()


WRAPPED_REPORT = ("Pool Report #1\n\nThe minister toured the dry dock with the harbour master and\n"
                  "said the repairs would be finished before the summer season,\n"
                  "weeks earlier than the yard had promised in its last report to\n"
                  "the council, which meets again on Thursday to hear the yard's\n"
                  "directors.\n")


def test_add_source_notes_a_text_that_looks_hard_wrapped_and_records_how_its_lines_break(repo, tmp_path):
    text = tmp_path / "pool.txt"
    text.write_text(WRAPPED_REPORT, encoding="utf-8")
    result = add(repo, "pool-1", text=text)
    assert result.exit_code == 0
    assert result.stderr == ("Note: most lines of this text break mid-sentence at a similar length, as a hard-wrapped "
                             "text's do; if blank lines separate its paragraphs, set line_breaks: wrapped in "
                             "sources/pool-1/source.yaml before drafting\n")
    assert "line_breaks: paragraphs  # or wrapped: see README, Curate\n" in (
        repo / "sources" / "pool-1" / "source.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(WRAPPED_REPORT.replace("Thursday", "Friday"), encoding="utf-8")
    result = add(repo, "pool-2", "--wrapped", text=other)
    assert result.exit_code == 0 and result.stderr == ""
    assert "line_breaks: wrapped  # or paragraphs: see README, Curate\n" in (
        repo / "sources" / "pool-2" / "source.yaml").read_text(encoding="utf-8")
    assert run("draft", "pool-2", "--root", repo).exit_code == 0
    draft = (repo / "sources" / "pool-2" / "draft.yaml").read_text(encoding="utf-8")
    assert '- text: "The minister toured the dry dock with the harbour master and\\nsaid the repairs' in draft


WRAPPED_CASES = {
    # a quotation opened on a short line of its block still pairs with its closing mark lines later
    "open-mark": ("The harbour master said, “We will\nrebuild the west quay before the autumn storms and it will "
                  "cost less than\nthe council feared,” and went back to the dry dock with the engineers.\n",
                  "We will\\nrebuild the west quay before the autumn storms and it will cost less than\\nthe council "
                  "feared,"),
    # one long address on a line of its own sets no width: the other lines still join
    "long-word": ("The minister walked the length of the new quay with the harbour master. The plan is at\n"
                  "https://harbour-council.example.org/planning/documents/2024/second-phase-of-the-west-quay.pdf\n"
                  "and runs to 300 pages.\n\n“We are not finished with this, not by a long\nway,” she told "
                  "reporters on the quay.\n",
                  "We are not finished with this, not by a long\\nway,"),
    # a separator line inside a block is no row of its own (punctuation alone is a row only as a whole paragraph)
    "separator": ("POOL REPORT #5\n* * *\nThe minister walked the length of the new quay with the harbour master\n"
                  "and stopped twice to speak to the crews of the night ferries.\n", None),
    # CRLF line endings read as LF ones: a sentence runs on over its breaks
    "crlf": ("POOL REPORT #6\r\n\r\nThe minister walked the length of the new quay with the harbour master\r\n"
             "and stopped twice to speak to the crews of the night ferries.\r\n",
             None),
}


@pytest.mark.parametrize("case", WRAPPED_CASES)
def test_a_wrapped_text_drafts_accepts_and_builds_unedited(repo, tmp_path, case):
    body, quotation = WRAPPED_CASES[case]
    text = tmp_path / f"{case}.txt"
    text.write_bytes(body.encode("utf-8"))
    assert add(repo, case, "--wrapped", text=text).exit_code == 0
    assert run("draft", case, "--root", repo).exit_code == 0
    draft = (repo / "sources" / case / "draft.yaml").read_text(encoding="utf-8")
    if quotation:
        assert f'- text: "{quotation}"\n        claim_type: "direct_quote"' in draft
    if case == "crlf":
        assert ('- text: "The minister walked the length of the new quay with the harbour master\\r\\nand stopped '
                'twice to speak to the crews of the night ferries."') in draft
    assert run("accept", case, "--root", repo).exit_code == 0
    result = run("build", "--root", repo)
    assert result.exit_code == 0, result.output
    assert run("validate", repo / "dataset").exit_code == 0


def test_add_source_wrapped_notes_a_text_without_a_blank_line(repo, tmp_path):
    text = tmp_path / "lines.txt"
    text.write_text("The ferry sailed at dawn.\nThe crews were ready.\nThe mayor was on board.\n", encoding="utf-8")
    result = add(repo, "lines", "--wrapped", text=text)
    assert result.exit_code == 0
    assert result.stderr == ("Note: no blank line separates any of this text's lines, so as a wrapped text it is one "
                             "paragraph; if each line is a paragraph, set line_breaks: paragraphs in "
                             "sources/lines/source.yaml before drafting\n")
