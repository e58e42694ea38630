"""Benchmark of the offline link check (issue 4): `make bench` runs it and prints figures.

Target: the whole built site checked in under 2 s on one core, and time linear in the number of
links. It pins itself and lychee (`--threads 1`) to one CPU, builds the real site once, times
`check_site` on it, then on generated sites of 2,000 to 32,000 links (pages linking to pages,
fragments, footnotes, images and external URLs, as the real pages do).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT)]

import lxml.html  # noqa: E402

from tools.linkcheck import check_site, internal_problems, site_url_of  # noqa: E402
from tools.urlhygiene import load_rules  # noqa: E402

SITE_URL = site_url_of(ROOT / "mkdocs.yml")
RULES = load_rules(ROOT / "linkcheck.yml")
REPEAT = 5
LINKS_PER_PAGE = 500
SIZES = (2_000, 4_000, 8_000, 16_000, 32_000)
TARGET_SECONDS = 2.0


def one_core() -> str:
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})  # lychee, started from here, inherits it
    return f"CPU {cpu}"


def timed(site: Path, bib: Path | None) -> tuple[float, list[str]]:
    """Median seconds of REPEAT full checks (lychee + URL rules), and the problems found."""
    times, problems = [], []
    for _ in range(REPEAT):
        start = time.perf_counter()
        problems = check_site(site, SITE_URL, bib, RULES, threads=1)
        times.append(time.perf_counter() - start)
    return statistics.median(times), problems


def _seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def count_links(site: Path) -> int:
    return sum(len(lxml.html.parse(str(p)).xpath("//@href | //@src"))
               for p in site.rglob("*.html"))


def build_real_site(into: Path) -> Path:
    site = into / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                    str(ROOT / "mkdocs.yml"), "-d", str(site)], check=True, env=env, cwd=ROOT)
    return site


def generate_site(into: Path, links: int) -> Path:
    """A site of `links` links in pages of LINKS_PER_PAGE, every one of them resolving."""
    site = into / f"gen{links}"
    pages = max(2, links // LINKS_PER_PAGE)
    (site / "assets").mkdir(parents=True)
    for i in range(10):
        (site / "assets" / f"img{i}.png").write_bytes(b"\x89PNG")
    base = SITE_URL.rstrip("/")
    sitemap = [f"<url><loc>{base}/p{p}/</loc></url>" for p in range(pages)]
    (site / "sitemap.xml").write_text("<urlset>" + "".join(sitemap) + "</urlset>", "utf-8")
    ids = "".join(f'<h2 id="s{k}">S</h2><li id="fn:{k}">n</li>' for k in range(100))
    for p in range(pages):
        body = []
        for k in range(LINKS_PER_PAGE):
            n = p * LINKS_PER_PAGE + k
            kind = k % 5
            if kind == 0:
                body.append(f'<a href="../p{(p + k) % pages}/#s{k % 100}">x</a>')
            elif kind == 1:
                body.append(f'<a href="#fn:{k % 100}">x</a>')
            elif kind == 2:
                body.append(f'<img src="../assets/img{k % 10}.png">')
            elif kind == 3:
                body.append(f'<a href="../p{(p + 1) % pages}/">x</a>')
            else:
                body.append(f'<a href="https://www.host{n % 40}.org/news/2019/story-{n}.html">x</a>')
        page = site / f"p{p}" / "index.html"
        page.parent.mkdir()
        page.write_text(f"<html><body>{ids}{''.join(body)}</body></html>", "utf-8")
    (site / "index.html").write_text('<a href="p0/">start</a>', "utf-8")
    return site


def main() -> int:
    core = one_core()
    print(f"Offline link check (lychee --threads 1 + URL rules), pinned to {core}, "
          f"median of {REPEAT} runs")
    with tempfile.TemporaryDirectory(prefix="bench-linkcheck-") as tmp:
        site = build_real_site(Path(tmp))
        seconds, problems = timed(site, ROOT / "refs.bib")
        pages = len(list(site.rglob("*.html")))
        links = count_links(site)
        verdict = "OK" if seconds < TARGET_SECONDS else "OVER TARGET"
        lychee = statistics.median(_seconds(lambda: internal_problems(site, SITE_URL, threads=1))
                                   for _ in range(REPEAT))
        print(f"real site: {pages} pages, {links} href/src, {len(problems)} problems: "
              f"{seconds:.3f} s, of which lychee {lychee:.3f} s "
              f"(target < {TARGET_SECONDS:.0f} s: {verdict})")
        print(f"{'links':>8} {'seconds':>9} {'us/link':>9}")
        rows = []
        for size in SIZES:
            generated = generate_site(Path(tmp), size)
            seconds, problems = timed(generated, None)
            if problems:
                print(f"generated site has problems, the benchmark is wrong: {problems[:3]}")
                return 1
            n = count_links(generated)
            rows.append((n, seconds))
            print(f"{n:>8} {seconds:>9.3f} {seconds / n * 1e6:>9.1f}")
        per_link = [s / n for n, s in rows]
        print(f"scaling: time per link varies {min(per_link) * 1e6:.1f}-"
              f"{max(per_link) * 1e6:.1f} us from {rows[0][0]} to {rows[-1][0]} links "
              f"({rows[-1][0] / rows[0][0]:.0f}x links, {rows[-1][1] / rows[0][1]:.1f}x time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
