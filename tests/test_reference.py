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
    text = CODE.sub(lambda m: m.group(1) or "", text)
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        for m in QUOTED.finditer(paragraph):
            phrase = m.group(1) or m.group(2)
            if len(phrase.split()) < 4:
                continue
            after = CITE.search(paragraph, m.end())
            before = [c for c in CITE.finditer(paragraph) if c.end() <= m.start()]
            if after and re.fullmatch(r"[\s(,;:.)]*", paragraph[m.end() : after.start()]):
                cite = after
            elif before and _same_sentence(paragraph[before[-1].end() : m.start()]):
                cite = before[-1]
            else:
                continue
            found.append((phrase, {key.strip() for key in cite.group(1).split(",")}))
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
    assert "{cite}`004_b7c99a2164da90d6`: \"their first direct peace talks" in text
    wrong = text.replace("{cite}`004_b7c99a2164da90d6`: \"their", "{cite}`003_b813a9d70c3b9a9d`: \"their")
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
