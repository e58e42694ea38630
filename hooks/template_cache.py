"""Material's templates compiled once, not on every build: Jinja's own bytecode cache
(`jinja2.FileSystemBytecodeCache`) on the build's environment, in `.cache/templates/`.

MkDocs makes a new Jinja environment for every build, and every `mkdocs serve` rebuild, so
Material's templates were compiled anew each time: about a sixth of a kept build's CPU time
(tests/bench/README.md, "Issue 22"). Nothing old is used: Jinja keys each file by the template's
name and path, checks a digest of its source (an edited template of `overrides/` is compiled
again) and its own and Python's versions; the file names add MkDocs' and Material's versions,
which decide the environment's options. A folder that cannot be written only costs the build
the compilation. The pages are the same with or without it (tests/test_template_cache.py)."""

from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

# Hooks ------------------------------------------------------------------------------------------


def on_env(env, config, files):
    folder = Path(config.config_file_path).parent / STORE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env
    if os.access(folder, os.W_OK):
        env.bytecode_cache = FileSystemBytecodeCache(str(folder), f"{_VERSIONS}-%s.cache")
    return env


# Data -------------------------------------------------------------------------------------------

STORE = ".cache/templates"  # beside mkdocs.yml (`make clean` empties it)
_VERSIONS = f"mkdocs{version('mkdocs')}-material{version('mkdocs-material')}"
