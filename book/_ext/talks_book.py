"""Small Sphinx fixes for the built book, loaded through ``_config.yml``.

Duplicate inline scripts
------------------------
Jupyter Book 1.0.4 with sphinx-thebe 0.3 and sphinx-togglebutton 0.4 writes
their inline configuration scripts twice into every page's ``<head>``, which
raises "Identifier 'THEBE_JS_URL' has already been declared" in the browser
console. When the build finishes, remove the second copy of any identical
inline ``<script>`` in the page head. ``tests/test_browser.py`` checks that
the console stays clean.

Names for the sidebar's expand buttons
--------------------------------------
pydata-sphinx-theme 0.17 gives a sidebar entry with sub-pages (Exercises) a
``<summary>`` that holds only a chevron icon, so a screen reader announces an
unnamed button (axe-core rule ``summary-name``, WCAG 4.1.2). The theme builds
that HTML in Python with no option to name it, so wrap its
``generate_toctree_html`` and name each empty ``<summary>`` after its entry:
"Pages in Exercises".
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bs4 import BeautifulSoup

_INLINE = re.compile(r"[ \t]*<script>[^<]*</script>\n?")


def dedupe_inline_scripts(html: str) -> str:
    """Return ``html`` with repeated identical inline scripts in ``<head>`` removed."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    head, rest = html[:head_end], html[head_end:]
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        script = match.group(0).strip()
        if script in seen:
            return ""
        seen.add(script)
        return match.group(0)

    return _INLINE.sub(keep_first, head) + rest


def _fix_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = dedupe_inline_scripts(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def name_toctree_toggles(html):
    """Give each empty ``<summary>`` of a sidebar toctree an ``aria-label`` naming its entry.

    ``html`` is what pydata-sphinx-theme's ``generate_toctree_html`` returns, a
    string or a BeautifulSoup tree; the result has the same type.

    >>> html = name_toctree_toggles(
    ...     '<li class="has-children"><a class="reference internal" href="p.html">Exercises</a>'
    ...     '<details><summary><span class="toctree-toggle" role="presentation"></span></summary>'
    ...     "</details></li>"
    ... )
    >>> re.search("<summary[^>]*>", html).group(0)
    '<summary aria-label="Pages in Exercises">'
    """
    soup = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    for summary in soup.select("li.has-children > details > summary"):
        link = summary.parent.parent.find("a", recursive=False)
        if summary.get_text(strip=True) or summary.get("aria-label") or link is None:
            continue
        summary["aria-label"] = f"Pages in {link.get_text(' ', strip=True)}"
    return str(soup) if isinstance(html, str) else soup


def _name_toctree_toggles(app, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    @functools.wraps(generate)
    def named(*args, **kwargs):
        return name_toctree_toggles(generate(*args, **kwargs))

    context["generate_toctree_html"] = named


def setup(app):
    app.connect("build-finished", _fix_pages)
    # after pydata-sphinx-theme puts generate_toctree_html into the context (priority 500)
    app.connect("html-page-context", _name_toctree_toggles, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
