"""The translations of the site (issue 23): English is the source, every other language is a
set of gettext catalogs, one per page or data file, built as its own MkDocs project.

    python -m tools.i18n update      # i18n/templates/*.pot from docs/, each language's PO merged
    python -m tools.i18n docs LANG   # .cache/i18n/LANG/docs: the pages and data files translated
    python -m tools.i18n check       # what must not change, one `file:line: problem. fix` each
    python -m tools.i18n stats       # translated / fuzzy / untranslated units per language
    python -m tools.i18n new LANG    # the catalogs and mkdocs.LANG.yml of a new language

Modules: `catalogs` (extraction of the pages through translate-toolkit's Markdown reader and of
the data files' translatable fields, the merge, the counts), `render` (the `docs` step: fallback
spans, quotation footnotes), `checks`. A package of its own so its lines are not counted
against the tools' budget (issue 22).
"""
