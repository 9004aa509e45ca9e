"""The grader's files: the gradebook, the feedback, their exports and the slices of a class.

Everything here is about files a teacher keeps and opens, so that a batch can
be trusted with marks that count:

- **Nothing lost.** Every file is written atomically (a temporary file in the
  same folder, then ``os.replace``), and the gradebook is rewritten after
  every row, so the rows graded before a crash are on disk. A second run
  with the same output folder *resumes*: a row is kept when the submission
  file (its SHA-256) and the key are the same as when it was graded.
- **Safe to open.** A spreadsheet runs a cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return as a formula; such cells get a
  leading ``'`` (:func:`neutralise`). Text the student controls goes into
  the Markdown feedback escaped (:func:`escape_markdown`, :func:`code_block`):
  no raw HTML, links, headings or broken code fences.
- **One row per student.** Names are Unicode NFC, trimmed, with runs of
  whitespace made one space (:func:`normalise_name`), so two spellings of one
  name cannot make two rows.
- **A class in slices.** :func:`shard_of` puts each student in one of N
  slices, by a hash of the normalised name (the same on every machine, and a
  student keeps their slice when others are added); :func:`merge_gradebooks`
  joins the slices' folders and refuses conflicting rows.
- **Exports** for the Canvas gradebook import (:func:`canvas_rows`) and the
  Moodle CSV grade import (:func:`moodle_rows`).

Columns of ``gradebook.csv`` (:data:`COLUMNS`): ``student``, ``exercise``,
``points``, ``max_points``, ``status``, ``seconds``, ``sha256`` (of the
submission file; empty when it could not be read) and ``key_sha256`` (of the
exercise key it was graded against).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one run at a time is up to the teacher
    fcntl = None

__all__ = [
    "COLUMNS",
    "GradebookError",
    "GradebookWriter",
    "canvas_rows",
    "code_block",
    "csv_text",
    "escape_markdown",
    "feedback_path",
    "file_sha256",
    "locked",
    "merge_gradebooks",
    "moodle_rows",
    "neutralise",
    "normalise_name",
    "parse_shard",
    "read_canvas_roster",
    "read_gradebook",
    "restore",
    "shard_of",
    "up_to_date",
    "write_atomic",
]

#: Columns of ``gradebook.csv``, in order.
COLUMNS = ["student", "exercise", "points", "max_points", "status", "seconds", "sha256", "key_sha256"]
#: What a spreadsheet reads as the start of a formula (OWASP's list), and the escape itself.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
#: Characters that start Markdown or MyST markup anywhere in a line.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&#${}])")
#: ``.``, ``:`` and ``@`` inside a word: what makes ``evil.example``, ``http://`` and e-mail addresses links.
_MD_LINKY = re.compile(r"([.:@])(?=\S)")
#: What starts a block at the beginning of a line: a list item, a setext underline, a quote.
_MD_LINE_START = re.compile(r"^(?:([+\-=])|(\d{1,9})([.)]))")
#: Characters a feedback file name may not contain (Windows' list, and control characters).
_UNSAFE_FILE_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


class GradebookError(ValueError):
    """A gradebook that cannot be read, resumed or merged; the message names the file and the row."""


# --- names, cells, Markdown -------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Return *name* in Unicode NFC, trimmed, with each run of whitespace made one space.

    Example:
        >>> normalise_name("  Jose\\u0301   Marti\\u0301 ") == "José Martí"
        True
    """
    return " ".join(unicodedata.normalize("NFC", name).split())


def neutralise(cell: object) -> str:
    """Return *cell* as text that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'``; so does one starting with ``'``, so that
    :func:`restore` gives back exactly what was written.

    Example:
        >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("ada"), neutralise(16)
        ('\\'=HYPERLINK("http://x")', 'ada', '16')
    """
    text = str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def restore(cell: str) -> str:
    """Undo :func:`neutralise`.

    Example:
        >>> restore(neutralise("=1+1")), restore(neutralise("'quoted")), restore("plain")
        ('=1+1', "'quoted", 'plain')
    """
    return cell[1:] if cell.startswith("'") else cell


def escape_markdown(text: str) -> str:
    """Return *text* as one line of Markdown that renders as exactly that text.

    Whitespace runs (newlines included) become one space; every character that
    could start HTML, a link, emphasis, code, a table cell, math or a MyST role
    is backslash-escaped, and so is a list or quote marker at the start. Use it
    for anything the student controls: file names, metadata, error messages.

    Example:
        >>> escape_markdown("<b>hi</b> [x](http://evil.example)\\n# heading")
        '\\\\<b\\\\>hi\\\\</b\\\\> \\\\[x\\\\](http\\\\://evil\\\\.example) \\\\# heading'
        >>> escape_markdown("raised ValueError: oops")
        'raised ValueError: oops'
    """
    line = " ".join(text.split())
    line = _MD_ANYWHERE.sub(r"\\\1", line)
    line = _MD_LINKY.sub(r"\\\1", line)
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def code_block(text: str) -> str:
    """Return a fenced code block showing *text* literally, whatever backticks it contains.

    The fence is one backtick longer than the longest run of backticks in the
    text (at least three), so no line of the text can close it. Line ends
    become ``\\n``.

    Example:
        >>> print(code_block("print('```')"))
        ````
        print('```')
        ````
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Markdown reads a lone CR as a line end anyway
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def feedback_path(out: Path | str, student: str) -> Path:
    """Return the feedback file of *student* inside ``out/feedback``, never outside it.

    A name with characters that are unsafe in a file name (on any system) has
    them replaced by ``_`` and a short hash of the name appended, so that two
    students never share a file.

    Example:
        >>> feedback_path("graded", "ada lovelace").as_posix()
        'graded/feedback/ada lovelace.md'
        >>> feedback_path("graded", "../../etc/passwd").parent.as_posix()
        'graded/feedback'
    """
    name = _UNSAFE_FILE_CHARS.sub("_", student)
    if name != student or not name or name.startswith(".") or len(name.encode("utf-8")) > 200:
        digest = hashlib.sha256(student.encode("utf-8")).hexdigest()[:10]
        name = f"_{name.lstrip('.')[:60]}-{digest}"
    return Path(out) / "feedback" / f"{name}.md"


# --- files ----------------------------------------------------------------------------------


def write_atomic(path: Path | str, text: str) -> Path:
    """Write *text* to *path* through a temporary file in the same folder and ``os.replace``.

    A reader sees the old file or the new one, never half of one; a crash
    leaves no partial file behind.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = write_atomic(Path(tmp) / "a.txt", "one")
        ...     path = write_atomic(path, "two")
        ...     path.read_text(), sorted(p.name for p in Path(tmp).iterdir())
        ('two', ['a.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def locked(out: Path | str) -> Iterator[Path]:
    """Hold the lock of output folder *out* (created if needed), or fail at once if another run holds it.

    Two grading runs writing one gradebook would each rewrite it without the
    other's rows; the second run is refused instead. The lock is released when
    the run ends, however it ends (it is the operating system's, on
    ``out/.lock``; on systems without ``fcntl`` nothing is locked).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     with locked(tmp):
        ...         with locked(tmp):
        ...             pass
        Traceback (most recent call last):
        ...
        helpers.gradebook.GradebookError: ...: another grading run is writing to this folder; ...
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "a+", encoding="utf-8") as fh:
        if fcntl is not None:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise GradebookError(
                    f"{out}: another grading run is writing to this folder; wait for it to end"
                ) from None
        yield out


def file_sha256(path: Path | str) -> str:
    """Return the SHA-256 of a file's bytes, or ``""`` when it cannot be read.

    Example:
        >>> file_sha256("no-such-file.ipynb")
        ''
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return a CSV document with every cell passed through :func:`neutralise`.

    Example:
        >>> print(csv_text(["student", "points"], [["=cmd", 3]]), end="")
        student,points
        '=cmd,3
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(c) for c in header])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return buffer.getvalue()


def read_gradebook(path: Path | str) -> list[dict[str, str]]:
    """Read a ``gradebook.csv`` written by the grader; raise :class:`GradebookError` naming the problem.

    Cells come back as they were before :func:`neutralise`. A gradebook from
    before the ``sha256`` columns existed reads with those cells empty.

    Example:
        >>> read_gradebook("no-such-folder/gradebook.csv")
        Traceback (most recent call last):
        ...
        helpers.gradebook.GradebookError: no-such-folder/gradebook.csv: no such file
    """
    path = Path(path)
    if not path.is_file():
        raise GradebookError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise GradebookError(f"{path}: not a UTF-8 text file ({err.reason})") from None
    reader = csv.reader(io.StringIO(text))
    header = [restore(c) for c in next(reader, [])]
    missing = [c for c in COLUMNS[:6] if c not in header]
    if missing:
        raise GradebookError(
            f"{path}: not a gradebook written by the grader (missing column(s) {', '.join(missing)})"
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(header):
            raise GradebookError(f"{path}, line {number}: {len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, (restore(c) for c in cells), strict=True))
        rows.append({c: row.get(c, "") for c in COLUMNS})
    return rows


def up_to_date(row: Mapping[str, str], exercise: str, sha256: str, key_sha256: str) -> bool:
    """True if *row* already grades this submission content against this key, so a re-run can keep it.

    A row is redone when the file changed or could not be read (empty hash),
    the key changed, or the grader or the key failed (status ``error: ...``).

    Example:
        >>> row = {"exercise": "quote-marks", "sha256": "ab", "key_sha256": "k", "status": "graded"}
        >>> up_to_date(row, "quote-marks", "ab", "k"), up_to_date(row, "quote-marks", "cd", "k")
        (True, False)
    """
    return (
        bool(sha256)
        and row.get("exercise") == exercise
        and row.get("sha256") == sha256
        and row.get("key_sha256") == key_sha256
        and not str(row.get("status", "")).startswith("error")
    )


class GradebookWriter:
    """The gradebook and feedback files of one output folder, rewritten atomically after every row.

    Rows are kept sorted by student. Start from the rows of an earlier run
    (``keep``) to resume it.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     book = GradebookWriter(tmp)
        ...     book.add({"student": "ann", "exercise": "quote-marks", "points": 3}, "# Feedback\\n")
        ...     print(book.path.read_text().splitlines()[1])
        ann,quote-marks,3,,,,,
    """

    def __init__(self, out: Path | str, keep: Iterable[Mapping[str, object]] = ()) -> None:
        self.out = Path(out)
        self.path = self.out / "gradebook.csv"
        self.rows: dict[str, dict[str, object]] = {str(r["student"]): dict(r) for r in keep}

    def add(self, row: Mapping[str, object], feedback: str | None = None) -> None:
        """Write the student's feedback file (if given), then the whole gradebook, each atomically.

        Example:
            >>> import tempfile
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     book = GradebookWriter(tmp)
            ...     book.add({"student": "bob", "points": 1}, "# Bob\\n")
            ...     book.add({"student": "ann", "points": 2})
            ...     [line.split(",")[0] for line in book.path.read_text().splitlines()]
            ['student', 'ann', 'bob']
        """
        student = str(row["student"])
        if feedback is not None:
            write_atomic(feedback_path(self.out, student), feedback)
        self.rows[student] = {c: row.get(c, "") for c in COLUMNS}
        self.flush()

    def flush(self) -> Path:
        """Write ``gradebook.csv`` now (also when there are no rows yet) and return its path.

        Example:
            >>> import tempfile
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     GradebookWriter(tmp).flush().read_text().startswith("student,exercise,points")
            True
        """
        rows = [[self.rows[s].get(c, "") for c in COLUMNS] for s in sorted(self.rows)]
        return write_atomic(self.path, csv_text(COLUMNS, rows))


# --- slices of a class ----------------------------------------------------------------------


def parse_shard(text: str) -> tuple[int, int]:
    """Parse ``K/N`` (slice K of N, counted from 1).

    Example:
        >>> parse_shard("2/4")
        (2, 4)
        >>> parse_shard("5/4")
        Traceback (most recent call last):
        ...
        ValueError: --shard 5/4: K must be between 1 and N, as in 1/4
    """
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not found:
        raise ValueError(f"--shard {text}: write it as K/N, for example 1/4")
    k, n = int(found[1]), int(found[2])
    if not 1 <= k <= n:
        raise ValueError(f"--shard {text}: K must be between 1 and N, as in 1/{max(n, 1)}")
    return k, n


def shard_of(student: str, n: int) -> int:
    """Return the slice (1..n) of *student*: a hash of the normalised name, the same on every machine.

    Example:
        >>> shard_of("ada", 4) == shard_of(" ada ", 4)
        True
        >>> sorted({shard_of(f"student-{i}", 3) for i in range(30)})
        [1, 2, 3]
    """
    digest = hashlib.sha256(normalise_name(student).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def merge_gradebooks(folders: Sequence[Path | str]) -> tuple[list[dict[str, str]], dict[str, Path]]:
    """Join the gradebooks of several output folders; return the rows and each row's feedback file.

    All must grade the same exercise. A student in two folders must have the
    same row (``seconds`` aside) and the same feedback, or the merge is refused
    with a message naming both folders.

    Example:
        >>> merge_gradebooks([])
        Traceback (most recent call last):
        ...
        helpers.gradebook.GradebookError: nothing to merge: name one or more output folders
    """
    if not folders:
        raise GradebookError("nothing to merge: name one or more output folders")
    books = {Path(folder): read_gradebook(Path(folder) / "gradebook.csv") for folder in folders}
    exercises: dict[str, Path] = {}
    for folder, book in books.items():
        for row in book:
            exercises.setdefault(row["exercise"], folder)
    if len(exercises) > 1:
        names = ", ".join(f"{e} ({f})" for e, f in sorted(exercises.items()))
        raise GradebookError(f"the folders grade different exercises: {names}; merge each exercise apart")
    rows: dict[str, dict[str, str]] = {}
    sources: dict[str, Path] = {}
    feedbacks: dict[str, Path] = {}
    for folder, book in books.items():
        for row in book:
            feedback = feedback_path(folder, row["student"])
            student = row["student"] = normalise_name(row["student"])
            if not feedback.is_file():
                raise GradebookError(f"{folder}: the feedback file of {student!r} is missing ({feedback})")
            if student in rows:
                first, other = rows[student], sources[student]
                same_row = {k: v for k, v in first.items() if k != "seconds"} == {
                    k: v for k, v in row.items() if k != "seconds"
                }
                same_feedback = feedbacks[student].read_bytes() == feedback.read_bytes()
                if not (same_row and same_feedback):
                    raise GradebookError(
                        f"{student!r} is graded differently in {other} and {folder} "
                        f"({first['points']} and {row['points']} points, status {first['status']!r} and "
                        f"{row['status']!r}); grade that student again in one folder, or remove one row"
                    )
                continue
            rows[student], sources[student], feedbacks[student] = row, folder, feedback
    return [rows[s] for s in sorted(rows)], feedbacks


# --- exports ----------------------------------------------------------------------------------


def _score(row: Mapping[str, str]) -> str:
    """The points to import: empty when the grader or the key failed (not the student's doing)."""
    return "" if str(row.get("status", "")).startswith("error") else str(row.get("points", ""))


def read_canvas_roster(path: Path | str) -> list[dict[str, str]]:
    """Read the students of a gradebook exported from Canvas (*Grades → Export*), for :func:`canvas_rows`.

    Keeps ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID`` and ``Section``
    of each student row, and skips Canvas' ``Points Possible`` and posting-policy
    rows (they have no ``ID``).

    Example:
        >>> import tempfile
        >>> lines = ["Student,ID,SIS User ID,SIS Login ID,Section,Quiz (1)", "Points Possible,,,,,10",
        ...          '"Lovelace, Ada",42,u1,ada,Group A,7']
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = Path(tmp) / "export.csv"
        ...     _ = path.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
        ...     [(r["Student"], r["ID"], r["SIS Login ID"], r["Section"]) for r in read_canvas_roster(path)]
        [('Lovelace, Ada', '42', 'ada', 'Group A')]
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise GradebookError(f"{path}: cannot read the Canvas export ({err})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("Student", "ID") if c not in (reader.fieldnames or [])]
    if missing:
        raise GradebookError(
            f"{path}: not a gradebook exported from Canvas (no column {', '.join(missing)}); "
            "export it from Grades → Export → Export Entire Gradebook"
        )
    fields = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
    return [
        {f: (row.get(f) or "").strip() for f in fields}
        for row in reader
        if (row.get("ID") or "").strip() and (row.get("Student") or "").strip() != "Points Possible"
    ]


def _roster_match(student: str, roster: Sequence[Mapping[str, str]]) -> Mapping[str, str]:
    """The one roster row whose login, SIS id, Canvas id or name is *student* (case and spacing aside)."""
    key = normalise_name(student).casefold()
    fields = ("SIS Login ID", "SIS User ID", "ID", "Student")
    found = [r for r in roster if key in {normalise_name(r.get(f, "")).casefold() for f in fields}]
    if len(found) != 1:
        what = "no student" if not found else f"{len(found)} students"
        raise GradebookError(
            f"{student!r} matches {what} of the Canvas roster (by SIS Login ID, SIS User ID, ID or name); "
            "rename the submission after the student's login, or export without --roster"
        )
    return found[0]


def canvas_rows(
    gradebooks: Sequence[Sequence[Mapping[str, str]]],
    columns: Mapping[str, str] | None = None,
    roster: Sequence[Mapping[str, str]] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of a CSV for Canvas' gradebook import (*Grades → Import*).

    The header is ``Student, ID, SIS User ID, SIS Login ID, Section`` and one
    column per exercise, named by *columns* (exercise → column; give
    ``Title (123)`` to fill Canvas' existing assignment 123) or by the exercise
    name (Canvas then creates that assignment). A ``Points Possible`` row
    follows the header. Without a *roster*, the student's name goes in
    ``Student`` and ``SIS Login ID``; Canvas matches a row by ``SIS Login ID``,
    then by name. With a *roster* (:func:`read_canvas_roster`), each student is
    matched to exactly one roster row by login, SIS id, Canvas id or name, and
    the row carries Canvas' own ``Student``, ``ID``, ``SIS User ID``,
    ``SIS Login ID`` and ``Section``; a student who matches none, or several,
    is an error. A cell is empty where grading failed (status ``error: ...``,
    not the student's doing); a student with no mark at all gets no row, since
    Canvas reads an empty cell as removing a mark it already has.

    Example:
        >>> book = [{"student": "ada", "exercise": "quote-marks", "points": "12", "max_points": "16",
        ...          "status": "graded"}]
        >>> header, rows = canvas_rows([book], {"quote-marks": "Quote marks (1234)"})
        >>> header
        ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Quote marks (1234)']
        >>> rows
        [['Points Possible', '', '', '', '', '16'], ['ada', '', '', 'ada', '', '12']]
        >>> roster = [{"Student": "Lovelace, Ada", "ID": "42", "SIS User ID": "u1", "SIS Login ID": "ADA",
        ...            "Section": "A"}]
        >>> canvas_rows([book], roster=roster)[1][1]
        ['Lovelace, Ada', '42', 'u1', 'ADA', 'A', '12']
    """
    exercises, by_student = _by_student(gradebooks)
    columns = columns or {}
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += [columns.get(e, e) for e in exercises]
    possible = ["Points Possible", "", "", "", ""] + [exercises[e] for e in exercises]
    rows = [possible]
    for student, marks in sorted(by_student.items()):
        if not any(marks.values()):
            continue  # only failed gradings: no row, so Canvas keeps whatever mark it has
        if roster is None:
            who = [student, "", "", student, ""]
        else:
            match = _roster_match(student, roster)
            who = [match.get(f, "") for f in ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")]
        rows.append(who + [marks.get(e, "") for e in exercises])
    return header, rows


def moodle_rows(
    gradebooks: Sequence[Sequence[Mapping[str, str]]], columns: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of a CSV for Moodle's *Import → CSV file* grade import.

    The first column, ``student``, holds the name the grader used (the file
    name); in Moodle's *Identify user by*, map it to the user field the files
    are named after (username, ID number or email address). Then one column
    of points per exercise, named by *columns* or the exercise name, to map to
    a grade item. As in :func:`canvas_rows`, a student whose grading failed for
    every exercise gets no row.

    Example:
        >>> book = [{"student": "ada", "exercise": "quote-marks", "points": "12", "max_points": "16",
        ...          "status": "graded"}]
        >>> moodle_rows([book])
        (['student', 'quote-marks'], [['ada', '12']])
    """
    exercises, by_student = _by_student(gradebooks)
    columns = columns or {}
    header = ["student"] + [columns.get(e, e) for e in exercises]
    graded = [(s, marks) for s, marks in sorted(by_student.items()) if any(marks.values())]
    rows = [[s] + [marks.get(e, "") for e in exercises] for s, marks in graded]
    return header, rows


def _by_student(
    gradebooks: Sequence[Sequence[Mapping[str, str]]],
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Exercises (→ max points, in first-seen order) and each student's points per exercise."""
    exercises: dict[str, str] = {}
    by_student: dict[str, dict[str, str]] = {}
    for book in gradebooks:
        for row in book:
            exercise, student = str(row["exercise"]), normalise_name(str(row["student"]))
            if exercise in exercises and exercises[exercise] != str(row["max_points"]):
                raise GradebookError(
                    f"exercise {exercise!r} is out of {exercises[exercise]} points in one gradebook and "
                    f"{row['max_points']} in another: were they graded with different keys?"
                )
            exercises.setdefault(exercise, str(row["max_points"]))
            marks = by_student.setdefault(student, {})
            if exercise in marks and marks[exercise] != _score(row):
                raise GradebookError(
                    f"{student!r} has two different marks for {exercise!r}; merge the slices first "
                    "(python -m helpers.grade merge), which says which rows disagree"
                )
            marks[exercise] = _score(row)
    return exercises, by_student
