"""A query frame's rows as dicts, read column by column: what `DataFrame.itertuples` (`rows`) and
`DataFrame.to_dict("records")` (`records`) give, cell for cell, without pandas indexing every
column again for each call (most of a description's time when it did). Imports nothing of the
package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype


def rows(frame: pd.DataFrame) -> list[dict]:
    """Each row as a dict of its cells as `itertuples` gives them, reading each column once
    (`itertuples` and `to_dict` index every column afresh per call: most of a description's time)."""
    cols = frame.columns.tolist()
    return [dict(zip(cols, cells, strict=True)) for cells in zip(*(s for _, s in frame.items()), strict=True)]


def _native(value: object) -> object:
    """A cell as `to_dict` gives it: numpy scalars as Python's, pandas' NA as None."""
    if isinstance(value, np.generic) and not isinstance(value, np.datetime64 | np.timedelta64):
        return value.item()
    return None if value is pd.NA else value


def records(frame: pd.DataFrame, raw: list[dict] | None = None) -> list[dict]:
    """`frame.to_dict("records")`, cell for cell, at the cost of `rows` (or of none, given them)."""
    out = rows(frame) if raw is None else [dict(r) for r in raw]
    boxed = [c for c, dt in frame.dtypes.items() if dt == np.dtype(object) or isinstance(dt, ExtensionDtype)]
    for r in out:
        for c in boxed:
            r[c] = _native(r[c])
    return out
