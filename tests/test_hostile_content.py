"""Hostile strings in every free-text field travel build → render → export as inert text.

Whatever a curator (or a copied web page) puts in a title, a speaker's name, a claim or a note must
come out of the rendered page and the exports as the same text — never as markup, a script, a comment
that swallows the page's script, or a spreadsheet formula.
"""
import json
import re

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimset.cli import cli
from claimset.export import FORMULA_START
from conftest import SOURCE_ID, edit, examples

PAYLOADS = ["</script><script>alert(1)</script>", "<!--<script>", "<img src=x onerror=alert(1)>", "&amp;&lt;",
            "=1+2", "+SUM(A1)", "-2+3", "@cmd", "javascript:alert('x')", "\u2028\u2029", "]]></x>", "'\"`", "${x}"]
PIECE = st.one_of(st.sampled_from(PAYLOADS),
                  st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12))
HOSTILE = st.lists(PIECE, min_size=1, max_size=4).map("".join).map(lambda s: " ".join(s.split())).filter(bool)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, but a character beyond U+FFFF as YAML's \\U escape (JSON
    writes it as a surrogate pair, which YAML rejects: "invalid Unicode character escape code")."""
    return re.sub(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})",
                  lambda m: f"\\U{0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + int(m.group(2), 16) - 0xDC00:08x}",
                  json.dumps(value))


def _write(repo, title, name, claim, note):
    source = repo / f"sources/{SOURCE_ID}/source.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", lambda _: f"title: {_quoted(title)}", text, count=1),
                      encoding="utf-8")
    edit(repo / "speakers.yaml", "name: Vladimir Putin", f"name: {_quoted(name)}")
    annotations = repo / f"sources/{SOURCE_ID}/annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    annotations.write_text(re.sub(r'(?m)^(\s+claim: )"Russia agreed to negotiate.*$',
                                  lambda m: m.group(1) + _quoted(claim), text, count=1), encoding="utf-8")
    verdicts = (repo / "verdicts.yaml").read_text(encoding="utf-8")
    (repo / "verdicts.yaml").write_text(re.sub(r"(?m)^    note: >-\n(?:      .*\n)+",
                                               lambda _: f"    note: {_quoted(note)}\n", verdicts, count=1),
                                        encoding="utf-8")


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=HOSTILE, name=HOSTILE, claim=HOSTILE, note=HOSTILE)
def test_hostile_text_stays_text(repo_factory, title, name, claim, note):
    repo = repo_factory()
    _write(repo, title, name, claim, note)
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 0, result.output
    site = repo.parent / "site"
    result = CliRunner().invoke(cli, ["render", str(repo / "dataset"), "-o", str(site)])
    assert result.exit_code == 0, result.output
    for page in (site / "index.html", site / f"sources/{SOURCE_ID}.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count("<script") == html.count("</script>") == (2 if "sources" in page.parts else 0)
        if "<script" in html:
            payload = html[html.index('id="claimset-data">') + len('id="claimset-data">'):html.index("</script>")]
            assert not set(payload) & set("<>&")
            data = json.loads(payload)
            assert note in {s["verdict_note"] for s in data["statements"]}
            assert name in {s["name"] for s in data["speakers"]}
        body = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
        assert "<img" not in body and "<!--" not in body
    claimreview = repo.parent / "claimreview.json"
    csv = repo.parent / "statements.csv"
    assert CliRunner().invoke(cli, ["export", str(repo / "dataset"), "--format", "claimreview", "-o",
                                    str(claimreview)]).exit_code == 0
    text = claimreview.read_text(encoding="utf-8")
    assert not set(text) & set("<>&")
    assert note in {review["reviewBody"] for review in json.loads(text)}
    assert CliRunner().invoke(cli, ["export", str(repo / "dataset"), "--format", "csv", "-o", str(csv)]).exit_code == 0
    import pandas as pd

    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert not any(cell.startswith(FORMULA_START) for column in frame for cell in frame[column])
    assert ("'" + claim if claim.startswith(FORMULA_START) else claim) in set(frame["claim"])
