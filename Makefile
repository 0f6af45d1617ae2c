# ctt — make targets. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up and render Chile's 2020 report into build/.
demo: $(STAMP)
	$(BIN)/ctt validate chile 2020
	$(BIN)/ctt render chile 2020

## Set up and run the whole test suite: lint, type check, tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check ctt tests
	$(BIN)/ruff format --check ctt tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

## Region-scale benchmark (21 economies x 20 years, generated in a temporary folder).
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

## Fuzz (not in CI): mutate Chile's files at random and give every command random years and
## economies, CTT_FUZZ_EXAMPLES times per property (default 500 each, a few minutes); a
## failing input is printed with its reproduction blob.
fuzz: $(STAMP)
	CTT_FUZZ_EXAMPLES=$${CTT_FUZZ_EXAMPLES:-500} $(BIN)/pytest -p no:cacheprovider -x \
		tests/e2e/test_properties.py tests/cli/test_cli_arguments.py -k never_crash

clean:
	rm -rf build $(VENV) *.egg-info
