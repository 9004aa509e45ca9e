"""The reference pages: bibliography, glossary, who's who, index, and the citations in chapters."""

from __future__ import annotations

import calendar
import io
import re
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pybtex.database import parse_file

from helpers.corpus import load_articles
from helpers.names import load_people

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))  # the local Sphinx extension, as _config.yml loads it

import talks_book  # noqa: E402

ARTICLES = pd.read_csv(ROOT / "data" / "articles.csv", dtype=str, keep_default_na=False).set_index("id")
BIB = parse_file(str(ROOT / "references.bib"))
CHAPTERS = [
    "book/welcome",
    "book/sources",
    "book/antalya",
    "book/how-it-works",
    "book/istanbul",
    "book/compare-rounds",
    "book/outlets",
    "book/your-article",
    "book/evaluation",
]
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
TERM = re.compile(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`")
REQUIRED_TERMS = [
    "direct quotation",
    "indirect quotation",
    "attribution",
    "scare quotes",
    "paraphrase",
    "mediator",
    "ceasefire",
    "humanitarian corridor",
    "speech verb",
    "gold standard",
    "precision",
    "recall",
]


def markdown_of(chapter: str) -> str:
    nb = nbformat.read(ROOT / f"{chapter}.ipynb", as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


PAGES = [*CHAPTERS, *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "book").glob("*.md")))]


def page_text(page: str) -> str:
    """The prose of a page: a chapter's markdown cells, the glossary's definitions, or the .md file.

    The glossary's definitions sit in a fenced block, which the checks below leave out as code.
    """
    if page.endswith("glossary.md"):
        return "\n\n".join(glossary_entries().values())
    return (ROOT / page).read_text(encoding="utf-8") if page.endswith(".md") else markdown_of(page)


def cited_keys(text: str) -> set[str]:
    return {key.strip() for group in CITE.findall(text) for key in group.split(",")}


def unbraced(value: str) -> str:
    return value.replace("{", "").replace("}", "")


# --- references.bib ---------------------------------------------------------------------


def test_bib_has_exactly_one_entry_per_article():
    assert sorted(BIB.entries) == sorted(ARTICLES.index)


@pytest.mark.parametrize("article_id", sorted(ARTICLES.index))
def test_bib_entry_holds_only_what_the_article_text_states(article_id):
    entry, row = BIB.entries[article_id], ARTICLES.loc[article_id]
    raw = (ROOT / "data" / "raw" / row["file"]).read_text(encoding="utf-8")
    assert entry.type == "misc"
    assert not entry.persons, "no article names its author"
    assert set(entry.fields) <= {"title", "howpublished", "year", "month", "date", "note"}
    assert unbraced(entry.fields["title"]) == row["headline"]
    assert row["headline"] in raw

    if row["outlet"] == "not stated":
        assert "howpublished" not in entry.fields, "the article does not name its outlet"
    else:
        assert entry.fields["howpublished"] == row["outlet"]
        assert row["outlet"] in raw

    date_fields = {"year", "month", "date"} & set(entry.fields)
    if row["date"] == "not stated":
        assert not date_fields, "the article does not print its date"
    else:
        year, month, day = (int(part) for part in row["date"].split("-"))
        assert entry.fields["date"] == row["date"]
        assert entry.fields["year"] == str(year)
        assert entry.fields["month"] == calendar.month_name[month]
        assert f"{calendar.month_name[month]} {day}, {year}" in raw, "the date must be printed in the text"
    assert f"data/raw/{row['file']}" in entry.fields["note"].replace("\\_", "_")


def test_an_outlet_taken_from_a_page_that_looks_republished_says_so_wherever_it_is_given():
    """A page that ends with a republisher's "Source link" is not the outlet's own page."""
    from helpers.corpus import classify_paragraphs

    sources = markdown_of("book/sources")
    bibliography = (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")
    flagged = []
    for key, row in ARTICLES.iterrows():
        report = classify_paragraphs(RAW[key])
        republished = report.query("rule == 'furniture'")["paragraph"].str.lower().eq("source link").any()
        if row["outlet"] == "not stated" or not republished:
            continue
        flagged.append(key)
        assert "republished" in row["note"], f"articles.csv: {key}'s note must say the page looks republished"
        assert "republished" in BIB.entries[key].fields["note"], f"references.bib: {key}'s note"
        for page, text in [("sources", sources), ("bibliography", bibliography)]:
            paragraph = next(p for p in re.split(r"\n\s*\n", text) if row["outlet"] in p)
            assert "republished" in paragraph, (
                f"{page}: where it gives {key}'s outlet, say the page looks republished"
            )
    assert flagged == ["004_b7c99a2164da90d6"]


def test_bib_formats_with_the_book_style_and_no_missing_fields():
    import pybtex.errors

    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)  # a missing field raises instead of warning
    try:
        formatted = list(talks_book.TalksStyle().format_entries(BIB.entries.values()))
    finally:
        pybtex.errors.set_strict_mode(strict)
    assert [e.label for e in formatted] == ["000", "001", "002", "003", "004"]
    texts = [e.text.render_as("text") for e in formatted]
    assert texts[0].startswith("Russian and Ukrainian Foreign Ministers"), "titles keep their capitals"
    assert "CBC News" in texts[4]


def test_config_points_sphinx_at_the_bib_and_the_style():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["bibtex_bibfiles"] == ["references.bib"]
    assert config["sphinx"]["config"]["bibtex_default_style"] == "talks"
    page = (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")
    assert re.search(r"```\{bibliography\}\n:all:\n```", page)


# --- citations in the chapters ------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_cites_articles_that_exist(chapter):
    keys = cited_keys(markdown_of(chapter))
    assert keys, "a chapter about the talks cites at least one article"
    assert keys <= set(BIB.entries), f"unknown citation keys: {keys - set(BIB.entries)}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_names_articles_by_citation_not_by_bare_id(chapter):
    bare = re.findall(r"`00\d`", markdown_of(chapter))
    assert not bare, "write {cite}`<article id>` so the mention links to its source"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_references_list_exactly_the_articles_it_cites(chapter):
    text = markdown_of(chapter)
    body, _, references = text.partition("\n## References\n")
    assert references, "a chapter that cites ends with a References section"
    assert "{doc}`bibliography`" in references
    assert cited_keys(references) == cited_keys(body)
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[-1] == "References" and headings[-2] == "What's next"


# --- glossary --------------------------------------------------------------------------------


def glossary_entries() -> dict[str, str]:
    """Glossary term (lower case) -> its definition text, from every {glossary} block."""
    page = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for block in re.findall(r"```\{glossary\}\n(.*?)```", page, flags=re.S):
        pending: list[str] = []
        for item in re.split(r"\n(?=\S)", block.strip()):
            lines = item.splitlines()
            terms = [ln for ln in lines if not ln.startswith(" ")]
            definition = " ".join(ln.strip() for ln in lines if ln.startswith(" "))
            pending += terms
            if definition:
                for term in pending:
                    entries[term.strip().lower()] = definition
                pending = []
    return entries


def test_glossary_defines_every_required_term():
    entries = glossary_entries()
    missing = [t for t in REQUIRED_TERMS if t not in entries]
    assert not missing, f"glossary lacks {missing}"
    assert all(len(d.split()) >= 8 for d in entries.values()), "every term has a real definition"


def test_every_term_the_chapters_link_is_in_the_glossary_and_every_required_term_is_linked():
    entries = glossary_entries()
    linked = set()
    for chapter in CHAPTERS:
        for target, plain in TERM.findall(markdown_of(chapter)):
            linked.add((target or plain).strip().lower())
    assert linked <= set(entries), f"linked but not defined: {linked - set(entries)}"
    unlinked = [t for t in REQUIRED_TERMS if t not in linked]
    assert not unlinked, f"no chapter links the first use of {unlinked}"


def test_glossary_examples_quote_the_articles_they_cite():
    for term, definition in glossary_entries().items():
        keys = cited_keys(definition)
        if not keys:
            continue
        raws = [(ROOT / "data" / "raw" / ARTICLES.loc[k, "file"]).read_text(encoding="utf-8") for k in keys]
        for quoted in re.findall(r"“([^”]+)”", definition):
            assert any(quoted in raw for raw in raws), f"{term}: “{quoted}” is not in {sorted(keys)}"


# --- quotations in the chapters -----------------------------------------------------------

QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
CODE = re.compile(r"```.*?```|(\{[\w:-]+\}`[^`]*`)|`[^`\n]*`", flags=re.S)


def _plain(text: str) -> str:
    """Curly and straight marks alike, every run of white space one space."""
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def _same_sentence(gap: str) -> bool:
    return len(gap) <= 80 and not re.search(r"[.!?]\s+[A-Z]", gap)


def cited_quotations(text: str) -> list[tuple[str, set[str]]]:
    """Every double-quoted phrase of four words or more that a {cite} vouches for, with its keys.

    A citation vouches for a quotation that it directly follows ("…" {cite}`x`, "…" ({cite}`x`))
    or, failing that, one that comes later in the same sentence (article {cite}`x` says "…").
    Code (fenced or inline) is left out; roles such as {cite} and {term} are kept.
    """
    return [(phrase, keys) for phrase, keys, _, _ in cited_quotations_in_context(text)]


def cited_quotations_in_context(text: str, min_words: int = 4) -> list[tuple[str, set[str], str, int]]:
    """As :func:`cited_quotations`, with the paragraph each quotation is in and where its mark opens."""
    text = CODE.sub(lambda m: m.group(1) or "", text)
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        for m in QUOTED.finditer(paragraph):
            phrase = m.group(1) or m.group(2)
            if len(phrase.split()) < min_words:
                continue
            after = CITE.search(paragraph, m.end())
            before = [c for c in CITE.finditer(paragraph) if c.end() <= m.start()]
            if after and re.fullmatch(r"[\s(,;:.)]*", paragraph[m.end() : after.start()]):
                cite = after
            elif before and _same_sentence(paragraph[before[-1].end() : m.start()]):
                cite = before[-1]
            else:
                continue
            found.append((phrase, {key.strip() for key in cite.group(1).split(",")}, paragraph, m.start()))
    return found


def misquotations(text: str) -> list[str]:
    """The cited quotations whose words are in none of the articles cited for them.

    An ellipsis (…) in the book marks words left out: each piece must be in the article.
    """
    raws = {
        key: _plain((ROOT / "data" / "raw" / ARTICLES.loc[key, "file"]).read_text(encoding="utf-8"))
        for key in ARTICLES.index
    }
    wrong = []
    for phrase, keys in cited_quotations(text):
        pieces = [p.strip() for p in _plain(phrase).split("…") if p.strip()]
        if not any(all(p in raws[k] for p in pieces) for k in keys if k in raws):
            wrong.append(f"“{phrase}” is not in {sorted(keys)}")
    return wrong


@pytest.mark.parametrize("page", [*CHAPTERS, "book/whos-who.md"])
def test_chapter_quotations_are_in_the_articles_they_cite(page):
    text = (ROOT / page).read_text(encoding="utf-8") if page.endswith(".md") else markdown_of(page)
    assert misquotations(text) == []


def test_the_quotation_check_covers_the_chapters_and_catches_a_wrong_citation():
    checked = [q for chapter in CHAPTERS for q in cited_quotations(markdown_of(chapter))]
    assert len(checked) >= 20, "most of the book's quotations are checked"
    text = markdown_of("book/istanbul")
    assert '{cite}`004_b7c99a2164da90d6`: "their first direct peace talks' in text
    wrong = text.replace('{cite}`004_b7c99a2164da90d6`: "their', '{cite}`003_b813a9d70c3b9a9d`: "their')
    assert misquotations(wrong) == [
        "“their first direct peace talks in more than three years” is not in ['003_b813a9d70c3b9a9d']"
    ]
    altered = text.replace("first direct peace talks in more", "first direct talks in more")
    assert len(misquotations(altered)) == 1, "a word dropped from a quotation is caught"
    examples = (
        'They said "no progress was accomplished on that" {cite}`001_aba025860246f760`. Article\n'
        '{cite}`003_b813a9d70c3b9a9d` says "no progress was accomplished on that".'
    )
    expected = "“no progress was accomplished on that” is not in ['003_b813a9d70c3b9a9d']"
    assert misquotations(examples) == [expected], "the later citation vouches for its own quotation only"


# --- what the articles write, and whose words they are ----------------------------------------

RAW = {
    key: (ROOT / "data" / "raw" / ARTICLES.loc[key, "file"]).read_text(encoding="utf-8")
    for key in ARTICLES.index
}
CITE_LIST = (
    r"(?:articles?\s+)?\{cite\}`[^`]+`(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:articles?\s+)?\{cite\}`[^`]+`)*"
)
WRITES = re.compile(
    rf"(?P<cites>{CITE_LIST})\s+(?:also\s+|only\s+)?(?P<neg>(?:does|do)\s+not\s+|never\s+)?"
    r"(?:write|spell|print|use)s?\s+\*(?P<term>[^*]+)\*"
)


def _sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z{*])", " ".join(paragraph.split()))


def _writes(key: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", RAW[key]) is not None


def writing_claims(text: str) -> list[tuple[str, set[str], bool, str]]:
    """Every "{cite}`a` writes *X*" or "{cite}`a` does not write *X*": (sentence, keys, negated, X)."""
    text = CODE.sub(lambda m: m.group(1) or "", text)
    claims = []
    for paragraph in re.split(r"\n\s*\n", text):
        for sentence in _sentences(paragraph):
            for m in WRITES.finditer(sentence):
                keys = {k.strip() for group in CITE.findall(m["cites"]) for k in group.split(",")}
                claims.append((sentence, keys, bool(m["neg"]), m["term"]))
    return claims


def wrong_writing_claims(text: str) -> list[str]:
    """The claims about what an article writes that its text contradicts.

    An article said to write *X* must contain X, one said not to must not. When one sentence sets
    spellings side by side ("{cite}`a` writes *Sergei*, {cite}`b` writes *Sergey*"), each spelling
    must be given to every article of the sentence that writes it, not only to some.
    """
    wrong = []
    claims = writing_claims(text)
    for sentence, keys, negated, term in claims:
        for key in sorted(keys):
            if _writes(key, term) == negated:
                wrong.append(f"{key[:3]} {'writes' if negated else 'does not write'} {term!r}: {sentence}")
    for sentence in dict.fromkeys(c[0] for c in claims):
        positive = [(keys, term) for s_, keys, negated, term in claims if s_ == sentence and not negated]
        if len({term for _, term in positive}) < 2:
            continue
        articles = set().union(*(keys for keys, _ in positive))
        for term in dict.fromkeys(term for _, term in positive):
            given = set().union(*(keys for keys, t in positive if t == term))
            left_out = {k for k in articles - given if _writes(k, term)}
            wrong += [f"{k[:3]} writes {term!r} too: {sentence}" for k in sorted(left_out)]
    return wrong


@pytest.mark.parametrize("page", PAGES)
def test_what_the_book_says_an_article_writes_is_in_that_article(page):
    assert wrong_writing_claims(page_text(page)) == []


def test_the_writing_check_reads_the_books_claims_and_catches_a_spelling_given_to_too_few_articles():
    assert any(claims for claims in map(writing_claims, map(page_text, PAGES))), "the book makes such claims"
    old = (
        "The articles spell one of them two ways: article {cite}`000_fa01e9b35ae5be2c` writes *Sergei*\n"
        "Lavrov, articles {cite}`001_aba025860246f760` and {cite}`002_9a7b7ebe49d687a7` write *Sergey*."
    )
    assert wrong_writing_claims(old) == [f"001 writes 'Sergei' too: {' '.join(old.split())}"]
    assert wrong_writing_claims("Article {cite}`003_b813a9d70c3b9a9d` writes *Zelenskyy*.") != []
    assert wrong_writing_claims("Article {cite}`003_b813a9d70c3b9a9d` does not write *Zelenskiy*.") != []


ATTRIBUTED = re.compile(
    r"\b(?P<reporter>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*) reported\b"
    r"|\baccording to (?P<source>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*)"
)


def _sentence_around(text: str, start: int, end: int) -> str:
    before = max(text.rfind(". ", 0, start) + 1, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[before : min(stops) + 1 if stops else len(text)]


def unattributed_quotations(text: str) -> list[str]:
    """Cited words that the article attributes to someone else ("…, Reuters reported") but the book does not.

    The book's paragraph that quotes them must name that source too.
    """
    wrong = []
    for phrase, keys, paragraph, _ in cited_quotations_in_context(text):
        pieces = [p.strip() for p in _plain(phrase).split("…") if p.strip()]
        for key in sorted(keys & set(RAW)):
            raw = _plain(RAW[key])
            at = raw.find(pieces[0])
            if at < 0:
                continue
            sentence = _sentence_around(raw, at, at + len(pieces[0]))
            for m in ATTRIBUTED.finditer(sentence):
                source = m["reporter"] or m["source"]
                if source not in paragraph:
                    wrong.append(f"“{phrase}”: article {key[:3]} gives it as what {source} reported")
    return wrong


@pytest.mark.parametrize("page", PAGES)
def test_words_an_article_attributes_to_another_source_are_attributed_in_the_book(page):
    assert unattributed_quotations(page_text(page)) == []


def test_the_attribution_check_catches_a_fact_that_an_article_takes_from_reuters():
    text = (
        'The talks were about a ceasefire (article {cite}`000_fa01e9b35ae5be2c`: "a forum to discuss the '
        'establishment of security guarantees for humanitarian corridors").'
    )
    assert unattributed_quotations(text) == [
        "“a forum to discuss the establishment of security guarantees for humanitarian corridors”: "
        "article 000 gives it as what Reuters reported"
    ]
    assert unattributed_quotations(text.replace("The talks", "According to Reuters, the talks")) == []


GOLD = pd.read_csv(ROOT / "data" / "gold_quotes.csv", dtype=str, keep_default_na=False)
SPEECH_VERBS = (
    r"(?:said|says|stressed|stresses|added|adds|asked|asks|warned|urged|insisted|cautioned|replied"
    r"|declared|wrote|writes|told [\w ]{1,25}?|called (?:it|them)|described (?:it|them|\w+) as)"
)


def _person_spellings() -> list[str]:
    people = load_people().query("kind == 'person'")
    return sorted({v for vs in people["variants"] for v in vs.split("|")}, key=len, reverse=True)


def misattributed_quotations(text: str) -> list[str]:
    """Words the book prints as a person's own ("Kuleba stressed “…”", "Kuleba's “…”", "Kuleba: “…”")
    that the cited article does not give as that person's quotation (indirect speech, the journalist's
    own words, or someone else's quotation).

    A person's words are the gold standard's speech and nested quotations with that speaker.
    """
    from helpers.names import canonical_name

    names = "|".join(map(re.escape, _person_spellings()))
    introduced = re.compile(rf"\b(?P<name>{names})(?:(?:’s|'s)|\s+{SPEECH_VERBS}\s*[:,]?|\s*:)\s*$")
    wrong = []
    for phrase, keys, paragraph, start in cited_quotations_in_context(text, min_words=2):
        m = introduced.search(paragraph[max(0, start - 60) : start])
        if not m:
            continue
        speaker = canonical_name(m["name"])
        pieces = [p.strip() for p in _plain(phrase).split("…") if p.strip()]
        spoken = GOLD.loc[
            GOLD["article_id"].isin(keys)
            & GOLD["kind"].isin(["speech", "nested"])
            & GOLD["speaker"].map(lambda s, who=speaker: bool(s) and canonical_name(s) == who)
        ]
        if not any(all(p in _plain(q) for p in pieces) for q in spoken["quote"]):
            wrong.append(f"“{phrase}” is not a quotation of {speaker} in {sorted(k[:3] for k in keys)}")
    return wrong


@pytest.mark.parametrize("page", PAGES)
def test_words_printed_as_a_persons_own_are_their_quotation_in_the_cited_article(page):
    assert misattributed_quotations(page_text(page)) == []


def test_the_speaker_check_catches_indirect_speech_printed_as_a_direct_quotation():
    words = "the establishment of a humanitarian corridor in Mariupol"
    text = f"Kuleba stressed “{words}” {{cite}}`000_fa01e9b35ae5be2c`."
    assert misattributed_quotations(text) == [f"“{words}” is not a quotation of Dmytro Kuleba in ['000']"]
    direct = (
        "Kuleba's “I asked him 'can you do the same?' and he did not respond” {cite}`000_fa01e9b35ae5be2c`."
    )
    assert misattributed_quotations(direct) == []
    journalist = "Kuleba “stressed that the most pressing issue was” {cite}`000_fa01e9b35ae5be2c`."
    assert misattributed_quotations(journalist) == [], "the article's own words, verb included, are fine"


# --- where the facts come from: the reporting, not the furniture ----------------------------

#: Kinds of paragraph (classify_paragraphs' rules) a fact may be cited from: the reporting itself,
#: and the dateline, photo caption and headline, which print the date, place and title (the sources
#: chapter says which fact comes from which). Never a video promotion, credit, prompt or footer:
#: they describe something other than the talks the article reports.
SOURCE_RULES = {"", "dateline", "caption", "masthead", "repeat"}


def furniture_only(phrase: str, keys: set[str]) -> list[str]:
    """Where ``phrase`` is, when every paragraph of the cited articles that holds it is furniture."""
    from helpers.corpus import classify_paragraphs

    pieces = [p.strip() for p in _plain(phrase).split("…") if p.strip()]
    found = []
    for key in sorted(keys & set(RAW)):
        report = classify_paragraphs(RAW[key])
        holds = report.loc[report["paragraph"].map(lambda par: all(p in _plain(par) for p in pieces))]
        if holds["rule"].isin(SOURCE_RULES).any():
            return []
        found += [
            f"{key[:3]} paragraph {n} ({rule})" for n, rule in zip(holds["n"], holds["rule"], strict=True)
        ]
    return found


def facts_from_furniture(text: str) -> list[str]:
    return [
        f"“{phrase}” is cited from {', '.join(where)}"
        for phrase, keys in cited_quotations(text)
        if (where := furniture_only(phrase, keys))
    ]


@pytest.mark.parametrize("page", PAGES)
def test_facts_in_the_book_are_not_cited_from_web_furniture(page):
    assert facts_from_furniture(page_text(page)) == []


def test_the_furniture_check_catches_a_fact_taken_from_a_video_blurb():
    text = 'The Kremlin confirmed Putin "would not be attending" {cite}`004_b7c99a2164da90d6`.'
    assert facts_from_furniture(text) == ["“would not be attending” is cited from 004 paragraph 16 (video)"]


def sourced_rows() -> list[tuple[str, int, pd.Series]]:
    rows = []
    for table in ["rounds.csv", "claims.csv"]:
        frame = pd.read_csv(ROOT / "data" / table, dtype=str, keep_default_na=False)
        rows += [(table, number, row) for number, (_, row) in enumerate(frame.iterrows(), start=2)]
    return rows


@pytest.mark.parametrize("table, line, row", sourced_rows(), ids=lambda v: v if isinstance(v, str) else None)
def test_sourced_facts_come_from_the_reporting_and_keep_its_hedges_and_speakers(table, line, row):
    """The evidence is not furniture; a fact the article hedges ("it was expected") or gives as someone's
    words ("Zelenskyy said that") says so in its value; words the value quotes are the article's."""
    where = f"{table} line {line}"
    assert not furniture_only(row["evidence"], {row["article_id"]}), f"{where}: evidence from furniture"
    raw = _plain(RAW[row["article_id"]])
    at = raw.find(_plain(row["evidence"]))
    assert at >= 0, f"{where}: the evidence is not in {row['article_id']}"
    sentence_start = max(raw.rfind(". ", 0, at) + 2, raw.rfind("\n", 0, at) + 1)
    prefix = re.split(r"[,;:—]\s|\bbut\s", raw[sentence_start:at])[-1]  # the clause before the evidence
    hedge = re.search(r"\b(expected|believed|likely|reportedly|appeared|hoped)\b", prefix)
    if hedge:
        assert hedge[1] in row["value"], f"{where}: the article says {hedge[0]!r}; the value drops it"
    if re.search(r"\b(said|says|told|according to|stressed|added|reported)\b", prefix):
        assert re.search(r"\([^()]+\)$", row["value"]), (
            f"{where}: the value must name who said it, in brackets"
        )
    for quoted in re.findall(r'"([^"]+)"|“([^”]+)”', row["value"]):
        assert _plain("".join(quoted)) in raw, f"{where}: {quoted} is not in {row['article_id']}"


CLAIM_FRAMING = {"according", "says"}


def words_not_in_the_article(value: str, article_id: str) -> list[str]:
    """Content words of a claim's summary that its article never uses (compared by their first 5 letters)."""
    from helpers.compare import STOPWORDS

    raw = RAW[article_id].lower().replace("’", "'")
    words = re.findall(r"[a-z][a-z'-]+", value.lower())
    return [w for w in words if w not in STOPWORDS | CLAIM_FRAMING and w[:5] not in raw]


def test_a_claims_summary_uses_the_words_of_its_article():
    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str, keep_default_na=False)
    for number, row in enumerate(claims.itertuples(index=False), start=2):
        assert words_not_in_the_article(row.value, row.article_id) == [], f"claims.csv line {number}"
    old = (
        "assurances on security guarantees for humanitarian corridors, which Kuleba says Lavrov did not match"
    )
    assert words_not_in_the_article(old, "000_fa01e9b35ae5be2c") == ["match"]


# --- who was at the talks, and in what role ---------------------------------------------------


def test_a_rounds_table_that_calls_someone_a_mediator_cites_an_article_that_does():
    rounds = pd.read_csv(ROOT / "data" / "rounds.csv", dtype=str, keep_default_na=False)
    for number, row in enumerate(rounds.itertuples(index=False), start=2):
        stated = f"{row.fact}: {row.value}"
        if re.search(r"\bmediator\b", stated) and not re.search(
            r"\b(?:no|not|never)\b[^;]*\bmediator", stated
        ):
            assert re.search(r"\bmediat", RAW[row.article_id]), f"rounds.csv line {number}: {stated}"


def test_the_istanbul_chapter_counts_as_participants_only_people_an_article_places_at_the_talks():
    import ast

    nb = nbformat.read(ROOT / "book" / "istanbul.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    participants = ast.literal_eval(re.search(r"^participants = (\[.*?\])", code, flags=re.M | re.S)[1])
    rounds = pd.read_csv(ROOT / "data" / "rounds.csv", dtype=str, keep_default_na=False)
    at_the_talks = " ".join(
        rounds.query("round == 'Istanbul' and fact in ['who met', \"Turkey's role\"]")["value"]
    )
    assert participants and all(name in at_the_talks for name in participants), participants


FURNITURE_WORDS = {
    "advertising": r"\badvertis|\bsponsored\b",
    "cookie": r"\bcookies?\b",
    "subscribe": r"\bsubscri",
    "newsletter": r"\bnewsletter\b",
}


@pytest.mark.parametrize("page", ["book/welcome", "book/sources", "book/bibliography.md"])
def test_pages_about_the_five_articles_name_only_furniture_the_articles_contain(page):
    text = page_text(page).lower()
    corpus = " ".join(RAW.values()).lower()
    claimed = [
        word for word, pattern in FURNITURE_WORDS.items() if word in text and not re.search(pattern, corpus)
    ]
    assert claimed == [], f"no article contains {claimed}"


# --- who's who ------------------------------------------------------------------------------


def test_people_rows_list_everyone_in_people_csv_in_order():
    rows = talks_book.people_rows()
    people = load_people()
    assert [r[0] for r in rows] == people["name"].tolist()
    assert all(len(r) == len(talks_book.PEOPLE_HEADERS) for r in rows)
    by_name = {r[0]: r for r in rows}
    assert by_name["Sergei Lavrov"][4] == "Sergei Lavrov, Sergey Lavrov, Lavrov"
    assert by_name["Sergei Lavrov"][5] == "000, 001, 002"
    assert by_name["Hakan Fidan"][5] == "003, 004"
    assert by_name["Timothy Ash"][2] == "not stated"


def test_people_rows_only_name_articles_whose_text_uses_a_spelling():
    texts = load_articles().set_index("id")["raw"]
    for name, *_, spellings, named_in in talks_book.people_rows():
        for article_id, raw in texts.items():
            uses = any(re.search(rf"(?<!\w){re.escape(s)}(?!\w)", raw) for s in spellings.split(", "))
            assert uses == (article_id[:3] in named_in.split(", ")), (name, article_id)


def test_peoples_roles_are_the_articles_own_words():
    """The Who's who page says so; the heads of delegation are the documented exception."""
    texts = " ".join(load_articles()["raw"]).lower().replace("’", "'")
    people = load_people().query("kind == 'person'")
    shortened = {"Rustem Umerov", "Vladimir Medinsky"}
    for name, role in zip(people["name"], people["role"], strict=True):
        if name not in shortened:
            assert role.lower().replace("’", "'") in texts, f"{name}: {role!r} is not in any article"


def _copy_with_extra_person(folder: Path) -> Path:
    folder.mkdir(parents=True)
    text = (ROOT / "data" / "people.csv").read_text(encoding="utf-8")
    (folder / "people.csv").write_text(
        text + "Recep Tayyip Erdogan,person,Turkey,Turkish President,Recep Tayyip Erdogan|Erdogan\n",
        encoding="utf-8",
    )
    return folder


def test_a_person_added_to_the_table_appears_in_the_rows(tmp_path):
    rows = talks_book.people_rows(_copy_with_extra_person(tmp_path / "data"))
    assert rows[-1] == [
        "Recep Tayyip Erdogan",
        "person",
        "Turkey",
        "Turkish President",
        "Recep Tayyip Erdogan, Erdogan",
        "none",
    ]


def test_people_table_directive_renders_every_person_and_registers_the_csv(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    _copy_with_extra_person(src / "people")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\nextensions = ['talks_book']\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Who\n===\n\n.. people-table::\n   :data: people\n", encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(tmp_path / "out"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    assert warnings.getvalue() == ""
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table") : html.index("</table>")]
    for name in [*load_people()["name"], "Recep Tayyip Erdogan"]:
        assert f"<p>{name}</p>" in table.replace("&#39;", "'"), name
    assert str(src / "people" / "people.csv") in app.env.dependencies["index"]


# --- index -----------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS[1:])
def test_chapter_puts_its_key_concepts_in_the_index(chapter):
    text = markdown_of(chapter)
    assert re.search(r"\{index\}|\{term\}`", text), "add {index} entries or {term} links"


def test_built_index_has_entries_for_glossary_terms_and_concepts(built_book):
    html = (built_book / "genindex.html").read_text(encoding="utf-8")
    for anchor in ["glossary.html#term-ceasefire", "glossary.html#term-gold-standard"]:
        assert anchor in html
    assert "not stated" in html and "speaker accuracy" in html


# --- numbers and labels the book states ------------------------------------------------------

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def stated_rule_counts(text: str) -> list[int]:
    """Every count of cleaning rules the prose states ("eight rules", "six readable rules").

    Counts are read in paragraphs about cleaning (they mention ``clean``), where "rules" are RULES.
    """
    count = re.compile(rf"\b({'|'.join(NUMBER_WORDS)}|\d+)\s+(?:[a-z]+\s+)?rules\b", flags=re.I)
    found = [n for par in re.split(r"\n\s*\n", text) if "clean" in par.lower() for n in count.findall(par)]
    return [int(n) if n.isdigit() else NUMBER_WORDS.index(n.lower()) for n in found]


@pytest.mark.parametrize("page", PAGES)
def test_a_count_of_rules_in_the_prose_is_the_number_of_rows_of_the_rules_table(page):
    from helpers.corpus import RULES

    assert all(n == len(RULES) for n in stated_rule_counts(page_text(page)))


def test_the_rule_count_check_reads_the_counts_the_sources_chapter_states():
    from helpers.corpus import RULES

    assert len(stated_rule_counts(markdown_of("book/sources"))) >= 2, "the sources chapter counts its rules"
    example = "`clean_text()` works with six rules.\n\nIt applies six readable rules to clean a page."
    assert stated_rule_counts(example) == [6, 6] != [len(RULES)] * 2


ROUND_WITH_YEAR = re.compile(r"\b(antalya|istanbul)[-_ ]?((?:19|20)\d\d)\b", flags=re.I)


def stated_years() -> dict[str, set[str]]:
    """Round label -> the years of the talks that its articles print (articles.csv `date`)."""
    years: dict[str, set[str]] = {}
    for round_, date in zip(ARTICLES["round"], ARTICLES["date"], strict=True):
        years.setdefault(round_, set()).update([] if date == "not stated" else [date[:4]])
    return years


def test_no_round_label_states_a_year_that_no_article_gives():
    years = stated_years()
    for table in ["articles.csv", "rounds.csv", "claims.csv"]:
        labels = set(pd.read_csv(ROOT / "data" / table, dtype=str)["round"])
        assert labels <= set(years), f"{table}: unknown round labels {labels - set(years)}"
    for label, stated in years.items():
        for year in re.findall(r"(?:19|20)\d\d", label):
            assert year in stated, f"round label {label!r} states {year}; its articles give {stated or None}"


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(ROOT))
        for folder in ["book", "data", "helpers"]
        for p in (ROOT / folder).rglob("*")
        if p.suffix in {".ipynb", ".md", ".csv", ".py"} and "raw" not in p.parts
    ),
)
def test_no_page_table_or_chart_names_a_round_with_a_year_its_articles_do_not_give(path):
    """Tables, axes and legends in stored outputs included: a notebook is checked as a whole file."""
    by_city = {re.match(r"[a-z]+", label.lower()).group(): years for label, years in stated_years().items()}
    text = (ROOT / path).read_text(encoding="utf-8")
    for city, year in ROUND_WITH_YEAR.findall(text):
        assert year in by_city[city.lower()], f"{path}: '{city}-{year}', but no {city} article gives {year}"
