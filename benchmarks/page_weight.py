"""Print what each page of the built book weighs on a reader's first visit.

Serves ``_build/html`` on localhost the way GitHub Pages serves a project
site (under the site's path, ``notfound_urls_prefix`` in ``_config.yml``;
text files gzip-compressed when the browser asks for it; fonts and images
as they are), opens every page in a fresh headless Chromium profile (Debian's
``chromium``; requests to other hosts are blocked), and adds up what went
over the wire for that page: its HTML, CSS, scripts, fonts, images and the
Vega bundle on chart pages. A fresh profile means an empty cache, so this
is the first-load weight; later pages reuse the shared files in ``_static/``.

Prints two Markdown tables: every page (heaviest first), then every shared
static file with its size on disk, its size on the wire and how many pages
load it. With ``--budget-kb N`` it exits with status 1 if any page weighs
more than N kB (1 kB = 1000 bytes); the book's budget is 1500 kB.

    python benchmarks/page_weight.py                    # after building the book
    python benchmarks/page_weight.py --budget-kb 1500   # as CI runs it
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from playwright.sync_api import sync_playwright

from helpers.site import built_pages, serve

ROOT = Path(__file__).resolve().parent.parent
SITE_PREFIX = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"][
    "notfound_urls_prefix"
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@dataclass
class PageWeight:
    page: str
    charts: int
    html_bytes: int  # the page's own HTML, on the wire
    wire_bytes: int  # everything the first load transferred
    disk_bytes: int  # the same files, uncompressed
    requests: int
    static: dict[str, int] = field(default_factory=dict)  # _static/ file -> bytes on the wire


def weigh(browser, base: str, name: str, html: Path) -> PageWeight:
    """Load one page in a fresh profile and add up every response."""
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort(),
    )
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    url = f"{base}{SITE_PREFIX}{name}"
    page.goto(url, wait_until="networkidle")
    charts = page.locator(".vega-embed").count()
    wire = disk = own = 0
    static: dict[str, int] = {}
    for request in responses:
        sizes = request.sizes()
        sent = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        wire += sent
        rel = unquote(urlsplit(request.url).path).removeprefix(SITE_PREFIX)
        local = html / rel
        disk += local.stat().st_size if local.is_file() else sizes["responseBodySize"]
        if request.url == url:
            own = sent
        if rel.startswith("_static/"):
            static[rel] = sent
    context.close()
    return PageWeight(name, charts, own, wire, disk, len(responses), static)


def measure(html: Path) -> list[PageWeight]:
    """Weigh every page of the book built in ``html``, heaviest first."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed: apt-get install chromium")
    with serve(html, SITE_PREFIX) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        rows = [weigh(browser, base, name, html) for name in built_pages(html)]
        browser.close()
    return sorted(rows, key=lambda r: (-r.wire_bytes, r.page))


def report(rows: list[PageWeight], html: Path) -> str:
    """The two Markdown tables: pages, then shared static files."""
    kb = 1000
    lines = [
        "| page | charts | own HTML (kB) | first load on the wire (kB) | uncompressed (kB) | requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.page} | {r.charts} | {r.html_bytes / kb:.0f} | {r.wire_bytes / kb:.0f} "
            f"| {r.disk_bytes / kb:.0f} | {r.requests} |"
        )
    used: dict[str, list[int]] = {}
    for r in rows:
        for name, sent in r.static.items():
            used.setdefault(name, []).append(sent)
    lines += [
        "",
        "| shared static file | on disk (kB) | on the wire (kB) | pages that load it |",
        "|---|---:|---:|---:|",
    ]
    for name, sent in sorted(used.items(), key=lambda item: -max(item[1])):
        on_disk = (html / name).stat().st_size if (html / name).is_file() else 0
        lines.append(f"| {name} | {on_disk / kb:.1f} | {max(sent) / kb:.1f} | {len(sent)} |")
    return "\n".join(lines)


def over_budget(rows: list[PageWeight], budget_kb: float) -> list[str]:
    """One line for each page whose first load exceeds ``budget_kb`` kB (empty when none does)."""
    return [
        f"OVER BUDGET: {r.page} loads {r.wire_bytes / 1000:.0f} kB (budget {budget_kb:.0f} kB)"
        for r in rows
        if r.wire_bytes > budget_kb * 1000
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built book")
    parser.add_argument("--budget-kb", type=float, help="fail if a page's first load exceeds this many kB")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"{args.html / 'index.html'} is missing: build the book first.", file=sys.stderr)
        return 2
    rows = measure(args.html)
    print(report(rows, args.html))
    if args.budget_kb is not None:
        over = over_budget(rows, args.budget_kb)
        heaviest = rows[0]
        print(
            f"\nheaviest page: {heaviest.page}, {heaviest.wire_bytes / 1000:.0f} kB "
            f"(budget {args.budget_kb:.0f} kB)"
        )
        for line in over:
            print(line, file=sys.stderr)
        if over:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
