"""The W3C Nu HTML checker (vnu.jar) over a built site: one Java start for the whole folder, each
problem one line, `page:line: message`.

vnu.jar comes from the npm package `vnu-jar`, pinned in package.json and package-lock.json and
installed by `make` with `npm ci --ignore-scripts` (the package's install script would download
a Java runtime; Java comes from Debian, `default-jre-headless`). tests/tools/test_html_valid.py runs
it in `make test`. It imports nothing from MkDocs; it reads the finished site, like the link
check (tools.linkcheck).

The checker does the deciding with its own options: `--skip-non-html SITE_DIR` checks every HTML
file of the folder; `--Werror` fails a warning like an error; `--skip-info-messages` leaves out
plain advice, so every line it prints is an error or a warning; `--filterpattern` drops FILTERED;
`--format gnu` writes `"file:PATH":FIRST.COL-LAST.COL: KIND: MESSAGE`, which this module only
shortens to `page:LAST: MESSAGE`. A checker that exits non-zero without a line it could read
(e.g. "StackOverflowError while evaluating HTML schema", on stdout) raises: never "no problems".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

from lxml import html as lxml_html

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
# vnu matches --filterpattern against the whole message text and nothing else (not the tag, not
# the position), and this message is the same for every input type it forbids: so the pattern,
# the message word for word, also lets through `autocomplete` on any checkbox, radio, file,
# submit, image, reset or button input of any page. `stray_autocomplete` takes the guarantee back
# to the tag: such an attribute on any input but Material's `md-toggle` checkboxes is a problem.
# Any other autocomplete error (a bad value, say) fails in the checker itself.
_TEXT_LIKE = ("color", "date", "datetime-local", "email", "hidden", "month", "number", "password",
              "range", "search", "tel", "text", "time", "url", "week")
ALLOWED_ERROR = ("Attribute \u201cautocomplete\u201d is only allowed when the input type is "
                 + ", ".join(f"\u201c{t}\u201d" for t in _TEXT_LIKE[:-1])
                 + f", or \u201c{_TEXT_LIKE[-1]}\u201d.")
# Plain advice: vnu 26.9.27 shows "Trailing slash on void elements has no effect ..." (Python-
# Markdown's `<hr />` above the footnotes) as info, but counts it as a warning for --Werror's exit
# status, so a site with only that advice would exit 1 with nothing printed. Filtered by its text
# (vnu's own filter also takes it off the count); other advice is info and never counted.
ADVICE = "Trailing slash on void elements has no effect"
FILTERED = f"\\Q{ALLOWED_ERROR}\\E|\\Q{ADVICE}\\E.*"  # Java regex, matched against the whole text
# `--no-langdetect`: the checker's guess of a page's language (from the character n-grams of
# its first 35,840 characters of body text, whatever their `lang`) reads a Korean or Japanese
# page as English, its notes and references being in English as published (Chicago style) and
# Latin text counting more characters for the same words; each page's <html lang> is the
# config's theme.language, which tests/test_i18n_links.py checks.
NO_LANGDETECT = "--no-langdetect"
_GNU_LINE = re.compile(r'^"(?P<url>[^"]*)":(?:(?:\d+(?:\.\d+)?-)?(?P<line>\d+)(?:\.\d+)?:)? '
                       r"(?P<kind>[a-z -]+): (?P<message>.*)$")


# Helper functions -------------------------------------------------------------------------------

def java_binary() -> str | None:
    """`java` from JAVA_HOME, else from PATH; None if there is none."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def vnu_command(java: str, jar: Path, site_dir: Path) -> list[str]:
    """The checker's command line for every HTML file under site_dir."""
    return [java, *JVM_OPTIONS, "-jar", str(jar), "--Werror", "--format", "gnu",
            "--skip-info-messages", NO_LANGDETECT, "--filterpattern", FILTERED,
            "--skip-non-html", str(site_dir)]


def problems(output: str, returncode: int, site_dir: Path) -> list[str]:
    """The checker's gnu lines as `page:line: message`, sorted; RuntimeError for a checker that
    failed without a report or printed a line that is not a message."""
    found = []
    for text in output.splitlines():
        match = _GNU_LINE.match(text)
        if not match:
            if text.strip():
                raise RuntimeError(f"vnu.jar printed no report it could finish (exit "
                                   f"{returncode}): {output.strip()[:500]}")
            continue
        page = _relative(match["url"], site_dir)
        where = f"{page}:{match['line']}" if match["line"] else page
        found.append((page, int(match["line"] or 0), f"{where}: {match['message'].strip()}"))
    if returncode != 0 and not found:
        raise RuntimeError(f"vnu.jar failed with no message (exit {returncode}): "
                           f"{output.strip()[:500]}")
    return [line for *_, line in sorted(found)]


def check_site(site_dir: Path, java: str, jar: Path) -> list[str]:
    """Every problem the checker finds in every HTML file of the built site (404.html too)."""
    if not any(site_dir.rglob("*.html")):
        return [f"{site_dir}: no HTML file to check"]
    result = subprocess.run(vnu_command(java, jar, site_dir), capture_output=True, text=True,
                            check=False)
    return sorted(problems(result.stdout + result.stderr, result.returncode, site_dir)
                  + stray_autocomplete(site_dir))


def stray_autocomplete(site_dir: Path) -> list[str]:
    """`page:line: ...` for each `<input autocomplete>` that vnu's filter lets through (a type
    not text-like) other than Material's hidden toggles (`class="md-toggle"`, a checkbox)."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        for element in lxml_html.parse(str(path)).iter("input"):
            kind = (element.get("type") or "text").lower()
            if element.get("autocomplete") is None or kind in _TEXT_LIKE or (
                    kind == "checkbox" and "md-toggle" in (element.get("class") or "").split()):
                continue
            found.append(f"{page}:{element.sourceline}: {ALLOWED_ERROR} (only Material's "
                         "md-toggle checkboxes may carry it: remove the attribute)")
    return found


def _relative(url: str, site_dir: Path) -> str:
    path = unquote(url.removeprefix("file:"))
    try:
        return Path(path).resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path
