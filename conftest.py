"""Repository-wide pytest settings.

``pytest`` on its own runs the unit tests, the doctests in ``helpers`` and
nbval on every chapter notebook. Exercise notebooks in ``book/exercises/``
are blank for students to fill in, so their checks fail until a student
answers them: they are tested through the grader (``tests/test_grade.py``),
and only collected when named on the command line, as a student does with
``pytest --nbval-lax book/exercises/<name>.ipynb``.
"""

from pathlib import Path


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    if collection_path.suffix == ".ipynb" and "exercises" in collection_path.parts:
        named = {Path(arg.split("::")[0]).resolve() for arg in config.args}
        if collection_path.resolve() not in named:
            return True
    return None
