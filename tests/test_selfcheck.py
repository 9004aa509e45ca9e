"""A student's self-check names each failing check by its title, not by nbval's "Cell N"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.selfcheck import cell_names

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "book" / "exercises"
STUDENT_NOTEBOOKS = sorted(EXERCISES.glob("*.ipynb"))


def self_check(folder: Path, notebook: str) -> str:
    """What ``pytest --nbval-lax <notebook>`` prints, run as a student runs it, inside ``folder``."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-v", "-p", "no:cacheprovider", "--color=no"]
        + [notebook],
        cwd=folder, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    return done.stdout + done.stderr


def wrong_answer_copy(folder: Path, with_conftest: bool) -> None:
    """quote-marks.ipynb with an answer that finds no quotation, beside the exercises' conftest."""
    nb = nbformat.read(EXERCISES / "quote-marks.ipynb", as_version=4)
    (answer,) = [c for c in nb.cells if "answer:find" in c.metadata.get("tags", [])]
    answer.source = "def find_quote_marks(text):\n    return []\n"
    nbformat.write(nb, folder / "quote-marks.ipynb")
    if with_conftest:
        shutil.copy(EXERCISES / "conftest.py", folder / "conftest.py")


def test_a_failing_check_is_reported_by_its_title_with_its_hint(tmp_path):
    wrong_answer_copy(tmp_path, with_conftest=True)
    report = self_check(tmp_path, "quote-marks.ipynb")
    assert "FAILED quote-marks.ipynb::Check 1: one curly quotation" in report, report
    assert "FAILED quote-marks.ipynb::Check 2: the sample text" in report
    assert "quote-marks.ipynb::Check 3: a text with no quotations PASSED" in report
    assert "_ Check 1: one curly quotation _" in report, "the failure's heading names the check"
    assert "Hint: Slices include both marks: the end is one past the `”`." in report
    assert "::Cell " not in report and "Cell 7:" not in report


def test_without_the_exercises_conftest_nbval_names_cells_by_number(tmp_path):
    """The control: the titles come from book/exercises/conftest.py, not from nbval."""
    wrong_answer_copy(tmp_path, with_conftest=False)
    report = self_check(tmp_path, "quote-marks.ipynb")
    assert "FAILED quote-marks.ipynb::Cell 3" in report, report
    assert "Check 1: one curly quotation" not in report


def test_running_and_saving_the_checks_does_not_change_what_they_expect(tmp_path):
    """A student who runs every cell and saves stores the wrong outputs as the checks' expected ones."""
    import nbclient

    wrong_answer_copy(tmp_path, with_conftest=True)
    path = tmp_path / "quote-marks.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, allow_errors=True, timeout=60)
    client.execute(cwd=str(tmp_path))
    nbformat.write(nb, path)
    (stored,) = [c for c in nb.cells if "check:curly" in c.metadata.get("tags", [])]
    assert stored.outputs[0]["text"] == "[]\n", "the saved notebook now 'expects' the wrong answer"
    report = self_check(tmp_path, "quote-marks.ipynb")
    assert "FAILED quote-marks.ipynb::Check 1: one curly quotation" in report, report
    assert "FAILED quote-marks.ipynb::Check 2: the sample text" in report


@pytest.mark.parametrize("notebook", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_every_visible_check_of_every_exercise_has_a_title(notebook):
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    names = cell_names(nb.cells)
    checks = [
        n for n, c in enumerate(code) if any(t.startswith("check:") for t in c.metadata.get("tags", []))
    ]
    assert checks, f"{notebook.name} has no check cells"
    for number in checks:
        title = code[number].metadata.get("grade", {}).get("title")
        assert title, f"{notebook.name}: code cell {number} is a check without a title"
        assert names[number].endswith(f": {title}")
    assert [names[n].split(":")[0] for n in checks] == [f"Check {i}" for i in range(1, len(checks) + 1)]


@pytest.mark.parametrize("notebook", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_the_model_answer_passes_every_visible_check(tmp_path, notebook):
    """With the key's expected outputs, a right answer still passes: the key and the notebook agree."""
    nb = nbformat.read(notebook, as_version=4)
    key = nbformat.read(ROOT / "helpers" / "exercise_keys" / notebook.name, as_version=4)
    model = {t: c.source for c in key.cells for t in c.metadata.get("tags", []) if t.startswith("answer:")}
    for cell in nb.cells:
        for tag in cell.metadata.get("tags", []):
            if tag in model:
                cell.source = model[tag]
    nbformat.write(nb, tmp_path / notebook.name)
    shutil.copy(EXERCISES / "conftest.py", tmp_path / "conftest.py")
    report = self_check(tmp_path, notebook.name)
    assert " passed" in report and " failed" not in report and "error" not in report.lower(), report
