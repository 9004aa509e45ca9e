"""Small Sphinx fixes for the built book, loaded through ``_config.yml``.

Jupyter Book 1.0.4 with sphinx-thebe 0.3 and sphinx-togglebutton 0.4 writes
their inline configuration scripts twice into every page's ``<head>``, which
raises "Identifier 'THEBE_JS_URL' has already been declared" in the browser
console. When the build finishes, remove the second copy of any identical
inline ``<script>`` in the page head. ``tests/test_browser.py`` checks that
the console stays clean.
"""

from __future__ import annotations

import re
from pathlib import Path

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


def setup(app):
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
