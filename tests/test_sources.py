"""Source folders under hostile input: symlinks out of the repository, odd line endings, impossible dates, controls."""
import datetime as dt
import shutil

import pytest

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


WRAPPED = ("Report #2\nCity Hall\n\nThe mayor met the union and said the\ntalks would go on through the spring and\n"
           "into the summer if they had to.\n  \nNothing else was said.\n")


def test_a_wrapped_text_has_blocks_of_lines_as_paragraphs_and_the_same_offsets_unwrapped():
    from claimset.sources import paragraph_spans, unwrapped

    assert [WRAPPED[a:b] for a, b in paragraph_spans(WRAPPED)][:3] == [
        "Report #2", "City Hall", "The mayor met the union and said the"]
    blocks = [WRAPPED[a:b] for a, b in paragraph_spans(WRAPPED, wrapped=True)]
    assert blocks == ["Report #2\nCity Hall",
                      "The mayor met the union and said the\ntalks would go on through the spring and\n"
                      "into the summer if they had to.", "Nothing else was said."]
    view = unwrapped(WRAPPED)
    assert len(view) == len(WRAPPED) and view.count("\n") == 5  # the breaks around blank lines stay
    assert unwrapped(WRAPPED, short_lines=True).startswith("Report #2\nCity Hall\n\nThe mayor met the union and said the "
                                                             "talks")  # a heading's short lines keep their breaks


def test_a_hard_wrapped_text_is_told_from_one_with_a_paragraph_a_line():
    from claimset.sources import looks_wrapped

    assert looks_wrapped("The harbour board met the ferry operators on Monday and agreed\n"
                         "that the night crossings would start again in April, after a\n"
                         "winter in which the island had no boat after six in the\n"
                         "evening. The operators said they would need two more crews\n"
                         "and a second berth to keep to the timetable.\n")
    assert not looks_wrapped("The mayor met the union on Monday.\nShe said the talks would go on all spring.\n" * 3)
    assert not looks_wrapped("Short\nlines\nof a\npoem\n")


def test_line_breaks_other_than_paragraphs_or_wrapped_is_refused_on_its_line(repo):
    edit(repo / SOURCE / "source.yaml", "is_excerpt:", "line_breaks: hard\nis_excerpt:")
    result = build(repo, "--check")
    assert result.exit_code == 1
    assert (f"{SOURCE}/source.yaml:{line_of(repo / SOURCE / 'source.yaml', 'line_breaks')}: line_breaks 'hard' must "
            "be paragraphs (each line break ends a paragraph) or wrapped (a hard-wrapped text: blank lines end "
            "paragraphs)") in result.output.splitlines()


def test_a_list_of_items_is_no_hard_wrapped_text():
    from claimset.sources import looks_wrapped

    items = "".join(f"- the {n} berth of the west quay and the crane that serves its ferries\n"
                    for n in ("first", "second", "third", "fourth", "fifth"))
    assert not looks_wrapped(items)
    assert not looks_wrapped(items.replace("- ", "1. "))


@pytest.mark.parametrize("value, shown", [("true", "True"), ('""', ""), ("Wrapped", "Wrapped")])
def test_line_breaks_that_is_not_one_of_the_two_words_is_refused_on_its_own_line(repo, value, shown):
    edit(repo / SOURCE / "source.yaml", "is_excerpt:", f"line_breaks: {value}\nis_excerpt:")
    result = build(repo, "--check")
    assert result.exit_code == 1
    assert (f"{SOURCE}/source.yaml:{line_of(repo / SOURCE / 'source.yaml', 'line_breaks')}: line_breaks {shown!r} "
            "must be paragraphs (each line break ends a paragraph) or wrapped (a hard-wrapped text: blank lines end "
            "paragraphs)") in result.output.splitlines()
