"""Tests for helpers.charts: chart specs, accessible descriptions, offline deterministic rendering."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from helpers.charts import (
    BUNDLE_NAME,
    OKABE_ITO,
    outlet_coverage,
    quotes_by_speaker,
    setup,
    show,
    themes_heatmap,
    timeline,
    write_bundle,
)
from helpers.compare import coverage, match_quotes, speaker_counts, themes
from helpers.corpus import load_articles, load_rounds


@pytest.fixture(scope="module")
def quotes(gold_with_ids) -> pd.DataFrame:
    articles = load_articles().rename(columns={"id": "article_id"})[["article_id", "round", "outlet"]]
    return gold_with_ids.merge(articles, on="article_id")


@pytest.fixture(scope="module")
def charts(quotes) -> dict[str, alt.TopLevelMixin]:
    return {
        "speaker": quotes_by_speaker(speaker_counts(quotes)),
        "themes": themes_heatmap(themes(quotes)),
        "coverage": outlet_coverage(coverage(quotes, match_quotes(quotes))),
        "timeline": timeline(load_rounds()),
    }


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def all_encodings(spec: dict) -> dict:
    merged: dict = dict(spec.get("encoding", {}))
    for layer in layers(spec):
        merged.update(layer.get("encoding", {}))
    return merged


def mark_types(spec: dict) -> list[str]:
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers(spec)
    ]


@pytest.mark.parametrize("name", ["speaker", "themes", "coverage", "timeline"])
def test_every_chart_has_title_description_and_tooltips(charts, name):
    spec = charts[name].to_dict()
    assert spec["title"]
    assert len(spec["description"]) > 40
    assert "tooltip" in all_encodings(spec)


@pytest.mark.parametrize("name", ["speaker", "themes", "coverage", "timeline"])
def test_every_shown_axis_has_a_title(charts, name):
    enc = all_encodings(charts[name].to_dict())
    for channel in ("x", "y"):
        if channel in enc and enc[channel].get("axis", {}) is not None and "field" in enc[channel]:
            assert enc[channel].get("title"), f"{name}: {channel} axis has no title"


def test_speaker_bars_use_okabe_ito_by_round_and_describe_the_counts(charts):
    spec = charts["speaker"].to_dict()
    assert mark_types(spec) == ["bar"]
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"], enc["color"]["field"]) == ("n_quotes", "speaker", "round")
    assert set(enc["color"]["scale"]["range"]) <= set(OKABE_ITO)
    assert "Antalya: Dmytro Kuleba 11" in spec["description"]


def test_themes_heatmap_uses_a_colour_blind_safe_scheme(charts):
    spec = charts["themes"].to_dict()
    assert mark_types(spec) == ["rect", "text"]
    rect = spec["layer"][0]["encoding"]
    assert rect["color"]["scale"]["scheme"] in {"cividis", "viridis"}
    enc = all_encodings(spec)
    # the rows are the themes, wrapped onto lines (the tooltip names the theme in full)
    assert enc["y"]["field"] == "label" and enc["x"]["field"] == "round"
    rows = next(iter(spec["datasets"].values()))
    assert {r["label"].replace("\n", " ") for r in rows} == {r["theme"] for r in rows}
    assert any("\n" in r["label"] for r in rows)  # "humanitarian corridors and civilians"
    assert "Istanbul: ceasefire 3" in spec["description"]


def test_outlet_coverage_marks_carried_utterances_by_article(charts):
    spec = charts["coverage"].to_dict()
    assert mark_types(spec) == ["square"]
    assert spec["encoding"]["color"]["scale"]["range"][0] in OKABE_ITO
    assert "004 · CBC News" in spec["description"]


def test_timeline_is_ordinal_and_invents_no_date(charts):
    spec = charts["timeline"].to_dict()
    assert all_encodings(spec)["x"]["type"] == "nominal"  # ordered rounds, not a time axis
    assert "temporal" not in str(spec)
    rows = next(iter(spec["datasets"].values()))
    istanbul = next(r for r in rows if r["round"] == "Istanbul")
    assert "do not state the date" in istanbul["when"]
    assert "2025-" not in str(spec)


def test_missing_columns_are_named_with_the_function():
    with pytest.raises(ValueError, match=r"themes_heatmap\(\).*round"):
        themes_heatmap(pd.DataFrame({"theme": ["x"], "n_quotes": [1]}))


def test_show_is_byte_identical_across_calls_and_has_no_cdn(charts):
    for chart in charts.values():
        first, second = show(chart), show(chart)
        assert first.html == second.html
        assert first._repr_mimebundle_() == second._repr_mimebundle_()
        assert not re.search(r"https?://", first.html)
        assert "cdn" not in first.html.lower()


def test_show_offers_html_with_a_hashed_id_and_the_description_as_text(charts):
    shown = show(charts["speaker"])
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"] == charts["speaker"].to_dict()["description"]
    assert re.fullmatch(r"vega-[0-9a-f]{16}", shown.div_id)
    assert f'<div id="{shown.div_id}"' in bundle["text/html"] and "vegaEmbed" in bundle["text/html"]


def test_show_escapes_text_that_would_end_the_script():
    chart = (
        alt.Chart(pd.DataFrame({"x": ["</script><b>"]}))
        .mark_point()
        .encode(x="x:N")
        .properties(description="a <b> tag")
    )
    out = show(chart).html
    assert out.count("</script>") == 1
    assert "a &lt;b&gt; tag" in out


def test_bundle_defines_vega_embed_offline(tmp_path):
    path = write_bundle(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.name == BUNDLE_NAME
    assert "window.vegaEmbed=" in text and len(text) > 100_000
    mtime = path.stat().st_mtime_ns
    write_bundle(tmp_path)
    assert path.stat().st_mtime_ns == mtime  # unchanged bundle is not rewritten


def test_sphinx_setup_adds_the_bundle_to_static_path(tmp_path):
    calls: dict = {}

    class App:
        outdir = tmp_path / "_build" / "html"

        def connect(self, event, function):
            calls[event] = function

        def add_js_file(self, name, **kwargs):
            calls["js"] = (name, kwargs)

    class Config:
        html_static_path = ["_static"]

    app, config = App(), Config()
    setup(app)
    calls["config-inited"](app, config)
    assert config.html_static_path[0] == "_static"
    assert (tmp_path / "_build" / "vega_static" / BUNDLE_NAME).is_file()
    # the bundle is linked only from pages whose body embeds a chart
    calls["html-page-context"](app, "book/api", "page.html", {"body": "<p>calls vegaEmbed</p>"}, None)
    assert "js" not in calls
    body = show(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")).html
    calls["html-page-context"](app, "book/outlets", "page.html", {"body": body}, None)
    assert calls["js"] == (BUNDLE_NAME, {"loading_method": "defer"})


def test_show_output_is_the_same_in_a_fresh_python_process():
    import subprocess
    import sys

    code = (
        "from helpers.corpus import load_rounds; from helpers.charts import show, timeline; "
        "import sys; sys.stdout.write(show(timeline(load_rounds())).html)"
    )
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert fresh == show(timeline(load_rounds())).html
