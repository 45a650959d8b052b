"""A query's frame as a page or a CSV shows it: codes in words, missing values empty, headings
in the language (`ctdash.i18n` holds the words). Used where a frame is made: a data view, the
explorer, an actor's tables, a CSV download.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctdash.i18n import HIDDEN_COLUMNS, VALUE_VOCAB, column_label, missing, value_text

if TYPE_CHECKING:
    import pandas as pd


def _number_text(value: object) -> str:
    v = float(str(value))
    return str(int(v)) if v.is_integer() else f"{v:g}"


def localize_frame(frame: pd.DataFrame, lang: str = "en", hide: bool = True) -> pd.DataFrame:
    """A query's frame as the page shows it: codes worded, missing values empty, headings in the
    language, id columns a reader does not need left out (`hide`)."""
    import pandas as pd

    out = frame.drop(columns=[c for c in frame.columns if c in HIDDEN_COLUMNS]) if hide else frame.copy()
    data = {}
    for col in out.columns:
        series = out[col]
        worded = col in VALUE_VOCAB or col in ("topic", "kind") or pd.api.types.is_bool_dtype(series)
        if worded or not pd.api.types.is_numeric_dtype(series):
            data[col] = [value_text(col, v, lang) for v in series]
        elif series.isna().any():  # a blank cell, not "None": the column becomes text
            data[col] = ["" if missing(v) else _number_text(v) for v in series]
        else:
            data[col] = series
    result = pd.DataFrame(data, index=out.index, columns=list(out.columns))
    result.columns = _headings(out.columns, lang)
    return result


def _headings(columns, lang: str) -> list[str]:
    """Column headings in `lang`, numbered when two columns are worded alike (fact_id, event_id)."""
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        h = column_label(c, lang)
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def header_frame(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The frame with its headings in `lang` and nothing else changed (the CSV downloads: ids and
    codes stay as they are, so a row can be traced back to data/)."""
    out = frame.copy()
    out.columns = _headings(frame.columns, lang)
    return out

