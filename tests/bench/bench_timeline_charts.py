"""Benchmark of the Timeline and the charts (issue 10): `make bench` runs it and prints figures.

1. Time spent on each per build of the real site, measured inside the build: the Timeline's
   loading and validation, reading the sections its events link to, the link checks, writing
   its Markdown and filling in its link texts (`GeneratedPage.fill`; MkDocs renders the page in
   its main loop, counted in the builds of part 2); the charts' loading, placing (drawing included, cached after the first build, as in `mkdocs
   serve`) and table checks.
2. Builds of the real site with both hooks, without the Timeline hook, without the charts hook
   and without either, alternating, REPEAT times each after a warm-up. As in bench_glossary.py,
   the figure that counts is CPU time (this process and pandoc) of the fastest build of each
   kind: several engineers share this 2-core machine. Without a hook its page or placeholders
   are simply absent (links to the Timeline are then only logged).
3. Each chart's SVG: bytes, gzipped bytes (budget: 6 KB gzipped), time to draw it uncached.
"""

from __future__ import annotations

import gzip
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


from explainer import charts, generated_page, timeline  # noqa: E402
from sites import build_without  # noqa: E402

REPEAT = 5
KINDS = {"both": (), "no timeline": ("timeline.py",), "no charts": ("charts.py",),
         "neither": ("timeline.py", "charts.py")}
spent: dict[str, float] = defaultdict(float)


def timed(module, name: str, label: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    setattr(module, name, wrapper)


def time_timeline_fill() -> None:
    original = generated_page.GeneratedPage.fill

    def fill(self, files, html):
        start = time.perf_counter()
        try:
            return original(self, files, html)
        finally:
            if self.page == timeline.PAGE:
                spent["timeline: fill in the link texts"] += time.perf_counter() - start

    generated_page.GeneratedPage.fill = fill


def build_once(kind: str, site_dir: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one build without the hooks KINDS names for `kind`."""
    return build_without(KINDS[kind], ("timeline.md",) if "timeline.py" in KINDS[kind] else (),
                         site_dir)


def main() -> int:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    for name, label in (("load_timeline", "timeline: load and validate timeline.yml"),
                        ("page_sections", "timeline: read the linked pages' sections"),
                        ("check_links", "timeline: check sections and years"),
                        ("timeline_markdown", "timeline: write the page's Markdown")):
        timed(timeline, name, label)
    for name, label in (("load_charts", "charts: load and validate charts.yml"),
                        ("expand_placeholders", "charts: place (draw, or take from the cache)"),
                        ("table_rows", "charts: read the pages' tables"),
                        ("table_problems", "charts: check figures against the tables")):
        timed(charts, name, label)
    time_timeline_fill()

    wall: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    per_build: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in KINDS:
            build_once(kind, f"{tmp}/warm-{kind}")
        for i in range(REPEAT):
            kinds = list(KINDS) if i % 2 == 0 else list(reversed(KINDS))
            for kind in kinds:
                spent.clear()
                seconds, cpu_s = build_once(kind, f"{tmp}/{i}-{kind}")
                wall[kind].append(seconds)
                cpu[kind].append(cpu_s)
                if kind == "both":
                    for label, value in spent.items():
                        per_build[label].append(value)

    print(f"real site, {REPEAT} builds of each kind, alternating (after one warm-up each)")
    print("  time spent per build (median), with both hooks:")
    for prefix in ("timeline", "charts"):
        labels = [label for label in per_build if label.startswith(prefix)]
        for label in labels:
            print(f"    {label:48} {statistics.median(per_build[label]) * 1000:7.1f} ms")
        total = statistics.median(sum(per_build[label][i] for label in labels)
                                  for i in range(REPEAT))
        print(f"    {prefix + ': total':48} {total * 1000:7.1f} ms")
    print("  builds                    CPU s (min, median)   wall s (min, median)")
    for kind in KINDS:
        print(f"    {kind:22} {min(cpu[kind]):.3f}, {statistics.median(cpu[kind]):.3f}"
              f"          {min(wall[kind]):.3f}, {statistics.median(wall[kind]):.3f}")
    base = min(cpu["neither"])
    for kind in ("no charts", "no timeline", "both"):
        print(f"    ratio {kind:>12} / neither (CPU, fastest builds): "
              f"{min(cpu[kind]) / base:.3f}")
    print("  (\"no charts\" = with the Timeline only; \"no timeline\" = with the charts only)")

    text = (ROOT / "docs" / "charts.yml").read_text("utf-8")
    print("  charts (budget: 6 KB gzipped each):")
    for chart in charts.load_charts(text, "docs/charts.yml", cite_keys=None).values():
        start = time.perf_counter()
        for _ in range(100):
            svg = charts.chart_svg(chart)
        drawn = (time.perf_counter() - start) / 100
        size, packed = len(svg.encode("utf-8")), len(gzip.compress(svg.encode("utf-8"), 9))
        print(f"    {chart.id:18} {size:5} bytes, {packed:4} gzipped "
              f"({'within' if packed <= 6 * 1024 else 'OVER'} budget), "
              f"drawn in {drawn * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
