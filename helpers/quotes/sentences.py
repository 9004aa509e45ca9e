"""Tokens and sentences: the words around a quotation, read in bounded windows.

A token is a tuple ``(start, end, text, kind, span)``: ``kind`` is ``w``
(a word, with ``Dr.``-style abbreviations and initials kept whole), ``p``
(punctuation) or ``q`` (a whole quotation, ``span`` being its
``helpers.quotes.marks._Span``).
"""

from __future__ import annotations

import re

from helpers.quotes.marks import _Span
from helpers.quotes.words import _ABBREVIATIONS, SPEECH_VERBS

_TOKEN = re.compile(r"[^\W_]+(?:[.'\u2019\-\u2010][^\W_]+)*|\S")


def _tokens(text: str, lo: int, hi: int, quotes: list[_Span]) -> list[tuple]:
    """Tokens of text[lo:hi]: words, punctuation and one ``q`` token per (outer) quote."""
    toks: list[tuple] = []
    pos = lo
    for q in quotes:
        if q.open < pos or q.close > hi:
            continue
        toks.extend(_word_tokens(text, pos, q.open))
        toks.append((q.open, q.close, text[q.start : q.end], "q", q))
        pos = q.close
    toks.extend(_word_tokens(text, pos, hi))
    return toks


def _word_tokens(text: str, lo: int, hi: int) -> list[tuple]:
    """Word and punctuation tokens of ``text[lo:hi]``; abbreviations and initials keep their dot.

    Example:
        >>> [t[2] for t in _word_tokens("Dr. Ana C. Petrescu said.", 0, 25)]
        ['Dr.', 'Ana', 'C.', 'Petrescu', 'said', '.']
    """
    out: list[tuple] = []
    for m in _TOKEN.finditer(text, lo, hi):
        word = m.group()
        kind = "w" if word[0].isalnum() else "p"
        if (
            word == "."
            and out
            and out[-1][1] == m.start()
            and out[-1][3] == "w"
            and (
                "." in out[-1][2]
                or out[-1][2] in _ABBREVIATIONS
                or (len(out[-1][2]) == 1 and out[-1][2].isupper())
            )
        ):
            s, _, w, _, _ = out.pop()
            out.append((s, m.end(), w + ".", "w", None))
            continue
        out.append((m.start(), m.end(), word, kind, None))
    return out


def _ends_sentence(tok: tuple) -> bool:
    if tok[3] == "p":
        return tok[2] in ".!?"
    if tok[3] == "q":
        return tok[2].rstrip()[-1:] in (".", "!", "?")
    return False


def _sentences(toks: list[tuple]) -> list[list[tuple]]:
    """Split tokens into sentences at ``.``, ``!`` or ``?`` before a capital, a digit or a quote.

    Example:
        >>> [[t[2] for t in s] for s in _sentences(_word_tokens("He left. She said no.", 0, 21))]
        [['He', 'left', '.'], ['She', 'said', 'no', '.']]
    """
    out: list[list[tuple]] = []
    current: list[tuple] = []
    for k, tok in enumerate(toks):
        current.append(tok)
        if _ends_sentence(tok) and k + 1 < len(toks):
            nxt = toks[k + 1]
            if nxt[3] == "q" or nxt[2][:1].isupper() or nxt[2][:1].isdigit() or nxt[2] in "\"“‘'":
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


def _is_word(tok: tuple) -> bool:
    return tok[3] == "w"


def _is_verb(tok: tuple) -> bool:
    return tok[3] == "w" and tok[2].lower() in SPEECH_VERBS


def _is_cue(toks: list[tuple], v: int) -> bool:
    """A reporting verb at token v, or ``put it`` (``as Petrescu put it``)."""
    tok = toks[v]
    if tok[3] != "w":
        return False
    low = tok[2].lower()
    if low in SPEECH_VERBS:
        return True
    return low in ("put", "puts") and v + 1 < len(toks) and toks[v + 1][2].lower() == "it"
