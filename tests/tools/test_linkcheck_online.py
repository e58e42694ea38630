"""The online link check, run against a server of these tests on 127.0.0.1 only.

The server answers 200, 301, 403, 404, 410, 429 and a slow 200, and plays the Internet Archive's
availability API. It stops when the test module ends (and on its own after two minutes); every
request loop is lychee's, bounded by its retry count.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tools import linkcheck_online
from tools.linkcheck import lychee_binary
from tools.linkcheck_online import Settings, check_external, classify, load_cache, run
from tools.urlhygiene import Occurrence

SLOW_SECONDS = 3.0
SAFETY_STOP_SECONDS = 120


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server: _Server = self.server  # type: ignore[assignment]
        path = urlsplit(self.path).path
        server.hits[path] += 1
        if path == "/wayback/available":
            wanted = parse_qs(urlsplit(self.path).query)["url"][0]
            closest = {"available": True, "url": f"http://archive.test/web/2019/{wanted}"}
            body = {"archived_snapshots": {"closest": closest} if wanted.endswith("/gone") else {}}
            return self._send(200, json.dumps(body).encode())
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/slow":
            server.stopping.wait(SLOW_SECONDS)  # returns at once when the server stops
        codes = {"/ok": 200, "/slow": 200, "/forbidden": 403, "/gone": 404, "/removed": 410,
                 "/limited": 429}
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


def fast_settings(server, **overrides) -> Settings:
    """Small timeouts and waits so the module runs in seconds; the archive is the local server."""
    values = dict(timeout=1, retries=1, retry_wait=0, host_interval="10ms", max_concurrency=8,
                  host_concurrency=8, wayback_api=server.url("/wayback/available"))
    values.update(overrides)
    return Settings(**values)


def always_resolves(host: str) -> bool:
    return True


def test_each_answer_gets_its_verdict_and_only_dead_links_fail(fresh, tmp_path):
    paths = ["/ok", "/moved", "/forbidden", "/gone", "/removed", "/limited", "/slow"]
    occurrences = [Occurrence(fresh.url(p), f"refs.bib:{i} [k{i}]") for i, p in enumerate(paths)]
    lines, status = run(occurrences, fast_settings(fresh), tmp_path / "cache.json",
                        resolves=always_resolves)
    text = "\n".join(lines)
    verdicts = {p: next((ln.split(": ", 2)[2] for ln in lines if ln.split(": ")[1].endswith(p)),
                        "ok") for p in paths}
    assert verdicts["/ok"] == "ok" and verdicts["/moved"] == "ok", text
    assert fresh.hits["/ok"] and fresh.hits["/moved"], "ok means asked and answered, not skipped"
    assert verdicts["/gone"].startswith("DEAD (404 Not Found); archived copy: "
                                        "http://archive.test/web/2019/"), text
    assert verdicts["/removed"] == "DEAD (410 Gone); no copy in the Internet Archive", text
    assert verdicts["/forbidden"].startswith("BLOCKED (403 Forbidden"), text
    assert verdicts["/limited"].startswith("BLOCKED (429 Too Many Requests"), text
    assert verdicts["/slow"].startswith("TIMEOUT"), text
    assert lines[0].startswith(f"refs.bib:3 [k3]: {fresh.url('/gone')}: DEAD")
    assert status == 1
    # The archive is asked about dead links only; 404 is final, 429 and timeouts are retried.
    assert fresh.hits["/wayback/available"] == 2
    assert fresh.hits["/gone"] == 1
    assert fresh.hits["/limited"] == 2 and fresh.hits["/slow"] == 2


def test_blocked_and_slow_links_alone_pass(fresh):
    occurrences = [Occurrence(fresh.url(p), "index.html") for p in ("/ok", "/forbidden", "/slow")]
    lines, status = run(occurrences, fast_settings(fresh, retries=0), None,
                        resolves=always_resolves)
    assert status == 0, lines
    assert lines[-1] == "3 external URLs: 1 blocked, 1 timeout, 1 ok (0 from the cache)"


def test_the_cache_spares_the_sites_until_it_expires(fresh, tmp_path):
    cache = tmp_path / "cache.json"
    urls = [fresh.url(p) for p in ("/ok", "/gone", "/forbidden", "/slow")]
    settings = fast_settings(fresh, retries=0, max_age=3600)
    clock = [1_000_000.0]
    first = check_external(urls, settings, cache, now=lambda: clock[0], resolves=always_resolves)
    assert [o.verdict for o in first] == ["ok", "dead", "blocked", "timeout"]
    assert set(load_cache(cache)) == set(urls[:3])  # a timeout is not remembered

    fresh.hits.clear()
    clock[0] += 3599
    second = check_external(urls, settings, cache, now=lambda: clock[0], resolves=always_resolves)
    assert [o.from_cache for o in second] == [True, True, True, False]
    assert set(fresh.hits) == {"/slow"}

    fresh.hits.clear()
    clock[0] += 2
    third = check_external(urls, settings, cache, now=lambda: clock[0], resolves=always_resolves)
    assert not any(o.from_cache for o in third)
    assert {"/ok", "/gone", "/forbidden", "/slow"} <= set(fresh.hits)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}


def seconds_of(duration: str) -> float:
    """A lychee duration ("300ms", "1m30s", "0") in seconds; ValueError if this test cannot
    read it."""
    if duration == "0":
        return 0.0
    if not re.fullmatch(rf"(?:{_DURATION.pattern})+", duration):
        raise ValueError(f"unreadable duration {duration!r}")
    return sum(float(n) * _SECONDS[unit] for n, unit in _DURATION.findall(duration))


def requested_host_waits(args: list[str]) -> tuple[int, float]:
    """(requests at once to one host, seconds between two requests to one host) that a lychee
    command line asks for; lychee's own defaults (10, 50ms) where it does not say."""
    options = dict(zip(args, args[1:]))
    return (int(options.get("--host-concurrency", "10")),
            seconds_of(options.get("--host-request-interval", "50ms")))


def host_wait_problems(args: list[str], min_seconds: float) -> list[str]:
    """What makes a lychee run impolite to one host: more than one request at a time, or less
    than `min_seconds` between two requests."""
    at_once, seconds = requested_host_waits(args)
    problems = [f"{at_once} requests at once to one host"] if at_once != 1 else []
    if seconds < min_seconds:
        problems.append(f"{seconds:g} s between requests to one host, less than {min_seconds:g}")
    return problems


def lychee_calls(monkeypatch) -> list[list[str]]:
    """Every lychee command line check_external asks for (lychee is not run: no link fails)."""
    calls: list[list[str]] = []

    def fake(args: list[str], cwd) -> dict:
        calls.append(args)
        return {}
    monkeypatch.setattr(linkcheck_online, "run_lychee", fake)
    return calls


def test_requests_to_one_host_keep_the_interval(monkeypatch):
    # lychee does the waiting (its --host-concurrency and --host-request-interval); this checks,
    # without a clock, that each run asks it for the waits of the settings, and that lychee
    # itself reads the options as given.
    calls = lychee_calls(monkeypatch)
    urls = [f"https://example.org/page-{i}" for i in range(4)]
    for host_interval, host_concurrency in [("300ms", 1), ("0", 1), ("300ms", 8), ("1s", 1)]:
        settings = Settings(host_interval=host_interval, host_concurrency=host_concurrency)
        assert [o.verdict for o in check_external(urls, settings, None,
                                                  resolves=always_resolves)] == ["ok"] * 4
    assert len(calls) == 4
    assert [host_wait_problems(args, 0.3) for args in calls] == [
        [], ["0 s between requests to one host, less than 0.3"],
        ["8 requests at once to one host"], []]
    check_external(urls, Settings(), None, resolves=always_resolves)
    assert host_wait_problems(calls[-1], 1.0) == [], "the defaults: one at a time, 1 s apart"
    assert host_wait_problems(["--host-concurrency", "1"], 0.3) == [
        "0.05 s between requests to one host, less than 0.3"]  # lychee's default is 50ms


@pytest.mark.parametrize("interval", ["300ms", "1s", "0", "1m30s", "1.5s", "300", "soon"])
def test_lychee_reads_the_interval_as_this_test_does(tmp_path, interval):
    # --dump lists the links and asks nothing: lychee parses the options, then exits. A duration
    # lychee refuses must not pass here as polite, nor one it reads be misread.
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.org/\n", encoding="utf-8")
    args = linkcheck_online.lychee_arguments(urls, Settings(host_interval=interval))
    result = subprocess.run([lychee_binary(), "--dump", *args], capture_output=True, text=True,
                            check=False, timeout=60)
    try:
        seconds_of(interval)
        readable = True
    except ValueError:
        readable = False
    assert (result.returncode == 0) == readable, result.stderr


def test_the_interval_is_read_in_lychee_s_units() -> None:
    assert seconds_of("1m30s") == 90 and seconds_of("300ms") == pytest.approx(0.3)


def test_a_host_that_does_not_resolve_is_dead_and_a_refused_connection_is_not(fresh):
    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/page"
    settings = fast_settings(fresh, retries=0)
    unresolved = check_external([closed], settings, None, resolves=lambda host: False,
                                archive=lambda url: None)
    assert unresolved[0].verdict == "dead" and "does not resolve (DNS)" in unresolved[0].detail
    refused = check_external([closed], settings, None, resolves=always_resolves)
    assert refused[0].verdict == "unreachable"


def test_an_archive_outage_does_not_hide_the_dead_link(fresh):
    def broken_archive(url: str) -> str:
        raise OSError("archive down")

    outcome = check_external([fresh.url("/gone")], fast_settings(fresh), None,
                             resolves=always_resolves, archive=broken_archive)[0]
    assert outcome.verdict == "dead" and "lookup failed (archive down)" in outcome.detail


@pytest.mark.parametrize("status, timed_out, verdict", [
    ({"code": 404, "text": "Rejected status code: 404 Not Found"}, False, "dead"),
    ({"code": 410}, False, "dead"),
    ({"code": 403}, False, "blocked"),
    ({"code": 429}, False, "blocked"),
    ({"code": 999}, False, "blocked"),
    ({"code": 500, "text": "Rejected status code: 500 Internal Server Error"}, False, "error"),
    ({"text": "Timeout"}, True, "timeout"),
    ({"text": "Network error"}, False, "unreachable"),
])
def test_classify(status, timed_out, verdict):
    assert classify("https://www.example.com/a", status, timed_out, always_resolves).verdict == \
        verdict


def test_the_command_a_scheduled_job_runs(fresh, tmp_path):
    from tools.linkcheck_online import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<a href="{fresh.url("/ok")}">ok</a> '
                                     f'<a href="{fresh.url("/gone")}">gone</a>', "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/site/\n", "utf-8")
    (tmp_path / "refs.bib").write_text("", "utf-8")
    report = tmp_path / "report.json"
    status = main(["--site-dir", str(site), "--config", str(tmp_path / "mkdocs.yml"),
                   "--bib", str(tmp_path / "refs.bib"), "--cache", str(tmp_path / "c.json"),
                   "--timeout", "2", "--retries", "0", "--host-interval", "10ms",
                   "--wayback-api", fresh.url("/wayback/available"), "--json", str(report)])
    assert status == 1
    lines = json.loads(report.read_text("utf-8"))["lines"]
    assert lines[0].startswith(f"index.html: {fresh.url('/gone')}: DEAD (404 Not Found)")
    assert lines[-1] == "2 external URLs: 1 dead, 1 ok (0 from the cache)"
    assert main(["--site-dir", str(tmp_path / "nowhere")]) == 2
