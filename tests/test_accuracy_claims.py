"""What the README says about the extractor's accuracy is measured now, not remembered.

Each row of the README's accuracy table is recomputed with ``helpers.quotes.evaluate`` on the
texts it names; a figure that no longer matches (to the two decimals printed) fails the test.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import load_articles, load_folder
from helpers.names import load_people
from helpers.paths import data_dir
from helpers.quotes import NO_PEOPLE, evaluate, load_gold, naive_quotes

ROOT = Path(__file__).resolve().parent.parent
DATA = data_dir()


def readme_rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How good is the extractor", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[2:]] for cells in rows[1:]}


def dev_half(half: str) -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    sources = pd.read_csv(DATA / "dev" / "sources.csv", dtype=str, keep_default_na=False)
    ids = set(sources.query("split == @half")["text_id"])
    every = load_folder(DATA / "dev" / "texts")
    gold = load_gold(path=DATA / "dev" / "gold_quotes.csv", articles=every).query("article_id in @ids")
    texts = every.query("id in @ids")
    return dict(zip(texts["id"], texts["raw"], strict=True)), gold, load_people(DATA / "dev")


def five() -> tuple[dict[str, str], pd.DataFrame, None]:
    articles = load_articles()
    return dict(zip(articles["id"], articles["raw"], strict=True)), load_gold(), None


def heldout() -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    folder = DATA / "heldout"
    texts = load_folder(folder)
    gold = load_gold(path=folder / "gold_quotes.csv")
    return dict(zip(texts["id"], texts["raw"], strict=True)), gold, load_people(folder)


SETS = {
    "the five articles of the book": five,
    "`data/dev/`, tune half": lambda: dev_half("tune"),
    "`data/dev/`, test half": lambda: dev_half("test"),
    "`data/heldout/`": heldout,
}


@pytest.mark.parametrize("label", list(SETS))
def test_readme_accuracy_row_is_what_the_extractor_scores_now(label):
    (row,) = [cells for name, cells in readme_rows().items() if name.startswith(label)]
    texts, gold, people = SETS[label]()
    with_table = evaluate(texts, gold, people=people)
    alone = evaluate(texts, gold, people=NO_PEOPLE)
    naive = evaluate(texts, gold, people=NO_PEOPLE, extract=naive_quotes)
    measured = [with_table.strict_f1, with_table.speaker_accuracy, alone.speaker_accuracy, naive.strict_f1]
    assert row == [f"{value:.2f}" for value in measured]


def test_readme_names_the_size_of_each_dev_half():
    for half in ("tune", "test"):
        texts, gold, _ = dev_half(half)
        (label,) = [name for name in readme_rows() if name.startswith(f"`data/dev/`, {half} half")]
        assert re.search(rf"\({len(texts)} real news texts, {len(gold)} quotations\)", label)
