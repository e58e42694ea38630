"""Benchmark of the offline editions (issue 17): `make bench` runs it and prints figures.

Budgets, for each language (English, then every mkdocs.LANG.yml): both editions
(`python -m tools.editions`, a fresh process, as `make editions` runs it, imports included) in at
most 20 s on this machine; the PDF at most 5 MB, the EPUB at most 2 MB. The language's site is
built once first (not counted: `make build` has its own benchmark); then REPEAT runs in turn, each timed on the wall clock and on CPU (the process and its pandoc
child). The runs' files must be byte-identical (reproducibility, which test_editions.py also
asserts). Exits 1 when a budget is exceeded.

`--routes` also measures the routes that were not chosen, on the same content
(tests/bench/README.md, "Editions"): Chromium printing the edition's HTML with the site's
stylesheets (Playwright's page.pdf, tagged and outlined) and pandoc's EPUB 3 writer, checked
with EPUBCheck.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT), str(ROOT / "tests")]

from explainer import editions as names  # noqa: E402

REPEAT = 5
BUDGET_SECONDS = 20.0
BUDGET_BYTES = {"PDF": 5_000_000, "EPUB": 2_000_000}
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'hooks'}:{ROOT}", "NO_MKDOCS_2_WARNING": "1"}


def run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU: the children's, pandoc's included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def languages() -> list[str]:
    return ["en"] + sorted(p.name.split(".")[1] for p in ROOT.glob("mkdocs.*.yml"))


def measure(lang: str, tmp: Path) -> tuple[bool, Path]:
    """Build the language's site (not counted), then its editions REPEAT times: times, sizes,
    reproducibility. True when over a budget."""
    python = sys.executable
    config = "mkdocs.yml" if lang == "en" else f"mkdocs.{lang}.yml"
    site = tmp / f"site-{lang}"
    if lang != "en":
        subprocess.run([python, "-m", "tools.i18n", "docs", lang], cwd=ROOT, env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
    wall, cpu = run([python, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config,
                     "--site-dir", str(site)])
    print(f"[{lang}] site build (not counted): {wall:.1f} s wall, {cpu:.1f} s CPU")
    runs, digests, failed = [], set(), False
    files = names.files(lang)
    for i in range(REPEAT):
        out = tmp / f"out-{lang}-{i}"
        runs.append(run([python, "-m", "tools.editions", "--config", config, "--site-dir", str(site),
                         "--out", str(out)]))
        digests.add(tuple(digest(out / name) for _, name in files))
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    print(f"[{lang}] both editions, {REPEAT} fresh runs: wall median {statistics.median(walls):.2f} s, "
          f"max {max(walls):.2f} s; CPU median {statistics.median(cpus):.2f} s "
          f"(budget {BUDGET_SECONDS:.0f} s)")
    failed |= max(walls) > BUDGET_SECONDS
    for label, name in files:
        size = (tmp / f"out-{lang}-0" / name).stat().st_size
        print(f"[{lang}] {label}: {size:,} bytes ({names.size_text(size)}; budget "
              f"{names.size_text(BUDGET_BYTES[label])})")
        failed |= size > BUDGET_BYTES[label]
    print(f"[{lang}] reproducible: {'yes' if len(digests) == 1 else 'NO'} ({len(digests)} distinct "
          f"set(s) of files in {REPEAT} runs)")
    failed |= len(digests) != 1
    return failed, site


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as tmp:
        for lang in languages():
            over, site = measure(lang, Path(tmp))
            failed |= over
            if lang == "en" and "--routes" in sys.argv:
                routes(site, Path(tmp))
    print("within the budgets" if not failed else "OVER A BUDGET")
    return 1 if failed else 0


def routes(site: Path, tmp: Path) -> None:
    """The routes not taken, on the same cleaned content."""
    from lxml import etree

    import editions_checks as check
    from tools.editions import content

    edition = content.read_site(ROOT, site, ROOT / "mkdocs.yml", dict(os.environ))
    body = etree.Element("div")
    body.set("class", "md-typeset")
    for chapter in edition.chapters:
        body.append(chapter.body)
    css = [p.relative_to(site).as_posix() for p in (site / "assets" / "stylesheets").glob("main.*.min.css")]
    css += ["assets/site.css", "assets/print.css"]
    page = site / "_edition.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{edition.site_name}</title>"
        + "".join(f'<link rel="stylesheet" href="{c}">' for c in css)
        + "<style>section.chapter{break-before:page}</style></head><body>"
        + etree.tostring(body, encoding="unicode", method="html") + "</body></html>", "utf-8")
    chromium = shutil.which("chromium")
    if chromium:
        from playwright.sync_api import sync_playwright
        from pypdf import PdfReader

        start = time.perf_counter()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium,
                                        args=["--no-sandbox", "--disable-background-networking"])
            tab = browser.new_page()
            tab.goto(page.as_uri())
            tab.pdf(path=str(tmp / "chromium.pdf"), format="A4", tagged=True, outline=True,
                    margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})
            browser.close()
        wall = time.perf_counter() - start
        reader = PdfReader(str(tmp / "chromium.pdf"))
        fonts = sorted({str(f.get_object()["/BaseFont"]).split("+")[-1] for pg in reader.pages
                        for f in ((pg["/Resources"].get("/Font") or {}).values())})
        print(f"route Chromium page.pdf: {wall:.2f} s (browser start included), "
              f"{(tmp / 'chromium.pdf').stat().st_size:,} bytes, {len(reader.pages)} pages, "
              f"tagged={'/StructTreeRoot' in reader.trailer['/Root']}, fonts of the machine: {', '.join(fonts)}, "
              f"CreationDate {reader.metadata.get('/CreationDate')} (the clock)")
    else:
        print("route Chromium page.pdf: skipped (no chromium on PATH)")
    import pypandoc

    start = time.perf_counter()
    pypandoc.convert_file(str(page), "epub3", outputfile=str(tmp / "pandoc.epub"),
                          extra_args=["--split-level=1", "--metadata", f"title={edition.site_name}"])
    wall = time.perf_counter() - start
    problems = check.epubcheck_problems(tmp / "pandoc.epub")
    print(f"route pandoc EPUB 3: {wall:.2f} s, {(tmp / 'pandoc.epub').stat().st_size:,} bytes, "
          f"epubcheck {sum(p.startswith(('ERROR', 'FATAL')) for p in problems)} errors, "
          f"{sum(p.startswith('WARNING') for p in problems)} warnings "
          f"(first: {problems[0][:120] if problems else 'none'})")
    page.unlink()


if __name__ == "__main__":
    sys.exit(main())
