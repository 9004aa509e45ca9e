"""The pages about running the book and teaching from it agree with the project they describe."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fenced(text: str, language: str) -> list[str]:
    """The bodies of the fenced code blocks in ``language``, dedented."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", text, flags=re.M | re.S)
    return ["\n".join(line[len(indent) :] for line in body.splitlines()) for indent, body in blocks]


def colab_cell(text: str) -> str:
    (cell,) = [b for b in fenced(text, "python") if "git clone" in b]
    return cell


def test_the_books_colab_cell_is_the_readmes():
    readme = colab_cell((ROOT / "README.md").read_text(encoding="utf-8"))
    book = colab_cell((ROOT / "book" / "running.md").read_text(encoding="utf-8"))
    assert book == readme


def test_the_colab_cell_clones_the_configured_repository_and_runs_from_book():
    import yaml

    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    cell = colab_cell((ROOT / "book" / "running.md").read_text(encoding="utf-8")).splitlines()
    name = url.rstrip("/").rsplit("/", 1)[1]
    assert cell == [
        "%cd /content",
        f"!git clone --depth 1 {url}",
        f"%pip install --quiet ./{name}",
        f"%cd {name}/book",
    ]
    page = (ROOT / "book" / "running.md").read_text(encoding="utf-8")
    colab = "https://colab.research.google.com/github/" + url.split("github.com/")[1] + "/blob/main/book/"
    for link in re.findall(r"https://colab\.research\.google\.com/\S+?\.ipynb", page):
        assert link.startswith(colab), link
        assert (ROOT / "book" / link.removeprefix(colab)).is_file(), f"{link}: no such notebook"


def test_the_running_page_shows_a_check_as_the_self_check_names_it():
    page = (ROOT / "book" / "running.md").read_text(encoding="utf-8")
    shown = re.search(r"FAILED book/exercises/(\S+)::(Check \d+: [^-\n]+?) - ", page)
    assert shown, "the page shows a failing check by its title"
    import nbformat

    from helpers.selfcheck import cell_names

    nb = nbformat.read(ROOT / "book" / "exercises" / shown[1], as_version=4)
    assert shown[2] in cell_names(nb.cells).values()
