"""The build: reproducible, atomic, and precise about every kind of bad input."""
import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import DATA_ROWS, DATASET, ROOT, SOURCE_ID, edit, line_of, tree_bytes

ANNOTATIONS = f"sources/{SOURCE_ID}/annotations.yaml"
HASTE = line_of(ROOT / ANNOTATIONS, '- text: "Any haste is out of place here."')
LAST = line_of(ROOT / ANNOTATIONS, '- text: "The current configuration of relations')
PREDICTION = line_of(ROOT / ANNOTATIONS, '- text: "There will be no decisions on the islands')


def run_build(repo, *extra):
    return CliRunner().invoke(cli, ["build", "--root", str(repo), "--out", str(repo / "dataset"), *extra])


def test_build_succeeds_and_reports_counts(repo):
    result = run_build(repo)
    assert result.exit_code == 0, result.output
    assert result.output == f"Built {repo / 'dataset'}: {DATA_ROWS}.\n"


def test_rebuild_matches_committed_dataset(repo):
    """No drift: the committed dataset/ is exactly what the inputs build."""
    assert run_build(repo).exit_code == 0
    assert tree_bytes(repo / "dataset") == tree_bytes(DATASET)


def test_two_builds_are_byte_identical(repo, tmp_path):
    assert run_build(repo).exit_code == 0
    first = tree_bytes(repo / "dataset")
    shutil.rmtree(repo / "dataset")
    assert run_build(repo).exit_code == 0
    assert tree_bytes(repo / "dataset") == first


def test_check_writes_nothing(repo):
    result = run_build(repo, "--check")
    assert result.exit_code == 0
    assert result.stdout == f"Inputs are valid: {DATA_ROWS}.\n"
    # what is odd but allowed is listed for the curator (an excerpt that stops inside a quotation)
    assert [line for line in result.stderr.splitlines() if not line.endswith(
        "never closes in its paragraph; no direct_quote span is required for it (check the text's marks)")] == []
    assert not (repo / "dataset").exists()


def test_failed_build_leaves_last_good_dataset_untouched(repo):
    assert run_build(repo).exit_code == 0
    before = tree_bytes(repo / "dataset")
    edit(repo / ANNOTATIONS, "claim_type: prediction", "claim_type: forecast")
    result = run_build(repo)
    assert result.exit_code == 1
    assert tree_bytes(repo / "dataset") == before
    assert f"{repo / 'dataset'} was left unchanged" in result.output
    assert not [p for p in repo.iterdir() if p.name.startswith(".dataset")]  # no staging left behind


def failing(repo):
    result = run_build(repo)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert not (repo / "dataset").exists()
    return result.output


def test_text_not_found_shows_closest_passage(repo):
    edit(repo / ANNOTATIONS, '"Any haste is out of place here."', '"Any hurry is out of place here."')
    output = failing(repo)
    assert (f"{ANNOTATIONS}:{HASTE}: text not found verbatim: 'Any hurry is out of place here.'; "
            "closest passage: 'Any haste is out of place here.'") in output


def test_straight_apostrophe_is_explained(repo):
    edit(repo / ANNOTATIONS, "Tokyo believes that the Japanese leader’s outreach",
         "Tokyo believes that the Japanese leader's outreach")
    assert "except for quotation marks, apostrophes or dashes; copy them exactly" in failing(repo)


def test_ambiguous_text_without_occurrence(repo):
    edit(repo / ANNOTATIONS, '      - text: "more frequent meetings of the Russian and Japanese leaders"',
         '      - text: "the"')
    assert "text occurs 2 times: 'the'; add 'occurrence: N' (1 to 2) to say which" in failing(repo)


def test_occurrence_picks_one_of_repeated_texts(repo):
    import pandas as pd

    edit(repo / ANNOTATIONS, '      - text: "more frequent meetings of the Russian and Japanese leaders"',
         '      - text: "the"\n        occurrence: 2')
    edit(repo / "verdicts.yaml", 'quote: "more frequent meetings of the Russian and"', 'quote: "the"')
    assert run_build(repo).exit_code == 0
    rows = pd.read_parquet(repo / "dataset/data/statements/train-00000-of-00001.parquet").set_index("statement_id")
    sentence, span = rows.loc["russia-japan-2019-s011"], rows.loc["russia-japan-2019-s011-1"]
    # "the" inside "other" words is not a match; the second whole-word "the" is in "the key bilateral problem".
    assert span.quote == "the"
    assert sentence.quote[span.char_start - sentence.char_start:].startswith("the key bilateral problem")


def test_occurrence_beyond_the_count(repo):
    edit(repo / ANNOTATIONS, '      - text: "more frequent meetings of the Russian and Japanese leaders"',
         '      - text: "the"\n        occurrence: 3')
    assert "occurrence 3 asked for, but the text occurs 2 times: 'the'" in failing(repo)


def test_unknown_speaker(repo):
    edit(repo / ANNOTATIONS, "speaker: shinzo-abe", "speaker: shinzo-ab")
    assert "unknown speaker 'shinzo-ab'; add it to speakers.yaml or use one of:" in failing(repo)


def test_unknown_claim_type(repo):
    edit(repo / ANNOTATIONS, "claim_type: prediction", "claim_type: forecast")
    output = failing(repo)
    assert (f"{ANNOTATIONS}:{PREDICTION}: unknown claim type 'forecast'; use one of: direct_quote, reported_speech, "
            "factual_claim, attributed_position, opinion, prediction, speculation") in output


def test_invalid_edtf_date(repo):
    edit(repo / ANNOTATIONS, 'date: "2018-12"', 'date: "2018-13"')
    assert "russia-japan-2019-s003: date '2018-13' is not valid EDTF" in failing(repo)


def test_duplicate_speaker_id(repo):
    first = line_of(repo / "speakers.yaml", "- speaker_id: shinzo-abe")
    added = len((repo / "speakers.yaml").read_text(encoding="utf-8").splitlines()) + 2
    with open(repo / "speakers.yaml", "a", encoding="utf-8") as registry:
        registry.write("\n- speaker_id: shinzo-abe\n  name: Shinzo Abe again\n  kind: person\n")
    assert f"speakers.yaml:{added}: shinzo-abe: duplicate speaker_id (first at line {first})" in failing(repo)


def test_duplicate_sentence(repo):
    edit(repo / ANNOTATIONS, '  - text: "Any haste is out of place here."\n    claim_type: opinion\n',
         '  - text: "Any haste is out of place here."\n    claim_type: opinion\n'
         '  - text: "Any haste is out of place here."\n    claim_type: opinion\n')
    assert f"duplicate: the same sentence is listed at line {HASTE}" in failing(repo)


def test_yaml_syntax_error(repo):
    edit(repo / ANNOTATIONS, '    claim_type: prediction', '    claim_type: [prediction')
    output = failing(repo)
    assert f"{ANNOTATIONS}:" in output and "YAML syntax error" in output


def test_checksum_changed(repo):
    edit(repo / f"sources/{SOURCE_ID}/text.txt", "Any haste", "Any hurry")
    output = failing(repo)
    assert f"sources/{SOURCE_ID}/text.txt: checksum changed: the text's sha256 is" in output
    assert "restore the original text, or if the change is intended update sha256" in output


def test_missing_sentence_is_a_coverage_gap(repo):
    edit(repo / ANNOTATIONS, '  - text: "Any haste is out of place here."\n    claim_type: opinion\n', "")
    output = failing(repo)
    assert (f"{ANNOTATIONS}:{LAST - 2}: russia-japan-2019-s034: text not covered before this sentence "
            "(value 'Any haste is out of place here.'); expected every non-space character inside a sentence row"
            ) in output


def test_quotation_without_direct_quote_span(repo):
    edit(repo / ANNOTATIONS, '''      - text: "We don’t understand the level of Japan’s sovereignty."
        claim_type: direct_quote''', '''      - text: "We don’t understand the level of Japan’s sovereignty."
        claim_type: reported_speech''')
    assert (f"sources/{SOURCE_ID}/source.yaml: {SOURCE_ID}: sources.text: quotation without direct_quote span "
            "(value '“We don’t understand the level of Japan’s sovereignty.” at 3571'); expected a direct_quote span "
            "row of exactly the words inside the marks") in failing(repo)


def test_all_problems_are_listed_at_once(repo):
    edit(repo / ANNOTATIONS, "claim_type: prediction", "claim_type: forecast")
    edit(repo / ANNOTATIONS, "speaker: shinzo-abe", "speaker: nobody")
    output = failing(repo)
    assert "unknown claim type 'forecast'" in output and "unknown speaker 'nobody'" in output
    assert output.strip().endswith("Error: 2 problems in the inputs; "
                                   f"{repo / 'dataset'} was left unchanged.")


def test_missing_sources_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert f"Error: no sources/ folder in {tmp_path}; run from the repository root or pass --root" in result.output


@pytest.mark.parametrize("old, new, message", [
    ('      - text: "more frequent meetings of the Russian and Japanese leaders"',
     '      - text: "more frequent meetings of the Russian and Japanese leaders"\n        occurrence: "2"',
     "occurrence must be a whole number from 1 (the first occurrence)"),
    ('      - text: "more frequent meetings of the Russian and Japanese leaders"',
     '      - text: "more frequent meetings of the Russian and Japanese leaders"\n        occurrence: -3',
     "occurrence must be a whole number from 1 (the first occurrence)"),
    ('    claim_type: prediction\n', '    claim_type: prediction\n    spans: 5\n', "spans must be a list of span entries"),
    ('    claim_type: prediction\n', '    claim_type: prediction\n    ? [a, b]\n    : c\n',
     "YAML syntax error: a key must be a plain word, not a list or mapping"),
    ('    claim_type: prediction\n', '    claim_type: prediction\n    note: "bell \x07"\n', "not readable as YAML"),
    ('    claim_type: prediction\n', '    claim_type: prediction\n    speaker: [a, b]\n', "speaker must be text"),
])
def test_odd_yaml_values_are_reported_not_crashed(repo, old, new, message):
    edit(repo / ANNOTATIONS, old, new)
    assert message in failing(repo)


def test_odd_registry_and_metadata_values(repo):
    abe = line_of(repo / "speakers.yaml", "- speaker_id: shinzo-abe")
    edit(repo / "speakers.yaml", "- speaker_id: shinzo-abe", "- speaker_id: [shinzo-abe]")
    edit(repo / "speakers.yaml", "aliases: [Tokyo, Japan,", "aliases: [null, Japan,")
    edit(repo / f"sources/{SOURCE_ID}/source.yaml", "language: en", "language: null")
    output = failing(repo)
    assert f"speakers.yaml:{abe}: missing or not text: speaker_id" in output
    assert "japan-government: aliases must be a list of names" in output
    assert f"sources/{SOURCE_ID}/source.yaml:2: must not be empty: language" in output


def test_overlapping_repeats_count_as_occurrences(repo):
    from claimset.annotations import Annotation, anchor

    ann = Annotation(text="ha ha", occurrence=None, labels={}, file="f", line=1)
    assert anchor("ha ha ha", ann) == (None, "text occurs 2 times: 'ha ha'; add 'occurrence: N' (1 to 2) to say which")
    ann.occurrence = 2
    assert anchor("ha ha ha", ann) == (3, None)


@pytest.mark.parametrize("target, message", [
    (".", "contains the inputs in"),
    ("sources/new", "is inside the repository's inputs"),
    ("sources", "is inside the repository's inputs"),
])
def test_build_refuses_to_overwrite_inputs(repo, target, message):
    before = tree_bytes(repo / "sources")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo), "--out", str(repo / target)])
    assert result.exit_code == 2
    assert "Error: refusing to write the dataset: " in result.output and message in result.output
    assert tree_bytes(repo / "sources") == before


def test_build_refuses_a_folder_that_is_not_a_dataset(repo):
    (repo / "notes").mkdir()
    (repo / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo), "--out", str(repo / "notes")])
    assert result.exit_code == 2
    assert "exists and is not a claimset dataset (no contract.json); choose a new or empty folder" in result.output
    assert (repo / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_rebuild_replaces_the_dataset_in_place(repo):
    assert run_build(repo).exit_code == 0
    (repo / "dataset" / "stale.txt").write_text("old", encoding="utf-8")
    assert run_build(repo).exit_code == 0
    assert not (repo / "dataset" / "stale.txt").exists()
    assert not [p for p in repo.iterdir() if p.name.startswith(".dataset")]


def test_failure_while_writing_leaves_the_old_dataset(repo, monkeypatch):
    import claimset.publish

    assert run_build(repo).exit_code == 0
    before = tree_bytes(repo / "dataset")

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(repo / "dataset"))

    monkeypatch.setattr(claimset.publish, "_swap", broken)
    result = run_build(repo)
    assert result.exit_code == 2
    assert result.output == (f"Error: cannot use {repo / 'dataset'}: No space left on device; free some disk space "
                             "and run it again\n")
    assert tree_bytes(repo / "dataset") == before
    assert not [p for p in repo.iterdir() if p.name.startswith(".dataset")]


def test_verdict_quote_catches_shifted_ids(repo):
    edit(repo / ANNOTATIONS, '      - text: "more frequent meetings of the Russian and Japanese leaders"',
         '      - text: "the"\n        occurrence: 2')
    output = failing(repo)
    assert ("russia-japan-2019-s011-1: quote 'more frequent meetings of the Russian and' is not in the statement, "
            "which reads 'the'; the ids may have shifted") in output


def test_rebuild_sees_a_changed_publication_date_despite_the_cache(repo):
    import pandas as pd

    assert run_build(repo).exit_code == 0
    assert (repo / ".claimset-cache").is_dir()
    edit(repo / f"sources/{SOURCE_ID}/source.yaml", "published: 2019-01/2019-07", "published: 2019-02/2019-07")
    result = run_build(repo)
    assert result.exit_code == 0, result.output
    rows = pd.read_parquet(repo / "dataset/data/statements/train-00000-of-00001.parquet")
    assert rows.loc[rows["statement_id"] == f"{SOURCE_ID}-s001", "date"].item() == "2019-02/2019-07"


@pytest.mark.parametrize("name", ["verdicts.yaml", "speakers.yaml", ANNOTATIONS, f"sources/{SOURCE_ID}/text.txt"])
def test_an_input_that_cannot_be_read_exits_2_with_one_line(repo, monkeypatch, name):
    """Unreadable input (permissions; root reads through chmod 000, so the read is refused here) is not a
    problem of the data: one line with the fix, exit status 2, nothing written."""
    locked = (repo / name).resolve()
    read_bytes = Path.read_bytes

    def guard(path):
        if Path(path).resolve() == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guard)
    before = sorted(p.relative_to(repo) for p in (repo / "dataset").rglob("*"))
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {repo / name} cannot be read (permission denied); check its permissions "
                             "(chmod u+r) or run as its owner\n")
    assert sorted(p.relative_to(repo) for p in (repo / "dataset").rglob("*")) == before
