"""Extract quotations from news text, attribute them to speakers, and score them.

:func:`extract_quotes` reads a text once, character mark by character mark,
and returns one row per quotation (columns :data:`QUOTE_COLUMNS`):

* ``start``, ``end``: offsets into the text; ``text[start:end] == quote``
* ``quote``: exactly what lies between the opening and closing mark
* ``speaker``: canonical name (``helpers.names``), an organisation, a
  descriptor such as ``"a Ukrainian source"``, or ``""``
* ``speaker_as_written``: the words the text uses (``"he"``, ``"Kuleba"``)
* ``cue``: the reporting verb or phrase (``"said"``, ``"told reporters"``,
  ``"according to"``, ``":"``)
* ``kind``: ``speech``, ``scare`` (a phrase set off in marks),
  ``title`` (a heading line) or ``nested`` (inside another quote)

How quotations are found
------------------------
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

How speakers are found
----------------------
Each quote is read with its sentence (bounded windows of a few hundred
characters, so the work per quote is constant). In order:

1. **after** the quote, in its sentence: ``“…,” he said``, ``“…,” said Kuleba``,
   ``“…,” Timothy Ash, a strategist, told CNBC``, ``“…,” as Kuleba put it``,
   ``“…,” according to …``;
2. the **second half of a split quote** (``“…,” said Kuleba, “…”``) takes the
   attribution that follows the first half, whatever its word order;
3. **before** it: the last reporting verb of the sentence before the quote
   (``Lavrov told reporters that … “…”``), or a colon; its subject is the
   nearest name, pronoun or descriptor before the verb, but the subject of the
   sentence when the verb is a participle (``…, saying “…”``) or follows
   ``and`` (``He described … and accused Lavrov of “…”``), and the name when
   a descriptor stands in apposition to it (``Ana Petrescu, the minister, said``);
4. a quote that opens a sentence with no attribution **continues** the
   speaker of the quote before it in the same paragraph, else takes a
   speaker from the **next sentence** (a reporting verb early in it, ``That
   was how X put it``, ``The remark came from X``), else from the **sentence
   before** it in the paragraph when that sentence opens with a person, an
   organisation or a source (``An official went further. “…”``), else
   continues the previous paragraph's speaker when the quote opens its paragraph.

``according to`` takes a name or descriptor, and failing that any plain noun
phrase (``according to the host`` gives the descriptor ``the host``). A quoted
word or phrase that someone is said to have used is ``speech``, however short
(``The talks were “constructive,” according to the host``): ``scare`` is kept
for phrases with no speaker, as in the gold.

``he``/``she`` resolve to the person in focus: the last person who was the
subject of a sentence or the speaker of a quote. Role nouns (``the minister``,
``the Russian diplomat``) resolve to the last named person whose role in
``people.csv`` fits. Unnamed sources (``a source in the Ukrainian delegation``)
keep their words, with a lower-case article, a number (``two diplomats``) and
a relative clause up to the reporting verb (``two diplomats who asked not to
be named said``); a later ``the source`` maps to the earlier descriptor, also
one met as the subject of a sentence without a quote. Organisation nouns
(``the ministry``, ``the government``) resolve to the organisation in
``people.csv`` last named whose name or role holds the noun and its modifiers
(or the only one that fits, when modifiers are given), else stay a descriptor.
Names that are not in ``people.csv`` come out as written: two or more
capitalised words anywhere, one next to the reporting verb (``Petrescu said``);
a surname alone maps to a full name given earlier, and a role given in an
appositive (``Ana Petrescu, the foreign minister,``) lets a later ``the
minister`` find her.

The people table
----------------
Names are read with ``data/people.csv`` unless ``people=`` names another table
(a DataFrame shaped like :func:`helpers.names.load_people`'s, a folder holding
``people.csv``, or the file itself): :func:`extract_quotes`,
:func:`quotes_for` and :func:`score` all take it. A table is prepared once and
cached on its content (or path), so passing it for every article costs nothing.

Known limits
------------
- A quote attributed through a document noun, ``X's draft calls it “…”``, has
  no speaker: ``calls`` is left out of the verbs (it is more often a noun), and
  the possessor of a document is not taken for a speaker.
- Cues are the verb and its object (``told reporters``), not the channel:
  ``wrote on Telegram`` and ``said in a statement`` give ``wrote`` / ``said``.
  Only speakers are scored.
- A quote with no attribution in its sentence, the next, or the sentence
  before falls back on the previous paragraph's speaker; a change of speaker
  that the text makes only implicitly is missed.
- Pronouns resolve to the person in focus only (``they``, ``it`` are not
  resolved), and one surname shared by two people in a text is not told apart.

:func:`score` compares predicted and gold quotations; :func:`load_gold`
reads ``data/gold_quotes.csv``; :func:`naive_quotes` is the regular-expression
baseline that the rules above must beat.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from helpers.names import PEOPLE_COLUMNS, NamesError, load_people, name_variants
from helpers.paths import data_dir

__all__ = [
    "ERROR_COLUMNS",
    "GOLD_COLUMNS",
    "QUOTE_COLUMNS",
    "SPEECH_VERBS",
    "GoldError",
    "Score",
    "extract_quotes",
    "load_gold",
    "naive_quotes",
    "quotes_for",
    "score",
]

#: Columns of :func:`extract_quotes`, in order.
QUOTE_COLUMNS = ["start", "end", "quote", "speaker", "speaker_as_written", "cue", "kind"]

# --- word lists: general English reporting, not fitted to one article ---------


def _forms(*stems: str) -> frozenset[str]:
    """Every listed form, given as ``base|form|form``."""
    return frozenset(w for stem in stems for w in stem.split("|"))


#: Reporting verbs and their forms. Forms that are mostly nouns (``claims``,
#: ``demands``, ``calls``, ``comments``, ``states``) are left out on purpose.
SPEECH_VERBS = _forms(
    "say|says|said|saying",
    "tell|tells|told|telling",
    "add|adds|added|adding",
    "stress|stresses|stressed|stressing",
    "describe|describes|described|describing",
    "accuse|accuses|accused|accusing",
    "caution|cautions|cautioned|cautioning",
    "dub|dubs|dubbed|dubbing",
    "call|called|calling",
    "dismiss|dismisses|dismissed|dismissing",
    "ask|asks|asked|asking",
    "query|queries|queried|querying",
    "insist|insists|insisted|insisting",
    "warn|warns|warned|warning",
    "write|writes|wrote|written|writing",
    "note|noted|noting",
    "declare|declares|declared|declaring",
    "announce|announces|announced|announcing",
    "claimed|claiming",
    "argue|argues|argued|arguing",
    "urge|urges|urged|urging",
    "demanded|demanding",
    "questioned|questioning",
    "reply|replies|replied|replying",
    "respond|responds|responded|responding",
    "explain|explains|explained|explaining",
    "suggested|suggesting",
    "promised|promising",
    "vow|vows|vowed|vowing",
    "pledged|pledging",
    "concede|concedes|conceded|conceding",
    "admit|admits|admitted|admitting",
    "acknowledge|acknowledges|acknowledged|acknowledging",
    "complain|complains|complained|complaining",
    "tweet|tweeted|tweeting",
    "posted",
    "stated",
    "reiterate|reiterates|reiterated|reiterating",
    "repeat|repeats|repeated|repeating",
    "label|labels|labelled|labeled|labelling|labeling",
    "brand|brands|branded|branding",
    "term|termed|terming",
    "characterise|characterised|characterize|characterized",
    "condemn|condemns|condemned|condemning",
    "signal|signals|signaled|signalled",
    "recall|recalls|recalled|recalling",
    "remark|remarks|remarked|remarking",
    "quip|quipped",
    "joke|joked",
    "announce|announced",
    "predict|predicts|predicted|predicting",
    "confirm|confirms|confirmed|confirming",
    "continue|continued",
    "conclude|concluded",
)
_AUX = frozenset(
    "is are was were be been being has have had will would would've also further then later "
    "again repeatedly reportedly previously earlier separately once still even had already "
    "not never publicly privately".split()
)
_BE = frozenset("is are was were be been being".split())
_CONJ = frozenset("and but or yet nor".split())
_RELATIVE = frozenset("who which that".split())
_PREPOSITIONS = frozenset(
    "with by to of from for about against between among amid at in into on onto over under after before "
    "during without within via toward towards than like beside behind near upon".split()
)
_DETERMINERS = frozenset("the a an one".split())
_FUNCTION = (
    _PREPOSITIONS | _CONJ | _RELATIVE | frozenset("as is are was were not it its his her their".split())
)
#: Role nouns that name a position held by one person (``the minister``).
_ROLE_HEADS = MappingProxyType(
    {
        "minister": ("minister",),
        "president": ("president",),
        "leader": ("president", "leader", "prime minister"),
        "diplomat": ("foreign minister", "ambassador", "secretary of state", "diplomat"),
        "spokesperson": ("spokesperson", "spokesman", "spokeswoman"),
        "spokesman": ("spokesperson", "spokesman", "spokeswoman"),
        "spokeswoman": ("spokesperson", "spokesman", "spokeswoman"),
        "secretary": ("secretary",),
        "ambassador": ("ambassador",),
        "aide": ("aide", "adviser"),
        "adviser": ("aide", "adviser"),
        "advisor": ("aide", "adviser"),
        "chief": ("chief",),
        "strategist": ("strategist",),
        "envoy": ("envoy",),
    }
)
#: Head nouns of unnamed sources (``a Ukrainian source``).
_SOURCE_HEADS = frozenset(
    "source sources official officials diplomat diplomats aide aides adviser advisers advisor "
    "spokesperson spokesman spokeswoman insider insiders negotiator negotiators analyst analysts "
    "person people expert experts observer observers witness witnesses resident residents "
    "statement officer officers lawmaker lawmakers member members".split()
)
#: Head nouns of organisations (``the ministry``), resolved to an organisation
#: of people.csv whose name or role holds the noun, else kept as a descriptor.
_ORG_HEADS = frozenset(
    "ministry government office embassy army military agency department council commission "
    "committee presidency cabinet parliament administration mission secretariat".split()
)
#: Number words that open a descriptor like an article (``two diplomats``).
_QUANTIFIERS = frozenset("two three four five six seven eight nine ten several some many".split())
#: Nouns for what someone said, as in ``The remark came from …``.
_SPEECH_NOUNS = frozenset(
    "remark remarks comment comments words warning quote line assessment verdict message reply "
    "response answer statement".split()
)
_SOURCE_PREPS = frozenset("in from at close familiar with within inside to".split())
_NATIONALITY = MappingProxyType(
    {
        "russian": "russia",
        "ukrainian": "ukraine",
        "turkish": "turkey",
        "american": "united states",
        "u.s.": "united states",
        "us": "united states",
        "french": "france",
        "german": "germany",
        "british": "united kingdom",
        "chinese": "china",
    }
)
_ROLE_IGNORABLE = frozenset("top senior former chief new then current".split())
_CAPS_STOP = frozenset(
    "The A An On In At But And Or For After Before While When If As It This That These Those "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Meanwhile However Still Later".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "after at on in that during before when while last this".split()
)
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr St Gen Sen Rep Gov Lt Col Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "No Inc Ltd Co Jr Sr Prof vs etc".split()
)
_SO_CALLED = frozenset("so-called so‐called".split())

# --- the scanner ---------------------------------------------------------------

_MARKS = re.compile("[\n\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a]")
_REOPEN = re.compile('[ \t\r\n\u00a0]*[\u201c\u201e\u00ab"]')
_NONSPACE = re.compile(r"\S")
_TOKEN = re.compile(r"[^\W_]+(?:[.'\u2019\-\u2010][^\W_]+)*|\S")
_DOUBLE_OPEN = "\u201c\u201e\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_WINDOW_BEFORE = 400
_WINDOW_AFTER = 300
_LOOKBACK = 600
_MAX_BEFORE_TOKENS = 80


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
    """
    if text[i + 1 : i + 2] != " " or not text[i + 2 : i + 3].islower():
        return False
    m = _NEXT_SINGLE.search(text, i + 1, min(len(text), i + _POSSESSIVE_WINDOW))
    return m is not None and m.group() == text[i] and (opener in "\u2018\u201a") == (text[i] == "\u2019")


def _scan(text: str) -> tuple[list[_Span], dict[int, tuple[int, int | None]]]:
    """Find quotation spans in one pass over the marks; return spans and line info.

    The line info maps the start of each line holding a quote to the start
    and end of the previous non-blank line (``None`` for the first line).
    """
    spans: list[_Span] = []
    stack: list[list] = []  # [open_pos, double, group, opener, reopened]
    lines: dict[int, tuple[int, int | None]] = {}
    n = len(text)
    line_start = 0
    prev_line: tuple[int, int] | None = None
    pending_group: int | None = None
    next_group = 0

    def emit(entry: list, end: int, close: int, depth: int, closed: bool) -> None:
        start = entry[0] + 1
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
            if stack:
                end = i
                while end > line_start and text[end - 1].isspace():
                    end -= 1
                reopens = stack[0][1] and _REOPEN.match(text, i + 1, min(n, i + 201)) is not None
                for depth, entry in enumerate(stack):
                    if entry[1]:
                        emit(entry, end, end, depth, False)
                pending_group = stack[0][2] if reopens else None
                stack.clear()
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
            if c == "\u201c" and stack and stack[-1][3] == "\u201e":
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
            if not p.isalnum():
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


# --- names, roles and descriptors ----------------------------------------------


def _norm(word: str) -> str:
    return word.replace("\u2019", "'")


class _People:
    """One people table, prepared for the scanner: spellings as token tuples, roles, lookup."""

    __slots__ = ("names", "longest", "first_words", "roles", "orgs", "lookup")

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
    """The prepared people table, built once per table (cached on its content)."""
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


class _Mention:
    """A name, pronoun, role noun or descriptor in a sentence (token indexes i..j)."""

    __slots__ = ("i", "j", "kind", "name", "person", "poss", "prep", "mod", "written", "words")

    def __init__(self, i, j, kind, name, person, poss, written, words=()):
        self.i, self.j, self.kind, self.name, self.person = i, j, kind, name, person
        self.poss, self.prep, self.mod, self.written, self.words = poss, False, False, written, words


def _is_word(tok: tuple) -> bool:
    return tok[3] == "w"


def _match_name(toks: list[tuple], i: int, people: _People) -> tuple[int, str, bool, bool] | None:
    """Longest people.csv spelling starting at token i: (j, name, person, possessive)."""
    table, longest, first_words = people.names, people.longest, people.first_words
    first = _norm(toks[i][2])
    if first not in first_words and first != "The" and first[:-2] not in first_words:
        return None
    words: list[str] = []
    for k in range(i, min(len(toks), i + longest)):
        if not _is_word(toks[k]):
            break
        w = _norm(toks[k][2])
        words.append("the" if k == i and w == "The" else w)
    for size in range(len(words), 0, -1):
        key = tuple(words[:size])
        if key in table:
            return i + size, *table[key], False
        last = key[-1]
        if last.endswith("'s") and (key[:-1] + (last[:-2],)) in table:
            return i + size, *table[key[:-1] + (last[:-2],)], True
    return None


def _match_role(toks: list[tuple], i: int) -> tuple[int, str, tuple[str, ...]] | None:
    """``the/a`` + up to four modifiers + a role or source noun (+ a short prepositional phrase)."""
    head = None
    for k in range(i + 1, min(len(toks), i + 6)):
        if not _is_word(toks[k]):
            break
        low = toks[k][2].lower()
        if low in _ROLE_HEADS or low in _SOURCE_HEADS or low in _ORG_HEADS:
            head = k
            if k + 1 < len(toks) and toks[k + 1][2].lower() in _ROLE_HEADS:
                continue
            break
        if low in _FUNCTION or low in SPEECH_VERBS or low in _DETERMINERS:
            break
    if head is None:
        return None
    j = head + 1
    if j < len(toks) and toks[j][2].lower() in _SOURCE_PREPS and toks[head][2].lower() in _SOURCE_HEADS:
        k = j + (1 if toks[j][2].lower() in ("close", "familiar") else 0) + 1
        stop = min(len(toks), k + 4)
        last = None
        while k < stop and _is_word(toks[k]):
            low = toks[k][2].lower()
            if low in SPEECH_VERBS or low in _RELATIVE or low in _AUX:
                break
            last = k
            k += 1
        if last is not None and toks[last][2].lower() not in _DETERMINERS:
            j = last + 1
    if j < len(toks) and toks[j][2].lower() == "who" and toks[head][2].lower() in _SOURCE_HEADS:
        j = _who_clause(toks, j)
    words = tuple(t[2].lower() for t in toks[i + 1 : j])
    return j, toks[head][2].lower(), words


def _who_clause(toks: list[tuple], w: int) -> int:
    """End of ``who asked not to be named`` after a source noun: before the next reporting verb or mark.

    The clause's own first verb (``asked``) belongs to it; it ends before a later
    reporting verb (``… named said``) or at punctuation, a quote or ten words.
    """
    k = w + 2
    stop = min(len(toks), w + 12)
    while k < stop and _is_word(toks[k]) and toks[k][2].lower() not in SPEECH_VERBS:
        k += 1
    return k if k > w + 2 else w


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word not in _CAPS_STOP


def _mentions(toks: list[tuple], text: str, people: _People, first_person: bool = False) -> list[_Mention]:
    """Every mention in a sentence, left to right, with its grammatical flags."""
    found: list[_Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _is_word(tok):
            i += 1
            continue
        word = tok[2]
        low = word.lower()
        mention = None
        if low in _DETERMINERS or low in _QUANTIFIERS:
            role = _match_role(toks, i)
            if role is not None and (low in _DETERMINERS or role[1] in _SOURCE_HEADS):
                j, head, words = role
                kind = "desc"
                if low == "the" and head in _ROLE_HEADS:
                    kind = "role"
                elif low == "the" and head in _ORG_HEADS:
                    kind = "org"
                mention = _Mention(i, j, kind, head, False, False, text[tok[0] : toks[j - 1][1]], words)
        if mention is None:
            name = _match_name(toks, i, people)
            if name is not None:
                j, canonical, person, poss = name
                mention = _Mention(i, j, "name", canonical, person, poss, text[tok[0] : toks[j - 1][1]])
        if mention is None and low in ("he", "she"):
            mention = _Mention(i, i + 1, "pron", "", True, False, word)
        if mention is None and first_person and low in ("i", "we"):
            mention = _Mention(i, i + 1, "first", "", True, False, word)
        if mention is None and _capitalised(word) and i + 1 < len(toks) and _capitalised(toks[i + 1][2]):
            j = i + 1
            while j < len(toks) and j < i + 3 and _is_word(toks[j]) and _capitalised(toks[j][2]):
                if _match_name(toks, j, people) is not None:
                    break
                j += 1
            if j - i >= 2:
                mention = _Mention(i, j, "unknown", "", True, False, text[tok[0] : toks[j - 1][1]])
        if (
            mention is None
            and _capitalised(word)
            and low not in _SOURCE_HEADS
            and low not in _ORG_HEADS
            and low not in _ROLE_HEADS
            and (
                (i + 1 < len(toks) and _is_cue(toks, i + 1))
                or (i > 0 and _is_verb(toks[i - 1]) and (i + 1 == len(toks) or not _is_word(toks[i + 1])))
            )
        ):  # a surname not in people.csv next to the verb: "Petrescu said", "said Petrescu."
            mention = _Mention(i, i + 1, "unknown", "", True, False, word)
        if mention is None:
            i += 1
            continue
        if mention.kind == "name" and not mention.poss and mention.j < len(toks):
            after = toks[mention.j][2].lower()
            mention.mod = after in _ROLE_HEADS or _match_name(toks, mention.j, people) is not None
        before = toks[i - 1][2].lower() if i > 0 else ""
        if before in _PREPOSITIONS:
            mention.prep = True
        elif before in ("and", "or") and found and found[-1].j == i - 1 and found[-1].prep:
            mention.prep = True
        found.append(mention)
        i = mention.j
    return found


# --- sentences -------------------------------------------------------------------


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


# --- attribution -------------------------------------------------------------------


@dataclass
class _State:
    """What the reader remembers while reading one article, in text order."""

    focus: tuple[str, str] = ("", "")  # (speaker, as written) of the person in focus
    persons: tuple[str, ...] = ()  # persons named so far, most recent last
    descriptors: tuple[str, ...] = ()
    last: tuple[str, str, str, int] | None = None  # speaker, as written, cue, line
    people: _People | None = None  # the people table names are resolved with
    orgs: tuple[str, ...] = ()  # organisations named so far, most recent last
    learned: tuple[tuple[str, str], ...] = ()  # (name, role) from ``Ana Petrescu, the foreign minister,``


def _resolve_role(head: str, words: tuple[str, ...], state: _State) -> str:
    """The last named person whose people.csv role fits ``the <words>``; else a unique fit.

    Roles the text itself gives (``Ana Petrescu, the foreign minister,``) count
    as well, for people who are not in people.csv.
    """
    roles = state.people.roles
    if state.learned:
        roles = {**roles, **{name: (role, "") for name, role in state.learned}}
    wanted = _ROLE_HEADS[head]
    mods = [w for w in words[:-1] if w not in _ROLE_IGNORABLE]

    def fits(name: str) -> bool:
        role, country = roles[name]
        if not any(w in role for w in wanted):
            return False
        return all(w in role or _NATIONALITY.get(w) == country or w in country for w in mods)

    for name in reversed(state.persons):
        if name in roles and fits(name):
            return name
    fitting = [name for name in roles if fits(name)]
    return fitting[0] if len(fitting) == 1 else ""


def _resolve_org(head: str, words: tuple[str, ...], state: _State) -> str:
    """The last named organisation whose name or role holds ``the <words>``; else a unique fit."""
    orgs = state.people.orgs
    mods = [w for w in words[:-1] if w not in _ROLE_IGNORABLE]

    def fits(name: str) -> bool:
        role, country = orgs[name]
        return head in role and all(w in role or _NATIONALITY.get(w) == country or w in country for w in mods)

    for name in reversed(state.orgs):
        if name in orgs and fits(name):
            return name
    fitting = [name for name in orgs if fits(name)] if mods else []
    return fitting[0] if len(fitting) == 1 else ""


def _descriptor(mention: _Mention, state: _State) -> str:
    return _descriptor_text(mention.written, state)


def _descriptor_text(written: str, state: _State) -> str:
    """``A Ukrainian source`` -> ``a Ukrainian source``; ``the source`` -> the earlier descriptor it fits."""
    words = written.split()
    tail = [w.lower() for w in words[1:]]
    if words[0].lower() == "the":
        for earlier in reversed(state.descriptors):
            if set(tail) <= set(earlier.lower().split()):
                return earlier
    return " ".join([words[0].lower(), *words[1:]])


def _resolve(mention: _Mention, state: _State, outer: str = "") -> str:
    """The speaker a mention stands for (may be ``""``)."""
    if mention.kind == "name":
        return mention.name
    if mention.kind == "pron":
        return state.focus[0]
    if mention.kind == "first":
        return outer
    if mention.kind == "unknown":
        name = state.people.canonical(mention.written)
        if " " not in name and name == mention.written:  # a surname: the full name given earlier
            for earlier in reversed(state.persons):
                if earlier.endswith(" " + name):
                    return earlier
        return name
    if mention.kind == "role":
        name = _resolve_role(mention.name, mention.words, state)
        if name:
            return name
    if mention.kind == "org":
        name = _resolve_org(mention.name, mention.words, state)
        if name:
            return name
    return _descriptor(mention, state)


def _eligible_after(m: _Mention) -> bool:
    return not (m.poss or m.mod)


def _eligible(m: _Mention) -> bool:
    return not (m.poss or m.prep or m.mod)


def _subject(mentions: list[_Mention]) -> _Mention | None:
    """The subject of a sentence: its first mention not possessive, a modifier or after a preposition."""
    for m in mentions:
        if _eligible(m) and m.kind not in ("unknown", "first"):
            return m
    return None


def _skip_back(toks: list[tuple], k: int) -> int:
    """Index of the first token before k that is not an auxiliary or adverb."""
    k -= 1
    while k >= 0 and toks[k][3] == "w" and toks[k][2].lower() in _AUX:
        k -= 1
    return k


def _subject_of(toks: list[tuple], mentions: list[_Mention], v: int) -> _Mention | None:
    """The subject of the reporting verb at token v."""
    verb = toks[v][2].lower()
    k = _skip_back(toks, v)
    before = toks[k][2].lower() if k >= 0 else ""
    aux = toks[v - 1][2].lower() if v > 0 else ""
    if (verb.endswith("ing") and aux not in _BE) or before in _CONJ:
        return _subject([m for m in mentions if m.j <= v])
    if before in _RELATIVE:
        for m in reversed(mentions):
            if m.j <= k and not m.poss and not m.mod and m.kind != "unknown":
                return m
        return None
    nearest = None
    for m in reversed(mentions):
        if m.j > v:
            continue
        if (
            nearest is not None
            and m.kind == "unknown"
            and _eligible(m)
            and m.j < len(toks)
            and toks[m.j][2] == ","
            and nearest.i == m.j + 1
        ):
            return m  # "Ana Petrescu, the foreign minister, said": a name not in people.csv
        if m.kind == "unknown" and m.j != v:
            continue
        if not _eligible(m):
            continue
        if nearest is None:
            nearest = m
            if not (before == "," and m.kind in ("desc", "role")):
                return m
        elif m.kind in ("name", "pron", "unknown") and m.j < len(toks) and toks[m.j][2] == ",":
            return m  # "Timothy Ash, a strategist at a bank, told": the appositive is not the subject
    return nearest


def _cue(toks: list[tuple], v: int, q: int) -> str:
    """Words of the cue: the verb, ``told <whom>``, ``described ... as``, ``is demanding``."""
    verb = toks[v][2]
    low = verb.lower()
    if low in ("put", "puts"):
        return verb + " it"
    if low.endswith("ing") and v > 0 and toks[v - 1][2].lower() in _BE:
        verb = toks[v - 1][2] + " " + verb
    if low in ("tell", "tells", "told", "telling"):
        obj = []
        for tok in toks[v + 1 : min(q, v + 5)]:
            if tok[3] != "w" or tok[2].lower() in _TIME_WORDS:
                break
            obj.append(tok[2])
        return " ".join([verb, *obj])
    if q > 0 and toks[q - 1][2].lower() == "as":
        return verb + (" as" if q - 1 == v + 1 else " ... as")
    return verb


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


def _covered(mentions: list[_Mention]) -> set[int]:
    """Token indexes inside a descriptor of several words (``two diplomats who asked …``)."""
    return {k for m in mentions if m.kind == "desc" and m.j - m.i > 2 for k in range(m.i + 1, m.j)}


def _noun_phrase(toks: list[tuple], i: int) -> tuple[int, str] | None:
    """A plain noun phrase from token i (``the host``), for ``according to …``: (end, words)."""
    j = i
    while j < len(toks) and j < i + 6 and _is_word(toks[j]):
        low = toks[j][2].lower()
        if j > i and (low in _TIME_WORDS or low in SPEECH_VERBS or low in _RELATIVE or low in _CONJ):
            break
        j += 1
    if j == i or toks[j - 1][2].lower() in _DETERMINERS or toks[j - 1][2].lower() in _PREPOSITIONS:
        return None
    return j, " ".join(t[2] for t in toks[i:j])


def _after(
    text: str, toks: list[tuple], q: int, state: _State, outer: str = ""
) -> tuple[str, str, str] | None:
    """``“…,” he said`` / ``“…,” said Kuleba`` / ``“…,” according to X``."""
    quote = toks[q][2].rstrip()
    k = q + 1
    if k < len(toks) and toks[k][2] == ",":
        k += 1
    elif quote[-1:] not in (",", "?", "!", "\u2014", "\u2013", "-") and not (
        k + 1 < len(toks) and toks[k][2].lower() == "according" and toks[k + 1][2].lower() == "to"
    ):
        return None
    if k < len(toks) and toks[k][2].lower() == "as":
        k += 1  # "“…,” as Petrescu put it"
    rest = []
    for tok in toks[k : k + 30]:
        if tok[3] == "q" or (tok[3] == "p" and tok[2] in ".!?;"):
            break
        rest.append(tok)
    if not rest or rest[0][3] != "w":
        return None
    first = rest[0][2]
    mentions = _mentions(rest, text, state.people, first_person=bool(outer))
    if first.lower() == "according" and len(rest) > 2 and rest[1][2].lower() == "to":
        return _according(rest, 2, mentions, state, outer)
    if _is_verb(rest[0]):
        m = next((m for m in mentions if m.i == 1), None)
        if m is not None:
            return _resolve(m, state, outer), m.written, rest[0][2]
        return None
    starts = {m.i for m in mentions}
    if 0 not in starts and not (first[:1].isupper() or first.lower() in _DETERMINERS):
        return None
    inside = _covered(mentions)
    for v in range(len(rest)):
        if v not in inside and _is_cue(rest, v):
            m = _subject_of(rest, mentions, v)
            if m is None:
                return None
            return _resolve(m, state, outer), m.written, _cue(rest, v, len(rest))
    return None


def _according(
    toks: list[tuple], i: int, mentions: list[_Mention], state: _State, outer: str = ""
) -> tuple[str, str, str] | None:
    """The speaker after ``according to`` at token i: a mention, else a plain noun phrase.

    ``according to the host`` gives the descriptor ``the host`` (article in
    lower case), ``according to Ana Petrescu`` the name as written (or its
    canonical form), whatever the noun.
    """
    m = next((m for m in mentions if m.i == i), None)
    if m is not None:
        return _resolve(m, state, outer), m.written, "according to"
    phrase = _noun_phrase(toks, i)
    if phrase is None:
        return None
    written = phrase[1]
    first, _, tail = written.partition(" ")
    if first.lower() in _DETERMINERS or first.lower() in _QUANTIFIERS:
        return _descriptor_text(written, state), written, "according to"
    if not first[:1].isupper():
        return None
    return state.people.canonical(written), written, "according to"


def _barrier(toks: list[tuple], q: int) -> int:
    """Start of the clause that holds the quote at q: after ``, and`` / ``;``."""
    for k in range(q - 1, 0, -1):
        word = toks[k][2]
        if word == ";" or (
            word.lower() in ("and", "but", "while", "whereas", "although") and toks[k - 1][2] == ","
        ):
            return k + 1
    return 0


def _before(
    text: str, toks: list[tuple], q: int, state: _State, outer: str = ""
) -> tuple[str, str, str] | None:
    """``Lavrov told reporters that … “…”``, ``…, saying “…”``, ``according to X, “…”``, ``X: “…”``."""
    mentions = _mentions(toks[:q], text, state.people, first_person=bool(outer))
    inside = _covered(mentions)
    lo = _barrier(toks, q)
    for v in range(q - 1, lo - 1, -1):
        tok = toks[v]
        if tok[3] == "w" and tok[2].lower() == "according" and v + 1 < q and toks[v + 1][2].lower() == "to":
            found = _according(toks[:q], v + 2, mentions, state, outer)
            if found is not None:
                return found
        if v not in inside and _is_cue(toks, v):
            m = _subject_of(toks, mentions, v)
            if m is None:
                return "", "", _cue(toks, v, q)
            return _resolve(m, state, outer), m.written, _cue(toks, v, q)
    if q > 0 and toks[q - 1][2] == ":":
        m = _subject(mentions) or next((m for m in reversed(mentions) if m.kind != "unknown"), None)
        if m is not None:
            return _resolve(m, state, outer), m.written, ":"
    return None


class _Reader:
    """Attribute the quotes of one text, line by line, in order."""

    def __init__(self, text: str, people: _People):
        self.text = text
        self.state = _State(people=people)

    def note_sentence(self, toks: list[tuple]) -> None:
        """Update the person in focus and the persons named, from one sentence."""
        state = self.state
        found = _mentions(toks, self.text, state.people)
        persons = [m.name for m in found if m.kind == "name" and m.person]
        orgs = [m.name for m in found if m.kind == "name" and not m.person]
        for m, nxt in zip(found, found[1:], strict=False):  # "Ana Petrescu, the foreign minister, said"
            if (
                m.kind in ("name", "unknown")
                and nxt.kind in ("role", "desc")
                and nxt.i == m.j + 1
                and toks[m.j][2] == ","
            ):
                name = _resolve(m, state)
                if name not in state.people.roles:
                    state.learned = (*state.learned, (name, " ".join(nxt.words)))[-20:]
                    persons.append(name)
        subject = _subject(found)
        if subject is not None and subject.kind in ("name", "role"):
            name = _resolve(subject, state)
            if name in state.people.roles:
                state.focus = (name, subject.written)
        if subject is not None and subject.kind == "desc":
            descriptor = _resolve(subject, state)
            if descriptor not in state.descriptors:
                state.descriptors = (*state.descriptors, descriptor)[-20:]
        if persons:
            state.persons = (*state.persons, *persons)[-20:]
        if orgs:
            state.orgs = (*state.orgs, *orgs)[-20:]

    def remember(self, found: tuple[str, str, str], line: int) -> None:
        speaker = found[0]
        if speaker in self.state.people.roles or any(speaker == n for n, _ in self.state.learned):
            self.state.focus = (speaker, found[1])
            self.state.persons = (*self.state.persons, speaker)[-20:]
        elif speaker in self.state.people.orgs:
            self.state.orgs = (*self.state.orgs, speaker)[-20:]
        elif speaker == found[1] and " " in speaker and speaker[:1].isupper():  # a name not in people.csv
            self.state.persons = (*self.state.persons, speaker)[-20:]
        low = speaker.lower()
        if low.startswith(("a ", "an ", "the ", "one ")) and speaker not in self.state.descriptors:
            self.state.descriptors = (*self.state.descriptors, speaker)
        if speaker:
            self.state.last = (*found, line)

    def attribute_line(
        self, toks: list[tuple], line: int, prev: int | None
    ) -> list[tuple[_Span, tuple, bool, bool]]:
        """Attribute every outer quote of one line: (span, (speaker, written, cue), opens, weak).

        ``weak`` is True when the speaker was only carried over from the
        previous paragraph, not found in this one.
        """
        out = []
        sentences = _sentences(toks)
        in_line: tuple[str, str, str] | None = None
        for s_no, sent in enumerate(sentences):
            self.note_sentence(sent)
            split: tuple[str, str, str] | None = None  # the attribution after the last quote
            for q, tok in enumerate(sent):
                if tok[3] != "q":
                    continue
                found = None
                weak = False  # True when the speaker is only carried over from the paragraph before
                if q > 0 and sent[q - 1][2].lower() in _SO_CALLED:
                    found = ("", "", "so-called")
                if found is None:
                    found = _after(self.text, sent, q, self.state)
                if found is None and split is not None and sent[q - 1][2] in (",", ":", "\u2014", "\u2013"):
                    found = split  # "“…,” said Kuleba, “…”": the second half of a split quote
                split = found if found is not None and found[0] else None
                if found is None:
                    lo = max(0, q - _MAX_BEFORE_TOKENS)
                    found = _before(self.text, sent[lo : q + 1], q - lo, self.state)
                opens = all(t[3] == "p" for t in sent[:q])
                if found is None and opens:
                    if in_line is not None:
                        found = in_line
                    else:
                        nxt = sentences[s_no + 1] if s_no + 1 < len(sentences) else None
                        if nxt is not None and not any(t[3] == "q" for t in nxt):
                            found = self.next_sentence(nxt)
                        if (found is None or not found[0]) and s_no > 0:
                            found = self.introduced(sentences[s_no - 1]) or found
                        last = self.state.last
                        first_in_line = s_no == 0
                        if (
                            (found is None or not found[0])
                            and last
                            and first_in_line
                            and last[3] in (line, prev)
                        ):
                            found = last[:3]
                            weak = True
                if found is None:
                    found = ("", "", "")
                if found[0]:
                    in_line = found
                self.remember(found, line)
                out.append((tok[4], found, opens, weak))
        return out

    def next_sentence(self, sent: list[tuple]) -> tuple[str, str, str] | None:
        """A reporting verb early in the next sentence, or who the words ``came from``.

        ``“…” Kuleba said so after the meeting.``, ``“…” That was how Petrescu
        put it.``, ``“…” The remark came from the mediator, Ion Barbu.``
        """
        mentions = _mentions(sent, self.text, self.state.people)
        inside = _covered(mentions)
        for v in range(min(len(sent), 10)):
            if v not in inside and _is_cue(sent, v):
                m = _subject_of(sent, mentions, v)
                if m is not None:
                    return _resolve(m, self.state), m.written, _cue(sent, v, len(sent))
        for v in range(1, min(len(sent), 6)):
            if (
                sent[v][2].lower() in _SPEECH_NOUNS
                and v + 2 < len(sent)
                and sent[v + 1][2].lower() in ("came", "comes")
                and sent[v + 2][2].lower() == "from"
            ):
                after = [m for m in mentions if m.i >= v + 3 and _eligible_after(m)]
                if not after:
                    return None
                m = after[0]
                if (
                    m.kind in ("desc", "role")
                    and len(after) > 1
                    and after[1].i == m.j + 1
                    and sent[m.j][2] == ","
                    and after[1].kind in ("name", "unknown")
                ):
                    m = after[1]  # "the mediator, Ion Barbu": the name in the appositive
                cue = " ".join(t[2] for t in sent[v : v + 3])
                return _resolve(m, self.state), m.written, cue
        return None

    def introduced(self, sent: list[tuple]) -> tuple[str, str, str] | None:
        """The subject of the sentence before a quote that has no attribution of its own.

        ``An official in the delegation went further. “…”``: the quote's
        speaker is who the sentence before it, in the same paragraph, is
        about, when that sentence opens with a person, an organisation or a
        source and holds no quote. Speaker only: no words as written, no cue.
        """
        if any(t[3] == "q" for t in sent):
            return None
        mentions = _mentions(sent, self.text, self.state.people)
        m = _subject(mentions)
        if m is None or m.i > 1 or m.kind == "pron" or (m.kind == "name" and not m.person):
            return None
        speaker = _resolve(m, self.state)
        return (speaker, "", "") if speaker else None


def _attribute_nested(
    text: str, outer: _Span, inner: list[_Span], speaker: str, state: _State
) -> list[tuple]:
    """Speaker of each quote inside ``outer``: the subject of a reporting verb in the outer quote."""
    out = []
    toks = _tokens(text, outer.start, outer.end, inner)
    for sent in _sentences(toks):
        for q, tok in enumerate(sent):
            if tok[3] != "q":
                continue
            lo = max(0, q - _MAX_BEFORE_TOKENS)
            found = _after(text, sent, q, state, outer=speaker) or _before(
                text, sent[lo : q + 1], q - lo, state, outer=speaker
            )
            out.append((tok[4], found or ("", "", "")))
    return out


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _is_title(line: str) -> bool:
    stripped = line.strip().rstrip("\"'\u201d\u2019\u00bb ")
    return 0 < len(line.strip()) <= 100 and stripped[-1:] not in (".", "!", "?", ":", ";", ",")


def _kind(span: _Span, quote: str, found: tuple[str, str, str], title: bool, opens: bool) -> str:
    words = len(quote.split())
    if span.depth > 0:
        return "nested"
    if title:
        return "title"
    if found[2] == "so-called":
        return "scare"
    sentence_like = quote[:1].isupper() and quote.rstrip()[-1:] in (".", ",", "!", "?")
    if not span.double and words <= 4 and not sentence_like:
        return "scare"
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

    See the module docstring for the rules and :data:`QUOTE_COLUMNS` for the
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
    reader = _Reader(text, _people(people))
    by_line: dict[int, list[_Span]] = {}
    for s in spans:
        if s.depth == 0:
            by_line.setdefault(s.line, []).append(s)
    found_by_span: dict[int, tuple[str, str, str]] = {}
    opens_by_span: dict[int, bool] = {}
    title_lines: set[int] = set()
    group_speaker: dict[int, tuple[str, str, str]] = {}
    group_explicit: dict[int, tuple[str, str, str]] = {}
    group_size: dict[int, int] = {}
    for s in spans:
        if s.depth == 0:
            group_size[s.group] = group_size.get(s.group, 0) + 1
    for line, quotes in by_line.items():  # lines in text order
        prev = lines.get(line)
        if prev is not None and prev[0] not in by_line:
            lo = max(prev[0], prev[1] - _LOOKBACK)
            for sent in _sentences(_word_tokens(text, lo, prev[1])):
                reader.note_sentence(sent)
        end = _line_end(text, line)
        if end - line <= 200 and _is_title(text[line:end]):
            title_lines.add(line)
        lo = max(line, quotes[0].open - _WINDOW_BEFORE)
        hi = min(end, max(q.close for q in quotes) + _WINDOW_AFTER)
        toks = _tokens(text, lo, hi, quotes)
        for span, found, opens, weak in reader.attribute_line(toks, line, None if prev is None else prev[0]):
            if found[0] and not weak:
                group_explicit.setdefault(span.group, found)
            if span.group in group_speaker and (span.reopened or not found[0]):
                found = group_speaker[span.group]
            if found[0]:
                group_speaker.setdefault(span.group, found)
            found_by_span[id(span)] = found
            opens_by_span[id(span)] = opens
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

    Same columns as :func:`extract_quotes`; ``speaker``, ``speaker_as_written``
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
    """Run :func:`extract_quotes` over every article; add ``article_id`` and ``quote_id``.

    ``articles`` needs an ``id`` column and the text ``column``: ``"text"``
    (the cleaned body of :func:`helpers.corpus.load_articles`, the default) or
    ``"raw"`` (the file as published, which the gold offsets refer to).
    ``quote_id`` is ``<article_id>-q<nn>``, numbered from 1 in text order.
    ``extract`` may be :func:`naive_quotes` to run the baseline. ``people``
    is passed on to ``extract`` when given (see :func:`extract_quotes`): use
    it for texts whose speakers are listed in another ``people.csv``.

    Example:
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
    if people is not None:
        extract = partial(extract, people=people)
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


# --- evaluation ----------------------------------------------------------------------

#: Columns of ``Score.errors``.
ERROR_COLUMNS = ["article_id", "start", "end", "quote", "problem", "expected_speaker", "predicted_speaker"]


class GoldError(ValueError):
    """A row of ``gold_quotes.csv`` that does not fit its article; the message names file and line."""


@dataclass(frozen=True)
class Score:
    """Span and speaker scores of predicted quotations against the gold.

    ``strict`` matches need a Jaccard overlap of the character spans of at
    least 0.8; ``lenient`` matches cover at least 30 % of the gold span. Each
    gold quote matches at most one predicted quote, within its article.
    ``speaker_accuracy`` is measured on the strict matches. ``errors`` lists
    every miss, false hit and wrong speaker (columns :data:`ERROR_COLUMNS`).
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
    precision = matched / n_pred if n_pred else float(n_gold == 0)
    recall = matched / n_gold if n_gold else float(n_pred == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _speaker_key(value: object, people: _People) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return people.canonical(text).casefold()


def score(predicted: pd.DataFrame, gold: pd.DataFrame, people: PeopleLike = None) -> Score:
    """Score predicted quotations against gold ones (spans strict and lenient, speakers).

    Both tables need ``article_id``, ``start`` and ``end``; ``speaker`` and
    ``quote`` are used when present. Speakers are compared by canonical name
    (``people``: as in :func:`extract_quotes`, default ``data/people.csv``),
    ignoring case. See :class:`Score`.

    Example:
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


GOLD_COLUMNS = ["article_id", "start", "end", "quote", "speaker", "speaker_as_written", "cue", "kind"]


def load_gold(
    folder: Path | str | None = None,
    articles: pd.DataFrame | None = None,
    path: Path | str | None = None,
) -> pd.DataFrame:
    """Read ``data/gold_quotes.csv``, checking every row against its raw article.

    Offsets refer to the raw text (``load_articles()["raw"]``). A row whose
    ``raw[start:end]`` is not its ``quote``, an unknown article or a bad offset
    raises :class:`GoldError` naming the file and line.

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
