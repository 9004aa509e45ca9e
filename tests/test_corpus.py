"""Loading and cleaning the five articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import (
    RULES,
    CorpusError,
    classify_paragraphs,
    clean_text,
    load_articles,
    load_rounds,
    read_article,
)
from helpers.paths import data_dir

DATA = data_dir()

# For each article: the first and last paragraph of the reporting (start of
# the line is enough), and web furniture that must not survive cleaning.
EXPECTED = {
    "000_fa01e9b35ae5be2c": (
        "The foreign ministers of Russia and Ukraine met in Turkey on Thursday in the first",
        "Although Turkish officials have publicly condemned Russia’s invasion",
        ["Skip to main content", "Politics", "Updated: March 10, 2022 11:07am", "Related Topics"],
    ),
    "001_aba025860246f760": (
        "The foreign ministers of Ukraine and Russia held talks in Turkey Thursday",
        "Until Thursday, only two rounds of low-level talks have taken place",
        [
            "Accessibility links",
            "Breaking News",
            "(Turkish Foreign Ministry Press Office/AFP)",
            "Turkish Foreign Minister Mevlut Cavusoglu (C), Russian Foreign Minister",
        ],
    ),
    "002_9a7b7ebe49d687a7": (
        "Russia and Ukraine’s foreign ministers are meeting for talks in Turkey on Thursday",
        "Russia has been accused of breaking other ceasefires",
        [
            "Members of the Ukrainian forces arrive in a BTR",
            "Bloomberg | Bloomberg | Getty Images",
            "A car burns after the destruction of Mariupol children’s hospital",
            "Ukraine Military | via Reuters",
            "Post a Comment",
        ],
    ),
    "003_b813a9d70c3b9a9d": (
        "The first face-to-face peace talks between Russia and Ukraine in over three years",
        "The future of the talks remains uncertain",
        ["Scroll to Top"],
    ),
    "004_b7c99a2164da90d6": (
        "Russian and Ukrainian negotiators met in Istanbul on Friday",
        "Oleksandr Syrskyi, Ukraine’s army chief, said late on Thursday",
        [
            "| CBC News",
            "Several men in suit and tie are shown seated",
            "(Murat Gok/Turkish Foreign Ministry/Reuters)",
            "WATCH | Putin won’t attend peace talks",
            "Putin skipped peace talks in Turkey that he himself suggested",
            "The Kremlin confirmed early Thursday",
            "What a new U.S. minerals deal means",
            "1:15 – Credit: Ukrainian Presidential Press Service",
            "A woman looks at a display featuring the faces",
            "Source link",
            "Leave a Reply",
            "Your email address will not be published",
        ],
    ),
}


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return load_articles()


def test_load_articles_returns_one_row_per_article_with_the_documented_columns(articles):
    assert list(articles.columns[:8]) == [
        "id",
        "round",
        "date",
        "date_as_written",
        "place",
        "outlet",
        "title",
        "text",
    ]
    assert {"raw", "file"} <= set(articles.columns)
    assert sorted(articles["id"]) == sorted(EXPECTED)
    assert articles.groupby("round").size().to_dict() == {"Antalya": 3, "Istanbul": 2}


def test_raw_text_is_the_file_byte_for_byte(articles):
    for row in articles.itertuples():
        assert row.raw.encode("utf-8") == (DATA / "raw" / row.file).read_bytes()


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_cleaning_keeps_first_and_last_paragraph_of_reporting(articles, article_id):
    first, last, _ = EXPECTED[article_id]
    paragraphs = articles.set_index("id").at[article_id, "text"].split("\n\n")
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].startswith(last)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_cleaning_removes_the_web_furniture(articles, article_id):
    _, _, furniture = EXPECTED[article_id]
    text = articles.set_index("id").at[article_id, "text"]
    for piece in furniture:
        assert piece not in text, f"{piece!r} survived cleaning in {article_id}"


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_cleaning_keeps_every_quoted_paragraph_of_the_reporting_in_order(articles, article_id):
    row = articles.set_index("id").loc[article_id]
    kept = row["text"].split("\n\n")
    raw_lines = [line.strip() for line in row["raw"].splitlines()]
    positions = [raw_lines.index(p) for p in kept]
    assert positions == sorted(positions), "paragraphs were reordered"
    # every long paragraph that opens with a quote mark is reporting, and is kept
    for line in raw_lines:
        if line[:1] in '“"' and len(line) > 80:
            assert line in kept


def test_subheadings_inside_the_article_are_kept(articles):
    text = articles.set_index("id").at["004_b7c99a2164da90d6", "text"]
    assert "\n\nMuted expectations\n\n" in text
    assert "\n\n‘War of attrition’\n\n" in text


def test_headline_is_in_title_not_in_body(articles):
    for row in articles.itertuples():
        assert row.title
        assert not row.text.startswith(row.title)
        assert row.title in row.raw


def test_classify_paragraphs_names_the_rule_for_each_dropped_line():
    raw = (DATA / "raw" / "002_9a7b7ebe49d687a7.txt").read_text(encoding="utf-8")
    report = classify_paragraphs(raw).set_index("paragraph")
    assert report.at["Bloomberg | Bloomberg | Getty Images", "rule"] == "credit"
    assert report.at["Post a Comment", "rule"] == "furniture"
    assert not report["kept"].iloc[0]
    assert set(report["rule"]) <= {"", "credit", "caption", "furniture", "repeat", "masthead", "footer"}


def test_the_module_docstring_lists_the_rules_of_the_rules_table_in_order():
    """The chapters send students to the docstring: it must describe exactly the rules in RULES."""
    import re

    import helpers.corpus

    listed = re.findall(r"^(\d+)\. \*\*(\w+)\*\*", helpers.corpus.__doc__, flags=re.M)
    assert [name for _, name in listed] == list(RULES)
    assert [int(n) for n, _ in listed] == list(range(1, len(RULES) + 1))


def test_clean_text_on_reporting_like_input_it_was_not_written_for():
    raw = "\n".join(
        [
            "Menu",
            "World",
            "Ministers meet in Geneva",
            "June 3, 2024 10:15am",
            "The ministers met on Monday.",
            "A hall with flags.",
            "Delegates arrive. (Jane Doe/AP)",
            "“We made progress,” she said.",
            "We use cookies to improve your experience.",
            "Subscribe to our newsletter",
            "Related Topics",
        ]
    )
    assert clean_text(raw) == "The ministers met on Monday.\n\n“We made progress,” she said."


def test_clean_text_rejects_non_strings():
    with pytest.raises(TypeError, match="str"):
        clean_text(b"bytes")  # type: ignore[arg-type]


# --- bad input gives errors that name the file and say what to fix -----------


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "raw", tmp_path / "raw")
    shutil.copy(DATA / "articles.csv", tmp_path / "articles.csv")
    return tmp_path


def test_missing_article_file_names_the_csv_line_and_the_file(corpus_copy):
    (corpus_copy / "raw" / "003_b813a9d70c3b9a9d.txt").unlink()
    with pytest.raises(CorpusError) as err:
        load_articles(corpus_copy)
    message = str(err.value)
    assert "articles.csv line 5" in message
    assert "003_b813a9d70c3b9a9d.txt" in message
    assert "does not exist" in message and "Copy the article" in message


def test_empty_article_file_is_named(corpus_copy):
    (corpus_copy / "raw" / "000_fa01e9b35ae5be2c.txt").write_text("  \n\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"000_fa01e9b35ae5be2c\.txt: the file is empty"):
        load_articles(corpus_copy)


def test_non_utf8_article_file_is_named_with_the_offending_byte(corpus_copy):
    path = corpus_copy / "raw" / "001_aba025860246f760.txt"
    path.write_bytes("Kuleba said “no”.".encode("cp1252"))
    with pytest.raises(CorpusError) as err:
        load_articles(corpus_copy)
    assert "001_aba025860246f760.txt: not UTF-8" in str(err.value)
    assert "0x93" in str(err.value) and "Re-save the file as UTF-8" in str(err.value)


def test_csv_row_naming_a_missing_article_is_reported(corpus_copy):
    with (corpus_copy / "articles.csv").open("a", encoding="utf-8") as f:
        f.write("999_missing,999_missing.txt,Antalya,not stated,,Turkey,not stated,Ghost\n")
    with pytest.raises(
        CorpusError, match=r"articles\.csv line 7: article '999_missing' names .*999_missing\.txt"
    ):
        load_articles(corpus_copy)


def test_csv_with_a_missing_column_lists_the_expected_header(corpus_copy):
    table = pd.read_csv(corpus_copy / "articles.csv", dtype=str).drop(columns=["outlet"])
    table.to_csv(corpus_copy / "articles.csv", index=False)
    with pytest.raises(CorpusError, match="missing column.*outlet"):
        load_articles(corpus_copy)


def test_unknown_round_is_reported_with_its_line(corpus_copy):
    path = corpus_copy / "articles.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",Istanbul,", ",istanbul-2025,", 1), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="line 5: round 'istanbul-2025' is not one of Antalya, Istanbul"):
        load_articles(corpus_copy)


def test_read_article_reports_a_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="no such article file"):
        read_article(tmp_path / "nope.txt")


# --- facts are traceable --------------------------------------------------------


def test_article_facts_not_in_the_text_are_marked_not_stated(articles):
    for row in articles.itertuples():
        if row.outlet != "not stated":
            assert row.outlet in row.raw
        if row.date != "not stated":
            assert pd.Timestamp(row.date).strftime("%B %-d, %Y") in row.raw
    assert set(articles.query("round == 'Istanbul'")["date"]) == {"not stated"}


def test_every_round_fact_quotes_its_article_verbatim():
    rounds = load_rounds()
    assert {"who met", "where", "when", "Turkey's role"} <= set(rounds["fact"])
    assert set(rounds["round"]) == {"Antalya", "Istanbul"}


def test_a_round_fact_with_untraceable_evidence_is_rejected(corpus_copy):
    shutil.copy(DATA / "rounds.csv", corpus_copy / "rounds.csv")
    path = corpus_copy / "rounds.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("after a 90-minute dialogue", "after a 3-hour dialogue"),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="line 7: the evidence 'after a 3-hour dialogue' does not occur"):
        load_rounds(corpus_copy)


def test_claims_are_sourced_and_cover_both_sides_of_both_rounds():
    from helpers.corpus import load_claims

    claims = load_claims()
    assert set(claims["claim"]) <= {"demand", "offer", "refusal", "appeal"}
    sides = claims.groupby("round")["side"].apply(set).to_dict()
    assert {"Ukraine", "Russia"} <= sides["Antalya"]
    assert {"Ukraine", "Russia"} <= sides["Istanbul"]


def test_a_claim_whose_evidence_is_not_in_its_article_is_rejected(corpus_copy):
    from helpers.corpus import load_claims

    text = (DATA / "claims.csv").read_text(encoding="utf-8")
    (corpus_copy / "claims.csv").write_text(
        text.replace("should be hit with strong new sanctions", "should be hit with sanctions"),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"claims\.csv line 11: the evidence"):
        load_claims(corpus_copy)


def test_a_claim_by_someone_not_at_the_table_is_rejected(corpus_copy):
    """Trump saying he would meet Putin is not an offer by a side of the Istanbul talks."""
    from helpers.corpus import load_claims

    text = (DATA / "claims.csv").read_text(encoding="utf-8")
    row = "Istanbul,United States,offer,Trump would meet Putin,004_b7c99a2164da90d6,he would meet the Russian"
    (corpus_copy / "claims.csv").write_text(text + row + "\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"claims\.csv line 16: side 'United States' is not one of Ukraine, Russia"
    ):
        load_claims(corpus_copy)


def test_load_folder_reads_every_text_file_and_names_an_empty_folder(tmp_path):
    from helpers.corpus import load_folder

    (tmp_path / "b.txt").write_text("Menu\n\n“We met,” she said.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("They talked.\n", encoding="utf-8")
    texts = load_folder(tmp_path)
    assert texts["id"].tolist() == ["a", "b"]
    assert texts["text"].tolist() == ["They talked.", "“We met,” she said."]
    with pytest.raises(CorpusError, match="no .txt files"):
        load_folder(tmp_path / "raw") if (tmp_path / "raw").mkdir() is None else None
