"""Benchmark of the edit loop (issues 8 and 15): `make bench` runs it and prints figures.

Target: from saving a page to the new page being served by `make serve`, at most 1.25 times
the same loop on a bare Material build of the same pages (`sites.bare_overrides`), and at most
1.5 s.

It copies the site twice into a temporary folder (the worktree's pages are never touched), once
as it is and once with the bare build's settings, starts `mkdocs serve` on each (ours
`--strict`, as `make serve` does), each on a free port of 127.0.0.1, waits for the first
builds, then REPEAT times, taking turns between the two servers (at random moments): changes a
sentence of the Trade page (a new marker word each time), and polls the served page every POLL
seconds until the new word is in it. The time from the save to the first response that has it
is one figure; the ratio is that of the two medians (each loop's wait for mkdocs' polling is
spread evenly over 0 to 0.5 s, so single rounds swing widely: hence 20 saves of each).
The servers' own logs say what the wait is made of: mkdocs 1.6 notices a save by polling the
docs folder (every 0.5 s), waits 0.1 s for more saves, then rebuilds the whole site.
"""

from __future__ import annotations

import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import bare_overrides, scaled_site  # noqa: E402

REPEAT = 20
POLL = 0.02
TARGET = 1.5
TARGET_RATIO = 1.25
PAGE = "trade.md"
START_TIMEOUT = 120.0
EDIT_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `text` (polling every POLL s)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


class Server:
    """`mkdocs serve` on a copy of the site, its log in `folder`."""

    def __init__(self, name: str, config: Path, strict: bool) -> None:
        self.name, self.config = name, config
        self.page = config.parent / "docs" / PAGE
        self.original = self.page.read_text("utf-8")
        self.sentence = re.search(r"^[A-Z][^\n]*", self.original.split("\n# ", 1)[-1], re.M)[0]
        self.port = free_port()
        self.log = open(config.parent / "serve.log", "w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *(["--strict"] if strict else []),
             "--dev-addr", f"127.0.0.1:{self.port}", "--config-file", str(config)],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self.url = f"http://127.0.0.1:{self.port}/site/{Path(PAGE).stem}/"
        self.times: list[float] = []

    def save_and_wait(self, marker: str) -> None:
        start = time.perf_counter()
        self.page.write_text(self.original.replace(self.sentence, f"{marker} {self.sentence}", 1),
                             "utf-8")
        wait_for(self.url, marker, EDIT_TIMEOUT)
        self.times.append(time.perf_counter() - start)

    def stop(self) -> list[float]:
        """Stop the server; the rebuild times of its log (mkdocs' own figure), first build left
        out."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.seek(0)
        builds = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds",
                                               self.log.read())]
        self.log.close()
        return builds[1:]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        ours = scaled_site(Path(tmp) / "site", 1)
        bare = scaled_site(Path(tmp) / "bare", 1, **bare_overrides(ours))
        servers = [Server("ours", ours, strict=True), Server("bare", bare, strict=False)]
        try:
            startup = {s.name: wait_for(s.url, "</html>", START_TIMEOUT) for s in servers}
            phase = random.Random(8)
            for i in range(REPEAT):
                for server in servers if i % 2 == 0 else servers[::-1]:
                    # Let the servers settle; a random pause so the saves fall anywhere in
                    # mkdocs' 0.5 s polling period, as a writer's do.
                    time.sleep(1.0 + phase.uniform(0, 0.5))
                    server.save_and_wait(f"Editloopmarker{i}x{server.port}")
        finally:
            rebuilds = {s.name: s.stop() for s in servers}
    print(f"edit loop: `mkdocs serve`, {REPEAT} saves of {PAGE} on each server, taking turns, "
          f"polled every {POLL * 1000:.0f} ms (first build and start-up: ours "
          f"{startup['ours']:.1f} s, bare {startup['bare']:.1f} s)")
    for server in servers:
        times, builds = server.times, rebuilds[server.name]
        print(f"  {server.name}: save to new page served: median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f}, max {max(times):.2f}"
              + (f"; rebuild (mkdocs' own figure) median {statistics.median(builds):.2f} s"
                 if builds else ""))
    ours_times, bare_times = servers[0].times, servers[1].times
    ratio = statistics.median(ours_times) / statistics.median(bare_times)
    pairs = statistics.median(o / b for o, b in zip(ours_times, bare_times))
    print("  the rest of each loop is noticing the save (polled every 0.5 s) and 0.1 s waiting "
          "for more saves")
    median = statistics.median(ours_times)
    print(f"  target: median <= {TARGET:.1f} s ({median:.2f}): "
          f"{'met' if median <= TARGET else 'NOT MET'}")
    print(f"  target: ours / bare <= {TARGET_RATIO:.2f} (ratio of the medians, {ratio:.2f}; "
          f"median of the rounds' ratios {pairs:.2f}): "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
