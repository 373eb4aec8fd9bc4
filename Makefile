# cdmo-radar — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench bench-write train lint docs clean browser java postgres

install: $(STAMP)

# Reinstalls only when pyproject.toml changes. torch comes first and pinned: any other resolution of
# torch pulls a multi-GB CUDA build; the venv's old pip cannot install lxml_html_clean (trafilatura).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: install
	$(BIN)/radar demo

test: install browser java postgres
	$(BIN)/python -m pytest

# Debian's Chromium for the real-browser tests (tests/browser); Playwright drives it, never downloads one.
browser:
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium chromium-driver)

# A Java runtime for the Spark reading test of `radar export` (tests/test_export_spark.py).
java:
	@command -v java >/dev/null || (apt-get update -q && apt-get install -y -q default-jre-headless)

# A PostgreSQL server for the test of the operational store shared by several machines (tests/test_ops_postgres.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q postgresql)

bench: install
	$(BIN)/python -m benchmarks.run

# The write path at 1,000,000 articles (about 35 min and 30 GB of disk on first run; docs/PERFORMANCE.md).
bench-write: install
	$(BIN)/python -m benchmarks.write_path --articles 1000000 --daily 500

train: install
	$(BIN)/radar train

# README's command reference, regenerated from `radar --help` (tests/test_cli_reference.py checks it).
docs: install
	$(BIN)/python -m flows.cli_reference README.md

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data .pytest_cache
