"""Canonical names: one spelling table, used by every module."""

import pandas as pd
import pytest

from helpers.names import NamesError, canonical_name, load_people, name_variants


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Zelensky", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("zelenskyy", "Volodymyr Zelenskyy"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Lavrov", "Sergei Lavrov"),
        ("the Kremlin", "Kremlin"),
        ("Kremlin", "Kremlin"),
    ],
)
def test_spelling_variants_map_to_one_canonical_name(spelling, canonical):
    assert canonical_name(spelling) == canonical


def test_unknown_names_are_returned_unchanged():
    assert canonical_name("  a source in the Ukrainian delegation ") == "a source in the Ukrainian delegation"


def test_every_person_spelled_in_an_article_is_in_people_csv():
    from helpers.corpus import load_articles

    raw = " ".join(load_articles()["raw"])
    for variant in name_variants()["variant"]:
        assert variant in raw, f"people.csv lists {variant!r}, which no article uses"


def test_a_spelling_claimed_by_two_people_is_an_error():
    people = pd.DataFrame(
        {
            "name": ["Anna Ash", "Timothy Ash"],
            "kind": ["person", "person"],
            "country": ["", ""],
            "role": ["", ""],
            "variants": ["Anna Ash|Ash", "Timothy Ash|Ash"],
        }
    )
    with pytest.raises(NamesError, match="more than one name: Ash"):
        name_variants(people)


def test_people_csv_has_the_documented_columns():
    assert list(load_people().columns) == ["name", "kind", "country", "role", "variants"]


def test_spellings_count_whole_names_so_a_longer_spelling_is_not_counted_twice():
    from helpers.names import spellings

    articles = pd.DataFrame({"id": ["a"], "raw": ["Volodymyr Zelenskyy and Volodymyr Zelensky's aide"]})
    counts = spellings(articles).set_index("variant")["n"].to_dict()
    assert counts == {"Volodymyr Zelenskyy": 1, "Volodymyr Zelensky": 1}


def test_spellings_show_the_lavrov_variants_of_the_antalya_articles():
    from helpers.corpus import load_articles
    from helpers.names import spellings

    lavrov = spellings(load_articles()).query("name == 'Sergei Lavrov'")
    by_article = lavrov.groupby("article_id")["variant"].apply(sorted).to_dict()
    assert by_article == {
        "000_fa01e9b35ae5be2c": ["Sergei Lavrov"],
        "001_aba025860246f760": ["Sergei Lavrov", "Sergey Lavrov"],
        "002_9a7b7ebe49d687a7": ["Sergey Lavrov"],
    }


def test_people_csv_missing_a_column_names_the_file_and_the_header(tmp_path):
    (tmp_path / "people.csv").write_text("name,role\nKuleba,minister\n", encoding="utf-8")
    with pytest.raises(NamesError, match=r"people\.csv: missing column\(s\) kind, country, variants"):
        load_people(tmp_path)


def test_mentions_count_each_place_once_for_its_longest_spelling():
    from helpers.names import mentions

    text = "Sergey Lavrov spoke. Lavrov left. Zelensky's aide stayed."
    articles = pd.DataFrame({"id": ["a"], "text": [text]})
    counts = mentions(articles).set_index("name")["n"].to_dict()
    assert counts == {"Sergei Lavrov": 2, "Volodymyr Zelenskyy": 1}


def test_mentions_match_whole_words_with_their_capitals():
    from helpers.names import mentions

    articles = pd.DataFrame({"id": ["a"], "text": ["The ash settled on Ashgabat. Ash, an analyst, spoke."]})
    assert mentions(articles).values.tolist() == [["Timothy Ash", "a", 1]]


def test_mentions_find_william_taylor_only_in_the_published_text_of_article_004():
    from helpers.corpus import load_articles
    from helpers.names import mentions

    articles = load_articles()
    assert mentions(articles, column="raw").query("name == 'William Taylor'")["article_id"].tolist() == [
        "004_b7c99a2164da90d6"
    ]
    assert mentions(articles).query("name == 'William Taylor'").empty, "the cleaner drops the video blurb"
