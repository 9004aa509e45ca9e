"""Serve the built book on your own machine the way GitHub Pages will serve it.

GitHub Pages publishes the book as a *project site*, under
``https://<owner>.github.io/<repository>/``. It answers a missing address
with the book's ``404.html`` and status 404, and sends text gzip-compressed
when the browser accepts it. :func:`serve` does the same on localhost, so a
preview shows what readers will get (the 404 page's links, for example,
only work under the site's path). The browser tests, the accessibility
report and the page-weight benchmark all use it.

    python -m helpers.site                  # after building the book
    python -m helpers.site --port 8000      # then open the address it prints
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["site_prefix", "built_pages", "serve"]

# What GitHub Pages compresses: text, scripts, styles, data and SVG (fonts and images are
# compressed already).
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")
# Folders of the build that hold assets and sources, not pages.
NOT_PAGES = {"_static", "_sources", "_downloads", "_images", "reports"}


def site_prefix(repository_url: str) -> str:
    """The path GitHub Pages publishes a repository's site under.

    Example:
        >>> site_prefix("https://github.com/talks-in-turkey/talks-in-turkey/")
        '/talks-in-turkey/'
    """
    return "/" + urlsplit(repository_url).path.rstrip("/").rsplit("/", 1)[-1] + "/"


def built_pages(html: Path | str) -> list[str]:
    """Every HTML page of a built book, relative to ``html``, sorted; assets are left out.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     for name in ["index.html", "book/a.html", "_static/x.html"]:
        ...         (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
        ...         _ = (Path(folder) / name).write_text("<p>")
        ...     built_pages(folder)
        ['book/a.html', 'index.html']
    """
    html = Path(html)
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not NOT_PAGES & set(p.relative_to(html).parts)
    )


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Answer requests like GitHub Pages: files under the server's ``site_prefix``, else ``404.html``.

    ``directory`` (as for :class:`http.server.SimpleHTTPRequestHandler`) is the
    built book; the server object carries ``site_prefix``. Use :func:`serve`
    rather than this class directly.
    """

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        root = Path(self.directory).resolve()
        prefix = self.server.site_prefix
        path = unquote(urlsplit(self.path).path)
        status, target = 404, root / "404.html"
        if path.startswith(prefix) or path + "/" == prefix:
            candidate = (root / path[len(prefix) :]).resolve()
            if candidate.is_dir() and not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if candidate.is_dir():
                candidate = candidate / "index.html"
            if candidate.is_file() and candidate.is_relative_to(root):
                status, target = 200, candidate
        body = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        if COMPRESSIBLE.match(ctype):
            self.send_header("Vary", "Accept-Encoding")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, mtime=0)
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, *args) -> None:  # previews and tests stay quiet
        pass


@contextmanager
def serve(html: Path | str, prefix: str, port: int = 0) -> Iterator[str]:
    """Serve the book built in ``html`` under ``prefix`` until the block ends; yield the origin.

    ``port=0`` picks a free port. Pages are at ``origin + prefix + page``.

    Example:
        >>> import tempfile, urllib.request, urllib.error
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = (Path(folder) / "index.html").write_text("<h1>Home</h1>")
        ...     _ = (Path(folder) / "404.html").write_text("<h1>Not found</h1>")
        ...     with serve(folder, "/talks-in-turkey/") as origin:
        ...         home = urllib.request.urlopen(origin + "/talks-in-turkey/").read()
        ...         try:
        ...             urllib.request.urlopen(origin + "/talks-in-turkey/gone.html")
        ...         except urllib.error.HTTPError as missing:
        ...             gone = (missing.code, missing.read())
        >>> home, gone
        (b'<h1>Home</h1>', (404, b'<h1>Not found</h1>'))
    """
    handler = lambda *args: _PagesHandler(*args, directory=str(html))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    httpd.site_prefix = prefix
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Preview the built book as GitHub Pages serves it.")
    parser.add_argument("--html", type=Path, default=Path("_build/html"), help="the built book")
    parser.add_argument(
        "--prefix", help="the site's path on GitHub Pages (default: notfound_urls_prefix in _config.yml)"
    )
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"{args.html / 'index.html'} is missing: build the book first.", file=sys.stderr)
        return 2
    if args.prefix is None:
        config = Path("_config.yml").read_text(encoding="utf-8") if Path("_config.yml").is_file() else ""
        found = re.search(r"^\s*notfound_urls_prefix:\s*(\S+)", config, re.M)
        args.prefix = found.group(1) if found else "/"
    with serve(args.html, args.prefix, args.port) as origin:
        print(f"Serving {args.html} at {origin}{args.prefix} (Ctrl+C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
