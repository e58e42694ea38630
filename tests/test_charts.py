"""docs/charts.yml and the charts: bad input fails with one line; the SVG carries its title,
description and figures as text, references nothing outside and stays small; pages place charts
with `<!-- chart: ID -->`, and every figure is also in a table of the page; the real site's
charts match the data file and the tables."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import posixpath
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from pybtex.database import parse_file

from conftest import LANGS, ROOT, bib_with, page_file
from explainer import charts as charts_module
from explainer.charts import (chart_csv, chart_markdown, chart_svg, csv_source, evaluate,
                              expand_placeholders, load_charts, table_problems, table_rows)
from explainer.errors import SourceError
from explainer.mdtext import md_text

GOOD = """\
charts:
  - id: survey
    title: What people said
    caption: Share of respondents, end of 2018.
    cite: alpha
    unit: percent
    series:
      - label: Previous year
        values:
          - {label: Good, value: 56}
          - {label: Bad, value: 23}
      - label: End of 2018
        values:
          - {label: Good, value: 39}
          - {label: Bad, value: 39}
  - id: money
    title: Sought and agreed
    caption: Dollars.
    cite: [alpha, beta]
    unit: usd-million
    table: true
    series:
      - label: US$ million
        values:
          - {label: Before, value: 850}
          - {label: Demand, computed: 850 × 1.5}
"""
KEYS = {"alpha", "beta"}


def load(text: str):
    return load_charts(text, "docs/charts.yml", cite_keys=KEYS)


BAD = [
    ("not-a-number", GOOD.replace("value: 56}", "value: fifty-six}"),
     "docs/charts.yml:10: value 'fifty-six' of 'Good' in series 'Previous year' of chart 'survey' "
     "is not a number. Write digits only, e.g. 56 or 850 (no unit, %, $ or quotes: the chart's "
     "`unit:` gives them)"),
    ("percent-sign", GOOD.replace("value: 56}", "value: 56%}"),
     "docs/charts.yml:10: value '56%' of 'Good' in series 'Previous year' of chart 'survey' is "
     "not a number."),
    ("quoted-number", GOOD.replace("value: 56}", "value: '56'}"),
     "docs/charts.yml:10: value '56' of 'Good' in series 'Previous year' of chart 'survey' is "
     "not a number."),
    ("over-100", GOOD.replace("value: 23}", "value: 45}"),
     "docs/charts.yml:8: the percentages of series 'Previous year' of chart 'survey' add up to "
     "101, more than 100. Check each figure against the article (one series is one question "
     "asked once; put another year in its own series)"),
    ("negative", GOOD.replace("value: 23}", "value: -3}"),
     "docs/charts.yml:11: value -3 of 'Bad' in series 'Previous year' of chart 'survey' is below "
     "0."),
    ("computed-mismatch",
     GOOD.replace("computed: 850 × 1.5}", "value: 1200, computed: 850 × 1.5}"),
     "docs/charts.yml:26: value 1,200 of 'Demand' in series 'US$ million' of chart 'money' is not "
     "850 × 1.5 = 1,275. Correct the value or the formula"),
    ("computed-not-arithmetic", GOOD.replace("computed: 850 × 1.5}", "computed: half of 850}"),
     "docs/charts.yml:26: `computed` of 'Demand' in series 'US$ million' of chart 'money' is not "
     "arithmetic on numbers (half of 850). Write it like 850 × 1.5"),
    ("no-value", GOOD.replace("{label: Before, value: 850}", "{label: Before}"),
     "docs/charts.yml:25: 'Before' in series 'US$ million' of chart 'money' has no value."),
    ("labels-differ", GOOD.replace("{label: Bad, value: 39}", "{label: Poor, value: 39}"),
     "docs/charts.yml:12: series 'End of 2018' of chart 'survey' has the labels Good, Poor; the "
     "first series has Good, Bad. Give every series the same labels, in the same order"),
    ("unknown-cite", GOOD.replace("cite: [alpha, beta]", "cite: [alpha, btea]"),
     "docs/charts.yml:19: unknown citation key 'btea' in chart 'money'. Closest keys: beta. Add "
     "the source to refs.bib or correct the key"),
    ("unknown-unit", GOOD.replace("unit: percent", "unit: percents"),
     "docs/charts.yml:6: unit 'percents' of chart 'survey' is not one of percent, usd-million, "
     "number. Use one of them (did you mean 'percent'?)"),
    ("duplicate-id", GOOD.replace("id: money", "id: survey"),
     "docs/charts.yml:16: duplicate chart id 'survey' (also on line 2). Give each chart its own "
     "id"),
    ("missing-caption", GOOD.replace("    caption: Dollars.\n", ""),
     "docs/charts.yml:16: chart 'money' has no caption."),
    ("long-label", GOOD.replace("{label: Before,", "{label: " + "Before " * 8 + ","),
     "docs/charts.yml:25: label '" + ("Before " * 8).strip() + "' of series 'US$ million' of "
     "chart 'money' is longer than 44 characters."),
    ("table-not-bool", GOOD.replace("table: true", "table: yes please"),
     "docs/charts.yml:21: `table` of chart 'money' must be true or false."),
    ("yaml-tag", GOOD.replace("value: 56}", "value: !num 56}"),
     "docs/charts.yml:10: unreadable value for 'value' (could not determine a constructor for the "
     "tag '!num'). Write it as plain text in quotes"),
    ("infinite", GOOD.replace("value: 56}", "value: .inf}"),
     "docs/charts.yml:10: value inf of 'Good' in series 'Previous year' of chart 'survey' is not "
     "a number."),
    ("not-a-number-nan", GOOD.replace("value: 850}", "value: .nan}"),
     "docs/charts.yml:25: value nan of 'Before' in series 'US$ million' of chart 'money' is not a "
     "number."),
    ("computed-infinite", GOOD.replace("computed: 850 × 1.5}", "computed: 1e308 × 10}"),
     "docs/charts.yml:26: `computed` of 'Demand' in series 'US$ million' of chart 'money' gives "
     "no finite number (1e308 × 10). Check the formula against the article"),
    ("computed-negative", GOOD.replace("computed: 850 × 1.5}", "computed: 100 − 300}"),
     "docs/charts.yml:26: `computed` of 'Demand' in series 'US$ million' of chart 'money' gives "
     "-200, below 0. Bars start at 0: check the formula (a difference is written larger − "
     "smaller)"),
    # Plain text shown as written (escaped): a citation there would never become a footnote.
    ("citation-in-title", GOOD.replace("title: What people said", "title: Said [@alpha]"),
     "docs/charts.yml:3: `title` of chart 'survey' contains a citation. Put the key in `cite:` "
     "instead"),
    ("citation-in-series-label", GOOD.replace("label: Previous year", "label: Year @beta"),
     "docs/charts.yml:8: `label` of chart 'survey' contains a citation."),
    ("citation-in-value-label", GOOD.replace("{label: Bad,", "{label: 'Bad [@beta]',"),
     "docs/charts.yml:11: `label` of series 'Previous year' of chart 'survey' contains a "
     "citation."),
    ("citation-in-category", GOOD.replace("table: true", "table: true\n    category: '[@beta]'"),
     "docs/charts.yml:22: `category` of chart 'money' contains a citation."),
    ("citation-in-caption", GOOD.replace("caption: Dollars.", "caption: Dollars [@beta]."),
     "docs/charts.yml:18: the caption of chart 'money' contains a citation. Put the key in "
     "`cite:` instead"),
    ("html-in-caption", GOOD.replace("caption: Dollars.", "caption: <b>Dollars</b>."),
     "docs/charts.yml:18: the caption of chart 'money' contains '<' (HTML). Write plain text; "
     "Markdown *emphasis* is fine"),
    ("repeated-top-key", GOOD + "charts:\n  - id: other\n",
     "docs/charts.yml:27: `charts:` given twice (first on line 1). Keep one `charts:` and list "
     "every chart under it"),
    ("repeated-value-key", GOOD.replace("{label: Good, value: 56}", "{label: Good, value: 56, "
                                        "value: 5}"),
     "docs/charts.yml:10: field 'value' given twice in one entry."),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_charts_fail_with_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as err:
        load(text)
    assert str(err.value).startswith(expected)
    assert "\n" not in str(err.value)


def test_good_charts_load_and_computed_values_are_computed() -> None:
    charts = load(GOOD)
    assert list(charts) == ["survey", "money"]
    demand = charts["money"].series[0].values[1]
    assert (demand.value, demand.computed) == (1275, "850 × 1.5")
    assert charts["survey"].categories == ["Good", "Bad"]


@pytest.mark.parametrize("formula, result", [("850 × 1.5", 1275), ("850 * 5", 4250),
                                             ("(923 − 850) ÷ 850 × 100", 73 / 850 * 100),
                                             ("1,000 + 2", 1002)])
def test_evaluate_arithmetic(formula: str, result: float) -> None:
    assert evaluate(formula) == pytest.approx(result)


@pytest.mark.parametrize("formula", ["__import__('os')", "850 ** 2", "x * 2", "1 / 0", ""])
def test_evaluate_refuses_anything_else(formula: str) -> None:
    with pytest.raises(ValueError):
        evaluate(formula)


# -- the SVG ---------------------------------------------------------------------------------------


def svg_of(chart) -> BeautifulSoup:
    return BeautifulSoup(chart_svg(chart), "html.parser").svg


def test_svg_names_and_describes_itself_and_shows_every_figure_as_text() -> None:
    chart = load(GOOD)["survey"]
    svg = svg_of(chart)
    assert svg["role"] == "img"
    assert svg.title.get_text() == "What people said"
    assert svg.find(id=svg["aria-labelledby"]) is svg.title
    assert svg.find(id=svg["aria-describedby"]) is svg.desc
    assert svg.desc.get_text() == ("Bar chart. Previous year: Good: 56%; Bad: 23%. End of 2018: "
                                   "Good: 39%; Bad: 39%.")
    texts = [t.get_text() for t in svg.select("text")]
    assert texts == ["Good", "Previous year: 56%", "End of 2018: 39%", "Bad",
                     "Previous year: 23%", "End of 2018: 39%"]
    widths = [float(r["width"]) for r in svg.select("rect")]
    assert widths == pytest.approx([v / 100 * 440 - 1 for v in (56, 39, 23, 39)])


def test_svg_labels_computed_figures_and_how() -> None:
    svg = svg_of(load(GOOD)["money"])
    texts = [t.get_text() for t in svg.select("text")]
    assert "Demand: $1,275 million" in texts and "computed: 850 × 1.5" in texts
    assert any(t.startswith("Dashed bars: computed") for t in texts)
    assert "chart__bar--computed" in svg.select("rect")[1]["class"]
    assert "computed as 850 × 1.5" in svg.desc.get_text()


def svg_problems(markup: str) -> list[str]:
    """What a chart's SVG must not hold: scripts, styles or references outside it, fixed
    colours (they come from the stylesheet's palette variables)."""
    problems = [f"element <{m}>" for m in
                re.findall(r"<(script|image|use|a|foreignObject|style)\b", markup)]
    problems += [f"reference {m}" for m in re.findall(r"\b(?:href|src)=|url\(", markup)]
    problems += [f"fixed colour {m}" for m in
                 re.findall(r"#[0-9a-fA-F]{3,8}\b|rgb\(|\bfill=|\bstroke=", markup)]
    return problems


def test_svg_references_nothing_outside_and_has_no_script_or_fixed_colour() -> None:
    for chart in load(GOOD).values():
        assert svg_problems(chart_svg(chart)) == []
    markup = chart_svg(load(GOOD)["survey"])
    for bad, problem in [("<script>alert(1)</script>", "element <script>"),
                         ('<a href="https://e.org/">x</a>', "element <a>"),
                         ('<image src="x.png"/>', "element <image>"),
                         ("<style>rect {fill: red}</style>", "element <style>"),
                         ('<rect fill="#c00"/>', "fixed colour #c00"),
                         ('<rect style="fill: rgb(1, 2, 3)"/>', "fixed colour rgb("),
                         ('<rect stroke="red"/>', "fixed colour stroke="),
                         ('<g filter="url(#f)"/>', "reference url(")]:
        assert problem in svg_problems(markup.replace("</svg>", bad + "</svg>")), bad


SVG_BUDGET = 6 * 1024  # bytes gzipped


def oversized(markup: str) -> int | None:
    """The gzipped size of a chart's SVG over SVG_BUDGET, else None."""
    size = len(gzip.compress(markup.encode("utf-8"), 9))
    return size if size > SVG_BUDGET else None


def test_real_charts_are_small_and_self_contained() -> None:
    text = (ROOT / "docs" / "charts.yml").read_text("utf-8")
    for chart in load_charts(text, "docs/charts.yml", cite_keys=None).values():
        assert oversized(chart_svg(chart)) is None, chart.id
        assert svg_problems(chart_svg(chart)) == [], chart.id
    # A chart with 400 bars, each with its own label: over the budget.
    values = "\n".join(f"          - {{label: Item {i} {i * 7919 % 10007}, value: {i % 97}}}"
                       for i in range(400))
    big = load(GOOD.split("      - label: End of 2018")[0].replace(
        "          - {label: Good, value: 56}\n          - {label: Bad, value: 23}", values)
        .replace("unit: percent", "unit: number"))
    assert oversized(chart_svg(big["survey"])) > SVG_BUDGET


# -- in a page -------------------------------------------------------------------------------------


def test_placeholders_become_figures_and_unknown_ones_fail_with_the_line() -> None:
    charts = load(GOOD)
    page = "# T\n\n<!-- chart: survey -->\n\n```\n<!-- chart: nothing -->\n```\n\n" \
           "<!-- chart: survy -->\n<!--chart survey-->\n"
    out, placed, problems = expand_placeholders(page, charts, "docs/x.md")
    assert placed == ["survey"]
    assert '<figure class="chart" id="chart-survey" markdown>' in out
    assert "<!-- chart: nothing -->" in out, "code stays as written"
    assert [str(p) for p in problems] == [
        "docs/x.md:9: unknown chart 'survy'. Use the id of a chart in docs/charts.yml (did you "
        "mean 'survey'?)",
        "docs/x.md:10: malformed chart placeholder '<!--chart survey-->'. Write "
        "`<!-- chart: ID -->` on a line of its own",
    ]


def test_figure_markdown_cites_in_the_caption_and_adds_a_table_when_asked() -> None:
    charts = load(GOOD)
    survey = chart_markdown(charts["survey"])
    assert ('<figcaption markdown="span">**What people said.** Share of respondents, end of '
            "2018 [@alpha].</figcaption>") in survey
    assert "|" not in survey
    money = chart_markdown(charts["money"])
    assert "The figures of the chart above [@alpha; @beta]:" in money
    assert f"| Demand | $1,275 million | computed: {md_text('850 × 1.5')} |" in money
    assert "| Before | $850 million | stated |" in money


def test_titles_and_labels_are_text_in_the_figure_and_its_table() -> None:
    """A title or label that looks like Markdown renders as written (the SVG has it as text):
    `*`, `_`, `|` and `<` in the figcaption and the table."""
    import markdown

    text = (GOOD.replace("title: Sought and agreed", "title: 'Sought *and* agreed <b>'")
            .replace("{label: Before,", "{label: 'Before | *2019*',")
            .replace("label: US$ million", "label: US$ million_total"))
    html = markdown.markdown(chart_markdown(load(text)["money"]),
                             extensions=["md_in_html", "tables"])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("figcaption strong").get_text() == "Sought *and* agreed <b>."
    assert [c.get_text() for c in soup.select("table tr")[1].find_all("td")] == \
        ["Before | *2019*", "$850 million", "stated"]
    assert soup.select("table th")[1].get_text() == "US$ million_total"
    assert not soup.select("figcaption em, figcaption b, td em")


def test_table_check_finds_each_figure_in_a_row_naming_it() -> None:
    chart = load(GOOD)["survey"]
    good = ("<table><tr><th>Survey</th><th>Previous year</th><th>End of 2018</th></tr>"
            "<tr><td>Relationship is “good”</td><td>56 percent</td><td>39 percent</td></tr>"
            "<tr><td>Relationship is “bad”</td><td>23 percent</td><td>39 percent</td></tr>"
            "</table>")
    assert table_problems(chart, table_rows(good)) == []
    wrong = good.replace("23 percent", "32 percent")
    assert table_problems(chart, table_rows(wrong)) == ["'Bad' = 23% (Previous year)"]
    swapped = good.replace("<td>56 percent</td><td>39 percent</td>",
                           "<td>39 percent</td><td>56 percent</td>")
    assert table_problems(chart, table_rows(swapped)) == ["'Good' = 56% (Previous year)",
                                                          "'Good' = 39% (End of 2018)"]
    assert table_problems(chart, table_rows("<p>No table.</p>")) == [
        "'Good' = 56% (Previous year)", "'Good' = 39% (End of 2018)",
        "'Bad' = 23% (Previous year)", "'Bad' = 39% (End of 2018)"]


# -- fixture sites ---------------------------------------------------------------------------------

PAGE = """\
---
description: A fixture page.
---

# Home

A survey [@reuters2019yomiuri].

| Answer | Previous year | End of 2018 |
| --- | --- | --- |
| Good | 56 percent | 39 percent |
| Bad | 23 percent | 39 percent |

<!-- chart: survey -->
"""
CHARTS = GOOD.replace("cite: alpha", "cite: reuters2019yomiuri").replace(
    "cite: [alpha, beta]", "cite: wei2020america")


def build(make_site, page: str = PAGE, charts: str = CHARTS, **files):
    page += "\n<!-- chart: money -->\n" if "chart: money" not in page else ""
    return make_site({"index.md": page, "charts.yml": charts, **files},
                     bib=bib_with("reuters2019yomiuri"))


def test_fixture_site_draws_the_charts_where_placed(make_site) -> None:
    result = build(make_site)
    assert result.ok, result.output
    html = result.html()
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.select_one("figure#chart-survey")
    assert figure.select_one("svg[role=img] title").get_text() == "What people said"
    caption = figure.select_one("figcaption")
    assert caption.select_one("a.footnote-ref")["href"] == "#fn:cite-reuters2019yomiuri"
    assert soup.find(id="fn:cite-reuters2019yomiuri") is not None
    assert soup.select_one("figure#chart-money + p + table") is not None
    assert not (result.site_dir / "charts.yml").exists(), "the data file is not published"
    for chart in yaml.safe_load(CHARTS)["charts"]:  # a page at the root: "charts/ID.csv"
        assert csv_problems(result.site_dir, chart, "index") == [], chart["id"]


BAD_SITES = [
    ("unknown-id", PAGE.replace("chart: survey", "chart: survy"),
     "docs/index.md:14: unknown chart 'survy'. Use the id of a chart in docs/charts.yml (did you "
     "mean 'survey'?)"),
    ("not-in-table", PAGE.replace("| 23 percent |", "| 32 percent |"),
     "docs/charts.yml:2: chart 'survey': 'Bad' = 23% (Previous year) is in no table row of "
     "index.md. Add the figure to the page's table (a row whose first cell names it, one number "
     "per series), or set `table: true`"),
    ("not-placed", PAGE.replace("<!-- chart: survey -->", ""),
     "docs/charts.yml:2: chart 'survey' is placed on no page. Put the line `<!-- chart: survey "
     "-->` on the page that discusses its figures, or remove the chart"),
    ("placed-twice", PAGE + "\n<!-- chart: survey -->\n",
     "docs/charts.yml:2: chart 'survey' is placed 2 times (index.md, index.md). Place each chart "
     "once"),
    ("value-not-a-number", None,
     "docs/charts.yml:10: value 'many' of 'Good' in series 'Previous year' of chart 'survey' is "
     "not a number."),
    ("over-100", None,
     "docs/charts.yml:8: the percentages of series 'Previous year' of chart 'survey' add up to "
     "156, more than 100."),
]


@pytest.mark.parametrize("name, page, expected", BAD_SITES, ids=[c[0] for c in BAD_SITES])
def test_bad_charts_stop_the_build_with_their_line(make_site, name, page, expected) -> None:
    charts = CHARTS
    if name == "value-not-a-number":
        charts = CHARTS.replace("value: 56}", "value: many}")
    elif name == "over-100":
        charts = CHARTS.replace("value: 23}", "value: 100}")
    result = build(make_site, page or PAGE, charts)
    assert not result.ok
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output
    assert "Traceback" not in result.output


def test_placeholder_without_a_charts_file_fails(make_site) -> None:
    result = make_site({"index.md": PAGE}, bib=bib_with("reuters2019yomiuri"))
    assert not result.ok
    assert ("docs/index.md:14: unknown chart 'survey'. There is no docs/charts.yml: add the chart "
            "there") in result.output


# -- the real site ---------------------------------------------------------------------------------

REAL = {"japanese-survey": "impacts", "korean-survey": "impacts", "sma-demands": "cost-sharing"}


def real_data() -> dict:
    return {c["id"]: c for c in yaml.safe_load(
        (ROOT / "docs" / "charts.yml").read_text("utf-8"))["charts"]}


@pytest.mark.parametrize("chart_id, page", REAL.items())
def test_real_charts_are_on_their_pages_with_title_description_and_caption(site, chart_id,
                                                                           page) -> None:
    data = real_data()[chart_id]
    soup = BeautifulSoup(site.html(page_file(page)), "html.parser")
    figure = soup.select_one(f"article figure#chart-{chart_id}")
    assert figure is not None
    svg = figure.select_one("svg")
    assert svg["role"] == "img" and svg.title.get_text() == data["title"]
    assert svg.find(id=svg["aria-labelledby"]) is svg.title
    assert svg.find(id=svg["aria-describedby"]).get_text().startswith("Bar chart.")
    caption = figure.select_one("figcaption")
    assert caption.get_text().replace("’", "'").startswith(data["title"])
    keys = data["cite"] if isinstance(data["cite"], list) else [data["cite"]]
    assert [a["href"] for a in caption.select("a.footnote-ref")] == [f"#fn:cite-{k}"
                                                                      for k in keys]
    assert len(gzip.compress(str(svg).encode(), 9)) <= 6 * 1024
    assert not svg.select("script, image, use, a, foreignObject")


@pytest.mark.parametrize("chart_id, page", REAL.items())
def test_real_charts_show_the_data_files_figures_and_so_does_a_table(site, chart_id,
                                                                     page) -> None:
    data = real_data()[chart_id]
    html = site.html(page_file(page))
    soup = BeautifulSoup(html, "html.parser")
    svg = soup.select_one(f"figure#chart-{chart_id} svg")
    texts = " | ".join(t.get_text() for t in svg.select("text"))
    desc = svg.desc.get_text()
    rows = table_rows(str(soup.select_one("article")))
    for series in data["series"]:
        for value in series["values"]:
            number = value.get("value", None)
            if number is None:
                number = evaluate(value["computed"])
            shown = (f"{number:g}%" if data["unit"] == "percent" else f"${number:,.0f} million")
            assert shown in texts and shown in desc, (chart_id, value)
            matching = [r for r in rows if r and re.search(
                rf"(?<!\w){re.escape(value['label'].casefold())}(?!\w)", r[0].casefold())]
            index = data["series"].index(series)
            assert any(len(nums) > index and nums[index] == number
                       for nums in (charts_module.row_numbers(r) for r in matching)), \
                (chart_id, value, matching)


def test_real_cost_sharing_chart_labels_its_computed_figures(site) -> None:
    soup = BeautifulSoup(site.html(page_file("cost-sharing")), "html.parser")
    texts = [t.get_text() for t in soup.select("figure#chart-sma-demands svg text")]
    assert "Opening US demand (+50%): $1,275 million" in texts
    assert "computed: 850 × 1.5" in texts and "computed: 923 × 5" in texts
    table = soup.select_one("figure#chart-sma-demands ~ table")
    cells = [[c.get_text() for c in tr.select("td")] for tr in table.select("tr")[1:]]
    assert ["Opening US demand (+50%)", "$1,275 million", "computed: 850 × 1.5"] in cells
    assert ["Agreed in February 2019", "$923 million", "stated"] in cells


def palette_problems(css: str) -> list[str]:
    """Chart rules of the stylesheet whose fill or stroke is not one of Material's palette
    variables (or no such rule at all)."""
    rules = re.findall(r"(\.md-typeset [^{]*chart[^{]*)\{([^}]*)\}", css)
    colours = [(selector.strip(), v.strip()) for selector, body in rules
               for v in re.findall(r"(?:fill|stroke):\s*([^;]+);", body)]
    if not colours:
        return ["no fill or stroke in the chart rules"]
    return [f"{selector}: {value}" for selector, value in colours
            if not value.startswith("var(--md-")]


def test_chart_colours_come_from_the_palette_variables() -> None:
    css = (ROOT / "docs" / "assets" / "site.css").read_text("utf-8")
    assert palette_problems(css) == []
    fixed = css + "\n.md-typeset .chart__bar--s2 {\n  fill: #3366cc;\n}\n"
    assert palette_problems(fixed) == [".md-typeset .chart__bar--s2: #3366cc"]
    assert palette_problems("body { color: red; }") == ["no fill or stroke in the chart rules"]


# -- the CSV downloads -----------------------------------------------------------------------------


def test_csv_has_the_table_s_rows_plain_numbers_units_computed_figures_and_source() -> None:
    charts = load(GOOD)
    text = chart_csv(charts["money"], "Wei, “Article”")
    assert text.count("\r\n") == text.count("\n") == 3, "RFC 4180 line ends"
    assert text.splitlines()[1] == 'Before,850,stated,"Wei, “Article”"', "quoted as needed"
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["Sought and agreed", "US$ million", "How the article gives it", "Source"],
        ["Before", "850", "stated", "Wei, “Article”"],
        ["Demand", "1275", "computed: 850 × 1.5", "Wei, “Article”"]]
    head = next(csv.reader(io.StringIO(chart_csv(charts["survey"], "S"))))
    assert head == ["What people said", "Previous year (percent)", "End of 2018 (percent)",
                    "Source"]


def test_csv_source_names_each_source_with_the_article_s_notes_then_the_article() -> None:
    cited = [("Choe. “Deal.” *NYT*, 2019. <https://e.org/a>.", "fn. 9, 27"),
             ("Reuters. 2019.", "fn. 28 (its number is lost in the extracted text)"),
             ("Jang. 2019.", "")]
    assert csv_source("Wei, Zongyou. *China International Studies*, 2020.", cited) == (
        "Choe. “Deal.” NYT, 2019. https://e.org/a. (the article's fn. 9, 27); Reuters. 2019. "
        "(the article's fn. 28); Jang. 2019. Cited in: Wei, Zongyou. China International "
        "Studies, 2020.")


@functools.cache
def bib_fields(field: str) -> dict[str, str]:
    """A field of each entry of refs.bib: `footnotes` (the article's notes citing it), `url`."""
    entries = parse_file(str(ROOT / "refs.bib"), "bibtex").entries
    return {key: entry.fields.get(field, "") for key, entry in entries.items()}


def csv_problems(site_dir: Path, chart: dict, page: str) -> list[str]:
    """What is wrong with the CSV download of `chart` (an entry of the charts.yml the site was
    built from) in the built site `site_dir`: a link to it on `page`, the file, UTF-8, one kind
    of line end, every row as long as the header, the series' columns, and each row against
    charts.yml (label, numbers, computed figures labelled, the Source naming the article's
    notes and the article) and against a table row of the page (as `table_problems` reads it)."""
    name = f"charts/{chart['id']}.csv"
    article = BeautifulSoup((site_dir / page_file(page)).read_text("utf-8"),
                            "html.parser").select_one("article")
    where = posixpath.dirname(page_file(page))
    problems = [] if any(
        posixpath.normpath(posixpath.join(where, a["href"])) == name and a.get_text(strip=True)
        for a in article.select("a[download][href]")) else [f"{page}: no download link to {name}"]
    if not (site_dir / name).is_file():
        return [*problems, f"{name}: missing"]
    data = (site_dir / name).read_bytes()
    if b"\r\n" in data and b"\n" in data.replace(b"\r\n", b""):
        problems.append(f"{name}: CRLF and LF line ends mixed")
    try:
        head, *body = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True)
    except (UnicodeDecodeError, csv.Error, ValueError) as err:
        return [*problems, f"{name}: unreadable ({err})"]
    series = chart["series"]
    size = len(series)
    problems += [f"{name}:1: column {i + 1} is {head[i]!r}, not the series {s['label']!r}"
                 for i, s in enumerate(series, 1) if not head[i].startswith(s["label"])]
    labels = [v["label"] for v in series[0]["values"]]
    if [row[0] for row in body] != labels:
        problems.append(f"{name}: rows {[row[0] for row in body]}, charts.yml has {labels}")
    table = table_rows(str(article))
    cites = chart["cite"] if isinstance(chart["cite"], list) else [chart["cite"]]
    notes = [m.group() for k in cites
             if (m := re.match(r"fn\. \d+(, \d+)*", bib_fields("footnotes")[k]))]
    article_url = bib_fields("url")["wei2020america"]
    for line, row in enumerate(body, 2):
        if len(row) != len(head):
            problems.append(f"{name}:{line}: {len(row)} cells, the header has {len(head)}")
            continue
        if row[0] not in labels:
            continue
        values = [s["values"][labels.index(row[0])] for s in series]
        expected = [v["value"] if "value" in v else evaluate(v["computed"]) for v in values]
        try:
            numbers = [float(cell) for cell in row[1:size + 1]]
        except ValueError:
            problems.append(f"{name}:{line}: {row[1:size + 1]} are not plain numbers")
            continue
        if numbers != expected:
            problems.append(f"{name}:{line}: {row[0]!r} is {numbers}, charts.yml has {expected}")
        pattern = re.compile(rf"(?<!\w){re.escape(row[0].casefold())}(?!\w)")
        if not any(r and pattern.search(r[0].casefold())
                   and charts_module.row_numbers(r)[:size] == numbers for r in table):
            problems.append(f"{name}:{line}: {row[0]!r} = {numbers} is in no table row of {page}")
        how = " ".join(row[size + 1:-1])
        problems += [f"{name}:{line}: {row[0]!r} not labelled as computed ({v['computed']})"
                     for v in values if "computed" in v and v["computed"] not in how]
        problems += [f"{name}:{line}: the source names no {n}" for n in notes if n not in row[-1]]
        if article_url not in row[-1]:
            problems.append(f"{name}:{line}: the source does not name the article")
    return problems


@pytest.mark.parametrize("lang", ["en", *LANGS])
@pytest.mark.parametrize("chart_id, page", REAL.items())
def test_real_charts_link_a_csv_of_their_table_s_figures(site, lang, chart_id, page) -> None:
    built = site.languages[lang]
    data = {c["id"]: c for c in yaml.safe_load(
        (built.docs_dir / "charts.yml").read_text("utf-8"))["charts"]}[chart_id]
    assert csv_problems(built.site_dir, data, page) == []
    numbers = [row[1:len(data["series"]) + 1] for row in csv.reader(io.StringIO(
        (built.site_dir / f"charts/{chart_id}.csv").read_text("utf-8")))]
    english = [row[1:len(data["series"]) + 1] for row in csv.reader(io.StringIO(
        (site.site_dir / f"charts/{chart_id}.csv").read_text("utf-8")))]
    assert numbers[1:] == english[1:], "the same numbers in every language"


def test_the_csv_check_fails_on_a_changed_figure_table_or_source_a_lost_link_and_file(
        site, tmp_path) -> None:
    for name in ("cost-sharing/index.html", "charts/sma-demands.csv"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copyfile(site.site_dir / name, tmp_path / name)
    chart, csv_file, html_file = (real_data()["sma-demands"], tmp_path / "charts/sma-demands.csv",
                                  tmp_path / "cost-sharing/index.html")
    good, html = csv_file.read_bytes(), html_file.read_text("utf-8")

    def problems(csv_text: bytes = good, page: str = html) -> list[str]:
        csv_file.write_bytes(csv_text)
        html_file.write_text(page, "utf-8")
        return csv_problems(tmp_path, chart, "cost-sharing")

    name = "charts/sma-demands.csv"
    assert problems() == []
    assert problems(good.replace(b",923,", b",932,")) == [
        f"{name}:4: 'Agreed in February 2019' is [932.0], charts.yml has [923]",
        f"{name}:4: 'Agreed in February 2019' = [932.0] is in no table row of cost-sharing"]
    assert problems(page=html.replace("<td>$923 million</td>", "<td>$932 million</td>")) == [
        f"{name}:4: 'Agreed in February 2019' = [923.0] is in no table row of cost-sharing"]
    assert problems(good.replace(b",1275,", b',"1,275",')) == [
        f"{name}:3: ['1,275'] are not plain numbers"]
    assert problems(good.replace("computed: 850 × 1.5".encode(), b"stated")) == [
        f"{name}:3: 'Opening US demand (+50%)' not labelled as computed (850 × 1.5)"]
    assert problems(good.replace(b"fn. 10", b"")) == [
        f"{name}:{line}: the source names no fn. 10" for line in range(2, 6)]
    assert problems(good.replace(b"brgg.fudan.edu.cn", b"")) == [
        f"{name}:{line}: the source does not name the article" for line in range(2, 6)]
    assert problems(good.replace(b",stated,", b",", 1)) == [
        f"{name}:2: 3 cells, the header has 4"]
    assert problems(good.replace(b"\r\n", b"\n", 1)) == [
        f"{name}: CRLF and LF line ends mixed"]
    soup = BeautifulSoup(html, "html.parser")
    soup.select_one("a[download]").decompose()
    assert problems(page=str(soup)) == [f"cost-sharing: no download link to {name}"]
    problems()
    csv_file.unlink()
    assert csv_problems(tmp_path, chart, "cost-sharing") == [f"{name}: missing"]
