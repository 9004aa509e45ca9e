"""Fixtures shared by the test modules."""

from __future__ import annotations

import fcntl
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
def built_book(tmp_path_factory) -> Path:
    """The book built with the README's strict build command; returns ``_build/html``.

    The whole test suite checks the published pages too (links, browser,
    accessibility, page weight), so it builds the book itself: once per
    session, with Jupyter Book's execution cache, which makes a rebuild of an
    unchanged book take a few seconds. A build that fails or prints a warning
    fails the tests that need it, with the warnings and the end of the log.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    assert jupyter_book.is_file(), f"{jupyter_book} is missing: pip install -r requirements.txt"
    log = tmp_path_factory.mktemp("build") / "build.log"
    (ROOT / "_build").mkdir(exist_ok=True)
    # pytest-xdist workers share _build/: let them build one at a time
    with open(ROOT / "_build" / ".browser-tests.lock", "w") as lock, open(log, "w") as out:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=1800,
        )
    lines = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(encoding="utf-8", errors="replace")).splitlines()
    causes = [line for line in lines if re.search(r"WARNING|ERROR|Traceback", line)][:20]
    if done.returncode != 0 or causes or not (HTML / "index.html").is_file():
        pytest.fail(
            f"the strict book build failed (exit {done.returncode}); full log in {log}\n"
            + ("warnings and errors:\n" + "\n".join(causes) + "\n" if causes else "")
            + "end of the log:\n"
            + "\n".join(lines[-25:])
        )
    return HTML
