"""Compare quotations across articles: shared utterances, word diffs, themes, coverage.

Every function takes the quotations as a DataFrame with (at least) the columns
of :data:`QUOTE_COLUMNS`, the shape :mod:`helpers.quotes` produces and
``data/gold_quotes.csv`` follows:

``article_id``   the article (``000_fa01e9b35ae5be2c``)
``quote_id``     unique id of the quotation (``000_fa01e9b35ae5be2c-q03``)
``quote``        the words inside the quotation marks
``speaker``      the canonical speaker, ``""`` when unknown
``kind``         ``speech``, ``scare``, ``title`` or ``nested``

(``start``, ``end``, ``speaker_as_written`` and ``cue`` are carried along but
not needed here.)

How :func:`match_quotes` decides that two quotations report the same utterance
-------------------------------------------------------------------------------

Only ``speech`` and ``nested`` quotations whose canonical speakers are equal
(and not empty) are compared, and only across *different* articles. Each quote
is normalised: lower case, curly quotes and apostrophes made straight,
apostrophes, full stops and hyphens *inside* a word removed (``cease-fire`` →
``ceasefire``, ``U.S.`` → ``us``, ``don’t`` → ``dont``), every other
punctuation mark (including ``…`` and ``...``) replaced by a space. Then:

* ``identical``: the normalised texts are equal.
* ``truncated``: the shorter quote, as a run of whole words, occurs inside the
  longer one (4 words or more: see the short-quote rule), and what the cut
  left out does not negate or reverse it: no word of ``REVERSALS`` (the
  ``NEGATIONS``, and *false*, *untrue*, *denied*…) stands among the two words
  just before the run. "progress was made on the ceasefire" is not a
  truncation of "No progress was made on the ceasefire.", nor of "It is
  false that progress was made on the ceasefire".
* ``reworded``: the same substance in other words, such as two translations.
  Align the two word sequences (longest common subsequence of words, LCS).
  The *window* is the stretch of the longer quote between its first and last
  aligned word. Then all of these must hold:

  - ``similarity = 2·LCS / (len(shorter) + max(window, len(shorter)))`` is at
    least ``min_similarity`` (0.7). This is the word-level ``fuzz.ratio`` of
    the shorter quote against the part of the longer one it aligns with, so an
    extra sentence on the longer quote costs nothing but gaps inside the
    aligned part do;
  - at least ``min_content_overlap`` (85 %) of the shorter quote's content
    words (not in ``STOPWORDS``) occur in the window, so swapping one content
    word (``ceasefire`` for ``prisoners``) in a short sentence breaks the match;
  - both sides hold the same number of negation words (``NEGATIONS``: *not,
    no, never, n't* …) in the window and in the window with the two words
    before it, so a rewording never matches its negation.

So a quote never matches its negation, whether the other side rewords it or
cuts the negating word off.

**Short-quote rule.** A quote of three words or fewer (``“specific”``,
``“difficult”``) says too little to be matched loosely: it matches only an
*identical* quote by the same speaker. Truncation and rewording need at least
four words in the shorter quote.

Token-set ratios are not used: they score 100 for any subset of words, so
"Ukraine will join NATO" would equal "Ukraine will not join NATO, ever".

**Speed.** Words are mapped to single code points, so a quote becomes a short
string of "word characters" and rapidfuzz's bit-parallel
``rapidfuzz.process.cdist`` with ``LCSseq`` computes word-level LCS for a
whole speaker block at once (row chunks bound the memory). Identical quotes
are found by a join on the normalised text, and only pairs whose LCS covers
``min_similarity`` of the shorter quote get the exact alignment. Blocking is
by speaker only: blocking by length or first word would lose the truncated
and reworded pairs, which differ in both. See ``benchmarks/compare.py``.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from helpers.checks import read_csv_table, require_columns
from helpers.names import canonical_name
from helpers.paths import data_dir

__all__ = [
    "quotes_about",
    "QUOTE_COLUMNS",
    "MATCH_COLUMNS",
    "NEGATIONS",
    "REVERSALS",
    "STOPWORDS",
    "ThemesError",
    "WordDiff",
    "coverage",
    "load_themes",
    "match_quotes",
    "normalise_quote",
    "speaker_counts",
    "themes",
    "utterances",
    "word_diff",
]

#: Columns :func:`match_quotes` needs in its input.
QUOTE_COLUMNS = ["article_id", "quote_id", "quote", "speaker", "kind"]
#: Columns of the table :func:`match_quotes` returns, in order.
MATCH_COLUMNS = [
    "article_id_a",
    "quote_id_a",
    "article_id_b",
    "quote_id_b",
    "speaker",
    "quote_a",
    "quote_b",
    "similarity",
    "relation",
]
#: Kinds of quotation that can report an utterance.
MATCH_KINDS = ("speech", "nested")
#: Shorter quotes than this only match identical ones.
MIN_WORDS_FUZZY = 4

#: Words that negate; ``n't`` forms appear without the apostrophe after normalising.
NEGATIONS = frozenset(
    "not no never nor none nobody nothing neither nowhere cannot "
    "dont doesnt didnt isnt arent wasnt werent wont cant couldnt shouldnt wouldnt "
    "havent hasnt hadnt mustnt neednt aint".split()
)
#: Words that negate or reverse the words next to them, which a truncation may not cut off.
REVERSALS = NEGATIONS | frozenset("false untrue deny denies denied denying".split())
#: Function words that do not count as content when comparing rewordings.
STOPWORDS = (
    frozenset(
        "a an the and or but if of to in on at by for with from as into onto than then that this these those "
        "there here it its is are was were be been being am do does did will would shall should can could "
        "may might must have has had i we you he she they me us him her them my our your his their "
        "which who whom what when where while so also very just".split()
    )
    - NEGATIONS
)

_QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})
_INNER = re.compile(r"(?<=\w)['.\-‐‑–](?=\w)")
_NON_WORD = re.compile(r"[^\w]+")


def normalise_quote(text: str) -> str:
    """Normalise a quotation for comparison: case, quote marks and punctuation.

    Example:
        >>> normalise_quote("“We also talked on the cease-fire, but… we don’t agree,”")
        'we also talked on the ceasefire but we dont agree'
        >>> normalise_quote("the U.S. said 'no'.")
        'the us said no'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise_quote expects a str, got {type(text).__name__}")
    text = text.translate(_QUOTE_MARKS).lower()
    text = _INNER.sub("", text)
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


# --- matching ------------------------------------------------------------------


def _encode(words: Sequence[str], vocab: dict[str, str]) -> str:
    """One code point per distinct word (from U+10000, clear of the surrogates): a word-level 'string'."""
    out = []
    for w in words:
        code = vocab.get(w)
        if code is None:
            if len(vocab) >= 0x10FFFF - 0x10000:
                raise ValueError("match_quotes(): more than a million distinct words; split the input.")
            code = vocab[w] = chr(0x10000 + len(vocab))
        out.append(code)
    return "".join(out)


def _align(
    short: list[str], long: list[str], s_code: str, l_code: str
) -> tuple[float, float, tuple[int, int]]:
    """Return (similarity, content overlap, window start..end) of short aligned into long."""
    blocks = [b for b in LCSseq.editops(s_code, l_code).as_matching_blocks() if b.size]
    lcs = sum(b.size for b in blocks)
    if not lcs:
        return 0.0, 0.0, (0, 0)
    first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
    window = last - first
    similarity = 2 * lcs / (len(short) + max(window, len(short)))
    content = [w for w in short if w not in STOPWORDS]
    window_words = set(long[first:last])
    overlap = sum(w in window_words for w in content) / len(content) if content else 1.0
    return similarity, overlap, (first, last)


def _cut_reversal(short: Sequence[str], long: Sequence[str]) -> bool:
    """True when every place ``short`` occurs in ``long`` has a reversing word among the two before it.

    Example:
        >>> _cut_reversal("progress was made here".split(), "no progress was made here".split())
        True
        >>> _cut_reversal("progress was made here".split(), "it is false that progress was made here".split())
        True
        >>> _cut_reversal("we talked on it".split(), "we talked on it but no progress".split())
        False
    """
    n = len(short)
    starts = [i for i in range(len(long) - n + 1) if list(long[i : i + n]) == list(short)]
    return bool(starts) and all(any(w in REVERSALS for w in long[max(0, i - 2) : i]) for i in starts)


def _negations(words: Iterable[str]) -> int:
    return sum(w in NEGATIONS for w in words)


def _prepare(quotes: pd.DataFrame) -> pd.DataFrame:
    speakers = quotes["speaker"].fillna("").astype(str)
    canon = {s: canonical_name(s) if s.strip() else "" for s in speakers.unique()}
    return (
        quotes.loc[quotes["kind"].isin(MATCH_KINDS) & speakers.str.strip().ne("")]
        .assign(
            speaker=lambda df: df["speaker"].astype(str).map(canon),
            norm=lambda df: df["quote"].astype(str).map(normalise_quote),
        )
        .assign(words=lambda df: df["norm"].str.split(), n_words=lambda df: df["words"].str.len())
        .loc[lambda df: df["n_words"] > 0]
        .reset_index(drop=True)
    )


def match_quotes(
    quotes: pd.DataFrame,
    min_similarity: float = 0.7,
    min_content_overlap: float = 0.85,
    chunk_size: int = 1000,
) -> pd.DataFrame:
    """Find quotations in different articles that report the same utterance.

    Returns one row per pair (see :data:`MATCH_COLUMNS`), ``a`` being the
    quote whose ``article_id`` (then ``quote_id``) sorts first. ``similarity``
    is 1.0 for identical and truncated pairs and the aligned word-level ratio
    for reworded ones. The rules are in the module docstring.

    Example:
        >>> quotes = pd.DataFrame({
        ...     "article_id": ["A", "B", "B"],
        ...     "quote_id": ["A-q01", "B-q01", "B-q02"],
        ...     "quote": ["“difficult,”", "Difficult", "Ukraine will not surrender."],
        ...     "speaker": ["Kuleba", "Dmytro Kuleba", "Dmytro Kuleba"],
        ...     "kind": ["speech", "speech", "speech"],
        ... })
        >>> match_quotes(quotes)[["quote_id_a", "quote_id_b", "speaker", "relation"]].values.tolist()
        [['A-q01', 'B-q01', 'Dmytro Kuleba', 'identical']]
    """
    require_columns(quotes, QUOTE_COLUMNS, "match_quotes")
    if quotes["quote_id"].duplicated().any():
        dup = quotes.loc[quotes["quote_id"].duplicated(), "quote_id"].astype(str).tolist()[:5]
        raise ValueError(f"match_quotes(): quote_id must be unique; repeated: {', '.join(dup)}")
    q = _prepare(quotes)
    if q.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MATCH_COLUMNS}).astype({"similarity": float})
    vocab: dict[str, str] = {}
    q["code"] = [_encode(w, vocab) for w in q["words"]]

    # identical: a self-join on (speaker, normalised text) across articles
    key = q[["speaker", "norm", "article_id"]].reset_index(names="i")
    same = key.merge(key.rename(columns={"i": "j", "article_id": "article_j"}), on=["speaker", "norm"])
    same = same.loc[(same["i"] < same["j"]) & (same["article_id"] != same["article_j"])]
    pairs: dict[tuple[int, int], tuple[float, str]] = {
        (i, j): (1.0, "identical") for i, j in zip(same["i"], same["j"], strict=True)
    }

    # truncated and reworded: word-level LCS per speaker block, then exact alignment
    long_enough = q.loc[q["n_words"] >= MIN_WORDS_FUZZY]
    for _, block in long_enough.groupby("speaker", sort=False):
        if block["article_id"].nunique() < 2:
            continue
        idx = block.index.to_numpy()
        codes = block["code"].tolist()
        lens = block["n_words"].to_numpy(dtype=np.int32)
        arts = block["article_id"].to_numpy()
        for start in range(0, len(idx), chunk_size):
            rows = slice(start, start + chunk_size)
            lcs = process.cdist(
                codes[rows],
                codes,
                scorer=LCSseq.similarity,
                dtype=np.int32,
                score_cutoff=MIN_WORDS_FUZZY,
                workers=1,
            )
            shorter = np.minimum.outer(lens[rows], lens)
            keep = (
                (lcs >= np.ceil(min_similarity * shorter))
                & (idx[rows, None] < idx[None, :])
                & (arts[rows, None] != arts[None, :])
            )
            for r, c in zip(*np.nonzero(keep), strict=True):
                i, j = int(idx[rows][r]), int(idx[c])
                if (i, j) in pairs:
                    continue
                found = _relation(q, i, j, min_similarity, min_content_overlap)
                if found:
                    pairs[(i, j)] = found
    return _pairs_frame(q, pairs)


def _relation(
    q: pd.DataFrame, i: int, j: int, min_similarity: float, min_content_overlap: float
) -> tuple[float, str] | None:
    a, b = q.at[i, "norm"], q.at[j, "norm"]
    if a == b:
        return 1.0, "identical"
    # the shorter quote is aligned into the longer; ties broken by text so the order of rows never matters
    s, l_ = sorted((i, j), key=lambda k: (q.at[k, "n_words"], q.at[k, "norm"]))
    short, long = q.at[s, "words"], q.at[l_, "words"]
    if f" {q.at[s, 'norm']} " in f" {q.at[l_, 'norm']} ":
        return (1.0, "truncated") if not _cut_reversal(short, long) else None
    similarity, overlap, (first, last) = _align(short, long, q.at[s, "code"], q.at[l_, "code"])
    if similarity < min_similarity or overlap < min_content_overlap:
        return None
    # a negation inside the aligned window, or just before it, must be matched
    negations = _negations(short)
    if negations != _negations(long[first:last]) or negations != _negations(long[max(0, first - 2) : last]):
        return None
    return round(similarity, 3), "reworded"


def _pairs_frame(q: pd.DataFrame, pairs: dict[tuple[int, int], tuple[float, str]]) -> pd.DataFrame:
    rows = []
    for (i, j), (similarity, relation) in pairs.items():
        a, b = q.loc[i], q.loc[j]
        if (a["article_id"], a["quote_id"]) > (b["article_id"], b["quote_id"]):
            a, b = b, a
        rows.append(
            [
                a["article_id"],
                a["quote_id"],
                b["article_id"],
                b["quote_id"],
                a["speaker"],
                a["quote"],
                b["quote"],
                float(similarity),
                relation,
            ]
        )
    return (
        pd.DataFrame(rows, columns=MATCH_COLUMNS)
        .astype({"similarity": float})
        .sort_values(["article_id_a", "quote_id_a", "article_id_b", "quote_id_b"])
        .reset_index(drop=True)
    )


# --- word diff -------------------------------------------------------------------


#: How :meth:`WordDiff.html` marks an insertion: bold, and not underlined like a link.
_INS = '<ins style="text-decoration: none; font-weight: bold">'


@dataclass(frozen=True)
class WordDiff:
    """The word-by-word difference between two quotations.

    ``table`` has one row per stretch: ``op`` (``equal``, ``insert``,
    ``delete`` or ``replace``), ``words_a`` and ``words_b`` (the words, joined
    by spaces; ``""`` where a side has none). :meth:`html` marks the
    differences with ``<del>`` (struck through) and ``<ins>`` (in bold, not
    underlined, so that it does not look like a link) and says so in a key
    under the words; a notebook shows that HTML.
    """

    a: str
    b: str
    table: pd.DataFrame

    def html(self) -> str:
        """Return the diff as HTML, with a key to its marks.

        Words only in ``a`` are struck through (``<del>``); words only in
        ``b`` are in bold (``<ins>``, not underlined); words in both are plain.
        The key below the words says so.

        Example:
            >>> print(word_diff("one <road>", "one path").html())  # doctest: +NORMALIZE_WHITESPACE
            <div class="word-diff"><p class="word-diff-words">one <del>&lt;road&gt;</del>
            <ins style="text-decoration: none; font-weight: bold">path</ins></p>
            <p class="word-diff-key"><small>Key: plain words are in both quotations;
            <del>struck through</del>: only in the first (a);
            <ins style="text-decoration: none;
            font-weight: bold">bold</ins>: only in the second (b).</small></p></div>
        """
        parts = []
        for op, wa, wb in self.table[["op", "words_a", "words_b"]].itertuples(index=False):
            if op == "equal":
                parts.append(html.escape(wa))
                continue
            if wa:
                parts.append(f"<del>{html.escape(wa)}</del>")
            if wb:
                parts.append(f"{_INS}{html.escape(wb)}</ins>")
        key = (
            '<p class="word-diff-key"><small>Key: plain words are in both quotations; '
            f"<del>struck through</del>: only in the first (a); {_INS}bold</ins>: only in the second (b)."
            "</small></p>"
        )
        return f'<div class="word-diff"><p class="word-diff-words">{" ".join(parts)}</p>\n{key}</div>'

    def _repr_html_(self) -> str:
        return self.html()


def word_diff(a: str, b: str) -> WordDiff:
    """Compare two quotations word by word (``difflib.SequenceMatcher`` over words).

    Words are split on white space and compared as written, so punctuation and
    case count; pass :func:`normalise_quote` output to ignore them.

    Example:
        >>> d = word_diff("one will lead to peace", "one road will lead to peace")
        >>> d.table.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['equal', 'one', 'one'], ['insert', '', 'road'],
         ['equal', 'will lead to peace', 'will lead to peace']]
    """
    if not isinstance(a, str) or not isinstance(b, str):
        raise TypeError(f"word_diff expects two str, got {type(a).__name__} and {type(b).__name__}")
    wa, wb = a.split(), b.split()
    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    table = pd.DataFrame(
        [[op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])] for op, i1, i2, j1, j2 in ops],
        columns=["op", "words_a", "words_b"],
    )
    return WordDiff(a=a, b=b, table=table)


# --- themes ------------------------------------------------------------------------

THEME_COLUMNS = ["theme", "keyword", "note"]


class ThemesError(ValueError):
    """A row of ``themes.csv`` that cannot be used; the message names file and line."""


def load_themes(path: Path | str | None = None) -> pd.DataFrame:
    """Read the theme keyword list (``data/themes.csv``): columns theme, keyword, note.

    Keywords are lower-case words or phrases, matched on word boundaries and
    regardless of case. Errors name the file and line.

    Example:
        >>> table = load_themes()
        >>> sorted(table["theme"].unique())[:3]
        ['NATO and neutrality', 'ceasefire', 'humanitarian corridors and civilians']
    """
    path = Path(path) if path is not None else data_dir() / "themes.csv"
    table = read_csv_table(path, THEME_COLUMNS, ThemesError, "one theme keyword per row")
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(table.itertuples(index=False), start=2):
        theme, keyword = row.theme.strip(), row.keyword.strip()
        if not theme or not keyword:
            raise ThemesError(f"{path} line {number}: 'theme' and 'keyword' must not be empty.")
        if keyword != keyword.lower():
            raise ThemesError(f"{path} line {number}: keyword {keyword!r} must be lower-case.")
        if (theme, keyword) in seen:
            raise ThemesError(f"{path} line {number}: keyword {keyword!r} is listed twice for {theme!r}.")
        seen.add((theme, keyword))
    return table.assign(theme=table["theme"].str.strip(), keyword=table["keyword"].str.strip())


def _theme_pattern(keywords: Iterable[str]) -> str:
    alternatives = sorted({re.escape(k.replace("’", "'")).replace(r"\ ", r"\s+") for k in keywords}, key=len)
    return r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?!\w)"


def themes(
    quotes: pd.DataFrame,
    theme_table: pd.DataFrame | None = None,
    kinds: Sequence[str] | None = MATCH_KINDS,
) -> pd.DataFrame:
    """Count the quotations about each theme in each article (long format).

    Returns columns ``article_id`` (and ``round`` when the input has one),
    ``theme`` and ``n_quotes``, with a row for every article × theme, zeros
    included. A quote counts once per theme however many keywords it holds,
    and may count for several themes. Only ``kinds`` are counted (speech and
    nested by default; ``None`` counts every row). ``theme_table`` defaults to
    :func:`load_themes`.

    Example:
        >>> quotes = pd.DataFrame({
        ...     "article_id": ["A", "A", "B"],
        ...     "quote": ["A ceasefire, a Cease-Fire!", "Sanctions now", "No truce"],
        ...     "kind": ["speech"] * 3,
        ... })
        >>> counts = themes(quotes)
        >>> counts.query("n_quotes > 0").values.tolist()
        [['A', 'ceasefire', 1], ['A', 'sanctions', 1], ['B', 'ceasefire', 1]]
    """
    require_columns(quotes, ["article_id", "quote"] + (["kind"] if kinds is not None else []), "themes")
    table = load_themes() if theme_table is None else theme_table
    require_columns(table, ["theme", "keyword"], "themes")
    by = ["article_id", "round"] if "round" in quotes.columns else ["article_id"]
    rows = quotes if kinds is None else quotes.loc[quotes["kind"].isin(kinds)]
    text = rows["quote"].astype(str).str.replace("’", "'", regex=False)
    theme_order = list(dict.fromkeys(table["theme"]))
    hits = pd.DataFrame(
        {
            theme: text.str.contains(
                _theme_pattern(table.loc[table["theme"] == theme, "keyword"]), case=False, regex=True
            )
            for theme in theme_order
        },
        index=rows.index,
    )
    groups = quotes[by].drop_duplicates().sort_values(by).reset_index(drop=True)
    counted = (
        pd.concat([rows[by], hits], axis=1)
        .melt(id_vars=by, var_name="theme", value_name="hit")
        .groupby(by + ["theme"], as_index=False)["hit"]
        .sum()
    )
    return (
        groups.merge(pd.DataFrame({"theme": theme_order}), how="cross")
        .merge(counted, on=by + ["theme"], how="left")
        .assign(n_quotes=lambda df: df["hit"].fillna(0).astype(int))
        .drop(columns="hit")
        .assign(theme=lambda df: pd.Categorical(df["theme"], categories=theme_order))
        .sort_values(by + ["theme"])
        .assign(theme=lambda df: df["theme"].astype(str))
        .reset_index(drop=True)
    )


# --- coverage ----------------------------------------------------------------------


def quotes_about(
    quotes: pd.DataFrame,
    theme: str,
    theme_table: pd.DataFrame | None = None,
    kinds: Sequence[str] | None = MATCH_KINDS,
) -> pd.DataFrame:
    """Return the quotations that use any keyword of ``theme``, with the keywords found.

    The same keyword matching as :func:`themes` (word boundaries, any case),
    so the rows returned are the ones :func:`themes` counts. Adds a
    ``keywords`` column listing the keywords each quote matched, in the
    order of ``themes.csv``. An unknown theme raises :class:`ThemesError`
    listing the themes there are.

    Example:
        >>> quotes = pd.DataFrame({
        ...     "article_id": ["A", "A"], "kind": ["speech", "speech"],
        ...     "quote": ["We discussed a cease-fire.", "Sanctions now"],
        ... })
        >>> quotes_about(quotes, "ceasefire")[["quote", "keywords"]].values.tolist()
        [['We discussed a cease-fire.', 'cease-fire']]
    """
    require_columns(quotes, ["quote"] + (["kind"] if kinds is not None else []), "quotes_about")
    table = load_themes() if theme_table is None else theme_table
    require_columns(table, ["theme", "keyword"], "quotes_about")
    keywords = table.loc[table["theme"] == theme, "keyword"].tolist()
    if not keywords:
        raise ThemesError(
            f"quotes_about(): no theme {theme!r}; themes.csv has: " + ", ".join(dict.fromkeys(table["theme"]))
        )
    rows = quotes if kinds is None else quotes.loc[quotes["kind"].isin(kinds)]
    text = rows["quote"].astype(str).str.replace("’", "'", regex=False)
    found = pd.DataFrame(
        {kw: text.str.contains(_theme_pattern([kw]), case=False, regex=True) for kw in keywords},
        index=rows.index,
    )
    listed = (
        found.apply(lambda hit: ", ".join(hit.index[hit]), axis=1) if len(found) else pd.Series(dtype=str)
    )
    return rows.assign(keywords=listed).loc[lambda df: df["keywords"].astype(bool)]


def utterances(matches: pd.DataFrame) -> pd.DataFrame:
    """Group matched quotes into utterances: connected pairs share an ``utterance_id``.

    Returns ``quote_id``, ``article_id``, ``speaker``, ``quote`` and
    ``utterance_id`` (``u01``, ``u02``… in order of first article and quote id).

    Example:
        >>> m = pd.DataFrame({
        ...     "article_id_a": ["A", "B"], "quote_id_a": ["A-1", "B-1"],
        ...     "article_id_b": ["B", "C"], "quote_id_b": ["B-1", "C-1"],
        ...     "speaker": ["X", "X"], "quote_a": ["hi", "hi"], "quote_b": ["hi", "hi!"],
        ... })
        >>> utterances(m)[["quote_id", "utterance_id"]].values.tolist()
        [['A-1', 'u01'], ['B-1', 'u01'], ['C-1', 'u01']]
    """
    require_columns(matches, MATCH_COLUMNS[:7], "utterances")
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(matches["quote_id_a"], matches["quote_id_b"], strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    sides = [
        matches[[f"quote_id_{s}", f"article_id_{s}", "speaker", f"quote_{s}"]].set_axis(
            ["quote_id", "article_id", "speaker", "quote"], axis=1
        )
        for s in "ab"
    ]
    members = (
        pd.concat(sides)
        .drop_duplicates("quote_id")
        .assign(root=lambda df: df["quote_id"].map(find))
        .sort_values(["article_id", "quote_id"])
    )
    order = {root: f"u{n:02d}" for n, root in enumerate(dict.fromkeys(members["root"]), start=1)}
    return (
        members.assign(utterance_id=members["root"].map(order))
        .drop(columns="root")
        .sort_values(["utterance_id", "article_id", "quote_id"])
        .reset_index(drop=True)
    )


def coverage(quotes: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Say which article carried which matched utterance.

    One row per utterance × article of ``quotes``: ``utterance_id``,
    ``speaker``, ``utterance`` (the longest wording), ``article_id`` (and
    ``round``/``outlet`` when ``quotes`` has them), ``carried`` (bool) and
    ``quote`` (the article's wording, ``""`` when not carried; several
    wordings are joined with ``" | "``).

    Example:
        >>> quotes = pd.DataFrame({"article_id": ["A", "B", "C"], "quote_id": ["A-1", "B-1", "C-1"],
        ...     "quote": ["two paths", "two paths", "other"], "speaker": ["X", "X", "Y"],
        ...     "kind": ["speech"] * 3})
        >>> coverage(quotes, match_quotes(quotes))[["article_id", "carried", "quote"]].values.tolist()
        [['A', True, 'two paths'], ['B', True, 'two paths'], ['C', False, '']]
    """
    require_columns(quotes, ["article_id", "quote_id"], "coverage")
    require_columns(matches, MATCH_COLUMNS[:7], "coverage")
    extra = [c for c in ("round", "outlet") if c in quotes.columns]
    articles = quotes[["article_id", *extra]].drop_duplicates("article_id").sort_values("article_id")
    columns = ["utterance_id", "speaker", "utterance", "article_id", *extra, "carried", "quote"]
    if matches.empty:
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "carried" else object) for c in columns})
    members = utterances(matches)
    heads = (
        members.assign(length=members["quote"].str.len())
        .sort_values(["utterance_id", "length"], ascending=[True, False], kind="stable")
        .drop_duplicates("utterance_id")
        .loc[:, ["utterance_id", "speaker", "quote"]]
        .rename(columns={"quote": "utterance"})
    )
    carried = members.groupby(["utterance_id", "article_id"], as_index=False)["quote"].agg(" | ".join)
    return (
        heads.merge(articles, how="cross")
        .merge(carried, on=["utterance_id", "article_id"], how="left")
        .assign(carried=lambda df: df["quote"].notna(), quote=lambda df: df["quote"].fillna(""))
        .loc[:, columns]
        .sort_values(["utterance_id", "article_id"])
        .reset_index(drop=True)
    )


def speaker_counts(quotes: pd.DataFrame, kinds: Sequence[str] | None = MATCH_KINDS) -> pd.DataFrame:
    """Count who each article quotes: ``article_id`` (``round`` if present), ``speaker``, ``n_quotes``.

    Speakers are canonicalised; quotes without a speaker are left out, and so
    are kinds not in ``kinds`` (``None`` keeps all).

    Example:
        >>> quotes = pd.DataFrame({"article_id": ["A", "A", "B"], "speaker": ["Kuleba", "Dmytro Kuleba", ""],
        ...     "kind": ["speech", "speech", "scare"]})
        >>> speaker_counts(quotes).values.tolist()
        [['A', 'Dmytro Kuleba', 2]]
    """
    needed = ["article_id", "speaker"] + (["kind"] if kinds is not None else [])
    require_columns(quotes, needed, "speaker_counts")
    by = ["article_id", "round"] if "round" in quotes.columns else ["article_id"]
    rows = quotes if kinds is None else quotes.loc[quotes["kind"].isin(kinds)]
    speakers = rows["speaker"].fillna("").astype(str).str.strip()
    canon = {s: canonical_name(s) for s in speakers.unique() if s}
    return (
        rows.assign(speaker=speakers.map(canon))
        .dropna(subset=["speaker"])
        .groupby(by + ["speaker"], as_index=False)
        .size()
        .rename(columns={"size": "n_quotes"})
        .sort_values(by + ["n_quotes", "speaker"], ascending=[True] * len(by) + [False, True])
        .reset_index(drop=True)
    )
