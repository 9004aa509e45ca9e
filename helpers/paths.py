"""Find the module's ``data/`` folder.

The notebooks run from ``book/`` or ``book/exercises/``, tests from the
repository root, and on Binder the package is installed into site-packages
(``pip install .``), so the data folder cannot be found from ``__file__``
alone. :func:`data_dir` looks, in order, at the ``TALKS_IN_TURKEY_DATA``
environment variable, at ``data/`` in the working directory and each of its
parents, and at ``data/`` beside the package source.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TALKS_IN_TURKEY_DATA"
MARKER = "articles.csv"


class DataNotFoundError(FileNotFoundError):
    """Raised when no ``data/`` folder holding ``articles.csv`` can be found."""


def data_dir(start: Path | str | None = None) -> Path:
    """Return the folder that holds ``articles.csv`` and ``raw/``.

    Example:
        >>> (data_dir() / "articles.csv").exists()
        True
    """
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not (path / MARKER).is_file():
            raise DataNotFoundError(
                f"{ENV_VAR} is set to {path}, but {path / MARKER} does not exist. "
                f"Point {ENV_VAR} at the repository's data/ folder or unset it."
            )
        return path
    here = Path(start) if start is not None else Path.cwd()
    candidates = [p / "data" for p in (here, *here.resolve().parents)]
    candidates.append(Path(__file__).resolve().parent.parent / "data")
    for candidate in candidates:
        if (candidate / MARKER).is_file():
            return candidate
    raise DataNotFoundError(
        f"Could not find data/{MARKER} in {here} or any folder above it. "
        f"Run from inside the talks-in-turkey checkout, or set {ENV_VAR}."
    )
