"""Every page with JavaScript off: the same text as with it, each citation a link that shows its
reference, each glossary term naming its definition and linking to its entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .checks import article_text, nojs_problems
from .conftest import PAGES, TRANSLATED

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def glossary_ids(tab, real) -> Callable[[str], set[str]]:
    """glossary_ids(page) -> the anchors of the Glossary page of the page's language (loaded
    without JavaScript, once a language)."""
    found: dict[str, set[str]] = {}

    def get(name: str) -> set[str]:
        lang = name.split("/")[0] + "/" if "/" in name else ""
        if lang not in found:
            current = tab("nojs")
            current.goto(real.url(f"{lang}glossary"))
            found[lang] = set(current.page.evaluate(
                "() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
            assert len(found[lang]) > 30
        return found[lang]

    return get


# Every English page; of a translation, the pages whose text the translation makes in its own
# way (Trade's paragraphs, the generated Glossary and Timeline): the same templates otherwise.
JS_OFF = [*PAGES, *(n for n in TRANSLATED if n.split("/")[1] in ("trade", "glossary", "timeline"))]


@pytest.mark.parametrize("name", JS_OFF)
def test_page_is_readable_without_javascript(tab, real, report, glossary_ids, name):
    with_js = report(name, "light").text
    ids = glossary_ids(name)
    current = tab("nojs")
    current.goto(real.url(name))
    assert current.page.evaluate("() => document.documentElement.classList.contains('js')") is False
    assert nojs_problems(current.page, with_js, ids) == []


# -- the same check on pages built to break it --------------------------------------------------

@pytest.mark.parametrize("page, expected", [
    ("script-only-text", "text shown only with JavaScript: 'The ROK agreed to pay more.'"),
    ("dead-citation", "citation '9' (#fn:cite-gone) does not lead to a reference in the list"),
    ("untitled-term", "term 'ROK' does not name its definition (no title)"),
])
def test_what_needs_javascript_is_reported(tab, broken, page, expected):
    with_js = tab("light")
    with_js.goto(broken.url(page))
    text = article_text(with_js.page)
    current = tab("nojs")
    current.goto(broken.url("glossary"))
    ids = set(current.page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
    current.goto(broken.url(page))
    problems = nojs_problems(current.page, text, ids)
    assert any(p.startswith(expected) for p in problems), problems
