"""Benchmark the grader: a class of submissions with --jobs 1 and --jobs 2, sandboxed and not.

Writes N quote-marks submissions (a third the model answer, a third the blank student notebook,
a third a wrong answer), grades them with :func:`helpers.grade.grade` in four set-ups
(``jobs`` 1 and 2, in the bubblewrap sandbox and with ``trusted_code=True``), and prints a
Markdown table of the median wall-clock time over the runs, the time per submission, the
sandbox's overhead per submission and the speed-up of ``--jobs 2``, with the machine's load
average before and after (the machine may be shared). Every run also checks that the marks are
the same in every set-up.

Run from the repository root::

    python benchmarks/grade.py                    # 100 submissions, median of 3 runs
    python benchmarks/grade.py --n 20 --runs 1    # quicker
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from helpers import grade
from helpers.grade import cell_role, example_submission, load_key, student_notebook

EXERCISE = "quote-marks"
WRONG = "def find_quote_marks(text):\n    return [(0, len(text))] if text else []\n"


def write_class(folder: Path, n: int) -> list[Path]:
    """Write *n* submissions, model, blank and wrong in turn."""
    key = load_key(EXERCISE)
    wrong = student_notebook(key)
    next(c for c in wrong.cells if cell_role(c) == ("answer", "find")).source = WRONG
    kinds = [example_submission(key), student_notebook(key), wrong]
    paths = []
    for i in range(n):
        path = folder / f"student-{i:03d}.ipynb"
        nbformat.write(kinds[i % 3], path)
        paths.append(path)
    return paths


def time_class(paths: list[Path], jobs: int, trusted: bool) -> tuple[float, list[int], list[str]]:
    """Seconds to grade *paths*, the points of each submission, and any status but ``graded``."""
    start = time.perf_counter()
    results = grade.grade(EXERCISE, paths, jobs=jobs, trusted_code=trusted)
    seconds = time.perf_counter() - start
    odd = [f"{r.student}: {r.status} ({r.message})" for r in results if r.status != "graded"]
    return seconds, [r.points for r in results], odd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100, help="submissions (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each set-up; the median is shown")
    args = parser.parse_args()
    setups = [(1, False), (2, False), (1, True), (2, True)]
    times: dict[tuple[int, bool], list[float]] = {s: [] for s in setups}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_class(Path(tmp), args.n)
        marks = None
        problems = []
        for _ in range(args.runs):
            for jobs, trusted in setups:
                seconds, points, odd = time_class(paths, jobs, trusted)
                problems += [f"jobs={jobs} trusted={trusted}: {o}" for o in odd]
                if marks is not None and points != marks:
                    problems.append(f"jobs={jobs} trusted={trusted}: marks differ from the first set-up")
                marks = marks or points
                times[(jobs, trusted)].append(seconds)
    load_after = os.getloadavg()
    median = {s: statistics.median(t) for s, t in times.items()}
    print(f"Grading {args.n} submissions of {EXERCISE} (model, blank, wrong in turn),")
    print(f"median of {args.runs} run(s),")
    print(f"on {os.cpu_count()} cores; load average (1, 5, 15 min) before {load_before}, after {load_after}.")
    print()
    print("| set-up | --jobs | seconds | seconds per submission |")
    print("|---|---:|---:|---:|")
    for jobs, trusted in setups:
        label = "--trusted-code (no sandbox)" if trusted else "sandboxed (bubblewrap)"
        s = median[(jobs, trusted)]
        print(f"| {label} | {jobs} | {s:.1f} | {s / args.n:.2f} |")
    print()
    overhead = (median[(1, False)] - median[(1, True)]) / args.n
    print(f"- sandbox overhead per submission (--jobs 1): {overhead:+.2f} s (target < 0.5 s)")
    print(
        f"- --jobs 2 speed-up, sandboxed: {median[(1, False)] / median[(2, False)]:.2f}×, "
        f"without sandbox: {median[(1, True)] / median[(2, True)]:.2f}× (target ≥ 1.7×)"
    )
    scaled = median[(2, False)] * 100 / args.n
    print(f"- 100 submissions sandboxed with --jobs 2: {scaled:.0f} s (target < 120 s)")
    print(f"- submissions not graded, or graded differently between set-ups: {len(problems)}")
    for problem in problems:
        print(f"  - {problem}")


if __name__ == "__main__":
    main()
