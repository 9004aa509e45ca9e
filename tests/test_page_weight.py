"""The page-weight budget: no page of the book may load more than 1500 kB on a first visit.

``benchmarks/page_weight.py`` does the measuring (and prints the tables);
this test runs it on the freshly built book, in headless Chromium with the
network cut off, and holds every page to the budget the book promises its
readers on slow school connections.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from script_loader import load

from helpers.site import built_pages

ROOT = Path(__file__).resolve().parent.parent
BUDGET_KB = 1500

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def weights(built_book, require_browser):
    return load("benchmarks/page_weight.py").measure(built_book)


@pytest.fixture(scope="module")
def require_browser():
    from test_browser import _need  # the same skip-or-fail rule as the browser tests

    _need(shutil.which("chromium") is not None, "Debian's chromium is missing: apt-get install chromium")


def test_every_page_is_within_the_budget(weights):
    over = [f"{w.page}: {w.wire_bytes / 1000:.0f} kB" for w in weights if w.wire_bytes > BUDGET_KB * 1000]
    assert not over, f"pages over the {BUDGET_KB} kB first-load budget: {over}"


def test_every_page_was_weighed_and_text_travels_compressed(weights, built_book):
    assert sorted(w.page for w in weights) == built_pages(built_book)
    for w in weights:
        assert w.requests > 5, f"{w.page} loaded almost nothing: {w}"
        # HTML, CSS and JavaScript go over the wire gzip-compressed, as GitHub Pages sends them
        assert w.wire_bytes < 0.6 * w.disk_bytes, w


def test_chart_pages_carry_the_vega_bundle_and_other_pages_do_not(weights):
    for w in weights:
        has_bundle = "_static/vega-bundle.js" in w.static
        assert has_bundle == (w.charts > 0), w.page


def test_a_page_over_budget_is_named(weights, built_book):
    """What CI prints (and fails on) when the budget is broken, and the tables it prints."""
    module = load("benchmarks/page_weight.py")
    heaviest = max(weights, key=lambda w: w.wire_bytes)
    assert module.over_budget(weights, BUDGET_KB) == []
    just_under = (heaviest.wire_bytes - 1) / 1000
    over = module.over_budget(weights, just_under)
    assert over[0] == (
        f"OVER BUDGET: {heaviest.page} loads {heaviest.wire_bytes / 1000:.0f} kB (budget {just_under:.0f} kB)"
    )
    assert len(over) == sum(w.wire_bytes > heaviest.wire_bytes - 1 for w in weights)
    table = module.report(weights, built_book)
    assert "| shared static file |" in table
    assert all(f"| {w.page} |" in table for w in weights)
