"""Browser tests: headless Chromium against the built site (a package, so that its conftest and
helpers do not shadow tests/conftest.py, which other tests import as `conftest`)."""
