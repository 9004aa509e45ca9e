"""Finding the quotation marks and pairing them into spans.

Every convention of European news is read: English “…” and ‘…’, straight
marks, French and Spanish «…» (also spaced, with a plain, no-break or narrow
no-break space, which stays out of the span), Danish and German »…«,
Swedish »…», German „…“ and ‚…‘, Polish „…”. A mark that opens in one
language and closes in another (``“`` after ``„``, ``«`` after ``»``, ``‘``
after ``‚``) closes the quote its partner opened.

A single pass over the quotation marks and line breaks keeps a stack of open
quotes. Curly and straight, double and single marks are read from their
neighbours: a ``’`` or ``'`` between two letters (``Russia’s``, ``don't``) is an
apostrophe; a single mark after a letter (``Ukrainians’``) only closes a quote
when a single quote is open. A paragraph is one line. A quote still open at
the end of its paragraph ends there (a missing closing mark never swallows
the rest of the article), unless the next paragraph reopens it with an opening
mark: the newspaper convention for a quotation over several paragraphs, which
gives one row per paragraph and one speaker for all of them. An unclosed
*single* mark is dropped, because it is far more often an apostrophe
(``'90s``) than a quotation. Inside an open single quote, a mark after an
``s`` and before a lower-case word (``‘the ministers’ talks …’``) is a plural
possessive when a later mark of the same kind can still close the quote
within its paragraph (looked for in a bounded window).
"""

from __future__ import annotations

import re

_MARKS = re.compile("[\n\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a]")
_REOPEN = re.compile('[ \t\r\n\u00a0]*[\u201c\u201e\u00ab"]')
_NONSPACE = re.compile(r"\S")
_DOUBLE_OPEN = "\u201c\u201e\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_GUILLEMETS = "\u00ab\u00bb"
#: Opening marks whose closing mark has the shape of an opening one elsewhere.
_CLOSERS = {"\u201e": "\u201c", "\u00bb": "\u00ab"}


class _Span:
    """One quotation (or one paragraph of a quotation) found by the scanner."""

    __slots__ = (
        "open",
        "start",
        "end",
        "close",
        "depth",
        "double",
        "group",
        "line",
        "reopened",
        "closed",
        "parent",
    )

    def __init__(self, open_, start, end, close, depth, double, group, line, reopened, closed):
        self.open, self.start, self.end, self.close = open_, start, end, close
        self.depth, self.double, self.group, self.line = depth, double, group, line
        self.reopened, self.closed = reopened, closed
        self.parent = -1  # open position of the outermost quote around a nested one


_NEXT_SINGLE = re.compile(r"[\n\u2018\u201c\u201e\u00ab\"]|[\u2019'](?![^\W_])")
_POSSESSIVE_WINDOW = 300


def _plural_possessive(text: str, i: int, opener: str) -> bool:
    """Is the mark at i, after an ``s`` inside an open single quote, a plural possessive?

    Yes when a lower-case word follows (``ministers’ talks``) and a later
    mark of the same kind could close the quote before the paragraph ends or
    another quote opens (looked for within a bounded window, so the scan stays
    linear). ``called them ‘useless’ and left`` has no such later mark.

    Example:
        >>> text = "‘the ministers’ talks’ and ‘the ministers’ and more"
        >>> _plural_possessive(text, 14, "‘"), _plural_possessive(text, 41, "‘")
        (True, False)
    """
    if text[i + 1 : i + 2] != " " or not text[i + 2 : i + 3].islower():
        return False
    m = _NEXT_SINGLE.search(text, i + 1, min(len(text), i + _POSSESSIVE_WINDOW))
    return m is not None and m.group() == text[i] and (opener in "\u2018\u201a") == (text[i] == "\u2019")


_ANY_DOUBLE = re.compile('[\u201c\u201d\u201e\u00ab\u00bb"]')
_STATEMENT_WINDOW = 4000


def _statement_close(text: str, i: int, known: int) -> int:
    r"""Offset of the mark that closes a quote left open at the newline at i, or -1.

    A quote left open at the end of its paragraph goes on through the next
    paragraphs when they hold no opening mark and one of them ends it with a
    closing mark (a statement quoted whole: ``made the following statement:
    “…¶…¶…”``). Looked for within a bounded window, and remembered, so the
    scan stays linear.

    Example:
        >>> text = "He said:\n\n“One.\n\nTwo.\n\nThree.”\n\nAfter."
        >>> _statement_close(text, 16, -1)
        29
        >>> _statement_close("“One.\n\nTwo “three” four.", 5, -1)
        -1
    """
    if known > i:
        return known
    m = _ANY_DOUBLE.search(text, i + 1, min(len(text), i + _STATEMENT_WINDOW))
    if m is None:
        return -1
    mark, at = m.group(), m.start()
    closes = mark in "\u201d\u00bb" or (mark == '"' and not text[at + 1 : at + 2].isalnum())
    return at if closes and not text[at - 1 : at].isspace() else -1


_FILLER = "\u2060"  # stands for the other apostrophe of a pair while scanning
_TWO_OPEN = re.compile(r"(?<![^\W_])''(?=[^\W_])")  # ''We
_TWO_CLOSE = re.compile(r"(?<=[^\s'])''(?![^\W_])")  # here,''


def _two_apostrophes(text: str) -> str:
    """The text with each pair of apostrophes used as a double mark (``''We are here,''``) as ``"``.

    Some outlets write a double quotation mark as two apostrophes. The pair
    becomes one ``"`` and a filler, so offsets stay those of the text; the
    spans then exclude both apostrophes.

    Example:
        >>> _two_apostrophes("''We stay,'' he said.") == '"\u2060We stay,\u2060" he said.'
        True
        >>> _two_apostrophes("the '90s and rock'n'roll")
        "the '90s and rock'n'roll"
    """
    if "''" not in text:
        return text
    text = _TWO_OPEN.sub('"' + _FILLER, text)
    return _TWO_CLOSE.sub(_FILLER + '"', text)


def _opens_speech(text: str, at: int, line_start: int) -> bool:
    """Does the single mark at ``at`` open speech: at the start of its line, or after ``said:``?

    British style quotes speech in single marks, and a quotation over several
    paragraphs leaves each paragraph but the last open. Such a mark left open
    at the end of its paragraph is a quotation running to its end, not an
    apostrophe.

    Example:
        >>> _opens_speech("He said: 'It is hard", 9, 0), _opens_speech("'We stay", 0, 0)
        (True, True)
        >>> _opens_speech("the 'nineties", 4, 0)
        False
    """
    before = text[line_start:at]
    return not before.strip() or before.rstrip().endswith(":")


def _scan(text: str) -> tuple[list[_Span], dict[int, tuple[int, int | None]]]:
    r"""Find quotation spans in one pass over the marks; return spans and line info.

    The line info maps the start of each line holding a quote to the start
    and end of the previous non-blank line (``None`` for the first line).

    Example:
        >>> spans, lines = _scan("He said “Yes, ‘no’.” Then\n“More")
        >>> [(s.start, s.end, s.depth, s.closed) for s in spans]
        [(9, 19, 0, True), (15, 17, 1, True), (27, 31, 0, False)]
        >>> lines  # the line at 26 follows the line 0..25
        {0: None, 26: (0, 25)}
    """
    text = _two_apostrophes(text)
    spans: list[_Span] = []
    stack: list[list] = []  # [open_pos, double, group, opener, reopened]
    lines: dict[int, tuple[int, int | None]] = {}
    n = len(text)
    line_start = 0
    prev_line: tuple[int, int] | None = None
    pending_group: int | None = None
    next_group = 0
    closing = -1  # the closing mark a statement over several paragraphs waits for

    def emit(entry: list, end: int, close: int, depth: int, closed: bool) -> None:
        start = entry[0] + (0 if len(entry) > 5 else 1)  # a statement's paragraph has no opening mark
        while start < end and text[start] == _FILLER:  # ''…'': both apostrophes are the mark
            start += 1
        while end > start and text[end - 1] == _FILLER:
            end -= 1
        if entry[3] in _GUILLEMETS:  # « texte »: the spaces are part of the marks
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if end > start and not text[start:end].isspace():
            span = _Span(entry[0], start, end, close, depth, entry[1], entry[2], line_start, entry[4], closed)
            if depth:
                span.parent = stack[0][0]
            spans.append(span)
            lines.setdefault(line_start, prev_line)

    for m in _MARKS.finditer(text):
        i = m.start()
        c = text[i]
        if c == "\n":
            if stack and len(stack[0]) > 5 and stack[0][0] > i:
                line_start = i + 1  # a blank line before a statement's next paragraph
                continue
            if stack:
                end = i
                while end > line_start and text[end - 1].isspace():
                    end -= 1
                reopens = stack[0][1] and _REOPEN.match(text, i + 1, min(n, i + 201)) is not None
                for depth, entry in enumerate(stack):
                    if entry[1] or (depth == 0 and _opens_speech(text, entry[0], line_start)):
                        emit(entry, end, end, depth, False)  # a single mark opening a paragraph's speech
                pending_group = stack[0][2] if reopens else None
                group = stack[0][2]
                carry = stack[0][1] and not reopens and len(stack) == 1
                stack.clear()
                if carry:
                    closing = _statement_close(text, i, closing)
                    if closing > i:  # "made the following statement: “…¶…¶…”": paragraphs without marks
                        first = _NONSPACE.search(text, i + 1, closing)
                        if first is not None:
                            stack.append([first.start(), True, group, "\u201c", True, True])
                            pending_group = None
            elif _NONSPACE.search(text, line_start, i):
                pending_group = None  # a line of text without an open quote: nothing continues
            if _NONSPACE.search(text, line_start, i):
                prev_line = (line_start, i)
            line_start = i + 1
            continue
        p = text[i - 1] if i > line_start else " "
        nx = text[i + 1] if i + 1 < n else " "
        top_double = bool(stack) and stack[-1][1]
        any_double = any(e[1] for e in stack)
        if c in _DOUBLE_OPEN or (c == '"' and not (any_double and not p.isspace()) and not nx.isspace()):
            if stack and stack[-1][1] and c in _CLOSERS.get(stack[-1][3], ""):
                # „…“ (German), »…« (Danish, German books): this opening-shaped mark closes
                entry = stack.pop()
                emit(entry, i, i + 1, len(stack), True)
                continue
            if not stack and pending_group is not None and not text[line_start:i].strip():
                group, reopened = pending_group, True
            else:
                group, reopened = next_group, False
                next_group += 1
            stack.append([i, True, group, c, reopened])
            pending_group = None
        elif c in _DOUBLE_CLOSE or c == '"':
            if any_double:
                while stack and not stack[-1][1]:
                    stack.pop()  # an unclosed single inside: an apostrophe after all
                entry = stack.pop()
                emit(entry, i, i + 1, len(stack), True)
            elif c != '"' and p.isspace() and not nx.isspace():
                stack.append([i, True, next_group, c, False])  # a closing mark used to open
                next_group += 1
        elif c in "\u2018\u201a":
            if c == "\u2018" and stack and stack[-1][3] == "\u201a" and not p.isspace():
                entry = stack.pop()  # ‚…‘ (German single marks)
                emit(entry, i, i + 1, len(stack), True)
            elif not p.isalnum():
                stack.append([i, False, next_group if not stack else stack[0][2], c, False])
                if len(stack) == 1:
                    next_group += 1
        else:  # ’ or '
            if p.isalnum() and nx.isalnum():
                continue  # apostrophe inside a word
            if stack and not top_double and not p.isspace():
                if p in "sS" and _plural_possessive(text, i, stack[-1][3]):
                    continue  # "‘… the ministers’ talks …’": the quote goes on
                entry = stack.pop()
                emit(entry, i, i + 1, len(stack), True)
            elif c == "'" and not p.isalnum() and not nx.isspace() and nx.isalnum():
                stack.append([i, False, next_group if not stack else stack[0][2], c, False])
                if len(stack) == 1:
                    next_group += 1
    if stack:  # the text ends inside a quote: end it at the end of the last line
        end = n
        while end > line_start and text[end - 1].isspace():
            end -= 1
        for depth, entry in enumerate(stack):
            if entry[1]:
                emit(entry, end, end, depth, False)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans, lines
