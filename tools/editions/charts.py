"""The site's inline chart SVG as a standalone file for the editions.

On the site, the bars take their colours from the palette (site.css). An edition has no
stylesheet for them, so each bar gets its paint as attributes, told apart without colour for
grayscale print: the first series solid black, the second solid mid grey, computed figures an
outline dashed (as the chart's own legend says) on a white fill.
"""

from __future__ import annotations

import copy

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
PAINT = {
    "chart__bar--s0": {"fill": "#1a1a1a"},
    "chart__bar--s1": {"fill": "#8c8c8c"},
    "chart__bar--computed": {"fill": "#ffffff", "stroke": "#1a1a1a", "stroke-width": "1.5",
                             "stroke-dasharray": "4 3"},
}
TEXT = {"": {"font-size": "14", "fill": "#000000"},
        "chart__category": {"font-size": "14", "font-weight": "bold", "fill": "#000000"},
        "chart__note": {"font-size": "12", "fill": "#000000"}}


def painted(svg: etree._Element, font: str) -> etree._Element:
    """A copy of the chart with every bar's and text's paint as attributes (no CSS needed)."""
    svg = copy.deepcopy(svg)
    for el in svg.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        classes = (el.get("class") or "").split()
        if name == "rect":
            for cls in classes:
                for key, value in PAINT.get(cls, {}).items():
                    el.set(key, value)
        elif name == "text":
            style = TEXT.get(next((c for c in classes if c in TEXT), ""), TEXT[""])
            for key, value in style.items():
                el.set(key, value)
            el.set("font-family", font)
    return svg


def standalone_svg(svg: etree._Element, font: str) -> bytes:
    """The chart as an SVG file (namespaced, viewBox spelled right after the HTML parser)."""
    svg = painted(svg, font)
    out = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG})
    for key, value in svg.attrib.items():
        if key == "xmlns" or key.startswith("xmlns:"):
            continue  # the HTML parser keeps it as a plain attribute
        out.set("viewBox" if key.lower() == "viewbox" else key, value)
    for child in svg:
        out.append(_namespaced(child))
    return etree.tostring(out, encoding="utf-8", xml_declaration=True)


def _namespaced(el: etree._Element) -> etree._Element:
    if not isinstance(el.tag, str):
        return copy.deepcopy(el)
    new = etree.Element(f"{{{SVG}}}{etree.QName(el).localname}", dict(el.attrib))
    new.text, new.tail = el.text, el.tail
    for child in el:
        new.append(_namespaced(child))
    return new
