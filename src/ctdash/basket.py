"""The briefing basket: the charts a briefer picked, each with the filters it was added with, and
the deck's title and subtitle.

Plain, immutable data with pure methods (`add`, `remove`, `move` return a new `Basket`), written
as a small JSON file (`to_json` / `from_json`, the file the app saves and `ctdash export --basket`
reads) or as one compact, URL-safe query-parameter value (`to_param` / `from_param`, so a shared
link carries the basket). Anything that cannot be used raises `BasketError` with a one-line
message naming the item and the field.

An item's filters are what it shows (years, actors, topics); the language is the export's, so an
item's `filters.lang` is always "en". Only views the export can draw (the registry's chart and
metrics views) may be added. No Streamlit, no database.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import dataclass, replace
from typing import Any

from ctdash.filters import ALL_YEARS, Filters
from ctdash.schema import TOPICS
from ctdash.views import REGISTRY

FORMAT = "ctdash_basket"
VERSION = 1
PARAM = "basket"  # the URL query parameter's name
MAX_ITEMS = 60
MAX_TEXT = 200  # title, subtitle
MAX_FILE = 200_000  # characters of a JSON file
MAX_PARAM = 8_000  # characters of a URL value
_PARAM_PREFIX = "b1."

# The views the deck and the HTML pack can draw (charts, headline figures and tables), in registry order.
EXPORTABLE: tuple[str, ...] = tuple(dict.fromkeys(v.id for v in REGISTRY if v.builder is not None))
_ACTOR = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,63}$")


class BasketError(ValueError):
    """A basket that cannot be used; the message is one line naming the item and field."""


def _where(index: int | None, name: str) -> str:
    return f"item {index + 1}: {name}" if index is not None else name


def _check_filters(view_id: str, f: Filters, index: int | None = None) -> Filters:
    """The item's filters, checked, with the language set aside ("en")."""
    if view_id not in EXPORTABLE:
        raise BasketError(f"{_where(index, 'view')}: unknown view {view_id!r}; "
                          f"known: {', '.join(EXPORTABLE)}")
    years = f.years
    if (not isinstance(years, tuple) or len(years) != 2
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)):
        raise BasketError(f"{_where(index, 'years')}: expected two whole years [first, last], got {years!r}")
    lo, hi = years
    if not ALL_YEARS[0] <= lo <= hi <= ALL_YEARS[1]:
        raise BasketError(f"{_where(index, 'years')}: expected {ALL_YEARS[0]} <= first <= last <= "
                          f"{ALL_YEARS[1]}, got [{lo}, {hi}]")
    for a in f.actors:
        if not isinstance(a, str) or not _ACTOR.match(a):
            raise BasketError(f"{_where(index, 'actors')}: {a!r} is not an actor id (e.g. 'GCTF')")
    for x in f.topics:
        if not isinstance(x, str) or x not in TOPICS:
            raise BasketError(f"{_where(index, 'topics')}: unknown topic {x!r}")
    return f if f.lang == "en" else replace(f, lang="en")


@dataclass(frozen=True)
class Item:
    """One chart of the basket: a registry view id and the filters it was added with."""

    view_id: str
    filters: Filters = Filters()

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", _check_filters(self.view_id, self.filters))


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BasketError(f"{name}: expected text, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise BasketError(f"{name}: longer than {MAX_TEXT} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BasketError(f"{name}: not valid text (a lone surrogate)") from None
    return value


@dataclass(frozen=True)
class Basket:
    """The deck's title and subtitle and its items, in slide order."""

    title: str = ""
    subtitle: str = ""
    items: tuple[Item, ...] = ()

    def __post_init__(self) -> None:
        _text(self.title, "title")
        _text(self.subtitle, "subtitle")
        object.__setattr__(self, "items", tuple(self.items))
        if len(self.items) > MAX_ITEMS:
            raise BasketError(f"items: more than {MAX_ITEMS}")

    def add(self, item: Item) -> Basket:
        """The basket with `item` at the end."""
        return replace(self, items=(*self.items, item))

    def _index(self, index: int) -> int:
        if not -len(self.items) <= index < len(self.items):
            raise BasketError(f"item {index + 1}: no such item (the basket has {len(self.items)})")
        return index % len(self.items)

    def remove(self, index: int) -> Basket:
        """The basket without item `index` (0-based)."""
        i = self._index(index)
        return replace(self, items=self.items[:i] + self.items[i + 1:])

    def move(self, index: int, delta: int) -> Basket:
        """The basket with item `index` moved `delta` places (negative: earlier), kept in bounds."""
        i = self._index(index)
        j = min(max(i + delta, 0), len(self.items) - 1)
        items = list(self.items)
        items.insert(j, items.pop(i))
        return replace(self, items=tuple(items))


# ---------------------------------------------------------------- JSON

def _item_dict(item: Item) -> dict[str, Any]:
    f = item.filters
    return {"view": item.view_id, "years": list(f.years), "actors": list(f.actors), "topics": list(f.topics)}


def _as_dict(basket: Basket) -> dict[str, Any]:
    return {FORMAT: VERSION, "title": basket.title, "subtitle": basket.subtitle,
            "items": [_item_dict(i) for i in basket.items]}


def to_json(basket: Basket) -> str:
    """The basket as a small JSON document (UTF-8 text, Arabic kept as is)."""
    return json.dumps(_as_dict(basket), ensure_ascii=False, indent=2) + "\n"


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BasketError(f"{where}: expected a list of text ids, got {json.dumps(value, ensure_ascii=False)[:60]}")
    return tuple(value)


def _item_from(raw: Any, index: int) -> Item:
    if not isinstance(raw, dict):
        raise BasketError(f"item {index + 1}: expected an object with 'view', got {type(raw).__name__}")
    unknown = sorted(set(raw) - {"view", "years", "actors", "topics"})
    if unknown:
        raise BasketError(f"{_where(index, unknown[0])}: unknown field")
    view = raw.get("view")
    if not isinstance(view, str):
        raise BasketError(f"{_where(index, 'view')}: expected a view id (text), got {view!r}")
    years_raw = raw.get("years", list(ALL_YEARS))
    if (not isinstance(years_raw, list) or len(years_raw) != 2
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years_raw)):
        raise BasketError(f"{_where(index, 'years')}: expected two whole years [first, last], got "
                          f"{json.dumps(years_raw)[:60]}")
    f = Filters(years=(years_raw[0], years_raw[1]),
                actors=_strings(raw.get("actors", []), _where(index, "actors")),
                topics=_strings(raw.get("topics", []), _where(index, "topics")))
    _check_filters(view, f, index)
    return Item(view, f)


def _from_dict(data: Any) -> Basket:
    if not isinstance(data, dict) or data.get(FORMAT) is None:
        raise BasketError(f"not a ctdash basket (no {FORMAT!r} field)")
    if data[FORMAT] != VERSION:
        raise BasketError(f"{FORMAT}: version {data[FORMAT]!r} is not supported (expected {VERSION})")
    unknown = sorted(set(data) - {FORMAT, "title", "subtitle", "items"})
    if unknown:
        raise BasketError(f"{unknown[0]}: unknown field")
    items = data.get("items", [])
    if not isinstance(items, list):
        raise BasketError(f"items: expected a list, got {type(items).__name__}")
    if len(items) > MAX_ITEMS:
        raise BasketError(f"items: more than {MAX_ITEMS}")
    return Basket(_text(data.get("title", ""), "title"), _text(data.get("subtitle", ""), "subtitle"),
                  tuple(_item_from(raw, i) for i, raw in enumerate(items)))


def from_json(text: str | bytes) -> Basket:
    """The basket of a JSON document written by `to_json` (or by hand); BasketError if unusable."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BasketError(f"not UTF-8 text (byte {exc.start + 1})") from None
    if len(text) > MAX_FILE:
        raise BasketError(f"the file is longer than {MAX_FILE:,} characters")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise BasketError(f"not valid JSON{where}") from None
    return _from_dict(data)


# ---------------------------------------------------------------- URL parameter

def to_param(basket: Basket) -> str:
    """The basket as one URL-safe value ("b1." + base64url of the deflated compact JSON)."""
    compact = json.dumps(_as_dict(basket), ensure_ascii=False, separators=(",", ":"))
    packed = base64.urlsafe_b64encode(zlib.compress(compact.encode("utf-8"), 9)).decode("ascii")
    return _PARAM_PREFIX + packed.rstrip("=")


def from_param(text: str) -> Basket:
    """The basket of a `to_param` value; BasketError if it is not one."""
    if not isinstance(text, str) or not text.startswith(_PARAM_PREFIX):
        raise BasketError(f"the {PARAM!r} parameter is not a ctdash basket")
    if len(text) > MAX_PARAM:
        raise BasketError(f"the {PARAM!r} parameter is longer than {MAX_PARAM:,} characters")
    body = text[len(_PARAM_PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, MAX_FILE)
        if inflater.unconsumed_tail or not inflater.eof:
            raise BasketError(f"the {PARAM!r} parameter is damaged or too large")
        decoded = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error) as exc:
        if isinstance(exc, BasketError):
            raise
        raise BasketError(f"the {PARAM!r} parameter is damaged ({type(exc).__name__})") from None
    return _from_dict(decoded)
