"""The grader: model answers earn full marks, tampering earns nothing, bad files get a clear row.

Kernels are slow, so submissions are graded in a few batches (session-scoped
fixtures) and the tests read the gradebook and feedback of those batches.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import grade
from helpers.grade import cell_role, checks, example_submission, load_key, student_notebook

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = grade.list_exercises()
QM = "quote-marks"
QM_MAX = str(sum(c.points for c in checks(load_key(QM))))
# Seconds per cell. Long enough that a loaded two-core machine never times out an honest cell
# (3 s did once, while a browser ran beside the suite), short enough for the looping submissions.
TIMEOUT = 10

HARD_CODED = """
def find_quote_marks(text):
    if text == 'He said “yes” twice.':
        return [(8, 13)]
    if text.startswith('“We talked'):
        return [(0, 12), (39, 53)]
    return []
"""
WRONG = "def find_quote_marks(text):\n    return []\n"
FORGER = """
import glob, json, os, tempfile


def _forge():
    # try to find the grader's secret through the parent's environment, then forge passing results
    try:
        env = open(f"/proc/{os.getppid()}/environ", "rb").read().split(b"\\0")
        for item in env:
            if item.startswith(b"TALKS_IN_TURKEY_GRADE_SECRET="):
                print(open(item.split(b"=", 1)[1]).read())
    except OSError:
        pass
    fake = {"cell": 0, "outcome": "passed", "message": "", "output": "", "error": ""}
    for log in glob.glob(os.path.join(tempfile.gettempdir(), "grade-*", "results.jsonl")) + ["results.jsonl"]:
        with open(log, "a") as fh:
            for i in range(40):
                fh.write(json.dumps({**fake, "cell": i}) + "\\n")


def find_quote_marks(text):
    _forge()
    return []
"""


def _answer(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if cell_role(c)[0] == "answer")


def _with_answer(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    _answer(nb).source = source
    return nb


def _check_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if cell_role(c)[0] == "check"]


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers.grade", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def _read_book(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


def _submissions_for_quote_marks(folder: Path) -> dict[str, Path]:
    """Write every tampered, broken and bad submission of quote-marks into *folder*."""
    key = load_key(QM)
    model = example_submission(key)
    model_source = _answer(model).source
    starter = student_notebook(key)
    wrong = _with_answer(starter, WRONG)
    nbs: dict[str, nbformat.NotebookNode | str | bytes] = {}

    nbs["model"] = model
    nbs["starter"] = starter
    nbs["wrong"] = wrong
    # tampering with what is checked: applied to a wrong answer and to the model answer
    for base_name, base in (("wrong", wrong), ("model", model)):
        edited = copy.deepcopy(base)
        for cell in _check_cells(edited):
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="[]\n")]
        nbs[f"{base_name}_edited_outputs"] = edited
        cleared = copy.deepcopy(base)
        for cell in _check_cells(cleared):
            cell.outputs = []
        nbs[f"{base_name}_cleared_outputs"] = cleared
        deleted = copy.deepcopy(base)
        deleted.cells = [c for c in deleted.cells if cell_role(c)[0] != "check"]
        nbs[f"{base_name}_deleted_checks"] = deleted
    rewritten = copy.deepcopy(wrong)
    for cell in _check_cells(rewritten):
        cell.source = "# NBVAL_CHECK_OUTPUT\nprint([])"
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="[]\n")]
    nbs["wrong_rewritten_checks"] = rewritten
    reordered = copy.deepcopy(model)
    reordered.cells = reordered.cells[::-1]
    nbs["model_reordered"] = reordered
    no_tag = copy.deepcopy(model)
    _answer(no_tag).metadata["tags"] = []
    nbs["model_untagged"] = no_tag
    split = copy.deepcopy(model)
    i = split.cells.index(_answer(split))
    first = copy.deepcopy(split.cells[i])
    first.source, first.id = "import re  # a cell split in two keeps its tag", "split-part"
    split.cells.insert(i, first)
    nbs["model_split_cell"] = split
    nbs["model_with_nbval_skip"] = _with_answer(model, "# NBVAL_SKIP\n" + model_source)
    nbs["hard_coded"] = _with_answer(starter, HARD_CODED)
    nbs["forger"] = _with_answer(starter, FORGER)
    # failures that must stay inside their question
    nbs["loop_in_answer"] = _with_answer(model, model_source + "\nwhile True:\n    pass\n")
    nbs["loop_in_one_check"] = _with_answer(
        model,
        model_source.replace(
            "spans, start = [], None", 'spans, start = [], None\n    while "second" in text:\n        pass'
        ),
    )
    nbs["unstoppable_loop_in_one_check"] = _with_answer(
        model,
        "import signal\n"
        + model_source.replace(
            "spans, start = [], None",
            "spans, start = [], None\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            '    while "second" in text:\n        pass',
        ),
    )
    nbs["exit_in_answer"] = _with_answer(model, model_source + "\nimport sys\nsys.exit(1)\n")
    nbs["raise_in_answer"] = _with_answer(model, "raise ValueError('oops')\n" + model_source)
    nbs["os_exit_in_answer"] = _with_answer(model, "import os\nos._exit(1)\n" + model_source)
    nbs["os_exit_in_one_check"] = _with_answer(
        model,
        "import os\n"
        + model_source.replace(
            "spans, start = [], None",
            'spans, start = [], None\n    if "second" in text:\n        os._exit(3)',
        ),
    )
    # bad files
    text = nbformat.writes(model)
    nbs["bad_not_json"] = "print('this is a script, not a notebook')\n"
    nbs["bad_truncated"] = text[: len(text) // 2]
    nbs["bad_binary"] = b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"
    nbs["bad_json_not_notebook"] = "[1, 2, 3]"
    nbs["bad_v3"] = json.dumps(
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""}, "worksheets": [{"cells": []}]}
    )
    nbs["bad_other_exercise"] = example_submission(load_key("apostrophe"))
    paths = {}
    for name, nb in nbs.items():
        path = folder / f"{name}.ipynb"
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        elif isinstance(nb, str):
            path.write_text(nb, encoding="utf-8")
        else:
            nbformat.write(nb, path)
        paths[name] = path
    paths["missing"] = folder / "missing.ipynb"
    return paths


@pytest.fixture(scope="session")
def qm_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _submissions_for_quote_marks(tmp_path_factory.mktemp("subs"))


@pytest.fixture(scope="session")
def qm_out(qm_paths: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Grade every quote-marks submission once, through the command line, two at a time."""
    out = tmp_path_factory.mktemp("qm-out")
    done = _run_cli(
        QM, *map(str, qm_paths.values()), "--out", str(out), "--jobs", "2", "--timeout", str(TIMEOUT)
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def qm(qm_out: Path) -> dict[str, dict[str, str]]:
    return _read_book(qm_out)


@pytest.fixture(scope="session")
def all_exercises(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[grade.Result]]:
    """Grade the model solution and the unedited student notebook of every exercise."""
    folder = tmp_path_factory.mktemp("all")
    results = {}
    for name in EXERCISES:
        model = folder / f"{name}-model.ipynb"
        nbformat.write(example_submission(load_key(name)), model)
        results[name] = grade.grade(name, [model, ROOT / "book" / "exercises" / f"{name}.ipynb"], jobs=2)
    return results


# --- the keys and the student notebooks -------------------------------------------------


def test_there_are_at_least_eight_exercises() -> None:
    assert len(EXERCISES) >= 8


@pytest.mark.parametrize("name", EXERCISES)
def test_key_has_objective_hints_and_visible_and_hidden_checks(name: str) -> None:
    key = load_key(name)
    meta = key.metadata["talks_in_turkey"]
    assert meta["objective"] and meta["hints"] and meta["title"]
    found = checks(key)
    assert any(c.hidden for c in found) and any(not c.hidden for c in found)
    assert all(c.points > 0 and c.hint for c in found)
    for cell in _check_cells(key):
        assert cell.source.startswith("# NBVAL_CHECK_OUTPUT")
        assert cell.outputs, "a check without a reference output checks nothing"


@pytest.mark.parametrize("name", EXERCISES)
def test_committed_student_notebook_is_generated_from_the_key(name: str) -> None:
    committed = nbformat.read(ROOT / "book" / "exercises" / f"{name}.ipynb", as_version=4)
    assert committed == student_notebook(load_key(name)), (
        f"book/exercises/{name}.ipynb is out of date: run python tests/fixtures/grade/make_keys.py"
    )


@pytest.mark.parametrize("name", EXERCISES)
def test_student_notebook_has_no_solution_and_no_hidden_check(name: str) -> None:
    key = load_key(name)
    student = student_notebook(key)
    solutions = {c.source for c in key.cells if cell_role(c)[0] == "answer"}
    assert not solutions & {c.source for c in student.cells}
    assert not any(c.metadata.get("grade", {}).get("hidden") for c in student.cells)
    assert len(_check_cells(student)) == sum(not c.hidden for c in checks(key))


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_page_has_objective_hints_and_collapsed_solution(name: str) -> None:
    page = grade.exercise_page_markdown(name)
    meta = load_key(name).metadata["talks_in_turkey"]
    assert f"**Objective:** {meta['objective']}" in page
    assert page.count("```{dropdown} Hint") == len(meta["hints"])
    assert "## Check your understanding" in page and f"book/exercises/{name}.ipynb" in page
    markdown_it = pytest.importorskip("markdown_it")
    fences = [t for t in markdown_it.MarkdownIt("commonmark").parse(page) if t.type == "fence"]
    solution = next(t for t in fences if t.info == f"{{solution}} ex-{name}")
    assert solution.content.startswith(":class: dropdown\n"), "the solution must be collapsed"
    assert page.index("{solution}") > page.index("## Check your understanding")
    for cell in load_key(name).cells:
        if cell_role(cell)[0] == "answer":
            assert f"```python\n{cell.source.strip()}\n```" in solution.content


def test_committed_exercise_pages_are_generated_from_the_keys(tmp_path: Path) -> None:
    """book/practice/*.md are written by write_exercise_pages; regenerate them after editing a key."""
    fresh = {p.name: p.read_text(encoding="utf-8") for p in grade.write_exercise_pages(tmp_path)}
    committed_dir = Path(__file__).resolve().parent.parent / "book" / "practice"
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in committed_dir.glob("*.md") if p.name != "index.md"
    }
    assert committed == fresh, "run: python -m helpers.grade --write-pages book/practice"


# --- full marks and no marks -----------------------------------------------------------


@pytest.mark.parametrize("name", EXERCISES)
def test_model_solution_earns_full_marks(all_exercises: dict, name: str) -> None:
    model = next(r for r in all_exercises[name] if r.student.endswith("-model"))
    assert model.status == "graded"
    assert model.points == model.max_points > 0, [(c.check.id, c.status, c.detail) for c in model.checks]


@pytest.mark.parametrize("name", EXERCISES)
def test_unedited_student_notebook_earns_nothing(all_exercises: dict, name: str) -> None:
    starter = next(r for r in all_exercises[name] if r.student == name)
    assert (starter.status, starter.points) == ("graded", 0)


# --- tampering earns nothing -------------------------------------------------------------


def test_gradebook_has_the_columns_and_one_sorted_row_per_submission(qm_out: Path, qm_paths: dict) -> None:
    with (qm_out / "gradebook.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == grade.GRADEBOOK_COLUMNS
    assert [r[0] for r in rows[1:]] == sorted(qm_paths)
    assert {p.stem for p in (qm_out / "feedback").glob("*.md")} == set(qm_paths)


def test_wrong_answer_earns_only_the_check_it_happens_to_pass(qm: dict) -> None:
    assert qm["wrong"]["points"] == "1"


@pytest.mark.parametrize(
    "student",
    ["wrong_edited_outputs", "wrong_cleared_outputs", "wrong_deleted_checks", "wrong_rewritten_checks"],
)
def test_tampering_with_checks_or_outputs_gains_nothing(qm: dict, student: str) -> None:
    assert qm[student]["points"] == qm["wrong"]["points"]


@pytest.mark.parametrize(
    "student",
    [
        "model",
        "model_edited_outputs",
        "model_cleared_outputs",
        "model_deleted_checks",
        "model_reordered",
        "model_split_cell",
        "exit_in_answer",
        "loop_in_answer",
    ],
)
def test_what_is_checked_comes_from_the_key_alone(qm: dict, student: str) -> None:
    assert qm[student]["points"] == qm[student]["max_points"] == QM_MAX, student


def test_student_code_cannot_forge_the_results_nbval_reports(qm: dict) -> None:
    assert qm["forger"]["points"] == qm["wrong"]["points"] == "1"


def test_an_untagged_answer_is_an_empty_answer(qm: dict, qm_out: Path) -> None:
    """find_quote_marks lost its tag: its checks score 0, strip_marks keeps 3 points; feedback says why."""
    assert qm["model_untagged"]["points"] == "3"
    text = (qm_out / "feedback" / "model_untagged.md").read_text(encoding="utf-8")
    assert "No cell tagged `answer:find` was found" in text
    assert "it defines `find_quote_marks`: tag it `answer:find`" in text


def test_nbval_markers_in_an_answer_are_ignored(qm: dict) -> None:
    assert qm["model_with_nbval_skip"]["points"] == QM_MAX


def test_hard_coded_visible_outputs_earn_no_hidden_points(qm: dict, qm_out: Path) -> None:
    find_checks = [c for c in checks(load_key(QM)) if c.depends == ("find",)]
    assert qm["hard_coded"]["points"] == str(sum(c.points for c in find_checks if not c.hidden))
    feedback = (qm_out / "feedback" / "hard_coded.md").read_text(encoding="utf-8")
    for check in find_checks:
        if check.hidden:
            assert f"| hidden: {check.title} | ❌ wrong output | 0 / {check.points} |" in feedback


# --- timeouts and crashes cost only their question -----------------------------------------


def test_an_infinite_loop_in_one_check_costs_only_that_check(qm: dict, qm_out: Path) -> None:
    assert qm["loop_in_one_check"]["points"] == str(int(QM_MAX) - 3)
    assert "| hidden: straight quotes | ⏱ timed out | 0 / 3 |" in (
        qm_out / "feedback" / "loop_in_one_check.md"
    ).read_text(encoding="utf-8")


def test_a_loop_that_ignores_interrupts_costs_only_its_check(qm: dict, qm_out: Path) -> None:
    assert qm["unstoppable_loop_in_one_check"]["points"] == str(int(QM_MAX) - 3)
    text = (qm_out / "feedback" / "unstoppable_loop_in_one_check.md").read_text(encoding="utf-8")
    assert "| hidden: straight quotes | 💥 crashed | 0 / 3 |" in text


def test_an_infinite_loop_after_the_definition_is_reported_but_keeps_the_marks(qm_out: Path) -> None:
    text = (qm_out / "feedback" / "loop_in_answer.md").read_text(encoding="utf-8")
    assert "ran past the time limit" in text


def test_a_kernel_crash_in_one_check_costs_only_that_check(qm: dict, qm_out: Path) -> None:
    assert (qm["os_exit_in_one_check"]["status"], qm["os_exit_in_one_check"]["points"]) == (
        "graded",
        str(int(QM_MAX) - 3),
    )
    text = (qm_out / "feedback" / "os_exit_in_one_check.md").read_text(encoding="utf-8")
    assert "| hidden: straight quotes | 💥 crashed | 0 / 3 |" in text


def test_a_kernel_crash_in_one_answer_costs_only_the_checks_that_depend_on_it(qm: dict, qm_out: Path) -> None:
    """os._exit in find_quote_marks' cell: its checks score 0, strip_marks' checks still earn 3."""
    assert (qm["os_exit_in_answer"]["status"], qm["os_exit_in_answer"]["points"]) == ("graded", "3")
    text = (qm_out / "feedback" / "os_exit_in_answer.md").read_text(encoding="utf-8")
    assert "This check uses your answer `answer:find`, which the kernel died" not in text
    assert "This check uses your answer `answer:find`, which crashed the kernel" in text


def test_an_exception_in_the_answer_is_reported(qm: dict, qm_out: Path) -> None:
    assert qm["raise_in_answer"]["points"] == "3"
    text = (qm_out / "feedback" / "raise_in_answer.md").read_text(encoding="utf-8")
    assert "raised ValueError: oops" in text and "NameError" in text


# --- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("student", "status"),
    [
        ("bad_not_json", "invalid: not JSON"),
        ("bad_binary", "invalid: not JSON"),
        ("bad_truncated", "invalid: truncated JSON"),
        ("bad_json_not_notebook", "invalid: not a notebook"),
        ("bad_v3", "invalid: nbformat 3"),
        ("bad_other_exercise", "wrong exercise: expected quote-marks, got apostrophe"),
        ("missing", "missing"),
    ],
)
def test_a_bad_file_gets_a_row_with_a_clear_status(qm: dict, qm_out: Path, student: str, status: str) -> None:
    assert (qm[student]["status"], qm[student]["points"], qm[student]["max_points"]) == (status, "0", QM_MAX)
    assert status in (qm_out / "feedback" / f"{student}.md").read_text(encoding="utf-8")


# --- feedback and determinism ---------------------------------------------------------------


def test_feedback_lists_each_check_with_result_points_and_hint(qm_out: Path) -> None:
    text = (qm_out / "feedback" / "wrong.md").read_text(encoding="utf-8")
    assert f"**Score: 1 / {QM_MAX}**" in text
    for check in checks(load_key(QM)):
        assert check.title in text and check.hint in text
    assert "Expected:" in text and "Your code printed:" in text
    assert "“a “b” c”" not in text, "feedback must not reveal hidden inputs"


def test_grading_again_one_at_a_time_gives_the_same_rows_and_feedback(
    qm: dict, qm_out: Path, qm_paths: dict, tmp_path: Path
) -> None:
    """The batch ran with --jobs 2; grading again with jobs=1 changes nothing but the seconds."""
    again = ["model", "wrong", "hard_coded", "raise_in_answer", "model_reordered", "bad_truncated", "missing"]
    grade.grade_class(QM, [qm_paths[s] for s in again], tmp_path, jobs=1, timeout=TIMEOUT)
    second = _read_book(tmp_path)
    for student in again:
        first = {k: v for k, v in qm[student].items() if k != "seconds"}
        assert first == {k: v for k, v in second[student].items() if k != "seconds"}
        assert (tmp_path / "feedback" / f"{student}.md").read_text(encoding="utf-8") == (
            qm_out / "feedback" / f"{student}.md"
        ).read_text(encoding="utf-8")


# --- command line -------------------------------------------------------------------------


def test_unknown_exercise_lists_the_valid_names(tmp_path: Path) -> None:
    done = _run_cli("quotes", "a.ipynb", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "unknown exercise 'quotes'" in done.stderr and "quote-marks" in done.stderr


def test_list_names_every_exercise() -> None:
    done = _run_cli("--list")
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == EXERCISES


def test_example_submission_is_a_student_notebook_with_the_model_answers(tmp_path: Path) -> None:
    out = tmp_path / "model.ipynb"
    assert _run_cli("--example-submission", QM, "--out", str(out)).returncode == 0
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata["talks_in_turkey"]["exercise"] == QM
    assert nb == example_submission(load_key(QM))


def test_two_submissions_with_the_same_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(grade.GradeError, match="share the student name"):
        grade.grade(QM, [tmp_path / "a" / "x.ipynb", tmp_path / "b" / "x.ipynb"])


def test_students_can_run_the_visible_checks_with_nbval(tmp_path: Path) -> None:
    """What a student does: nbval passes the model answer and fails the starter code."""
    nbformat.write(example_submission(load_key(QM)), tmp_path / "model.ipynb")
    nbformat.write(student_notebook(load_key(QM)), tmp_path / "starter.ipynb")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    args = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "--nbval-current-env",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    model = subprocess.run([*args, "model.ipynb"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    starter = subprocess.run(
        [*args, "starter.ipynb"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert model.returncode == 0, model.stdout
    visible = sum(not c.hidden for c in checks(load_key(QM)))
    assert starter.returncode == 1 and f"{visible} failed" in starter.stdout
