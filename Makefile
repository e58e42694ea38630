# Two commands for a new user: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner on every build; README explains it.
export NO_MKDOCS_2_WARNING := 1

NPM_STAMP := node_modules/.installed

.PHONY: translations serve build editions test check page summary lint linkcheck bench lock linkcheck-external social-card properdocs-diff release clean
# The programs beside the build (tools/), run as modules of the venv's Python; they import
# the build's logic from hooks/explainer/.
TOOL := PYTHONPATH=hooks:. $(BIN)/python -m tools

# requirements.txt is the lock (exact versions and sha256 hashes): pip refuses any file whose
# hash it does not list, and any package it does not pin.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

# ProperDocs (MkDocs 1.6's maintained continuation) and the site's build dependencies, in a venv
# of their own, from their own hash lock (requirements-properdocs.txt, versions of requirements.txt).
PD_VENV  := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed
$(PD_STAMP): requirements-properdocs.txt
	test -x $(PD_VENV)/bin/python || $(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-properdocs.txt
	touch $@

# The W3C Nu HTML checker (vnu.jar) for tests/tools/test_html_valid.py, at the exact version of
# package-lock.json. --ignore-scripts: vnu-jar's install script would download a Java runtime
# from the network; Java comes from Debian (default-jre-headless). Without npm the test skips
# with the reason (it fails under CI=true; .ci/run installs npm and Java).
$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: tests/tools/test_html_valid.py will skip (apt-get install npm)"; fi

# The translations (CONTRIBUTING.md, "Translating"): every mkdocs.LANG.yml is a language, built
# from .cache/i18n/LANG/docs, which `tools.i18n docs LANG` writes from i18n/LANG/*.po.
LANGS := $(patsubst mkdocs.%.yml,%,$(wildcard mkdocs.*.yml))

# `make serve LANG=ko` serves one language (a .po edit needs a new `make serve LANG=ko`).
serve: $(STAMP)
ifeq ($(filter command line,$(origin LANG)),)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000
else
	$(TOOL).i18n docs $(LANG)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 -f mkdocs.$(LANG).yml
endif

# English into site/, then every language into site/LANG/ (English first: it empties site/):
# their docs in one process, their builds side by side (two cores; tests/bench/README.md,
# "Translations"); any failure fails the target.
build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site
	$(if $(LANGS),$(TOOL).i18n docs $(LANGS))
	@status=0; pids=""; for lang in $(LANGS); do \
	  $(BIN)/mkdocs build --strict --quiet -f mkdocs.$$lang.yml & pids="$$pids $$!"; \
	done; for pid in $$pids; do wait $$pid || status=1; done; exit $$status

# After an English change: the templates (i18n/templates) again, each language's catalogs
# merged (a changed unit becomes fuzzy and shows in English, marked, until translated again).
translations: $(STAMP)
	$(TOOL).i18n update

# The site and the whole guide as PDF and EPUB 3 (tools/editions, from the built site), then the
# site again with both files in site/editions/ and linked from every page (hooks/editions.py);
# then the same for every language (site/LANG/editions/, after English, which empties site/).
# Not part of serve, build or check: the edit loop stays as fast as before.
EDITIONS_DIR := .cache/editions
editions: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir site
	$(TOOL).editions --site-dir site --out $(EDITIONS_DIR)/en
	EXPLAINER_EDITIONS=$(EDITIONS_DIR)/en $(BIN)/mkdocs build --strict --quiet --site-dir site
	@for lang in $(LANGS); do \
	  $(TOOL).i18n docs $$lang && $(BIN)/mkdocs build --strict --quiet -f mkdocs.$$lang.yml && \
	  $(TOOL).editions --config mkdocs.$$lang.yml --site-dir site/$$lang --out $(EDITIONS_DIR)/$$lang && \
	  EXPLAINER_EDITIONS=$(EDITIONS_DIR)/$$lang $(BIN)/mkdocs build --strict --quiet -f mkdocs.$$lang.yml || exit 1; \
	done

# A release (.github/workflows/release.yml; README.md, "Releases"), after `make editions`:
#   RELEASE_TAG=v2026.12.08 make release
# checks the tag (vYYYY.MM.DD, a real date, CITATION.cff's version) and CITATION.cff, then puts
# every language's PDF and EPUB into dist/ under language-labelled names, with the release notes.
# The tag comes from the environment, never from make's command line (tools/release.py).
release: $(STAMP)
	$(TOOL).release --editions $(EDITIONS_DIR) --out dist

test: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest

# The fast loop, no browser: strict build, offline link check, content lint, workflow lint;
# every check runs, each prints its time (README, "Make targets").
check: $(STAMP)
	@$(TOOL).check

# A new page from the template, added to nav: after the last themed page:
#   make page NAME=base-costs TITLE="Base costs"
# Passed through the environment (PAGE_NAME, PAGE_TITLE), so quotes in a title need no
# escaping; NAME counts only when given on the command line (many shells export NAME).
page: export PAGE_NAME := $(if $(filter command line,$(origin NAME)),$(NAME))
page: export PAGE_TITLE := $(TITLE)
page: $(STAMP)
	@$(TOOL).newpage

# The review summary of a pull request: its checks, and the pages, refs.bib entries and
# glossary terms it adds, removes or changes against BASE (its merge base with BASE), and each
# language's translated / fuzzy / untranslated units.
# CI: make summary BASE=HEAD^1 (appends to $$GITHUB_STEP_SUMMARY as well).
BASE ?= main
summary: $(STAMP)
	@$(TOOL).review --base '$(BASE)'

# The content lint alone, on the whole site or on FILES="docs/trade.md docs/glossary.yml".
lint: $(STAMP)
	@$(TOOL).lint $(FILES)

# The offline link check of site/ as `make build` left it (the deploy workflow runs it).
linkcheck: $(STAMP)
	$(TOOL).linkcheck site

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
# links, so a scheduled job can run it as is. lychee's settings are lychee.toml; it keeps its
# cache of answered URLs (a day) in .cache/linkcheck/.
linkcheck-external: build
	$(TOOL).linkcheck_online --site-dir site

# The site built with MkDocs and with ProperDocs into .cache/properdocs-diff/; fails, one line a
# file, where they differ by more than the generator meta tag (tools/properdocs_diff.py).
properdocs-diff: $(STAMP) $(PD_STAMP)
	$(TOOL).properdocs_diff --mkdocs $(BIN)/mkdocs --properdocs $(PD_VENV)/bin/properdocs

# The link-preview card (docs/assets/social-card.png, 1200x630) from mkdocs.yml's site_name and
# extra.link_preview.subtitle, drawn by headless Chromium. Run after changing either; commit it.
social-card: $(STAMP)
	$(TOOL).social_card

# Compile requirements.in into requirements.txt with every file's hash, for Python 3.11 from PyPI
# alone (machine-wide pip settings such as extra indexes or local wheel folders are ignored, so
# the lock is the same on every machine). Existing pins are kept; `make lock UPGRADE=1` moves
# every package to its newest allowed version. Then requirements-properdocs.txt the same way
# (its .in takes requirements.txt's versions as constraints).
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: $(STAMP)
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-properdocs.txt requirements-properdocs.in

clean:
	rm -rf site dist .pytest_cache .cache/pandoc .cache/templates $(EDITIONS_DIR)
