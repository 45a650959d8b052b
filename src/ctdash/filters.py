"""The dashboard's filters, and their round trip through URL query parameters.

`parse()` never raises: anything it cannot use (junk, repeated keys, huge values, years out of
range, unknown actors or topics) is dropped and reported as a `Notice`, which the page shows in
the current language. `to_params()` writes the filters back, leaving out defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ctdash.arabic import to_western_digits

LANGS = ("en", "ar")
MAX_VALUE_CHARS = 64  # one URL value; longer ones are junk
MAX_VALUES = 200  # values of one key
ALL_YEARS = (1900, 2100)

# Topic -> the body group it belongs to (events and working groups are filtered by group).
_GROUP_PREFIX = (("gctf_", "gctf"), ("coalition_", "coalition"))


def topic_group(topic: str) -> str:
    """gctf, coalition, or un (CTC, CTED and the Security Council mandate)."""
    for prefix, group in _GROUP_PREFIX:
        if topic.startswith(prefix):
            return group
    return "un"


@dataclass(frozen=True)
class Filters:
    """What every page shows: a year range, actors (any role), topics, and the language."""

    years: tuple[int, int] = ALL_YEARS
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    lang: str = "en"

    def as_tuple(self) -> tuple:
        """`dataclasses.astuple` without its deep copy (every field is already immutable)."""
        return (self.years, self.actors, self.topics, self.lang)

    def describe(self) -> str:
        """A one-line statement of the filters, for download headers."""
        return "; ".join([
            f"years={self.years[0]}-{self.years[1]}",
            f"actors={','.join(self.actors) or 'all'}",
            f"topics={','.join(self.topics) or 'all'}",
            f"lang={self.lang}",
        ])


@dataclass(frozen=True)
class Notice:
    """A URL value that was ignored: the i18n key of the reason, the parameter and its value."""

    key: str
    param: str
    value: str


@dataclass(frozen=True)
class Vocab:
    """What the URL may name: the year bounds of the data, known actor ids and topics."""

    bounds: tuple[int, int] = (2000, 2025)
    actors: frozenset[str] = field(default_factory=frozenset)
    topics: frozenset[str] = field(default_factory=frozenset)


def _values(params: Mapping, key: str) -> list[str]:
    """Every value of `key`, whether the mapping holds a string or a list (st.query_params style)."""
    getter = getattr(params, "get_all", None)
    raw = getter(key) if callable(getter) else params.get(key, [])
    if raw is None:
        return []
    if isinstance(raw, str | bytes):
        raw = [raw]
    out: list[str] = []
    for item in list(raw)[:MAX_VALUES]:
        text = item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
        out.extend(part for part in text.split(",")[:MAX_VALUES])
    return [v.strip() for v in out if v.strip()][:MAX_VALUES]


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


_YEAR_RANGE = re.compile(r"^\s*(\d{1,6})\s*(?:(?:-|–|\.\.|:|to)\s*(\d{1,6}))?\s*$")


def year_span(text: str) -> tuple[int, int | None] | None:
    """A year range as written ('2016-2019', '٢٠١٦–٢٠١٩', '2016..2019', '2016 to 2019') as
    (first, last), (year, None) for a single year, None if it is not one. The one year parser of
    the URL and the command line (which decide what a reversed or single year means)."""
    text = to_western_digits(text)
    m = _YEAR_RANGE.match(text) if len(text) <= MAX_VALUE_CHARS else None
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def _parse_years(values: list[str], bounds: tuple[int, int], notices: list[Notice]) -> tuple[int, int]:
    lo, hi = bounds
    if not values:
        return bounds
    if len(values) > 1:
        notices.append(Notice("notice_repeated", "years", _short(",".join(values))))
    span = year_span(values[0])
    if span is None:
        notices.append(Notice("notice_bad_years", "years", _short(values[0])))
        return bounds
    a, last = span
    b = a if last is None else last
    if a > b:
        a, b = b, a
    if b < lo or a > hi:
        notices.append(Notice("notice_years_out_of_range", "years", _short(values[0])))
        return bounds
    if a < lo or b > hi:
        notices.append(Notice("notice_years_clamped", "years", _short(values[0])))
    return max(a, lo), min(b, hi)


def _parse_known(
    params: Mapping, key: str, known: frozenset[str], notice: str, notices: list[Notice], upper: bool
) -> tuple[str, ...]:
    seen: list[str] = []
    for value in _values(params, key):
        norm = value.upper() if upper else value.lower()
        if len(value) > MAX_VALUE_CHARS or norm not in known:
            notices.append(Notice(notice, key, _short(value)))
        elif norm not in seen:
            seen.append(norm)
    return tuple(sorted(seen))


def parse(params: Mapping, vocab: Vocab) -> tuple[Filters, list[Notice]]:
    """Filters from URL query parameters; ignored values come back as notices, never exceptions."""
    notices: list[Notice] = []
    try:
        years = _parse_years(_values(params, "years"), vocab.bounds, notices)
        actors = _parse_known(params, "actor", vocab.actors, "notice_unknown_actor", notices, upper=True)
        topics = _parse_known(params, "topic", vocab.topics, "notice_unknown_topic", notices, upper=False)
        langs = _values(params, "lang")
        lang = "en"
        if langs:
            if langs[0].lower() in LANGS:
                lang = langs[0].lower()
            else:
                notices.append(Notice("notice_bad_lang", "lang", _short(langs[0])))
    except Exception as exc:  # a mapping that misbehaves: keep the page alive
        return Filters(years=vocab.bounds), [Notice("notice_bad_url", "?", _short(str(exc)))]
    return Filters(years=years, actors=actors, topics=topics, lang=lang), notices


def to_params(f: Filters, bounds: tuple[int, int]) -> dict[str, str | list[str]]:
    """Query parameters for `f`; defaults (all years, no actor or topic, English) are left out."""
    out: dict[str, str | list[str]] = {}
    if tuple(f.years) != tuple(bounds):
        out["years"] = f"{f.years[0]}-{f.years[1]}"
    if f.actors:
        out["actor"] = list(f.actors)
    if f.topics:
        out["topic"] = list(f.topics)
    if f.lang != "en":
        out["lang"] = f.lang
    return out


def with_changes(f: Filters, **changes: Iterable | str | tuple[int, int]) -> Filters:
    """A copy of `f` with some fields replaced (lists become sorted tuples)."""
    fields: dict[str, Any] = {"years": f.years, "actors": f.actors, "topics": f.topics, "lang": f.lang}
    for key, value in changes.items():
        if key in ("actors", "topics"):
            fields[key] = tuple(sorted(dict.fromkeys(value)))
        elif key == "years":
            years = tuple(value)
            fields[key] = (int(years[0]), int(years[1]))
        else:
            fields[key] = value
    return Filters(**fields)
