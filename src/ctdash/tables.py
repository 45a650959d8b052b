"""Queries over whole tables: the Explorer's rows and facets, one source's row, text and quoted
rows, and the Parquet export. Like `ctdash.queries` (whose filtered row sets they reuse), SQL is
parameterised; table and column names are checked against the schema.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ctdash.filters import Filters
from ctdash.i18n import vocab
from ctdash.queries import EVENTS_CTE, FACTS_CTE, LANG_SQL, Head, filter_params, run
from ctdash.rowset import Rows
from ctdash.schema import QUOTED_TABLES, TABLE_BY_NAME

# ---------------------------------------------------------------- Explorer

EXPLORER_TABLES = tuple(name for name in TABLE_BY_NAME if name != "coverage_exclusions") + (
    "coverage_exclusions",
)
FACET_COLUMNS = (
    "source_id", "topic", "metric", "unit", "qualifier", "kind", "body", "event_type",
    "date_precision", "forum", "status", "role",
)


def _check_table(table: str) -> None:
    if table not in TABLE_BY_NAME:
        raise ValueError(f"unknown table {table!r}")


def explorer_rows(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    table: str,
    facets: dict[str, list[str]] | tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    text: str = "",
    cut: Head | None = None,
) -> Rows:
    """Rows of one table: facts and events within the filters, facet values (a dict, or its items
    as a tuple so the call can be memoised), a text search."""
    _check_table(table)
    facets = dict(facets or {})  # type: ignore[arg-type]  # a dict or its items as pairs
    columns = TABLE_BY_NAME[table].column_names
    where, params = ["TRUE"], filter_params(f)
    if table == "facts":
        sql = FACTS_CTE + " SELECT {cols} FROM ff AS t"
    elif table == "events":
        sql = EVENTS_CTE + " SELECT {cols} FROM fe AS t"
    else:
        sql = "SELECT {cols} FROM {table} AS t"
    for i, (col, values) in enumerate(sorted(facets.items())):
        if col in columns and values:
            where.append(f"list_contains($facet{i}::VARCHAR[], CAST(t.{col} AS VARCHAR))")
            params[f"facet{i}"] = [str(v) for v in values]
    if text.strip():
        where.append(_text_match(table, columns))
        params["text"] = text.strip()
    cols = ", ".join(f"t.{c}" for c in columns)
    sql = (sql + " WHERE " + " AND ".join(where) + " ORDER BY 1").format(
        cols=cols, table=table, allcols=", ".join(f"CAST(t.{c} AS VARCHAR)" for c in columns)
    )
    return run(con, sql, params, cut=cut)


# Actors a search names: its text is an actor's English or Arabic name or a spelling a source
# uses (actor_aliases), whole (a fragment like "ال" names no actor: it would expand a search to
# every name). A row matches when its text holds the search or any name or spelling of those
# actors, or when it is linked to one of them: "Morocco" and "المغرب" find the same rows.
_NAMED_ACTORS = """(SELECT actor_id FROM actors
    WHERE lower(name_en) = lower(trim($text)) OR lower(name_ar) = lower(trim($text))
    UNION SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower(trim($text)))"""
_SEARCH_TERMS = f"""(SELECT lower($text) AS term
    UNION SELECT lower(name_en) FROM actors WHERE actor_id IN {_NAMED_ACTORS}
    UNION SELECT lower(name_ar) FROM actors WHERE actor_id IN {_NAMED_ACTORS}
    UNION SELECT lower(alias) FROM actor_aliases WHERE actor_id IN {_NAMED_ACTORS})"""
_ACTOR_LINKS = {  # table -> how a row of it names actors
    "facts": "EXISTS (SELECT 1 FROM fact_actors l WHERE l.fact_id = t.fact_id AND l.actor_id IN {named})",
    "events": "(t.body IN {named} OR EXISTS (SELECT 1 FROM event_actors l WHERE l.event_id = t.event_id "
              "AND l.actor_id IN {named}))",
}


def _text_match(table: str, columns: list[str]) -> str:
    """The search condition for `table` (binds $text): see `_NAMED_ACTORS`."""
    text = "lower(concat_ws(' ', {allcols}))"
    cond = f"EXISTS (SELECT 1 FROM {_SEARCH_TERMS} AS s WHERE contains({text}, s.term))"
    link = _ACTOR_LINKS.get(table) or ("t.actor_id IN {named}" if "actor_id" in columns else "")
    if link:
        cond += " OR " + link.replace("{named}", _NAMED_ACTORS)
    return f"({cond})"


def facet_values(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, list[str]]:
    """The distinct values of each facet column a table has."""
    _check_table(table)
    out = {}
    for col in FACET_COLUMNS:
        if col in TABLE_BY_NAME[table].column_names:
            values = run(con, f"SELECT DISTINCT CAST({col} AS VARCHAR) AS v FROM {table} WHERE {col} IS NOT NULL ORDER BY 1")
            out[col] = values.column("v")
    return out


# ---------------------------------------------------------------- Sources

def source_row(con: duckdb.DuckDBPyConnection, source_id: str, lang: str = "en") -> dict:
    frame = run(con, f"""
        SELECT source_id, file, {LANG_SQL.format("title")} AS title,
               CASE WHEN $ar THEN coalesce(publisher_ar, publisher_en) ELSE publisher_en END AS publisher,
               published, period_start, period_end, sha256, note
        FROM sources WHERE source_id = $sid""", {"ar": lang == "ar", "sid": source_id})
    return frame.first()


def source_text(con: duckdb.DuckDBPyConnection, source_id: str, root: Path | None = None) -> str:
    """The full text of a source document, read from its seed file."""
    from ctdash import paths

    row = source_row(con, source_id)
    if not row:
        return ""
    return (Path(root or paths.home()) / row["file"]).read_text(encoding="utf-8")


def source_quotes(con: duckdb.DuckDBPyConnection, source_id: str, lang: str = "en") -> pd.DataFrame:
    """Every curated row quoting this source: table, row id, a label, the quote, its English
    translation and the curator's note (a role row labelled "Morocco: co-chair", not by codes)."""
    label = {
        "facts": ("fact_id", "label"), "events": ("event_id", "title"),
        "working_groups": ("wg_id", "name"),
        "wg_roles": ("coalesce(wg_id, '-') || ':' || actor_id || ':' || role", None),
        "documents": ("doc_id", "title"),
    }
    parts = []
    for table in QUOTED_TABLES:
        key, col = label[table]
        text = LANG_SQL.format(col) if col else "role"
        role = "NULL::VARCHAR"
        if table == "wg_roles":
            text = f"(SELECT {LANG_SQL.format('a.name')} FROM actors a WHERE a.actor_id = wg_roles.actor_id)"
            role = "role"
        note = "note" if "note" in TABLE_BY_NAME[table].column_names else "NULL::VARCHAR"
        quote_en = "quote_en" if "quote_en" in TABLE_BY_NAME[table].column_names else "NULL::VARCHAR"
        parts.append(f"SELECT '{table}' AS row_table, {key} AS row_id, {text} AS label, {role} AS role, quote, "
                     f"{quote_en} AS quote_en, {note} AS note FROM {table} WHERE source_id = $sid")
    sql = " UNION ALL ".join(parts) + " ORDER BY row_table, row_id"
    rows = run(con, sql, {"sid": source_id, "ar": lang == "ar"})
    rows = rows.with_column("label", [f"{lbl}: {vocab('role', r, lang)}" if isinstance(r, str) else lbl
                                      for lbl, r in zip(rows.column("label"), rows.column("role"), strict=True)])
    return rows.frame.drop(columns="role")


# ---------------------------------------------------------------- export helpers

def export_parquet(db_path: Path | str, out_dir: Path) -> list[Path]:
    """Write every table of a built database as one Parquet file (used by `ctdash build --parquet`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for table in TABLE_BY_NAME:
            path = out_dir / f"{table}.parquet"
            con.table(table).write_parquet(str(path))
            written.append(path)
    finally:
        con.close()
    return written
