# make run: set up and serve the app; make test: set up and run every test; make bench: benchmarks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB := ctdash.duckdb
PORT ?= 8501

.PHONY: run test bench db lint typecheck clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

$(DB): $(STAMP) $(wildcard data/*.csv) $(wildcard seeds/*.txt) src/ctdash/schema.sql
	$(BIN)/ctdash build --db $(DB)

db: $(DB)

run: $(DB)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy src/

test: $(DB)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy src/
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(DB)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
