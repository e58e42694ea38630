"""A fixture site whose pages are built to break the browser checks, one check per page.

It is the real configuration (theme, plugins, hooks, site.css) without docs/assets/previews.js,
previews.css and print.css, so the plain `index` page shows what Material alone does (no Esc, a
tap follows the link, a citation announces only its number, a term's preview vanishes under the
pointer, nothing print-specific). Every other page adds one breakage; the test of each check
asserts that it reports that page.
"""

from __future__ import annotations


from conftest import ROOT, bib_with

BODY = """\
The ROK agreed to pay more [@wei2020america]. See [the example](https://example.org/page).

| Year | Share |
| --- | --- |
| 2019 | 8.2% |
"""

# A script run on every back-link once the page is parsed (the note list follows the script).
_ON_LOAD = ("<script>document.addEventListener('DOMContentLoaded', () => document"
            ".querySelectorAll('.footnote-backrefs a').forEach(a => %s));</script>")

# page name -> the HTML/Markdown that breaks it (after a citation and a glossary term)
BREAKAGES = {
    # the plain page: only previews.js, previews.css and print.css are missing (site-wide)
    "index": "",
    # previews: never visible / placed on the line being read / not hoverable
    "hidden-previews": "<style>.md-tooltip2 { display: none !important; }</style>",
    "covering-previews": ("<style>.md-tooltip2 { top: calc(var(--md-tooltip-host-y) - 0.2rem)"
                          " !important; }</style>"),
    # a citation's preview showing the back-links Material copies with the reference
    "backrefs-in-previews": ("<style>.md-tooltip2 .footnote-backrefs { display: inline "
                             "!important; }</style>"),
    "unhoverable-previews": "<style>.md-tooltip2__inner { pointer-events: none !important; }"
                            "</style>",
    # a script that swallows every tap on a citation or term: a second tap never follows
    "taps-blocked": ("<script>document.addEventListener('click', e => {"
                     " if (e.target.closest('a.footnote-ref, a.glossary-term')) {"
                     " e.preventDefault(); e.stopPropagation(); } }, true);</script>"),
    # contrast: fails in the light palette only / in the dark palette only
    "low-contrast": '<p style="color: #aaaaaa">Grey on white.</p>',
    "low-contrast-dark": '<p style="color: #444444">Dark grey on the dark palette.</p>',
    # a request to another host, and console errors
    "foreign-request": '<img src="https://example.org/x.png" alt="A picture from elsewhere">',
    "late-foreign-request": ("<script>setTimeout(function () {"
                             " new Image().src = 'https://example.org/late.png'; }, 300);</script>"),
    "console-error": "<script>console.error('broken on purpose');</script>",
    "uncaught-error": "<script>noSuchFunction();</script>",
    # without JavaScript: text that only a script shows; a citation to nowhere; a term that
    # does not name its definition
    # (every word of the hidden sentence also stands in the visible one)
    "script-only-text": ('<p>The ROK agreed to pay more, and more.</p>'
                         '<p id="late" hidden>The ROK agreed to pay more.</p>'
                         "<script>document.getElementById('late').hidden = false;</script>"),
    "dead-citation": '<p>Claim.<sup id="fnref:cite-gone"><a class="footnote-ref" '
                     'href="#fn:cite-gone">9</a></sup></p>',
    "untitled-term": '<p>The <a class="glossary-term" href="../glossary/#rok">ROK</a> again.</p>',
    # keyboard: a trap, and focus on something nobody can see
    "keyboard-trap": '<p><input aria-label="Trap" '
                     "onkeydown=\"if (event.key === 'Tab') event.preventDefault();\"></p>",
    "invisible-focus": '<p><a href="#" style="position: absolute; left: -9999px">Hidden</a></p>',
    # print: navigation shown on paper; a page of its own for nothing
    "nav-in-print": ("<style>@media print { .md-sidebar--primary { display: block !important; }"
                     " }</style>"),
    "url-twice": ("<https://example.org/twice>\n\n<style>@media print { article a::after {"
                  ' content: " <" attr(href) ">" !important; } }</style>'),
    "light-print": ("<style>@media print { article.md-typeset { color: #bbbbbb !important; } }"
                    "</style>"),
    "citation-in-colour": ("<style>@media print { .md-typeset a.footnote-ref { color: #c00 "
                           "!important; } }</style>"),
    # a page shorter than one printed sheet (its date line and Cite this page hidden), for
    # Material's own blank last sheet (test_print.py)
    "short-page": "<style>.cite-this-page, .md-source-file { display: none; }</style>",
    "blank-page": ('<div style="break-before: page; break-after: page"></div>'
                   "\n\nAfter the blank page."),
    # citation typography: a marker after a space (raw HTML, past the hook); a marker that can
    # wrap (the hook's no-break join undone, in a paragraph as narrow as its longest word, so
    # every break opportunity is taken)
    "spaced-marker": ('<p>Allies <sup id="fnref:spaced"><a class="footnote-ref" '
                      'href="#fn:cite-wei2020america">1</a></sup>.</p>'),
    "wrapping-marker": ("Fair? [@wei2020america]\n{: .wrapping style=\"width: min-content\" }\n\n"
                        "<style>.wrapping .citation-join { white-space: normal !important; }"
                        "</style>"),
    # the same in Japanese text (lang="ja", so site.css's Japanese line breaking applies)
    "wrapping-marker-ja": ("日本は譲歩したのである[@wei2020america]。\n"
                           "{: .wrapping lang=\"ja\" style=\"width: min-content\" }\n\n"
                           "<style>.wrapping .citation-join { white-space: normal !important; }"
                           "</style>"),
    # Korean words: kept whole by site.css even where every break is taken (a paragraph as
    # narrow as its longest word); split once its `word-break: keep-all` is undone
    "korean-words": '한국은 결국 양보했다.\n{: lang="ko" style="width: min-content" }',
    "split-korean-words": ('한국은 결국 양보했다.\n{: .split lang="ko" style="width: min-content" }'
                           "\n\n<style>.split { word-break: normal !important; }</style>"),
    # back-links: out of the Tab order; named only by what they show; all named alike
    "unfocusable-backrefs": ("Again [@wei2020america].\n\n" + _ON_LOAD %
                             "a.setAttribute('tabindex', '-1')"),
    "unnamed-backrefs": "Again [@wei2020america].\n\n" + _ON_LOAD % "a.removeAttribute('aria-label')",
    "same-named-backrefs": ("Again [@wei2020america].\n\n" + _ON_LOAD %
                            "a.setAttribute('aria-label', 'Back to the text')"),
}

GLOSSARY = """\
terms:
  - term: ROK
    full_name: Republic of Korea
    definition: The official name of South Korea.
"""


def page_markdown(name: str, breakage: str) -> str:
    return (f"---\ndescription: A fixture page that breaks one browser check ({name}).\n---\n\n"
            f"# {name.replace('-', ' ').capitalize()}\n\n{BODY}\n{breakage}\n")


def broken_site_files() -> tuple[dict[str, str], str, dict]:
    """(files under docs/, refs.bib text, mkdocs.yml overrides) for build_fixture_site."""
    files = {f"{name}.md": page_markdown(name, html) for name, html in BREAKAGES.items()}
    files["glossary.yml"] = GLOSSARY
    files["assets/site.css"] = (ROOT / "docs/assets/site.css").read_text("utf-8")
    return files, bib_with(), {"extra_css": ["assets/site.css"], "extra_javascript": []}


def two_page_site(previews_js: str) -> tuple[dict[str, str], str, dict]:
    """A site of two pages with citations and terms, the real stylesheets and the given
    previews.js (to show a broken variant failing)."""
    files, bib, _ = broken_site_files()
    files = {name: text for name, text in files.items()
             if name in ("index.md", "glossary.yml", "assets/site.css")}
    files["trade.md"] = page_markdown("trade", "")
    for asset in ("previews.css", "print.css"):
        files[f"assets/{asset}"] = (ROOT / "docs/assets" / asset).read_text("utf-8")
    files["assets/previews.js"] = previews_js
    return files, bib, {"extra_css": ["assets/site.css", "assets/previews.css", "assets/print.css"],
                        "extra_javascript": ["assets/previews.js"]}
