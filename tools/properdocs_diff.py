"""The way out of MkDocs: the site built with MkDocs and with ProperDocs, compared.

ProperDocs is the continuation of MkDocs 1.6 by its original maintainers (MkDocs itself has had
no release since August 2024). It reads the same mkdocs.yml, loads Material, mkdocs-bibtex and
our hooks unchanged (it redirects every `import mkdocs` to itself), and writes the same site but
for the `generator` meta tag ("mkdocs-ProperDocs 1.6.7, ..." for "mkdocs-1.6.1, ..."). This
tool keeps that true: `make properdocs-diff` (CI's job of that name) builds the site with each,
strict, into two folders under .cache/properdocs-diff/, and fails with one line per file that
differs by anything else (or is in one build only). ProperDocs and the site's build dependencies
live in their own venv (.venv-properdocs, from the hash-locked requirements-properdocs.txt, at
the versions of requirements.txt).

Both builds run with the same SOURCE_DATE_EPOCH, so the sitemap's dates and the gzip header of
sitemap.xml.gz agree even across midnight.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Data -------------------------------------------------------------------------------------------

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
ROOT = Path(__file__).resolve().parents[1]

# Helper functions -------------------------------------------------------------------------------


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def site_differences(mkdocs_site: Path, properdocs_site: Path) -> tuple[list[str], int]:
    """(one line per file the two builds differ in beyond the generator tag, the number of files
    that differ in the generator tag only)."""
    ours, theirs = _files(mkdocs_site), _files(properdocs_site)
    problems, generator_only = [], 0
    for name in sorted(ours | theirs):
        if name not in theirs:
            problems.append(f"{name}: only in the MkDocs build")
        elif name not in ours:
            problems.append(f"{name}: only in the ProperDocs build")
        else:
            a, b = (mkdocs_site / name).read_bytes(), (properdocs_site / name).read_bytes()
            if a == b:
                continue
            if name.endswith(".html") and GENERATOR.sub(b"", a) == GENERATOR.sub(b"", b):
                generator_only += 1
            else:
                problems.append(f"{name}: differs beyond the generator tag (diff -r "
                                f"{mkdocs_site} {properdocs_site})")
    return problems, generator_only


def build(program: str, site_dir: Path, env: dict[str, str]) -> None:
    """`program build --strict` of mkdocs.yml into `site_dir`; SystemExit with one line if it
    fails."""
    command = [program, "build", "--strict", "--quiet", "-f", "mkdocs.yml", "--site-dir",
               str(site_dir)]
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                check=False)
    except FileNotFoundError:
        raise SystemExit(f"{program}: not found. Run `make properdocs-diff`, which installs "
                         "it") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"{Path(program).name} build failed (exit {result.returncode}): {last}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mkdocs", default=".venv/bin/mkdocs")
    parser.add_argument("--properdocs", default=".venv-properdocs/bin/properdocs")
    parser.add_argument("--out", default=".cache/properdocs-diff", type=Path)
    args = parser.parse_args(argv)
    out = args.out if args.out.is_absolute() else ROOT / args.out
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(time.time())),
           "NO_MKDOCS_2_WARNING": "1"}
    sites = {"mkdocs": out / "mkdocs", "properdocs": out / "properdocs"}
    build(args.mkdocs, sites["mkdocs"], env)
    build(args.properdocs, sites["properdocs"], env)
    problems, generator_only = site_differences(sites["mkdocs"], sites["properdocs"])
    for line in problems:
        print(line)
    total = len(_files(sites["mkdocs"]) | _files(sites["properdocs"]))
    print(f"MkDocs and ProperDocs: {total} files, {generator_only} differ in the generator tag "
          f"only, {len(problems)} otherwise")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
