"""Grade exercise notebooks against the instructor's keys, with nbval as the engine.

Usage::

    python -m helpers.grade --list
    python -m helpers.grade quote-marks alice.ipynb bob.ipynb --out marks/
    python -m helpers.grade --example-submission quote-marks --out model.ipynb
    python -m helpers.grade --check my-notebook.ipynb      # a student's self-check

How a submission is graded
--------------------------
Each exercise has a *key* in ``helpers/exercise_keys/<name>.ipynb``. Its cells
are identified by tags, never by position:

``setup``
    code the instructor provides (imports, sample data);
``answer:<id>``
    the model solution; ``metadata.grade.starter`` holds the starter code the
    student notebook shows instead;
``check:<id>``
    an instructor check with its reference output, marked
    ``# NBVAL_CHECK_OUTPUT``. ``metadata.grade`` holds ``points``, ``title``,
    ``hint``, ``depends`` (answer ids) and ``hidden`` (a check on inputs the
    student never sees, left out of the student notebook).

For each submission the grader builds a fresh notebook from the key's setup
and check cells (with the key's outputs) and the student's answer cells,
matched by their ``answer:<id>`` tag, and runs ``pytest --nbval-lax`` on it
in a subprocess. Anything else in the submission (its outputs, its check
cells, the order of its cells) is ignored, so it cannot change what is
checked, and the feedback says what was ignored. A check earns its points
when nbval passes its cell: it ran without error and printed the reference
output.

Only the kernel is untrusted. nbval and the grader's pytest plugin
(``helpers._grade_plugin``) run in a trusted process; the kernel runs in a
bubblewrap sandbox (:mod:`helpers.sandbox`) that cannot see the keys, the
notebook with the reference outputs, other submissions, the output folder or
any other process, has no network, and is limited in memory, CPU time,
processes, file size and output. The plugin works out each cell's status from
what it observed (was the kernel alive before and after the cell, did the
cell time out, did it raise, did nbval's comparison pass) and writes it to a
file outside the sandbox; nothing the student's code prints can change a
status. Without bubblewrap the grader refuses to run, unless it is told the
code is trusted (``--trusted-code``).

Timeouts and crashes: every cell runs under ``--nbval-cell-timeout``. On a
timeout nbval interrupts the kernel and carries on in the same kernel (it
marks later failures as expected failures, which the grader counts as
failures, and later passes as unexpected passes, which count as passes).
``sys.exit()`` and exceptions only fail their own cell: IPython catches
``SystemExit``. When the kernel dies (``os._exit``, a segfault, a limit) or
ignores the interrupt, the grader leaves out the cell that broke the kernel
(scoring it 0), and runs the notebook again in a fresh kernel, so only the
checks that depend on that cell are lost. All runs of one submission share
one wall-clock budget. The packaged keys contain the hidden checks; for marks
that count, keep the keys elsewhere (``--keys DIR`` or
``$TALKS_IN_TURKEY_KEYS``).

Outputs: ``OUT/gradebook.csv`` (one row per submission, sorted by student)
and ``OUT/feedback/<student>.md``, written by :mod:`helpers.gradebook` as
each submission is graded; a second run with the same OUT resumes. For a
large class: ``--shard K/N``, then ``python -m helpers.grade merge OUT1 OUT2
--out ALL``; ``python -m helpers.grade export canvas|moodle ALL --out F.csv``
writes the marks for import.
"""

from __future__ import annotations

import argparse
import copy
import csv
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from helpers import gradebook
from helpers import _grade_plugin as _plugin
from helpers import sandbox

__all__ = [
    "DEFAULT_TIMEOUT",
    "GRADEBOOK_COLUMNS",
    "Check",
    "CheckResult",
    "ClassRun",
    "GradeError",
    "Result",
    "assemble",
    "checks",
    "example_submission",
    "exercise_page_markdown",
    "feedback_markdown",
    "grade",
    "grade_class",
    "grade_submission",
    "ignored_notes",
    "iter_grades",
    "keys_dir",
    "list_exercises",
    "load_key",
    "main",
    "read_submission",
    "self_check",
    "student_notebook",
    "write_exercise_pages",
    "write_results",
]

#: Seconds each cell may run before nbval interrupts it.
DEFAULT_TIMEOUT = 30
#: Columns of ``gradebook.csv``, in order (see :mod:`helpers.gradebook`).
GRADEBOOK_COLUMNS = gradebook.COLUMNS
#: Notebook metadata key that holds the exercise id, objective and hints.
META = "talks_in_turkey"
#: Environment variable that points the grader at another folder of keys.
KEYS_ENV = "TALKS_IN_TURKEY_KEYS"
_NBVAL_MARKER = re.compile(r"^[ \t]*#[ \t]*NBVAL_\w+[ \t]*$", re.MULTILINE)
_PRELUDE = "import warnings\nwarnings.simplefilter('ignore')"


class GradeError(ValueError):
    """A usage error: an unknown exercise, a broken key, clashing student names."""


# --- keys ---------------------------------------------------------------------


def keys_dir(override: Path | str | None = None) -> Path:
    """Return the folder of exercise keys: *override*, ``$TALKS_IN_TURKEY_KEYS`` or the packaged one.

    Example:
        >>> keys_dir().name
        'exercise_keys'
    """
    if override is not None:
        return Path(override)
    env = os.environ.get(KEYS_ENV)
    return Path(env) if env else Path(__file__).with_name("exercise_keys")


def list_exercises(keys: Path | str | None = None) -> list[str]:
    """Return the names of the exercises that have a key, sorted.

    Example:
        >>> "quote-marks" in list_exercises()
        True
    """
    return sorted(p.stem for p in keys_dir(keys).glob("*.ipynb"))


def load_key(name: str, keys: Path | str | None = None) -> NotebookNode:
    """Read the key of exercise *name*; an unknown name raises :class:`GradeError` listing the valid ones.

    Example:
        >>> load_key("quote-marks").metadata["talks_in_turkey"]["exercise"]
        'quote-marks'
        >>> load_key("quotes")
        Traceback (most recent call last):
        ...
        helpers.grade.GradeError: unknown exercise 'quotes'; choose one of: ...
    """
    path = keys_dir(keys) / f"{name}.ipynb"
    if not path.is_file():
        valid = ", ".join(list_exercises(keys)) or "(none: no keys found)"
        raise GradeError(f"unknown exercise {name!r}; choose one of: {valid}")
    key = nbformat.read(path, as_version=4)
    found = key.metadata.get(META, {}).get("exercise")
    if found != name:
        raise GradeError(f"{path}: metadata.{META}.exercise is {found!r}, expected {name!r}")
    return key


def cell_role(cell: NotebookNode) -> tuple[str, str]:
    """Return a code cell's role from its tags: answer, check, setup, or none.

    A cell without a role (markdown, or code the student added) is ignored by the grader.

    Example:
        >>> cell_role(nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["answer:find"]}))
        ('answer', 'find')
        >>> cell_role(nbformat.v4.new_markdown_cell("Hello"))
        ('', '')
    """
    if cell.get("cell_type") != "code":
        return ("", "")
    for tag in cell.get("metadata", {}).get("tags", []) or []:
        if not isinstance(tag, str):
            continue
        kind, _, ident = tag.partition(":")
        if kind in ("answer", "check") and ident:
            return (kind, ident)
        if tag == "setup":
            return ("setup", "")
    return ("", "")


@dataclass(frozen=True)
class Check:
    """One instructor check: id, points, title, hint, the answers it depends on, and whether it is hidden."""

    id: str
    points: int
    title: str
    hint: str
    depends: tuple[str, ...]
    hidden: bool


def checks(key: NotebookNode) -> list[Check]:
    """Return the key's checks, in notebook order.

    Example:
        >>> [(c.id, c.points, c.hidden) for c in checks(load_key("quote-marks"))][:2]
        [('curly', 2, False), ('several', 2, False)]
    """
    found = []
    for cell in key.cells:
        kind, ident = cell_role(cell)
        if kind == "check":
            meta = cell.metadata.get("grade", {})
            found.append(
                Check(
                    id=ident,
                    points=int(meta.get("points", 1)),
                    title=meta.get("title", ident),
                    hint=meta.get("hint", ""),
                    depends=tuple(meta.get("depends", [])),
                    hidden=bool(meta.get("hidden", False)),
                )
            )
    return found


def student_notebook(key: NotebookNode) -> NotebookNode:
    """Build the student notebook from a key: starter code in the answers, hidden checks left out.

    The visible checks keep the key's reference outputs, so that
    ``pytest --nbval-lax`` on the student notebook shows which checks fail.

    Example:
        >>> nb = student_notebook(load_key("quote-marks"))
        >>> any(c.metadata.get("grade", {}).get("hidden") for c in nb.cells)
        False
        >>> "NotImplementedError" in next(c.source for c in nb.cells if cell_role(c)[0] == "answer")
        True
    """
    nb = copy.deepcopy(key)
    cells = []
    for cell in nb.cells:
        kind, _ = cell_role(cell)
        meta = cell.metadata.get("grade", {})
        if kind == "check" and meta.get("hidden"):
            continue
        if kind == "answer":
            cell.source = meta["starter"]
            cell.metadata["grade"] = {"id": meta["id"]}
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata[META] = {"exercise": key.metadata[META]["exercise"]}
    return nb


def example_submission(key: NotebookNode) -> NotebookNode:
    """Return the model solution as a student would hand it in: the student notebook with the key's answers.

    Example:
        >>> key = load_key("quote-marks")
        >>> model = example_submission(key)
        >>> [c.source for c in model.cells if cell_role(c)[0] == "answer"] == [
        ...     c.source for c in key.cells if cell_role(c)[0] == "answer"]
        True
    """
    answers = {cell_role(c)[1]: c.source for c in key.cells if cell_role(c)[0] == "answer"}
    nb = student_notebook(key)
    for cell in nb.cells:
        kind, ident = cell_role(cell)
        if kind == "answer":
            cell.source = answers[ident]
    return nb


# --- reading submissions ----------------------------------------------------------


#: Largest submission file the grader reads, in bytes.
MAX_SUBMISSION_BYTES = 20 * 2**20
_EXERCISE_NAME = re.compile(r"[A-Za-z0-9_-]{1,60}")


def _text(value: object) -> str | None:
    """A cell's source as text: a string, or a list of strings joined; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return None


def _clean_notebook(raw: dict) -> NotebookNode:
    """Rebuild a v4 notebook from untrusted JSON, keeping only cell types, sources and string tags.

    Cells that are not objects, or whose source is not text, become empty
    cells of no role, so that any JSON shape gives a notebook the grader can read.
    """
    nb = nbformat.v4.new_notebook()
    meta = raw.get("metadata")
    ours = meta.get(META) if isinstance(meta, dict) else None
    if isinstance(ours, dict):
        nb.metadata[META] = {k: v for k, v in ours.items() if k == "exercise" and isinstance(v, str)}
    for cell in raw.get("cells") or []:
        cell = cell if isinstance(cell, dict) else {}
        cell_meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        tags = cell_meta.get("tags") if isinstance(cell_meta.get("tags"), list) else []
        tags = list(dict.fromkeys(t for t in tags if isinstance(t, str)))  # nbformat wants them unique
        source = _text(cell.get("source"))
        if cell.get("cell_type") == "code":
            new = nbformat.v4.new_code_cell(
                source or "", metadata={"tags": tags} if source is not None else {}
            )
        else:
            new = nbformat.v4.new_markdown_cell(source or "")
        nb.cells.append(new)
    return nb


def read_submission(path: Path | str, exercise: str | None) -> tuple[NotebookNode | None, str, str]:
    """Read a submission; return ``(notebook or None, status, message)``; never raises.

    The status is ``"ok"``, ``"missing"``, ``"invalid: ..."`` or
    ``"wrong exercise: expected X, got Y"`` (never, when *exercise* is None:
    then the notebook may name any exercise). Any file and any JSON shape
    gives one of these: the notebook returned is rebuilt from the file's
    cell types, sources and tags only.

    Example:
        >>> read_submission("no-such-file.ipynb", "quote-marks")[1:]
        ('missing', 'no-such-file.ipynb: no such file')
    """
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            return None, "missing", f"{path}: no such file"
        if path.stat().st_size > MAX_SUBMISSION_BYTES:
            return (
                None,
                "invalid: too large",
                f"{name}: {path.stat().st_size:,} bytes; a notebook over {MAX_SUBMISSION_BYTES:,} bytes is "
                "not graded (clear the outputs and save it again)",
            )
        data = path.read_bytes()
    except OSError as err:
        return None, "invalid: unreadable", f"{name}: cannot be read ({err.strerror or err})"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "invalid: not JSON", f"{name}: not a text file, so not a notebook (.ipynb is JSON)"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        body = text.strip()
        if body.startswith("{") and (not body.endswith("}") or err.pos >= len(body)):
            return (
                None,
                "invalid: truncated JSON",
                (
                    f"{name}: the file ends in the middle of the notebook ({err.msg}); "
                    "save the notebook again and re-submit it"
                ),
            )
        return None, "invalid: not JSON", f"{name}: not a notebook ({err.msg} at line {err.lineno})"
    except (ValueError, RecursionError) as err:  # a number too long to convert, nesting too deep
        reason = "nested too deeply" if isinstance(err, RecursionError) else "holds a number too long to read"
        return None, "invalid: not a notebook", f"{name}: JSON that {reason}, so not a Jupyter notebook"
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return None, "invalid: not a notebook", f"{name}: JSON, but not a Jupyter notebook (no cells)"
    major = raw.get("nbformat")
    if type(major) is not int or major != 4:
        shown = str(major) if type(major) is int and abs(major) < 10**6 else "unknown"
        return (
            None,
            f"invalid: nbformat {shown}",
            (f"{name}: notebook format {shown}; open and save it in Jupyter 4 or later (format 4)"),
        )
    if not isinstance(raw.get("cells"), list):
        return None, "invalid: not a notebook", f"{name}: a format 4 notebook needs a list of cells"
    nb = _clean_notebook(raw)
    found = nb.metadata.get(META, {}).get("exercise")
    if found is not None and exercise is not None and found != exercise:
        shown = found if _EXERCISE_NAME.fullmatch(found) else "an unknown exercise"
        return (
            None,
            f"wrong exercise: expected {exercise}, got {shown}",
            (f"{name} is the notebook of exercise {shown!r}, not {exercise!r}"),
        )
    message = (
        "" if found or exercise is None else f"{name} does not name its exercise; graded as {exercise!r}"
    )
    return nb, "ok", message


_DEFINES = re.compile(r"^(?:def|class)[ \t]+(\w+)|^(\w+)[ \t]*=", re.MULTILINE)


def ignored_notes(key: NotebookNode, submission: NotebookNode) -> list[str]:
    """Say what the grader ignores in a submission: code outside the answer cells, missing answer cells.

    A student who wrote the right answer in a cell without its ``answer:<id>``
    tag learns why it scored nothing.

    Example:
        >>> key = load_key("quote-marks")
        >>> nb = example_submission(key)
        >>> ignored_notes(key, nb)
        []
        >>> nb.cells[4].metadata["tags"] = []
        >>> for note in ignored_notes(key, nb):
        ...     print(note)
        No cell tagged `answer:find` was found, so that answer was empty.
        Code cell 2 has no answer tag, so it was ignored; it defines `find_quote_marks`: tag it `answer:find`.
    """
    wanted: dict[str, set[str]] = {}
    for cell in key.cells:
        kind, ident = cell_role(cell)
        if kind == "answer":
            wanted[ident] = {a or b for a, b in _DEFINES.findall(cell.source)}
    present = {cell_role(c)[1] for c in submission.cells if cell_role(c)[0] == "answer"}
    notes = [
        f"No cell tagged `answer:{ident}` was found, so that answer was empty."
        for ident in wanted
        if ident not in present
    ]
    number = 0
    for cell in submission.cells:
        if cell.get("cell_type") != "code":
            continue
        number += 1
        kind, _ = cell_role(cell)
        if kind in ("answer", "check", "setup") or not cell.get("source", "").strip():
            continue
        defined = {a or b for a, b in _DEFINES.findall(cell.source)}
        owners = [i for i, names in wanted.items() if names & defined]
        note = f"Code cell {number} has no answer tag, so it was ignored"
        if owners:
            names = ", ".join(f"`{n}`" for n in sorted(defined & wanted[owners[0]]))
            note += f"; it defines {names}: tag it `answer:{owners[0]}`."
        else:
            note += "; only the cells tagged `answer:<id>` are graded."
        notes.append(note)
    return notes


def _answers(submission: NotebookNode) -> dict[str, str]:
    """Answer sources by id; cells sharing a tag (a split cell) are joined in order."""
    found: dict[str, list[str]] = {}
    for cell in submission.cells:
        kind, ident = cell_role(cell)
        if kind == "answer":
            source = _text(cell.get("source", "")) or ""
            found.setdefault(ident, []).append(source)
    return {ident: "\n\n".join(parts) for ident, parts in found.items()}


def assemble(
    key: NotebookNode, submission: NotebookNode | None
) -> tuple[NotebookNode, list[tuple[str, str]]]:
    """Build the notebook that nbval runs, and the role of each of its code cells.

    Setup and check cells (with reference outputs) come from the key; answer
    cells come from the submission by tag, with nbval comment markers removed.
    A missing answer is an empty cell.

    Example:
        >>> key = load_key("quote-marks")
        >>> nb, roles = assemble(key, student_notebook(key))
        >>> roles[:3]
        [('prelude', ''), ('setup', ''), ('answer', 'find')]
    """
    answers = _answers(submission) if submission is not None else {}
    cells = [nbformat.v4.new_code_cell(_PRELUDE)]
    roles = [("prelude", "")]
    for cell in key.cells:
        kind, ident = cell_role(cell)
        if kind == "answer":
            source = _NBVAL_MARKER.sub("", answers.get(ident, ""))
            cells.append(nbformat.v4.new_code_cell(source))
        elif kind in ("setup", "check"):
            new = nbformat.v4.new_code_cell(cell.source)
            new.outputs = copy.deepcopy(cell.get("outputs", []))
            new.execution_count = cell.get("execution_count")
            cells.append(new)
        else:
            continue
        roles.append((kind, ident))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb, roles


# --- running nbval ------------------------------------------------------------------


@dataclass
class CheckResult:
    """The outcome of one check; ``status`` is ``passed``, ``failed``, ``error``, ``timeout``, ``crashed``."""

    check: Check
    status: str
    detail: str = ""
    output: str = ""

    @property
    def earned(self) -> int:
        """The points this check earned (all of them if it passed, none otherwise).

        Example:
            >>> check = Check("count", 3, "Count the quotes", "", (), hidden=False)
            >>> CheckResult(check, "passed").earned, CheckResult(check, "failed").earned
            (3, 0)
        """
        return self.check.points if self.status == "passed" else 0


@dataclass
class Result:
    """The grade of one submission: the gradebook row plus what the feedback file needs."""

    student: str
    exercise: str
    status: str
    message: str = ""
    checks: list[CheckResult] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    expected: dict[str, str] = field(default_factory=dict)
    max_points: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> int:
        """Total points earned over all checks.

        Example:
            >>> check = Check("count", 3, "Count the quotes", "", (), hidden=False)
            >>> Result("ann", "quote-marks", "graded", checks=[CheckResult(check, "passed")] * 2).points
            6
        """
        return sum(c.earned for c in self.checks)

    def row(self) -> dict[str, object]:
        """The gradebook row, with the columns of :data:`GRADEBOOK_COLUMNS`.

        Example:
            >>> list(Result("ann", "quote-marks", "missing", max_points=16).row().values())
            ['ann', 'quote-marks', 0, 16, 'missing', '0.0']
        """
        return {
            "student": self.student,
            "exercise": self.exercise,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "seconds": f"{self.seconds:.1f}",
        }


def _budget(nb: NotebookNode, timeout: int) -> float:
    """Seconds one submission may take in all: every cell's timeout, plus starting the kernels."""
    return float(timeout * len(nb.cells) + 60)


def _run_nbval(nb: NotebookNode, work: Path, timeout: int, deadline: float, run: dict) -> dict[int, dict]:
    """Run ``pytest --nbval-lax`` on *nb* in a fresh kernel; return per-cell records by code-cell number.

    *work* is a private folder of the grader: the notebook (with the reference
    outputs), the configuration and the results file stay there, outside the
    kernel's sandbox. The pytest process is trusted; only its kernel runs
    student code. Everything is killed when the run ends or *deadline* passes.
    """
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    (folder / "nb").mkdir()
    ipc = folder / "ipc"
    ipc.mkdir(mode=0o700)
    nb_path = folder / "nb" / "submission.ipynb"
    nbformat.write(nb, nb_path)
    (folder / "nb" / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    limits: sandbox.Limits = run["limits"]
    uid = None if run["trusted_code"] else sandbox.fresh_uid()
    if uid is not None:
        os.chown(ipc, uid, uid)
    if run["trusted_code"]:
        argv = [
            "/usr/bin/prlimit",
            *limits.prlimit_args(processes=0)[:2],
            f"--fsize={limits.file_size}",
            "--",
        ]
        argv = (argv if Path(argv[0]).is_file() else []) + [
            sys.executable, "-m", "ipykernel_launcher",
            "-f", "{connection_file}", "--HistoryManager.enabled=False",
        ]  # fmt: skip
    else:
        argv = sandbox.kernel_argv(ipc, limits=limits, uid=uid, hide=run["hide"])
    results = folder / "results.jsonl"
    config = {
        "results": str(results),
        "ipc": str(ipc),
        "uid": uid,
        "argv": argv,
        "sandbox": not run["trusted_code"],
    }
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", KEYS_ENV)},
        _plugin.CONFIG_ENV: str(folder / "config.json"),
        "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTHONHASHSEED": "0",
        "IPYTHONDIR": str(folder / "nb" / ".ipython"),
        "MPLBACKEND": "Agg",
    }
    cmd = [
        sys.executable, "-m", "pytest", nb_path.name,
        "-p", "nbval.plugin", "-p", "helpers._grade_plugin", "-p", "no:cacheprovider",
        "--nbval-lax", "--nbval-current-env", f"--nbval-cell-timeout={timeout}",
        "-c", "pytest.ini", "--rootdir", ".", "-q", "--color=no",
    ]  # fmt: skip
    with open(folder / "pytest.log", "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=folder / "nb", env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        finally:
            _kill_group(proc.pid)
            proc.wait()
    records: dict[int, dict] = {}
    lines = results.read_text(encoding="utf-8", errors="replace").splitlines() if results.is_file() else []
    for line in lines:
        rec = json.loads(line)
        if rec.get("pidns"):
            sandbox.kill_namespace(rec["pidns"])
        if "kernel_pid" in rec:
            _kill_group(
                rec["kernel_pid"]
            )  # a kernel outside the sandbox (--trusted-code) has its own session
        else:
            records[rec["cell"]] = rec
    sandbox.kill_slot(uid)
    shutil.rmtree(folder, ignore_errors=True)
    return records


def _kill_group(pid: int | None) -> None:
    if pid:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, 9)
            except OSError:
                pass


def _run_with_recovery(
    nb: NotebookNode, roles: list, work: Path, timeout: int, run: dict
) -> list[tuple[str, str, dict]]:
    """Run nbval, leaving out and re-running around any cell that kills the kernel, within the budget.

    Returns ``(status, detail, record)`` for each code cell of *nb*.
    """
    deadline = time.monotonic() + run["budget"]
    excluded: dict[int, tuple[str, str, dict]] = {}
    out_of_time = ("timeout", f"not run: the submission used up its time budget ({run['budget']:.0f} s)", {})
    statuses: list[tuple[str, str, dict]] = [out_of_time] * len(nb.cells)
    retried = False
    for _ in range(len(nb.cells) + 1):
        if time.monotonic() >= deadline:
            return [
                excluded.get(i, s if s[0] not in ("dead",) else out_of_time) for i, s in enumerate(statuses)
            ]
        attempt = copy.deepcopy(nb)
        for i in excluded:
            attempt.cells[i].source = ""
            attempt.cells[i].outputs = []
        records = _run_nbval(attempt, work, timeout, deadline, run)
        statuses = [
            (records[i]["status"], records[i]["detail"], records[i])
            if i in records
            else ("dead", "not run", {})
            for i in range(len(nb.cells))
        ]
        statuses = [excluded.get(i, s) for i, s in enumerate(statuses)]
        broken = [i for i, s in enumerate(statuses) if s[0] in ("crashed", "dead") and i not in excluded]
        if not broken:
            return statuses
        first = broken[0]
        if time.monotonic() >= deadline:
            continue
        if statuses[first][0] == "dead":  # died between cells: blame the cell before
            culprit = max((i for i in range(first) if i not in excluded), default=None)
            if culprit is None or roles[culprit][0] == "prelude":
                if not retried:  # the kernel did not start, or died before any student code: once more
                    retried = True
                    continue
                return [
                    s if s[0] != "dead" else ("crashed", "the kernel could not start", {}) for s in statuses
                ]
            excluded[culprit] = ("crashed", "crashed the kernel just after it ran", {})
        else:
            excluded[first] = statuses[first]
    return statuses


@functools.cache
def _sandbox_problem(limits: sandbox.Limits) -> str:
    """Why no sandbox can be started here ('' when one can); asked once per process."""
    try:
        sandbox.probe(limits)
    except sandbox.SandboxUnavailable as err:
        return str(err)
    return ""


def _require_sandbox(trusted_code: bool, limits: sandbox.Limits) -> None:
    if not trusted_code and _sandbox_problem(limits):
        raise GradeError(f"cannot grade untrusted code without a sandbox: {_sandbox_problem(limits)}")


def grade_submission(
    exercise: str,
    path: Path | str,
    *,
    timeout: int = DEFAULT_TIMEOUT,
    keys: Path | str | None = None,
    key: NotebookNode | None = None,
    student: str | None = None,
    trusted_code: bool = False,
    limits: sandbox.Limits | None = None,
    budget: float | None = None,
) -> Result:
    """Grade one submission file; never raises for a bad submission.

    Pass *key* (from :func:`load_key`) to grade against a key already in
    memory: :func:`grade` reads the key once, before any student code runs.
    The student's kernel runs in a bubblewrap sandbox (:mod:`helpers.sandbox`)
    with *limits*; without one this raises :class:`GradeError` saying how to
    get one, unless *trusted_code* is true: then the kernel runs with the
    grader's own rights and can read and change anything the grader can.
    *budget* caps the seconds the whole submission may take (default: every
    cell's timeout plus a minute).

    Example:
        >>> result = grade_submission("quote-marks", "no-such-file.ipynb")
        >>> result.row()["status"], result.points, result.max_points
        ('missing', 0, 16)
    """
    start = time.perf_counter()
    limits = limits or sandbox.Limits()
    key = key if key is not None else load_key(exercise, keys)
    all_checks = checks(key)
    result = Result(
        student=student or Path(path).stem,
        exercise=exercise,
        status="",
        max_points=sum(c.points for c in all_checks),
        expected={
            cell_role(c)[1]: "".join(o.get("text", "") for o in c.get("outputs", []))
            for c in key.cells
            if cell_role(c)[0] == "check" and not c.metadata.get("grade", {}).get("hidden")
        },
    )
    submission, status, message = read_submission(path, exercise)
    result.status, result.message = ("graded" if status == "ok" else status), message
    if submission is None:
        result.checks = [CheckResult(c, "not graded", status) for c in all_checks]
        result.seconds = time.perf_counter() - start
        return result
    _require_sandbox(trusted_code, limits)
    result.notes = ignored_notes(key, submission)
    nb, roles = assemble(key, submission)
    by_id = {c.id: c for c in all_checks}
    hide = tuple(p for p in {keys_dir(keys).resolve(), Path(path).resolve().parent} if p.is_dir())
    run = {
        "trusted_code": trusted_code,
        "limits": limits,
        "budget": budget if budget is not None else _budget(nb, timeout),
        "hide": hide,
    }
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        statuses = _run_with_recovery(nb, roles, Path(tmp), timeout, run)
    for (kind, ident), (status, detail, rec) in zip(roles, statuses, strict=True):
        hidden = kind == "check" and by_id[ident].hidden
        if status == "error" and rec.get("ename"):
            # a hidden check's error message may quote its hidden input: name the exception only
            detail = f"raised {rec['ename']}" + ("" if hidden else f": {rec.get('evalue', '')}".rstrip(": "))
        if kind == "check":
            result.checks.append(
                CheckResult(by_id[ident], status, detail, "" if hidden else rec.get("output", ""))
            )
        elif kind == "answer" and status != "passed":
            result.answers[ident] = detail
        elif kind in ("setup", "prelude") and status != "passed":
            result.status = "error: setup failed"
            result.message = f"an instructor setup cell failed ({detail}); tell the instructor"
    result.seconds = time.perf_counter() - start
    return result


def _students(paths: Sequence[Path | str]) -> list[str]:
    """Each submission's student: its file name without ``.ipynb``, normalised; clashes are refused."""
    students = [gradebook.normalise_name(Path(p).stem) for p in paths]
    clash = sorted({s for s in students if students.count(s) > 1})
    if clash:
        raise GradeError(f"two submissions share the student name(s) {', '.join(clash)}; rename one of them")
    return students


def iter_grades(
    exercise: str,
    paths: Sequence[Path | str],
    *,
    jobs: int = 1,
    timeout: int = DEFAULT_TIMEOUT,
    keys: Path | str | None = None,
    key: NotebookNode | None = None,
    **options: object,
) -> Iterator[Result]:
    """Grade submissions *jobs* at a time and yield each result as soon as it is ready.

    Student names are the file names, Unicode-normalised
    (:func:`helpers.gradebook.normalise_name`); two files with one name are
    refused before anything runs. *options* go to :func:`grade_submission`.
    If the caller stops early (or fails), submissions not started are cancelled.

    Example:
        >>> [r.student for r in iter_grades("quote-marks", ["gone.ipynb"])]
        ['gone']
    """
    key = key if key is not None else load_key(exercise, keys)  # before any student code runs
    students = _students(paths)
    todo = list(zip(paths, students, strict=True))
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        running = set()
        while todo or running:
            while todo and len(running) < max(1, jobs):
                path, student = todo.pop(0)
                running.add(
                    pool.submit(
                        grade_submission, exercise, path, timeout=timeout, key=key, student=student, **options
                    )
                )
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def grade(
    exercise: str,
    paths: Sequence[Path | str],
    *,
    jobs: int = 1,
    timeout: int = DEFAULT_TIMEOUT,
    keys: Path | str | None = None,
    trusted_code: bool = False,
    limits: sandbox.Limits | None = None,
) -> list[Result]:
    """Grade many submissions of one exercise, *jobs* at a time; results sorted by student.

    Each submission's kernel runs in its own sandbox; see :func:`grade_submission`.

    Example:
        >>> [r.status for r in grade("quote-marks", ["gone.ipynb"])]
        ['missing']
    """
    limits = limits or sandbox.Limits()
    if any(Path(p).is_file() for p in paths):
        _require_sandbox(trusted_code, limits)  # refuse before anything runs, not once per submission
    results = iter_grades(
        exercise, paths, jobs=jobs, timeout=timeout, keys=keys, trusted_code=trusted_code, limits=limits
    )
    return sorted(results, key=lambda r: r.student)


@dataclass
class ClassRun:
    """What :func:`grade_class` did: the gradebook it wrote, the results it graded, the students it kept."""

    book: Path
    graded: list[Result]
    kept: list[str]
    shard: tuple[int, int] | None = None


def grade_class(
    exercise: str,
    paths: Sequence[Path | str],
    out: Path | str,
    *,
    jobs: int = 1,
    timeout: int = DEFAULT_TIMEOUT,
    keys: Path | str | None = None,
    shard: tuple[int, int] | None = None,
    resume: bool = True,
    trusted_code: bool = False,
    limits: sandbox.Limits | None = None,
) -> ClassRun:
    """Grade a class into *out*: one slice of it (*shard* ``(K, N)``), resuming an earlier run.

    Each row is on disk (gradebook and feedback, written atomically) as soon as
    it is graded. With *resume*, a student whose row in ``out/gradebook.csv``
    was graded from the same file content (SHA-256) against the same key is
    kept, not graded again; rows of students not in *paths* are kept too.
    *out* must not hold the gradebook of another exercise.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     run = grade_class("quote-marks", ["gone.ipynb"], tmp)
        ...     [r.status for r in run.graded], run.kept
        (['missing'], [])
    """
    key = load_key(exercise, keys)  # before any student code runs; fails early if unknown
    limits = limits or sandbox.Limits()
    if any(Path(p).is_file() for p in paths):
        _require_sandbox(trusted_code, limits)  # refuse before anything runs or any file is locked
    students = _students(paths)
    chosen = list(zip(paths, students, strict=True))
    if shard is not None:
        k, n = shard
        chosen = [(p, s) for p, s in chosen if gradebook.shard_of(s, n) == k]
    out = Path(out)
    with gradebook.locked(out):  # a second run on the same folder is refused, not interleaved
        key_sha = gradebook.file_sha256(keys_dir(keys) / f"{exercise}.ipynb")
        previous: dict[str, dict[str, str]] = {}
        if resume and (out / "gradebook.csv").is_file():
            try:
                previous = {r["student"]: r for r in gradebook.read_gradebook(out / "gradebook.csv")}
            except gradebook.GradebookError as err:
                raise GradeError(f"{err}; to grade everyone again and replace it, add --regrade") from None
            other = sorted({r["exercise"] for r in previous.values()} - {exercise})
            if other:
                raise GradeError(
                    f"{out} holds the gradebook of exercise {other[0]!r}, not {exercise!r}; "
                    "grade each exercise into its own folder"
                )
        hashes = {s: gradebook.file_sha256(p) for p, s in chosen}
        kept = [
            s
            for _, s in chosen
            if s in previous
            and gradebook.up_to_date(previous[s], exercise, hashes[s], key_sha)
            and gradebook.feedback_path(out, s).is_file()
        ]
        todo = [p for p, s in chosen if s not in kept]
        results = iter_grades(
            exercise, todo, jobs=jobs, timeout=timeout, keys=keys, key=key, trusted_code=trusted_code, limits=limits
        )
        graded: list[Result] = []

        def collect() -> Iterator[Result]:
            for result in results:
                graded.append(result)
                yield result

        book = write_results(collect(), out, hashes=hashes, key_sha256=key_sha, keep=previous.values())
    return ClassRun(book=book, graded=sorted(graded, key=lambda r: r.student), kept=sorted(kept), shard=shard)


def self_check(
    path: Path | str,
    exercise: str | None = None,
    *,
    timeout: int = DEFAULT_TIMEOUT,
    keys: Path | str | None = None,
) -> Result:
    """A student's self-check: grade *path* on the visible checks only, exactly as the grader does.

    The exercise is the one the notebook names, unless *exercise* is given.
    The verdict on each visible check is the grader's (same assembly of the
    key's checks with the answer cells, same nbval run, same notes on
    ignored cells); hidden checks are left out. The kernel runs in the
    sandbox when bubblewrap is installed, and otherwise without one: it is
    the student's own code on the student's own machine.

    Example:
        >>> self_check("no-such-file.ipynb", "quote-marks").status
        'missing'
    """
    if exercise is None:
        nb, status, message = read_submission(path, None)
        exercise = nb.metadata.get(META, {}).get("exercise") if nb is not None else None
        if exercise is None:
            why = (
                message
                or "the notebook does not name its exercise; pass it: --check NOTEBOOK --exercise NAME"
            )
            return Result(
                student=Path(path).stem, exercise="?", status=status if nb is None else "unknown", message=why
            )
    visible = student_notebook(load_key(exercise, keys))
    trusted = bool(_sandbox_problem(sandbox.Limits()))
    return grade_submission(exercise, path, timeout=timeout, key=visible, trusted_code=trusted)


# --- reporting ----------------------------------------------------------------------


_STATUS_WORDS = {
    "passed": "✅ passed",
    "failed": "❌ wrong output",
    "error": "❌ error",
    "timeout": "⏱ timed out",
    "crashed": "💥 crashed",
    "dead": "💥 not run",
    "not graded": "— not graded",
}


def feedback_markdown(result: Result) -> str:
    """Render the Markdown feedback for one result: score, then each check with result, points and hint.

    Everything the student controls (the file name, messages quoting the
    notebook's metadata or an exception, what the code printed) is escaped
    with :func:`helpers.gradebook.escape_markdown` or shown in a code block
    it cannot close (:func:`helpers.gradebook.code_block`).

    Example:
        >>> print(feedback_markdown(grade_submission("quote-marks", "gone.ipynb")).splitlines()[0])
        # Feedback for gone: quote-marks
    """
    esc = gradebook.escape_markdown
    expected = result.expected
    lines = [
        f"# Feedback for {esc(result.student)}: {result.exercise}",
        "",
        f"**Score: {result.points} / {result.max_points}** (status: {esc(result.status)})",
        "",
    ]
    if result.message:
        lines += [f"> {esc(result.message)}", ""]
    for ident, detail in sorted(result.answers.items()):
        lines += [f"- Your answer cell `answer:{ident}`: {esc(detail)}.", ""]
    if result.notes:
        # the notes are built from the key's ids and cell numbers only, never from what the student wrote
        lines += ["## What the grader ignored", ""] + [f"- {note}" for note in result.notes] + [""]
    lines += ["| Check | Result | Points | Hint |", "|---|---|---|---|"]
    for c in result.checks:
        name = ("hidden: " if c.check.hidden else "") + c.check.title.replace("|", "\\|")
        word = _STATUS_WORDS.get(c.status, esc(c.status))
        hint = c.check.hint.replace("|", "\\|")
        lines.append(f"| {name} | {word} | {c.earned} / {c.check.points} | {hint} |")
    lines.append("")
    missed = [c for c in result.checks if c.status != "passed"]
    if missed and result.status == "graded":
        lines += ["## What to look at", ""]
        for c in missed:
            name = ("Hidden check: " if c.check.hidden else "Check: ") + c.check.title
            lines += [
                f"### {name}",
                "",
                f"Result: {esc(c.status)}" + (f" ({esc(c.detail)})" if c.detail else "") + ".",
                "",
            ]
            for ident in c.check.depends:
                if ident in result.answers:
                    lines += [
                        f"This check uses your answer `answer:{ident}`, which {esc(result.answers[ident])}.",
                        "",
                    ]
            if not c.check.hidden and c.status == "failed":
                want = expected.get(c.check.id, "").rstrip("\n")
                lines += ["Expected:", "", gradebook.code_block(want), ""]
                lines += ["Your code printed:", "", gradebook.code_block(c.output.rstrip("\n")), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_results(
    results: Iterable[Result],
    out: Path | str,
    *,
    hashes: dict[str, str] | None = None,
    key_sha256: str = "",
    keep: Iterable[dict[str, str]] = (),
) -> Path:
    """Write ``gradebook.csv`` and ``feedback/<student>.md`` into *out*, row by row; return its path.

    Each result's feedback file and then the whole gradebook (sorted by
    student, with *keep*'s rows of students not graded now) are written
    atomically as soon as the result arrives, so if *results* fails half-way
    the rows before it are on disk. *hashes* maps a student to the SHA-256 of
    their submission file, and *key_sha256* is the key's, so that a later run
    can resume (:func:`grade_class`).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     book = write_results(grade("quote-marks", ["gone.ipynb"]), tmp)
        ...     print(book.read_text().splitlines()[1])
        gone,quote-marks,0,16,missing,0.0,,
    """
    hashes = hashes or {}
    writer = gradebook.GradebookWriter(out, keep)
    writer.flush()
    for r in results:
        row = {**r.row(), "sha256": hashes.get(r.student, ""), "key_sha256": key_sha256}
        if r.status == "missing":
            row["seconds"] = "0.0"
        writer.add(row, feedback_markdown(r))
    return writer.path


def exercise_page_markdown(name: str, keys: Path | str | None = None) -> str:
    """Render a MyST page for an exercise: objective, task, hints, self-check, collapsed solution.

    The task sits in a sphinx-exercise ``{exercise}`` box whose first line is
    the objective; hints are ``{dropdown}`` boxes (sphinx-design); the
    solution is a sphinx-exercise ``{solution}`` with ``:class: dropdown``, so
    it is collapsed by default and a build with ``hide_solutions: true``
    (``scripts/build_student_book.py``) leaves it out. The notebook links
    point at ``book/exercises/<name>.ipynb``, the student notebook. The code
    is in plain fences, so the page runs nothing when the book builds.

    Example:
        >>> page = exercise_page_markdown("quote-marks")
        >>> page.splitlines()[0].startswith("# ")
        True
        >>> "```{solution} ex-quote-marks" in page and ":class: dropdown" in page
        True
    """
    key = load_key(name, keys)
    meta = key.metadata[META]
    title, objective = meta.get("title", name), meta.get("objective", "")
    label = f"ex-{name}"
    notebook = f"../exercises/{name}.ipynb"
    lines = [
        f"# {title}",
        "",
        f"````{{exercise}} {title}",
        f":label: {label}",
        "",
        f"**Objective:** {objective}",
        "",
    ]
    for cell in key.cells:
        if cell.cell_type == "markdown" and "instructions" in cell.metadata.get("tags", []):
            lines += [re.sub(r"^# .*\n+", "", cell.source).strip(), ""]
    lines += ["````", ""]
    for i, hint in enumerate(meta.get("hints", []), start=1):
        lines += [f"```{{dropdown}} Hint {i}", hint, "```", ""]
    lines += [
        "## Check your understanding",
        "",
        f"Download the student notebook, {{download}}`{name}.ipynb <{notebook}>`, or open it",
        f"from `book/exercises/{name}.ipynb` in Binder or JupyterLab. Fill in the answer cells",
        "(they start with starter code), then run the notebook's checks yourself:",
        "",
        "```bash",
        f"pytest --nbval-lax book/exercises/{name}.ipynb",
        "```",
        "",
        "Each check cell shows the output it expects; pytest names the checks that fail.",
        "Your teacher grades the notebook with more checks, on inputs you have not seen,",
        "so make your code work in general, not only on the visible examples.",
        "",
        f"`````{{solution}} {label}",
        ":class: dropdown",
        "",
    ]
    for cell in key.cells:
        if cell_role(cell)[0] == "answer":
            lines += ["```python", cell.source.strip(), "```", ""]
    lines += ["`````", ""]
    return "\n".join(lines)


def write_exercise_pages(folder: Path | str, keys: Path | str | None = None) -> list[Path]:
    """Write one MyST page per exercise into ``folder`` and return their paths (sorted by name).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     [p.name for p in write_exercise_pages(tmp)][:2]
        ['accessible-chart.md', 'apostrophe.md']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in list_exercises(keys):
        path = folder / f"{name}.md"
        path.write_text(exercise_page_markdown(name, keys), encoding="utf-8")
        written.append(path)
    return written


# --- command line -------------------------------------------------------------------


def _merge_main(argv: Sequence[str]) -> int:
    """``python -m helpers.grade merge OUT1 OUT2 ... --out ALL``."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.grade merge",
        description="Join the output folders of the slices of a class (--shard) into one.",
    )
    parser.add_argument("folders", nargs="+", type=Path, help="output folders of the slices")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the joined gradebook into")
    args = parser.parse_args(argv)
    try:
        rows, feedback = gradebook.merge_gradebooks(args.folders)
    except gradebook.GradebookError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    texts = {s: path.read_text(encoding="utf-8") for s, path in feedback.items()}  # read all before writing
    for row in rows:
        gradebook.write_atomic(gradebook.feedback_path(args.out, row["student"]), texts[row["student"]])
    book = gradebook.GradebookWriter(args.out, rows).flush()
    print(f"merged {len(rows)} row(s) from {len(args.folders)} folder(s) into {book}")
    return 0


def _export_main(argv: Sequence[str]) -> int:
    """``python -m helpers.grade export canvas|moodle OUT... --out FILE.csv``."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.grade export",
        description="Write the marks of one or more output folders as a CSV that Canvas or Moodle imports.",
    )
    parser.add_argument("system", choices=["canvas", "moodle"], help="the learning platform")
    parser.add_argument(
        "folders", nargs="+", type=Path, help="output folders (one per exercise; merge slices first)"
    )
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="EXERCISE=HEADER",
        help="name the exercise's column, e.g. 'quote-marks=Quote marks (1234)' for Canvas assignment 1234",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        help="canvas: the gradebook exported from Canvas, to fill in each student's Canvas ids and section",
    )
    args = parser.parse_args(argv)
    if args.roster and args.system != "canvas":
        parser.error("--roster is for canvas")
    columns = {}
    for item in args.column:
        exercise, sep, header = item.partition("=")
        if not sep or not exercise.strip() or not header.strip():
            parser.error(f"--column {item!r}: write it as EXERCISE=HEADER")
        columns[exercise.strip()] = header.strip()
    try:
        books = [gradebook.read_gradebook(folder / "gradebook.csv") for folder in args.folders]
        if args.system == "canvas":
            roster = gradebook.read_canvas_roster(args.roster) if args.roster else None
            header, rows = gradebook.canvas_rows(books, columns, roster)
        else:
            header, rows = gradebook.moodle_rows(books, columns)
    except gradebook.GradebookError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    unknown = sorted(set(columns) - {r["exercise"] for book in books for r in book})
    if unknown:
        print(
            f"error: --column names exercise(s) not in the gradebooks: {', '.join(unknown)}",
            file=sys.stderr,
        )
        return 2
    gradebook.write_atomic(args.out, gradebook.csv_text(header, rows))
    students = len(rows) - (1 if args.system == "canvas" else 0)
    exercises = len(header) - (5 if args.system == "canvas" else 1)
    print(f"wrote {args.out}: {students} student(s), {exercises} exercise(s)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 usage error).

    ``merge`` and ``export`` as the first word run those commands (see
    ``python -m helpers.grade merge --help`` and ``... export --help``).

    Example:
        >>> main(["--list"])  # doctest: +ELLIPSIS
        accessible-chart...
        0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["merge"]:
        return _merge_main(argv[1:])
    if argv[:1] == ["export"]:
        return _export_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m helpers.grade",
        description="Grade Talks in Turkey exercise notebooks with nbval.",
        epilog="Also: 'python -m helpers.grade merge OUT... --out ALL' joins the slices of a class; "
        "'python -m helpers.grade export canvas|moodle OUT... --out FILE.csv' writes marks to import.",
    )
    parser.add_argument("exercise", nargs="?", help="exercise name (see --list)")
    parser.add_argument("submissions", nargs="*", type=Path, help="student notebooks (.ipynb)")
    parser.add_argument("--out", type=Path, help="output folder (or file, with --example-submission)")
    parser.add_argument("--list", action="store_true", help="list the exercises and exit")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel (default 1)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per cell (default 30)")
    parser.add_argument(
        "--keys", type=Path, help=f"folder of exercise keys (default: ${KEYS_ENV} or packaged)"
    )
    parser.add_argument(
        "--shard",
        metavar="K/N",
        help="grade only slice K of N (by a hash of each student's name: the same on every machine)",
    )
    parser.add_argument(
        "--regrade",
        action="store_true",
        help="grade every submission again, instead of keeping the rows of unchanged files in --out",
    )
    parser.add_argument("--example-submission", metavar="EXERCISE", help="write the model solution notebook")
    parser.add_argument("--student-notebook", metavar="EXERCISE", help="write the student notebook")
    parser.add_argument("--write-pages", metavar="DIR", type=Path, help="write the book's exercise pages")
    parser.add_argument(
        "--check",
        metavar="NOTEBOOK",
        type=Path,
        help="students: run your notebook's visible checks as the grader does",
    )
    parser.add_argument(
        "--trusted-code",
        action="store_true",
        help="run kernels WITHOUT the bubblewrap sandbox: only for notebooks you trust "
        "(never students' work); their code can then read the keys and change any file you can",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            return _print_self_check(
                self_check(args.check, args.exercise, timeout=args.timeout, keys=args.keys)
            )
        if args.write_pages:
            for path in write_exercise_pages(args.write_pages, args.keys):
                print(f"wrote {path}")
            return 0
        if args.list:
            for name in list_exercises(args.keys):
                key = load_key(name, args.keys)
                points = sum(c.points for c in checks(key))
                print(f"{name}\t{points} points\t{key.metadata[META].get('title', '')}")
            return 0
        for option, build in (
            ("example_submission", example_submission),
            ("student_notebook", student_notebook),
        ):
            name = getattr(args, option)
            if name:
                nb = build(load_key(name, args.keys))
                if args.out:
                    nbformat.write(nb, args.out)
                else:
                    sys.stdout.write(nbformat.writes(nb) + "\n")
                return 0
        if not args.exercise:
            parser.error("name an exercise (see --list) and one or more submissions")
        load_key(args.exercise, args.keys)
        if not args.submissions:
            parser.error("give at least one submission notebook")
        if not args.out:
            parser.error("--out DIR is required when grading")
        if args.jobs < 1 or args.timeout < 1:
            parser.error("--jobs and --timeout must be at least 1")
        try:
            shard = gradebook.parse_shard(args.shard) if args.shard else None
        except ValueError as err:
            parser.error(str(err))
        run = grade_class(
            args.exercise,
            args.submissions,
            args.out,
            jobs=args.jobs,
            timeout=args.timeout,
            keys=args.keys,
            shard=shard,
            resume=not args.regrade,
            trusted_code=args.trusted_code,
        )
    except (GradeError, gradebook.GradebookError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for r in run.graded:
        print(f"{r.student}\t{r.points}/{r.max_points}\t{r.status}")
    if run.kept:
        print(f"kept {len(run.kept)} row(s) already graded from the same files: {', '.join(run.kept)}")
    where = f" (slice {shard[0]} of {shard[1]})" if shard else ""
    print(f"wrote {run.book} and {len(run.graded)} feedback file(s) in {run.book.parent / 'feedback'}{where}")
    return 0


def _print_self_check(result: Result) -> int:
    """Print a self-check's verdict; 0 when every visible check passes, 1 otherwise."""
    if result.status != "graded":
        print(f"{result.status}: {result.message}")
        return 1
    for c in result.checks:
        word = _STATUS_WORDS.get(c.status, c.status)
        print(
            f"{word}\t{c.earned}/{c.check.points}\t{c.check.title}" + (f" ({c.detail})" if c.detail else "")
        )
    for ident, detail in sorted(result.answers.items()):
        print(f"answer:{ident}: {detail}")
    for note in result.notes:
        print(f"note: {note}")
    passed = sum(c.status == "passed" for c in result.checks)
    print(
        f"{passed} of {len(result.checks)} visible checks pass ({result.points}/{result.max_points} points). "
        "The grader also runs hidden checks on inputs you have not seen."
    )
    return 0 if passed == len(result.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
