"""Link check of the built book: every internal link and asset must resolve.

Sphinx's own ``linkcheck`` builder visits external sites, which the CI
machine cannot reach, and it does not check links written into notebook
outputs or the theme. This check reads every page of ``_build/html`` and
follows every ``href`` and ``src`` that stays inside the book: the file must
exist, and a ``#fragment`` must name an element ``id`` (or ``name``) on the
target page. Links to other hosts (the launch buttons, the repository) are
not fetched. The 404 page uses absolute links under the site's path on
GitHub Pages (``notfound_urls_prefix`` in ``_config.yml``); those resolve
from the root of the book.
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers.site import built_pages

ROOT = Path(__file__).resolve().parent.parent
SITE_PREFIX = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"][
    "notfound_urls_prefix"
]


class _Links(HTMLParser):
    """Collects link targets and element ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag in {"a", "span", "div", "section", "dt", "p"} else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for key in ("href", "src"):
            if values.get(key) and tag in {"a", "link", "script", "img", "iframe", "source"}:
                self.links.append((self.getpos()[0], values[key]))


@cache
def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(html: Path) -> list[Path]:
    return [html / name for name in built_pages(html)]


def broken_links(html: Path, page: Path) -> list[str]:
    """Describe every internal link on ``page`` that does not resolve (empty when all do)."""
    problems = []
    for line, link in parse(page).links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
            continue
        if parts.path.startswith(SITE_PREFIX):
            target = (html / unquote(parts.path[len(SITE_PREFIX):])).resolve()
        elif parts.path:
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
        else:
            target = page
        where = f"{page.relative_to(html)}:{line}: {link}"
        if not target.is_relative_to(html.resolve()):
            problems.append(f"{where} points outside the book")
        elif not target.is_file():
            problems.append(f"{where} -> missing file {target.relative_to(html.resolve())}")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
            problems.append(f"{where} -> no id '{parts.fragment}' in {target.relative_to(html.resolve())}")
    return problems


def test_every_internal_link_resolves(built_book):
    found = [p for page in pages(built_book) for p in broken_links(built_book, page)]
    assert not found, "broken internal links:\n" + "\n".join(found[:40])


def test_every_toc_page_is_built_and_reachable_from_the_home_page(built_book):
    """Every page in ``_toc.yml`` is built and linked from the navigation of the first page."""
    toc = yaml.safe_load((built_book.parent.parent / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [
        entry["file"]
        for part in toc["parts"]
        for chapter in part["chapters"]
        for entry in [chapter, *chapter.get("sections", [])]
    ]
    home = built_book / f"{toc['root']}.html"
    linked = {
        (home.parent / urlsplit(link).path).resolve()
        for _, link in parse(home).links
        if not urlsplit(link).scheme and urlsplit(link).path
    }
    for name in files:
        page = built_book / f"{name}.html"
        assert page.is_file(), f"{name} is in _toc.yml but {page} was not built"
        assert page == home or page.resolve() in linked, (
            f"{name} is not linked from the navigation of {home.name}"
        )


def test_the_checker_catches_a_broken_link_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a>\n<a href="b.html#gone">gone</a>\n<img src="missing.png">\n'
        '<a href="https://example.org/">external</a>\n<a href="#top">self</a><p id="top"></p>'
        f'<a href="{SITE_PREFIX}b.html#here">absolute</a><a href="/elsewhere/b.html">outside</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<section id="here"></section>', encoding="utf-8")
    parse.cache_clear()
    problems = broken_links(tmp_path, tmp_path / "a.html")
    assert len(problems) == 3
    assert "a.html:2: b.html#gone -> no id 'gone'" in problems[0]
    assert "missing.png" in problems[1]
    assert "/elsewhere/b.html points outside the book" in problems[2]


@pytest.fixture(autouse=True)
def _fresh_cache():
    parse.cache_clear()
    yield
