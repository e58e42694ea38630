"""Template overrides (overrides/): each stays a copy of Material's block with one change, and
fails here, not on readers' screens, when a Material upgrade moves what it copied."""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import ROOT, page_file

MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"
_BUNDLE = re.compile(r"""<script src="\{\{ '(assets/javascripts/bundle\.\w+\.min\.js)' \| url \}\}"(?P<defer> defer)?></script>""")


def bundle_in(template: str) -> tuple[str, bool] | None:
    """The bundle a template's `scripts` block loads, and whether it is deferred (None: the
    block loads no bundle)."""
    block = template.split("{% block scripts %}", 1)[-1].split("{% endblock %}", 1)[0]
    match = _BUNDLE.search(block)
    return (match[1], bool(match["defer"])) if match else None


def bundle_problems(ours: str, theirs: str) -> list[str]:
    """What is wrong with our override's `scripts` block (`ours`) against Material's base
    template (`theirs`): it must load the very bundle Material ships, deferred."""
    mine, material_s = bundle_in(ours), bundle_in(theirs)
    if mine is None or material_s is None:
        return [f"no bundle <script> in the scripts block of "
                f"{'overrides/main.html' if mine is None else 'Material'}"]
    problems = []
    if mine[0] != material_s[0]:
        problems.append(
            f"overrides/main.html loads {mine[0]} but Material now ships {material_s[0]}: copy "
            "Material's scripts block again (templates/base.html) and keep `defer` on the bundle")
    if not mine[1]:
        problems.append("overrides/main.html loads the bundle without `defer`")
    if material_s[1]:
        problems.append("Material defers its bundle itself: the override is no longer needed")
    return problems


OURS = (ROOT / "overrides" / "main.html").read_text("utf-8")


def test_the_deferred_bundle_is_the_one_material_ships():
    assert bundle_problems(OURS, MATERIAL_BASE.read_text("utf-8")) == []


def test_a_moved_bundle_is_reported():
    """The same comparison, on our override naming an older bundle than Material's (as after a
    Material upgrade), without `defer`, or without the bundle at all."""
    theirs = MATERIAL_BASE.read_text("utf-8")
    shipped, _ = bundle_in(theirs)
    old = OURS.replace(shipped, "assets/javascripts/bundle.0000beef.min.js")
    assert old != OURS
    assert bundle_problems(old, theirs) == [
        "overrides/main.html loads assets/javascripts/bundle.0000beef.min.js but Material now "
        f"ships {shipped}: copy Material's scripts block again (templates/base.html) and keep "
        "`defer` on the bundle"]
    assert bundle_problems(OURS.replace(" | url }}\" defer>", " | url }}\">"), theirs) == [
        "overrides/main.html loads the bundle without `defer`"]
    assert bundle_problems(OURS, theirs.replace(" | url }}\">", " | url }}\" defer>")) == [
        "Material defers its bundle itself: the override is no longer needed"]
    no_bundle = re.sub(r"<script src=\"\{\{ 'assets/javascripts/bundle[^>]*></script>", "", OURS)
    assert bundle_problems(no_bundle, theirs) == [
        "no bundle <script> in the scripts block of overrides/main.html"]


def blocking_scripts(html: str) -> list[str]:
    """The page's script files loaded without `defer` (or a problem if it loads none)."""
    files = re.findall(r"<script src=\"[^\"]+\"[^>]*>", html)
    return [tag for tag in files if " defer" not in tag] if files else ["no script file"]


def test_every_page_defers_every_script_file(site):
    # Parser-blocking scripts hold up the first paint (ARCHITECTURE.md, "Speed and page weight"); inline ones are
    # Material's few lines that must run before the page shows (palette, hash of a tab).
    for page in ["index", "trade", "timeline", "references"]:
        assert blocking_scripts(site.html(page_file(page))) == [], page
    html = site.html(page_file("trade"))
    blocking = html.replace("</head>", '<script src="../assets/extra.js"></script></head>')
    assert blocking_scripts(blocking) == ['<script src="../assets/extra.js">']
    assert blocking_scripts(re.sub(r"<script src=[^>]*></script>", "", html)) == [
        "no script file"]


# partials/search.html ---------------------------------------------------------------------------

MATERIAL_SEARCH = MATERIAL_BASE.parent / "partials" / "search.html"
SEARCH_LABEL = ' aria-label="{{ lang.t(\'search\') }}"'


def search_partial_problems(ours: str, theirs: str) -> list[str]:
    """Our search partial must be Material's (comments aside) with the dialog's aria-label
    added, and nothing else changed."""
    def body(template: str) -> str:
        return re.sub(r"\{#-?.*?-?#\}", "", template, flags=re.S).strip()

    if 'role="dialog">' not in theirs:
        return ["Material's search partial has no role=\"dialog\" any more: check whether the "
                "override is still needed"]
    expected = body(theirs).replace('role="dialog">', f'role="dialog"{SEARCH_LABEL}>', 1)
    if body(ours) != expected:
        return ["overrides/partials/search.html differs from Material's partials/search.html "
                "beyond the dialog's aria-label: copy Material's file again and add the label"]
    return []


def test_the_search_partial_is_material_s_with_the_dialog_named() -> None:
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text("utf-8")
    theirs = MATERIAL_SEARCH.read_text("utf-8")
    assert search_partial_problems(ours, theirs) == []
    older = theirs.replace('class="md-search__input"', 'class="md-search__field"')
    assert search_partial_problems(ours, older) == [
        "overrides/partials/search.html differs from Material's partials/search.html beyond "
        "the dialog's aria-label: copy Material's file again and add the label"]
    assert search_partial_problems(ours, theirs.replace('role="dialog"', "")) == [
        "Material's search partial has no role=\"dialog\" any more: check whether the override "
        "is still needed"]
