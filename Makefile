# Two commands for a new user: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; README explains it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench linkcheck-external clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP)
	$(BIN)/python -m pytest

# Every script in tests/bench/ prints its figures; timings are never asserted in tests.
bench: $(STAMP)
	@for script in tests/bench/*.py; do \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

# Every external URL over the network (opt-in, never in `make test`); exits 1 only on dead
# links, so a scheduled job can run it as is. Verdicts are cached in .cache/linkcheck/.
linkcheck-external: build
	PYTHONPATH=hooks $(BIN)/python -m explainer.linkcheck_online --site-dir site

clean:
	rm -rf site .pytest_cache
