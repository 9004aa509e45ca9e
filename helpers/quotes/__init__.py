"""Extract quotations from news text, attribute them to speakers, and score them.

:func:`extract_quotes` reads a text once, character mark by character mark,
and returns one row per quotation (columns :data:`~helpers.quotes.extract.QUOTE_COLUMNS`):

* ``start``, ``end``: offsets into the text; ``text[start:end] == quote``
* ``quote``: exactly what lies between the opening and closing mark
* ``speaker``: the canonical name for a person in the people table
  (``helpers.names``), else the fullest form of the name the text gives
  (``"Heather C. Briccetti"`` for ``Briccetti``), an organisation, a
  descriptor such as ``"a Ukrainian source"``, several speakers joined with
  ``"; "``, or ``""``
* ``speaker_as_written``: the words the text uses (``"he"``, ``"Kuleba"``)
* ``cue``: the reporting verb or phrase (``"said"``, ``"told reporters"``,
  ``"according to"``, ``":"``)
* ``kind``: ``speech``, ``scare`` (a phrase set off in marks),
  ``title`` (a heading line) or ``nested`` (inside another quote)

The package has one module per step, in the order a text is read:

* :mod:`helpers.quotes.marks`: find the quotation marks and pair them into spans;
* :mod:`helpers.quotes.sentences`: tokens and sentences around each span;
* :mod:`helpers.quotes.people`: the people table (``people=``), prepared for reading;
* :mod:`helpers.quotes.persons`: the people a text names, their fullest names
  and roles, found from the text alone;
* :mod:`helpers.quotes.mentions`: the names, pronouns, roles, sources and
  organisations a sentence mentions;
* :mod:`helpers.quotes.attribute`: reporting verbs, their subjects, and the
  reader that attributes each span, remembering who is in focus;
* :mod:`helpers.quotes.extract`: :func:`extract_quotes`, :func:`naive_quotes`,
  :func:`quotes_for`;
* :mod:`helpers.quotes.scoring`: :func:`score`, :class:`Score`, :func:`load_gold`,
  :func:`evaluate`, :func:`error_kinds`.

Everything a notebook needs is importable from ``helpers.quotes`` itself.

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
- ``he``/``she`` resolve to the person in focus, unless the text has shown
  that person takes the other pronoun; ``it`` and ``they`` resolve only as the
  subject of a reporting verb (to the body, or the pair of people, last named).
  One surname shared by two people in a text is not told apart, and a person's
  pronoun is learned from the text alone, never from a list of first names.
- Names found without a table come from capitalised words: a person named
  only once by a single word (``Madonna said``) comes out as written, and a
  capitalised run the word lists do not recognise as a place or a body can be
  taken for a person. Speakers are named in English text only; the marks of
  other languages give spans.
- A speaker named only after the quote in a later sentence that has no
  reporting verb (``… was the colonel's first reaction``) or only implied by
  a document (``The letter assured people …``) is missed.

:func:`score` compares predicted and gold quotations; :func:`load_gold`
reads ``data/gold_quotes.csv``; :func:`error_kinds` sorts the errors of a
score into kinds; :func:`naive_quotes` is the regular-expression
baseline that the rules above must beat.

Example:
    >>> from helpers.quotes import extract_quotes
    >>> extract_quotes("“We talked,” Kuleba said.")[["quote", "speaker"]].values.tolist()
    [['We talked,', 'Dmytro Kuleba']]
"""

from helpers.quotes.extract import QUOTE_COLUMNS, extract_quotes, naive_quotes, quotes_for
from helpers.quotes.people import PeopleLike  # noqa: F401 (the type of ``people=``)
from helpers.quotes.scoring import (
    ERROR_COLUMNS,
    ERROR_KINDS,
    GOLD_COLUMNS,
    NO_PEOPLE,
    GoldError,
    Score,
    error_kinds,
    evaluate,
    load_gold,
    score,
)
from helpers.quotes.words import SPEECH_VERBS

__all__ = [
    "ERROR_COLUMNS",
    "ERROR_KINDS",
    "GOLD_COLUMNS",
    "NO_PEOPLE",
    "QUOTE_COLUMNS",
    "SPEECH_VERBS",
    "GoldError",
    "Score",
    "error_kinds",
    "evaluate",
    "extract_quotes",
    "load_gold",
    "naive_quotes",
    "quotes_for",
    "score",
]

# The public API is documented, cross-referenced and pickled as ``helpers.quotes.<name>``,
# wherever in the package it is defined.
for _public in (
    extract_quotes,
    naive_quotes,
    quotes_for,
    score,
    evaluate,
    error_kinds,
    load_gold,
    Score,
    GoldError,
):
    _public.__module__ = __name__
del _public
