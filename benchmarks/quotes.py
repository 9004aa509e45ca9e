"""Benchmark quotation extraction: the rule-based scanner against the naive baseline.

Run from the repository root (``helpers`` is the installed package)::

    python benchmarks/quotes.py

Prints a Markdown table: for each input, the median of five runs of
:func:`helpers.quotes.extract_quotes` and :func:`helpers.quotes.naive_quotes`
measured in the same run, as throughput in MB/s (1 MB = 10**6 characters), and
the peak memory (``tracemalloc``) of one run on the 10 MB inputs. Throughput is
given twice: from the CPU time of the process (``time.process_time``: one core,
what other work on a shared machine does not inflate) and from the wall clock.
The inputs are the five raw articles joined and repeated to 1, 5 and 10 MB, and
10 MB of paragraphs full of unbalanced and stray marks. Time should grow
linearly: the last lines give, for each function, the throughput at 10 MB
divided by the throughput at 1 MB (1.0 is perfectly linear).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd

from helpers.corpus import load_articles
from helpers.quotes import extract_quotes, naive_quotes

MB = 1_000_000
RUNS = 5
FUNCTIONS: dict[str, Callable[[str], pd.DataFrame]] = {
    "extract_quotes": extract_quotes,
    "naive_quotes": naive_quotes,
}


def corpus_text(size: int) -> str:
    """The raw articles joined by blank lines, repeated and cut to ``size`` characters."""
    raw = "\n\n".join(load_articles()["raw"])
    return (raw * (size // len(raw) + 1))[:size]


def unbalanced_text(size: int) -> str:
    """Paragraphs of reporting words and marks that never pair up properly."""
    paragraph = (
        "“He said ‘no and Kuleba's “talks” ” were ’ odd, \" said Lavrov ' in ‘Antalya "
        "“ the minister’ told reporters: “ ‘ \" ' ” ’ Ukrainians’ demands “ stray"
    )
    block = "\n\n".join([paragraph] * 10) + "\n\n"
    return (block * (size // len(block) + 1))[:size]


def median_seconds(
    function: Callable[[str], pd.DataFrame], text: str, runs: int = RUNS
) -> tuple[float, float]:
    """Median CPU time and median wall time of ``runs`` calls, in seconds."""
    cpu, wall = [], []
    for _ in range(runs):
        began_cpu, began_wall = time.process_time(), time.perf_counter()
        function(text)
        cpu.append(time.process_time() - began_cpu)
        wall.append(time.perf_counter() - began_wall)
    return statistics.median(cpu), statistics.median(wall)


def peak_megabytes(function: Callable[[str], pd.DataFrame], text: str) -> float:
    """Peak memory allocated by one call, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        function(text)
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def measure() -> pd.DataFrame:
    """One row per input and function: size, median seconds, MB/s, peak memory, quotes found."""
    inputs = [
        ("corpus 1 MB", corpus_text(1 * MB)),
        ("corpus 5 MB", corpus_text(5 * MB)),
        ("corpus 10 MB", corpus_text(10 * MB)),
        ("unbalanced marks 10 MB", unbalanced_text(10 * MB)),
    ]
    records = []
    for label, text in inputs:
        for name, function in FUNCTIONS.items():
            cpu, wall = median_seconds(function, text)
            records.append(
                {
                    "input": label,
                    "function": name,
                    "CPU seconds (median of 5)": round(cpu, 3),
                    "MB/s (CPU)": round(len(text) / MB / cpu, 2),
                    "MB/s (wall)": round(len(text) / MB / wall, 2),
                    "peak memory MB": round(peak_megabytes(function, text), 1)
                    if len(text) >= 10 * MB
                    else None,
                    "quotes": len(function(text)),
                }
            )
    return pd.DataFrame(records)


def markdown(table: pd.DataFrame) -> str:
    """The table as GitHub Markdown (no extra dependency)."""
    header = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    body = [
        "| " + " | ".join("" if value is None or value != value else str(value) for value in row) + " |"
        for row in table.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def linearity(table: pd.DataFrame) -> pd.DataFrame:
    """For each function, CPU throughput at 10 MB divided by CPU throughput at 1 MB (1.0 = linear)."""
    rate = table.set_index(["input", "function"])["MB/s (CPU)"]
    return pd.DataFrame(
        {
            "function": list(FUNCTIONS),
            "MB/s at 10 MB ÷ MB/s at 1 MB": [
                round(rate["corpus 10 MB", name] / rate["corpus 1 MB", name], 2) for name in FUNCTIONS
            ],
        }
    )


if __name__ == "__main__":
    table = measure()
    print(markdown(table))
    print()
    print(markdown(linearity(table)))
