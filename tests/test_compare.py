"""Tests for helpers.compare: matching quotes across articles, diffs, themes, coverage."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.compare import (
    MATCH_COLUMNS,
    REVERSALS,
    ThemesError,
    coverage,
    load_themes,
    match_quotes,
    normalise_quote,
    quotes_about,
    speaker_counts,
    themes,
    word_diff,
)
from helpers.corpus import load_articles


@pytest.fixture(scope="module")
def gold(gold_with_ids) -> pd.DataFrame:
    return gold_with_ids


@pytest.fixture(scope="module")
def gold_matches(gold: pd.DataFrame) -> pd.DataFrame:
    return match_quotes(gold)


def quotes_of(*rows: tuple[str, str, str], kind: str = "speech") -> pd.DataFrame:
    """Build a quotes table from (article_id, speaker, quote) rows."""
    return pd.DataFrame(
        [
            {"article_id": a, "quote_id": f"{a}-q{n:02d}", "quote": q, "speaker": s, "kind": kind}
            for n, (a, s, q) in enumerate(rows, start=1)
        ]
    )


def relation_of(matches: pd.DataFrame, needle_a: str, article_a: str, article_b: str) -> str:
    rows = matches.loc[
        matches["quote_a"].str.contains(needle_a, regex=False)
        & matches["article_id_a"].str.startswith(article_a)
        & matches["article_id_b"].str.startswith(article_b)
    ]
    assert len(rows) == 1, f"expected one match for {needle_a!r} in {article_a}/{article_b}, got {len(rows)}"
    return rows["relation"].item()


# --- the gold standard -------------------------------------------------------------


def test_match_table_has_documented_columns(gold_matches):
    assert list(gold_matches.columns) == MATCH_COLUMNS
    assert gold_matches["similarity"].between(0, 1).all()
    assert set(gold_matches["relation"]) <= {"identical", "truncated", "reworded"}


def test_kuleba_has_not_surrendered_is_identical_in_000_and_001(gold_matches):
    assert relation_of(gold_matches, "has not surrendered", "000", "001") == "identical"


@pytest.mark.parametrize("quote", ["specific", "our proposal on security guarantees."])
def test_lavrov_short_quotes_are_identical_in_000_and_001(gold_matches, quote):
    assert relation_of(gold_matches, quote, "000", "001") == "identical"


def test_kuleba_difficult_with_and_without_comma_is_identical(gold_matches):
    assert relation_of(gold_matches, "difficult", "000", "001") == "identical"


def test_fidan_two_paths_is_reworded_between_translations(gold_matches):
    assert relation_of(gold_matches, "two paths", "003", "004") == "reworded"


def test_zelenskyy_ceasefire_is_truncated_in_003(gold_matches):
    assert relation_of(gold_matches, "unconditional and honest ceasefire", "003", "004") == "truncated"


def test_gold_matches_pair_only_the_same_speaker_in_different_articles(gold, gold_matches):
    speaker = gold.set_index("quote_id")["speaker"]
    assert (gold_matches["article_id_a"] != gold_matches["article_id_b"]).all()
    assert (gold_matches["quote_id_a"].map(speaker) == gold_matches["speaker"]).all()
    assert (gold_matches["quote_id_b"].map(speaker) == gold_matches["speaker"]).all()


def test_ash_very_difficult_does_not_match_kuleba_difficult(gold_matches):
    assert not gold_matches["quote_b"].str.contains("very very difficult").any()


# --- negatives -----------------------------------------------------------------------


def test_a_sentence_does_not_match_its_negation():
    q = quotes_of(
        ("A", "Dmytro Kuleba", "Ukraine will join NATO"), ("B", "Dmytro Kuleba", "Ukraine will not join NATO")
    )
    assert match_quotes(q).empty


def test_a_truncation_that_cuts_off_a_negation_is_not_the_same_utterance():
    q = quotes_of(
        ("A", "Dmytro Kuleba", "progress was made on the ceasefire"),
        ("B", "Dmytro Kuleba", "No progress was made on the ceasefire."),
    )
    assert match_quotes(q).empty
    reversed_ = quotes_of(
        ("A", "Dmytro Kuleba", "progress was made on the ceasefire"),
        ("B", "Dmytro Kuleba", "It is false that progress was made on the ceasefire."),
    )
    assert match_quotes(reversed_).empty


def test_a_truncation_keeps_matching_when_the_negation_belongs_to_another_clause():
    q = quotes_of(
        ("A", "Dmytro Kuleba", "We also talked on the cease-fire"),
        ("B", "Dmytro Kuleba", "We also talked on the cease-fire, but no progress was accomplished on that."),
        ("C", "Dmytro Kuleba", "no progress was accomplished on that"),
    )
    assert match_quotes(q)["relation"].tolist() == ["truncated", "truncated"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("we will talk about the ceasefire today".split()), min_size=4, max_size=9),
    st.sampled_from(sorted(REVERSALS)),
    st.lists(st.sampled_from("he said that it".split()), max_size=3),
)
def test_no_quote_matches_the_same_words_with_a_negating_word_cut_off(words, negation, before):
    short = " ".join(words)
    q = quotes_of(("A", "Dmytro Kuleba", short), ("B", "Dmytro Kuleba", " ".join([*before, negation, short])))
    assert match_quotes(q).empty


def test_a_negation_just_before_the_aligned_words_blocks_a_match():
    q = quotes_of(
        ("A", "Dmytro Kuleba", "we will accept the terms of the deal today"),
        ("B", "Dmytro Kuleba", "never, we will accept the terms of the deal today, he joked"),
    )
    # the cut took off the word that negated the shorter quote: not the same utterance
    assert match_quotes(q).empty
    q2 = quotes_of(
        ("A", "Dmytro Kuleba", "we will accept the terms of the deal today"),
        ("B", "Dmytro Kuleba", "we will not accept the terms of this deal today"),
    )
    assert match_quotes(q2).empty


def test_short_quotes_sharing_most_words_do_not_match():
    q = quotes_of(
        ("A", "Sergei Lavrov", "very difficult talks"), ("B", "Sergei Lavrov", "very difficult times")
    )
    assert match_quotes(q).empty


def test_longer_quotes_differing_in_one_content_word_do_not_match():
    q = quotes_of(
        ("A", "Sergei Lavrov", "our proposal on security guarantees"),
        ("B", "Sergei Lavrov", "our proposal on humanitarian corridors"),
        ("C", "Sergei Lavrov", "we discussed the ceasefire today"),
        ("D", "Sergei Lavrov", "we discussed the prisoners today"),
    )
    assert match_quotes(q).empty


def test_a_short_quote_inside_a_longer_one_is_not_a_match():
    q = quotes_of(("A", "Dmytro Kuleba", "difficult"), ("B", "Dmytro Kuleba", "the talks were difficult"))
    assert match_quotes(q).empty


def test_same_words_by_different_speakers_do_not_match():
    q = quotes_of(
        ("A", "Dmytro Kuleba", "The talks were difficult."),
        ("B", "Sergei Lavrov", "The talks were difficult."),
    )
    assert match_quotes(q).empty


def test_empty_speaker_never_matches():
    q = quotes_of(("A", "", "neutral status"), ("B", "", "neutral status"))
    assert match_quotes(q).empty


def test_quotes_in_the_same_article_do_not_match():
    q = quotes_of(("A", "Dmytro Kuleba", "difficult"), ("A", "Dmytro Kuleba", "difficult"))
    assert match_quotes(q).empty


def test_scare_and_title_quotes_are_not_candidates():
    q = pd.concat(
        [
            quotes_of(("A", "Kremlin", "root causes"), kind="scare"),
            quotes_of(("B", "Kremlin", "root causes"), kind="title"),
        ]
    ).assign(quote_id=["A-q01", "B-q01"])
    assert match_quotes(q).empty


def test_speaker_spellings_are_canonicalised_before_matching():
    q = quotes_of(
        ("A", "Zelenskiy", "full, unconditional and honest ceasefire"),
        ("B", "Volodymyr Zelenskyy", "Full, unconditional and honest ceasefire!"),
    )
    m = match_quotes(q)
    assert m[["speaker", "relation"]].values.tolist() == [["Volodymyr Zelenskyy", "identical"]]


# --- input checks and properties -----------------------------------------------------


def test_missing_columns_are_named_with_the_function():
    with pytest.raises(ValueError, match=r"match_quotes\(\).*quote_id.*speaker"):
        match_quotes(pd.DataFrame({"article_id": ["A"], "quote": ["x"], "kind": ["speech"]}))


def test_repeated_quote_ids_are_an_error():
    q = quotes_of(("A", "X", "a b c d"), ("B", "X", "a b c d")).assign(quote_id="same")
    with pytest.raises(ValueError, match="quote_id must be unique"):
        match_quotes(q)


def test_empty_input_gives_an_empty_table_with_columns():
    empty = quotes_of(("A", "X", "a"))[0:0]
    assert list(match_quotes(empty).columns) == MATCH_COLUMNS


def test_normalise_ignores_quote_style_case_and_punctuation():
    assert normalise_quote("“Don’t stop,” he said…") == normalise_quote('"don\'t STOP" he said...')


words = st.lists(
    st.sampled_from("ukraine russia talks will not peace ceasefire the of a nato join".split()),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(a=words, b=words)
def test_matching_is_symmetric_and_never_crashes(a, b):
    q = quotes_of(("A", "X", " ".join(a)), ("B", "X", " ".join(b)))
    forward = match_quotes(q)
    backward = match_quotes(q.iloc[::-1].reset_index(drop=True))
    assert forward.equals(backward)
    if " ".join(a) == " ".join(b):
        assert forward["relation"].tolist() == ["identical"]


# --- word_diff ------------------------------------------------------------------------


def test_word_diff_table_lists_equal_insert_delete_replace():
    d = word_diff("one will lead to peace soon", "one road will lead to war")
    assert d.table["op"].tolist() == ["equal", "insert", "equal", "replace"]
    assert d.table.iloc[-1][["words_a", "words_b"]].tolist() == ["peace soon", "war"]


def test_word_diff_html_marks_and_escapes():
    out = word_diff("<b>peace</b> now", "war & now").html()
    assert "<del>&lt;b&gt;peace&lt;/b&gt;</del>" in out and ">war &amp;</ins>" in out
    assert "<b>" not in out


def test_word_diff_html_says_what_its_marks_mean_and_insertions_do_not_look_like_links():
    out = word_diff("one will lead to peace", "one road will lead to war").html()
    words, key = out.split('<p class="word-diff-key">')
    # every insertion is bold and explicitly not underlined (an underline reads as a link)
    insertions = [tag.split(">", 1)[0] for tag in words.split("<ins")[1:]]
    assert insertions and all("text-decoration: none" in attrs for attrs in insertions)
    # the key names both marks and the two quotations they refer to
    assert "<del>struck through</del>" in key and "only in the first (a)" in key
    assert "bold</ins>: only in the second (b)" in key
    assert word_diff("a", "b")._repr_html_() == word_diff("a", "b").html()


# --- themes ---------------------------------------------------------------------------


def small_themes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme": ["ceasefire", "ceasefire", "NATO and neutrality"],
            "keyword": ["ceasefire", "cease-fire", "nato"],
            "note": "",
        }
    )


def test_a_quote_counts_once_per_theme_and_keywords_match_whole_words():
    q = pd.DataFrame(
        {
            "article_id": ["A", "A", "B"],
            "round": ["r1", "r1", "r2"],
            "quote": ["Ceasefire now, a cease-fire!", "The NATOs are not NATO-ish", "ceasefires nato"],
            "kind": ["speech", "speech", "speech"],
        }
    )
    got = themes(q, small_themes())
    assert list(got.columns) == ["article_id", "round", "theme", "n_quotes"]
    assert got.values.tolist() == [
        ["A", "r1", "ceasefire", 1],
        ["A", "r1", "NATO and neutrality", 1],
        ["B", "r2", "ceasefire", 0],
        ["B", "r2", "NATO and neutrality", 1],
    ]


def test_themes_needs_article_and_quote_columns():
    with pytest.raises(ValueError, match=r"themes\(\).*quote"):
        themes(pd.DataFrame({"article_id": ["A"], "kind": ["speech"]}), small_themes())


def test_themes_csv_covers_the_eight_themes():
    assert set(load_themes()["theme"]) == {
        "ceasefire",
        "humanitarian corridors and civilians",
        "security guarantees",
        "NATO and neutrality",
        "territory",
        "prisoners",
        "sanctions",
        "leaders' meeting",
    }


def keyword_uses(keyword: str, quotes: pd.DataFrame) -> int:
    """How many of ``quotes`` the one keyword matches, by the rule themes() uses."""
    one = pd.DataFrame({"theme": ["t"], "keyword": [keyword], "note": [""]})
    return len(quotes_about(quotes, "t", theme_table=one, kinds=None))


def fitted_keywords(table: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """Keywords lifted from one quotation: they match exactly one quotation of the corpus, the
    articles' own reporting (the text outside quote marks) never uses them, and their note does
    not say why they are a general term of the theme ("general term: …", naming no article)."""
    spoken = gold.loc[gold["kind"].isin(["speech", "nested"])]
    reporting = pd.DataFrame(
        {"quote": [re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text) for text in load_articles()["text"]]}
    )
    fitted = []
    for theme, keyword, note in table[["theme", "keyword", "note"]].itertuples(index=False):
        general = note.startswith("general term:") and not re.search(r"\barticles?\b|\b00\d\b", note)
        if keyword_uses(keyword, spoken) == 1 and keyword_uses(keyword, reporting) == 0 and not general:
            fitted.append(f"{theme}: {keyword!r} ({note})")
    return fitted


def test_no_theme_keyword_is_fitted_to_a_single_quotation(gold):
    assert fitted_keywords(load_themes(), gold) == []


def test_the_fitted_keyword_check_catches_a_phrase_taken_from_one_quotation(gold):
    table = pd.DataFrame(
        {
            "theme": ["ceasefire", "territory", "territory"],
            "keyword": ["stop the killing", "changes on the ground", "crimea"],
            "note": [
                "Zelenskyy's reason for a ceasefire (article 004)",
                "Zakharova (article 004)",
                "annexed",
            ],
        }
    )
    assert fitted_keywords(table, gold) == [
        "ceasefire: 'stop the killing' (Zelenskyy's reason for a ceasefire (article 004))",
        "territory: 'changes on the ground' (Zakharova (article 004))",
    ]


def test_load_themes_names_file_and_line_of_a_bad_keyword(tmp_path):
    bad = tmp_path / "themes.csv"
    bad.write_text("theme,keyword,note\nceasefire,truce,ok\nceasefire,NATO,upper case\n", encoding="utf-8")
    with pytest.raises(ThemesError, match=r"themes.csv line 3: keyword 'NATO' must be lower-case"):
        load_themes(bad)
    bad.write_text("theme,word\nx,y\n", encoding="utf-8")
    with pytest.raises(ThemesError, match="missing column"):
        load_themes(bad)


# --- coverage and speaker counts -------------------------------------------------------


def test_coverage_has_one_row_per_utterance_and_article(gold, gold_matches):
    table = coverage(gold, gold_matches)
    n_utterances = table["utterance_id"].nunique()
    assert len(table) == n_utterances * gold["article_id"].nunique()
    fidan = table.loc[table["speaker"] == "Hakan Fidan"]
    assert fidan.loc[fidan["carried"], "article_id"].str[:3].tolist() == ["003", "004"]
    assert fidan["utterance"].str.contains("which path they choose").all()


def test_speaker_counts_counts_quotes_per_article_and_speaker(gold):
    counts = speaker_counts(gold)
    assert list(counts.columns) == ["article_id", "speaker", "n_quotes"]
    kuleba_000 = counts.query("article_id.str.startswith('000') and speaker == 'Dmytro Kuleba'")
    assert kuleba_000["n_quotes"].item() == 6
    assert "" not in set(counts["speaker"])


@settings(max_examples=60, deadline=None)
@given(a=st.text(max_size=60), b=st.text(max_size=60), kind=st.sampled_from(["speech", "nested", "scare"]))
def test_matching_never_crashes_on_any_text(a, b, kind):
    q = quotes_of(("A", "X", a), ("B", "X", b), kind=kind)
    result = match_quotes(q)
    assert list(result.columns) == MATCH_COLUMNS
    assert len(result) <= 1


@pytest.mark.parametrize(
    ("function", "table", "missing"),
    [
        (lambda t: themes(t), pd.DataFrame({"article_id": ["A"], "quote": ["x"]}), "kind"),
        (lambda t: speaker_counts(t), pd.DataFrame({"article_id": ["A"], "kind": ["speech"]}), "speaker"),
        (
            lambda t: coverage(t, match_quotes(quotes_of(("A", "X", "a")))),
            pd.DataFrame({"x": [1]}),
            "article_id",
        ),
    ],
)
def test_every_function_names_the_missing_column(function, table, missing):
    with pytest.raises(ValueError, match=rf"\(\): the input is missing the column\(s\) .*{missing}"):
        function(table)


# --- quotes_about --------------------------------------------------------------


def test_quotes_about_returns_exactly_the_quotes_themes_counts():
    from helpers.compare import quotes_about, themes

    quotes = pd.DataFrame(
        {
            "article_id": ["A", "A", "B", "B"],
            "kind": ["speech", "scare", "speech", "speech"],
            "quote": ["We want a truce.", "ceasefire", "Prisoners first", "A Cease-Fire now, a ceasefire!"],
        }
    )
    found = quotes_about(quotes, "ceasefire")
    assert found["quote"].tolist() == ["We want a truce.", "A Cease-Fire now, a ceasefire!"]
    assert found["keywords"].tolist() == ["truce", "ceasefire, cease-fire"]
    counted = themes(quotes).query("theme == 'ceasefire'")["n_quotes"].sum()
    assert counted == len(found)


def test_quotes_about_an_unknown_theme_lists_the_known_ones():
    from helpers.compare import ThemesError, quotes_about

    quotes = pd.DataFrame({"quote": ["x"], "kind": ["speech"]})
    with pytest.raises(ThemesError, match="no theme 'weather'.*ceasefire"):
        quotes_about(quotes, "weather")


def test_the_extractor_output_on_the_corpus_gives_the_seven_documented_pairs():
    """The 'Same words, different outlets' chapter relies on exactly these pairs."""
    from helpers.corpus import load_articles
    from helpers.quotes import quotes_for

    matches = match_quotes(quotes_for(load_articles()))
    found = {
        (a[:3], b[:3], speaker, relation)
        for a, b, speaker, relation in matches[["article_id_a", "article_id_b", "speaker", "relation"]].values
    }
    assert found == {
        ("000", "001", "Dmytro Kuleba", "identical"),
        ("000", "001", "Sergei Lavrov", "identical"),
        ("001", "002", "Antonio Guterres", "identical"),
        ("003", "004", "Volodymyr Zelenskyy", "truncated"),
        ("003", "004", "Hakan Fidan", "reworded"),
    }
    assert len(matches) == 7
