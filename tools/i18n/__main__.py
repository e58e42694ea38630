"""`python -m tools.i18n update | docs LANG | check [LANG...] | stats | new LANG` (see the
package's docstring); every problem is one line, exit 1."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from explainer.errors import SourceError
from tools.i18n import catalogs, checks, render

ROOT = Path(__file__).resolve().parents[2]


def new_language(project: catalogs.Project, lang: str) -> list[str]:
    """The catalogs of a new language (every unit untranslated) and its mkdocs.LANG.yml, from
    mkdocs.ko.yml with the code replaced; its selector entry and its site.po (the site's own
    labels) are to be translated."""
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", lang) or lang in ("en", "templates"):
        raise SourceError("i18n", None, f"{lang!r} is not a new language code",
                          "Give an ISO 639-1 code such as fr or zh-Hant")
    config = project.root / f"mkdocs.{lang}.yml"
    if config.exists() or (project.i18n / lang).exists():
        raise SourceError(config.name, None, f"language {lang!r} exists already",
                          "Run `make translations` to update its catalogs")
    (project.i18n / lang).mkdir(parents=True)
    model = (project.root / "mkdocs.ko.yml").read_text(encoding="utf-8")
    text = re.sub(r"\bko\b", lang, model)
    # og:locale (language_TERRITORY) is the translator's to give: the build names it until then.
    text = re.sub(rf"(lang: {re.escape(lang)}, locale: )\w+", r"\1TODO", text)
    text = text.replace("- {name: English, link: ../, lang: en, locale: en_US}",
                        "- {name: English, link: ../, lang: en, locale: en_US}\n    - {name: "
                        f"{lang}, link: ../{lang}/, lang: {lang}, locale: TODO}}", 1) \
        if not re.search(rf"lang: {re.escape(lang)}[,}}]", text) else text
    config.write_text(text, encoding="utf-8")
    return [config.name, *catalogs.update(project, [lang])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="regenerate the templates and merge every language")
    docs = sub.add_parser("docs", help="write .cache/i18n/LANG/docs of each language given")
    docs.add_argument("langs", nargs="+")
    check = sub.add_parser("check", help="what must not change, in translated units")
    check.add_argument("langs", nargs="*")
    sub.add_parser("stats", help="translated / fuzzy / untranslated units per language")
    new = sub.add_parser("new", help="catalogs and mkdocs.LANG.yml of a new language")
    new.add_argument("lang")
    args = parser.parse_args(argv)
    project = catalogs.Project(args.root)
    try:
        if args.command == "update":
            for path in catalogs.update(project):
                print(f"updated {path}")
        elif args.command == "docs":
            for lang in args.langs:  # one process for all: translate-toolkit imported once
                if lang not in project.languages():
                    raise SourceError(f"i18n/{lang}", None, "no such language",
                                      f"Use one of: {', '.join(project.languages())}")
                shown = render.write_docs(project, lang)
                print(f"{lang}: {sum(shown.values())} unit(s) shown in English")
        elif args.command == "check":
            start = time.perf_counter()
            problems = [*catalogs.stale_labels(project),
                        *checks.check(project, args.langs or project.languages())]
            for problem in problems:
                print(problem)
            print(f"i18n check: {len(problems)} problem(s), "
                  f"{time.perf_counter() - start:.2f} s", file=sys.stderr)
            return 1 if problems else 0
        elif args.command == "stats":
            for lang, (done, fuzzy, todo) in catalogs.stats(project).items():
                print(f"{lang}: {done} translated, {fuzzy} fuzzy, {todo} untranslated")
        elif args.command == "new":
            for path in new_language(project, args.lang):
                print(f"wrote {path}")
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
