"""The programs that `make` runs beside the build: `make check`, `make summary`, `make lint`,
the link checks, the HTML checker, page weight, `make page`, the social card, and the checks
the tests run on the sources (own words, the lock, the workflows, syntax).

Each is a module run as `python -m tools.<name>` with `PYTHONPATH=hooks:.` (the Makefile's
`TOOL`). A tool may import the build's logic from hooks/explainer/ (errors, siteconfig,
bibliography, page_meta, ...); nothing under hooks/ imports a tool (tests/test_layout.py).
"""
