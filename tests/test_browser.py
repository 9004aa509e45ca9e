"""Open the built book in a real headless Chromium with the network cut off.

The first browser test builds the book strictly (``jupyter-book build . -W -n
--keep-going``, with the ``jupyter-book`` next to the running Python); the
execution cache makes a rebuild take seconds. The pages to open come from
``_toc.yml``, so the tests are collected the same way on a fresh clone.

The book is served the way GitHub Pages serves a project site: under
``/<repository name>/`` (from ``repository.url`` in ``_config.yml``), with
``404.html`` and status 404 for any missing path, and gzip-compressed text when
the browser accepts it.

Every page must load with no console error, no failed request and no request
to another host; every chart must draw (an ``svg`` or ``canvas`` with content)
and carry its text description as an ``aria-label``; axe-core (from
``npm ci``) must find no critical, serious or moderate violation (WCAG 2.0/2.1
A and AA, and best practices),
in light and in dark mode. Notebook pages must offer Binder and Colab; search
must find chapters; the 404 page must render with its styles and working links.

Without Debian's ``chromium``, Playwright or axe-core these tests are skipped,
unless ``TALKS_REQUIRE_BROWSER=1`` is set, as ``.ci/run`` does: then a missing
tool is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from script_loader import load

from helpers.site import built_pages, serve, site_prefix

wait_for_charts = load("scripts/layout_report.py").wait_for_charts

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
REPOSITORY = CONFIG["repository"]["url"].rstrip("/")
# GitHub Pages serves https://<owner>.github.io/<repository name>/
PREFIX = site_prefix(REPOSITORY)
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
# What axe-core checks: WCAG 2.0 and 2.1, levels A and AA, and its best practices.
# Critical, serious and moderate findings fail a test; minor ones are listed with them. (The
# project's bar is no serious or critical finding; moderate ones fail too because there are
# none left, so a new one is a regression. The minor ones are the empty corner cells of
# DataFrame tables: scripts/axe_report.py lists them.)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"moderate", "serious", "critical"}

pytestmark = pytest.mark.browser


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)


def _toc_files(entry: dict) -> Iterator[str]:
    for key in ("root", "file"):
        if key in entry:
            yield entry[key]
    for key in ("parts", "chapters", "sections"):
        for child in entry.get(key, []):
            yield from _toc_files(child)


TOC_FILES = list(_toc_files(TOC))
# Pages Sphinx writes on its own: the index of terms, the module index of the API page,
# the search page, and the 404 page of sphinx-notfound-page.
GENERATED_PAGES = ["genindex.html", "py-modindex.html", "search.html", "404.html"]
BOOK_PAGES = [f"{name}.html" for name in TOC_FILES] + GENERATED_PAGES
# The chapters are the notebooks; the exercise, teacher and API pages are Markdown
NOTEBOOK_PAGES = [f"{name}.html" for name in TOC_FILES if (ROOT / f"{name}.ipynb").is_file()]


def url(server: str, page_path: str) -> str:
    return f"{server}{PREFIX}{page_path}"


# --- the build and the server ---------------------------------------------------------------


# ``built_book`` (the strict build, once per session) comes from tests/conftest.py.


@pytest.fixture(scope="module")
def server(built_book) -> Iterator[str]:
    """The built book, served as GitHub Pages serves it (``helpers.site``)."""
    with serve(built_book, PREFIX) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser():
    _need(CHROMIUM is not None, "Debian's chromium is not installed (apt-get install chromium)")
    _need(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


# --- opening a page --------------------------------------------------------------------------


@contextlib.contextmanager
def opened(browser, address: str, color_scheme: str = "light", expect_status: int = 200):
    """Open ``address`` offline; yield the page and a record of what went wrong.

    Requests to any host but the test server are blocked and recorded; so are
    console errors, uncaught exceptions and failed responses. The main document
    must answer ``expect_status``. Charts are given time to draw.
    """
    problems: dict[str, list[str]] = {"console": [], "failed": [], "external": []}
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            problems["external"].append(r.request.url)
            r.abort()

    def on_console(message) -> None:
        # Chromium reports the 404 page's own status as a console error: that one is expected
        expected = expect_status != 200 and message.location.get("url") == address
        if message.type == "error" and not expected:
            problems["console"].append(message.text)

    def on_response(response) -> None:
        if response.url == address:
            return
        if response.status >= 400:
            problems["failed"].append(f"{response.url} ({response.status})")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", on_response)
    try:
        response = page.goto(address, wait_until="load")
        assert response is not None and response.status == expect_status, (
            f"{address} answered {response and response.status}, expected {expect_status}"
        )
        wait_for_charts(page, settle_ms=200)
        yield page, problems
    finally:
        context.close()


def charts_on(page) -> list[dict]:
    """Each chart on the page: how much it drew, and its aria-label."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].map(el => {
            const svg = el.querySelector('svg');
            const canvas = el.querySelector('canvas');
            const drawn = svg ? svg.querySelectorAll('path, rect, line, text, symbol').length
                        : canvas ? canvas.width * canvas.height : 0;
            return {drawn, label: el.getAttribute('aria-label') || ''};
        })"""
    )


def run_axe(page) -> list[dict]:
    """Run axe-core on the page; return its violations, one dict per rule."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
            })))""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        shown = ", ".join(v["targets"][:8]) + (" …" if len(v["targets"]) > 8 else "")
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['targets'])} nodes): {v['help']}\n      {shown}")
    return "\n".join(lines)


# --- every page ------------------------------------------------------------------------------


def test_every_built_page_is_checked(built_book):
    """The page list comes from _toc.yml; no page of the build may escape it."""
    built = set(built_pages(built_book))
    # index.html only redirects to the root page, which is checked
    assert "url=book/welcome.html" in (built_book / "index.html").read_text(encoding="utf-8")
    assert built - {"index.html"} == set(BOOK_PAGES)


@pytest.mark.parametrize("page_path", BOOK_PAGES)
def test_page_loads_offline_without_errors(browser, server, page_path):
    with opened(browser, url(server, page_path)) as (page, problems):
        charts = charts_on(page)
    assert problems == {"console": [], "failed": [], "external": []}
    # every chart container that helpers.charts.show wrote became a drawn, described chart
    written = (HTML / page_path).read_text(encoding="utf-8").count('class="tit-vega-chart"')
    assert len(charts) == written, f"{written} chart containers, {len(charts)} charts embedded"
    assert all(chart["drawn"] > 0 for chart in charts), f"a chart on {page_path} drew nothing: {charts}"
    # screen readers announce the chart's description
    assert all(len(chart["label"]) > 20 for chart in charts), [chart["label"] for chart in charts]


def test_some_pages_have_charts(built_book):
    """The chart checks above are not empty: the comparison chapters draw charts."""
    pages = [p for p in BOOK_PAGES if 'class="tit-vega-chart"' in (built_book / p).read_text("utf-8")]
    assert pages, "no page of the built book has a chart"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", BOOK_PAGES)
def test_page_has_no_serious_accessibility_violation(browser, server, page_path, mode):
    _need(AXE.is_file(), "axe-core is not installed: run npm ci --no-audit --no-fund")
    with opened(browser, url(server, page_path), color_scheme=mode) as (page, _):
        shown_mode = page.evaluate("() => document.documentElement.dataset.theme")
        violations = run_axe(page)
        images = page.evaluate(
            """() => [...document.querySelectorAll('img')]
                .filter(img => !(img.alt.trim() || (img.getAttribute('alt') === ''
                                 && ['presentation', 'none'].includes(img.getAttribute('role')))))
                .map(img => img.outerHTML.slice(0, 160))"""
        )
        unlabelled_charts = page.evaluate(
            """() => [...document.querySelectorAll('.vega-embed')]
                .filter(el => (el.getAttribute('aria-label') || '').trim().length < 20)
                .map(el => el.id || el.className)"""
        )
    assert shown_mode == mode, f"the page shows {shown_mode} mode, not {mode}"
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    assert not serious, (
        f"axe-core: violations on {page_path} ({mode} mode) at or above moderate:\n{describe(serious)}"
        + (f"\nminor, not failing:\n{describe(others)}" if others else "")
    )
    # an image either describes itself or says it is decoration (alt="" and role="presentation")
    assert not images, f"images without alt text on {page_path}: {images}"
    assert not unlabelled_charts, f"charts without an aria-label description on {page_path}"


# --- launch buttons --------------------------------------------------------------------------


@pytest.mark.parametrize("page_path", ["book/antalya.html", "404.html"])
def test_icons_draw_from_the_stylesheet_without_fontawesome_js(browser, server, page_path):
    """book/_ext drops the theme's 1.5 MB fontawesome.js: every icon must still draw, from the web font."""
    status = 404 if page_path == "404.html" else 200
    address = url(server, "no/such/page.html" if status == 404 else page_path)
    with opened(browser, address, expect_status=status) as (page, problems):
        scripts = page.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
        icons = page.evaluate(
            """() => [...document.querySelectorAll('i[class*="fa-"]')].map(i => ({
                cls: i.className,
                width: i.getBoundingClientRect().width,
                visible: i.offsetParent !== null,
                font: getComputedStyle(i, '::before').fontFamily,
                glyph: getComputedStyle(i, '::before').content,
            }))"""
        )
        fonts_ready = page.evaluate(
            "() => document.fonts.ready.then(() => [...document.fonts].filter(f => f.status === 'loaded')"
            ".map(f => f.family))"
        )
    assert not [s for s in scripts if "fontawesome" in s], scripts
    assert problems == {"console": [], "failed": [], "external": []}
    assert len(icons) >= 3, f"{page_path} shows no icons to check: {icons}"
    for icon in icons:
        assert "Font Awesome" in icon["font"] and icon["glyph"] not in ("none", "normal", ""), icon
        if icon["visible"]:
            assert icon["width"] > 0, icon
    assert any("Font Awesome" in family for family in fonts_ready), fonts_ready


@pytest.mark.parametrize("page_path", NOTEBOOK_PAGES)
def test_notebook_page_offers_binder_and_colab(browser, server, page_path):
    owner_repo = urlsplit(REPOSITORY).path.strip("/")
    branch = CONFIG["repository"]["branch"]
    assert branch == "main"
    notebook = page_path.removesuffix(".html") + ".ipynb"
    with opened(browser, url(server, page_path)) as (page, _):
        links = page.evaluate(
            """() => [...document.querySelectorAll('.dropdown-launch-buttons .dropdown-menu a')]
                .map(a => ({href: a.href, text: a.textContent.trim()}))"""
        )
    hrefs = [link["href"] for link in links]
    binder = [h for h in hrefs if h.startswith(CONFIG["launch_buttons"]["binderhub_url"].rstrip("/") + "/")]
    colab = [h for h in hrefs if h.startswith(CONFIG["launch_buttons"]["colab_url"].rstrip("/") + "/")]
    assert len(binder) == 1 and len(colab) == 1, f"launch menu on {page_path}: {links}"
    binder_url = urlsplit(binder[0])
    assert binder_url.path == f"/v2/gh/{owner_repo}/{branch}", binder[0]
    assert parse_qs(binder_url.query)["urlpath"] == [f"lab/tree/{notebook}"], binder[0]
    assert urlsplit(colab[0]).path == f"/github/{owner_repo}/blob/{branch}/{notebook}", colab[0]


# --- search ----------------------------------------------------------------------------------


def _notebook_text(notebook: Path) -> str:
    """What the search index holds of a notebook: its cells and their text outputs."""
    parts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("".join(output.get("data", {}).get("text/html", "")))
    return "\n".join(parts)


def chapters_mentioning(word: str) -> set[str]:
    """The chapter pages that mention ``word`` (as a whole word, any case)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return {
        page
        for page in NOTEBOOK_PAGES
        if pattern.search(_notebook_text(ROOT / (page.removesuffix(".html") + ".ipynb")))
    }


def search_results(page) -> list[str]:
    page.wait_for_selector("#search-results .search-summary", timeout=15_000)
    page.wait_for_function(
        "() => !document.querySelector('#search-results h2')?.textContent.includes('Searching')",
        timeout=15_000,
    )
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.href)"
    )
    return sorted({urlsplit(h).path.removeprefix(PREFIX) for h in hrefs})


# A name that several chapters use, and a word that only one chapter uses
@pytest.mark.parametrize(("word", "chapters"), [("Kuleba", "several"), ("Crimea", "one")])
def test_search_finds_the_chapters_that_mention_a_word(browser, server, word, chapters):
    expected = chapters_mentioning(word)
    wanted = (lambda n: n == 1) if chapters == "one" else (lambda n: n > 1)
    assert wanted(len(expected)), f"{word} is in {sorted(expected)}, not in {chapters}: choose another word"
    with opened(browser, url(server, f"search.html?q={word}")) as (page, problems):
        found = search_results(page)
    assert problems == {"console": [], "failed": [], "external": []}
    assert found, f"searching for {word} found nothing"
    assert expected <= set(found), f"{word}: expected {sorted(expected)} among {found}"
    # no chapter that lacks the word is offered
    assert {p for p in found if p in NOTEBOOK_PAGES} == expected, found


# --- the 404 page ----------------------------------------------------------------------------


def test_404_prefix_is_the_project_site_path():
    assert CONFIG["sphinx"]["config"]["notfound_urls_prefix"] == PREFIX


def test_missing_page_shows_a_styled_404_page_with_working_links(browser, server):
    missing = url(server, "book/no-such-chapter/deep/page.html")
    with opened(browser, missing, expect_status=404) as (page, problems):
        title = page.title()
        heading = page.locator("article h1").first.inner_text()
        sheets = page.evaluate(
            """() => ({
                linked: [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href),
                loaded: [...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length]),
            })"""
        )
        # the theme's stylesheet is applied: the header is laid out as a flex bar
        header_display = page.evaluate("() => getComputedStyle(document.querySelector('.bd-header')).display")
        links = page.evaluate(
            """() => [...document.querySelectorAll('a[href]')].map(a => a.href)
                .filter(h => h.startsWith(location.origin))"""
        )
        # every link to another address of the site answers 200 (anchors on this page aside)
        statuses = {}
        for link in sorted({h.split("#")[0] for h in links} - {missing}):
            statuses[link] = page.request.get(link).status
        home = page.get_by_role("link", name=re.compile("home page", re.IGNORECASE)).get_attribute("href")
        query = page.locator("article form[role=search] input[name=q]")
        query.fill("Kuleba")
        query.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q=Kuleba"))
        found = search_results(page)
    assert "not found" in title.lower() and "not found" in heading.lower(), (title, heading)
    assert problems == {"console": [], "failed": [], "external": []}
    assert sheets["linked"] and sorted(sheets["linked"]) == sorted(h for h, _ in sheets["loaded"])
    assert all(rules > 0 for _, rules in sheets["loaded"]), sheets["loaded"]
    assert header_display == "flex", header_display
    assert len(statuses) > 10, f"only {len(statuses)} links on the 404 page"
    broken = {link: status for link, status in statuses.items() if status != 200}
    assert not broken, f"broken links on the 404 page: {broken}"
    assert urljoin(missing, home) in {url(server, ""), url(server, "book/welcome.html")}, home
    assert found, "the search box on the 404 page found nothing"


def test_server_acts_like_github_pages(server):
    """The checks above rely on it: missing paths get 404.html, text is gzipped when asked."""
    request = urllib.request.Request(url(server, "book/antalya.html"), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert b"<html" in gzip.decompress(answer.read())
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url(server, "nowhere/at/all.html"))
    assert missing.value.code == 404
    assert b"not found" in missing.value.read().lower()
