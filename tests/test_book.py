"""The book's structure: every chapter follows the page skeleton teachers rely on."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return files


CHAPTERS = [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


def test_every_toc_entry_exists_exactly_once():
    for entry in toc_files():
        found = [
            p for p in (ROOT / entry).parent.glob(Path(entry).name + ".*") if p.suffix in {".ipynb", ".md"}
        ]
        assert len(found) == 1, f"{entry}: expected one .ipynb or .md file, found {found}"


def test_every_chapter_notebook_is_in_the_toc():
    listed = set(toc_files())
    for path in (ROOT / "book").glob("*.ipynb"):
        assert str(path.relative_to(ROOT).with_suffix("")) in listed, f"{path.name} is not in _toc.yml"


# Chapters written in Markdown rather than as notebooks follow the same skeleton. The pages under
# book/practice/ other than the index are generated from the exercise keys, and the reference
# pages (glossary, who's who, bibliography, API) are looked up, not read in order.
MARKDOWN_CHAPTERS = ["book/practice/index", "book/teachers", "book/running"]
ORDER = toc_files()
# Pages beside the reading order: how to run the notebooks (read when needed, placed early so that
# students find it), and the teaching material under the Teacher's guide. The chapter before
# them names the page after them as what comes next.
ASIDE = {"book/running"} | {f for f in ORDER if f.startswith("book/teaching/")}


def chapter_text(chapter: str) -> str:
    """The prose of a chapter: its markdown cells, or the whole .md file."""
    path = ROOT / f"{chapter}.ipynb"
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return (ROOT / f"{chapter}.md").read_text(encoding="utf-8")


def linked_pages(chapter: str, text: str) -> list[str]:
    """The toc entries that {doc} links in ``text`` point at, resolved from ``chapter``'s folder."""
    pages = []
    for target in re.findall(r"\{doc\}`(?:[^`<]*<([^>]+)>|([^`]+))`", text):
        target = (target[0] or target[1]).strip()
        resolved = (Path(chapter).parent / target).as_posix()
        parts: list[str] = []
        for part in resolved.split("/"):
            if part == "..":
                parts.pop()
            else:
                parts.append(part)
        pages.append("/".join(parts))
    return pages


@pytest.mark.parametrize("chapter", CHAPTERS + MARKDOWN_CHAPTERS)
def test_chapter_opens_with_objectives_and_closes_with_a_summary(chapter):
    text = chapter_text(chapter)
    assert text.lstrip().startswith("# "), "a chapter starts with its title"
    assert re.search(r"By the end of this (chapter|module) you will be able to", text)
    assert "**Prerequisites:**" in text
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert "Summary" in headings and "What's next" in headings
    ending = ["Summary", "What's next"]
    assert headings[-2:] == ending or headings[-3:] == [*ending, "References"]
    objectives = text.index("you will be able to")
    assert objectives < text.index("**Prerequisites:**") < text.index("\n## "), (
        "objectives, then prerequisites"
    )


@pytest.mark.parametrize("chapter", CHAPTERS + MARKDOWN_CHAPTERS)
def test_chapter_depends_only_on_chapters_before_it(chapter):
    text = chapter_text(chapter)
    prerequisites = text[text.index("**Prerequisites:**") :].split("\n\n")[0]
    for page in linked_pages(chapter, prerequisites):
        assert ORDER.index(page) < ORDER.index(chapter), f"prerequisite {page} comes after {chapter}"


@pytest.mark.parametrize("chapter", CHAPTERS + MARKDOWN_CHAPTERS)
def test_whats_next_points_forward(chapter):
    text = chapter_text(chapter)
    whats_next = text.split("\n## What's next\n")[1].split("\n## ")[0]
    pages = linked_pages(chapter, whats_next)
    assert pages, "What's next names the page to read next"
    for page in pages:
        assert ORDER.index(page) > ORDER.index(chapter), f"What's next points back to {page}"
    exercise_page = re.compile(r"book/practice/(?!index$)")
    reading_order = [p for p in ORDER if not exercise_page.match(p) and (p not in ASIDE or p == chapter)]
    following = reading_order[reading_order.index(chapter) + 1]
    assert following in pages, f"What's next names the page that follows, {following}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_imports_helpers_and_never_patches_sys_path(chapter):
    nb = nbformat.read(ROOT / f"{chapter}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "sys.path" not in code
    assert re.search(r"^from helpers\.\w+ import", code, flags=re.M)
    assert "def " not in code, "helper code belongs in helpers/, not in chapter cells"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_outputs_that_nbval_compares(chapter):
    nb = nbformat.read(ROOT / f"{chapter}.ipynb", as_version=4)
    checked = [c for c in nb.cells if "nbval-check-output" in c.get("metadata", {}).get("tags", [])]
    assert checked, "tag at least one cell 'nbval-check-output' so nbval compares its output"
    assert all(c.outputs for c in checked), "a checked cell must have stored outputs"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_charts_in_chapters_go_through_the_offline_renderer(chapter):
    nb = nbformat.read(ROOT / f"{chapter}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for output in cell.outputs:
                html = output.get("data", {}).get("text/html", "")
                assert "cdn.jsdelivr" not in html and "altair-viz-" not in html


def test_every_exercise_is_linked_from_a_chapter_and_listed_in_the_toc():
    from helpers.grade import list_exercises

    chapters_text = "\n".join(
        c.source
        for f in CHAPTERS
        for c in nbformat.read(ROOT / f"{f}.ipynb", as_version=4).cells
        if c.cell_type == "markdown"
    )
    listed = set(toc_files())
    for name in list_exercises():
        assert f"practice/{name}" in chapters_text, f"no chapter points students to the {name} exercise"
        assert f"book/practice/{name}" in listed
        assert (ROOT / "book" / "exercises" / f"{name}.ipynb").exists()
