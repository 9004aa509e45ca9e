"""Build the students' edition of the book: the same pages, without the exercise solutions and the answers.

    python scripts/build_student_book.py            # writes _build/student/_build/html
    python scripts/build_student_book.py --check    # after both builds: no answer page in it

It reads ``_config.yml``, sets sphinx-exercise's ``hide_solutions`` option,
and reads ``_toc.yml``, leaving out the teachers' answer pages (``TEACHERS_ONLY``);
it writes both to temporary files and runs ``jupyter-book build`` with them,
so the two editions can never drift apart in anything but the solutions and
the answers. The answer pages are also added to ``exclude_patterns``, so
Sphinx does not read them even if another toc lists them.
Relative paths in ``_config.yml`` (``local_extensions``) are made absolute.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: Pages for teachers only: the students' edition leaves them out (toc entries, without suffix).
TEACHERS_ONLY = ["book/teaching/answers"]


def student_config(config: dict) -> dict:
    """Return a copy of a Jupyter Book config that hides exercise solutions and the answer pages."""
    config = yaml.safe_load(yaml.safe_dump(config))
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("config", {})["hide_solutions"] = True
    for name, path in (sphinx.get("local_extensions") or {}).items():
        sphinx["local_extensions"][name] = str((ROOT / path).resolve())
    config["exclude_patterns"] = [*config.get("exclude_patterns", []), *(f"{p}.*" for p in TEACHERS_ONLY)]
    config["title"] = f"{config.get('title', '')} (student edition)".strip()
    return config


def student_toc(toc: dict) -> dict:
    """Return a copy of a Jupyter Book table of contents without the teachers-only pages."""

    def keep(entries: list[dict]) -> list[dict]:
        kept = []
        for entry in entries:
            if entry.get("file") in TEACHERS_ONLY:
                continue
            entry = dict(entry)
            if "sections" in entry:
                entry["sections"] = keep(entry["sections"])
                if not entry["sections"]:
                    del entry["sections"]
            kept.append(entry)
        return kept

    toc = yaml.safe_load(yaml.safe_dump(toc))
    if toc.get("root") in TEACHERS_ONLY:
        raise ValueError(f"the book's root page {toc['root']} is for teachers only")
    for key in ("chapters", "sections"):
        if key in toc:
            toc[key] = keep(toc[key])
    for part in toc.get("parts", []):
        part["chapters"] = keep(part.get("chapters", []))
    return toc


def edition_problems(full: Path, student: Path) -> list[str]:
    """Say what is wrong with a students' edition, given the HTML of both editions; ``[]`` if nothing.

    Each teachers-only page must be in the full edition, and neither be in the
    students' edition, nor be linked from one of its pages, nor be in its
    search index.
    """
    problems = []
    if not (student / "index.html").is_file():
        return [f"{student}: the students' edition was not built"]
    for page in TEACHERS_ONLY:
        if not (full / f"{page}.html").is_file():
            problems.append(f"{page}: missing from the full edition ({full})")
        if (student / f"{page}.html").exists():
            problems.append(f"{page}: the students' edition includes it")
    hidden = {(student / f"{page}.html").resolve(): page for page in TEACHERS_ONLY}
    for html in sorted(student.rglob("*.html")):
        for href in re.findall(r'href="([^"#?]+)', html.read_text(encoding="utf-8", errors="replace")):
            target = hidden.get((html.parent / href).resolve())
            if target:
                problems.append(f"{html.relative_to(student)}: links to {target}")
    index = student / "searchindex.js"
    text = index.read_text(encoding="utf-8", errors="replace") if index.is_file() else ""
    problems += [f"{page}: in the students' search index" for page in TEACHERS_ONLY if f'"{page}"' in text]
    return problems


def check() -> int:
    """Check the built students' edition against the full one; print what is wrong."""
    problems = edition_problems(ROOT / "_build" / "html", ROOT / "_build" / "student" / "_build" / "html")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    if sys.argv[1:] == ["--check"]:
        return check()
    config = student_config(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")))
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, sort_keys=False, allow_unicode=True)
    toc = student_toc(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, encoding="utf-8") as toc_fh:
        yaml.safe_dump(toc, toc_fh, sort_keys=False, allow_unicode=True)
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
        "--toc",
        toc_fh.name,
        "--path-output",
        str(ROOT / "_build" / "student"),
    ]
    try:
        return subprocess.call(command)
    finally:
        Path(fh.name).unlink()
        Path(toc_fh.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
