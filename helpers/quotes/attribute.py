"""Attributing each quotation: reporting verbs, their subjects, and what pronouns and role nouns stand for.

Each quote is read with its sentence (bounded windows of a few hundred
characters, so the work per quote is constant). In order:

1. **after** the quote, in its sentence: ``“…,” he said``, ``“…,” said Kuleba``,
   ``“…,” Timothy Ash, a strategist, told CNBC``, ``“…,” as Kuleba put it``,
   ``“…,” according to …``, ``“…,” reply Burton and Nick`` (two speakers,
   joined with ``; ``), ``“…,” said Assistant Director Michael McGarrity``
   (titles give way to the name), ``“…” – Hull boss Grant Tilley`` (a dash
   and a name, no verb); ``according to`` an outlet gives way to a person
   who is the subject of a reporting verb before the quote (``Kuleba said
   they “…,” according to The New York Times``);
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
   organisation or a source (``An official went further. “…”``), else from
   the paragraph before when it ends ``X said:``, announces a ``Statement
   from X`` or is a heading in capitals (``MARK ANSCOMBE – HEAD COACH``), else
   continues the previous paragraph's speaker when the quote opens its
   paragraph. A quote still without a speaker takes one from the line after
   its paragraph when that line signs it with a dash (``— Prime Minister
   Justin Trudeau``). A quote that only continues a speaker has no cue of
   its own (``cue`` is empty).

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
People who are not in ``people.csv`` are found in the text itself
(:mod:`helpers.quotes.persons`): each comes out under the fullest form of the
name the text gives, a surname or first name alone maps to it, and the roles
the text gives them (``Judge Mary Smith``, ``coach Dario Pellegrini``,
``Kofi Mensah, a doctor,``) let a later ``the judge``, ``the coach``, ``the
doctor`` or ``the Dutchman`` find them. The reader remembers every person
named, also in paragraphs without quotations, so that ``she`` three
paragraphs later still has someone to stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from helpers.quotes.marks import _Span
from helpers.quotes.mentions import AGE_EPITHET, _Mention, _mentions
from helpers.quotes.people import _People
from helpers.quotes.persons import DEMONYMS, NOT_A_PERSON, TITLES
from helpers.quotes.sentences import _is_cue, _is_verb, _is_word, _sentences, _tokens, _word_tokens
from helpers.quotes.words import (
    _CAPS_STOP,
    _AGENT,
    _AUX,
    _BE,
    _CONJ,
    _DETERMINERS,
    _FUNCTION,
    _NATIONALITY,
    _PREPOSITIONS,
    _QUANTIFIERS,
    _RELATIVE,
    _ROLE_HEADS,
    _ROLE_IGNORABLE,
    _SO_CALLED,
    _SPEECH_NOUNS,
    _TIME_WORDS,
    DEMONYM_NOUNS,
    GENERIC_ORG_HEADS,
    SPEECH_VERBS,
    same_nation,
)

_WINDOW_BEFORE = 400
_WINDOW_AFTER = 300
_LOOKBACK = 600
_MAX_BEFORE_TOKENS = 80
_MAX_ROLE_WORDS = 4


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
    group: str = ""  # the last two or more people named together as a subject, joined with "; "
    gender: dict | None = None  # person -> "he" or "she", as the text itself shows (see _learn_gender)
    focus_named: bool = True  # False when the person in focus was found through a role noun


def _resolve_role(head: str, words: tuple[str, ...], state: _State) -> str:
    """The last named person whose people.csv role fits ``the <words>``; else a unique fit.

    Roles the text itself gives (``Ana Petrescu, the foreign minister,``) count
    as well, for people who are not in people.csv.
    """
    roles = state.people.roles
    if state.learned:
        roles = {**roles, **{name: (role, "") for name, role in state.learned}}
    wanted = _ROLE_HEADS.get(head) or (DEMONYM_NOUNS.get(head, head),)
    mods = [w for w in words[:-1] if w not in _ROLE_IGNORABLE]

    def fits(name: str) -> bool:
        role, country = roles[name]
        by_nation = head in DEMONYMS and _national_fit(head, role, country)  # "the Norwegian": Norway’s
        if not by_nation and not any(w in role for w in wanted):
            return False
        return all(
            w in role or w in country or _abbreviates(w, role) or _national_fit(w, role, country)
            for w in mods
        )

    for name in reversed(state.persons):
        if name in roles and fits(name):
            return name
    fitting = [name for name in roles if fits(name)]
    if len(fitting) == 1:
        return fitting[0]
    national = any(w in _NATIONALITY or w in DEMONYMS for w in mods)
    if mods and not fitting and not national:  # "the EC President": the last person named as a president
        for name in reversed(state.persons):
            if name in roles and any(w in roles[name][0] for w in wanted):
                return name
    return ""


def _national_fit(word: str, role: str, country: str) -> bool:
    """Is ``word`` a nationality whose country the role or the country names (``icelandic``: ``iceland's``)?

    Example:
        >>> _national_fit("icelandic", "iceland's health minister", ""), _national_fit("health", "x", "")
        (True, False)
    """
    return (word in DEMONYMS or word in _NATIONALITY) and same_nation(word, f"{country} {role}")


def _abbreviates(word: str, role: str) -> bool:
    """Is ``word`` the initials of words in ``role`` (``ec``: ``european commission president``)?

    Example:
        >>> _abbreviates("ec", "president of the european commission"), _abbreviates("ec", "economist")
        (True, False)
    """
    if not 2 <= len(word) <= 5 or not word.isalpha():
        return False
    initials = "".join(w[0] for w in role.split() if w not in ("of", "the", "and", "for"))
    return word in initials


def _resolve_org(head: str, words: tuple[str, ...], state: _State) -> str:
    """The last named organisation whose name or role holds ``the <words>``; else a unique fit."""
    orgs = state.people.orgs
    mods = [w for w in words[:-1] if w not in _ROLE_IGNORABLE]

    def fits(name: str) -> bool:
        role, country = orgs[name]
        return head in role and all(
            w in role or w in country or _national_fit(w, role, country) for w in mods
        )

    for name in reversed(state.orgs):
        if name in orgs and fits(name):
            return name
    fitting = [name for name in orgs if fits(name)] if mods else []
    return fitting[0] if len(fitting) == 1 else ""


_SHE = frozenset("she her hers herself".split())
_HE = frozenset("he him his himself".split())
#: Words that say which pronoun a person takes: titles before a name, and nouns in a role.
_GENDERED = MappingProxyType(
    {
        **dict.fromkeys("mr mr. sir lord king prince father brother spokesman chairman businessman "
                        "congressman councilman sportsman husband son".split(), "he"),
        **dict.fromkeys("mrs mrs. ms ms. miss dame lady queen princess sister spokeswoman chairwoman "
                        "businesswoman congresswoman councilwoman sportswoman wife daughter mother "
                        "actress".split(), "she"),
    }
)


def _pronoun_of(words: str) -> str:
    """``he`` or ``she`` when a title or a role noun in ``words`` says so, else ``""``.

    Example:
        >>> _pronoun_of("Mrs. James"), _pronoun_of("party spokesman"), _pronoun_of("the minister")
        ('she', 'he', '')
    """
    for word in words.lower().replace(",", " ").split():
        if word in _GENDERED:
            return _GENDERED[word]
    return ""


def _by_gender(pronoun: str, state: _State) -> str:
    """The person ``he`` or ``she`` stands for: the person in focus, unless the text shows otherwise.

    When the text has shown that the person in focus takes the other pronoun
    (``Karen Bradley … She was asked``), the most recent person who takes this
    one, else the most recent whose pronoun the text has not shown, stands in.

    Example:
        >>> state = _State(focus=("David Lidington", "Lidington"), persons=("Karen Bradley", "David Lidington"),
        ...                gender={"Karen Bradley": "she", "David Lidington": "he"})
        >>> _by_gender("she", state), _by_gender("he", state)
        ('Karen Bradley', 'David Lidington')
    """
    focus = state.focus[0]
    wanted = "she" if pronoun in _SHE else "he"
    known = state.gender or {}
    if not focus or known.get(focus, wanted) == wanted:
        return focus
    for person in reversed(state.persons):
        if known.get(person) == wanted:
            return person
    for person in reversed(state.persons):
        if person != focus and person not in known:
            return person
    return focus


_THIRD_PERSON = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]ers)\b")


def _learn_gender(
    text: str, toks: list[tuple], found: list[_Mention], subject: _Mention | None, state: _State
) -> None:
    """Remember which pronoun a person takes, from what one sentence shows.

    A title or role noun written with the name (``Mr Parker``, ``Ms Upston``),
    a name followed by ``her`` or ``his`` before anyone else is named (``Karen
    Bradley said her government …``, ``Lidington, who said his …``), and a sentence that
    opens with ``she``/``he`` right after one about a person who is still in
    focus (``Karen Bradley was speaking. She was asked …``).
    """
    if state.gender is None:
        state.gender = {}
    if not found or _THIRD_PERSON.search(text, toks[0][0], toks[-1][1]) is None:
        return  # no he, she, his or her in the sentence: nothing to learn from it
    for m in found:
        if m.kind == "name" and m.person:
            said = _pronoun_of(m.written) or _pronoun_of(state.people.roles.get(m.name, ("", ""))[0])
            if said:
                state.gender.setdefault(m.name, said)
    others = [m for m in found if m.kind in ("name", "unknown", "role", "desc")]
    for k, m in enumerate(others):  # "Karen Bradley said her …", "David Lidington, who said his …"
        if m.kind != "name" or not m.person or m.name in state.gender:
            continue
        stop = others[k + 1].i if k + 1 < len(others) else len(toks)
        for tok in toks[m.j : stop]:
            low = tok[2].lower()
            if low in _SHE or low in _HE:
                state.gender[m.name] = "she" if low in _SHE else "he"
                break
    if subject is None:
        return
    if (
        subject.kind == "pron"
        and subject.i <= 1
        and state.focus[0]
        and state.focus_named  # not a person a role noun was taken to mean
        and state.focus[0] not in state.gender
    ):
        state.gender[state.focus[0]] = "she" if subject.written.lower() in _SHE else "he"


def _descriptor(mention: _Mention, state: _State) -> str:
    return _descriptor_text(mention.written, state)


def _descriptor_text(written: str, state: _State) -> str:
    """``A Ukrainian source`` -> ``a Ukrainian source``; ``the source`` -> the earlier descriptor it fits.

    A proper name after ``the`` is an organisation, named without the article.

    Example:
        >>> from helpers.quotes.people import _people
        >>> state = _State(people=_people())
        >>> _descriptor_text("A Ukrainian source", state), _descriptor_text("the UK Government", state)
        ('a Ukrainian source', 'UK Government')
    """
    words = written.split()
    if words[0][:1].isupper() and words[0].endswith(("'s", "\u2019s")):
        return written  # "Kenya's health ministry": a body named by its country
    tail = [w.lower() for w in words[1:]]
    if (
        words[0].lower() == "the"
        and len(words) > 1
        and words[1][:1].isupper()
        and all(w[:1].isupper() or w in ("of", "for", "on", "and") for w in words[1:])
    ):
        return " ".join(words[1:])  # "the Ministry of Defence": a body, named without the article
    if words[0].lower() == "the":
        for earlier in reversed(state.descriptors):
            if set(tail) <= set(earlier.lower().split()):
                return earlier
    first = words[0]
    if (first.isupper() and len(first) > 1) or first.lower() in DEMONYMS:
        return written  # "US officials", "Russian officials": a proper adjective keeps its capital
    return " ".join([first.lower(), *words[1:]])


def _resolve(mention: _Mention, state: _State, outer: str = "") -> str:
    """The speaker a mention stands for (may be ``""``)."""
    if mention.kind == "name":
        return mention.name
    if mention.kind == "pron":
        return _by_gender(mention.written.lower(), state)
    if mention.kind == "it":
        return state.orgs[-1] if state.orgs else ""  # "It described …": the body last named
    if mention.kind == "they":
        return state.group  # "Whipple and Goose expressed concerns. They said …": the pair last named
    if mention.kind == "first":
        return outer
    if mention.kind == "unknown":
        name = state.people.canonical(_untitled(mention.written))
        if " " not in name and name == mention.written:  # a surname: the full name given earlier
            for earlier in reversed(state.persons):
                if earlier.endswith(" " + name):
                    return earlier
            if len(name) >= 5:  # "Idrisov" for "Erlan Idrissov": a surname spelled one letter apart
                close = [p for p in state.people.roles if " " in p and _one_edit(p.rsplit(" ", 1)[1], name)]
                if len(close) == 1:
                    return close[0]
        return name
    if mention.kind == "role":
        name = _resolve_role(mention.name, mention.words, state)
        if name:
            return name
        if any(mention.name in earlier.lower().split() for earlier in state.descriptors):
            return _descriptor(mention, state)  # "an unnamed lawmaker … The lawmaker said"
        if (
            mention.name in DEMONYMS
            or mention.name in DEMONYM_NOUNS
            or AGE_EPITHET.fullmatch(mention.name)
            or (len(mention.words) == 1 and _AGENT.search(mention.name) and mention.name not in _ROLE_HEADS)
        ) and state.focus[0]:
            return state.focus[0]  # "The German added", "the 33-year-old said": the person in focus
    if mention.kind == "org":
        name = _resolve_org(mention.name, mention.words, state)
        if name:
            return name
        same = [o for o in state.orgs if mention.name in o.lower().split()]
        if len(mention.words) == 1 and same:
            return same[-1]  # "Kenya's health ministry said … the ministry added"
        if mention.name in GENERIC_ORG_HEADS and len(mention.words) == 1:
            if state.orgs:
                return state.orgs[-1]  # "Amnesty International said … The group added"
            if state.focus[0] and " " not in state.focus[0] and state.focus[0] == state.focus[1]:
                return state.focus[0]  # "Shell said … The company added": one word, no fuller name
    return _descriptor(mention, state)


def _untitled(written: str) -> str:
    """A name as written without the rank or office before it (``Dr. Adeyemi``: ``Adeyemi``).

    A name with ``Mr``, ``Mrs``, ``Ms`` or ``Miss`` is kept as written: the
    courtesy title is often all that tells two people of one family apart
    (``Mrs. James``, the wife of a ``James`` quoted before her).

    Example:
        >>> _untitled("Dr. Adeyemi"), _untitled("Cllr Brannigan"), _untitled("Judge"), _untitled("Mrs. James")
        ('Adeyemi', 'Brannigan', 'Judge', 'Mrs. James')
        >>> _untitled("Police Scotland"), _untitled("Paris-based Reporters Without Borders")
        ('Police Scotland', 'Reporters Without Borders')
    """
    words = written.split()
    while len(words) > 1 and re.fullmatch(r"[^\W\d_][\w.]*-[a-z]+", words[0]):
        words = words[1:]  # "Paris-based Reporters Without Borders", "Kremlin-backed …"
    written = " ".join(words)
    if words and words[0].lower().rstrip(".") in _FAMILY_TITLES:
        return written
    if len(words) == 2 and words[0].lower() in NOT_A_PERSON:
        return written  # "Police Scotland": a body, not a rank
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


_FAMILY_TITLES = frozenset("mr mrs ms miss".split())


def _one_edit(a: str, b: str) -> bool:
    """Do two words differ by one inserted, deleted or changed letter (same first letter)?

    Example:
        >>> _one_edit("Idrissov", "Idrisov"), _one_edit("Lavrov", "Lavrova"), _one_edit("Smith", "Smyth")
        (True, True, True)
        >>> _one_edit("Kuleba", "Kuleba"), _one_edit("Kuleba", "Zuleba"), _one_edit("Smith", "Smiths2")
        (False, False, False)
    """
    if a == b or a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _eligible_after(m: _Mention) -> bool:
    return not (m.poss or m.mod)


def _eligible(m: _Mention) -> bool:
    return not (m.poss or m.prep or m.mod)


def _subject(mentions: list[_Mention], toks: list[tuple] | None = None) -> _Mention | None:
    """The subject of a sentence: its first mention not possessive, a modifier or after a preposition.

    Given the tokens, a role in apposition gives way to the name after it: ``the
    Minister of Canadian Heritage, Pablo Rodriguez, wished …`` is about Pablo Rodriguez.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> table = _people().extended({("Pablo", "Rodriguez"): "Pablo Rodriguez"}, {})
        >>> text = "the Minister of Canadian Heritage, Pablo Rodriguez, wished everyone well."
        >>> toks = _word_tokens(text, 0, len(text))
        >>> _subject(_mentions(toks, text, table), toks).written
        'Pablo Rodriguez'
    """
    if toks is not None and _opens_with_participle(toks):
        comma = next((k for k, t in enumerate(toks) if t[2] == ","), len(toks))
        mentions = [m for m in mentions if m.i > comma]  # "Stopping Dr de Marco, the magistrate said"
    for k, m in enumerate(mentions):
        if _eligible(m) and m.kind not in ("unknown", "first"):
            if m.kind in ("role", "desc") and toks is not None:
                for after in mentions[k + 1 : k + 3]:
                    if (
                        after.kind == "name"
                        and after.person
                        and after.i - m.j <= 6
                        and toks[after.i - 1][2] == ","
                        and not after.poss
                    ):
                        return after
            return m
    bodies = [m for m in mentions if _eligible(m) and m.kind == "unknown" and " " in m.written and m.i <= 1]
    return bodies[0] if bodies else None  # "United Airlines has responded by saying": a body no table knows


def _passive(toks: list[tuple], v: int) -> bool:
    """Is the reporting verb at v a passive participle (``was described``, ``has been accused``)?

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("Salmond has been accused of", 0, 27)
        >>> _passive(toks, 3), _passive(_word_tokens("Salmond accused them", 0, 20), 1)
        (True, False)
    """
    word = toks[v][2].lower()
    if not word.endswith(("ed", "en")) and word not in ("told", "called", "asked"):
        return False
    k = v - 1
    while k >= 0 and toks[k][3] == "w" and toks[k][2].lower() in ("also", "then", "later", "widely", "repeatedly"):
        k -= 1
    return k >= 0 and toks[k][2].lower() in _BE


def _by_agent(toks: list[tuple], text: str, state: _State) -> tuple[str, str] | None:
    """The agent of a passive, ``by the judging panel``: (speaker, as written), or None."""
    for k, tok in enumerate(toks):
        if tok[3] == "w" and tok[2].lower() == "by":
            found = [m for m in _mentions(toks[k + 1 :], text, state.people) if m.i == 0]
            if found and found[0].kind in ("name", "unknown", "role", "desc", "org"):
                m = found[0]
                return _resolve(m, state), m.written
            rest = toks[k + 1 :]
            stop = next((j for j, t in enumerate(rest) if t[2].lower() in ("as", "of", "for")), len(rest))
            phrase = _noun_phrase(rest[:stop], 0)  # "by the judging panel as “…”"
            if phrase is not None and rest[0][2].lower() in _DETERMINERS:
                return _descriptor_text(phrase[1], state), phrase[1]
            return None
    return None


def _opens_with_participle(toks: list[tuple]) -> bool:
    """Does the sentence open with a participle phrase set off by a comma (``Stopping Dr de Marco, …``)?

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> _opens_with_participle(_word_tokens("Stopping Dr de Marco, the magistrate said", 0, 41))
        True
        >>> _opens_with_participle(_word_tokens("Sterling said, smiling", 0, 22))
        False
    """
    if not toks or toks[0][3] != "w":
        return False
    first = toks[0][2]
    if not (first[:1].isupper() and first[1:].islower() and first.endswith("ing") and len(first) > 5):
        return False
    if len(toks) < 2 or toks[1][3] != "w" or toks[1][2].lower() in SPEECH_VERBS or toks[1][2].lower() in _AUX:
        return False  # "Sterling said", "Harding, the coach,": a name, not a participle
    return any(t[2] == "," for t in toks[2:12])


def _skip_back(toks: list[tuple], k: int) -> int:
    """Index of the first token before k that is not an auxiliary, an adverb or an acronym in brackets.

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("Reporters Without Borders (RSF) has said", 0, 40)
        >>> toks[_skip_back(toks, 7)][2]
        'Borders'
    """
    k -= 1
    while k >= 0:
        if toks[k][3] == "w" and toks[k][2].lower() in _AUX:
            k -= 1
        elif k >= 2 and toks[k][2] == ")" and toks[k - 1][2].isupper() and toks[k - 2][2] == "(":
            k -= 3  # "Reporters Without Borders (RSF) said"
        else:
            break
    return k


def _subject_of(toks: list[tuple], mentions: list[_Mention], v: int) -> _Mention | None:
    """The subject of the reporting verb at token v.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "Ana Petrescu, the foreign minister, said so."
        >>> toks = _word_tokens(text, 0, len(text))
        >>> _subject_of(toks, _mentions(toks, text, _people()), 7).written
        'Ana Petrescu'
    """
    if _opens_with_participle(toks):
        comma = next((k for k, t in enumerate(toks) if t[2] == ","), len(toks))
        if comma < v:
            mentions = [m for m in mentions if m.i > comma]  # "Stopping Dr de Marco, the magistrate said"
    verb = toks[v][2].lower()
    k = _skip_back(toks, v)
    before = toks[k][2].lower() if k >= 0 else ""
    aux = toks[v - 1][2].lower() if v > 0 else ""
    if (verb.endswith("ing") and aux not in _BE) or before in _CONJ:
        return _subject([m for m in mentions if m.j <= v])
    if before in _RELATIVE:
        for m in reversed(mentions):
            if m.j <= k and not m.poss and not m.mod and (
                m.kind != "unknown" or " " in m.written or (m.j + 1 == k and toks[m.j][2] == ",")
            ):
                return m  # "… was the University and College Union, which said", "Russia, which is demanding"
        if k >= 2 and toks[k - 1][2] == "," and toks[k - 2][3] == "w" and toks[k - 2][2][:1].isupper():
            word = toks[k - 2][2]
            if word not in _CAPS_STOP and word.lower() not in TITLES:
                return _Mention(k - 2, k - 1, "unknown", "", True, False, word)  # "unacceptable to Russia, which …"
        return None
    person_first = None  # a person opening the clause, set off by a comma: "Nick Lindsay, Chairman of …"
    for m in mentions:
        if m.j > k:
            break
        prior = toks[m.i - 1][2].lower() if m.i else ""
        opens = m.i == 0 or toks[m.i - 1][3] != "w" or prior in _CONJ or prior in _OPENS_CLAUSE
        if _eligible(m) and m.kind in ("name", "pron") and toks[m.j][2] == "," and opens:
            if m.kind == "pron" or m.person:
                person_first = m
                break
    if before == "," and person_first is not None:  # "Trump, winding up a Middle East tour, said"
        return person_first
    if before == ",":
        for m in reversed(mentions):  # "The Australian Institute of …, which manages the project, said"
            if (
                m.j + 1 < k
                and toks[m.j][2] == ","
                and toks[m.j + 1][2].lower() in ("which", "who")
                and not m.poss
                and not m.prep
                and m.kind in ("name", "unknown", "org", "desc", "role")
            ):
                return m
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
        if m.kind == "unknown" and m.j != v and m.j != k + 1:  # "Cheshire Constabulary has warned"
            continue
        if not _eligible(m):
            continue
        if nearest is None:
            nearest = m
            if person_first is not None and m is not person_first and not (m.kind == "name" and m.person):
                return person_first  # "Dr Nick Lindsay, Chairman of the Clyne Heritage Society said:"
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
    """``“…,” he said`` / ``“…,” said Kuleba`` / ``“…,” according to X``.

    Example:
        >>> from helpers.quotes.marks import _scan
        >>> from helpers.quotes.people import _people
        >>> text = "“We talked,” said Kuleba."
        >>> toks = _tokens(text, 0, len(text), _scan(text)[0])
        >>> _after(text, toks, 0, _State(people=_people()))
        ('Dmytro Kuleba', 'Kuleba', 'said')
    """
    quote = toks[q][2].rstrip().rstrip("\u2019'\u201d\"\u00bb")  # a quote ending in a quote: ‘…,’”
    k = q + 1
    dash = ""
    if k < len(toks) and toks[k][2] == ",":
        k += 1
        if k < len(toks) and toks[k][2] in _DASHES:
            k += 1  # "“…”, - Idrissov continued."
    elif k < len(toks) and toks[k][2] in _DASHES:
        dash = toks[k][2]  # "“…” – Wigan's Roberto Martinez after the defeat"
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
        m = _after_verb(rest, mentions)
        if m is not None:
            return (*_speakers(m, mentions, rest, state, outer), rest[0][2])
        return None
    starts = {m.i for m in mentions}
    named = next((m for m in mentions if m.kind == "name"), None)
    if 0 not in starts and not (first[:1].isupper() or first.lower() in _DETERMINERS):
        if named is None or not _role_before(rest, 0, named.i):  # "local farmer Hugo Brandt said"
            return None
    inside = _covered(mentions)
    for v in range(len(rest)):
        if v not in inside and _is_cue(rest, v):
            m = _subject_of(rest, mentions, v)
            if m is None:
                return None
            return (*_speakers(m, mentions, rest, state, outer), _cue(rest, v, len(rest)))
    if dash or quote[-1:] == ",":
        # "“…” – Birmingham boss Lee Clark (lost 5-2)", "“…,” Pfc. Lawrence Jaeger, an Army driver."
        m = _named_near(rest, mentions)
        if m is not None:
            return (*_speakers(m, mentions, rest, state, outer), dash)
    return None


def _named_near(toks: list[tuple], mentions: list[_Mention]) -> _Mention | None:
    """A person named at the start of an attribution without a verb: within six words, before a comma.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "Birmingham boss Lee Clark (lost 5-2 at Hull)"
        >>> toks = _word_tokens(text, 0, len(text))
        >>> table = _people().extended({("Lee", "Clark"): "Lee Clark"}, {})
        >>> _named_near(toks, _mentions(toks, text, table)).written
        'Lee Clark'
    """
    end = next((k for k, t in enumerate(toks) if t[3] != "w" and t[2] not in ("'", "\u2019")), len(toks))
    for m in mentions:
        if m.i >= min(end, 6):
            break
        if m.kind == "name" and m.person and not m.poss:
            return m
    return None


def _not_the_outlet(
    text: str, toks: list[tuple], q: int, state: _State, found: tuple[str, str, str] | None
) -> tuple[str, str, str] | None:
    """``Kuleba said they “…,” according to The New York Times``: the person who said it, not the outlet.

    When ``according to`` names no person and the sentence before the quote
    has a person as the subject of a reporting verb, that person is the speaker.

    Example:
        >>> from helpers.quotes.marks import _scan
        >>> from helpers.quotes.people import _people
        >>> text = "Kuleba said they “had not agreed,” according to The New York Times."
        >>> toks = _tokens(text, 0, len(text), _scan(text)[0])
        >>> state = _State(people=_people())
        >>> q = [t[3] for t in toks].index("q")
        >>> _not_the_outlet(text, toks, q, state, _after(text, toks, q, state))
        ('Dmytro Kuleba', 'Kuleba', 'said')
    """
    if found is None or found[2] != "according to" or found[0] in state.people.roles:
        return found
    lo = max(0, q - _MAX_BEFORE_TOKENS)
    said = _before(text, toks[lo : q + 1], q - lo, state)
    return said if said is not None and said[0] in state.people.roles else found


def _moved(m: _Mention, by: int) -> _Mention:
    """The same mention ``by`` tokens further right (for a token list cut or extended in front).

    Example:
        >>> _moved(_Mention(3, 5, "name", "X", True, False, "X"), -2).i
        1
    """
    out = _Mention(m.i + by, m.j + by, m.kind, m.name, m.person, m.poss, m.written, m.words)
    out.prep, out.mod = m.prep, m.mod
    return out


def _after_verb(toks: list[tuple], mentions: list[_Mention]) -> _Mention | None:
    """Who follows a reporting verb at token 0: the first name before punctuation, else the first mention.

    Titles and roles before a name give way to it: ``said Assistant Director
    Michael McGarrity``, ``said VOA Director David Ensor``.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "said Assistant Director Michael McGarrity of the FBI"
        >>> toks = _word_tokens(text, 0, len(text))
        >>> table = _people().extended({("Michael", "McGarrity"): "Michael McGarrity"}, {})
        >>> _after_verb(toks, _mentions(toks, text, table)).written
        'Michael McGarrity'
    """
    end = next((k for k in range(1, len(toks)) if toks[k][3] != "w"), len(toks))
    near = [m for m in mentions if 1 <= m.i < min(end, 8) and not m.poss]
    if (
        end < min(len(toks), 8)
        and toks[end][2] == ","
        and not any(m.kind == "name" and m.person for m in near)
    ):
        # "said its commander, Capt. Forrest Clay": the name in apposition
        after = [
            m
            for m in mentions
            if end < m.i <= end + 4
            and ((m.kind == "name" and m.person) or (m.kind == "unknown" and m.j >= len(toks) - 1))
        ]
        if after and all(t[3] == "w" for t in toks[end + 1 : after[0].i]):
            return after[0]
        last = toks[-1]
        if len(toks) == end + 2 and last[3] == "w" and last[2][:1].isupper() and last[2][1:].islower():
            return _Mention(end + 1, end + 2, "unknown", "", True, False, last[2])  # "…, Ashli."
    if not near:
        return None
    named = [m for m in near if m.kind == "name"]
    if near[0].kind == "unknown" and not named and _role_before(toks, 1, near[0].i):
        return near[0]  # "said 40-year-old Gandhimathi", a name no table knows
    if near[0].i == 1 or (
        named
        and (all(toks[k][2][:1].isupper() for k in range(1, named[0].i)) or _role_before(toks, 1, named[0].i))
    ):
        return named[0] if named and near[0].kind != "name" else near[0]
    return None


def _role_before(toks: list[tuple], start: int, name: int) -> bool:
    """Are tokens ``start`` to ``name`` a role before a name: ``senior forecaster``, ``RSF East Asia director``?

    At most five plain words, at least one of them in lower case, capitalised
    words allowed (a body or a place the role belongs to): no article,
    preposition, conjunction, auxiliary, time word or reporting verb (``said on
    Monday that Brandt`` is not a role).

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("said senior forecaster Hugo Brandt", 0, 35)
        >>> _role_before(toks, 1, 3), _role_before(_word_tokens("said on Monday that Hugo", 0, 24), 1, 4)
        (True, False)
        >>> _role_before(_word_tokens("said RSF East Asia director Cédric Alviani", 0, 42), 1, 5)
        True
    """
    if not 0 < name - start <= _MAX_ROLE_WORDS + 1:
        return False
    if all(AGE_EPITHET.fullmatch(t[2]) for t in toks[start:name]):
        return True  # "said 40-year-old Gandhimathi"
    if not any(t[2][:1].islower() for t in toks[start:name]):
        return False  # all capitalised: a run of names, checked elsewhere
    return all(
        t[3] == "w"
        and t[2].lower() not in _TIME_WORDS
        and t[2].lower() not in _FUNCTION
        and t[2] not in _DETERMINERS
        and t[2] not in _AUX
        and t[2] not in SPEECH_VERBS
        for t in toks[start:name]
    )


def _speakers(
    m: _Mention, mentions: list[_Mention], toks: list[tuple], state: _State, outer: str = ""
) -> tuple[str, str]:
    """Speaker and words as written for mention m, with a partner joined by ``and``: ``Burton; Nick Smith``.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "reply Burton and Nick"
        >>> toks = _word_tokens(text, 0, len(text))
        >>> found = _mentions(toks, text, _people())
        >>> _speakers(found[0], found, toks, _State(people=_people()))
        ('Burton; Nick', 'Burton and Nick')
    """
    def linked(a: _Mention, b: _Mention) -> bool:
        between = [t[2].lower() for t in toks[a.j + 1 : b.i]]  # titles may stand between: "and Mr Justice Goose"
        return (
            b.i > a.j
            and a.j < len(toks)
            and toks[a.j][2].lower() in ("and", ",")
            and all(w in TITLES or w == "and" for w in between)
            and a.kind in _PERSONAL
            and b.kind in _PERSONAL
        )

    people = [m]
    at = next((k for k, x in enumerate(mentions) if x is m), None)
    if at is not None:
        k = at
        while k > 0 and linked(mentions[k - 1], mentions[k]):
            people.insert(0, mentions[k - 1])
            k -= 1
        k = at
        while k + 1 < len(mentions) and linked(mentions[k], mentions[k + 1]):
            people.append(mentions[k + 1])
            k += 1
    if len(people) > 1 and not any(toks[p.j][2].lower() == "and" for p in people[:-1] if p.j < len(toks)):
        people = [m]  # "Kian Egan, Mark Feehily, Nicky Byrne and Shane Filan" needs its "and"; a comma alone is not a list
    if len(people) == 1:
        return _resolve(m, state, outer), m.written
    names = [_resolve(p, state, outer) for p in people]
    if not all(names):
        return _resolve(m, state, outer), m.written
    return "; ".join(names), " and ".join(p.written for p in people)


_DASHES = ("\u2013", "\u2014", "-")
#: Words after which a name still opens its clause: ``what Staff Sgt. Sean McPeak, …, described``.
_OPENS_CLAUSE = TITLES | frozenset("what who whom that which as".split())
_PERSONAL = ("name", "unknown")


def _according(
    toks: list[tuple], i: int, mentions: list[_Mention], state: _State, outer: str = ""
) -> tuple[str, str, str] | None:
    """The speaker after ``according to`` at token i: a mention, else a plain noun phrase.

    ``according to the host`` gives the descriptor ``the host`` (article in
    lower case), ``according to Ana Petrescu`` the name as written (or its
    canonical form), whatever the noun.
    """
    m = next((m for m in mentions if m.i == i), None)
    if m is None or m.kind == "unknown":  # "according to Chief Justice John Roberts Jr"
        for n in mentions:
            if i < n.i <= i + 4 and n.kind == "name" and all(t[2][:1].isupper() for t in toks[i : n.i]):
                m = n
                break
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
    """``Lavrov told reporters that … “…”``, ``…, saying “…”``, ``according to X, “…”``, ``X: “…”``.

    Example:
        >>> from helpers.quotes.marks import _scan
        >>> from helpers.quotes.people import _people
        >>> text = "Lavrov told reporters that “nothing” was agreed."
        >>> toks = _tokens(text, 0, len(text), _scan(text)[0])
        >>> _before(text, toks[:6], 5, _State(people=_people()))
        ('Sergei Lavrov', 'Lavrov', 'told reporters')
    """
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
            if _passive(toks, v):  # "has been accused of “…”", "was described by the panel as “…”"
                agent = _by_agent(toks[v + 1 : q], text, state)
                return (agent[0], agent[1], _cue(toks, v, q)) if agent else ("", "", _cue(toks, v, q))
            m = _subject_of(toks, mentions, v)
            if m is None:
                return "", "", _cue(toks, v, q)
            return (*_speakers(m, mentions, toks, state, outer), _cue(toks, v, q))  # "X and Y said"
        if tok[2].lower() == "words" and v > 0:  # "In Healey’s words, “…”"
            m = next((m for m in mentions if m.j == v and m.poss), None)
            if m is not None:
                return _resolve(m, state, outer), m.written, "words"
    if q > 0 and toks[q - 1][2] == ":":
        m = _subject(mentions, toks) or next(
            (m for m in reversed(mentions) if m.kind != "unknown" and not m.prep), None
        )  # not "On Jason Hammel:", a topic
        if m is not None:
            return _resolve(m, state, outer), m.written, ":"
    if _called_as(toks, q, lo):
        m = _subject(mentions, toks)
        if m is not None and m.kind in ("name", "pron", "role", "org", "desc") and m.i <= lo + 8:
            return _resolve(m, state, outer), m.written, "... as"
    return None


#: Words before ``as`` that make a name, not a verdict: ``known as``, ``such as``.
_NOT_CALLED = frozenset("known such so same well also just much soon long far".split())


def _called_as(toks: list[tuple], q: int, lo: int) -> bool:
    """Does the quote at q follow ``<verb> … as`` (``refer to the move as a “betrayal”``)?

    A verdict the subject gives in their own words, whatever the verb; not a
    name (``known as``, ``such as``) nor a passive (``was referred to as``).

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("Qataris refer to the actions as a Q", 0, 35)
        >>> _called_as(toks, 7, 0)
        True
        >>> toks = _word_tokens("the plan, known as Q", 0, 20)
        >>> _called_as(toks, 4, 0)
        False
    """
    k = q - 1
    if k > lo and toks[k][2].lower() in ("a", "an", "being"):
        k -= 1
    if k <= lo or toks[k][2].lower() != "as":
        return False
    window = [t[2].lower() for t in toks[max(lo, k - 6) : k]]
    if not window or window[-1] in _NOT_CALLED or any(w in _BE for w in window):
        return False
    return any(t[3] == "w" for t in toks[lo:k])


def _reported_speaker(toks: list[tuple], mentions: list[_Mention]) -> _Mention | None:
    """Who a sentence without quotations says spoke: the last reporting verb's subject or inverted subject.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> table = _people().extended({("Forrest", "Clay"): "Forrest Clay"}, {"Forrest Clay": ("", "")})
        >>> text = "The soldiers help the town, said its commander, Capt. Forrest Clay."
        >>> toks = _word_tokens(text, 0, len(text))
        >>> _reported_speaker(toks, _mentions(toks, text, table)).written
        'Forrest Clay'
    """
    if any(t[3] == "q" for t in toks):
        return None
    inside = _covered(mentions)
    for v in range(len(toks) - 1, -1, -1):
        if v in inside or not _is_cue(toks, v):
            continue
        named_before = any(m.j == v - 1 and m.kind == "name" and m.person for m in mentions)
        if v > 0 and toks[v - 1][2] == "," and not named_before:  # not "Hon. Robert Montague, says"
            m = _after_verb(toks[v:], [_moved(m, -v) for m in mentions if m.i > v])
            return None if m is None else _moved(m, v)
        return _subject_of(toks, mentions, v)
    return None


#: Source nouns for one person, whom a later "he" or "she" may stand for.
_ONE_PERSON_SOURCES = frozenset(
    "spokesman spokeswoman spokesperson official source aide adviser advisor diplomat insider negotiator "
    "resident witness officer lawmaker member employee worker neighbour neighbor".split()
)
#: Small words that a title in capitals writes in lower case (``A Dictionary for Lovers``).
_TITLE_SMALL_WORDS = frozenset("a an the and or of for to in on at by with from".split())


def _speech_like(quote: str) -> bool:
    """Is a quotation long enough to be someone's words rather than a term: four words or more?

    Example:
        >>> _speech_like("establishment of a common market will provide"), _speech_like("stan")
        (True, False)
    """
    return len(quote.split()) >= 4


#: Nouns for an occasion of speaking, after a possessive name: ``Showalter’s press conference:``.
_REMARKS = frozenset("conference interview speech address briefing testimony remarks statement".split())
_DASHES = frozenset("\u2014\u2013-")


def _heading_name(toks: list[tuple]) -> tuple[str, str, str] | None:
    """A heading line that names who speaks next: ``MARK ANSCOMBE – HEAD COACH, CANADA``.

    Two to four words in capitals open the line and are followed by a dash
    or a comma (a role, a team); the name comes out with capitals only at the
    start of each word.

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "MARK ANSCOMBE – HEAD COACH, CANADA"
        >>> _heading_name(_word_tokens(text, 0, len(text)))
        ('Mark Anscombe', 'MARK ANSCOMBE', '')
        >>> text = "NHS CRISIS DEEPENS IN WINTER"
        >>> _heading_name(_word_tokens(text, 0, len(text))) is None
        True
    """
    k = 0
    while k < len(toks) and k < 5 and toks[k][3] == "w" and toks[k][2].isupper() and toks[k][2].isalpha():
        k += 1
    if not 2 <= k <= 4 or (k < len(toks) and toks[k][2] not in _DASHES and toks[k][2] != ","):
        return None
    if k == len(toks) or any(t[2].lower() in TITLES or t[2].lower() in _FUNCTION for t in toks[:k]):
        return None  # a heading line of its own ("NHS CRISIS DEEPENS") or a role, not a name
    written = " ".join(t[2] for t in toks[:k])
    return " ".join(w.capitalize() for w in written.split()), written, ""


_SIGNED = re.compile(r"[ \t\u00a0]*[\u2014\u2013-][ \t\u00a0]*(?=[^\W\d_])")


def _signed_by(text: str, start: int, state: _State) -> tuple[str, str, str] | None:
    """Who signs a quote from the line at ``start``: ``— Prime Minister Justin Trudeau``, ``— Trudeau on …``.

    A line that opens with a dash and a name (titles allowed) names the
    speaker of the quotation in the paragraph just above it.

    Example:
        >>> from helpers.quotes.people import _people
        >>> text = "— NDP Leader Jagmeet Singh, on the vote"
        >>> from helpers.quotes.persons import _text_people
        >>> _signed_by(text, 0, _State(people=_text_people(text, _people())))
        ('Jagmeet Singh', 'Jagmeet Singh', '—')
    """
    m = _SIGNED.match(text, start)
    if m is None:
        return _name_line(text, start, state)
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    toks = _word_tokens(text, m.end(), min(end, m.end() + 200))
    mentions = _mentions(toks, text, state.people)
    opening = [  # the name opens the line, after a title or two ("Prime Minister", "NDP Leader")
        x for x in mentions if x.i <= 4 and not all(w.lower() in TITLES for w in x.written.split())
    ]
    named = [x for x in opening if x.kind == "name"]
    first = (named or opening or [None])[0]
    if first is None or first.kind not in ("name", "unknown") or first.poss:
        return None
    name = _resolve(first, state)
    return (name, first.written, text[m.start() : m.end()].strip()) if name else None


def _name_line(text: str, start: int, state: _State) -> tuple[str, str, str] | None:
    r"""A line that is only a person's name, under a pulled-out quotation (``Ruth May``).

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.persons import _text_people
        >>> text = "Ruth May, a nurse, spoke.\n\n“We all know it”\n\nRuth May"
        >>> _name_line(text, 45, _State(people=_text_people(text, _people())))
        ('Ruth May', 'Ruth May', '')
    """
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if not line or len(line.split()) > 4:
        return None
    toks = _word_tokens(text, start, start + len(line))
    mentions = _mentions(toks, text, state.people)
    if len(mentions) != 1 or mentions[0].kind != "name" or not mentions[0].person:
        return None
    if mentions[0].i != 0 or mentions[0].j != len(toks):
        return None
    return _resolve(mentions[0], state), mentions[0].written, ""


class _Reader:
    """Attribute the quotes of one text, line by line, in order."""

    def __init__(self, text: str, people: _People):
        self.text = text
        self.state = _State(people=people)
        self.intro: tuple[tuple[str, str, str], int] | None = None
        #: who the last sentence of the paragraph before is about, when it holds no quote
        self.about: tuple[tuple[str, str, str], int] | None = None
        self.last_mentions: list[_Mention] | None = None  # the mentions of the sentence read last
        self.last_sentence: list[tuple] | None = None  # … and that sentence

    def saw(self, name: str, opens: bool) -> None:
        """A person named where the reader does not read word by word; ``opens``: at a sentence start.

        Example:
            >>> from helpers.quotes.people import _people
            >>> reader = _Reader("", _people())
            >>> reader.saw("Dmytro Kuleba", True)
            >>> reader.state.focus, reader.state.persons
            (('Dmytro Kuleba', 'Dmytro Kuleba'), ('Dmytro Kuleba',))
        """
        state = self.state
        state.persons = (*state.persons[-19:], name)
        if opens:
            state.focus = (name, name)

    def note_paragraph(self, sentences: list[list[tuple]], line: int) -> None:
        """Read a paragraph without quotes; remember its speaker when it ends ``X said:``.

        Example:
            >>> from helpers.quotes.people import _people
            >>> from helpers.quotes.persons import _text_people
            >>> from helpers.quotes.sentences import _word_tokens
            >>> text = "Communities Secretary Aileen Campbell said:"
            >>> reader = _Reader(text, _text_people(text, _people()))
            >>> reader.note_paragraph(_sentences(_word_tokens(text, 0, len(text))), 0)
            >>> reader.intro
            (('Aileen Campbell', 'Aileen Campbell', 'said'), 0)
        """
        for sent in sentences:
            self.note_sentence(sent)
        earlier, self.intro = self.intro, None
        if sentences and sentences[-1] and sentences[-1][-1][2] == ":":
            last = sentences[-1]
            marker = (last[-1][0], last[-1][1], "", "q", None)
            found = _before(self.text, [*last, marker], len(last), self.state)
            if found is not None and found[0]:
                self.intro = ((found[0], found[1], found[2]), line)
            else:
                found = self.remarks_of(last)
                if found is not None:
                    self.intro = (found, line)  # "Here are the highlights from Showalter’s press conference:"
                elif earlier is not None and len(sentences) == 1:
                    self.intro = (earlier[0], line)  # "On the mood in the dugout:" between the answers
        for sent in sentences if self.intro is None else ():
            found = self.statement_by(sent)
            if found is not None:
                self.intro = (found, line)
        if self.intro is None and sentences:
            found = _heading_name(sentences[0])
            if found is not None:
                self.intro = (found, line)
        self.about = None
        if sentences and sentences[-1]:
            found = self.introduced(sentences[-1], pronouns=True, mentions=self.last_mentions)
            if found is not None:
                self.about = (found, line)  # "But Mooney was never worried.¶“We spoke at halftime …”"

    def remarks_of(self, sent: list[tuple]) -> tuple[str, str, str] | None:
        """``… from Showalter’s press conference:``: whose remarks a paragraph ending in a colon announces.

        Example:
            >>> from helpers.quotes.people import _people
            >>> from helpers.quotes.persons import _text_people
            >>> from helpers.quotes.sentences import _word_tokens
            >>> text = "Buck Showalter spoke. Here are the highlights from Showalter’s press conference:"
            >>> reader = _Reader(text, _text_people(text, _people()))
            >>> reader.remarks_of(_word_tokens(text, 22, len(text)))
            ('Buck Showalter', 'Showalter’s', ':')
        """
        mentions = _mentions(sent, self.text, self.state.people)
        for m in mentions:
            if m.kind == "name" and m.person and m.poss:
                after = {t[2].lower() for t in sent[m.j : m.j + 3]}
                if after & (_SPEECH_NOUNS | _REMARKS):
                    return _resolve(m, self.state), m.written, ":"
        return None

    def statement_by(self, sent: list[tuple]) -> tuple[str, str, str] | None:
        """``Statement from U.S. Secretary of Education Arne Duncan on …``: who the statement is by.

        Example:
            >>> from helpers.quotes.people import _people
            >>> from helpers.quotes.persons import _text_people
            >>> from helpers.quotes.sentences import _word_tokens
            >>> text = "Statement from Secretary of Education Arne Duncan on the shootings"
            >>> reader = _Reader(text, _text_people(text, _people()))
            >>> reader.statement_by(_word_tokens(text, 0, len(text)))
            ('Arne Duncan', 'Arne Duncan', 'Statement from')
        """
        for v in range(len(sent) - 1):
            if sent[v][2].lower() in _SPEECH_NOUNS and sent[v + 1][2].lower() in ("from", "by"):
                rest = sent[v + 2 : v + 12]
                mentions = _mentions(rest, self.text, self.state.people)
                m = next((m for m in mentions if m.kind == "name" and m.person and not m.poss), None)
                if m is not None:
                    return _resolve(m, self.state), m.written, f"{sent[v][2]} {sent[v + 1][2]}"
        return None

    def note_sentence(self, toks: list[tuple]) -> None:
        """Update the person in focus and the persons named, from one sentence."""
        state = self.state
        found = _mentions(toks, self.text, state.people)
        self.last_mentions = found  # the paragraph's last sentence is read again by note_paragraph
        self.last_sentence = toks
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
        subject = _subject(found, toks)
        _learn_gender(self.text, toks, found, subject, state)
        if (
            subject is not None
            and subject.kind in ("name", "unknown")
            and any(m.j < len(toks) and toks[m.j][2] == "and" for m in found)
        ):
            together, _ = _speakers(subject, found, toks, state)
            if "; " in together:
                state.group = together  # "Lady Justice Whipple and Mr Justice Goose expressed …"
        if subject is not None and subject.kind in ("name", "role"):
            name = _resolve(subject, state)
            if name in state.people.roles:
                state.focus = (name, subject.written)
                state.focus_named = subject.kind == "name"
        speaker = _reported_speaker(toks, found)
        if speaker is not None and speaker.kind == "name" and speaker.person:
            state.focus = (speaker.name, speaker.written)  # "…, said its commander, Capt. Forrest Clay."
            state.focus_named = True
        if subject is not None and subject.kind == "desc":
            descriptor = _resolve(subject, state)
            if descriptor not in state.descriptors:
                state.descriptors = (*state.descriptors, descriptor)[-20:]
            if subject.name in _ONE_PERSON_SOURCES and toks[subject.i][2].lower() in ("a", "an", "one", "another"):
                state.focus = (descriptor, subject.written)  # "A spokesman … said. … he said": the spokesman
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
        elif " " in speaker and (
            speaker == _untitled(found[1].removeprefix("The ").removeprefix("the "))
            or (speaker == found[1] and speaker.split()[0].endswith(("'s", "\u2019s")))
        ):
            self.state.orgs = (*self.state.orgs, speaker)[-20:]  # "Amnesty International said": a body
        elif speaker == found[1] and speaker[:1].isupper() and not speaker.isupper():
            # a name the text gives no fuller form of ("Okonkwo said"): a person, now in focus
            self.state.focus = (speaker, found[1])
            self.state.persons = (*self.state.persons, speaker)[-20:]
        low = speaker.lower()
        if low.startswith(("a ", "an ", "the ", "one ")) and speaker not in self.state.descriptors:
            self.state.descriptors = (*self.state.descriptors, speaker)[-20:]  # bounded, as persons
        if "; " in speaker:
            self.state.group = speaker
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
                    found = _not_the_outlet(
                        self.text, sent, q, self.state, _after(self.text, sent, q, self.state)
                    )
                if found is None and split is not None and sent[q - 1][2] in (",", ":", "\u2014", "\u2013"):
                    found = split  # "“…,” said Kuleba, “…”": the second half of a split quote
                split = found if found is not None and found[0] else None
                if found is None:
                    lo = max(0, q - _MAX_BEFORE_TOKENS)
                    found = _before(self.text, sent[lo : q + 1], q - lo, self.state)
                if found is None:
                    found = self.inverted_later(sent, q)
                opens = all(t[3] == "p" for t in sent[:q])
                if found is None and opens:
                    if in_line is not None:
                        found = (*in_line[:2], "")  # it continues the speaker before: no cue of its own
                    elif s_no == 0 and self.intro is not None and self.intro[1] == prev:
                        found = self.intro[0]  # "Aileen Campbell said:" closing the paragraph before
                    else:
                        nxt = sentences[s_no + 1] if s_no + 1 < len(sentences) else None
                        if nxt is not None and not any(t[3] == "q" for t in nxt):
                            found = self.next_sentence(nxt)
                        if (found is None or not found[0]) and s_no > 0:
                            found = self.introduced(sentences[s_no - 1], pronouns=True) or found
                        last = self.state.last
                        first_in_line = s_no == 0
                        if (
                            (found is None or not found[0])
                            and last
                            and first_in_line
                            and last[3] in (line, prev)
                        ):
                            found = (*last[:2], "")
                            weak = True
                        if (
                            (found is None or not found[0])
                            and first_in_line
                            and self.about is not None
                            and self.about[1] == prev
                        ):
                            found = self.about[0]
                            weak = True
                if found is None and not opens:
                    found = self.said_by_subject(sent, q)
                if found is None and not opens and in_line is not None and _speech_like(sent[q][2]):
                    found = (*in_line[:2], "")  # a clause quoted later in the paragraph of a quoted speaker
                if found is None:
                    found = ("", "", "")
                if found[0]:
                    in_line = found
                self.remember(found, line)
                out.append((tok[4], found, opens, weak))
        return out

    def said_by_subject(self, sent: list[tuple], q: int) -> tuple[str, str, str] | None:
        """``Morgan was happy with the “character” shown``: words quoted inside what a subject did.

        A quote inside a sentence with no reporting verb is, as a reader takes
        it, in the words of the person or body the sentence is about when the
        sentence opens with them (``T.J. Smith thanked the community for its
        “respect”``). Speaker and words as written; no cue.

        Example:
            >>> from helpers.quotes.marks import _scan
            >>> from helpers.quotes.people import _people
            >>> from helpers.quotes.persons import _text_people
            >>> text = "Eoin Morgan was happy with the “character” of his team."
            >>> toks = _tokens(text, 0, len(text), _scan(text)[0])
            >>> _Reader(text, _text_people(text, _people())).said_by_subject(toks, 6)
            ('Eoin Morgan', 'Eoin Morgan', '')
        """
        words = sent[q][2].split()
        if all(w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL_WORDS for w in words):
            return None  # “Week of Action”, “A Dictionary for Lovers”: a name or a title, not someone's words
        if any(
            sent[k][2].lower() in _BE and sent[k + 1][2].lower().endswith(("ed", "en"))
            for k in range(max(0, q - 8), q - 1)
        ):
            return None  # "has been accused of “complacency”", "was shortlisted for “…”": others' words
        known = self.last_mentions if self.last_sentence is sent else None  # read once already
        mentions = (
            [m for m in known if m.j <= q] if known is not None else _mentions(sent[:q], self.text, self.state.people)
        )
        m = _subject(mentions, sent)
        if m is None or m.kind not in ("name", "pron", "role", "org"):
            return None
        if m.i > 1 and not all(t[3] == "w" and t[2][:1].isupper() for t in sent[: m.i]):
            return None  # the sentence opens with the subject, or with its titles (Manitoba Premier …)
        if m.kind == "name" and not m.person and m.name not in self.state.people.orgs:
            return None
        speaker = _resolve(m, self.state)
        return (speaker, m.written, "") if speaker else None

    def inverted_later(self, sent: list[tuple], q: int) -> tuple[str, str, str] | None:
        """``… “more than once” and his killer may be injured, said Commissioner Kevin Davis``.

        A sentence that ends with an inverted attribution after a comma gives
        its speaker to a quote earlier in it that has none of its own.

        Example:
            >>> from helpers.quotes.marks import _scan
            >>> from helpers.quotes.people import _people
            >>> from helpers.quotes.persons import _text_people
            >>> text = "The gun was fired “more than once” and he may be hurt, said Commissioner Kevin Davis."
            >>> toks = _tokens(text, 0, len(text), _scan(text)[0])
            >>> reader = _Reader(text, _text_people(text, _people()))
            >>> reader.inverted_later(toks, 4)
            ('Kevin Davis', 'Kevin Davis', 'said')
        """
        for v in range(q + 1, len(sent)):
            if sent[v][3] == "q":
                continue  # "“a moment away” from “breaking this case,” said Davis": one speaker for both
            if (sent[v - 1][2] == "," or (v - 1 > q and sent[v - 1][3] == "q")) and _is_cue(sent, v):
                tail = sent[v:]
                m = _after_verb(tail, _mentions(tail, self.text, self.state.people))
                if m is None or m.kind not in ("name", "unknown", "role", "desc"):
                    return None
                return _resolve(m, self.state), m.written, _cue(sent, v, len(sent))
            if _is_cue(sent, v) and v - 2 > q:  # "… “…” that sustained damage, Allen told msnbc.com"
                clause = sent[q + 1 : v]
                found = [m for m in _mentions(clause, self.text, self.state.people) if m.j == len(clause)]
                k = found[-1].i - 1 if found else -1
                while k > 0 and clause[k][2].lower() in TITLES:
                    k -= 1  # ", Lt. Chuck Allen told"
                if found and k >= 0 and clause[k][2] == ",":
                    m = found[-1]
                    if m.kind in ("name", "unknown", "pron", "role", "desc"):
                        return _resolve(m, self.state), m.written, _cue(sent, v, len(sent))
        return None

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

    def introduced(
        self, sent: list[tuple], pronouns: bool = False, mentions: list[_Mention] | None = None
    ) -> tuple[str, str, str] | None:
        """The subject of the sentence before a quote that has no attribution of its own.

        ``An official in the delegation went further. “…”``: the quote's
        speaker is who the sentence before it, in the same paragraph, is
        about, when that sentence opens with a person, an organisation or a
        source and holds no quote. Speaker only: no words as written, no cue.
        With ``pronouns``, a sentence opening with ``he``/``she`` counts too (the
        last sentence of the paragraph before a quote that opens its own).
        """
        if any(t[3] == "q" for t in sent):
            return None
        if mentions is None:
            mentions = _mentions(sent, self.text, self.state.people)
        m = _subject(mentions, sent)
        opening = min((x.i for x in mentions), default=len(sent))  # the subject or the role before it
        if m is None or opening > 1 or (m.kind == "pron" and not pronouns) or (m.kind == "name" and not m.person):
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
