"""`python -m tools.editions`: both editions from the built site (run by `make editions`).

    python -m tools.editions [--site-dir site] [--out .cache/editions/en] [--config mkdocs.yml]

Reads site/ as `mkdocs build` left it, writes the PDF and the EPUB into --out (file names in
hooks/explainer/editions.py) and prints each one's size and time. A translation:
`--config mkdocs.ko.yml --site-dir site/ko` (its language: the config's theme.language). Bad input or a missing tool:
one line naming the file and what to do, exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from html import escape
from pathlib import Path

from explainer import editions as names
from explainer.errors import SourceError
from tools.editions import content

ROOT = Path(__file__).resolve().parents[2]


def cite_html(edition: content.Edition, label: str, file_name: str) -> str:
    """The closing "How to cite this edition" (the page's own Cite this page blocks stay online)."""
    url = f"{edition.site_url}{names.SITE_DIR}/{file_name}"
    words = edition.labels

    def link(href: str) -> str:
        return f'<a href="{escape(href)}">{escape(href)}</a>'

    return "\n".join([
        f'<h1 id="how-to-cite">{escape(words["cite_title"])}</h1>',
        "<p>" + words["cite_edition"].format(
            authors=escape(edition.authors), site_name=escape(edition.site_name), format=label,
            date=escape(edition.date_text), url=link(url)) + "</p>",
        "<p>" + words["cite_pages"].format(url=link(edition.site_url)) + "</p>",
        "<p>" + words["cite_article"].format(reference=edition.article_html) + "</p>",
    ])


def build(site_dir: Path, out: Path, config_file: Path, env: dict) -> list[tuple[Path, float]]:
    from tools.editions import epub, pdf

    if not (site_dir / "index.html").is_file():
        raise SourceError(str(site_dir), None, "no built site here",
                          "Run `make build` first (or `make editions`, which does)")
    edition = content.read_site(ROOT, site_dir, config_file, env)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for label, file_name in names.files(edition.lang):
        start = time.perf_counter()
        target = out / file_name
        if label == "PDF":
            pdf.build_pdf(edition, target, cite_html(edition, label, file_name))
        else:
            epub.build_epub(edition, target, cite_html(edition, label, file_name))
        made.append((target, time.perf_counter() - start))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editions", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path(".cache/editions/en"))
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    try:
        made = build(args.site_dir, args.out, args.config, dict(os.environ))
    except SourceError as exc:
        print(f"make editions: {exc}", file=sys.stderr)
        return 1
    for path, seconds in made:
        print(f"{path}: {names.size_text(path.stat().st_size)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
