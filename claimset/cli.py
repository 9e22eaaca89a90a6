"""The ``claimset`` command line. Heavy libraries are imported inside commands so ``--help`` stays instant."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
CONFIGS = ["statements", "speakers", "sources"]


class InputError(click.ClickException):
    """Unreadable input or a usage problem: one line, exit status 2."""

    exit_code = 2


def _read(path: Path, config: str | None):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from .reading import Unreadable, read

    try:
        return read(path, config)
    except Unreadable as exc:
        raise InputError(str(exc)) from None


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="claimset")
def cli():
    """Turn essays into a validated, citable dataset of their statements."""


@cli.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Repository holding sources/ and speakers.yaml.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dataset folder to write  [default: ROOT/dataset]")
@click.option("--check", is_flag=True, help="Validate the inputs and write nothing.")
def build(root: Path, out: Path | None, check: bool):
    """Build the dataset from the curated sources, or list every problem and write nothing.

    Example:

    \b
        claimset build
        claimset build --check
        claimset build --root . --out /tmp/dataset
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from .errors import InvalidInput
    from .pipeline import assemble
    from .publish import publish

    root = root.resolve()
    if not (root / "sources").is_dir():
        raise click.UsageError(f"no sources/ folder in {root}; run from the repository root or pass --root")
    target = (out or root / "dataset").resolve()
    try:
        tables = assemble(root)
    except InvalidInput as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {len(exc.problems)} problem(s) in the inputs; "
                   f"{'nothing was written' if check else f'{target} was left unchanged'}.", err=True)
        sys.exit(1)
    counts = ", ".join(f"{len(frame)} {config}" for config, frame in tables.items())
    if check:
        click.echo(f"Inputs are valid: {counts}.")
        return
    publish(tables, target)
    click.echo(f"Built {target}: {counts}.")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="Output format.")
def schema(fmt: str):
    """Print the data contract: every config's columns, types, labels and rules.

    Example:

    \b
        claimset schema
        claimset schema --format json > contract.json
    """
    from . import contract

    click.echo(contract.as_json() if fmt == "json" else contract.as_markdown(), nl=False)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--config", type=click.Choice(CONFIGS), default=None,
              help="Which table a single file holds  [default: inferred from its columns]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format; json prints one JSON document on stdout and nothing else.")
@click.option("--max-failures", type=click.IntRange(min=0), default=10, show_default=True,
              help="Failing rows listed per rule (0 lists all); counts are always complete.")
def validate(path: Path, config: str | None, fmt: str, max_failures: int):
    """Check a copy of the data against the contract and explain every failure.

    PATH is the dataset folder (all configs and the cross-table rules), one Parquet, CSV or JSON Lines
    file, or a save_to_disk folder. Exit status: 0 valid, 1 invalid data, 2 unreadable input.

    Example:

    \b
        claimset validate dataset
        claimset validate statements.csv --config statements
        claimset validate dataset --format json --max-failures 0
    """
    from .report import as_json, as_text, validate_copy

    copy = _read(path, config)
    report = validate_copy(copy, str(path))
    click.echo(as_json(report, max_failures) if fmt == "json" else as_text(report, max_failures))
    sys.exit(0 if report.valid else 1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--config", type=click.Choice(CONFIGS), default=None,
              help="Which table a single file holds  [default: inferred from its columns]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def describe(path: Path, config: str | None, fmt: str):
    """Summarise a copy of the data: rows, claim types, speakers, verdicts, dates, check-worthy share.

    Example:

    \b
        claimset describe dataset
        claimset describe dataset --format json
    """
    from .summary import summarise, summary_text

    copy = _read(path, config)
    summary = summarise(copy)
    if fmt == "json":
        import json

        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(summary_text(str(path), summary))
