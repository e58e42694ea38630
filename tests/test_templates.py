"""Template overrides (overrides/): each stays Material's block with one change, and fails here,
not on readers' screens, when a Material upgrade moves what the change relies on."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material

from conftest import ROOT, page_file

MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"
OURS = (ROOT / "overrides" / "main.html").read_text("utf-8")
_BLOCK = re.compile(r"\{% block scripts %\}.*?\{% endblock %\}", re.S)
_BUNDLE_TAG = re.compile(r"<script [^>]*src=\"[^\"]*assets/javascripts/bundle\.[^\"]*\"[^>]*>")


def rendered_scripts(ours: str, theirs: str) -> str:
    """Our `scripts` block rendered over Material's (`theirs`, its base template), with two of
    the site's scripts: what the end of every page's body holds."""
    env = jinja2.Environment(loader=jinja2.DictLoader(
        {"base.html": _BLOCK.search(theirs)[0], "main.html": ours}))
    env.filters["url"] = lambda path: f"../{path}"
    env.filters["script_tag"] = lambda path: f'<script src="../{path}"></script>'
    return env.get_template("main.html").render(
        config={"extra_javascript": ["assets/a.min.js", "assets/b.js"]})


def bundle_problems(ours: str, theirs: str) -> list[str]:
    """What is wrong with our override (`ours`) over Material's base template (`theirs`): the
    bundle Material ships, whatever its hash, must be loaded deferred, and nothing else
    changed."""
    if " defer" in _BLOCK.search(theirs)[0]:
        return ["Material defers its bundle itself: the override is no longer needed"]
    html = rendered_scripts(ours, theirs)
    tags = _BUNDLE_TAG.findall(html)
    if not tags:
        return ["no bundle <script> in the scripts block"]
    problems = [f"the bundle is loaded without `defer` (Material's markup changed, the "
                f"replace in overrides/main.html misses it): {tag}" for tag in tags
                if " defer" not in tag]
    material_s = rendered_scripts("{% extends 'base.html' %}", theirs)
    if html.replace(" defer>", ">", 1).split() != material_s.split():  # whitespace aside
        problems.append("overrides/main.html changes Material's scripts block beyond the "
                        "bundle's `defer`")
    return problems


def test_the_bundle_material_ships_is_deferred():
    assert bundle_problems(OURS, MATERIAL_BASE.read_text("utf-8")) == []


def test_a_bundle_no_longer_deferred_is_reported():
    """The same check over Material's template changed as a release could change it: a new
    hash passes; markup the replace misses, a Material deferring its bundle itself, no bundle,
    and an override that touches the other scripts are reported."""
    theirs = MATERIAL_BASE.read_text("utf-8")
    shipped = re.search(r"assets/javascripts/bundle\.\w+\.min\.js", theirs)[0]
    assert bundle_problems(OURS, theirs.replace(shipped, "assets/javascripts/bundle.0000beef"
                                                         ".min.js")) == []
    moved = theirs.replace(f"{shipped}' | url }}}}\"></script>",
                           f"{shipped}' | url }}}}\" type=\"module\"></script>")
    assert moved != theirs
    assert bundle_problems(OURS, moved) == [
        "the bundle is loaded without `defer` (Material's markup changed, the replace in "
        "overrides/main.html misses it): <script src=\"../assets/javascripts/"
        f"{shipped.rsplit('/', 1)[1]}\" type=\"module\">"]
    assert bundle_problems(OURS, theirs.replace(" | url }}\">", " | url }}\" defer>")) == [
        "Material defers its bundle itself: the override is no longer needed"]
    assert bundle_problems(OURS, theirs.replace(shipped, "assets/javascripts/main.js")) == [
        "no bundle <script> in the scripts block"]
    assert bundle_problems(OURS.replace(", 1)", ")"), theirs) == [
        "overrides/main.html changes Material's scripts block beyond the bundle's `defer`"]


def blocking_scripts(html: str) -> list[str]:
    """The page's script files loaded without `defer` (or a problem if it loads none)."""
    files = re.findall(r"<script src=\"[^\"]+\"[^>]*>", html)
    return [tag for tag in files if " defer" not in tag] if files else ["no script file"]


def test_every_page_defers_every_script_file(site):
    # Parser-blocking scripts hold up the first paint (overrides/main.html, block scripts);
    # inline ones are Material's few lines that must run before the page shows (palette, hash of
    # a tab).
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
