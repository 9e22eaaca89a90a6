"""The command line: help everywhere, a version, the schema, and quick start-up."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimset import __version__
from claimset.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(command, flag):
    result = CliRunner().invoke(cli, [command, flag])
    assert result.exit_code == 0
    assert f"Usage: cli {command}" in result.output
    assert "Example:" in result.output and f"claimset {command}" in result.output


def test_group_help_lists_every_command():
    result = CliRunner().invoke(cli, ["-h"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f"  {command} " in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"claimset, version {__version__}\n"


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["buidl"])
    assert result.exit_code == 2
    assert "No such command 'buidl'" in result.output


def test_schema_markdown_is_the_card_table():
    from claimset import contract

    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output == contract.as_markdown()
    assert "| `claim_type` | ClassLabel | no |" in result.output
    assert ("Foreign keys: source_id → sources.source_id; speaker_id → speakers.speaker_id; attributed_to → "
            "speakers.speaker_id; parent_id → statements.statement_id.") in result.output
    assert "quote not verbatim (quote): exactly sources.text[char_start:char_end]" in result.output


def test_schema_json_lists_every_column_with_labels():
    result = CliRunner().invoke(cli, ["schema", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert list(doc) == ["statements", "speakers", "sources"]
    claim_type = next(c for c in doc["statements"]["columns"] if c["name"] == "claim_type")
    assert claim_type["names"][0] == "direct_quote" and claim_type["type"] == "class_label"
    assert {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"},
            "rule": "unknown source"} in doc["statements"]["foreign_keys"]
    assert "wrong sentence count (n_sentences): the number of its sentence rows" in doc["sources"]["rules_across_tables"]


def test_schema_rejects_unknown_format():
    result = CliRunner().invoke(cli, ["schema", "--format", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from claimset.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('datasets', 'pandas', 'polars', 'pyarrow', 'pandera') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "claimset", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout == f"claimset, version {__version__}\n"


def test_readme_shows_the_real_output_of_validate_and_describe(monkeypatch):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    for command in ("validate", "describe"):
        result = CliRunner().invoke(cli, [command, "dataset"])
        assert result.exit_code == 0
        assert f"$ claimset {command} dataset\n{result.output}" in readme


def test_a_file_size_limit_ends_the_build_in_one_line(repo):
    """`ulimit -f` makes writes fail with EFBIG: one line, exit 2, no dataset, no traceback."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))

    result = subprocess.run([sys.executable, "-m", "claimset", "build", "--root", str(repo)], capture_output=True,
                            text=True, preexec_fn=limit, timeout=300)
    assert result.returncode == 2, result.stderr
    *notes, error = result.stderr.splitlines()
    assert error.startswith("Error: ") and error.endswith(
        "File too large; the file size limit (ulimit -f) is too small; raise it and run it again"), result.stderr
    assert all(note.startswith("claimset: the build cache ") and note.endswith("this build ran without it")
               for note in notes), result.stderr  # the cache could not be written either: said, not fatal
    assert not (repo / "dataset").exists()
    assert not [p for p in repo.iterdir() if p.name.startswith(".dataset")]


@pytest.mark.parametrize("error, fix", [(28, "free some disk space"), (30, "the file system is read-only"),
                                        (13, "check the permissions")])
def test_os_errors_anywhere_are_one_line_with_exit_2(repo, monkeypatch, error, fix):
    import os

    import claimset.publish

    def failing(*args, **kwargs):
        raise OSError(error, os.strerror(error), str(repo / "dataset"))

    monkeypatch.setattr(claimset.publish, "publish", failing)
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 2
    assert result.output == f"Error: cannot use {repo / 'dataset'}: {os.strerror(error)}; {fix}" + (
        " and run it again\n" if error == 28 else
        "; choose a writable location\n" if error == 30 else ", or choose a location you can write to\n")
