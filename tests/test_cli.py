"""The `ctdash` verbs, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, set_cell

from ctdash.cli import main


def ctdash(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ctdash", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_validate_ok() -> None:
    r = ctdash("validate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok: ")


def test_validate_reports_file_line_column(project: Path) -> None:
    set_cell(project / "data/facts.csv", 3, "qualifier", "lots")
    r = ctdash("validate", "--data", str(project / "data"))
    assert r.returncode == 1
    assert "data/facts.csv:5: qualifier: unknown value 'lots'" in r.stderr


def test_build_failure_keeps_old_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "db.duckdb"
    assert main(["build", "--data", str(project / "data"), "--db", str(target)]) == 0
    before = target.read_bytes()
    (project / "data/events.csv").write_bytes(b"\xff\xfe broken")
    r = ctdash("build", "--data", str(project / "data"), "--db", str(target))
    assert r.returncode == 1
    assert "left as it was" in r.stderr and "data/events.csv:1: byte 1: not UTF-8" in r.stderr
    assert target.read_bytes() == before


def test_sql_prints_csv(capsys) -> None:
    assert main(["sql", "SELECT count(*) AS n FROM sources"]) == 0
    assert capsys.readouterr().out == "n\n5\n"


def test_sql_sandbox_refuses_files() -> None:
    r = ctdash("sql", "--sandbox", "SELECT * FROM read_text('/etc/passwd')")
    assert r.returncode != 0
    assert r.stdout == ""
    assert "refused" in r.stderr and "root:" not in r.stderr


def test_coverage_reports_share() -> None:
    r = ctdash("coverage")
    assert r.returncode == 0
    last = r.stdout.strip().splitlines()[-1]
    from ctdash.coverage import coverage, share
    from ctdash.validate import load_seeds, validate

    parsed, _ = validate(ROOT / "data", root=ROOT)
    texts, _ = load_seeds(ROOT, parsed["sources"])
    tokens = coverage(parsed, texts)
    covered = sum(t.status != "missing" for t in tokens)
    assert last == f"coverage: {share(tokens):.1%} ({covered} of {len(tokens)} tokens)"
    assert 400 < len(tokens) and covered / len(tokens) >= 0.98
