"""`ctdash export`: the briefing pack as a PowerPoint deck (`ctdash.deck`) or a self-contained HTML
file (`ctdash.htmlpack`) for filters given on the command line, written atomically.

Both render the same `ctdash.pack.collect` of the registry's views, each described once
(`ctdash.describe`), so a slide holds exactly the data a dashboard page plots.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import duckdb

from ctdash.deck import render_pptx
from ctdash.filters import Filters, year_span
from ctdash.htmlpack import render_html
from ctdash.pack import Exhibit, Pack, collect

__all__ = ["Exhibit", "Pack", "UsageError", "atomic_write", "build_html", "build_pptx", "collect", "main",
           "parse_years", "render_html", "render_pptx", "strict_filters"]


def build_pptx(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None,
               template: str | Path | None = None) -> bytes:
    """PPTX bytes of the briefing pack for `filters` (language `lang`, else the filters')."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_pptx(collect(con, f), template)


def build_html(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None) -> bytes:
    """Self-contained HTML bytes of the briefing pack for `filters`."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_html(collect(con, f))


# ---------------------------------------------------------------- writing and the CLI

class UsageError(ValueError):
    """A CLI argument that cannot be used (exit 2)."""


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2016-2019' -> (2016, 2019) (`filters.year_span`, as the URL reads it); a single year, a
    reversed or malformed range is a UsageError."""
    if text is None:
        return None
    span = year_span(text)
    if span is None or span[1] is None or not all(1000 <= y <= 9999 for y in span if y is not None):
        raise UsageError(f"--years {text!r}: expected a range of two four-digit years, e.g. 2016-2019")
    a, b = span[0], span[1]
    if a > b:
        raise UsageError(f"--years {text!r}: the range is reversed (did you mean {b}-{a}?)")
    return a, b


def strict_filters(con: duckdb.DuckDBPyConnection, years: str | None, actors: list[str], topics: list[str],
                   lang: str) -> Filters:
    """CLI filters; an unknown actor or topic or a bad year range raises UsageError."""
    from ctdash.queries import actor_names as actor_frame
    from ctdash.schema import TOPICS

    known = set(actor_frame(con, "en")["actor_id"])
    bad = [a for a in actors if a.upper() not in known]
    if bad:
        raise UsageError(f"unknown actor {', '.join(map(repr, bad))}; known actor ids: {', '.join(sorted(known))}")
    bad = [x for x in topics if x.lower() not in TOPICS]
    if bad:
        raise UsageError(f"unknown topic {', '.join(map(repr, bad))}; topics: {', '.join(sorted(TOPICS))}")
    span = parse_years(years)
    return Filters(
        years=span or (1900, 2100),
        actors=tuple(sorted({a.upper() for a in actors})),
        topics=tuple(sorted({x.lower() for x in topics})),
        lang=lang,
    )


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file beside `path`, replacing `path` only once it is complete."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(args: argparse.Namespace) -> int:
    """`ctdash export`: check the arguments, build the pack, write it atomically."""
    from ctdash import db
    from ctdash.validate import DataError

    out = Path(args.out)
    template = getattr(args, "template", None)
    try:
        if not out.parent.is_dir():
            raise UsageError(f"--out {args.out}: folder {out.parent} does not exist")
        if out.is_dir():
            raise UsageError(f"--out {args.out} is a folder")
        if template and args.format != "pptx":
            raise UsageError("--template applies to --format pptx only")
        if template and not Path(template).is_file():
            raise UsageError(f"--template {template}: no such file")
        parse_years(args.years)  # fail before loading the data
        parquet = getattr(args, "parquet", None)
        try:
            con = db.connect(parquet_dir=parquet) if parquet else db.connect(data_dir=args.data)
        except (FileNotFoundError, duckdb.Error) as exc:
            raise UsageError(f"--parquet {parquet}: {exc}") from exc
        except DataError as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            print(f"export failed: the data in {args.data} does not validate; nothing written", file=sys.stderr)
            return 1
        try:
            f = strict_filters(con, args.years, list(args.actor or []), list(args.topic or []), args.lang)
            if args.format == "pptx":
                try:
                    blob = build_pptx(con, f, template=template)
                except Exception as exc:  # a template python-pptx cannot use
                    if template:
                        raise UsageError(f"--template {template}: cannot be used ({type(exc).__name__}: {exc})") \
                            from exc
                    raise
            else:
                blob = build_html(con, f)
        finally:
            con.close()
    except UsageError as exc:
        print(f"ctdash export: error: {exc}; nothing written", file=sys.stderr)
        return 2
    atomic_write(out, lambda fh: fh.write(blob))
    print(f"wrote {out} ({len(blob):,} bytes; {f.describe()})")
    return 0
