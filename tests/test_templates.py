"""Template overrides (overrides/): each stays a copy of Material's block with one change, and
fails here, not on readers' screens, when a Material upgrade moves what it copied."""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import ROOT, page_file

MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"
_BUNDLE = re.compile(r"""<script src="\{\{ '(assets/javascripts/bundle\.\w+\.min\.js)' \| url \}\}"(?P<defer> defer)?></script>""")


def bundle_in(template: str) -> tuple[str, bool]:
    """The bundle a template's `scripts` block loads, and whether it is deferred."""
    block = template.split("{% block scripts %}", 1)[1].split("{% endblock %}", 1)[0]
    match = _BUNDLE.search(block)
    assert match, f"no bundle <script> in the scripts block:\n{block}"
    return match[1], bool(match["defer"])


def test_the_deferred_bundle_is_the_one_material_ships():
    ours = bundle_in((ROOT / "overrides" / "main.html").read_text("utf-8"))
    theirs = bundle_in(MATERIAL_BASE.read_text("utf-8"))
    assert ours[0] == theirs[0], (
        f"overrides/main.html loads {ours[0]} but Material now ships {theirs[0]}: copy Material's "
        "scripts block again (templates/base.html) and keep `defer` on the bundle")
    assert ours[1] and not theirs[1]


def test_a_moved_bundle_is_reported():
    old = """{% block scripts %}<script src="{{ 'assets/javascripts/bundle.0000.min.js' | url }}" defer></script>{% endblock %}"""
    assert bundle_in(old) == ("assets/javascripts/bundle.0000.min.js", True)
    assert bundle_in(old)[0] != bundle_in(MATERIAL_BASE.read_text("utf-8"))[0]


def test_every_page_defers_every_script_file(site):
    # Parser-blocking scripts hold up the first paint (README, "Speed"); inline ones are
    # Material's few lines that must run before the page shows (palette, hash of a tab).
    for page in ["index", "trade", "timeline", "references"]:
        html = site.html(page_file(page))
        files = re.findall(r"<script src=\"[^\"]+\"[^>]*>", html)
        assert files and all(" defer" in tag for tag in files), (page, files)
