"""The grader's files: nothing lost in a crash, a re-run resumes, output safe to open, a class in slices.

Most tests replace :func:`helpers.grade.grade_submission` with a fake that
returns at once, so they test the files, not the kernels; the resume test at
the end grades two real submissions.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from helpers import grade, gradebook
from helpers.grade import Check, CheckResult, Result, example_submission, load_key, student_notebook

ROOT = Path(__file__).resolve().parents[1]
QM = "quote-marks"
MD = MarkdownIt("gfm-like")  # CommonMark with tables, strikethrough and linkify (bare URLs become links)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _check(ident: str = "curly", hidden: bool = False) -> Check:
    return Check(ident, 2, f"check {ident}", "a hint", ("find",), hidden)


def _fake_result(student: str, exercise: str = QM, points: bool = True) -> Result:
    status = "passed" if points else "failed"
    return Result(
        student,
        exercise,
        "graded",
        checks=[CheckResult(_check(), status, "", "printed\n")],
        expected={"curly": "expected\n"},
        max_points=2,
        seconds=0.1,
    )


@pytest.fixture
def fake_grader(monkeypatch: pytest.MonkeyPatch):
    """Replace the kernel-running grader by a fake; record who was graded; fail on request."""
    calls: list[str] = []
    crash_on: set[str] = set()

    def fake(exercise, path, *, timeout, key, student, **options):  # noqa: ANN001, ANN202 - same call as grade()
        if student in crash_on:
            raise RuntimeError(f"the grader crashed on {student}")
        calls.append(student)
        text = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
        return _fake_result(student, exercise, points="right" in text)

    monkeypatch.setattr(grade, "grade_submission", fake)
    return calls, crash_on


def _files(folder: Path, names: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in names.items():
        path = folder / f"{name}.ipynb"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _rows(out: Path) -> dict[str, dict[str, str]]:
    return {r["student"]: r for r in gradebook.read_gradebook(out / "gradebook.csv")}


# --- nothing lost ------------------------------------------------------------------------------


def test_rows_written_before_a_crash_are_on_disk(tmp_path: Path) -> None:
    def results():
        yield _fake_result("ann")
        yield _fake_result("bob")
        raise RuntimeError("the third submission took the grader down")

    with pytest.raises(RuntimeError, match="third submission"):
        grade.write_results(results(), tmp_path)
    assert sorted(_rows(tmp_path)) == ["ann", "bob"]
    assert sorted(p.name for p in (tmp_path / "feedback").iterdir()) == ["ann.md", "bob.md"]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")], "no temporary file left behind"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = gradebook.write_atomic(tmp_path / "gradebook.csv", "old,complete\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gradebook.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        gradebook.write_atomic(path, "new," * 10_000)
    assert path.read_text() == "old,complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"]


def test_a_crash_in_the_middle_then_a_rerun_grades_only_what_is_left(tmp_path: Path, fake_grader) -> None:
    calls, crash_on = fake_grader
    paths = _files(tmp_path, {"ann": "right", "bob": "wrong", "carol": "right", "dan": "right"})
    out = tmp_path / "out"
    crash_on.add("carol")
    with pytest.raises(RuntimeError, match="crashed on carol"):
        grade.grade_class(QM, paths, out, jobs=1)
    assert calls == ["ann", "bob"] and sorted(_rows(out)) == ["ann", "bob"]

    crash_on.clear()
    calls.clear()
    run = grade.grade_class(QM, paths, out, jobs=1)
    assert calls == ["carol", "dan"] and run.kept == ["ann", "bob"]
    rows = _rows(out)
    assert [(s, rows[s]["points"]) for s in rows] == [
        ("ann", "2"),
        ("bob", "0"),
        ("carol", "2"),
        ("dan", "2"),
    ]
    assert all(len(r["sha256"]) == 64 and len(r["key_sha256"]) == 64 for r in rows.values())


def test_a_rerun_grades_again_changed_files_and_a_changed_key(tmp_path: Path, fake_grader) -> None:
    calls, _ = fake_grader
    paths = _files(tmp_path, {"ann": "right", "bob": "wrong"})
    out = tmp_path / "out"
    grade.grade_class(QM, paths, out)
    calls.clear()
    paths[1].write_text("now right", encoding="utf-8")  # bob re-submits
    run = grade.grade_class(QM, paths, out)
    assert (calls, run.kept, _rows(out)["bob"]["points"]) == (["bob"], ["ann"], "2")

    keys = tmp_path / "keys"
    shutil.copytree(grade.keys_dir(), keys)
    key = load_key(QM, keys)
    key.cells[0].source += "\n\nOne more sentence of instructions."
    nbformat.write(key, keys / f"{QM}.ipynb")
    calls.clear()
    grade.grade_class(QM, paths, out, keys=keys)
    assert sorted(calls) == ["ann", "bob"], "a changed key grades everyone again"
    calls.clear()
    grade.grade_class(QM, paths, out, keys=keys, resume=False)
    assert sorted(calls) == ["ann", "bob"], "--regrade grades everyone again"


def test_a_lost_feedback_file_or_an_error_row_is_graded_again(tmp_path: Path, fake_grader) -> None:
    calls, _ = fake_grader
    paths = _files(tmp_path, {"ann": "right", "bob": "right"})
    out = tmp_path / "out"
    grade.grade_class(QM, paths, out)
    (out / "feedback" / "ann.md").unlink()
    book = gradebook.GradebookWriter(out, gradebook.read_gradebook(out / "gradebook.csv"))
    book.add({**_rows(out)["bob"], "status": "error: setup failed"})
    calls.clear()
    grade.grade_class(QM, paths, out)
    assert sorted(calls) == ["ann", "bob"]


def test_a_second_run_on_the_same_folder_is_refused_while_the_first_runs(tmp_path: Path, fake_grader) -> None:
    calls, _ = fake_grader
    paths = _files(tmp_path, {"ann": "right"})
    with gradebook.locked(tmp_path / "out"):
        with pytest.raises(gradebook.GradebookError, match="another grading run is writing to this folder"):
            grade.grade_class(QM, paths, tmp_path / "out")
    assert calls == [] and not (tmp_path / "out" / "gradebook.csv").exists()
    grade.grade_class(QM, paths, tmp_path / "out")  # the lock is gone with the first run
    assert calls == ["ann"]


def test_a_damaged_gradebook_is_reported_and_regrade_replaces_it(tmp_path: Path, fake_grader) -> None:
    paths = _files(tmp_path, {"ann": "right"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "gradebook.csv").write_text("student,exercise\nann\n", encoding="utf-8")
    done = _run_cli(QM, str(paths[0]), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "missing column(s) points" in done.stderr and "--regrade" in done.stderr
    grade.grade_class(QM, paths, tmp_path / "out", resume=False)
    assert list(_rows(tmp_path / "out")) == ["ann"]


def test_an_output_folder_of_another_exercise_is_refused(tmp_path: Path, fake_grader) -> None:
    paths = _files(tmp_path, {"ann": "right"})
    grade.grade_class("apostrophe", paths, tmp_path / "out")
    with pytest.raises(grade.GradeError, match="holds the gradebook of exercise 'apostrophe'"):
        grade.grade_class(QM, paths, tmp_path / "out")


# --- safe output --------------------------------------------------------------------------------

names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(names)
def test_a_neutralised_cell_never_starts_a_formula_and_restores_exactly(text: str) -> None:
    cell = gradebook.neutralise(text)
    assert not cell.startswith(FORMULA)
    assert gradebook.restore(cell) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(names.map(gradebook.normalise_name).filter(bool), min_size=1, max_size=5, unique=True))
def test_the_gradebook_round_trips_any_names_and_no_cell_is_a_formula(tmp_path: Path, students) -> None:
    folder = Path(tmp_path) / f"book-{abs(hash(tuple(students)))}"
    book = gradebook.GradebookWriter(folder)
    for s in students:
        book.add({"student": s, "exercise": QM, "points": 1, "status": f"-{s}"}, f"# {s}\n")
    raw = list(csv.reader(io.StringIO(book.path.read_text(encoding="utf-8"))))
    assert not any(cell.startswith(FORMULA) for row in raw for cell in row)
    rows = gradebook.read_gradebook(book.path)
    assert [r["student"] for r in rows] == sorted(students)
    assert all(r["status"] == f"-{r['student']}" for r in rows)
    assert all(gradebook.feedback_path(folder, s).parent == folder / "feedback" for s in students)
    assert len({gradebook.feedback_path(folder, s) for s in students}) == len(students)


def _html_text(text: str) -> str:
    """How markdown-it shows literal text in HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60))
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    line = " ".join(text.split())
    rendered = MD.render(gradebook.escape_markdown(text))
    assert rendered == (f"<p>{_html_text(line)}</p>\n" if line else "")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](http://evil.example)",
        "see http://evil.example and www.evil.example and evil.example and a@evil.example",
        "# A heading\n## and another",
        "1. a list\n- and another\n> a quote",
        "**bold** _em_ `code` ~~strike~~ | table |",
        "&lt;b&gt; &#60;",
        "{{ substitution }} {role}`x` $math$",
        "---",
        "text\n===",
    ],
)
def test_markup_the_student_wrote_is_shown_not_rendered(text: str) -> None:
    rendered = MD.render(gradebook.escape_markdown(text))
    assert rendered == f"<p>{_html_text(' '.join(text.split()))}</p>\n"


@settings(max_examples=200)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80))
def test_a_code_block_shows_any_text_and_cannot_be_closed_from_inside(text: str) -> None:
    rendered = MD.render(gradebook.code_block(text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    assert rendered == f"<pre><code>{_html_text(lines)}\n</code></pre>\n"


@settings(max_examples=40, deadline=None)
@given(student=names, message=names, printed=st.text(max_size=200), error=names)
@example(student="<b>x</b>", message="# [a](http://e.example)", printed="\r\x00\n```\n~~~", error="**x**")
@example(student="=cmd", message="1. x", printed="````\n<script>", error="a@b.example\n---")
def test_feedback_shows_what_the_student_controls_without_rendering_it(
    student: str, message: str, printed: str, error: str
) -> None:
    result = Result(
        student or "x",
        QM,
        "graded",
        message=message,
        checks=[
            CheckResult(_check("curly"), "failed", "printed a different output", printed),
            CheckResult(_check("straight", hidden=True), "error", f"raised {error}"),
        ],
        answers={"find": f"raised {error}"},
        expected={"curly": "[(8, 13)]\n"},
        max_points=4,
    )
    tokens = MD.parse(grade.feedback_markdown(result))
    kinds = [t.type for t in tokens]
    assert "html_block" not in kinds and "html_inline" not in kinds
    inline = [c.type for t in tokens if t.children for c in t.children]
    assert "link_open" not in inline and "html_inline" not in inline and "image" not in inline
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h3", "h3"]
    # CommonMark reads CR LF and a lone CR as line ends and shows NUL as U+FFFD
    shown = printed.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").replace("\x00", "\ufffd")
    assert [t.content.rstrip("\n") for t in tokens if t.type == "fence"] == ["[(8, 13)]", shown]


# --- one row per student ------------------------------------------------------------------------


@given(names)
def test_two_spellings_of_a_name_normalise_to_one(name: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    assert (
        gradebook.normalise_name(nfd)
        == gradebook.normalise_name(f"  {nfc}\t")
        == gradebook.normalise_name(gradebook.normalise_name(name))
    )


def test_two_files_naming_one_student_in_two_spellings_are_refused(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert nfc != nfd
    (tmp_path / "a").mkdir()
    with pytest.raises(grade.GradeError, match="share the student name"):
        grade.grade(QM, [tmp_path / f"{nfc}.ipynb", tmp_path / "a" / f" {nfd}.ipynb"])


# --- a class in slices --------------------------------------------------------------------------


def test_shards_split_a_class_into_disjoint_slices_the_same_on_every_machine() -> None:
    students = [f"student-{i:03d}" for i in range(200)]
    slices = {k: {s for s in students if gradebook.shard_of(s, 4) == k} for k in range(1, 5)}
    assert set().union(*slices.values()) == set(students)
    assert sum(map(len, slices.values())) == len(students)
    assert all(30 <= len(part) <= 70 for part in slices.values()), {k: len(v) for k, v in slices.items()}
    # SHA-256 of the UTF-8 name, not Python's per-process hash(): these values never change
    assert [gradebook.shard_of(n, 4) for n in ("ada", "Grace Hopper", "José")] == [
        gradebook.shard_of(n, 4) for n in ("ada", " Grace  Hopper ", unicodedata.normalize("NFD", "José"))
    ]
    assert [gradebook.shard_of(n, 4) for n in ("ada", "Grace Hopper", "José")] == SHARDS_OF_THREE_NAMES


SHARDS_OF_THREE_NAMES = [3, 1, 3]


@given(names, st.integers(min_value=1, max_value=64))
def test_every_student_is_in_exactly_one_slice(name: str, n: int) -> None:
    k = gradebook.shard_of(name, n)
    assert 1 <= k <= n
    assert gradebook.parse_shard(f"{k}/{n}") == (k, n)
    assert gradebook.shard_of(unicodedata.normalize("NFD", f" {name} "), n) == k


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers.grade", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_shards_graded_apart_and_merged_equal_the_whole_class(tmp_path: Path, fake_grader) -> None:
    paths = _files(tmp_path, {f"s{i}": "right" if i % 3 else "wrong" for i in range(12)})
    whole = grade.grade_class(QM, paths, tmp_path / "whole").book
    parts = [tmp_path / f"part{k}" for k in (1, 2, 3)]
    for k, part in enumerate(parts, start=1):
        run = grade.grade_class(QM, paths, part, shard=(k, 3))
        assert {r.student for r in run.graded} == {
            p.stem for p in paths if gradebook.shard_of(p.stem, 3) == k
        }
    assert grade.main(["merge", *map(str, parts), "--out", str(tmp_path / "all")]) == 0

    def strip_seconds(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]

    assert strip_seconds(gradebook.read_gradebook(tmp_path / "all" / "gradebook.csv")) == strip_seconds(
        gradebook.read_gradebook(whole)
    )
    assert sorted(p.name for p in (tmp_path / "all" / "feedback").iterdir()) == sorted(
        p.name for p in (tmp_path / "whole" / "feedback").iterdir()
    )


def test_merge_refuses_conflicting_rows_and_different_exercises(tmp_path: Path, fake_grader) -> None:
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    first = _files(tmp_path / "v1", {"ann": "right"})
    second = _files(tmp_path / "v2", {"ann": "wrong"})
    grade.grade_class(QM, first, tmp_path / "a")
    grade.grade_class(QM, first, tmp_path / "same")
    grade.grade_class(QM, second, tmp_path / "b")
    grade.grade_class("apostrophe", first, tmp_path / "c")
    ok = _run_cli("merge", str(tmp_path / "a"), str(tmp_path / "same"), "--out", str(tmp_path / "ok"))
    assert ok.returncode == 0, ok.stderr
    conflict = _run_cli("merge", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "x"))
    assert conflict.returncode == 2
    assert "'ann' is graded differently in" in conflict.stderr and "2 and 0 points" in conflict.stderr
    assert not (tmp_path / "x").exists(), "a refused merge writes nothing"
    mixed = _run_cli("merge", str(tmp_path / "a"), str(tmp_path / "c"), "--out", str(tmp_path / "y"))
    assert mixed.returncode == 2 and "different exercises" in mixed.stderr
    missing = _run_cli("merge", str(tmp_path / "nowhere"), "--out", str(tmp_path / "z"))
    assert missing.returncode == 2 and "gradebook.csv: no such file" in missing.stderr


def test_bad_shard_arguments_are_usage_errors(tmp_path: Path) -> None:
    for shard in ("0/3", "4/3", "2", "a/b"):
        done = _run_cli(QM, "x.ipynb", "--out", str(tmp_path), "--shard", shard)
        assert done.returncode == 2 and "--shard" in done.stderr, (shard, done.stderr)


# --- exports ----------------------------------------------------------------------------------------


def _graded_folder(out: Path, exercise: str, rows: list[tuple[str, int, str]], max_points: int) -> Path:
    book = gradebook.GradebookWriter(out)
    for student, points, status in rows:
        row = {"student": student, "exercise": exercise, "points": points, "max_points": max_points}
        book.add({**row, "status": status, "seconds": "1.0"}, f"# {student}\n")
    return out


def test_canvas_export_has_canvas_columns_points_possible_and_one_column_per_exercise(tmp_path: Path) -> None:
    qm = _graded_folder(
        tmp_path / "qm",
        QM,
        [("ada", 12, "graded"), ("=cmd()", 0, "missing"), ("bo", 0, "error: setup failed")],
        16,
    )
    ap = _graded_folder(tmp_path / "ap", "apostrophe", [("ada", 7, "graded"), ("=cmd()", 0, "error: x")], 7)
    out = tmp_path / "canvas.csv"
    done = _run_cli(
        "export", "canvas", str(qm), str(ap), "--out", str(out), "--column", f"{QM}=Quote marks (1234)"
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Quote marks (1234)",
        "apostrophe",
    ]
    assert rows[1] == ["Points Possible", "", "", "", "", "16", "7"]
    assert rows[2:] == [
        ["'=cmd()", "", "", "'=cmd()", "", "0", ""],
        ["ada", "", "", "ada", "", "12", "7"],
    ]  # bo: the grader failed, not the student, so bo has no row and Canvas keeps bo's mark


CANVAS_EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (77),Current Score\n"
    "    Points Possible,,,,,10,(read only)\n"
    '"Lovelace, Ada",101,u-101,alovelace,Group A,7,70\n'
    '"Hopper, Grace",102,u-102,ghopper,Group B,9,90\n'
    '"Hopper, Grace",103,u-103,ghopper2,Group B,8,80\n'
)


def test_canvas_export_with_a_roster_carries_canvas_ids_and_refuses_unknown_students(tmp_path: Path) -> None:
    roster = tmp_path / "export.csv"
    roster.write_text(CANVAS_EXPORT, encoding="utf-8")
    ok = _graded_folder(tmp_path / "ok", QM, [("ALovelace", 12, "graded"), ("u-102", 5, "graded")], 16)
    out = tmp_path / "canvas.csv"
    done = _run_cli("export", "canvas", str(ok), "--out", str(out), "--roster", str(roster))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[2:] == [
        ["Lovelace, Ada", "101", "u-101", "alovelace", "Group A", "12"],
        ["Hopper, Grace", "102", "u-102", "ghopper", "Group B", "5"],
    ]
    for name, problem in (("grace-hopper", "matches no student"), ("Hopper, Grace", "matches 2 students")):
        bad = _graded_folder(tmp_path / name, QM, [(name, 1, "graded")], 16)
        args = ["--out", str(tmp_path / "x.csv"), "--roster", str(roster)]
        done = _run_cli("export", "canvas", str(bad), *args)
        assert done.returncode == 2 and problem in done.stderr, done.stderr
    assert not (tmp_path / "x.csv").exists()


def test_moodle_export_has_an_identifier_column_and_a_grade_column(tmp_path: Path) -> None:
    qm = _graded_folder(tmp_path / "qm", QM, [("ada", 12, "graded"), ("+44 bob", 3, "graded")], 16)
    out = tmp_path / "moodle.csv"
    done = _run_cli("export", "moodle", str(qm), "--out", str(out), "--column", f"{QM}=Quote marks")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == "student,Quote marks\n'+44 bob,3\nada,12\n"


def test_exports_refuse_two_different_marks_for_one_student(tmp_path: Path) -> None:
    a = _graded_folder(tmp_path / "a", QM, [("ada", 12, "graded")], 16)
    b = _graded_folder(tmp_path / "b", QM, [("ada", 3, "graded")], 16)
    done = _run_cli("export", "moodle", str(a), str(b), "--out", str(tmp_path / "m.csv"))
    assert done.returncode == 2 and "two different marks" in done.stderr and "merge" in done.stderr


# --- with the real grader -------------------------------------------------------------------------


def test_a_rerun_with_the_same_out_keeps_unchanged_rows_and_grades_a_resubmission(tmp_path: Path) -> None:
    key = load_key(QM)
    model, starter = example_submission(key), student_notebook(key)
    nbformat.write(model, tmp_path / "ann.ipynb")
    nbformat.write(starter, tmp_path / "bob.ipynb")
    out = tmp_path / "out"
    first = _run_cli(
        QM, str(tmp_path / "ann.ipynb"), str(tmp_path / "bob.ipynb"), "--out", str(out), "--jobs", "2"
    )
    assert first.returncode == 0, first.stderr
    before = _rows(out)
    assert (before["ann"]["points"], before["bob"]["points"]) == (before["ann"]["max_points"], "0")
    ann_feedback = (out / "feedback" / "ann.md").read_bytes()

    nbformat.write(model, tmp_path / "bob.ipynb")  # bob hands in a corrected notebook
    second = _run_cli(QM, str(tmp_path / "ann.ipynb"), str(tmp_path / "bob.ipynb"), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert "kept 1 row(s) already graded from the same files: ann" in second.stdout
    after = _rows(out)
    assert after["ann"] == before["ann"] and (out / "feedback" / "ann.md").read_bytes() == ann_feedback
    assert after["bob"]["points"] == after["bob"]["max_points"]
