"""Checks shared by every module that reads a CSV file or receives a DataFrame.

Errors name the input at fault (the file, or the function that was called)
and say what to fix, so that a student never sees a traceback from inside
pandas instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["read_csv_table", "require_columns"]


def require_columns(df: pd.DataFrame, columns: Iterable[str], function: str) -> None:
    """Raise a clear error unless ``df`` is a DataFrame with all of ``columns``.

    Example:
        >>> require_columns(pd.DataFrame({"quote": []}), ["quote"], "themes")
        >>> require_columns(pd.DataFrame({"quote": []}), ["speaker"], "themes")
        Traceback (most recent call last):
        ...
        ValueError: themes(): the input is missing the column(s) speaker; it has quote.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{function}() expects a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{function}(): the input is missing the column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, df.columns)) or 'no columns'}."
        )


def read_csv_table(
    path: Path, columns: list[str], error: type[Exception], what: str = "one row per record"
) -> pd.DataFrame:
    """Read a CSV file as text columns, raising ``error`` naming the file if it is unusable.

    The file must exist, parse as CSV and have every one of ``columns``;
    empty cells become ``""``, never NaN.

    Example:
        >>> from helpers.paths import data_dir
        >>> table = read_csv_table(data_dir() / "articles.csv", ["id", "round"], ValueError)
        >>> int(table["id"].str.len().min())
        20
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path}: no such file. It should list {what}.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise error(f"{path}: cannot be read as CSV ({err}).") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        header = ",".join(columns)
        raise error(f"{path}: missing column(s) {', '.join(missing)}. The header must be: {header}")
    return table
