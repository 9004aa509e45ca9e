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
    (cell,) = [b for b in fenced(text, "(?:python|ipython3)") if "git clone" in b]
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


# --- the teaching pages ---------------------------------------------------------------------

TEACHING = ROOT / "book" / "teaching"


def toc_files() -> list[str]:
    """Every page in ``_toc.yml``, in reading order (the book tests' own reader of the toc)."""
    from test_book import toc_files as book_toc_files

    return book_toc_files()


def page_text(page: str) -> str:
    """The prose of a toc entry: the markdown cells of a notebook, or the Markdown file."""
    from test_book import chapter_text

    return chapter_text(page)


def linked(text: str, base: str = "book/teaching") -> list[str]:
    """The toc entries that the {doc} links in ``text`` point at, resolved from the folder ``base``."""
    from test_book import linked_pages

    return linked_pages(f"{base}/page", text)  # resolved from the folder of a page in ``base``


def stated_minutes(page: str) -> int:
    """The time a page gives itself in its Prerequisites line; an exercise takes the exercise page's."""
    if page.startswith("book/practice/") and page != "book/practice/index":
        prerequisites = _prerequisites(page_text("book/practice/index"))
        return int(re.search(r"(\d+) minutes per exercise", prerequisites)[1])
    prerequisites = _prerequisites(page_text(page))
    found = re.search(r"[Aa]bout\s+(\d+)\s+minutes", prerequisites)
    assert found, f"{page}: its Prerequisites line states no time"
    return int(found[1])


def _prerequisites(text: str) -> str:
    return text[text.index("**Prerequisites:**") :].split("\n\n")[0]


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table under ``## heading``, split into cells."""
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


CHAPTERS = [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]
EXERCISE_PAGES = [f for f in toc_files() if f.startswith("book/practice/") and f != "book/practice/index"]


def test_each_sessions_minutes_are_the_sum_of_its_pages_stated_times():
    rows = table_rows((TEACHING / "course-plan.md").read_text(encoding="utf-8"), "Session plan")
    assert len(rows) >= 4
    for row in rows:
        # links to the other teaching pages (the rubric) are not assignments with a time of their own
        pages = [p for p in linked(" ".join(row[:-1])) if not p.startswith("book/teaching/")]
        assert pages, f"session {row[0]} names no page"
        expected = sum(stated_minutes(p) for p in pages)
        assert int(row[-1]) == expected, f"session {row[0]}: {row[-1]} minutes, its pages state {expected}"
        for page in pages:
            assert f"({stated_minutes(page)}" in " ".join(row), f"session {row[0]}: {page} without its time"


def test_the_plans_total_is_the_sum_of_its_sessions():
    text = (TEACHING / "course-plan.md").read_text(encoding="utf-8")
    rows = table_rows(text, "Session plan")
    total = sum(int(row[-1]) for row in rows)
    stated = [int(m) for m in re.findall(r"(\d+) minutes", text.split("## Learning outcomes")[0])]
    hours, minutes = divmod(total, 60)
    assert f"**Total: {total} minutes ({hours} h {minutes} min)**" in text, f"the sessions add up to {total}"
    assert f"{total} minutes of students' working time" in text, "the summary states the same total"
    assert total in stated


def students_pages() -> list[str]:
    """The toc entries a student works through: every page that states a time, but the teachers'.

    The exercise page's "30 minutes per exercise" is counted once per exercise, not for itself.
    """
    return [
        page
        for page in toc_files()
        if page in EXERCISE_PAGES
        or (
            page not in ("book/practice/index", "book/teachers")
            and not page.startswith("book/teaching/")
            and "**Prerequisites:**" in page_text(page)
        )
    ]


def test_the_welcome_states_the_sum_of_every_pages_time():
    pages = students_pages()
    assert {"book/welcome", "book/evaluation", *EXERCISE_PAGES} <= set(pages)
    total = sum(stated_minutes(page) for page in pages)
    hours, minutes = divmod(total, 60)
    welcome = " ".join(_prerequisites(page_text("book/welcome")).split())
    assert f"{total} minutes ({hours} h {minutes} min)" in welcome, f"the pages state {total} minutes in all"
    rounded = round(total / 60)
    assert f"about {rounded} hours" in welcome, f"{total} minutes is about {rounded} hours"
    exercises = sum(stated_minutes(page) for page in EXERCISE_PAGES)
    assert f"{exercises} of them" in welcome, f"the eight exercises take {exercises} minutes"
    plan = (TEACHING / "course-plan.md").read_text(encoding="utf-8")
    assert f"**Total: {total} minutes" in plan, "the course plan's total is the same"


def test_the_plan_assigns_every_chapter_and_every_exercise_once():
    rows = table_rows((TEACHING / "course-plan.md").read_text(encoding="utf-8"), "Session plan")
    planned = [p for row in rows for p in linked(" ".join(row))]
    for page in [*CHAPTERS, *EXERCISE_PAGES]:
        assert planned.count(page) == 1, f"{page} is planned {planned.count(page)} times"


def test_every_chapter_and_every_exercise_serves_a_learning_outcome():
    rows = table_rows((TEACHING / "course-plan.md").read_text(encoding="utf-8"), "Learning outcomes")
    chapters = {p for row in rows for p in linked(row[1])}
    exercises = {p for row in rows for p in linked(row[2])}
    assert not set(CHAPTERS) - chapters, f"chapters without an outcome: {sorted(set(CHAPTERS) - chapters)}"
    missing = set(EXERCISE_PAGES) - exercises
    assert not missing, f"exercises without an outcome: {sorted(missing)}"
    assert all(row[3] for row in rows), "every outcome says how to see it"


# --- the answers, and the students' edition that leaves them out -----------------------------

QUESTION = re.compile(r"```\{admonition\} Check your understanding\n(?::[\w-]+:[^\n]*\n)*(.*?)```", re.S)


def normalised(text: str) -> str:
    """Every run of white space one space, block-quote marks left out."""
    return " ".join(" ".join(re.sub(r"^\s*>\s?", "", line) for line in text.splitlines()).split())


def questions() -> list[tuple[str, str]]:
    """Every "Check your understanding" question in the book, as (page, question)."""
    return [(page, q.strip()) for page in toc_files() for q in QUESTION.findall(page_text(page))]


def answers_sections() -> dict[str, str]:
    text = (TEACHING / "answers.md").read_text(encoding="utf-8")
    return {s.split("\n", 1)[0]: s for s in re.split(r"\n## ", text)[1:]}


def test_the_book_has_questions_to_answer():
    pages = {page for page, _ in questions()}
    assert len(questions()) >= 3 and len(pages) >= 3


def test_every_question_is_quoted_and_answered_under_its_chapter():
    sections = answers_sections()
    for page, question in questions():
        if page == "book/teaching/answers":
            continue
        found = [s for s in sections.values() if normalised(question) in normalised(s)]
        assert found, f"{page}: no answer to “{question[:60]}…” in book/teaching/answers.md"
        (section,) = found
        assert page in linked(section.split("\n", 1)[0]), f"{page}: its answer is under another chapter"
        answer = section.split("**Answer.**", 1)
        assert len(answer) == 2 and len(answer[1].split()) >= 40, f"{page}: no answer, or a very short one"


def test_the_exercise_pages_check_steps_are_answered_by_their_solutions():
    for page in EXERCISE_PAGES:
        text = page_text(page)
        if "Check your understanding" in text:
            assert "{solution}" in text, f"{page}: a check step without a solution for the teachers' edition"


def test_the_answers_quote_the_articles_they_cite():
    import test_reference

    for name in ("answers.md", "classroom-notes.md"):
        text = (TEACHING / name).read_text(encoding="utf-8")
        assert test_reference.cited_quotations(text), f"{name} cites no quotation"
        assert test_reference.misquotations(text) == [], name


def test_the_answers_match_what_the_helpers_give():
    """The answers report the cleaner's rules and the theme keywords: they must stay true."""
    import pandas as pd

    from helpers.compare import quotes_about
    from helpers.corpus import classify_paragraphs, load_articles
    from helpers.quotes import quotes_for

    text = (TEACHING / "answers.md").read_text(encoding="utf-8")
    articles = load_articles().set_index("id")
    rules = classify_paragraphs(articles.at["002_9a7b7ebe49d687a7", "raw"])["rule"].head(6).tolist()
    shown = re.findall(r"^\| [^|]+(?:\\\|[^|]+)* \| (`\w+`|kept)", text, flags=re.M)
    assert [r.strip("`") for r in shown] == [r or "kept" for r in rules]
    quotes = quotes_for(load_articles())
    about = quotes_about(quotes, "security guarantees")
    kuleba = about.loc[about["quote"].str.contains("100% assurances")]
    keywords = set(", ".join(kuleba["keywords"]).split(", "))
    assert keywords == {"security guarantees", "guarantees"}
    assert all(f"**{k}**" in text for k in keywords)
    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str, keep_default_na=False)
    for value in ("a neutral status for Ukraine", "Moscow's jurisdiction over Crimea, and independence"):
        assert claims["value"].str.startswith(value).any(), f"claims.csv no longer has the row “{value}…”"
        assert value in normalised(text)


def _student_build():
    from script_loader import load

    return load("scripts/build_student_book.py")


def test_the_students_toc_leaves_out_the_answers_and_keeps_every_other_page():
    import yaml

    build = _student_build()
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    full = toc_files()
    assert "book/teaching/answers" in build.TEACHERS_ONLY
    assert set(build.TEACHERS_ONLY) <= set(full), "a teachers-only page that the toc does not list"
    student = build.student_toc(toc)
    listed = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            listed.append(entry["file"])
            walk(entry.get("sections", []))

    for part in student["parts"]:
        walk(part["chapters"])
    assert [student["root"], *listed] == [f for f in full if f not in build.TEACHERS_ONLY]
    config = build.student_config(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")))
    assert "book/teaching/answers.*" in config["exclude_patterns"]
    assert config["sphinx"]["config"]["hide_solutions"] is True


def test_no_page_of_the_students_edition_links_to_a_teachers_only_page():
    """A {doc} link to a left-out page would break the students' build (a warning fails it)."""
    build = _student_build()
    for page in toc_files():
        if page in build.TEACHERS_ONLY:
            continue
        base = str(Path(page).parent)
        for target in linked(page_text(page), base):
            assert target not in build.TEACHERS_ONLY, f"{page} links to {target}"


def test_the_edition_check_finds_answers_in_the_students_edition(tmp_path):
    build = _student_build()
    full, student = tmp_path / "full", tmp_path / "student"
    for folder in (full / "book" / "teaching", student / "book" / "teaching"):
        folder.mkdir(parents=True)
    (full / "book" / "teaching" / "answers.html").write_text("answers", encoding="utf-8")
    (student / "index.html").write_text('<a href="book/teachers.html">guide</a>', encoding="utf-8")
    (student / "searchindex.js").write_text('Search.setIndex({"docnames":["book/teachers"]})', "utf-8")
    assert build.edition_problems(full, student) == []
    (student / "book" / "teachers.html").write_text('<a href="teaching/answers.html#q">', encoding="utf-8")
    assert build.edition_problems(full, student) == ["book/teachers.html: links to book/teaching/answers"]
    (student / "book" / "teaching" / "answers.html").write_text("answers", encoding="utf-8")
    (student / "searchindex.js").write_text('{"docnames":["book/teaching/answers"]}', encoding="utf-8")
    assert build.edition_problems(full, student) == [
        "book/teaching/answers: the students' edition includes it",
        "book/teachers.html: links to book/teaching/answers",
        "book/teaching/answers: in the students' search index",
    ]
    (full / "book" / "teaching" / "answers.html").unlink()
    assert build.edition_problems(full, student)[0].startswith("book/teaching/answers: missing from the full")


def test_ci_checks_the_students_edition_for_answers():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    students = run.split("students' edition", 1)[1]
    assert ".venv/bin/python scripts/build_student_book.py --check" in students


def test_the_grades_recipe_runs_on_gradebooks(tmp_path):
    """The pandas recipe in the assessment page, on two exercises' gradebooks, one of them incomplete."""
    import pandas as pd

    from helpers.grade import GRADEBOOK_COLUMNS

    page = (TEACHING / "assessment.md").read_text(encoding="utf-8")
    (recipe,) = fenced(page, "python")
    assert all(f"`{c}`" in page for c in GRADEBOOK_COLUMNS), "the page names the gradebook's columns"
    rows = {
        "quote-marks": [("ada", 16, 16), ("bo", 8, 16)],
        "apostrophe": [("ada", 7, 7)],  # bo handed in nothing
    }
    for exercise, marks in rows.items():
        (tmp_path / "graded" / exercise).mkdir(parents=True)
        pd.DataFrame(
            [
                dict(student=s, exercise=exercise, points=p, max_points=m, status="graded", seconds=1)
                for s, p, m in marks
            ],
            columns=GRADEBOOK_COLUMNS,
        ).to_csv(tmp_path / "graded" / exercise / "gradebook.csv", index=False)
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        scope: dict = {}
        exec(recipe, scope)
    finally:
        os.chdir(here)
    assert scope["exercises"].to_dict() == {"ada": 1.0, "bo": 8 / 23}
