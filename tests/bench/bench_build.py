"""Benchmark of the build (issue 8): `make bench` runs it and prints figures.

Targets (issue 15), each a ratio to a bare Material build of the same pages (same docs, theme
and Markdown extensions; no hooks, no bibtex plugin, citations left as text, not strict: see
`sites.bare_overrides`):

- a build of the real site, with `.cache/` kept from the last build: at most 2.0;
- the first build of a fresh clone (`.cache/` removed): at most 2.0;
- an added page, from the real site to one with 10 times the pages: at most 2.0 (issue 22).

Each build runs in a fresh Python process, as `mkdocs build` does, so imports, config loading
and pandoc's start-up count as they do for a contributor. The kinds of build take turns (full
with `.cache/` kept, full with `.cache/` removed first, bare), REPEAT of each after one warm-up
of each, in a copy of the site, and each ratio is taken within the run: the median over rounds
(builds of one round made back to back), on wall-clock time and on CPU time (the build
process and its pandoc subprocesses). Several engineers share this 2-core machine, so wall time
swings with their work; CPU time swings less, and the ratio of the fastest builds (CPU, as
`timeit` reads it: the least disturbed run) is printed beside it.

Scaling: sites generated from the real one with 5 and 10 times the pages, citations, cited
sources and glossary uses (`sites.scaled_site`; one References page, listing them all), built
in turns with the real site, so that the cost of an added page (the difference between the two
sites' builds of one round, divided by the pages added) is taken under the same load for our
build and the bare one.

`--profile` prints, instead, where one fresh full build spends its time (cProfile, cumulative)
and every pandoc call it makes.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import ROOT, Build, build_in_child, read_config, scaled_site  # noqa: E402

REPEAT = 7
REPEAT_SCALED = 5
FACTORS = (5, 10)
TARGET = 2.0  # full / bare, real site, pandoc's results kept
TARGET_COLD = 2.0  # full / bare, first build of a fresh clone (no .cache/)
TARGET_PER_PAGE = 2.0  # cost of an added page, full / bare, from the real site to 10x (issue 22)
KINDS = ("full", "cold", "bare")


def measure(sites: dict[str, Path], tmp: Path, repeat: int) -> dict[str, dict[str, list[Build]]]:
    """Builds of each kind of each site, in turns (round i: every kind of every site, the order
    rotated each round), so that a change in the machine's load falls on all of them alike:
    "full" (pandoc's results and the other caches of .cache/ kept from the last build, as for a
    contributor's second and later builds), "cold" (.cache/ removed first: a fresh clone, CI)
    and "bare"."""
    builds = {name: {kind: [] for kind in KINDS} for name in sites}
    jobs = [(name, kind) for name in sites for kind in KINDS]
    for name, kind in jobs:  # warm-up: file cache, .pyc files
        build_in_child("bare" if kind == "bare" else "full", sites[name], tmp / f"warm-{name}-{kind}")
    for i in range(repeat):
        for name, kind in jobs[i % len(jobs):] + jobs[:i % len(jobs)]:
            if kind == "cold":
                shutil.rmtree(sites[name].parent / ".cache", ignore_errors=True)
            builds[name][kind].append(build_in_child("bare" if kind == "bare" else "full",
                                                     sites[name], tmp / f"{name}-{kind}-{i}"))
    return builds


def _pages(config_file: Path) -> int:
    """Pages of a site: its nav entries (the Glossary, generated, included)."""
    return len(read_config(config_file)["nav"])


def ratios(builds: dict[str, list[Build]], kind: str = "full") -> dict[str, float]:
    full, bare = builds[kind], builds["bare"]
    return {
        "wall": statistics.median(f.wall / b.wall for f, b in zip(full, bare)),
        "cpu": statistics.median(f.cpu / b.cpu for f, b in zip(full, bare)),
        "cpu_fastest": min(f.cpu for f in full) / min(b.cpu for b in bare),
    }


def per_page(small: dict[str, list[Build]], large: dict[str, list[Build]], added: int,
             kind: str, measure_: str) -> list[float]:
    """Seconds an added page costs, one figure per round (builds of one round taken together)."""
    return [(getattr(b, measure_) - getattr(a, measure_)) / added
            for a, b in zip(small[kind], large[kind])]


def report(title: str, builds: dict[str, list[Build]]) -> dict[str, float]:
    print(title)
    print("                      wall s (median, min)   CPU s (median, min)   pandoc calls, s")
    for kind, label in (("bare", "bare Material"), ("full", "full strict"),
                        ("cold", "  .cache/ empty")):
        runs = builds[kind]
        walls, cpus = [b.wall for b in runs], [b.cpu for b in runs]
        print(f"  {label:18}  {statistics.median(walls):6.3f}, {min(walls):6.3f}"
              f"         {statistics.median(cpus):6.3f}, {min(cpus):6.3f}"
              f"        {runs[0].pandoc_calls:3d}, {statistics.median(b.pandoc_seconds for b in runs):.3f}")
    r = ratios(builds)
    print(f"  ratio full/bare: wall {r['wall']:.2f}, CPU {r['cpu']:.2f} (medians of pairs); "
          f"CPU of the fastest builds {r['cpu_fastest']:.2f}")
    c = ratios(builds, "cold")
    print(f"  with .cache/ empty: wall {c['wall']:.2f}, CPU {c['cpu']:.2f}; "
          f"CPU of the fastest builds {c['cpu_fastest']:.2f}")
    return r


def verdict(name: str, figures: dict[str, float], target: float) -> None:
    worst = max(figures["wall"], figures["cpu"])
    print(f"  target: {name} at most {target:.1f}x bare (wall {figures['wall']:.2f}, CPU "
          f"{figures['cpu']:.2f}): {'met' if worst <= target else 'NOT MET'}")


def main() -> int:
    if "--profile" in sys.argv:
        return profile()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        # A copy of the real site, so that its .cache/ is the benchmark's own.
        real_config = scaled_site(tmp / "real-project", 1)
        real = measure({"real": real_config}, tmp / "real", REPEAT)["real"]
        report(f"real site: {REPEAT} builds of each kind, taking turns, each in a fresh process",
               real)
        verdict("a build", ratios(real), TARGET)
        verdict("the first build of a fresh clone", ratios(real, "cold"), TARGET_COLD)

        # The real site again beside each scaled one, in the same rounds: what an added page
        # costs is the difference between builds made under the same load.
        pages_1 = _pages(real_config)
        for factor in FACTORS:
            config = scaled_site(tmp / f"scaled-{factor}", factor)
            pages = _pages(config)
            both = measure({"real": real_config, "scaled": config}, tmp / f"scaled-{factor}-out",
                           REPEAT_SCALED)
            report(f"\n{factor}x site ({pages} pages, generated): {REPEAT_SCALED} builds of each "
                   "kind, taking turns with builds of the real site", both["scaled"])
            added = pages - pages_1
            print(f"  per page added ({added}), median over rounds, wall / CPU ms:")
            costs = {}
            for kind in KINDS:
                costs[kind] = {m: per_page(both["real"], both["scaled"], added, kind, m)
                               for m in ("wall", "cpu")}
                print(f"    {kind:5} {statistics.median(costs[kind]['wall']) * 1000:5.1f} / "
                      f"{statistics.median(costs[kind]['cpu']) * 1000:5.1f}")
            figures = {m: statistics.median(f / b for f, b in zip(costs["full"][m],
                                                                   costs["bare"][m]))
                       for m in ("wall", "cpu")}
            print(f"  an added page, full/bare (median of rounds): wall {figures['wall']:.2f}, "
                  f"CPU {figures['cpu']:.2f}")
            if factor == max(FACTORS):
                verdict(f"an added page at {factor}x", figures, TARGET_PER_PAGE)
    return 0


def profile() -> int:
    """One fresh full build in this process, under cProfile."""
    import cProfile
    import io
    import pstats

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        profiler = cProfile.Profile()
        profiler.enable()
        from sites import _child
        _child("full", str(ROOT / "mkdocs.yml"), tmp)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"(mkdocs_bibtex|pypandoc|hooks|mkdocs/commands|"
                                               r"material/plugins|jinja2/environment|"
                                               r"markdown/core|subprocess\.py.*communicate)", 30)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
