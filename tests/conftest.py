"""Fixtures shared by the test modules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.quotes import load_gold


@pytest.fixture(scope="session")
def gold_with_ids() -> pd.DataFrame:
    """The hand-annotated gold quotations, numbered per article as ``quotes_for`` numbers them."""
    gold = load_gold()
    n = gold.groupby("article_id").cumcount() + 1
    return gold.assign(quote_id=gold["article_id"] + "-q" + n.map("{:02d}".format))


ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book built with the README's strict build command; returns ``_build/html``.

    The whole test suite checks the published pages too, so it builds the book
    itself: once per session, with Jupyter Book's execution cache, which makes a
    rebuild of an unchanged book take a few seconds. A build that fails or
    prints a warning fails the tests that need it, with the end of the log.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    if not jupyter_book.exists():
        pytest.fail(f"{jupyter_book} is missing: install the requirements (pip install -r requirements.txt)")
    done = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    log = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    warnings = [line for line in log.splitlines() if re.search(r"WARNING|ERROR|Traceback", line)]
    if done.returncode != 0 or warnings or not (HTML / "index.html").is_file():
        shown = "\n".join(warnings[:20]) or log[-4000:]
        pytest.fail(f"the strict book build failed (exit {done.returncode}):\n{shown}")
    return HTML
