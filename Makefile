# samarbeid-docs: `make avtaler` sets up and builds, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installert

.DEFAULT_GOAL := help
.PHONY: help avtaler test sjekk skjema mal golden clean

help: ## Vis målene
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

avtaler: $(STAMP) ## Sett opp (første gang) og bygg alle avtalene i build/
	$(BIN)/samarbeid bygg

test: $(STAMP) ## Kjør alle testene
	$(BIN)/pytest

sjekk: $(STAMP) ## Sjekk kildene uten å bygge
	$(BIN)/samarbeid sjekk

skjema: $(STAMP) ## Lag JSON-skjemaene i schema/ på nytt etter endringer i modellen
	$(BIN)/samarbeid skjema

mal: $(STAMP) ## Lag DOCX-malen maler/avtale.docx på nytt (overskriver endringer gjort i Word)
	$(BIN)/python -m samarbeid_docs.skriv.docx_mal maler/avtale.docx

golden: $(STAMP) ## Skriv fasitfilene i tests/golden/ på nytt (bare når endringen er ment)
	$(BIN)/pytest tests/test_golden.py --update-golden

clean: ## Slett build/
	rm -rf build

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Trenger Python 3.11 eller nyere som «$(PYTHON)». Kjør: sudo apt-get install -y python3 python3-venv"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || \
	  { echo "Python mangler venv. Kjør: sudo apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)
