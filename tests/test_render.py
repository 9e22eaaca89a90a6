"""`claimset render`: a static site from the dataset, checked as HTML and driven in headless Chromium."""
import os
import re
import shutil

import pytest
from click.testing import CliRunner

from claimset.cli import cli
from conftest import DATASET, SOURCE_ID

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
    from claimset.tables import normalise

    st = normalise("statements", statements)[0]
    sp = normalise("speakers", speakers)[0]
    so = normalise("sources", sources)[0]
    sp.loc[sp["speaker_id"] == "vladimir-putin", "name"] = "<script>alert(1)</script>"
    so.loc[0, "title"] = "A <b>bold</b> & </script> title"
    pages = render_site(st, sp, so)
    page = pages[PAGE]
    assert "<b>bold</b>" not in page and "A &lt;b&gt;bold&lt;/b&gt; &amp;" in page
    assert "<script>alert(1)</script>" not in page
    assert "<\\/script>" in page  # inside the JSON payload


def test_render_refuses_a_folder_that_is_not_a_site(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(DATASET), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "exists and is not a rendered site (no index.html); choose a new or empty folder" in result.output
    assert (tmp_path / "notes.txt").exists()


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
