"""`claimset validate` and `claimset describe`: each success paired with its failures."""
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from claimset.cli import cli
from claimset.labels import VERDICTS
from conftest import COUNTS, DATASET, N_LABELS, N_SOURCES, N_SPEAKERS, N_STATEMENTS, ROWS, SOURCE_ID

STATEMENTS = "data/statements/train-00000-of-00001.parquet"
SPEAKERS = "data/speakers/train-00000-of-00001.parquet"
SOURCES = "data/sources/train-00000-of-00001.parquet"
ESSAY = pq.read_table(DATASET / STATEMENTS, columns=["source_id"]).column("source_id").to_pylist().index(SOURCE_ID)
"""Position of the essay's first statement in the committed table (stored in source id order): the faults below
are planted in the essay's rows, whichever sources come before it."""


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def frame(path):
    return pd.read_parquet(path)


def write_like(original, df, target):
    """Write ``df`` with the schema of the ``original`` Parquet file."""
    pq.write_table(pa.Table.from_pandas(df, schema=pq.read_schema(original), preserve_index=False), target)


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "dataset"
    shutil.copytree(DATASET, target)
    return target


def test_committed_dataset_is_valid():
    result = invoke("validate", DATASET)
    assert result.exit_code == 0
    assert result.output == f"{DATASET}: valid ({ROWS}).\n"


def test_json_report_of_valid_dataset():
    result = invoke("validate", DATASET, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["valid"] is True and doc["failures"] == [] and doc["counts"] == {}
    assert doc["rows"] == {"statements": N_STATEMENTS, "speakers": N_SPEAKERS, "sources": N_SOURCES, "labels": N_LABELS}


def test_single_parquet_file_config_inferred():
    for path, config in ((STATEMENTS, "statements"), (SPEAKERS, "speakers"), (SOURCES, "sources")):
        result = invoke("validate", DATASET / path)
        assert result.exit_code == 0
        assert result.output.endswith(f"valid ({ {'statements': N_STATEMENTS, 'speakers': N_SPEAKERS, 'sources': N_SOURCES}[config]} {config}).\n")


def test_csv_export_with_label_names_is_valid(tmp_path):
    df = frame(DATASET / STATEMENTS)
    names = ["direct_quote", "reported_speech", "factual_claim", "attributed_position", "opinion", "prediction",
             "speculation"]
    df["claim_type"] = df["claim_type"].map(dict(enumerate(names)))
    df["evidence"] = df["evidence"].map(lambda e: json.dumps(list(e)))
    df.to_csv(tmp_path / "statements.csv", index=False)
    result = invoke("validate", tmp_path / "statements.csv")
    assert result.exit_code == 0
    assert result.output == f"{tmp_path / 'statements.csv'}: valid ({N_STATEMENTS} statements).\n"


def test_jsonl_export_is_valid(tmp_path):
    frame(DATASET / STATEMENTS).to_json(tmp_path / "s.jsonl", orient="records", lines=True, date_format="iso")
    assert invoke("validate", tmp_path / "s.jsonl").exit_code == 0


def test_save_to_disk_folders_are_valid(tmp_path):
    import datasets

    datasets.load_dataset(str(DATASET), split="train").save_to_disk(str(tmp_path / "one"))
    datasets.load_dataset(str(DATASET), "speakers").save_to_disk(str(tmp_path / "dict"))
    assert invoke("validate", tmp_path / "one").output.endswith(f"valid ({N_STATEMENTS} statements).\n")
    assert invoke("validate", tmp_path / "dict").output.endswith(f"valid ({N_SPEAKERS} speakers).\n")


def test_bad_cells_in_a_csv_are_named(tmp_path):
    df = frame(DATASET / STATEMENTS).astype({"paragraph": object, "check_worthy": object})
    df.loc[ESSAY, "claim_type"] = 9
    df.loc[ESSAY + 1, "paragraph"] = "two"
    df.loc[ESSAY + 2, "check_worthy"] = "maybe"
    df.to_csv(tmp_path / "bad.csv", index=False)
    result = invoke("validate", tmp_path / "bad.csv")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{tmp_path / 'bad.csv'}: 3 failures of 3 rules ({N_STATEMENTS} statements).",
        "statements.paragraph: wrong type — 1 row; expected a whole number (int32)",
        f"  {SOURCE_ID}-s002: 'two'",
        "statements.claim_type: wrong type — 1 row; expected a class index 0–6 or one of: direct_quote, "
        "reported_speech, factual_claim, attributed_position, opinion, prediction, speculation",
        f"  {SOURCE_ID}-s001: '9'",
        "statements.check_worthy: wrong type — 1 row; expected true or false",
        f"  {SOURCE_ID}-s002-1: 'maybe'",
    ]


def test_max_failures_limits_listing_not_counts(tmp_path):
    df = frame(DATASET / STATEMENTS)
    df["paragraph"] = 0
    write_like(DATASET / STATEMENTS, df, tmp_path / "s.parquet")
    result = invoke("validate", tmp_path / "s.parquet", "--max-failures", "2")
    assert result.exit_code == 1
    assert f"statements.paragraph: greater_than_or_equal_to — {N_STATEMENTS} rows; expected >= 1" in result.output
    assert f"  … and {N_STATEMENTS - 2} more" in result.output
    doc = json.loads(invoke("validate", tmp_path / "s.parquet", "--format", "json", "--max-failures", "2").output)
    assert doc["counts"] == {"statements.paragraph: greater_than_or_equal_to": N_STATEMENTS}
    assert len(doc["failures"]) == 2 and doc["truncated"] is True


def test_missing_and_extra_columns(tmp_path):
    df = frame(DATASET / STATEMENTS).drop(columns=["cue"]).assign(mood="calm")
    df.to_parquet(tmp_path / "s.parquet")
    result = invoke("validate", tmp_path / "s.parquet", "--format", "json")
    assert result.exit_code == 1
    failures = {(f["rule"], f["column"]) for f in json.loads(result.output)["failures"]}
    assert ("missing column", "cue") in failures and ("unexpected column", "mood") in failures


# One planted fault per rule: (rule name, column, the row it is planted on, the change).
TABLE_FAULTS = [
    ("wrong type", "claim_type", f"{SOURCE_ID}-s001", {"claim_type": 9}),
    ("isin", "level", f"{SOURCE_ID}-s002", {"level": "clause"}),
    ("str_fullmatch", "source_id", f"{SOURCE_ID}-s004", {"source_id": "Russia Japan"}),
    ("greater_than_or_equal_to", "sentence", f"{SOURCE_ID}-s005", {"sentence": 0}),
    ("no surrounding whitespace", "cue", f"{SOURCE_ID}-s006", {"cue": " expected"}),
    ("valid EDTF", "event_date", f"{SOURCE_ID}-s008", {"event_date": "sometime"}),
    ("offsets ordered", None, f"{SOURCE_ID}-s009", {"char_end": 1354, "quote": ""}),
    ("quote length", None, f"{SOURCE_ID}-s010", {"quote": "This powerful public response"}),
    ("parent by level", None, f"{SOURCE_ID}-s011", {"parent_id": f"{SOURCE_ID}-s010"}),
    ("attributed_to by claim type", None, f"{SOURCE_ID}-s012", {"attributed_to": None}),
    ("claim for check-worthy", None, f"{SOURCE_ID}-s013", {"check_worthy": True}),
    ("date bounds", None, f"{SOURCE_ID}-s015", {"date_end": pd.Timestamp("2019-08-01").date()}),
    ("settled verdict evidence", None, f"{SOURCE_ID}-s016", {"verdict": 2}),
    ("list of non-empty strings", "evidence", f"{SOURCE_ID}-s017", {"evidence": [""]}),
]
CROSS_FAULTS = [
    ("unknown speaker", "speaker_id", f"{SOURCE_ID}-s001", {"speaker_id": "nobody", "speaker": "Nobody"}),
    ("speaker name mismatch", "speaker", f"{SOURCE_ID}-s002", {"speaker": "The author"}),
    ("unknown attributed_to", "attributed_to", f"{SOURCE_ID}-s012", {"attributed_to": "china-government"}),
    ("publication basis not the author's", "date_basis", f"{SOURCE_ID}-s001-x", None),
    ("not the publication date", "date", f"{SOURCE_ID}-s020",
     {"date": "2019-02", "date_start": pd.Timestamp("2019-02-01").date(),
      "date_end": pd.Timestamp("2019-02-28").date()}),
    ("dated after publication", "date", f"{SOURCE_ID}-s003",
     {"date": "2020", "date_start": pd.Timestamp("2020-01-01").date(),
      "date_end": pd.Timestamp("2020-12-31").date()}),
    ("parent not a sentence row", "parent_id", f"{SOURCE_ID}-s011-1", {"parent_id": f"{SOURCE_ID}-s011-9"}),
    ("span differs from its parent", "sentence", f"{SOURCE_ID}-s018-1", {"sentence": 17}),
    ("span outside its parent", "char_start", f"{SOURCE_ID}-s031-1",
     {"char_start": 4000, "quote": None}),
    ("quote not verbatim", "quote", f"{SOURCE_ID}-s021", {"quote": "Japan is a consistent UK ally in both military and "
                                                                   "political respects."}),
    ("no letter or digit", "quote", f"{SOURCE_ID}-s018", {"quote": "— …"}),
    ("unknown evidence statement", "evidence", f"{SOURCE_ID}-s008", {"evidence": ["statement:nowhere-s001"]}),
    ("sentences overlap", "char_start", f"{SOURCE_ID}-s025", {"char_start": 3290, "quote": None}),
    ("text not covered before this sentence", None, f"{SOURCE_ID}-s027", {"char_start": 3572, "quote": None}),
    ("sentence number out of order", "sentence", f"{SOURCE_ID}-s030", {"sentence": 31}),
    ("wrong paragraph number", "paragraph", f"{SOURCE_ID}-s032", {"paragraph": 7}),
    ("direct_quote not inside quotation marks", "quote", f"{SOURCE_ID}-s027-1",
     {"char_end": 3624, "quote": None}),
]


def plant(copy, faults):
    text = frame(copy / SOURCES).at[0, "text"]
    df = frame(DATASET / STATEMENTS)
    for _, _, row, change in faults:
        if change is None:
            continue
        index = df.index[df["statement_id"] == row][0]
        for column, value in change.items():
            df.at[index, column] = value
        if "quote" in change and change["quote"] is None:
            df.at[index, "quote"] = text[df.at[index, "char_start"]:df.at[index, "char_end"]]
    write_like(DATASET / STATEMENTS, df, copy / STATEMENTS)


def reported(result):
    return {(f["rule"], f["column"], f["row"]) for f in json.loads(result.output)["failures"]}


def test_one_planted_fault_per_table_rule_each_named(copy):
    plant(copy, TABLE_FAULTS)
    result = invoke("validate", copy, "--format", "json", "--max-failures", "0")
    assert result.exit_code == 1
    found = reported(result)
    for rule, column, row, _ in TABLE_FAULTS:
        assert (rule, column, row) in found, rule
    text = invoke("validate", copy, "--max-failures", "0").output
    for rule, column, row, _ in TABLE_FAULTS:
        assert f"{'statements.' + column if column else 'statements'}: {rule} — " in text and f"  {row}" in text


def test_one_planted_fault_per_cross_table_rule_each_named(copy):
    faults = [f for f in CROSS_FAULTS if f[3] is not None]
    plant(copy, faults)
    sources = frame(copy / SOURCES)
    sources.loc[sources["source_id"] == SOURCE_ID, ["n_sentences", "n_paragraphs"]] = [36, 9]
    write_like(DATASET / SOURCES, sources, copy / SOURCES)
    speakers = frame(copy / SPEAKERS)
    speakers.loc[speakers["speaker_id"] == "vladimir-putin", "kind"] = "author"
    write_like(DATASET / SPEAKERS, speakers, copy / SPEAKERS)
    result = invoke("validate", copy, "--format", "json", "--max-failures", "0")
    assert result.exit_code == 1
    found = reported(result)
    for rule, column, row, _ in faults:
        assert (rule, column, row) in found, rule
    assert ("publication basis not the author's", "date_basis", f"{SOURCE_ID}-s003") in found  # Putin as author
    assert ("wrong sentence count", "n_sentences", SOURCE_ID) in found
    assert ("wrong paragraph count", "n_paragraphs", SOURCE_ID) in found
    assert ("quotation without direct_quote span", "text", SOURCE_ID) in found


def test_readme_shows_the_real_explanation_of_a_quotation_fault(tmp_path, monkeypatch):
    """A direct_quote span one character short: the quotation lacks its span, the span its closing mark."""
    target = shutil.copytree(DATASET, tmp_path / "edited")
    df = frame(DATASET / STATEMENTS)
    i = df.index[df["statement_id"] == f"{SOURCE_ID}-s027-1"][0]
    df.loc[i, ["char_end", "quote"]] = [df.at[i, "char_end"] - 1, df.at[i, "quote"][:-1]]
    write_like(DATASET / STATEMENTS, df, target / STATEMENTS)
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "edited")
    assert result.exit_code == 1
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"$ claimset validate edited\n{result.output}" in readme, result.output


@pytest.mark.parametrize("name, content, message", [
    ("empty.parquet", b"", "empty.parquet is empty; give a file with a header and rows"),
    ("junk.parquet", b"not parquet at all", "junk.parquet is not a readable Parquet file"),
    ("latin.csv", "statement_id\n\xe9\n".encode("latin-1"),
     "latin.csv is not UTF-8 (bad byte at offset 13); re-save it as UTF-8 CSV"),
    ("broken.jsonl", b'{"statement_id": "a"}\n{oops\n', "broken.jsonl: line 2 is not valid JSON"),
    ("sheet.xlsx", b"PK", "sheet.xlsx: unknown format '.xlsx'; give a .parquet, .csv or .jsonl file"),
    ("mystery.csv", b"x,y\n1,2\n",
     "mystery.csv: cannot tell which table this is from its columns (x, y); pass --config statements, "
     "speakers, sources or labels"),
])
def test_unreadable_input_exits_2_with_one_line(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    result = invoke("validate", tmp_path / name)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("Error: ")


def test_truncated_parquet_exits_2(tmp_path):
    data = (DATASET / STATEMENTS).read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    result = invoke("validate", tmp_path / "cut.parquet")
    assert result.exit_code == 2
    assert "cut.parquet is not a readable Parquet file" in result.output


def test_missing_path_exits_2(tmp_path):
    result = invoke("validate", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.output == (f"Error: {tmp_path / 'nowhere'} does not exist; give a dataset folder or a .parquet, "
                             ".csv or .jsonl file\n")


def test_folder_without_data_exits_2(tmp_path):
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert "is not a dataset folder" in result.output


def test_config_option_for_a_partial_table(tmp_path):
    frame(DATASET / STATEMENTS)[["statement_id", "quote"]].to_csv(tmp_path / "p.csv", index=False)
    result = invoke("validate", tmp_path / "p.csv", "--config", "statements", "--format", "json")
    assert result.exit_code == 1
    missing = {f["column"] for f in json.loads(result.output)["failures"] if f["rule"] == "missing column"}
    assert "claim_type" in missing and "quote" not in missing


def test_json_output_is_only_json(copy):
    plant(copy, TABLE_FAULTS[:1])
    result = invoke("validate", copy, "--format", "json")
    assert json.loads(result.output)["valid"] is False


def test_describe_dataset():
    result = invoke("describe", DATASET)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    version = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))["version"]
    assert lines[:3] == [f"{DATASET} (version {version})", f"statements: {N_STATEMENTS} rows",
                         f"  levels: sentence {COUNTS['sentences']}, span {COUNTS['spans']}"]
    verdicts = frame(DATASET / STATEMENTS)["verdict"].value_counts()
    names = ["refuted", "mixed", "supported", "unverifiable", "not_checked"]
    assert "  verdicts: " + ", ".join(f"{names[i]} {verdicts[i]}" for i in range(5) if i in verdicts) in lines
    statements = frame(DATASET / STATEMENTS)
    assert f"  dates: {statements['date_start'].min():%Y-%m-%d} to {statements['date_end'].max():%Y-%m-%d}" in lines
    worthy = int(frame(DATASET / STATEMENTS)["check_worthy"].sum())
    assert f"  check-worthy: {worthy} of {N_STATEMENTS} ({worthy / N_STATEMENTS:.1%})" in lines


def test_describe_lists_every_source_with_its_licence():
    lines = invoke("describe", DATASET).output.splitlines()
    sources = frame(DATASET / "data/sources/train-00000-of-00001.parquet")
    at = lines.index("  licences (texts open to redistribute unless marked NOT OPEN):")
    listed = lines[at + 1:at + 1 + len(sources)]
    assert [line.split(":")[0].strip() for line in listed] == sorted(sources["source_id"])
    assert [line for line in listed if "NOT OPEN" in line] == [
        "    russia-japan-2019: NOT OPEN — Essay text: copyright of its unnamed author and original publisher, all "
        "rights reserved"]
    assert "    kremlin-2016-12-16-tokyo-press-statements: CC BY 4.0" in listed
    doc = json.loads(invoke("describe", DATASET, "--format", "json").output)
    assert doc["sources"]["licences"]["mofa-2019-06-29-osaka-summit"] == {
        "licence": "Public Data License (Version 1.0)", "open": True}


def test_describe_json_counts_claim_types():
    doc = json.loads(invoke("describe", DATASET, "--format", "json").output)
    assert doc["version"] == json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))["version"]
    df = frame(DATASET / STATEMENTS)
    assert sum(doc["statements"]["by_claim_type"].values()) == len(df)
    assert doc["statements"]["by_claim_type"]["opinion"] == int((df["claim_type"] == 4).sum())


def test_describe_unreadable_exits_2(tmp_path):
    result = invoke("describe", tmp_path / "none.parquet")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_hugging_face_exports_round_trip(tmp_path):
    import datasets

    statements = datasets.load_dataset(str(DATASET), split="train")
    speakers = datasets.load_dataset(str(DATASET), "speakers", split="train")
    statements.to_json(str(tmp_path / "s.jsonl"))      # dates as epoch milliseconds
    statements.to_csv(str(tmp_path / "s.csv"))
    speakers.to_csv(str(tmp_path / "sp.csv"))          # lists as numpy reprs: ['a' 'b']
    for name in ("s.jsonl", "s.csv", "sp.csv"):
        result = invoke("validate", tmp_path / name)
        assert result.exit_code == 0, result.output


def test_dataset_folder_missing_a_config_is_invalid(copy):
    shutil.rmtree(copy / "data" / "sources")
    result = invoke("validate", copy)
    assert result.exit_code == 1
    assert "sources: missing config — 1 row; expected Parquet files for the sources config" in result.output


def test_an_empty_sources_table_is_explained_not_a_crash(copy):
    """With no source text at all, every statement's source is unknown: said, not a traceback."""
    sources = copy / "data" / "sources" / "train-00000-of-00001.parquet"
    pq.write_table(pq.read_table(sources).slice(0, 0), sources)
    result = invoke("validate", copy)
    assert result.exit_code == 1
    statements = len(frame(copy / "data" / "statements" / "train-00000-of-00001.parquet"))
    assert (f"statements.source_id: unknown source — {statements} rows; expected a source_id of the sources table"
            in result.output)


@pytest.mark.parametrize("front", [
    "- a list\n", "just text\n", "configs: 5\n", "configs: [statements]\n", "configs: [null]\n",
    "configs:\n- config_name: statements\n  data_files: [5]\n",
    "configs:\n- config_name: statements\n  data_files: ['']\n",
    "configs:\n- config_name: statements\n  data_files: /etc/passwd\n",
    "configs:\n- config_name: statements\n  data_files: ../../x/*.parquet\n",
    "configs:\n- config_name: statements\n  data_files: data/statements/*.parquet\n",
])
def test_odd_card_front_matter_never_crashes(copy, front):
    (copy / "README.md").write_text(f"---\n{front}---\n# card\n", encoding="utf-8")
    result = invoke("validate", copy)
    assert result.exit_code in (0, 1, 2)
    assert result.output.strip()


def test_json_report_stays_valid_json_with_infinite_values(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"statement_id": "x-s001", "paragraph": Infinity}\n', encoding="utf-8")
    result = invoke("validate", tmp_path / "s.jsonl", "--config", "statements", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert any(f["value"] == "inf" for f in doc["failures"] if f["column"] == "paragraph")


# Issue #11: hostile copies end in one line (exit 2) or a report (exit 1), never a traceback.

def card(copy, front):
    (copy / "README.md").write_text(f"---\n{front}---\n# card\n", encoding="utf-8")
    return copy / "README.md"


@pytest.mark.parametrize("front, line, reason", [
    ("configs: " + "[" * 600 + "]" * 600 + "\n", 2, "nested deeper than 64 levels; flatten it"),
    ("".join(" " * i + f"k{i}:\n" for i in range(700)) + " " * 700 + "v\n", 66,
     "nested deeper than 64 levels; flatten it"),
    ("name: x\nconfigs: &c [*c]\n", 3, "self-referencing (an alias inside its own anchor); write the value out"),
])
def test_card_front_matter_nested_too_deep_is_unreadable_at_its_line(copy, front, line, reason):
    readme = card(copy, front)
    for command in ("validate", "describe"):
        result = invoke(command, copy)
        assert result.exit_code == 2
        assert result.output == f"Error: {readme}:{line}: the YAML front matter is {reason}\n"


def zero_rows(source, target):
    table = pq.read_table(source)
    pq.write_table(table.slice(0, 0), target)


def test_dataset_with_no_statements_is_reported_and_described(copy):
    zero_rows(DATASET / STATEMENTS, copy / STATEMENTS)
    result = invoke("validate", copy, "--max-failures", str(N_SOURCES))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # every source lacks its sentences, and every quotation in marks (each has its direct_quote span) its span
    statements = frame(DATASET / STATEMENTS)
    quotations = int(((statements["level"] == "span") & (statements["claim_type"] == 0)).sum())
    failures = N_SOURCES + quotations
    assert lines[:2] == [
        f"{copy}: {failures} failures of 2 rules (0 statements, {N_SPEAKERS} speakers, {N_SOURCES} sources, "
        f"{N_LABELS} labels).",
        f"sources.n_sentences: source without sentences — {N_SOURCES} rows; expected at least one sentence row "
        "per source"]
    assert f"  {SOURCE_ID}: 0" in lines
    assert (f"sources.text: quotation without direct_quote span — {quotations} rows; expected a direct_quote span "
            "row of exactly the words inside the marks") in lines
    described = invoke("describe", copy)
    assert described.exit_code == 0
    assert described.output.splitlines()[1:3] == ["statements: 0 rows", "  levels: none"]
    assert "  dates: none" in described.output.splitlines()
    import claimset

    with pytest.raises(claimset.InvalidDataError, match=rf"{failures} failures of 2 rules \(0 statements"):
        claimset.load(copy)


def test_tables_all_empty_are_valid_and_load_as_empty_frames(copy):
    for path in (STATEMENTS, SPEAKERS, SOURCES):
        zero_rows(DATASET / path, copy / path)
    assert invoke("validate", copy).output == (
        f"{copy}: valid (0 statements, 0 speakers, 0 sources, {N_LABELS} labels).\n")
    import claimset

    statements = claimset.load(copy)
    assert len(statements) == 0 and list(statements["claim_type"].cat.categories)[0] == "direct_quote"


def restored(column, values, kind):
    """The committed statements table with one column stored as ``kind``."""
    table = pq.read_table(DATASET / STATEMENTS)
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, kind))


def as_text(column):
    return [str(v) for v in pq.read_table(DATASET / STATEMENTS).column(column).to_pylist()]


WRONG_STORAGE = [  # column, its values as stored, the stored type, the line the user sees
    ("char_start", lambda: as_text("char_start"), pa.string(),
     "statements.char_start: physical type — stored as string; expected int32 (any integer width)"),
    ("check_worthy", lambda: [int(v) for v in pq.read_table(DATASET / STATEMENTS)["check_worthy"].to_pylist()],
     pa.int64(), "statements.check_worthy: physical type — stored as int64; expected bool"),
    ("date_start", lambda: as_text("date_start"), pa.large_string(),
     "statements.date_start: physical type — stored as large_string; expected date32 (or a timestamp at midnight)"),
    ("evidence", lambda: [json.dumps(v) for v in pq.read_table(DATASET / STATEMENTS)["evidence"].to_pylist()],
     pa.string(), "statements.evidence: physical type — stored as string; expected list<string>"),
    ("claim_type", lambda: [float(v) for v in pq.read_table(DATASET / STATEMENTS)["claim_type"].to_pylist()],
     pa.float64(), "statements.claim_type: physical type — stored as double; expected integer class indices "
                   "(int64) or string label names"),
]


@pytest.mark.parametrize("column, values, kind, line", WRONG_STORAGE)
def test_parquet_column_stored_as_another_kind_is_invalid_though_its_values_convert(tmp_path, column, values, kind,
                                                                                       line):
    pq.write_table(restored(column, values(), kind), tmp_path / "s.parquet")
    result = invoke("validate", tmp_path / "s.parquet")
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 's.parquet'}: 1 failure of 1 rule ({N_STATEMENTS} statements).\n{line}\n"


def test_stored_types_are_checked_in_dataset_folders_and_save_to_disk_copies(copy, tmp_path):
    import datasets

    table = restored("char_start", as_text("char_start"), pa.string())
    line = "statements.char_start: physical type — stored as string; expected int32 (any integer width)"
    pq.write_table(table, copy / STATEMENTS)
    result = invoke("validate", copy)
    assert result.exit_code == 1
    assert result.output == f"{copy}: 1 failure of 1 rule ({ROWS}).\n{line}\n"
    datasets.Dataset(table).save_to_disk(str(tmp_path / "saved"))
    result = invoke("validate", tmp_path / "saved", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output)["failures"] == [{
        "config": "statements", "rule": "physical type", "row": None, "column": "char_start", "value": "string",
        "expected": "int32 (any integer width)"}]


def test_stored_types_lenient_on_width_encoding_and_label_form_strict_on_midnight(tmp_path):
    import datetime as dt

    table = pq.read_table(DATASET / STATEMENTS)
    names = {"claim_type": ["direct_quote", "reported_speech", "factual_claim", "attributed_position", "opinion",
                            "prediction", "speculation"],
             "verdict": ["refuted", "mixed", "supported", "unverifiable", "not_checked"]}
    midnight = [dt.datetime.combine(d, dt.time()) for d in table["date_start"].to_pylist()]
    changes = {"claim_type": pa.array([names["claim_type"][i] for i in table["claim_type"].to_pylist()]),
               "verdict": pa.array([names["verdict"][i] for i in table["verdict"].to_pylist()], pa.large_string()),
               "char_start": table["char_start"].cast(pa.int64()), "paragraph": table["paragraph"].cast(pa.uint16()),
               "quote": table["quote"].cast(pa.large_string()), "level": table["level"].dictionary_encode(),
               "date_start": pa.array(midnight, pa.timestamp("ms")),
               "evidence": table["evidence"].cast(pa.list_(pa.large_string()))}
    for column, values in changes.items():
        table = table.set_column(table.schema.get_field_index(column), column, values)
    pq.write_table(table, tmp_path / "lenient.parquet")
    assert invoke("validate", tmp_path / "lenient.parquet").exit_code == 0
    midnight[ESSAY] += dt.timedelta(hours=12)
    pq.write_table(table.set_column(table.schema.get_field_index("date_start"), "date_start",
                                    pa.array(midnight, pa.timestamp("ms"))), tmp_path / "noon.parquet")
    result = invoke("validate", tmp_path / "noon.parquet")
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "statements.date_start: wrong type — 1 row; expected a date YYYY-MM-DD",
        f"  {SOURCE_ID}-s001: Timestamp('2019-01-01 12:00:00')"]


def test_a_timestamp_beyond_pythons_dates_is_a_wrong_type_not_a_crash(tmp_path):
    stored = pq.read_table(DATASET / STATEMENTS)["date_start"].cast(pa.timestamp("ms")).to_pylist()
    pq.write_table(restored("date_start", [10**16] + [int(v.timestamp() * 1000) for v in stored[1:]],
                            pa.timestamp("ms")), tmp_path / "far.parquet")
    for command in ("validate", "describe"):
        assert invoke(command, tmp_path / "far.parquet").exit_code == (1 if command == "validate" else 0)
    assert "statements.date_start: wrong type — 1 row; expected a date YYYY-MM-DD" in invoke(
        "validate", tmp_path / "far.parquet").output


def test_a_fifo_is_unreadable_not_empty_and_never_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.parquet")
    for command in ("validate", "describe"):
        result = invoke(command, tmp_path / "pipe.parquet")
        assert result.exit_code == 2
        assert result.output == (f"Error: {tmp_path / 'pipe.parquet'} is not a regular file (a FIFO); give a "
                                 ".parquet, .csv or .jsonl file\n")


@pytest.mark.parametrize("make, what", [
    (Path.mkdir, "is a folder, not a Parquet file; put the config's Parquet file in its place"),
    (os.mkfifo, "is not a regular file (a FIFO); put a Parquet file in its place"),
    (lambda p: p.symlink_to(p.with_name("gone.parquet")), "is a broken link; point it at a Parquet file or remove it"),
])
def test_a_data_file_that_is_no_file_is_unreadable_with_or_without_a_card(copy, make, what):
    (copy / STATEMENTS).unlink()
    make(copy / STATEMENTS)
    for command in ("validate", "describe", "validate"):
        result = invoke(command, copy)
        assert result.exit_code == 2
        assert result.output == f"Error: {copy / STATEMENTS} {what}\n"
        (copy / "README.md").unlink(missing_ok=True)  # then found as data/<config>/*.parquet


def denied(path):
    import errno

    return PermissionError(errno.EACCES, "Permission denied", str(path))


def test_a_file_that_cannot_be_opened_is_unreadable_with_the_fix(tmp_path, copy, monkeypatch):
    import pyarrow.parquet

    frame(DATASET / STATEMENTS).to_csv(tmp_path / "s.csv", index=False)
    shutil.copy(DATASET / STATEMENTS, tmp_path / "s.parquet")
    locked = {tmp_path / "s.csv", tmp_path / "s.parquet", copy / "README.md"}
    read_bytes, read_text, read_table = Path.read_bytes, Path.read_text, pyarrow.parquet.read_table

    def guard(original):
        def read(path, *args, **kwargs):
            if Path(path) in locked:
                raise denied(path)
            return original(path, *args, **kwargs)
        return read

    monkeypatch.setattr(Path, "read_bytes", guard(read_bytes))
    monkeypatch.setattr(Path, "read_text", guard(read_text))
    monkeypatch.setattr(pyarrow.parquet, "read_table", guard(read_table))
    for path in (tmp_path / "s.csv", tmp_path / "s.parquet"):
        result = invoke("validate", path)
        assert result.exit_code == 2
        assert result.output == (f"Error: {path} cannot be read (permission denied); check its permissions "
                                 "(chmod u+r) or run as its owner\n")
    result = invoke("describe", copy)
    assert result.exit_code == 2
    assert result.output == (f"Error: {copy / 'README.md'} cannot be read (permission denied); check its "
                             "permissions (chmod u+r) or run as its owner\n")
    is_file = Path.is_file

    def unsearchable(path):  # a folder without search permission: even stat() of its files is refused
        if path.parent == copy:
            raise denied(path)
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", unsearchable)
    result = invoke("validate", copy)
    assert result.exit_code == 2
    assert result.output == (f"Error: {copy / 'README.md'} cannot be read (permission denied); check its "
                             "permissions (chmod u+r) or run as its owner\n")


def test_a_card_pattern_that_is_no_glob_is_unreadable(copy):
    readme = card(copy, "configs:\n- config_name: statements\n  data_files: data/**x/*.parquet\n")
    result = invoke("validate", copy)
    assert result.exit_code == 2
    assert result.output == (f"Error: {readme}: the data_files pattern 'data/**x/*.parquet' is not a usable glob; "
                             "fix the card\n")


def test_a_json_number_too_long_for_python_is_unreadable(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"statement_id": "a-s001", "char_start": ' + "9" * 5000 + "}\n")
    result = invoke("validate", tmp_path / "s.jsonl", "--config", "statements")
    assert result.exit_code == 2
    assert result.output == (f"Error: {tmp_path / 's.jsonl'}: line 1 holds a number of more than 4300 digits; no "
                             "column of the contract holds one that long\n")


LABELS = "data/labels/train-00000-of-00001.parquet"
NO_LABELS_NOTE = ("note: no labels config (a copy made before it was published); the label "
                  "columns were checked against the contract's names")


def as_before_labels(copy):
    """The copy as version 1.0.0 was published: no labels config, and a card that lists three configs."""
    shutil.rmtree(copy / "data" / "labels")
    card = (copy / "README.md").read_text(encoding="utf-8")
    entry = f"- config_name: labels\n  data_files:\n  - split: train\n    path: {LABELS}\n"
    assert entry in card
    (copy / "README.md").write_text(card.replace(entry, ""), encoding="utf-8")
    return copy


def test_a_copy_made_before_the_labels_config_is_valid_with_a_note(copy):
    from conftest import DATA_ROWS

    as_before_labels(copy)
    result = invoke("validate", copy)
    assert (result.exit_code, result.output) == (0, f"{copy}: valid ({DATA_ROWS}).\n{NO_LABELS_NOTE}\n")
    doc = json.loads(invoke("validate", copy, "--format", "json").output)
    assert doc["valid"] and doc["notes"] == [NO_LABELS_NOTE[len("note: "):]] and "labels" not in doc["rows"]
    # stored otherwise (labels as names: what pandas makes of a load), the full validator says the same
    statements = frame(copy / STATEMENTS)
    statements["verdict"] = [VERDICTS[i] for i in statements["verdict"]]
    statements.to_parquet(copy / STATEMENTS)
    result = invoke("validate", copy)
    assert (result.exit_code, result.output) == (0, f"{copy}: valid ({DATA_ROWS}).\n{NO_LABELS_NOTE}\n")
    import claimset

    assert list(claimset.load(copy)["verdict"].cat.categories) == VERDICTS


def test_a_labels_config_that_names_an_index_otherwise_than_the_contract_is_invalid(copy):
    labels = frame(copy / LABELS)
    labels.loc[labels["name"] == "mixed", "name"] = "mixd"
    write_like(DATASET / LABELS, labels, copy / LABELS)
    result = invoke("validate", copy)
    assert (result.exit_code, result.output) == (1, (
        f"{copy}: 1 failure of 1 rule ({ROWS}).\n"
        "labels: label not the contract's — 1 row; expected one row per label of the contract's label columns, "
        "with its name, description and ordered\n"
        "  mixd: 'statements.verdict 1: the contract names it mixed'\n"))


def test_a_single_labels_file_is_held_to_the_contract_too(copy):
    """Not only a whole folder: a labels file alone is compared with the contract (names, meanings, order)."""
    labels = frame(copy / LABELS)
    labels.loc[labels["name"] == "refuted", "ordered"] = False
    write_like(DATASET / LABELS, labels, copy / LABELS)
    result = invoke("validate", copy / LABELS)
    assert (result.exit_code, result.output) == (1, (
        f"{copy / LABELS}: 1 failure of 1 rule (12 labels).\n"
        "labels: label not the contract's — 1 row; expected one row per label of the contract's label columns, "
        "with its name, description and ordered\n"
        "  refuted: 'statements.verdict 0: the contract says ordered true'\n"))


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """A Hugging Face Hub cache, laid out as huggingface_hub lays it out, holding a copy of the committed dataset
    as the dataset repository my-org/claimset; offline, from a folder where no path my-org/… exists."""
    import huggingface_hub.constants

    repo = tmp_path / "hub" / "datasets--my-org--claimset"
    commit = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    shutil.copytree(DATASET, repo / "snapshots" / commit)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.chdir(tmp_path)
    return repo / "snapshots" / commit


def test_a_hub_repo_id_is_validated_from_the_hub_cache(hub_cache):
    result = invoke("validate", "my-org/claimset")
    assert (result.exit_code, result.output) == (0, f"my-org/claimset: valid ({ROWS}).\n")
    sources = frame(hub_cache / SOURCES)
    sources.loc[sources["source_id"] == SOURCE_ID, "n_paragraphs"] += 1
    write_like(DATASET / SOURCES, sources, hub_cache / SOURCES)
    result = invoke("validate", "my-org/claimset")
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        f"my-org/claimset: 1 failure of 1 rule ({ROWS}).",
        f"sources.n_paragraphs: wrong paragraph count — 1 row; expected "
        f"{int(sources.loc[sources['source_id'] == SOURCE_ID, 'n_paragraphs'].iloc[0]) - 1}, the number of "
        "paragraphs of its text",
        f"  {SOURCE_ID}: {int(sources.loc[sources['source_id'] == SOURCE_ID, 'n_paragraphs'].iloc[0])}"]


def test_a_hub_repo_id_not_in_the_cache_offline_is_one_line_exit_2(hub_cache):
    result = invoke("validate", "my-org/nothing")
    assert (result.exit_code, result.output) == (2, (
        "Error: my-org/nothing is no file or folder here, and as a Hugging Face repo id it is not in the Hub cache "
        "and the Hub cannot be reached (offline: HF_HUB_OFFLINE); fetch it once online (hf download my-org/nothing "
        "--repo-type dataset), or give a local path\n"))
    missing = invoke("validate", "dataset/missing.parquet")  # a path, not a repo id: the reader's own message
    assert missing.exit_code == 2 and "Hugging Face" not in missing.output and "missing.parquet" in missing.output


@pytest.mark.parametrize("path", ["backups/dataset--old", "out/copy.git", "org/name.."])
def test_a_missing_path_shaped_like_org_name_but_no_repo_id_is_a_missing_path(hub_cache, path):
    """'a/b--c' has the shape ORG/NAME but the Hub allows no such repo id: it is a path that does not exist."""
    result = invoke("validate", path)
    assert (result.exit_code, result.output) == (
        2, f"Error: {path} does not exist; give a dataset folder or a .parquet, .csv or .jsonl file\n")
