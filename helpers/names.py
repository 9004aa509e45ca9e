"""Canonical names of the people and organisations in the articles.

The articles spell names differently (Zelensky, Zelenskyy, Zelenskiy; Sergei
and Sergey Lavrov). ``data/people.csv`` lists every spelling once, and this
module is the one place that maps a spelling to its canonical name: both
``helpers.quotes`` and ``helpers.compare`` call it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.checks import read_csv_table
from helpers.paths import data_dir

__all__ = [
    "PEOPLE_COLUMNS",
    "NamesError",
    "load_people",
    "name_variants",
    "canonical_name",
    "spellings",
    "mentions",
]

PEOPLE_COLUMNS = ["name", "kind", "country", "role", "variants"]


class NamesError(ValueError):
    """A row of ``people.csv`` that cannot be used as it is."""


def load_people(folder: Path | str | None = None) -> pd.DataFrame:
    """Return ``people.csv``: one row per person or organisation.

    Example:
        >>> people = load_people()
        >>> people.set_index("name").at["Sergei Lavrov", "role"]
        'Russian Foreign Minister'
    """
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / "people.csv"
    people = read_csv_table(path, PEOPLE_COLUMNS, NamesError, "one person or organisation per row")
    for number, row in enumerate(people.itertuples(index=False), start=2):
        if not row.name.strip() or not row.variants.strip():
            raise NamesError(f"{path} line {number}: 'name' and 'variants' must not be empty.")
    return people


def name_variants(people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a long table with one row per spelling: ``variant``, ``name``, ``kind``.

    A spelling that two rows claim (a surname shared by two people) raises
    :class:`NamesError`, because it could not be resolved.

    Example:
        >>> variants = name_variants()
        >>> sorted(variants.query("name == 'Volodymyr Zelenskyy'")["variant"])[-3:]
        ['Zelenskiy', 'Zelensky', 'Zelenskyy']
    """
    people = load_people() if people is None else people
    long = (
        people.assign(variant=people["variants"].str.split("|"))
        .explode("variant")
        .assign(variant=lambda df: df["variant"].str.strip())
        .loc[:, ["variant", "name", "kind"]]
        .reset_index(drop=True)
    )
    clash = long.loc[long["variant"].duplicated(keep=False)]
    if not clash.empty:
        raise NamesError(
            "people.csv: these spellings belong to more than one name: "
            + ", ".join(sorted(set(clash["variant"])))
        )
    return long


def _lookup(variants: pd.DataFrame) -> dict[str, str]:
    """Lower-case spelling -> canonical name."""
    return dict(zip(variants["variant"].str.lower(), variants["name"], strict=True))


@lru_cache(maxsize=1)
def _default_lookup() -> dict[str, str]:
    return _lookup(name_variants())


def canonical_name(spelling: str, people: pd.DataFrame | None = None) -> str:
    """Return the canonical name for a spelling, or the spelling itself if it is unknown.

    Matching ignores case and a leading "the".

    Example:
        >>> canonical_name("Zelenskiy")
        'Volodymyr Zelenskyy'
        >>> canonical_name("Sergey Lavrov")
        'Sergei Lavrov'
        >>> canonical_name("a Ukrainian source")
        'a Ukrainian source'
    """
    if not isinstance(spelling, str):
        raise TypeError(f"canonical_name expects a str, got {type(spelling).__name__}")
    lookup = _default_lookup() if people is None else _lookup(name_variants(people))
    key = spelling.strip().lower()
    if key in lookup:
        return lookup[key]
    if key.startswith("the ") and key[4:] in lookup:
        return lookup[key[4:]]
    return spelling.strip()


def spellings(articles: pd.DataFrame, people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count how each article spells each name: ``article_id``, ``name``, ``variant``, ``n``.

    Only full names (variants of two or more words) are counted, so that
    "Sergey Lavrov" is not also counted as "Lavrov", and only whole words, so
    that "Zelenskyy" is not also counted as "Zelensky"; rows with ``n == 0``
    are left out. ``articles`` needs ``id`` and ``raw`` columns, as from
    :func:`helpers.corpus.load_articles`.

    Example:
        >>> articles = pd.DataFrame({"id": ["a", "b"], "raw": ["Sergei Lavrov met.", "Sergey Lavrov met."]})
        >>> spellings(articles).query("name == 'Sergei Lavrov'")[["article_id", "variant"]].values.tolist()
        [['a', 'Sergei Lavrov'], ['b', 'Sergey Lavrov']]
    """
    variants = name_variants(people).loc[lambda df: df["variant"].str.contains(" ")]
    rows = [
        (article_id, name, variant, len(re.findall(rf"(?<!\w){re.escape(variant)}(?!\w)", raw)))
        for article_id, raw in zip(articles["id"], articles["raw"], strict=False)
        for variant, name in zip(variants["variant"], variants["name"], strict=False)
    ]
    return (
        pd.DataFrame(rows, columns=["article_id", "name", "variant", "n"])
        .query("n > 0")
        .reset_index(drop=True)
    )


def mentions(
    articles: pd.DataFrame, people: pd.DataFrame | None = None, column: str = "text"
) -> pd.DataFrame:
    """Count how often each article names each person or organisation: ``name``, ``article_id``, ``n``.

    Every spelling in ``people.csv`` counts, surnames included, as a whole
    word and with its capitals (so "Ash" is the analyst but "ash" is not).
    Each place in the text counts once, for the longest spelling found there:
    "Sergey Lavrov" is one mention, not also one of "Lavrov". Rows with
    ``n == 0`` are left out. ``articles`` needs ``id`` and ``column`` (the
    cleaned ``text`` by default), as from :func:`helpers.corpus.load_articles`.

    Example:
        >>> articles = pd.DataFrame({"id": ["a", "b"], "text": ["Sergey Lavrov met Kuleba.", "Lavrov left."]})
        >>> mentions(articles).values.tolist()
        [['Dmytro Kuleba', 'a', 1], ['Sergei Lavrov', 'a', 1], ['Sergei Lavrov', 'b', 1]]
    """
    variants = name_variants(people)
    variants = variants.assign(length=variants["variant"].str.len()).sort_values("length", ascending=False)
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in variants["variant"]),
    )
    owner = dict(zip(variants["variant"], variants["name"], strict=True))
    rows = [
        (owner[match.group(0)], article_id)
        for article_id, text in zip(articles["id"], articles[column], strict=True)
        for match in pattern.finditer(text)
    ]
    return (
        pd.DataFrame(rows, columns=["name", "article_id"])
        .groupby(["name", "article_id"], as_index=False)
        .size()
        .rename(columns={"size": "n"})
        .sort_values(["name", "article_id"])
        .reset_index(drop=True)
    )
