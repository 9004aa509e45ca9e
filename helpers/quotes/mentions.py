"""Mentions in a sentence: the people, names, pronouns, roles, sources and organisations it names."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.quotes.people import _norm, _People
from helpers.quotes.persons import DEMONYMS, NOT_A_PERSON, TITLES
from helpers.quotes.sentences import _is_cue, _is_verb, _is_word
from helpers.quotes.words import (
    _TIME_WORDS,
    _AGENT,
    _AUX,
    _CAPS_STOP,
    _DETERMINERS,
    _FUNCTION,
    _ORG_HEADS,
    _PREPOSITIONS,
    _QUANTIFIERS,
    _RELATIVE,
    _ROLE_HEADS,
    _SOURCE_HEADS,
    _SOURCE_PREPS,
    DEMONYM_NOUNS,
    SPEECH_VERBS,
)


class _Mention:
    """A name, pronoun, role noun or descriptor in a sentence (token indexes i..j)."""

    __slots__ = ("i", "j", "kind", "name", "person", "poss", "prep", "mod", "written", "words")

    def __init__(self, i, j, kind, name, person, poss, written, words=()):
        self.i, self.j, self.kind, self.name, self.person = i, j, kind, name, person
        self.poss, self.prep, self.mod, self.written, self.words = poss, False, False, written, words


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


_DEMONYM_HEADS = frozenset(DEMONYM_NOUNS)
#: A person's age used as a noun for them (``the 33-year-old``).
AGE_EPITHET = _AGE_EPITHET = re.compile(r"\d{1,3}-year-old")
#: Lower-case words that may open a mention: articles, numbers, pronouns.
_OPENERS = _DETERMINERS | _QUANTIFIERS | frozenset("he she i we it they".split())


def _match_role(
    toks: list[tuple], i: int, extra: frozenset[str] = frozenset()
) -> tuple[int, str, tuple[str, ...]] | None:
    """``the/a`` + up to four modifiers + a role or source noun (+ a short prepositional phrase)."""
    head = None
    for k in range(i + 1, min(len(toks), i + 6)):
        if not _is_word(toks[k]):
            break
        low = toks[k][2].lower()
        if low in _ROLE_HEADS or low in _SOURCE_HEADS or low in _ORG_HEADS or low in extra:
            head = k
            if k + 1 < len(toks) and (
                toks[k + 1][2].lower() in _ROLE_HEADS or toks[k + 1][2].lower() in extra
            ):
                continue
            break
        if low in DEMONYMS and toks[k][2][:1].isupper() and _ends_noun_phrase(toks, k):
            head = k  # "the Kenyan said": a nationality used as a noun
            break
        if low[:1].isdigit() and _AGE_EPITHET.fullmatch(low) and _ends_noun_phrase(toks, k):
            head = k  # "the 33-year-old conceded": an epithet for the person in focus
            break
        if k == i + 1 and toks[i][2].lower() == "the" and _agent_epithet(toks, k):
            head = k  # "the tweaker said": a noun for what someone does, as the subject of a cue
            break
        if low in _FUNCTION or low in SPEECH_VERBS or low in _DETERMINERS:
            break
        if low in _TIME_WORDS or low in _PRONOUNS:
            break  # "the talks earlier this week he hoped": not one noun phrase
        if (
            k <= i + 3
            and k + 1 < len(toks)
            and (toks[k + 1][2] in SPEECH_VERBS or toks[k + 1][2] in _AUX)  # cheap test first
            and _plain_noun(toks[k][2])
            and _before_cue(toks, k)
            and toks[k + 1][2] not in _WEAK_CUES
        ):
            head = k  # "one delegate said", "some vice-chancellors said", "the authors wrote"
            extra = extra | {low}
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


def _possessed_body(toks: list[tuple], i: int, text: str) -> _Mention | None:
    """``Kenya's health ministry``: a possessive name and up to three lower-case words ending in a body noun.

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "Kenya's health ministry said"
        >>> m = _possessed_body(_word_tokens(text, 0, len(text)), 0, text)
        >>> m.kind, m.name, m.written
        ('org', 'ministry', "Kenya's health ministry")
    """
    for j in range(i + 1, min(len(toks), i + 4)):
        word = toks[j][2]
        if not (_is_word(toks[j]) and word.islower() and word.isalpha()):
            return None
        if word in _ORG_HEADS and (j + 1 == len(toks) or toks[j + 1][2].lower() not in _ORG_HEADS):
            words = tuple(t[2].lower() for t in toks[i + 1 : j + 1])
            return _Mention(i, j + 1, "org", word, False, False, text[toks[i][0] : toks[j][1]], words)
    return None


#: Plural nouns for unnamed sources that speak without an article (``Officials said``).
BARE_SOURCES = frozenset(
    """officials sources diplomats aides advisers advisors analysts experts observers witnesses residents
    officers lawmakers legislators members critics supporters opponents protesters activists campaigners
    scientists researchers doctors economists investors traders teachers parents students workers
    employees voters fans locals villagers organisers organizers prosecutors investigators
    authorities groups organisations organizations companies firms unions charities agencies""".split()
)


#: Reporting verbs that as often report no speech (``the parties continue to``, ``analysts believe``):
#: a plain noun before them is not taken for a speaker.
_WEAK_CUES = frozenset(
    "continue continues continued believe believes believed hope hopes hoped call calls called recall "
    "recalls recalled cite cites cited signal signals signaled signalled observe observes observed "
    "maintain maintains maintained agree agrees agreed reported pointed reflected estimated".split()
)
_PRONOUNS = frozenset("he she it they we i you him her them us me his its their our my your".split())
_LOWER_OPENERS = BARE_SOURCES  # lower-case words that may open a mention besides _OPENERS
_ALL_OPENERS = _OPENERS | _LOWER_OPENERS


def _before_cue(toks: list[tuple], i: int) -> bool:
    """Is token i followed by a reporting verb, maybe after an auxiliary (``officials have said``)?"""
    if i + 1 < len(toks) and _is_cue(toks, i + 1):
        return True
    return i + 2 < len(toks) and toks[i + 1][2].lower() in _AUX and _is_cue(toks, i + 2)


def _bare_source(toks: list[tuple], i: int, text: str, found: list[_Mention]) -> _Mention | None:
    """``Officials``, ``US officials``, ``environmental groups``: a plural source with no article.

    Up to two modifiers before the noun come with it; an article or a number
    before them leaves the phrase to the descriptor rules.

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "Two days later, US officials said"
        >>> m = _bare_source(_word_tokens(text, 0, len(text)), 5, text, [])
        >>> m.kind, m.written
        ('desc', 'US officials')
    """
    start = i
    while start > max(0, i - 2):
        k = start - 1
        word = toks[k][2]
        low = word.lower()
        if (
            not _is_word(toks[k])
            or low in _FUNCTION
            or low in _AUX
            or low in SPEECH_VERBS
            or low in _TIME_WORDS
            or word in _CAPS_STOP
            or low.endswith("ly")
            or any(m.i <= k < m.j and m.kind not in ("name", "unknown") for m in found)
        ):
            break
        start = k
    if start > 0 and (toks[start - 1][2].lower() in _DETERMINERS or toks[start - 1][2].lower() in _QUANTIFIERS):
        return None
    while found and found[-1].j > start:
        found.pop()  # "US" read as a name a moment ago: part of "US officials"
    return _Mention(start, i + 1, "desc", toks[i][2].lower(), False, False, text[toks[start][0] : toks[i][1]])


def _plain_noun(word: str) -> bool:
    """A lower-case word that can head a noun phrase: letters and hyphens, not an adverb in -ly.

    Example:
        >>> _plain_noun("delegate"), _plain_noun("vice-chancellors"), _plain_noun("quickly"), _plain_noun("Smith")
        (True, True, False, False)
    """
    return word.islower() and word.replace("-", "").isalpha() and not word.endswith("ly") and word not in _AUX


@lru_cache(maxsize=16)
def _role_heads(role_words: frozenset[str]) -> frozenset[str]:
    """The nouns that head a role mention for one table: its role words and nouns for a nationality.

    Built once per table, not at every article word.

    Example:
        >>> sorted(_role_heads(frozenset({"judge"})) - _DEMONYM_HEADS)
        ['judge']
    """
    return role_words | _DEMONYM_HEADS


def _agent_epithet(toks: list[tuple], k: int) -> bool:
    """Is token k a lower-case agent noun (``tweaker``, ``skipper``) right before a reporting verb?

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> _agent_epithet(_word_tokens("the tweaker said", 0, 16), 1)
        True
        >>> _agent_epithet(_word_tokens("the report said", 0, 15), 1)
        False
    """
    if k + 1 >= len(toks) or (toks[k + 1][2] not in SPEECH_VERBS and toks[k + 1][2] not in _AUX):
        return False  # the cheap test first: most nouns are not followed by a reporting verb
    word = toks[k][2]
    if not (word.isalpha() and word.islower() and len(word) > 4 and _AGENT.search(word)):
        return False
    if k + 1 < len(toks) and _is_cue(toks, k + 1):
        return True
    return k + 2 < len(toks) and toks[k + 1][2].lower() in _AUX and _is_cue(toks, k + 2)


def _ends_noun_phrase(toks: list[tuple], k: int) -> bool:
    """Is token k the last word of its noun phrase: before punctuation, a verb or a function word?

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("the Kenyan said the Kenyan team", 0, 31)
        >>> _ends_noun_phrase(toks, 1), _ends_noun_phrase(toks, 4)
        (True, False)
    """
    if k + 1 >= len(toks) or not _is_word(toks[k + 1]):
        return True
    low = toks[k + 1][2].lower()
    return low in SPEECH_VERBS or low in _AUX or low in _FUNCTION


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


#: Lower-case words inside the name of a body (``Ministry of Defence``, ``Food and Drug Administration``).
_NAME_CONNECTORS = frozenset("of for on and".split())


def _name_of(toks: list[tuple], j: int, people: _People) -> int:
    """The end of a body's name that goes on with ``of``, ``for``, ``on`` or ``and`` + capitalised words.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> toks = _word_tokens("Royal College of Nursing said", 0, 29)
        >>> _name_of(toks, 2, _people()), _name_of(_word_tokens("Royal College said", 0, 18), 2, _people())
        (4, 2)
    """
    while (
        j + 1 < len(toks)
        and toks[j][2] in _NAME_CONNECTORS
        and _capitalised(toks[j + 1][2])
        and _match_name(toks, j + 1, people) is None
    ):
        j = _capitalised_until(toks, j + 1)
    return j


def _capitalised_until(toks: list[tuple], k: int) -> int:
    """The end of the run of up to four capitalised words that starts at token k (k itself if none).

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> _capitalised_until(_word_tokens("of Torres Strait Islander Studies said", 0, 38), 1)
        5
    """
    start = k
    while k < len(toks) and k < start + 4 and _is_word(toks[k]) and _capitalised(toks[k][2]):
        k += 1
    return k


def _body_goes_on(toks: list[tuple], j: int) -> bool:
    """Does a body's name go on at token j with ``and``/``of`` + capitalised words ending in a body noun?

    ``Food and Drug Administration``; not ``Burton and Nick`` (two people).

    Example:
        >>> from helpers.quotes.sentences import _word_tokens
        >>> _body_goes_on(_word_tokens("Food and Drug Administration said", 0, 33), 1)
        True
        >>> _body_goes_on(_word_tokens("Burton and Nick said", 0, 20), 1)
        False
    """
    if toks[j][2] not in _NAME_CONNECTORS:
        return False
    k = _capitalised_until(toks, j + 1)
    return k > j + 1 and toks[k - 1][2].lower() in NOT_A_PERSON


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word not in _CAPS_STOP


def _mentions(toks: list[tuple], text: str, people: _People, first_person: bool = False) -> list[_Mention]:
    """Every mention in a sentence, left to right, with its grammatical flags.

    Example:
        >>> from helpers.quotes.people import _people
        >>> from helpers.quotes.sentences import _word_tokens
        >>> text = "Ukraine’s foreign minister, Dmytro Kuleba, said he met the Russian diplomat."
        >>> found = _mentions(_word_tokens(text, 0, len(text)), text, _people())
        >>> [(m.kind, m.written, m.poss) for m in found]  # doctest: +NORMALIZE_WHITESPACE
        [('name', 'Ukraine’s', True), ('name', 'Dmytro Kuleba', False), ('pron', 'he', False),
         ('role', 'the Russian diplomat', False)]
    """
    found: list[_Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _is_word(tok):
            i += 1
            continue
        word = tok[2]
        if word[0].islower() and word not in _ALL_OPENERS and word not in people.first_words:
            i += 1  # a lower-case word that can open no mention (most words): skip it quickly
            continue
        low = word.lower()
        if low == "it" or low == "they":
            if _before_cue(toks, i):  # "It said": the body last named; "They said": the pair last named
                found.append(_Mention(i, i + 1, low, "", low == "they", False, word))
            i += 1
            continue
        if low in BARE_SOURCES and _before_cue(toks, i):
            mention = _bare_source(toks, i, text, found)  # "Officials said", "US officials say"
            if mention is not None:
                found.append(mention)
                i = mention.j
                continue
        mention = None
        if low in _DETERMINERS or low in _QUANTIFIERS:
            role = _match_role(toks, i, _role_heads(people.role_words))
            if role is not None and (
                low in _DETERMINERS or role[1] in _SOURCE_HEADS or _before_cue(toks, role[0] - 1)
            ):
                j, head, words = role
                kind = "desc"
                if low == "the" and (
                    (head[:1].isdigit() and _AGE_EPITHET.fullmatch(head) is not None)
                    or (j == i + 2 and _agent_epithet(toks, i + 1))
                    or head in _ROLE_HEADS
                    or head in people.role_words
                    or head in DEMONYM_NOUNS
                    or head in DEMONYMS
                ):
                    kind = "role"
                elif low == "the" and head in _ORG_HEADS:
                    kind = "org"
                if kind == "org" and toks[j - 1][2][:1].isupper():
                    j = _name_of(toks, j, people)  # "the Ministry of Defence"
                mention = _Mention(i, j, kind, head, False, False, text[tok[0] : toks[j - 1][1]], words)
        if mention is None:
            name = _match_name(toks, i, people)
            if name is not None:
                j, canonical, person, poss = name
                mention = _Mention(i, j, "name", canonical, person, poss, text[tok[0] : toks[j - 1][1]])
        if (mention is None or (mention.poss and mention.j == i + 1)) and word.endswith(("'s", "\u2019s")):
            mention = (_possessed_body(toks, i, text) if word[:1].isupper() else None) or mention
        if mention is None and low in ("he", "she"):
            mention = _Mention(i, i + 1, "pron", "", True, False, word)
        if mention is None and first_person and low in ("i", "we"):
            mention = _Mention(i, i + 1, "first", "", True, False, word)
        if (
            mention is None
            and _capitalised(word)
            and word.endswith("ing")
            and i + 2 < len(toks)
            and _capitalised(toks[i + 1][2])
            and _capitalised(toks[i + 2][2])
        ):
            i += 1  # "Quoting Les Miles": a participle opening the sentence, not part of a name
            continue
        if mention is None and _capitalised(word) and i + 1 < len(toks) and (
            _capitalised(toks[i + 1][2]) or (toks[i + 1][2] in _NAME_CONNECTORS and _body_goes_on(toks, i + 1))
        ):
            j = i + 1
            while j < len(toks) and j < i + 5 and _is_word(toks[j]) and _capitalised(toks[j][2]):
                if _match_name(toks, j, people) is not None:
                    break
                j += 1
            j = _name_of(toks, j, people)  # "Royal College of Nursing", "Food and Drug Administration"
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
                or (i + 2 < len(toks) and toks[i + 1][2].lower() in _AUX and _is_cue(toks, i + 2))
                or (
                    i > 0
                    and _is_verb(toks[i - 1])
                    and (i + 1 == len(toks) or not _capitalised(toks[i + 1][2]))
                )
                or (
                    i > 1
                    and _AGE_EPITHET.fullmatch(toks[i - 1][2]) is not None
                    and _is_verb(toks[i - 2])
                )  # "said 40-year-old Gandhimathi"
                or (
                    i > 1
                    and low not in TITLES
                    and toks[i - 1][2] == "and"
                    and found
                    and found[-1].j == i - 1
                    and found[-1].kind in ("name", "unknown")
                )
            )
        ):  # a name not in any table next to the verb: "Petrescu said", "said Petrescu.", "Burton and Nick"
            mention = _Mention(i, i + 1, "unknown", "", True, False, word)
        if mention is None:
            i += 1
            continue
        if mention.kind == "name" and not mention.poss and mention.j < len(toks):
            after = toks[mention.j][2].lower()
            mention.mod = after in _ROLE_HEADS or _match_name(toks, mention.j, people) is not None
        before = toks[i - 1][2].lower() if i > 0 else ""
        if i > 1 and toks[i - 1][2].islower() and before not in _FUNCTION and toks[i - 2][3] == "w":
            before = toks[i - 2][2].lower()  # "of northwestern Khyber Pakhtunkhwa": an adjective between
        if i > 1 and toks[i - 1][2].isupper() and toks[i - 1][3] == "w" and len(toks[i - 1][2]) > 1:
            before = toks[i - 2][2].lower()  # "Irene Nattel of RBC Capital Markets": an acronym between
        if before in _PREPOSITIONS:
            mention.prep = True
        elif before in ("and", "or") and found and found[-1].j == i - 1 and found[-1].prep:
            mention.prep = True
        found.append(mention)
        i = mention.j
    return found
