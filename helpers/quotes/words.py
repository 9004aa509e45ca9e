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
    "patient patients victim victims survivor survivors spectator spectators".split()
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
    "No Inc Ltd Co Jr Sr Prof vs etc Brig Maj Pfc Spc Sgt Cpl Pvt Adm Cmdr Capt Supt Insp Det Cllr Hon "
    "Rev Fr Msgr Sgt Ssgt Sfc Msgt Pte Gen Cdr Lieut Esq".split()
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
    """Nouns in role descriptions that may later name their holder (``the judge``, ``the coach``).

    A word is kept when it names an agent (``judge``, ``coach``, ``-er``, ``-or``,
    ``-ist`` …); articles, prepositions and conjunctions never are.

    Example:
        >>> sorted(role_words(["president and ceo of the business council", "dutch rider"]))
        ['ceo', 'president', 'rider']
    """
    kept = set()
    for role in roles:
        for word in role.replace(",", " ").split():
            word = word.strip("()'\u2019").lower()
            if len(word) < 3 or word in _NOT_ROLE or not word.isalpha():
                continue
            if word in _ROLE_WORDS or (len(word) > 4 and _AGENT.search(word)):
                kept.add(word)
    return frozenset(kept)


#: Role nouns that do not look like agents (``judge``, ``coach``).
_ROLE_WORDS = frozenset(
    "judge justice coach boss chief head president minister secretary chancellor mayor ceo cfo chair "
    "captain skipper king queen prince princess pope bishop sheriff nurse doctor surgeon pilot envoy "
    "aide spokesperson spokesman spokeswoman diplomat premier dean provost principal star veteran executive "
    "actress princess hostess politician physician technician musician librarian historian comedian "
    "guardian clown".split()
)
