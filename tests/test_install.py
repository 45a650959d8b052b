"""ctdash installs anywhere: a wheel built with `pip wheel --no-deps .` carries the curated data,
seeds, static files and app, and validates, builds, exports and serves from an empty folder with
the source tree deleted; the container's set-up script (the Dockerfile's steps) does the same
from uv.lock; every CLI option has a help line; `ctdash.paths` picks the right home."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from support.devserver import free_port, wait_healthy

from ctdash import paths
from ctdash.cli import parser

HOME_FILES = ("data/*.csv", "data/datapackage.json", "seeds/*.txt", "static/**/*", "app.py", "pages/*.py",
              ".streamlit/config.toml")


def uv(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "uv", *args], check=True, capture_output=True, text=True,
                          timeout=900, **kw)


def source_copy(dest: Path) -> Path:
    """The project's files as git sees them (tracked and new, not ignored) copied to `dest`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


def clean_env(tmp: Path, venv: Path) -> dict[str, str]:
    """An environment that knows nothing of the checkout: no CTDASH_*, a home of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTDASH_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(HOME=str(tmp / "home"), XDG_CACHE_HOME=str(tmp / "cache"), PATH=f"{venv / 'bin'}:{os.defpath}")
    (tmp / "home").mkdir(exist_ok=True)
    return env


def serve_and_check(cmd: list[str], port: int, cwd: Path, env: dict[str, str], log: Path) -> str:
    """Start `cmd` (a ctdash serve), wait for the health check, fetch a static file; the
    process's command line (as Streamlit got it) is returned."""
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=180)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/app/static/topojson/world_110m.json", timeout=10) as r:
                assert r.status == 200 and r.read(1) == b"{"
            return Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode().replace("\0", " ")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_wheel_works_from_an_empty_folder_without_the_source_tree(tmp_path):
    src = source_copy(tmp_path / "src")
    builder = tmp_path / "build-venv"
    subprocess.run([sys.executable, "-m", "venv", str(builder)], check=True, timeout=300)
    wheels = tmp_path / "wheels"
    subprocess.run([str(builder / "bin" / "python"), "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."],
                   cwd=src, check=True, timeout=900)
    wheel = next(wheels.glob("ctdash-*.whl"))
    requirements = tmp_path / "requirements.txt"  # the runtime dependencies as uv.lock pins them
    uv("export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "-q", "-o", str(requirements),
       cwd=src)
    shutil.rmtree(src)  # the source tree is gone; only the wheel remains

    venv = tmp_path / "venv"
    uv("venv", "-q", "--python", sys.executable, str(venv))
    uv("pip", "install", "-q", "--python", str(venv / "bin" / "python"), "-r", str(requirements), str(wheel))
    empty = tmp_path / "empty"
    empty.mkdir()
    env = clean_env(tmp_path, venv)
    ctdash = str(venv / "bin" / "ctdash")

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([ctdash, *args], cwd=empty, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    where = subprocess.run([str(venv / "bin" / "python"), "-c", "from ctdash import paths; print(paths.home())"],
                           cwd=empty, env=env, capture_output=True, text=True, check=True).stdout.strip()
    home = Path(where)
    assert home.is_relative_to(venv) and home.name == "home", where
    for pattern in HOME_FILES:  # shipped byte for byte
        files = [p for p in ROOT.glob(pattern) if p.is_file()]
        assert files, pattern
        for p in files:
            rel = p.relative_to(ROOT)
            assert (home / rel).read_bytes() == p.read_bytes(), rel

    assert "ok:" in run("validate").stdout
    run("build", "--db", str(empty / "X.duckdb"))
    assert (empty / "X.duckdb").is_file()
    run("export", "--format", "pptx", "--out", str(empty / "Y.pptx"), "--years", "2016-2019")
    assert (empty / "Y.pptx").stat().st_size > 10_000
    assert run("--version").stdout.strip() == f"ctdash {wheel.name.split('-')[1]}"

    port = free_port()
    serve_and_check([ctdash, "serve", "--port", str(port)], port, empty, env, tmp_path / "serve.log")
    # without --db the installed package builds its database in the cache folder, never in itself
    assert (tmp_path / "cache" / "ctdash" / "ctdash.duckdb").is_file()
    assert not list(home.glob("*.duckdb")) and sorted(os.listdir(empty)) == ["X.duckdb", "Y.pptx"]


def test_container_setup_script_installs_from_the_lock_and_serves(tmp_path):
    """deploy/container-setup.sh, the Dockerfile's one RUN step, on this machine (no daemon here)."""
    from uv import find_uv_bin

    src = source_copy(tmp_path / "src")
    prefix = tmp_path / "opt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTDASH_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{Path(find_uv_bin()).parent}:{os.defpath}", HOME=str(tmp_path))
    done = subprocess.run([str(src / "deploy" / "container-setup.sh"), str(src), str(prefix)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    db_file = prefix / "ctdash.duckdb"
    assert db_file.is_file()  # built at set-up (image build) time
    frozen = subprocess.run([str(prefix / "venv" / "bin" / "python"), "-m", "pip", "--version"],
                            capture_output=True, text=True)
    assert frozen.returncode != 0  # uv sync made the venv: no pip, exactly the lock's packages
    site = next((prefix / "venv" / "lib").glob("python3*/site-packages"))
    assert (site / "ctdash" / "home" / "data" / "facts.csv").is_file()  # not an editable install
    assert not list(site.glob("*ctdash*.pth")) and not list(site.glob("__editable__*"))
    for dev_only in ("pytest", "playwright", "hypothesis", "ruff"):
        assert not (site / dev_only).exists(), dev_only
    # compiled at set-up: the image's user never writes .pyc (PYTHONDONTWRITEBYTECODE=1, read-only venv)
    for package in ("pandas", "streamlit", "ctdash"):
        assert list((site / package / "__pycache__").glob("__init__.*.pyc")), package

    shutil.rmtree(src)
    port = free_port()
    env["CTDASH_DB"] = str(db_file)  # as the Dockerfile's ENV
    mtime = db_file.stat().st_mtime_ns
    cmdline = serve_and_check([str(prefix / "venv" / "bin" / "ctdash"), "serve", "--address", "0.0.0.0",
                               "--port", str(port)], port, tmp_path, env, tmp_path / "serve.log")
    assert "--server.fileWatcherType none" in cmdline and "--server.address 0.0.0.0" in cmdline
    assert db_file.stat().st_mtime_ns == mtime  # served the image's database, not a rebuild


def test_dockerfile_runs_the_set_up_script():
    """The Dockerfile and the tested script are one recipe: the image runs that script, as a
    non-root user, on 0.0.0.0, with a health check."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    runs = [ln for ln in lines if ln.startswith("RUN")]
    assert len(runs) == 1 and "deploy/container-setup.sh" in runs[0] and "CTDASH_USER=ctdash" in runs[0]
    assert "USER ctdash" in lines
    assert any(ln.startswith("HEALTHCHECK") for ln in lines) and "/_stcore/health" in text
    assert 'CMD ["ctdash", "serve", "--address", "0.0.0.0", "--port", "8501"]' in lines
    assert "CTDASH_DB=/opt/ctdash/ctdash.duckdb" in text


def test_every_cli_option_has_help_and_version_is_the_package_version(capsys):
    from importlib.metadata import version

    ap = parser()
    subs = next(a for a in ap._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subs.choices) >= {"validate", "build", "sql", "coverage", "export", "serve", "datapackage"}
    for name, sub in subs.choices.items():
        for action in sub._actions:
            assert action.help and action.help.strip(), (name, action.dest)
    with pytest.raises(SystemExit):
        ap.parse_args(["--version"])
    assert capsys.readouterr().out.strip() == f"ctdash {version('ctdash')}"


def test_paths_follow_ctdash_home_and_an_installed_layout(tmp_path, monkeypatch):
    for key in ("CTDASH_HOME", "CTDASH_DATA", "CTDASH_DB"):
        monkeypatch.delenv(key, raising=False)
    assert paths.home() == ROOT and paths.db_path() == ROOT / "ctdash.duckdb"  # this checkout
    monkeypatch.setenv("CTDASH_HOME", str(tmp_path))
    assert (paths.data_dir(), paths.seeds_dir(), paths.app_script(), paths.db_path()) == (
        tmp_path / "data", tmp_path / "seeds", tmp_path / "app.py", tmp_path / "ctdash.duckdb")
    monkeypatch.delenv("CTDASH_HOME")
    monkeypatch.setattr(paths, "is_checkout", lambda root=None: False)  # as installed from a wheel
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.home() == paths.PACKAGE_HOME
    assert paths.db_path() == tmp_path / "cache" / "ctdash" / "ctdash.duckdb"
    monkeypatch.setenv("CTDASH_DB", str(tmp_path / "x.duckdb"))
    assert paths.db_path() == tmp_path / "x.duckdb"

