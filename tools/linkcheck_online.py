"""The online check of external URLs: `make linkcheck-external`, never part of `make test`.

lychee does all the asking, set up by `lychee.toml` at the project root: its cache (a day),
one request at a time per host a second apart, timeout, retries with backoff, and the Internet
Archive's closest copy of a broken link (`suggest`). This module hands it every well-formed
external URL of the pages and refs.bib, then sorts lychee's JSON report:

* dead: 404 or 410, or a host that no longer resolves (lychee: "DNS resolution failed"). The
  only verdict that fails the run; the line names the archived copy when lychee found one.
* blocked: 401, 403, 429 or 999: a bot wall or a rate limit says nothing about the page. Reported
  for a person to open in a browser; the run still passes.
* timeout, unreachable (refused, reset, TLS, DNS unavailable), error (5xx, other codes):
  reported, passing; lychee asks again next run (it caches only answers that succeeded).

One line per URL that is not ok, with every place it is used (a page, or `refs.bib:LINE [key]`).
Exit status: 1 when a link is dead, 2 when the checker cannot run, else 0, so a scheduled job can
run it as it is.
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from explainer.errors import SourceError
from tools.linkcheck import LinkCheckError, external_urls, run_lychee, site_url_of
from tools.lint import LintError
from tools.urlhygiene import Occurrence

# Data -------------------------------------------------------------------------------------------

LYCHEE_CONFIG = Path("lychee.toml")
CACHE_DIR = Path(".cache/linkcheck")  # lychee writes its .lycheecache in its working folder
DEAD_CODES = frozenset({404, 410})
BLOCKED_CODES = frozenset({401, 403, 429, 999})  # 999: LinkedIn's answer to robots
DNS_FAILED = "DNS resolution failed"  # lychee's words for a host with no address
ORDER = ("dead", "blocked", "timeout", "unreachable", "error", "skipped", "ok")


@dataclass
class Outcome:
    """What one URL answered and, for a broken one, the archived copy lychee suggests."""

    url: str
    verdict: str
    detail: str = ""
    archive: str = ""


# Helper functions -------------------------------------------------------------------------------

def checkable(url: str) -> bool:
    """Only well-formed web addresses go online; the offline check reports the others."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        not any(c.isspace() for c in url)


def classify(url: str, status: dict, timed_out: bool) -> Outcome:
    """Turn one lychee result into a verdict (see the module docstring)."""
    code = status.get("code")
    details = status.get("details") or status.get("text") or ""
    detail = status.get("text", "").removeprefix("Rejected status code: ")
    if timed_out:
        return Outcome(url, "timeout", detail or "no answer in time")
    if code in DEAD_CODES:
        return Outcome(url, "dead", detail)
    if code in BLOCKED_CODES:
        return Outcome(url, "blocked", f"{detail}: a bot wall or rate limit; open it in a browser")
    if code is not None:
        return Outcome(url, "error", detail)
    if DNS_FAILED in details:
        host = urllib.parse.urlsplit(url).hostname
        return Outcome(url, "dead", f"the host {host} does not resolve (DNS)")
    return Outcome(url, "unreachable", details or "network error")


def outcomes(urls: list[str], report: dict) -> list[Outcome]:
    """One Outcome per URL, in order, from lychee's report on a file of `urls`, one a line."""
    by_line: dict[int, Outcome] = {}
    asked: dict[int, str] = {}  # the URL as lychee asked it (and names it in its suggestions)
    for kind in ("error_map", "timeout_map", "excluded_map"):
        for result in (r for results in report.get(kind, {}).values() for r in results):
            line = (result.get("span") or {}).get("line", 0)
            if not 0 < line <= len(urls):
                continue
            if kind == "excluded_map":  # an error or a timeout of the same line comes first
                by_line.setdefault(line, Outcome(urls[line - 1], "skipped", "excluded by lychee"))
            else:
                by_line[line] = classify(urls[line - 1], result.get("status", {}),
                                         kind == "timeout_map")
                asked[line] = result.get("url", "")
    archived = {s["original"]: s["suggestion"]
                for suggestions in report.get("suggestion_map", {}).values() for s in suggestions}
    found = [by_line.get(i, Outcome(url, "ok")) for i, url in enumerate(urls, 1)]
    for i, outcome in enumerate(found, 1):
        outcome.archive = archived.get(asked.get(i, outcome.url), "")
    return found


def ask(urls: list[str], config: Path, cache_dir: Path, extra: tuple[str, ...] = ()) -> dict:
    """lychee's JSON report on `urls` with `config`, run in `cache_dir` (where its cache lives);
    `extra` options go before the config's (the tests' short timeouts)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        return run_lychee(["--config", str(config.resolve()), *extra, "--", str(url_file)],
                          cwd=cache_dir)


def report_lines(found: list[Outcome], sources: dict[str, list[str]]) -> list[str]:
    """One line per URL that is not ok: where it is used, the URL, the verdict and why."""
    lines = []
    for outcome in sorted(found, key=lambda o: (ORDER.index(o.verdict), o.url)):
        if outcome.verdict == "ok":
            continue
        why = f"{outcome.verdict.upper()} ({outcome.detail})" if outcome.detail else \
            outcome.verdict.upper()
        if outcome.verdict == "dead":
            why += f"; archived copy: {outcome.archive}" if outcome.archive else \
                "; no copy in the Internet Archive"
        lines.append(f"{', '.join(sources.get(outcome.url, []))}: {outcome.url}: {why}")
    return lines


def run(occurrences: list[Occurrence], config: Path, cache_dir: Path,
        extra: tuple[str, ...] = ()) -> tuple[list[str], int]:
    """The report lines and exit status for these URLs: 1 only when a link is dead."""
    sources: dict[str, list[str]] = defaultdict(list)
    for occ in occurrences:
        if occ.source not in sources[occ.url]:
            sources[occ.url].append(occ.source)
    urls = [u for u in sources if checkable(u)]
    report = ask(urls, config, cache_dir, extra) if urls else {}
    found = outcomes(urls, report)
    counts = {v: sum(o.verdict == v for o in found) for v in ORDER}
    summary = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    lines = report_lines(found, sources)
    lines.append(f"{len(found)} external URLs: {summary or 'none'} "
                 f"({report.get('cached', 0)} from lychee's cache)")
    return lines, 1 if counts["dead"] else 0


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.linkcheck_online`: see `make linkcheck-external`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", type=Path, help="the built site")
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    parser.add_argument("--bib", default="refs.bib", type=Path)
    parser.add_argument("--lychee-config", default=LYCHEE_CONFIG, type=Path)
    parser.add_argument("--cache-dir", default=CACHE_DIR, type=Path)
    parser.add_argument("--json", type=Path, help="also write the report here (for a job)")
    args = parser.parse_args(argv)
    try:
        if not (args.site_dir / "index.html").exists():
            raise LinkCheckError(f"{args.site_dir}/index.html missing: run `make build` first")
        if not args.lychee_config.is_file():
            raise LinkCheckError(f"{args.lychee_config} missing: lychee's settings for this check")
        occurrences = external_urls(args.site_dir, site_url_of(args.config), args.bib)
        lines, status = run(occurrences, args.lychee_config, args.cache_dir)
    except (LinkCheckError, LintError, SourceError, OSError) as exc:
        print(f"linkcheck-external: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"lines": lines, "status": status}, indent=1) + "\n",
                             encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
