"""Reading an article from the web: a saved page or an address, the page's furniture left out.

No test here touches the network: addresses are read through an injected
fetcher, or with ``urllib.request.urlopen`` replaced, and the page is the
stored fixture ``tests/fixtures/web/harbour-ferry.html`` (an invented story
in a realistic news page: navigation, cookie banner, share buttons, photo
credit, read-more box, newsletter sign-up, related links, comments, footer).
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

from helpers.corpus import CorpusError, clean_text, fetch_page, read_article, read_web_article
from helpers.quotes import extract_quotes

PAGE = Path(__file__).parent / "fixtures" / "web" / "harbour-ferry.html"
URL = "https://www.example.org/news/local/2024/06/harbour-ferry-timetable-vote"

STORY = [
    "Harbour council backs winter ferry timetable after long debate",
    "Port Aldren’s harbour council voted on Thursday evening to keep the winter ferry",
    "The Aldren Ferry Company had asked to cut the service",
    "“The islands are not a summer attraction that we can close for the winter,”",
    "The motion passed by nine votes to four.",
    "Tomas Varga, the company’s managing director, told the meeting",
    "Asked whether fares would rise this winter",
    "Islanders who had crossed for the meeting applauded",
    "The council will review the timetable again next spring.",
]
FURNITURE = [
    "Skip to main content",
    "We use cookies",
    "Accept all cookies",
    "Subscribe for £1 a week",
    "Coast road closed after rockfall",  # breaking-news ticker and most read
    "Share on Facebook",
    "Photo: Jon Hale",
    "Ferry fares to rise by a fifth",  # the read-more box inside the story
    "Sign up for our newsletter",
    "Topics:",
    "Comments are closed",
    "New lights for the old pier",  # related stories
    "Holiday cottages",
    "All rights reserved",
    "Privacy notice",
]


def test_a_saved_page_gives_the_story_in_order_without_its_furniture():
    text = read_web_article(PAGE)
    paragraphs = text.split("\n\n")
    starts = [next(i for i, p in enumerate(paragraphs) if p.startswith(s)) for s in STORY]
    assert starts == sorted(starts), "the story's paragraphs come out in the page's order"
    for junk in FURNITURE:
        assert junk not in text, f"furniture survived: {junk!r}"


def test_paragraphs_are_one_per_line_with_blank_lines_between_like_the_corpus():
    text = read_web_article(PAGE)
    assert "\n\n\n" not in text and text == text.strip()
    for paragraph in text.split("\n\n"):
        assert paragraph and "\n" not in paragraph and paragraph == paragraph.strip()
    assert len(text.split("\n\n")) == 10  # headline, standfirst and eight paragraphs


def test_read_article_hands_html_and_addresses_to_the_web_reader(monkeypatch):
    assert read_article(PAGE) == read_web_article(PAGE)
    monkeypatch.setattr("urllib.request.urlopen", lambda request, timeout: open(PAGE, "rb"))
    assert read_article(URL) == read_web_article(PAGE)


def test_an_address_is_read_through_the_injected_fetcher():
    asked = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return PAGE.read_bytes()

    assert read_web_article(URL, fetch=fetch) == read_web_article(PAGE)
    assert asked == [URL]


def test_a_page_given_as_text_reads_the_same_as_bytes():
    page = PAGE.read_text(encoding="utf-8")
    assert read_web_article(URL, fetch=lambda url: page) == read_web_article(PAGE)


def test_the_story_goes_on_to_cleaning_and_quotation_extraction():
    text = read_web_article(PAGE)
    assert clean_text(text).startswith("Port Aldren’s harbour council voted")
    quotes = extract_quotes(text)
    assert any(q.startswith("The islands are not a summer attraction") for q in quotes["quote"])


def test_a_network_failure_names_the_address(monkeypatch):
    def refuse(request, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    with pytest.raises(CorpusError, match=r"^https://www\.example\.org/news/.*could not download the page"):
        read_web_article(URL)


def test_an_http_error_status_names_the_address_and_the_status(monkeypatch):
    def not_found(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 404, "Not Found", {}, None)

    monkeypatch.setattr("urllib.request.urlopen", not_found)
    with pytest.raises(CorpusError, match=rf"^{URL}: the server answered 404 Not Found"):
        fetch_page(URL)


def test_a_failing_injected_fetcher_names_the_address():
    def broken(url: str) -> bytes:
        raise TimeoutError("timed out")

    with pytest.raises(CorpusError, match=rf"^{URL}: could not download the page \(timed out\)"):
        read_web_article(URL, fetch=broken)


def test_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "nowhere.html"
    with pytest.raises(CorpusError, match=rf"^{missing}: no such file"):
        read_web_article(missing)
    with pytest.raises(CorpusError, match=rf"^{missing}: no such file"):
        read_article(missing)


def test_a_file_that_is_not_a_web_page_names_it(tmp_path):
    text_file = tmp_path / "story.txt"
    text_file.write_text("Just some text.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"^{text_file}: not a saved web page"):
        read_web_article(text_file)
    plain = tmp_path / "story.html"
    plain.write_text("The council voted on Thursday. It was a long debate.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"^{plain}: this is not an HTML page"):
        read_web_article(plain)
    image = tmp_path / "photo.htm"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(CorpusError, match=rf"^{image}: this is not an HTML page"):
        read_web_article(image)


def test_a_page_without_an_article_names_it(tmp_path):
    index = tmp_path / "index.html"
    index.write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<footer>© 2024 Example News</footer></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=rf"^{index}: no article text found in the page"):
        read_web_article(index)
    with pytest.raises(CorpusError, match=rf"^{URL}: no article text found"):
        read_web_article(URL, fetch=lambda url: index.read_bytes())
    headlines = (
        "<html><body><header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "</ul></nav></header><main><h1>Latest news</h1><ul>"
        "<li><a href='/a'>Ferry vote: council keeps winter service</a></li>"
        "<li><a href='/b'>Coast road closed after rockfall near Selby Point</a></li>"
        "</ul></main></body></html>"
    )
    with pytest.raises(CorpusError, match=rf"^{URL}: no article text found"):
        read_web_article(URL, fetch=lambda url: headlines)


def test_an_empty_download_names_the_address():
    with pytest.raises(CorpusError, match=rf"^{URL}: the download came back empty"):
        read_web_article(URL, fetch=lambda url: b"")


def test_text_files_are_still_read_as_they_are(tmp_path):
    raw = tmp_path / "mine.txt"
    raw.write_text("Skip to main content\n\nA headline\n\nThe story.\n", encoding="utf-8")
    assert read_article(raw) == "Skip to main content\n\nA headline\n\nThe story.\n"


def test_importing_the_extractor_opens_no_connection():
    """trafilatura and what it pulls in (htmldate, courlan, justext…) must not fetch at import."""
    probe = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a connection was opened at import')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import trafilatura, helpers.corpus\n"
        f"text = helpers.corpus.read_web_article({str(PAGE)!r})\n"
        "print(len(text.split(chr(10) * 2)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
