"""Open the built book in a real headless Chromium with the network cut off.

These tests need the built book (``_build/html``) and Debian's ``chromium``.
Without them they are skipped, unless ``TALKS_REQUIRE_BROWSER=1`` is set, as
``.ci/run`` does after building the book: then a missing book or browser is
a failure, not a skip.

Every page must load with no console error, no failed request and no request
to another host; every chart on a page must draw (an ``svg`` or ``canvas``
with content) and carry its text description as an ``aria-label``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
REQUIRED = os.environ.get("TALKS_REQUIRE_BROWSER") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)


def book_pages() -> list[str]:
    """Every HTML page of the book, relative to ``_build/html``."""
    if not HTML.is_dir():
        return []
    skip = {"genindex.html", "search.html", "py-modindex.html"}
    return sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts
    )


def chart_pages() -> list[str]:
    """Pages whose HTML embeds a Vega chart (the container ``helpers.charts.show`` writes)."""
    return [p for p in book_pages() if 'class="tit-vega-chart"' in (HTML / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _need((HTML / "index.html").is_file(), "the book is not built: run the README's build command first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output readable
        pass


@pytest.fixture(scope="module")
def browser():
    _need(CHROMIUM is not None, "Debian's chromium is not installed (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def visit(browser, server: str, page_path: str) -> dict:
    """Load one page; return what went wrong and how many charts drew."""
    problems: dict[str, list[str]] = {"console": [], "failed": [], "external": []}
    context = browser.new_context()
    page = context.new_page()

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            problems["external"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and problems["console"].append(m.text))
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems["failed"].append(f"{r.url} ({r.status})"))
    page.goto(f"{server}/{page_path}", wait_until="load")
    page.wait_for_timeout(300)
    charts = page.locator(".vega-embed")
    count = charts.count()
    if count:
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= n",
            arg=count,
            timeout=15_000,
        )
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.vega-embed')].map(el => el.getAttribute('aria-label') || '')"
    )
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].map(el => {
            const svg = el.querySelector('svg');
            if (svg) return svg.querySelectorAll('path, rect, line, text, symbol').length;
            const canvas = el.querySelector('canvas');
            return canvas ? canvas.width * canvas.height : 0;
        })"""
    )
    context.close()
    return {"problems": problems, "charts": drawn, "labels": labels}


@pytest.mark.parametrize("page_path", book_pages() or ["index.html"])
def test_page_loads_offline_without_errors(browser, server, page_path):
    result = visit(browser, server, page_path)
    assert result["problems"] == {"console": [], "failed": [], "external": []}


@pytest.mark.parametrize("page_path", chart_pages() or ["<no chart pages>"])
def test_every_chart_draws(browser, server, page_path):
    if page_path == "<no chart pages>":
        pytest.skip("no page of the built book has a chart")
    result = visit(browser, server, page_path)
    assert result["charts"], f"{page_path} has no chart container"
    assert all(size > 0 for size in result["charts"]), (
        f"a chart on {page_path} drew nothing: {result['charts']}"
    )
    # screen readers announce the chart's description
    assert all(len(label) > 20 for label in result["labels"]), result["labels"]
    assert result["problems"] == {"console": [], "failed": [], "external": []}
