"""Pure helpers behind the site's MkDocs hooks (`hooks/*.py`).

The hook files stay thin: they receive MkDocs events and dispatch here. Nothing in this package
needs a running MkDocs build, so the tests call these functions directly. (explainer.bibliography
reads citations with mkdocs-bibtex's own grammar, so that it checks exactly what that plugin
will replace.)
"""
