"""The card describes whatever sources the repository holds: figures, titles and licences come from the
tables, the prose from dataset.yaml, and no module says anything about one particular source. Also: the
card/publish/croissant modules (and every other) import on their own, and no two modules import each other."""
import ast
import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from claimset import contract
from claimset.card import render_card
from claimset.cli import cli
from claimset.dataset_info import DATASET_FILE, load_dataset_info
from claimset.errors import InvalidInput
from claimset.pipeline import assemble
from claimset.publish import publish
from claimset.verdicts import Checking
from conftest import N_SOURCES, ROOT, SOURCE_ID, copy_inputs, edit

FIXTURE = ROOT / "tests" / "fixtures" / "harbour-news"
NEWS = "harbour-news-2024"
NEWS_TITLE = "Harbour authority approves night ferries"
NEWS_LICENCE = "Fictional text written for the claimset tests; CC0 1.0, no rights reserved."


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def inputs(parent):
    """A private copy of the curated inputs, dataset.yaml included."""
    repo = copy_inputs(parent)
    shutil.copy(ROOT / DATASET_FILE, repo / DATASET_FILE)
    return repo


def read(dataset):
    card = (dataset / "README.md").read_text(encoding="utf-8")
    tables = {c: pd.read_parquet(dataset / f"data/{c}/train-00000-of-00001.parquet")
              for c in ("statements", "speakers", "sources")}
    return card, tables


def table(card: str, header: str) -> list[list[str]]:
    """The cells of each body row of the Markdown table whose header line starts with ``header``."""
    lines = card[card.index("\n" + header) + 1:].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory):
    """The essay's repository with the harbour news text added through add-source, draft and accept."""
    repo = inputs(tmp_path_factory.mktemp("two-sources"))
    assert run("add-source", FIXTURE / "text.txt", "--id", NEWS, "--title", NEWS_TITLE, "--published", "2024-03-05",
               "--root", repo).exit_code == 0
    meta = repo / "sources" / NEWS / "source.yaml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^license: .*$", f"license: {json.dumps(NEWS_LICENCE)}", text)
    meta.write_text(text.replace("publisher: null", 'publisher: "Port Ellin Gazette"'), encoding="utf-8")
    assert run("draft", NEWS, "--root", repo).exit_code == 0
    assert run("accept", NEWS, "--root", repo).exit_code == 0
    built = run("build", "--root", repo)
    assert built.exit_code == 0, built.output
    card, tables = read(repo / "dataset")
    return repo, card, tables


def test_the_per_source_table_lists_both_sources_and_adds_up(two_sources):
    _, card, tables = two_sources
    st, so = tables["statements"], tables["sources"]
    assert len(so) == N_SOURCES + 1  # the corpus and the news
    rows = {row[0]: row for row in table(card, "| Source | Title |")}
    assert set(rows) == {f"`{s}`" for s in so["source_id"]} | {f"**All {len(so)} sources**"}
    for source in so.itertuples():
        row = rows[f"`{source.source_id}`"]
        mine = st[st["source_id"] == source.source_id]
        assert row[1] == source.title.replace("|", "\\|")
        assert row[4] == f"`{source.published}`"
        assert [int(cell) for cell in row[6:]] == [source.n_paragraphs, source.n_sentences,
                                                   int((mine["level"] == "span").sum()),
                                                   int(mine["check_worthy"].sum())]
    assert rows[f"`{NEWS}`"][1] == NEWS_TITLE and rows[f"`{NEWS}`"][3] == "Port Ellin Gazette"
    total = [int(cell) for cell in rows[f"**All {len(so)} sources**"][6:]]
    assert total == [int(so["n_paragraphs"].sum()), int(so["n_sentences"].sum()), int((st["level"] == "span").sum()),
                     int(st["check_worthy"].sum())]
    assert total[1] == int((st["level"] == "sentence").sum())


def test_the_summary_and_the_claim_type_table_count_both_sources(two_sources):
    _, card, tables = two_sources
    st, sp, so = tables["statements"], tables["speakers"], tables["sources"]
    sentences = int((st["level"] == "sentence").sum())
    assert (f"The dataset covers {len(so)} sources (listed under Source Data), {sentences} sentences in all. Each "
            f"sentence is one `sentence` row, and {len(st) - sentences} `span` rows") in card
    assert f"{int(st['check_worthy'].sum())} of the {len(st)} rows are check-worthy" in card
    assert f"`statements` (default, {len(st)} rows)" in card and f"`sources` ({len(so)} rows, including" in card
    assert f"`speakers` ({len(sp)} rows), `sources`" in card and "and `labels` (12 rows: the name and meaning" in card
    by_type = table(card, "| Index | Claim type |")
    assert sum(int(row[2]) + int(row[3]) for row in by_type) == len(st)
    assert sum(int(row[4]) for row in by_type) == int(st["check_worthy"].sum())
    spoken = {row[0].strip("`"): int(row[6]) for row in table(card, "| speaker_id | Name |")}
    assert spoken == {s: int((st["speaker_id"] == s).sum()) for s in sp["speaker_id"]}
    assert spoken["mara-okafor"] > 0 and spoken[f"{SOURCE_ID}-author"] > 0
    assert f"`en` ({len(so)} sources)" in card


def test_both_licences_are_in_the_card_and_in_croissant(two_sources):
    repo, card, tables = two_sources
    licensing = card[card.index("### Licensing Information"):card.index("### Citation Information")]
    essay_licence = " ".join(tables["sources"].set_index("source_id").at[SOURCE_ID, "license"].split())
    assert f"- `{SOURCE_ID}`: {essay_licence}" in licensing
    assert f"- `{NEWS}`: {NEWS_LICENCE}" in licensing
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in licensing
    assert "The source's `license` field" not in card  # the single-source wording is gone
    licences = json.loads((repo / "dataset" / "croissant.json").read_text(encoding="utf-8"))["license"]
    assert (licences[0]["name"], licences[0]["url"]) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    terms = {work["description"] for work in licences[1:]}
    assert f"The terms of the source text {NEWS}: {NEWS_LICENCE}" in terms
    assert any(text.startswith(f"The terms of the source text {SOURCE_ID}: {essay_licence} {SOURCE_ID} is included "
                               "because: ") for text in terms)


def test_the_second_annotation_is_said_of_its_source_only(two_sources):
    _, card, tables = two_sources
    so = tables["sources"].set_index("source_id")
    process = card[card.index("#### Annotation process"):card.index("#### Guidelines")]
    assert f"A second annotator labelled all {so.at[SOURCE_ID, 'n_sentences']} sentences of `{SOURCE_ID}`." in process
    assert "The disagreements (sentences 6 and 22) are recorded among the borderline decisions below." in process
    unlabelled = process[process.index("No second annotator labelled"):].split(".\n", 1)[0]
    assert f"`{NEWS}`" in unlabelled and f"`{SOURCE_ID}`" not in unlabelled


NEUTRAL = """\
name: harbour-only
pretty_name: "A neutral card"
version: "1.0.0"
summary: A collection of texts.
hub:
  license: cc-by-4.0
  task_categories: [text-classification]
annotations_license: {name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
curators: The curators.
contact: The curators.
citation: "@misc{neutral, title = {Neutral}}"
rationale: To test.
process: One curator.
guidelines:
  - {title: Sentences, text: One row each.}
speakers: By name.
annotators: The curators.
personal_information: Public roles only.
checking_limits: None known.
social_impact: None known.
biases: None known.
direct_use: Reading the statements.
out_of_scope_use: None known.
recommendations: None.
"""
ABOUT_THE_ESSAY = ["essay", "russia", "japan", "putin", "abe", "moscow", "tokyo", "35 sentences", "2019"]


def test_nothing_in_the_code_is_about_the_essay(two_sources, tmp_path):
    """The card of the news source alone, with neutral prose, says nothing of the essay: every such sentence in
    the essay's card comes from its data or its dataset.yaml."""
    repo, _, _ = two_sources
    (tmp_path / DATASET_FILE).write_text(NEUTRAL, encoding="utf-8")
    info = load_dataset_info(tmp_path)
    frames = assemble(repo).frames()
    st = frames["statements"][frames["statements"]["source_id"] == NEWS].reset_index(drop=True)
    named = set(st["speaker_id"]) | set(st["attributed_to"].dropna())
    tables = {"statements": st, "sources": frames["sources"][frames["sources"]["source_id"] == NEWS],
              "speakers": frames["speakers"][frames["speakers"]["speaker_id"].isin(named)]}
    sizes = {config: (len(frame), 1, 1) for config, frame in tables.items()} | {"labels": (12, 1, 1)}
    card = render_card(tables, sizes, Checking(pd.Timestamp("2024-04-01").date(), "Read the records."), info)
    text = card.replace(contract.as_markdown(heading_level=4), "").lower()  # the schema's own wording aside
    assert NEWS_TITLE.lower() in text and "a neutral card" in text
    assert [word for word in ABOUT_THE_ESSAY if re.search(rf"\b{word}\b", text)] == []


@pytest.fixture(scope="module")
def essay(tmp_path_factory):
    """The essay's repository, built once."""
    repo = inputs(tmp_path_factory.mktemp("essay"))
    assert run("build", "--root", repo).exit_code == 0
    return repo, read(repo / "dataset")[0]


def test_the_card_follows_the_labels_the_metadata_and_dataset_yaml(essay, tmp_path):
    repo, before = essay
    repo = shutil.copytree(repo, tmp_path / "repo")
    counts = {row[1].strip("`"): (int(row[2]), int(row[3])) for row in table(before, "| Index | Claim type |")}
    edit(repo / f"sources/{SOURCE_ID}/annotations.yaml", "claim_type: prediction", "claim_type: speculation")
    edit(repo / f"sources/{SOURCE_ID}/source.yaml", "(untitled in the source)", "(retitled)")
    edit(repo / DATASET_FILE, 'pretty_name: "claimset: who said what', 'pretty_name: "Renamed: who said what')
    assert run("build", "--root", repo).exit_code == 0
    card, tables = read(repo / "dataset")
    after = {row[1].strip("`"): (int(row[2]), int(row[3])) for row in table(card, "| Index | Claim type |")}
    assert after["prediction"] == (counts["prediction"][0] - 1, counts["prediction"][1])
    assert after["speculation"] == (counts["speculation"][0] + 1, counts["speculation"][1])
    assert "- **`prediction`** — " in card and "  No row has this type yet." in card
    title = tables["sources"].set_index("source_id").at[SOURCE_ID, "title"]
    assert title.endswith("(retitled)") and f"| {title} |" in card and "(untitled in the source)" not in card
    assert card.count("Renamed: who said what about the Russia") == 2  # front matter and heading
    croissant = json.loads((repo / "dataset" / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["alternateName"].startswith("Renamed: who said what")


# --- dataset.yaml problems -------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ('version: "1.0.0"', 'version: "1.0.0"\nsummary_old: 1', "{summary_old}: unknown key(s): summary_old; allowed:"),
    ('version: "1.0.0"', 'version: "1.0"', "{version}: version '1.0' must be MAJOR.MINOR.PATCH (e.g. 1.0.0); claimset"),
    ("citation: |-\n  @misc{claimset_russia_japan_2019,", "citation: |-\n  @misc{claimset_russia_japan_2019,\n"
     "    version = {2},", "{citation}: citation: remove the version field; the build adds it from dataset.yaml's version"),
    ("restricted_texts:\n  - source_id: russia-japan-2019\n    reason:",
     "restricted_texts:\n  source_id: russia-japan-2019\n  reason:",
     "{restricted_texts}: restricted_texts must be a list of {source_id, reason}"),
    ("curators: The claimset developers.", "curators: [The claimset developers.]", "{curators}: curators must be text"),
    ("name: claimset-russia-japan-2019", "name: Claimset Russia", "{name}: name 'Claimset Russia' is not a lowercase"),
    ("  license: other", "  license: other\n  configs: []", "{configs}: hub: configs is written by the build"),
    ("  license: other", "  license: other\n  license_link: https://example.org/terms",
     "{license_link}: hub: license_link is written by the build"),
    ("  license: other", "  license: other\n  license_details: All mine.", "{license_details}: hub: unknown key(s): "
     "license_details; allowed:"),
    ("    kappa: 0.93", "    kappa: 1.5", "{kappa}: agreement for russia-japan-2019: kappa must be Cohen's"),
    ("    disagreements: [6, 22]", "    disagreements: [6, 99]",
     "{disagreements}: agreement for russia-japan-2019: disagreements must be a list of sentence numbers"),
    ("  url: https://creativecommons", "  url: ftp://creativecommons", "{url}: annotations_license.url 'ftp:"),
    ("citation: |-\n  @misc", "citation: |-\n  misc", "{citation}: citation must be a BibTeX entry"),
])
def test_a_malformed_dataset_yaml_is_one_line_with_its_line(tmp_path, old, new, message):
    text = (ROOT / DATASET_FILE).read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    (tmp_path / DATASET_FILE).write_text(changed, encoding="utf-8")
    key = re.search(r"\{(\w+)\}", message).group(1)
    line = next(n for n, text in enumerate(changed.splitlines(), 1) if re.match(rf"\s*{key}:", text))
    with pytest.raises(InvalidInput) as caught:
        load_dataset_info(tmp_path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1 and problems[0].startswith(f"dataset.yaml:{line}: " + message.split(": ", 1)[1]), \
        problems


def test_a_missing_or_contradicted_dataset_yaml_stops_the_publish_before_anything_is_written(essay, tmp_path):
    repo, _ = essay
    built = assemble(repo)
    out = tmp_path / "out" / "dataset"
    with pytest.raises(InvalidInput) as caught:
        publish(built, out, root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"dataset.yaml: missing in {tmp_path}; the card and the Croissant metadata take the dataset's name, summary, "
        "licence and citation from it (see README, Curate)"]
    text = (ROOT / DATASET_FILE).read_text(encoding="utf-8").replace("- source_id: russia-japan-2019",
                                                                     "- source_id: another-source", 1)
    (tmp_path / DATASET_FILE).write_text(text, encoding="utf-8")
    line = text[:text.index("- source_id: another-source")].count("\n") + 1
    with pytest.raises(InvalidInput) as caught:
        publish(built, out, root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"dataset.yaml:{line}: agreement: another-source is not a source of the dataset; correct the source_id or "
        "remove the entry"]
    assert not out.parent.exists() or not any(out.parent.iterdir())


# --- imports -------------------------------------------------------------------------------------------------

PACKAGE = ROOT / "claimset"
MODULES = sorted(f"claimset.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
FILES = {"claimset": PACKAGE / "__init__.py", "claimset.schemas": ROOT / "schemas" / "__init__.py",
         **{m: PACKAGE / f"{m.split('.')[1]}.py" for m in MODULES}}
@pytest.mark.parametrize("module", [*MODULES, "claimset.schemas"])
def test_every_module_imports_on_its_own(module):
    """A fresh interpreter per module: an import cycle that only works in one order fails here."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports anywhere: at module level, in functions, under TYPE_CHECKING."""
    package = module if FILES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(FILES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (base + (f".{node.module}" if node.module else "")) if node.level else node.module
            found |= {target} | {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return (found & set(FILES)) - {module}


def test_no_two_modules_import_each_other():
    graph = {module: imports(module) for module in FILES}
    assert {"claimset.publish", "claimset.pipeline"} <= graph["claimset.cli"]  # function-level imports are seen
    assert "claimset.layout" in graph["claimset.card"]
    mutual = {(a, b) for a in graph for b in graph[a] if a < b and a in graph[b]}
    assert mutual == set()


def test_card_and_croissant_do_not_import_publish():
    for module in ("claimset.card", "claimset.croissant", "claimset.dataset_info", "claimset.layout"):
        assert "claimset.publish" not in imports(module), module


def test_huggingface_hub_parses_the_card_with_every_config_and_feature():
    """The card's YAML is what the Hub reads: huggingface_hub's DatasetCard gives back every config with its
    data files and every feature as the contract declares it (offline: the file is parsed, nothing is sent)."""
    from huggingface_hub import DatasetCard

    from claimset import contract
    from claimset.labels import ALL_CONFIGS as CONFIGS

    data = DatasetCard.load(ROOT / "dataset" / "README.md").data.to_dict()
    assert [c["config_name"] for c in data["configs"]] == list(CONFIGS)
    assert all(c["data_files"] == [{"split": "train", "path": f"data/{c['config_name']}/train-00000-of-00001.parquet"}]
               for c in data["configs"])
    assert [c.get("default", False) for c in data["configs"]] == [True, False, False, False]
    features = {info["config_name"]: info["features"] for info in data["dataset_info"]}
    assert features == {config: contract.hf_yaml_features(config) for config in CONFIGS}
    assert data["pretty_name"] and data["license"] == "other" and data["license_name"]
    # the licence's terms: a file of the dataset repository (the Hub links it), not the legacy license_details
    assert data["license_link"] == "LICENSE.md" and (ROOT / "dataset" / "LICENSE.md").is_file()
    assert "license_details" not in data


def test_the_card_has_the_current_templates_sections_in_order():
    card = (ROOT / "dataset" / "README.md").read_text(encoding="utf-8")
    headings = [line for line in card.splitlines() if line.startswith("#")]
    wanted = ["## Dataset Description", "## Uses", "### Direct Use", "### Out-of-Scope Use", "## Dataset Structure",
              "## Dataset Creation", "## Bias, Risks, and Limitations", "### Recommendations",
              "## Additional Information", "### Citation Information", "## Dataset Card Authors",
              "## Dataset Card Contact"]
    assert [h for h in headings if h in wanted] == wanted
    info = load_dataset_info(ROOT)
    assert " ".join(info.out_of_scope_use.split()) in " ".join(card.split())


def test_the_cards_loading_example_uses_the_hub_id_once_dataset_yaml_gives_one(essay, tmp_path):
    repo, before = essay
    assert 'load_dataset("dataset", "speakers", split="train")' in before and "HF_HUB_OFFLINE" in before
    repo = shutil.copytree(repo, tmp_path / "repo")
    edit(repo / DATASET_FILE, "# hub_id: ORG/NAME\n", "hub_id: my-org/claimset\n")
    assert run("build", "--root", repo).exit_code == 0
    card, _ = read(repo / "dataset")
    assert 'statements = load_dataset("my-org/claimset", split="train")' in card
    assert 'load_dataset("dataset"' not in card and "HF_HUB_OFFLINE" not in card


def test_a_hub_id_that_is_not_org_slash_name_is_one_line_with_its_line(tmp_path):
    shutil.copy(ROOT / DATASET_FILE, tmp_path / DATASET_FILE)
    edit(tmp_path / DATASET_FILE, "# hub_id: ORG/NAME\n", "hub_id: claimset\n")
    line = (tmp_path / DATASET_FILE).read_text(encoding="utf-8").splitlines().index("hub_id: claimset") + 1
    with pytest.raises(InvalidInput) as caught:
        load_dataset_info(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"dataset.yaml:{line}: hub_id 'claimset' is not a Hugging Face repo id; give ORG/NAME (e.g. my-org/claimset), "
        "or leave hub_id out until the dataset is on the Hub"]
