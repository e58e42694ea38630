"""Charts: the article's figures from `docs/charts.yml`, drawn at build time as inline SVG.

Pure logic behind `hooks/charts.py` (no MkDocs imports). Five parts:

1. `load_charts` reads and validates the data file (through `explainer.datafile`, every value
   with its line): a value that is not a number, percentages of one series (one asking of one
   question) adding up to more than 100, a computed value whose formula does not give it, series
   with different labels, unknown citation keys... each is one `SourceError` line.
2. `chart_svg` draws a chart as a small SVG of our own (horizontal bars, one text line above
   each bar naming it and its value), not with a plotting library: matplotlib would add about
   half a build's CPU time to import, five times the bytes, fixed colours (no dark palette) and
   no `<title>` or `<desc>` (measured: tests/bench/README.md, "Charts: why no plotting
   library"). A figure the article does not state is given as its arithmetic
   (`computed: 850 × 1.5`), drawn dashed and labelled "computed". Everything a reader needs is
   real text: the bar's label and value, the series, a note on computed values; `<title>` and
   `<desc>` (the same figures as a sentence) name and describe it to screen readers (`role="img"`,
   `aria-labelledby`, `aria-describedby`). Colours are classes styled in docs/assets/site.css
   with Material's CSS variables, so a chart follows the light and dark palettes; no script,
   nothing loaded from elsewhere. Drawn anew on every build: the site's three charts take
   0.16 ms together, less than the digest a cache would key them by (0.44 ms; a content cache
   was removed for that, issue 22).
3. `chart_markdown` is what replaces a page's placeholder line `<!-- chart: ID -->`: an
   md_in_html `<figure>` with the SVG and a Markdown `<figcaption>` whose `[@key]` citations
   mkdocs-bibtex turns into footnotes like any other; with `table: true`, a Markdown table of the
   same figures follows (pages that already have such a table keep theirs); then a plain
   `<a download>` link to the chart's CSV.
4. `table_problems` checks that every figure of a chart is in a table row of its page (a row
   whose first cell names the figure's label, with one number per series in order), so no number
   lives only in a picture.
5. `chart_csv` writes the same rows as CSV, the download Our World in Data offers beside its
   charts: numbers as plain digits, units in the header, computed figures said to be, and a
   `Source` column with the sources and the article's notes (`csv_source`), so that the file
   keeps its citation wherever it goes. A translated build writes its labels in its language,
   as its table does; the numbers are the same in every language.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import math
import operator
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import yaml
from lxml import html as lxml_html

from explainer.bibliography import reference_html
from explainer.datafile import EntryList, Field, YamlData, check_cite_key, suggest, text, texts
from explainer.errors import SourceError
from explainer.i18n import N_, _
from explainer.mdtext import CITATION_FIX, ID, ID_FIX, fenced, has_citation, md_text

# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------

FIELDS = ("id", "title", "caption", "cite", "unit", "category", "series", "table")
SERIES_FIELDS = ("label", "values")
VALUE_FIELDS = ("label", "value", "computed")
# How a value is written, in the chart and the table.
UNITS = {
    "percent": lambda v: _("{value}%", "unit").format(value=_number(v)),
    "usd-million": lambda v: _("${value} million", "unit").format(value=_number(v)),
    "number": lambda v: _number(v),
}
MAX_LABEL = 44  # characters: one text line of the chart holds a label and its value
PLACEHOLDER = re.compile(r"^<!--\s*chart:\s*(?P<id>\S+?)\s*-->\s*$")
LOOSE_PLACEHOLDER = re.compile(r"^\s*<!--\s*chart\b", re.I)
# A line LOOSE_PLACEHOLDER matches, anywhere in a page: without one, the page has no chart to
# place and no malformed placeholder to report (hooks/charts.py skips it).
ANY_PLACEHOLDER = re.compile(LOOSE_PLACEHOLDER.pattern, re.I | re.M)

_FILE = EntryList(what="the charts file", key="charts", noun="chart", first="id",
                  item_fix="Write `- id: a-short-name` followed by `title:`, `series:`, ...")


@dataclass(frozen=True)
class Value:
    label: str
    value: float
    computed: str = ""  # how a value the article does not state follows from its figures
    line: int = 0


@dataclass(frozen=True)
class Series:
    """One asking of one question (a survey's year), or one set of figures."""

    label: str
    values: tuple[Value, ...]
    line: int = 0


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    cites: tuple[str, ...]
    unit: str
    series: tuple[Series, ...]
    category: str = ""  # the table's first column header
    table: bool = False
    line: int = 0

    @property
    def label(self) -> str:
        return f"chart {self.id!r}"

    @property
    def categories(self) -> list[str]:
        return [v.label for v in self.series[0].values]

    def format(self, value: Value) -> str:
        return UNITS[self.unit](value.value)


def _number(value: float) -> str:
    return f"{value:,.10g}" if value != int(value) else f"{int(value):,}"


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


def load_charts(text_: str, path: str, *, cite_keys: Collection[str] | None) -> dict[str, Chart]:
    """Parse and validate the charts file: id -> Chart; raise SourceError on the first problem."""
    charts: dict[str, Chart] = {}
    with YamlData(text_, path) as data:
        for node in data.entries(_FILE):
            chart = _chart(data, node, path, cite_keys)
            if chart.id in charts:
                raise SourceError(path, chart.line, f"duplicate chart id {chart.id!r} (also on "
                                  f"line {charts[chart.id].line})", "Give each chart its own id")
            charts[chart.id] = chart
    return charts


def _chart(data: YamlData, node, path: str, cite_keys: Collection[str] | None) -> Chart:
    line = node.start_mark.line + 1
    values = data.fields(node, FIELDS, first="id", nested=("series",))
    if "id" not in values:
        raise SourceError(path, line, f"the chart on line {line} has no `id:`",
                          "Add `id: a-short-name` (what a page's `<!-- chart: ... -->` names)")
    chart_id, id_line = text(values["id"], "id", path, f"the chart on line {line}")
    label = f"chart {chart_id!r}"
    if not ID.match(chart_id):
        raise SourceError(path, id_line, f"id {chart_id!r} is not a valid name", ID_FIX)
    for name, fix in _REQUIRED.items():
        if name not in values:
            raise SourceError(path, line, f"{label} has no {name}", fix)
    title, title_line = _plain(values["title"], "title", path, label)
    caption, caption_line = text(values["caption"], "caption", path, label)
    if has_citation(caption):
        raise SourceError(path, caption_line, f"the caption of {label} contains a citation",
                          CITATION_FIX)
    if "<" in caption:
        raise SourceError(path, caption_line, f"the caption of {label} contains '<' (HTML)",
                          "Write plain text; Markdown *emphasis* is fine")
    unit, unit_line = text(values["unit"], "unit", path, label)
    if unit not in UNITS:
        raise SourceError(path, unit_line, f"unit {unit!r} of {label} is not one of "
                          f"{', '.join(UNITS)}", suggest("Use one of them", unit, UNITS))
    cites = _cites(values["cite"], path, label, cite_keys)
    category = _plain(values["category"], "category", path, label)[0] if "category" in values \
        else ""
    table = False
    if "table" in values:
        table = values["table"].value
        if not isinstance(table, bool):
            raise SourceError(path, values["table"].line, f"`table` of {label} must be true or "
                              "false", "Write `table: true` to add a table of the figures")
    series = _series(data, values["series"], path, label, unit)
    return Chart(id=chart_id, title=title, caption=caption, cites=cites, unit=unit,
                 series=series, category=category, table=table, line=line)


_REQUIRED = {
    "title": "Add `title:`, what the chart shows, in a few words",
    "caption": "Add `caption:`, one or two sentences saying what is measured, when and by whom",
    "cite": "Add `cite:` with the refs.bib key of the article's footnote for these figures",
    "unit": f"Add `unit:` ({', '.join(UNITS)})",
    "series": "Add `series:`, a list of `- label: ...` with `values:`",
}


def _plain(value: Field, name: str, path: str, label: str) -> tuple[str, int]:
    """A text shown as written (title, labels): escaped in the Markdown (`md_text`), so a
    citation there would never become one; the chart's `cite:` gives its sources."""
    result, line = text(value, name, path, label)
    if has_citation(result):
        raise SourceError(path, line, f"`{name}` of {label} contains a citation", CITATION_FIX)
    return result, line


def _cites(value: Field, path: str, label: str, cite_keys: Collection[str] | None) \
        -> tuple[str, ...]:
    # None: not checked (the tests and `make bench` read the real file without refs.bib)
    return tuple(check_cite_key(key, cite_keys, path, line, label) if cite_keys is not None
                 else key.lstrip("@") for key, line in texts(value, "cite", path, label))


def _series(data: YamlData, value: Field, path: str, label: str, unit: str) -> tuple[Series, ...]:
    if not isinstance(value.node, yaml.SequenceNode) or not value.node.value:
        raise SourceError(path, value.line, f"`series` of {label} must be a non-empty list",
                          "Write `series:` then `- label: ...` and `values:` for each")
    result = []
    for node in value.node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise SourceError(path, line, f"each series of {label} must be a mapping",
                              "Write `- label: ...` followed by `values:`")
        fields = data.fields(node, SERIES_FIELDS, first="label", nested=("values",))
        if "label" not in fields or "values" not in fields:
            raise SourceError(path, line, f"a series of {label} lacks `label:` or `values:`",
                              "Give each series a label and its values")
        series_label, _ = _plain(fields["label"], "label", path, label)
        where = f"series {series_label!r} of {label}"
        values = fields["values"]
        if not isinstance(values.node, yaml.SequenceNode) or not values.node.value:
            raise SourceError(path, values.line, f"`values` of {where} must be a non-empty list",
                              "Write `- {label: ..., value: ...}` for each figure")
        items = [_value(data, item, path, where) for item in values.node.value]
        if unit == "percent":
            total = sum(v.value for v in items)
            if total > 100 + 1e-9:
                raise SourceError(path, line, f"the percentages of {where} add up to "
                                  f"{_number(total)}, more than 100",
                                  "Check each figure against the article (one series is one "
                                  "question asked once; put another year in its own series)")
        result.append(Series(series_label, tuple(items), line))
    first = [v.label for v in result[0].values]
    for series in result[1:]:
        labels = [v.label for v in series.values]
        if labels != first:
            raise SourceError(path, series.line, f"series {series.label!r} of {label} has the "
                              f"labels {', '.join(labels)}; the first series has "
                              f"{', '.join(first)}", "Give every series the same labels, in the "
                              "same order")
    return tuple(result)


def _value(data: YamlData, node, path: str, where: str) -> Value:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(path, line, f"each value of {where} must be a mapping",
                          "Write `- {label: Good, value: 56}`")
    fields = data.fields(node, VALUE_FIELDS, first="label")
    if "label" not in fields:
        raise SourceError(path, line, f"a value of {where} has no label", "Add `label: ...`")
    value_label, label_line = _plain(fields["label"], "label", path, where)
    if len(value_label) > MAX_LABEL:
        raise SourceError(path, label_line, f"label {value_label!r} of {where} is longer than "
                          f"{MAX_LABEL} characters", "Shorten it: one line of the chart holds "
                          "the label and its value")
    name = f"{value_label!r} in {where}"
    if "value" not in fields and "computed" not in fields:
        raise SourceError(path, line, f"{name} has no value", "Add `value:` (a number), or "
                          "`computed:` (how it follows from the article's figures)")
    number = None
    if "value" in fields:
        raw = fields["value"].value
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            raise SourceError(path, fields["value"].line, f"value {raw!r} of {name} is not a "
                              "number", "Write digits only, e.g. 56 or 850 (no unit, %, $ "
                              "or quotes: the chart's `unit:` gives them)")
        if raw < 0:
            raise SourceError(path, fields["value"].line, f"value {raw!r} of {name} is below 0",
                              "Bars start at 0: give the figure as the article does")
        number = float(raw)
    computed = ""
    if "computed" in fields:
        computed, computed_line = text(fields["computed"], "computed", path, name)
        try:
            result = evaluate(computed)
        except ValueError as err:
            raise SourceError(path, computed_line, f"`computed` of {name} is not arithmetic on "
                              f"numbers ({err})", "Write it like 850 × 1.5") from None
        if not math.isfinite(result):
            raise SourceError(path, computed_line, f"`computed` of {name} gives no finite "
                              f"number ({computed})", "Check the formula against the article")
        if result < 0:
            raise SourceError(path, computed_line, f"`computed` of {name} gives "
                              f"{_number(result)}, below 0", "Bars start at 0: check the formula "
                              "(a difference is written larger − smaller)")
        if number is not None and abs(number - result) > 1e-9 * max(1, abs(result)):
            raise SourceError(path, fields["value"].line, f"value {_number(number)} of {name} "
                              f"is not {computed} = {_number(result)}",
                              "Correct the value or the formula")
        number = result
    return Value(value_label, number, computed, line)


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}


def evaluate(formula: str) -> float:
    """`850 × 1.5` -> 1275.0: numbers, + − × ÷ (or * / -), brackets; ValueError otherwise."""
    source = formula.translate(str.maketrans({"×": "*", "÷": "/", "−": "-", ",": ""}))
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise ValueError(formula) from None

    def walk(node) -> float:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            try:
                return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
            except ZeroDivisionError:
                raise ValueError("division by zero") from None
        raise ValueError(formula)

    return walk(tree)


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------

WIDTH = 440  # user units; the SVG scales to the column (docs/assets/site.css)
FONT = 14  # user units, the same as the stylesheet's .chart text size
LINE = 18  # a text line
BAR = 12  # a bar's height
GAP = 10  # below a bar
HEADING = 24  # a category heading (charts with several series)


def _esc(text_: str) -> str:
    return html.escape(text_, quote=True)


def chart_svg(chart: Chart) -> str:
    """The chart as one line of SVG markup (a line: Markdown would end a raw block at a blank
    line, and Python-Markdown keeps it whole)."""
    top = max((v.value for s in chart.series for v in s.values), default=0)
    scale = (100 if chart.unit == "percent" else top) or 1
    several = len(chart.series) > 1
    body: list[str] = []
    y = 0.0
    for index, category in enumerate(chart.categories):
        if several:
            y += FONT + 4
            body.append(f'<text class="chart__category" x="0" y="{y:g}">{_esc(category)}</text>')
            y += HEADING - FONT - 4
        for number, series in enumerate(chart.series):
            value = series.values[index]
            name = series.label if several else value.label
            y += FONT
            body.append(f'<text x="0" y="{y:g}">'
                        + _("{label}: {value}", "figure").format(label=_esc(name),
                                                                 value=chart.format(value))
                        + "</text>")
            if value.computed:
                y += LINE
                body.append(f'<text class="chart__note" x="0" y="{y:g}">'
                            + html.escape(_("computed: {formula}"), quote=False)
                            .format(formula=_esc(value.computed))
                            + "</text>")
            y += LINE - FONT
            width = max(value.value / scale * WIDTH, 1)
            kind = "computed" if value.computed else f"s{number % 2}"
            body.append(f'<rect class="chart__bar chart__bar--{kind}" x="0.5" y="{y:g}" '
                        f'width="{width - 1:.1f}" height="{BAR}"/>')
            y += BAR + GAP
    if any(v.computed for s in chart.series for v in s.values):
        y += FONT
        body.append(f'<text class="chart__note" x="0" y="{y:g}">'
                    + html.escape(_("Dashed bars: computed from the article's figures, which "
                                    "do not state them."), quote=False) + "</text>")
        y += GAP
    height = round(y)
    ids = f"chart-{chart.id}"
    return (f'<svg class="chart__svg" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="{ids}-title" aria-describedby="{ids}-desc">'
            f'<title id="{ids}-title">{_esc(chart.title)}</title>'
            f'<desc id="{ids}-desc">{_esc(describe(chart))}</desc>' + "".join(body) + "</svg>")


def describe(chart: Chart) -> str:
    """The chart's figures as sentences (its `<desc>`): the same numbers as the bars."""
    parts = []
    for series in chart.series:
        figures = _("; ", "list").join(
            _("{label}: {value}", "figure").format(label=v.label, value=chart.format(v))
            + (_(", computed as {formula}").format(formula=v.computed) if v.computed else "")
            for v in series.values)
        parts.append(_("{label}: {figures}.", "series").format(label=series.label,
                                                                figures=figures))
    return " ".join([_("Bar chart."), *parts])


# ---------------------------------------------------------------------------------------------
# In a page
# ---------------------------------------------------------------------------------------------


def chart_markdown(chart: Chart, csv_href: str = "") -> str:
    """What replaces the placeholder: the figure (and the table of its figures, if asked), then
    a link to the chart's CSV at the page-relative path `csv_href`, if given (MkDocs checks it)."""
    cites = "; ".join(f"@{k}" for k in chart.cites)
    caption = chart.caption[:-1] if chart.caption.endswith(".") else chart.caption
    lines = [
        f'<figure class="chart" id="chart-{chart.id}" markdown>',
        f'<div class="chart__plot">{chart_svg(chart)}</div>',
        f'<figcaption markdown="span">**{md_text(chart.title)}.** {caption} [{cites}].'
        "</figcaption>",
        "</figure>",
    ]
    if chart.table:
        head, *rows = figure_rows(chart, chart.format, md_text)
        lines += ["", _("The figures of the chart above {cites}:").format(cites=f"[{cites}]"), "",
                  _md_row(head), "|" + "---|" * len(head), *map(_md_row, rows)]
    if csv_href:
        lines += ["", f"[{md_text(_('Download the data (CSV)'))}]({csv_href})"
                  f'{{download aria-describedby="chart-{chart.id}-title"}}']
    return "\n".join(lines)


def figure_rows(chart: Chart, figure: Callable[[Value], str],
                text_: Callable[[str], str]) -> list[list[str]]:
    """The chart's figures as table rows, the header first: the category, one column per
    series and, if a figure is computed, how the article gives each. Contributor text goes
    through `text_` (`md_text` in a page), each figure through `figure`. The rows of the table
    `table: true` adds and of the chart's CSV."""
    computed = any(v.computed for s in chart.series for v in s.values)
    rows = [[text_(h) for h in (chart.category, *(s.label for s in chart.series))]
            + ([text_(_("How the article gives it"))] if computed else [])]
    for index, category in enumerate(chart.categories):
        values = [s.values[index] for s in chart.series]
        how = "; ".join(_("computed: {formula}").format(formula=text_(v.computed)) if v.computed
                        else _("stated") for v in values)
        rows.append([text_(category), *map(figure, values)] + ([how] if computed else []))
    return rows


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def expand_placeholders(markdown: str, charts: Mapping[str, Chart], path: str, *,
                        first_line: int = 1, csv_dir: str = "") \
        -> tuple[str, list[str], list[SourceError]]:
    """Replace each `<!-- chart: ID -->` line (outside fenced code) by the chart; return the
    Markdown, the ids placed (in order) and the problems (unknown id, malformed placeholder).
    `first_line`: the file line of the Markdown's first line (after front matter); `csv_dir`:
    the folder of the charts' CSV files relative to the page ("../charts/"), "" for no link."""
    out, placed, problems = [], [], []
    lines = markdown.split("\n")
    for number, (line, in_fence) in enumerate(zip(lines, fenced(lines)), first_line):
        stripped = line.strip()
        found = PLACEHOLDER.match(stripped) if not in_fence else None
        if found:
            chart_id = found.group("id")
            if chart_id in charts:
                out.append(chart_markdown(charts[chart_id],
                                          csv_dir and f"{csv_dir}{chart_id}.csv"))
                placed.append(chart_id)
                continue
            near = suggest("Use the id of a chart in docs/charts.yml", chart_id, charts)
            problems.append(SourceError(path, number, f"unknown chart {chart_id!r}", near))
        elif not in_fence and LOOSE_PLACEHOLDER.match(line):
            problems.append(SourceError(path, number, f"malformed chart placeholder "
                                        f"{stripped!r}", "Write `<!-- chart: ID -->` on a line "
                                        "of its own"))
        out.append(line)
    return "\n".join(out), placed, problems


# ---------------------------------------------------------------------------------------------
# The same numbers in a table
# ---------------------------------------------------------------------------------------------


def table_rows(html_text: str) -> list[list[str]]:
    """The rows of every table of a page's HTML, each a list of its cells' text (whitespace
    collapsed). Only the part from the first `<table` to the last `</table>` is parsed: a
    page's HTML is mostly prose."""
    start, end = html_text.find("<table"), html_text.rfind("</table>")
    if start == -1 or end < start:
        return []
    root = lxml_html.fragment_fromstring(html_text[start:end + len("</table>")],
                                         create_parent="div")
    return [[" ".join(cell.text_content().split()) for cell in row.iterchildren("td", "th")]
            for row in root.iter("tr")]


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def row_numbers(row: Sequence[str]) -> list[float]:
    """The first number of each cell after the first (cells without one are skipped)."""
    numbers = []
    for cell in row[1:]:
        found = _NUMBER.search(cell)
        if found:
            numbers.append(float(found.group().replace(",", "")))
    return numbers


def table_problems(chart: Chart, rows: Sequence[Sequence[str]]) -> list[str]:
    """Figures of `chart` found in no table row: a row whose first cell names the label (a
    whole word, any case), with the figure of each series in order among its numbers."""
    problems = []
    for index, category in enumerate(chart.categories):
        pattern = re.compile(rf"(?<!\w){re.escape(category.casefold())}(?!\w)")
        candidates = [row_numbers(r) for r in rows if r and pattern.search(r[0].casefold())]
        for number, series in enumerate(chart.series):
            value = series.values[index].value
            if not any(len(found) > number and abs(found[number] - value) < 1e-9
                       for found in candidates):
                problems.append(f"{category!r} = {chart.format(series.values[index])} "
                                f"({series.label})")
    return problems


# ---------------------------------------------------------------------------------------------
# The same numbers as CSV
# ---------------------------------------------------------------------------------------------

# A unit's name in a CSV column header ("End of 2018 (percent)"); a plain number has none.
UNIT_NAMES = {"percent": N_("percent", "csv"), "usd-million": N_("US$ million", "csv"),
              "number": ""}
_NOTES = re.compile(r"fn\. \d+(?:, \d+)*")  # refs.bib's `footnotes = {fn. 9, 27}`


def chart_csv(chart: Chart, source: str) -> str:
    """The chart's figures as CSV (RFC 4180: UTF-8, CRLF, Python's csv quoting): the rows of its
    table (`figure_rows`, "computed: 850 × 1.5" where the site computed a figure), each number
    as plain digits in the chart's unit (1275, not "$1,275 million"), a header naming each
    column, the series' with their unit, and a last column `Source` holding `source`."""
    head, *rows = figure_rows(chart, lambda v: f"{v.value:.15g}", str)
    head[0] = chart.category or chart.title
    unit = _(UNIT_NAMES[chart.unit], "csv") if UNIT_NAMES[chart.unit] else ""
    for column in range(1, len(chart.series) + 1):
        if unit and unit.casefold() not in head[column].casefold():  # "US$ million" as label
            head[column] = _("{label} ({unit})", "csv").format(label=head[column], unit=unit)
    out = io.StringIO()
    csv.writer(out).writerows([[*head, _("Source", "csv")], *([*row, source] for row in rows)])
    return out.getvalue()


def csv_source(article: str, cited: Sequence[tuple[str, str]]) -> str:
    """The CSV's `Source` cell, plain text: each source of the chart's `cite:` (its reference as
    the registry formats it, pandoc Markdown) with the article's notes that cite it (from its
    refs.bib `footnotes` field, when it gives "fn. N"), then the article's reference."""
    sources = []
    for reference, footnotes in cited:
        notes = _NOTES.search(footnotes)
        sources.append(_("{reference} (the article's {notes})", "csv").format(
            reference=plain_text(reference), notes=notes.group()) if notes
            else plain_text(reference))
    return _("{sources} Cited in: {article}", "csv").format(sources="; ".join(sources),
                                                             article=plain_text(article))


def plain_text(reference: str) -> str:
    """A formatted reference (pandoc Markdown) as the text a reader sees in its note."""
    return lxml_html.fragment_fromstring(reference_html(reference), create_parent="span") \
        .text_content()
