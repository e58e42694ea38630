"""Front matter: MkDocs would silently show invalid front matter as text, Material would break
its <meta> tag on a double quote. Both must fail the build with the page and line."""

from __future__ import annotations

import pytest

from conftest import ROOT, real_config
from explainer.errors import SourceError
from explainer.page_meta import check_description, check_unparsed_front_matter
from conftest import bib_with

GOOD = "---\ndescription: What the page explains.\n---\n\n# Home\n\nText [@wei2020america].\n"


def test_unparsed_front_matter_is_reported_with_its_line():
    markdown = "---\ndescription: Trade: the KORUS FTA\n---\n\n# Trade\n"
    with pytest.raises(SourceError) as err:
        check_unparsed_front_matter(markdown, "docs/trade.md")
    assert str(err.value).startswith("docs/trade.md:2: front matter is not valid YAML")
    check_unparsed_front_matter("# Trade\n\n---\n\ntext\n", "docs/trade.md")  # a rule is fine


@pytest.mark.parametrize("meta, problem", [
    ({}, "front matter has no 'description'"),
    ({"description": 'The "fair trade" principle.'}, "description contains a straight double quote"),
    ({"description": "x" * 161}, "description has 161 characters, more than 160"),
])
def test_bad_descriptions(meta, problem):
    check_description({"description": "A fine sentence."}, "docs/x.md")
    with pytest.raises(SourceError, match=problem):
        check_description(meta, "docs/x.md")


def test_build_fails_on_front_matter_mkdocs_could_not_read(make_site):
    hooks = {"hooks": [str(ROOT / h) for h in real_config()["hooks"]]}
    assert "hooks/page_meta.py" in real_config()["hooks"]
    assert make_site({"index.md": GOOD}, bib=bib_with(), config=hooks).ok
    bad = GOOD.replace("What the page explains.", "Trade: what the page explains.")
    result = make_site({"index.md": bad}, bib=bib_with(), config=hooks)
    assert not result.ok
    assert any(w.startswith("docs/index.md:2: front matter is not valid YAML") for w in result.warnings)
    assert "Traceback" not in result.output


def test_every_real_page_has_its_own_description(site):
    import re
    pages = [p for p in site.site_dir.rglob("index.html") if "search" not in p.parts]
    descriptions = {}
    for path in pages:
        found = re.findall(r'<meta name="description" content="([^"]*)">', path.read_text("utf-8"))
        assert len(found) == 1, path
        descriptions[path] = found[0]
    assert len(pages) >= 9 and len(set(descriptions.values())) == len(pages)
