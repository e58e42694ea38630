# Two commands for a new user: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; README explains it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench lock linkcheck-external clean

# requirements.txt is the lock (exact versions and sha256 hashes): pip refuses any file whose
# hash it does not list, and any package it does not pin.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP)
	$(BIN)/python -m pytest

# Every script in tests/bench/ prints its figures; timings are never asserted in tests.
# Lighthouse (npm, pinned in tests/bench/package-lock.json) is installed here, on demand:
# `make test` never needs it.
BENCH_NODE := tests/bench/node_modules/.package-lock.json
$(BENCH_NODE): tests/bench/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd tests/bench && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.package-lock.json; \
	else echo "npm not found: bench_lighthouse.py will skip Lighthouse"; fi

bench: $(STAMP) $(BENCH_NODE)
	@for script in tests/bench/bench_*.py; do \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

# Every external URL over the network (opt-in, never in `make test`); exits 1 only on dead
# links, so a scheduled job can run it as is. Verdicts are cached in .cache/linkcheck/.
linkcheck-external: build
	PYTHONPATH=hooks $(BIN)/python -m explainer.linkcheck_online --site-dir site

# Compile requirements.in into requirements.txt with every file's hash, for Python 3.11 from PyPI
# alone (machine-wide pip settings such as extra indexes or local wheel folders are ignored, so
# the lock is the same on every machine). Existing pins are kept; `make lock UPGRADE=1` moves
# every package to its newest allowed version.
lock: $(STAMP)
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements.txt requirements.in

clean:
	rm -rf site .pytest_cache .cache/pandoc
