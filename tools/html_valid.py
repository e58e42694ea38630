"""The W3C Nu HTML Checker (vnu.jar) over a built site: one Java start for every page, its JSON
report turned into one line per problem, `page:line: message`.

vnu.jar comes from the npm package `vnu-jar`, pinned in package.json and package-lock.json and
installed by `make` with `npm ci --ignore-scripts` (the package's install script would download
a Java runtime; Java comes from Debian, `default-jre-headless`). tests/tools/test_html_valid.py runs
it in `make test`. It imports nothing from MkDocs; it reads the finished site, like the link
check (tools.linkcheck).

What fails: errors, and warnings (the checker's "info" messages of subtype "warning"). Plain
"info" messages are advice, not problems (the checker itself passes a page that has only those):
today Python-Markdown's `<hr />` in the footnotes gives "Trailing slash on void elements has no
effect". The one allowed error is ALLOWED (see is_allowed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

# Data -------------------------------------------------------------------------------------------

VNU_JAR = Path("node_modules/vnu-jar/build/dist/vnu.jar")  # relative to the project folder
# -Xss4m: the checker needs a deep stack for its schema (at least 512k, says its error); on a
# busy machine, before the JIT compiles its hot code, the default stack overflowed. C1 only and
# the serial collector: a short run on 2 shared cores, 2 to 3 times faster than the defaults
# under load (about 20 s against 7 s for the real site at a load of 10; about 2 s when idle).
JVM_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
# Material 9.8's base.html writes its two hidden checkbox toggles (the navigation drawer and the
# search overlay) as <input class="md-toggle" type="checkbox" ... autocomplete="off">. HTML
# allows autocomplete on text-like inputs only, hence the error; it is harmless: browsers ignore
# it on a checkbox except Firefox, where it keeps a reload from restoring a toggle's checked
# state (an open drawer or search after reload). The markup is Material's template, not ours.
# Allowed only on exactly such an input: any other autocomplete error still fails.
ALLOWED_MESSAGE = "Attribute \u201cautocomplete\u201d is only allowed when the input type is"


# Helper functions -------------------------------------------------------------------------------

def java_binary() -> str | None:
    """`java` from JAVA_HOME, else from PATH; None if there is none."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def run_checker(java: str, jar: Path, pages: list[Path]) -> list[dict]:
    """Check every page in one JVM; the checker's messages (its JSON goes to stderr).

    Anything on stdout means it failed (e.g. "StackOverflowError while evaluating HTML schema",
    after which it exits without a report): raised, never read as "no problems"."""
    result = subprocess.run([java, *JVM_OPTIONS, "-jar", str(jar), "--format", "json",
                             "--exit-zero-always", *map(str, pages)],
                            capture_output=True, text=True, check=False)
    try:
        if result.stdout.strip():
            raise ValueError
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"vnu.jar gave no JSON report (exit {result.returncode}): "
                           f"{(result.stdout + result.stderr).strip()[:500]}") from None


def is_problem(message: dict) -> bool:
    kind = message.get("type")
    return kind in ("error", "non-document-error") or (
        kind == "info" and message.get("subType") == "warning")


def is_allowed(message: dict, source_lines: list[str]) -> bool:
    """Material's `autocomplete` on its checkbox toggles, and nothing else."""
    if not message.get("message", "").startswith(ALLOWED_MESSAGE):
        return False
    tag = _flagged_source(message, source_lines)
    parser = _FirstTag()
    parser.feed(tag)
    attrs = parser.attrs
    return (parser.tag == "input" and attrs.get("type") == "checkbox"
            and "md-toggle" in (attrs.get("class") or "").split()
            and attrs.get("autocomplete") == "off")


def problems(messages: list[dict], site_dir: Path) -> list[str]:
    """One line per problem, sorted: `page:line: message` (page relative to site_dir)."""
    sources: dict[str, list[str]] = {}
    lines = []
    for message in messages:
        if not is_problem(message):
            continue
        path = _path_of(message.get("url", ""))
        if path not in sources:
            sources[path] = _read_lines(path)
        if is_allowed(message, sources[path]):
            continue
        page = _relative(path, site_dir)
        where = f"{page}:{message['lastLine']}" if message.get("lastLine") else page
        lines.append(f"{where}: {message.get('message', '').strip()}")
    return sorted(lines, key=_sort_key)


def check_site(site_dir: Path, java: str, jar: Path) -> list[str]:
    """Every problem the checker finds in every HTML file of the built site (404.html too)."""
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        return [f"{site_dir}: no HTML file to check"]
    return problems(run_checker(java, jar, pages), site_dir)


def _flagged_source(message: dict, source_lines: list[str]) -> str:
    """The source text the message points at (firstLine:firstColumn to lastLine:lastColumn)."""
    last = message.get("lastLine")
    if not last or last > len(source_lines):
        return message.get("extract", "")
    first = message.get("firstLine", last)
    text = "".join(source_lines[first - 1:last])
    start = (message.get("firstColumn") or 1) - 1
    end = len(text) - len(source_lines[last - 1]) + (message.get("lastColumn") or 0)
    return text[start:end]


class _FirstTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tag: str | None = None
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        if self.tag is None:
            self.tag, self.attrs = tag, dict(attrs)


def _path_of(url: str) -> str:
    return url[len("file:"):] if url.startswith("file:") else url


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return []


def _relative(path: str, site_dir: Path) -> str:
    try:
        return Path(path).resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path


def _sort_key(line: str) -> tuple:
    page, _, rest = line.partition(":")
    number = rest.split(":", 1)[0]
    return (page, int(number) if number.isdigit() else 0, line)
