"""The people a text names, found from the text alone (no table needed).

A careful reader learns who is who from the article itself: ``Heather C.
Briccetti, president and CEO of the Business Council,`` is a person, and a
later ``Briccetti`` or ``the president`` is her. This module reads the text
once before any quotation is attributed and returns what it learned:

1. **Name runs.** Runs of capitalised words, with initials (``C.``),
   particles (``de``, ``van``, ``von der``, ``bin``), hyphens and accents
   (``_runs``).
2. **The name in a run** (``_split_run``): a possessive ends a run
   (``Norway's``); titles and capitalised role words before the name are
   its role, not its name (``Chancellor Rachel Reeves``, ``Assistant
   Director Michael McGarrity``, ``Ukrainian Foreign Minister Dmytro
   Kuleba``); a run with an organisation or place word (``Court``,
   ``University``, ``New …``) is not a person. A person's name has at
   least two words.
3. **Roles** (``_role_around``): lower-case role words just before the
   name (``fisheries minister Jens Olsen``, ``Norway's fisheries minister,
   Jens Olsen``) and an apposition after it (``X, a doctor,``; ``X,
   president and CEO of …,``), so that ``the judge`` or ``the coach`` can be
   resolved later.
4. **Shorter forms** (``_text_people``): every surname-like tail of a full
   name (``Briccetti``, ``Suu Kyi``, ``von der Leyen``) and the first name
   alone stand for the fullest form, unless two people share them.

When a table is given, its canonical names win: a name the table knows comes
out under the table's spelling.

Example:
    >>> from helpers.quotes.people import _people
    >>> found = _text_people("Heather C. Briccetti, president and CEO of the council, spoke.", _people())
    >>> found.canonical("Briccetti"), found.roles["Heather C. Briccetti"][0]
    ('Heather C. Briccetti', 'president and ceo of the council')
"""

from __future__ import annotations

import re

from helpers.quotes.people import _norm, _People
from helpers.quotes.sentences import _word_tokens
from helpers.quotes.words import _ABBREVIATIONS, _AGENT, DEMONYM_NOUNS, SPEECH_VERBS

_UPPER = "".join(sorted({c for c in map(chr, range(0x10000)) if c.isupper() and c.isalpha()} - {"_"}))
_UPPER_CLASS = "[" + re.escape(_UPPER) + "]"
#: Lower-case particles that may sit inside a name (``Ursula von der Leyen``).
_PARTICLES = frozenset(
    "de del della der den di da das do dos du van von bin ibn al el la le ter ten af zu y st".split()
)
_WORD = rf"(?:{_UPPER_CLASS}[\w'\u2019\-\u2010]*\.?(?:{_UPPER_CLASS}\.)*)"  # "K.J.", "U.S."
_PARTICLE = r"(?:" + "|".join(sorted(_PARTICLES, key=len, reverse=True)) + r")"
_SPACE = r"[ \u00a0]+"
_RUN = re.compile(rf"(?<![\w'\u2019\-.]){_WORD}(?:{_SPACE}(?:{_PARTICLE}{_SPACE})*{_WORD})*")

#: Titles and capitalised role words that stand before a name and are not part of it.
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor gen gen. general sen sen. senator rep
    rep. representative gov gov. governor lt lt. col col. sgt sgt. capt capt. captain adm adm. admiral
    maj maj. major cmdr cmdr. commander justice judge president vice prime minister ministers foreign
    secretary chancellor coach manager director assistant deputy chief executive officer chair chairman
    chairwoman chairperson ceo cfo coo founder mayor ambassador attorney prosecutor commissioner king queen
    prince princess pope lord lady sir dame rev rev. reverend father sister brother bishop archbishop
    cardinal rabbi imam sheikh sheriff detective inspector superintendent constable officer spokesperson
    spokesman spokeswoman premier speaker leader head defence defense interior finance health trade
    home state economy energy education justice environment fisheries agriculture culture sports
    transport labour labor treasury business digital science culture police fire army navy air force
    special agent trooper private corporal sergeant lieutenant colonel marshal senior junior first
    lady gentleman striker midfielder defender goalkeeper forward winger skipper boss rider driver
    champion star veteran legend rookie dean provost principal headteacher doctor nurse surgeon
    economist analyst strategist author writer novelist poet actor actress singer artist director
    producer professor researcher scientist physicist chemist biologist historian editor correspondent
    reporter columnist presenter host anchor u.s. us uk eu un nato former then acting interim incoming
    outgoing late new cadet pfc pfc. spc spc. sgt sgt. ssgt cpl cpl. pvt pvt. brig brig. maj maj. cmdr
    cdr cdr. supt supt. insp insp. det det. cllr cllr. coun coun. councillor councilor alderman hon hon. pastor
    mp mep msp mla mpp
    class petty airman seaman specialist staff master command warrant gunnery lance private
    citizenship immigration refugees affairs development communities housing security veterans
    infrastructure innovation industry employment families works national international foreign
    homeland public services relations planning policy counsel solicitor barrister magistrate
    coroner warden registrar clerk treasurer controller auditor regulator ombudsman datuk dato datin seri
    tunku""".split()
)
#: Title words that are also surnames or name parts (``Martin Luther King Jr.``, ``John Major``,
#: ``Kim Jong Un``), which at the end of a run, after a name, are part of it.
SURNAME_TITLES = frozenset(
    "king prince major judge justice bishop cardinal pope lord marshal sheriff dean chancellor mayor "
    "constable warden clerk master un".split()
)
#: Title words that are also common first names: before a surname alone they are the first name.
_FIRST_NAME_TITLES = frozenset("dean earl duke".split())
#: Months that are also first names.
_MONTH_NAMES = frozenset("april may june august".split())
#: Demonyms and regional adjectives, which describe a person and are not a name.
DEMONYMS = frozenset(
    """ukrainian russian turkish american british english scottish welsh irish french german dutch
    belgian swiss austrian italian spanish portuguese greek polish czech slovak hungarian romanian
    bulgarian serbian croatian bosnian slovenian albanian swedish norwegian danish finnish icelandic
    estonian latvian lithuanian belarusian moldovan georgian armenian azerbaijani kazakh uzbek
    chinese japanese korean taiwanese vietnamese thai burmese cambodian indonesian malaysian filipino
    indian pakistani afghan bangladeshi iranian iraqi syrian lebanese israeli palestinian jordanian
    saudi emirati qatari egyptian libyan tunisian algerian moroccan nigerian kenyan ethiopian somali
    sudanese ghanaian ugandan tanzanian rwandan african european asian canadian mexican cuban
    brazilian argentine argentinian chilean colombian venezuelan peruvian australian kiwi zealander""".split()
)
#: Words that make a capitalised run an organisation, a place, an event or a work, not a person.
NOT_A_PERSON = frozenset(
    """court courts university college school institute academy council ministry department office
    agency authority commission committee parliament congress senate assembly government party union
    association federation league club fc united city county state states republic kingdom nations
    bank group company corporation corp corp. inc inc. ltd ltd. llc plc co co. holdings partners
    foundation trust fund service services police army navy force forces command guard hospital clinic
    center centre museum library church mosque cathedral street road avenue square bridge airport
    station river lake mountain mountains island islands sea ocean bay valley park stadium arena times
    post news press journal herald tribune gazette guardian telegraph daily weekly magazine radio
    television tv network broadcasting media cup championship championships games olympics open
    tournament festival award awards prize act bill law treaty accord agreement day week month year
    war campaign operation project program programme strategy plan initiative report review
    convention summit conference forum region province district village town borough
    brigade battalion regiment division corps squadron unit wing fleet society constabulary
    consortium alliance coalition council administration organization organisation institution
    watch studies sciences research affairs house commons lords""".split()
)
#: Of those, the words that are also common first names or surnames (``Bill Gates``, ``Grace
#: Park``). They make a run something other than a person only as its last word (``Finance
#: Bill``, ``Central Park``), and not even then when the run speaks (``Grace Park said``) or is
#: given an age (``Jordan Day, 24,``).
NAME_LIKE = frozenset(
    """bank church street road bridge river lake sea bay valley park post press day law bill
    may grace hall young field rivers banks""".split()
)
_SPEAKS_MATTERS = NAME_LIKE | _MONTH_NAMES  # words for which speaking decides whether a run is a name
#: First words of place names (``New York``, ``San Diego``), so a run opening with one is not a person.
PLACE_STARTS = frozenset(
    """north south east west northern southern eastern western central new san santa los las saint st
    st. fort port mount upper lower great greater middle far near""".split()
)
_STOP = frozenset(
    """the a an and but or nor so yet for in on at to of by from with as if when while after before
    since until because although though however meanwhile still later then also this that these those
    it its he she they we i you his her their our my your there here what who which where why how
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow tonight no yes not all both
    each every some many most more one two three four five six seven eight nine ten near across except
    despite without under over through during among amid against between beyond like unlike about
    around along whether unless whatever whenever wherever once maybe perhaps now even only just here
    there indeed instead thus hence otherwise besides moreover furthermore nevertheless nonetheless
    certainly clearly obviously surely sadly luckily fortunately unfortunately ironically asked
    speaking""".split()
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LOWER_WORD = re.compile(r"[^\W\d_][\w\-]*$")
_APPOSITION = re.compile(r",[ \u00a0]+([^,.;:!?\"\u201c\u201d\n]{2,90}?)[,.;:]")
_MAX_ROLE_WORDS = 4
_PLACE = re.compile(
    rf"\b(?:in|from|across|throughout|inside|outside|of|into)[ \u00a0]+({_WORD})"
    rf"(?![\w'\u2019\-])(?![ \u00a0]*{_UPPER_CLASS})"
)
_COMMON_WINDOW = 3000
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_COURTESY = frozenset("mr mr. mrs mrs. ms ms. miss sir dame".split())


def _runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words (with initials and particles): ``(start, end, words)``.

    A run ends with a word whose full stop ends a sentence (not an initial or a title).

    Example:
        >>> [r[2] for r in _runs("Then Ursula von der Leyen met Heather C. Briccetti.")]
        [['Then', 'Ursula', 'von', 'der', 'Leyen'], ['Heather', 'C.', 'Briccetti.']]
    """
    runs = []
    for m in _RUN.finditer(text):
        group = m.group()
        if "." not in group[:-1]:  # most runs: no full stop inside
            runs.append((m.start(), m.end(), group.split()))
            continue
        start, words = m.start(), []
        for match in re.finditer(r"\S+", group):
            word = match.group()
            words.append(word)
            if word.endswith(".") and not _keeps_dot(word) and match.end() < len(m.group()):
                runs.append((start, m.start() + match.end(), words))  # "the First Amendment. Roberts"
                start, words = m.start() + match.end() + 1, []
        if words:
            runs.append((start, m.end(), words))
    return runs


def _keeps_dot(word: str) -> bool:
    """An initial, a title or an abbreviation, whose full stop does not end a sentence.

    Example:
        >>> _keeps_dot("C."), _keeps_dot("Dr."), _keeps_dot("Amendment.")
        (True, True, False)
    """
    return len(word) <= 3 or word[:-1] in _ABBREVIATIONS or word.lower() in TITLES or "." in word[:-1]


def _bare(word: str) -> str:
    """A word without a sentence-final full stop (kept on initials and known abbreviations).

    Example:
        >>> _bare("Briccetti."), _bare("C."), _bare("Jr.")
        ('Briccetti', 'C.', 'Jr.')
    """
    if word.endswith(".") and len(word) > 2 and "." not in word[:-1] and word.lower() not in TITLES:
        if word not in ("Jr.", "Sr.", "St."):
            return word[:-1]
    return word


def _is_title(word: str) -> bool:
    """A title or role word, also hyphenated (``secretary-general``), in lower case.

    Example:
        >>> _is_title("secretary-general"), _is_title("judge"), _is_title("smith")
        (True, True, False)
    """
    return word in TITLES or ("-" in word and all(part in TITLES for part in word.split("-")))


def _places(
    text: str, runs: list[tuple[int, int, list[str]]], after_prepositions: frozenset[str] | None = None
) -> frozenset[str]:
    """Capitalised words the text also uses on their own: after ``in``, ``from`` …, or as a one-word run.

    A word that stands alone elsewhere (``Kazakhstan intends …``) and opens a
    longer run (``Kazakhstan Erlan Idrissov``) is not the first word of a name.

    Example:
        >>> text = "Jobs in Kazakhstan grew. Kazakhstan Erlan Idrissov spoke in New York."
        >>> sorted(_places(text, _runs(text)))
        ['jobs', 'kazakhstan']
    """
    alone: set[str] = set()
    for _, end, words in runs:
        if len(words) != 1:
            continue
        word = words[0].rstrip(".").lower()
        if word not in alone and not _cue_follows(text, end):  # "Kim added": a name, not a place
            alone.add(word)
    return frozenset(alone | (_after_prepositions(text) if after_prepositions is None else after_prepositions))


def _after_prepositions(text: str) -> frozenset[str]:
    """Capitalised words after ``in``, ``from``, ``of`` …: places, as a reader would take them.

    Example:
        >>> sorted(_after_prepositions("Jobs in Leeds grew; aid came from Oslo."))
        ['leeds', 'oslo']
    """
    return frozenset(m.group(1).rstrip(".").lower() for m in _PLACE.finditer(text))


def _cue_follows(text: str, end: int) -> bool:
    """Is the word after ``text[:end]`` a reporting verb (``Kim added``)?

    Example:
        >>> _cue_follows("Kim added that", 3), _cue_follows("Kazakhstan intends", 10)
        (True, False)
    """
    m = re.match(r"[ \u00a0]+(\w+)", text[end : end + 30])
    return m is not None and m.group(1).lower() in SPEECH_VERBS


def _common_words(text: str, runs: list[tuple[int, int, list[str]]]) -> frozenset[str]:
    """Words opening a long run that the text also writes in lower case: ``National Security John C. Demers``.

    Looked for near the run (a few thousand characters either side), so the
    work stays linear in the length of the text.

    Example:
        >>> text = "for national security. Assistant Attorney General for National Security John C. Demers"
        >>> sorted(_common_words(text, _runs(text)))
        ['national', 'security']
    """
    found: set[str] = set()
    checked: set[str] = set()
    for start, end, words in runs:
        if len(words) < 3:
            continue
        near = text[max(0, start - _COMMON_WINDOW) : end + _COMMON_WINDOW]  # bounded: linear in the text
        for word in words[:-2]:
            low = word.lower()
            if low in checked or not word.isalpha():
                continue
            checked.add(low)
            if re.search(rf"\b{re.escape(low)}\b", near):
                found.add(low)
    return frozenset(found)


def _split_run(
    words: list[str], places: frozenset[str] = frozenset(), speaks: bool = False
) -> tuple[list[str], list[str], str, bool]:
    """The name in a run of capitalised words: ``(name words, title words, possessor, name is last)``.

    Words in ``places`` (``_places``) before the name are not part of it.
    ``speaks`` says that the run is the subject of a reporting verb or is
    given an age, which makes a name of one that ends like a place (``Grace
    Park said``).
    ``possessor`` is a possessive that opens the run (``Norway's``); ``name
    is last`` says whether the name ends the run. An empty name means the run
    names no person.

    Example:
        >>> _split_run(["Ukrainian", "Foreign", "Minister", "Dmytro", "Kuleba"])
        (['Dmytro', 'Kuleba'], ['Ukrainian', 'Foreign', 'Minister'], '', True)
        >>> _split_run(["Norway's", "Jens", "Olsen"])[0], _split_run(["New", "York"])[0]
        (['Jens', 'Olsen'], [])
        >>> _split_run(["Ordinary", "Peruvians"])[0], _split_run(["Many", "Ordinary", "Danes"])[0]
        ([], [])
    """
    words = [_bare(w) for w in words]
    possessor = ""
    for k, word in enumerate(words):
        if _POSSESSIVE.search(word) and k < len(words) - 1:
            possessor = _POSSESSIVE.sub("", " ".join(words[: k + 1]))
            words = words[k + 1 :]
            break
    if words and _POSSESSIVE.search(words[-1]) and words[-1][-2:] in ("'s", "\u2019s"):
        words = [*words[:-1], words[-1][:-2]]
    start = 0
    first_name_month = speaks and len(words) > 1 and words[0].lower() in _MONTH_NAMES  # "June Irani said"
    while start < len(words) and words[start].lower() in _STOP and not (start == 0 and first_name_month):
        start += 1
    if len(words) - start >= 3 and words[start].endswith("ing") and words[start][1:].islower():
        start += 1  # "Quoting Les Miles", "Speaking Tuesday …": a participle opening the sentence
    titles_end = start
    for k in range(start, len(words)):
        low = words[k].lower()
        if k == start and low in _FIRST_NAME_TITLES and len(words) - start == 2:
            break  # "a choked-up Dean Skelos said": a first name, not a title
        if (_is_title(low) or low in DEMONYMS) and (
            k == titles_end or low not in SURNAME_TITLES or _name_follows(words, k)
        ):
            titles_end = k + 1  # "Foreign Minister Dmytro Kuleba"; not "Martin Luther King Jr."
    while len(words) - titles_end > 2 and words[titles_end].lower() in places:
        titles_end += 1  # "… of Kazakhstan Erlan Idrissov": the place is not part of the name
    while len(words) - titles_end > 2 and words[titles_end].lower() in NOT_A_PERSON:
        titles_end += 1  # "Leader of the House Valerie Vaz": a body's word before the name
    name = words[titles_end:]
    titles = words[start:titles_end]
    if start > 0 and titles_end == start and words[start - 1] == "The" and not possessor:
        return [], titles, possessor, True  # "The Malta Independent", "The Rolling Stones": a title or a body
    if any(
        (w.lower() in NOT_A_PERSON and (w.lower() not in NAME_LIKE or (k == len(name) - 1 and not speaks)))
        or (
            w.lower() in _STOP
            and w not in _PARTICLES
            and not (w.lower() in NAME_LIKE and 0 < k == len(name) - 1)  # "Theresa May"
            and not (w.lower() in _MONTH_NAMES and k == 0 and speaks)  # "June Irani said"
        )
        for k, w in enumerate(name)
    ):
        return [], titles, possessor, True
    if name and (name[0].lower() in PLACE_STARTS or _is_demonym(name[-1])):
        return [], titles, possessor, True  # "New York"; a plural demonym, "Ordinary Kenyans"
    if name and name[0].lower() in _PARTICLES:  # "Von der Leyen also saluted": a surname, not a full name
        return [], titles, possessor, True
    if sum(1 for w in name if w.lower() not in _PARTICLES) < 2:
        return [], titles, possessor, True
    if any(w.isupper() and len(w) > 2 and "." not in w for w in name):  # an acronym (not "K.J."): no person
        return [], titles, possessor, True
    return name, titles, possessor, True


def _name_follows(words: list[str], k: int) -> bool:
    """Does a word that is not a title, a nationality or a suffix follow ``words[k]``?

    A title word after the first name word is a title only when a name follows
    it (``U.S. District Judge Amy Berman Jackson``); at the end of a run it is
    the surname (``Martin Luther King Jr.``, ``Kim Jong Un``, ``Rodney King``).

    Example:
        >>> _name_follows(["District", "Judge", "Amy", "Jackson"], 1)
        True
        >>> _name_follows(["Martin", "Luther", "King", "Jr."], 2), _name_follows(["Kim", "Jong", "Un"], 2)
        (False, False)
    """
    return any(
        not (_is_title(w.lower()) or w.lower() in DEMONYMS or w.rstrip(".").lower() in _SUFFIXES)
        for w in words[k + 1 :]
    )


def _is_demonym(word: str) -> bool:
    """A word for people of a nation, singular or plural: ``Kenyans``, ``Danes``, ``Frenchmen``.

    A noun for one person (``Finn``, ``Dane``) may be a surname, so only its plural counts.

    Example:
        >>> _is_demonym("Kenyans"), _is_demonym("Danes"), _is_demonym("Frenchmen"), _is_demonym("Kenyan")
        (True, True, True, True)
        >>> _is_demonym("Finn"), _is_demonym("Jensen")
        (False, False)
    """
    low = word.lower()
    if low.endswith("men"):
        return low[:-3] + "man" in DEMONYM_NOUNS
    plural = low[:-1] if low.endswith("s") else ""
    return low in DEMONYMS or plural in DEMONYMS or plural in DEMONYM_NOUNS


def _role_around(text: str, start: int, end: int) -> str:
    """Role words around a name at ``text[start:end]``: lower-case words before it, an apposition after.

    Before the name, the word next to it must name a role (``coach``,
    ``minister``, a word in ``-er``, ``-or``, ``-ist`` …); its modifiers and a
    possessive country come with it. After it, an apposition set off by
    commas that starts with an article, a title or a lower-case word.

    Example:
        >>> text = "Norway's fisheries minister, Jens Olsen, said so."
        >>> _role_around(text, 29, 39)
        "norway's fisheries minister"
        >>> text = "said Heather C. Briccetti, president and CEO of the council."
        >>> _role_around(text, 5, 25)
        'president and ceo of the council'
        >>> _role_around("He praised Jens Olsen.", 11, 21)
        ''
    """
    parts = []
    before = text[max(0, start - 80) : start].rstrip(" \u00a0,").split()
    taken: list[str] = []
    if len(before) > 1 and before[-1] == "of" and before[-2].lower() in TITLES:
        before = before[:-1]  # "the Foreign Minister of Kazakhstan Erlan Idrissov"
    if len(before) > 2 and before[-1] == "the" and before[-2] in ("to", "of") and before[-3].lower() in TITLES:
        before = before[:-2]  # "Russia’s Ambassador to the US Anatoly Antonov"
    for word in reversed(before):
        bare = word.strip("()")
        low = bare.lower()
        if len(taken) >= _MAX_ROLE_WORDS:
            break
        if not taken:
            if low in SPEECH_VERBS or low in _STOP or not bare.isalpha():
                break
            if not (low in TITLES or low in DEMONYMS or (len(low) > 4 and _AGENT.search(low))):
                break
            taken.append(bare)
            continue
        if _POSSESSIVE.search(bare) and bare[:1].isupper():
            taken.append(bare)  # "Norway's fisheries minister"
            break
        if low in _STOP or low in SPEECH_VERBS or not bare.replace("-", "").isalpha():
            break
        if bare[:1].isupper() and low not in TITLES and low not in DEMONYMS:
            break
        taken.append(bare)
    if taken:
        parts.append(" ".join(reversed(taken)))
    m = _APPOSITION.match(text, end, min(len(text), end + 100))
    if m is not None:
        phrase = m.group(1).strip()
        first = phrase.split()[0].lower() if phrase.split() else ""
        if first in ("a", "an", "the", "its", "his", "her", "their") or first in TITLES or first.isdigit():
            parts.append(re.sub(r"^(a|an|the)\s+", "", phrase, flags=re.I))
        elif (
            phrase[:1].islower()
            and first not in ("who", "which", "that", "said", "says")
            and first not in _STOP
        ):
            parts.append(phrase)
    return ", ".join(parts).lower()


def _text_people(text: str, table: _People) -> _People:
    """The people table extended with every person the text names: full names, shorter forms, roles.

    Names the table already knows keep the table's canonical form; the other
    persons come out under the fullest form the text gives.

    Example:
        >>> from helpers.quotes.people import _people
        >>> text = "Judge Mary Ann Smith spoke. Smith and Dmytro Kuleba left."
        >>> found = _text_people(text, _people())
        >>> found.canonical("Smith"), found.canonical("Mary"), found.roles["Mary Ann Smith"][0]
        ('Mary Ann Smith', 'Mary Ann Smith', 'judge')
        >>> found.canonical("Kuleba")  # the table's name
        'Dmytro Kuleba'
    """
    full: dict[tuple[str, ...], str] = {}
    roles: dict[str, list[str]] = {}
    countries: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    runs = _runs(text)
    after_prepositions = _after_prepositions(text)
    places = _places(text, runs, after_prepositions) | _common_words(text, runs)
    no_name: set[tuple[str, ...]] = set()  # runs already known to name no person
    for start, end, words in runs:
        if len(words) < 2 or tuple(words) in no_name:
            continue
        speaks = not _SPEAKS_MATTERS.isdisjoint(" ".join(words).lower().split()) and (
            _cue_follows(text, end) or _AGE.match(text, end) is not None
        )  # looked for only where it can change the answer
        name, titles, possessor, _ = _split_run(words, places, speaks)
        if not name:
            if not speaks:
                no_name.add(tuple(words))
            continue
        spelled = " ".join(name)
        known = table.canonical(spelled)
        if known != spelled or table.lookup.get(spelled.lower()):
            continue
        key = tuple(_norm(t[2]) for t in _word_tokens(spelled, 0, len(spelled)))
        full.setdefault(key, spelled)
        first_seen.setdefault(spelled, start)
        role = " ".join(
            w.lower() for w in titles if w.lower() not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.")
        )
        around = _role_around(text, start, end)
        if possessor:
            countries.setdefault(spelled, possessor.lower())
            around = f"{possessor.lower()} {around}".strip()
        for piece in (role, around):
            if piece and piece not in roles.setdefault(spelled, []):
                roles[spelled].append(piece)
            roles.setdefault(spelled, [])
    # the fullest form: a name whose words all appear, in order, in a longer name stands for it
    fullest: dict[tuple[str, ...], tuple[str, ...]] = {}
    keys = sorted(full, key=len, reverse=True)
    by_ends: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for key in keys:  # names sharing their first and last words, longest first
        by_ends.setdefault((key[0], key[-1]), []).append(key)
    by_tail: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in keys:  # "Ní Mhaoldhomhnaigh", "Suu Kyi": the last words of a longer name
        for size in range(2, len(key)):
            by_tail.setdefault(key[-size:], []).append(key)
    for key in keys:
        longer = [k for k in by_ends[key[0], key[-1]] if len(k) > len(key)] or by_tail.get(key, [])
        fullest[key] = longer[0] if len(longer) == 1 else key
    names: dict[tuple[str, ...], str] = {}
    clash: set[tuple[str, ...]] = set()
    for key, target in fullest.items():
        name = full[target]
        forms = {key}
        if len(key) > 2 and key[-1].rstrip(".").lower() in _SUFFIXES:
            key = key[:-1]  # "John Roberts Jr": "Roberts" stands for him too
            forms.add(key)
        for k in range(1, len(key)):
            if key[k].lower() not in _PARTICLES or k == len(key) - 1:
                forms.add(key[k:])  # "Briccetti", "Suu Kyi"
            if key[k - 1].lower() in _PARTICLES and key[k - 1][:1].islower():
                forms.add(key[k - 1 :])  # "von der Leyen"
                forms.add((key[k - 1].capitalize(), *key[k:]))  # "Von der Leyen" opening a sentence
        forms.add(key[:1])  # the first name alone
        for form in forms:
            if form in names and names[form] != name:
                clash.add(form)
            names[form] = name
    for form in clash:
        names.pop(form, None)
    by_last: dict[str, set[str]] = {}
    for key in keys:
        by_last.setdefault(key[-1], set()).add(full[fullest[key]])
    for form in clash:  # "Sergei Lavrov" and "Sergey Lavrov": one person spelled two ways
        if len(form) != 1:
            continue
        spellings = sorted(by_last.get(form[0], set()), key=lambda name: first_seen.get(name, 0))
        if len(spellings) > 1 and len({_first_letters(name) for name in spellings}) == 1:
            for spelling in spellings[1:]:
                spelled_key = tuple(_norm(t[2]) for t in _word_tokens(spelling, 0, len(spelling)))
                names[spelled_key] = spellings[0]
            names[form] = spellings[0]
    persons = {full[k] for k in keys if fullest[k] == k}
    for person in list(roles):
        target = full[fullest[tuple(_norm(t[2]) for t in _word_tokens(person, 0, len(person)))]]
        if target != person:
            roles.setdefault(target, []).extend(r for r in roles.pop(person) if r not in roles[target])
    for form, (name, role) in _single_names(text, runs, names, after_prepositions).items():
        if form not in names and name.lower() not in table.lookup:
            names[form] = name
            if name not in roles:
                roles[name] = [role] if role else []
                persons.add(name)
    extended = table.extended(
        {form: name for form, name in names.items() if form not in table.names},
        {p: (", ".join(roles.get(p, [])), countries.get(p, "")) for p in persons},
    )
    extended.occurrences = _occurrences(text, runs, places, extended)
    return extended


#: Titles that stand only before a person (``Mr Parker``, ``Senator Smith``, ``Gen. Ali``), not
#: before a firm or a league (``General Motors``, ``Premier League``).
_PERSON_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady president senator sen rep representative
    gov governor judge justice coach minister chancellor mayor ambassador commissioner inspector
    detective sergeant sgt lt lieutenant col colonel capt captain cmdr cdr commander adm admiral
    gen. maj. cpl pvt pfc spc supt superintendent constable rev reverend father bishop archbishop
    rabbi imam cardinal pope king queen prince princess sheikh sheriff councillor cllr coun alderman mp mep
    chairman chairwoman""".split()
)
_MARRIED = frozenset("mrs miss".split())  # titles that set a wife or daughter apart from a husband
_AGE = re.compile(r",[ \u00a0]+\d{1,3},")


def _single_names(
    text: str,
    runs: list[tuple[int, int, list[str]]],
    names: dict[tuple[str, ...], str],
    places: frozenset[str] | None = None,
) -> dict[tuple[str, ...], tuple[str, str]]:
    """People a text names by one word only: after a personal title, or before an age.

    ``Mr. Smith``, ``Senator Smith`` and ``Robinson, 29,`` name a person
    called ``Smith`` or ``Robinson`` even when no first name is given; the
    title is dropped. A word that is the surname of a fuller name in the text
    is left to that name. When ``Mrs.`` or ``Miss`` and another title come
    with one surname (``Mrs. James`` and ``Sergeant James``), they are two
    people: ``Mrs.`` stays part of her name, and the word alone names neither.
    ``places`` are the words the text uses after ``in``, ``from`` … (computed when not given).
    Returns spelling (as tokens) -> (name, role).

    Example:
        >>> text = "Mr. Smith spoke. Senator Smith left. Robinson, 29, ran."
        >>> found = _single_names(text, _runs(text), {})
        >>> found[("Smith",)], found[("Mr.", "Smith")], found[("Robinson",)]
        (('Smith', 'senator'), ('Smith', 'senator'), ('Robinson', ''))
        >>> text = "Sergeant James left. Mrs. James stayed."
        >>> found = _single_names(text, _runs(text), {})
        >>> found[("Mrs.", "James")], ("James",) in found
        (('Mrs. James', ''), False)
    """
    titled: dict[str, dict[tuple[str, ...], str]] = {}  # surname -> {title tokens: title}
    places = _after_prepositions(text) if places is None else places  # "in Leeds"
    for start, end, words in runs:
        if len(words) == 1:
            if text[end : end + 1] != "," or _AGE.match(text, end) is None:
                continue  # the cheap test first: most one-word runs have no age after them
        else:
            low = words[-2].lower()
            if low not in _PERSON_TITLES and low.rstrip(".") not in _PERSON_TITLES:
                continue
        word = _POSSESSIVE.sub("", _bare(words[-1]))
        if (
            not word[:1].isupper()
            or not word.replace("-", "").replace("'", "").isalpha()
            or word.isupper()
            or word.lower() in _STOP
            or word.lower() in places
            or word.lower() in NOT_A_PERSON
            or _is_title(word.lower())
            or _is_demonym(word)
            or (word,) in names
        ):
            continue
        title = words[-2].lower() if len(words) >= 2 else ""
        if title in _PERSON_TITLES or title.rstrip(".") in _PERSON_TITLES:
            titled.setdefault(word, {})[(words[-2], word)] = words[-2].lower().rstrip(".")
        elif len(words) == 1 and _AGE.match(text, end):
            titled.setdefault(word, {})[(word,)] = ""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    for word, forms in titled.items():
        titles = {t for t in forms.values() if t}
        wives = titles & _MARRIED
        if wives and len(titles) > 1:  # "Mrs. James" and "Sergeant James" (or "Mr. James"): two people
            for form, title in forms.items():
                if title in wives:
                    found[form] = (" ".join(form), "")
            continue
        role = next((t for t in forms.values() if t and t not in _COURTESY and t + "." not in _COURTESY), "")
        for form in forms:
            found[form] = (word, role)
        found[(word,)] = (word, role)
    return found


def _first_letters(name: str) -> tuple[str, str]:
    """The first three letters of a first name, and the surname: equal for spellings of one name.

    Example:
        >>> _first_letters("Sergei Lavrov") == _first_letters("Sergey Lavrov")
        True
    """
    words = name.split()
    return words[0][:3].lower(), words[-1].lower()


def _occurrences(
    text: str, runs: list[tuple[int, int, list[str]]], places: frozenset[str], table: _People
) -> list[tuple[int, str, bool]]:
    """Where each person is named, in text order: ``(offset of the run, name, opens a sentence)``.

    The reader uses them to remember who was named in paragraphs it does
    not read word by word (those without quotations).

    Example:
        >>> from helpers.quotes.people import _people
        >>> text = "Ana Petrescu arrived. Later Petrescu met Kuleba."
        >>> runs = _runs(text)
        >>> _occurrences(text, runs, frozenset(), _text_people(text, _people()))
        [(0, 'Ana Petrescu', True), (22, 'Ana Petrescu', False), (41, 'Dmytro Kuleba', False)]
    """
    found = []
    split: dict[tuple[str, ...], tuple[list[str], str, tuple[str, ...]]] = {}
    for start, _, words in runs:
        known = split.get(tuple(words))
        if known is None:
            name, _, possessor, _ = _split_run(words, places) if len(words) > 1 else ([], [], "", True)
            if not name:
                name = [_POSSESSIVE.sub("", _bare(words[-1]))]
            spelled = " ".join(name)
            known = (name, possessor, tuple(_norm(t[2]) for t in _word_tokens(spelled, 0, len(spelled))))
            split[tuple(words)] = known
        name, possessor, key = known
        hit = table.names.get(key)
        if hit is None or not hit[1]:
            continue
        before = text[max(0, start - 3) : start].rstrip()
        opens = len(name) == len(words) and (not before or before[-1] in '.!?\n\u201d"')
        found.append((start, hit[0], opens and not possessor))
    return found
