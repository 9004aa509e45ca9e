"""The book's own Sphinx extension, loaded through ``_config.yml``.

It does five things:

- ``people-table``, a directive that renders ``data/people.csv`` as the
  "Who's who" table at build time, so the page cannot drift from the data;
- a pybtex style, ``talks``, for ``references.bib``: entries are labelled
  with their short article id (``[000]``) and sorted by it, because the
  articles have no authors to build author-year labels from;
- a clean-up of duplicated inline scripts in each page's ``<head>``;
- list roles for the bibliography's entries;
- no Font Awesome JavaScript, whose icons the theme's CSS already draws (see below).

Bibliography entries as list items
----------------------------------
Docutils writes the bibliography as ``<div role="list">`` whose entries carry
the deprecated ARIA role ``doc-biblioentry``, so a list has no list items and
screen readers cannot count the entries (axe-core rule
``aria-required-children``, critical). When the build finishes, give each
entry ``role="listitem"``.

Duplicate inline scripts
------------------------
Jupyter Book 1.0.4 with sphinx-thebe 0.3 and sphinx-togglebutton 0.4 writes
their inline configuration scripts twice into every page's ``<head>``, which
raises "Identifier 'THEBE_JS_URL' has already been declared" in the browser
console. When the build finishes, remove the second copy of any identical
inline ``<script>`` in the page head. ``tests/test_browser.py`` checks that
the console stays clean.

Font Awesome without its JavaScript
-----------------------------------
pydata-sphinx-theme loads ``fontawesome.js`` (1.5 MB, 543 kB gzipped) on every
page "so that users can add custom icons". The book adds none, and the
theme's stylesheet already carries Font Awesome's web fonts and icon classes,
so every icon draws without it. The script was 41 % of what the heaviest
chapter transferred on a first visit (``benchmarks/page_weight.py``). When
the build finishes, remove its ``<script>`` tag.

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
from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinx.util.docutils import SphinxDirective

PEOPLE_HEADERS = ["Name", "Kind", "Country or side", "Role", "Spellings", "Named in articles"]


def people_rows(folder: Path | str | None = None) -> list[list[str]]:
    """Return the rows of the "Who's who" table, one per row of ``people.csv``, in its order.

    ``folder`` holds ``people.csv`` (the module's ``data/`` by default). The
    articles are always the module's own. "Named in articles" lists the short
    ids of the articles whose published text (captions included) uses any of
    the person's spellings, found by :func:`helpers.names.mentions`.
    """
    from helpers.corpus import load_articles
    from helpers.names import load_people, mentions

    people = load_people(folder)
    named = mentions(load_articles(), people, column="raw").assign(short=lambda df: df["article_id"].str[:3])
    by_name = named.groupby("name")["short"].apply(lambda ids: ", ".join(sorted(ids))).to_dict()
    return [
        [
            row.name,
            row.kind,
            row.country,
            row.role,
            ", ".join(v.strip() for v in row.variants.split("|")),
            by_name.get(row.name, "none"),
        ]
        for row in people.itertuples(index=False)
    ]


class PeopleTable(SphinxDirective):
    """``people-table``: the rows of ``people.csv`` as a table, built when the page is read.

    Option ``:data:`` names the folder holding ``people.csv``, relative to the
    source directory (default: the module's ``data/``). The CSV is registered
    as a dependency, so editing it rebuilds the page.
    """

    has_content = False
    option_spec = {"data": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from helpers.paths import data_dir

        folder = Path(self.env.srcdir) / self.options["data"] if "data" in self.options else data_dir()
        self.env.note_dependency(str(folder / "people.csv"))
        rows = people_rows(folder)
        table = nodes.table(classes=["people-table"])
        table += nodes.title(text=f"Everyone in people.csv ({len(rows)} rows)")
        group = nodes.tgroup(cols=len(PEOPLE_HEADERS))
        table += group
        for width in (14, 9, 10, 22, 25, 10):
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", self._row(PEOPLE_HEADERS))
        group += nodes.tbody("", *(self._row(cells) for cells in rows))
        return [table]

    @staticmethod
    def _row(cells: list[str]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph(text=cell))
        return row


class ArticleIdLabels(BaseLabelStyle):
    """Label each article by the short id before the underscore: ``000_fa01…`` -> ``000``."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield entry.key.split("_")[0]


class ByKey(BaseSortingStyle):
    """Sort entries by key, which for the articles is their order in the corpus."""

    def sorting_key(self, entry):
        return entry.key


class TalksStyle(UnsrtStyle):
    """unsrt, with article-id labels and key order. Titles are protected by braces in the bib."""

    default_label_style = ArticleIdLabels
    default_sorting_style = ByKey


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


def bibliography_list_items(html: str) -> str:
    """Return ``html`` with each bibliography entry marked as an item of its list.

    >>> bibliography_list_items('<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>')
    '<div role="list"><div class="citation" role="listitem">x</div></div>'
    """
    return re.sub(r'(<div class="citation"[^>]*?) role="doc-biblioentry"', r'\1 role="listitem"', html)


_FONTAWESOME_JS = re.compile(
    r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?'
)


def without_fontawesome_js(html: str) -> str:
    """Return ``html`` without the theme's ``fontawesome.js`` script tag.

    >>> tag = '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>'
    >>> without_fontawesome_js(tag + "\\n<p>Text</p>")
    '<p>Text</p>'
    """
    return _FONTAWESOME_JS.sub("", html)


def _fix_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = without_fontawesome_js(bibliography_list_items(dedupe_inline_scripts(text)))
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
    register_plugin("pybtex.style.formatting", "talks", TalksStyle, force=True)
    app.add_directive("people-table", PeopleTable)
    app.connect("build-finished", _fix_pages)
    # after pydata-sphinx-theme puts generate_toctree_html into the context (priority 500)
    app.connect("html-page-context", _name_toctree_toggles, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
