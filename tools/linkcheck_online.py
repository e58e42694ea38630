"""The online check of external URLs: `make linkcheck-external`, never part of `make test`.

lychee does the requests (concurrency, per-host concurrency and interval, timeout, retries with
its exponential backoff); this module decides what the answers mean and remembers them:

* dead: 404 or 410, or a host that no longer resolves. The only verdict that fails the run, and
  for each dead link the Internet Archive is asked whether it holds a copy.
* blocked: 401, 403, 429 or 999: a bot wall or a rate limit says nothing about the page. Reported
  for a person to open in a browser; the run still passes.
* timeout, unreachable, error (5xx, other codes): reported, passing, checked again next run.

Results are cached in a JSON file with an expiry (`--max-age`), so a rerun within the day asks no
site twice; transient verdicts are not cached. Exit status: 1 when a link is dead, 2 when the
checker cannot run, else 0, so a scheduled job can run it as it is.

Nothing here is fixed to the real network: the Wayback endpoint (`--wayback-api` or
LINKCHECK_WAYBACK_API), the DNS lookup and the clock are parameters, and the tests point them at a
server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from explainer.errors import SourceError
from tools.linkcheck import LinkCheckError, external_urls, run_lychee, site_url_of
from tools.urlhygiene import Occurrence

# Data -------------------------------------------------------------------------------------------

WAYBACK_API = "https://archive.org/wayback/available"
DEAD_CODES = frozenset({404, 410})
BLOCKED_CODES = frozenset({401, 403, 429, 999})  # 999: LinkedIn's answer to robots
CACHED_VERDICTS = frozenset({"ok", "dead", "blocked"})  # the rest may change within minutes
ORDER = ("dead", "blocked", "timeout", "unreachable", "error", "skipped", "ok")
USER_AGENT = "america-first-explainer link check (lychee; +https://github.com/america-first-explainer/site)"


@dataclass
class Settings:
    """How hard to push: polite defaults for a weekly job over ~40 URLs on ~20 hosts."""

    max_concurrency: int = 8
    host_concurrency: int = 1
    host_interval: str = "1s"  # lychee duration: between two requests to the same host
    timeout: int = 20  # seconds, connect to last byte
    retries: int = 3
    retry_wait: int = 2  # seconds before the first retry; lychee doubles it each time
    max_age: float = 24 * 3600  # seconds a cached verdict stays valid
    user_agent: str = USER_AGENT
    wayback_api: str = field(default_factory=lambda: os.environ.get("LINKCHECK_WAYBACK_API",
                                                                    WAYBACK_API))


@dataclass
class Outcome:
    """What one URL answered, when, and (for a dead one) where the Internet Archive keeps it."""

    url: str
    verdict: str
    detail: str = ""
    checked: float = 0.0
    archive: str | None = None
    from_cache: bool = False


# Helper functions: asking -----------------------------------------------------------------------

def dns_resolves(host: str) -> bool:
    """Whether the host has an address (a host that has none is a dead link, not a flaky one)."""
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    return True


def wayback_lookup(url: str, api: str = WAYBACK_API, timeout: float = 15) -> str | None:
    """The Internet Archive's closest copy of `url` (its availability API), or None."""
    query = f"{api}?{urllib.parse.urlencode({'url': url})}"
    request = urllib.request.Request(query, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https/local)
        data = json.load(response)
    closest = (data.get("archived_snapshots") or {}).get("closest") or {}
    return closest.get("url") if closest.get("available") else None


def lychee_arguments(url_file: Path, settings: Settings) -> list[str]:
    """lychee's options for the network run; no lychee cache (ours keeps every verdict)."""
    return ["--max-concurrency", str(settings.max_concurrency),
            "--host-concurrency", str(settings.host_concurrency),
            "--host-request-interval", settings.host_interval,
            "--timeout", str(settings.timeout),
            "--max-retries", str(settings.retries),
            "--retry-wait-time", str(settings.retry_wait),
            "--user-agent", settings.user_agent,
            "--", str(url_file)]


def classify(url: str, status: dict, timed_out: bool, resolves: Callable[[str], bool]) -> Outcome:
    """Turn one lychee result into a verdict (see the module docstring)."""
    code = status.get("code")
    text = status.get("text", "")
    detail = text.removeprefix("Rejected status code: ")
    if timed_out:
        return Outcome(url, "timeout", detail or "no answer in time")
    if code in DEAD_CODES:
        return Outcome(url, "dead", detail)
    if code in BLOCKED_CODES:
        return Outcome(url, "blocked", f"{detail}: a bot wall or rate limit; open it in a browser")
    if code is not None:
        return Outcome(url, "error", detail)
    host = urllib.parse.urlsplit(url).hostname or ""
    if not resolves(host):
        return Outcome(url, "dead", f"the host {host} does not resolve (DNS)")
    return Outcome(url, "unreachable", status.get("details") or text or "network error")


def ask(urls: list[str], settings: Settings, resolves: Callable[[str], bool]) -> list[Outcome]:
    """Check `urls` with one lychee run; one Outcome per URL, in the same order."""
    if not urls:
        return []
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        report = run_lychee(lychee_arguments(url_file, settings), cwd=Path(tmp))
    by_line: dict[int, Outcome] = {}
    for kind, timed_out in (("error_map", False), ("timeout_map", True)):
        for results in report.get(kind, {}).values():
            for result in results:
                line = (result.get("span") or {}).get("line", 0)
                if 0 < line <= len(urls):
                    by_line[line] = classify(urls[line - 1], result.get("status", {}),
                                             timed_out, resolves)
    for results in report.get("excluded_map", {}).values():
        for result in results:
            line = (result.get("span") or {}).get("line", 0)
            by_line.setdefault(line, Outcome(urls[line - 1] if 0 < line <= len(urls) else
                                             result["url"], "skipped", "excluded by lychee"))
    return [by_line.get(i, Outcome(url, "ok")) for i, url in enumerate(urls, 1)]


# Helper functions: remembering ------------------------------------------------------------------

def load_cache(path: Path) -> dict[str, Outcome]:
    """The cached outcomes; an unreadable or missing cache is an empty one."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("entries", {})
        return {url: Outcome(url=url, **{k: v for k, v in e.items() if k != "url"})
                for url, e in entries.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def save_cache(path: Path, cache: dict[str, Outcome]) -> None:
    """Write the cache atomically (a scheduled job may be killed mid-write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = {url: {k: v for k, v in asdict(o).items() if k not in ("url", "from_cache")}
               for url, o in sorted(cache.items())}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"entries": entries}, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


# Helper functions: the run ----------------------------------------------------------------------

def checkable(url: str) -> bool:
    """Only well-formed web addresses go online; the offline check reports the others."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        not any(c.isspace() for c in url)


def check_external(urls: list[str], settings: Settings, cache_path: Path | None,
                   now: Callable[[], float] = time.time,
                   resolves: Callable[[str], bool] = dns_resolves,
                   archive: Callable[[str], str | None] | None = None) -> list[Outcome]:
    """Every URL's outcome: from the cache while fresh, else asked now (and then cached)."""
    archive = archive or (lambda url: wayback_lookup(url, settings.wayback_api))
    cache = load_cache(cache_path) if cache_path else {}
    started = now()
    outcomes: dict[str, Outcome] = {}
    for url in urls:
        cached = cache.get(url)
        if cached and cached.verdict in CACHED_VERDICTS and \
                started - cached.checked < settings.max_age:
            cached.from_cache = True
            outcomes[url] = cached
    for outcome in ask([u for u in urls if u not in outcomes], settings, resolves):
        outcome.checked = started
        if outcome.verdict == "dead":
            try:
                outcome.archive = archive(outcome.url) or ""
            except (OSError, ValueError) as exc:  # the archive's outage is no dead link
                outcome.archive = None
                outcome.detail += f"; Internet Archive lookup failed ({exc})"
        outcomes[outcome.url] = outcome
        if outcome.verdict in CACHED_VERDICTS:
            cache[outcome.url] = outcome
    if cache_path:
        save_cache(cache_path, cache)
    return [outcomes[u] for u in urls]


def report(outcomes: list[Outcome], sources: dict[str, list[str]]) -> list[str]:
    """One line per URL that is not ok: where it comes from, the URL, the verdict and why."""
    lines = []
    for outcome in sorted(outcomes, key=lambda o: (ORDER.index(o.verdict), o.url)):
        if outcome.verdict == "ok":
            continue
        why = f"{outcome.verdict.upper()} ({outcome.detail})" if outcome.detail else \
            outcome.verdict.upper()
        if outcome.verdict == "dead" and outcome.archive is not None:
            why += f"; archived copy: {outcome.archive}" if outcome.archive else \
                "; no copy in the Internet Archive"
        if outcome.from_cache:
            why += " [cached]"
        lines.append(f"{', '.join(sources.get(outcome.url, []))}: {outcome.url}: {why}")
    return lines


def run(occurrences: list[Occurrence], settings: Settings, cache_path: Path | None,
        **injected) -> tuple[list[str], int]:
    """The report lines and exit status for these URLs: 1 only when a link is dead."""
    sources: dict[str, list[str]] = defaultdict(list)
    for occ in occurrences:
        if occ.source not in sources[occ.url]:
            sources[occ.url].append(occ.source)
    urls = [u for u in sources if checkable(u)]
    outcomes = check_external(urls, settings, cache_path, **injected)
    lines = report(outcomes, sources)
    counts = {v: sum(o.verdict == v for o in outcomes) for v in ORDER}
    summary = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    cached = sum(o.from_cache for o in outcomes)
    lines.append(f"{len(outcomes)} external URLs: {summary or 'none'} ({cached} from the cache)")
    return lines, 1 if counts["dead"] else 0


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.linkcheck_online`: see `make linkcheck-external`."""
    import argparse

    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", type=Path, help="the built site")
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    parser.add_argument("--bib", default="refs.bib", type=Path)
    parser.add_argument("--cache", default=".cache/linkcheck/external.json", type=Path)
    parser.add_argument("--max-age", default=defaults.max_age, type=float,
                        help="seconds a cached verdict stays valid (0: ask again)")
    parser.add_argument("--timeout", default=defaults.timeout, type=int)
    parser.add_argument("--retries", default=defaults.retries, type=int)
    parser.add_argument("--host-interval", default=defaults.host_interval)
    parser.add_argument("--wayback-api", default=defaults.wayback_api)
    parser.add_argument("--json", type=Path, help="also write the outcomes here (for a job)")
    args = parser.parse_args(argv)
    settings = Settings(timeout=args.timeout, retries=args.retries, max_age=args.max_age,
                        host_interval=args.host_interval, wayback_api=args.wayback_api)
    try:
        if not (args.site_dir / "index.html").exists():
            raise LinkCheckError(f"{args.site_dir}/index.html missing: run `make build` first")
        occurrences = external_urls(args.site_dir, site_url_of(args.config), args.bib)
        lines, status = run(occurrences, settings, args.cache)
    except (LinkCheckError, SourceError, OSError) as exc:
        print(f"linkcheck-external: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"lines": lines, "status": status}, indent=1) + "\n",
                             encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
