"""Lighthouse on every page (issue 8): `make bench` runs it and prints figures.

Targets: performance median at least 0.98 over the pages and no page below 0.95; accessibility,
best practices and SEO 1.00 on every page.

Lighthouse (npm, 12.2.3 pinned in tests/bench/package.json; the run prints the version it used;
`make bench` installs it with `npm ci`, `make test` never needs it) runs with the system Chromium (`$CHROMIUM` or `chromium`,
headless), mobile, with its default (simulated) throttling, against the site built in a
temporary folder and served from 127.0.0.1 with gzip, as a static host serves it. The site is
built with `site_url` set to that server, so that its canonical links point at the pages
Lighthouse loads (as on the real host). Each page is measured RUNS times and its median taken;
simulated throttling still scales this machine's CPU time, which other work shares, so the
best run of each page (the least disturbed, as `timeit` reads timings) is printed too.

For each page it prints the four scores, and what Lighthouse holds against the page: every
failed audit of accessibility, best practices and SEO, and, for performance, the metrics and
the render-blocking requests.

Beside the real site it measures, in the same run and alternating page by page, the bare
Material build of the same pages (`sites.bare_overrides`: no hooks, no bibtex plugin, citations
left as text, same theme, templates and assets), so that what this machine allows Material at
all and what the site's own additions cost are told apart (`--no-bare` skips it).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import build_in_child, scaled_site  # noqa: E402

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}
RUNS = 3
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib")
TYPES = {".js": "text/javascript", ".json": "application/json", ".bib": "text/plain",
         ".svg": "image/svg+xml", ".xml": "application/xml", ".webmanifest": "application/json"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its path (/site/), gzipped where a static host would."""

    base_path = "/site/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.base_path):
            return self.send_error(404)
        file = Path(self.directory) / path[len(self.base_path):]
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.is_file():
            file, status = Path(self.directory) / "404.html", 404
        body = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pages_of(site: Path) -> list[str]:
    """URL paths (under the site's path) of every page, 404.html excepted."""
    return sorted(("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/")
                  for p in site.rglob("index.html"))


def lighthouse(url: str, out: Path, chromium: str) -> dict:
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        check=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=300)
    return json.loads(out.read_text("utf-8"))


def findings(report: dict) -> list[str]:
    """What Lighthouse holds against a page: failed audits of the categories other than
    performance, and the performance metrics and render-blocking requests."""
    audits, lines = report["audits"], []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{category}: {audit['id']} ({audit['title']})")
    metrics = ", ".join(f"{label} {audits[m]['displayValue']}" for m, label in METRICS.items())
    lines.append(f"performance: {metrics}")
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    if blocking:
        names = ", ".join(item["url"].rsplit("/", 1)[-1] for item in blocking)
        lines.append(f"performance: render-blocking {names}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per page (median)")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare Material build of the same pages")
    args = parser.parse_args()
    chromium = shutil.which(os.environ.get("CHROMIUM") or "chromium")
    if chromium is None or not LIGHTHOUSE.is_file() or shutil.which("node") is None:
        print("Lighthouse: skipped (needs node, Chromium and `npm ci` in tests/bench: "
              "`make bench` runs it)")
        return 0
    port = free_port()
    kinds = ["full"] if args.no_bare else ["full", "bare"]
    scores: dict[str, dict[str, dict[str, float]]] = {kind: {} for kind in kinds}
    notes: dict[str, list[str]] = {}
    best: dict[str, dict[str, float]] = {kind: {} for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        config = scaled_site(Path(tmp) / "project", 1,
                             site_url=f"http://127.0.0.1:{port}/site/")
        for kind in kinds:  # served side by side, each on its own port under /site/
            build_in_child(kind, config, Path(tmp) / kind / "site")
        handler = GzipHandler
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), lambda *a: handler(*a, directory=str(Path(tmp) / "full" / "site")))
        bare_port = free_port()
        bare_server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", bare_port),
            lambda *a: handler(*a, directory=str(Path(tmp) / "bare" / "site")))
        for srv in (server, bare_server):
            threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            bare_pages = set(pages_of(Path(tmp) / "bare" / "site")) if "bare" in kinds else set()
            for page in pages_of(Path(tmp) / "full" / "site"):
                name = page or "(home)"
                for kind in kinds:
                    if kind == "bare" and page not in bare_pages:
                        continue  # a page only a hook makes (Glossary, Timeline)
                    where = port if kind == "full" else bare_port
                    runs = [lighthouse(f"http://127.0.0.1:{where}/site/{page}",
                                       Path(tmp) / "report.json", chromium)
                            for _ in range(args.runs)]
                    scores[kind][name] = {
                        c: statistics.median(r["categories"][c]["score"] for r in runs)
                        for c in CATEGORIES}
                    best[kind][name] = max(r["categories"]["performance"]["score"] for r in runs)
                    if kind == "full":
                        ranked = sorted(runs, key=lambda r: r["categories"]["performance"]["score"])
                        notes[name] = findings(ranked[len(ranked) // 2])
        finally:
            server.shutdown()
            bare_server.shutdown()
    full = scores["full"]
    version = json.loads((LIGHTHOUSE.parents[1] / "package.json").read_text("utf-8"))["version"]
    print(f"Lighthouse {version}, mobile, simulated throttling, {len(full)} pages, median of "
          f"{args.runs} runs each (gzip, 127.0.0.1)")
    bare_head = "   bare Material: perf (best run)" if "bare" in kinds else ""
    print(f"  {'page':16} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'SEO':>5}   perf of the best run"
          + bare_head)
    for page, s in full.items():
        bare = ""
        if "bare" in kinds:
            bare = (f"   {scores['bare'][page]['performance']:.2f} ({best['bare'][page]:.2f})"
                    if page in scores["bare"] else "   (no bare page: generated by a hook)")
        print(f"  {page:16} " + " ".join(f"{s[c]:5.2f}" for c in CATEGORIES)
              + f"   {best['full'][page]:.2f}" + " " * 16 + bare)
        for line in notes[page]:
            print(f"      {line}")
    summary = {c: (statistics.median(s[c] for s in full.values()),
                   min(s[c] for s in full.values())) for c in CATEGORIES}
    print("  median, worst: " + "; ".join(f"{c} {m:.2f}, {w:.2f}"
                                          for c, (m, w) in summary.items()))
    print(f"  performance of the best runs (the least disturbed: simulated throttling scales "
          f"this machine's CPU time): median {statistics.median(best['full'].values()):.2f}, "
          f"worst {min(best['full'].values()):.2f}")
    if "bare" in kinds:
        shared = [p for p in full if p in scores["bare"]]
        print(f"  bare Material build of the same {len(shared)} pages, same run: performance "
              f"median {statistics.median(scores['bare'][p]['performance'] for p in shared):.2f}, "
              f"worst {min(scores['bare'][p]['performance'] for p in shared):.2f}; the real "
              f"site on those pages: median "
              f"{statistics.median(full[p]['performance'] for p in shared):.2f}, worst "
              f"{min(full[p]['performance'] for p in shared):.2f}")
    met = (summary["performance"][0] >= 0.98 and summary["performance"][1] >= 0.95
           and all(summary[c][1] >= 1.0 for c in CATEGORIES[1:]))
    print("  target: performance median >= 0.98, none below 0.95; the others 1.00 everywhere: "
          + ("met" if met else "NOT MET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
