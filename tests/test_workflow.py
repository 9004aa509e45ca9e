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


# --- the example workflow that grades a class in slices -------------------------------------------

GRADE_CLASS = ROOT / ".github" / "workflows" / "grade-class.yml"


@pytest.fixture(scope="module")
def grade_class() -> dict:
    data = yaml.safe_load(GRADE_CLASS.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_grading_a_class_runs_only_when_a_teacher_asks(grade_class):
    """Students' work is never graded by a push or a pull request (which a student could open)."""
    assert list(grade_class["on"]) == ["workflow_dispatch"]
    assert set(grade_class["on"]["workflow_dispatch"]["inputs"]) == {"exercise", "submissions", "shards"}
    assert grade_class["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_every_action_of_every_workflow_is_pinned_to_a_commit(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, job in data["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (
                    f"{path.name}, job {name}: '{step['uses']}' is not pinned to a full commit SHA"
                )


def test_inputs_reach_the_shell_through_the_environment_only(grade_class):
    """`${{ inputs.x }}` pasted into a script would let a crafted input run commands."""
    for name, job in grade_class["jobs"].items():
        for step in steps(job):
            assert "${{" not in step.get("run", ""), f"job {name}: an expression inside a run script"


def test_one_job_per_slice_grades_its_shard_and_uploads_it(grade_class):
    jobs = grade_class["jobs"]
    shards = grade_class["on"]["workflow_dispatch"]["inputs"]["shards"]
    assert shards["type"] == "choice" and all(o.isdigit() and int(o) >= 1 for o in shards["options"])
    plan = jobs["plan"]
    assert plan["outputs"]["shards"] == "${{ steps.plan.outputs.shards }}"
    assert "seq -s, 1" in steps(plan)[0]["run"] and steps(plan)[0]["env"]["SHARDS"] == "${{ inputs.shards }}"
    graders = jobs["grade"]
    assert graders["needs"] == "plan"
    assert graders["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert graders["strategy"]["fail-fast"] is False, "one failing slice must not cancel the others"
    run = next(s for s in steps(graders) if "helpers.grade" in s.get("run", ""))
    assert '--shard "$SHARD/$SHARDS"' in run["run"] and '--out "graded-$SHARD"' in run["run"]
    assert run["env"]["SHARD"] == "${{ matrix.shard }}" and run["env"]["SHARDS"] == "${{ inputs.shards }}"
    upload = next(s for s in steps(graders) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "graded-${{ matrix.shard }}"
    assert upload["with"]["path"] == "graded-${{ matrix.shard }}/"
    assert steps(graders).index(run) < steps(graders).index(upload)
    # the grading machine is the CI machine (ci.yml), with bubblewrap for the student kernels
    assert graders["container"]["image"] == "debian:bookworm"
    assert "bubblewrap" in steps(graders)[0]["run"]
    assert "--cap-add SYS_ADMIN" in graders["container"]["options"]
    assert run["shell"] == "bash", "the script uses bash arrays"


def test_the_merge_job_joins_every_slice_and_exports_the_marks(grade_class):
    merge = grade_class["jobs"]["merge"]
    assert merge["needs"] == "grade"
    download = next(s for s in steps(merge) if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "graded-*", "path": "slices"}
    script = next(s["run"] for s in steps(merge) if "helpers.grade merge" in s.get("run", ""))
    assert "helpers.grade merge slices/graded-* --out graded" in script
    assert "export canvas graded" in script and "export moodle graded" in script
    upload = next(s for s in steps(merge) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "graded/"
