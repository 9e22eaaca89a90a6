"""Source folders under hostile input: symlinks out of the repository, odd line endings, impossible dates, controls."""
import datetime as dt
import shutil

from click.testing import CliRunner

from claimset.cli import cli
from conftest import SOURCE_ID, edit, line_of

SOURCE = f"sources/{SOURCE_ID}"


def build(repo, *extra):
    result = CliRunner().invoke(cli, ["build", "--root", str(repo), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def test_text_symlinked_out_of_the_repository_is_refused(repo, tmp_path):
    outside = tmp_path / "outside.txt"
    shutil.move(repo / SOURCE / "text.txt", outside)
    (repo / SOURCE / "text.txt").symlink_to(outside)
    result = build(repo)
    assert result.exit_code == 1
    assert (f"{SOURCE}/text.txt: {SOURCE}/text.txt is a symlink to {outside}, outside the repository; copy the file "
            "into the repository instead") in result.output
    assert not (repo / "dataset").exists()


def test_source_folder_symlinked_out_of_the_repository_is_refused(repo, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.move(repo / SOURCE, outside)
    (repo / SOURCE).symlink_to(outside, target_is_directory=True)
    result = build(repo)
    assert result.exit_code == 1
    assert f"{SOURCE}: {SOURCE} is a symlink to {outside}, outside the repository" in result.output


def test_symlink_inside_the_repository_is_read_and_said(repo):
    (repo / "texts").mkdir()
    shutil.move(repo / SOURCE / "text.txt", repo / "texts" / "essay.txt")
    (repo / SOURCE / "text.txt").symlink_to(repo / "texts" / "essay.txt")
    result = build(repo)
    assert result.exit_code == 0, result.output
    assert f"note: {SOURCE}/text.txt is a symlink; read from texts/essay.txt\n" in result.output


def test_cr_only_line_endings_are_refused_not_miscounted(repo):
    import hashlib

    text = (repo / SOURCE / "text.txt").read_bytes().replace(b"\n", b"\r")
    (repo / SOURCE / "text.txt").write_bytes(text)
    edit(repo / SOURCE / "source.yaml", "sha256: 100e8", f"sha256: {hashlib.sha256(text).hexdigest()}\n# was: 100e8")
    result = build(repo, "--check")
    assert result.exit_code == 1
    assert (f"{SOURCE}/text.txt: has line breaks that are a lone CR (old Mac style), which would be counted as one "
            "paragraph; convert them to LF") in result.output


def test_reversed_interval_is_reported_once_on_its_line(repo):
    edit(repo / SOURCE / "source.yaml", "published: 2019-01/2019-07", "published: 2019-07/2019-01")
    result = build(repo, "--check")
    assert result.exit_code == 1
    line = line_of(repo / SOURCE / "source.yaml", "published: 2019-07/2019-01")
    assert result.output.splitlines()[0] == (
        f"{SOURCE}/source.yaml:{line}: published '2019-07/2019-01' is not a valid EDTF date or interval, or ends "
        "before it starts (e.g. 2019-03 or 2019-01/2019-07)")
    assert result.output.count("\n") == 2  # that problem, and the summary


def test_control_characters_in_names_are_refused(repo):
    edit(repo / SOURCE / "source.yaml", 'title: "Essay excerpt', 'title: "Essay\\0 excerpt')
    edit(repo / "speakers.yaml", "name: Vladimir Putin", 'name: "Vladimir\\x1b[2J Putin"')
    result = build(repo, "--check")
    assert result.exit_code == 1
    title_line = line_of(repo / SOURCE / "source.yaml", "title:")
    assert f"{SOURCE}/source.yaml:{title_line}: title holds a control character (\\x00); remove it" in result.output
    assert "vladimir-putin: control character in name (\\x1b); remove it" in result.output


def test_checked_on_in_the_future_is_refused(repo):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    text = (repo / "verdicts.yaml").read_text(encoding="utf-8")
    current = next(line for line in text.splitlines() if line.startswith("checked_on:"))
    edit(repo / "verdicts.yaml", current, f"checked_on: {tomorrow}")
    result = build(repo, "--check")
    assert result.exit_code == 1
    line = line_of(repo / "verdicts.yaml", "checked_on:")
    assert (f"verdicts.yaml:{line}: checked_on {tomorrow} is in the future; give the date the checking was done "
            "(today at the latest)") in result.output
