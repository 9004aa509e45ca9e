"""Print the weight of each page of the built book, as a browser loads it.

Serves ``_build/html`` on localhost, opens every page in headless Chromium
(Debian's ``chromium``; nothing is fetched from other hosts) and adds up the
bytes of every response the page needed: its HTML, CSS, fonts, scripts and
the Vega bundle for charts. Prints a Markdown table, charts pages first.

    python benchmarks/page_weight.py        # after building the book
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HTML = Path("_build/html")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def weigh(page, url: str) -> tuple[int, int, int]:
    """Return (total bytes, number of requests, bytes of the page's own HTML)."""
    sizes: dict[str, int] = {}

    def on_response(response) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect has no body
            sizes[response.url] = 0

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", on_response)
    return sum(sizes.values()), len(sizes), sizes.get(url, 0)


def main() -> None:
    if not (HTML / "index.html").exists():
        raise SystemExit("Build the book first: _build/html/index.html is missing.")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        for name in pages:
            page = browser.new_page()
            total, requests, own = weigh(page, f"{base}/{name}")
            charts = page.locator(".vega-embed").count()
            page.close()
            rows.append((charts, name, total, requests, own))
        browser.close()
    server.shutdown()
    print("| page | charts | HTML (KiB) | total loaded (KiB) | requests |")
    print("|---|---:|---:|---:|---:|")
    for charts, name, total, requests, own in sorted(rows, key=lambda r: (-r[0], r[1])):
        print(f"| {name} | {charts} | {own / 1024:.0f} | {total / 1024:.0f} | {requests} |")


if __name__ == "__main__":
    main()
