# make run: set up and serve the app; make test: set up and run every test; make bench: benchmarks.
# Set-up installs exactly uv.lock (uv sync --locked); uv itself is bootstrapped with pip into
# .uv/ when it is not on PATH, so Python 3.11+, make and git are all a machine needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV ?= $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
# --compile-bytecode: the packages' .pyc are written once, at install. Without them every fresh
# process compiles what it imports from source (this machine and the image set
# PYTHONDONTWRITEBYTECODE=1, so nothing is ever cached): two thirds of the app's import time.
SYNC = $(UV) sync --locked --inexact --compile-bytecode --python $(PY)
COMPILE_SRC = $(BIN)/python -m compileall -q src  # the app's own modules (an editable install is not compiled)
DB := ctdash.duckdb
PORT ?= 8501
LOWEST := .venv-lowest
LOWEST_TESTS := tests/test_sandbox.py tests/test_db.py tests/test_queries.py tests/test_export.py tests/test_parquet.py

.PHONY: run test bench db lint typecheck clean test-lowest

.uv/bin/uv:
	$(PY) -m venv .uv
	.uv/bin/python -m pip install --quiet uv

# One stamp per set of extras: `make run` installs the runtime dependencies only.
$(VENV)/.installed-run: pyproject.toml uv.lock | $(UV)
	$(SYNC)
	$(COMPILE_SRC)
	touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock | $(UV)
	$(SYNC) --extra test
	$(COMPILE_SRC)
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml uv.lock | $(UV)
	$(SYNC) --extra test --extra bench
	$(COMPILE_SRC)
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

$(DB): $(VENV)/.installed-run $(wildcard data/*.csv) $(wildcard seeds/*.txt) src/ctdash/schema.sql src/ctdash/derived.sql
	$(BIN)/ctdash build --db $(DB)

db: $(DB)

run: $(DB)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src/

test: $(VENV)/.installed-test $(DB)
	$(UV) lock --check
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy src/
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The lowest versions pyproject.toml allows for the direct dependencies, in their own venv: the
# floors are promises, and this keeps them (the SQL box, the database, the queries, the export).
test-lowest: | $(UV)
	test -x $(LOWEST)/bin/python || $(UV) venv --quiet --python $(PY) $(LOWEST)
	$(UV) pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[test]'
	$(UV) pip list --python $(LOWEST)/bin/python 2>/dev/null | grep -E -i '^(streamlit|pandas|pyarrow|plotly|duckdb|pycountry|python-pptx) '
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider $(LOWEST_TESTS)

bench: $(VENV)/.installed-bench $(DB)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(LOWEST) .uv $(DB) .pytest_cache
