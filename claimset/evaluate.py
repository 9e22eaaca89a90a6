"""How good a draft is: its labels compared with the curator's accepted annotations of the same source."""
from __future__ import annotations

from collections import Counter

from .annotations import Annotation
from .sources import Source
from .speakers import Speaker
from .statements import build_statements
from .vocabulary import author_id


def rows_of(source: Source, sentences: list[Annotation], speakers: list[Speaker]) -> list[dict]:
    """Statement rows of a set of annotations (problems are ignored: only what can be placed is compared)."""
    rows, _, _ = build_statements(source, sentences, {s.speaker_id: s for s in speakers})
    return rows


def _prf(found: set, gold: set) -> tuple[float, float, float]:
    hit = len(found & gold)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labelings of the same items."""
    if not pairs:
        return 1.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def compare(draft: list[dict], gold: list[dict]) -> dict:
    """Sentence-boundary F1, quotation P/R, speaker and date accuracy, claim-type accuracy and kappa."""
    def sentences(rows):
        return {(r["char_start"], r["char_end"]): r for r in rows if r["level"] == "sentence"}

    def quotes(rows):
        return {(r["char_start"], r["char_end"]): r for r in rows
                if r["level"] == "span" and r["claim_type"] == "direct_quote"}

    d_sent, g_sent = sentences(draft), sentences(gold)
    b_precision, b_recall, b_f1 = _prf({e for _, e in d_sent}, {e for _, e in g_sent})
    d_quotes, g_quotes = quotes(draft), quotes(gold)
    q_precision, q_recall, q_f1 = _prf(set(d_quotes), set(g_quotes))
    matched_quotes = [(d_quotes[k], g_quotes[k]) for k in set(d_quotes) & set(g_quotes)]
    speaker = (sum(d["speaker_id"] == g["speaker_id"] for d, g in matched_quotes) / len(matched_quotes)
               if matched_quotes else None)
    by_key = {(r["level"], r["char_start"], r["char_end"]): r for r in draft}
    dated = [(by_key[k], g) for g in gold if g["date_basis"] != "publication"
             for k in [(g["level"], g["char_start"], g["char_end"])] if k in by_key]
    dates = sum(d["date"] == g["date"] for d, g in dated) / len(dated) if dated else None
    spoken = [(d_sent[k], g_sent[k]) for k in set(d_sent) & set(g_sent)
              if g_sent[k]["speaker_id"] != author_id(g_sent[k]["source_id"])]
    sentence_speaker = (sum(d["speaker_id"] == g["speaker_id"] for d, g in spoken) / len(spoken)
                        if spoken else None)
    pairs = [(d_sent[k]["claim_type"], g_sent[k]["claim_type"]) for k in set(d_sent) & set(g_sent)]
    accuracy = sum(a == b for a, b in pairs) / len(pairs) if pairs else None
    return {
        "sentences": {"draft": len(d_sent), "accepted": len(g_sent), "boundary_precision": b_precision,
                      "boundary_recall": b_recall, "boundary_f1": b_f1},
        "quotations": {"draft": len(d_quotes), "accepted": len(g_quotes), "precision": q_precision,
                       "recall": q_recall, "f1": q_f1},
        "speaker_accuracy": speaker, "quotations_compared": len(matched_quotes),
        "sentence_speaker_accuracy": sentence_speaker, "sentences_spoken_compared": len(spoken),
        "date_accuracy": dates, "dates_compared": len(dated),
        "claim_type_accuracy": accuracy, "claim_type_kappa": kappa(pairs) if pairs else None,
        "sentences_compared": len(pairs),
    }


def as_text(source_id: str, figures: dict) -> str:
    from .wording import plural

    def pct(value):
        return "n/a" if value is None else f"{value:.3f}"

    s, q = figures["sentences"], figures["quotations"]
    return "\n".join([
        f"draft vs accepted annotations of {source_id}",
        f"  sentence boundaries  P {pct(s['boundary_precision'])}  R {pct(s['boundary_recall'])}  "
        f"F1 {pct(s['boundary_f1'])}  ({s['draft']} drafted, {s['accepted']} accepted)",
        f"  quotations           P {pct(q['precision'])}  R {pct(q['recall'])}  F1 {pct(q['f1'])}  "
        f"({q['draft']} drafted, {q['accepted']} accepted)",
        f"  quotation speakers   accuracy {pct(figures['speaker_accuracy'])}  "
        f"(on {plural(figures['quotations_compared'], 'matched quotation')})",
        f"  sentence speakers    accuracy {pct(figures['sentence_speaker_accuracy'])}  "
        f"(on {plural(figures['sentences_spoken_compared'], 'matched sentence')} "
        "someone other than the author speaks)",
        f"  dates                accuracy {pct(figures['date_accuracy'])}  "
        f"(on {plural(figures['dates_compared'], 'matched non-publication-dated row')})",
        f"  claim types          accuracy {pct(figures['claim_type_accuracy'])}  "
        f"kappa {pct(figures['claim_type_kappa'])}  (on {plural(figures['sentences_compared'], 'matched sentence')})",
    ])

