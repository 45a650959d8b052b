"""Shared fixtures: a connection to the curated data loaded in memory, and a scratch copy of the
project's data and seeds that a test may break (with helpers to rewrite its CSVs)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from ctdash import db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """data/ loaded into an in-memory DuckDB, one per test module."""
    connection = db.connect()
    yield connection
    connection.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of data/ and seeds/ under tmp_path; returns the copy's root."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def rewrite(path: Path, change: Callable[[list[str], list[list[str]]], tuple[list[str], list[list[str]]]]) -> None:
    """Rewrite a CSV through `change(header, rows) -> (header, rows)`."""
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    header, rows = change(header, rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row 0 = first data row, on line 2 of the file)."""

    def change(header, rows):
        rows[row][header.index(column)] = value
        return header, rows

    rewrite(path, change)
