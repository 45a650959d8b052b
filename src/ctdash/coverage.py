"""Which number and date tokens of the seeds the curated rows account for.

A token is accounted for when it lies inside any occurrence of a curated row's quote from the
same source, or is listed in `coverage_exclusions` with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctdash.arabic import normalize, number_tokens
from ctdash.schema import TABLE_BY_NAME
from ctdash.validate import Parsed


@dataclass(frozen=True)
class Token:
    source_id: str
    line: int
    start: int
    end: int
    text: str
    status: str  # cited, excluded, missing
    ref: str  # the citing row id, or the exclusion reason


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(quote)
    while quote and i != -1:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return spans


def _core(token: str) -> str:
    """A token in Western digits without the punctuation around it ("1." -> "1")."""
    return re.sub(r"^\W+|\W+$", "", normalize(token).strip())


def same_token(listed: str, found: str) -> bool:
    """An exclusion's token matches the scanned token in any digit or letter form: the same token,
    or the scanned number as a whole number inside the listed one ("19" of "كوفيد-19"). A listed
    "1" does not exclude a "2017" that happens to contain the digit."""
    a, b = _core(listed), _core(found)
    if not a or not b:
        return False
    return a == b or re.search(rf"(?<![0-9]){re.escape(b)}(?![0-9])", a) is not None


def coverage(parsed: dict[str, Parsed], texts: dict[str, str]) -> list[Token]:
    """Every number token in every seed with its status."""
    cited: dict[str, list[tuple[int, int, str]]] = {s: [] for s in texts}
    for name, p in parsed.items():
        table = TABLE_BY_NAME[name]
        quoted = [c for c in table.columns if c.quote_of]
        if not quoted or name == "coverage_exclusions":
            continue
        key = table.key[0]
        for row in p.rows:
            for col in quoted:
                src = row[col.quote_of]
                if src in texts:
                    for s, e in _occurrences(texts[src], row[col.name]):
                        cited[src].append((s, e, row[key]))
    excluded: dict[str, list[tuple[int, int, str, str]]] = {s: [] for s in texts}
    for row in parsed["coverage_exclusions"].rows:
        src = row["source_id"]
        if src in texts:
            for s, e in _occurrences(texts[src], row["quote"]):
                excluded[src].append((s, e, row["token"], row["reason"]))
    out: list[Token] = []
    for src, text in texts.items():
        for s, e, tok in number_tokens(text):
            line = text.count("\n", 0, s) + 1
            ref = next((rid for qs, qe, rid in cited[src] if qs <= s and e <= qe), None)
            if ref:
                out.append(Token(src, line, s, e, tok, "cited", ref))
                continue
            reason = next((r for qs, qe, t, r in excluded[src] if qs <= s and e <= qe and same_token(t, tok)), None)
            out.append(Token(src, line, s, e, tok, "excluded" if reason else "missing", reason or ""))
    return out


def share(tokens: list[Token]) -> float:
    """Fraction of tokens cited or excluded."""
    if not tokens:
        return 1.0
    return sum(t.status != "missing" for t in tokens) / len(tokens)
