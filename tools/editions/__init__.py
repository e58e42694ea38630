"""The PDF and EPUB 3 editions of the whole guide, made from the built site (`make editions`).

`make editions` builds the site, then `python -m tools.editions` reads the built pages (every
`nav:` page's `<article>`, so everything the hooks made is in), removes what is only for the web
and makes every id unique and every link to a page a link inside the edition (`content`). The
PDF is pandoc (HTML to Typst) plus the `typst` wheel: tagged PDF/UA-1, the wheel's own fonts,
A4, endnotes per chapter, every internal link checked as it is made (`pdf`). The EPUB 3 is
written here, not by pandoc, whose writer lost ids, notes and SVG (`epub`): one XHTML per page,
notes as footnote asides, charts as inline SVG painted for grayscale (`charts`), accessibility
metadata, and two builds of a commit byte-identical (dates from SOURCE_DATE_EPOCH, else the last
commit). A second build with EXPLAINER_EDITIONS set lets hooks/editions.py copy both files to
site/editions/ and link them; without it there are neither files nor links.

What the editions must be (EPUBCheck, links, pages, charts, the site's note count, leftovers,
tagging, outline, fonts) is `check`, run by tests/tools/test_editions.py; their budgets are
tests/bench/bench_editions.py's, and the routes tried, with their figures, tests/bench/README.md,
"Editions".
"""
