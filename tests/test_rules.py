"""The rule table: every rule written once, screened and explained alike, and accepting what the draft writes."""
import hashlib
import shutil

import pandas as pd
import polars as pl
import pytest
from click.testing import CliRunner

from claimset import pipeline, rules
from claimset.cache import CACHE_DIR, Cache
from claimset.cli import cli
from claimset.contract import spec
from claimset.labels import ALL_CONFIGS, CONFIGS
from claimset.reading import read
from claimset.validation import validate_copy
from conftest import DATASET, ROOT, SOURCE_ID, copy_inputs
from test_validate_cli import CROSS_FAULTS, TABLE_FAULTS, plant

PARQUET = "data/{}/train-00000-of-00001.parquet"
TABLES = {config: pl.read_parquet(DATASET / PARQUET.format(config)) for config in ALL_CONFIGS}
FIXTURE = ROOT / "tests" / "fixtures" / "harbour-news"


def tables_of(folder):
    return {config: pl.read_parquet(folder / PARQUET.format(config)) for config in ALL_CONFIGS}


def keys(failures):
    return sorted({failure.key for failure in failures})


def test_every_rule_a_model_names_is_written_here_and_every_rule_here_is_named():
    named = {rule for config in ALL_CONFIGS for column in spec()[config]["columns"] for rule in column.get("rules", [])}
    assert named == set(rules.COLUMN_RULES)
    assert {rule["name"] for config in ALL_CONFIGS for rule in spec()[config]["rules"]} == set(rules.row_rules())


def test_the_published_tables_pass_in_both_modes():
    assert rules.screen(TABLES) == []
    assert rules.explain(TABLES) == []


# Faults of the speakers and sources tables, beside the statements faults of test_validate_cli.
OTHER_FAULTS = [
    ("publication basis not the author's", "date_basis", f"{SOURCE_ID}-s003",
     lambda t: t.update(speakers=t["speakers"].with_columns(
         pl.when(pl.col("speaker_id") == "vladimir-putin").then(pl.lit("author")).otherwise("kind").alias("kind")))),
    ("wrong sentence count", "n_sentences", SOURCE_ID,
     lambda t: t.update(sources=t["sources"].with_columns(pl.col("n_sentences") + 1))),
    ("wrong paragraph count", "n_paragraphs", SOURCE_ID,
     lambda t: t.update(sources=t["sources"].with_columns(pl.col("n_paragraphs") + 1))),
    ("checksum", None, SOURCE_ID, lambda t: t.update(sources=t["sources"].with_columns(text_sha256=pl.lit("0" * 64)))),
    ("source without sentences", "n_sentences", SOURCE_ID,
     lambda t: t.update(statements=t["statements"].head(0))),
    ("duplicate value", "speaker_id", "vladimir-putin",
     lambda t: t.update(speakers=pl.concat([t["speakers"], t["speakers"].filter(pl.col("kind") == "person")]))),
    ("str_fullmatch", "source_id", f"{SOURCE_ID}-s001", lambda t: t.update(statements=t["statements"].with_columns(
        pl.when(pl.col("statement_id") == f"{SOURCE_ID}-s001").then(pl.lit(f"{SOURCE_ID}\n"))
        .otherwise("source_id").alias("source_id")))),  # a pattern's $ must not match before a final line break
    # The labels table: its own rules, its key of three columns, and the contract's names (the rule across tables).
    ("label not the contract's", None, "mixd", lambda t: t.update(labels=t["labels"].with_columns(
        pl.when(pl.col("name") == "mixed").then(pl.lit("mixd")).otherwise("name").alias("name")))),
    ("label not the contract's", None, "supported",  # the contract's label with no row, named by the contract
     lambda t: t.update(labels=t["labels"].filter(pl.col("name") != "supported"))),
    ("label not the contract's", None, "maybe", lambda t: t.update(labels=pl.concat([t["labels"], t["labels"].tail(1)
     .with_columns(label_index=pl.lit(5, pl.Int32), name=pl.lit("maybe"))]))),
    ("label not the contract's", None, "mixed", lambda t: t.update(labels=t["labels"].with_columns(
        pl.when(pl.col("name") == "mixed").then(pl.lit("Something else.")).otherwise("description").alias("description")))),
    ("label not the contract's", None, "refuted", lambda t: t.update(labels=t["labels"].with_columns(
        pl.when(pl.col("name") == "refuted").then(~pl.col("ordered")).otherwise("ordered").alias("ordered")))),
    ("duplicate value", None, "other", lambda t: t.update(labels=pl.concat([t["labels"], t["labels"].tail(1)
     .with_columns(name=pl.lit("other"))]))),
    ("isin", "table_name", "opinion", lambda t: t.update(labels=t["labels"].with_columns(
        pl.when(pl.col("name") == "opinion").then(pl.lit("labels")).otherwise("table_name").alias("table_name")))),
    ("no surrounding whitespace", "description", "opinion", lambda t: t.update(labels=t["labels"].with_columns(
        pl.when(pl.col("name") == "opinion").then(pl.lit("")).otherwise("description").alias("description")))),
    ("no surrounding whitespace", "claim", f"{SOURCE_ID}-s002-1", lambda t: t.update(  # at the end, and not ASCII
        statements=t["statements"].with_columns(pl.when(pl.col("statement_id") == f"{SOURCE_ID}-s002-1")
                                                .then(pl.col("claim") + "\u3000").otherwise("claim").alias("claim")))),
    ("id does not match position", "statement_id", f"{SOURCE_ID}-s0111", lambda t: t.update(  # no "-" after the parent
        statements=t["statements"].with_columns(pl.when(pl.col("statement_id") == f"{SOURCE_ID}-s011-1")
                                                .then(pl.lit(f"{SOURCE_ID}-s0111")).otherwise("statement_id")
                                                .alias("statement_id")))),
    ("repeated statement", "statement_id", f"{SOURCE_ID}-s011-9", lambda t: t.update(statements=pl.concat([
        t["statements"], t["statements"].filter(pl.col("statement_id") == f"{SOURCE_ID}-s011-1")
        .with_columns(statement_id=pl.lit(f"{SOURCE_ID}-s011-9"))]))),
]


def planted(tmp_path, fault):
    """A copy of the dataset with one fault, as polars tables and as the folder validate reads."""
    folder = shutil.copytree(DATASET, tmp_path / "dataset")
    if callable(fault[3]):
        tables = dict(TABLES)
        fault[3](tables)
        for config, frame in tables.items():
            frame.write_parquet(folder / PARQUET.format(config))
    else:
        plant(folder, [fault])
    return folder


@pytest.mark.parametrize("fault", TABLE_FAULTS + [f for f in CROSS_FAULTS if f[3] is not None] + OTHER_FAULTS,
                         ids=lambda fault: f"{fault[0]}-{fault[2]}")
def test_each_planted_fault_is_named_alike_by_the_screen_the_explanation_and_validate(tmp_path, fault):
    folder = planted(tmp_path, fault)
    tables = tables_of(folder)
    explained = rules.explain(tables)
    report = validate_copy(read(folder), str(folder))
    assert sorted(rules.screen(tables)) == keys(explained) == sorted(report.counts())
    rule, column, row, _ = fault
    assert (rule, column, row) in {(f.rule, f.column, f.row) for f in explained}
    assert (rule, column, row) in {(f.rule, f.column, f.row) for f in report.failures}


def test_rows_stored_in_any_order_pass_alike():
    """Coverage is judged in text order, whatever order the rows are stored in."""
    shuffled = dict(TABLES, statements=TABLES["statements"].sample(fraction=1.0, shuffle=True, seed=7))
    assert rules.screen(shuffled) == [] and rules.explain(shuffled) == []
    swapped = dict(shuffled, statements=shuffled["statements"].with_columns(  # and out of order for real
        sentence=pl.when(pl.col("statement_id") == f"{SOURCE_ID}-s003").then(4)
        .when(pl.col("statement_id") == f"{SOURCE_ID}-s004").then(3).otherwise("sentence")))
    assert "statements.sentence: sentence number out of order" in rules.screen(swapped)


def test_the_screen_reports_a_suspected_rule_only_when_the_rule_itself_fails():
    """A rule's suspicion (a cheaper test, true wherever the rule fails) only sends the screen to the rule."""
    frame = pl.DataFrame({"_i": [0, 1], "x": [1, 2]})
    def rule(fails, suspect):
        return rules.Rule("test", "statements", "x", "anything", fails, suspect=suspect)
    cleared, confirmed, unsuspected = (rule(pl.col("x") > 5, pl.lit(True)), rule(pl.col("x") > 1, pl.lit(True)),
                                       rule(pl.col("x") > 1, pl.lit(False)))
    assert list(rules._run(frame, [cleared, confirmed, unsuspected], explain=False)) == [confirmed]


def in_single_quotes(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")


ESSAY_ROWS = pl.col("source_id") == SOURCE_ID
ESSAY_TEXT = TABLES["sources"].filter(ESSAY_ROWS)["text"][0]


def essay_edited(text: str, quote: pl.Expr) -> dict:
    """The tables with the essay's text replaced by ``text`` and its statements' quotes by ``quote`` (the other
    sources unchanged)."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return dict(TABLES, sources=TABLES["sources"].with_columns(
        text=pl.when(ESSAY_ROWS).then(pl.lit(text)).otherwise("text"),
        text_sha256=pl.when(ESSAY_ROWS).then(pl.lit(digest)).otherwise("text_sha256")),
        statements=TABLES["statements"].with_columns(quote=pl.when(ESSAY_ROWS).then(quote).otherwise("quote")))


def test_a_direct_quote_in_curly_single_quotes_passes_both_modes():
    """The essay quoting ‘like this’ (as claimset draft marks such quotations): its spans sit inside the marks."""
    tables = essay_edited(in_single_quotes(ESSAY_TEXT),
                          pl.col("quote").str.replace_all("“", "‘", literal=True).str.replace_all("”", "’", literal=True))
    assert rules.screen(tables) == []
    assert rules.explain(tables) == []


def test_offsets_count_characters_not_bytes():
    """A quotation after multi-byte characters on its line is found at its character offset."""
    text = ESSAY_TEXT.replace("President Putin", "Président Putin")
    tables = essay_edited(text, pl.col("quote").str.replace_all("President Putin", "Président Putin"))
    quotation = text.index("“We don’t")
    assert quotation > text.index("Président Putin") > text.rindex("\n", 0, quotation)  # on the quotation's line
    assert rules.screen(tables) == []
    assert rules.explain(tables) == []


def test_a_direct_quote_between_marks_that_do_not_pair_fails_both_modes():
    tables = essay_edited(ESSAY_TEXT.replace("sovereignty.”", "sovereignty.’"),
                          pl.col("quote").str.replace("sovereignty.”", "sovereignty.’", literal=True))
    assert rules.screen(tables) == ["statements.quote: direct_quote not inside quotation marks"]
    assert [(f.rule, f.row) for f in rules.explain(tables)] == [
        ("direct_quote not inside quotation marks", f"{SOURCE_ID}-s027-1")]


def add_news(repo, text: str) -> None:
    """The harbour news fixture added as a curator would: registered, drafted and the draft accepted."""
    (repo.parent / "news.txt").write_text(text, encoding="utf-8")
    for args in (["add-source", repo.parent / "news.txt", "--id", "harbour-news-2024", "--title", "Night ferries",
                  "--published", "2024-03-05"], ["draft", "harbour-news-2024"], ["accept", "harbour-news-2024"]):
        result = CliRunner().invoke(cli, [str(a) for a in args] + ["--root", str(repo)])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("news", [None, "as written", "quoted in ‘…’"])
def test_the_fast_pass_screens_clean_and_builds_what_the_exact_pass_builds(tmp_path, news):
    repo = copy_inputs(tmp_path)
    if news is not None:
        text = (FIXTURE / "text.txt").read_text(encoding="utf-8")
        add_news(repo, text if news == "as written" else in_single_quotes(text))
    fast = pipeline._fast(repo, Cache(repo / CACHE_DIR)).built
    assert fast is not None, "the screen sent the build to the exact pass"
    exact = pipeline._exact(repo)
    for config in CONFIGS:
        assert fast.arrow[config].equals(exact.arrow[config]), config
        pd.testing.assert_frame_equal(fast.tables[config], exact.tables[config])
    assert rules.explain({config: pl.from_arrow(table) for config, table in exact.arrow.items()}) == []


def test_every_rule_across_tables_is_declared_by_its_model():
    """The models name each rule across tables (and each foreign key, as data); the engine runs exactly those."""
    from claimset.contract import spec
    from claimset.rules import cross_rules

    declared = {(config, rule["name"], rule["column"]) for config in ALL_CONFIGS
                for rule in spec()[config]["rules_across_tables"]}
    keys = {(config, key["rule"], key["fields"]) for config in ALL_CONFIGS for key in spec()[config]["foreign_keys"]}
    engine = {(rule.config, rule.name, rule.column) for rule in cross_rules()}
    assert engine == declared | keys
    assert {key[1] for key in keys} == {"unknown source", "unknown speaker", "unknown attributed_to",
                                        "parent not a sentence row"}


def test_the_models_reject_a_slug_with_a_final_newline():
    """pandera's str_fullmatch lets "$" match before a final newline; the models use a full match."""
    import pandas as pd
    import pandera.errors

    from claimset.schemas import Speakers

    frame = pd.DataFrame({"speaker_id": ["abc\n"], "name": ["A"], "kind": ["person"], "role": [None],
                          "country": [None], "wikidata_id": [None], "aliases": [[]], "description": [None]})
    with pytest.raises(pandera.errors.SchemaError, match="str_fullmatch"):
        Speakers.validate(frame)
    Speakers.validate(frame.assign(speaker_id="abc"))


def test_an_unknown_rule_across_tables_is_loud():
    from claimset.rules import across_tables

    with pytest.raises(KeyError, match="no rule across tables is called 'no such rule'"):
        across_tables("no such rule")


def test_quotation_marks_are_written_in_the_vocabulary_only():
    """Each quotation mark is written once, in claimset/vocabulary.py; code elsewhere uses its names. Left
    alone: docstrings and comments, and example sentences (text with three or more words, as in the cue
    rules' examples)."""
    import io
    import tokenize

    marks = set("“”‘’«»")
    found = []
    for path in sorted([*(ROOT / "claimset").glob("*.py"), ROOT / "schemas" / "__init__.py"]):
        if path.name == "vocabulary.py":
            continue
        previous = None
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            docstring = previous in (None, tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT)
            if token.type == tokenize.STRING and not docstring and marks & set(token.string):
                words = [w for w in token.string.split() if any(c.isalpha() for c in w)]
                if len(words) < 3:
                    found.append(f"{path.name}:{token.start[0]}: {token.string}")
            if token.type not in (tokenize.COMMENT, tokenize.NL):
                previous = token.type
    assert found == []


def test_letter_or_digit_is_what_isalnum_says_for_every_code_point():
    """The polars rule and the drafting/annotation check (str.isalnum) agree on every character Python's
    Unicode database knows (polars may know newer letters: those are the only difference)."""
    import unicodedata

    from claimset.vocabulary import LETTER_OR_DIGIT

    chars = pl.Series([chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs")])
    rule = chars.str.contains(LETTER_OR_DIGIT)
    python = pl.Series([c.isalnum() for c in chars])
    assert chars.filter(rule != python).to_list() == []


def test_citations_are_checked_across_the_whole_table():
    """Evidence may cite a statement of any source; a rebuild that screens only changed sources still checks
    every citation against every statement id."""
    statements = TABLES["statements"]
    cited = statements.filter(pl.col("evidence").list.eval(pl.element().str.starts_with("statement:")).list.any())
    assert cited.height >= 2  # the essay's verdicts cite the primary records
    assert rules.screen_citations(statements) == []
    row = statements["statement_id"].to_list().index(cited["statement_id"][0])
    broken = statements.with_columns(evidence=pl.when(pl.int_range(pl.len()) == row)
                                     .then(pl.lit(["statement:nowhere-s001"])).otherwise("evidence"))
    assert rules.screen_citations(broken) == ["statements.evidence: unknown evidence statement"]
    own = f"statement:{cited['statement_id'][0]}"
    itself = statements.with_columns(evidence=pl.when(pl.int_range(pl.len()) == row)
                                     .then(pl.lit([own])).otherwise("evidence"))
    assert rules.screen_citations(itself) == ["statements.evidence: unknown evidence statement"]


def test_a_citation_of_a_missing_statement_is_named_at_its_line_after_a_cached_build(repo):
    assert CliRunner().invoke(cli, ["build", "--root", str(repo)]).exit_code == 0
    verdicts = repo / "verdicts.yaml"
    verdicts.write_text(verdicts.read_text(encoding="utf-8").replace(
        '"statement:mofa-2019-06-29-osaka-summit-s006"', '"statement:mofa-2019-06-29-osaka-summit-s999"'),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "russia-japan-2019-s011-1: statements.evidence: unknown evidence statement "
        "(value 'statement:mofa-2019-06-29-osaka-summit-s999'); expected 'statement:' followed by a statement_id "
        "of this dataset (not the row's own)")


POOL = ("Pool Report #3\nHarbour Authority\nMarch 4, 2024\n\n"
        "The harbour master met the port workers' union at the terminal and\n"
        "called the new shift rota “a fair start” but said talks would go on\n"
        "through the spring. “We are not finished with this, not by a long\n"
        "way,” she said.\n\n"
        "The union's secretary, Tomas Berg, said the crews would vote on the\n"
        "rota next week.\n")
"""A hard-wrapped pool report: paragraphs are blocks of lines, and sentences and quotations run over line breaks."""


@pytest.fixture
def pool(tmp_path):
    """The curated inputs with POOL registered --wrapped, drafted and accepted; its built tables."""
    repo = copy_inputs(tmp_path)
    (tmp_path / "pool.txt").write_text(POOL, encoding="utf-8")
    for args in (["add-source", tmp_path / "pool.txt", "--id", "pool-3", "--published", "2024-03-05", "--wrapped"],
                 ["draft", "pool-3"], ["accept", "pool-3"]):
        result = CliRunner().invoke(cli, [str(a) for a in args] + ["--root", str(repo)])
        assert result.exit_code == 0, result.output
    return repo


def test_a_hard_wrapped_source_builds_alike_in_both_passes_with_blocks_as_paragraphs(pool):
    fast = pipeline._fast(pool, Cache(pool / CACHE_DIR)).built
    assert fast is not None, "the screen sent the build to the exact pass"
    exact = pipeline._exact(pool)
    for config in CONFIGS:
        assert fast.arrow[config].equals(exact.arrow[config]), config
    tables = {config: pl.from_arrow(table) for config, table in exact.arrow.items()}
    assert rules.screen(tables) == [] and rules.explain(tables) == []
    source = tables["sources"].filter(pl.col("source_id") == "pool-3")
    assert source.select("line_breaks", "n_paragraphs").row(0) == ("wrapped", 3)
    rows = tables["statements"].filter(pl.col("source_id") == "pool-3")
    assert "We are not finished with this, not by a long\nway," in rows.filter(pl.col("claim_type") == 0)["quote"].to_list()  # 0: direct_quote
    assert rows.filter(pl.col("level") == "sentence")["paragraph"].to_list() == [1, 1, 1, 2, 2, 3]


def test_a_hard_wrapped_source_read_a_paragraph_a_line_fails_where_its_sentences_cross_lines(pool):
    exact = pipeline._exact(pool)
    tables = {config: pl.from_arrow(table) for config, table in exact.arrow.items()}
    tables["sources"] = tables["sources"].with_columns(line_breaks=pl.lit("paragraphs"))
    failed = {(f.rule, f.row) for f in rules.explain(tables)}
    assert {("sentence crosses a paragraph break", "pool-3-s004"), ("wrong paragraph number", "pool-3-s006"),
            ("wrong paragraph count", "pool-3")} <= failed
    assert set(rules.screen(tables)) >= {"statements.quote: sentence crosses a paragraph break",
                                         "statements.paragraph: wrong paragraph number",
                                         "sources.n_paragraphs: wrong paragraph count"}


def test_a_quotation_wrapped_over_lines_needs_its_direct_quote_span(pool):
    exact = pipeline._exact(pool)
    tables = {config: pl.from_arrow(table) for config, table in exact.arrow.items()}
    tables["statements"] = tables["statements"].filter(~pl.col("quote").str.ends_with("not by a long\nway,"))
    failed = [(f.rule, f.row, f.value) for f in rules.explain(tables) if f.rule == "quotation without direct_quote span"]
    assert len(failed) == 1 and failed[0][1] == "pool-3" and failed[0][2].startswith("“We are not finished")
