"""`claimset validate` and `claimset describe`: each success paired with its failures."""
import json
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import DATASET, SOURCE_ID

STATEMENTS = "data/statements/train-00000-of-00001.parquet"
SPEAKERS = "data/speakers/train-00000-of-00001.parquet"
SOURCES = "data/sources/train-00000-of-00001.parquet"


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
    assert result.output == f"{DATASET}: valid (50 statements, 5 speakers, 1 sources).\n"


def test_json_report_of_valid_dataset():
    result = invoke("validate", DATASET, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["valid"] is True and doc["failures"] == [] and doc["counts"] == {}
    assert doc["rows"] == {"statements": 50, "speakers": 5, "sources": 1}


def test_single_parquet_file_config_inferred():
    for path, config in ((STATEMENTS, "statements"), (SPEAKERS, "speakers"), (SOURCES, "sources")):
        result = invoke("validate", DATASET / path)
        assert result.exit_code == 0
        assert result.output.endswith(f"valid ({ {'statements': 50, 'speakers': 5, 'sources': 1}[config]} {config}).\n")


def test_csv_export_with_label_names_is_valid(tmp_path):
    df = frame(DATASET / STATEMENTS)
    names = ["direct_quote", "reported_speech", "factual_claim", "attributed_position", "opinion", "prediction",
             "speculation"]
    df["claim_type"] = df["claim_type"].map(dict(enumerate(names)))
    df["evidence"] = df["evidence"].map(lambda e: json.dumps(list(e)))
    df.to_csv(tmp_path / "statements.csv", index=False)
    result = invoke("validate", tmp_path / "statements.csv")
    assert result.exit_code == 0
    assert result.output == f"{tmp_path / 'statements.csv'}: valid (50 statements).\n"


def test_jsonl_export_is_valid(tmp_path):
    frame(DATASET / STATEMENTS).to_json(tmp_path / "s.jsonl", orient="records", lines=True, date_format="iso")
    assert invoke("validate", tmp_path / "s.jsonl").exit_code == 0


def test_save_to_disk_folders_are_valid(tmp_path):
    import datasets

    datasets.load_dataset(str(DATASET), split="train").save_to_disk(str(tmp_path / "one"))
    datasets.load_dataset(str(DATASET), "speakers").save_to_disk(str(tmp_path / "dict"))
    assert invoke("validate", tmp_path / "one").output.endswith("valid (50 statements).\n")
    assert invoke("validate", tmp_path / "dict").output.endswith("valid (5 speakers).\n")


def test_bad_cells_in_a_csv_are_named(tmp_path):
    df = frame(DATASET / STATEMENTS).astype({"paragraph": object, "check_worthy": object})
    df.loc[0, "claim_type"] = 9
    df.loc[1, "paragraph"] = "two"
    df.loc[2, "check_worthy"] = "maybe"
    df.to_csv(tmp_path / "bad.csv", index=False)
    result = invoke("validate", tmp_path / "bad.csv")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{tmp_path / 'bad.csv'}: 3 failure(s) of 3 rule(s) (50 statements).",
        "statements.paragraph: wrong type — 1 row(s); expected a whole number (int32)",
        f"  {SOURCE_ID}-s002: 'two'",
        "statements.claim_type: wrong type — 1 row(s); expected a class index 0–6 or one of: direct_quote, "
        "reported_speech, factual_claim, attributed_position, opinion, prediction, speculation",
        f"  {SOURCE_ID}-s001: '9'",
        "statements.check_worthy: wrong type — 1 row(s); expected true or false",
        f"  {SOURCE_ID}-s002-1: 'maybe'",
    ]


def test_max_failures_limits_listing_not_counts(tmp_path):
    df = frame(DATASET / STATEMENTS)
    df["paragraph"] = 0
    write_like(DATASET / STATEMENTS, df, tmp_path / "s.parquet")
    result = invoke("validate", tmp_path / "s.parquet", "--max-failures", "2")
    assert result.exit_code == 1
    assert "statements.paragraph: greater_than_or_equal_to — 50 row(s); expected >= 1" in result.output
    assert "  … and 48 more" in result.output
    doc = json.loads(invoke("validate", tmp_path / "s.parquet", "--format", "json", "--max-failures", "2").output)
    assert doc["counts"] == {"statements.paragraph: greater_than_or_equal_to": 50}
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
    ("str_matches", "source_id", f"{SOURCE_ID}-s004", {"source_id": "Russia Japan"}),
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
    sources.loc[0, ["n_sentences", "n_paragraphs"]] = [36, 9]
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


@pytest.mark.parametrize("name, content, message", [
    ("empty.parquet", b"", "empty.parquet is empty; give a file with a header and rows"),
    ("junk.parquet", b"not parquet at all", "junk.parquet is not a readable Parquet file"),
    ("latin.csv", "statement_id\n\xe9\n".encode("latin-1"),
     "latin.csv is not UTF-8 (bad byte at offset 13); re-save it as UTF-8 CSV"),
    ("broken.jsonl", b'{"statement_id": "a"}\n{oops\n', "broken.jsonl: line 2 is not valid JSON"),
    ("sheet.xlsx", b"PK", "sheet.xlsx: unknown format '.xlsx'; give a .parquet, .csv or .jsonl file"),
    ("mystery.csv", b"x,y\n1,2\n",
     "mystery.csv: cannot tell which table this is from its columns (x, y); pass --config statements, "
     "speakers or sources"),
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
    assert lines[:3] == [str(DATASET), "statements: 50 rows", "  levels: sentence 35, span 15"]
    verdicts = frame(DATASET / STATEMENTS)["verdict"].value_counts()
    names = ["refuted", "mixed", "supported", "unverifiable", "not_checked"]
    assert "  verdicts: " + ", ".join(f"{names[i]} {verdicts[i]}" for i in range(5) if i in verdicts) in lines
    assert "  dates: 2018-01-01 to 2019-07-31" in lines
    worthy = int(frame(DATASET / STATEMENTS)["check_worthy"].sum())
    assert f"  check-worthy: {worthy} of 50 ({worthy / 50:.1%})" in lines


def test_describe_json_counts_claim_types():
    doc = json.loads(invoke("describe", DATASET, "--format", "json").output)
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
    assert "sources: missing config — 1 row(s); expected Parquet files for the sources config" in result.output


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
