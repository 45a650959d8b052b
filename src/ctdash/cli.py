"""The `ctdash` command: validate, build, sql, coverage, export, serve."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import duckdb

from ctdash import db, paths


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
        from ctdash import datapackage
        from ctdash.tables import export_parquet

        written = export_parquet(path, Path(args.parquet))
        datapackage.write(Path(args.parquet), "parquet")
        print(f"wrote {len(written)} Parquet files and {datapackage.NAME} to {args.parquet}")
    return 0


def cmd_datapackage(args: argparse.Namespace) -> int:
    from ctdash import datapackage

    path = datapackage.write(Path(args.data), "csv")
    print(f"wrote {path}")
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


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the Streamlit app of this installation (its home folder's app.py) in this process."""
    import os

    env = dict(os.environ)
    if args.data:
        env["CTDASH_DATA"] = str(Path(args.data).resolve())
    if args.parquet:
        import hashlib

        location = db.parquet_location(args.parquet)
        name = hashlib.sha256(location.encode()).hexdigest()[:16]
        catalogue = Path(args.db) if args.db else paths.cache_dir() / f"parquet-{name}.duckdb"
        db.parquet_catalogue(location, catalogue)
        env["CTDASH_DB"] = str(catalogue.resolve())
        env["CTDASH_PARQUET"] = location
        print(f"serving the views of {catalogue} over {location}")
    else:  # the database is built before the server starts, not by the first visitor's request
        from ctdash.validate import DataError

        db_file = Path(args.db or paths.db_path()).resolve()
        env["CTDASH_DB"] = str(db_file)
        if not db_file.exists():
            try:
                db.build(Path(args.data) if args.data else None, db_file)
            except DataError as exc:
                print(f"cannot serve: the database {db_file} could not be built", file=sys.stderr)
                return _problems_out(exc.problems)
            print(f"built {db_file}")
    home = paths.home()
    argv = [sys.executable, "-m", "streamlit", "run", str(paths.app_script()),
            "--server.port", str(args.port), "--server.address", args.address,
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none"]
    os.chdir(home)  # Streamlit reads .streamlit/config.toml from the working folder
    os.execve(sys.executable, argv, env)
    return 0  # not reached


def parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own_version = version("ctdash")
    except PackageNotFoundError:  # run from a checkout without installing
        own_version = "unknown"
    ap = argparse.ArgumentParser(prog="ctdash", description=__doc__)
    ap.add_argument("--version", action="version", version=f"%(prog)s {own_version}")
    sub = ap.add_subparsers(dest="verb", required=True)
    default_data = str(paths.data_dir())
    data_help = f"folder of the curated CSVs; their seeds are read from its parent's seeds/ (default: {default_data})"
    default_db = str(paths.db_path())

    p = sub.add_parser("validate", help="check every CSV against the schema and the seeds")
    p.add_argument("--data", default=default_data, help=data_help)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, then write the DuckDB file atomically")
    p.add_argument("--data", default=default_data, help=data_help)
    p.add_argument("--db", default=default_db, help=f"database file to write (default: {default_db})")
    p.add_argument("--parquet", metavar="DIR",
                   help="also write every table as Parquet, with a datapackage.json, into this folder")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("datapackage", help="write datapackage.json (Frictionless Data Package) beside the CSVs")
    p.add_argument("--data", default=default_data, help=data_help)
    p.set_defaults(func=cmd_datapackage)

    p = sub.add_parser("sql", help="run a query and print CSV")
    p.add_argument("--data", default=default_data, help=data_help)
    p.add_argument("--db", help="an existing database file (default: build one from --data)")
    p.add_argument("--sandbox", action="store_true", help="the app's guarded SQL box")
    p.add_argument("query", help="one SQL statement")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("coverage", help="list every number in the seeds and what cites it")
    p.add_argument("--data", default=default_data, help=data_help)
    p.add_argument("--missing", action="store_true", help="list only the tokens not accounted for")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("export", help="briefing pack for the current filters")
    p.add_argument("--format", choices=["pptx", "html"],
                   help="pptx: native editable charts; html: one self-contained file (required)")
    p.add_argument("--out", help="file to write, required (replaced only once the new one is complete)")
    p.add_argument("--views", metavar="ID[,ID...]",
                   help="only these charts, in this order (ids as --list-views prints them)")
    p.add_argument("--basket", metavar="FILE.json",
                   help="the charts of a briefing basket saved by the app, each under its own filters")
    p.add_argument("--list-views", action="store_true", help="print the chart ids and titles, then exit")
    p.add_argument("--years", help="year range, e.g. 2016-2019 (default: every year)")
    p.add_argument("--actor", action="append", default=[], help="actor id (repeatable), e.g. MAR")
    p.add_argument("--topic", action="append", default=[], help="topic (repeatable), e.g. gctf_meetings")
    p.add_argument("--lang", choices=["ar", "en"], default="en", help="language of the pack (default: en)")
    p.add_argument("--template", help="a .pptx whose slide master and layouts the deck uses")
    p.add_argument("--data", default=default_data, help=data_help)
    p.add_argument("--parquet", metavar="DIR",
                   help="read the tables from the Parquet files of ctdash build --parquet DIR instead of --data")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="run the dashboard (Streamlit) of this installation")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default: 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1; 0.0.0.0 in a container)")
    p.add_argument("--db", help=f"database file, built from --data if missing (default: {default_db})")
    p.add_argument("--data", help=f"folder of the curated CSVs (default: {default_data})")
    p.add_argument("--parquet", metavar="DIR",
                   help="serve views over the Parquet files of ctdash build --parquet DIR instead of a database file")
    p.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
