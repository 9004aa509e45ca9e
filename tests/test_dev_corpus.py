"""The development corpus in data/dev/: real news on other subjects, annotated by hand.

These tests hold what the evaluation chapter and the README say about the corpus: its size and
spread, that every annotation slices its text exactly, that the tune/test split is the
documented hash rule (fixed before any tuning), and that none of it reports the book's own
two rounds.
"""

import hashlib
import re

import pandas as pd
import pytest

from helpers.corpus import load_folder
from helpers.paths import data_dir
from helpers.quotes import GOLD_COLUMNS, load_gold

DEV = data_dir() / "dev"
SOURCE_COLUMNS = ["text_id", "url", "outlet", "date_as_stated", "licence", "subject", "what_was_cut", "split"]
SUBJECTS = {
    "courts", "sport", "business", "health", "local", "diplomacy", "science", "politics",
    "culture", "environment", "education", "disaster",
}
KINDS = {"speech", "scare", "title", "nested"}


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(DEV / "sources.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return load_gold(path=DEV / "gold_quotes.csv", articles=load_folder(DEV / "texts"))


@pytest.fixture(scope="module")
def texts(sources) -> dict[str, str]:
    return {
        tid: (DEV / "texts" / f"{tid}.txt").read_text(encoding="utf-8")
        for tid in sources["text_id"]
    }


def expected_split(text_id: str) -> str:
    return "test" if int(hashlib.sha256(text_id.encode("utf-8")).hexdigest(), 16) % 2 else "tune"


def test_sources_table_has_the_documented_columns(sources):
    assert list(sources.columns) == SOURCE_COLUMNS
    assert sources["text_id"].is_unique


def test_every_text_listed_exists_and_every_file_is_listed(sources):
    files = {p.stem for p in (DEV / "texts").glob("*.txt")}
    assert files == set(sources["text_id"])


def test_corpus_is_as_large_and_varied_as_the_readme_says(sources, gold):
    assert len(sources) >= 30
    assert sources["outlet"].nunique() >= 12
    assert sources["subject"].nunique() >= 6
    assert len(gold) >= 300
    readme = (DEV / "README.md").read_text(encoding="utf-8")
    for label, part in (("tune half", "tune"), ("test half", "test"), ("all", None)):
        rows = sources if part is None else sources.loc[sources["split"] == part]
        in_gold = gold.loc[gold["article_id"].isin(rows["text_id"])]
        stated = re.search(rf"^\| {label} \| (\d+) \| (\d+)[^|]*\| (\d+) \| (\d+) \|$", readme, re.M)
        assert stated is not None, f"data/dev/README.md has no row for the {label}"
        counted = [len(rows), len(in_gold), rows["outlet"].nunique(), rows["subject"].nunique()]
        assert [int(n) for n in stated.groups()] == counted, label
    line = re.search(r"Subjects: (.*?)\(", " ".join(readme.split()))
    assert line is not None, "data/dev/README.md states no subject counts"
    stated_subjects = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", line.group(1))}
    assert stated_subjects == sources["subject"].value_counts().to_dict()


def test_the_dev_people_table_gives_each_spelling_to_one_person():
    from helpers.names import name_variants

    people = pd.read_csv(DEV / "people.csv", dtype=str, keep_default_na=False)
    assert not name_variants(people).empty  # raises NamesError when a spelling names two people


def test_subjects_come_from_the_documented_list(sources):
    assert set(sources["subject"]) <= SUBJECTS


def test_every_source_states_a_url_licence_and_what_was_cut(sources):
    for column in ["url", "outlet", "date_as_stated", "licence", "what_was_cut"]:
        assert (sources[column].str.strip() != "").all(), column
    assert sources["url"].str.match(r"https?://").all()


def test_split_is_the_fixed_hash_rule(sources):
    assert sources["split"].tolist() == [expected_split(t) for t in sources["text_id"]]


def test_both_halves_are_big_enough_to_report(sources, gold):
    halves = gold.merge(sources[["text_id", "split"]], left_on="article_id", right_on="text_id")
    counts = halves["split"].value_counts()
    assert counts.get("tune", 0) >= 100 and counts.get("test", 0) >= 100


def test_gold_has_the_main_gold_columns_and_kinds(gold):
    assert list(gold.columns) == GOLD_COLUMNS
    assert set(gold["kind"]) <= KINDS


def test_every_annotation_slices_its_text_exactly(gold, texts):
    for row in gold.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.quote, (row.article_id, row.start)


def test_every_quotation_mark_in_a_text_is_near_an_annotation(gold, texts):
    """A double mark (any language's) that no annotation touches is an annotation someone forgot."""
    marks = re.compile("[\u201c\u201d\u201e\u00ab\u00bb\"]")
    for tid, text in texts.items():
        spans = gold.query("article_id == @tid")[["start", "end"]].itertuples(index=False)
        edges = {i for s, e in spans for i in range(s - 3, e + 3)}
        stray = [m.start() for m in marks.finditer(text) if m.start() not in edges]
        assert not stray, (tid, [text[max(0, i - 30) : i + 30] for i in stray[:3]])


def test_speech_has_a_speaker_or_is_knowingly_unattributed(gold):
    assert (gold.query("kind in ['scare', 'title']")["speaker"] == "").all()


def test_named_speakers_are_in_the_dev_people_table(gold):
    """A speaker missing from people.csv must be a descriptor ("two officials"), not a name."""
    people = pd.read_csv(DEV / "people.csv", dtype=str, keep_default_na=False)
    particles = {"von", "der", "den", "de", "van", "bin", "al", "la", "le", "du", "da", "dos", "di", "of",
                 "the", "and", "for"}
    unlisted = {
        name
        for value in gold["speaker"]
        for name in value.split("; ")
        if name and name not in set(people["name"])
    }
    names = [n for n in unlisted if not any(w[0].islower() and w not in particles for w in n.split())]
    assert not names, sorted(names)


def test_no_text_reports_the_books_own_rounds(texts):
    for tid, text in texts.items():
        assert not re.search(r"Kuleba|Lavrov|Umerov|Medinsky", text), tid
