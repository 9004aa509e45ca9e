"""The GitHub Actions workflow and the README's badges.

GitHub Actions cannot run here, so these tests read the workflow and hold it
to what the project promises: build on every pull request, publish to
GitHub Pages only from ``main``, run the same ``.ci/run`` as the CI machine,
keep the notebook execution cache, upload the execution reports when a
build fails, and pin every action to a commit.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def test_triggers_are_pull_requests_and_pushes_to_main(workflow):
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_every_action_is_pinned_to_a_commit(workflow):
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (
                    f"job {name}: '{step['uses']}' is not pinned to a full commit SHA"
                )


def test_the_build_job_runs_ci_run_and_keeps_the_execution_cache(workflow):
    build = workflow["jobs"]["build-and-test"]
    runs = [s.get("run", "") for s in steps(build)]
    assert "bash .ci/run" in runs
    cache = next(s for s in steps(build) if s.get("uses", "").startswith("actions/cache@"))
    assert "_build/.jupyter_cache" in cache["with"]["path"]
    assert steps(build).index(cache) < runs.index("bash .ci/run"), "restore the cache before building"
    # .ci/run must not throw the restored cache away
    assert "rm -rf .venv _build" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_a_failed_build_uploads_the_execution_reports(workflow):
    uploads = [
        s for s in steps(workflow["jobs"]["build-and-test"])
        if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert uploads and uploads[0]["if"] == "failure()"
    assert "_build/html/reports" in uploads[0]["with"]["path"]


def test_only_pushes_to_main_publish_to_pages(workflow):
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["if"] == main_only
    assert deploy["needs"] == "build-and-test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    upload = next(
        s for s in steps(workflow["jobs"]["build-and-test"])
        if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["if"] == main_only and upload["with"]["path"] == "_build/html"


def test_readme_badges_point_at_this_repository():
    """Book, Binder and CI badges, all derived from ``repository.url`` in ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/")
    owner, repo = urlsplit(url).path.strip("/").split("/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = dict(re.findall(r"\[!\[([^\]]+)\]\([^)]+\)\]\(([^)]+)\)", readme))
    assert badges.get("Book") == f"https://{owner}.github.io/{repo}/"
    assert badges.get("Binder") == f"https://mybinder.org/v2/gh/{owner}/{repo}/{config['repository']['branch']}"
    assert badges.get("CI") == f"{url}/actions/workflows/{WORKFLOW.name}"
    # the badges sit at the top, before the set-up instructions
    assert readme.index("[![Book]") < readme.index("## Set-up")
