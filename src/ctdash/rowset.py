"""A query's result as plain Python: column names, their DuckDB types and the rows as tuples.

Queries return `Rows` (DuckDB's `fetchall`, no pandas), and descriptions, captions and tiles read
them as dicts (`records`). A pandas frame is made only where one is wanted (`frame`: a data view,
a CSV, the SQL explorer), so a page's first chart is drawn without importing pandas, numpy or
pyarrow (most of a fresh server's first run when it did). Imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_FLOATS = {"FLOAT", "DOUBLE", "HUGEINT", "UHUGEINT"}  # DuckDB's pandas conversion makes HUGEINT (a SUM) a float


def _float_type(name: str) -> bool:
    return name in _FLOATS or name.startswith("DECIMAL")


def _type_of(value: object) -> str:
    """The DuckDB type name of a Python value (as `fetchall` gives them)."""
    import datetime

    for kind, name in ((bool, "BOOLEAN"), (int, "BIGINT"), (float, "DOUBLE"), (datetime.datetime, "TIMESTAMP"),
                       (datetime.date, "DATE"), (str, "VARCHAR")):
        if isinstance(value, kind):
            return name
    return "VARCHAR[]" if isinstance(value, list) else "OTHER"


class Rows:
    """A query result: `columns`, their DuckDB type names (`types`) and `data` (a tuple per row).
    Shared between reruns once cached: read it, never change it (`with_column` makes a new one)."""

    __slots__ = ("_frame", "_records", "columns", "data", "types")

    def __init__(self, columns: Sequence[str], types: Sequence[str], data: list[tuple]):
        self.columns: tuple[str, ...] = tuple(columns)
        self.types: tuple[str, ...] = tuple(types)
        self.data = data
        self._records: list[dict] | None = None
        self._frame: pd.DataFrame | None = None

    @classmethod
    def fetch(cls, result: duckdb.DuckDBPyConnection) -> Rows:
        """The rows of an executed query. A DECIMAL or HUGEINT cell becomes a float, as DuckDB's
        conversion to pandas made it (a SUM of integers, a decimal literal)."""
        columns = [d[0] for d in result.description or ()]
        types = [str(d[1]) for d in result.description or ()]
        data = result.fetchall()
        floats = [i for i, name in enumerate(types) if _float_type(name)]
        if floats and data:
            data = [tuple(float(v) if i in floats and isinstance(v, Decimal | int) else v for i, v in enumerate(row))
                    for row in data]
        return cls(columns, types, data)

    @classmethod
    def of(cls, records: list[dict], columns: Sequence[str] | None = None) -> Rows:
        """Rows made from dicts (synthetic data, tests): `columns` or the keys of the first
        dict, a missing key a missing cell; each column typed by its first non-missing value."""
        cols = list(columns if columns is not None else (records[0] if records else {}))
        data = [tuple(r.get(c) for c in cols) for r in records]
        types = [next((_type_of(row[i]) for row in data if row[i] is not None), "VARCHAR") for i in range(len(cols))]
        return cls(cols, types, data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"Rows({len(self.data)} rows: {', '.join(self.columns)})"

    @property
    def empty(self) -> bool:
        return not self.data

    def column(self, name: str) -> list:
        """One column's cells, in row order (KeyError for a column the rows lack)."""
        try:
            i = self.columns.index(name)
        except ValueError:
            raise KeyError(name) from None
        return [row[i] for row in self.data]

    def present(self, name: str) -> list:
        """One column's cells that are not missing (None, as `fetchall` gives a NULL, or NaN), in
        row order; none for a column the rows lack."""
        return [v for v in self.column(name) if v is not None and v == v] if name in self.columns else []

    def __getitem__(self, name: str) -> list:
        return self.column(name)

    def records(self) -> list[dict]:
        """Each row as a dict by column name (made once; shared, so read-only)."""
        if self._records is None:
            cols = self.columns
            self._records = [dict(zip(cols, row, strict=True)) for row in self.data]
        return self._records

    def first(self) -> dict:
        """The first row as a dict of its own ({} when there is none)."""
        return dict(self.records()[0]) if self.data else {}

    def head(self, n: int) -> Rows:
        return Rows(self.columns, self.types, self.data[:n])

    def where(self, keep: Callable[[dict], bool]) -> Rows:
        """The rows whose record `keep` accepts, in order."""
        return Rows(self.columns, self.types, [row for row, r in zip(self.data, self.records(), strict=True)
                                                if keep(r)])

    def with_column(self, name: str, values: Iterable[Any], type_name: str = "VARCHAR") -> Rows:
        """These rows with column `name` set to `values` (added at the end, or replaced in place)."""
        cells = list(values)
        if len(cells) != len(self.data):
            raise ValueError(f"{len(cells)} values for {len(self.data)} rows")
        if name in self.columns:
            i = self.columns.index(name)
            data = [(*row[:i], v, *row[i + 1:]) for row, v in zip(self.data, cells, strict=True)]
            types = (*self.types[:i], type_name, *self.types[i + 1:])
            return Rows(self.columns, types, data)
        return Rows((*self.columns, name), (*self.types, type_name),
                    [(*row, v) for row, v in zip(self.data, cells, strict=True)])

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as a pandas frame, typed as DuckDB's own conversion types them (whole numbers
        as integers, nullable where a cell is missing; dates as dates), made once."""
        if self._frame is None:
            import pandas as pd

            columns: dict[str, Any] = {}
            for i, (name, type_name) in enumerate(zip(self.columns, self.types, strict=True)):
                cells = [row[i] for row in self.data]
                if type_name in _INTEGERS:
                    columns[name] = pd.array(cells, dtype="Int64" if None in cells else "int64")
                elif _float_type(type_name):
                    columns[name] = pd.array([float("nan") if v is None else v for v in cells], dtype="float64")
                elif type_name == "BOOLEAN":
                    columns[name] = pd.array(cells, dtype="boolean" if None in cells else "bool")
                elif type_name == "VARCHAR":
                    columns[name] = pd.Series(cells, dtype="str")
                else:
                    columns[name] = pd.Series(cells, dtype=object)
            self._frame = pd.DataFrame(columns, columns=list(self.columns))
        return self._frame
