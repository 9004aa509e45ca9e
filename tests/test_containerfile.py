"""The Containerfile (the grader for teachers on macOS and Windows) matches the project.

Docker is not available where the suite runs, so the image is not built here; these tests check
what can be checked without it: the base system, the sandbox's packages, the same pinned
requirements file, that every file it copies exists, and that the Teacher's guide gives the same
commands.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTAINERFILE = (ROOT / "Containerfile").read_text(encoding="utf-8")
INSTRUCTIONS = re.findall(r"^(FROM|RUN|COPY|WORKDIR|ENV|CMD) ((?:[^\n]*\\\n)*[^\n]*)", CONTAINERFILE, re.M)


def _all(kind: str) -> list[str]:
    return [body.replace("\\\n", " ") for k, body in INSTRUCTIONS if k == kind]


def test_it_is_debian_bookworm_with_python_3_11_and_bubblewrap() -> None:
    assert _all("FROM") == ["docker.io/library/debian:bookworm-slim"]  # bookworm's python3 is 3.11
    apt = next(r for r in _all("RUN") if "apt-get install" in r)
    assert {"python3", "python3-venv", "bubblewrap", "util-linux"} <= set(shlex.split(apt))


def test_it_installs_the_same_pinned_requirements_and_the_package() -> None:
    pip = next(r for r in _all("RUN") if "pip install" in r)
    assert "-r requirements.txt -e ." in pip
    copied = [shlex.split(c)[:-1] for c in _all("COPY")]
    sources = [s for c in copied for s in c]
    assert "requirements.txt" in sources and "pyproject.toml" in sources and "helpers" in sources
    for source in sources:
        assert (ROOT / source).exists(), f"the Containerfile copies {source}, which is missing"
    assert "python -m helpers.grade --list" in pip, "the build must fail if the grader cannot start"


def test_the_teachers_guide_gives_the_containerfiles_commands() -> None:
    guide = (ROOT / "book" / "teachers.md").read_text(encoding="utf-8")
    header = [line[2:] for line in CONTAINERFILE.splitlines() if line.startswith("#   ")]
    assert "docker build -t talks-grader -f Containerfile ." in header[0]
    assert header[0].strip() in guide
    run_options = "--cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined"
    assert run_options in header[1] and run_options in guide
