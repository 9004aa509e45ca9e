"""The quotation package: one module per step, each documented, its public API in one place."""

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import helpers.quotes

ROOT = Path(__file__).resolve().parent.parent
SUBMODULES = sorted(m.name for m in pkgutil.iter_modules(helpers.quotes.__path__))
PUBLIC = [
    "ERROR_COLUMNS",
    "ERROR_KINDS",
    "GOLD_COLUMNS",
    "QUOTE_COLUMNS",
    "SPEECH_VERBS",
    "GoldError",
    "Score",
    "error_kinds",
    "evaluate",
    "extract_quotes",
    "load_gold",
    "naive_quotes",
    "quotes_for",
    "score",
]


def test_the_package_has_one_module_per_step():
    assert {"marks", "mentions", "attribute", "extract", "scoring"} <= set(SUBMODULES)


@pytest.mark.parametrize("name", PUBLIC)
def test_the_public_api_is_importable_from_the_package(name):
    assert name in helpers.quotes.__all__
    assert getattr(helpers.quotes, name) is not None


@pytest.mark.parametrize("module_name", SUBMODULES)
def test_every_step_module_is_on_the_reference_page(module_name):
    page = (ROOT / "book" / "api.md").read_text(encoding="utf-8")
    assert re.search(rf"^\.\. automodule:: helpers\.quotes\.{module_name}\n\s+:members:", page, re.M), (
        f"book/api.md does not document helpers.quotes.{module_name}"
    )


@pytest.mark.parametrize("module_name", SUBMODULES)
def test_every_step_module_carries_runnable_examples(module_name):
    module = importlib.import_module(f"helpers.quotes.{module_name}")
    examples = sum(len(t.examples) for t in doctest.DocTestFinder().find(module))
    assert examples > 0, f"helpers.quotes.{module_name} has no example in its docstrings"


def test_the_public_functions_are_documented_under_the_package_name():
    for name in (
        "extract_quotes",
        "quotes_for",
        "score",
        "evaluate",
        "error_kinds",
        "load_gold",
        "naive_quotes",
        "Score",
    ):
        assert getattr(helpers.quotes, name).__module__ == "helpers.quotes"


def test_a_plain_install_ships_the_package():
    """``pip install .`` (Binder) installs only the packages pyproject.toml lists."""
    import tomllib

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "helpers.quotes" in listed["packages"]
