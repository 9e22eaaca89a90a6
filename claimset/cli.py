"""The ``claimset`` command line. Heavy libraries are imported inside commands so ``--help`` stays instant."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


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


def main():  # pragma: no cover - console entry point
    cli(prog_name="claimset")
