"""Articles are shown as 000…004, with the outlet in a key (helpers.corpus) and in chart tooltips."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.charts import BOOK_CONFIG, outlet_coverage, show, themes_heatmap, timeline
from helpers.compare import coverage, match_quotes
from helpers.corpus import article_key, label_articles, load_articles, load_rounds, short_id
from helpers.paths import data_dir


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return load_articles()


def test_every_corpus_id_gets_its_three_digit_label(articles):
    assert [short_id(i) for i in articles["id"]] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize(
    "other", ["h1", "my-article", "000_FA01E9B35AE5BE2C", "0000_fa01e9b35ae5be2c", None, 7]
)
def test_ids_that_are_not_corpus_ids_are_kept(other):
    assert short_id(other) == other


def test_the_key_gives_each_label_the_outlet_articles_csv_records(articles):
    key = article_key(articles)
    csv = pd.read_csv(data_dir() / "articles.csv", dtype=str, keep_default_na=False)
    assert key["article"].tolist() == [i[:3] for i in csv["id"]]
    assert key["outlet"].tolist() == csv["outlet"].replace("", "not stated").tolist()
    assert key.loc[key["article"] == "004", "outlet"].item() == "CBC News"


def test_a_missing_outlet_reads_not_stated_never_blank(articles):
    blank = articles.assign(outlet=["", None, "  ", "not stated", "CBC News"])
    assert article_key(blank)["outlet"].tolist() == ["not stated"] * 4 + ["CBC News"]


def test_article_key_names_the_columns_it_needs():
    with pytest.raises(ValueError, match="outlet"):
        article_key(pd.DataFrame({"id": ["000_fa01e9b35ae5be2c"], "round": ["x"], "title": ["t"]}))


def test_label_articles_shortens_headers_index_levels_and_id_columns(articles):
    long = articles["id"].tolist()
    pivot = pd.DataFrame(
        [[1, 0], [2, 3]],
        index=pd.MultiIndex.from_tuples(
            [("Lavrov", "Sergei"), ("Lavrov", "Sergey")], names=["name", "variant"]
        ),
        columns=pd.Index(long[:2], name="article_id"),
    )
    assert label_articles(pivot).columns.tolist() == ["000", "001"]
    assert label_articles(pivot).columns.name == "article_id"
    assert label_articles(pivot.T).index.tolist() == ["000", "001"]
    pairs = pd.DataFrame({"article_id_a": long[:2], "article_id_b": long[3:5], "quote": ["x", "y"]})
    shown = label_articles(pairs)
    assert shown[["article_id_a", "article_id_b"]].values.tolist() == [["000", "003"], ["001", "004"]]
    assert pairs["article_id_a"].tolist() == long[:2]  # the input is not modified
    assert label_articles(articles[["id", "outlet"]])["id"].tolist() == ["000", "001", "002", "003", "004"]
    grouped = pd.DataFrame({"n": [1, 2]}, index=pd.MultiIndex.from_product([[long[0]], ["a", "b"]]))
    assert label_articles(grouped).index.get_level_values(0).tolist() == ["000", "000"]


def test_label_articles_wants_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        label_articles(pd.Series(["000_fa01e9b35ae5be2c"]))


# --- the same in charts --------------------------------------------------------------


@pytest.fixture(scope="module")
def coverage_chart(gold_with_ids, articles) -> dict:
    meta = articles.rename(columns={"id": "article_id"})[["article_id", "round", "outlet"]]
    quotes = gold_with_ids.merge(meta, on="article_id")
    return show(outlet_coverage(coverage(quotes, match_quotes(quotes)))).spec


def test_coverage_chart_labels_articles_by_short_id_and_names_outlets_in_the_tooltip(coverage_chart):
    rows = next(iter(coverage_chart["datasets"].values()))
    assert {r["article"] for r in rows} <= {"000", "001", "002", "003", "004"}
    assert "Outlet" in [t["title"] for t in coverage_chart["encoding"]["tooltip"]]
    assert coverage_chart["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_coverage_chart_quotes_each_utterance_in_full_on_wrapped_lines(coverage_chart):
    rows = next(iter(coverage_chart["datasets"].values()))
    for row in rows:
        assert row["label"].replace("\n", " ") == f"{row['speaker']}: “{row['utterance'].strip()}”"
        assert max(len(line) for line in row["label"].split("\n")) <= 26 or " " not in row["label"]
    # each row is tall enough for its label's lines at 12 px
    lines = max(r["label"].count("\n") + 1 for r in rows)
    assert coverage_chart["height"]["step"] >= 15 * lines


def test_shown_charts_write_text_at_12px_or_more_and_never_cut_labels(coverage_chart):
    config = coverage_chart["config"]
    for key in ("labelFontSize", "titleFontSize"):
        assert config["axis"][key] >= 12 and config["legend"][key] >= 12
    assert config["title"]["fontSize"] >= 12 and config["text"]["fontSize"] >= 12
    assert config["axis"]["labelLimit"] == 0 and config["legend"]["labelLimit"] == 0


def test_a_chart_keeps_its_own_config_where_it_sets_one():
    chart = themes_heatmap(pd.DataFrame({"round": ["r"], "theme": ["t"], "n_quotes": [1]}))
    spec = show(chart.configure_axis(labelFontSize=14)).spec
    assert spec["config"]["axis"]["labelFontSize"] == 14
    assert spec["config"]["axis"]["titleFontSize"] == BOOK_CONFIG["axis"]["titleFontSize"]


def test_book_charts_take_the_width_of_the_column(coverage_chart):
    assert coverage_chart["width"] == "container"
    assert show(timeline(load_rounds())).spec["width"] == "container"
