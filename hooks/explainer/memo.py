"""Results of slow steps (pandoc runs), kept for the life of the process and keyed by content.

`mkdocs serve` rebuilds the site in one process after every save. Formatting the references and
converting refs.bib to CSL-JSON cost one pandoc run each (about 0.1 to 0.2 s apiece), yet their
inputs rarely change between two saves. `cached` runs a step only when the content of one of its
inputs differs from the last run of that step: a digest of the bytes themselves, never a file's
name or modification time, so an edited (or restored, or checked-out) input is never answered
with an old result. It keeps the last result of each step only, so memory does not grow over a
long `serve` session.

Module state lives here, in the `explainer` package, because MkDocs loads hook files anew for
every build while imported packages stay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_last: dict[str, tuple[str, object]] = {}  # step name -> (digest of its inputs, result)
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="explainer-memo")


def digest(inputs: tuple[bytes | str, ...]) -> str:
    """One SHA-256 over every input, each length-prefixed so that no two tuples collide."""
    sha = hashlib.sha256()
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else bytes(item)
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def cached(step: str, inputs: tuple[bytes | str, ...], make: Callable[[], T]) -> T:
    """`make()`'s result for these inputs: computed now if they differ from the last call."""
    key = digest(inputs)
    last = _last.get(step)
    if last is not None and last[0] == key:
        return last[1]  # type: ignore[return-value]
    result = make()
    _last[step] = (key, result)
    return result


def started(step: str, inputs: tuple[bytes | str, ...], make: Callable[[], T]) -> Future[T]:
    """`cached`, begun in a background thread, for a step whose result is needed later in the
    build: a pandoc run then overlaps the build's own work. `.result()` gives the result, or
    raises what `make` raised."""
    return _pool.submit(cached, step, inputs, make)


def clear() -> None:
    """Forget every result (tests that count pandoc runs start from here)."""
    _last.clear()
