"""A static, self-contained site built from the dataset: an index, a page per source with its statements
marked, and a page per speaker with everything they said across sources on a timeline.

Everything a page needs is inline (CSS, JavaScript, the charts, the statements as JSON), so the site opens
from the file system with no network.  All text is escaped, and the output depends only on the data, so
two renders are byte-identical.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from .export import json_for_html, records
from .labels import CLAIM_TYPES, VERDICTS
from .layout import site_page
from .vocabulary import quoted
from .wording import plural

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
body { margin: 0; font: 17px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff;
       overflow-wrap: break-word; }
header, footer { padding: 1rem 2rem; border-bottom: 1px solid var(--line); font-family: system-ui, sans-serif; }
header h1 { margin: .2rem 0; font-size: 1.5rem; }
header p, .meta { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
a { color: #0b57a4; }
.page { padding: 1rem 2rem; max-width: 72rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 24rem; gap: 2rem; padding: 1rem 2rem; }
main { min-width: 0; }
.controls { font: .9rem system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end;
            padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 1rem; }
.controls fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.controls legend, .controls label { font-weight: 600; }
.controls > label { display: inline-flex; align-items: center; gap: .35rem; max-width: 100%; min-width: 0; }
.controls select { max-width: 100%; min-width: 0; flex: 0 1 auto; }
.controls fieldset label { font-weight: 400; margin-right: .6rem; white-space: nowrap; }
.legend { font: .85rem system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .4rem .9rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { width: 1.1rem; height: 1.1rem; border-radius: 3px; border: 1px solid rgba(0,0,0,.35); display: inline-block;
          flex: none; vertical-align: middle; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.text p { margin: 0 0 1.1rem; }
.st { border-radius: 3px; padding: 1px 0; cursor: pointer; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.st:focus, .sp:focus, .st.active, .sp.active { outline: 3px solid #000; outline-offset: 1px; }
.st.cw, .sp.cw { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
.st.dimmed { opacity: .35; }
.sp { border-bottom: 2px solid rgba(0,0,0,.55); cursor: pointer; }
.sp.quote { font-style: italic; border-bottom: 3px double #000; background: rgba(255,255,255,.55); }
.sp.off { border-bottom-color: transparent; background: transparent; }
.badge { display: inline-block; font: 600 .7rem/1.5 system-ui, sans-serif; font-style: normal; color: #000;
         margin: 0 .25rem; padding: 0 .45rem; text-indent: 0;
         vertical-align: middle; white-space: nowrap; cursor: pointer; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.badge[hidden] { display: none; }
.badge.b-st { border: 1px solid #333; border-radius: 999px; }
.badge.b-sp { border: 1px dashed #333; border-left: .45rem solid var(--v, #333); border-radius: 0; background: #fff; }
.badge.b-sp .k { font-weight: 400; font-variant: small-caps; color: var(--muted); }
#details { position: sticky; top: 1rem; align-self: start; font: .9rem/1.45 system-ui, sans-serif;
           border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; max-height: calc(100vh - 2rem); overflow: auto; }
#details h2 { font-size: 1rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
#details dl { display: grid; grid-template-columns: 8.5rem minmax(0, 1fr); gap: .25rem .6rem; margin: 0; }
#details dt { color: var(--muted); }
#details dd { margin: 0; overflow-wrap: anywhere; }
#details blockquote { margin: 0 0 .6rem; padding-left: .6rem; border-left: 3px solid var(--line); font-family: Georgia, serif; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 1.5rem; }
.charts figure { margin: 0; min-width: 0; } figcaption { font: 600 .95rem system-ui, sans-serif; margin-bottom: .3rem; }
.chart { list-style: none; margin: 0; padding: 0; font: .85rem/1.3 system-ui, sans-serif; }
.chart li { margin: 0 0 .2rem; }
.chart .row { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: .6rem; align-items: center;
              padding: .1rem .2rem; color: inherit; text-decoration: none; border-radius: 3px; }
.chart a.row:hover .label, .chart summary.row:hover .label, .chart .row:focus .label { text-decoration: underline; }
.chart .row:focus { outline: 3px solid #000; outline-offset: 1px; }
.chart summary.row { cursor: pointer; list-style: none; }
.chart summary.row::-webkit-details-marker { display: none; }
.chart .label { text-align: right; overflow-wrap: anywhere; }
.chart a.row .label, .chart summary.row .label { color: #0b57a4; }
.chart .track { display: flex; align-items: center; gap: .35rem; min-width: 0; }
.chart .bar { display: inline-block; height: .9rem; border: 1px solid #333; flex: none;
              -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chart .n { white-space: nowrap; }
.chart summary.row .n::after { content: " ▸"; color: var(--muted); }
.chart details[open] summary.row .n::after { content: " ▾"; }
.chart .where { margin: .1rem 0 .4rem 40%; padding-left: 1rem; font-size: .8rem; }
.hint { color: var(--muted); font: .85rem system-ui, sans-serif; }
.people { columns: 18rem; padding-left: 1.2rem; } .people li { break-inside: avoid; margin-bottom: .2rem; }
.timeline { border-collapse: collapse; width: 100%; font: .9rem/1.45 system-ui, sans-serif; }
.timeline caption { text-align: left; color: var(--muted); padding-bottom: .4rem; }
.timeline th { text-align: left; border-bottom: 2px solid var(--ink); padding: .3rem .5rem; white-space: nowrap; }
.timeline td { border-bottom: 1px solid var(--line); padding: .45rem .5rem; vertical-align: top; }
.timeline td.when { white-space: nowrap; }
.timeline .quote { font-family: Georgia, serif; font-size: 1rem; overflow-wrap: anywhere; }
.timeline .sub { color: var(--muted); font-size: .8rem; }
.timeline .badge { margin: 0; }
.timeline tr:target { outline: 3px solid #000; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } #details { position: static; } }
@media (max-width: 640px) {
  header, footer { padding: .8rem 1rem; }
  .layout, .page { padding: .8rem 1rem; }
  .chart .where { margin-left: 0; }
  .timeline, .timeline tbody, .timeline tr, .timeline td { display: block; }
  .timeline thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .timeline tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  .timeline td { border: 0; padding: .1rem 0; white-space: normal; }
  .timeline td.when { white-space: normal; }
  .timeline td::before { content: attr(data-label) ": "; color: var(--muted); font-size: .8rem; }
  .timeline td.what::before { content: none; }
}
@media print {
  .controls, #details, .hint { display: none; }
  .layout { display: block; padding: 0; }
  body { font-size: 11pt; }
  .st.dimmed { opacity: 1; }
  .st[hidden] { display: inline; }
  .badge[hidden] { display: inline-block; }
}
"""

SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('claimset-data').textContent);
  const byId = new Map(data.statements.map(s => [s.statement_id, s]));
  const speakers = new Map(data.speakers.map(s => [s.speaker_id, s]));
  const panel = document.getElementById('details');
  const placeholder = [...panel.childNodes].map(n => n.cloneNode(true));
  const form = document.getElementById('filters');
  let active = null, activeId = null;
  function field(dl, name, value, href) {
    const dt = document.createElement('dt'); dt.textContent = name;
    const dd = document.createElement('dd');
    if (Array.isArray(value)) {
      if (!value.length) { dd.textContent = '—'; }
      else { const ul = document.createElement('ul'); ul.style.margin = 0; ul.style.paddingLeft = '1rem';
             value.forEach(v => { const li = document.createElement('li'); li.textContent = v; ul.appendChild(li); });
             dd.appendChild(ul); }
    } else if (value === null || value === undefined || value === '') { dd.textContent = '—'; }
    else if (href) { const a = document.createElement('a'); a.href = href; a.textContent = String(value); dd.appendChild(a); }
    else { dd.textContent = String(value); }
    dd.dataset.field = name;
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function who(id) {
    const s = speakers.get(id);
    if (!s) return id;
    return s.role ? s.name + ' (' + s.role + ')' : s.name;
  }
  function page(id) { return id && speakers.has(id) ? '../speakers/' + encodeURIComponent(id) + '.html' : null; }
  function verdict(s) {
    // an unchecked row has no date to be "as of"
    const name = s.verdict.replace(/_/g, ' ');
    return s.verdict !== 'not_checked' && s.checked_on ? name + ' (as of ' + s.checked_on + ')' : name;
  }
  function clear() {
    if (active) active.classList.remove('active');
    active = null; activeId = null;
    panel.replaceChildren(...placeholder.map(n => n.cloneNode(true)));
  }
  function show(id, el) {
    const s = byId.get(id);
    if (!s) return;
    if (active) active.classList.remove('active');
    active = el; activeId = id; if (el) el.classList.add('active');
    panel.replaceChildren();
    const h = document.createElement('h2'); h.textContent = s.statement_id; panel.appendChild(h);
    const q = document.createElement('blockquote'); q.textContent = s.quote; panel.appendChild(q);
    const dl = document.createElement('dl');
    field(dl, 'claim type', s.claim_type.replace(/_/g, ' '));
    field(dl, 'level', s.level + (s.parent_id ? ' in ' + s.parent_id : ''));
    field(dl, 'speaker', who(s.speaker_id), page(s.speaker_id));
    field(dl, 'cue', s.cue);
    field(dl, 'attributed to', s.attributed_to ? who(s.attributed_to) : null, page(s.attributed_to));
    field(dl, 'claim', s.claim);
    field(dl, 'date', s.date + ' (' + s.date_basis + '; ' + s.date_start + ' to ' + s.date_end + ')');
    field(dl, 'event date', s.event_date);
    field(dl, 'translation', s.is_translation ? 'yes' : 'no');
    field(dl, 'check-worthy', s.check_worthy ? 'yes' : 'no');
    field(dl, 'verdict', verdict(s));
    field(dl, 'verdict note', s.verdict_note);
    field(dl, 'evidence', s.evidence);
    field(dl, 'annotator note', s.annotator_note);
    field(dl, 'offsets', 'paragraph ' + s.paragraph + ', sentence ' + s.sentence + ', characters ' + s.char_start + '–' + s.char_end);
    panel.appendChild(dl);
  }
  function statementOf(target) {
    const el = target.closest('.badge[data-for], .sp[data-id], .st[data-id]');
    if (!el) return null;
    const id = el.dataset.for || el.dataset.id;
    return {id: id, el: el.dataset.for ? document.getElementById(id) : el};
  }
  document.addEventListener('click', e => {
    const hit = statementOf(e.target);
    if (hit) { e.stopPropagation(); show(hit.id, hit.el); }
  });
  document.addEventListener('keydown', e => {
    const el = document.activeElement;
    if ((e.key === 'Enter' || e.key === ' ') && el && el.dataset && el.dataset.id) { e.preventDefault(); show(el.dataset.id, el); }
    if (e.key === 'Escape' && active) { active.focus(); }
  });
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
    document.querySelectorAll('.badge[data-for]').forEach(el => { el.hidden = !matches(byId.get(el.dataset.for)); });
    const shown = document.querySelectorAll('.st[data-id]:not([hidden])').length;
    document.getElementById('shown').textContent = shown + ' of ' + document.querySelectorAll('.st[data-id]').length + ' sentences shown';
    // the panel never shows a statement the filters hide
    if (activeId && !matches(byId.get(activeId))) clear();
  }
  function fromUrl() {
    // ?claim_type=opinion&speaker=…&check_worthy=true&verdict=… (the index's charts link here this way)
    const query = new URLSearchParams(location.search);
    const types = query.getAll('claim_type').flatMap(v => v.split(',')).filter(Boolean);
    if (types.length) form.querySelectorAll('input[name=claim_type]').forEach(i => { i.checked = types.includes(i.value); });
    for (const name of ['speaker', 'check_worthy', 'verdict']) {
      const value = query.get(name);
      if (value !== null && [...form[name].options].some(o => o.value === value)) form[name].value = value;
    }
  }
  function fromHash() {
    // #statement-id (the speaker pages link here this way) opens that statement's details
    let id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (err) { return; }
    const s = byId.get(id), el = document.getElementById(id);
    if (s && el && matches(s)) show(id, el);
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
  window.addEventListener('hashchange', fromHash);
  fromUrl();
  apply();
  fromHash();
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


def _query(**filters) -> str:
    return "?" + urlencode(filters) if filters else ""


def bar_chart(title: str, rows: list[tuple[str, str, int, str]], colours: dict[str, str] | None = None) -> str:
    """A horizontal bar chart as HTML (no scripts, no fonts to measure): labels wrap instead of being cut off
    and the chart narrows with the screen. Each row is (name, label, count, target), where target is a
    link's ``href``, a ``<details>`` body of links (starting with ``<``) or empty for a row that leads nowhere."""
    top = max([count for _, _, count, _ in rows] + [1])
    items = []
    for name, label, count, target in rows:
        share = count / top
        colour = (colours or {}).get(name, "#0072B2")
        bar = (f'<span class="bar" style="width:calc((100% - 4rem) * {share:.4f});background:{colour}"></span>'
               if count else "")
        inner = f'<span class="label">{_e(label)}</span><span class="track">{bar}<span class="n">{count}</span></span>'
        if target.startswith("<"):
            items.append(f'<li><details><summary class="row">{inner}</summary>{target}</details></li>')
        elif target:
            items.append(f'<li><a class="row" href="{_e(target)}">{inner}</a></li>')
        else:
            items.append(f'<li><div class="row">{inner}</div></li>')
    return (f'<figure><figcaption>{_e(title)}</figcaption>'
            f'<ul class="chart" aria-label="{_e(title)}">{"".join(items)}</ul></figure>')


def render_site(statements: pd.DataFrame, speakers: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Every page of the site: relative path → HTML."""
    statements = _in_order(statements)
    titles = dict(zip(sources["source_id"], sources["title"]))
    names = dict(zip(speakers["speaker_id"], speakers["name"]))
    pages = {"index.html": _index(statements, speakers, sources, names, titles)}
    by_source = dict(iter(statements.groupby("source_id", sort=False)))
    for source in records(sources.sort_values("source_id")):
        rows = by_source.get(source["source_id"], statements.iloc[0:0])
        pages[site_page("sources", source["source_id"])] = _source_page(source, rows, speakers, names)
    made = dict(iter(statements.groupby("speaker_id", sort=False)))
    others = statements[statements["attributed_to"].notna() & (statements["attributed_to"] != statements["speaker_id"])]
    attributed = dict(iter(others.groupby("attributed_to", sort=False)))
    none = statements.iloc[0:0]
    for speaker in records(speakers.sort_values("speaker_id")):
        sid = speaker["speaker_id"]
        pages[site_page("speakers", sid)] = _speaker_page(speaker, made.get(sid, none), attributed.get(sid, none),
                                                          names, titles)
    return pages


def _in_order(st: pd.DataFrame) -> pd.DataFrame:
    """Statements on a timeline: by first possible date, then source, then where they stand in it (a sentence
    before its spans)."""
    st = st.reset_index(drop=True)
    key = st.assign(_level=(st["level"] != "sentence").astype(int), _end=-st["char_end"].astype("int64"))
    order = key.sort_values(["date_start", "source_id", "paragraph", "sentence", "char_start", "_level", "_end",
                             "statement_id"], kind="mergesort").index
    return st.loc[order]


def _source_links(rows: pd.DataFrame, titles: dict, prefix: str, **filters) -> str:
    """A list of the sources ``rows`` come from, each a link to its page with ``filters`` applied."""
    counts = rows["source_id"].value_counts()
    items = "".join(f'<li><a href="{_e(prefix + site_page("sources", s) + _query(**filters))}">'
                    f"{_e(titles.get(s, s))}</a> ({int(counts[s])})</li>" for s in sorted(counts.index))
    return f'<ul class="where">{items}</ul>'


def _index(st: pd.DataFrame, sp: pd.DataFrame, so: pd.DataFrame, names: dict, titles: dict) -> str:
    def bars(rows: pd.DataFrame, column: str, labels: list[str], **filters) -> list[tuple[str, str, int, str]]:
        """A chart row per label of ``column``: how many ``rows`` hold it, and the sources they come from."""
        held = {label: rows[rows[column] == label] for label in labels}
        return [(label, LABEL[label], len(found),
                 _source_links(found, titles, "", **filters, **{column: label}) if len(found) else "")
                for label, found in held.items()]

    worthy = st[st["check_worthy"]]
    by_type, by_verdict = bars(st, "claim_type", CLAIM_TYPES), bars(worthy, "verdict", VERDICTS, check_worthy="true")
    speaker_counts = st["speaker_id"].value_counts()
    ranked = sorted(((names.get(k, k), k, int(v)) for k, v in speaker_counts.items()),
                    key=lambda x: (-x[2], x[0], x[1]))
    by_speaker = [(k, name, count, site_page("speakers", k) if k in names else "") for name, k, count in ranked]
    start, end = min(st["date_start"], default=None), max(st["date_end"], default=None)
    per_source = st["source_id"].value_counts()
    items = "".join(
        f'<li><a href="{_e(site_page("sources", s["source_id"]))}">{_e(s["title"])}</a> — {_e(s["source_id"])}, '
        f'published {_e(s["published"])}, {int(per_source.get(s["source_id"], 0))} statements</li>'
        for s in records(so.sort_values("source_id")))
    people = []
    made_by = st.groupby("speaker_id")["source_id"].agg(["size", "nunique"])
    attributed_to = st.loc[st["attributed_to"] != st["speaker_id"], "attributed_to"].value_counts()
    for s in records(sp):
        made, sources = (int(n) for n in made_by.loc[s["speaker_id"]]) if s["speaker_id"] in made_by.index else (0, 0)
        attributed = int(attributed_to.get(s["speaker_id"], 0))
        people.append((-made, s["name"], s["speaker_id"],
                       f'<li><a href="{_e(site_page("speakers", s["speaker_id"]))}">{_e(s["name"])}</a>'
                       + (f" ({_e(s['role'])})" if s.get("role") else "")
                       + f" — {plural(made, 'statement')} in {plural(sources, 'source')}"
                       + (f", {plural(attributed, 'position')} attributed" if attributed else "") + "</li>"))
    speakers_list = "".join(item for *_, item in sorted(people))
    dated = f"; statements dated {_e(start)} to {_e(end)}" if start is not None else ""
    body = (f"<header><h1>claimset</h1><p>{plural(len(st), 'statement')} "
            f"({plural(int((st['level'] == 'sentence').sum()), 'sentence')}, "
            f"{plural(int((st['level'] == 'span').sum()), 'span')}) from {plural(len(so), 'source')} and "
            f"{plural(st['speaker_id'].nunique(), 'speaker')}; {len(worthy)} check-worthy{dated}.</p></header>\n"
            f'<main class="page"><h2>Sources</h2><ul>{items}</ul>\n<h2>Summary</h2>'
            f'<p class="hint">A speaker’s bar opens their page; a claim type’s or a verdict’s bar lists the sources '
            f"that hold it, each link opening the source with that filter set.</p>"
            f'<div class="charts">{bar_chart("Statements by claim type", by_type, PALETTE)}'
            f'{bar_chart("Check-worthy statements by verdict", by_verdict, VERDICT_COLOURS)}'
            f'{bar_chart("Statements by speaker", by_speaker)}</div>\n'
            f'<h2>Speakers</h2><ul class="people">{speakers_list}</ul></main>')
    return _page("claimset — statements", body)


def _source_page(source: dict, rows: pd.DataFrame, sp: pd.DataFrame, names: dict) -> str:
    text = source["text"]
    every = sorted(records(rows), key=lambda r: r["statement_id"])
    spans: dict[str, list[dict]] = {}
    for row in every:
        if row["level"] == "span":
            spans.setdefault(row["parent_id"], []).append(row)
    by_paragraph: dict[int, list[str]] = {}
    sentences = sorted((r for r in every if r["level"] == "sentence"), key=lambda r: (r["char_start"], r["statement_id"]))
    for sentence in sentences:
        inner = sorted(spans.get(sentence["statement_id"], []),
                       key=lambda r: (r["char_start"], r["char_end"], r["statement_id"]))
        by_paragraph.setdefault(sentence["paragraph"], []).append(_sentence_html(text, sentence, inner))
    paragraphs = "\n".join(f"<p>{' '.join(parts)}</p>" for _, parts in sorted(by_paragraph.items()))
    legend = "".join(f'<li><span class="swatch" style="background:{PALETTE[t]}59;border-color:{PALETTE[t]}"></span>{_e(LABEL[t])}</li>'
                     for t in CLAIM_TYPES)
    legend += ('<li><span class="sp quote">quotation</span></li><li><span class="sp">other span</span></li>'
               '<li><span class="st cw">check-worthy</span></li>'
               f'<li>{_badge_html("supported", "st")} a sentence’s verdict</li>'
               f'<li>{_badge_html("supported", "sp")} a span’s verdict</li>')
    present = sorted(set(rows["speaker_id"]), key=lambda s: (names.get(s, s), s))
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
    meta = [_e(source["source_id"]), f"author: {_e(source['author'] or 'not named')}",
            source.get("publisher") and f"publisher: {_e(source['publisher'])}", f"published {_e(source['published'])}",
            f"{source['n_paragraphs']} paragraphs, {source['n_sentences']} sentences",
            "excerpt" if source["is_excerpt"] else "full text",
            source.get("license") and f"licence: {_e(source['license'])}", source.get("url") and f"from {_e(source['url'])}"]
    by_speaker = " · ".join(f'<a href="../{_e(site_page("speakers", s))}">{_e(names[s])}</a>'
                            for s in present if s in names)
    body = (f'<header><p><a href="../index.html">claimset</a></p><h1>{_e(source["title"])}</h1>'
            f'<p class="meta">{" · ".join(filter(None, meta))}</p>'
            + (f'<p class="meta">Speakers: {by_speaker}</p>' if by_speaker else "")
            + f'</header>\n<div class="layout"><main>{controls}'
            f'<ul class="legend" aria-label="Legend">{legend}</ul>'
            f'<p class="hint">Click a sentence or a marked span, or move to it with Tab and press Enter, to see '
            f'every field of the statement.</p><article class="text">{paragraphs}</article></main>'
            f'<aside id="details" aria-live="polite" aria-label="Statement details"><p>Select a statement to see '
            f'its speaker, date, claim and verdict.</p></aside></div>')
    data = {"statements": every,
            "speakers": records(sp[sp["speaker_id"].isin(set(rows["speaker_id"]) | set(rows["attributed_to"].dropna()))]
                                 .sort_values("speaker_id"))}
    return _page(f"{source['title']} — claimset", body, SCRIPT, data)


def _speaker_page(speaker: dict, made: pd.DataFrame, attributed: pd.DataFrame, names: dict, titles: dict) -> str:
    """Everything one speaker said, across sources, on a timeline; then what others attributed to them."""
    sid = speaker["speaker_id"]
    facts = [f for f in (speaker.get("role"), speaker.get("kind"), speaker.get("country")) if f]
    if speaker.get("wikidata_id"):
        facts.append(f"Wikidata {speaker['wikidata_id']}")
    aliases = speaker.get("aliases") or []
    if aliases:
        facts.append("also written " + ", ".join(quoted(a) for a in aliases))
    if len(made):
        first, last = min(made["date_start"]), max(made["date_end"])
        summary = (f"{plural(len(made), 'statement')} ({int((made['level'] == 'sentence').sum())} sentences, "
                   f"{int((made['level'] == 'span').sum())} spans) in {plural(made['source_id'].nunique(), 'source')}, "
                   f"dated {_e(first)} to {_e(last)}; "
                   f"{int(made['check_worthy'].sum())} check-worthy. Read them in each source:")
        summary = f'<p>{summary}</p>{_source_links(made, titles, "../", speaker=sid)}'
    else:
        summary = "<p>No statement in the dataset is theirs.</p>"
    body = (f'<header><p><a href="../index.html">claimset</a></p><h1>{_e(speaker["name"])}</h1>'
            f'<p class="meta">{_e(" · ".join(facts))}</p>'
            + (f"<p>{_e(speaker['description'])}</p>" if speaker.get("description") else "")
            + f'</header>\n<main class="page">{summary}'
            f'<h2>Statements, by date</h2>{_timeline(made, titles, names, None)}')
    if len(attributed):
        body += (f"<h2>Positions attributed to {_e(speaker['name'])}</h2>"
                 f"<p>Statements whose speakers say what {_e(speaker['name'])} believes, wants or intends.</p>"
                 f"{_timeline(attributed, titles, names, 'by')}")
    body += "</main>"
    return _page(f"{speaker['name']} — claimset", body)


def _timeline(rows: pd.DataFrame, titles: dict, names: dict, by: str | None) -> str:
    if not len(rows):
        return '<p class="hint">None.</p>'
    head = ["Date", "Source", "Statement", "Claim type", "Verdict"] + (["By"] if by else [])
    out = []
    for r in records(rows):
        page = "../" + site_page("sources", r["source_id"])
        basis = f'<div class="sub">{_e(r["date_basis"])}</div>'
        where = f'paragraph {r["paragraph"]}, sentence {r["sentence"]}' + (" (span)" if r["level"] == "span" else "")
        colour = PALETTE[r["claim_type"]]
        title = titles.get(r["source_id"], r["source_id"])
        cells = [f'<td class="when" data-label="Date"><time datetime="{_e(r["date_start"])}">{_e(r["date"])}</time>'
                 f"{basis}</td>",
                 f'<td data-label="Source"><a href="{_e(page)}">{_e(title)}</a></td>',
                 f'<td class="what" data-label="Statement"><a class="quote" href="{_e(page)}#{_e(r["statement_id"])}">'
                 f'{_e(r["quote"])}</a><div class="sub">{_e(r["statement_id"])} · {where}</div></td>',
                 f'<td data-label="Claim type"><span class="swatch" style="background:{colour}59;border-color:{colour}">'
                 f'</span> {_e(LABEL[r["claim_type"]])}</td>',
                 f'<td data-label="Verdict">'
                 + (_badge_html(r["verdict"], "sp" if r["level"] == "span" else "st", checked_on=r.get("checked_on"))
                    if r["check_worthy"] else '<span class="sub">not check-worthy</span>') + "</td>"]
        if by:
            cells.append(f'<td data-label="By"><a href="{_e(site_page(".", r["speaker_id"]))}">'
                         f'{_e(names.get(r["speaker_id"], r["speaker_id"]))}</a></td>')
        out.append(f'<tr id="{_e(r["statement_id"])}" data-id="{_e(r["statement_id"])}">{"".join(cells)}</tr>')
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    return f'<table class="timeline"><thead><tr>{header}</tr></thead><tbody>{"".join(out)}</tbody></table>'


def _classes(row: dict, kind: str) -> str:
    classes = [kind, f"ct-{row['claim_type']}"]
    if row["check_worthy"]:
        classes.append("cw")
    if kind == "sp" and row["claim_type"] == "direct_quote":
        classes.append("quote")
    return " ".join(classes)


def _badge_html(verdict: str, kind: str, statement_id: str | None = None, checked_on=None) -> str:
    """A verdict badge: a filled pill for a sentence's verdict, a square tag marked "span" for a span's."""
    colour = VERDICT_COLOURS[verdict]
    whose = "sentence" if kind == "st" else "span"
    label = LABEL[verdict]
    when = f" (as of {checked_on})" if checked_on and verdict != "not_checked" else ""
    target = f' data-for="{_e(statement_id)}"' if statement_id else ""
    style = f"background:{colour}" if kind == "st" else f"--v:{colour if verdict != 'not_checked' else '#333'}"
    prefix = '<span class="k">span</span> ' if kind == "sp" else ""
    return (f'<span class="badge b-{kind}"{target} style="{style}" title="verdict of the {whose}: {_e(label + when)}">'
            f"{prefix}{_e(label)}</span>")


def _badge(row: dict, kind: str) -> str:
    if not row["check_worthy"]:
        return ""
    return _badge_html(row["verdict"], kind, row["statement_id"], row.get("checked_on"))


def _badge_places(text: str, end: int, spans: list[dict]) -> dict[int, list[dict]]:
    """Where each check-worthy span's badge goes: past the word and punctuation its span ends in (a closing
    quotation mark, a comma, a full stop), and past every quotation still open there, so no badge stands
    inside a quotation or between a word and its punctuation."""
    places: dict[int, list[dict]] = {}
    for s in spans:
        if not s["check_worthy"]:
            continue
        at = s["char_end"]
        while True:
            while at < end and not text[at].isspace():
                at += 1
            around = [o["char_end"] for o in spans
                      if o["claim_type"] == "direct_quote" and o["char_start"] < at < o["char_end"]]
            if not around:
                break
            at = max(around)
        places.setdefault(min(at, end), []).append(s)
    for badges in places.values():
        badges.sort(key=lambda s: (s["char_end"], -s["char_start"], s["statement_id"]))
    return places


def _sentence_html(text: str, sentence: dict, spans: list[dict]) -> str:
    """A sentence with its spans as nested marks; crossing spans are closed and reopened around the crossing."""
    a, b = sentence["char_start"], sentence["char_end"]
    places = _badge_places(text, b, spans)
    cuts = sorted({a, b} | {s["char_start"] for s in spans} | {s["char_end"] for s in spans} | set(places))
    out, stack, opened = [], [], set()
    for left, right in zip(cuts, cuts[1:]):
        active = sorted((s for s in spans if s["char_start"] <= left and right <= s["char_end"]),
                        key=lambda s: (s["char_start"], -s["char_end"], s["statement_id"]))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        stack = stack[:keep]
        out.extend(_badge(s, "sp") for s in places.get(left, []))
        for s in active[keep:]:
            first = s["statement_id"] not in opened
            opened.add(s["statement_id"])
            focus = f' id="{_e(s["statement_id"])}" tabindex="0" role="button"' if first else ""
            out.append(f'<span class="{_classes(s, "sp")}" data-id="{_e(s["statement_id"])}"{focus} '
                       f'title="{_e(LABEL[s["claim_type"]])}">')
            stack.append(s)
        out.append(_e(text[left:right]))
    out.extend("</span>" for _ in stack)
    out.extend(_badge(s, "sp") for s in places.get(b, []))
    colour = PALETTE[sentence["claim_type"]]
    return (f'<span class="{_classes(sentence, "st")}" id="{_e(sentence["statement_id"])}" '
            f'data-id="{_e(sentence["statement_id"])}" tabindex="0" role="button" '
            f'style="background:{colour}59" title="{_e(LABEL[sentence["claim_type"]])}">'
            f'{"".join(out)}{_badge(sentence, "st")}</span>')


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
