# samarbeid-docs: `make avtaler` sets up and builds, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installert

.DEFAULT_GOAL := help
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
# Test processes: one per core (at most 4, each starts its own LibreOffice); a test file runs
# whole in one process, so its module fixtures are built once. TESTPROSESSER=0 runs them serially.
TESTPROSESSER ?= auto

.PHONY: help avtaler test test-rask sjekk skjema mal golden clean systempakker doktor git-oppsett fuzz lås testpakker

help: ## Vis målene
	@grep -E '^[a-zæøå-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

avtaler: systempakker $(STAMP) ## Sett opp (første gang) og bygg alle avtalene, saksframleggene og nedlastingssiden i build/
	$(BIN)/samarbeid bygg
	$(BIN)/samarbeid saker
	$(BIN)/samarbeid endringer --nettside

test: systempakker testpakker $(STAMP) ## Kjør alle testene (installerer først det som mangler)
	$(BIN)/pytest -n $(TESTPROSESSER) --maxprocesses=4 --dist loadfile

test-rask: $(STAMP) ## Kjør de raske testene (modell, regning, tekst, kommando) på under ett minutt
	$(BIN)/pytest -m "not slow" -q

doktor: $(STAMP) ## Sjekk LibreOffice, skriftene og PDF-eksporten
	$(BIN)/samarbeid doktor

systempakker: ## Installer LibreOffice (uten GUI, med UNO for Python) og skriften Carlito hvis de mangler
	@mangler=(); \
	command -v soffice >/dev/null 2>&1 || mangler+=(libreoffice-writer-nogui); \
	[ -f /usr/lib/python3/dist-packages/uno.py ] || mangler+=(python3-uno); \
	[ -f /usr/share/hyphen/hyph_nb_NO.dic ] || mangler+=(hyphen-no); \
	[ "$$(fc-match -f '%{family[0]}' Carlito 2>/dev/null)" = Carlito ] || mangler+=(fonts-crosextra-carlito); \
	.ci/installer "$${mangler[@]}"

testpakker: ## Installer det testene trenger hvis det mangler: Chromium, chromedriver, npm og axe-core (nedlastingssiden), pdftotext (sidene i PDF-ene)
	@mangler=(); \
	command -v pdftotext >/dev/null 2>&1 || mangler+=(poppler-utils); \
	[ -x $(CHROMIUM) ] || mangler+=(chromium); \
	[ -x $(CHROMEDRIVER) ] || mangler+=(chromium-driver); \
	command -v npm >/dev/null 2>&1 || mangler+=(nodejs npm); \
	.ci/installer "$${mangler[@]}"
	@[ -f tests/browser/node_modules/axe-core/axe.min.js ] || \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

sjekk: $(STAMP) ## Sjekk kildene uten å bygge
	$(BIN)/samarbeid sjekk

skjema: $(STAMP) ## Lag JSON-skjemaene i schema/ på nytt etter endringer i modellen
	$(BIN)/samarbeid skjema

mal: $(STAMP) ## Lag den innebygde Word-malen samarbeid_docs/maler/avtale.docx på nytt
	$(BIN)/python -m samarbeid_docs.skriv.docx_mal samarbeid_docs/maler/avtale.docx

fuzz: $(STAMP) ## Fuzz-test kildene med minst 10 000 tilfeldige endringer (FUZZ_EKSEMPLER=N)
	FUZZ_EKSEMPLER=$${FUZZ_EKSEMPLER:-10000} $(BIN)/pytest tests/test_fuzz.py -q -p no:cacheprovider --hypothesis-show-statistics

golden: $(STAMP) ## Skriv fasitfilene i tests/golden/ på nytt (bare når endringen er ment)
	$(BIN)/pytest tests/test_golden.py --update-golden

git-oppsett: $(STAMP) ## Vis teksten i DOCX og PDF i «git diff» (skriver .gitattributes og lokal git-konfig)
	@grep -qs 'diff=samarbeid-docx' .gitattributes || printf '*.docx diff=samarbeid-docx\n*.pdf diff=samarbeid-pdf\n' >> .gitattributes
	git config diff.samarbeid-docx.textconv '"$$(git rev-parse --show-toplevel)"/$(BIN)/samarbeid tekst'
	git config diff.samarbeid-docx.cachetextconv true
	git config diff.samarbeid-pdf.textconv '"$$(git rev-parse --show-toplevel)"/$(BIN)/samarbeid tekst'
	git config diff.samarbeid-pdf.cachetextconv true
	@echo "Ferdig: «git diff» og «git log -p» viser nå teksten i DOCX- og PDF-filer."

clean: ## Slett build/ og byggets mellomlager
	rm -rf build .mellomlager

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Trenger Python 3.11 eller nyere som «$(PYTHON)». Kjør: sudo apt-get install -y python3 python3-venv"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || \
	  { echo "Python mangler venv. Kjør: sudo apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $(STAMP)

lås: ## Lag requirements.lock på nytt etter endringer i avhengighetene i pyproject.toml
	rm -rf .venv-laas && $(PYTHON) -m venv .venv-laas
	.venv-laas/bin/pip install --quiet --disable-pip-version-check pip-tools
	CUSTOM_COMPILE_COMMAND="make lås" .venv-laas/bin/pip-compile --quiet --extra test --strip-extras \
	  --no-emit-index-url --no-emit-find-links --upgrade -o requirements.lock pyproject.toml
	rm -rf .venv-laas
	@echo "Skrev requirements.lock. Kjør «make test» før du committer den."
