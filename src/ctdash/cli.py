"""The `ctdash` command: validate, build, sql, coverage, export."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import duckdb

from ctdash import db


def _reason(exc: BaseException) -> str:
    """The first line of an error, for a one-line message."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _problems_out(problems) -> int:
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    from ctdash.validate import validate

    parsed, problems = validate(Path(args.data))
    if problems:
        return _problems_out(problems)
    rows = sum(len(p.rows) for p in parsed.values())
    print(f"ok: {rows} rows in {len(parsed)} tables")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from ctdash.validate import DataError

    try:
        path = db.build(Path(args.data), Path(args.db))
    except DataError as exc:
        print(f"build failed; {args.db} left as it was", file=sys.stderr)
        return _problems_out(exc.problems)
    except (duckdb.Error, OSError) as exc:  # a full disk, a file too large, DuckDB itself
        print(f"build failed; the old database is left as it was ({_reason(exc)})", file=sys.stderr)
        return 1
    print(f"built {path}")
    if args.parquet:
        from ctdash.queries import export_parquet

        written = export_parquet(path, Path(args.parquet))
        print(f"wrote {len(written)} Parquet files to {args.parquet}")
    return 0


def _write_csv(columns: list[str], rows) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


def cmd_sql(args: argparse.Namespace) -> int:
    from ctdash.validate import DataError

    try:
        args.query.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes that were not UTF-8 arrive as lone surrogates
        print(f"refused: the query is not valid UTF-8 text (at character {exc.start + 1})", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "ctdash.duckdb"
        try:
            if not args.db or not db_path.exists():
                db.build(Path(args.data), db_path)
        except DataError as exc:
            return _problems_out(exc.problems)
        except (duckdb.Error, OSError) as exc:
            print(f"build failed ({_reason(exc)})", file=sys.stderr)
            return 1
        if args.sandbox:
            from ctdash.sandbox import SandboxError, run

            try:
                result = run(db_path, args.query)
            except SandboxError as exc:
                print(f"refused: {exc}", file=sys.stderr)
                return 1
            from ctdash.safecsv import neutralise_frame

            frame = neutralise_frame(result.frame)
            _write_csv(list(frame.columns), frame.itertuples(index=False))
            if result.truncated:
                print(f"(output cut at {len(frame)} rows)", file=sys.stderr)
            return 0
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            rel = con.execute(args.query)
            _write_csv([d[0] for d in rel.description or []], rel.fetchall())
        except duckdb.Error as exc:
            print(f"SQL error: {exc}", file=sys.stderr)
            return 1
        finally:
            con.close()
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from ctdash.coverage import coverage, share
    from ctdash.validate import load_seeds, validate

    data = Path(args.data)
    parsed, problems = validate(data)
    texts, _ = load_seeds(data.resolve().parent, parsed["sources"])
    tokens = coverage(parsed, texts)
    for t in tokens:
        if args.missing and t.status != "missing":
            continue
        print(f"{t.source_id}:{t.line}\t{t.text}\t{t.status}\t{t.ref}")
    by_source: dict[str, list] = {}
    for t in tokens:
        by_source.setdefault(t.source_id, []).append(t)
    for src, toks in sorted(by_source.items()):
        print(f"{src}: {share(toks):.1%} of {len(toks)} tokens accounted for")
    print(f"coverage: {share(tokens):.1%} ({sum(t.status != 'missing' for t in tokens)} of {len(tokens)} tokens)")
    if problems:
        print(f"note: the data has {len(problems)} validation problem(s); run ctdash validate", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ctdash.export import main as export_main

    return export_main(args)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="ctdash", description=__doc__)
    sub = ap.add_subparsers(dest="verb", required=True)
    default_data = str(db.DATA_DIR)

    p = sub.add_parser("validate", help="check every CSV against the schema and the seeds")
    p.add_argument("--data", default=default_data)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, then write the DuckDB file atomically")
    p.add_argument("--data", default=default_data)
    p.add_argument("--db", default=str(db.ROOT / "ctdash.duckdb"))
    p.add_argument("--parquet", help="also write every table as Parquet into this folder")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("sql", help="run a query and print CSV")
    p.add_argument("--data", default=default_data)
    p.add_argument("--db", help="an existing database file (default: build one from --data)")
    p.add_argument("--sandbox", action="store_true", help="the app's guarded SQL box")
    p.add_argument("query")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("coverage", help="list every number in the seeds and what cites it")
    p.add_argument("--data", default=default_data)
    p.add_argument("--missing", action="store_true", help="list only the tokens not accounted for")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("export", help="briefing pack for the current filters")
    p.add_argument("--format", choices=["pptx", "html"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--years")
    p.add_argument("--actor", action="append", default=[])
    p.add_argument("--topic", action="append", default=[])
    p.add_argument("--lang", choices=["ar", "en"], default="en")
    p.add_argument("--template")
    p.add_argument("--data", default=default_data)
    p.set_defaults(func=cmd_export)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
