"""Load the five articles and clean the web furniture out of them.

The articles in ``data/raw/`` are kept exactly as they were published on the
web: menus, photo captions, video promotions and comment prompts included.
:func:`clean_text` strips that furniture and keeps every paragraph of the
reporting, in order; :func:`load_articles` joins the texts to the facts in
``data/articles.csv``.

A paragraph here is one non-blank line of the raw file. The rules are
deliberately simple, so that a student can read them and predict what they do.
There are eight, one per key of ``RULES``, in the order they are listed
there:

1. **furniture** — a line that is a whole navigation or prompt phrase
   (``Skip to main content``, ``Post a Comment``, ``Leave a Reply``…) or
   contains a cookie, subscribe, share or advertising prompt.
2. **dateline** — a line that is only a publication timestamp
   (``March 10, 2022 8:35am``, ``Updated: …``).
3. **credit** — a credit line (``Credit:``, a ``Getty Images | Reuters``
   style line of names split by ``|``).
4. **caption** — a caption that ends in a photographer's credit in brackets
   (``(Murat Gok/Reuters)``), the caption just above a credit line, and the
   image description (alt text) just above a caption.
5. **video** — a video promotion: the ``WATCH`` line, the video title below
   it and the blurb below that.
6. **repeat** — a line that repeats, or is the start of, a later line (the
   headline printed twice, a standfirst repeated as the first paragraph).
7. **masthead** — lines before the first paragraph that do not end like a
   sentence (the headline, a section name).
8. **footer** — lines after the last paragraph that do not end like a
   sentence (``Related Topics``).

Subheadings in the middle of the article are kept: they are part of the
reporting and a student may want them.

Articles that are still on the web come in through :func:`read_web_article`
(or :func:`read_article`, which hands it ``.html`` files and addresses): it
takes a saved page or an ``http(s)`` address and leaves the furniture to
`trafilatura <https://trafilatura.readthedocs.io>`_, a maintained extractor
that finds the article in the page's HTML structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.checks import read_csv_table
from helpers.paths import data_dir

__all__ = [
    "ARTICLE_COLUMNS",
    "CorpusError",
    "RULES",
    "SIDES",
    "classify_paragraphs",
    "clean_text",
    "load_rounds",
    "load_claims",
    "load_folder",
    "cleaning_summary",
    "round_table",
    "side_by_side_html",
    "load_articles",
    "read_article",
    "read_web_article",
    "fetch_page",
    "paragraphs",
    "short_id",
    "article_key",
    "label_articles",
]

#: Columns of ``data/articles.csv``, in order.
ARTICLE_COLUMNS = [
    "id",
    "file",
    "round",
    "date",
    "date_as_written",
    "place",
    "outlet",
    "headline",
]
#: The module's labels for the two rounds, the cities without a year, since the Istanbul articles
#: state none.
ROUNDS = ("Antalya", "Istanbul")
#: The parties at the table in both rounds, whose claims ``data/claims.csv`` records.
SIDES = ("Ukraine", "Russia", "Turkey")


class CorpusError(ValueError):
    """An article file or ``articles.csv`` row that cannot be used as it is.

    The message names the file (and line, for the CSV) and says what to fix.
    """


# --- the rules ---------------------------------------------------------------

_FURNITURE_LINES = {
    "skip to main content",
    "accessibility links",
    "breaking news",
    "related topics",
    "related articles",
    "related stories",
    "read more",
    "post a comment",
    "scroll to top",
    "source link",
    "leave a reply",
    "advertisement",
    "share this article",
    "share",
    "comments",
}
_FURNITURE_PHRASES = re.compile(
    r"your email address will not be published"
    r"|required fields are marked"
    r"|we use cookies|accept (all )?cookies|cookie (policy|settings)"
    r"|subscribe to|sign up for (our|the) newsletter|share on (facebook|twitter|x)"
    r"|^advertisement\b",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?:Updated:?\s*|Published:?\s*)?{_MONTH} \d{{1,2}}, \d{{4}}"
    r"(?:,? \d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?: [A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"(?:^|\s)Credit:\s|^Photo:\s", re.IGNORECASE)
_BRACKET_CREDIT = re.compile(r"\([^()]*/[^()]*\)\s*$")
_PROVIDED_CREDIT = re.compile(r"\((?:Images?|Photos?|Video) (?:provided )?by [^()]*\)\s*$")
_WATCH = re.compile(r"^WATCH\s*[|lI:]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


def _is_pipe_credit(line: str) -> bool:
    """``Bloomberg | Bloomberg | Getty Images``: short names split by pipes."""
    parts = [p.strip() for p in line.split("|")]
    return len(parts) >= 2 and all(0 < len(p.split()) <= 4 for p in parts) and not _SENTENCE_END.search(line)


def _is_furniture(line: str) -> bool:
    low = line.strip().lower()
    return low in _FURNITURE_LINES or bool(_FURNITURE_PHRASES.search(line))


def _is_credit(line: str) -> bool:
    return bool(_CREDIT.search(line)) or _is_pipe_credit(line)


def _is_captioned(line: str) -> bool:
    return bool(_BRACKET_CREDIT.search(line) or _PROVIDED_CREDIT.search(line))


def _norm(line: str) -> str:
    return re.sub(r"[\W_]+", " ", line).strip().lower()


def paragraphs(raw: str) -> list[str]:
    """Split raw article text into paragraphs: one per non-blank line.

    Example:
        >>> paragraphs("Title\\n\\nFirst.\\n \\nSecond.")
        ['Title', 'First.', 'Second.']
    """
    return [line.strip() for line in raw.splitlines() if line.strip()]


RULES = {
    "furniture": "navigation, prompt or advertising line",
    "dateline": "publication timestamp",
    "credit": "photo or video credit",
    "caption": "photo caption or image description",
    "video": "video promotion (WATCH line, title, blurb)",
    "repeat": "repeats or starts a later line",
    "masthead": "headline or section name before the first paragraph",
    "footer": "line after the last paragraph",
}


def classify_paragraphs(raw: str) -> pd.DataFrame:
    """Say, for every paragraph of a raw article, whether cleaning keeps it and why not.

    Returns one row per paragraph with columns ``n`` (position, from 0),
    ``paragraph``, ``kept`` (bool) and ``rule`` (a key of ``RULES``, or
    ``""`` for kept paragraphs). See the module docstring for the rules.

    Example:
        >>> report = classify_paragraphs("Talks end\\n\\nThey met.\\n\\nPost a Comment")
        >>> report[["paragraph", "kept", "rule"]].values.tolist()
        [['Talks end', False, 'masthead'], ['They met.', True, ''], ['Post a Comment', False, 'furniture']]
    """
    if not isinstance(raw, str):
        raise TypeError(f"expected the article text as a str, got {type(raw).__name__}")
    lines = paragraphs(raw)
    rule = [""] * len(lines)

    def mark(i: int, why: str) -> None:
        if 0 <= i < len(lines) and not rule[i]:
            rule[i] = why

    for i, line in enumerate(lines):
        # video: a video promotion is the WATCH line, a title and a blurb
        if _WATCH.match(line):
            for j in range(i, i + 3):
                mark(j, "video")
        # furniture, dateline, credit, and the captions above credits
        if _is_furniture(line):
            mark(i, "furniture")
        elif _DATELINE.match(line):
            mark(i, "dateline")
        elif _is_credit(line):
            mark(i, "credit")
            mark(i - 1, "caption")  # the caption above a credit line
        if _is_captioned(line):
            mark(i, "caption")
            if i > 0 and len(lines[i - 1]) < 150 and not _is_captioned(lines[i - 1]):
                mark(i - 1, "caption")  # alt text above a credited caption

    # repeat: a line that repeats, or starts, a later line is a copy of it
    normed = [_norm(line) for line in lines]
    for i, here in enumerate(normed):
        if not here or rule[i]:
            continue
        for later in normed[i + 1 :]:
            if later == here or (len(here) > 40 and later.startswith(here)):
                mark(i, "repeat")
                break

    # masthead and footer: lines outside the body that do not end like sentences
    body = [i for i, why in enumerate(rule) if not why]
    for i in body:
        if _SENTENCE_END.search(lines[i]):
            break
        mark(i, "masthead")
    for i in reversed(body):
        if _SENTENCE_END.search(lines[i]):
            break
        mark(i, "footer")

    return pd.DataFrame(
        {
            "n": range(len(lines)),
            "paragraph": lines,
            "kept": [not why for why in rule],
            "rule": rule,
        }
    )


def clean_text(raw: str) -> str:
    """Remove web furniture and return the reporting, paragraphs split by a blank line.

    See the module docstring for the rules, and :func:`classify_paragraphs`
    for which rule removed which paragraph.

    Example:
        >>> raw = (
        ...     "Skip to main content\\n\\nTalks end\\n\\n"
        ...     "The ministers met on Thursday.\\n\\n"
        ...     "A table in a hall.\\nThe room. (Jane Doe/Reuters)\\n\\n"
        ...     "“We talked,” he said.\\n\\nPost a Comment"
        ... )
        >>> print(clean_text(raw))
        The ministers met on Thursday.
        <BLANKLINE>
        “We talked,” he said.
    """
    if not isinstance(raw, str):
        raise TypeError(f"clean_text expects the article text as a str, got {type(raw).__name__}")
    report = classify_paragraphs(raw)
    return "\n\n".join(report.loc[report["kept"], "paragraph"])


# --- reading files -----------------------------------------------------------


def _is_url(source: object) -> bool:
    return isinstance(source, str) and re.match(r"https?://", source.strip(), re.IGNORECASE) is not None


def read_article(path: Path | str) -> str:
    """Read one raw article, failing with a message that says what to fix.

    A ``.txt`` file comes back exactly as it is saved (less a byte-order
    mark): the furniture stays in, for :func:`clean_text` to remove. A saved
    web page (``.html`` or ``.htm``) or an ``http(s)://`` address is handed to
    :func:`read_web_article`, which returns the article's text without the
    page's furniture.

    Example:
        >>> text = read_article(data_dir() / "raw" / "003_b813a9d70c3b9a9d.txt")
        >>> text.splitlines()[0]
        'Russia-Ukraine talks end quickly with no progress'
    """
    if _is_url(path) or Path(path).suffix.lower() in _HTML_SUFFIXES:
        return read_web_article(path)
    path = Path(path)
    if not path.is_file():
        raise CorpusError(
            f"{path}: no such article file. Copy the article into {path.parent}/ "
            "or correct its name in articles.csv."
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{path}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}). "
            "Re-save the file as UTF-8."
        ) from None
    if not text.strip():
        raise CorpusError(f"{path}: the file is empty. Paste the article's text into it.")
    return text.removeprefix("\ufeff")


_HTML_SUFFIXES = (".html", ".htm")
_LOOKS_LIKE_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|p|div|article|main)\b", re.IGNORECASE)
#: How long :func:`fetch_page` waits for a web server, in seconds.
FETCH_TIMEOUT = 30


def fetch_page(url: str) -> bytes:
    """Download a web page and return its bytes; the default fetcher of :func:`read_web_article`.

    Any failure (no connection, a name that does not resolve, an HTTP error
    status, a timeout after ``FETCH_TIMEOUT`` seconds) raises
    :class:`CorpusError` naming the address.

    Example:
        >>> try:
        ...     fetch_page("ftp://example.org/page")
        ... except CorpusError as err:
        ...     print(err)
        ftp://example.org/page: not a web address. Give an address that starts with http:// or https://.
    """
    import urllib.error
    import urllib.request

    if not _is_url(url):
        raise CorpusError(f"{url}: not a web address. Give an address that starts with http:// or https://.")
    request = urllib.request.Request(url, headers={"User-Agent": "talks-in-turkey (teaching module)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise CorpusError(
            f"{url}: the server answered {err.code} {err.reason}. Check the address, or open the page "
            "in your browser, save it as HTML and pass the saved file."
        ) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise CorpusError(
            f"{url}: could not download the page ({reason}). Check the address and your internet "
            "connection, or save the page from your browser as HTML and pass the saved file."
        ) from None


def read_web_article(
    source: Path | str,
    fetch: Callable[[str], bytes | str] | None = None,
) -> str:
    """Return the article in a saved web page or at a web address, without the page's furniture.

    ``source`` is a page saved from a browser (a ``.html`` or ``.htm`` file)
    or an ``http://``/``https://`` address, which is downloaded with
    ``fetch`` (by default :func:`fetch_page`; pass your own function of the
    address to read pages another way, or in tests). The article is found by
    `trafilatura <https://trafilatura.readthedocs.io>`_: the headline and
    standfirst, then the paragraphs of the story, without menus, cookie
    banners, share buttons, photo credits, related links, reader comments or
    the footer. Paragraphs come one per line with a blank line between them,
    like the articles in ``data/raw/``, so the text goes straight to
    :func:`clean_text` or to :func:`helpers.quotes.extract_quotes`.

    A missing file, a file that is not HTML, a page with no article text in
    it (no paragraph of six words or more that ends like a sentence: a menu,
    a list of other stories' headlines) and a download that fails each raise
    :class:`CorpusError` naming the file or address.

    Example:
        >>> page = (
        ...     "<html><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        ...     "<article><h1>Ferry vote</h1><p>The council voted on Thursday to keep "
        ...     "the winter ferry running twice a day, after a long debate.</p>"
        ...     "<p>“People live there all year,” said councillor Ruth Penhale, "
        ...     "who proposed the motion.</p></article>"
        ...     "<footer>© 2024 Example News. All rights reserved.</footer></body></html>"
        ... )
        >>> print(read_web_article("https://example.org/ferry", fetch=lambda url: page))
        Ferry vote
        <BLANKLINE>
        The council voted on Thursday to keep the winter ferry running twice a day, after a long debate.
        <BLANKLINE>
        “People live there all year,” said councillor Ruth Penhale, who proposed the motion.
    """
    if _is_url(source):
        name = str(source).strip()
        try:
            page = (fetch or fetch_page)(name)
        except CorpusError:
            raise
        except Exception as err:  # whatever the fetcher raises, the reader is told which page failed
            raise CorpusError(
                f"{name}: could not download the page ({err}). Check the address and your internet "
                "connection, or save the page from your browser as HTML and pass the saved file."
            ) from None
        if not page:
            raise CorpusError(
                f"{name}: the download came back empty. Save the page from your browser instead."
            )
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise CorpusError(f"{path}: no such file. Save the web page there (as HTML) or correct the name.")
        if path.suffix.lower() not in _HTML_SUFFIXES:
            raise CorpusError(
                f"{path}: not a saved web page (expected a .html or .htm file). "
                "For a text file, use read_article."
            )
        page = path.read_bytes()
    data = page.encode("utf-8") if isinstance(page, str) else page
    if not isinstance(data, bytes):
        raise CorpusError(
            f"{name}: the fetcher returned {type(page).__name__}, not the page's bytes or text."
        )
    if not _LOOKS_LIKE_HTML.search(data[:100_000]):
        raise CorpusError(
            f"{name}: this is not an HTML page (no <html>, <body> or paragraph tags in it). "
            "Save the page from your browser as 'Web page, HTML only'."
        )
    import trafilatura  # imported here: reading the five .txt articles does not need it

    text = trafilatura.extract(page, include_comments=False, favor_precision=False)
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    # trafilatura falls back to whatever text a page has (menu items, headlines of other stories):
    # an article has at least one paragraph that reads like a sentence
    if not any(len(line.split()) >= 6 and _SENTENCE_END.search(line) for line in lines):
        raise CorpusError(
            f"{name}: no article text found in the page (no paragraph of six words or more that ends "
            "like a sentence). It may be an index page, need a login, or "
            "draw its text with JavaScript; copy the article's text into a .txt file instead."
        )
    return "\n\n".join(lines)


def _read_table(csv_path: Path) -> pd.DataFrame:
    table = read_csv_table(csv_path, ARTICLE_COLUMNS, CorpusError, "one article per row")
    for number, row in enumerate(table.itertuples(index=False), start=2):
        for column in ("id", "file", "round"):
            if not getattr(row, column).strip():
                raise CorpusError(f"{csv_path} line {number}: the {column!r} column is empty.")
        if row.round not in ROUNDS:
            raise CorpusError(
                f"{csv_path} line {number}: round {row.round!r} is not one of {', '.join(ROUNDS)}."
            )
    duplicated = table.loc[table["id"].duplicated(), "id"].tolist()
    if duplicated:
        raise CorpusError(f"{csv_path}: article id(s) used twice: {', '.join(duplicated)}.")
    return table


def load_articles(folder: Path | str | None = None) -> pd.DataFrame:
    """Return one row per article: id, round, date, place, outlet, title, text, raw.

    ``text`` is the cleaned body (:func:`clean_text`) and ``raw`` the file as
    published. ``date_as_written`` keeps the words the article itself uses for
    the day of the talks, ``file`` the name in ``data/raw/``, and ``note``
    what a reader should know about the facts of the row (where the outlet
    comes from, for example); it is ``""`` when ``articles.csv`` has no
    ``note`` column.

    Example:
        >>> articles = load_articles()
        >>> articles.groupby("round").size().to_dict()
        {'Antalya': 3, 'Istanbul': 2}
    """
    folder = Path(folder) if folder is not None else data_dir()
    csv_path = folder / "articles.csv"
    table = _read_table(csv_path)
    raws = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        path = folder / "raw" / row.file
        if not path.is_file():
            raise CorpusError(
                f"{csv_path} line {number}: article {row.id!r} names {path}, which does not exist. "
                f"Copy the article into {path.parent}/ or fix the 'file' column."
            )
        raws.append(read_article(path))
    return (
        table.rename(columns={"headline": "title"})
        .assign(raw=raws, text=lambda df: df["raw"].map(clean_text), note=table.get("note", ""))
        .loc[
            :,
            [
                "id",
                "round",
                "date",
                "date_as_written",
                "place",
                "outlet",
                "title",
                "text",
                "raw",
                "file",
                "note",
            ],
        ]
    )


def _load_sourced(folder: Path | str | None, name: str, required: list[str]) -> pd.DataFrame:
    """Read a table of sourced facts and check every piece of evidence against its article."""
    folder = Path(folder) if folder is not None else data_dir()
    csv_path = folder / name
    facts = read_csv_table(csv_path, required + ["article_id", "evidence"], CorpusError, "one fact per row")
    articles = load_articles(folder).set_index("id")
    for number, row in enumerate(facts.itertuples(index=False), start=2):
        if row.article_id not in articles.index:
            raise CorpusError(f"{csv_path} line {number}: article {row.article_id!r} is not in articles.csv.")
        if not row.evidence or row.evidence not in articles.at[row.article_id, "raw"]:
            raise CorpusError(
                f"{csv_path} line {number}: the evidence {row.evidence!r} does not occur in "
                f"article {row.article_id}. Copy the words exactly from the article."
            )
    return facts


def load_rounds(folder: Path | str | None = None) -> pd.DataFrame:
    """Return the sourced facts about the two rounds from ``data/rounds.csv``.

    Each row is one fact (``who met``, ``where``, ``when``, ``Turkey's role``…) with
    the ``article_id`` it comes from and the ``evidence``: words copied from
    that article. Every piece of evidence is checked against the article, so
    a fact that cannot be traced raises :class:`CorpusError`.

    Example:
        >>> rounds = load_rounds()
        >>> rounds.loc[rounds["fact"] == "Turkey's role", "value"].tolist()[0]
        'mediator: Turkish Foreign Minister Mevlut Cavusoglu'
    """
    return _load_sourced(folder, "rounds.csv", ["round", "fact", "value"])


def load_claims(folder: Path | str | None = None) -> pd.DataFrame:
    """Return what each side demanded, offered or refused, from ``data/claims.csv``.

    Columns: ``round``, ``side``, ``claim`` (demand, offer, refusal, appeal),
    ``value`` (a summary in plain words), ``article_id`` and ``evidence`` (the
    article's own words, checked as in :func:`load_rounds`). A ``side`` is one
    of :data:`SIDES`, the parties at the table: what an outside voice said
    (the U.S. President, say) is not a side's claim, and a row that gives one
    raises :class:`CorpusError`.

    Example:
        >>> claims = load_claims()
        >>> sorted(claims.query("round == 'Istanbul'")["side"].unique())
        ['Russia', 'Turkey', 'Ukraine']
    """
    claims = _load_sourced(folder, "claims.csv", ["round", "side", "claim", "value"])
    for number, side in enumerate(claims["side"], start=2):
        if side not in SIDES:
            csv_path = (Path(folder) if folder is not None else data_dir()) / "claims.csv"
            raise CorpusError(
                f"{csv_path} line {number}: side {side!r} is not one of {', '.join(SIDES)}, "
                "the parties at the table."
            )
    return claims


def cleaning_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Count, for each article, the lines kept and the lines each rule removed.

    Takes the output of :func:`load_articles` (columns ``id`` and ``raw``) and
    returns one row per article, one column per rule that fired, plus ``kept``.

    Example:
        >>> table = cleaning_summary(load_articles())
        >>> int(table.loc["003_b813a9d70c3b9a9d", "kept"])
        10
    """
    return (
        pd.concat(
            [
                classify_paragraphs(raw).assign(id=id_)
                for id_, raw in zip(articles["id"], articles["raw"], strict=True)
            ]
        )
        .assign(rule=lambda df: df["rule"].replace("", "kept"))
        .pivot_table(index="id", columns="rule", values="n", aggfunc="count", fill_value=0)
        .rename_axis(columns=None)
    )


def round_table(rounds: pd.DataFrame) -> pd.DataFrame:
    """Pivot the facts of :func:`load_rounds` into one column per round.

    Each cell is the fact's value followed by the short id of its source
    article, e.g. ``"90 minutes [001]"``.

    Example:
        >>> round_table(load_rounds()).loc["length"].tolist()
        ['90 minutes [001]', 'less than two hours [003]']
    """
    order = ["who met", "where", "when", "Turkey's role", "format", "length", "outcome"]
    return (
        rounds.drop_duplicates(["round", "fact"])
        .assign(value=lambda df: df["value"] + " [" + df["article_id"].str.slice(0, 3) + "]")
        .pivot(index="fact", columns="round", values="value")
        .reindex([f for f in order if f in set(rounds["fact"])])
        .rename_axis(columns=None)
    )


def side_by_side_html(left: str, right: str, titles: tuple[str, str] = ("raw", "cleaned")) -> str:
    """Return an HTML table showing two texts next to each other (escaped).

    Example:
        >>> "<td" in side_by_side_html("a < b", "b") and "a &lt; b" in side_by_side_html("a < b", "b")
        True
    """
    from html import escape

    cell = '<td style="vertical-align:top;white-space:pre-wrap;width:50%">{}</td>'
    return (
        '<table class="side-by-side"><tr>'
        + "".join(f"<th>{escape(t)}</th>" for t in titles)
        + "</tr><tr>"
        + cell.format(escape(left))
        + cell.format(escape(right))
        + "</tr></table>"
    )


def load_folder(folder: Path | str) -> pd.DataFrame:
    """Load every ``.txt`` file in a folder as an article: columns ``id``, ``raw``, ``text``.

    ``id`` is the file name without ``.txt``; rows are sorted by it. Use it for
    articles of your own, or for the held-out set in ``data/heldout/``. Each
    file is read with :func:`read_article`, so a bad file gives a clear error.

    Example:
        >>> texts = load_folder(data_dir() / "heldout")
        >>> texts["id"].tolist()
        ['h1', 'h2', 'h3', 'h4']
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder.")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise CorpusError(f"{folder}: no .txt files in it. Save each article as UTF-8 text with a .txt name.")
    raws = [read_article(p) for p in paths]
    return pd.DataFrame({"id": [p.stem for p in paths], "raw": raws}).assign(
        text=lambda df: df["raw"].map(clean_text)
    )


# --- article labels for tables and charts ------------------------------------------------

#: A corpus article id: three digits, an underscore and 16 hexadecimal digits.
_LONG_ID = re.compile(r"^(\d{3})_[0-9a-f]{16}$")


def short_id(article_id: object) -> object:
    """The short label of a corpus article id, ``000``…``004``; anything else comes back unchanged.

    The 20-character ids (``000_fa01e9b35ae5be2c``) are unique but too wide
    for a table header or a chart axis; their first three digits are enough
    to tell the five articles apart, and the bibliography lists them as
    ``[000]``…``[004]``. Ids of your own articles (``my-article``) are kept.

    Example:
        >>> short_id("004_b7c99a2164da90d6"), short_id("my-article"), short_id(3)
        ('004', 'my-article', 3)
    """
    if isinstance(article_id, str):
        found = _LONG_ID.match(article_id)
        if found:
            return found.group(1)
    return article_id


def article_key(articles: pd.DataFrame) -> pd.DataFrame:
    """The legend of the short labels: one row per article, ``article``, ``outlet``, ``round``, ``title``.

    ``articles`` is :func:`load_articles` (columns ``id``, ``outlet``,
    ``round``, ``title``). The outlet is the one ``data/articles.csv`` records
    from the article; where the article does not state one it reads
    ``not stated``, never a guess.

    Example:
        >>> key = article_key(load_articles())
        >>> key[["article", "outlet"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['000', 'not stated'], ['001', 'not stated'], ['002', 'not stated'],
         ['003', 'not stated'], ['004', 'CBC News']]
    """
    missing = [c for c in ("id", "outlet", "round", "title") if c not in articles.columns]
    if missing:
        raise ValueError(f"article_key() needs the columns of load_articles(); missing: {', '.join(missing)}")
    outlet = articles["outlet"].astype("string").str.strip().fillna("")
    return (
        articles.assign(
            article=articles["id"].map(short_id),
            outlet=outlet.mask(outlet.eq(""), "not stated").astype(object),
        )
        .loc[:, ["article", "outlet", "round", "title"]]
        .reset_index(drop=True)
    )


def label_articles(table: pd.DataFrame) -> pd.DataFrame:
    """Show articles as ``000``…``004`` in a table: in column names, in the index, and in id columns.

    Column labels and index labels (every level) that are article ids become
    short ids (:func:`short_id`), and so do the values of the ``id`` column
    and of every column whose name starts with ``article_id`` (``article_id``,
    ``article_id_a``…). Say
    which outlet each label stands for with :func:`article_key`. Nothing else
    changes; the input is not modified.

    Example:
        >>> counts = pd.DataFrame({"000_fa01e9b35ae5be2c": [2], "004_b7c99a2164da90d6": [1]},
        ...                       index=pd.Index(["Kuleba"], name="speaker"))
        >>> label_articles(counts).to_dict()
        {'000': {'Kuleba': 2}, '004': {'Kuleba': 1}}
        >>> label_articles(pd.DataFrame({"article_id": ["001_aba025860246f760"], "n": [3]}))
          article_id  n
        0        001  3
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"label_articles expects a DataFrame, got {type(table).__name__}")

    def relabel(labels: pd.Index) -> pd.Index:
        if isinstance(labels, pd.MultiIndex):
            return labels.set_levels([level.map(short_id) for level in labels.levels])
        return labels.map(short_id)

    id_columns = [c for c in table.columns if c == "id" or str(c).startswith("article_id")]
    labelled = table.assign(**{c: table[c].map(short_id) for c in id_columns}) if id_columns else table.copy()
    labelled.columns = relabel(labelled.columns)
    labelled.index = relabel(labelled.index)
    return labelled
