"""Altair charts for the book, and the one way they render: offline, from ``_static/``.

Each chart function takes a tidy (long) DataFrame from :mod:`helpers.compare`
or :mod:`helpers.corpus` and returns a method-chained Altair chart with a
title, axis titles, tooltips, a colour-blind-safe palette (Okabe–Ito for
categories, ``cividis`` for counts) and a ``description`` computed from the
data, which screen readers announce.

How charts render in the book
-----------------------------

Altair's default renderer loads Vega from a CDN (the page breaks offline) and
gives every output a random ``altair-viz-…`` id (so nbval sees a change on
every run). The book therefore renders charts **interactively, with the Vega
libraries served from the book's own** ``_static/``:

* This module is also a tiny Sphinx extension. Its :func:`setup` writes the
  Vega, Vega-Lite and Vega-Embed bundle that ``vl_convert.javascript_bundle()``
  builds (no network needed) into ``_build/vega_static/vega-bundle.js``, adds
  that folder to ``html_static_path`` and a deferred ``<script>`` for it to
  every page that shows a chart (other pages do not pay for the 0.9 MB).
  Enable it in ``_config.yml`` under ``sphinx.extra_extensions`` as
  ``helpers.charts``.
* In a notebook cell, ``show(chart)`` returns a :class:`VegaChart`. Its HTML
  output is a ``<div id="vega-<hash of the spec>">`` holding the text
  description, plus a short ``<script>`` that calls ``vegaEmbed`` on that div
  once the bundle has loaded. The id is a hash of the spec, so re-running a
  notebook gives byte-identical output; nothing refers to a CDN. The text
  description stays on the page when JavaScript is off, and is the
  ``text/plain`` output. No image is stored, to keep notebooks small.
* In JupyterLab outside the book there is no bundle, so ``show(chart)``
  leaves the description in place; display the Altair chart itself
  (``chart``) to explore it interactively there.
"""

from __future__ import annotations

import hashlib
import html
import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from helpers.checks import require_columns
from helpers.corpus import short_id

__all__ = [
    "OKABE_ITO",
    "BUNDLE_NAME",
    "BOOK_CONFIG",
    "VegaChart",
    "javascript_bundle",
    "outlet_coverage",
    "quotes_by_speaker",
    "setup",
    "show",
    "themes_heatmap",
    "timeline",
    "write_bundle",
]

#: The Okabe–Ito palette, safe for the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Sequential scheme for counts: perceptually uniform and colour-blind safe.
COUNT_SCHEME = "cividis"
#: File name of the Vega bundle in the book's ``_static/``.
BUNDLE_NAME = "vega-bundle.js"


#: How every chart in the book looks; :func:`show` adds it to each chart's own ``config``
#: (what a chart sets itself wins). Text is at least 12 px (Vega's defaults are 10 and 11),
#: labels are never cut short with "…" (``labelLimit: 0``), axis titles keep clear of
#: the labels, and legends sit below the plot so that a chart keeps its width on a phone.
BOOK_CONFIG: dict[str, Any] = {
    "title": {"fontSize": 16, "anchor": "start", "offset": 10},
    "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 0, "titlePadding": 10},
    "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 0, "orient": "bottom"},
    "header": {"labelFontSize": 12, "titleFontSize": 13},
    "text": {"fontSize": 12},
}
#: Characters per line of a wrapped label (about 170 px at 12 px).
WRAP = 26


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _wrap(text: object, width: int = WRAP) -> str:
    """Break a label into lines of at most ``width`` characters, joined by newlines."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _wrapped_axis(**options: Any) -> alt.Axis:
    """An axis whose labels, broken into lines by :func:`_wrap`, are drawn on those lines."""
    return alt.Axis(labelExpr=_LINES, labelOffset=_CENTRE_LINES, **options)


def _step(labels: pd.Series) -> int:
    """Pixels per row of a discrete axis whose labels hold up to n lines (at 12 px) and a gap."""
    lines = int(labels.astype(str).str.count("\n").max() + 1) if len(labels) else 1
    return max(20, 15 * lines + 8)


#: Draws an axis label that :func:`_wrap` broke into lines on several lines.
_LINES = "split(datum.label, '\\n')"
#: Vega draws such a label downwards from its tick; this moves it up by half its extra lines
#: (14 px a line at 12 px), so that the label is centred on its row.
_CENTRE_LINES = alt.ExprRef(expr="-7 * (length(split(datum.label, '\\n')) - 1)")


# --- charts --------------------------------------------------------------------------


def quotes_by_speaker(quotes: pd.DataFrame) -> alt.Chart:
    """Bar chart: how often each speaker is quoted, stacked by round.

    ``quotes`` has ``speaker`` and ``round`` columns and either one row per
    quote or an ``n_quotes`` column (as from :func:`helpers.compare.speaker_counts`).
    Rows without a speaker are left out.

    Example:
        >>> q = pd.DataFrame({"speaker": ["Kuleba", "Kuleba", "Fidan"],
        ...                   "round": ["Antalya", "Antalya", "Istanbul"]})
        >>> quotes_by_speaker(q).to_dict()["description"]
        'Bar chart of quotes per speaker and round. Antalya: Kuleba 2. Istanbul: Fidan 1.'
    """
    require_columns(quotes, ["speaker", "round"], "quotes_by_speaker")
    counts = (
        quotes.assign(n_quotes=quotes["n_quotes"] if "n_quotes" in quotes.columns else 1)
        .loc[lambda df: df["speaker"].fillna("").astype(str).str.strip().ne("")]
        .groupby(["round", "speaker"], as_index=False)["n_quotes"]
        .sum()
        .sort_values(["round", "n_quotes", "speaker"], ascending=[True, False, True])
    )
    rounds = list(dict.fromkeys(counts["round"]))
    description = "Bar chart of quotes per speaker and round. " + " ".join(
        f"{r}: " + ", ".join(f"{s} {n}" for s, n in zip(g["speaker"], g["n_quotes"], strict=True)) + "."
        for r, g in counts.groupby("round", sort=False)
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("n_quotes:Q", title="Number of quotations", stack="zero"),
            y=alt.Y(
                "speaker:N",
                title="Speaker",
                sort=alt.EncodingSortField(field="n_quotes", op="sum", order="descending"),
            ),
            color=alt.Color(
                "round:N",
                title="Round",
                scale=alt.Scale(domain=rounds, range=OKABE_ITO[: max(len(rounds), 1)]),
            ),
            order=alt.Order("round:N"),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("round:N", title="Round"),
                alt.Tooltip("n_quotes:Q", title="Quotations"),
            ],
        )
        .properties(title="Who is quoted, by round", description=description, width="container")
    )


def themes_heatmap(theme_counts: pd.DataFrame) -> alt.LayerChart:
    """Heatmap: quotations per theme (rows) and round (columns), with the counts written in.

    ``theme_counts`` is the output of :func:`helpers.compare.themes` on quotes
    with a ``round`` column: ``round``, ``theme``, ``n_quotes`` (summed over
    articles here). Themes keep their order of first appearance.

    Example:
        >>> t = pd.DataFrame({"round": ["r1", "r1", "r2", "r2"], "theme": ["ceasefire", "NATO"] * 2,
        ...                   "n_quotes": [3, 0, 1, 2]})
        >>> themes_heatmap(t).to_dict()["description"]
        'Heatmap of quotations per theme and round. r1: ceasefire 3, NATO 0. r2: ceasefire 1, NATO 2.'
    """
    require_columns(theme_counts, ["round", "theme", "n_quotes"], "themes_heatmap")
    order = list(dict.fromkeys(theme_counts["theme"]))
    grid = theme_counts.groupby(["round", "theme"], as_index=False, sort=False)["n_quotes"].sum()
    grid = grid.assign(label=grid["theme"].map(_wrap))
    top = int(grid["n_quotes"].max()) if len(grid) else 0
    description = "Heatmap of quotations per theme and round. " + " ".join(
        f"{r}: " + ", ".join(f"{t} {n}" for t, n in zip(g["theme"], g["n_quotes"], strict=True)) + "."
        for r, g in grid.groupby("round", sort=True)
    )
    base = alt.Chart(grid).encode(
        x=alt.X("round:N", title="Round", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", title="Theme", sort=[_wrap(t) for t in order], axis=_wrapped_axis()),
        tooltip=[
            alt.Tooltip("theme:N", title="Theme"),
            alt.Tooltip("round:N", title="Round"),
            alt.Tooltip("n_quotes:Q", title="Quotations"),
        ],
    )
    return alt.layer(
        base.mark_rect().encode(
            color=alt.Color("n_quotes:Q", title="Quotations", scale=alt.Scale(scheme=COUNT_SCHEME))
        ),
        base.mark_text().encode(
            text=alt.Text("n_quotes:Q"),
            color=alt.condition(alt.datum.n_quotes > top / 2, alt.value("black"), alt.value("white")),
        ),
    ).properties(
        title="Themes of the quotations, by round",
        description=description,
        width="container",
        height=alt.Step(_step(grid["label"])),
    )


def _article_label(table: pd.DataFrame) -> pd.Series:
    short = table["article_id"].map(short_id).astype(str)
    if "outlet" not in table.columns:
        return short
    outlet = table["outlet"].fillna("").astype(str)
    return short.where(outlet.isin(["", "not stated"]), short + " · " + outlet)


def outlet_coverage(coverage_table: pd.DataFrame) -> alt.Chart:
    """Grid: which article (and outlet) carried which matched utterance.

    ``coverage_table`` is the output of :func:`helpers.compare.coverage`:
    ``utterance_id``, ``speaker``, ``utterance``, ``article_id``, ``carried``,
    ``quote`` and, optionally, ``outlet``.

    Example:
        >>> c = pd.DataFrame({"utterance_id": ["u01", "u01"], "speaker": ["Fidan", "Fidan"],
        ...     "utterance": ["two paths", "two paths"], "carried": [True, False],
        ...     "article_id": ["003_b813a9d70c3b9a9d", "004_b7c99a2164da90d6"], "quote": ["two paths", ""]})
        >>> outlet_coverage(c).to_dict()["description"]  # doctest: +NORMALIZE_WHITESPACE
        'Grid of 1 utterance quoted in more than one article (rows) by article (columns).
         003 carries 1, 004 carries 0.'
    """
    require_columns(
        coverage_table,
        ["utterance_id", "speaker", "utterance", "article_id", "carried", "quote"],
        "outlet_coverage",
    )
    table = coverage_table.assign(
        article=lambda df: df["article_id"].map(short_id).astype(str),
        label=lambda df: (df["speaker"] + ": “" + df["utterance"].str.strip() + "”").map(_wrap),
        status=lambda df: df["carried"].map({True: "carried", False: "not carried"}),
    )
    per_article = table.assign(article=_article_label(table)).groupby("article", sort=True)["carried"].sum()
    n = table["utterance_id"].nunique()
    description = (
        f"Grid of {_plural(n, 'utterance')} quoted in more than one article (rows) by article (columns). "
        + ", ".join(f"{a} carries {int(k)}" for a, k in per_article.items())
        + "."
    )
    tooltip = [
        alt.Tooltip("speaker:N", title="Speaker"),
        alt.Tooltip("utterance:N", title="Utterance"),
        alt.Tooltip("article_id:N", title="Article"),
        alt.Tooltip("status:N", title="Carried?"),
        alt.Tooltip("quote:N", title="Wording in this article"),
    ]
    if "outlet" in table.columns:
        tooltip.insert(3, alt.Tooltip("outlet:N", title="Outlet"))
    return (
        alt.Chart(table)
        .mark_square(size=260)
        .encode(
            x=alt.X(
                "article:N",
                title="Article (outlet in the tooltip)",
                axis=alt.Axis(labelAngle=0, orient="top"),
            ),
            y=alt.Y(
                "label:N",
                title="Utterance",
                sort=alt.EncodingSortField("utterance_id"),
                axis=_wrapped_axis(labelPadding=8),
            ),
            color=alt.Color(
                "status:N",
                title="In this article",
                scale=alt.Scale(domain=["carried", "not carried"], range=[OKABE_ITO[0], "#D9D9D9"]),
            ),
            tooltip=tooltip,
        )
        .properties(
            title="Which article carried which utterance",
            description=description,
            width="container",
            height=alt.Step(_step(table["label"])),
        )
    )


def timeline(rounds: pd.DataFrame) -> alt.LayerChart:
    """Ordinal timeline of the rounds, labelled with the facts as the articles state them.

    ``rounds`` is :func:`helpers.corpus.load_rounds` (``round``, ``fact``,
    ``value``…). The rounds are placed in order, evenly spaced: the articles
    give the Antalya date but not the Istanbul one, so no date axis is drawn
    and no date is made up. Each point is labelled with the ``when`` and
    ``where`` facts; the tooltip adds who met, Turkey's role and the outcome.

    Example:
        >>> r = pd.DataFrame({"round": ["a", "a", "b", "b"], "fact": ["when", "where"] * 2,
        ...                   "value": ["10 March 2022", "Antalya", "a Friday", "Istanbul"]})
        >>> print(timeline(r).to_dict()["description"])  # doctest: +NORMALIZE_WHITESPACE
        Timeline of 2 rounds, in order (not to scale): a (when: 10 March 2022; where: Antalya),
        then b (when: a Friday; where: Istanbul).
    """
    require_columns(rounds, ["round", "fact", "value"], "timeline")
    facts = ["when", "where", "who met", "Turkey's role", "outcome"]
    events = (
        rounds.loc[rounds["fact"].isin(facts)]
        .drop_duplicates(["round", "fact"])
        .pivot(index="round", columns="fact", values="value")
        .reindex(columns=facts)
        .astype(object)
        .fillna("not stated")
        .reindex(list(dict.fromkeys(rounds["round"])))
        .rename_axis(columns=None)
        .reset_index()
        .rename(columns={"who met": "who_met", "Turkey's role": "turkey_role"})
        .assign(
            order=lambda df: range(1, len(df) + 1),
            lane=0,
            when_lines=lambda df: df["when"].map(lambda t: _wrap(t, 18)),
            where_lines=lambda df: df["where"].map(lambda t: _wrap(t, 18)),
        )
    )
    description = (
        f"Timeline of {_plural(len(events), 'round')}, in order (not to scale): "
        + ", then ".join(
            f"{r} (when: {w}; where: {p})"
            for r, w, p in events[["round", "when", "where"]].itertuples(index=False)
        )
        + "."
    )
    base = alt.Chart(events).encode(
        x=alt.X(
            "round:N",
            sort=events["round"].tolist(),
            title="Round, in order (spacing is not to scale)",
            axis=alt.Axis(labelAngle=0),
            scale=alt.Scale(padding=0.6),
        ),
        y=alt.Y("lane:Q", axis=None, scale=alt.Scale(domain=[-1, 1])),
        tooltip=[
            alt.Tooltip("round:N", title="Round"),
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("where:N", title="Where"),
            alt.Tooltip("who_met:N", title="Who met"),
            alt.Tooltip("turkey_role:N", title="Turkey's role"),
            alt.Tooltip("outcome:N", title="Outcome"),
        ],
    )
    return alt.layer(
        base.mark_rule(color="#7F7F7F").encode(x=alt.value(0), x2=alt.value("width")),
        base.mark_point(filled=True, size=220).encode(
            color=alt.Color(
                "round:N",
                title="Round",
                legend=None,
                scale=alt.Scale(domain=events["round"].tolist(), range=OKABE_ITO[: max(len(events), 1)]),
            )
        ),
        base.mark_text(dy=-16, fontWeight="bold", baseline="bottom", lineBreak="\n").encode(
            text="when_lines:N"
        ),
        base.mark_text(dy=16, baseline="top", lineBreak="\n").encode(text="where_lines:N"),
    ).properties(
        title="Two rounds of talks in Turkey", description=description, width="container", height=200
    )


# --- rendering -----------------------------------------------------------------------


@dataclass(frozen=True)
class VegaChart:
    """A chart ready for the book: deterministic HTML plus a text description.

    Build it with :func:`show`. ``html`` is what the notebook stores;
    ``_repr_mimebundle_`` offers ``text/html`` and ``text/plain``.
    """

    spec: dict[str, Any] = field(repr=False)
    description: str
    div_id: str
    html: str = field(repr=False)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.description}

    def _repr_html_(self) -> str:
        return self.html


def _with_book_config(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with :data:`BOOK_CONFIG` filled in wherever the chart sets nothing itself."""
    merged = {key: dict(value) for key, value in BOOK_CONFIG.items()}
    for key, value in config.items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def show(chart: alt.TopLevelMixin) -> VegaChart:
    """Render a chart the book's way: a ``<div>`` and a call to the local ``vegaEmbed``.

    The chart gets the book's look (:data:`BOOK_CONFIG`: text of at least
    12 px, labels never cut short) wherever its own ``config`` says nothing.

    The output depends only on the chart, so it is byte-identical on every
    run, and it loads nothing from the network (see the module docstring).

    Example:
        >>> c = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(
        ...     description="One point.")
        >>> out = show(c)
        >>> out.div_id == show(c).div_id, out.description, "http" in out.html
        (True, 'One point.', False)
        >>> out.spec["config"]["axis"]["labelFontSize"]
        12
    """
    if not hasattr(chart, "to_dict"):
        raise TypeError(f"show() expects an Altair chart, got {type(chart).__name__}")
    spec = chart.to_dict()
    spec["config"] = _with_book_config(spec.get("config", {}))
    spec.pop("$schema", None)  # a URL vega-embed does not need; mode is given below
    description = str(spec.get("description") or spec.get("title") or "Chart")
    if isinstance(spec.get("title"), dict) and not spec.get("description"):
        description = str(spec["title"].get("text", "Chart"))
    body = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    div_id = "vega-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    script_spec = body.replace("</", "<\\/")  # never close the <script> early
    page = (
        f'<div id="{div_id}" class="tit-vega-chart" role="figure" aria-label="{html.escape(description)}">'
        f'<p class="tit-vega-fallback">{html.escape(description)}</p></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f'  var el = document.getElementById("{div_id}");\n'
        f"  var spec = {script_spec};\n"
        "  function draw() {\n"
        '    if (typeof window.vegaEmbed !== "function") { return; }\n'
        '    el.innerHTML = "";\n'
        '    window.vegaEmbed(el, spec, {"mode": "vega-lite", "actions": false, "renderer": "svg"})\n'
        '      .catch(function (err) { el.textContent = "The chart could not be drawn: " + err; });\n'
        "  }\n"
        '  if (typeof window.vegaEmbed === "function") { draw(); }\n'
        '  else { document.addEventListener("DOMContentLoaded", draw); }\n'
        "})();\n"
        "</script>"
    )
    return VegaChart(spec=spec, description=description, div_id=div_id, html=page)


# --- the Sphinx extension ------------------------------------------------------------


def javascript_bundle() -> str:
    """Return Vega, Vega-Lite and Vega-Embed as one script that sets ``window.vegaEmbed``.

    Built offline by ``vl_convert.javascript_bundle()`` for the Vega-Lite
    version this Altair writes, and wrapped in a function so that its
    top-level names do not clash with the theme's scripts.

    Example:
        >>> bundle = javascript_bundle()
        >>> "window.vegaEmbed=" in bundle, bundle.startswith("(function () {")
        (True, True)
    """
    import vl_convert

    vl_version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return "(function () {\n" + vl_convert.javascript_bundle(vl_version=vl_version) + "\n})();\n"


def write_bundle(folder: Path | str) -> Path:
    """Write :func:`javascript_bundle` to ``folder/vega-bundle.js`` (only if it changed) and return the path.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_bundle(tmp).name
        'vega-bundle.js'
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BUNDLE_NAME
    bundle = javascript_bundle()
    if not path.is_file() or path.read_text(encoding="utf-8") != bundle:
        path.write_text(bundle, encoding="utf-8")
    return path


def _add_bundle_to_static(app: Any, config: Any) -> None:
    folder = Path(app.outdir).parent / "vega_static"
    write_bundle(folder)
    config.html_static_path = [*config.html_static_path, str(folder)]


def _load_bundle_on_chart_pages(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Add the bundle's ``<script>`` to pages whose body embeds a chart, and only to those."""
    if 'class="tit-vega-chart"' in context.get("body", ""):
        app.add_js_file(BUNDLE_NAME, loading_method="defer")


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: serve the Vega bundle from ``_static/`` and load it on chart pages.

    Add ``helpers.charts`` to ``sphinx.extra_extensions`` in ``_config.yml``.
    The bundle (about 0.9 MB) is only linked from pages that show a chart.

    Example:
        >>> class App:
        ...     def __init__(self): self.calls = []
        ...     def connect(self, event, fn): self.calls.append(event)
        >>> app = App(); meta = setup(app)
        >>> app.calls, meta["parallel_read_safe"]
        (['config-inited', 'html-page-context'], True)
    """
    app.connect("config-inited", _add_bundle_to_static)
    app.connect("html-page-context", _load_bundle_on_chart_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
