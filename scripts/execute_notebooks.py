"""Run chapter notebooks in place so that their stored outputs are current.

Authors run this after editing a chapter; nbval then compares the cells
marked ``# NBVAL_CHECK_OUTPUT`` against these stored outputs.

    python scripts/execute_notebooks.py book/sources.ipynb [more.ipynb ...]

Execution counts and volatile metadata are reset, so that re-running an
unchanged notebook leaves the file unchanged (a clean ``git diff``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def execute(path: Path, timeout: int = 300) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.pop("execution_count", None) if output.get("output_type") != "execute_result" else None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        try:
            execute(path)
        except CellExecutionError as err:
            print(f"{path}: a cell failed\n{err}", file=sys.stderr)
            return 1
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
