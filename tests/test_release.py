"""`claimset release`: a release bumps the version everywhere and rebuilds; each refusal is one line, exit 1,
and writes nothing. LICENSE, CHANGELOG.md and CITATION.cff agree with dataset.yaml's version."""
import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, edit

from claimset.cli import cli
from claimset.dataset_info import DATASET_FILE, load_dataset_info
from claimset.release import (CHANGELOG_FILE, CITATION_FILE, LICENSE_FILE, bump, disagreements, is_open)
from claimset.wording import count

RELEASE_FILES = (DATASET_FILE, CHANGELOG_FILE, CITATION_FILE)
VERSION = load_dataset_info(ROOT).version
NOTE = "### Fixed\n\n- A label corrected.\n"


@pytest.fixture
def repo(repo):
    """The inputs with the release files, and one change listed under [Unreleased]."""
    for name in (CHANGELOG_FILE, CITATION_FILE, LICENSE_FILE):
        shutil.copy(ROOT / name, repo / name)
    changelog = repo / CHANGELOG_FILE
    head, rest = changelog.read_text(encoding="utf-8").split("## [Unreleased]\n", 1)
    changelog.write_text(f"{head}## [Unreleased]\n\n{NOTE}\n## [" + rest.split("\n## [", 1)[1], encoding="utf-8")
    return repo  # whatever the repository lists as unreleased, the copy lists exactly NOTE


def release(repo, *args):
    return CliRunner().invoke(cli, ["release", "--root", str(repo), "--date", "2027-01-15", *args])


def texts(repo) -> dict[str, str]:
    return {name: (repo / name).read_text(encoding="utf-8") for name in RELEASE_FILES}


def refused(repo, before, result, message):
    """A refusal: exit 1, the one line (after any listed problems), nothing written."""
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == f"Error: release refused: {message}"
    assert texts(repo) == before
    assert not (repo / "dataset").exists()


@pytest.mark.parametrize("part, expected", [("major", "2.0.0"), ("minor", "1.1.0"), ("patch", "1.0.1")])
def test_bump_raises_one_part_and_resets_the_parts_after_it(part, expected):
    assert bump("1.0.0", part) == expected
    assert bump("1.2.3", part) == {"major": "2.0.0", "minor": "1.3.0", "patch": "1.2.4"}[part]


def test_a_release_bumps_the_version_everywhere_and_rebuilds(repo):
    result = release(repo, "--part", "minor")
    assert result.exit_code == 0, result.output
    new = bump(VERSION, "minor")
    counts = json.loads(CliRunner().invoke(cli, ["describe", str(repo / "dataset"), "--format", "json"]).output)
    rows = ", ".join(count(counts[config]["rows"], config) for config in ("statements", "speakers", "sources"))
    assert result.output == (f"Released {new} (was {VERSION}): built {repo / 'dataset'} ({rows}); dataset.yaml, "
                             "CHANGELOG.md and CITATION.cff updated.\n")
    assert counts["version"] == new
    assert load_dataset_info(repo).version == new
    changelog = (repo / CHANGELOG_FILE).read_text(encoding="utf-8")
    assert f"## [Unreleased]\n\n## [{new}] - 2027-01-15\n\n{NOTE}\n## [{VERSION}] - " in changelog
    citation = yaml.safe_load((repo / CITATION_FILE).read_text(encoding="utf-8"))
    assert (citation["version"], citation["date-released"]) == (new, "2027-01-15")
    assert disagreements(repo, new) == []
    card = (repo / "dataset" / "README.md").read_text(encoding="utf-8")
    assert f"**Version {new}.**" in card and f"  version      = {{{new}}}\n}}" in card
    croissant = json.loads((repo / "dataset" / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["version"] == new and f"version      = {{{new}}}" in croissant["citeAs"]
    # the comments around the version in dataset.yaml are kept: only the value changed
    assert texts(repo)[DATASET_FILE] == (ROOT / DATASET_FILE).read_text(encoding="utf-8").replace(
        f'version: "{VERSION}"', f'version: "{new}"')


def test_a_release_of_inputs_that_do_not_validate_is_refused(repo):
    edit(repo / "sources/russia-japan-2019/annotations.yaml", "claim_type: prediction", "claim_type: forecast")
    before = texts(repo)
    result = release(repo, "--part", "patch")
    refused(repo, before, result, "1 problem in the inputs (above); fix them (claimset build --check), then release")
    assert re.fullmatch(r"sources/russia-japan-2019/annotations\.yaml:\d+: unknown claim type 'forecast'; use one of: "
                        r"direct_quote, reported_speech, factual_claim, attributed_position, opinion, prediction, "
                        r"speculation", result.output.splitlines()[0])


def test_a_source_whose_licence_is_not_open_and_not_flagged_is_refused(repo):
    edit(repo / DATASET_FILE, "restricted_texts:\n  - source_id: russia-japan-2019\n", "restricted_texts:\n"
         "  - source_id: kremlin-2016-12-16-tokyo-press-statements\n")
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            "the licence of russia-japan-2019 is not one a release recognises as open, and dataset.yaml does not "
            "flag it; add it to restricted_texts with the reason it is included, or correct its license in "
            "sources/russia-japan-2019/source.yaml")


def test_an_unknown_licence_is_refused_until_it_is_flagged(repo):
    source = "mofa-2019-01-14-kono-press-conference"
    text = (repo / f"sources/{source}/source.yaml").read_text(encoding="utf-8")
    licence = re.search(r"^license: >-\n((?:  .*\n)+)", text, re.M)
    edit(repo / f"sources/{source}/source.yaml", licence.group(0), "license: Unknown; the page states no terms.\n")
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            f"the licence of {source} is not one a release recognises as open, and dataset.yaml does not flag it; "
            f"add it to restricted_texts with the reason it is included, or correct its license in "
            f"sources/{source}/source.yaml")
    edit(repo / DATASET_FILE, "restricted_texts:\n", f"restricted_texts:\n  - source_id: {source}\n"
                                                     "    reason: Its terms are not known; kept for the record.\n")
    assert release(repo, "--part", "patch").exit_code == 0


def test_a_release_with_nothing_under_unreleased_is_refused(repo):
    edit(repo / CHANGELOG_FILE, f"## [Unreleased]\n\n{NOTE}", "## [Unreleased]\n")
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            "CHANGELOG.md lists nothing under '## [Unreleased]'; write what changed in the data, then release")


def test_a_citation_that_disagrees_with_dataset_yaml_is_refused(repo):
    edit(repo / CITATION_FILE, f'version: "{VERSION}"', 'version: "0.9.0"')
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            f'CITATION.cff says version 0.9.0, but dataset.yaml says {VERSION}; set version: "{VERSION}"')


def test_a_changelog_without_the_current_version_is_refused(repo):
    edit(repo / CHANGELOG_FILE, f"## [{VERSION}] - ", "## [0.1.0] - ")
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            f"CHANGELOG.md's latest release is 0.1.0, but dataset.yaml says {VERSION}; give {VERSION} its section")


def test_a_version_that_is_not_major_minor_patch_is_refused(repo):
    edit(repo / DATASET_FILE, f'version: "{VERSION}"', 'version: "1.0"')
    line = next(n for n, text in enumerate((repo / DATASET_FILE).read_text().splitlines(), 1)
                if text.startswith("version:"))
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            f"dataset.yaml:{line}: version '1.0' must be MAJOR.MINOR.PATCH (e.g. 1.0.0); claimset release bumps it")


def test_release_needs_a_part(repo):
    result = CliRunner().invoke(cli, ["release", "--root", str(repo)])
    assert result.exit_code == 2
    assert "Missing option '--part'" in result.output


def test_release_outside_a_repository_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["release", "--root", str(tmp_path), "--part", "patch"])
    assert result.exit_code == 2
    assert result.output == (f"Error: no sources/ folder in {tmp_path.resolve()}; run from the repository root or "
                             "pass --root\n")


def test_the_corpus_licences_are_recognised_except_the_flagged_essay():
    sources = {path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))["license"]
               for path in (ROOT / "sources").glob("*/source.yaml")}
    assert sorted(source for source, licence in sources.items() if not is_open(licence)) == ["russia-japan-2019"]
    assert [entry[0] for entry in load_dataset_info(ROOT).restricted_texts] == ["russia-japan-2019"]
    assert not is_open("CC BY 4.0 for the annotations; the text itself: all rights reserved.")


# --- the release files agree -------------------------------------------------------------------------------

def test_license_changelog_and_citation_agree_with_dataset_yaml():
    assert disagreements(ROOT, VERSION, load_dataset_info(ROOT).url) == []
    licence = (ROOT / LICENSE_FILE).read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the claimset authors\n")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    changelog = (ROOT / CHANGELOG_FILE).read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
    citation = yaml.safe_load((ROOT / CITATION_FILE).read_text(encoding="utf-8"))
    assert citation["version"] == VERSION
    card = (ROOT / "dataset" / "README.md").read_text(encoding="utf-8")
    assert f"**Version {VERSION}.**" in card and f"version      = {{{VERSION}}}" in card
    assert json.loads((ROOT / "dataset" / "croissant.json").read_text(encoding="utf-8"))["version"] == VERSION


def test_citation_cff_is_valid_cff_1_2_0_without_invented_addresses():
    """The CFF 1.2.0 schema's rules for the keys this file uses
    (https://citation-file-format.github.io/1.2.0/schema)."""
    text = (ROOT / CITATION_FILE).read_text(encoding="utf-8")
    citation = yaml.safe_load(text)
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert set(citation) <= {"cff-version", "message", "type", "title", "version", "date-released", "authors",
                             "abstract", "keywords", "license"}  # no url, doi or repository: none exists yet
    assert citation["cff-version"] == "1.2.0" and citation["type"] in ("dataset", "software")
    assert all(isinstance(citation[key], str) and citation[key] for key in ("message", "title", "abstract"))
    assert re.fullmatch(r"[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])", citation["date-released"])
    assert citation["authors"] and all(set(a) == {"name"} and a["name"] for a in citation["authors"])
    assert all(isinstance(k, str) and k for k in citation["keywords"])
    assert citation["license"] == "CC-BY-4.0"
    assert "http" not in text and not re.search(r"\b10\.\d{4,9}/", text)  # no address and no DOI
    assert "no public URL" in citation["abstract"]
    assert load_dataset_info(ROOT).url is None
    assert "url" not in load_dataset_info(ROOT).citation.lower()


def test_a_citation_without_a_release_date_is_refused(repo):
    edit(repo / CITATION_FILE, 'date-released: "', 'released: "')
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            'CITATION.cff has no date-released line; add date-released: "YYYY-MM-DD"')


def test_a_publish_that_fails_puts_the_version_files_back(repo, monkeypatch):
    import errno

    import claimset.publish

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(repo / "dataset"))

    before = texts(repo)
    monkeypatch.setattr(claimset.publish, "publish", full_disk)
    result = release(repo, "--part", "major")
    assert result.exit_code == 2
    assert result.output == (f"Error: cannot use {repo / 'dataset'}: No space left on device; free some disk space "
                             "and run it again\n")
    assert texts(repo) == before


def test_a_configured_url_is_in_the_citation_and_a_bad_one_is_refused(repo):
    edit(repo / DATASET_FILE, "# url: https://huggingface.co/datasets/ORG/NAME",
         "url: https://example.org/claimset")
    info = load_dataset_info(repo)
    assert info.url == "https://example.org/claimset"
    assert info.citation.endswith(f"  version      = {{{VERSION}}},\n"
                                  "  url          = {https://example.org/claimset}\n}")
    edit(repo / DATASET_FILE, "url: https://example.org/claimset", "url: example.org/claimset")
    before = texts(repo)
    line = next(n for n, text in enumerate(before[DATASET_FILE].splitlines(), 1) if text.startswith("url:"))
    refused(repo, before, release(repo, "--part", "patch"),
            f"dataset.yaml:{line}: url 'example.org/claimset' is not an http or https address; give the dataset's "
            "public address, or leave url out until it has one")
    edit(repo / DATASET_FILE, "url: example.org/claimset", "url: https://example.org/claimset")
    before = texts(repo)
    refused(repo, before, release(repo, "--part", "patch"),
            'CITATION.cff gives url none, but dataset.yaml gives https://example.org/claimset; set url: '
            '"https://example.org/claimset"')
    edit(repo / CITATION_FILE, "license: CC-BY-4.0\n", 'license: CC-BY-4.0\nurl: "https://example.org/claimset"\n')
    assert disagreements(repo, VERSION, "https://example.org/claimset") == []
    assert release(repo, "--part", "patch").exit_code == 0


def test_describe_gives_no_version_for_a_single_file(tmp_path):
    from conftest import DATASET

    statements = next((DATASET / "data" / "statements").glob("*.parquet"))
    text = CliRunner().invoke(cli, ["describe", str(statements)])
    assert text.exit_code == 0 and text.output.splitlines()[0] == str(statements)
    doc = json.loads(CliRunner().invoke(cli, ["describe", str(statements), "--format", "json"]).output)
    assert doc["version"] is None
