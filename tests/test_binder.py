"""Binder: the files in ``binder/`` follow repo2docker's conventions and agree with the project.

repo2docker cannot run here (it needs Docker and the network), so these tests
check what it would do: install ``binder/requirements.txt``, run
``binder/postBuild``, then open notebooks in ``book/``. The pins must be the
ones the book is built and tested with, every package the notebooks and
``helpers`` import must be installed, and the installed (not editable)
package must find the data from a notebook's folder.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``{canonical name: version}`` from a requirements file; fails on any unpinned line."""
    found = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{path.relative_to(ROOT)}:{number}: '{line}' is not pinned as name==version"
        found[_canonical(match[1])] = match[2]
    return found


def imported_modules() -> set[str]:
    """Top-level third-party modules imported by the notebooks, the exercise keys and ``helpers``."""
    sources: list[tuple[str, str]] = []
    for nb in [*ROOT.glob("book/**/*.ipynb"), *ROOT.glob("helpers/exercise_keys/*.ipynb")]:
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                code = "\n".join(x for x in code.splitlines() if not x.lstrip().startswith(("%", "!")))
                sources.append((str(nb), code))
    sources += [(str(p), p.read_text(encoding="utf-8")) for p in ROOT.glob("helpers/*.py")]
    modules = set()
    for name, code in sources:
        for node in ast.walk(ast.parse(code, filename=name)):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"helpers"}


def with_dependencies(names: set[str]) -> set[str]:
    """The distributions ``names`` and everything they require, as installed here."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        for req in requires:
            if "extra ==" in req:
                continue
            todo.append(_canonical(re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0]))
    return seen


def test_binder_pins_are_the_projects_pins():
    binder, project = pins(BINDER / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert binder, "binder/requirements.txt installs nothing"
    for name, version in binder.items():
        assert name in project, f"binder/requirements.txt pins {name}, which requirements.txt does not"
        assert project[name] == version, (
            f"{name}: binder/requirements.txt pins {version}, requirements.txt pins {project[name]}"
        )


def test_binder_installs_everything_the_notebooks_and_helpers_import():
    provided = with_dependencies(set(pins(BINDER / "requirements.txt")))
    owners = md.packages_distributions()
    missing = {
        module: owners.get(module, ["?"])
        for module in imported_modules()
        if not {_canonical(d) for d in owners.get(module, [])} & provided
    }
    assert not missing, f"imported but not installed by binder/requirements.txt: {missing}"


def test_binder_covers_the_packages_own_dependencies():
    """postBuild installs helpers with --no-deps, so its declared dependencies must already be there."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    binder = set(pins(BINDER / "requirements.txt"))
    names = {_canonical(re.split(r"[\s;<>=!~\[]", d, maxsplit=1)[0]) for d in declared}
    assert names <= binder, (
        f"pyproject.toml depends on {sorted(names - binder)}, not in binder/requirements.txt"
    )


def test_runtime_and_postbuild_follow_repo2docker_conventions():
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable for repo2docker to run it"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text
    commands = [line for line in text.splitlines() if line and not line.startswith(("#", "set "))]
    assert commands == ["pip install --no-cache-dir --no-deps ."]
    # repo2docker ignores files at the root when binder/ exists: nothing else may be needed there
    assert sorted(p.name for p in BINDER.iterdir()) == ["postBuild", "requirements.txt", "runtime.txt"]


@pytest.mark.parametrize("folder", ["book", "book/exercises"])
def test_installed_package_finds_data_and_keys_from_a_notebook_folder(tmp_path, folder):
    """What postBuild leaves behind: a non-editable install that still finds data/ and the keys."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(target), str(ROOT)],
        check=True, capture_output=True,
    )
    probe = (
        "import helpers, helpers.paths, helpers.grade as g;"
        "print(helpers.__file__);"
        "print(helpers.paths.data_dir().resolve());"
        "print(len(g.list_exercises()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "TALKS_IN_TURKEY_DATA"} | {"PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT / folder, env=env, check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(target)), f"imported the checkout's helpers, not the installed one: {out[0]}"
    assert out[1] == str((ROOT / "data").resolve())
    assert int(out[2]) == 8
