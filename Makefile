# The README's two commands: `make site` and `make test`. Both set up what they
# need on first run (a local .venv; for tests also Chromium, the Nu HTML checker
# and axe-core), so a fresh machine needs only Python 3.11+ and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test test-quick validate serve bench lint tools clean

site: $(VENV)/.installed
	$(BIN)/python build.py build

validate: $(VENV)/.installed
	$(BIN)/python build.py validate

serve: $(VENV)/.installed
	$(BIN)/python build.py serve

test: $(VENV)/.installed-test tools
	$(BIN)/python -m pytest

# The edit-test loop: every test but those marked browser or slow (`make test` runs them all).
test-quick: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks build.py
	$(BIN)/ruff format --check generator tests benchmarks build.py

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

tools: node_modules/.installed
	@sh scripts/ensure-system-tools.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf site .cache
