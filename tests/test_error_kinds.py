"""``error_kinds``: each error of a score gets one kind, the first that fits, read from the gold."""

import pandas as pd
import pytest

from helpers.quotes import ERROR_KINDS, NO_PEOPLE, SPEECH_VERBS, error_kinds, score

EXPECTED = "Ana Petrescu"
UNKNOWN_CUE = "smiled"  # a verb the extractor does not read as speech


def errors(*rows: dict) -> pd.DataFrame:
    """An errors table as the evaluation chapter builds it: a wrong speaker unless a row says otherwise."""
    base = {"problem": "wrong speaker", "expected_speaker": EXPECTED, "speaker_as_written": "", "cue": "said"}
    return pd.DataFrame([base | row for row in rows])


def kind(**row) -> str:
    return error_kinds(errors(row)).iloc[0]


def test_the_unknown_cue_of_these_tests_is_not_a_speech_verb():
    assert UNKNOWN_CUE not in SPEECH_VERBS and "said" in SPEECH_VERBS


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"problem": "miss", "speaker_as_written": EXPECTED}, "span: quotation missed"),
        ({"problem": "false hit", "expected_speaker": "", "cue": ""}, "span: false hit"),
        (
            {"expected_speaker": "Ana Petrescu; Ion Rusu", "speaker_as_written": "Petrescu and Rusu"},
            "two or more speakers",
        ),
        ({"speaker_as_written": "", "cue": ""}, "no attribution in its sentence"),
        ({"speaker_as_written": EXPECTED, "cue": "according to"}, "according to"),
        ({"speaker_as_written": EXPECTED, "cue": UNKNOWN_CUE}, "cue not in the list of speech verbs"),
        ({"speaker_as_written": "She"}, "pronoun"),
        ({"speaker_as_written": "a spokesperson"}, "role noun or unnamed source"),
        ({"speaker_as_written": "Navy Cmdr. Ana Petrescu"}, "title or role before the name"),
        ({"speaker_as_written": "Ana"}, "surname or one word"),
        ({"speaker_as_written": EXPECTED}, "full name as written"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_kind_is_given_to_the_row_that_fits_it(row, expected):
    assert kind(**row) == expected


def test_a_surname_alone_is_not_a_title_before_the_name():
    assert kind(speaker_as_written="Petrescu") == "surname or one word"
    assert kind(speaker_as_written="Cmdr. Petrescu") == "title or role before the name"


def test_every_kind_is_listed_in_order_with_the_default_last():
    assert ERROR_KINDS[:2] == ("span: quotation missed", "span: false hit")
    assert ERROR_KINDS[-1] == "full name as written"
    assert len(set(ERROR_KINDS)) == len(ERROR_KINDS) == 11


@pytest.mark.parametrize(
    ("row", "first", "also"),
    [
        (
            {"problem": "miss", "expected_speaker": "A B; C D"},
            "span: quotation missed",
            "two or more speakers",
        ),
        (
            {"expected_speaker": "A B; C D", "speaker_as_written": ""},
            "two or more speakers",
            "no attribution in its sentence",
        ),
        (
            {"speaker_as_written": "", "cue": UNKNOWN_CUE},
            "no attribution in its sentence",
            "cue not in the list of speech verbs",
        ),
        ({"speaker_as_written": "he", "cue": "according to"}, "according to", "pronoun"),
        # the chapter's own example: a title before the name *and* an unknown cue counts under the cue
        (
            {"speaker_as_written": "Navy Cmdr. Ana Petrescu", "cue": UNKNOWN_CUE},
            "cue not in the list of speech verbs",
            "title or role before the name",
        ),
        ({"speaker_as_written": "he"}, "pronoun", "role noun or unnamed source"),
        (
            {"speaker_as_written": "judge Ana Petrescu"},
            "role noun or unnamed source",
            "title or role before the name",
        ),
    ],
)
def test_a_row_that_fits_two_kinds_gets_the_first(row, first, also):
    assert ERROR_KINDS.index(first) < ERROR_KINDS.index(also)
    assert kind(**row) == first


def test_a_colon_is_a_cue_of_speech_not_an_unknown_verb():
    assert kind(speaker_as_written=EXPECTED, cue=":") == "full name as written"


def test_the_cue_is_read_by_its_first_word_in_any_case():
    assert kind(speaker_as_written=EXPECTED, cue="Told reporters") == "full name as written"
    assert kind(speaker_as_written=EXPECTED, cue=f"{UNKNOWN_CUE} and said") == (
        "cue not in the list of speech verbs"
    )


def test_missing_values_from_a_left_merge_count_as_empty():
    table = errors({"problem": "false hit", "expected_speaker": None}).assign(
        speaker_as_written=[float("nan")], cue=[None]
    )
    assert error_kinds(table).tolist() == ["span: false hit"]
    table = errors({}).assign(speaker_as_written=[float("nan")], cue=[float("nan")])
    assert error_kinds(table).tolist() == ["no attribution in its sentence"]


def test_the_kinds_keep_the_index_of_the_errors():
    table = errors({"speaker_as_written": "Navy Cmdr. Ana Petrescu"}, {"speaker_as_written": "she"})
    table.index = [7, 3]
    result = error_kinds(table)
    assert result.index.tolist() == [7, 3]
    assert result.tolist() == ["title or role before the name", "pronoun"]


def test_no_errors_give_no_kinds():
    assert error_kinds(errors({}).iloc[:0]).empty


def test_a_table_without_the_gold_columns_is_named_and_explained():
    bare = errors({}).drop(columns=["speaker_as_written", "cue"])
    with pytest.raises(ValueError, match=r"error_kinds\(\).*speaker_as_written, cue.*merged with the gold"):
        error_kinds(bare)
    with pytest.raises(TypeError, match="DataFrame"):
        error_kinds([{"problem": "miss"}])


def test_the_errors_of_a_score_merged_with_the_gold_are_sorted():
    gold = pd.DataFrame(
        {
            "article_id": ["a", "a"],
            "start": [0, 50],
            "end": [20, 60],
            "speaker": [EXPECTED, "Ion Rusu"],
            "speaker_as_written": ["she", "Rusu"],
            "cue": ["said", "told"],
        }
    )
    predicted = pd.DataFrame(
        {"article_id": ["a", "a"], "start": [0, 80], "end": [20, 90], "speaker": ["Ion Rusu", ""]}
    )
    merged = score(predicted, gold, people=NO_PEOPLE).errors.merge(
        gold[["article_id", "start", "end", "speaker_as_written", "cue"]],
        on=["article_id", "start", "end"],
        how="left",
    )
    assert merged["problem"].tolist() == ["wrong speaker", "miss", "false hit"]
    assert error_kinds(merged).tolist() == ["pronoun", "span: quotation missed", "span: false hit"]
