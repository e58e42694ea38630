"""Results of slow steps (pandoc's run), kept between builds and keyed by content.

Formatting the references and converting refs.bib to CSL-JSON cost one pandoc run each (0.1 to
0.3 s of CPU apiece, a third of a build), yet their inputs rarely change between two builds.
`cached` runs a step only when the content of one of its inputs differs from the last run of
that step: a digest of the bytes themselves (and of the versions of the programs involved, which
the caller passes as inputs), never a file's name or modification time, so an edited, restored or
checked-out input is never answered with an old result.

Two levels:

- in memory, for the life of the process: `mkdocs serve` rebuilds the site in one process after
  every save. Module state lives here, in the `explainer` package, because MkDocs loads hook
  files anew for every build while imported packages stay;
- on disk, when the caller gives a `store` folder (the hooks use `.cache/pandoc/` beside
  mkdocs.yml): a new `mkdocs build` process finds the result of the last one. A file that cannot
  be read or parsed is a miss, never an error; writes are atomic; results are JSON.

Each level keeps the last result of each step only, so neither grows over time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

STORE = ".cache/pandoc"  # the hooks' store, beside mkdocs.yml (`make clean` empties it)
_last: dict[str, tuple[str, Any]] = {}  # step name -> (digest of its inputs, result)
_MISS = object()


def digest(inputs: tuple[bytes | str, ...]) -> str:
    """One SHA-256 over every input, each length-prefixed so that no two tuples collide."""
    sha = hashlib.sha256()
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else bytes(item)
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def cached(step: str, inputs: tuple[bytes | str, ...], make: Callable[[], Any],
           store: Path | None = None) -> Any:
    """`make()`'s result for these inputs: computed now if they differ from the last call.

    With `store`, the result must be JSON data (tuples come back as lists)."""
    key = digest(inputs)
    last = _last.get(step)
    if last is not None and last[0] == key:
        return last[1]
    result = _read(store, step, key) if store is not None else _MISS
    if result is _MISS:
        result = make()
        if store is not None:
            _write(store, step, key, result)
    _last[step] = (key, result)
    return result


def clear() -> None:
    """Forget every result kept in memory (tests that count pandoc runs start from here)."""
    _last.clear()


# Helper functions -------------------------------------------------------------------------------


def _file(store: Path, step: str, key: str) -> Path:
    return store / f"{step}-{key}.json"


def _read(store: Path, step: str, key: str) -> Any:
    try:
        return json.loads(_file(store, step, key).read_text("utf-8"))
    except (OSError, ValueError):
        return _MISS


def _write(store: Path, step: str, key: str, result: Any) -> None:
    """Atomically, then drop the step's older results. A store that cannot be written (a
    read-only checkout) only costs the next build the step."""
    target = _file(store, step, key)
    try:
        store.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=store, prefix=f".{step}-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False)
        os.replace(temporary, target)
        for old in store.glob(f"{step}-*.json"):
            if old.name != target.name:
                old.unlink(missing_ok=True)
    except OSError:
        pass
