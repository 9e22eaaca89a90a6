"""`claimset render`: a static site from the dataset, checked as HTML and driven in headless Chromium."""
import json
import os
import re
import shutil

import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import DATASET, SOURCE_ID, tree_bytes

PAGE = f"sources/{SOURCE_ID}.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 2 page(s) to {out}; open {out / 'index.html'}\n"
    return out


def test_render_is_deterministic_and_self_contained(site, tmp_path):
    again = tmp_path / "again"
    CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(again)])
    for page in ("index.html", PAGE):
        html = (site / page).read_text(encoding="utf-8")
        assert html == (again / page).read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']https?://""", html), "no network resources"
        assert "<script src" not in html and "<link" not in html


def test_every_statement_is_on_its_page_and_text_is_escaped(site):
    import pandas as pd

    html = (site / PAGE).read_text(encoding="utf-8")
    ids = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet")["statement_id"]
    for statement_id in ids:
        assert f'data-id="{statement_id}"' in html
    assert "<span class=\"sp ct-direct_quote cw quote\"" in html


def test_text_with_markup_is_escaped(tmp_path):
    import pandas as pd

    from claimset.render import render_site

    statements = pd.read_parquet(DATASET / "data/statements/train-00000-of-00001.parquet")
    speakers = pd.read_parquet(DATASET / "data/speakers/train-00000-of-00001.parquet")
    sources = pd.read_parquet(DATASET / "data/sources/train-00000-of-00001.parquet")
    from claimset.coercion import normalise

    st = normalise("statements", statements)[0]
    sp = normalise("speakers", speakers)[0]
    so = normalise("sources", sources)[0]
    sp.loc[sp["speaker_id"] == "vladimir-putin", "name"] = "<script>alert(1)</script>"
    so.loc[0, "title"] = "A <b>bold</b> & </script> title"
    pages = render_site(st, sp, so)
    page = pages[PAGE]
    assert "<b>bold</b>" not in page and "A &lt;b&gt;bold&lt;/b&gt; &amp;" in page
    assert "<script>alert(1)</script>" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page  # inside the JSON payload


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
    first = tree_bytes(site)
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert tree_bytes(site) == first
    assert json.loads((site / ".claimset-site.json").read_text(encoding="utf-8"))["files"] == [
        "index.html", f"sources/{SOURCE_ID}.html"]


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


def test_index_has_summary_charts(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count("<svg role=\"img\"") == 3
    assert f'href="sources/{SOURCE_ID}.html"' in html
    assert "Statements by claim type" in html and "direct quote" in html


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


def test_click_a_quotation_shows_its_speaker_and_date(site, chrome, tmp_path):
    from selenium.webdriver.common.by import By

    chrome.get((site / PAGE).as_uri())
    quote = chrome.find_element(By.ID, f"{SOURCE_ID}-s027-1")
    assert quote.text.startswith("We don’t understand")
    quote.click()
    panel = chrome.find_element(By.ID, "details")
    assert panel.find_element(By.TAG_NAME, "h2").text == f"{SOURCE_ID}-s027-1"
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="speaker"]').text == "Vladimir Putin (President of Russia)"
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="date"]').text == (
        "2018-01/2019-07 (context; 2018-01-01 to 2019-07-31)")
    assert panel.find_element(By.CSS_SELECTOR, 'dd[data-field="verdict"]').text.startswith("supported")
    chrome.save_screenshot(str(tmp_path / "source-page.png"))
    assert (tmp_path / "source-page.png").stat().st_size > 10_000


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
    assert [e["message"] for e in chrome.get_log("browser") if e["level"] == "SEVERE"] == []


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
