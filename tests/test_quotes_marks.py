"""Other languages' quotation marks give spans as English marks do.

« », » «, „ “, ‚ ‘ and spaced French guillemets (plain, no-break and narrow no-break spaces).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.quotes import extract_quotes, naive_quotes

NBSP, NNBSP = "\u00a0", "\u202f"

# (opening mark, closing mark) as each convention writes them
PAIRS = [
    ("“", "”"),  # English
    ("«", "»"),  # French, Spanish, Russian, Ukrainian (unspaced)
    ("« ", " »"),  # French, spaced with a plain space
    ("«" + NBSP, NBSP + "»"),  # French, no-break space
    ("«" + NNBSP, NNBSP + "»"),  # French, narrow no-break space
    ("»", "«"),  # Danish, German books
    ("»", "»"),  # Swedish, Finnish
    ("„", "“"),  # German, Czech
    ("„", "”"),  # Polish, Romanian, Hungarian
    ("‚", "‘"),  # German single marks
    ("‘", "’"),  # English single marks
]


def spans(text: str) -> list[str]:
    return extract_quotes(text)["quote"].tolist()


@pytest.mark.parametrize("open_, close", PAIRS)
def test_each_convention_gives_the_words_between_the_marks(open_, close):
    text = f"Er sagte: {open_}Wir sind bereit.{close} Dann ging er."
    assert spans(text) == ["Wir sind bereit."]


@pytest.mark.parametrize("open_, close", PAIRS)
def test_two_quotes_in_one_paragraph_stay_two(open_, close):
    text = f"{open_}Erstens.{close} Dann: {open_}Zweitens ist es gut.{close} Ende."
    assert spans(text) == ["Erstens.", "Zweitens ist es gut."]


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP, "\u2009"])
def test_spaced_guillemets_leave_the_spaces_out_of_the_span(space):
    text = f"Il a dit{space}: «{space}Nous sommes prêts{space}», puis il est parti."
    table = extract_quotes(text)
    assert table["quote"].tolist() == ["Nous sommes prêts"]
    assert text[table.at[0, "start"] : table.at[0, "end"]] == "Nous sommes prêts"


def test_german_single_marks_nest_inside_german_double_marks():
    text = "Er sagte: „Er rief ‚Nein‘ und ging.“ Dann."
    assert extract_quotes(text)[["quote", "kind"]].values.tolist() == [
        ["Er rief ‚Nein‘ und ging.", "speech"],
        ["Nein", "nested"],
    ]


def test_a_closing_low_mark_never_swallows_the_next_quote():
    text = "Sie sagte: »Wir kommen.« Dann „Ende“."
    assert spans(text) == ["Wir kommen.", "Ende"]


def test_guillemets_in_english_text_keep_the_speaker():
    text = "« We will not give up », Kuleba said."
    assert extract_quotes(text)[["quote", "speaker"]].values.tolist() == [
        ["We will not give up", "Dmytro Kuleba"]
    ]


def test_an_unclosed_guillemet_ends_with_its_paragraph():
    text = "Il a dit : « Nous sommes prêts\n\nAutre paragraphe."
    assert spans(text) == ["Nous sommes prêts"]


# --- properties --------------------------------------------------------------------

MARKS = ["«", "»", "„", "“", "”", "‚", "‘", "’", '"', "'", "« ", " »", "«" + NBSP, NBSP + "»", NNBSP]
WORDS = ["Wir", "sind", "bereit", "il", "a dit", "Kuleba", "said", ",", ".", ":", " ", "\n\n", "l'homme"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKS + WORDS), max_size=80))
def test_any_mix_of_marks_never_crashes_and_every_quote_is_an_exact_slice(parts):
    text = "".join(parts)
    table = extract_quotes(text)
    for start, end, quote in zip(table["start"], table["end"], table["quote"], strict=True):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quote
        assert quote == quote.strip() or not any(m in "«»" for m in text[start - 1 : start])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PAIRS),
    st.lists(st.sampled_from(["Wir", "sind", "bereit", "und", "es", "gut", "ist"]), min_size=1, max_size=12),
)
def test_any_quote_in_any_convention_is_found_whole(pair, words):
    open_, close = pair
    quote = " ".join(words) + "."
    text = f"Sie sagte: {open_}{quote}{close} Dann ging sie.\n\nNeuer Absatz."
    assert spans(text) == [quote]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MARKS + list("ab .,\n")), max_size=200))
def test_the_baseline_also_slices_exactly_on_foreign_marks(parts):
    text = "".join(parts)
    table = naive_quotes(text)
    assert all(text[s:e] == q for s, e, q in zip(table["start"], table["end"], table["quote"], strict=True))


def test_a_single_mark_left_open_at_the_end_of_a_paragraph_of_speech_is_a_quotation():
    from helpers.quotes import NO_PEOPLE, extract_quotes

    text = (
        "Simon Briault of the Federation of Small Businesses said: 'It's often the big chains "
        "which get the leases. We are being frozen out.\n\n"
        "'Anything that improves the situation would be welcomed,' he added."
    )
    found = extract_quotes(text, people=NO_PEOPLE)
    assert found["quote"].tolist() == [
        "It's often the big chains which get the leases. We are being frozen out.",
        "Anything that improves the situation would be welcomed,",
    ]
    assert found["speaker"].tolist() == ["Simon Briault", "Simon Briault"]
