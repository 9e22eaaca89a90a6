"""`claimset render`: a static site from the dataset, checked as HTML and driven in headless Chromium."""
import json
import os
import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import DATASET, ROOT, SOURCE_ID, copy_inputs, tree_bytes

PAGE = f"sources/{SOURCE_ID}.html"
HARBOUR = ROOT / "tests" / "fixtures" / "harbour-news"
NEWS, FERRY = "harbour-news-2024", "harbour-ferry-2024"
FERRY_TEXT = ("The first night ferry left Port Ellin on 3 June 2024 with 41 passengers on board.\n"
              "“It went better than we feared,” Mara Okafor said on 4 June 2024. Tomas Reyes said the winter "
              "timetable would show whether the service pays.\n")
"""A second fictional harbour text (like the harbour-news fixture, CC0): its speakers are the first one's."""


def tables(dataset):
    return {c: pd.read_parquet(dataset / f"data/{c}/train-00000-of-00001.parquet")
            for c in ("statements", "speakers", "sources")}


def pages_of(dataset) -> list[str]:
    """The pages a render of ``dataset`` writes: the index, one per source, one per speaker."""
    t = tables(dataset)
    return sorted(["index.html"] + [f"sources/{s}.html" for s in t["sources"]["source_id"]]
                  + [f"speakers/{s}.html" for s in t["speakers"]["speaker_id"]])


def render(dataset, out):
    result = CliRunner().invoke(cli, ["render", str(dataset), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    result = render(DATASET, out)
    assert result.output == f"Wrote {len(pages_of(DATASET))} pages to {out}; open {out / 'index.html'}\n"
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A corpus of three sources: the repository's own, the harbour-news fixture and a second harbour text
    whose speakers (Mara Okafor, Tomas Reyes) the first one introduced, each added with add-source, draft
    and accept; built and rendered. Returns the repository and the site."""
    repo = copy_inputs(tmp_path_factory.mktemp("corpus"))
    ferry = repo.parent / "ferry.txt"
    ferry.write_text(FERRY_TEXT, encoding="utf-8")
    for text, slug, title, published in [(HARBOUR / "text.txt", NEWS, "Harbour authority approves night ferries",
                                          "2024-03-05"),
                                         (ferry, FERRY, "The first night ferry", "2024-06-05")]:
        for args in (["add-source", text, "--id", slug, "--title", title, "--published", published],
                     ["draft", slug], ["accept", slug]):
            result = CliRunner().invoke(cli, [str(a) for a in args] + ["--root", str(repo)])
            assert result.exit_code == 0, (args, result.output)
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 0, result.output
    site = repo.parent / "site"
    render(repo / "dataset", site)
    return repo, site


def timeline(statements: pd.DataFrame, speaker: str) -> list[str]:
    """The ids a speaker page lists, in the order it should: by first date, source, then place in the text."""
    rows = statements[statements["speaker_id"] == speaker].assign(
        level_order=lambda f: (f["level"] != "sentence").astype(int), end=lambda f: -f["char_end"])
    return list(rows.sort_values(["date_start", "source_id", "paragraph", "sentence", "char_start", "level_order",
                                  "end", "statement_id"])["statement_id"])


class Marks(HTMLParser):
    """Each verdict badge of a page with the classes of the marks around it and the text that follows it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.badges, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and "badge" in classes and dict(attrs).get("data-for"):
            self.badges.append({"id": dict(attrs)["data-for"], "kind": classes[1],
                                "inside": [c for s in self.stack for c in s], "at": len("".join(self.text))})
        self.stack.append(classes if tag == "span" else [])
        if tag == "p":
            self.text.append("\n")

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and "badge" not in self.stack[-1] and "k" not in self.stack[-1]:
            self.text.append(data)


def badges(html: str):
    body = html[html.index('<article class="text">'):html.index("</article>")]
    parser = Marks()
    parser.feed(body)
    text = "".join(parser.text)
    return [dict(b, before=text[max(0, b["at"] - 1):b["at"]], after=text[b["at"]:b["at"] + 1])
            for b in parser.badges]


def test_render_is_deterministic_and_self_contained(site, tmp_path):
    again = tmp_path / "again"
    render(DATASET, again)
    assert tree_bytes(site) == tree_bytes(again)
    for page in pages_of(DATASET):
        html = (site / page).read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']https?://""", html), "no network resources"
        assert "<script src" not in html and "<link" not in html


def test_a_corpus_renders_byte_identical_with_a_page_per_speaker(corpus, tmp_path):
    repo, site = corpus
    again = tmp_path / "again"
    render(repo / "dataset", again)
    assert tree_bytes(site) == tree_bytes(again)
    expected = pages_of(repo / "dataset")
    assert {"speakers/mara-okafor.html", "speakers/vladimir-putin.html", f"sources/{FERRY}.html"} <= set(expected)
    assert json.loads((site / ".claimset-site.json").read_text(encoding="utf-8"))["files"] == expected
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) == expected


def test_every_statement_is_on_its_page_and_text_is_escaped(site):
    statements = tables(DATASET)["statements"]
    for source_id, rows in statements.groupby("source_id"):
        html = (site / "sources" / f"{source_id}.html").read_text(encoding="utf-8")
        for statement_id in rows["statement_id"]:
            assert f'data-id="{statement_id}"' in html
    assert "<span class=\"sp ct-direct_quote cw quote\"" in (site / PAGE).read_text(encoding="utf-8")


def test_text_with_markup_is_escaped(tmp_path):
    from claimset.coercion import normalise
    from claimset.render import render_site

    t = tables(DATASET)
    st = normalise("statements", t["statements"])[0]
    sp = normalise("speakers", t["speakers"])[0]
    so = normalise("sources", t["sources"])[0]
    sp.loc[sp["speaker_id"] == "vladimir-putin", "name"] = "<script>alert(1)</script>"
    sp.loc[sp["speaker_id"] == "vladimir-putin", "description"] = "<img src=x onerror=alert(1)>"
    so.loc[so["source_id"] == SOURCE_ID, "title"] = "A <b>bold</b> & </script> title"
    pages = render_site(st, sp, so)
    page = pages[PAGE]
    assert "<b>bold</b>" not in page and "A &lt;b&gt;bold&lt;/b&gt; &amp;" in page
    assert "<script>alert(1)</script>" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page  # inside the JSON payload
    for name in ("index.html", "speakers/vladimir-putin.html"):
        assert "<script>alert(1)</script>" not in pages[name] and "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[name]
    assert "<img" not in pages["speakers/vladimir-putin.html"]
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; &lt;/script&gt; title" in pages["speakers/vladimir-putin.html"]


def test_an_id_that_is_not_a_slug_never_becomes_a_path():
    from claimset.coercion import normalise
    from claimset.render import render_site

    t = tables(DATASET)
    sp = normalise("speakers", t["speakers"])[0]
    sp.loc[sp["speaker_id"] == "shinzo-abe", "speaker_id"] = "../../escape"
    with pytest.raises(ValueError, match="not a slug"):
        render_site(normalise("statements", t["statements"])[0], sp, normalise("sources", t["sources"])[0])


def test_render_refuses_a_folder_that_is_not_a_site(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {tmp_path} is not empty and was not written by claimset render "
                             "(no .claimset-site.json); choose a new or empty folder\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_index_html_does_not_make_a_folder_a_site(tmp_path):
    (tmp_path / "index.html").write_text("my page", encoding="utf-8")
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "was not written by claimset render" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "keep.txt"]
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "my page"


def test_render_into_the_repository_refuses_and_deletes_nothing(repo, monkeypatch):
    """`touch index.html && claimset render dataset -o .` once deleted the whole repository."""
    assert CliRunner().invoke(cli, ["build", "--root", str(repo)]).exit_code == 0
    (repo / "index.html").write_text("x", encoding="utf-8")
    monkeypatch.chdir(repo)
    before = tree_bytes(repo)
    for target, message in [(".", f"{repo} is a repository; render into a folder of its own, e.g. -o site"),
                            ("..", f"{repo.parent} holds a repository ({repo}); render into a folder of its own"),
                            ("dataset", f"{repo / 'dataset'} is the dataset being read; write elsewhere"),
                            ("dataset/site", f"{repo / 'dataset/site'} is inside the dataset being read"),
                            ("sources", f"{repo / 'sources'} is claimset's inputs; write elsewhere"),
                            ("sources/x", f"{repo / 'sources/x'} is inside claimset's inputs ({repo / 'sources'})")]:
        result = CliRunner().invoke(cli, ["render", "dataset", "-o", target])
        assert result.exit_code == 2, (target, result.output)
        assert result.output.startswith(f"Error: refusing to render: {message}"), (target, result.output)
        assert len(result.output.splitlines()) == 1
    assert tree_bytes(repo) == before


def test_a_file_put_in_the_site_folder_survives_a_new_render(tmp_path):
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(site)]).exit_code == 0
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "sources" / "mine.html").write_text("my page", encoding="utf-8")
    (site / "speakers" / "mine.html").write_text("my page", encoding="utf-8")
    first = tree_bytes(site)
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert tree_bytes(site) == first
    assert json.loads((site / ".claimset-site.json").read_text(encoding="utf-8"))["files"] == pages_of(DATASET)


def test_pages_of_sources_and_speakers_that_are_gone_are_removed_and_only_they(corpus, tmp_path):
    repo, corpus_site = corpus
    site = tmp_path / "site"
    shutil.copytree(corpus_site, site)
    (site / "speakers" / "mine.html").write_text("my page", encoding="utf-8")
    render(DATASET, site)
    left = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert left == sorted(pages_of(DATASET) + ["speakers/mine.html"])
    assert not (site / "speakers" / "mara-okafor.html").exists() and not (site / "sources" / f"{NEWS}.html").exists()


def test_a_crafted_marker_cannot_delete_other_files(tmp_path):
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(site)]).exit_code == 0
    (tmp_path / "precious.txt").write_text("mine", encoding="utf-8")
    (site / "notes.html").write_text("mine", encoding="utf-8")
    (site / ".claimset-site.json").write_text(json.dumps({"files": ["../precious.txt", "notes.html",
                                                                    str(tmp_path / "precious.txt")]}))
    assert CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(site)]).exit_code == 0
    assert (tmp_path / "precious.txt").exists() and (site / "notes.html").exists()


def test_payload_cannot_switch_off_the_page_script():
    """A note holding `<!--<script>` once made the JSON block swallow the page's script."""
    from claimset.render import _page

    page = _page("t", "<p>body</p>", "run()", {"note": "<!--<script> </script> & -->"})
    payload = page[page.index('id="claimset-data">'):page.index("</script>")]
    assert "<" not in payload[len('id="claimset-data">'):] and "&" not in payload
    assert json.loads(payload[len('id="claimset-data">'):]) == {"note": "<!--<script> </script> & -->"}
    assert page.count("<script") == 2 and page.count("</script>") == 2


def test_render_needs_a_dataset_folder(tmp_path):
    result = CliRunner().invoke(cli, ["render", str(DATASET / "data/statements/train-00000-of-00001.parquet"),
                                      "-o", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "rendering needs the dataset folder" in result.output


def test_index_has_summary_charts_that_lead_into_filtered_views(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('<ul class="chart"') == 3
    assert f'href="sources/{SOURCE_ID}.html"' in html
    assert "Statements by claim type" in html and "direct quote" in html
    assert '<a class="row" href="speakers/vladimir-putin.html">' in html
    assert f'href="sources/{SOURCE_ID}.html?claim_type=direct_quote"' in html
    assert f'href="sources/{SOURCE_ID}.html?check_worthy=true&amp;verdict=supported"' in html
    for speaker in tables(DATASET)["speakers"]["speaker_id"]:
        assert f'href="speakers/{speaker}.html"' in html, "every speaker is linked from the index"


def test_a_speaker_page_lists_what_they_said_across_sources_in_date_order(corpus):
    repo, site = corpus
    statements = tables(repo / "dataset")["statements"]
    for speaker in ("mara-okafor", "tomas-reyes"):
        ids = timeline(statements, speaker)
        assert len({i.rsplit("-s", 1)[0] for i in ids}) == 2, "the fixture gives them statements in two sources"
        html = (site / f"speakers/{speaker}.html").read_text(encoding="utf-8")
        assert re.findall(r'<tr id="([^"]+)" data-id=', html) == ids
        for statement_id in ids:
            source = statement_id.rsplit("-s", 1)[0]
            assert f'href="../sources/{source}.html#{statement_id}"' in html
        assert f'href="../sources/{NEWS}.html?speaker={speaker}"' in html
    essay_author = (site / f"speakers/{SOURCE_ID}-author.html").read_text(encoding="utf-8")
    assert "Positions attributed to" not in essay_author
    government = (site / "speakers/japan-government.html").read_text(encoding="utf-8")
    assert "Positions attributed to Government of Japan" in government


def test_verdict_badges_stand_outside_quotations_and_after_punctuation(site, corpus):
    for html in ((site / PAGE).read_text(encoding="utf-8"),
                 *((corpus[1] / f"sources/{s}.html").read_text(encoding="utf-8") for s in (NEWS, FERRY))):
        found = badges(html)
        assert found and {b["kind"] for b in found} == {"b-st", "b-sp"}
        for badge in found:
            assert "quote" not in badge["inside"], badge
            assert badge["after"] in ("", " ", "\n"), badge  # never between a word and its punctuation
    html = (site / PAGE).read_text(encoding="utf-8")
    assert not re.search(r"\.(?:sp|quote)[^{]*::?before", html), "no generated quotation mark beside the text's own"


def test_sentence_and_span_badges_differ_in_shape_and_words():
    from claimset.render import _badge_html

    sentence, span = _badge_html("mixed", "st", "x"), _badge_html("mixed", "sp", "x-1")
    assert 'class="badge b-st"' in sentence and 'class="badge b-sp"' in span
    assert '<span class="k">span</span> mixed' in span and ">mixed</span>" in sentence
    assert "verdict of the sentence: mixed" in sentence and "verdict of the span: mixed" in span


# --- in a real browser -----------------------------------------------------------------------------

def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are needed in CI: .ci/run installs them (Debian packages)")
        pytest.skip("chromium/chromedriver not installed here (make test installs them where it can)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture(scope="module")
def chrome():
    driver = browser()
    yield driver
    driver.quit()


def wait(driver, condition, message=""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 10).until(lambda d: condition(d), message)


def panel_id(driver):
    """The id of the statement the details panel shows, or None when it shows none."""
    from selenium.webdriver.common.by import By

    heads = driver.find_element(By.ID, "details").find_elements(By.TAG_NAME, "h2")
    return heads[0].text if heads else None


def no_errors(driver):
    assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_click_a_quotation_shows_its_speaker_and_date(site, chrome, tmp_path):
    from selenium.webdriver.common.by import By

    chrome.get((site / PAGE).as_uri())
    quote = chrome.find_element(By.ID, f"{SOURCE_ID}-s027-1")
    assert quote.text.startswith("We don’t understand")
    quote.click()
    panel = chrome.find_element(By.ID, "details")
    assert panel.find_element(By.TAG_NAME, "h2").text == f"{SOURCE_ID}-s027-1"
    speaker = panel.find_element(By.CSS_SELECTOR, 'dd[data-field="speaker"]')
    assert speaker.text == "Vladimir Putin (President of Russia)"
    assert speaker.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("/speakers/vladimir-putin.html")
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="date"]').text == (
        "2018-01/2019-07 (context; 2018-01-01 to 2019-07-31)")
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="verdict"]').text.startswith("supported")
    chrome.save_screenshot(str(tmp_path / "source-page.png"))
    assert (tmp_path / "source-page.png").stat().st_size > 10_000


def test_a_quotation_has_one_opening_mark_and_badges_look_apart(site, chrome):
    from selenium.webdriver.common.by import By

    chrome.get((site / PAGE).as_uri())
    for quote in chrome.find_elements(By.CSS_SELECTOR, ".sp.quote"):
        assert chrome.execute_script("return getComputedStyle(arguments[0], '::before').content", quote) in (
            "none", "normal")
    style = "const s = getComputedStyle(arguments[0]); return [s.borderTopLeftRadius, s.borderTopStyle]"
    sentence = chrome.execute_script(style, chrome.find_element(By.CSS_SELECTOR, ".badge.b-st[data-for]"))
    span = chrome.execute_script(style, chrome.find_element(By.CSS_SELECTOR, ".badge.b-sp[data-for]"))
    assert sentence[1] == "solid" and span[1] == "dashed" and sentence[0] != span[0]
    assert chrome.find_element(By.CSS_SELECTOR, ".badge.b-sp[data-for]").text.startswith("span ")


def test_a_badge_opens_its_own_statement(site, chrome):
    from selenium.webdriver.common.by import By

    chrome.get((site / PAGE).as_uri())
    badge = chrome.find_element(By.CSS_SELECTOR, f'.badge.b-sp[data-for="{SOURCE_ID}-s003-2"]')
    badge.click()
    wait(chrome, lambda d: panel_id(d) == f"{SOURCE_ID}-s003-2")
    assert chrome.find_element(By.ID, f"{SOURCE_ID}-s003-2").get_attribute("class").split()[-1] == "active"


def test_chart_labels_are_whole(site, chrome):
    """The essay author's long name once lost its first letters on the left of the speaker chart."""
    from selenium.webdriver.common.by import By

    chrome.get((site / "index.html").as_uri())
    labels = chrome.find_elements(By.CSS_SELECTOR, ".chart .label")
    assert any(len(label.text) > 40 for label in labels)
    for label in labels:
        inside = chrome.execute_script(
            "const e = arguments[0], r = e.getBoundingClientRect(), f = e.closest('figure').getBoundingClientRect();"
            "return e.scrollWidth <= e.clientWidth && r.left >= f.left && r.right <= f.right", label)
        assert inside, label.text
    names = set(tables(DATASET)["speakers"]["name"])
    assert names & {label.text for label in labels} == names & set(tables(DATASET)["statements"]["speaker"])


def test_filter_hides_other_statements(site, chrome):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    chrome.get((site / PAGE).as_uri())
    opinion = chrome.find_element(By.ID, f"{SOURCE_ID}-s001")
    assert opinion.is_displayed()
    Select(chrome.find_element(By.NAME, "speaker")).select_by_value("vladimir-putin")
    assert not opinion.is_displayed()
    assert chrome.find_element(By.ID, f"{SOURCE_ID}-s027").is_displayed()
    assert chrome.find_element(By.ID, "shown").text == "3 of 35 sentences shown"
    chrome.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    assert opinion.is_displayed()
    assert Select(chrome.find_element(By.NAME, "speaker")).first_selected_option.get_attribute("value") == ""
    assert chrome.find_element(By.ID, "shown").text == "35 of 35 sentences shown"
    # a quotation filtered out inside a sentence still shown: its mark and its badge go, the sentence's stay
    chrome.find_element(By.CSS_SELECTOR, "input[name=claim_type][value=direct_quote]").click()
    quote_badge = chrome.find_element(By.CSS_SELECTOR, f'.badge[data-for="{SOURCE_ID}-s003-2"]')
    assert chrome.find_element(By.ID, f"{SOURCE_ID}-s003").is_displayed() and not quote_badge.is_displayed()
    assert chrome.find_element(By.CSS_SELECTOR, f'.badge[data-for="{SOURCE_ID}-s003"]').is_displayed()
    assert "off" in chrome.find_element(By.ID, f"{SOURCE_ID}-s003-2").get_attribute("class").split()
    no_errors(chrome)


def test_the_details_panel_clears_when_the_filters_hide_its_statement(site, chrome):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    chrome.get((site / PAGE).as_uri())
    chrome.find_element(By.ID, f"{SOURCE_ID}-s027-1").click()
    assert panel_id(chrome) == f"{SOURCE_ID}-s027-1"
    speaker = Select(chrome.find_element(By.NAME, "speaker"))
    speaker.select_by_value("vladimir-putin")  # still shown: the panel keeps it
    assert panel_id(chrome) == f"{SOURCE_ID}-s027-1"
    speaker.select_by_value(f"{SOURCE_ID}-author")
    wait(chrome, lambda d: panel_id(d) is None, "the panel still shows a statement the filter hid")
    assert chrome.find_element(By.ID, "details").text.startswith("Select a statement")
    assert not chrome.find_elements(By.CSS_SELECTOR, ".active")
    no_errors(chrome)


def test_an_unchecked_row_says_not_checked_without_a_date(corpus, chrome):
    from selenium.webdriver.common.by import By

    repo, site = corpus
    statements = tables(repo / "dataset")["statements"]
    unchecked = statements[(statements["verdict"] == 4) & statements["checked_on"].notna()
                           & (statements["source_id"] == NEWS)]  # 4: not_checked, the ClassLabel's last name
    statement_id = sorted(unchecked["statement_id"])[0]
    chrome.get((site / f"sources/{NEWS}.html").as_uri())
    chrome.find_element(By.ID, statement_id).click()
    wait(chrome, lambda d: panel_id(d) == statement_id)
    assert chrome.find_element(By.CSS_SELECTOR, 'dd[data-field="verdict"]').text == "not checked"


def test_keyboard_opens_details(site, chrome):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    chrome.get((site / PAGE).as_uri())
    sentence = chrome.find_element(By.ID, f"{SOURCE_ID}-s026")
    chrome.execute_script("arguments[0].focus()", sentence)
    sentence.send_keys(Keys.ENTER)
    panel = chrome.find_element(By.ID, "details")
    assert panel.find_element(By.TAG_NAME, "h2").text == f"{SOURCE_ID}-s026"
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="claim type"]').text == "prediction"


def test_a_speaker_page_shows_their_statements_and_leads_to_each(corpus, chrome):
    from selenium.webdriver.common.by import By

    repo, site = corpus
    statements = tables(repo / "dataset")["statements"].set_index("statement_id")
    ids = timeline(statements.reset_index(), "mara-okafor")
    chrome.get((site / "speakers/mara-okafor.html").as_uri())
    assert chrome.find_element(By.TAG_NAME, "h1").text == "Mara Okafor"
    rows = chrome.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")
    assert [r.get_attribute("id") for r in rows] == ids
    titles = {NEWS: "Harbour authority approves night ferries", FERRY: "The first night ferry"}
    for row, statement_id in zip(rows, ids):
        s = statements.loc[statement_id]
        cells = {c.get_attribute("data-label"): c for c in row.find_elements(By.TAG_NAME, "td")}
        assert cells["Date"].find_element(By.TAG_NAME, "time").text == s["date"]
        assert cells["Source"].text == titles[s["source_id"]]
        link = cells["Statement"].find_element(By.TAG_NAME, "a")
        assert link.text == s["quote"]
        assert link.get_attribute("href").endswith(f"/sources/{s['source_id']}.html#{statement_id}")
        assert cells["Claim type"].text in ("direct quote", "reported speech", "factual claim")
        assert cells["Verdict"].text.lower().endswith("not checked")
    dates = [statements.loc[i, "date_start"] for i in ids]
    assert dates == sorted(dates) and dates[0] < dates[-1]
    last = rows[-1].find_element(By.CSS_SELECTOR, "td.what a")
    target = ids[-1]
    last.click()
    wait(chrome, lambda d: d.current_url.endswith(f"#{target}") and panel_id(d) == target,
         "following a statement's link opens it on its source page")
    assert chrome.find_element(By.ID, target).get_attribute("class").split()[-1] == "active"
    no_errors(chrome)


def test_the_index_charts_lead_into_filtered_views(corpus, chrome):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    repo, site = corpus
    statements = tables(repo / "dataset")["statements"]
    chrome.get((site / "index.html").as_uri())
    chrome.find_element(By.CSS_SELECTOR, 'a.row[href="speakers/tomas-reyes.html"]').click()
    wait(chrome, lambda d: d.current_url.endswith("/speakers/tomas-reyes.html"))
    assert len(chrome.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")) == len(
        timeline(statements, "tomas-reyes"))

    chrome.get((site / "index.html").as_uri())
    chart = chrome.find_element(By.CSS_SELECTOR, 'ul.chart[aria-label="Statements by claim type"]')
    row = chart.find_elements(By.TAG_NAME, "details")[0]  # direct quote: the first claim type
    link = row.find_element(By.CSS_SELECTOR, f'a[href="sources/{NEWS}.html?claim_type=direct_quote"]')
    assert not link.is_displayed()
    row.find_element(By.TAG_NAME, "summary").click()
    wait(chrome, lambda d: link.is_displayed(), "the bar opens the list of sources")
    link.click()
    wait(chrome, lambda d: "?claim_type=direct_quote" in d.current_url)
    checked = [i.get_attribute("value") for i in chrome.find_elements(By.CSS_SELECTOR, "input[name=claim_type]")
               if i.is_selected()]
    assert checked == ["direct_quote"]
    rows = statements[statements["source_id"] == NEWS]
    quoted = set(rows.loc[rows["claim_type"] == 0, "statement_id"])  # 0: direct_quote
    sentences = rows[rows["level"] == "sentence"]["statement_id"]
    expected = sorted(s for s in sentences if s in quoted or any(q.startswith(s + "-") for q in quoted))
    shown = sorted(e.get_attribute("id") for e in chrome.find_elements(By.CSS_SELECTOR, ".st[data-id]")
                   if e.is_displayed())
    assert shown == expected and 0 < len(shown) < len(sentences)
    assert chrome.find_element(By.ID, "shown").text == f"{len(expected)} of {len(sentences)} sentences shown"

    chrome.get((site / f"sources/{NEWS}.html").as_uri() + "?check_worthy=true&verdict=not_checked&speaker=mara-okafor")
    assert Select(chrome.find_element(By.NAME, "verdict")).first_selected_option.get_attribute("value") == "not_checked"
    assert Select(chrome.find_element(By.NAME, "speaker")).first_selected_option.get_attribute("value") == "mara-okafor"
    assert Select(chrome.find_element(By.NAME, "check_worthy")).first_selected_option.get_attribute("value") == "true"
    no_errors(chrome)


OUTSIDE = """return [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect(); return r.width && (r.right > innerWidth + 0.5 || r.left < -0.5);
}).map(e => e.tagName + '.' + e.className + ' ' + (e.getAttribute('name') || ''));"""
"""Every element that sticks out of the window, left or right."""


def test_nothing_overflows_at_phone_width(site, corpus, chrome, tmp_path):
    """At 420 px the Speaker filter (the essay author's long name), the charts and the timeline fit."""
    from selenium.webdriver.common.by import By

    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 420, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    try:
        chrome.get((site / PAGE).as_uri())
        select, form = chrome.find_element(By.NAME, "speaker"), chrome.find_element(By.ID, "filters")
        right = "return arguments[0].getBoundingClientRect().right"
        assert chrome.execute_script(right, select) <= chrome.execute_script(right, form), "Speaker stays in its box"
        for page in (site / PAGE, site / "index.html", corpus[1] / "index.html",
                     corpus[1] / "speakers/mara-okafor.html", corpus[1] / f"speakers/{SOURCE_ID}-author.html"):
            chrome.get(page.as_uri())
            width, inner = chrome.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
            assert inner == 420 and width <= inner, (page, width)
            assert chrome.execute_script(OUTSIDE) == [], page
            shot = tmp_path / f"{page.parent.name}-{page.stem}.png"
            chrome.save_screenshot(str(shot))
            assert shot.stat().st_size > 5_000
    finally:
        chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
