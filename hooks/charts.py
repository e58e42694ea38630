"""Charts (issue 10): the article's figures from `docs/charts.yml`, drawn as inline SVG where a
page puts the line `<!-- chart: ID -->`.

Thin MkDocs glue; the logic (data, drawing, the figure's Markdown, the table check) is in
`explainer/charts.py`. Build flow:

- `on_files`: load and validate `docs/charts.yml` (bad data -> one line, the build stops) and take
  it out of the published files; add each chart's CSV, `charts/ID.csv` (MkDocs' `File.generated`,
  written in `on_env`).
- `on_page_markdown`: replace each placeholder line by the chart's `<figure>` and the link to its
  CSV (an unknown id fails the build with the page and line; MkDocs checks the link).
- `on_page_content`: every figure of a chart must be in a table row of its page (the page's own
  table, or the one `table: true` adds).
- `on_env`: every chart placed exactly once; the problems of all pages, then the build stops;
  else each CSV's text, its `Source` column from the references pandoc formatted for the notes
  (mkdocs-bibtex's registry) and the article (`extra.cite.article_key`, as hooks/cite_this_page.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs_bibtex.citation import Citation

from explainer.charts import (ANY_PLACEHOLDER, Chart, chart_csv, csv_source, expand_placeholders,
                              load_charts, table_problems, table_rows)
from explainer.errors import SourceError, display_path
from explainer.generated_page import (body_line, cite_keys, fail, project_root,
                                      take_data_file)

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config):
    global _state
    _state = _State()  # `mkdocs serve` rebuilds in the same process
    return config


def on_files(files, config):
    data = take_data_file(files, config, DATA_FILE)
    _state.docs = display_path(config.docs_dir, project_root(config))
    if data is None:
        log.debug(f"No {DATA_FILE} in docs/: charts off")
        return files
    try:
        _state.charts = load_charts(data.text, data.path, cite_keys=cite_keys(config))
    except SourceError as err:
        raise fail(err) from None
    _state.path = data.path
    for chart_id in _state.charts:
        _state.csv[chart_id] = File.generated(config, f"{CSV_DIR}/{chart_id}.csv", content=b"")
        files.append(_state.csv[chart_id])
    return files


# After hooks/citations.py's check (100), which reports the page's own lines before the figures
# are added; before mkdocs-bibtex (0), which turns the captions' [@key] into footnotes.
@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    if not ANY_PLACEHOLDER.search(markdown):
        return markdown
    path = f"{_state.docs}/{page.file.src_uri}"
    csv_dir = "../" * page.file.src_uri.count("/") + CSV_DIR + "/"
    markdown, placed, problems = expand_placeholders(markdown, _state.charts, path,
                                                     first_line=body_line(page.file.content_string),
                                                     csv_dir=csv_dir)
    for problem in problems:
        if not _state.charts and "unknown chart" in problem.problem:
            problem = SourceError(problem.path, problem.line, problem.problem,
                                  f"There is no docs/{DATA_FILE}: add the chart there")
        log.error(str(problem))
        _state.errors.append(problem)
    if placed:
        _state.placed[page.file.src_uri] = placed
    return markdown


def on_page_content(html, page, config, files):
    charts = [_state.charts[i] for i in _state.placed.get(page.file.src_uri, ())]
    checked = [c for c in charts if not c.table]
    if checked:
        rows = table_rows(html)
        for chart in checked:
            for missing in table_problems(chart, rows):
                _error(chart, f"{chart.label}: {missing} is in no table row of "
                       f"{page.file.src_uri}", "Add the figure to the page's table (a row "
                       "whose first cell names it, one number per series), or set `table: "
                       "true`")
    return html


def on_env(env, config, files):
    if _state.charts:
        counts: dict[str, list[str]] = {}
        for page, ids in _state.placed.items():
            for chart_id in ids:
                counts.setdefault(chart_id, []).append(page)
        for chart in _state.charts.values():
            pages = counts.get(chart.id, [])
            if not pages:
                _error(chart, f"{chart.label} is placed on no page", f"Put the line "
                       f"`<!-- chart: {chart.id} -->` on the page that discusses its figures, "
                       "or remove the chart")
            elif len(pages) > 1:
                _error(chart, f"{chart.label} is placed {len(pages)} times "
                       f"({', '.join(pages)})", "Place each chart once")
    if _state.errors:
        raise PluginError(f"{len(_state.errors)} chart problem(s), listed above: fix them and "
                          "build again.")
    if _state.charts:
        registry = config.plugins["bibtex"].registry
        article = registry.reference_text(Citation(key=config.extra["cite"]["article_key"]))
        for chart in _state.charts.values():
            cited = [(registry.reference_text(Citation(key=key)),
                      registry.bib_data.entries[key].fields.get("footnotes", ""))
                     for key in chart.cites]
            _state.csv[chart.id].content_bytes = chart_csv(chart, csv_source(article, cited)) \
                .encode("utf-8")
    return env


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _error(chart: Chart, problem: str, fix: str) -> None:
    error = SourceError(_state.path, chart.line, problem, fix)
    log.error(str(error))
    _state.errors.append(error)


# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.charts")
DATA_FILE = "charts.yml"
CSV_DIR = "charts"  # site/charts/ID.csv (site/ko/charts/ID.csv in the ko build)


@dataclass
class _State:
    charts: dict[str, Chart] = field(default_factory=dict)
    path: str = f"docs/{DATA_FILE}"
    docs: str = "docs"
    placed: dict[str, list[str]] = field(default_factory=dict)  # page src -> chart ids
    csv: dict[str, File] = field(default_factory=dict)  # chart id -> its CSV
    errors: list[SourceError] = field(default_factory=list)


_state = _State()
