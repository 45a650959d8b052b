"""The curated tables as a Frictionless Data Package (datapackage.json, Data Package v2), made
from `schema.py`, so other tools (frictionless, pandas, R, DuckDB) read the CSVs and the Parquet
files with their types, keys and vocabularies; and the zip the Explorer's "Download all data"
button hands out (CSVs, Parquet files and both descriptors).
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ctdash.schema import TABLES, Table

NAME = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_TYPES = {"text": "string", "double": "number", "int": "integer", "date": "date"}
_FORMATS: dict[str, dict[str, Any]] = {
    "csv": {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ",", "quoteChar": '"'}},
    "parquet": {"format": "parquet", "mediatype": "application/vnd.apache.parquet"},
}


def table_schema(table: Table) -> dict:
    """The Table Schema of one table: field types, required columns, vocabularies, keys."""
    fields = []
    for c in table.columns:
        field: dict = {"name": c.name, "type": _TYPES[c.type]}
        if c.type == "date":
            field["format"] = "%Y-%m-%d"
        constraints: dict = {}
        if c.required:
            constraints["required"] = True
        if c.vocab:
            constraints["enum"] = sorted(c.vocab)
        if constraints:
            field["constraints"] = constraints
        if c.quote_of:
            field["description"] = f"verbatim text of the seed document of the row's {c.quote_of}"
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.key:
        if all(table.column(k).required for k in table.key):
            schema["primaryKey"] = list(table.key)
        else:  # a key with an optional column (wg_roles.period_start): unique, not primary
            schema["uniqueKeys"] = [list(table.key)]
    refs = [
        {"fields": [c.name], "reference": {"resource": c.ref.split(".")[0], "fields": [c.ref.split(".")[1]]}}
        for c in table.columns if c.ref
    ]
    if refs:
        schema["foreignKeys"] = refs
    return schema


def descriptor(fmt: str = "csv") -> dict:
    """The datapackage.json for the tables as `fmt` ("csv" or "parquet") files named
    `<table>.<fmt>` in the descriptor's folder."""
    return {
        "$schema": PROFILE,
        "name": f"ctdash-{fmt}",
        "title": "ctdash: international counter-terrorism cooperation, curated from five Arabic documents",
        "description": ("Every row carries the verbatim Arabic sentence (quote) it was curated from; "
                        "sources.file names the seed document, sources.sha256 its checksum."),
        "resources": [
            {"name": t.name, "type": "table", "path": f"{t.name}.{fmt}", **_FORMATS[fmt],
             "schema": table_schema(t)}
            for t in TABLES
        ],
    }


def dumps(fmt: str = "csv") -> str:
    """The descriptor as written to disk (stable: sorted vocabularies, two-space indent)."""
    return json.dumps(descriptor(fmt), ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, fmt: str = "csv") -> Path:
    """Write `folder/datapackage.json` describing the `fmt` files in it."""
    path = Path(folder) / NAME
    path.write_text(dumps(fmt), encoding="utf-8")
    return path


def zip_bytes(db_path: Path | str, data_dir: Path) -> bytes:
    """A zip of every curated CSV (as curated) with its datapackage.json, and parquet/ with every
    table of the database at `db_path` as Parquet and its own datapackage.json."""
    from ctdash.tables import export_parquet

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf, \
            tempfile.TemporaryDirectory() as tmp:
        for t in TABLES:
            zf.write(Path(data_dir) / f"{t.name}.csv", f"{t.name}.csv")
        zf.writestr(NAME, dumps("csv"))
        for path in export_parquet(db_path, Path(tmp)):
            zf.write(path, f"parquet/{path.name}")
        zf.writestr(f"parquet/{NAME}", dumps("parquet"))
    return buf.getvalue()
