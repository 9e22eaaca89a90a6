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
    assert list(doc) == ["statements", "speakers", "sources", "labels"]
    assert doc["labels"]["primary_key"] == ["table_name", "column_name", "label_index"]
    assert [c["name"] for c in doc["labels"]["columns"]] == ["table_name", "column_name", "label_index", "name",
                                                             "description", "ordered"]
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


# --- help texts and the README agree ---------------------------------------------------------------------

def _readme_commands() -> dict[str, tuple[str, str, list[str]]]:
    """The README's command table: command name → (usage cell, summary, options)."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Command line\n"):readme.index("\n## ", readme.index("## Command line\n") + 1)]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`claimset"):
            continue
        usage = cells[0].strip("`")
        name = usage.split()[1] if len(usage.split()) > 1 else ""
        rows[name] = (usage, cells[1], re.findall(r"`([^`]+)`", cells[2]))
    return rows


def _options(command) -> list[str]:
    import click

    return ["/".join(p.opts + p.secondary_opts) for p in command.params
            if isinstance(p, click.Option) and not p.hidden and p.name != "help"]


def test_the_readme_command_table_matches_each_commands_help():
    import click

    from claimset.cli import summary

    table = _readme_commands()
    assert sorted(table) == sorted(["", *COMMANDS])
    for name in COMMANDS:
        command = cli.commands[name]
        usage, what, options = table[name]
        arguments = [p.human_readable_name if p.required else f"[{p.human_readable_name}]"
                     for p in command.params if isinstance(p, click.Argument)]
        assert usage == " ".join(["claimset", name, *arguments])
        assert what == summary(command)
        assert options == _options(command), name
        help_text = CliRunner().invoke(cli, [name, "--help"]).output
        first = help_text.split("\n\n", 2)[1]  # after the usage line
        assert " ".join(first.split()) == what  # the help's own first line, as --help prints it
        assert all(option.split("/")[-1] in help_text for option in options)
    assert table[""] == ("claimset", summary(cli), _options(cli))


def test_group_help_shows_whole_summaries_and_an_example():
    from claimset.cli import summary

    result = CliRunner().invoke(cli, ["--help"])
    text = " ".join(result.output.split())
    for name in COMMANDS:
        assert f"{name} {summary(cli.commands[name])}" in text  # whole, not cut with "..."
    assert "..." not in result.output.split("Commands:")[1]
    assert "Example:" in result.output and "claimset release --part minor" in result.output


def test_validate_help_and_the_readme_agree_on_exit_statuses():
    from conftest import ROOT

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    statuses = "Exit status: 0 valid, 1 invalid data, 2 unreadable input or a usage problem."
    assert statuses in " ".join(CliRunner().invoke(cli, ["validate", "--help"]).output.split())
    assert statuses in readme
    group = "Exit status: 0 success, 1 data or inputs that fail a check (each failure listed with its fix), 2 a usage"
    assert group in " ".join(CliRunner().invoke(cli, ["--help"]).output.split()) and group in readme


@pytest.mark.parametrize("command", ["build", "release", "export", "render"])
def test_every_command_that_writes_takes_dash_o_and_output(command):
    options = _options(cli.commands[command])
    assert "-o/--output" in options


def test_build_still_takes_out_as_a_hidden_alias(tmp_path):
    from conftest import copy_inputs

    repo = copy_inputs(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--root", str(repo), "--out", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "README.md").is_file()
    assert "--out " not in CliRunner().invoke(cli, ["build", "--help"]).output
    both = CliRunner().invoke(cli, ["build", "--root", str(repo), "-o", str(tmp_path / "a"), "--out",
                                    str(tmp_path / "b")])
    assert both.exit_code == 2
    assert both.output == "Error: --output and --out name the same folder; give one of them\n"


@pytest.mark.parametrize("n, config, words", [(0, "sources", "0 sources"), (1, "sources", "1 source"),
                                              (2, "sources", "2 sources"), (1, "statements", "1 statement"),
                                              (1, "speakers", "1 speaker")])
def test_counts_are_in_words(n, config, words):
    from claimset.wording import count, plural

    assert count(n, config) == words
    assert (plural(1, "problem"), plural(2, "problem")) == ("1 problem", "2 problems")


def test_no_message_counts_with_parenthesised_plurals():
    """'1 source(s)' nowhere in what the commands print: every count goes through wording.plural."""
    import re

    from conftest import ROOT

    for path in sorted((ROOT / "claimset").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r"\}\s+\w+\(s\)", text), path.name
