"""Benchmark quotation extraction: the rule-based scanner against the naive baseline.

Run from the repository root (``helpers`` is the installed package)::

    python benchmarks/quotes.py

Prints a Markdown table: for each input, the median of five runs of
:func:`helpers.quotes.extract_quotes` and :func:`helpers.quotes.naive_quotes`
measured in the same run, as throughput in MB/s (1 MB = 10**6 characters), and
the peak memory (``tracemalloc``) of one run on the 10 MB inputs. The inputs
are the five raw articles joined and repeated to 1, 5 and 10 MB, and 10 MB of
paragraphs full of unbalanced and stray marks. Time should grow linearly:
compare the throughput at 1, 5 and 10 MB.
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


def median_seconds(function: Callable[[str], pd.DataFrame], text: str, runs: int = RUNS) -> float:
    """Median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


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
            seconds = median_seconds(function, text)
            records.append(
                {
                    "input": label,
                    "function": name,
                    "seconds (median of 5)": round(seconds, 3),
                    "MB/s": round(len(text) / MB / seconds, 2),
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


if __name__ == "__main__":
    print(markdown(measure()))
