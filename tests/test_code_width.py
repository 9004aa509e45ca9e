"""Every code line of every notebook fits the book's text column: 79 characters at most.

At 1280 px the column holds a code line of 79 characters without a scroll bar
(``tests/test_layout.py`` checks the built pages); a longer line makes the
reader scroll sideways inside the cell. The exercise notebooks and their keys
are read in Jupyter, not in the book, but students copy from them into the
same kind of cell, so the rule is the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [*ROOT.glob("book/**/*.ipynb"), *ROOT.glob("helpers/exercise_keys/*.ipynb")]
    if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts
)
MAX_CHARACTERS = 79


def long_lines(notebook: Path) -> list[str]:
    """``cell n, line m (k characters): text`` for every code line over the limit."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = []
    for n, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        for m, line in enumerate("".join(cell["source"]).splitlines(), start=1):
            if len(line) > MAX_CHARACTERS:
                found.append(f"cell {n}, line {m} ({len(line)} characters): {line}")
    return found


def test_the_notebooks_are_found():
    assert "book/antalya.ipynb" in NOTEBOOKS and "helpers/exercise_keys/match-quotes.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_code_lines_fit_the_column(notebook):
    found = long_lines(ROOT / notebook)
    assert not found, f"{notebook}: code lines over {MAX_CHARACTERS} characters:\n" + "\n".join(found)


PRACTICE_PAGES = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("book/practice/*.md"))


def long_block_lines(page: Path) -> list[str]:
    """``block n (k characters): text`` for every line over the limit in a page's ```python blocks."""
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    return [
        f"block {n} ({len(line)} characters): {line}"
        for n, block in enumerate(blocks, start=1)
        for line in block.splitlines()
        if len(line) > MAX_CHARACTERS
    ]


def test_the_practice_pages_show_solution_code():
    assert "book/practice/match-quotes.md" in PRACTICE_PAGES
    assert long_block_lines(ROOT / "book/practice/match-quotes.md") == []
    assert re.search(r"^```python\n", (ROOT / "book/practice/match-quotes.md").read_text("utf-8"), re.M)


@pytest.mark.parametrize("page", PRACTICE_PAGES)
def test_solution_code_on_the_practice_pages_fits_the_column(page):
    """The solutions are written into the pages from the keys' answer cells (``write_exercise_pages``)."""
    found = long_block_lines(ROOT / page)
    assert not found, f"{page}: code lines over {MAX_CHARACTERS} characters:\n" + "\n".join(found)
