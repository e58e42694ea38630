"""Pure helpers behind the site's MkDocs hooks (`hooks/*.py`).

The hook files stay thin: they receive MkDocs events and dispatch here. Nothing in this package
imports MkDocs, so the tests call these functions directly.
"""
