"""A source document as HTML with curated quotes and search matches highlighted (pure functions)."""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Mapping
from heapq import merge
from itertools import islice

from ctdash.arabic import find_all

Span = tuple[int, int]


def quote_spans(text: str, quotes: Iterable[tuple[str, str]]) -> dict[str, list[Span]]:
    """row id -> every place its quote occurs verbatim in `text` (a repeated passage: each copy).
    Each distinct quote is searched once, however many rows share it."""
    found: dict[str, list[Span]] = {}
    out: dict[str, list[Span]] = {}
    for row_id, quote in quotes:
        if not quote:
            continue
        if quote not in found:
            spans, start = [], text.find(quote)
            while start != -1:
                spans.append((start, start + len(quote)))
                start = text.find(quote, start + len(quote))
            found[quote] = spans
        if found[quote]:
            out[row_id] = found[quote]
    return out


def search_spans(text: str, needle: str) -> list[Span]:
    """Matches of `needle` regardless of Arabic letter forms, diacritics, tatweel and digit style."""
    return find_all(text, needle) if needle and needle.strip() else []


def _anchor(row_id: str) -> str:
    return "row-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in row_id)


MAX_TITLE_IDS = 12  # row ids named in a passage's tooltip; the rest are counted


MAX_TITLE_TIPS = 3  # distinct translations a passage's tooltip shows


def _title(groups: list[list[str]], tips: Mapping[str, str] | None = None) -> str:
    """The tooltip of a piece covered by these passages (sorted, disjoint id lists: one quote
    per row, and one row's copies of its quote never overlap), with the rows' English
    translations (`tips`, row id -> text) when they have one."""
    named = list(islice(merge(*groups), MAX_TITLE_IDS))
    total = sum(len(g) for g in groups)
    more = f" (+{total - len(named)})" if total > len(named) else ""
    text = " ".join(named) + more
    if tips:
        seen = list(dict.fromkeys(tips[r] for r in named if tips.get(r)))
        text += "".join(f"\n\n{tip}" for tip in seen[:MAX_TITLE_TIPS])
    return f' title="{html.escape(text)}"'


def to_html(text: str, quotes: dict[str, list[Span]], matches: list[Span],
            anchors: Collection[str] | None = None, tips: Mapping[str, str] | None = None) -> str:
    """Escaped text cut at every span boundary; quoted pieces are <mark class="q"> with the row
    ids as a tooltip (and an anchor at the first piece of each row in `anchors`, default all),
    matches get class "s"; `tips` adds each row's translation to the tooltip. One sweep over the cuts,
    so rows sharing a passage cost one span."""
    by_span: dict[Span, list[str]] = {}
    for row_id, spans in quotes.items():
        for span in spans:
            by_span.setdefault(span, []).append(row_id)
    opens: dict[int, list[tuple[int, list[str]]]] = {}
    for (s, e), ids in by_span.items():
        opens.setdefault(s, []).append((e, sorted(ids)))
    match_opens: dict[int, list[int]] = {}
    for s, e in matches:
        match_opens.setdefault(s, []).append(e)
    starts_at: dict[int, list[str]] = {}
    for r, spans in sorted(quotes.items()):
        if spans and (anchors is None or r in anchors):
            starts_at.setdefault(min(spans)[0], []).append(r)
    cuts = {0, len(text)} | {c for span in by_span for c in span} | {c for span in matches for c in span}
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    active: list[tuple[int, list[str]]] = []  # (end, ids) of the passages covering the piece
    active_matches: list[int] = []  # ends of the search matches covering it
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [g for g in active if g[0] > a] + opens.get(a, [])
        active_matches = [e for e in active_matches if e > a] + match_opens.get(a, [])
        piece = html.escape(text[a:b])
        if not active and not active_matches:
            out.append(piece)
            continue
        classes = " ".join(c for c, on in (("q", bool(active)), ("s", bool(active_matches))) if on)
        new = starts_at.pop(a, [])
        anchor = f' id="{_anchor(new[0])}"' if new else ""
        extra = "".join(f'<span id="{_anchor(r)}"></span>' for r in new[1:])  # rows starting here too
        title = _title([ids for _, ids in active], tips) if active else ""
        out.append(f'{extra}<mark class="{classes}"{anchor}{title}>{piece}</mark>')
    return "".join(out)


def anchor_link(row_id: str) -> str:
    return "#" + _anchor(row_id)


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:")


def markdown_text(text: object) -> str:
    """Curated text escaped for Markdown (no formatting, links or HTML from the data)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in " ".join(str(text).split()))
