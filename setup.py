"""Build hook: copy the repository's data/, seeds/, static/, app.py, pages/ and the Streamlit
settings into the wheel as `ctdash/home/` (package data), so an installed ctdash validates,
builds, exports and serves without a checkout. The repository keeps its top-level layout; the
copies are byte-for-byte (a test compares them). Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
HOME_GLOBS = ("data/*.csv", "data/README.md", "data/datapackage.json", "seeds/*.txt", "static/**/*", "app.py", "pages/*.py",
              ".streamlit/config.toml")


def home_files(root: Path = ROOT) -> list[Path]:
    """The files that make up an installed package's home folder, relative to `root`."""
    found = {p.relative_to(root) for pattern in HOME_GLOBS for p in root.glob(pattern) if p.is_file()}
    return sorted(found)


class BuildPyWithHome(build_py):
    """build_py that also copies the home files into build/lib/ctdash/home (not for editable
    installs: those read the checkout itself)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        files = home_files()
        if not any(f.parts[0] == "data" for f in files):
            raise RuntimeError("no data/*.csv next to setup.py: cannot build a wheel without the curated data")
        target = Path(self.build_lib) / "ctdash" / "home"
        shutil.rmtree(target, ignore_errors=True)  # a file deleted since an earlier build must not linger
        for rel in files:
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / rel, dest)


setup(cmdclass={"build_py": BuildPyWithHome})
