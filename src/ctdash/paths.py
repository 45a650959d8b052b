"""Where ctdash finds its curated data, seeds, static files, app script and database.

One "home" folder holds them in the repository's layout (data/, seeds/, static/, app.py, pages/,
.streamlit/): the source checkout itself when running from one, the copy shipped inside the
installed package (`ctdash/home`, filled at wheel build time by setup.py) otherwise, or the
folder named by `CTDASH_HOME` (a curator's working copy). Every other module asks here instead
of computing paths from its own file, which broke as soon as the package was installed.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_HOME = PACKAGE_DIR / "home"  # package data of an installed wheel
SOURCE_ROOT = PACKAGE_DIR.parents[1]  # the checkout when this file is src/ctdash/paths.py


def is_checkout(root: Path = SOURCE_ROOT) -> bool:
    """True when this module runs from a source checkout (editable install or PYTHONPATH=src)."""
    return (root / "pyproject.toml").is_file() and (root / "src" / "ctdash").is_dir() and (root / "data").is_dir()


def home() -> Path:
    """The folder holding data/, seeds/, static/, app.py and pages/: `CTDASH_HOME`, else the
    source checkout, else the installed package's copy."""
    env = os.environ.get("CTDASH_HOME")
    if env:
        return Path(env).resolve()
    return SOURCE_ROOT if is_checkout() else PACKAGE_HOME


def data_dir() -> Path:
    """The curated CSVs (`CTDASH_DATA` overrides, as the app's environment has long allowed)."""
    env = os.environ.get("CTDASH_DATA")
    return Path(env).resolve() if env else home() / "data"


def seeds_dir() -> Path:
    """The five source documents the curated rows quote."""
    return home() / "seeds"


def static_dir() -> Path:
    """Files Streamlit serves at /app/static (the map geometry)."""
    return home() / "static"


def app_script() -> Path:
    """The Streamlit entry point (`streamlit run` / `ctdash serve`)."""
    return home() / "app.py"


def cache_dir() -> Path:
    """A writable folder for derived files of an installed package (its site-packages may be
    read-only): `$XDG_CACHE_HOME/ctdash`, default ~/.cache/ctdash."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ctdash"


def db_path() -> Path:
    """The database file: `CTDASH_DB`; else ctdash.duckdb in the checkout or `CTDASH_HOME`; else
    in the cache folder (an installed package never writes into its own files)."""
    env = os.environ.get("CTDASH_DB")
    if env:
        return Path(env).resolve()
    if os.environ.get("CTDASH_HOME") or is_checkout():
        return home() / "ctdash.duckdb"
    return cache_dir() / "ctdash.duckdb"
