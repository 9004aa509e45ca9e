# ruff: noqa: E501 - long lines here are student answers, kept whole as a student would write them
"""The checks test what an answer does, not how it is written.

For each exercise, plausible wrong answers must lose exactly the points of the
checks that catch them, and other correct ways of writing the answer must earn
full marks. Every submission goes through the real grader
(:func:`helpers.grade.grade`, which runs :func:`helpers.grade.grade_submission`
on each), one batch per exercise, two at a time.
"""

from __future__ import annotations

import copy
import textwrap

import nbformat
import pytest

from helpers import grade
from helpers.grade import cell_role, example_submission, load_key

TIMEOUT = 10  # seconds per cell, as in test_grade.py
FULL = frozenset()  # "no check fails"


def _d(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


# match-quotes: when the key's setup defines NEGATIONS, a run just after a negating word does not
# count (main's rule since "a cut that drops a negation"); answers here follow whichever key is there
NEGATED = (
    "NEGATIONS & set(long[max(0, i - 2):i])"
    if "NEGATIONS" in next(c.source for c in load_key("match-quotes").cells if cell_role(c)[0] == "setup")
    else "False"
)

# exercise -> label -> (answer sources by answer id, ids of the checks that must fail)
VARIANTS: dict[str, dict[str, tuple[dict[str, str], frozenset[str]]]] = {
    "clean-article": {
        "wrong_keeps_repeats": (
            {
                "clean": _d("""
                    def clean_article(raw):
                        lines = [line.strip() for line in raw.splitlines()]
                        return [line for line in lines if line and line.endswith((".", "?", "!", "”", '"'))]
                """)
            },
            frozenset({"sample", "quotes-end", "order"}),
        ),
        "wrong_sorted_set": (
            {
                "clean": _d("""
                    def clean_article(raw):
                        kept = {line.strip() for line in raw.splitlines()}
                        return sorted(line for line in kept if line.endswith((".", "?", "!", "”", '"')))
                """)
            },
            frozenset({"sample", "order"}),  # the hidden straight-quote lines happen to be in sorted order
        ),
        "alt_dict_fromkeys": (
            {
                "clean": _d("""
                    def clean_article(raw):
                        lines = (line.strip() for line in raw.splitlines())
                        return list(dict.fromkeys(line for line in lines if line and line[-1] in '.?!”"'))
                """)
            },
            FULL,
        ),
        "alt_regex_and_seen_set": (
            {
                "clean": _d("""
                    import re

                    def clean_article(raw):
                        seen, kept = set(), []
                        for line in re.split(r"\\r?\\n", raw):
                            line = line.strip()
                            if re.search(r'[.?!”"]$', line) and line not in seen:
                                seen.add(line)
                                kept.append(line)
                        return kept
                """)
            },
            FULL,
        ),
    },
    "quote-marks": {
        "wrong_reopens_inside_a_quote": (
            {
                "find": _d("""
                    def find_quote_marks(text):
                        spans, start = [], None
                        for i, ch in enumerate(text):
                            if ch == "“" or (ch == '"' and start is None):
                                start = i
                            elif start is not None and ch in '”"':
                                spans.append((start, i + 1))
                                start = None
                        return spans
                """)
            },
            frozenset({"nested"}),
        ),
        "wrong_curly_only_regex_and_greedy_strip": (
            {
                "find": _d("""
                    import re

                    def find_quote_marks(text):
                        return [m.span() for m in re.finditer(r"“[^”]*”", text)]
                """),
                "strip": _d("""
                    def strip_marks(quote):
                        return quote.strip('“”" ')
                """),
            },
            frozenset({"straight", "unclosed", "strip-more"}),
        ),
        "alt_regex_and_fullmatch": (
            {
                "find": _d("""
                    import re

                    def find_quote_marks(text):
                        return [m.span() for m in re.finditer(r'[“"][^”"]*[”"]', text)]
                """),
                "strip": _d("""
                    import re

                    def strip_marks(quote):
                        found = re.fullmatch(r'[“"](.*)[”"]', quote, flags=re.DOTALL)
                        return found.group(1).strip() if found else quote
                """),
            },
            FULL,
        ),
    },
    "apostrophe": {
        "wrong_curly_only": (
            {
                "apostrophe": _d("""
                    def is_apostrophe(text, i):
                        if text[i] != "’":
                            return False
                        before = text[i - 1] if i > 0 else ""
                        after = text[i + 1] if i + 1 < len(text) else ""
                        return (before.isalpha() and after.isalpha()) or (after.isdigit() and before in ("", " "))
                """)
            },
            frozenset({"straight"}),
        ),
        "wrong_unguarded_ends": (
            {
                "apostrophe": _d("""
                    def is_apostrophe(text, i):
                        if text[i] not in "’'":
                            return False
                        if text[i - 1].isalpha() and text[i + 1].isalpha():
                            return True
                        return text[i + 1].isdigit() and (i == 0 or text[i - 1] == " ")
                """)
            },
            frozenset({"ends"}),
        ),
        "alt_slices": (
            {
                "apostrophe": _d("""
                    def is_apostrophe(text, i):
                        before, mark, after = text[max(i - 1, 0):i], text[i], text[i + 1:i + 2]
                        if mark not in ("’", "'"):
                            return False
                        return (before.isalpha() and after.isalpha()) or (after.isdigit() and before in ("", " "))
                """)
            },
            FULL,
        ),
        "alt_regex_match_at_position": (
            {
                "apostrophe": _d("""
                    import re

                    APOSTROPHE = re.compile(r"(?<=[^\\W\\d_])[’'](?=[^\\W\\d_])|(?:^|(?<= ))[’'](?=\\d)")

                    def is_apostrophe(text, i):
                        return APOSTROPHE.match(text, i) is not None
                """)
            },
            FULL,
        ),
    },
    "attribute-quote": {
        "wrong_name_then_cue_only": (
            {
                "attribute": _d("""
                    import re

                    def attribute(sentence):
                        found = re.search(r"”,? ([A-Z][\\w-]*(?: [A-Z][\\w-]*)*) (?:said|says|added|told \\w+)", sentence)
                        return found.group(1) if found else None
                """)
            },
            frozenset({"inverted", "before", "hidden-cases"}),
        ),
        "wrong_first_word_of_the_name": (
            {
                "attribute": _d("""
                    import re

                    CUE = r"(?:said|says|added|told \\w+)"

                    def attribute(sentence):
                        opening, closing = sentence.find("“"), sentence.rfind("”")
                        if opening < 0 or closing < opening:
                            return None
                        after, before = sentence[closing + 1:], sentence[:opening]
                        for pattern, text in ((rf"^,? ([A-Z]\\w*) {CUE}\\b", after),
                                              (rf"^,? {CUE} ([A-Z]\\w*)", after),
                                              (rf"([A-Z]\\w*) {CUE}:? $", before)):
                            found = re.search(pattern, text)
                            if found:
                                return found.group(1)
                        return None
                """)
            },
            frozenset({"inverted", "hidden-cases"}),
        ),
        "alt_table_of_compiled_patterns": (
            {
                "attribute": _d("""
                    import re

                    NAME = r"[A-Z][\\w-]*(?: [A-Z][\\w-]*)*"
                    CUE = r"(?:said|says|added|told \\w+)"
                    PATTERNS = [
                        ("after", re.compile(rf"^,? (?P<who>{NAME}) {CUE}\\b")),
                        ("after", re.compile(rf"^,? {CUE} (?P<who>{NAME})")),
                        ("before", re.compile(rf"(?P<who>{NAME}) {CUE}:? $")),
                    ]

                    def attribute(sentence):
                        if "“" not in sentence or "”" not in sentence:
                            return None
                        opening, closing = sentence.index("“"), sentence.rindex("”")
                        if closing < opening:
                            return None
                        parts = {"after": sentence[closing + 1:], "before": sentence[:opening]}
                        for where, pattern in PATTERNS:
                            found = pattern.search(parts[where])
                            if found:
                                return found["who"]
                        return None
                """)
            },
            FULL,
        ),
    },
    "canonical-names": {
        "wrong_keeps_inner_spaces": (
            {
                "canonical": _d("""
                    def canonical(name, variants):
                        lookup = {k.lower(): v for k, v in variants.items()}
                        key = name.strip().lower()
                        if key.startswith("the ") and key[4:] in lookup:
                            key = key[4:]
                        return lookup.get(key, name.strip())
                """)
            },
            frozenset({"case", "unknown", "other-table"}),
        ),
        "wrong_uses_the_global_table": (
            {
                "canonical": _d("""
                    def canonical(name, variants):
                        lookup = {" ".join(k.split()).lower(): v for k, v in VARIANTS.items()}
                        tidy = " ".join(name.split())
                        key = tidy.lower()
                        if key in lookup:
                            return lookup[key]
                        if key.startswith("the ") and key[4:] in lookup:
                            return lookup[key[4:]]
                        return tidy
                """)
            },
            frozenset({"other-table"}),
        ),
        "alt_casefold_regex_removeprefix": (
            {
                "canonical": _d("""
                    import re

                    def _key(text):
                        return re.sub(r"\\s+", " ", text).strip().casefold()

                    def canonical(name, variants):
                        lookup = {_key(spelling): canon for spelling, canon in variants.items()}
                        key = _key(name)
                        for candidate in (key, key.removeprefix("the ")):
                            if candidate in lookup:
                                return lookup[candidate]
                        return re.sub(r"\\s+", " ", name).strip()
                """)
            },
            FULL,
        ),
    },
    "count-by-speaker": {
        "wrong_changes_its_input_in_place": (
            {
                "count": _d("""
                    def count_by_speaker(df):
                        df.dropna(subset=["speaker"], inplace=True)
                        df["words"] = df["quote"].str.split().str.len()
                        kept = df[df["speaker"].str.strip() != ""]
                        return (
                            kept.groupby("speaker", as_index=False)
                            .agg(quotes=("quote", "size"), words=("words", "sum"))
                            .sort_values(["quotes", "speaker"], ascending=[False, True])
                            .reset_index(drop=True)
                        )
                """)
            },
            frozenset({"unchanged"}),
        ),
        "wrong_keeps_empty_speakers": (
            {
                "count": _d("""
                    def count_by_speaker(df):
                        return (
                            df.dropna(subset=["speaker"])
                            .assign(words=lambda d: d["quote"].str.split().str.len())
                            .groupby("speaker", as_index=False)
                            .agg(quotes=("quote", "size"), words=("words", "sum"))
                            .sort_values(["quotes", "speaker"], ascending=[False, True])
                            .reset_index(drop=True)
                        )
                """)
            },
            frozenset({"ties"}),
        ),
        "alt_plain_python_loop": (
            {
                "count": _d("""
                    def count_by_speaker(df):
                        quotes, words = {}, {}
                        for speaker, quote in zip(df["speaker"], df["quote"]):
                            if not isinstance(speaker, str) or not speaker.strip():
                                continue
                            quotes[speaker] = quotes.get(speaker, 0) + 1
                            words[speaker] = words.get(speaker, 0) + len(quote.split())
                        order = sorted(quotes, key=lambda s: (-quotes[s], s))
                        return pd.DataFrame({"speaker": order,
                                             "quotes": [quotes[s] for s in order],
                                             "words": [words[s] for s in order]})
                """)
            },
            FULL,
        ),
        "alt_changes_a_copy": (
            {
                "count": _d("""
                    def count_by_speaker(df):
                        df = df.copy()
                        df = df[df["speaker"].notna() & (df["speaker"].str.strip() != "")].copy()
                        df["words"] = df["quote"].str.split().str.len()
                        out = df.groupby("speaker").agg(quotes=("quote", "count"), words=("words", "sum"))
                        out = out.reset_index()
                        return out.sort_values(["quotes", "speaker"], ascending=[False, True], ignore_index=True)
                """)
            },
            FULL,
        ),
    },
    "match-quotes": {
        "wrong_any_short_run_matches": (
            {
                "same": _d(f"""
                    def words(text):
                        return re.sub(r"[^\\w\\s]|_", " ", text.lower()).split()

                    def same_utterance(a, b):
                        short, long = sorted((words(a), words(b)), key=len)
                        n = len(short)
                        return bool(short) and any(
                            long[i:i + n] == short and not ({NEGATED})
                            for i in range(len(long) - n + 1))
                """)
            },
            frozenset({"short"}),
        ),
        "wrong_equal_words_only": (
            {
                "same": _d("""
                    def same_utterance(a, b):
                        wa = re.sub(r"[^\\w\\s]|_", " ", a.lower()).split()
                        wb = re.sub(r"[^\\w\\s]|_", " ", b.lower()).split()
                        return bool(wa) and wa == wb
                """)
            },
            frozenset({"truncated", "hidden-pairs"}),
        ),
        "alt_findall_and_padded_strings": (
            {
                "same": _d(f"""
                    def same_utterance(a, b):
                        wa, wb = re.findall(r"[^\\W_]+", a.lower()), re.findall(r"[^\\W_]+", b.lower())
                        if not wa or not wb:
                            return False
                        if wa == wb:
                            return True
                        short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
                        if len(short) < 4:
                            return False
                        padded, run = f" {{' '.join(long)}} ", f" {{' '.join(short)}} "
                        start = padded.find(run)
                        while start >= 0:
                            i = padded[:start + 1].count(" ") - 1  # the run starts at word i
                            if not ({NEGATED}):
                                return True
                            start = padded.find(run, start + 1)
                        return False
                """)
            },
            FULL,
        ),
    },
    "accessible-chart": {
        "wrong_no_tooltip_no_axis_titles": (
            {
                "chart": _d("""
                    def make_chart(df):
                        return (
                            alt.Chart(df)
                            .mark_bar()
                            .encode(x="quotes:Q", y="speaker:N")
                            .properties(title="Who is quoted most", description="Quotes per speaker.")
                        )
                """)
            },
            frozenset({"axes", "tooltip"}),
        ),
        "wrong_data_typed_into_the_chart": (
            {
                "chart": _d("""
                    def make_chart(df):
                        table = pd.DataFrame({"speaker": ["Dmytro Kuleba", "Sergei Lavrov", "Mevlut Cavusoglu"],
                                              "quotes": [4, 3, 2]})
                        return (
                            alt.Chart(table)
                            .mark_bar()
                            .encode(x=alt.X("quotes:Q", title="Quotes"), y=alt.Y("speaker:N", title="Speaker"),
                                    tooltip=["speaker", "quotes"])
                            .properties(title="Who is quoted most", description="Quotes per speaker.")
                        )
                """)
            },
            frozenset({"data"}),
        ),
        "alt_axis_titles_and_mark_tooltip": (
            {
                "chart": _d("""
                    def make_chart(df):
                        return (
                            alt.Chart(df)
                            .mark_bar(tooltip=True)
                            .encode(
                                x=alt.X("quotes:Q", axis=alt.Axis(title="Number of quotes")),
                                y=alt.Y("speaker:N", axis=alt.Axis(title="Speaker")),
                            )
                            .properties(title="Who is quoted most", description="Quotes per speaker.")
                        )
                """)
            },
            FULL,
        ),
        "alt_method_syntax_and_inline_values": (
            {
                "chart": _d("""
                    def make_chart(df):
                        return (
                            alt.Chart(alt.Data(values=df.to_dict("records")),
                                      title=alt.Title("Who is quoted most"),
                                      description="Quotes per speaker.")
                            .mark_bar(tooltip={"content": "data"})
                            .encode(
                                y=alt.Y("speaker:N").axis(title="Speaker"),
                                x=alt.X("quotes:Q").title("Number of quotes"),
                            )
                        )
                """)
            },
            FULL,
        ),
        "alt_bars_with_text_labels": (
            {
                "chart": _d("""
                    def make_chart(df):
                        base = alt.Chart(df).encode(
                            x=alt.X("quotes:Q", title="Number of quotes"),
                            y=alt.Y("speaker:N", title="Speaker"),
                            tooltip=["speaker", "quotes"],
                        )
                        labels = base.mark_text(align="left", dx=3).encode(text="quotes:Q")
                        return alt.layer(base.mark_bar(), labels).properties(
                            title="Who is quoted most", description="Quotes per speaker, with the count by each bar."
                        )
                """)
            },
            FULL,
        ),
        "alt_tooltip_objects": (
            {
                "chart": _d("""
                    def make_chart(df):
                        return alt.Chart(df, title="Who is quoted most", description="Quotes per speaker.").mark_bar().encode(
                            alt.X("quotes", type="quantitative", title="Number of quotes"),
                            alt.Y("speaker", type="nominal", title="Speaker"),
                            tooltip=[alt.Tooltip("speaker:N", title="Who"), alt.Tooltip("quotes:Q", title="How many")],
                        )
                """)
            },
            FULL,
        ),
    },
}

CASES = [(name, label) for name, variants in VARIANTS.items() for label in variants]


def _submission(name: str, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The model submission of *name* with some answer cells replaced."""
    nb = copy.deepcopy(example_submission(load_key(name)))
    for cell in nb.cells:
        kind, ident = cell_role(cell)
        if kind == "answer" and ident in answers:
            cell.source = answers[ident]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory):
    """Grade each exercise's variants once, in one batch per exercise, the first time a test asks."""
    cache: dict[str, dict[str, grade.Result]] = {}

    def get(name: str) -> dict[str, grade.Result]:
        if name not in cache:
            folder = tmp_path_factory.mktemp(name)
            paths = []
            for label, (answers, _) in VARIANTS[name].items():
                path = folder / f"{label}.ipynb"
                nbformat.write(_submission(name, answers), path)
                paths.append(path)
            cache[name] = {r.student: r for r in grade.grade(name, paths, jobs=2, timeout=TIMEOUT)}
        return cache[name]

    return get


def test_every_exercise_has_wrong_answers_and_alternative_answers() -> None:
    assert set(VARIANTS) == set(grade.list_exercises())
    for name, variants in VARIANTS.items():
        assert any(fails for _, fails in variants.values()), name
        assert any(not fails for _, fails in variants.values()), name
        ids = {c.id for c in grade.checks(load_key(name))}
        for label, (_, fails) in variants.items():
            assert fails <= ids, (name, label, fails - ids)


@pytest.mark.parametrize(("name", "label"), CASES)
def test_wrong_answers_lose_exactly_the_checks_that_catch_them_and_alternatives_earn_full_marks(
    graded, name: str, label: str
) -> None:
    result = graded(name)[label]
    expected_to_fail = VARIANTS[name][label][1]
    failed = {c.check.id for c in result.checks if c.status != "passed"}
    details = [(c.check.id, c.status, c.detail, c.output[-300:]) for c in result.checks if c.status != "passed"]
    assert result.status == "graded", result.message
    assert failed == expected_to_fail, details
    if expected_to_fail:
        assert result.points < result.max_points
    else:
        assert result.points == result.max_points
