"""Page weight figures (issue 8): `make bench` prints them; `make test` asserts them against
tests/budgets.yml (tests/tools/test_page_weight.py). Bytes and requests only, computed from the built
files by tools.page_weight (what each page loads, gzip-compressed as a host sends it)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import ROOT, build_in_child  # noqa: E402

sys.path[:0] = [str(ROOT / "hooks"), str(ROOT)]

import yaml  # noqa: E402

from tools.page_weight import (  # noqa: E402
    FIGURES,
    figures,
    format_table,
    load_budgets,
    over_budget,
    page_load,
    site_pages,
)


def main() -> int:
    base = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]).path
    docs = ROOT / "docs"
    own = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        site = Path(tmp) / "site"
        build_in_child("full", ROOT / "mkdocs.yml", site)
        table = figures([page_load(site, p, base) for p in site_pages(site)], own)
    budgets = load_budgets((ROOT / "tests" / "budgets.yml").read_text("utf-8"))
    print("page weight (compressed bytes, requests), real site:")
    print("  " + format_table(table).replace("\n", "\n  "))
    print("  largest, and budget (tests/budgets.yml):")
    for figure in FIGURES:
        size = max(row[figure][0] for row in table.values())
        requests = max(row[figure][1] for row in table.values())
        limit = budgets.limits[figure]
        print(f"    {figure:12} {size:>9,} bytes ({size / 1024:.1f} KiB), {requests:>2} requests;"
              f"  budget {limit.get('bytes', 0):>9,} bytes, {limit.get('requests', '-')} requests")
    problems = over_budget(table, budgets)
    print("  over budget: " + ("; ".join(problems) if problems else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
