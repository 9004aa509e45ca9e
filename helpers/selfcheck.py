"""Name the checks of an exercise notebook by their titles when students check themselves.

A student checks an exercise with ``pytest --nbval-lax book/exercises/<name>.ipynb``.
nbval names every code cell by its position (``Cell 8``), which says nothing
about what failed. The check cells of the student notebooks carry a title in
their metadata (``metadata.grade.title``, written from the instructor's key),
so this pytest plugin renames nbval's items after it::

    FAILED book/exercises/quote-marks.ipynb::Check 1: one curly quotation

and adds the check's hint to the failure report. Answer cells become
``Answer 1 (find)``, the set-up cell ``Setup``; other cells keep nbval's name.

nbval compares each check's output with the output stored in the notebook.
A student who runs the check cells and saves the notebook stores their own
outputs there, and every check would then pass whatever the answer. So the
expected output of each visible check is taken from the instructor's key
(``helpers/exercise_keys/<exercise>.ipynb``, or ``$TALKS_IN_TURKEY_KEYS``),
where the check has the same ``check:<id>`` tag; without a key the
notebook's own outputs are used, as nbval does.

``book/exercises/conftest.py`` loads the hook, so it applies to the student
notebooks in that folder only; the grader (:mod:`helpers.grade`) runs nbval in
a folder of its own and names cells its own way.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from helpers.grade import cell_role, keys_dir

__all__ = ["cell_names", "key_outputs", "pytest_itemcollected"]


def cell_names(cells: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Map nbval's code-cell numbers to readable names: checks by their titles, answers by their ids.

    ``cells`` are a notebook's cells (``nb.cells``). nbval numbers the code
    cells from 0, skipping Markdown; checks are numbered from 1 in notebook
    order and named ``Check N: <title>`` (the check's id when it has no
    title); answers ``Answer N (<id>)``; the set-up cell ``Setup``. Cells
    with none of these roles are left out, so they keep nbval's ``Cell N``.

    Example:
        >>> cells = [
        ...     {"cell_type": "markdown", "source": "# Exercise", "metadata": {}},
        ...     {"cell_type": "code", "metadata": {"tags": ["setup"]}},
        ...     {"cell_type": "code", "metadata": {"tags": ["answer:find"]}},
        ...     {"cell_type": "code", "metadata": {"tags": ["check:curly"],
        ...                                         "grade": {"title": "one curly quotation"}}},
        ...     {"cell_type": "code", "metadata": {"tags": ["check:none"]}},
        ...     {"cell_type": "code", "metadata": {}},
        ... ]
        >>> cell_names(cells)
        {0: 'Setup', 1: 'Answer 1 (find)', 2: 'Check 1: one curly quotation', 3: 'Check 2: none'}
    """
    names: dict[int, str] = {}
    code_cells = [c for c in cells if c.get("cell_type") == "code"]
    checks = answers = 0
    for number, cell in enumerate(code_cells):
        kind, ident = cell_role(cell)
        if kind == "check":
            checks += 1
            title = str(cell.get("metadata", {}).get("grade", {}).get("title") or ident)
            names[number] = f"Check {checks}: {title}"
        elif kind == "answer":
            answers += 1
            names[number] = f"Answer {answers} ({ident})"
        elif kind == "setup":
            names[number] = "Setup"
    return names


def key_outputs(exercise: str, keys: Path | str | None = None) -> dict[str, tuple[int, list]]:
    """Return ``{check id: (execution count, reference outputs)}`` from an exercise's key.

    ``keys`` is the folder of keys (default: ``$TALKS_IN_TURKEY_KEYS`` or the
    keys shipped with ``helpers``). An exercise without a readable key gives
    ``{}``, so the self-check falls back to the notebook's stored outputs.

    Example:
        >>> outputs = key_outputs("quote-marks")
        >>> outputs["curly"][1][0]["text"]
        '[(8, 13)]\\n'
        >>> key_outputs("no-such-exercise")
        {}
    """
    folder = keys_dir(keys)
    try:
        key = nbformat.read(folder / f"{exercise}.ipynb", as_version=4)
    except (OSError, ValueError):
        return {}
    found = {}
    for cell in key.cells:
        kind, ident = cell_role(cell)
        if kind == "check":
            found[ident] = (cell.execution_count or 1, cell.outputs)
    return found


def _hint(cell: Mapping[str, Any]) -> str:
    return str(cell.get("metadata", {}).get("grade", {}).get("hint") or "")


def pytest_itemcollected(item: Any) -> None:
    """Pytest hook: rename one nbval cell item after its check title (other items are left alone).

    Example:
        >>> class Item:  # what nbval hands pytest, reduced to what the hook reads
        ...     pass
        >>> item, notebook = Item(), Item()
        >>> notebook.nodeid = "quote-marks.ipynb"
        >>> notebook.nb = {"cells": [{"cell_type": "code", "metadata": {
        ...     "tags": ["check:curly"], "grade": {"title": "one curly quotation"}}}]}
        >>> item.parent, item.cell_num, item.cell = notebook, 0, notebook.nb["cells"][0]
        >>> item.name = "Cell 0"
        >>> item.reportinfo = lambda: ("quote-marks.ipynb", 0, "quote-marks.ipynb::Cell 0")
        >>> item.repr_failure = lambda excinfo: "Cell 0: Cell outputs differ"
        >>> pytest_itemcollected(item)
        >>> item._nodeid
        'quote-marks.ipynb::Check 1: one curly quotation'
        >>> item.repr_failure(None)
        'Check 1: one curly quotation: Cell outputs differ'
    """
    notebook = getattr(getattr(item, "parent", None), "nb", None)
    if notebook is None or not hasattr(item, "cell_num") or not hasattr(item, "cell"):
        return  # not a cell of a notebook that nbval collected
    name = cell_names(notebook["cells"]).get(item.cell_num)
    if name is None:
        return
    number, hint = item.cell_num, _hint(item.cell)
    kind, ident = cell_role(item.cell)
    exercise = notebook.get("metadata", {}).get("talks_in_turkey", {}).get("exercise")
    reference = key_outputs(exercise).get(ident) if kind == "check" and exercise else None
    if reference is not None:  # expect what the key expects, not what the student last saved
        item.cell = copy.deepcopy(item.cell)
        item.cell.execution_count, item.cell.outputs = reference[0], copy.deepcopy(reference[1])
    item.name = name
    if hasattr(item, "_id"):  # pytest 9 keeps the node id structured
        item._id = item.parent.id.child(name)
    else:
        item._nodeid = f"{item.parent.nodeid}::{name}"
    item.__dict__.pop("location", None)  # pytest caches the location it prints from reportinfo
    path, line, _ = item.reportinfo()
    # the domain heads the failure report; pytest's verbose line prints the node id instead
    item.reportinfo = lambda: (path, line, name)
    describe = item.repr_failure

    def repr_failure(excinfo: Any) -> str:
        text = str(describe(excinfo)).replace(f"Cell {number}: ", f"{name}: ", 1)
        return text + (f"\n\nHint: {hint}" if hint else "")

    item.repr_failure = repr_failure
