"""A source document as HTML with curated quotes and search matches highlighted (pure functions)."""

from __future__ import annotations

import html
from collections.abc import Iterable

from ctdash.arabic import find_all

Span = tuple[int, int]


def quote_spans(text: str, quotes: Iterable[tuple[str, str]]) -> dict[str, list[Span]]:
    """row id -> every place its quote occurs verbatim in `text` (a repeated passage: each copy)."""
    out: dict[str, list[Span]] = {}
    for row_id, quote in quotes:
        if not quote:
            continue
        start = text.find(quote)
        while start != -1:
            out.setdefault(row_id, []).append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    return out


def search_spans(text: str, needle: str) -> list[Span]:
    """Matches of `needle` regardless of Arabic letter forms, diacritics, tatweel and digit style."""
    return find_all(text, needle) if needle and needle.strip() else []


def _anchor(row_id: str) -> str:
    return "row-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in row_id)


def to_html(text: str, quotes: dict[str, list[Span]], matches: list[Span]) -> str:
    """Escaped text cut at every span boundary; quoted pieces are <mark class="q"> with the row
    ids as a tooltip (and an anchor at the first piece of each row), matches get class "s"."""
    cuts = {0, len(text)}
    for spans in quotes.values():
        for s, e in spans:
            cuts.update((s, e))
    for s, e in matches:
        cuts.update((s, e))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    anchored: set[str] = set()
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = html.escape(text[a:b])
        ids = sorted(r for r, spans in quotes.items() if any(s <= a and b <= e for s, e in spans))
        hit = any(s <= a and b <= e for s, e in matches)
        if not ids and not hit:
            out.append(piece)
            continue
        classes = " ".join(c for c, on in (("q", bool(ids)), ("s", hit)) if on)
        new = [r for r in ids if r not in anchored]
        anchored.update(new)
        anchor = f' id="{_anchor(new[0])}"' if new else ""
        extra = "".join(f'<span id="{_anchor(r)}"></span>' for r in new[1:])  # rows starting here too
        title = f' title="{html.escape(" ".join(ids))}"' if ids else ""
        out.append(f'{extra}<mark class="{classes}"{anchor}{title}>{piece}</mark>')
    return "".join(out)


def anchor_link(row_id: str) -> str:
    return "#" + _anchor(row_id)


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:")


def markdown_text(text: object) -> str:
    """Curated text escaped for Markdown (no formatting, links or HTML from the data)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in " ".join(str(text).split()))
