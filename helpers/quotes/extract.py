"""The public entry points: extracting quotations, the naive baseline, and running both over articles.

:func:`~helpers.quotes.extract_quotes`, :func:`~helpers.quotes.naive_quotes` and
:func:`~helpers.quotes.quotes_for` are importable from ``helpers.quotes``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from functools import partial

import pandas as pd

from helpers.quotes.attribute import (
    _LOOKBACK,
    _WINDOW_AFTER,
    _WINDOW_BEFORE,
    _attribute_nested,
    _Reader,
    _signed_by,
)
from helpers.quotes.marks import _scan, _Span
from helpers.quotes.people import PeopleLike, _people
from helpers.quotes.persons import _text_people
from helpers.quotes.sentences import _sentences, _tokens, _word_tokens

#: Columns of :func:`~helpers.quotes.extract_quotes`, in order.
QUOTE_COLUMNS = ["start", "end", "quote", "speaker", "speaker_as_written", "cue", "kind"]


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _colon_paragraph_before(text: str, prev: tuple[int, int]) -> tuple[int, int] | None:
    r"""The paragraph before a short line ending in a colon, when it too ends in a colon: (start, end).

    Example:
        >>> text = "Highlights from Showalter’s press conference:\n\nOn the mood:\n\n“Emotion.”"
        >>> _colon_paragraph_before(text, (47, 59))
        (0, 45)
    """
    start, end = prev
    if end - start > 200 or not text[start:end].rstrip().endswith(":"):
        return None
    stop = text.rfind("\n", 0, start)
    while stop > 0 and text[stop - 1] in "\n \t\r":
        stop -= 1
    if stop <= 0:
        return None
    begin = text.rfind("\n", 0, stop) + 1
    return (begin, stop) if text[begin:stop].rstrip().endswith(":") else None


def _is_title(line: str) -> bool:
    """A heading line: short, and not ending like a sentence.

    Example:
        >>> _is_title("Talks end without a “breakthrough”"), _is_title("He said “no.”")
        (True, False)
    """
    stripped = line.strip().rstrip("\"'\u201d\u2019\u00bb ")
    return 0 < len(line.strip()) <= 100 and stripped[-1:] not in (".", "!", "?", ":", ";", ",")


def _kind(span: _Span, quote: str, found: tuple[str, str, str], title: bool, opens: bool) -> str:
    """``speech``, ``scare``, ``title`` or ``nested``: a quoted word someone is said to have used is speech.

    Example:
        >>> from helpers.quotes.marks import _scan
        >>> span = _scan("He dismissed it as ‘decorative.’")[0][0]
        >>> _kind(span, "decorative.", ("X", "He", "dismissed"), False, False)
        'speech'
        >>> _kind(span, "decorative.", ("", "", ""), False, False)
        'scare'
    """
    words = len(quote.split())
    if span.depth > 0:
        return "nested"
    if title:
        return "title"
    if found[2] == "so-called":
        return "scare"
    sentence_like = quote[:1].isupper() and quote.rstrip()[-1:] in (".", ",", "!", "?")
    if not span.double and words <= 4 and not sentence_like and not found[0]:
        return "scare"  # a short phrase in single marks that no one is said to have said
    if not found[0] and words <= 3 and not opens:
        return "scare"
    return "speech"


def _require_str(text: object, function: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{function}() expects the article text as a str, got {type(text).__name__}")


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in ("start", "end") else "object") for c in QUOTE_COLUMNS}
    )


def extract_quotes(text: str, people: PeopleLike = None) -> pd.DataFrame:
    """Find every quotation in a text, in text order, with its speaker and kind.

    See the module docstring for the rules and :data:`~helpers.quotes.extract.QUOTE_COLUMNS` for the
    columns. Works on raw and cleaned article text alike, never fails on a
    string, and takes time linear in its length. ``people`` is the table that
    names are canonicalised with: ``None`` for ``data/people.csv``, a DataFrame
    like :func:`helpers.names.load_people`'s, or a path to a ``people.csv``
    (or its folder); names it does not list come out as written.

    Example:
        >>> text = "Kuleba met Lavrov. “We talked,” he said. Lavrov called it “useful.”"
        >>> extract_quotes(text)[["quote", "speaker", "speaker_as_written", "cue"]].values.tolist()
        [['We talked,', 'Dmytro Kuleba', 'he', 'said'], ['useful.', 'Sergei Lavrov', 'Lavrov', 'called']]
        >>> row = extract_quotes(text).iloc[0]
        >>> text[row.start:row.end] == row.quote
        True
    """
    _require_str(text, "extract_quotes")
    spans, lines = _scan(text)
    if not spans:
        return _empty()
    reader = _Reader(text, _text_people(text, _people(people)))
    by_line: dict[int, list[_Span]] = {}
    for s in spans:
        if s.depth == 0:
            by_line.setdefault(s.line, []).append(s)
    found_by_span: dict[int, tuple[str, str, str]] = {}
    opens_by_span: dict[int, bool] = {}
    carried: set[int] = set()  # spans whose speaker was only carried over from the paragraph before
    title_lines: set[int] = set()
    group_speaker: dict[int, tuple[str, str, str]] = {}
    group_explicit: dict[int, tuple[str, str, str]] = {}
    group_size: dict[int, int] = {}
    for s in spans:
        if s.depth == 0:
            group_size[s.group] = group_size.get(s.group, 0) + 1
    occurrences = reader.state.people.occurrences
    fed = 0  # occurrences before this index are known to the reader
    for line, quotes in by_line.items():  # lines in text order
        prev = lines.get(line)
        read_from = max(line, quotes[0].open - _WINDOW_BEFORE)
        if prev is not None and prev[0] not in by_line:
            read_from = max(prev[0], prev[1] - _LOOKBACK)
        while fed < len(occurrences) and occurrences[fed][0] < read_from:
            reader.saw(*occurrences[fed][1:])  # a person named in a paragraph not read word by word
            fed += 1
        if prev is not None and prev[0] not in by_line:
            before = _colon_paragraph_before(text, prev)
            if before is not None:  # "… from Showalter’s press conference:¶On the mood in the dugout:¶“…”"
                reader.note_paragraph(_sentences(_word_tokens(text, before[0], before[1])), before[0])
            reader.note_paragraph(_sentences(_word_tokens(text, read_from, prev[1])), prev[0])
        end = _line_end(text, line)
        if end - line <= 200 and _is_title(text[line:end]):
            title_lines.add(line)
        lo = max(line, quotes[0].open - _WINDOW_BEFORE)
        hi = min(end, max(q.close for q in quotes) + _WINDOW_AFTER)
        toks = _tokens(text, lo, hi, quotes)
        while fed < len(occurrences) and occurrences[fed][0] < hi:
            fed += 1  # read with the line itself
        for span, found, opens, weak in reader.attribute_line(toks, line, None if prev is None else prev[0]):
            if found[0] and not weak:
                group_explicit.setdefault(span.group, found)
            if span.group in group_speaker and (span.reopened or not found[0]):
                found = group_speaker[span.group]
            if found[0]:
                group_speaker.setdefault(span.group, found)
            found_by_span[id(span)] = found
            opens_by_span[id(span)] = opens
            if weak:
                carried.add(id(span))
    # a paragraph of quotation signed on the next line: "“…”¶— Prime Minister Justin Trudeau"
    for line, quotes in by_line.items():
        last = quotes[-1]
        end = _line_end(text, line)
        if (found_by_span.get(id(last), ("",))[0] and id(last) not in carried) or text[last.close : end].strip(
            " .,;:\u201d\"'"
        ):
            continue
        following = re.search(r"\S", text[end : end + 4])
        if following is None or "\n" not in text[end : end + following.start()]:
            continue
        signed = _signed_by(text, end + following.start(), reader.state)
        if signed is not None:
            title_lines.discard(line)  # a pulled-out quote, signed: speech, not a heading
            for s in quotes:
                if not found_by_span.get(id(s), ("",))[0] or id(s) in carried:
                    found_by_span[id(s)] = signed
                    group_explicit.setdefault(s.group, signed)
    # a quotation over several paragraphs: one speaker for every paragraph, the
    # one its own attribution names (often only in its last paragraph), else
    # the one carried over from the paragraph before it
    for quotes in by_line.values():
        for s in quotes:
            chosen = group_explicit.get(s.group) or group_speaker.get(s.group)
            if chosen and (s.reopened or s.group in group_explicit or not found_by_span.get(id(s), ("",))[0]):
                if group_size[s.group] > 1 or not found_by_span.get(id(s), ("",))[0]:
                    found_by_span[id(s)] = chosen
    rows = []
    for s in spans:
        if s.depth == 0:
            found = found_by_span.get(id(s), ("", "", ""))
            title = s.line in title_lines
            if title:
                found = ("", "", "")
            quote = text[s.start : s.end]
            kind = _kind(s, quote, found, title, opens_by_span.get(id(s), False))
            if kind in ("title",) or found[2] == "so-called":
                found = ("", "", "")
            rows.append((s, quote, found, kind))
    children: dict[int, list[_Span]] = {}
    for s in spans:
        if s.depth > 0:
            children.setdefault(s.parent, []).append(s)
    if children:
        for s, _, found, _ in list(rows):
            inner = children.get(s.open, [])
            if not inner:
                continue
            first = [n for n in inner if n.depth == 1]
            for child, cfound in _attribute_nested(text, s, first, found[0], reader.state):
                rows.append((child, text[child.start : child.end], cfound, "nested"))
            for child in inner:
                if child.depth > 1:
                    rows.append((child, text[child.start : child.end], ("", "", ""), "nested"))
    rows.sort(key=lambda r: (r[0].start, -r[0].end))
    return pd.DataFrame(
        {
            "start": pd.array([r[0].start for r in rows], dtype="int64"),
            "end": pd.array([r[0].end for r in rows], dtype="int64"),
            "quote": [r[1] for r in rows],
            "speaker": [r[2][0] for r in rows],
            "speaker_as_written": [r[2][1] for r in rows],
            "cue": [r[2][2] for r in rows],
            "kind": [r[3] for r in rows],
        }
    )


_NAIVE = re.compile('"[^"\\n]*"|\u201c[^\u201d\\n]*\u201d')


def naive_quotes(text: str) -> pd.DataFrame:
    """The baseline: text between a pair of double marks on one line, no speaker.

    Same columns as :func:`~helpers.quotes.extract_quotes`; ``speaker``, ``speaker_as_written``
    and ``cue`` are empty and ``kind`` is always ``speech``. Single marks,
    nested and unclosed quotes are missed, and a stray mark pairs with the
    wrong partner. (Pairs are sought within a line so that the regular
    expression stays linear on text full of unbalanced marks.)

    Example:
        >>> naive_quotes("“It’s over,” he said. 'Not yet.'")[["quote", "speaker"]].values.tolist()
        [['It’s over,', '']]
    """
    _require_str(text, "naive_quotes")
    spans = [(m.start() + 1, m.end() - 1) for m in _NAIVE.finditer(text) if m.end() - m.start() > 2]
    return pd.DataFrame(
        {
            "start": pd.array([a for a, _ in spans], dtype="int64"),
            "end": pd.array([b for _, b in spans], dtype="int64"),
            "quote": [text[a:b] for a, b in spans],
            "speaker": [""] * len(spans),
            "speaker_as_written": [""] * len(spans),
            "cue": [""] * len(spans),
            "kind": ["speech"] * len(spans),
        }
    )


def quotes_for(
    articles: pd.DataFrame,
    column: str = "text",
    extract: Callable[..., pd.DataFrame] = extract_quotes,
    people: PeopleLike = None,
) -> pd.DataFrame:
    """Run :func:`~helpers.quotes.extract_quotes` over every article; add ``article_id`` and ``quote_id``.

    ``articles`` needs an ``id`` column and the text ``column``: ``"text"``
    (the cleaned body of :func:`helpers.corpus.load_articles`, the default) or
    ``"raw"`` (the file as published, which the gold offsets refer to).
    ``quote_id`` is ``<article_id>-q<nn>``, numbered from 1 in text order.
    ``extract`` may be :func:`~helpers.quotes.naive_quotes` to run the baseline. ``people``
    is passed on to ``extract`` when given (see :func:`~helpers.quotes.extract_quotes`): use
    it for texts whose speakers are listed in another ``people.csv``.

    Example:
        >>> import pandas as pd
        >>> articles = pd.DataFrame({"id": ["a1"], "text": ["“We talked,” Kuleba said."]})
        >>> quotes_for(articles)[["article_id", "quote_id", "quote", "speaker"]].values.tolist()
        [['a1', 'a1-q01', 'We talked,', 'Dmytro Kuleba']]
    """
    missing = [c for c in ("id", column) if c not in articles.columns]
    if missing:
        raise KeyError(
            f"quotes_for(): the articles table has no column(s) {', '.join(map(repr, missing))}; "
            "pass the output of helpers.corpus.load_articles() or name the text column."
        )
    if people is not None and "people" in inspect.signature(extract).parameters:
        extract = partial(extract, people=people)  # naive_quotes takes no table
    frames = [
        extract(text).pipe(
            lambda df, aid=aid: df.assign(
                article_id=aid, quote_id=[f"{aid}-q{n:02d}" for n in range(1, len(df) + 1)]
            )
        )
        for aid, text in zip(articles["id"], articles[column], strict=True)
    ]
    columns = ["article_id", "quote_id", *QUOTE_COLUMNS]
    if not frames:
        return _empty().assign(article_id=pd.Series(dtype="object"), quote_id=pd.Series(dtype="object"))[
            columns
        ]
    return pd.concat(frames, ignore_index=True).loc[:, columns]
