"""The data for other tools and the scale-out path of docs/SCALING.md, run locally: `ctdash build
--parquet DIR` writes every table and a datapackage.json; the app, the export and the SQL box run
unchanged over a DuckDB catalogue of views on those files, with the same rows as the database."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile

import duckdb
import pandas as pd
import pytest
from conftest import ROOT
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from support.apptest import open_rows

from ctdash import datapackage, db, paths, sandbox
from ctdash.cli import main
from ctdash.filters import Filters
from ctdash.schema import TABLE_BY_NAME, TABLES
from ctdash.tables import EXPLORER_TABLES, explorer_rows
from ctdash.views import REGISTRY

FILTERS = (Filters(), Filters(years=(2015, 2019), lang="ar"), Filters(actors=("MAR",)),
           Filters(topics=("gctf_meetings", "cted_visits")), Filters(years=(2016, 2016), actors=("NLD",)))
PARQUET_TYPES = {"string": "VARCHAR", "number": "DOUBLE", "integer": "INTEGER", "date": "DATE"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(database, Parquet folder, catalogue of views over it), made by the CLI as a user would."""
    tmp = tmp_path_factory.mktemp("parquet")
    db_file, folder = tmp / "ctdash.duckdb", tmp / "parquet"
    assert main(["build", "--db", str(db_file), "--parquet", str(folder)]) == 0
    return db_file, folder, db.parquet_catalogue(folder, tmp / "catalogue.duckdb")


def test_build_parquet_writes_every_table_with_its_datapackage(built):
    _, folder, _ = built
    assert sorted(p.stem for p in folder.glob("*.parquet")) == sorted(TABLE_BY_NAME)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    for resource in package["resources"]:
        assert resource["format"] == "parquet" and (folder / resource["path"]).is_file()
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(folder / resource["path"])]).fetchall()
        assert [(r[0], r[1]) for r in described] == [
            (fd["name"], PARQUET_TYPES[fd["type"]]) for fd in resource["schema"]["fields"]], resource["name"]


def test_datapackage_beside_the_csvs_is_the_one_schema_py_makes():
    """data/datapackage.json is generated (`ctdash datapackage`) and kept in step with schema.py."""
    assert (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8") == datapackage.dumps("csv")


def test_datapackage_describes_the_csvs_as_written():
    package = datapackage.descriptor("csv")
    by_name = {r["name"]: r for r in package["resources"]}
    assert list(by_name) == [t.name for t in TABLES]
    for table in TABLES:
        resource = by_name[table.name]
        header = (ROOT / "data" / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [fd["name"] for fd in resource["schema"]["fields"]]
    facts = by_name["facts"]["schema"]
    assert facts["primaryKey"] == ["fact_id"]
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}} in facts["foreignKeys"]
    qualifier = next(fd for fd in facts["fields"] if fd["name"] == "qualifier")
    assert "more_than" in qualifier["constraints"]["enum"]
    assert by_name["wg_roles"]["schema"]["uniqueKeys"] == [["wg_id", "actor_id", "role", "period_start"]]


def test_catalogue_holds_views_only(built):
    _, _, catalogue = built
    con = duckdb.connect(str(catalogue), read_only=True)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views == set(TABLE_BY_NAME) | set(db.DERIVED)  # the curated tables and fact_spans (derived.sql)


def _same(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=what)


def test_every_registry_view_gives_the_same_rows_over_parquet(built):
    db_file, _, catalogue = built
    with db.reading(db_file) as a, db.reading(catalogue) as b:
        compared = 0
        for f in FILTERS:
            for view in REGISTRY:
                _same(view.data(a, f).frame, view.data(b, f).frame, f"{view.id} {f}")
                compared += 1
            for table in EXPLORER_TABLES:
                _same(explorer_rows(a, f, table).frame, explorer_rows(b, f, table).frame, f"explorer {table} {f}")
    assert compared == len(FILTERS) * len(REGISTRY)


def test_sql_box_over_parquet_reads_that_folder_only(built, monkeypatch):
    db_file, folder, catalogue = built
    query = "SELECT topic, count(*) AS n FROM facts GROUP BY ALL ORDER BY topic"
    expected = sandbox.run(db_file, query).frame
    with pytest.raises(sandbox.SandboxError, match="disabled|cannot|Permission"):
        sandbox.run(catalogue, query)  # without the folder allowed, the views cannot read it
    monkeypatch.setenv("CTDASH_PARQUET", str(folder))
    _same(sandbox.run(catalogue, query).frame, expected, "sandbox over parquet")


def test_export_over_parquet_matches_export_over_the_csvs(built, tmp_path):
    _, folder, _ = built
    decks = {}
    for name, extra in (("csv", []), ("parquet", ["--parquet", str(folder)])):
        out = tmp_path / f"{name}.pptx"
        assert main(["export", "--format", "pptx", "--out", str(out), "--years", "2016-2019", *extra]) == 0
        decks[name] = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
                       for slide in Presentation(str(out)).slides]
    assert decks["parquet"] == decks["csv"] and len(decks["csv"]) > 5


def test_export_with_a_folder_without_parquet_is_a_usage_error(tmp_path, capsys):
    code = main(["export", "--format", "html", "--out", str(tmp_path / "x.html"), "--parquet", str(tmp_path)])
    assert code == 2 and not (tmp_path / "x.html").exists()
    assert "facts.parquet" in capsys.readouterr().err


def test_app_over_parquet_shows_what_the_database_shows(built, monkeypatch, tmp_path):
    """The app as `ctdash serve --parquet` runs it: CTDASH_DB is the catalogue, CTDASH_PARQUET
    stops it from rebuilding the catalogue from the CSVs."""
    db_file, folder, catalogue = built

    def shown(env: dict[str, str]) -> tuple[list, list]:
        """The Overview's data tables (every data view opened) and charts (their Plotly JSON)."""
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        at = open_rows(AppTest.from_file(str(paths.app_script()), default_timeout=90).run())
        assert not at.exception and not at.error, [e.value for e in at.error]
        return [d.value.to_dict() for d in at.dataframe], [c.proto.spec for c in at.get("plotly_chart")]

    tables, figures = shown({"CTDASH_DB": str(db_file)})
    # CSVs newer than the catalogue: a database would be rebuilt from them, a catalogue must not be
    for sub in ("data", "seeds"):
        shutil.copytree(ROOT / sub, tmp_path / sub, copy_function=shutil.copy)
    os.utime(catalogue, ns=(1, 1))
    before = catalogue.stat().st_mtime_ns
    env = {"CTDASH_DB": str(catalogue), "CTDASH_PARQUET": str(folder), "CTDASH_DATA": str(tmp_path / "data")}
    assert shown(env) == (tables, figures)
    assert tables and figures
    assert catalogue.stat().st_mtime_ns == before  # not rebuilt from the CSVs


def test_download_all_data_zip(built):
    db_file, _, _ = built
    blob = datapackage.zip_bytes(db_file, paths.data_dir())
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        names = set(zf.namelist())
        assert {f"{t}.csv" for t in TABLE_BY_NAME} | {f"parquet/{t}.parquet" for t in TABLE_BY_NAME} \
            | {"datapackage.json", "parquet/datapackage.json"} == names
        assert zf.read("facts.csv") == (paths.data_dir() / "facts.csv").read_bytes()
        assert json.loads(zf.read("parquet/datapackage.json"))["resources"][0]["format"] == "parquet"
        facts = pd.read_parquet(io.BytesIO(zf.read("parquet/facts.parquet")))
    assert len(facts) == duckdb.connect(str(db_file), read_only=True).execute("SELECT count(*) FROM facts").fetchone()[0]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_explorer_offers_download_all_data(monkeypatch, lang):
    from ctdash.i18n import t

    at = AppTest.from_file(str(paths.app_script()), default_timeout=90)
    if lang == "ar":
        at.query_params["lang"] = "ar"
    at.run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception
    buttons = [b.proto for b in at.get("download_button")]
    mine = [b for b in buttons if b.label == t("download_all", lang)]
    assert len(mine) == 1, [b.label for b in buttons]
