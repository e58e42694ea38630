"""`make page NAME=slug TITLE="Title"`: a new page from the template, added to the navigation.

Writes docs/<slug>.md from `explainer.page_template` (front matter with a description
placeholder, the title, the Source box, a citation example) and inserts `- Title: slug.md` into
the nav: of mkdocs.yml right after the last themed page, a page with a Source box (today
Conclusion). mkdocs.yml is edited as text, one line inserted, so its comments and layout stay
as they are. A bad or taken name changes nothing and prints one line. Until its placeholders
are replaced, the strict build and the content lint refuse the page, naming each line.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer.errors import SourceError
from explainer.page_template import render
from explainer.siteconfig import docs_dir, nav_pages, read_config

# Data -------------------------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A themed page opens with the Source box (CONTRIBUTING.md, "Source box").
SOURCE_BOX = re.compile(r'^!!!\s+abstract\b[^\n]*"Source"', re.M)
DEFAULT_ARTICLE_KEY = "wei2020america"


class PageError(Exception):
    """A refusal: one line saying what is wrong and what to do."""


@dataclass(frozen=True)
class NewPage:
    page: Path
    text: str
    config_text: str  # mkdocs.yml with the nav entry inserted
    after: str | None  # the nav entry it follows


# Helper functions -------------------------------------------------------------------------------


def is_themed(path: Path) -> bool:
    try:
        return bool(SOURCE_BOX.search(path.read_text(encoding="utf-8")))
    except OSError:  # a nav entry generated at build time (glossary.md) has no file
        return False


def nav_line(title: str, file: str, indent: str) -> str:
    """`- Title: file.md` as YAML writes it (quoted where the title needs it)."""
    entry = yaml.safe_dump([{title: file}], allow_unicode=True, width=10_000,
                           default_flow_style=False)
    return indent + entry.rstrip("\n") + "\n"


def insert_in_nav(config_text: str, after: str | None, line: str) -> str:
    """mkdocs.yml's text with `line` inserted after the nav item that names `after` (a page
    file), or at the end of the nav: block when `after` is None."""
    lines = config_text.splitlines(keepends=True)
    start = next((i for i, text in enumerate(lines) if re.match(r"^nav:\s*(#.*)?$", text)), None)
    if start is None:
        raise PageError("mkdocs.yml has no nav: block to add the page to: add one, or add "
                        "the page by hand")
    # The block: the lines after `nav:` up to the next top-level key. It ends with its last
    # item; blank lines and comments at column 0 after that belong to what follows.
    end, scan = start + 1, start + 1
    while scan < len(lines) and (not lines[scan].strip() or lines[scan][0] in " \t-#"):
        if lines[scan].strip() and lines[scan][0] != "#":
            end = scan + 1
        scan += 1
    block = range(start + 1, end)
    if after is not None:
        item = re.compile(r"^(\s*)-\s+(?:.*?:\s*)?['\"]?" + re.escape(after) +
                          r"['\"]?\s*(#.*)?$")
        hits = [i for i in block if item.match(lines[i])]
        if hits:
            at = hits[-1]
            indent = item.match(lines[at])[1]
            return "".join(lines[:at + 1] + [line.replace("<indent>", indent)] + lines[at + 1:])
    items = [i for i in block if re.match(r"^\s*-\s", lines[i])]
    indent = re.match(r"^(\s*)", lines[items[-1]])[1] if items else "  "
    return "".join(lines[:end] + [line.replace("<indent>", indent)] + lines[end:])


def plan_page(root: Path, slug: str, title: str) -> NewPage:
    """What `make page` would write; raises PageError (and writes nothing) on a refusal."""
    if not slug:
        raise PageError('make page: give the page a name and a title: make page NAME=base-costs '
                        'TITLE="Base costs"')
    if not SLUG.match(slug):
        raise PageError(f"make page: NAME={slug!r} is not lower-case words joined by hyphens: "
                        "use a name such as NAME=base-costs")
    if not title.strip() or "\n" in title:
        raise PageError(f'make page: TITLE is missing: make page NAME={slug} TITLE="Title of '
                        'the page"')
    config_file = root / "mkdocs.yml"
    config_text = config_file.read_text(encoding="utf-8")
    config = read_config(config_file)
    docs = docs_dir(root, config)
    page = docs / f"{slug}.md"
    shown = page.relative_to(root).as_posix()
    if page.exists():
        raise PageError(f"make page: {shown} already exists: choose another NAME, or edit "
                        "that page")
    listed = nav_pages(config.get("nav"))
    if f"{slug}.md" in listed:
        raise PageError(f"make page: {slug}.md is already in the nav: of mkdocs.yml (a page "
                        "generated at build time): choose another NAME")
    themed = [name for name in listed if is_themed(docs / name)]
    after = themed[-1] if themed else None
    line = nav_line(title.strip(), f"{slug}.md", "<indent>")
    new_config = config_text if config.get("nav") is None else insert_in_nav(config_text, after,
                                                                           line)
    key = ((config.get("extra") or {}).get("cite") or {}).get("article_key") or DEFAULT_ARTICLE_KEY
    return NewPage(page, render(title.strip(), key), new_config, after)


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.newpage [SLUG TITLE]`; `make page` passes PAGE_NAME, PAGE_TITLE."""
    args = sys.argv[1:] if argv is None else argv
    slug = args[0] if args else os.environ.get("PAGE_NAME", "")
    title = args[1] if len(args) > 1 else os.environ.get("PAGE_TITLE", "")
    root = Path.cwd()
    try:
        plan = plan_page(root, slug.strip(), title)
    except (PageError, SourceError) as err:
        print(err, file=sys.stderr)
        return 2
    plan.page.write_text(plan.text, encoding="utf-8")
    shown = plan.page.relative_to(root).as_posix()
    if plan.config_text == (root / "mkdocs.yml").read_text(encoding="utf-8"):
        done = "(mkdocs.yml has no nav:, so MkDocs lists every page by itself)"
    else:
        (root / "mkdocs.yml").write_text(plan.config_text, encoding="utf-8")
        done = (f"and added it to nav: in mkdocs.yml "
                f"({f'after {plan.after}' if plan.after else 'at the end'})")
    print(f"Wrote {shown} {done}. Replace every 'TODO:' in it (the build refuses the page until "
          "then), then run make check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
