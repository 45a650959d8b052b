"""`ctdash export`: the briefing pack as a PowerPoint deck (`ctdash.deck`) or a self-contained HTML
file (`ctdash.htmlpack`), written atomically: every chart with data under the filters given on the
command line, only the charts named by `--views` (ids as `--list-views` prints them), or the
briefer's basket (`--basket FILE.json`, `ctdash.basket`), each chart under its own filters.

Both render the same pack (`ctdash.pack.collect` / `collect_items`) of the registry's views, each
described once (`ctdash.describe`), so a slide holds exactly the data a dashboard page plots.
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

from ctdash import basket as bk
from ctdash.deck import render_pptx
from ctdash.filters import Filters, year_span
from ctdash.htmlpack import render_html
from ctdash.pack import Exhibit, Pack, collect, collect_items
from ctdash.views import BY_ID

__all__ = ["Exhibit", "Pack", "UsageError", "atomic_write", "basket_pack", "build_html", "build_pptx", "collect",
           "list_views", "main", "parse_views", "parse_years", "render_html", "render_pptx", "strict_filters",
           "views_pack"]


def build_pptx(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None,
               template: str | Path | None = None) -> bytes:
    """PPTX bytes of the briefing pack for `filters` (language `lang`, else the filters')."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_pptx(collect(con, f), template)


def build_html(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None) -> bytes:
    """Self-contained HTML bytes of the briefing pack for `filters`."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_html(collect(con, f))


def views_pack(con: duckdb.DuckDBPyConnection, view_ids: list[str], filters: Filters) -> Pack:
    """The pack of exactly `view_ids`, in that order, under `filters` (in the filters' language)."""
    return collect_items(con, [(v, filters) for v in view_ids], filters.lang)


def basket_pack(con: duckdb.DuckDBPyConnection, basket: bk.Basket, lang: str) -> Pack:
    """The pack of a basket: each item under its own filters, the basket's title and subtitle."""
    return collect_items(con, [(i.view_id, i.filters) for i in basket.items], lang, basket.title, basket.subtitle)


# ---------------------------------------------------------------- writing and the CLI

class UsageError(ValueError):
    """A CLI argument that cannot be used (exit 2)."""


def list_views(lang: str = "en") -> list[str]:
    """'id  title' of every view the export can draw, in registry order."""
    width = max(len(v) for v in bk.EXPORTABLE)
    return [f"{v.ljust(width)}  {BY_ID[v].title(lang)}" for v in bk.EXPORTABLE]


def parse_views(text: str) -> list[str]:
    """'expert_meetings,cted_visits' -> the ids in order; an unknown id is a UsageError."""
    ids = [x.strip() for x in text.split(",") if x.strip()]
    if not ids:
        raise UsageError("--views: name at least one view id (ctdash export --list-views lists them)")
    bad = [x for x in ids if x not in bk.EXPORTABLE]
    if bad:
        raise UsageError(f"--views: unknown view id {', '.join(map(repr, bad))} "
                         "(ctdash export --list-views lists the ids)")
    return ids


def _read_basket(path: str) -> bk.Basket:
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"--basket {path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return bk.from_json(text)
    except bk.BasketError as exc:
        raise UsageError(f"--basket {path}: {exc}") from None


def _actor_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The actor ids of the database (what --actor and a basket's items may name)."""
    from ctdash.queries import actor_names as actor_frame

    return set(actor_frame(con, "en")["actor_id"])


def _known_actors(con: duckdb.DuckDBPyConnection, basket: bk.Basket) -> None:
    known = _actor_ids(con)
    for i, item in enumerate(basket.items):
        bad = [a for a in item.filters.actors if a not in known]
        if bad:
            raise UsageError(f"basket item {i + 1}: actors: unknown actor {', '.join(map(repr, bad))}")


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
    from ctdash.schema import TOPICS

    known = _actor_ids(con)
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

    if getattr(args, "list_views", False):
        print("\n".join(list_views("en")))
        return 0
    template = getattr(args, "template", None)
    view_text, basket_file = getattr(args, "views", None), getattr(args, "basket", None)
    try:
        for flag, value in (("--format", args.format), ("--out", args.out)):
            if not value:
                raise UsageError(f"{flag} is required (or --list-views)")
        out = Path(args.out)
        picked = parse_views(view_text) if view_text is not None else None
        if basket_file is not None and view_text is not None:
            raise UsageError("--views and --basket cannot be combined")
        if basket_file is not None and (args.years or args.actor or args.topic):
            raise UsageError("--basket: each item keeps its own filters; drop --years, --actor and --topic")
        chosen = _read_basket(basket_file) if basket_file is not None else None
        if chosen is not None and not chosen.items:
            raise UsageError(f"--basket {basket_file}: the basket is empty")
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
            if chosen is not None:
                _known_actors(con, chosen)
                pack = basket_pack(con, chosen, args.lang)
            else:
                pack = views_pack(con, picked, f) if picked is not None else collect(con, f)
            if args.format == "pptx":
                try:
                    blob = render_pptx(pack, template)
                except Exception as exc:  # a template python-pptx cannot use
                    if template:
                        raise UsageError(f"--template {template}: cannot be used ({type(exc).__name__}: {exc})") \
                            from exc
                    raise
            else:
                blob = render_html(pack)
        finally:
            con.close()
    except UsageError as exc:
        print(f"ctdash export: error: {exc}; nothing written", file=sys.stderr)
        return 2
    atomic_write(out, lambda fh: fh.write(blob))
    what = (f"basket {basket_file}: {len(pack.exhibits)} chart(s)" if chosen is not None else
            f"{len(pack.exhibits)} chart(s); {f.describe()}")
    print(f"wrote {out} ({len(blob):,} bytes; {what})")
    return 0
