"""The people table, prepared for reading: spellings as token tuples, roles, organisations.

Names are read with ``data/people.csv`` unless ``people=`` names another table
(a DataFrame shaped like :func:`helpers.names.load_people`'s, a folder holding
``people.csv``, or the file itself). A table is prepared once and cached on
its content (or path), so passing it for every article costs nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.names import PEOPLE_COLUMNS, NamesError, load_people, name_variants
from helpers.paths import data_dir
from helpers.quotes.sentences import _word_tokens


def _norm(word: str) -> str:
    return word.replace("\u2019", "'")


class _People:
    """One people table, prepared for the scanner: spellings as token tuples, roles, lookup."""

    __slots__ = ("names", "longest", "first_words", "roles", "orgs", "lookup", "role_words", "occurrences")

    def __init__(self, people: pd.DataFrame):
        variants = name_variants(people)
        names: dict[tuple[str, ...], tuple[str, bool]] = {}
        for variant, name, kind in zip(variants["variant"], variants["name"], variants["kind"], strict=True):
            key = tuple(_norm(t[2]) for t in _word_tokens(variant, 0, len(variant)))
            if key:
                names[key] = (name, kind == "person")
        self.names = names
        self.longest = max((len(k) for k in names), default=1)
        self.first_words = frozenset(key[0] for key in names)
        persons = people.loc[people["kind"] == "person"]
        columns = zip(persons["name"], persons["role"], persons["country"], strict=True)
        #: canonical person name -> (role, country), lower case
        self.roles = {n: (r.lower(), c.lower()) for n, r, c in columns}
        orgs = people.loc[people["kind"] != "person"]
        columns = zip(orgs["name"], orgs["role"], orgs["country"], strict=True)
        #: canonical organisation name -> (name and role, country), lower case
        self.orgs = {n: (f"{n} {r}".lower(), c.lower()) for n, r, c in columns}
        self.lookup = {v.lower(): n for v, n in zip(variants["variant"], variants["name"], strict=True)}
        from helpers.quotes.words import role_words

        #: nouns in the table's roles that may name their holder later ("the mayor")
        self.role_words: frozenset[str] = role_words(role for role, _ in self.roles.values())
        #: where the text names each person: (offset, name, opens a sentence), set per text
        self.occurrences: list[tuple[int, str, bool]] = []

    def extended(self, names: dict[tuple[str, ...], str], persons: dict[str, tuple[str, str]]) -> _People:
        """A copy that also knows ``names`` (spelling as tokens -> person) and ``persons`` (-> role, country).

        Example:
            >>> table = _people().extended({("Ana", "Petrescu"): "Ana Petrescu"},
            ...                            {"Ana Petrescu": ("judge", "")})
            >>> table.canonical("ana petrescu"), table.roles["Ana Petrescu"], "judge" in table.role_words
            ('Ana Petrescu', ('judge', ''), True)
        """
        from helpers.quotes.words import role_words

        copy = object.__new__(_People)
        copy.names = {**self.names, **{key: (name, True) for key, name in names.items()}}
        copy.longest = max((len(k) for k in copy.names), default=1)
        copy.first_words = frozenset(key[0] for key in copy.names)
        copy.roles = {**persons, **self.roles}
        copy.orgs = self.orgs
        copy.lookup = {**{" ".join(k).lower(): n for k, n in names.items()}, **self.lookup}
        copy.role_words = self.role_words | role_words(role for role, _ in persons.values())
        copy.occurrences = []
        return copy

    def canonical(self, spelling: str) -> str:
        """Like :func:`helpers.names.canonical_name` on this table: unknown spellings come back as is."""
        key = spelling.strip().lower()
        if key in self.lookup:
            return self.lookup[key]
        if key.startswith("the ") and key[4:] in self.lookup:
            return self.lookup[key[4:]]
        return spelling.strip()


_PEOPLE_CACHE: dict[tuple, _People] = {}
_PEOPLE_CACHE_SIZE = 8

#: What ``people=`` accepts: ``None`` (``data/people.csv``), a table shaped like
#: :func:`helpers.names.load_people`'s, a folder holding ``people.csv``, or a CSV file.
PeopleLike = pd.DataFrame | Path | str | None


def _people(people: PeopleLike = None) -> _People:
    """The prepared people table, built once per table (cached on its content).

    Example:
        >>> table = _people()
        >>> table.canonical("Kuleba"), table.canonical("Ana Petrescu")
        ('Dmytro Kuleba', 'Ana Petrescu')
    """
    if people is None:
        key: tuple = ("default", str(data_dir()))
        table = None
    elif isinstance(people, pd.DataFrame):
        missing = [c for c in PEOPLE_COLUMNS if c not in people.columns]
        if missing:
            raise KeyError(
                f"the people table has no column(s) {', '.join(missing)}; see helpers.names.load_people"
            )
        table = people.loc[:, PEOPLE_COLUMNS].astype(str)
        key = ("frame", len(table), int(pd.util.hash_pandas_object(table, index=False).sum()))
    elif isinstance(people, (str, Path)):
        path = Path(people)
        path = path / "people.csv" if path.is_dir() else path
        key, table = ("file", str(path.resolve())), None
        if key not in _PEOPLE_CACHE:
            table = load_people(path.parent) if path.name == "people.csv" else None
            if table is None:
                raise NamesError(f"{path}: pass a folder holding people.csv, or the people.csv file itself.")
    else:
        raise TypeError(
            f"people must be None, a DataFrame, or a path to people.csv, got {type(people).__name__}"
        )
    cached = _PEOPLE_CACHE.get(key)
    if cached is None:
        cached = _People(load_people() if table is None else table)
        if len(_PEOPLE_CACHE) >= _PEOPLE_CACHE_SIZE:
            _PEOPLE_CACHE.pop(next(iter(_PEOPLE_CACHE)))
        _PEOPLE_CACHE[key] = cached
    return cached
