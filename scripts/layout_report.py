"""Measure how every page of the built book fits a laptop (1280 px) and a phone (390 px).

``tests/test_layout.py`` asserts on these measurements; this script prints
them, with the widest element of any page at each width (the figure the
closing note of issue 14 asks for). It serves ``_build/html`` like GitHub
Pages (``helpers.site``) with the network cut off and opens each page in
Debian's ``chromium``.

    python scripts/layout_report.py             # after building the book
    python scripts/layout_report.py --json out.json

What a page reports (:data:`PROBE`, run in the page):

- ``scroll_width``: ``document.scrollingElement.scrollWidth``, which must not
  exceed the viewport: the page never scrolls sideways.
- ``column``: the left and right edges of the text column (``article.bd-article``).
- ``outside``: elements whose right edge passes the column's, unless an
  element between them and the column scrolls (``overflow-x: auto`` or
  ``scroll``): a wide table may scroll inside its own box, nothing else may
  stick out.
- ``widest``: of the elements that do not scroll away inside such a box, the
  one whose right edge is furthest right, and its width; ``widest_scrolling``:
  the widest element inside such a box (a table that scrolls, say).
- ``unwrapped_output``: printed output (``.cell_output pre``) wider than its
  box, which should wrap instead; ``scrolling_code``: notebook code cells
  wider than their box (at 1280 px a line of 79 characters must fit; other
  code blocks, such as the API page's examples, may scroll in their box).
- ``ellipsis_cells``: table cells whose text ends in ``...`` or ``…``;
  :func:`truncated_cells` keeps those that are not the article's own words
  (pandas cuts long text with ``...`` at ``display.max_colwidth``).
- ``id_labels``: table headers and chart axis or legend labels that hold a
  20-character article id (``000_fa01e9b35ae5be2c``) instead of ``000``.
- ``charts``: each chart's SVG box, its container's width and every text it
  drew (content, font size, role, corners on screen), for
  :func:`chart_problems`: text under 12 px, text boxes that overlap, labels
  that Vega cut short with ``…`` or that stick out of the drawing, and charts
  wider than their container.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 390)
MIN_FONT_PX = 12.0
# A corpus article id in full; the book shows the first three digits.
LONG_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
ELLIPSES = ("...", "…")

PROBE = r"""() => {
  const column = ['article.bd-article', '.bd-search-container', 'main', 'body']
    .map(s => document.querySelector(s)).find(Boolean);
  const col = column.getBoundingClientRect();
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    if (cls.length) s += '.' + cls.slice(0, 2).join('.');
    return s;
  };
  const where = el => {
    const parts = [];
    for (let p = el; p && p !== column && parts.length < 4; p = p.parentElement) parts.unshift(name(p));
    return parts.join(' > ');
  };
  const scrollsInside = el => {
    for (let p = el.parentElement; p && p !== column; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const text = el => (el.textContent || '').replace(/\s+/g, ' ').trim();
  const box = el => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width};
  };

  let widest = null, widest_scrolling = null;
  const outside = [];
  for (const el of column.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const entry = {element: where(el), right: Math.round(r.right), width: Math.round(r.width),
                   text: text(el).slice(0, 80)};
    if (scrollsInside(el)) {
      if (!widest_scrolling || r.width > widest_scrolling.width) widest_scrolling = entry;
      continue;
    }
    if (!widest || r.right > widest.right) widest = entry;
    if (r.right > col.right + 1) outside.push(entry);
  }
  const wider = el => el.scrollWidth > el.clientWidth + 1;
  const describe = el => ({element: where(el), box: el.clientWidth, content: el.scrollWidth,
                           text: text(el).slice(0, 80)});
  const unwrapped_output = [...column.querySelectorAll('.cell_output pre')].filter(wider).map(describe);
  const scrolling_code = [...column.querySelectorAll('.cell_input pre')].filter(wider).map(describe);
  const ellipsis_cells = [...column.querySelectorAll('table td, table th')].map(text)
    .filter(t => t.endsWith('...') || t.endsWith('…'));
  const long_id = /\b\d{3}_[0-9a-f]{16}\b/;
  const id_labels = [
    ...[...column.querySelectorAll('table th')].map(th => ['table header', text(th)]),
    ...[...column.querySelectorAll('.vega-embed svg .role-axis text, .vega-embed svg .role-legend text')]
      .map(t => ['chart label', text(t)]),
  ].filter(([, t]) => long_id.test(t)).map(([kind, t]) => kind + ': ' + t);

  const charts = [...column.querySelectorAll('.vega-embed')].map(embed => {
    const svg = embed.querySelector('svg');
    const holder = embed.closest('.output') || embed.parentElement;
    const out = {element: where(embed), container: holder.clientWidth, svg: svg ? box(svg) : null, texts: []};
    if (!svg) return out;
    const top = svg.getBoundingClientRect();
    out.svg.top = top.top; out.svg.bottom = top.bottom;
    for (const t of svg.querySelectorAll('text')) {
      const content = text(t);
      const style = getComputedStyle(t);
      if (!content || style.visibility === 'hidden' || style.display === 'none') continue;
      let hidden = false;
      for (let p = t; p && p !== svg; p = p.parentElement) {
        if (p.getAttribute('opacity') === '0' || getComputedStyle(p).opacity === '0') {
          hidden = true;
          break;
        }
      }
      if (hidden) continue;
      const b = t.getBBox();
      const m = t.getScreenCTM();
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
                       [b.x, b.y + b.height]]
        .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
      const group = t.closest('g[class*="role-"]');
      out.texts.push({text: content, font_px: parseFloat(style.fontSize),
                      role: group ? group.getAttribute('class') : '', corners});
    }
    return out;
  });
  return {
    viewport: innerWidth,
    scroll_width: document.scrollingElement.scrollWidth,
    column: [Math.round(col.left), Math.round(col.right)],
    widest, widest_scrolling, outside, unwrapped_output, scrolling_code, ellipsis_cells, id_labels, charts,
  };
}"""


# --- what counts as a problem (pure functions of the measurements) ---------------------------


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_words(raw_folder: Path | str = ROOT / "data" / "raw") -> str:
    """Every article's text, white space collapsed, to tell the articles' own ellipses from cuts."""
    return "\n".join(
        _normalise(p.read_text(encoding="utf-8")) for p in sorted(Path(raw_folder).glob("*.txt"))
    )


def truncated_cells(cells: Iterable[str], articles: str) -> list[str]:
    """The cells that end in an ellipsis the articles do not print there: text cut for display.

    Example:
        >>> truncated_cells(["a turning point and...", "one will lead t...", "12"],
        ...                 "he hoped it would mark “a turning point and... an important step”")
        ['one will lead t...']
    """
    return [c for c in cells if c.endswith(ELLIPSES) and _normalise(c) not in articles]


def _overlap(p: list[list[float]], q: list[list[float]], tolerance: float = 1.0) -> bool:
    """Whether two convex quadrilaterals overlap by more than ``tolerance`` px (separating axes)."""
    for poly in (p, q):
        for i in range(len(poly)):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % len(poly)]
            axis = (y1 - y2, x2 - x1)
            length = (axis[0] ** 2 + axis[1] ** 2) ** 0.5
            if length == 0:
                continue
            proj_p = [(x * axis[0] + y * axis[1]) / length for x, y in p]
            proj_q = [(x * axis[0] + y * axis[1]) / length for x, y in q]
            if min(max(proj_p), max(proj_q)) - max(min(proj_p), min(proj_q)) <= tolerance:
                return False
    return True


def chart_problems(chart: dict, articles: str) -> list[str]:
    """What makes a drawn chart hard to read: small, overlapping, cut or overflowing text.

    ``chart`` is one entry of the probe's ``charts``; ``articles`` is
    :func:`article_words` (a label may end in an ellipsis the article printed).

    Example:
        >>> square = lambda x, y, s=10: [[x, y], [x + s, y], [x + s, y + s], [x, y + s]]
        >>> chart = {"element": "c", "container": 300, "svg": {"left": 0, "right": 200, "top": 0,
        ...          "bottom": 100, "width": 200}, "texts": [
        ...     {"text": "Kuleba", "font_px": 10, "role": "role-axis-label", "corners": square(0, 0)},
        ...     {"text": "Lavrov", "font_px": 12, "role": "role-axis-label", "corners": square(5, 5)},
        ...     {"text": "Hakan Fi…", "font_px": 12, "role": "role-axis-label", "corners": square(195, 50)}]}
        >>> for problem in chart_problems(chart, ""): print(problem)
        c: text under 12 px: 'Kuleba' (10 px)
        c: text cut short with an ellipsis: 'Hakan Fi…'
        c: text outside the drawing: 'Hakan Fi…'
        c: overlapping text: 'Kuleba' and 'Lavrov'
    """
    where = chart["element"]
    problems: list[str] = []
    svg = chart["svg"]
    if svg is None:
        return [f"{where}: no SVG drawn"]
    if svg["width"] > chart["container"] + 1:
        problems.append(f"{where}: chart {svg['width']:.0f} px wide in a {chart['container']} px column")
    texts = chart["texts"]
    problems += [
        f"{where}: text under {MIN_FONT_PX:.0f} px: {t['text']!r} ({t['font_px']:g} px)"
        for t in texts
        if t["font_px"] < MIN_FONT_PX
    ]
    problems += [
        f"{where}: text cut short with an ellipsis: {t['text']!r}"
        for t in texts
        if t["text"].endswith(ELLIPSES) and _normalise(t["text"]) not in articles
    ]
    problems += [
        f"{where}: text outside the drawing: {t['text']!r}"
        for t in texts
        if any(
            x < svg["left"] - 1 or x > svg["right"] + 1 or y < svg["top"] - 1 or y > svg["bottom"] + 1
            for x, y in t["corners"]
        )
    ]
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if _overlap(a["corners"], b["corners"]):
                problems.append(f"{where}: overlapping text: {a['text']!r} and {b['text']!r}")
    return problems


def widest(by_page: dict[str, dict]) -> tuple[str, dict]:
    """The page whose widest element reaches furthest past its text column, and its measurements.

    Example:
        >>> widest({"a.html": {"column": [0, 100], "widest": {"right": 90}},
        ...         "b.html": {"column": [0, 50], "widest": {"right": 60}}})[0]
        'b.html'
    """
    return max(
        ((page, m) for page, m in by_page.items() if m["widest"]),
        key=lambda item: item[1]["widest"]["right"] - item[1]["column"][1],
    )


# --- measuring -------------------------------------------------------------------------------


def wait_for_charts(page, settle_ms: int = 300) -> None:
    """Wait until every chart container on the page has drawn its SVG, then ``settle_ms`` for a resize."""
    count = page.locator(".vega-embed").count()
    if count:
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= n",
            arg=count,
            timeout=15_000,
        )
    page.wait_for_timeout(settle_ms)


def measure(browser, address: str, width: int, height: int = 900) -> dict:
    """Open ``address`` at ``width`` px, offline, and return :data:`PROBE`'s measurements."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    local = urlsplit(address).hostname
    page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == local else r.abort())
    try:
        page.goto(address, wait_until="load")
        wait_for_charts(page)
        return page.evaluate(PROBE)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from helpers.site import built_pages, serve, site_prefix

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (args.html / "index.html").is_file() or chromium is None:
        print("Build the book and install Debian's chromium first.", file=sys.stderr)
        return 2
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    prefix = site_prefix(re.search(r"^\s*url:\s*(\S+)", config, re.M).group(1))
    pages = [p for p in built_pages(args.html) if p != "index.html"]
    articles = article_words()
    results: dict[str, dict[str, dict]] = {}
    with serve(args.html, prefix) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        for width in WIDTHS:
            results[str(width)] = {page: measure(browser, f"{origin}{prefix}{page}", width) for page in pages}
        browser.close()
    for width, by_page in results.items():
        page, worst = widest(by_page)
        scroll_page, scroll = max(by_page.items(), key=lambda kv: kv[1]["scroll_width"])
        print(f"At {width} px:")
        element, (left, right) = worst["widest"], worst["column"]
        print(
            f"  widest element: {element['element']} on {page}, {element['width']} px wide, right edge at "
            f"{element['right']} px, {element['right'] - right:+d} px past the text column "
            f"({left}-{right} px)"
        )
        print(f"  widest page: {scroll_page}, scrollWidth {scroll['scroll_width']} px (viewport {width} px)")
        inner_page, inner = max(
            ((p, m["widest_scrolling"]) for p, m in by_page.items() if m["widest_scrolling"]),
            key=lambda item: item[1]["width"],
        )
        print(
            f"  widest element inside a scrolling box: {inner['element']} on {inner_page}, "
            f"{inner['width']} px wide"
        )
        for page, m in by_page.items():
            issues = (
                [
                    f"sticks out of the column: {o['element']} (right edge {o['right']})"
                    for o in m["outside"][:3]
                ]
                + [f"printed text does not wrap: {o['element']}" for o in m["unwrapped_output"][:3]]
                + [
                    f"code wider than its box: {o['text'][:50]!r}"
                    for o in m["scrolling_code"][:3]
                    if width == "1280"
                ]
                + [f"cut by pandas: {c!r}" for c in truncated_cells(m["ellipsis_cells"], articles)[:3]]
                + m["id_labels"][:3]
                + [problem for chart in m["charts"] for problem in chart_problems(chart, articles)][:5]
            )
            for issue in issues:
                print(f"  {page}: {issue}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
