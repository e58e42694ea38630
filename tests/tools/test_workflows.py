"""The GitHub workflows, Dependabot and pre-commit: zizmor (offline) finds nothing and fails on
a broken fixture; the workflows parse, run the make targets the README documents, and have the
shape that publishing safely needs (issue 9)."""

from __future__ import annotations

import importlib
import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from tools import review
from tools.workflows import make_calls, makefile_targets, run_commands, workflow_problems, \
    zizmor

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as True
    return on if isinstance(on, dict) else {name: None for name in on}


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


# zizmor -----------------------------------------------------------------------------------------

def test_zizmor_finds_nothing_in_the_workflows():
    assert WORKFLOWS and {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml", "linkcheck.yml",
                                                         "release.yml"}
    assert [str(p) for p in zizmor(ROOT)] == []


GOOD_WORKFLOW = """\
name: Fixture
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - run: make test
"""


@pytest.mark.parametrize("breakage, expected", [
    (("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
      "actions/checkout@v4"),
     ".github/workflows/fixture.yml:9: unpinned action reference (unpinned-uses): action is not "
     "pinned to a hash (required by blanket policy): see "
     "https://docs.zizmor.sh/audits/#unpinned-uses"),
    (("permissions:\n  contents: read\n", ""),
     ".github/workflows/fixture.yml:4: overly broad permissions (excessive-permissions): default "
     "permissions used due to no permissions: block: see "
     "https://docs.zizmor.sh/audits/#excessive-permissions"),
    (("        with:\n          persist-credentials: false\n", ""),
     ".github/workflows/fixture.yml:9: credential persistence through GitHub Actions artifacts "
     "(artipacked): does not set persist-credentials: false: see "
     "https://docs.zizmor.sh/audits/#artipacked"),
    (("      - run: make test\n",
      "      - run: echo \"${{ github.event.head_commit.message }}\"\n"),
     ".github/workflows/fixture.yml:12: code injection via template expansion "
     "(template-injection)"),
])
def test_zizmor_fails_a_broken_workflow_with_its_line(tmp_path, breakage, expected):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "fixture.yml").write_text(GOOD_WORKFLOW, "utf-8")
    assert zizmor(tmp_path) == []
    (folder / "fixture.yml").write_text(GOOD_WORKFLOW.replace(*breakage), "utf-8")
    found = [str(p) for p in zizmor(tmp_path)]
    assert any(line.startswith(expected) for line in found), found


# The workflows, read as YAML --------------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_is_least_privilege_and_pinned(path):
    workflow = yaml.safe_load(path.read_text("utf-8"))
    # Read-only, or nothing at all where every job says what it needs (release.yml).
    assert workflow["permissions"] in ({"contents": "read"}, {})
    if not workflow["permissions"]:
        assert all("permissions" in job for job in workflow["jobs"].values())
    for job_name, step in steps(workflow):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), f"{job_name}: {step['uses']} is not a SHA pin"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False
    # Every pin names its release in a comment, for people and for Dependabot.
    for line in path.read_text("utf-8").splitlines():
        if re.match(r"\s*(-\s+)?uses:", line):
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line
    for job in workflow["jobs"].values():
        assert job.get("timeout-minutes"), "a job without timeout runs for six hours"


def test_only_the_deploy_and_release_jobs_may_write_and_they_check_out_nothing():
    widened = {(path.name, name): job["permissions"] for path in WORKFLOWS
               for name, job in yaml.safe_load(path.read_text("utf-8"))["jobs"].items()
               if "permissions" in job}
    assert widened == {("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
                       ("release.yml", "build"): {"contents": "read"},
                       ("release.yml", "release"): {"contents": "write"}}
    deploy = load("deploy.yml")["jobs"]["deploy"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    publish = load("release.yml")["jobs"]["release"]["steps"]
    assert [s.get("uses", "run").split("@")[0] for s in publish] == \
        ["actions/download-artifact", "run"]


def test_a_release_publishes_only_a_checked_and_tested_tag():
    workflow = load("release.yml")
    assert triggers(workflow) == {"push": {"tags": ["**"]}}  # any tag: make release says why not
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["release"]
    assert publish["needs"] == "build"
    checkout = build["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    order = [s.get("run") or s["uses"].split("@")[0] for s in build["steps"]]
    assert order.index("make editions") < order.index("make release") < \
        order.index("make test") < order.index("actions/upload-artifact")
    assert any("merge-base --is-ancestor HEAD origin/main" in step for step in order)
    by_run = {s.get("run"): s for s in build["steps"]}
    # the tag reaches make release through the environment, never a command line
    assert by_run["make release"]["env"] == {"RELEASE_TAG": "${{ github.ref_name }}"}
    assert by_run["make test"]["env"]["CI"] == "true"
    assert not any(s.get("continue-on-error") or s.get("if") for s in build["steps"])
    upload = build["steps"][-1]
    download, create = publish["steps"]
    assert upload["with"]["name"] == download["with"]["name"] and upload["with"]["path"] == "dist/"
    assert create["run"].startswith('gh release create "$TAG" --verify-tag')
    assert "dist/*.pdf dist/*.epub" in create["run"] and "${{" not in create["run"]


def test_deploy_publishes_only_what_the_strict_build_and_link_check_passed():
    workflow = load("deploy.yml")
    assert set(triggers(workflow)) == {"push", "workflow_dispatch"}
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    order = [s.get("run") or s["uses"].split("@")[0] for s in build["steps"]]
    # make editions: the strict build, the PDF and EPUB, the site again linking them.
    assert order.index("make editions") < order.index("make linkcheck") < \
        order.index("actions/upload-pages-artifact")
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    # No step of the build job may continue past a failure.
    assert not any(s.get("continue-on-error") or s.get("if") for s in build["steps"])


def test_ci_runs_make_test_and_reviews_every_pull_request():
    workflow = load("ci.yml")
    assert {"pull_request", "push"} <= set(triggers(workflow))
    job = workflow["jobs"]["test"]
    test = next(s for s in job["steps"] if s.get("run") == "make test")
    assert test["env"]["CI"] == "true" and test["env"]["CHROMIUM"]
    summary = next(s for s in job["steps"] if "make summary" in s.get("run", ""))
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    for step in (summary, upload):  # after make test, even when it failed, on pull requests
        assert "!cancelled()" in step["if"] and "pull_request" in step["if"]
    assert summary["env"]["TEST_OUTCOME"] == "${{ steps.test.outcome }}"
    assert upload["with"]["name"] == review.ARTIFACT and upload["with"]["path"] == "site/"
    assert history_problems(workflow, "test") == []  # also HEAD^1, the summary's base


def history_problems(workflow: dict, job: str) -> list[str]:
    """A job that builds the site must check out the whole history (`fetch-depth: 0`): each
    page's date is its sources' last commit (hooks/page_history.py), which a shallow clone lacks."""
    return [f"{job}: checkout with fetch-depth {step.get('with', {}).get('fetch-depth', 1)}, "
            "not 0 (the whole history)" for step in workflow["jobs"][job]["steps"]
            if step.get("uses", "").startswith("actions/checkout@")
            and step.get("with", {}).get("fetch-depth", 1) != 0]


def test_the_jobs_that_build_the_site_fetch_the_whole_history():
    assert history_problems(load("deploy.yml"), "build") == []
    shallow = load("deploy.yml")
    checkout = next(s for s in shallow["jobs"]["build"]["steps"] if "checkout" in s["uses"])
    del checkout["with"]["fetch-depth"]  # the action's default: the last commit only
    assert history_problems(shallow, "build") == [
        "build: checkout with fetch-depth 1, not 0 (the whole history)"]
    checkout["with"]["fetch-depth"] = 2
    assert len(history_problems(shallow, "build")) == 1


def test_the_workflows_call_make_targets_the_readme_documents():
    readme = {t for t, _ in make_calls((ROOT / "README.md").read_text("utf-8"))}
    targets = makefile_targets((ROOT / "Makefile").read_text("utf-8"))
    called = {t for path in WORKFLOWS for script in run_commands(
        yaml.safe_load(path.read_text("utf-8"))) for t, _ in make_calls(script)}
    assert {"test", "editions", "linkcheck", "summary", "linkcheck-external",
            "properdocs-diff", "release"} <= called
    assert called <= readme and called <= targets
    assert {"test", "serve", "check", "page", "summary"} <= readme <= targets
    assert workflow_problems(ROOT) == []


def test_a_workflow_calling_an_undocumented_target_fails(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (tmp_path / "Makefile").write_text("test:\n\tpytest\nsecret: test\n\ttrue\n", "utf-8")
    (tmp_path / "README.md").write_text("Run `make test`.\n", "utf-8")
    (folder / "ci.yml").write_text(GOOD_WORKFLOW.replace(
        "      - run: make test\n",
        "      - run: make test\n"
        "      - run: |\n          make secret\n          make deploy X=1\n"),
        "utf-8")
    assert [str(p) for p in workflow_problems(tmp_path)] == [
        ".github/workflows/ci.yml:14: runs make secret, which README.md does not document: "
        "document the target in README.md, or run one it documents",
        ".github/workflows/ci.yml:15: runs make deploy, which the Makefile does not define: use "
        "a target of the Makefile"]
    (folder / "broken.yml").write_text("jobs:\n  a: [\n", "utf-8")
    assert str(workflow_problems(tmp_path)[0]).startswith(
        ".github/workflows/broken.yml:3: YAML syntax error")


def test_make_calls_read_targets_not_variables():
    text = "make summary BASE=HEAD^1\n`make build` (the site)\nmake -C x\nmake check lint\n"
    assert make_calls(text) == [("summary", 1), ("build", 2), ("check", 4), ("lint", 4)]


# Dependabot -------------------------------------------------------------------------------------

def npm_directories(root: Path = ROOT) -> set[str]:
    """Every folder of the repository with a package.json (Dependabot's form: "/", "/a/b")."""
    tracked = subprocess.run(["git", "ls-files", "*package.json"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.split()
    return {"/" + str(Path(f).parent).strip(".").strip("/") for f in tracked}


def dependabot_problems(config: dict, npm: set[str]) -> list[str]:
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    expected = {"pip", "github-actions"} | ({"npm"} if npm else set())
    problems = [f"no Dependabot updates for {name}" for name in sorted(expected - set(ecosystems))]
    for name, update in ecosystems.items():
        if update["schedule"]["interval"] != "weekly":
            problems.append(f"{name}: not weekly")
        folders = set(update.get("directories") or [update.get("directory")])
        wanted = npm if name == "npm" else {"/"}
        problems += [f"{name}: {folder} is not updated" for folder in sorted(wanted - folders)]
    return problems


def test_dependabot_updates_every_package_manager_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    npm = npm_directories()
    assert npm == {"/", "/tests/bench"}  # the HTML checker; Lighthouse for `make bench`
    assert dependabot_problems(config, npm) == []


def test_a_package_json_left_out_of_dependabot_fails():
    config = {"updates": [
        {"package-ecosystem": "pip", "directory": "/", "schedule": {"interval": "weekly"}},
        {"package-ecosystem": "github-actions", "directory": "/",
         "schedule": {"interval": "weekly"}},
        {"package-ecosystem": "npm", "directory": "/", "schedule": {"interval": "daily"}}]}
    assert dependabot_problems(config, {"/", "/tests/bench"}) == [
        "npm: not weekly", "npm: /tests/bench is not updated"]
    assert dependabot_problems({"updates": config["updates"][:2]}, {"/"}) == [
        "no Dependabot updates for npm"]


# pre-commit -------------------------------------------------------------------------------------

PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


def test_the_pre_commit_config_is_valid():
    result = subprocess.run([str(Path(sys.executable).with_name("pre-commit")), "validate-config",
                             str(PRE_COMMIT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def hooks() -> list[dict]:
    config = yaml.safe_load(PRE_COMMIT.read_text("utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_the_pre_commit_hooks_are_local_and_name_existing_entry_points():
    config = yaml.safe_load(PRE_COMMIT.read_text("utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    ids = {hook["id"] for hook in hooks()}
    assert ids == {"content-lint", "syntax", "workflow-lint"}
    for hook in hooks():
        assert hook["language"] == "system"
        words = shlex.split(hook["entry"])
        program = words[words.index("env") + 2] if words[0] == "env" else words[0]
        assert (ROOT / program).exists() or Path(program).name == Path(sys.executable).name
        module = words[words.index("-m") + 1]
        assert importlib.util.find_spec(module) is not None, module
        assert hasattr(importlib.import_module(module), "main")


def run_hook(hook_id: str, files: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """A hook's entry, as pre-commit runs it, with this Python for the venv's."""
    hook = next(h for h in hooks() if h["id"] == hook_id)
    words = shlex.split(hook["entry"])
    module = words[words.index("-m") + 1]
    args = [] if hook.get("pass_filenames") is False else files
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, text=True,
                          capture_output=True, check=False,
                          env={"PYTHONPATH": f"{ROOT / 'hooks'}:{ROOT}", "PATH": "/usr/bin:/bin"})


def test_the_pre_commit_hooks_pass_the_real_files_and_fail_broken_ones(tmp_path):
    files = ["docs/trade.md", "docs/glossary.yml", "mkdocs.yml", "refs.bib"]
    for hook_id in ("content-lint", "syntax", "workflow-lint"):
        result = run_hook(hook_id, files, ROOT)
        assert result.returncode == 0, hook_id + ": " + result.stdout + result.stderr
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "note.md").write_text("# Note\n\nWe recieve it.\n", "utf-8")
    (tmp_path / "data.yml").write_text("terms: [\n", "utf-8")
    (tmp_path / "refs.bib").write_text("@book{a,\n  title = {A}\n", "utf-8")
    lint = run_hook("content-lint", ["docs/note.md"], tmp_path)
    assert lint.returncode == 1 and "docs/note.md:3: 'recieve' is misspelt" in lint.stdout
    syntax = run_hook("syntax", ["data.yml", "refs.bib"], tmp_path)
    assert syntax.returncode == 1
    assert syntax.stdout.splitlines()[0].startswith("data.yml:2: YAML syntax error")
    assert syntax.stdout.splitlines()[1].startswith("refs.bib:3: BibTeX syntax error")
