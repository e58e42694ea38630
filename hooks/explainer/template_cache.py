"""Material's templates compiled once, not on every build: a Jinja bytecode cache.

MkDocs makes a new Jinja environment for every build (`Theme.get_env`), so every build, and
every rebuild of `mkdocs serve`, compiles Material's 46 templates again: about 0.25 s of CPU, a
third of a build of this site (and Material's search plugin compiles its language partials in
three environments of its own, before the build's exists). Jinja can keep the compiled code
(`Environment.bytecode_cache`); `TemplateCache` keeps it in memory for the life of the process
(`mkdocs serve`: module state, in the `explainer` package, which MkDocs does not reload between
builds) and in a folder (`.cache/templates/` beside mkdocs.yml) for the next `mkdocs build`.

Nothing old is ever used: Jinja keys each template by its name and file and checks a digest of
its source (an edited template of `overrides/` is compiled again), and its own version and
Python's; `environment_digest` adds what else decides the compiled code (the Jinja, MkDocs and
Material versions, the environment's extensions and options), and the files of another
environment are removed. A folder that cannot be written only costs the next build the
compilation. The rendered pages are the same with or without it: the code is Jinja's own.
"""

from __future__ import annotations

import hashlib
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

# Data -------------------------------------------------------------------------------------------

STORE = ".cache/templates"  # beside mkdocs.yml (`make clean` empties it)
_PACKAGES = ("jinja2", "mkdocs", "mkdocs-material")
_memory: dict[str, bytes] = {}  # "<environment digest>-<Jinja's key>" -> bytecode


# Helper functions -------------------------------------------------------------------------------


def environment_digest(env: Environment) -> str:
    """What decides the code Jinja compiles, beyond each template's source."""
    parts = [sys.version]
    for package in _PACKAGES:
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} -")
    parts += sorted(env.extensions)
    parts += [repr(getattr(env, name)) for name in (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline", "optimized", "autoescape", "finalize",
        "undefined", "is_async")]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache (written atomically) in `directory`, with a copy in memory, both for
    one kind of environment (`digest`). A file that cannot be read is a miss, never an error."""

    def __init__(self, directory: Path, digest: str) -> None:
        super().__init__(str(directory), f"{digest}-%s.cache")
        self.digest = digest
        self._drop_other_environments(directory)

    def load_bytecode(self, bucket: Bucket) -> None:
        data = _memory.get(self._name(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)
            if bucket.code is not None:
                return
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (marshal and pickle raise several kinds)
            bucket.reset()
        if bucket.code is not None:
            _memory[self._name(bucket)] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        _memory[self._name(bucket)] = bucket.bytecode_to_string()
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def _name(self, bucket: Bucket) -> str:
        return f"{self.digest}-{bucket.key}"

    def _drop_other_environments(self, directory: Path) -> None:
        try:
            for old in directory.glob("*.cache"):
                if not old.name.startswith(f"{self.digest}-"):
                    old.unlink(missing_ok=True)
        except OSError:
            pass


def install(env: Environment, store: Path) -> Environment:
    """Give `env` the cache, its files in `store`."""
    env.bytecode_cache = TemplateCache(store, environment_digest(env))
    return env


def cache_every_environment(theme, store: Path) -> None:
    """Have `theme` (an MkDocs Theme) give the cache to every environment it makes: the build's
    (`on_env` receives it) and those a plugin makes for itself before (Material's search plugin
    compiles its language partials in three, in `on_config`)."""
    make = type(theme).get_env
    theme.get_env = lambda: install(make(theme), store)


def clear_memory() -> None:
    """Forget the copies in memory (tests that count compilations start from here)."""
    _memory.clear()
