"""Build the students' edition of the book: the same pages, with every exercise solution left out.

    python scripts/build_student_book.py            # writes _build/student/html

It reads ``_config.yml``, sets sphinx-exercise's ``hide_solutions`` option,
writes the result to a temporary file and runs ``jupyter-book build`` with it,
so the two editions can never drift apart in anything but the solutions.
Relative paths in ``_config.yml`` (``local_extensions``) are made absolute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def student_config(config: dict) -> dict:
    """Return a copy of a Jupyter Book config that hides exercise solutions."""
    config = yaml.safe_load(yaml.safe_dump(config))
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("config", {})["hide_solutions"] = True
    for name, path in (sphinx.get("local_extensions") or {}).items():
        sphinx["local_extensions"][name] = str((ROOT / path).resolve())
    config["title"] = f"{config.get('title', '')} (student edition)".strip()
    return config


def main() -> int:
    config = student_config(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")))
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, sort_keys=False, allow_unicode=True)
    beside_python = Path(sys.executable).parent / "jupyter-book"
    jupyter_book = (
        str(beside_python) if beside_python.exists() else (shutil.which("jupyter-book") or "jupyter-book")
    )
    command = [
        jupyter_book,
        "build",
        str(ROOT),
        "-W",
        "-n",
        "--keep-going",
        "--config",
        fh.name,
        "--path-output",
        str(ROOT / "_build" / "student"),
    ]
    try:
        return subprocess.call(command)
    finally:
        Path(fh.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
