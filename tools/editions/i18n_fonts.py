"""The PDF's fonts per language: Korean and Japanese take Noto Sans CJK from two locked PyPI
packages (noto-cjk-sans-otc: the Regular collection, KR and JP faces; noto-cjk-sans-jp-bold: the
JP Bold face, which covers Hangul too and sets Korean headings and strong text, since the KR
face has no Bold there). Nothing is downloaded at build time; the colophon names each font with
its licence.
"""

from __future__ import annotations

import json

from explainer.errors import SourceError

# Data -------------------------------------------------------------------------------------------

# Per language: the body's font families in fallback order, the families for bold text where
# the body's CJK face has no Bold, the line spacing (CJK text needs more) and the fonts'
# packages. A language not listed is set as English.
FONTS = {
    "en": {"body": ("Libertinus Serif",), "bold": None, "leading": "0.62em", "packages": ()},
    "ko": {"body": ("Libertinus Serif", "Noto Sans CJK KR"),
           "bold": ("Libertinus Serif", "Noto Sans CJK JP"), "leading": "0.9em",
           "packages": ("noto_cjk_sans_otc", "noto_cjk_sans_jp_bold")},
    "ja": {"body": ("Libertinus Serif", "Noto Sans CJK JP"), "bold": None, "leading": "0.9em",
           "packages": ("noto_cjk_sans_otc", "noto_cjk_sans_jp_bold")},
}
# The colophon names each font with its licence.
LICENCES = {"Libertinus Serif": "SIL Open Font License 1.1",
            "DejaVu Sans Mono": "Bitstream Vera Fonts licence",
            "Noto Sans CJK": "SIL Open Font License 1.1"}


# Helper functions -------------------------------------------------------------------------------


def families(names: tuple[str, ...]) -> str:
    return "(" + ", ".join(json.dumps(n) for n in names) + ",)"


def fonts(lang: str) -> dict:
    return FONTS.get(lang, FONTS["en"])


def font_paths(lang: str) -> list[str]:
    """The folders of the language's font packages (installed from requirements.txt)."""
    from importlib import resources

    found = []
    for package in fonts(lang)["packages"]:
        try:
            found.append(str(resources.files(package)))
        except ModuleNotFoundError:
            raise SourceError("requirements.txt", None, f"the font package {package} is not "
                              "installed", "Run `make .venv/.installed`") from None
    return found
