"""The online link check, run against a server of these tests on 127.0.0.1 only.

The server answers 200, 301, 403, 404, 410, 429, 500 and a slow 200. It stops when the test
module ends (and on its own after two minutes); every request loop is lychee's, bounded by its
retry count. lychee's archive suggestions would ask archive.org, so every run here passes
`--suggest=false` and the archived copy is shown on a report in lychee's JSON shape.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import tomllib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from tools.lint import tool
from tools.linkcheck_online import LYCHEE_CONFIG, classify, main, outcomes, report_lines, run
from tools.urlhygiene import Occurrence

SLOW_SECONDS = 3.0
SAFETY_STOP_SECONDS = 120


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server: _Server = self.server  # type: ignore[assignment]
        path = urlsplit(self.path).path
        server.hits[path] += 1
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/slow":
            server.stopping.wait(SLOW_SECONDS)  # returns at once when the server stops
        codes = {"/ok": 200, "/slow": 200, "/forbidden": 403, "/gone": 404, "/removed": 410,
                 "/limited": 429, "/broken": 500}
        return self._send(codes.get(path, 404), b"<html><body>page</body></html>")

    def _send(self, code: int, body: bytes) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # lychee gave up on the slow answer
            pass

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()  # requests per path
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture(scope="module")
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    safety = threading.Timer(SAFETY_STOP_SECONDS, srv.shutdown)
    safety.daemon = True
    safety.start()
    try:
        yield srv
    finally:
        safety.cancel()
        srv.stopping.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@pytest.fixture
def fresh(server):
    server.hits.clear()
    return server


# Short waits so the module runs in seconds, and no archive lookup (it would leave 127.0.0.1).
FAST = ("--suggest=false", "--timeout", "1", "--max-retries", "1", "--retry-wait-time", "0",
        "--host-request-interval", "10ms", "--host-concurrency", "8")
CONFIG = ROOT / LYCHEE_CONFIG


def verdict_of(lines: list[str], url: str) -> str:
    return next((line.split(f": {url}: ", 1)[1] for line in lines if f": {url}: " in line), "ok")


def test_each_answer_gets_its_verdict_and_only_dead_links_fail(fresh, tmp_path):
    paths = ["/ok", "/moved", "/forbidden", "/gone", "/removed", "/limited", "/broken", "/slow"]
    occurrences = [Occurrence(fresh.url(p), f"refs.bib:{i} [k{i}]") for i, p in enumerate(paths)]
    occurrences.append(Occurrence(fresh.url("/gone"), "trade/index.html"))
    lines, status = run(occurrences, CONFIG, tmp_path, FAST)
    text = "\n".join(lines)
    verdicts = {p: verdict_of(lines, fresh.url(p)) for p in paths}
    assert verdicts["/ok"] == "ok" and verdicts["/moved"] == "ok", text
    assert fresh.hits["/ok"] and fresh.hits["/moved"], "ok means asked and answered, not skipped"
    assert verdicts["/gone"] == "DEAD (404 Not Found); no copy in the Internet Archive", text
    assert verdicts["/removed"] == "DEAD (410 Gone); no copy in the Internet Archive", text
    assert verdicts["/forbidden"].startswith("BLOCKED (403 Forbidden"), text
    assert verdicts["/limited"].startswith("BLOCKED (429 Too Many Requests"), text
    assert verdicts["/broken"].startswith("ERROR (500 Internal Server Error"), text
    assert verdicts["/slow"].startswith("TIMEOUT"), text
    assert lines[0] == (f"refs.bib:3 [k3], trade/index.html: {fresh.url('/gone')}: DEAD "
                        "(404 Not Found); no copy in the Internet Archive"), "one line, every place"
    assert lines[-1] == ("8 external URLs: 2 dead, 2 blocked, 1 timeout, 1 error, 2 ok "
                         "(0 from lychee's cache)")
    assert status == 1
    assert fresh.hits["/gone"] == 1, "a 404 is final: asked once"


def test_blocked_transient_and_refused_links_alone_pass(fresh, tmp_path):
    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{probe.getsockname()[1]}/page"
    urls = [fresh.url(p) for p in ("/ok", "/forbidden", "/broken", "/slow")] + [refused]
    lines, status = run([Occurrence(u, "index.html") for u in urls], CONFIG, tmp_path, FAST)
    assert status == 0, lines
    assert verdict_of(lines, refused).startswith("UNREACHABLE (Connection refused"), lines
    assert lines[-1] == ("5 external URLs: 1 blocked, 1 timeout, 1 unreachable, 1 error, 1 ok "
                         "(0 from lychee's cache)")


# lychee's JSON for dead links with and without an archived copy (the shape of its own
# formatter test, lychee-bin/src/formatters/stats/json.rs, 0.24.2), and for a host with no address.
REPORT = {
    "error_map": {"urls.txt": [
        {"url": "https://gone.example.org/a", "status": {"text": "404 Not Found", "code": 404},
         "span": {"line": 1, "column": 1}},
        {"url": "https://gone.example.org/b", "status": {"text": "410 Gone", "code": 410},
         "span": {"line": 2, "column": 1}},
        {"url": "https://no-such-host.example.org/",
         "status": {"text": "Network error: DNS resolution failed. Check hostname and DNS "
                            "settings (error sending request)",
                    "details": "DNS resolution failed. Check hostname and DNS settings"},
         "span": {"line": 3, "column": 1}}]},
    "suggestion_map": {"urls.txt": [
        {"original": "https://gone.example.org/a",
         "suggestion": "http://web.archive.org/web/2019/https://gone.example.org/a"}]},
}


def test_a_dead_link_names_lychee_s_archived_copy_and_an_unknown_host_is_dead():
    urls = ["https://gone.example.org/a", "https://gone.example.org/b",
            "https://no-such-host.example.org"]  # lychee adds the slash; the line keeps ours
    found = outcomes(urls, REPORT)
    assert [o.verdict for o in found] == ["dead", "dead", "dead"]
    lines = report_lines(found, {u: [f"refs.bib:{i} [k{i}]"] for i, u in enumerate(urls, 1)})
    assert lines == [
        "refs.bib:1 [k1]: https://gone.example.org/a: DEAD (404 Not Found); archived copy: "
        "http://web.archive.org/web/2019/https://gone.example.org/a",
        "refs.bib:2 [k2]: https://gone.example.org/b: DEAD (410 Gone); no copy in the Internet "
        "Archive",
        "refs.bib:3 [k3]: https://no-such-host.example.org: DEAD (the host "
        "no-such-host.example.org does not resolve (DNS)); no copy in the Internet Archive"]


@pytest.mark.parametrize("status, timed_out, verdict", [
    ({"code": 404, "text": "Rejected status code: 404 Not Found"}, False, "dead"),
    ({"code": 410}, False, "dead"),
    ({"code": 401}, False, "blocked"),
    ({"code": 403}, False, "blocked"),
    ({"code": 429}, False, "blocked"),
    ({"code": 999}, False, "blocked"),
    ({"code": 500, "text": "500 Internal Server Error"}, False, "error"),
    ({"text": "Timeout", "details": "Request timed out"}, True, "timeout"),
    ({"text": "Network error: ...", "details": "DNS resolution failed - check hostname "
      "spelling"}, False, "dead"),
    ({"text": "Network error: ...", "details": "DNS temporarily unavailable. Try again later"},
     False, "unreachable"),
    ({"text": "Network error: ...", "details": "Connection refused - server may be down or "
      "port blocked"}, False, "unreachable"),
])
def test_classify(status, timed_out, verdict):
    assert classify("https://www.example.com/a", status, timed_out).verdict == verdict


# Our lychee.toml: lychee does the waiting between requests to one host --------------------------

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds_of(duration: str) -> float:
    """A lychee duration ("300ms", "1m30s", "0") in seconds; ValueError if this test cannot
    read it."""
    if duration == "0":
        return 0.0
    if not re.fullmatch(rf"(?:{_DURATION.pattern})+", duration):
        raise ValueError(f"unreadable duration {duration!r}")
    return sum(float(n) * _SECONDS[unit] for n, unit in _DURATION.findall(duration))


def politeness_problems(config: dict, min_seconds: float) -> list[str]:
    """What makes a lychee config impolite to one host: more than one request at a time, or
    less than `min_seconds` between two; lychee's defaults (10, 50ms) where it does not say."""
    at_once = config.get("host_concurrency", 10)
    seconds = seconds_of(config.get("host_request_interval", "50ms"))
    problems = [f"{at_once} requests at once to one host"] if at_once != 1 else []
    if seconds < min_seconds:
        problems.append(f"{seconds:g} s between requests to one host, less than {min_seconds:g}")
    return problems


def lychee_accepts(config_file: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """lychee reads the config (refusing unknown keys and bad values), lists the links and asks
    nothing (--dump)."""
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.org/\n", encoding="utf-8")
    return subprocess.run([tool("lychee"), "--config", str(config_file), "--dump", "--",
                           str(urls)], capture_output=True, text=True, check=False, timeout=60,
                          cwd=tmp_path)


def test_our_lychee_toml_is_polite_cached_and_read_by_lychee(tmp_path):
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert politeness_problems(config, 1.0) == [], "one request at a time per host, 1 s apart"
    assert config["cache"] is True and seconds_of(config["max_cache_age"]) == 86400
    assert config["suggest"] is True and config["max_retries"] >= 1
    assert lychee_accepts(CONFIG, tmp_path).returncode == 0
    # Shown failing: the checks above on impolite settings, and lychee on a misspelt key (which
    # would otherwise leave its defaults of 10 at once, 50 ms apart).
    assert politeness_problems({"host_concurrency": 8, "host_request_interval": "0"}, 1.0) == [
        "8 requests at once to one host", "0 s between requests to one host, less than 1"]
    assert politeness_problems({}, 1.0) == [
        "10 requests at once to one host", "0.05 s between requests to one host, less than 1"]
    misspelt = tmp_path / "misspelt.toml"
    misspelt.write_text('host_interval = "1s"\n', encoding="utf-8")
    result = lychee_accepts(misspelt, tmp_path)
    assert result.returncode != 0 and "unknown field `host_interval`" in result.stderr


@pytest.mark.parametrize("interval", ["300ms", "1s", "0", "1m30s", "1.5s", "300", "soon"])
def test_lychee_reads_the_interval_as_this_test_does(tmp_path, interval):
    # A duration lychee refuses must not pass here as polite, nor one it reads be misread.
    config = tmp_path / "lychee.toml"
    config.write_text(f'host_request_interval = "{interval}"\n', encoding="utf-8")
    try:
        seconds_of(interval)
        readable = True
    except ValueError:
        readable = False
    assert (lychee_accepts(config, tmp_path).returncode == 0) == readable


# The command a scheduled job runs -----------------------------------------------------------------

def test_the_command_a_scheduled_job_runs(fresh, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<a href="{fresh.url("/ok")}">ok</a> '
                                     f'<a href="{fresh.url("/gone")}">gone</a>', "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/site/\n", "utf-8")
    (tmp_path / "refs.bib").write_text("", "utf-8")
    config = tmp_path / "lychee.toml"  # ours, with no archive lookup and a short interval
    config.write_text(CONFIG.read_text("utf-8").replace("suggest = true", "suggest = false")
                      .replace('host_request_interval = "1s"', 'host_request_interval = "10ms"'),
                      "utf-8")
    assert "suggest = false" in config.read_text("utf-8") and "10ms" in config.read_text("utf-8")
    report, cache = tmp_path / "report.json", tmp_path / "cache"
    argv = ["--site-dir", str(site), "--config", str(tmp_path / "mkdocs.yml"),
            "--bib", str(tmp_path / "refs.bib"), "--lychee-config", str(config),
            "--cache-dir", str(cache), "--json", str(report)]
    assert main(argv) == 1
    lines = json.loads(report.read_text("utf-8"))["lines"]
    assert lines[0].startswith(f"index.html: {fresh.url('/gone')}: DEAD (404 Not Found)")
    assert lines[-1] == "2 external URLs: 1 dead, 1 ok (0 from lychee's cache)"
    # lychee's cache lives in --cache-dir (the folder the workflow keeps between runs): a rerun
    # asks again only what failed.
    assert (cache / ".lycheecache").is_file()
    fresh.hits.clear()
    assert main(argv) == 1
    assert json.loads(report.read_text("utf-8"))["lines"][-1] == \
        "2 external URLs: 1 dead, 1 ok (1 from lychee's cache)"
    assert set(fresh.hits) == {"/gone"}
    assert main(["--site-dir", str(tmp_path / "nowhere")]) == 2
