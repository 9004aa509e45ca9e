"""Print the axe-core accessibility results of every page of the built book.

The test suite (``tests/test_browser.py``) fails on any critical, serious or
moderate violation; this script shows everything axe-core reports, by
impact, so an author can see the minor findings too. It serves ``_build/html``
like GitHub Pages (``helpers.site``) with the network cut off,
opens each page in Debian's ``chromium`` in light and dark mode, and runs
the pinned axe-core from ``node_modules/`` (``npm ci --no-audit --no-fund``).

    python scripts/axe_report.py        # after building the book
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright
from script_loader import load  # beside this script

from helpers.site import built_pages, serve

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
IMPACTS = ["critical", "serious", "moderate", "minor"]


def _page_weight():
    return load("benchmarks/page_weight.py")


def audit(browser, address: str, mode: str) -> list[dict]:
    """axe-core's violations on one page in one colour mode."""
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    local = "127.0.0.1"
    page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == local else r.abort())
    page.goto(address, wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length})))""",
        TAGS,
    )
    context.close()
    return found


def main() -> int:
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file() or not AXE.is_file():
        print("Build the book and run `npm ci --no-audit --no-fund` first.", file=sys.stderr)
        return 2
    weight = _page_weight()
    print("| page | mode | critical | serious | moderate | minor | rules (nodes) |")
    print("|---|---|---:|---:|---:|---:|---|")
    totals: Counter = Counter()
    with serve(html, weight.SITE_PREFIX) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=weight.FLAGS)
        for name in built_pages(html):
            for mode in ("light", "dark"):
                found = audit(browser, origin + weight.SITE_PREFIX + name, mode)
                nodes = Counter()
                for v in found:
                    nodes[v["impact"]] += v["nodes"]
                totals.update(nodes)
                rules = ", ".join(f"{v['id']} ({v['nodes']})" for v in found) or "none"
                counts = " | ".join(str(nodes[i]) for i in IMPACTS)
                print(f"| {name} | {mode} | {counts} | {rules} |")
        browser.close()
    print(f"| **all pages** | both | {' | '.join(str(totals[i]) for i in IMPACTS)} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
