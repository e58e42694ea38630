"""The link-preview card's drawing (`make social-card`, tools/social_card.py): its settings come
from mkdocs.yml, its text is escaped. The card file itself is checked with the pages' previews
(tests/test_link_previews.py)."""

from __future__ import annotations

from conftest import ROOT, real_config
from tools.social_card import card_html, card_settings

CONFIG = real_config()
CARD = ROOT / "docs" / CONFIG["extra"]["link_preview"]["image"]


def test_the_card_is_drawn_from_mkdocs_yml_with_its_text_escaped():
    settings = card_settings(ROOT / "mkdocs.yml")
    assert settings["title"] == CONFIG["site_name"]
    assert settings["address"] == "america-first-explainer.github.io/site"
    assert ROOT / settings["docs_dir"] / settings["image"] == CARD
    html = card_html("Q&A: <US-ROK> and US\u2013Japan", "sub", "e.org/site")
    assert "<h1>Q&amp;A: &lt;US-\u2060ROK&gt; and US\u2013\u2060Japan</h1>" in html
