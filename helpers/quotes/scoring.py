"""Scoring predicted quotations against a gold table, and reading the gold."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from helpers.checks import require_columns
from helpers.names import PEOPLE_COLUMNS
from helpers.paths import data_dir
from helpers.quotes.extract import extract_quotes
from helpers.quotes.people import PeopleLike, _People, _people
from helpers.quotes.words import SPEECH_VERBS

#: An empty people table. Pass ``people=NO_PEOPLE`` to read and score names from the text alone.
NO_PEOPLE = pd.DataFrame({column: pd.Series(dtype="object") for column in PEOPLE_COLUMNS})

#: Columns of ``Score.errors``.
ERROR_COLUMNS = ["article_id", "start", "end", "quote", "problem", "expected_speaker", "predicted_speaker"]


#: The kinds :func:`~helpers.quotes.error_kinds` sorts errors into, in order of precedence
#: (a row gets the first that fits); the last is the default, for rows that fit none.
ERROR_KINDS = (
    "span: quotation missed",
    "span: false hit",
    "two or more speakers",
    "no attribution in its sentence",
    "according to",
    "cue not in the list of speech verbs",
    "pronoun",
    "role noun or unnamed source",
    "title or role before the name",
    "surname or one word",
    "full name as written",
)

#: The columns :func:`~helpers.quotes.error_kinds` reads.
ERROR_KIND_COLUMNS = ["problem", "expected_speaker", "speaker_as_written", "cue"]

_PRONOUNS = ["he", "she", "they", "i", "we"]


class GoldError(ValueError):
    """A row of ``gold_quotes.csv`` that does not fit its article; the message names file and line."""


@dataclass(frozen=True)
class Score:
    """Span and speaker scores of predicted quotations against the gold.

    How spans are matched, exactly: within one article, a gold span
    ``[gs, ge)`` and a predicted span ``[ps, pe)`` are a *strict* pair when
    their Jaccard index, ``overlap / union`` of the two character ranges, is at
    least 0.8 (so a strict match need not be exact: a span a few characters
    longer or shorter still counts), and a *lenient* pair when the overlap
    covers at least 30 % of the gold span. Pairs are then chosen one to one,
    greedily, best score first (ties: earlier gold row, then earlier predicted
    row), so each gold quote matches at most one predicted quote and the other
    way round. Precision is matches / predicted rows, recall matches / gold
    rows, F1 their harmonic mean.

    ``speaker_accuracy`` is the share of strict matches whose speakers agree
    (see :func:`~helpers.quotes.score` for when two speakers agree). ``errors`` lists every
    miss, false hit and wrong speaker (columns :data:`~helpers.quotes.scoring.ERROR_COLUMNS`).
    """

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lenient_precision: float
    lenient_recall: float
    lenient_f1: float
    speaker_accuracy: float
    errors: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """Return the scores as a tidy table: ``metric``, ``strict``, ``lenient``.

        Example:
            >>> import pandas as pd
            >>> from helpers.quotes import score
            >>> gold = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [10], "speaker": ["X"]})
            >>> score(gold, gold).table().values.tolist()
            [['precision', 1.0, 1.0], ['recall', 1.0, 1.0], ['f1', 1.0, 1.0], ['speaker_accuracy', 1.0, nan]]
        """
        return pd.DataFrame(
            {
                "metric": ["precision", "recall", "f1", "speaker_accuracy"],
                "strict": [self.strict_precision, self.strict_recall, self.strict_f1, self.speaker_accuracy],
                "lenient": [self.lenient_precision, self.lenient_recall, self.lenient_f1, float("nan")],
            }
        )


def _candidates(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every overlapping (gold, predicted) pair within an article, with Jaccard and gold coverage."""
    pairs = (
        gold.reset_index(drop=True)
        .rename_axis("g")
        .reset_index()
        .merge(
            predicted.reset_index(drop=True).rename_axis("p").reset_index(),
            on="article_id",
            suffixes=("_g", "_p"),
        )
    )
    overlap = (pairs[["end_g", "end_p"]].min(axis=1) - pairs[["start_g", "start_p"]].max(axis=1)).clip(
        lower=0
    )
    union = pairs[["end_g", "end_p"]].max(axis=1) - pairs[["start_g", "start_p"]].min(axis=1)
    return pairs.assign(
        jaccard=(overlap / union.where(union > 0, 1)).astype(float),
        coverage=(overlap / (pairs["end_g"] - pairs["start_g"]).where(lambda s: s > 0, 1)).astype(float),
    ).loc[lambda df: overlap > 0, ["g", "p", "jaccard", "coverage"]]


def _one_to_one(pairs: pd.DataFrame, by: str, threshold: float) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best pairs first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    ranked = pairs.loc[pairs[by] >= threshold].sort_values([by, "g", "p"], ascending=[False, True, True])
    for g, p in zip(ranked["g"], ranked["p"], strict=True):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            matched.append((int(g), int(p)))
    return matched


def _prf(matched: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (1.0 for an empty gold and no prediction).

    Example:
        >>> _prf(3, 4, 6)
        (0.75, 0.5, 0.6)
    """
    precision = matched / n_pred if n_pred else float(n_gold == 0)
    recall = matched / n_gold if n_gold else float(n_pred == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _speaker_key(value: object, people: _People) -> frozenset[str]:
    """What two speakers must share to agree: each ``; ``-joined name, canonical, spaces and case folded.

    Example:
        >>> from helpers.quotes.people import _people
        >>> _speaker_key("Lavrov;  dmytro KULEBA", _people()) == _speaker_key("Kuleba; Lavrov", _people())
        True
        >>> sorted(_speaker_key("", _people()))
        []
    """
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    names = (" ".join(part.split()) for part in text.split(";"))
    return frozenset(people.canonical(name).casefold() for name in names if name)


def score(predicted: pd.DataFrame, gold: pd.DataFrame, people: PeopleLike = None) -> Score:
    """Score predicted quotations against gold ones (spans strict and lenient, speakers).

    Both tables need ``article_id``, ``start`` and ``end``; ``speaker`` and
    ``quote`` are used when present. Spans are matched as :class:`~helpers.quotes.Score`
    says (strict: Jaccard ≥ 0.8). Two speakers agree when they name the same
    people: each side is split at ``;`` (several speakers of one quote, in any
    order), runs of white space become one space, each name is mapped to its
    canonical form with ``people`` (as in :func:`~helpers.quotes.extract_quotes`, default
    ``data/people.csv``; a name the table does not list stays as written), and
    the two sets must be equal, ignoring case. No partial credit: a surname
    alone does not agree with a full name unless the table maps it, and two
    empty speakers agree.

    Example:
        >>> import pandas as pd
        >>> gold = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 50], "end": [20, 60],
        ...                      "speaker": ["Kuleba", "Lavrov"]})
        >>> predicted = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 80], "end": [20, 90],
        ...                           "speaker": ["Dmytro Kuleba", ""]})
        >>> result = score(predicted, gold)
        >>> result.strict_precision, result.strict_recall, result.speaker_accuracy
        (0.5, 0.5, 1.0)
        >>> result.errors["problem"].tolist()
        ['miss', 'false hit']
    """
    for frame, label in ((predicted, "predicted"), (gold, "gold")):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"score() expects the {label} quotes as a DataFrame, got {type(frame).__name__}")
        missing = [c for c in ("article_id", "start", "end") if c not in frame.columns]
        if missing:
            raise KeyError(f"score(): the {label} table has no column(s) {', '.join(missing)}")

    def prepared(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.reset_index(drop=True).assign(
            article_id=lambda df: df["article_id"].astype(str),
            start=lambda df: df["start"].astype("int64"),
            end=lambda df: df["end"].astype("int64"),
            speaker=lambda df: df["speaker"].fillna("").astype(str) if "speaker" in df else "",
            quote=lambda df: df["quote"].fillna("").astype(str) if "quote" in df else "",
        )

    pred, gold_ = prepared(predicted), prepared(gold)
    pairs = _candidates(pred[["article_id", "start", "end"]], gold_[["article_id", "start", "end"]])
    strict = _one_to_one(pairs, "jaccard", 0.8)
    lenient = _one_to_one(pairs, "coverage", 0.3)
    sp, sr, sf = _prf(len(strict), len(pred), len(gold_))
    lp, lr, lf = _prf(len(lenient), len(pred), len(gold_))
    table = _people(people)
    same = [
        _speaker_key(gold_.at[g, "speaker"], table) == _speaker_key(pred.at[p, "speaker"], table)
        for g, p in strict
    ]
    accuracy = sum(same) / len(same) if same else float("nan")

    matched_g = {g for g, _ in strict}
    matched_p = {p for _, p in strict}
    wrong = [(g, p) for (g, p), ok in zip(strict, same, strict=True) if not ok]
    columns = ["article_id", "start", "end", "quote"]
    errors = pd.concat(
        [
            gold_.loc[[g for g in range(len(gold_)) if g not in matched_g], columns].assign(
                problem="miss",
                expected_speaker=lambda df: gold_.loc[df.index, "speaker"],
                predicted_speaker="",
            ),
            pred.loc[[p for p in range(len(pred)) if p not in matched_p], columns].assign(
                problem="false hit",
                expected_speaker="",
                predicted_speaker=lambda df: pred.loc[df.index, "speaker"],
            ),
            gold_.loc[[g for g, _ in wrong], columns].assign(
                problem="wrong speaker",
                expected_speaker=[gold_.at[g, "speaker"] for g, _ in wrong],
                predicted_speaker=[pred.at[p, "speaker"] for _, p in wrong],
            ),
        ],
        ignore_index=True,
    )
    errors = (
        errors.astype({"start": "int64", "end": "int64"})
        .sort_values(["article_id", "start", "end"], kind="stable")
        .reset_index(drop=True)
        .loc[:, ERROR_COLUMNS]
    )
    return Score(sp, sr, sf, lp, lr, lf, accuracy, errors)


def error_kinds(errors: pd.DataFrame) -> pd.Series:
    """Sort each error of a :class:`~helpers.quotes.Score` into a kind, read from the gold.

    ``errors`` is ``Score.errors`` merged with the gold's ``speaker_as_written``
    and ``cue`` (on ``article_id``, ``start``, ``end``), so that it has the
    columns :data:`~helpers.quotes.scoring.ERROR_KIND_COLUMNS`; a missing
    value counts as empty. Each row gets the **first** of
    :data:`~helpers.quotes.scoring.ERROR_KINDS` that fits it:

    1. ``span: quotation missed``, ``span: false hit``: the ``problem``;
    2. ``two or more speakers``: the expected speaker holds a ``;``;
    3. ``no attribution in its sentence``: the gold has no mention that
       attributes the quotation;
    4. ``according to``: the cue starts with "according to";
    5. ``cue not in the list of speech verbs``: a cue other than ``:`` whose
       first word is not in :data:`~helpers.quotes.words.SPEECH_VERBS`;
    6. ``pronoun``: the mention is he, she, they, I or we;
    7. ``role noun or unnamed source``: the mention starts in lower case;
    8. ``title or role before the name``: the mention has words before the
       expected speaker's last word, and is not the expected speaker
       ("Navy Cmdr. Lee" for "Ana Lee"; "Lee" alone is a surname);
    9. ``surname or one word``: the mention is one word;
    10. otherwise ``full name as written``.

    Returns a Series of kinds with the index of ``errors``.

    Example:
        >>> import pandas as pd
        >>> errors = pd.DataFrame({
        ...     "problem": ["miss", "wrong speaker", "wrong speaker", "wrong speaker"],
        ...     "expected_speaker": ["Ana Petrescu", "Ana Petrescu", "Ana Petrescu", "Ana Petrescu"],
        ...     "speaker_as_written": ["she", "she", "Judge Ana Petrescu", "Ana Petrescu"],
        ...     "cue": ["said", "said", "said", "said"],
        ... })
        >>> error_kinds(errors).tolist()
        ['span: quotation missed', 'pronoun', 'title or role before the name', 'full name as written']
    """
    try:
        require_columns(errors, ERROR_KIND_COLUMNS, "error_kinds")
    except ValueError as err:
        raise ValueError(
            f"{err} Pass Score.errors merged with the gold's speaker_as_written and cue "
            "on article_id, start and end."
        ) from None

    def text(column: str) -> pd.Series:
        return errors[column].astype(object).fillna("").astype(str)

    problem, expected = text("problem"), text("expected_speaker")
    written, cue = text("speaker_as_written"), text("cue")
    surname = expected.str.extract(r"(\S*)\s*$", expand=False).fillna("")
    title_before = pd.Series(
        [
            bool(s) and w.endswith(" " + s) and w != e
            for s, w, e in zip(surname, written, expected, strict=True)
        ],
        index=errors.index,
        dtype=bool,
    )
    first_cue_word = cue.str.lower().str.extract(r"^\s*(\S*)", expand=False).fillna("")
    conditions = [
        problem == "miss",
        problem == "false hit",
        expected.str.contains(";", regex=False),
        written == "",
        cue.str.startswith("according to"),
        (cue != "") & (cue != ":") & ~first_cue_word.isin(SPEECH_VERBS),
        written.str.lower().isin(_PRONOUNS),
        written.str[:1].str.islower(),
        title_before,
        ~written.str.contains(" ", regex=False),
    ]
    return pd.Series(ERROR_KINDS[-1], index=errors.index, name="error_kind").case_when(
        list(zip(conditions, ERROR_KINDS[:-1], strict=True))
    )


GOLD_COLUMNS = ["article_id", "start", "end", "quote", "speaker", "speaker_as_written", "cue", "kind"]


def load_gold(
    folder: Path | str | None = None,
    articles: pd.DataFrame | None = None,
    path: Path | str | None = None,
) -> pd.DataFrame:
    """Read ``data/gold_quotes.csv``, checking every row against its raw article.

    Offsets refer to the raw text (``load_articles()["raw"]``). A row whose
    ``raw[start:end]`` is not its ``quote``, an unknown article or a bad offset
    raises :class:`~helpers.quotes.GoldError` naming the file and line.

    ``path`` names another gold file (default ``<folder>/gold_quotes.csv``).
    Its articles are ``articles`` (columns ``id`` and ``raw``) if given, else
    those of ``articles.csv`` in its folder, else, for a folder without one
    (a held-out set such as ``data/heldout/``), the files ``<article_id>.txt``
    beside the gold file, read with :func:`helpers.corpus.read_article`.

    Example:
        >>> gold = load_gold()
        >>> list(gold.columns[:4]), gold["kind"].isin(["speech", "scare", "title", "nested"]).all()
        (['article_id', 'start', 'end', 'quote'], np.True_)
    """
    from helpers.corpus import load_articles, read_article

    if path is not None:
        path = Path(path)
        folder = path.parent if folder is None else Path(folder)
    else:
        folder = Path(folder) if folder is not None else data_dir()
        path = folder / "gold_quotes.csv"
    if not path.is_file():
        raise GoldError(f"{path}: no such file. It should list one gold quotation per row.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in GOLD_COLUMNS if c not in table.columns]
    if missing:
        raise GoldError(
            f"{path}: missing column(s) {', '.join(missing)}. The header must be: {','.join(GOLD_COLUMNS)}"
        )
    if articles is None and not (folder / "articles.csv").is_file():
        ids = list(dict.fromkeys(table["article_id"]))
        absent = [i for i in ids if not (path.parent / f"{i}.txt").is_file()]
        if absent:
            raise GoldError(
                f"{path}: no articles.csv in {folder} and no text file for article(s) "
                f"{', '.join(map(repr, absent))}; expected <article_id>.txt beside the gold file."
            )
        articles = pd.DataFrame({"id": ids, "raw": [read_article(path.parent / f"{i}.txt") for i in ids]})
    articles = load_articles(folder) if articles is None else articles
    raws = dict(zip(articles["id"], articles["raw"], strict=True))
    starts, ends = [], []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if row.article_id not in raws:
            raise GoldError(f"{path} line {number}: article {row.article_id!r} is not in articles.csv.")
        try:
            start, end = int(row.start), int(row.end)
        except ValueError:
            raise GoldError(
                f"{path} line {number}: start {row.start!r} and end {row.end!r} must be whole numbers."
            ) from None
        found = raws[row.article_id][start:end]
        if found != row.quote:
            raise GoldError(
                f"{path} line {number}: the raw text of {row.article_id} at [{start}:{end}] is {found!r}, "
                f"not the quote {row.quote!r}. Correct start/end (offsets into the raw article) or the quote."
            )
        starts.append(start)
        ends.append(end)
    return table.assign(start=pd.array(starts, dtype="int64"), end=pd.array(ends, dtype="int64"))


def _texts(texts: Mapping[str, str] | Path | str) -> dict[str, str]:
    """Texts by id: a mapping as given, or every ``<id>.txt`` of a folder (read as published)."""
    from helpers.corpus import read_article

    if isinstance(texts, Mapping):
        return dict(texts)
    folder = Path(texts)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder of <text_id>.txt files, nor a dict of texts.")
    return {path.stem: read_article(path) for path in sorted(folder.glob("*.txt"))}


def evaluate(
    texts: Mapping[str, str] | Path | str,
    gold: pd.DataFrame | Path | str,
    people: PeopleLike = None,
    extract: Callable[..., pd.DataFrame] = extract_quotes,
) -> Score:
    """Extract the quotations of every text and score them against the gold: one call per test set.

    ``texts`` maps ids to texts as published (the gold offsets refer to them),
    or names a folder of ``<id>.txt`` files. ``gold`` is a table like
    :func:`~helpers.quotes.load_gold`'s, or the path of a gold CSV whose rows are checked
    against these texts. ``people`` is used both to extract and to score
    (:func:`~helpers.quotes.score`): ``None`` for ``data/people.csv``, another table, or
    :data:`~helpers.quotes.scoring.NO_PEOPLE` to name speakers from the text alone. ``extract`` may be
    :func:`~helpers.quotes.naive_quotes` for the baseline. Every text is scored, also one
    with no gold row (its quotations are all false hits); a gold row for a
    text that is not given raises :class:`~helpers.quotes.GoldError`.

    Example:
        >>> import pandas as pd
        >>> from helpers.quotes import NO_PEOPLE, evaluate
        >>> texts = {"a": "Ana Petrescu spoke. “It went well,” she said."}
        >>> gold = pd.DataFrame({"article_id": ["a"], "start": [21], "end": [34],
        ...                      "speaker": ["Ana Petrescu"]})
        >>> result = evaluate(texts, gold, people=NO_PEOPLE)
        >>> result.strict_f1, result.speaker_accuracy
        (1.0, 1.0)
        >>> from helpers.quotes import naive_quotes
        >>> evaluate(texts, gold, people=NO_PEOPLE, extract=naive_quotes).speaker_accuracy
        0.0
    """
    by_id = _texts(texts)
    if not isinstance(gold, pd.DataFrame):
        articles = pd.DataFrame({"id": list(by_id), "raw": list(by_id.values())})
        gold = load_gold(path=gold, articles=articles)
    unknown = sorted(set(gold["article_id"].astype(str)) - set(by_id))
    if unknown:
        raise GoldError(f"evaluate(): the gold has rows for text(s) not given: {', '.join(unknown)}")
    if people is not None and "people" in inspect.signature(extract).parameters:
        extract = partial(extract, people=people)  # naive_quotes takes no table
    frames = [extract(text).assign(article_id=text_id) for text_id, text in by_id.items()]
    predicted = pd.concat(frames, ignore_index=True) if frames else gold.iloc[:0]
    return score(predicted, gold, people=people)
