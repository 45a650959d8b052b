"""A figure as the source hedges it: exact "182", more than "182+", about "≈ 90,000", vague
figures in words ("tens of thousands"), in English or Arabic, with its unit."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctdash.rowset import Rows

_QUALIFIER_PREFIX = {
    "exact": ("", ""),
    "more_than": ("", "+"),
    "at_least": ("≥ ", ""),
    "about": ("≈ ", ""),
    "fewer_than": ("< ", ""),
    "up_to": ("≤ ", ""),
}
_VAGUE_WORDS = {
    "en": {1: "tens", 2: "hundreds", 3: "thousands", 4: "tens of thousands", 5: "hundreds of thousands",
           6: "millions", 7: "tens of millions", 8: "hundreds of millions", 9: "billions"},
    "ar": {1: "عشرات", 2: "مئات", 3: "آلاف", 4: "عشرات الآلاف", 5: "مئات الآلاف", 6: "ملايين",
           7: "عشرات الملايين", 8: "مئات الملايين", 9: "مليارات"},
}
_VAGUE_TAG = {"en": "(vague)", "ar": "(تقدير غير محدد)"}
_UNIT_SUFFIX = {"percent": "%"}


def _number(value: float, unit: str, lang: str) -> str:
    if unit == "usd":
        for size, en, ar in ((1e9, "bn", "مليار"), (1e6, "m", "مليون")):
            if abs(value) >= size:
                n = f"{value / size:,.1f}".removesuffix(".0")
                return f"${n} {en}" if lang == "en" else f"{n} {ar} دولار"
        return f"${value:,.0f}" if lang == "en" else f"{value:,.0f} دولار"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text + _UNIT_SUFFIX.get(unit, "")


def qualified_text(value: float | None, qualifier: str | None, unit: str = "count", lang: str = "en") -> str:
    """A figure as the source hedges it: exact 182, more_than 182+, about ≈ 90,000, vague in words."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    lang = "ar" if lang == "ar" else "en"
    qualifier = qualifier or "exact"
    if qualifier == "vague":
        magnitude = max(1, min(9, int(math.floor(math.log10(abs(value)))) if value else 1))
        words = _VAGUE_WORDS[lang][magnitude]
        if unit == "usd":
            words += " of dollars" if lang == "en" else " الدولارات"
        return f"{words} {_VAGUE_TAG[lang]}"
    before, after = _QUALIFIER_PREFIX.get(qualifier, ("", ""))
    return f"{before}{_number(float(value), unit, lang)}{after}"


def add_value_text(rows: Rows, lang: str) -> Rows:
    """`rows` with a `value_text` column: each figure as the source hedges it (`qualified_text`)."""
    if "value" not in rows.columns:
        return rows
    units = rows.column("unit") if "unit" in rows.columns else ["count"] * len(rows)
    return rows.with_column("value_text", [
        qualified_text(v, q, u, lang) for v, q, u in zip(rows.column("value"), rows.column("qualifier"), units,
                                                         strict=True)])
