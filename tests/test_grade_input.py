"""Any file gets a row with a clear status; the student's self-check agrees with the grader.

The property tests feed ``read_submission`` and the grader's front end (reading, notes on what
is ignored, assembling the notebook nbval runs) arbitrary JSON and arbitrary bytes: none may
raise. The self-check tests run ``python -m helpers.grade --check`` and the grader on the same
notebooks and compare their verdicts on the visible checks.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import grade
from helpers.grade import cell_role, example_submission, load_key, student_notebook

ROOT = Path(__file__).resolve().parents[1]
QM = "quote-marks"
KEY = load_key(QM)
STATUSES = ("ok", "missing", "invalid: ", "wrong exercise: ")
REQUIRED = os.environ.get("CI") == "true" or os.environ.get("TALKS_REQUIRE_SANDBOX") == "1"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=30,
)
cells = st.dictionaries(
    st.sampled_from(["cell_type", "source", "metadata", "outputs", "id", "execution_count"]),
    json_values
    | st.sampled_from(["code", "markdown"])
    | st.fixed_dictionaries({"tags": st.lists(st.sampled_from(["answer:find", "check:curly", "setup", 3]))}),
)
notebooks = st.fixed_dictionaries(
    {"cells": st.lists(cells | json_values, max_size=6)},
    optional={
        "nbformat": st.sampled_from([4, 3, "4", 4.0, None, 10**20]),
        "nbformat_minor": json_values,
        "metadata": json_values
        | st.fixed_dictionaries(
            {"talks_in_turkey": json_values | st.fixed_dictionaries({"exercise": json_values})}
        ),
    },
)


def _front_end(path: Path) -> str:
    """What grade_submission does before any kernel starts; returns the status."""
    nb, status, message = grade.read_submission(path, QM)
    assert status.startswith(STATUSES) and isinstance(message, str)
    assert len(status) < 120
    if nb is not None:
        grade.ignored_notes(KEY, nb)
        assembled, roles = grade.assemble(KEY, nb)
        assert len(assembled.cells) == len(roles)
        nbformat.validate(assembled)
    return status


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=notebooks | json_values)
def test_any_json_gets_a_status_and_never_crashes_the_batch(raw: object, tmp_path: Path) -> None:
    path = tmp_path / "s.ipynb"
    path.write_text(json.dumps(raw), encoding="utf-8")
    _front_end(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_get_a_status(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "s.ipynb"
    path.write_bytes(data)
    _front_end(path)


def _model_json() -> dict:
    return json.loads(nbformat.writes(example_submission(KEY)))


@pytest.mark.parametrize(
    ("name", "make", "status"),
    [
        ("metadata null", lambda nb: {**nb, "metadata": None}, "ok"),
        ("source a number", lambda nb: {**nb, "cells": [{**c, "source": 12} for c in nb["cells"]]}, "ok"),
        ("cell a string", lambda nb: {**nb, "cells": ["print(1)", *nb["cells"]]}, "ok"),
        ("tags a string",
         lambda nb: {**nb, "cells": [{**c, "metadata": {"tags": "answer:find"}} for c in nb["cells"]]}, "ok"),
        ("5000-digit nbformat", lambda nb: nb | {"nbformat": "NUMBER"}, "invalid: not a notebook"),
        ("nbformat a string", lambda nb: {**nb, "nbformat": "4"}, "invalid: nbformat unknown"),
        ("exercise a list", lambda nb: {**nb, "metadata": {"talks_in_turkey": {"exercise": [1]}}}, "ok"),
        ("exercise a long name", lambda nb: {**nb, "metadata": {"talks_in_turkey": {"exercise": "x" * 5000}}},
         "wrong exercise: expected quote-marks, got an unknown exercise"),
    ],
)  # fmt: skip
def test_odd_shapes_get_a_clear_status(name: str, make, status: str, tmp_path: Path) -> None:
    text = json.dumps(make(copy.deepcopy(_model_json())))
    text = text.replace('"NUMBER"', "9" * 5000)
    path = tmp_path / "s.ipynb"
    path.write_text(text, encoding="utf-8")
    assert _front_end(path) == status, name


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("[" * 100_000 + "]" * 100_000, "invalid: not a notebook"),
        ('{"cells": ' + "[" * 50_000 + "]" * 50_000 + ', "nbformat": 4}', "invalid: not a notebook"),
        (b"\xff\xfe{\x00}\x00", "invalid: not JSON"),
        ('{"cells": [], "nbformat": 4, "metadata": {}}', "ok"),
    ],
)
def test_deep_nesting_and_odd_encodings(content: str | bytes, status: str, tmp_path: Path) -> None:
    path = tmp_path / "s.ipynb"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert _front_end(path) == status


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as fh:
        fh.truncate(grade.MAX_SUBMISSION_BYTES + 1)
    assert _front_end(path) == "invalid: too large"


def test_an_untagged_answer_is_named_in_the_feedback() -> None:
    nb = example_submission(KEY)
    answer = next(c for c in nb.cells if cell_role(c) == ("answer", "find"))
    answer.metadata["tags"] = []
    nb.cells.append(nbformat.v4.new_code_cell("print('scratch work')"))
    notes = grade.ignored_notes(KEY, nb)
    assert "No cell tagged `answer:find` was found, so that answer was empty." in notes
    assert any("defines `find_quote_marks`" in n and "tag it `answer:find`" in n for n in notes)
    assert any("only the cells tagged `answer:<id>` are graded" in n for n in notes)
    result = grade.Result("ann", QM, "graded", notes=notes)
    assert "## What the grader ignored" in grade.feedback_markdown(result)


# --- the student's self-check ------------------------------------------------------------------


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("bwrap") is None:
        if REQUIRED:
            pytest.fail("bwrap is missing: apt-get install bubblewrap", pytrace=False)
        pytest.skip("bwrap is missing: the grader refuses to run without a sandbox")
    folder = tmp_path_factory.mktemp("selfcheck")
    wrong = student_notebook(KEY)
    next(
        c for c in wrong.cells if cell_role(c) == ("answer", "find")
    ).source = "def find_quote_marks(text):\n    return [(0, len(text))] if '“' in text else []\n"
    nbs = {"model": example_submission(KEY), "blank": student_notebook(KEY), "wrong": wrong}
    paths = {}
    for name, nb in nbs.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
        paths[name] = folder / f"{name}.ipynb"
    return paths


@pytest.mark.parametrize("name", ["model", "blank", "wrong"])
def test_self_check_gives_the_graders_verdict_on_the_visible_checks(three: dict, name: str) -> None:
    (graded,) = grade.grade(QM, [three[name]], timeout=10)
    done = subprocess.run(
        [sys.executable, "-m", "helpers.grade", "--check", str(three[name]), "--timeout", "10"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    visible = [c for c in graded.checks if not c.check.hidden]
    lines = [line for line in done.stdout.splitlines() if "\t" in line]
    assert len(lines) == len(visible), done.stdout + done.stderr
    for check, line in zip(visible, lines, strict=True):
        word, points, title = line.split("\t")
        assert title.startswith(check.check.title)
        assert word == grade._STATUS_WORDS[check.status], (check.check.id, line)
        assert points == f"{check.earned}/{check.check.points}"
    assert done.returncode == (0 if all(c.status == "passed" for c in visible) else 1)
    assert done.returncode == (0 if name == "model" else 1)
