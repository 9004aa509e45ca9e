"""Word lists of English news reporting: reporting verbs, role, source and organisation nouns.

General English, not fitted to one article. The other modules read these
sets; nothing here looks at a text.

Example:
    >>> from helpers.quotes.words import SPEECH_VERBS
    >>> sorted(w for w in SPEECH_VERBS if w.startswith("sa"))
    ['said', 'say', 'saying', 'says']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import MappingProxyType


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
    "wonder|wonders|wondered|wondering",
    "reckon|reckons|reckoned|reckoning",
    "emphasise|emphasises|emphasised|emphasising|emphasize|emphasizes|emphasized|emphasizing",
    "assert|asserts|asserted|asserting",
    "observe|observes|observed|observing",
    "muse|mused|musing",
    "cite|cites|cited|citing",
    "boast|boasts|boasted|boasting",
    "lament|laments|lamented|lamenting",
    "exclaim|exclaims|exclaimed|exclaiming",
    "shout|shouts|shouted|shouting",
    "whisper|whispers|whispered|whispering",
    "recount|recounts|recounted|recounting",
    "testify|testifies|testified|testifying",
    "hail|hails|hailed|hailing",
    "praise|praises|praised|praising",
    "admonish|admonished",
    "tout|touts|touted|touting",
    "answer|answers|answered|answering",
    "assure|assures|assured|assuring",
    "confess|confesses|confessed|confessing",
    "hope|hopes|hoped",
    "believe|believes|believed",
    # more of English's common reporting verbs (forms that are mostly nouns left out)
    "commented|commenting",
    "reveal|reveals|revealed|revealing",
    "proclaim|proclaims|proclaimed|proclaiming",
    "maintain|maintains|maintained|maintaining",
    "contend|contends|contended|contending",
    "countered|countering",
    "retort|retorts|retorted|retorting",
    "mentioned|mentioning",
    "deny|denies|denied|denying",
    "allege|alleges|alleging",
    "agree|agrees|agreed",
    "pointed",
    "highlighted|highlighting",
    "underline|underlines|underlined|underlining",
    "underscore|underscores|underscored|underscoring",
    "plead|pleads|pleaded|pleading",
    "implore|implores|implored|imploring",
    "appealed",
    "begged",
    "recommended",
    "advise|advises|advised|advising",
    "inform|informs|informed|informing",
    "reported",
    "texted|emailed|blogged",
    "yell|yells|yelled|yelling",
    "scream|screams|screamed|screaming",
    "cried",
    "sighed",
    "laughed",
    "gushed",
    "enthused",
    "fumed",
    "snapped",
    "scoffed",
    "thundered",
    "interjected",
    "elaborate|elaborates|elaborated|elaborating",
    "clarify|clarifies|clarified|clarifying",
    "affirm|affirms|affirmed|affirming",
    "speculate|speculates|speculated|speculating",
    "opine|opines|opined|opining",
    "summarise|summarises|summarised|summarize|summarizes|summarized",
    "reflected|reflecting",
    "reassure|reassures|reassured|reassuring",
    "threatened",
    "estimated",
    "pronounce|pronounced",
    "expressed|expressing",
    "voiced",
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
    "statement officer officers lawmaker lawmakers member members viewer viewers reader readers "
    "listener listeners voter voters fan fans student students parent parents worker workers employee "
    "employees customer customers user users caller callers neighbour neighbours neighbor neighbors "
    "supporter supporters critic critics protester protesters participant participants visitor visitors "
    "patient patients victim victims survivor survivors spectator spectators groups organisations "
    "organizations companies firms unions charities agencies".split()
)
#: Head nouns of organisations (``the ministry``), resolved to an organisation
#: of people.csv whose name or role holds the noun, else kept as a descriptor.
_ORG_HEADS = frozenset(
    "ministry government office embassy army military agency department council commission "
    "committee presidency cabinet parliament administration mission secretariat".split()
) | frozenset()
#: Nouns for a body of any kind (``the company``), which stand for the body last named in the
#: text when no table entry fits (``Shell said … The company added``).
GENERIC_ORG_HEADS = frozenset(
    "company firm group organisation organization charity club bank union carrier airline retailer "
    "insurer lender manufacturer maker chain association business corporation conglomerate "
    "utility operator regulator watchdog".split()
)
_ORG_HEADS = _ORG_HEADS | GENERIC_ORG_HEADS
#: Number words that open a descriptor like an article (``two diplomats``).
_QUANTIFIERS = frozenset("two three four five six seven eight nine ten several some many another".split())
#: Nouns for what someone said, as in ``The remark came from …``.
_SPEECH_NOUNS = frozenset(
    "remark remarks comment comments words warning quote line assessment verdict message reply "
    "response answer statement".split()
)
_SOURCE_PREPS = frozenset("in from at close familiar with within inside to of for".split())
#: Nationality adjectives whose country does not share their stem (``french``: ``france``).
_NATIONALITY = MappingProxyType(
    {
        "american": "united states",
        "u.s.": "united states",
        "us": "united states",
        "french": "france",
        "dutch": "netherlands",
        "british": "united kingdom",
        "welsh": "wales",
        "danish": "denmark",
        "polish": "poland",
        "spanish": "spain",
        "finnish": "finland",
        "irish": "ireland",
    }
)


def same_nation(adjective: str, places: str) -> bool:
    """Does a nationality adjective name the country of ``places`` (words, possessives allowed)?

    Regular adjectives share their country's stem, whatever the country
    (``icelandic``: ``iceland's``, ``norwegian``: ``norway``); the few that do
    not are in ``_NATIONALITY``.

    Example:
        >>> same_nation("icelandic", "iceland's fisheries minister"), same_nation("norwegian", "norway")
        (True, True)
        >>> same_nation("french", "france"), same_nation("slovak", "slovenia"), same_nation("kenyan", "peru")
        (True, False, False)
    """
    irregular = _NATIONALITY.get(adjective)
    if irregular is not None and irregular in places:
        return True
    for word in places.split():
        word = re.sub(r"['\u2019]s?$", "", word)
        shared = 0
        for a, b in zip(adjective, word, strict=False):
            if a != b:
                break
            shared += 1
        if shared >= 4 and shared >= len(word) - 3:  # "norw-ay", "brit-ain", not "slov-enia"
            return True
    return False


_ROLE_IGNORABLE = frozenset("top senior former chief new then current".split())
_CAPS_STOP = frozenset(
    "The A An On In At But And Or For After Before While When If As It This That These Those "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Meanwhile However Still Later "
    "Some Many Most Others Several Both Each Few Those These They We You Whether Although Though "
    "Because Since Until Unless Despite During Whatever Whenever Wherever Once Maybe Perhaps Now Even "
    "Only Just Here There Indeed Instead Thus Hence Otherwise Besides Moreover Furthermore Nevertheless "
    "Nonetheless Certainly Clearly Obviously Surely Sadly Luckily Fortunately Unfortunately Ironically".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "after at on in that during before when while last this".split()
)
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr St Gen Sen Rep Gov Lt Col Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "No Inc Ltd Co Jr Sr Prof vs etc Brig Maj Pfc Spc Sgt Cpl Pvt Adm Cmdr Capt Supt Insp Det Cllr Hon "
    "Rev Fr Msgr Sgt Ssgt Sfc Msgt Pte Gen Cdr Lieut Esq Coun".split()
)
_SO_CALLED = frozenset("so-called so‐called".split())

#: Nouns for a person of a nation (``the Dutchman``) and the adjective their role would hold.
DEMONYM_NOUNS = MappingProxyType(
    {
        "dutchman": "dutch",
        "dutchwoman": "dutch",
        "frenchman": "french",
        "frenchwoman": "french",
        "englishman": "english",
        "englishwoman": "english",
        "irishman": "irish",
        "irishwoman": "irish",
        "scotsman": "scottish",
        "scotswoman": "scottish",
        "welshman": "welsh",
        "welshwoman": "welsh",
        "spaniard": "spanish",
        "briton": "british",
        "swede": "swedish",
        "dane": "danish",
        "finn": "finnish",
        "turk": "turkish",
        "aussie": "australian",
    }
)
_AGENT = re.compile(r"(?:er|or|ist|ant|(?<!m)ent|man|woman|person|ee)$")
_NOT_ROLE = frozenset(
    "and or of the a an for in at on to with from by after over under other another whether "
    "never ever however number order member members".split()
)


def role_words(roles: Iterable[str]) -> frozenset[str]:
    """Nouns in role descriptions that may later name their holder (``the judge``, ``the midwife``).

    A role's head nouns are kept, whatever the noun: the last word of each part
    of the description cut at a comma, ``and``, ``or`` or a preposition
    (``president and ceo of the council``: ``president``, ``ceo``), and every
    word that names an agent (``-er``, ``-or``, ``-ist`` …: ``officer`` in
    ``chief executive officer``). No list of professions is needed;
    articles, prepositions, conjunctions and numbers are never kept.

    Example:
        >>> sorted(role_words(["president and ceo of the business council", "dutch rider"]))
        ['ceo', 'president', 'rider']
        >>> sorted(role_words(["team's physio", "a midwife in bergen"]))
        ['midwife', 'physio']
    """
    kept = set()
    for role in roles:
        for piece in role.lower().split(","):
            noun_phrase = _AFTER_HEAD.split(piece, maxsplit=1)[0]  # "a midwife in bergen": "a midwife"
            for part in re.split(r"\b(?:and|or)\b", noun_phrase):
                words = part.split()
                head = words[-1].strip("()'\u2019") if words else ""
                if len(head) >= 3 and head.isalpha() and head not in _NOT_ROLE and head not in _QUANTIFIERS:
                    kept.add(head)  # the head noun: "a midwife", "team's physio", "president and ceo"
            for word in piece.split():
                word = word.strip("()'\u2019")
                if len(word) > 4 and word not in _NOT_ROLE and word.isalpha() and _AGENT.search(word):
                    kept.add(word)  # "chief executive officer of a bank": "officer"
    return frozenset(kept)


#: Words after a role's head noun: a preposition or a relative clause (``a midwife in Bergen``).
_AFTER_HEAD = re.compile(r"\b(?:of|at|in|for|from|with|on|to|by|since|who|which|that|whose)\b")
