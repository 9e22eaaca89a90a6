"""A static, self-contained site that shows each source with its statements marked, built from the dataset.

Everything a page needs is inline (CSS, JavaScript, SVG charts, the statements as
JSON), so the site opens from the file system with no network.  All text is escaped,
and the output depends only on the data, so two renders are byte-identical.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

from .export import json_for_html, records
from .schemas import CLAIM_TYPES, VERDICTS

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = {"direct_quote": "#E69F00", "reported_speech": "#56B4E9", "factual_claim": "#009E73",
           "attributed_position": "#F0E442", "opinion": "#0072B2", "prediction": "#D55E00",
           "speculation": "#CC79A7"}
VERDICT_COLOURS = {"refuted": "#D55E00", "mixed": "#E69F00", "supported": "#009E73", "unverifiable": "#999999",
                   "not_checked": "#FFFFFF"}
LABEL = {name: name.replace("_", " ") for name in CLAIM_TYPES + VERDICTS}

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff; }
header, footer { padding: 1rem 2rem; border-bottom: 1px solid var(--line); font-family: system-ui, sans-serif; }
header h1 { margin: .2rem 0; font-size: 1.5rem; }
header p, .meta { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
a { color: #0b57a4; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 24rem; gap: 2rem; padding: 1rem 2rem; }
main { min-width: 0; }
.controls { font: .9rem system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end;
            padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 1rem; }
.controls fieldset { border: 0; margin: 0; padding: 0; }
.controls legend, .controls label { font-weight: 600; }
.controls fieldset label { font-weight: 400; margin-right: .6rem; white-space: nowrap; }
.legend { font: .85rem system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .4rem .9rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { width: 1.1rem; height: 1.1rem; border-radius: 3px; border: 1px solid rgba(0,0,0,.35); display: inline-block; }
.text p { margin: 0 0 1.1rem; }
.st { border-radius: 3px; padding: 1px 0; cursor: pointer; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.st:focus, .sp:focus, .st.active, .sp.active { outline: 3px solid #000; outline-offset: 1px; }
.st.cw, .sp.cw { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
.st.dimmed { opacity: .35; }
.sp { border-bottom: 2px solid rgba(0,0,0,.55); cursor: pointer; }
.sp.quote { font-style: italic; border-bottom: 3px double #000; background: rgba(255,255,255,.55); }
.sp.quote::before { content: "❝"; font-style: normal; font-size: .75em; vertical-align: super; }
.sp.off { border-bottom-color: transparent; background: transparent; }
.badge { font: 600 .7rem system-ui, sans-serif; border: 1px solid #333; border-radius: 999px; padding: 0 .4rem;
         margin: 0 .25rem; vertical-align: middle; white-space: nowrap; color: #000; }
#details { position: sticky; top: 1rem; align-self: start; font: .9rem/1.45 system-ui, sans-serif;
           border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; max-height: calc(100vh - 2rem); overflow: auto; }
#details h2 { font-size: 1rem; margin: 0 0 .4rem; }
#details dl { display: grid; grid-template-columns: 8.5rem 1fr; gap: .25rem .6rem; margin: 0; }
#details dt { color: var(--muted); }
#details dd { margin: 0; overflow-wrap: anywhere; }
#details blockquote { margin: 0 0 .6rem; padding-left: .6rem; border-left: 3px solid var(--line); font-family: Georgia, serif; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
.charts figure { margin: 0; } figcaption { font: 600 .95rem system-ui, sans-serif; margin-bottom: .3rem; }
svg text { font: 12px system-ui, sans-serif; }
.hint { color: var(--muted); font: .85rem system-ui, sans-serif; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } #details { position: static; } }
@media print {
  .controls, #details, .hint { display: none; }
  .layout { display: block; padding: 0; }
  body { font-size: 11pt; }
  .st.dimmed { opacity: 1; }
  .st[hidden] { display: inline; }
}
"""

SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('claimset-data').textContent);
  const byId = new Map(data.statements.map(s => [s.statement_id, s]));
  const speakers = new Map(data.speakers.map(s => [s.speaker_id, s]));
  const panel = document.getElementById('details');
  let active = null;
  function field(dl, name, value) {
    const dt = document.createElement('dt'); dt.textContent = name;
    const dd = document.createElement('dd');
    if (Array.isArray(value)) {
      if (!value.length) { dd.textContent = '—'; }
      else { const ul = document.createElement('ul'); ul.style.margin = 0; ul.style.paddingLeft = '1rem';
             value.forEach(v => { const li = document.createElement('li'); li.textContent = v; ul.appendChild(li); });
             dd.appendChild(ul); }
    } else { dd.textContent = (value === null || value === undefined || value === '') ? '—' : String(value); }
    dd.dataset.field = name;
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function who(id) {
    const s = speakers.get(id);
    if (!s) return id;
    return s.role ? s.name + ' (' + s.role + ')' : s.name;
  }
  function show(id, el) {
    const s = byId.get(id);
    if (!s) return;
    if (active) active.classList.remove('active');
    active = el; if (el) el.classList.add('active');
    panel.replaceChildren();
    const h = document.createElement('h2'); h.textContent = s.statement_id; panel.appendChild(h);
    const q = document.createElement('blockquote'); q.textContent = s.quote; panel.appendChild(q);
    const dl = document.createElement('dl');
    field(dl, 'claim type', s.claim_type.replace(/_/g, ' '));
    field(dl, 'level', s.level + (s.parent_id ? ' in ' + s.parent_id : ''));
    field(dl, 'speaker', who(s.speaker_id));
    field(dl, 'cue', s.cue);
    field(dl, 'attributed to', s.attributed_to ? who(s.attributed_to) : null);
    field(dl, 'claim', s.claim);
    field(dl, 'date', s.date + ' (' + s.date_basis + '; ' + s.date_start + ' to ' + s.date_end + ')');
    field(dl, 'event date', s.event_date);
    field(dl, 'translation', s.is_translation ? 'yes' : 'no');
    field(dl, 'check-worthy', s.check_worthy ? 'yes' : 'no');
    field(dl, 'verdict', s.verdict.replace(/_/g, ' ') + (s.checked_on ? ' (as of ' + s.checked_on + ')' : ''));
    field(dl, 'verdict note', s.verdict_note);
    field(dl, 'evidence', s.evidence);
    field(dl, 'annotator note', s.annotator_note);
    field(dl, 'offsets', 'paragraph ' + s.paragraph + ', sentence ' + s.sentence + ', characters ' + s.char_start + '–' + s.char_end);
    panel.appendChild(dl);
  }
  function statementOf(target) { return target.closest('.sp[data-id], .st[data-id]'); }
  document.addEventListener('click', e => {
    const el = statementOf(e.target);
    if (el && el.dataset.id) { e.stopPropagation(); show(el.dataset.id, el); }
  });
  document.addEventListener('keydown', e => {
    const el = document.activeElement;
    if ((e.key === 'Enter' || e.key === ' ') && el && el.dataset && el.dataset.id) { e.preventDefault(); show(el.dataset.id, el); }
    if (e.key === 'Escape' && active) { active.focus(); }
  });
  const form = document.getElementById('filters');
  function matches(s) {
    const types = [...form.querySelectorAll('input[name=claim_type]:checked')].map(i => i.value);
    const sp = form.speaker.value, cw = form.check_worthy.value, v = form.verdict.value;
    return types.includes(s.claim_type) && (!sp || s.speaker_id === sp) &&
      (!cw || String(s.check_worthy) === cw) && (!v || s.verdict === v);
  }
  function apply() {
    document.querySelectorAll('.sp[data-id]').forEach(el => el.classList.toggle('off', !matches(byId.get(el.dataset.id))));
    document.querySelectorAll('.st[data-id]').forEach(el => {
      const own = matches(byId.get(el.dataset.id));
      const inner = [...el.querySelectorAll('.sp[data-id]')].some(sp => !sp.classList.contains('off'));
      el.hidden = !own && !inner;
      el.classList.toggle('dimmed', !own && inner);
    });
    const shown = document.querySelectorAll('.st[data-id]:not([hidden])').length;
    document.getElementById('shown').textContent = shown + ' of ' + document.querySelectorAll('.st[data-id]').length + ' sentences shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', event => {
    // reset the fields here, then filter at once: no timer for a reader (or a test) to race
    event.preventDefault();
    for (const el of form.elements) {
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = el.defaultChecked;
      else if (el.tagName === 'SELECT') el.selectedIndex = Math.max(0, [...el.options].findIndex(o => o.defaultSelected));
      else if ('defaultValue' in el) el.value = el.defaultValue;
    }
    apply();
  });
  apply();
})();
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str, script: str = "", data: dict | None = None) -> str:
    payload = ""
    if data is not None:
        text = json_for_html(data, sort_keys=True)
        payload = f'<script type="application/json" id="claimset-data">{text}</script>\n'
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n{payload}"
            + (f"<script>{script}</script>\n" if script else "") + "</body>\n</html>\n")


def bar_chart(title: str, counts: list[tuple[str, int]], colours: dict[str, str] | None = None) -> str:
    """A horizontal bar chart as inline SVG (no scripts, no external fonts)."""
    height, label_w, bar_w = 22, 190, 200
    top = max([c for _, c in counts] + [1])
    rows = []
    for i, (name, count) in enumerate(counts):
        y = i * height
        width = round(bar_w * count / top)
        colour = (colours or {}).get(name, "#0072B2")
        rows.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(LABEL.get(name, name))}</text>'
                    f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{height - 8}" fill="{colour}" '
                    f'stroke="#333" stroke-width="0.5"/><text x="{label_w + width + 5}" y="{y + 15}">{count}</text>')
    total_h = max(len(counts), 1) * height
    return (f'<figure><figcaption>{_e(title)}</figcaption><svg role="img" aria-label="{_e(title)}" '
            f'width="{label_w + bar_w + 40}" height="{total_h}" viewBox="0 0 {label_w + bar_w + 40} {total_h}">'
            f"<title>{_e(title)}</title>{''.join(rows)}</svg></figure>")


def render_site(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Every page of the site: relative path → HTML."""
    pages = {"index.html": _index(statements, speakers, sources)}
    by_source = dict(iter(statements.groupby("source_id", sort=False)))
    for source in records(sources.sort_values("source_id")):
        rows = by_source.get(source["source_id"], statements.iloc[0:0])
        pages[f"sources/{source['source_id']}.html"] = _source_page(source, rows, speakers)
    return pages


def _index(st: pd.DataFrame, sp: pd.DataFrame, so: pd.DataFrame) -> str:
    names = dict(zip(sp["speaker_id"], sp["name"]))
    by_type = [(t, int((st["claim_type"] == t).sum())) for t in CLAIM_TYPES]
    by_verdict = [(v, int((st.loc[st["check_worthy"], "verdict"] == v).sum())) for v in VERDICTS]
    speaker_counts = st["speaker_id"].value_counts()
    by_speaker = sorted(((names.get(k, k), int(v)) for k, v in speaker_counts.items()), key=lambda x: (-x[1], x[0]))
    start, end = min(st["date_start"]), max(st["date_end"])
    per_source = st["source_id"].value_counts()
    items = "".join(
        f'<li><a href="sources/{_e(s["source_id"])}.html">{_e(s["title"])}</a> — {_e(s["source_id"])}, '
        f'published {_e(s["published"])}, {int(per_source.get(s["source_id"], 0))} statements</li>'
        for s in records(so.sort_values("source_id")))
    worthy = int(st["check_worthy"].sum())
    body = (f"<header><h1>claimset</h1><p>{len(st)} statements ({int((st['level'] == 'sentence').sum())} sentences, "
            f"{int((st['level'] == 'span').sum())} spans) from {len(so)} source(s); {worthy} check-worthy; "
            f"statements dated {_e(start)} to {_e(end)}.</p></header>\n"
            f'<main style="padding:1rem 2rem"><h2>Sources</h2><ul>{items}</ul>\n<h2>Summary</h2>'
            f'<div class="charts">{bar_chart("Statements by claim type", by_type, PALETTE)}'
            f'{bar_chart("Check-worthy statements by verdict", by_verdict, VERDICT_COLOURS)}'
            f'{bar_chart("Statements by speaker", by_speaker)}</div></main>')
    return _page("claimset — statements", body)


def _source_page(source: dict, rows: pd.DataFrame, sp: pd.DataFrame) -> str:
    text = source["text"]
    sentences = rows[rows["level"] == "sentence"].sort_values("char_start")
    spans = rows[rows["level"] == "span"]
    by_paragraph: dict[int, list[str]] = {}
    for sentence in records(sentences):
        inner = records(spans[spans["parent_id"] == sentence["statement_id"]].sort_values(["char_start", "char_end"]))
        by_paragraph.setdefault(sentence["paragraph"], []).append(_sentence_html(text, sentence, inner))
    paragraphs = "\n".join(f"<p>{' '.join(parts)}</p>" for _, parts in sorted(by_paragraph.items()))
    legend = "".join(f'<li><span class="swatch" style="background:{PALETTE[t]}59;border-color:{PALETTE[t]}"></span>{_e(LABEL[t])}</li>'
                     for t in CLAIM_TYPES)
    legend += ('<li><span class="sp quote">quotation</span></li><li><span class="sp">other span</span></li>'
               '<li><span class="st cw">check-worthy</span></li>')
    present = sorted(set(rows["speaker_id"]))
    names = dict(zip(sp["speaker_id"], sp["name"]))
    speaker_options = "".join(f'<option value="{_e(s)}">{_e(names.get(s, s))}</option>' for s in present)
    verdict_options = "".join(f'<option value="{v}">{_e(LABEL[v])}</option>' for v in VERDICTS)
    types = "".join(f'<label><input type="checkbox" name="claim_type" value="{t}" checked> {_e(LABEL[t])}</label>'
                    for t in CLAIM_TYPES)
    controls = (f'<form id="filters" class="controls" aria-label="Filter statements">'
                f"<fieldset><legend>Claim type</legend>{types}</fieldset>"
                f'<label>Speaker <select name="speaker"><option value="">all</option>{speaker_options}</select></label>'
                f'<label>Check-worthy <select name="check_worthy"><option value="">all</option>'
                f'<option value="true">yes</option><option value="false">no</option></select></label>'
                f'<label>Verdict <select name="verdict"><option value="">all</option>{verdict_options}</select></label>'
                f'<button type="reset">Reset</button> <span id="shown" role="status"></span></form>')
    meta = (f"{_e(source['source_id'])} · author: {_e(source['author'] or 'not named')} · published "
            f"{_e(source['published'])} · {source['n_paragraphs']} paragraphs, {source['n_sentences']} sentences · "
            f"{'excerpt' if source['is_excerpt'] else 'full text'}")
    body = (f'<header><p><a href="../index.html">claimset</a></p><h1>{_e(source["title"])}</h1>'
            f'<p class="meta">{meta}</p></header>\n<div class="layout"><main>{controls}'
            f'<ul class="legend" aria-label="Legend">{legend}</ul>'
            f'<p class="hint">Click a sentence or a marked span, or move to it with Tab and press Enter, to see '
            f'every field of the statement.</p><article class="text">{paragraphs}</article></main>'
            f'<aside id="details" aria-live="polite" aria-label="Statement details"><p>Select a statement to see '
            f'its speaker, date, claim and verdict.</p></aside></div>')
    data = {"statements": records(rows.sort_values("statement_id")),
            "speakers": records(sp[sp["speaker_id"].isin(set(rows["speaker_id"]) | set(rows["attributed_to"].dropna()))]
                                 .sort_values("speaker_id"))}
    return _page(f"{source['title']} — claimset", body, SCRIPT, data)


def _classes(row: dict, kind: str) -> str:
    classes = [kind, f"ct-{row['claim_type']}"]
    if row["check_worthy"]:
        classes.append("cw")
    if kind == "sp" and row["claim_type"] == "direct_quote":
        classes.append("quote")
    return " ".join(classes)


def _badge(row: dict) -> str:
    if not row["check_worthy"]:
        return ""
    colour = VERDICT_COLOURS[row["verdict"]]
    return (f'<span class="badge" style="background:{colour}" title="verdict: {_e(LABEL[row["verdict"]])}">'
            f"{_e(LABEL[row['verdict']])}</span>")


def _sentence_html(text: str, sentence: dict, spans: list[dict]) -> str:
    """A sentence with its spans as nested marks; crossing spans are closed and reopened around the crossing."""
    a, b = sentence["char_start"], sentence["char_end"]
    cuts = sorted({a, b} | {s["char_start"] for s in spans} | {s["char_end"] for s in spans})
    out, stack, opened = [], [], set()
    for left, right in zip(cuts, cuts[1:]):
        active = sorted((s for s in spans if s["char_start"] <= left and right <= s["char_end"]),
                        key=lambda s: (s["char_start"], -s["char_end"], s["statement_id"]))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(_badge(s) if s["char_end"] == left else "")
            out.append("</span>")
        stack = stack[:keep]
        for s in active[keep:]:
            first = s["statement_id"] not in opened
            opened.add(s["statement_id"])
            focus = f' id="{_e(s["statement_id"])}" tabindex="0" role="button"' if first else ""
            out.append(f'<span class="{_classes(s, "sp")}" data-id="{_e(s["statement_id"])}"{focus} '
                       f'title="{_e(LABEL[s["claim_type"]])}">')
            stack.append(s)
        out.append(_e(text[left:right]))
    for s in reversed(stack):
        out.append(_badge(s) + "</span>")
    colour = PALETTE[sentence["claim_type"]]
    return (f'<span class="{_classes(sentence, "st")}" id="{_e(sentence["statement_id"])}" '
            f'data-id="{_e(sentence["statement_id"])}" tabindex="0" role="button" '
            f'style="background:{colour}59" title="{_e(LABEL[sentence["claim_type"]])}">'
            f'{"".join(out)}{_badge(sentence)}</span>')


SITE_MARKER = ".claimset-site.json"
"""Written into every rendered site: the files the render wrote. A folder without it is never replaced, and
only the files it lists are ever removed."""
SITE_FILE = re.compile(r"(?:index|sources/[a-z0-9][a-z0-9-]*|speakers/[a-z0-9][a-z0-9-]*)\.html")


class NotASite(Exception):
    """The output folder holds files that no render wrote; it is left alone."""


def write_site(pages: dict[str, str], out: Path) -> None:
    """Write the pages into ``out``, each atomically; remove pages of the previous render that are gone.

    ``out`` must be new, empty, or a site a previous render wrote (it holds ``SITE_MARKER``). Files the
    render did not write — a note kept beside the site — are never touched.
    """
    from .files import remove_stale, write_atomic

    previous = _previous_pages(out)
    for relative, content in sorted(pages.items()):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, content)
    for relative in sorted(previous - set(pages)):
        (out / relative).unlink(missing_ok=True)
    write_atomic(out / SITE_MARKER, json.dumps({"generator": "claimset render", "files": sorted(pages)},
                                               indent=1) + "\n")
    for folder in (out, out / "sources", out / "speakers"):
        remove_stale(folder)  # temporary files of a render that was killed


def _previous_pages(out: Path) -> set[str]:
    """The pages an earlier render wrote into ``out`` (by its marker); NotASite when ``out`` is not a site."""
    if not out.exists():
        return set()
    if not out.is_dir():
        raise NotASite(f"{out} is a file; give a folder for the site")
    marker = out / SITE_MARKER
    if not marker.is_file():
        if any(out.iterdir()):
            raise NotASite(f"{out} is not empty and was not written by claimset render (no {SITE_MARKER}); "
                           "choose a new or empty folder")
        return set()
    try:
        listed = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, AttributeError, UnicodeDecodeError):
        raise NotASite(f"{marker} is damaged; remove the old site folder or choose a new one") from None
    return {f for f in listed if isinstance(f, str) and SITE_FILE.fullmatch(f)}
