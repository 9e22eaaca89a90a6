"""The ``claimset`` command line. Heavy libraries are imported inside commands so ``--help`` stays instant."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from . import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
from .labels import ALL_CONFIGS, CONFIGS  # noqa: E402 - light: no pandas or pandera
from .wording import count, plural  # noqa: E402


class InputError(click.ClickException):
    """Unreadable input or a usage problem: one line, exit status 2."""

    exit_code = 2

    def __init__(self, message: str):
        # Names taken from the user's files may hold control characters; show them escaped, on one line.
        from .errors import printable

        super().__init__(printable(message))


copy_argument = click.argument("path", type=click.Path(path_type=Path))
config_option = click.option("--config", type=click.Choice(ALL_CONFIGS), default=None,
                             help="Which table a single file holds  [default: inferred from its columns]")


def _unless_unreadable(function, *args, **kwargs):
    """``function(*args)``, with input that cannot be read turned into a one-line error (exit 2)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from .errors import Unreadable

    try:
        return function(*args, **kwargs)
    except Unreadable as exc:
        raise InputError(str(exc)) from None


def _valid_tables(path: Path, config: str | None, what: str) -> dict:
    """The copy's tables, validated and normalised once (``api.load_valid``); an invalid copy is listed
    (three failures per rule) and ends the command with exit 1."""
    from .api import InvalidDataError, load_valid
    from .report import as_text

    try:
        return _unless_unreadable(load_valid, path, config)
    except InvalidDataError as exc:
        click.echo(as_text(exc.report, 3), err=True)
        raise click.ClickException(f"{path} is not valid; fix it (claimset validate {path}) before {what}") from None


def _echo_problems(exc) -> None:
    """The problems of an InvalidInput, one a line, on standard error."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)


class Group(click.Group):
    """The command group: an operating-system error anywhere (full disk, permissions, a file size limit)
    ends the command with one line naming the path and the fix, exit status 2, never a traceback."""

    def invoke(self, ctx):
        from .errors import Unreadable

        try:
            return super().invoke(ctx)
        except Unreadable as exc:  # an input file that cannot be read, wherever it was read
            raise InputError(str(exc)) from None
        except OSError as exc:
            from .files import describe_os_error

            raise InputError(describe_os_error(exc)) from None
        except RecursionError:
            raise InputError("the input is nested too deeply to read; flatten it") from None

    def format_commands(self, ctx, formatter):
        """Each command with the whole first line of its help (click would cut it to fit one line)."""
        rows = [(name, summary(command)) for name, command in self.commands.items() if not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(sorted(rows))


def summary(command: click.Command) -> str:
    """A command's one-line summary: the first line of its help, whole."""
    return (command.help or "").strip().split("\n", 1)[0].strip()


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="claimset")
def cli():
    """Turn essays into a validated, citable dataset of their statements.

    Each command's -h/--help gives its options and an example. Exit status: 0 success, 1 data or inputs
    that fail a check (each failure listed with its fix), 2 a usage problem or input that cannot be read.

    Example:

    \b
        claimset build                                   # sources/ -> dataset/
        claimset validate dataset
        claimset describe dataset
        claimset export dataset -o statements.csv        # --format inferred from .csv
        claimset render dataset -o site
        claimset release --part minor
    """


output_option = click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
                             help="Dataset folder to write  [default: ROOT/dataset]")
"""The dataset folder build and release write (build also takes --out, its earlier name, hidden)."""


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                           show_default=True, help="Repository holding sources/ and speakers.yaml.")


def _repository(root: Path) -> Path:
    root = root.resolve()
    if not (root / "sources").is_dir():
        raise InputError(f"no sources/ folder in {root}; run from the repository root or pass --root")
    return root


def _target(root: Path, output: Path | None, out: Path | None = None, check: bool = False) -> Path:
    """The dataset folder to write, refused where writing there is unsafe (--check writes nothing)."""
    from .publish import check_target

    if output is not None and out is not None and output != out:
        raise InputError("--output and --out name the same folder; give one of them")
    target = (output or out or root / "dataset").resolve()
    unsafe = None if check else check_target(target, root)
    if unsafe:
        raise InputError(f"refusing to write the dataset: {unsafe}")
    return target


@cli.command()
@root_option
@output_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None, hidden=True)
@click.option("--check", is_flag=True, help="Validate the inputs and write nothing.")
def build(root: Path, output: Path | None, out: Path | None, check: bool):
    """Build the dataset from the curated sources, or list every problem and write nothing.

    Example:

    \b
        claimset build
        claimset build --check
        claimset build --root . --output /tmp/dataset
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from .dataset_info import load_for
    from .errors import InvalidInput
    from .pipeline import assemble
    from .publish import publish
    from .sources import linked_inputs, unclosed_notes

    root = _repository(root)
    target = _target(root, output, out, check)
    for note in linked_inputs(root):
        click.echo(f"note: {note}", err=True)
    try:
        built = assemble(root)
        info = load_for(root, built.frames())  # the card's own words, checked against the tables
    except InvalidInput as exc:
        _echo_problems(exc)
        click.echo(f"Error: {plural(len(exc.problems), 'problem')} in the inputs; "
                   f"{'nothing was written' if check else f'{target} was left unchanged'}.", err=True)
        sys.exit(1)
    counts = ", ".join(count(table.num_rows, config) for config, table in built.arrow.items())
    if check:  # the curator's look at the inputs also lists what is odd but allowed
        for note in unclosed_notes(built.arrow["sources"]):
            click.echo(f"note: {note}", err=True)
        click.echo(f"Inputs are valid: {counts}.")
        return
    publish(built, target, root=root, info=info)
    click.echo(f"Built {target}: {counts}.")


@cli.command()
@click.option("--part", type=click.Choice(["major", "minor", "patch"]), required=True,
              help="Which part of the version to raise: major (a copy valid before may fail), minor (more data, "
                   "or a contract that accepts more), patch (corrections).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Release date for CHANGELOG.md and CITATION.cff  [default: today, UTC]")
@root_option
@output_option
def release(part: str, day, root: Path, output: Path | None):
    """Bump the dataset's version, rebuild it, and refuse a release that is not valid or licensed.

    Raises the version in dataset.yaml, dates CHANGELOG.md's [Unreleased] section with it, updates
    CITATION.cff and rebuilds the dataset, whose card, citation and Croissant metadata carry it.
    Writes nothing, and exits 1 with the fix, when the inputs do not validate, a source's licence is
    not one it recognises as open and dataset.yaml's restricted_texts does not flag it, CHANGELOG.md
    lists nothing under [Unreleased], or CHANGELOG.md or CITATION.cff disagree with dataset.yaml.

    Example:

    \b
        claimset release --part minor
        claimset release --part patch --date 2027-01-15
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datetime

    from .errors import InvalidInput
    from .release import Refused
    from .release import release as run_release

    root = _repository(root)
    target = _target(root, output)
    date = (day.date() if day else datetime.datetime.now(datetime.timezone.utc).date()).isoformat()
    try:
        done = run_release(root, part, target, date)
    except Refused as exc:
        raise click.ClickException(f"release refused: {exc}") from None
    except InvalidInput as exc:
        _echo_problems(exc)
        raise click.ClickException(f"release refused: {plural(len(exc.problems), 'problem')} in the inputs (above); "
                                   "fix them (claimset build --check), then release") from None
    counts = ", ".join(count(table.num_rows, config) for config, table in done.built.arrow.items())
    click.echo(f"Released {done.new} (was {done.old}): built {target} ({counts}); dataset.yaml, CHANGELOG.md and "
               f"CITATION.cff updated.")


@cli.command()
@click.option("--name", help="The dataset's name, a lowercase slug  [default: the folder's name]")
@click.option("--title", help="The card's title  [default: the name]")
@root_option
def init(name: str | None, title: str | None, root: Path):
    """Start a workspace: sources/ and a dataset.yaml whose keys wait to be filled in.

    Example:

    \b
        claimset init --name harbour-statements --title "Who said what about the harbour plan"
    """
    from .curation import CurationError, init_workspace

    try:
        written = init_workspace(root.resolve(), name, title)
    except CurationError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"Wrote {written}: fill in its empty values (claimset build --check lists them); "
               "next: claimset add-source TEXT --id ID")


@cli.command(name="add-source")
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "slug", required=True, help="Lowercase slug naming the source, e.g. harbour-news-2024.")
@click.option("--title", help="The source's title (a descriptive one where it has none).")
@click.option("--published", help="Publication date as EDTF, e.g. 2024-03-05 or 2019-01/2019-07.")
@click.option("--url", help="Where the source was published.")
@click.option("--author", help="The author's name, where the text gives it.")
@click.option("--language", default="en", show_default=True, help="ISO 639 language code.")
@click.option("--excerpt", is_flag=True, help="The text is part of a longer work.")
@click.option("--wrapped", is_flag=True, help="The text is hard-wrapped: blank lines end its paragraphs, and a line "
                                               "break inside one is only a space.")
@root_option
def add_source(text_file: Path, slug: str, title, published, url, author, language, excerpt, wrapped, root: Path):
    """Register a new source: copy its text byte for byte, record its checksum and metadata.

    Also registers its author in speakers.yaml as <id>-author. Refuses an id or a text that is
    already registered. Each line break ends a paragraph unless --wrapped says the text is hard-wrapped
    (a pool report, an e-mail, a plain-text archive); a text that looks hard-wrapped gets a note.

    Example:

    \b
        claimset add-source article.txt --id harbour-news-2024 --title "Harbour plan" --published 2024-03-05
        claimset add-source pool-report.txt --id pool-2024-03-05 --published 2024-03-05 --wrapped
    """
    from .curation import CurationError
    from .curation import add_source as register
    from .sources import METADATA_FILE, TEXT_FILE, has_blank_line, looks_wrapped

    try:
        folder = register(root.resolve(), text_file, slug, title, published, url, author, language, excerpt, wrapped)
    except CurationError as exc:
        raise InputError(str(exc)) from None
    shown = folder.relative_to(root.resolve())
    click.echo(f"Registered {shown}; next: claimset draft {slug}")
    text = (folder / TEXT_FILE).read_text(encoding="utf-8")
    if not wrapped and looks_wrapped(text):
        click.echo(f"Note: most lines of this text break mid-sentence at a similar length, as a hard-wrapped text's "
                   f"do; if blank lines separate its paragraphs, set line_breaks: wrapped in {shown / METADATA_FILE} "
                   "before drafting", err=True)
    elif wrapped and not has_blank_line(text):
        click.echo(f"Note: no blank line separates any of this text's lines, so as a wrapped text it is one paragraph; "
                   f"if each line is a paragraph, set line_breaks: paragraphs in {shown / METADATA_FILE} before "
                   "drafting", err=True)


@cli.command()
@click.argument("slug")
@click.option("--evaluate", is_flag=True, help="Compare a fresh draft with the accepted annotations and print "
                                                "the figures instead of writing the draft.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of the --evaluate figures.")
@click.option("--force", is_flag=True, help="Replace an existing draft.yaml.")
@root_option
def draft(slug: str, evaluate: bool, fmt: str, force: bool, root: Path):
    """Propose annotations for a source: sentences, quotations, speakers, dates, claim types.

    Writes sources/SLUG/draft.yaml, which the build ignores until `claimset accept SLUG`.

    Example:

    \b
        claimset draft harbour-news-2024
        claimset draft russia-japan-2019 --evaluate
    """
    import json

    from .draft import write_draft
    from .errors import InvalidInput
    from .labels import is_slug

    if not is_slug(slug):
        raise InputError(f"{slug!r} is not a source id (a lowercase slug such as harbour-news-2024); "
                         "see the folders in sources/")

    try:
        result = write_draft(root.resolve(), slug, evaluate=evaluate, force=force)
    except InvalidInput as exc:
        _echo_problems(exc)
        raise InputError(f"cannot draft {slug}: {plural(len(exc.problems), 'problem')} above") from None
    except FileExistsError as exc:
        raise InputError(str(exc)) from None
    if evaluate:
        from .evaluate import as_text

        click.echo(json.dumps(result, indent=2) if fmt == "json" else as_text(slug, result))
    else:
        click.echo(f"Wrote {result}; review it, then: claimset accept {slug}")


@cli.command()
@click.argument("slug")
@click.option("--force", is_flag=True, help="Replace existing annotations.yaml.")
@root_option
def accept(slug: str, force: bool, root: Path):
    """Accept a reviewed draft: it becomes the source's annotations.

    New speakers move to speakers.yaml; each check-worthy statement gets a not_checked entry in
    verdicts.yaml to be checked later.

    Example:

    \b
        claimset accept harbour-news-2024
    """
    from .curation import CurationError
    from .curation import accept as run_accept
    from .errors import InvalidInput

    try:
        target, speakers, stubs = run_accept(root.resolve(), slug, force)
    except CurationError as exc:
        raise InputError(str(exc)) from None
    except InvalidInput as exc:
        _echo_problems(exc)
        click.echo(f"Error: the draft has {plural(len(exc.problems), 'problem')}; fix them in draft.yaml", err=True)
        sys.exit(1)
    click.echo(f"Accepted {target.relative_to(root.resolve())}: {plural(speakers, 'new speaker')}, "
               f"{plural(stubs, 'verdict stub')}. Next: claimset build")


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
@copy_argument
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format; json prints one JSON document on stdout and nothing else.")
@click.option("--max-failures", type=click.IntRange(min=0), default=10, show_default=True,
              help="Failing rows listed per rule (0 lists all); counts are always complete.")
def validate(path: Path, config: str | None, fmt: str, max_failures: int):
    """Check a copy of the data against the contract and explain every failure.

    PATH is the dataset folder (all configs and the cross-table rules), one Parquet, CSV or JSON Lines
    file, a save_to_disk folder, or a Hugging Face Hub repo id (ORG/NAME) that is no local path: the
    dataset repository's files, from the Hub cache (offline, the default; HF_HUB_OFFLINE=0 downloads
    them), validated as a dataset folder. Parquet, Arrow and save_to_disk copies must store each column as a
    type of the contract's kind (any integer width; string or large_string; date32, date64 or a timestamp
    at midnight; labels as indices or names); CSV and JSON Lines are judged by value. Exit status: 0 valid,
    1 invalid data, 2 unreadable input or a usage problem.

    Example:

    \b
        claimset validate dataset
        claimset validate statements.csv --config statements
        claimset validate dataset --format json --max-failures 0
        claimset validate my-org/claimset
    """
    from .api import check, hub_snapshot
    from .report import as_json, as_text

    report, _ = _unless_unreadable(check, _unless_unreadable(hub_snapshot, path), config)
    report.path = str(path)  # as the user named it: a repo id rather than its folder in the Hub cache
    click.echo(as_json(report, max_failures) if fmt == "json" else as_text(report, max_failures))
    sys.exit(0 if report.valid else 1)


EXPORT_FORMATS = ("csv", "jsonl", "claimreview")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".json": "claimreview"}
"""The export format an output file's extension implies: a .json file is one JSON document, which of the three
formats only ClaimReview writes (JSON Lines is .jsonl)."""


@cli.command()
@copy_argument
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="csv or jsonl: one table; claimreview: schema.org ClaimReview JSON-LD of every checked row  "
                   "[default: from the output's extension: .csv, .jsonl, .json (claimreview)]")
@click.option("--config", type=click.Choice(ALL_CONFIGS), default="statements", show_default=True,
              help="Table to export as csv or jsonl.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write ('-' for standard output); never inside the dataset or the inputs.")
@click.option("--raw", is_flag=True, help="CSV: keep cells that start with = + - @ exactly (for a round trip "
                                          "through claimset validate) instead of prefixing an apostrophe.")
@click.option("--base-url", default=None, metavar="URL",
              help="ClaimReview: the http(s) address where `claimset render` output is published; each review's "
                   "url is then its statement's place there. Without it the urls are relative to the site.")
def export(path: Path, fmt: str | None, config: str, output: Path, raw: bool, base_url: str | None):
    """Export validated data as CSV, JSON Lines or ClaimReview JSON-LD.

    Without --format, the output's extension decides: .csv is csv, .jsonl is jsonl, .json is claimreview
    (one JSON document). Labels are written as their names, dates as ISO 8601, lists as JSON arrays. CSV
    cells a spreadsheet would run as a formula get a leading apostrophe (--raw keeps them, so the CSV
    passes `claimset validate`); ClaimReview escapes < > & so it can sit in an HTML script block. The
    data must be valid first. The file is written whole or not at all.

    Example:

    \b
        claimset export dataset -o statements.csv
        claimset export dataset --config speakers -o speakers.jsonl
        claimset export dataset -o claimreview.json --base-url https://example.org/claims/
        claimset export dataset --format csv -o - | head
    """
    from . import export as exports
    from .files import unsafe_output, write_atomic

    to_stdout = str(output) == "-"
    if fmt is None:
        fmt = None if to_stdout else EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            named = "standard output" if to_stdout else repr(output.name)
            raise InputError(f"cannot tell the format of {named}; pass --format csv, jsonl or claimreview (or name "
                             "the file .csv, .jsonl or .json)")
    if base_url is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base_url):
        raise InputError(f"--base-url {base_url!r} is not an http or https address; give the rendered site's "
                         "address, e.g. https://example.org/claims/")
    if base_url is not None and fmt != "claimreview":
        raise InputError("--base-url is for ClaimReview only; drop it or export with --format claimreview")
    unsafe = None if to_stdout else unsafe_output(output, path, "file")
    if unsafe:
        raise InputError(f"refusing to export: {unsafe}")
    tables = _valid_tables(path, None, "exporting")
    if fmt == "claimreview":
        if not set(CONFIGS) <= set(tables):
            raise InputError(f"{path}: ClaimReview needs the dataset folder (statements, speakers and sources)")
        text = exports.to_claimreview(tables["statements"], tables["speakers"], tables["sources"], base_url)
        if base_url is None:
            click.echo("note: ClaimReview urls are relative to the rendered site (sources/<id>.html#<statement>); "
                       "pass --base-url with the site's address to make them absolute", err=True)
    elif config not in tables:
        raise InputError(f"{path} holds {', '.join(tables)}, not {config}; pass --config")
    else:
        text = exports.to_csv(tables[config], raw=raw) if fmt == "csv" else exports.to_jsonl(tables[config])
    if to_stdout:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"Wrote {output}.", err=True)


@cli.command()
@click.argument("dataset", type=click.Path(path_type=Path), default="dataset")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the site: new, empty, or one an earlier render wrote.")
def render(dataset: Path, output: Path):
    """Draw each source with its statements marked, as a static site that opens from the file system.

    The site folder must be new, empty, or a site claimset rendered before (it keeps a
    .claimset-site.json listing its pages); only those pages are ever replaced or removed, so files you
    put beside them survive. It is never the current folder, a repository, its inputs or a dataset.

    Example:

    \b
        claimset render dataset -o site
        claimset render -o /tmp/site && xdg-open /tmp/site/index.html
    """
    from .files import unsafe_output
    from .render import NotASite, render_site, write_site

    unsafe = unsafe_output(output, dataset, "site")
    if unsafe:
        raise InputError(f"refusing to render: {unsafe}")
    tables = _valid_tables(dataset, None, "rendering")
    if not set(CONFIGS) <= set(tables):
        raise InputError(f"{dataset}: rendering needs the dataset folder (statements, speakers and sources)")
    pages = render_site(tables["statements"], tables["speakers"], tables["sources"])
    try:
        write_site(pages, output)
    except NotASite as exc:
        raise InputError(str(exc)) from None
    click.echo(f"Wrote {plural(len(pages), 'page')} to {output}; open {output / 'index.html'}")


@cli.command()
@copy_argument
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def describe(path: Path, config: str | None, fmt: str):
    """Summarise a copy of the data: version, rows, claim types, speakers, verdicts, dates, check-worthy share.

    The version is a dataset folder's (from its croissant.json); a single file has none. JSON output holds
    "version" (null when there is none) and an entry per config.

    Example:

    \b
        claimset describe dataset
        claimset describe dataset --format json
    """
    from .api import load_valid
    from .summary import dataset_version, summarise, summary_text

    summary = summarise(_unless_unreadable(load_valid, path, config, strict=False))
    version = dataset_version(path) if path.is_dir() else None
    if fmt == "json":
        import json

        click.echo(json.dumps({"version": version, **summary}, ensure_ascii=False, indent=2))
    else:
        click.echo(summary_text(str(path), summary, version))
